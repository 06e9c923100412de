#include "core/detect/detector.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "core/detect/text_util.h"

namespace breachkit {
namespace {

// When two findings overlap, the one with the stronger validation wins (lower rank).
int Rank(DataCategory c) {
  switch (c) {
    case DataCategory::kIban: return 0;
    case DataCategory::kPaymentCard: return 1;
    case DataCategory::kNir: return 2;
    case DataCategory::kEmail: return 3;
    case DataCategory::kProfileUrl: return 4;
    case DataCategory::kOrganisationId: return 5;
    case DataCategory::kIdentityDocument: return 6;
    case DataCategory::kDateOfBirth: return 7;
    case DataCategory::kIpAddress: return 8;
    case DataCategory::kPhone: return 9;
    case DataCategory::kPostalAddress: return 10;
    default: return 100;  // names and special categories never compete with the others
  }
}

// A near miss competes as its category does, but after every validated finding: it never
// takes the span of one, whatever their categories.
constexpr int kNearMissRank = 50;

int Rank(const Finding& f) {
  const int rank = Rank(f.category);
  return rank < 100 && IsNearMiss(f) ? kNearMissRank + rank : rank;
}

bool IsAttribution(std::string_view folded_line, std::string_view next_folded) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  };
  const std::string_view l = trim(folded_line);
  if (l.starts_with("le ") && (l.ends_with("a ecrit :") || l.ends_with("a ecrit:"))) return true;
  if (l.starts_with("le ") && l.ends_with(" a") && trim(next_folded).starts_with("ecrit"))
    return true;
  if (l.starts_with("on ") && l.ends_with("wrote:")) return true;
  if (l.find("-----original message-----") != std::string_view::npos) return true;
  if (l.find("-----message d'origine-----") != std::string_view::npos) return true;
  if (l.find("---------- forwarded message") != std::string_view::npos) return true;
  if (l.find("-------- message transfere") != std::string_view::npos) return true;
  return false;
}

}  // namespace

std::vector<std::pair<size_t, size_t>> QuotedRanges(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  // Each line: where it starts, and its folded head (at most 160 bytes) in `arena`.
  struct Line {
    size_t start;
    size_t head_begin;
    size_t head_size;
  };
  std::vector<Line> line_list;
  std::string arena;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t end = text.find('\n', line_start);
    if (end == std::string_view::npos) end = text.size();
    // Only lines that can matter are folded: "> …", "Le …", "On …", "De :", "From:",
    // "Envoyé", "Sent:", "Date :" and the "-----" markers.
    size_t lead = line_start;
    while (lead < end && text[lead] == ' ') ++lead;
    const char first = lead < end ? text[lead] : ' ';
    const bool maybe = first == '>' || first == '-' || first == 'L' || first == 'l' ||
                       first == 'O' || first == 'o' || first == 'D' || first == 'd' ||
                       first == 'F' || first == 'f' || first == 'E' || first == 'e' ||
                       first == 'S' || first == 's';
    const size_t head_begin = arena.size();
    if (maybe) FoldAppend(text.substr(line_start, std::min<size_t>(end - line_start, 160)), &arena);
    line_list.push_back({line_start, head_begin, arena.size() - head_begin});
    line_start = end + 1;
  }
  std::vector<std::pair<size_t, std::string_view>> lines;  // start, folded head
  lines.reserve(line_list.size());
  for (const Line& l : line_list) {
    lines.emplace_back(l.start, std::string_view(arena).substr(l.head_begin, l.head_size));
  }
  auto line_end = [&](size_t k) { return k + 1 < lines.size() ? lines[k + 1].first : text.size(); };
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string_view f = lines[k].second;
    const std::string_view next = k + 1 < lines.size() ? lines[k + 1].second : std::string_view();
    // Outlook: "De : X" then, within three lines, "Envoyé : …" / "From: X" then "Sent: …".
    bool outlook = false;
    if (f.starts_with("de :") || f.starts_with("de:") || f.starts_with("from:")) {
      for (size_t j = k + 1; j < lines.size() && j <= k + 3; ++j) {
        const std::string_view g = lines[j].second;
        outlook = outlook || g.starts_with("envoye :") || g.starts_with("envoye:") ||
                  g.starts_with("sent:") || g.starts_with("date :");
      }
    }
    if (outlook || IsAttribution(f, next)) {
      out.emplace_back(lines[k].first, text.size());
      return out;
    }
    size_t lead = 0;
    while (lead < f.size() && f[lead] == ' ') ++lead;
    if (lead < f.size() && f[lead] == '>') {
      if (!out.empty() && out.back().second == lines[k].first) {
        out.back().second = line_end(k);
      } else {
        out.emplace_back(lines[k].first, line_end(k));
      }
    }
  }
  return out;
}

