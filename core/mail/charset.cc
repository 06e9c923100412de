#include "core/mail/charset.h"

#include <array>

#include <glib.h>
#include <gmime/gmime.h>

#include "core/mail/mime_parser.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// windows-1252 0x80..0x9F (WHATWG encoding standard); 0 = undefined (kept as C1 control).
constexpr std::array<gunichar, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(gunichar c, std::string* out) {
  char buf[6];
  const int n = g_unichar_to_utf8(c, buf);
  out->append(buf, static_cast<size_t>(n));
}

bool IsUtf8Label(std::string_view cs) {
  const std::string s(cs);
  return g_ascii_strcasecmp(s.c_str(), "utf-8") == 0 || g_ascii_strcasecmp(s.c_str(), "utf8") == 0;
}

bool IsAsciiLabel(std::string_view cs) {
  const std::string s(cs);
  return g_ascii_strcasecmp(s.c_str(), "us-ascii") == 0 ||
         g_ascii_strcasecmp(s.c_str(), "ascii") == 0;
}

}  // namespace

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string Windows1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0xA0) {
      const gunichar u = kCp1252High[c - 0x80];
      AppendUtf8(u ? u : c, &out);
    } else {
      AppendUtf8(c, &out);  // 0xA0..0xFF are Latin-1
    }
  }
  return out;
}

std::string ValidUtf8(std::string_view s) {
  const char* end = nullptr;
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), &end)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), &end)) {
      out.append(s);
      break;
    }
    const size_t good = static_cast<size_t>(end - s.data());
    out.append(s.substr(0, good));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    s.remove_prefix(good + 1);
  }
  return out;
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared) {
  InitMime();  // g_mime_charset_iconv_name needs the charset map
  const bool valid_utf8 = g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
  const bool ascii = IsAscii(bytes);
  auto fallback = [&]() -> DecodedText {
    if (valid_utf8) return {std::string(bytes), "utf-8", !ascii};
    return {Windows1252ToUtf8(bytes), "windows-1252", true};
  };
  if (declared.empty()) return fallback();
  if (IsUtf8Label(declared) || IsAsciiLabel(declared)) {
    if (ascii || (valid_utf8 && IsUtf8Label(declared))) return {std::string(bytes), "utf-8", false};
    return fallback();
  }
  const char* iconv_name = g_mime_charset_iconv_name(std::string(declared).c_str()); /* static */
  gsize written = 0;
  GError* error = nullptr;
  gchar* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", iconv_name,
                               nullptr, &written, &error);
  if (!converted) {
    g_clear_error(&error);
    return fallback();
  }
  std::string text(converted, written);
  g_free(converted);
  if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return fallback();
  return {std::move(text), std::string(declared), false};
}

}  // namespace breachkit
