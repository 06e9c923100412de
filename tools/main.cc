// breachkit's entry point. Exit codes are decided here and nowhere else
// (documented in README.md and in `breachkit --help`):
//   0 ok · 1 bad usage or bad input · 2 I/O or database error
//   3 partial success (some input could not be processed, and is recorded as such)
//   4 internal error (a bug: please report it)
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <fmt/core.h>
#include <unistd.h>

#include "tools/commands.h"
#include "tools/terminal_text.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitIo = 2;
constexpr int kExitPartial = 3;
constexpr int kExitInternal = 4;

int ExitCodeFor(breachkit::ErrorCode code) {
  using breachkit::ErrorCode;
  switch (code) {
    case ErrorCode::kUsage:
    case ErrorCode::kInvalidInput: return kExitBadInput;
    case ErrorCode::kNotFound:
    case ErrorCode::kIo:
    case ErrorCode::kDatabase: return kExitIo;
    case ErrorCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace

int main(int argc, char** argv) try {
  // Ctrl-C and SIGTERM wait until the command is known (RunCommand lets them through once the
  // command's own handler, if it has one, is armed): one that comes while the options are read
  // then stops a command that can stop cleanly the way it should, rather than killing it.
  breachkit::HoldStopSignals();
  auto options = breachkit::ParseOptions(argc, argv);
  if (!options) {
    fmt::print(stderr, "breachkit: error: {}\n", options.error().message);
    return ExitCodeFor(options.error().code);
  }
  if (options->early_output) {
    fmt::print(stdout, "{}", *options->early_output);
    return kExitOk;
  }
  // GLib's slice allocator (GLib 2.74, Debian 12) keeps freed small blocks in per-thread
  // magazines that outlive the letters' threads: Pango's objects then add to every later
  // stage of `run`. Plain malloc gives them back. GLib reads G_SLICE once, in its own start-up
  // code before main: `run` starts itself again with it set (a G_SLICE the user set wins; if
  // the exec fails, the run goes on as it is).
  if (options->command == "run" && std::getenv("G_SLICE") == nullptr) {
    setenv("G_SLICE", "always-malloc", /*overwrite=*/0);
    execv("/proc/self/exe", argv);
  }
  // Text from the leak is printed: every byte goes through the terminal filter.
  breachkit::Io io;
  io.out = breachkit::OpenTerminalSafeStream(stdout, /*unbuffered=*/false);
  io.err = breachkit::OpenTerminalSafeStream(stderr, /*unbuffered=*/true);
  io.err_is_terminal = isatty(STDERR_FILENO) != 0 && !options->quiet;
  auto outcome = breachkit::RunCommand(*options, io);
  std::fclose(io.out);
  std::fclose(io.err);
  if (!outcome) {
    fmt::print(stderr, "breachkit: error: {}\n",
               breachkit::TerminalFilter().Feed(outcome.error().message, /*last=*/true));
    return ExitCodeFor(outcome.error().code);
  }
  return *outcome == breachkit::Outcome::kPartial ? kExitPartial : kExitOk;
} catch (const std::exception& e) {
  fmt::print(stderr, "breachkit: internal error: {}\n", e.what());
  return kExitInternal;
} catch (...) {
  fmt::print(stderr, "breachkit: internal error\n");
  return kExitInternal;
}