std::vector<Finding> ResolveOverlaps(std::vector<Finding> all, const std::atomic<bool>* stop) {
  auto stopped = [&] { return stop && stop->load(std::memory_order_relaxed); };
  std::stable_sort(all.begin(), all.end(),
                   [](const Finding& a, const Finding& b) { return Rank(a) < Rank(b); });
  if (stopped()) return {};
  // The competing findings kept so far never overlap each other (no span is empty): by start,
  // in a map, a new one overlaps one of them only if it overlaps its neighbour on either side.
  std::map<size_t, size_t> taken;  // begin → end
  auto overlaps_taken = [&](const Finding& f) {
    auto it = taken.lower_bound(f.begin);
    if (it != taken.end() && it->first < f.end) return true;
    return it != taken.begin() && std::prev(it)->second > f.begin;
  };
  std::vector<Finding> kept;
  kept.reserve(all.size());
  for (Finding& f : all) {
    if (kept.size() % 65536 == 0 && stopped()) return {};
    const bool competes = Rank(f) < 100;
    if (competes) {
      if (overlaps_taken(f)) continue;
      taken.emplace(f.begin, f.end);
    }
    kept.push_back(std::move(f));
  }
  std::sort(kept.begin(), kept.end(), [](const Finding& a, const Finding& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return kept;
}

std::vector<Finding> DetectAll(std::string_view text, const std::atomic<bool>* stop,
                               std::string_view writer_domain, std::string_view home_region) {
  auto stopped = [&] { return stop && stop->load(std::memory_order_relaxed); };
  std::vector<Finding> all;
  // One detector after the other, each a pass over the text: a stop request is seen between
  // two of them.
  using Detector = void (*)(std::string_view, std::vector<Finding>*);
  for (Detector d : {&DetectIbans, &DetectPaymentCards, &DetectNirs, &DetectForeignSocialNumbers,
                     &DetectEmails, &DetectProfileUrls, &DetectOrganisationIds,
                     &DetectIdentityDocuments, &DetectDatesOfBirth, &DetectIpAddresses}) {
    if (stopped()) return {};
    d(text, &all);
  }
  {
    if (stopped()) return {};
    std::vector<Finding> phones;
    // A near miss covers nothing: a phone number in its span is still read, and wins.
    if (std::any_of(all.begin(), all.end(), [](const Finding& f) { return IsNearMiss(f); })) {
      std::vector<Finding> validated;
      std::copy_if(all.begin(), all.end(), std::back_inserter(validated),
                   [](const Finding& f) { return !IsNearMiss(f); });
      DetectPhonesOutside(text, validated, &phones, stop, writer_domain, home_region);
    } else {
      DetectPhonesOutside(text, all, &phones, stop, writer_domain, home_region);
    }
    all.insert(all.end(), std::make_move_iterator(phones.begin()),
               std::make_move_iterator(phones.end()));
  }
  for (Detector d : {&DetectPostalAddresses, &DetectSpecialCategories, &DetectPersonNames}) {
    if (stopped()) return {};
    d(text, &all);
  }
  if (stopped()) return {};
  std::vector<Finding> kept = ResolveOverlaps(std::move(all), stop);
  if (stopped()) return {};
  // Quoted ranges are sorted and disjoint, findings sorted by start: one sweep.
  const auto quoted = QuotedRanges(text);
  size_t q = 0;
  for (Finding& f : kept) {
    while (q < quoted.size() && quoted[q].second <= f.begin) ++q;
    if (q < quoted.size() && f.begin >= quoted[q].first) f.quoted = true;
  }
  return kept;
}

}  // namespace breachkit
