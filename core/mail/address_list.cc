#include "core/mail/address_list.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include <gmime/gmime.h>

#include "core/mail/parser_options.h"

namespace breachkit {
namespace {

constexpr size_t kNone = std::string_view::npos;

// GMime's classes of characters (gmime-table-private.h): white space as skip_lwsp skips it,
// and is_atom: anything but a control, a space or one of RFC 5322's specials; 8-bit bytes
// are atom characters.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr std::array<bool, 256> kAtom = [] {
  std::array<bool, 256> atom{};
  for (int c = 33; c < 256; ++c) atom[static_cast<size_t>(c)] = c != 127;
  for (const char* p = "()<>@,;:\\\".[]"; *p; ++p) atom[static_cast<unsigned char>(*p)] = false;
  return atom;
}();
bool IsAtom(char c) { return kAtom[static_cast<unsigned char>(c)]; }
bool IsAsciiAtom(char c) { return static_cast<unsigned char>(c) < 0x80 && IsAtom(c); }

size_t SkipSpaces(std::string_view s, size_t p) {
  while (p < s.size() && IsSpace(s[p])) ++p;
  return p;
}

// A dot-atom of ASCII atom characters from `p` (no white space, no empty label): its end,
// or kNone. A domain's labels may also be UTF-8 (an IDN written in U-labels, which GMime
// keeps as written); a label starting "xn--" is refused: GMime turns it into Unicode.
size_t DotAtom(std::string_view s, size_t p, bool domain) {
  for (;;) {
    const size_t label = p;
    bool utf8 = false;
    while (p < s.size() && (IsAsciiAtom(s[p]) || (domain && IsAtom(s[p])))) {
      utf8 = utf8 || static_cast<unsigned char>(s[p]) >= 0x80;
      ++p;
    }
    if (p == label) return kNone;
    if (utf8 && !g_utf8_validate(s.data() + label, static_cast<gssize>(p - label), nullptr))
      return kNone;
    if (domain && p - label >= 4 && g_ascii_strncasecmp(s.data() + label, "xn--", 4) == 0)
      return kNone;
    if (p == s.size() || s[p] != '.') return p;
    ++p;
  }
}

// local@domain from `p`: its end, or kNone.
size_t AddrSpec(std::string_view s, size_t p) {
  p = DotAtom(s, p, false);
  if (p == kNone || p == s.size() || s[p] != '@') return kNone;
  return DotAtom(s, p + 1, true);
}

// Set when GMime warns while this thread decodes a name: the header then goes to GMime's
// parser, whose warnings carry the header's offset.
thread_local bool t_warned = false;

void OnWarning(gint64, GMimeParserWarning, const gchar*, gpointer) { t_warned = true; }

// ParseMail's options (parser_options.h), a warning only noted.
GMimeParserOptions* DecodeOptions() {
  thread_local ParserOptionsPtr options = LooseParserOptions(&OnWarning, nullptr);
  return options.get();
}

// Names come back in message after message (the same people in every reply): decoded once
// per thread, in a table emptied when full.
constexpr size_t kKnownNames = 16384;

struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// What GMime's decode_name makes of a phrase into `name`, or false when the phrase is not
// UTF-8 (GMime reads it in a fallback charset) or when GMime would warn while decoding it.
bool DecodeName(std::string_view phrase, std::string* name) {
  thread_local std::unordered_map<std::string, std::string, NameHash, std::equal_to<>> known;
  if (auto it = known.find(phrase); it != known.end()) {
    *name = it->second;
    return true;
  }
  if (!g_utf8_validate(phrase.data(), static_cast<gssize>(phrase.size()), nullptr)) return false;
  std::string buffer(phrase);
  g_mime_utils_unquote_string(buffer.data());
  t_warned = false;
  char* value = g_mime_utils_header_decode_phrase(DecodeOptions(), buffer.c_str());
  *name = value ? g_strstrip(value) : "";
  g_free(value);
  if (t_warned) return false;
  if (known.size() >= kKnownNames) known.clear();
  known.emplace(phrase, *name);
  return true;
}

// One entry from `p` (its first non-space byte) into `out`; the position after it, or kNone.
// The paths follow GMime's address_parse in loose mode.
size_t Entry(std::string_view s, size_t p, std::vector<HeaderAddress>* out) {
  if (s[p] != '<') {
    // local@domain alone: GMime reads the phrase up to the '@', then reads back from the
    // start as an addr-spec; anything after it but a comma is another path.
    if (const size_t end = AddrSpec(s, p); end != kNone) {
      const size_t next = SkipSpaces(s, end);
      if (next != s.size() && s[next] != ',') return kNone;
      out->push_back({"", std::string(s.substr(p, end - p))});
      return end;
    }
  }
  // The phrase: words (atoms, quoted strings) and dots, up to the '<'. The name is from the
  // first word to the end of the last word or dot.
  const size_t start = p;
  size_t end = p;
  int words = 0;
  for (;;) {
    if (p < s.size() && s[p] == '"') {
      size_t q = p + 1;
      while (q < s.size() && s[q] != '"' && s[q] != '\\' && s[q] != '\0') ++q;
      if (q == s.size() || s[q] != '"') return kNone;  // escapes, open quotes, NUL: GMime's
      p = q + 1;
    } else if (p < s.size() && IsAtom(s[p])) {
      while (p < s.size() && IsAtom(s[p])) ++p;
    } else {
      break;
    }
    end = p;
    for (;;) {  // "some clients don't quote dots in the name"
      p = SkipSpaces(s, p);
      if (p == s.size() || s[p] != '.') break;
      end = ++p;
    }
    ++words;
    if (p < s.size() && s[p] == ',') return kNone;  // GMime takes the comma into the name
  }
  if (p == s.size() || s[p] != '<') return kNone;
  std::string name;
  if (words > 0 && !DecodeName(s.substr(start, end - start), &name)) return kNone;
  // <local@domain>: one bracket each side, no route.
  ++p;
  if (p < s.size() && s[p] == '<') return kNone;
  p = SkipSpaces(s, p);
  const size_t addr = p;
  p = AddrSpec(s, p);
  if (p == kNone) return kNone;
  const size_t addr_end = p;
  p = SkipSpaces(s, p);
  if (p == s.size() || s[p] != '>') return kNone;
  ++p;
  if (p < s.size() && s[p] == '>') return kNone;
  out->push_back({std::move(name), std::string(s.substr(addr, addr_end - addr))});
  return p;
}

}  // namespace

