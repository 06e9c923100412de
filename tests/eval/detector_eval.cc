// breachkit_eval: precision and recall of the detectors, per category, on a labelled set
// (tests/eval/make_eval_set.py). A finding is a true positive when it overlaps a label of
// its category not matched yet; every other finding is a false positive; every label left
// is a false negative. A near miss (validation "near-miss:…", core/detect/finding.h) is no
// detection, as in the record's figures: it is counted apart (NM) and matches no label.
//
// usage: breachkit_eval SET.jsonl [--check] [--bench MB]
//        breachkit_eval --bench-file TEXT
//   --check     exit 1 unless every category reaches precision >= 0.98 and recall >= 0.95
//   --bench MB  also time DetectAll over MB megabytes of the set's texts, repeated, on one
//               core, and print MB/s (a worst case: the set is dense with personal data)
//   --bench-file TEXT  time DetectAll over a text file of bodies separated by "\f" lines
//               (tests/bench/make_mail_text.py), one body at a time, as ingestion does
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/detect/detector.h"

namespace {

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  int near_misses = 0;  // shown for review, counted as no detection
};

}  // namespace

int BenchFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string_view> bodies;
  std::string_view rest = all;
  for (size_t cut; (cut = rest.find("\f\n")) != std::string_view::npos;) {
    bodies.push_back(rest.substr(0, cut));
    rest.remove_prefix(cut + 2);
  }
  if (!rest.empty()) bodies.push_back(rest);
  using Fn = void (*)(std::string_view, std::vector<breachkit::Finding>*);
  // Two a line: the table of every detector, in the order ingestion calls them.
  // clang-format off
  const std::pair<const char*, Fn> detectors[] = {
      {"email", breachkit::DetectEmails},                {"phone", breachkit::DetectPhones},
      {"postal_address", breachkit::DetectPostalAddresses},
      {"profile_url", breachkit::DetectProfileUrls},     {"iban", breachkit::DetectIbans},
      {"payment_card", breachkit::DetectPaymentCards},   {"nir", breachkit::DetectNirs},
      {"nino_ppsn", breachkit::DetectForeignSocialNumbers},
      {"organisation_id", breachkit::DetectOrganisationIds},
      {"identity_document", breachkit::DetectIdentityDocuments},
      {"date_of_birth", breachkit::DetectDatesOfBirth},  {"ip_address", breachkit::DetectIpAddresses},
      {"special", breachkit::DetectSpecialCategories},   {"person_name", breachkit::DetectPersonNames},
      {"quoted_ranges", [](std::string_view t, std::vector<breachkit::Finding>*) {
         (void)breachkit::QuotedRanges(t);
       }}};
  // clang-format on
  if (std::getenv("BENCH_EACH")) {
    for (const auto& [name, fn] : detectors) {
      std::vector<breachkit::Finding> sink;
      const auto t0 = std::chrono::steady_clock::now();
      for (std::string_view b : bodies) {
        sink.clear();
        fn(b, &sink);
      }
      const double sec =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print("  {:<18} {:7.2f} s  {:8.1f} MB/s\n", name, sec, all.size() / 1e6 / sec);
    }
  }
  size_t findings = 0;
  std::vector<std::vector<breachkit::Finding>> found;
  found.reserve(bodies.size());
  const auto start = std::chrono::steady_clock::now();
  for (std::string_view b : bodies) {
    found.push_back(breachkit::DetectAll(b));
    findings += found.back().size();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // A digest of every finding (body, category, span, value, validation, quoted), outside the
  // timing: a speed change must leave it as it was.
  uint64_t digest = 1469598103934665603ull;
  auto mix = [&](std::string_view v) {
    for (unsigned char c : v) digest = (digest ^ c) * 1099511628211ull;
    digest = (digest ^ 0xff) * 1099511628211ull;
  };
  for (size_t i = 0; i < found.size(); ++i) {
    for (const breachkit::Finding& f : found[i]) {
      mix(fmt::format("{} {} {} {} {}", i, breachkit::InfoOf(f.category).name, f.begin, f.end,
                      f.quoted ? 1 : 0));
      mix(f.value);
      mix(f.validation);
      mix(f.detector);
    }
  }
  fmt::print(
      "benchmark: {} bodies, {:.1f} MB in {:.2f} s on one core: {:.1f} MB/s ({} findings, "
      "digest {:016x})\n",
      bodies.size(), all.size() / 1e6, s, all.size() / 1e6 / s, findings, digest);
  return 0;
}

