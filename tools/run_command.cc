#include <fmt/core.h>

#include "tools/commands.h"

namespace breachkit {
namespace {

template <typename F>
Result<Outcome> WithStore(const Options& options, StoreMode mode, F&& body) {
  auto store = IncidentStore::Open(options.db_path, {.mode = mode});
  if (!store) return std::unexpected(store.error());
  return body(**store);
}

}  // namespace

Result<Outcome> RunCommand(const Options& options, const Io& io) {
  const Needs needs = InfoOf(options.command).needs;
  if (needs == Needs::kNoStore) {
    switch (options.command) {
      case Command::kRun: return CmdRun(options, io);
      case Command::kPurge: return CmdPurge(options, io);
      case Command::kHelp: return CmdHelp(options, io);
      default: break;
    }
  } else if (needs == Needs::kReadStore) {
    return WithStore(options, StoreMode::kReadOnly, [&](const IncidentStore& store) {
      switch (options.command) {
        case Command::kMessages: return CmdMessages(options, io, store);
        case Command::kFindings: return CmdFindings(options, io, store);
        case Command::kSummary: return CmdSummary(options, io, store);
        case Command::kSubjects: return CmdSubjects(options, io, store);
        case Command::kTimeline: return CmdTimeline(options, io, store);
        case Command::kAudit: return CmdAudit(options, io, store);
        default: return Result<Outcome>(Fail(ErrorCode::kInternal, "no read-only dispatch"));
      }
    });
  } else if (needs == Needs::kWriteExistingStore) {
    return WithStore(options, StoreMode::kReadWrite, [&](IncidentStore& store) {
      switch (options.command) {
        case Command::kExport: return CmdExport(options, io, store);
        default: return Result<Outcome>(Fail(ErrorCode::kInternal, "no existing-record dispatch"));
      }
    });
  } else {
    if (options.command == Command::kIngest) ArmIngestInterrupt();
    return WithStore(options, StoreMode::kCreateIfMissing, [&](IncidentStore& store) {
      if (store.created() && options.command != Command::kInit && !options.quiet) {
        fmt::print(io.err, "note: created a new incident record at {}\n", store.path());
      }
      switch (options.command) {
        case Command::kInit: return CmdInit(options, io, store);
        case Command::kIngest: return CmdIngest(options, io, store);
        case Command::kAssess: return CmdAssess(options, io, store);
        case Command::kEvent: return CmdEvent(options, io, store);
        case Command::kSet: return CmdSet(options, io, store);
        case Command::kCnil: return CmdCnil(options, io, store);
        case Command::kLetters: return CmdLetters(options, io, store);
        case Command::kReport: return CmdReport(options, io, store);
        case Command::kImport: return CmdImport(options, io, store);
        default: return Result<Outcome>(Fail(ErrorCode::kInternal, "no writer dispatch"));
      }
    });
  }
  return Fail(ErrorCode::kInternal, "command '{}' has no dispatch", InfoOf(options.command).name);
}

Result<Outcome> CmdHelp(const Options& options, const Io& io) {
  auto text = HelpText(options.help.topic);
  if (!text) return std::unexpected(text.error());
  fmt::print(io.out, "{}", *text);
  return Outcome::kOk;
}

}  // namespace breachkit
