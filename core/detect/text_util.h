// Small text helpers shared by the detectors: byte classes, accent folding for
// accent-insensitive matching, and context words before a position. Pure functions.
#ifndef BREACHKIT_CORE_DETECT_TEXT_UTIL_H_
#define BREACHKIT_CORE_DETECT_TEXT_UTIL_H_

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>

namespace breachkit {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
/// A byte that can be part of a word: ASCII letter or digit, or any byte of a UTF-8
/// multi-byte sequence (letters of other scripts).
constexpr bool IsWordByte(char c) {
  return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80;
}

/// Index of the first ASCII digit (or `also`, or `also2`) in text[from, end), or text.size(). Most
/// detectors start from a digit and prose has few: they skip to the next one 16 bytes at a
/// time rather than test every byte.
inline size_t NextDigit(std::string_view text, size_t from, char also = '0', char also2 = '0') {
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = from;
#ifdef __SSE2__
  const __m128i below = _mm_set1_epi8('0' - 1);
  const __m128i above = _mm_set1_epi8('9' + 1);
  const __m128i extra = _mm_set1_epi8(also);
  const __m128i extra2 = _mm_set1_epi8(also2);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, below), _mm_cmplt_epi8(x, above));
    const __m128i wanted =
        _mm_or_si128(digit, _mm_or_si128(_mm_cmpeq_epi8(x, extra), _mm_cmpeq_epi8(x, extra2)));
    const int bits = _mm_movemask_epi8(wanted);
    if (bits != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
  }
#endif
  for (; i < n; ++i) {
    if (IsDigit(p[i]) || p[i] == also || p[i] == also2) return i;
  }
  return n;
}

/// Lower-case ASCII, with the accents of Latin letters removed (é→e, œ→oe, ß→ss); other
/// characters are kept as they are. "Arrêt MALADIE" → "arret maladie".
std::string Fold(std::string_view text);
/// Fold, then every run of punctuation, symbols or spaces made one space, none at either end:
/// "N° de Sécurité-Sociale" → "n de securite sociale", "d’identité" → "d identite". Letters of
/// other scripts are kept; combining marks are dropped.
std::string FoldWords(std::string_view text);
/// A postal address as a finding's value: FoldWords, keeping a hyphen between two letters or
/// digits ("12, rue de la Paix - 42000 Saint-Étienne." → "12 rue de la paix 42000
/// saint-etienne"): written on one line with commas, in a table's columns, or ended by a
/// full stop, one address is one value.
std::string FoldAddress(std::string_view text);
/// Fold, appended to `*out` (for a buffer reused across calls).
void FoldAppend(std::string_view text, std::string* out);

/// Whether `w` is one of the words of `list` (an array of string_view).
template <typename List>
bool OneOf(std::string_view w, const List& list) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

/// Whether one of `words` occurs in `folded` (Fold's output) as a word of its own: not
/// between ASCII letters ("fax" in "Fax:", not in "faxon").
bool HasWord(std::string_view folded, std::initializer_list<std::string_view> words);

/// True when one of `words` (already folded) occurs in the `window` bytes before `pos`.
bool ContextBefore(std::string_view text, size_t pos, size_t window,
                   std::initializer_list<std::string_view> words);
/// The same for the `window` bytes from `pos` on (the same clause only, cut between
/// characters).
bool ContextAfter(std::string_view text, size_t pos, size_t window,
                  std::initializer_list<std::string_view> words);

/// The length in bytes of the Unicode space at text[i] (U+00A0 no-break space, U+2000 to
/// U+200A, U+202F narrow no-break space — French typography's, before ":" and inside a
/// number —, U+205F, U+3000), or 0: the detectors take each for a plain space.
size_t UnicodeSpaceAt(std::string_view text, size_t i);
/// Whether the character before text[i] belongs to a word: an ASCII letter or digit, or a
/// non-ASCII character other than a Unicode space ("Tél.\u00a006…" is not glued).
bool WordByteBefore(std::string_view text, size_t i);

/// Whether text[i] starts a word character (as WordByteBefore; false at the end).
bool WordByteAt(std::string_view text, size_t i);

/// The length in bytes (2 to 4) of the non-ASCII letter, digit or combining mark that ends
/// just before text[i] ("é" in "amélie", the U+0301 of a decomposed "é"), or 0 for anything
/// else (ASCII, a space, a guillemet, an arrow, invalid UTF-8).
size_t Utf8AlnumBefore(std::string_view text, size_t i);

/// The length in bytes (2 to 4) of the non-ASCII letter, digit or combining mark that starts
/// at text[i], or 0.
size_t Utf8AlnumAt(std::string_view text, size_t i);

/// Digits of `s` only.
std::string DigitsOf(std::string_view s);

/// The sentence around [begin, end): up to the previous and next '.', '!', '?' or line end
/// (at most 400 bytes either side, cut where CharBoundary says).
std::pair<size_t, size_t> SentenceAround(std::string_view text, size_t begin, size_t end);

/// The last place at or before `pos` where valid UTF-8 `text` can be cut: the start of a
/// character that is not a combining mark, a variation selector or joined to the one before
/// by a zero-width joiner ("é" written e + U+0301, "👩‍💻" stay whole). A cut there leaves
/// valid UTF-8 on both sides and no accent torn from its letter. `pos` past the end: the end.
size_t CharBoundary(std::string_view text, size_t pos);

/// The end of the character (with its combining marks, as CharBoundary groups them) that
/// starts at `pos`: the first character of a text is text.substr(0, CharEnd(text, 0)).
size_t CharEnd(std::string_view text, size_t pos);

/// At most `max_bytes` of the start of `text`, cut where CharBoundary says.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_TEXT_UTIL_H_
