// ASCII case folding, the one copy: for header names, file extensions, address parts and
// context words, where only the letters A-Z change (any other byte, UTF-8 included, is kept).
#ifndef BREACHKIT_CORE_UTIL_ASCII_H_
#define BREACHKIT_CORE_UTIL_ASCII_H_

#include <string>
#include <string_view>

namespace breachkit {

/// `s` with the ASCII letters A-Z lower-cased.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_ASCII_H_
