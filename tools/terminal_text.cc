#include "tools/terminal_text.h"

#include <cstdint>

#include <fmt/core.h>
#include <glib.h>

namespace breachkit {
namespace {

bool ActsOnTerminal(uint32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// The length of the UTF-8 sequence `lead` starts, 0 for a byte that starts none.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

std::string Escape(std::string_view text, bool keep_line_ends, bool last, std::string* held) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      const bool line_end =
          keep_line_ends &&
          (b == '\n' || (b == '\r' && i + 1 < text.size() && text[i + 1] == '\n'));
      if (keep_line_ends && b == '\r' && i + 1 == text.size() && !last) break;  // "\r" "\n"?
      if (b == '\t' || line_end || !ActsOnTerminal(b)) {
        out += static_cast<char>(b);
      } else {
        out += fmt::format("\\u{:04x}", b);
      }
      ++i;
      continue;
    }
    const size_t n = SequenceLength(b);
    if (n > 0 && i + n > text.size() && !last) break;  // the rest comes with the next piece
    const gunichar c =
        n > 0 && i + n <= text.size() ? g_utf8_get_char_validated(text.data() + i, n) : -1;
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {
      out += fmt::format("\\x{:02x}", b);
      ++i;
    } else if (ActsOnTerminal(c)) {
      out += fmt::format("\\u{:04x}", c);
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  if (held) held->assign(text.substr(i));
  return out;
}

struct Filtered {
  std::FILE* raw;
  TerminalFilter filter;
};

ssize_t WriteFiltered(void* cookie, const char* data, size_t size) {
  auto* f = static_cast<Filtered*>(cookie);
  const std::string out = f->filter.Feed(std::string_view(data, size));
  if (!out.empty() && std::fwrite(out.data(), 1, out.size(), f->raw) != out.size()) return -1;
  std::fflush(f->raw);
  return static_cast<ssize_t>(size);
}

int CloseFiltered(void* cookie) {
  auto* f = static_cast<Filtered*>(cookie);
  const std::string out = f->filter.Feed("", /*last=*/true);
  std::fwrite(out.data(), 1, out.size(), f->raw);
  const int rc = std::fflush(f->raw);
  delete f;
  return rc;
}

}  // namespace

std::string TerminalFilter::Feed(std::string_view piece, bool last) {
  const std::string text = held_ + std::string(piece);
  return Escape(text, /*keep_line_ends=*/true, last, &held_);
}

std::string TerminalSafe(std::string_view text) {
  return Escape(text, /*keep_line_ends=*/false, /*last=*/true, nullptr);
}

std::FILE* OpenTerminalSafeStream(std::FILE* raw, bool unbuffered) {
  auto* cookie = new Filtered{raw, {}};
  std::FILE* stream = ::fopencookie(
      cookie, "w", cookie_io_functions_t{nullptr, &WriteFiltered, nullptr, &CloseFiltered});
  if (!stream) {
    delete cookie;
    return raw;
  }
  if (unbuffered) std::setvbuf(stream, nullptr, _IONBF, 0);
  return stream;
}

}  // namespace breachkit