std::optional<std::vector<HeaderAddress>> ParsePlainAddressList(std::string_view raw) {
  std::vector<HeaderAddress> out;
  out.reserve(static_cast<size_t>(std::count(raw.begin(), raw.end(), '@')));
  size_t p = SkipSpaces(raw, 0);
  if (p == raw.size()) return std::nullopt;
  for (;;) {
    p = Entry(raw, p, &out);
    if (p == kNone) return std::nullopt;
    p = SkipSpaces(raw, p);
    if (p == raw.size()) return out;
    if (raw[p] != ',') return std::nullopt;
    p = SkipSpaces(raw, p + 1);
    if (p == raw.size() || raw[p] == ',') return std::nullopt;  // empty entries: GMime's
  }
}

std::vector<HeaderAddress> ReadAddressListWithGMime(const std::string& raw, bool* warned) {
  *warned = false;
  std::vector<HeaderAddress> out;
  ParserOptionsPtr options =
      LooseParserOptions([](gint64, GMimeParserWarning, const gchar*,
                            gpointer user) { *static_cast<bool*>(user) = true; },
                         warned);
  InternetAddressList* list = internet_address_list_parse(options.get(), raw.c_str()); /* full */
  if (!list) return out;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i); /* transfer none */
    const char* name = internet_address_get_name(ia);                 /* transfer none */
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
      out.push_back({name ? name : "", addr ? addr : ""});
    } else {
      out.push_back({std::string("group:") + (name ? name : ""), ""});
    }
  }
  g_object_unref(list);
  return out;
}

}  // namespace breachkit
