#include "core/mail/mime_parser.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>
#include <unordered_set>

#include <gmime/gmime.h>
#include <libxml/parser.h>

#include "core/mail/address_hook.h"
#include "core/mail/address_list.h"
#include "core/mail/charset.h"
#include "core/mail/html_text.h"
#include "core/mail/mapi_message.h"
#include "core/mail/office_text.h"
#include "core/mail/office_zip.h"
#include "core/mail/parser_options.h"
#include "core/mail/pdf_text.h"
#include "core/mail/table_extract.h"
#include "core/mail/zip_archive.h"
#include "core/util/ascii.h"
#include "core/util/glib_handle.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

using ReferencesPtr = DeletableUniquePtr<GMimeReferences, g_mime_references_free>;

std::string Unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == '\r' || c == '\n') continue;
    out.push_back(c == '\t' ? ' ' : c);
  }
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

// Parser warnings become defects of the message being read (by index: the vector of
// messages grows while nested ones are read).
struct WarningSink {
  ParsedMail* mail = nullptr;
  size_t current = 0;
};

const char* WarningName(GMimeParserWarning w) {
  switch (w) {
    case GMIME_WARN_DUPLICATED_HEADER: return "duplicated-header";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated-parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "unencoded-8bit-header";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid-content-type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "invalid-rfc2047";
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed-multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated-message";
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed-message";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid-header-name";
    case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting-header";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting-parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart-without-boundary";
    case GMIME_WARN_INVALID_PARAMETER: return "invalid-parameter";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid-address-list";
    case GMIME_CRIT_NESTING_OVERFLOW: return "nesting-overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "part-without-content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part-without-headers-or-content";
  }
  return "parser-warning";
}

void OnParserWarning(gint64 offset, GMimeParserWarning code, const gchar* /*item*/, gpointer user) {
  auto* sink = static_cast<WarningSink*>(user);
  if (!sink->mail || sink->current >= sink->mail->messages.size()) return;
  std::vector<MailDefect>& defects = sink->mail->messages[sink->current].defects;
  // `item` can be a header value (personal data): only the kind and offset are kept.
  const std::string kind = WarningName(code);
  for (const MailDefect& d : defects) {
    if (d.kind == kind) return;  // once per kind is enough to tell the DPO
  }
  // GMime gives -1 for a stream that ends inside a header block (a message or part with no
  // empty line after its headers): no byte to name, so the defect says what happened.
  defects.push_back({kind, "",
                     offset >= 0 ? fmt::format("at byte {}", offset)
                     : code == GMIME_WARN_TRUNCATED_MESSAGE
                         ? std::string("the message or one of its parts ends early: inside "
                                       "its headers, or before its multipart's closing "
                                       "boundary")
                         : std::string("at no byte GMime could name")});
}

ParserOptionsPtr MakeParserOptions(WarningSink* sink) {
  return LooseParserOptions(&OnParserWarning, sink);
}

bool IsLocalChar(unsigned char c) {
  return g_ascii_isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
         c == '\'' || c == '!' || c == '#' || c == '$' || c == '&' || c == '*' || c == '/' ||
         c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '~' || c >= 0x80;
}
bool IsDomainChar(unsigned char c) {
  return g_ascii_isalnum(c) || c == '.' || c == '-' || c >= 0x80;
}

struct RawToken {
  std::string_view address;  // in the raw header value
  size_t begin;
  size_t end;
};

// Address-like tokens of a raw header value: local@domain with a non-empty domain.
std::vector<RawToken> ScanAddressTokens(std::string_view raw) {
  std::vector<RawToken> out;
  for (size_t at = raw.find('@'); at != std::string_view::npos; at = raw.find('@', at + 1)) {
    size_t b = at;
    while (b > 0 && IsLocalChar(static_cast<unsigned char>(raw[b - 1]))) --b;
    size_t e = at + 1;
    while (e < raw.size() && IsDomainChar(static_cast<unsigned char>(raw[e]))) ++e;
    while (e > at + 1 && (raw[e - 1] == '.' || raw[e - 1] == '-')) --e;
    while (b < at && raw[b] == '.') ++b;
    if (b == at || e == at + 1) continue;
    out.push_back({raw.substr(b, e - b), b, e});
  }
  return out;
}

// The comma-separated entry of `raw` around [begin, end), for the defect's detail.
std::string EntryAround(std::string_view raw, size_t begin, size_t end) {
  size_t b = raw.rfind(',', begin);
  b = b == std::string_view::npos ? 0 : b + 1;
  size_t e = raw.find(',', end);
  if (e == std::string_view::npos) e = raw.size();
  return Trim(raw.substr(b, e - b));
}

// Valid UTF-8, the domain lower-cased and an IDN one in its U-label form (CanonicalDomain;
// the local part is the owner's business).
std::string NormaliseAddress(std::string_view addr) {
  std::string out = ValidUtf8(addr);
  const size_t at = out.rfind('@');
  if (at == std::string::npos) return out;
  bool idn = false;
  for (size_t i = at + 1; i < out.size(); ++i) {
    out[i] = static_cast<char>(g_ascii_tolower(out[i]));
    idn = idn || static_cast<unsigned char>(out[i]) >= 0x80;
  }
  if (idn || out.find("xn--", at + 1) != std::string::npos)
    out.replace(at + 1, std::string::npos, CanonicalDomain(std::string_view(out).substr(at + 1)));
  return out;
}

// A display or group name as a person reads it: GMime decodes a name but leaves its folding
// ("Jean\r\n Dupont" for a name folded across two lines), which then reached the record and
// the letters' salutation. Unfolded (RFC 5322 2.2.3), trimmed, valid UTF-8.
std::string DisplayName(std::string_view name) {
  if (name.find_first_of("\r\n\t") == std::string_view::npos) return ValidUtf8(TrimView(name));
  return ValidUtf8(TrimView(Unfold(name)));
}

// The list's items [begin, end) (all by default).
void CollectList(InternetAddressList* list, AddressField field, std::vector<MailAddress>* out,
                 int begin = 0, int end = -1) {
  ForEachMailbox(list, begin, end, [&](const char* name, const char* addr, const char* group) {
    if (!*addr) return;
    out->push_back({field, DisplayName(name), NormaliseAddress(addr), DisplayName(group), false});
  });
}

// The addresses of a field GMime's message reads, in the order of its headers.
void CollectMessageAddresses(GMimeMessage* message, GMimeAddressType type, AddressField field,
                             std::vector<MailAddress>* out) {
  InternetAddressList* list = g_mime_message_get_addresses(message, type); /* transfer none */
  const std::vector<AddressSegment>* segments = AddressSegments(message, type);
  if (!segments) {
    CollectList(list, field, out);
    return;
  }
  for (const AddressSegment& s : *segments) {
    for (const HeaderAddress& a : s.plain) {
      out->push_back({field, DisplayName(a.name), NormaliseAddress(a.address), "", false});
    }
    CollectList(list, field, out, s.gmime_begin, s.gmime_end);
  }
}

// The headers where a webmail or a submission server writes the address of the client that
// handed it the message.
bool IsClientIpHeader(const char* name) {
  for (const char* h : {"X-Originating-IP", "X-Sender-IP", "X-Client-IP", "X-Yahoo-Post-IP"}) {
    if (g_ascii_strcasecmp(name, h) == 0) return true;
  }
  return false;
}

