// Turning the bytes of a text part into valid UTF-8, whatever its label says.
//
// Rule (documented in README.md, "Ingestion"): the declared charset is used when it
// is known and the bytes are valid in it. Otherwise, bytes that are valid UTF-8 are
// read as UTF-8, and anything else as windows-1252 (which maps every byte, so nothing
// is lost); either way the fallback is recorded on the part.
#ifndef BREACHKIT_CORE_MAIL_CHARSET_H_
#define BREACHKIT_CORE_MAIL_CHARSET_H_

#include <string>
#include <string_view>

namespace breachkit {

struct DecodedText {
  std::string text;       // valid UTF-8
  std::string used;       // "utf-8", "windows-1252", or the declared charset
  bool fallback = false;  // the declared charset was missing, unknown or wrong
};

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared_charset);

/// windows-1252 to UTF-8; the five bytes it leaves undefined map to U+0080..U+009F.
std::string Windows1252ToUtf8(std::string_view bytes);

/// `s` if it is valid UTF-8, else `s` with each invalid byte replaced by U+FFFD.
std::string ValidUtf8(std::string_view s);

bool IsAscii(std::string_view s);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_CHARSET_H_
