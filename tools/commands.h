// One declaration per command; one cmd_<name>.cc per command. A command returns
// Result<Outcome>; main() alone turns that into an exit code. Commands print their
// results on `io.out` and progress or notes on `io.err`; they never print a detected
// personal value in clear.
#ifndef BREACHKIT_TOOLS_COMMANDS_H_
#define BREACHKIT_TOOLS_COMMANDS_H_

#include <cstdio>

#include "core/store/store.h"
#include "tools/options.h"

namespace breachkit {

enum class Outcome {
  kOk,
  kPartial,  // some input could not be processed; it is recorded as such
};

struct Io {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  bool err_is_terminal = false;  // progress lines only on a terminal
};

Result<Outcome> CmdInit(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdIngest(const Options& options, const Io& io, IncidentStore& store);
/// Catches Ctrl-C and SIGTERM for ingest (the first stops it between two messages): called
/// before the record is opened, so that no signal in between kills the process unannounced.
void ArmIngestInterrupt();
/// Ctrl-C and SIGTERM back to their default action (stop at once), for what follows ingest.
void DisarmIngestInterrupt();
Result<Outcome> CmdMessages(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdFindings(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdSummary(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdSubjects(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdAssess(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdEvent(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdTimeline(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdSet(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdCnil(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdLetters(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdReport(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdExport(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdImport(const Options& options, const Io& io, IncidentStore& store);
Result<Outcome> CmdAudit(const Options& options, const Io& io, const IncidentStore& store);
Result<Outcome> CmdRun(const Options& options, const Io& io);
Result<Outcome> CmdPurge(const Options& options, const Io& io);
Result<Outcome> CmdHelp(const Options& options, const Io& io);

/// A file name made safe from untrusted text (a display name): "0007-Léa_Martin.pdf".
std::string SafeFileName(int index, const std::string& name, const std::string& ext);

/// Opens the store the command's row asks for and runs it.
Result<Outcome> RunCommand(const Options& options, const Io& io);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_COMMANDS_H_
