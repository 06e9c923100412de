#include "core/detect/text_util.h"

#include <algorithm>

#include <glib.h>

namespace breachkit {
namespace {

// U+00C0..U+00FF folded (Latin-1 Supplement letters); "" = keep as is.
constexpr std::string_view kLatin1Fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};  // F0-FF

}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  FoldAppend(text, &out);
  return out;
}

void FoldAppend(std::string_view text, std::string* out_ptr) {
  std::string& out = *out_ptr;
  out.reserve(out.size() + text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      continue;
    }
    if (i + 1 < text.size()) {
      const unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
        const std::string_view f = kLatin1Fold[d - 0x80];
        if (!f.empty()) {
          out.append(f);
          ++i;
          continue;
        }
      }
      if (c == 0xC5 && (d == 0x92 || d == 0x93)) {  // Œ œ
        out.append("oe");
        ++i;
        continue;
      }
      if (c == 0xC2 && d == 0xA0) {  // no-break space
        out.push_back(' ');
        ++i;
        continue;
      }
      if (c == 0xE2 && i + 2 < text.size() && d == 0x80 &&
          (static_cast<unsigned char>(text[i + 2]) == 0x99 ||
           static_cast<unsigned char>(text[i + 2]) == 0x98)) {  // ’ ‘
        out.push_back('\'');
        i += 2;
        continue;
      }
    }
    // Any other letter: lower-cased (Ł → ł, Δ → δ, Д → д).
    const gunichar u =
        g_utf8_get_char_validated(text.data() + i, static_cast<gssize>(text.size() - i));
    if (u == static_cast<gunichar>(-1) || u == static_cast<gunichar>(-2)) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    char buf[6];
    const int n = g_unichar_to_utf8(g_unichar_tolower(u), buf);
    out.append(buf, static_cast<size_t>(n));
    i += static_cast<size_t>(g_utf8_skip[c]) - 1;
  }
}

bool HasWord(std::string_view folded, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    for (size_t at = folded.find(w); at != std::string::npos; at = folded.find(w, at + 1)) {
      const bool left = at == 0 || !IsAsciiAlpha(folded[at - 1]);
      const size_t e = at + w.size();
      const bool right = e >= folded.size() || !IsAsciiAlpha(folded[e]);
      if (left && right) return true;
    }
  }
  return false;
}

size_t UnicodeSpaceAt(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0; };
  const unsigned char c = at(i);
  if (c == 0xC2 && at(i + 1) == 0xA0) return 2;
  if (c == 0xE2 && at(i + 1) == 0x80 &&
      ((at(i + 2) >= 0x80 && at(i + 2) <= 0x8A) || at(i + 2) == 0xAF)) {
    return 3;
  }
  if (c == 0xE2 && at(i + 1) == 0x81 && at(i + 2) == 0x9F) return 3;
  if (c == 0xE3 && at(i + 1) == 0x80 && at(i + 2) == 0x80) return 3;
  return 0;
}

bool WordByteBefore(std::string_view text, size_t i) {
  if (i == 0) return false;
  if (static_cast<unsigned char>(text[i - 1]) < 0x80) return IsAsciiAlnum(text[i - 1]);
  for (size_t len : {2u, 3u}) {
    if (i >= len && UnicodeSpaceAt(text, i - len) == len) return false;
  }
  return true;
}

bool WordByteAt(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  if (static_cast<unsigned char>(text[i]) < 0x80) return IsAsciiAlnum(text[i]);
  return UnicodeSpaceAt(text, i) == 0;
}

size_t Utf8AlnumAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead < 0xC2) return 0;
  const size_t len = static_cast<size_t>(g_utf8_skip[lead]);
  if (len < 2 || len > 4 || i + len > text.size()) return 0;
  const gunichar u = g_utf8_get_char_validated(text.data() + i, static_cast<gssize>(len));
  if (u == static_cast<gunichar>(-1) || u == static_cast<gunichar>(-2)) return 0;
  // A combining accent too: "e" + U+0301 is the "é" of a decomposed (NFD) text.
  return g_unichar_isalnum(u) || g_unichar_ismark(u) ? len : 0;
}

size_t Utf8AlnumBefore(std::string_view text, size_t i) {
  size_t b = i;
  while (b > 0 && i - b < 4 && (static_cast<unsigned char>(text[b - 1]) & 0xC0) == 0x80) --b;
  if (b == 0 || b == i) return 0;
  --b;  // the lead byte
  return Utf8AlnumAt(text, b) == i - b ? i - b : 0;
}

bool ContextBefore(std::string_view text, size_t pos, size_t window,
                   std::initializer_list<std::string_view> words) {
  size_t start = pos > window ? pos - window : 0;
  // Only the same clause counts: not across a line end, a full stop or a semicolon.
  for (size_t i = pos; i > start; --i) {
    const char c = text[i - 1];
    if (c == '\n' || c == ';' || (c == '.' && i < pos && text[i] == ' ')) {
      start = i;
      break;
    }
  }
  return HasWord(Fold(text.substr(start, pos - start)), words);
}

bool ContextAfter(std::string_view text, size_t pos, size_t window,
                  std::initializer_list<std::string_view> words) {
  if (pos >= text.size()) return false;
  size_t end = CharBoundary(text, std::min(text.size(), pos + window));
  // The same clause only, as ContextBefore.
  for (size_t i = pos; i < end; ++i) {
    const char c = text[i];
    if (c == '\n' || c == ';' || (c == '.' && i + 1 < text.size() && text[i + 1] == ' ')) {
      end = i;
      break;
    }
  }
  return HasWord(Fold(text.substr(pos, end - pos)), words);
}