// The headers that name a mailing list or its robots, or say the message came through one
// (MessageLists, functional_address.h).
bool IsListHeader(const char* name) {
  if (g_ascii_strncasecmp(name, "List-", 5) == 0) return true;
  for (const char* h : {"X-BeenThere", "X-Mailing-List", "Mailing-List", "X-Mailman-Version",
                        "Errors-To", "Return-Path", "Precedence", "Auto-Submitted"}) {
    if (g_ascii_strcasecmp(name, h) == 0) return true;
  }
  return false;
}

// All occurrences of each address header, concatenated (as the oracle does).
void ReadAddresses(GMimeMessage* message, GMimeParserOptions* options, MailMessage* m) {
  GMimeObject* object = GMIME_OBJECT(message);
  GMimeHeaderList* headers = g_mime_object_get_header_list(object); /* transfer none */
  const int count = headers ? g_mime_header_list_get_count(headers) : 0;
  std::array<std::string, kAddressFields.size()> raw_by_field;
  std::array<bool, kAddressFields.size()> present{};
  for (int i = 0; i < count; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(headers, i); /* transfer none */
    const char* name = g_mime_header_get_name(h);
    const char* raw = g_mime_header_get_raw_value(h);
    if (!name) continue;
    if (g_ascii_strcasecmp(name, "Received") == 0 && raw) {
      m->received_headers += Unfold(raw);
      m->received_headers += '\n';
      continue;
    }
    if (raw && IsClientIpHeader(name)) {
      m->client_ip_headers += Unfold(raw);
      m->client_ip_headers += '\n';
      continue;
    }
    if (raw && IsListHeader(name)) {
      m->list_headers += name;
      m->list_headers += ':';
      m->list_headers += Unfold(raw);
      m->list_headers += '\n';
      continue;
    }
    for (const auto& f : kAddressFields) {
      if (g_ascii_strcasecmp(name, f.header.data()) != 0) continue;  // a whole literal
      auto& value = raw_by_field[static_cast<size_t>(f.field)];
      if (present[static_cast<size_t>(f.field)]) value += ", ";
      present[static_cast<size_t>(f.field)] = true;
      value += raw ? Unfold(raw) : "";
    }
  }
  for (const auto& f : kAddressFields) {
    const size_t i = static_cast<size_t>(f.field);
    if (!present[i]) continue;
    const std::string& raw = raw_by_field[i];
    std::vector<MailAddress> parsed;
    if (const auto type = ParsedByGMime(f.field)) {
      // Read already while GMime built the message (address_hook.h), by the plain reader
      // or by GMime with the same options: a storm's To and Cc hold hundreds of addresses,
      // parsing them twice was a tenth of ingestion.
      CollectMessageAddresses(message, *type, f.field, &parsed);
    } else {
      DeletableUniquePtr<InternetAddressList, g_object_unref> list(
          internet_address_list_parse(options, raw.c_str())); /* transfer full */
      CollectList(list.get(), f.field, &parsed);
    }

    // What the parser did not return is kept, never dropped. A raw token that is part of
    // an address or name the parser did return is the same thing seen differently (an
    // address split by obsolete white space, a '=' or '_' the scan stops at).
    // Nearly every token is, in order, the next address returned: checked against it first.
    // The set of every address returned, and the text of every address and name searched
    // for the others, are built only for a header that has another token.
    const size_t returned = parsed.size();
    size_t next = 0;
    std::string key;
    std::vector<std::string> keys;
    std::unordered_set<std::string_view> exact;
    std::string known;
    for (const RawToken& t : ScanAddressTokens(raw)) {
      AddressKeyInto(t.address, &key);
      if (next < returned && SameAddressKey(parsed[next].address, key)) {
        ++next;
        continue;
      }
      if (keys.empty() && returned > 0) {
        for (size_t r = 0; r < returned; ++r) {
          keys.push_back(AddressKey(parsed[r].address));
          known += keys.back();
          known += '\n';
          known += AddressKey(parsed[r].name);
          known += '\n';
        }
        exact.insert(keys.begin(), keys.end());
      }
      if (exact.contains(key) || known.find(key) != std::string::npos) continue;
      known += key;
      known += '\n';
      parsed.push_back({f.field, "", NormaliseAddress(t.address), "", true});
      m->defects.push_back(
          {"address-unparsed", std::string(f.name), ValidUtf8(EntryAround(raw, t.begin, t.end))});
    }
    m->addresses.insert(m->addresses.end(), parsed.begin(), parsed.end());
  }
}

std::vector<std::string> ParseReferences(GMimeParserOptions* options, const char* text) {
  std::vector<std::string> out;
  if (!text) return out;
  ReferencesPtr refs(g_mime_references_parse(options, text)); /* transfer full */
  const int n = refs ? g_mime_references_length(refs.get()) : 0;
  for (int i = 0; i < n; ++i)
    out.push_back(ValidUtf8(g_mime_references_get_message_id(refs.get(), i)));
  return out;
}

// The Message-ID of a header block given as text (a bounce's returned headers): its
// "Message-ID:" field, continued on the lines that begin with white space; "" when none.
std::string MessageIdOfHeaderText(GMimeParserOptions* options, std::string_view headers) {
  for (size_t at = 0; at < headers.size();) {
    size_t end = headers.find('\n', at);
    if (end == std::string_view::npos) end = headers.size();
    const std::string_view line = headers.substr(at, end - at);
    if (line.empty() || line == "\r") break;  // the end of the header block
    if (line.size() >= 11 && g_ascii_strncasecmp(line.data(), "message-id:", 11) == 0) {
      std::string value(line.substr(11));
      for (size_t next = end + 1;
           next < headers.size() && (headers[next] == ' ' || headers[next] == '\t');) {
        size_t e = headers.find('\n', next);
        if (e == std::string_view::npos) e = headers.size();
        value += headers.substr(next, e - next);
        next = e + 1;
      }
      const auto ids = ParseReferences(options, value.c_str());
      return ids.empty() ? std::string() : ids.front();
    }
    at = end + 1;
  }
  return {};
}

// A delivery report ("Undelivered Mail Returned to Sender") names the message it reports on
// only in what it returns of it (its headers as a text/rfc822-headers part, or the message
// attached whole), seldom by In-Reply-To: that message's Message-ID is put in its References,
// which threads the report with it as a reply's do (helper-75: a bounce counted as a thread
// of its own, "another send" in the CNIL draft).
void ThreadReportWithItsMessage(const std::string& returned_id, ParsedMail* mail) {
  MailMessage& top = mail->messages.front();
  if (!top.in_reply_to.empty() || !top.references.empty()) return;
  if (std::none_of(top.parts.begin(), top.parts.end(),
                   [](const MailPart& p) { return p.content_type == "message/delivery-status"; })) {
    return;
  }
  std::string id;
  for (const MailMessage& m : mail->messages) {
    if (m.parent == 0 && !m.message_id.empty()) {
      id = m.message_id;
      break;
    }
  }
  if (id.empty()) id = returned_id;
  if (!id.empty() && id != top.message_id) top.references.push_back(std::move(id));
}

