// breachkit ingest PATH... [--json]: read leaked mail into the record.
// Progress on stderr when it is a terminal; one summary line (or JSON) on stdout.
// Ctrl-C stops between two messages, leaving the record consistent.
#include <chrono>
#include <csignal>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/ingest/ingest.h"
#include "core/mail/mime_parser.h"
#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"
#include "tools/commands.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

std::atomic<bool> g_stop{false};

// First Ctrl-C (or TERM): stop cleanly between two messages. A second one kills at once.
extern "C" void OnInterrupt(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

// The counts of a run, under their names in `ingest --json`.
constexpr std::pair<const char*, int64_t IngestCounts::*> kCountNames[] = {
    {"messages", &IngestCounts::messages},
    {"nested_messages", &IngestCounts::nested},
    {"unparsed_messages", &IngestCounts::unparsed},
    {"duplicate_messages", &IngestCounts::duplicates},
    {"addresses", &IngestCounts::addresses},
    {"address_defects", &IngestCounts::address_defects},
    {"defects", &IngestCounts::defects},
    {"attachments_not_read", &IngestCounts::attachments_not_read},
    {"findings", &IngestCounts::findings},
};

std::string Megabytes(uint64_t bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

std::string Duration(double seconds) {
  const int s = static_cast<int>(seconds + 0.5);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

void PrintProgress(std::FILE* err, const IngestProgress& p) {
  const double rate = p.seconds > 0 ? p.bytes_done / p.seconds : 0;
  std::string eta;
  if (p.bytes_total > p.bytes_done && rate > 0) {
    eta = "  ETA " + Duration((p.bytes_total - p.bytes_done) / rate);
  }
  fmt::print(err, "\r\033[K{} messages  {} / {}  {:.1f} MB/s{}", p.messages,
             Megabytes(p.bytes_done), Megabytes(p.bytes_total), rate / 1e6, eta);
  std::fflush(err);
}

}  // namespace

void ArmIngestInterrupt() {
  g_stop.store(false);
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
}

void DisarmIngestInterrupt() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool InterruptRequested() { return g_stop.load(); }

Result<Outcome> Options::Ingest::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  IngestOptions ingest;
  ingest.stop = &g_stop;
  ingest.threads = options.ingest.threads;
  if (io.err_is_terminal) {
    ingest.on_progress = [&](const IngestProgress& p) { PrintProgress(io.progress, p); };
  }
  // Ctrl-C is caught from before the record is opened (ArmIngestInterrupt, called by
  // RunCommand) to the end of the process: a Ctrl-C after the last message, while the
  // evidence dates are computed or the record is closed, must not kill it half-way either
  // (`run` disarms it when its ingest step is over).
  auto report = breachkit::Ingest(store, options.ingest.inputs, ingest);
  if (io.err_is_terminal) fmt::print(io.progress, "\r\033[K");
  if (!report) return std::unexpected(report.error());

  // The evidence's own times go on the timeline: first and last exposure.
  // Its time counts in the reported speed: it is part of what the user waits for. Done on
  // every run, not only when a source is new: a run killed after its last source but before
  // this step would otherwise leave the timeline without them for good.
  {
    const auto started = std::chrono::steady_clock::now();
    if (auto st = RecordEvidenceDates(store); !st) return std::unexpected(st.error());
    report->seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  for (const IngestWriter::Replaced& r : report->replaced) {
    fmt::print(io.err,
               "replaced: {}: its ingestion was interrupted and the file has changed since "
               "(sha256 {} then, {} now); what was read of it before is removed and the file "
               "read again\n",
               r.path, r.old_sha256, r.new_sha256);
    if (auto st =
            store.AppendAudit("ingest.replace", fmt::format("{} unfinished sha256={} "
                                                            "replaced by sha256={}",
                                                            r.path, r.old_sha256, r.new_sha256));
        !st)
      return std::unexpected(st.error());
  }
  for (const SkippedFile& s : report->skipped) {
    fmt::print(io.err, "skipped {}: {}\n", s.path, s.reason);
  }
  for (const std::string& p : report->problems) fmt::print(io.err, "problem: {}\n", p);
  // Each message not read, by file and place (`messages` lists them all, with the rest).
  constexpr size_t kUnparsedShown = 20;
  for (size_t k = 0; k < report->unparsed.size() && k < kUnparsedShown; ++k) {
    fmt::print(io.err, "unparsed: {}\n", report->unparsed[k]);
  }
  if (static_cast<size_t>(report->counts.unparsed) > kUnparsedShown) {
    fmt::print(io.err, "unparsed: … and {} more (`breachkit --db {} messages` lists them)\n",
               static_cast<size_t>(report->counts.unparsed) - kUnparsedShown, store.path());
  }
  // What was not read is recorded, not only told: the audit log names each file and why
  // (`summary` counts them, `audit` lists them), so that the documents can say it too.
  for (const SkippedFile& s : report->skipped) {
    if (auto st = store.AppendAudit(kAuditSkipped, fmt::format("{}: {}", s.path, s.reason)); !st)
      return std::unexpected(st.error());
  }
  for (const std::string& p : report->problems) {
    if (auto st = store.AppendAudit(kAuditProblem, p); !st) return std::unexpected(st.error());
  }
  if (!options.ingest.json) {
    for (const ContainerTally& t : report->containers) {
      fmt::print(io.err, "{}: {} folders; items declared {}, walked {}: {} read, {} not read\n",
                 t.path, t.folders, t.declared, t.items, t.items - t.unread, t.unread);
    }
    if (const VaultTally& v = report->vault; v.any()) {
      fmt::print(io.err,
                 "Vault export: {} metadata file{}, {} documents: {} matched to a message read "
                 "now, {} to one already in the record, {} not found, {} without Message-ID; "
                 "{} recipients recorded by Google and absent from the headers, added\n",
                 v.metadata.size(), v.metadata.size() == 1 ? "" : "s", v.documents, v.matched,
                 v.in_record, v.not_found, v.without_message_id, v.recipients_added);
      if (!v.results_count_files.empty()) {
        fmt::print(io.err,
                   "Vault export: messages counted per account: {} account{}, {} differing "
                   "from the metadata\n",
                   v.accounts_counted, v.accounts_counted == 1 ? "" : "s", v.accounts_differing);
      }
      if (!v.checksum_files.empty()) {
        fmt::print(io.err, "Vault export: checksums of {} file{}: {} verified, {} failed\n",
                   v.checksums_verified + v.checksums_failed,
                   v.checksums_verified + v.checksums_failed == 1 ? "" : "s", v.checksums_verified,
                   v.checksums_failed);
      }
    }
  }
  if (!options.quiet && !PlainAddressReaderInUse()) {
    fmt::print(io.err,
               "note: GMime read every address header (breachkit's faster reader did not pass "
               "its start-up check on this GMime): the record is the same, ingestion slower\n");
  }
  if (report->interrupted) {
    fmt::print(io.err,
               "interrupted: what was read is recorded; run the same command again to finish\n");
  }
  // Texts a `run` proposed for the leak as it was are made again for what the record shows
  // now (a payroll added to a storm): the letters and the register print them.
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  if (!info->proposed.empty()) {
    auto exposure = LoadExposureReport(store);
    if (!exposure) return std::unexpected(exposure.error());
    const std::vector<std::string> refreshed = RefreshProposals(&*info, ShapeOf(*exposure, *info));
    if (!refreshed.empty()) {
      std::string list;
      for (const std::string& r : refreshed) list += (list.empty() ? "" : ", ") + r;
      if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
      if (auto st = store.AppendAudit("set", "proposed texts made again: " + list); !st)
        return std::unexpected(st.error());
      fmt::print(io.err,
                 "note: the leak's shape changed with this ingestion: breachkit's proposals for "
                 "{} are made again for it (still to review: breachkit set)\n",
                 list);
    }
  }
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  const IngestCounts& c = report->counts;
  const double rate = report->seconds > 0 ? report->bytes / report->seconds / 1e6 : 0;
  if (options.ingest.json) {
    nlohmann::json containers = nlohmann::json::array();
    for (const ContainerTally& t : report->containers) {
      containers.push_back({{"path", t.path},
                            {"folders", t.folders},
                            {"declared", t.declared},
                            {"items", t.items},
                            {"not_read", t.unread}});
    }
    nlohmann::json j = {
        {"sources_new", report->sources_new},
        {"sources_already_ingested", report->sources_already},
        {"bytes", report->bytes},
        {"skipped_files", report->skipped.size()},
        {"problems", report->problems},
        {"containers", containers},
        {"vault", report->vault.any()
                      ? nlohmann::json{{"metadata_files", report->vault.metadata},
                                       {"documents", report->vault.documents},
                                       {"matched", report->vault.matched},
                                       {"in_record", report->vault.in_record},
                                       {"not_found", report->vault.not_found},
                                       {"without_message_id", report->vault.without_message_id},
                                       {"recipients_added", report->vault.recipients_added},
                                       {"checksum_files", report->vault.checksum_files},
                                       {"checksums_verified", report->vault.checksums_verified},
                                       {"checksums_failed", report->vault.checksums_failed},
                                       {"results_count_files", report->vault.results_count_files},
                                       {"accounts_counted", report->vault.accounts_counted},
                                       {"accounts_differing", report->vault.accounts_differing}}
                      : nlohmann::json(nullptr)},
        {"interrupted", report->interrupted},
        {"seconds", report->seconds},
        {"mb_per_second", rate},
    };
    for (const auto& [name, count] : kCountNames) j[name] = c.*count;
    fmt::print(io.out, "{}\n", j.dump());
  } else {
    fmt::print(
        io.out,
        "ingested {} new source{} ({}){}: {} messages ({} nested, {} unparsed, {} "
        "duplicates), {} addresses, {} address defects, {} findings, {:.2f} s ({:.1f} MB/s)\n",
        report->sources_new, report->sources_new == 1 ? "" : "s", Megabytes(report->bytes),
        report->sources_already ? fmt::format(", {} already in the record", report->sources_already)
                                : "",
        c.messages, c.nested, c.unparsed, c.duplicates, c.addresses, c.address_defects, c.findings,
        report->seconds, rate);
    if (c.attachments_not_read > 0) {
      // Each by file, message and part, as `summary` lists them: this run's are the record's
      // last (the defects in the order they were written).
      constexpr size_t kNotReadShown = 20;
      if (auto listed = store.AttachmentsNotRead(); listed) {
        const size_t mine = std::min(listed->size(), static_cast<size_t>(c.attachments_not_read));
        const size_t first = listed->size() - mine;
        for (size_t k = first; k < listed->size() && k < first + kNotReadShown; ++k) {
          fmt::print(io.err, "not read: {}\n", (*listed)[k].line);
        }
        if (mine > kNotReadShown) {
          fmt::print(io.err, "not read: … and {} more\n", mine - kNotReadShown);
        }
      }
      fmt::print(io.err,
                 "breachkit: {} attachment{} of {} could not be read, or not whole (`summary` "
                 "lists them): exit 3, a partial success\n",
                 c.attachments_not_read, c.attachments_not_read == 1 ? "" : "s",
                 report->sources_new == 1 ? "this source" : "these sources");
    }
  }
  return report->partial() ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace breachkit
