// breachkit run LEAK... -o DIR [--org FILE] [--add-to-record]: the main job with defaults.
// The record goes to DIR/incident.db (or --db), every output into DIR (mode 0700). A record
// there that holds another leak is another incident: refused, unless --add-to-record.
// Ctrl-C stops ingest or the letters cleanly (exit 3); the same command finishes the job.
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/model/incident_texts.h"
#include "core/model/proposals.h"
#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"
#include "tools/commands.h"
#include "tools/recorded_output.h"

namespace breachkit {
namespace {

// Whether the source `path` (as the record lists it) is one of `inputs`, or inside one of them.
bool AmongInputs(const std::string& path, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const std::string source =
      path == "-" ? path : std::filesystem::weakly_canonical(path, ec).string();
  for (const std::string& in : inputs) {
    const std::string input = in == "-" ? in : std::filesystem::weakly_canonical(in, ec).string();
    if (source == input || (input != "-" && source.starts_with(input + "/"))) return true;
  }
  return false;
}

// A record already at `db` that holds a leak this run was not given: another incident, which
// the run would otherwise merge into with no word. Refused unless --add-to-record.
Status CheckSameIncident(const Options& options, const std::string& db) {
  if (options.run.add_to_record || !std::filesystem::exists(db)) return Ok();
  auto store = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
  // A record of another schema version is opened as the writing commands open it: an older
  // one is upgraded (`run` writes anyway), a newer one refused with its own message.
  if (!store && store.error().code == ErrorCode::kDatabase)
    store = IncidentStore::Open(db, {.mode = StoreMode::kReadWrite});
  if (!store) return std::unexpected(store.error());
  auto sources = (*store)->Sources();
  if (!sources) return std::unexpected(sources.error());
  std::vector<std::string> others;
  for (const SourceInfo& s : *sources) {
    if (!AmongInputs(s.path, options.run.inputs)) others.push_back(s.path);
  }
  if (others.empty()) return Ok();
  return Fail(ErrorCode::kUsage,
              "{} already holds an incident with {} source{} this run was not given (first: {}): "
              "give each incident a folder of its own, or add --add-to-record to add this leak to "
              "that incident; nothing was written",
              db, others.size(), others.size() == 1 ? "" : "s", others.front());
}

// tools/mimalloc_hooks.cc, when the binary is linked with mimalloc (tools/CMakeLists.txt):
// absent otherwise.
extern "C" void BreachkitCollectFreedMemory() __attribute__((weak));

// Gives the memory the command that ended freed back to the system before the next one
// starts (RunStage). Each command opens the record and computes what it needs anew; what the
// allocator keeps of one should not add to the next one's peak.
void ReleaseFreedMemory() {
  if (BreachkitCollectFreedMemory != nullptr) {
    BreachkitCollectFreedMemory();
  } else {
    ::malloc_trim(0);
  }
}

// The resident memory of the process now, in MiB (/proc/self/statm's second field, in
// pages); 0 where it cannot be read.
double ResidentMib() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long resident = 0;  // in pages, after the total size
  const int read = std::fscanf(f, "%*s %llu", &resident);
  std::fclose(f);
  if (read != 1) return 0;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / 1048576.0;
}

// The time each stage took, the process's peak memory when it ended, and the memory it still
// held once the stage's freed memory was given back (what the next stage starts from),
// printed on stderr at the end (stdout stays the same from run to run): where a large leak's
// time and memory go.
class StageClock {
 public:
  void Start(std::string_view name) {
    Stop();
    name_ = name;
    start_ = std::chrono::steady_clock::now();
  }
  void Stop() {
    if (name_.empty()) return;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::string name = std::exchange(name_, {});  // RunStage gave back what it freed
    stages_.push_back({std::move(name), took.count(), usage.ru_maxrss / 1024.0, ResidentMib()});
  }
  void Print(std::FILE* err) {
    Stop();
    double total = 0;
    fmt::print(err,
               "time per stage (peak memory of the run when it ended; memory held after it, "
               "once what it freed was given back):\n");
    for (const Stage& s : stages_) {
      fmt::print(err, "  {:<10} {:>8.1f} s {:>7.0f} MB peak {:>7.0f} MB after\n", s.name, s.seconds,
                 s.peak_mb, s.held_mb);
      total += s.seconds;
    }
    fmt::print(err, "  {:<10} {:>8.1f} s\n", "total", total);
  }