void ReadHeaders(GMimeMessage* message, GMimeParserOptions* options, size_t max_addresses,
                 MailMessage* m) {
  GMimeObject* object = GMIME_OBJECT(message);
  if (const char* id = g_mime_message_get_message_id(message)) m->message_id = ValidUtf8(id);
  if (const char* raw_date = g_mime_object_get_header(object, "Date")) {
    m->date_raw = ValidUtf8(Trim(Unfold(raw_date)));
    if (GDateTime* date = g_mime_message_get_date(message)) { /* transfer none */
      m->date_utc = g_date_time_to_unix(date);
      m->date_offset_minutes =
          static_cast<int>(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
    } else {
      m->defects.push_back({"date-unparsed", "date", m->date_raw});
    }
  }
  if (const char* subject = g_mime_message_get_subject(message)) m->subject = ValidUtf8(subject);
  const auto in_reply_to =
      ParseReferences(options, g_mime_object_get_header(object, "In-Reply-To"));
  if (!in_reply_to.empty()) m->in_reply_to = in_reply_to.front();
  m->references = ParseReferences(options, g_mime_object_get_header(object, "References"));
  ReadAddresses(message, options, m);
  if (m->addresses.size() > max_addresses) {
    const size_t more = m->addresses.size() - max_addresses;
    m->defects.push_back(
        {"address-limit", "",
         fmt::format("the first {} addresses recorded; {} more not recorded (over the limit of {} "
                     "a message)",
                     max_addresses, more, max_addresses)});
    m->addresses.resize(max_addresses);
  }
}

std::string ChildPath(const std::string& parent, int i) {
  return parent.empty() ? std::to_string(i + 1) : parent + "." + std::to_string(i + 1);
}

std::string MimeType(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object); /* transfer none */
  if (!ct) return "text/plain";
  return AsciiLower(TakeGString(g_mime_content_type_get_mime_type(ct)));
}

bool IsTextualAttachmentType(const std::string& type) {
  return type.starts_with("text/") || type == "application/csv" || type == "application/ics" ||
         type == "application/vcard" || type == "application/x-vcard" ||
         type == "application/json" || type == "application/xml";
}

// Why an attachment's content is not read, for those whose content is someone's data as
// often as not: an archive (a zipped payroll) or a legacy Office file. "" for the others
// (an image, a calendar, an unknown type).
std::string_view UnreadContent(const std::string& type, std::string_view filename) {
  const std::string name = AsciiLower(filename);
  const auto ends = [&](std::initializer_list<std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](std::string_view x) { return name.ends_with(x); });
  };
  if (type == "application/zip" || type == "application/x-zip-compressed" ||
      type == "application/x-7z-compressed" || type == "application/x-rar-compressed" ||
      type == "application/vnd.rar" || type == "application/gzip" || type == "application/x-gzip" ||
      type == "application/x-tar" || ends({".zip", ".7z", ".rar", ".gz", ".tgz", ".tar"})) {
    return "an archive: the files in it are not opened; open it and ingest them";
  }
  if (type == "application/msword" || type == "application/vnd.ms-excel" ||
      type == "application/vnd.ms-powerpoint" || ends({".doc", ".xls", ".ppt"})) {
    return "a legacy Office file (Word, Excel or PowerPoint 97-2003): its text is not read; "
           "save it as .docx, .xlsx or .pptx and ingest that";
  }
  return "";
}

// Archives opened inside one another: an attached zip is the first.
constexpr int kMaxArchiveDepth = 3;

// The type of a file in an archive, from its name (an archive says nothing else): what the
// readers of attachments go by. Office files and PDFs are known by their name anyway.
std::string_view ContentTypeOfName(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes = {{
      {".csv", "text/csv"},
      {".tsv", "text/tab-separated-values"},
      {".txt", "text/plain"},
      {".text", "text/plain"},
      {".eml", "text/plain"},
      {".htm", "text/html"},
      {".html", "text/html"},
      {".xml", "application/xml"},
      {".json", "application/json"},
      {".vcf", "text/vcard"},
      {".ics", "text/calendar"},
      {".md", "text/plain"},
  }};
  for (const auto& [suffix, type] : kTypes) {
    if (name.size() >= suffix.size() &&
        g_ascii_strcasecmp(std::string(name.substr(name.size() - suffix.size())).c_str(),
                           std::string(suffix).c_str()) == 0)
      return type;
  }
  return "application/octet-stream";
}

// "<table" in any letter case: HTML without it has no table to read.
bool HasTableTag(std::string_view html) {
  for (size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.size() - at >= 6 && g_ascii_strncasecmp(html.data() + at + 1, "table", 5) == 0) {
      return true;
    }
  }
  return false;
}

// GMime's base64 decoder skips bytes outside the alphabet without a word; the message
// then reads as if they were not there. Count them, so the loss is a recorded defect.
size_t Base64Garbage(GMimeDataWrapper* content) {
  if (g_mime_data_wrapper_get_encoding(content) != GMIME_CONTENT_ENCODING_BASE64) return 0;
  GMimeStream* raw = g_mime_data_wrapper_get_stream(content); /* transfer none */
  if (!raw) return 0;
  g_mime_stream_reset(raw);
  static const std::array<bool, 256> kGood = [] {  // the alphabet, '=' and white space
    std::array<bool, 256> good{};
    for (int c = 0; c < 256; ++c) {
      good[static_cast<size_t>(c)] =
          g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=' || g_ascii_isspace(c);
    }
    return good;
  }();
  size_t bad = 0;
  char buffer[16384];
  for (ssize_t n; (n = g_mime_stream_read(raw, buffer, sizeof buffer)) > 0;) {
    for (ssize_t i = 0; i < n; ++i) bad += !kGood[static_cast<unsigned char>(buffer[i])];
  }
  g_mime_stream_reset(raw);
  return bad;
}

bool IsAddressFieldName(std::string_view name) {
  for (const auto& f : kAddressFields) {
    if (name.size() == f.header.size() &&
        g_ascii_strncasecmp(name.data(), f.header.data(), name.size()) == 0)
      return true;
  }
  return false;
}

