// What every command shares. A command is a row of the table in tools/options.cc and its
// run function (Options::X::Execute) in tools/cmd_<name>.cc. It returns Result<Outcome>;
// main() alone turns that into an exit code. Commands print their results on `io.out` and
// progress or notes on `io.err`; they never print a detected personal value in clear.
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
  std::FILE* out = stdout;  // main() gives both through a TerminalFilter (tools/terminal_text.h)
  std::FILE* err = stderr;
  std::FILE* progress = stderr;  // raw: the progress lines' own "\r\033[K" only
  bool err_is_terminal = false;  // progress lines only on a terminal
};

/// Catches Ctrl-C and SIGTERM for ingest and letters (the first stops them between two
/// messages, or two batches of letters): called before the record is opened, so that no signal
/// in between kills the process unannounced.
void ArmIngestInterrupt();
/// Blocks SIGINT and SIGTERM until RunCommand has armed the command's handler (main's first
/// step).
void HoldStopSignals();
/// Lets them through again (a held one is delivered then).
void ReleaseStopSignals();
/// Ctrl-C and SIGTERM back to their default action (stop at once), for what follows ingest.
void DisarmIngestInterrupt();
/// Whether a Ctrl-C or SIGTERM was caught since ArmIngestInterrupt.
bool InterruptRequested();

/// A file name made safe from untrusted text (a display name): "0007-Léa_Martin.pdf".
std::string SafeFileName(int index, const std::string& name, const std::string& ext);

/// Runs the command `options.command` names, with the store its row needs.
Result<Outcome> RunCommand(const Options& options, const Io& io);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_COMMANDS_H_
