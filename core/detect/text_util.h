// Small text helpers shared by the detectors: byte classes, accent folding for
// accent-insensitive matching, and context words before a position. Pure functions.
#ifndef BREACHKIT_CORE_DETECT_TEXT_UTIL_H_
#define BREACHKIT_CORE_DETECT_TEXT_UTIL_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace breachkit {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
/// A byte that can be part of a word: ASCII letter or digit, or any byte of a UTF-8
/// multi-byte sequence (letters of other scripts).
inline bool IsWordByte(char c) { return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }

/// Lower-case ASCII, with the accents of Latin letters removed (é→e, œ→oe, ß→ss); other
/// characters are kept as they are. "Arrêt MALADIE" → "arret maladie".
std::string Fold(std::string_view text);

/// True when one of `words` (already folded) occurs in the `window` bytes before `pos`.
bool ContextBefore(std::string_view text, size_t pos, size_t window,
                   std::initializer_list<std::string_view> words);

/// `text` with ASCII letters lower-cased and every other byte kept: same length, same
/// offsets, so a search in it points into `text`.
std::string AsciiLower(std::string_view text);

/// Digits of `s` only.
std::string DigitsOf(std::string_view s);

/// The sentence around [begin, end): up to the previous and next '.', '!', '?' or line end.
std::pair<size_t, size_t> SentenceAround(std::string_view text, size_t begin, size_t end);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_TEXT_UTIL_H_