// The top-level header block [0, header_end) within the limits of `o`: fields past
// max_header_fields, and address fields past max_address_header_bytes together (the one that
// crosses it cut after its last whole address), are left out, each with a defect saying what.
// Returns `bytes` itself when nothing is left out, else a view of `storage`.
std::string_view LimitHeaders(std::string_view bytes, size_t header_end, const MailParseOptions& o,
                              std::string* storage, std::vector<MailDefect>* defects) {
  if (header_end < o.max_address_header_bytes &&
      static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + header_end, '\n')) <
          o.max_header_fields)
    return bytes;  // fewer lines than fields allowed, fewer bytes than addresses allowed
  std::string out;
  size_t kept = 0, address_bytes = 0;
  size_t over_fields = 0, over_fields_bytes = 0, over_fields_first = 0;
  size_t over_address = 0, over_address_bytes = 0, over_address_first = 0;
  for (size_t b = 0; b < header_end;) {
    size_t e = b;
    do {  // the field's lines: the first, and each that starts with white space
      const size_t nl = bytes.find('\n', e);
      e = nl == std::string_view::npos || nl >= header_end ? header_end : nl + 1;
    } while (e < header_end && (bytes[e] == ' ' || bytes[e] == '\t'));
    const std::string_view field = bytes.substr(b, e - b);
    const size_t colon = field.find(':');
    const bool address =
        colon != std::string_view::npos && IsAddressFieldName(TrimView(field.substr(0, colon)));
    if (kept >= o.max_header_fields) {
      if (over_fields++ == 0) over_fields_first = b;
      over_fields_bytes += field.size();
    } else if (address && address_bytes + field.size() > o.max_address_header_bytes) {
      // What fits of it, up to its last comma: whole addresses only.
      const size_t room = o.max_address_header_bytes - address_bytes;
      const size_t comma = room == 0 ? std::string_view::npos : field.rfind(',', room - 1);
      size_t taken = 0;
      if (comma != std::string_view::npos && comma > colon) {
        taken = comma;
        out.append(field.substr(0, taken));
        out.push_back('\n');
        ++kept;
      }
      if (over_address++ == 0) over_address_first = b + taken;
      over_address_bytes += field.size() - taken;
      address_bytes = o.max_address_header_bytes;
    } else {
      if (address) address_bytes += field.size();
      out.append(field);
      ++kept;
    }
    b = e;
  }
  if (over_fields == 0 && over_address == 0) return bytes;
  if (over_fields > 0) {
    defects->push_back(
        {"header-limit", "",
         fmt::format("{} header fields read; {} more ({} bytes, the first at byte {}) not read: "
                     "over the limit of {} fields a message",
                     kept, over_fields, over_fields_bytes, over_fields_first,
                     o.max_header_fields)});
  }
  if (over_address > 0) {
    defects->push_back(
        {"address-limit", "",
         fmt::format("address fields read up to {} bytes together; {} bytes of {} field(s) not "
                     "read (the first at byte {})",
                     o.max_address_header_bytes, over_address_bytes, over_address,
                     over_address_first)});
  }
  out.append(bytes.substr(header_end));
  *storage = std::move(out);
  return *storage;
}

// `bytes` without what follows its (max_mime_parts + 1)th boundary line (a line "--" + a
// boundary some Content-Type of the message declares), with a defect saying where it stops:
// GMime builds an object for every part it reads, so half a million empty parts took more than
// a gigabyte. Returns `bytes` itself when it has no more parts than that.
std::string_view LimitParts(std::string_view bytes, size_t max_parts, std::string* storage,
                            std::vector<MailDefect>* defects) {
  size_t dash_lines = 0;
  for (size_t at = bytes.find("\n--"); at != std::string_view::npos && dash_lines <= max_parts;
       at = bytes.find("\n--", at + 3))
    ++dash_lines;
  if (dash_lines <= max_parts) return bytes;
  std::unordered_set<std::string_view> boundaries;
  for (size_t at = bytes.find("oundary="); at != std::string_view::npos;
       at = bytes.find("oundary=", at + 8)) {
    if (at == 0 || (bytes[at - 1] != 'b' && bytes[at - 1] != 'B')) continue;
    size_t v = at + 8;
    size_t end;
    if (v < bytes.size() && bytes[v] == '"') {
      end = bytes.find('"', ++v);
    } else {
      end = bytes.find_first_of("; \t\r\n", v);
    }
    if (end == std::string_view::npos) end = bytes.size();
    if (end > v) boundaries.insert(bytes.substr(v, end - v));
  }
  if (boundaries.empty()) return bytes;
  size_t delimiters = 0;
  for (size_t at = bytes.find("\n--"); at != std::string_view::npos;
       at = bytes.find("\n--", at + 3)) {
    const size_t start = at + 1;
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start + 2, end - start - 2);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    if (!boundaries.contains(line) &&
        !(line.ends_with("--") && boundaries.contains(line.substr(0, line.size() - 2))))
      continue;
    if (++delimiters <= max_parts) continue;
    defects->push_back(
        {"part-limit", "",
         fmt::format("more than {} MIME parts: the first {} bytes read, the last {} bytes (from "
                     "byte {}) not read",
                     max_parts, start, bytes.size() - start, start)});
    storage->assign(bytes.substr(0, start));
    return *storage;
  }
  return bytes;
}

// The defects of an Outlook reading (MapiAsMime::defects, per message in pre-order) onto the
// messages ParseMail made of it, the first of them at `first`; those it made no message for go
// to the first.
void AddMapiDefects(std::vector<std::vector<MailDefect>>* defects, size_t first, ParsedMail* mail) {
  for (size_t k = 0; k < defects->size(); ++k) {
    const size_t at = first + k < mail->messages.size() ? first + k : first;
    for (MailDefect& d : (*defects)[k]) mail->messages[at].defects.push_back(std::move(d));
  }
}

class Walker {
 public:
  Walker(ParsedMail* mail, GMimeParserOptions* options, WarningSink* sink,
         const MailParseOptions& limits)
      : mail_(mail), options_(options), sink_(sink), limits_(limits) {}

  /// The Message-ID a report's returned headers name ("" when none was met).
  const std::string& returned_message_id() const { return returned_message_id_; }

  void Walk(GMimeObject* object, const std::string& path, int message_index, int depth,
            bool is_root) {
    if (!object) return;
    if (!GMIME_IS_MULTIPART(object) && ++parts_seen_ > limits_.max_mime_parts) {
      if (parts_seen_ == limits_.max_mime_parts + 1) {
        mail_->messages[static_cast<size_t>(message_index)].defects.push_back(
            {"part-limit", path,
             fmt::format("more than {} MIME parts: this part and the ones after it not read",
                         limits_.max_mime_parts)});
      }
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* mp = GMIME_MULTIPART(object);
      const int n = g_mime_multipart_get_count(mp);
      if (n == 0 && Recover(mp, path, message_index, depth, is_root)) return;
      for (int i = 0; i < n; ++i) {
        Walk(g_mime_multipart_get_part(mp, i) /* transfer none */, ChildPath(path, i),
             message_index, depth, false);
      }
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      // A message/rfc822 that is the whole body of its message would share that
      // message's path: number it as the first child instead.
      const bool same_path = path == mail_->messages[static_cast<size_t>(message_index)].mime_path;
      WalkMessagePart(GMIME_MESSAGE_PART(object), same_path ? ChildPath(path, 0) : path,
                      message_index, depth);
      return;
    }
    if (GMIME_IS_PART(object)) Leaf(GMIME_PART(object), path, message_index, depth, is_root);
  }

