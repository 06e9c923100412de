// ASCII case folding, the one copy: for header names, file extensions, address parts and
// context words, where only the letters A-Z change (any other byte, UTF-8 included, is kept);
// and the split of a list of words on ASCII white space.
#ifndef BREACHKIT_CORE_UTIL_ASCII_H_
#define BREACHKIT_CORE_UTIL_ASCII_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace breachkit {

/// `s` with the ASCII letters A-Z lower-cased.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// The words of `text`, separated by ASCII spaces, tabs or line ends (none empty).
inline std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = std::min(text.find_first_of(" \t\n\r", i), text.size());
    if (end > i) out.emplace_back(text.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_ASCII_H_