 private:
  struct Stage {
    std::string name;
    double seconds;
    double peak_mb;  // ru_maxrss is in KiB
    double held_mb;
  };
  std::string name_;
  std::chrono::steady_clock::time_point start_;
  std::vector<Stage> stages_;
};

// Runs one stage's command on a thread of its own, which ends with the command, then gives
// back what it freed: what the allocator keeps for a thread (mimalloc's freed pages under its
// decommit delay, which a collection does not give back while their thread lives) goes with
// it, instead of staying resident into the next command's peak (the exports' stage runs three
// commands); so do the thread's Pango font map and layouts when the command drew PDFs. An
// exception is carried over to the caller, as if the command had run here. The thread starts
// with this one's signal mask: `run` is itself a command, so Ctrl-C is already let through.
Result<Outcome> RunStage(const Options& step, const Io& io) {
  std::optional<Result<Outcome>> result;
  std::exception_ptr thrown;
  std::thread([&] {
    try {
      result.emplace(RunCommand(step, io));
    } catch (...) {
      thrown = std::current_exception();
    }
  }).join();
  ReleaseFreedMemory();
  if (thrown) std::rethrow_exception(thrown);
  return *std::move(result);
}

}  // namespace

Result<Outcome> Options::Run::Execute(const Options& options, const Io& io) {
  Options step = options;
  if (!options.run.db_given) step.db_path = options.run.out_dir + "/incident.db";
  if (auto st = CheckSameIncident(options, step.db_path); !st) return std::unexpected(st.error());
  if (auto st = MakePrivateFolder(options.run.out_dir); !st) return std::unexpected(st.error());

  StageClock clock;
  clock.Start("init");
  fmt::print(io.out, "== init\n");
  step.command = "init";
  step.init.org_path = options.run.org_path;
  auto init = RunStage(step, io);
  if (!init) return init;

  clock.Start("ingest");
  fmt::print(io.out, "== ingest\n");
  step.command = "ingest";
  step.ingest.inputs = options.run.inputs;
  step.ingest.json = false;
  auto ingest = RunStage(step, io);
  DisarmIngestInterrupt();
  if (!ingest) return ingest;

  clock.Start("assess");
  fmt::print(io.out, "\n== assess\n");
  step.command = "assess";
  step.assess = {};
  step.assess.awareness = options.run.awareness;
  if (auto assess = RunStage(step, io); !assess) return assess;

  // Texts the letters need: the proposals for this kind of incident where the DPO wrote none.
  bool notified = false;  // the initial notification is recorded as made
  {
    auto store = IncidentStore::Open(step.db_path, {.mode = StoreMode::kReadWrite});
    if (!store) return std::unexpected(store.error());
    auto info = (*store)->LoadIncident();
    if (!info) return std::unexpected(info.error());
    // In French and in English, each marked as a proposal until the DPO writes their own or
    // confirms it (set --confirm): the letters are drafts until then.
    notified = info->notified_at.has_value();
    // A payroll sent to a wrong address is not a recruitment mail with the addresses shown:
    // what the evidence shows decides which texts are proposed (read only when a text is
    // empty; proposals made for an earlier shape were made again by the ingest stage).
    std::optional<IncidentShape> shape;
    std::vector<std::string> filled;
    for (std::string_view field : kTextsPerLanguage) {
      for (std::string_view lang : kTextLanguages) {
        std::string* text = TextIn(&*info, field, lang);
        if (!text->empty()) continue;
        if (!shape) {
          auto exposure = LoadExposureReport(**store);
          if (!exposure) return std::unexpected(exposure.error());
          shape = ShapeOf(*exposure, *info);
        }
        *text = ProposedText(field, lang, *shape);
        MarkProposed(&*info, field, lang, true);
        filled.push_back(fmt::format("{} ({})", field, lang));
      }
    }
    if (!filled.empty()) {
      if (auto st = (*store)->SaveIncident(*info); !st) return std::unexpected(st.error());
      std::string list;
      for (const auto& f : filled) list += (list.empty() ? "" : ", ") + f;
      if (auto st = (*store)->AppendAudit("set", "proposed texts: " + list); !st)
        return std::unexpected(st.error());
      fmt::print(io.out,
                 "\nproposed texts used for: {}; the letters are drafts until you review them "
                 "(breachkit --db {} set) and confirm them (set --confirm FIELD) or write your "
                 "own (set FIELD \"…\")\n",
                 list, step.db_path);
    }
  }

  // A document that cannot be written yet (the record lacks what it needs) is something left
  // to do: the run goes on with the others, and ends with exit 3 (partial success), naming it.
  std::vector<std::string> not_written;
  auto run_document = [&](const Options& document) -> Status {
    auto written = RunStage(document, io);
    if (!written && written.error().code != ErrorCode::kInvalidInput) {
      return std::unexpected(written.error());
    }
    if (!written) {
      fmt::print(io.out, "not written yet: {}\n", written.error().message);
      not_written.emplace_back(document.command);
    }
    return Ok();
  };

  // Once the initial notification is made, its draft stays as it was sent: a run on new
  // evidence writes the complementary one, which says what changed.
  clock.Start("cnil");
  fmt::print(io.out, "\n== CNIL {}notification draft\n", notified ? "complementary " : "");
  step.command = "cnil";
  step.cnil = {.output = options.run.out_dir +
                         (notified ? "/cnil-complementary.pdf" : "/cnil-notification.pdf"),
               .complementary = notified};
  if (auto st = run_document(step); !st) return std::unexpected(st.error());

  clock.Start("letters");
  fmt::print(io.out, "\n== letters to the persons\n");
  step.command = "letters";
  step.letters = {};
  step.letters.out_dir = options.run.out_dir + "/letters";
  step.letters.merged = options.run.out_dir + "/letters-all.pdf";
  const Status letters = run_document(step);  // catches Ctrl-C while it runs
  const bool interrupted = InterruptRequested();
  DisarmIngestInterrupt();
  if (!letters) return std::unexpected(letters.error());
  if (interrupted) return Outcome::kPartial;  // letters said so; the same run finishes

  clock.Start("report");
  fmt::print(io.out, "\n== register entry\n");
  step.command = "report";
  step.report = {.output = options.run.out_dir + "/register.pdf"};
  if (auto st = run_document(step); !st) return std::unexpected(st.error());

  clock.Start("export");
  fmt::print(io.out, "\n== exports\n");
  for (const char* format : {"json", "xml"}) {
    step.command = "export";
    step.exporter = {format, options.run.out_dir + "/record." + format};
    if (auto exported = RunStage(step, io); !exported) return exported;
  }
  step.exporter = {"csv", options.run.out_dir + "/csv"};
  if (auto exported = RunStage(step, io); !exported) return exported;

  clock.Start("summary");
  fmt::print(io.out, "\n== summary\n");
  step.command = "summary";
  step.summary.json = false;
  if (auto summary = RunStage(step, io); !summary) return summary;

  {
    auto store = IncidentStore::Open(step.db_path, {.mode = StoreMode::kReadOnly});
    if (!store) return std::unexpected(store.error());
    auto v = (*store)->VerifyAudit();
    if (!v) return std::unexpected(v.error());
    fmt::print(io.out,
               "audit log head: entry {}, {}\n  keep it outside the record: `breachkit --db {} "
               "audit verify --head {}` says whether the log still reaches it\n",
               v->entries, v->head_hash, step.db_path, v->head_hash);
  }
  clock.Print(io.err);
  fmt::print(io.out,
             "== done\n"
             "The record is {}. Next:\n"
             "  breachkit --db {} subjects --csv > affected.csv   one row per affected person\n"
             "  breachkit --db {} findings                         what was detected, masked\n"
             "  breachkit --db {} event add awareness --at TIME    starts the notification clock\n"
             "Everything is in {}.\n",
             step.db_path, step.db_path, step.db_path, step.db_path, options.run.out_dir);
  if (!not_written.empty()) {
    fmt::print(io.err,
               "breachkit: not written yet: {} (what each needs is said above); exit 3, a "
               "partial success\n",
               fmt::join(not_written, ", "));
    return Outcome::kPartial;
  }
  return *ingest;
}

}  // namespace breachkit