 private:
  // A multipart none of whose parts GMime found: the boundary its header names is not in its
  // body (a client or a hand that changed one and not the other), so the whole body is its
  // prologue. When the body's own delimiter lines say which boundary it uses ("--X" at a
  // line's start, again further on), the body is read again with it; otherwise as one text
  // part. Either way a defect says so: the parts are not lost in silence.
  bool Recover(GMimeMultipart* mp, const std::string& path, int message_index, int depth,
               bool is_root) {
    const char* prologue = g_mime_multipart_get_prologue(mp); /* transfer none */
    if (prologue == nullptr || *prologue == '\0') return false;
    // A few per mail: a multipart recovered holds another to recover, and so on, a copy of
    // the body each time (a crafted message nests thousands).
    MailMessage& m = mail_->messages[static_cast<size_t>(message_index)];
    if (++recoveries_ > kMaxRecoveries) {
      m.defects.push_back({"boundary-mismatch", path,
                           fmt::format("the boundary its Content-Type names is not in the body, "
                                       "and more than {} such multiparts in this mail: not read",
                                       kMaxRecoveries)});
      return true;
    }
    std::string body(prologue);
    if (const std::string boundary = BoundaryInBody(body); !boundary.empty()) {
      const std::string type = MimeType(GMIME_OBJECT(mp));
      std::string part = "Content-Type: " + type + "; boundary=\"" + boundary + "\"\r\n\r\n" + body;
      auto stream = GObjectPtr<GMimeStream>::Adopt(
          g_mime_stream_mem_new_with_buffer(part.data(), part.size())); /* full: a copy */
      std::string().swap(part);
      auto parser =
          GObjectPtr<GMimeParser>::Adopt(g_mime_parser_new_with_stream(stream.get())); /* full */
      auto again = GObjectPtr<GMimeObject>::Adopt(
          g_mime_parser_construct_part(parser.get(), options_)); /* full */
      if (again && GMIME_IS_MULTIPART(again.get()) &&
          g_mime_multipart_get_count(GMIME_MULTIPART(again.get())) > 0) {
        m.defects.push_back(
            {"boundary-mismatch", path,
             "the boundary its Content-Type names is not in the body; read with the one the "
             "body uses"});
        std::string().swap(body);  // the parts read again hold what it held
        Walk(again.get(), path, message_index, depth, is_root);
        return true;
      }
    }
    m.defects.push_back({"boundary-mismatch", path,
                         "no part found: the boundary its Content-Type names is not in the body; "
                         "the body is read as one text"});
    MailPart p;
    p.mime_path = path;
    p.content_type = "text/plain";
    p.size = body.size();
    p.sha256 = Sha256Hex(body);
    std::vector<MailPart> entries;
    ExtractText(body, &p, &m, 0, &entries);
    text_bytes_ += p.text.size();
    m.parts.push_back(std::move(p));
    return true;
  }

  // The boundary a multipart's body uses: the first line "--X" (X of boundary characters, at
  // most 70) whose "--X" is written again on a later line.
  static std::string BoundaryInBody(std::string_view body) {
    int candidates = 0;  // each looked for in the rest of the body: a few only
    for (size_t at = 0; at < body.size() && candidates < 8;) {
      size_t end = body.find('\n', at);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(at, end - at);
      if (line.ends_with('\r')) line.remove_suffix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      if (line.size() > 2 && line.size() <= 72 && line.starts_with("--") &&
          line.find_first_of(" \t") == std::string_view::npos) {
        const std::string_view token = line.substr(2);
        ++candidates;
        if (body.find("\n--" + std::string(token), end) != std::string_view::npos)
          return std::string(token.ends_with("--") ? token.substr(0, token.size() - 2) : token);
      }
      at = end + 1;
    }
    return {};
  }

  void WalkMessagePart(GMimeMessagePart* part, const std::string& path, int message_index,
                       int depth) {
    GMimeObject* object = GMIME_OBJECT(part);
    GMimeMessage* nested = g_mime_message_part_get_message(part); /* transfer none */
    MailPart record;
    record.mime_path = path;
    record.content_type = MimeType(object);
    if (const char* d = g_mime_object_get_disposition(object)) record.disposition = AsciiLower(d);
    // Its name, as a leaf's (g_mime_part_get_filename): the disposition's, else the type's.
    const char* name = g_mime_object_get_content_disposition_parameter(object, "filename");
    if (!name) name = g_mime_object_get_content_type_parameter(object, "name"); /* none */
    if (name) record.filename = ValidUtf8(name);
    record.is_attachment = true;
    if (nested) {
      // Size and hash of the enclosed message as GMime writes it back.
      std::string bytes = TakeGString(g_mime_object_to_string(GMIME_OBJECT(nested), nullptr));
      record.size = bytes.size();
      record.sha256 = Sha256Hex(bytes);
    }
    mail_->messages[static_cast<size_t>(message_index)].parts.push_back(std::move(record));
    if (!nested) return;
    if (depth + 1 > limits_.max_depth) {
      mail_->messages[static_cast<size_t>(message_index)].defects.push_back(
          {"depth-limit", path,
           fmt::format("message/rfc822 nested deeper than {} levels: kept as an attachment",
                       limits_.max_depth)});
      return;
    }
    WalkNested(nested, path, message_index, depth);
  }

  // A message inside message `message_index` (a message/rfc822 part's, or a TNEF part's), at
  // `path`: its headers, then its body. Returns its index.
  int WalkNested(GMimeMessage* nested, const std::string& path, int message_index, int depth) {
    MailMessage child;
    child.parent = message_index;
    child.depth = depth + 1;
    child.mime_path = path;
    mail_->messages.push_back(std::move(child));
    const int child_index = static_cast<int>(mail_->messages.size() - 1);
    sink_->current = static_cast<size_t>(child_index);
    ReadHeaders(nested, options_, limits_.max_addresses, &mail_->messages.back());
    // The body's parts are numbered under the message/rfc822 part's path; a single-part
    // body takes that path itself.
    Walk(g_mime_message_get_mime_part(nested) /* transfer none */, path, child_index, depth + 1,
         false);
    sink_->current = static_cast<size_t>(message_index);
    return child_index;
  }

  // A TNEF part (winmail.dat): the message Exchange packed into it, read as a nested message
  // at the part's path (its first child's when the part is the whole message), so that its
  // body and attachments are read; TnefToMime's defects go to the messages they concern.
  void ReadTnef(const std::string& bytes, const std::string& path, int message_index, int depth) {
    if (depth + 1 > limits_.max_depth) {
      mail_->messages[static_cast<size_t>(message_index)].defects.push_back(
          {"depth-limit", path,
           fmt::format("a TNEF part nested deeper than {} levels: kept as an attachment",
                       limits_.max_depth)});
      return;
    }
    auto tnef = TnefToMime(bytes, limits_.max_depth - depth - 1);
    if (!tnef) {
      mail_->messages[static_cast<size_t>(message_index)].defects.push_back(
          {"tnef-unreadable", path, tnef.error().message});
      return;
    }
    auto stream = GObjectPtr<GMimeStream>::Adopt(
        g_mime_stream_mem_new_with_buffer(tnef->mime.data(), tnef->mime.size())); /* full */
    auto parser =
        GObjectPtr<GMimeParser>::Adopt(g_mime_parser_new_with_stream(stream.get())); /* full */
    auto nested = GObjectPtr<GMimeMessage>::Adopt(
        g_mime_parser_construct_message(parser.get(), options_)); /* full */
    if (!nested) {
      mail_->messages[static_cast<size_t>(message_index)].defects.push_back(
          {"tnef-unreadable", path, "the message of this TNEF part could not be written out"});
      return;
    }
    const bool same_path = path == mail_->messages[static_cast<size_t>(message_index)].mime_path;
    const int first =
        WalkNested(nested.get(), same_path ? ChildPath(path, 0) : path, message_index, depth);
    AddMapiDefects(&tnef->defects, static_cast<size_t>(first), mail_);
  }