std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

std::pair<size_t, size_t> SentenceAround(std::string_view text, size_t begin, size_t end) {
  auto is_stop = [](char c) { return c == '.' || c == '!' || c == '?' || c == '\n'; };
  size_t b = begin;
  while (b > 0 && !is_stop(text[b - 1]) && begin - b < 400) --b;
  if (b > 0 && !is_stop(text[b - 1])) {
    // Cut at 400 bytes: forward to the next character boundary, not into a character.
    while (b < begin && CharBoundary(text, b) != b) ++b;
  }
  while (b < begin && (text[b] == ' ' || text[b] == '>')) ++b;
  size_t e = end;
  while (e < text.size() && !is_stop(text[e]) && e - end < 400) ++e;
  if (e < text.size() && !is_stop(text[e])) {
    e = std::max(end, CharBoundary(text, e + 1));  // cut at 400 bytes: not into a character
  } else if (e < text.size() && text[e] != '\n') {
    ++e;  // keep the full stop
  }
  return {b, e};
}

namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

constexpr gunichar kZeroWidthJoiner = 0x200D;

// The character starting at `pos` (valid UTF-8), or -1 for a byte that starts none.
gunichar CharAt(std::string_view text, size_t pos) {
  return g_utf8_get_char_validated(text.data() + pos, static_cast<gssize>(text.size() - pos));
}

// Whether the character at `pos` belongs with the one before it.
bool Attached(gunichar c) {
  return c != static_cast<gunichar>(-1) && c != static_cast<gunichar>(-2) &&
         (g_unichar_ismark(c) || c == kZeroWidthJoiner || (c >= 0xFE00 && c <= 0xFE0F) ||
          (c >= 0x1F3FB && c <= 0x1F3FF) ||  // skin tones
          (c >= 0xE0020 && c <= 0xE007F));   // tag characters (flags)
}

// Start of the character before `pos` (pos > 0).
size_t PreviousStart(std::string_view text, size_t pos) {
  size_t p = pos - 1;
  while (p > 0 && IsContinuation(text[p]) && pos - p < 4) --p;
  return p;
}

}  // namespace

size_t CharBoundary(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  // Back to the start of the character holding `pos` (at most three continuation bytes).
  for (int k = 0; k < 3 && pos > 0 && IsContinuation(text[pos]); ++k) --pos;
  // Back over what is attached to the character before it. Bounded, so that a hostile run
  // of marks costs a constant: past 32 characters the cut goes between two marks (still
  // valid UTF-8).
  for (int k = 0; k < 32 && pos > 0; ++k) {
    const size_t prev = PreviousStart(text, pos);
    if (!Attached(CharAt(text, pos)) && CharAt(text, prev) != kZeroWidthJoiner) break;
    pos = prev;
  }
  return pos;
}

size_t CharEnd(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  auto next = [&](size_t p) {
    ++p;
    while (p < text.size() && IsContinuation(text[p])) ++p;
    return p;
  };
  size_t e = next(pos);
  for (int k = 0; k < 32 && e < text.size(); ++k) {
    if (!Attached(CharAt(text, e)) && CharAt(text, PreviousStart(text, e)) != kZeroWidthJoiner)
      break;
    e = next(e);
  }
  return e;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  return text.substr(0, CharBoundary(text, max_bytes));
}

std::string FoldAddress(std::string_view text) {
  // The text cut at each hyphen inside a word, each piece folded as words, joined by '-'
  // again (FoldWords blanks a hyphen).
  std::string out;
  size_t at = 0;
  for (size_t k = 0; k <= text.size(); ++k) {
    const bool inner_hyphen =
        k < text.size() && text[k] == '-' && k > 0 &&
        (IsAsciiAlnum(text[k - 1]) || static_cast<unsigned char>(text[k - 1]) >= 0x80) &&
        k + 1 < text.size() &&
        (IsAsciiAlnum(text[k + 1]) || static_cast<unsigned char>(text[k + 1]) >= 0x80);
    if (k < text.size() && !inner_hyphen) continue;
    const std::string piece = FoldWords(text.substr(at, k - at));
    if (!out.empty() && !piece.empty()) out += '-';
    out += piece;
    at = k + 1;
  }
  return out;
}

std::string FoldWords(std::string_view text) {
  const std::string folded = Fold(text);
  std::string out;
  bool space = true;
  auto blank = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  for (size_t i = 0; i < folded.size();) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      if (IsAsciiAlnum(static_cast<char>(c))) {
        out.push_back(static_cast<char>(c));
        space = false;
      } else {
        blank();
      }
      ++i;
      continue;
    }
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const unsigned char d = i + 1 < folded.size() ? static_cast<unsigned char>(folded[i + 1]) : 0;
    if ((c == 0xCC && d >= 0x80) || (c == 0xCD && d <= 0xAF)) {  // U+0300–U+036F
      i += len;
      continue;
    }
    if (c == 0xC2 || (c == 0xE2 && (d == 0x80 || d == 0x81))) {  // °, «, », –, ’, spaces...
      blank();
      i += len;
      continue;
    }
    out.append(folded, i, len);  // a letter of another script
    space = false;
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace breachkit
