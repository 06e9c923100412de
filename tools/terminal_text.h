// What breachkit prints comes partly from the leak: a Subject, a display name, a file name.
// Printed raw, such text can act on the terminal (ESC ] 0; sets its title, ESC [ 2 J clears it,
// OSC 8 hides a link, U+202E turns what follows around). Every byte a command prints on its
// standard output or error goes through one filter, TerminalFilter, which writes such
// characters as visible escapes; it keeps line ends, tabs and everything else as they are.
#ifndef BREACHKIT_TOOLS_TERMINAL_TEXT_H_
#define BREACHKIT_TOOLS_TERMINAL_TEXT_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace breachkit {

/// Escapes, in text fed piece by piece, every character a terminal could act on: C0 controls
/// but tab and line ends ("\n", "\r\n"), DEL, the C1 controls (U+0080 to U+009F, U+009B is a
/// CSI) and the bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069), as
/// "\u001b" (valid inside a JSON string too, so a JSON line stays JSON); a byte that is not
/// UTF-8 as "\x9b". A character cut between two pieces is held until the next one.
class TerminalFilter {
 public:
  /// The escaped text of `piece`; `last`: no piece follows (what was held is let out).
  std::string Feed(std::string_view piece, bool last = false);

 private:
  std::string held_;
};

/// `text` escaped as TerminalFilter does, line ends included ("\n" as "\u000a"): for one
/// field on one line.
std::string TerminalSafe(std::string_view text);

/// A stream writing through a TerminalFilter into `raw` (stdout, stderr), flushing `raw`
/// after each write; unbuffered if `unbuffered`. Closing it lets out what it held.
std::FILE* OpenTerminalSafeStream(std::FILE* raw, bool unbuffered);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_TERMINAL_TEXT_H_