  void Leaf(GMimePart* part, const std::string& path, int message_index, int depth, bool is_root) {
    GMimeObject* object = GMIME_OBJECT(part);
    MailMessage& m = mail_->messages[static_cast<size_t>(message_index)];
    MailPart p;
    p.mime_path = path;
    p.content_type = MimeType(object);
    if (const char* d = g_mime_object_get_disposition(object)) p.disposition = AsciiLower(d);
    if (const char* f = g_mime_part_get_filename(part)) p.filename = ValidUtf8(f); /* none */
    if (const char* cs = g_mime_object_get_content_type_parameter(object, "charset"))
      p.charset = ValidUtf8(cs);
    p.is_attachment = p.disposition == "attachment" || !p.filename.empty() ||
                      (!is_root && !p.content_type.starts_with("text/"));

    std::string bytes;
    std::vector<MailPart> entries;  // the files of an attached archive, read after it
    if (GMimeDataWrapper* content = g_mime_part_get_content(part)) { /* transfer none */
      if (const size_t bad = Base64Garbage(content)) {
        m.defects.push_back({"base64-invalid", path,
                             fmt::format("{} byte{} outside the base64 alphabet skipped", bad,
                                         bad == 1 ? "" : "s")});
      }
      GObjectPtr<GMimeStream> mem = GObjectPtr<GMimeStream>::Adopt(g_mime_stream_mem_new());
      g_mime_data_wrapper_write_to_stream(content, mem.get());
      GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get())); /* none */
      if (array) bytes.assign(reinterpret_cast<const char*>(array->data), array->len);
    }
    p.size = bytes.size();
    p.sha256 = Sha256Hex(bytes);
    // A report's returned headers: the message it reports on (ThreadReportWithItsMessage).
    if (message_index == 0 && returned_message_id_.empty() &&
        (p.content_type == "text/rfc822-headers" || p.content_type == "message/rfc822-headers")) {
      returned_message_id_ = MessageIdOfHeaderText(options_, bytes);
    }
    if (bytes.empty() && p.is_attachment) {
      // Nothing to read; said, so that the DPO sees a file that was maybe not the one meant
      // (a workbook of no bytes is no "workbook without a sheet").
      m.defects.push_back({"attachment-empty", path, "an empty file (0 bytes): nothing in it"});
    } else if (bytes.size() > limits_.max_text_part_bytes) {
      m.defects.push_back({"text-not-extracted", path,
                           fmt::format("{} bytes, over the {} byte limit", bytes.size(),
                                       limits_.max_text_part_bytes)});
    } else {
      ExtractText(bytes, &p, &m, 0, &entries);
      text_bytes_ += p.text.size();
    }
    // A TNEF part is known by its signature, whatever its type or name says.
    const bool tnef = LooksLikeTnef(bytes) && bytes.size() <= limits_.max_text_part_bytes;
    if (LooksLikeTnef(bytes) && !tnef)
      m.defects.push_back(
          {"tnef-not-read", path, "a TNEF part over the size limit: the files in it are not read"});
    m.parts.push_back(std::move(p));
    for (MailPart& e : entries) m.parts.push_back(std::move(e));
    if (tnef) ReadTnef(bytes, path, message_index, depth);  // m is not used after: it may move
  }

  // The text budget of the message is spent: the part is hashed, its text not extracted.
  bool OverTextLimit(uint64_t more, const MailPart& p, MailMessage* m) {
    if (text_bytes_ + more <= limits_.max_text_bytes) return false;
    m->defects.push_back(
        {"text-limit", p.mime_path,
         fmt::format("{} bytes of text already extracted from this message, the limit is {}: "
                     "the text of this part not extracted (its bytes hashed)",
                     text_bytes_, limits_.max_text_bytes)});
    return true;
  }

  // `archive_depth`: the archives `p` is in (0 for a MIME part); the files of an archive `p`
  // is go to `entries`.
  void ExtractText(const std::string& bytes, MailPart* p, MailMessage* m, int archive_depth,
                   std::vector<MailPart>* entries) {
    const bool html = p->content_type == "text/html";
    const TableFormat table_format = TableFormatOf(p->content_type, p->filename);
    if (p->content_type == "text/plain" || html ||
        (p->is_attachment && IsTextualAttachmentType(p->content_type))) {
      if (OverTextLimit(bytes.size(), *p, m)) return;
      DecodedText decoded = DecodeToUtf8(bytes, p->charset);
      p->decoded_with = decoded.used;
      p->charset_fallback = decoded.fallback;
      if (decoded.fallback && !bytes.empty()) {
        m->defects.push_back({"charset-fallback", p->mime_path,
                              fmt::format("declared '{}', read as {}", p->charset, decoded.used)});
      }
      if (table_format != TableFormat::kNone) ReadTables(decoded.text, table_format, p, m);
      bool too_deep = false;
      p->text = html ? HtmlToText(decoded.text, &too_deep) : std::move(decoded.text);
      // One line end: a copy of the mail kept with CRLF (a server's) reads as the LF copy
      // does (its signature's name was found in one and not the other, and the two were then
      // no duplicates).
      if (!html && p->text.find('\r') != std::string::npos) {
        std::string lf;
        lf.reserve(p->text.size());
        for (size_t k = 0; k < p->text.size(); ++k) {
          if (p->text[k] != '\r') {
            lf.push_back(p->text[k]);
          } else if (k + 1 >= p->text.size() || p->text[k + 1] != '\n') {
            lf.push_back('\n');  // a bare CR (an old Mac's text) ends a line too
          }
        }
        p->text = std::move(lf);
      }
      if (too_deep) {
        m->defects.push_back({"html-depth-limit", p->mime_path,
                              "HTML nested deeper than libxml2 reads (256 elements): its text "
                              "read with the markup dropped, without the layout"});
      }
      p->has_text = true;
      return;
    }
    if (IsPdf(p->content_type, p->filename)) {
      ExtractPdfText(bytes, p, m);
      return;
    }
    ExtractOfficeText(bytes, p, m);
    if (table_format != TableFormat::kNone) ReadTables(bytes, table_format, p, m);
    if (p->is_attachment && !p->has_text && table_format == TableFormat::kNone &&
        LooksLikeZip(bytes) &&
        OfficeFormatOf(p->content_type, p->filename) == OfficeFormat::kNone) {
      ReadArchive(bytes, *p, m, archive_depth + 1, entries);
      return;
    }
    if (p->is_attachment && !p->has_text && table_format == TableFormat::kNone) {
      // Recorded, not skipped silently: what it holds is counted nowhere.
      if (const std::string_view why = UnreadContent(p->content_type, p->filename); !why.empty()) {
        m->defects.push_back(
            {"attachment-not-read", p->mime_path,
             fmt::format("{}: {}", p->filename.empty() ? "no name" : p->filename, why)});
      }
    }
  }

  // The files of an attached zip archive (a zipped payroll, a folder of CVs), each read as an
  // attachment of its own at "PATH/N" (N from 1, in the archive's order) and named
  // "ARCHIVE!/ENTRY", under one bound on the bytes the whole archive uncompresses to (a zip
  // bomb stops there). An encrypted file, a file past a limit and an archive libzip cannot
  // read are defects naming them: never a silent loss.
  void ReadArchive(const std::string& bytes, const MailPart& archive, MailMessage* m, int depth,
                   std::vector<MailPart>* entries) {
    const std::string name = archive.filename.empty() ? "an archive" : archive.filename;
    if (depth > kMaxArchiveDepth) {
      m->defects.push_back(
          {"attachment-not-read", archive.mime_path,
           fmt::format("{}: an archive inside {} others: the files in it are not opened; open "
                       "it and ingest them",
                       name, kMaxArchiveDepth)});
      return;
    }
    // One bound for the attached archive and every archive inside it.
    if (depth == 1) archive_budget_ = limits_.max_text_part_bytes;
    auto zip = OfficeZip::Open(bytes, archive_budget_);
    if (!zip) {
      m->defects.push_back({"attachment-unreadable", archive.mime_path,
                            fmt::format("{}: {}", name, zip.error().message)});
      return;
    }
    int n = 0;
    for (const auto& [entry_name, index] : zip->Entries()) {
      if (entry_name.ends_with('/')) continue;  // a folder
      MailPart e;
      e.mime_path = archive.mime_path.empty() ? std::to_string(++n)
                                              : fmt::format("{}/{}", archive.mime_path, ++n);
      if (++parts_seen_ > limits_.max_mime_parts) {
        m->defects.push_back(
            {"part-limit", e.mime_path,
             fmt::format("more than {} MIME parts and archived files: {} and the files after it "
                         "in the archive not read",
                         limits_.max_mime_parts, name)});
        return;
      }
      const std::string entry = ValidUtf8(entry_name);
      e.filename = ContainerPath(name, entry);
      e.content_type = std::string(ContentTypeOfName(entry));
      e.disposition = "attachment";
      e.is_attachment = true;
      const OfficeZip::Stat stat = zip->StatOf(index);
      if (stat.encrypted) {
        m->defects.push_back({"attachment-encrypted", e.mime_path,
                              fmt::format("{}: encrypted in its archive (a password): its content "
                                          "is not read",
                                          e.filename)});
        e.size = stat.size;
        entries->push_back(std::move(e));
        continue;
      }
      OfficeZip::Part read = zip->Read(index);
      archive_budget_ = zip->budget_left();
      if (read.cut) {
        m->defects.push_back(
            {"archive-limit", e.mime_path,
             fmt::format("{}: the archive uncompresses to more than {} bytes: this file and the "
                         "ones after it are not read",
                         e.filename, limits_.max_text_part_bytes)});
        e.size = stat.size;
        entries->push_back(std::move(e));
        return;
      }
      if (!read.unreadable.empty()) {
        m->defects.push_back({"attachment-unreadable", e.mime_path,
                              fmt::format("{}: {}", e.filename, read.unreadable)});
        e.size = stat.size;
        entries->push_back(std::move(e));
        continue;
      }
      e.size = read.bytes.size();
      e.sha256 = Sha256Hex(read.bytes);
      std::vector<MailPart> inner;
      ExtractText(read.bytes, &e, m, depth, &inner);
      zip->Limit(archive_budget_);  // what an archive inside it spent
      text_bytes_ += e.text.size();
      entries->push_back(std::move(e));
      for (MailPart& x : inner) entries->push_back(std::move(x));
    }
  }

  // The text of a PDF, pages in order; a PDF that cannot be read (encrypted, broken) is a
  // defect naming the part, its bytes still hashed.
  void ExtractPdfText(const std::string& bytes, MailPart* p, MailMessage* m) {
    if (OverTextLimit(1, *p, m)) return;
    // The message's text budget left bounds this attachment's extraction too.
    const uint64_t budget = std::min(kMaxPdfTextBytes, limits_.max_text_bytes - text_bytes_);
    auto text = breachkit::ExtractPdfText(bytes, budget);
    if (!text) {
      m->defects.push_back({"attachment-unreadable", p->mime_path, text.error().message});
      return;
    }
    if (text->truncated) {
      // Stopped by what was left of the message's budget: the budget is spent (the parts
      // after it get a text-limit defect, not an extraction of a few bytes each).
      const bool by_budget = text->text_limit && budget < kMaxPdfTextBytes;
      if (by_budget) text_bytes_ = limits_.max_text_bytes;
      m->defects.push_back(
          {"extraction-limit", p->mime_path,
           fmt::format("PDF {}{}", text->why,
                       by_budget ? " (what was left of the message's text limit)" : "")});
    }
    p->text = std::move(text->text);
    p->decoded_with = "utf-8";
    p->has_text = true;
  }

  // The text of a DOCX/XLSX/PPTX/ODF attachment.
  void ExtractOfficeText(const std::string& bytes, MailPart* p, MailMessage* m) {
    const OfficeFormat office = OfficeFormatOf(p->content_type, p->filename);
    if (office != OfficeFormat::kNone) {
      if (OverTextLimit(1, *p, m)) return;
      // The message's text budget left bounds this attachment's extraction too.
      const uint64_t budget =
          std::min(kMaxOfficeUncompressed, limits_.max_text_bytes - text_bytes_);
      auto text = breachkit::ExtractOfficeText(bytes, office, budget);
      if (!text) {
        m->defects.push_back({"attachment-unreadable", p->mime_path, text.error().message});
        return;
      }
      // Stopped by what was left of the message's budget: the budget is spent (the parts
      // after it get a text-limit defect, not an extraction of a few bytes each).
      if (text->truncated && budget < kMaxOfficeUncompressed) text_bytes_ = limits_.max_text_bytes;
      if (text->truncated) {
        m->defects.push_back(
            {"extraction-limit", p->mime_path,
             fmt::format("text extraction stopped at {} bytes uncompressed{}", budget,
                         budget < kMaxOfficeUncompressed
                             ? " (what was left of the message's text limit)"
                             : "")});
      }
      for (std::string& why : text->partly_read) {
        m->defects.push_back({"attachment-partly-read", p->mime_path, std::move(why)});
      }
      p->text = ValidUtf8(text->text);
      p->decoded_with = "utf-8";
      p->has_text = true;
    }
  }

  // The tables of a part (`content` is its decoded text, or its bytes). Their cells count
  // against the message's text budget; an HTML body keeps only tables that look like data (at
  // least two rows and two columns): most HTML mail is laid out with tables.
  void ReadTables(std::string_view content, TableFormat format, MailPart* p, MailMessage* m) {
    const bool html_body = format == TableFormat::kHtml && !p->is_attachment;
    if (format == TableFormat::kHtml && !HasTableTag(content)) return;  // no second parse
    if (text_bytes_ >= limits_.max_text_bytes) {
      m->defects.push_back({"table-limit", p->mime_path,
                            fmt::format("{} bytes of text already extracted from this message, "
                                        "the limit is {}: its tables not read",
                                        text_bytes_, limits_.max_text_bytes)});
      return;
    }
    TableLimits table_limits = limits_.table_limits;
    table_limits.max_total_bytes =
        std::min(table_limits.max_total_bytes, limits_.max_text_bytes - text_bytes_);
    auto tables = ExtractTables(content, format, table_limits);
    if (!tables) {
      m->defects.push_back({"table-unreadable", p->mime_path, tables.error().message});
      return;
    }
    if (html_body) {
      std::erase_if(*tables, [](const Table& t) {
        return !t.truncated && (t.rows.size() < 2 || TableWidth(t) < 2);
      });
    }
    for (const Table& t : *tables) {
      // A sheet's rows not read are not read at all (its text is its rows: scanning it would
      // give their data to no one, a million rows at a time); a document's or a page's text
      // is still scanned, and what it shows of the rows not read has no owner.
      if (t.truncated) {
        const char* rest = !p->is_attachment ? ""
                           : IsSheetFormat(format)
                               ? "; their data not recorded"
                               : "; what the part's text shows of them recorded with no owner";
        m->defects.push_back({"table-limit", p->mime_path, t.why + rest});
      }
      for (const std::string& problem : t.problems) {
        m->defects.push_back({"table-malformed", p->mime_path, problem});
      }
    }
    text_bytes_ += TableBytes(*tables);
    p->tables = std::move(*tables);
  }

  ParsedMail* mail_;
  std::string returned_message_id_;  // the Message-ID in a report's returned headers
  GMimeParserOptions* options_;
  static constexpr int kMaxRecoveries = 8;
  int recoveries_ = 0;  // multiparts read again with their body's boundary (Recover)
  WarningSink* sink_;
  const MailParseOptions& limits_;
  size_t parts_seen_ = 0;        // leaves and message/rfc822 parts walked, in every message
  uint64_t text_bytes_ = 0;      // text extracted from every message of the parse
  uint64_t archive_budget_ = 0;  // bytes an attached archive and those inside it may still give
};

}  // namespace