int main(int argc, char** argv) {
  using breachkit::DataCategory;
  if (argc == 3 && std::string(argv[1]) == "--bench-file") return BenchFile(argv[2]);
  if (argc < 2) {
    std::fprintf(stderr, "usage: breachkit_eval SET.jsonl [--check] [--bench MB]\n");
    return 2;
  }
  bool check = false;
  double bench_mb = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") check = true;
    if (a == "--bench" && i + 1 < argc) bench_mb = std::stod(argv[++i]);
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", argv[1]);
    return 2;
  }
  std::map<std::string, Counts> counts;
  std::vector<std::string> texts;
  int docs = 0;
  for (std::string line; std::getline(in, line);) {
    const auto doc = nlohmann::json::parse(line);
    const std::string text = doc["text"];
    texts.push_back(text);
    ++docs;
    struct Label {
      std::string category;
      size_t start, end;
      bool matched = false;
    };
    std::vector<Label> labels;
    for (const auto& l : doc["labels"]) labels.push_back({l["category"], l["start"], l["end"]});
    for (const auto& f : breachkit::DetectAll(text)) {
      const std::string category(breachkit::InfoOf(f.category).name);
      if (breachkit::IsNearMiss(f)) {
        counts[category].near_misses++;
        if (std::getenv("EVAL_VERBOSE")) {
          fmt::print(stderr, "NM {} ({}): «{}»\n", category, f.validation,
                     text.substr(f.begin, f.end - f.begin));
        }
        continue;
      }
      bool hit = false;
      for (Label& l : labels) {
        if (!l.matched && l.category == category && f.begin < l.end && l.start < f.end) {
          l.matched = hit = true;
          break;
        }
      }
      (hit ? counts[category].tp : counts[category].fp)++;
      if (!hit && std::getenv("EVAL_VERBOSE")) {
        fmt::print(stderr, "FP {}: «{}» in «{}»\n", category, text.substr(f.begin, f.end - f.begin),
                   text);
      }
    }
    for (const Label& l : labels) {
      if (!l.matched) {
        counts[l.category].fn++;
        if (std::getenv("EVAL_VERBOSE")) {
          fmt::print(stderr, "FN {}: «{}» in «{}»\n", l.category,
                     text.substr(l.start, l.end - l.start), text);
        }
      }
    }
  }
  fmt::print("detector evaluation on {} ({} texts)\n", argv[1], docs);
  fmt::print("{:<20} {:>6} {:>6} {:>6} {:>10} {:>8} {:>6}\n", "category", "TP", "FP", "FN",
             "precision", "recall", "NM");
  bool ok = true;
  int passed = 0, failed = 0;
  for (const auto& [category, c] : counts) {
    const double precision = c.tp + c.fp ? double(c.tp) / (c.tp + c.fp) : 1.0;
    const double recall = c.tp + c.fn ? double(c.tp) / (c.tp + c.fn) : 1.0;
    const bool good = precision >= 0.98 && recall >= 0.95;
    ok = ok && good;
    (good ? passed : failed)++;
    fmt::print("{:<20} {:>6} {:>6} {:>6} {:>10.3f} {:>8.3f} {:>6}{}\n", category, c.tp, c.fp, c.fn,
               precision, recall, c.near_misses, good ? "" : "  below target");
  }
  if (bench_mb > 0) {
    std::string all;
    for (const auto& t : texts) all += t + "\n\n";
    const size_t target = static_cast<size_t>(bench_mb * 1e6);
    size_t done = 0, findings = 0;
    const auto start = std::chrono::steady_clock::now();
    // One text at a time, as ingestion calls it (per part, never concatenated).
    while (done < target) {
      for (const auto& t : texts) {
        findings += breachkit::DetectAll(t).size();
        done += t.size();
        if (done >= target) break;
      }
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("benchmark: {:.1f} MB in {:.2f} s on one core: {:.1f} MB/s ({} findings)\n",
               done / 1e6, s, done / 1e6 / s, findings);
  }
  if (check) fmt::print("{} passed, {} failed\n", passed, failed);
  return check && !ok ? 1 : 0;
}
