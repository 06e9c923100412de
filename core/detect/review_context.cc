#include "core/detect/review_context.h"

#include <algorithm>

#include <glib.h>

#include "core/detect/text_util.h"

namespace breachkit {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string MaskedContext(std::string_view text, const std::vector<Finding>& found, size_t which) {
  if (which >= found.size()) return "";
  const Finding& self = found[which];
  const size_t fb = std::min(self.begin, text.size());
  const size_t fe = std::clamp(self.end, fb, text.size());
  // The window, widened to whole words (up to 20 more bytes) and UTF-8 characters.
  size_t b = fb > kReviewContextBytes ? fb - kReviewContextBytes : 0;
  for (size_t k = 0; b > 0 && k < 20 && !IsSpace(text[b - 1]); ++k) --b;
  while (b > 0 && IsContinuation(text[b])) --b;
  size_t e = std::min(text.size(), fe + kReviewContextBytes);
  for (size_t k = 0; e < text.size() && k < 20 && !IsSpace(text[e]); ++k) ++e;
  while (e < text.size() && IsContinuation(text[e])) ++e;

  // The findings inside the window, by start: each shown as its masked preview, except a
  // word-list match or near miss (its span is a sentence, its preview the term), whose words
  // stay.
  std::vector<const Finding*> inside;
  for (const Finding& f : found) {
    if (f.end <= b || f.begin >= e || f.begin >= f.end) continue;
    if (f.detector == "wordlist") continue;
    inside.push_back(&f);
  }
  std::sort(inside.begin(), inside.end(),
            [](const Finding* x, const Finding* y) { return x->begin < y->begin; });

  std::string out;
  if (b > 0) out += "…";
  size_t at = b;
  auto copy_masking_digits = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      const char c = text[i];
      if (IsAsciiDigit(c)) {
        out += "•";
      } else if (IsSpace(c)) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    }
  };
  for (const Finding* f : inside) {
    if (f->begin < at) continue;  // overlaps one already masked
    copy_masking_digits(at, f->begin);
    out += "[" + MaskedPreview(*f) + "]";
    at = std::min(f->end, e);
  }
  copy_masking_digits(at, e);
  if (e < text.size()) out += "…";
  // Cut a long one in its middle: the start and the end of the sentence say enough.
  constexpr size_t kMax = 2 * kReviewContextBytes + 240;
  if (out.size() > kMax) {
    size_t head = kMax / 2;
    while (head > 0 && IsContinuation(out[head])) --head;
    size_t tail = out.size() - kMax / 2;
    while (tail < out.size() && IsContinuation(out[tail])) ++tail;
    out = out.substr(0, head) + " … " + out.substr(tail);
  }
  if (!g_utf8_validate(out.data(), static_cast<gssize>(out.size()), nullptr)) {
    gchar* valid = g_utf8_make_valid(out.data(), static_cast<gssize>(out.size()));
    out = valid;
    g_free(valid);
  }
  return out;
}

}  // namespace breachkit