void InitMime() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    ChooseAddressPath();
    // libxml2 (HTML bodies) must be initialised before threads use it.
    xmlInitParser();
    std::atexit([] { g_mime_shutdown(); });
  });
}

bool PlainAddressReaderInUse() {
  InitMime();
  return ActiveAddressPath() == AddressPath::kPlainReader;
}

Result<ParsedMail> ParseMail(std::string_view bytes, const MailParseOptions& options) {
  InitMime();
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // a BOM is not a header
  // Lines ended by a bare CR (classic Mac OS, some exports): GMime knows only LF and CRLF,
  // and would read the whole message as one header line.
  std::string copy;
  const bool cr_only =
      bytes.find('\n') == std::string_view::npos && bytes.find('\r') != std::string_view::npos;
  if (cr_only) {
    copy.assign(bytes);
    std::replace(copy.begin(), copy.end(), '\r', '\n');
    bytes = copy;
  }
  // A NUL byte in the headers (forbidden by RFC 5322, seen in broken exports) would end
  // GMime's C strings there: the rest of the header, addresses included, would be lost.
  // Read as a space instead; the body keeps its bytes.
  size_t header_end = bytes.find("\n\n");
  if (const size_t crlf = bytes.find("\r\n\r\n"); crlf < header_end) header_end = crlf;
  const std::string_view headers = bytes.substr(0, header_end);
  const bool nul_in_headers = headers.find('\0') != std::string_view::npos;
  if (nul_in_headers) {
    if (copy.empty()) copy.assign(bytes);
    std::replace(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(headers.size()), '\0',
                 ' ');
    bytes = copy;
  }
  // Bounded before GMime reads it: GMime builds an object for every header and part.
  std::vector<MailDefect> limit_defects;
  std::string parts_limited, headers_limited;
  bytes = LimitParts(bytes, options.max_mime_parts, &parts_limited, &limit_defects);
  // The header block with the line end of its last field, without the empty line.
  size_t block_end = bytes.find("\n\n");
  block_end = block_end == std::string_view::npos ? bytes.size() : block_end + 1;
  if (const size_t crlf = bytes.find("\r\n\r\n"); crlf != std::string_view::npos)
    block_end = std::min(block_end, crlf + 2);
  bytes = LimitHeaders(bytes, block_end, options, &headers_limited, &limit_defects);
  ParsedMail mail;
  mail.messages.emplace_back();
  // A message of no bytes (two From_ lines in a row) or only of blank lines has neither header
  // nor body: that is its defect, not GMime's "truncated at byte -1" (the stream ends before
  // the end of a header block it never began) nor a failure to read it.
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    mail.messages.front().defects.push_back(
        {"empty-message", "",
         bytes.empty() ? std::string("0 bytes: no header, no body")
                       : fmt::format("{} byte{} of blank lines: no header, no body", bytes.size(),
                                     bytes.size() == 1 ? "" : "s")});
    return mail;
  }
  WarningSink sink{&mail, 0};
  AddressHookScope address_hook;  // this parse's messages record their address headers
  ParserOptionsPtr parser_options = MakeParserOptions(&sink);

  GObjectPtr<GMimeStream> stream =
      GObjectPtr<GMimeStream>::Adopt(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser =
      GObjectPtr<GMimeParser>::Adopt(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObjectPtr<GMimeMessage> message = GObjectPtr<GMimeMessage>::Adopt(
      g_mime_parser_construct_message(parser.get(), parser_options.get())); /* transfer full */
  if (!message) return Fail(ErrorCode::kInvalidInput, "GMime could not read a message here");

  ReadHeaders(message.get(), parser_options.get(), options.max_addresses, &mail.messages.front());
  if (cr_only)
    mail.messages.front().defects.push_back(
        {"cr-line-ends", "", "lines end with a bare CR: read as LF"});
  if (nul_in_headers)
    mail.messages.front().defects.push_back(
        {"nul-in-headers", "", "NUL bytes in the headers read as spaces"});
  for (MailDefect& d : limit_defects) mail.messages.front().defects.push_back(std::move(d));
  Walker walker(&mail, parser_options.get(), &sink, options);
  walker.Walk(g_mime_message_get_mime_part(message.get()) /* transfer none */, "", 0, 0, true);
  sink.mail = nullptr;
  ThreadReportWithItsMessage(walker.returned_message_id(), &mail);
  return mail;
}

// The reading's defects go to the messages they concern (in pre-order, as ParseMail numbers
// them; any ParseMail did not read as a message, to the top level).
Result<ParsedMail> ParseMapiMime(Result<MapiAsMime> mapi, const MailParseOptions& options) {
  if (!mapi) return std::unexpected(mapi.error());
  auto mail = ParseMail(mapi->mime, options);
  if (!mail) return mail;
  AddMapiDefects(&mapi->defects, 0, &*mail);
  return mail;
}

Result<ParsedMail> ParseMsg(std::string_view bytes, const MailParseOptions& options) {
  InitMime();
  return ParseMapiMime(MsgToMime(bytes, options.max_depth), options);
}

Result<ParsedMail> ParseTnef(std::string_view bytes, const MailParseOptions& options) {
  InitMime();
  return ParseMapiMime(TnefToMime(bytes, options.max_depth), options);
}

Result<ParsedMail> ParseAsFormat(std::string_view format, std::string_view bytes,
                                 const MailParseOptions& options) {
  if (format == "msg") return ParseMsg(bytes, options);
  if (format == "tnef") return ParseTnef(bytes, options);
  return ParseMail(bytes, options);
}

}  // namespace breachkit
