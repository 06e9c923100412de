#include "core/mail/mapi_message.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gmime/gmime.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include "core/mail/charset.h"
#include "core/mail/mail_message.h"
#include "core/mail/mapi_model.h"
#include "core/util/ascii.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

using mapi::kPtBinary;
using mapi::kPtLong;
using mapi::kPtObject;
using mapi::kPtString8;
using mapi::kPtSystime;
using mapi::kPtUnicode;
using mapi::kSubject;
using mapi::Le32;
using mapi::Le64;
using mapi::MapiAttachment;
using mapi::MapiMessage;
using mapi::MapiProps;
using mapi::MessageCodepage;
using mapi::Utf16LeToUtf8;

// Property ids ([MS-OXPROPS]).
constexpr uint16_t kClientSubmitTime = 0x0039;
constexpr uint16_t kSentRepresentingName = 0x0042;
constexpr uint16_t kSentRepresentingEmail = 0x0065;
constexpr uint16_t kTransportHeaders = 0x007D;
constexpr uint16_t kRecipientType = 0x0C15;
constexpr uint16_t kSenderName = 0x0C1A;
constexpr uint16_t kSenderEmail = 0x0C1F;
constexpr uint16_t kMessageDeliveryTime = 0x0E06;
constexpr uint16_t kBody = 0x1000;
constexpr uint16_t kRtfCompressed = 0x1009;
constexpr uint16_t kHtml = 0x1013;
constexpr uint16_t kInternetMessageId = 0x1035;
constexpr uint16_t kInternetReferences = 0x1039;
constexpr uint16_t kInReplyTo = 0x1042;
constexpr uint16_t kDisplayName = 0x3001;
constexpr uint16_t kEmailAddress = 0x3003;
constexpr uint16_t kAttachDataObject = 0x3701;  // PT_BINARY bytes, or PT_OBJECT storage
constexpr uint16_t kAttachFilename = 0x3704;
constexpr uint16_t kAttachMethod = 0x3705;
constexpr uint16_t kAttachLongFilename = 0x3707;
constexpr uint16_t kAttachMimeTag = 0x370E;
constexpr uint16_t kSmtpAddress = 0x39FE;
constexpr uint16_t kInternetCpid = 0x3FDE;
constexpr uint16_t kMessageLocaleId = 0x3FF1;
constexpr uint16_t kMessageCodepage = 0x3FFD;
constexpr uint16_t kSenderSmtpAddress = 0x5D01;
constexpr uint16_t kSentRepresentingSmtpAddress = 0x5D02;

constexpr const char* kPropertiesStream = "__properties_version1.0";

using GsfInputPtr = GObjectPtr<GsfInput>;
using GsfInfilePtr = GObjectPtr<GsfInfile>;

// libgsf's OLE2 children are all GsfInfile objects; a stream is one with no children list.
bool IsStorage(GsfInput* input) {
  return input && GSF_IS_INFILE(input) && gsf_infile_num_children(GSF_INFILE(input)) >= 0;
}

// libgsf tells of a damaged OLE2 directory on GLib's log, on stderr and naming no file
// ("Unknown stream type 0xff", "ole_dirent_new: assertion … failed"). While a file is read on
// this thread, its messages are taken here instead, to become a defect of that file.
thread_local std::vector<std::string>* gsf_log_capture = nullptr;

void GsfLog(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
  if (!gsf_log_capture) {
    g_log_default_handler(domain, level, message, nullptr);
    return;
  }
  constexpr size_t kMaxKept = 64;  // a fuzzed directory can say it for every entry
  if (message && gsf_log_capture->size() < kMaxKept) gsf_log_capture->emplace_back(message);
}

// Takes libgsf's log messages on this thread for its lifetime.
class GsfLogCapture {
 public:
  GsfLogCapture() : outer_(gsf_log_capture) { gsf_log_capture = &messages_; }
  ~GsfLogCapture() { gsf_log_capture = outer_; }
  GsfLogCapture(const GsfLogCapture&) = delete;
  GsfLogCapture& operator=(const GsfLogCapture&) = delete;

  // "Unknown stream type 0xff (3 times); …", each message once, in the order first said; the
  // first few of them.
  std::string Summary() const {
    std::vector<std::pair<std::string_view, int>> seen;
    for (const std::string& m : messages_) {
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == m; });
      if (it == seen.end()) {
        seen.emplace_back(m, 1);
      } else {
        ++it->second;
      }
    }
    constexpr size_t kMaxSaid = 8;
    std::string out;
    for (size_t k = 0; k < seen.size() && k < kMaxSaid; ++k) {
      const auto& [message, count] = seen[k];
      if (!out.empty()) out += "; ";
      out += count > 1 ? fmt::format("{} ({} times)", message, count) : std::string(message);
    }
    if (seen.size() > kMaxSaid)
      out += fmt::format("; and {} other messages", seen.size() - kMaxSaid);
    return out;
  }
  bool empty() const { return messages_.empty(); }

 private:
  std::vector<std::string>* outer_;
  std::vector<std::string> messages_;
};

void InitGsf() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    const auto levels =
        static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
    g_log_set_handler("libgsf:msole", levels, GsfLog, nullptr);
    g_log_set_handler("libgsf", levels, GsfLog, nullptr);
    // gsf-infile logs with no domain ("Unable to get child[0] for infile …"): the default
    // domain's messages are taken too, on the reading thread only, while a file is read.
    g_log_set_handler(nullptr, levels, GsfLog, nullptr);
  });
}

// A stream's bytes; nullopt when it cannot be read or declares more than `max` bytes (the
// whole file's size: a corrupt directory entry must not make us allocate more).
std::optional<std::string> ReadStream(GsfInput* input, size_t max) {
  const gsf_off_t size = gsf_input_size(input);
  if (size < 0 || static_cast<uint64_t>(size) > max) return std::nullopt;
  std::string bytes(static_cast<size_t>(size), '\0');
  if (size > 0 &&
      !gsf_input_read(input, static_cast<size_t>(size), reinterpret_cast<guint8*>(bytes.data())))
    return std::nullopt;
  return bytes;
}

// The Windows code page of a charset name iconv knows ("" when none).
std::string CodepageCharset(uint32_t cp) {
  switch (cp) {
    case 932: return "shift_jis";
    case 936: return "gbk";
    case 949: return "euc-kr";
    case 950: return "big5";
    case 874: return "windows-874";
    case 1200: return "utf-16le";
    case 20127: return "us-ascii";
    case 20866: return "koi8-r";
    case 21866: return "koi8-u";
    case 28591: return "iso-8859-1";
    case 50220:
    case 50221:
    case 50222: return "iso-2022-jp";
    case 51932: return "euc-jp";
    case 54936: return "gb18030";
    case 65001: return "utf-8";
    default: break;
  }
  if (cp >= 1250 && cp <= 1258) return fmt::format("windows-{}", cp);
  if (cp >= 28592 && cp <= 28605) return fmt::format("iso-8859-{}", cp - 28590);
  return "";
}

// The Windows code page whose script an internet code page names (0: none, e.g. UTF-8).
uint32_t ScriptOfInternetCpid(uint32_t cpid) {
  switch (cpid) {
    case 932:
    case 50220:
    case 50221:
    case 50222:
    case 51932: return 932;
    case 936:
    case 20936:
    case 52936:
    case 54936: return 936;
    case 949:
    case 51949: return 949;
    case 950: return 950;
    case 874:
    case 28601: return 874;
    case 1250:
    case 28592: return 1250;
    case 1251:
    case 20866:
    case 21866:
    case 28595: return 1251;
    case 1253:
    case 28597: return 1253;
    case 1254:
    case 28599: return 1254;
    case 1255:
    case 28598:
    case 38598: return 1255;
    case 1256:
    case 28596: return 1256;
    case 1257:
    case 28594:
    case 28603: return 1257;
    case 1258: return 1258;
    default: return 0;
  }
}

// The ANSI code page of a locale (LCID), by its primary language (0: none known).
uint32_t CodepageOfLocale(uint32_t lcid) {
  switch (lcid) {
    case 1028:
    case 3076:
    case 5124: return 950;
    case 2052:
    case 4100: return 936;
    default: break;
  }
  switch (lcid & 0x3FF) {
    case 0x11: return 932;  // Japanese
    case 0x12: return 949;  // Korean
    case 0x19:
    case 0x22:
    case 0x23:
    case 0x02:
    case 0x2F: return 1251;  // Cyrillic
    case 0x05:
    case 0x15:
    case 0x0E:
    case 0x18:
    case 0x1B:
    case 0x24: return 1250;  // Central Europe
    case 0x08: return 1253;  // Greek
    case 0x1F: return 1254;  // Turkish
    case 0x0D: return 1255;  // Hebrew
    case 0x01: return 1256;  // Arabic
    case 0x25:
    case 0x26:
    case 0x27: return 1257;  // Baltic
    case 0x2A: return 1258;  // Vietnamese
    case 0x1E: return 874;   // Thai
    default: return 0;
  }
}

// The fields of a header block as (name, unfolded value); lines that are no field are left.
std::vector<std::pair<std::string, std::string>> HeaderFields(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> fields;
  size_t at = 0;
  while (at < block.size()) {
    size_t end = block.find('\n', at);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header block
    if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
      // A continuation line of blanks only adds nothing.
      if (const size_t text = line.find_first_not_of(" \t"); text != std::string_view::npos)
        fields.back().second.append(" ").append(line.substr(text));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view name = line.substr(0, colon);
    bool ok = true;
    for (char c : name) ok = ok && c > ' ' && c < 127;
    if (!ok) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    fields.emplace_back(std::string(name), std::string(value));
  }
  return fields;
}

void AppendCodepoint(uint32_t cp, std::string* out);

}  // namespace

namespace mapi {

// The charset of a message's PT_STRING8 strings (the rule in mapi_message.h's design notes):
// PR_MESSAGE_CODEPAGE, else the script PR_INTERNET_CPID names, else the locale's, else 1252.
std::string MessageCodepage(const MapiProps& p) {
  if (auto cp = p.Long(kMessageCodepage)) {
    if (std::string cs = CodepageCharset(*cp); !cs.empty()) return cs;
  }
  if (auto cpid = p.Long(kInternetCpid)) {
    if (uint32_t cp = ScriptOfInternetCpid(*cpid)) return CodepageCharset(cp);
  }
  if (auto lcid = p.Long(kMessageLocaleId)) {
    if (uint32_t cp = CodepageOfLocale(*lcid)) return CodepageCharset(cp);
  }
  return "windows-1252";
}

}  // namespace mapi

namespace {

// ---- .msg: the OLE2 storages and streams ----

GsfInfilePtr ChildStorage(GsfInfile* storage, const char* name) {
  GsfInputPtr child = GsfInputPtr::Adopt(gsf_infile_child_by_name(storage, name)); /* full */
  if (!IsStorage(child.get())) return {};
  return GsfInfilePtr::Borrow(GSF_INFILE(child.get()));
}

bool HasPropertiesStream(GsfInfile* storage) {
  GsfInputPtr props =
      GsfInputPtr::Adopt(gsf_infile_child_by_name(storage, kPropertiesStream)); /* full */
  return static_cast<bool>(props);
}

// The properties of one storage: the fixed-size values of its property stream (after a header
// of `header_size` bytes), and every "__substg1.0_IIIITTTT" stream.
MapiProps LoadOleProps(GsfInfile* storage, size_t header_size, size_t max_stream) {
  MapiProps props;
  const int n = gsf_infile_num_children(storage);
  for (int i = 0; i < n; ++i) {
    const char* name = gsf_infile_name_by_index(storage, i); /* none */
    if (!name) continue;
    const std::string_view view(name);
    GsfInputPtr child = GsfInputPtr::Adopt(gsf_infile_child_by_index(storage, i)); /* full */
    if (!child || IsStorage(child.get())) continue;
    if (view == kPropertiesStream) {
      auto bytes = ReadStream(child.get(), max_stream);
      if (!bytes || bytes->size() < header_size) continue;
      for (size_t at = header_size; at + 16 <= bytes->size(); at += 16) {
        const uint32_t tag = Le32(*bytes, at);
        const uint16_t type = tag & 0xFFFF;
        if (type == kPtLong || type == kPtSystime) props.Set(tag, bytes->substr(at + 8, 8));
      }
      continue;
    }
    if (!view.starts_with("__substg1.0_") || view.size() != 20) continue;
    const std::string hex(view.substr(12));
    char* end = nullptr;
    const unsigned long tag = std::strtoul(hex.c_str(), &end, 16);
    if (end != hex.c_str() + hex.size()) continue;
    if (auto bytes = ReadStream(child.get(), max_stream))
      props.Set(static_cast<uint32_t>(tag), std::move(*bytes));
  }
  return props;
}

// Children of `storage` whose names start with `prefix`, in name order (the order of the
// recipient table and of the attachments).
std::vector<std::string> ChildrenNamed(GsfInfile* storage, std::string_view prefix) {
  std::vector<std::string> names;
  const int n = gsf_infile_num_children(storage);
  for (int i = 0; i < n; ++i) {
    const char* name = gsf_infile_name_by_index(storage, i); /* none */
    if (name && std::string_view(name).starts_with(prefix)) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::unique_ptr<MapiMessage> LoadMsg(GsfInfile* storage, int depth, int max_depth,
                                     size_t max_stream) {
  auto m = std::make_unique<MapiMessage>();
  m->props = LoadOleProps(storage, depth == 0 ? 32 : 24, max_stream);
  for (const std::string& name : ChildrenNamed(storage, "__recip_version1.0_")) {
    if (GsfInfilePtr recip = ChildStorage(storage, name.c_str()))
      m->recipients.push_back(LoadOleProps(recip.get(), 8, max_stream));
  }
  for (const std::string& name : ChildrenNamed(storage, "__attach_version1.0_")) {
    GsfInfilePtr attach = ChildStorage(storage, name.c_str());
    if (!attach) continue;
    MapiAttachment a;
    a.props = LoadOleProps(attach.get(), 8, max_stream);
    a.data = a.props.Take(kAttachDataObject, kPtBinary);  // moved: the bytes are not copied
    const std::string object_name =
        fmt::format("__substg1.0_{:04X}{:04X}", kAttachDataObject, kPtObject);
    if (GsfInfilePtr inner = ChildStorage(attach.get(), object_name.c_str())) {
      if (!HasPropertiesStream(inner.get())) {
        a.ole_object = true;
      } else if (depth + 1 > max_depth) {
        a.depth_limited = true;
      } else {
        a.message = LoadMsg(inner.get(), depth + 1, max_depth, max_stream);
      }
    }
    m->attachments.push_back(std::move(a));
  }
  return m;
}

// ---- TNEF ([MS-OXTNEF]) ----

constexpr uint32_t kTnefSignature = 0x223E9F78;
constexpr uint8_t kLevelMessage = 1;
constexpr uint8_t kLevelAttachment = 2;
// Attribute ids (the low 16 bits of the attribute tag; the high ones are its type).
constexpr uint16_t kAttFrom = 0x8000;
constexpr uint16_t kAttSubject = 0x8004;
constexpr uint16_t kAttDateSent = 0x8005;
constexpr uint16_t kAttBody = 0x800C;
constexpr uint16_t kAttAttachData = 0x800F;
constexpr uint16_t kAttAttachTitle = 0x8010;
constexpr uint16_t kAttAttachRendData = 0x9002;
constexpr uint16_t kAttMapiProps = 0x9003;
constexpr uint16_t kAttRecipTable = 0x9004;
constexpr uint16_t kAttAttachment = 0x9005;
constexpr uint16_t kAttOemCodepage = 0x9007;
// Bounds on what a corrupt stream can make us allocate or loop over: values of one property
// list; attachments and recipient rows of one message (a message's MIME parts and addresses
// are bounded the same way, mime_parser.h); attached messages nested in attached messages
// (each level holds its own bytes while the next is read).
constexpr uint32_t kMaxTnefValues = 1'000'000;
constexpr size_t kMaxTnefAttachments = 10'000;
constexpr size_t kMaxTnefRecipients = 100'000;
constexpr int kMaxTnefNesting = 8;

// A cursor over TNEF bytes that never reads past the end.
class TnefReader {
 public:
  explicit TnefReader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  size_t left() const { return ok_ ? bytes_.size() - at_ : 0; }
  size_t at() const { return at_; }

  uint32_t U32() {
    if (!Need(4)) return 0;
    const uint32_t v = Le32(bytes_, at_);
    at_ += 4;
    return v;
  }
  uint16_t U16() {
    if (!Need(2)) return 0;
    const auto v = static_cast<uint16_t>(static_cast<unsigned char>(bytes_[at_]) |
                                         static_cast<unsigned char>(bytes_[at_ + 1]) << 8);
    at_ += 2;
    return v;
  }
  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(bytes_[at_++]);
  }
  std::string_view Bytes(size_t n) {
    if (!Need(n)) return {};
    const std::string_view v = bytes_.substr(at_, n);
    at_ += n;
    return v;
  }
  void Skip(size_t n) { (void)Bytes(n); }
  void Align4(size_t n) {
    if (n % 4) Skip(4 - n % 4);
  }

 private:
  bool Need(size_t n) {
    if (!ok_ || bytes_.size() - at_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view bytes_;
  size_t at_ = 0;
  bool ok_ = true;
};

size_t FixedSize(uint16_t type) {
  switch (type) {
    case 0x0002:             // PT_SHORT
    case 0x0003:             // PT_LONG
    case 0x0004:             // PT_FLOAT
    case 0x000A:             // PT_ERROR
    case 0x000B:             // PT_BOOLEAN
    case 0x0001: return 4;   // PT_NULL
    case 0x0005:             // PT_DOUBLE
    case 0x0006:             // PT_CURRENCY
    case 0x0007:             // PT_APPTIME
    case 0x0014:             // PT_I8
    case 0x0040: return 8;   // PT_SYSTIME
    case 0x0048: return 16;  // PT_CLSID
    default: return 0;
  }
}

bool IsVariable(uint16_t type) {
  return type == kPtString8 || type == kPtUnicode || type == kPtBinary || type == kPtObject ||
         type == 0x00FB;  // PtypServerId
}

// A MAPI property list ([MS-OXTNEF] 2.1.3.4): count, then each property (tag, a name for a
// named property, its value or values). False when the list is cut short or holds a type this
// reader does not know (what was read before stays).
bool ReadPropertyList(TnefReader& r, MapiProps* props) {
  const uint32_t count = r.U32();
  if (!r.ok() || count > kMaxTnefValues) return false;
  for (uint32_t i = 0; i < count; ++i) {
    const uint16_t raw_type = r.U16();
    const uint16_t id = r.U16();
    if (!r.ok()) return false;
    if (id >= 0x8000) {  // a named property: its GUID and name or number
      r.Skip(16);
      const uint32_t kind = r.U32();
      if (kind == 0) {
        r.Skip(4);
      } else {
        const uint32_t length = r.U32();
        if (length > r.left()) return false;
        r.Skip(length);
        r.Align4(length);
      }
    }
    const bool multi = (raw_type & 0x1000) != 0;
    const uint16_t type = raw_type & 0x0FFF;
    uint32_t values = 1;
    if (multi || IsVariable(type)) values = r.U32();
    if (!r.ok() || values > kMaxTnefValues) return false;
    std::string first;
    for (uint32_t v = 0; v < values; ++v) {
      std::string_view value;
      if (IsVariable(type)) {
        const uint32_t length = r.U32();
        if (!r.ok() || length > r.left()) return false;
        value = r.Bytes(length);
        r.Align4(length);
      } else if (const size_t size = FixedSize(type)) {
        value = r.Bytes(size);
      } else {
        return false;  // a type of unknown size: the rest cannot be found
      }
      if (!r.ok()) return false;
      if (v == 0) first.assign(value);
    }
    // Multi-valued properties are not used here: only single values are kept.
    if (!multi && values > 0) props->Set(static_cast<uint32_t>(id) << 16 | type, std::move(first));
  }
  return r.ok();
}

// attFrom: a TRP structure, the name, then "TYPE:address" (or the address alone).
void ReadAttFrom(std::string_view data, std::string* name_out, std::string* address_out) {
  if (data.size() < 8) return;
  const uint16_t name_size = static_cast<uint16_t>(static_cast<unsigned char>(data[4]) |
                                                   static_cast<unsigned char>(data[5]) << 8);
  const uint16_t address_size = static_cast<uint16_t>(static_cast<unsigned char>(data[6]) |
                                                      static_cast<unsigned char>(data[7]) << 8);
  if (8u + name_size + address_size > data.size()) return;
  std::string_view name = data.substr(8, name_size);
  std::string_view address = data.substr(8 + name_size, address_size);
  name = name.substr(0, name.find('\0'));
  address = address.substr(0, address.find('\0'));
  if (const size_t colon = address.find(':'); colon != std::string_view::npos)
    address.remove_prefix(colon + 1);
  name_out->assign(name);
  address_out->assign(address);
}

// attDateSent: a DTR structure (year, month, day, hour, minute, second, day of week), UTC.
std::optional<int64_t> ReadDtr(std::string_view data) {
  if (data.size() < 12) return std::nullopt;
  int f[6];
  for (int i = 0; i < 6; ++i)
    f[i] = static_cast<unsigned char>(data[2 * i]) | static_cast<unsigned char>(data[2 * i + 1])
                                                         << 8;
  GDateTime* t = g_date_time_new_utc(f[0], f[1], f[2], f[3], f[4], f[5]); /* full */
  if (!t) return std::nullopt;
  const int64_t unix_time = g_date_time_to_unix(t);
  g_date_time_unref(t);
  return unix_time;
}

std::unique_ptr<MapiMessage> LoadTnef(std::string_view bytes, int depth, int max_depth);

std::unique_ptr<MapiMessage> LoadTnef(std::string_view bytes, int depth, int max_depth) {
  auto m = std::make_unique<MapiMessage>();
  TnefReader r(bytes);
  if (r.U32() != kTnefSignature) return m;
  r.U16();  // the legacy key
  MapiAttachment* current = nullptr;
  bool attachments_cut = false, recipients_cut = false;
  std::string oem_codepage = "windows-1252";
  // attSubject, attBody, attFrom and attAttachTitle are in the OEM code page, which may come
  // after them: kept as bytes, decoded at the end.
  std::string subject, body, from_name, from_address;
  std::vector<std::pair<size_t, std::string>> titles;  // attachment index, title bytes
  if (r.left() == 0)
    m->defects.push_back({"tnef-empty", "", "a TNEF signature and nothing after it"});
  auto truncated = [&](std::string_view what) {
    m->defects.push_back(
        {"tnef-truncated", "",
         fmt::format("{} at byte {} of {}: what follows is not read", what, r.at(), bytes.size())});
  };
  while (r.left() > 0) {
    if (r.left() < 11) {  // less than an attribute's header and checksum: padding, or a cut
      m->defects.push_back({"tnef-trailing-bytes", "",
                            fmt::format("{} byte{} after the last attribute, not read", r.left(),
                                        r.left() == 1 ? "" : "s")});
      break;
    }
    const uint8_t level = r.U8();
    const uint32_t tag = r.U32();
    const uint32_t length = r.U32();
    if (!r.ok() || (level != kLevelMessage && level != kLevelAttachment)) {
      truncated(r.ok() ? "an attribute of unknown level" : "an attribute header cut short");
      break;
    }
    if (length > r.left()) {
      truncated("an attribute longer than the stream");
      break;
    }
    const std::string_view data = r.Bytes(length);
    r.Skip(2);  // the checksum (not checked: a wrong one does not make the data unreadable)
    const uint16_t id = tag & 0xFFFF;
    if (level == kLevelMessage) {
      switch (id) {
        case kAttMapiProps: {
          TnefReader pr(data);
          if (!ReadPropertyList(pr, &m->props))
            m->defects.push_back({"tnef-truncated", "attMAPIProps",
                                  "the message's property list is damaged: read in part"});
          break;
        }
        case kAttRecipTable: {
          TnefReader rr(data);
          const uint32_t rows = rr.U32();
          for (uint32_t i = 0; rr.ok() && i < rows && i < kMaxTnefValues; ++i) {
            if (m->recipients.size() >= kMaxTnefRecipients) {
              if (!recipients_cut)
                m->defects.push_back({"address-limit", "attRecipTable",
                                      fmt::format("more than {} recipient rows: the rest not read",
                                                  kMaxTnefRecipients)});
              recipients_cut = true;
              break;
            }
            MapiProps row;
            const bool whole = ReadPropertyList(rr, &row);
            if (!row.empty()) m->recipients.push_back(std::move(row));
            if (!whole) {
              m->defects.push_back(
                  {"tnef-truncated", "attRecipTable",
                   fmt::format("recipient row {} of {} damaged: the rest not read", i + 1, rows)});
              break;
            }
          }
          break;
        }
        case kAttSubject: subject.assign(data.substr(0, data.find('\0'))); break;
        case kAttFrom: ReadAttFrom(data, &from_name, &from_address); break;
        case kAttDateSent: m->att_date = ReadDtr(data); break;
        case kAttBody: body.assign(data.substr(0, data.find('\0'))); break;
        case kAttOemCodepage:
          if (data.size() >= 4) {
            if (std::string cs = CodepageCharset(Le32(data, 0)); !cs.empty()) oem_codepage = cs;
          }
          break;
        default: break;
      }
      continue;
    }
    // Attachment level: attAttachRendData opens each attachment.
    if (id == kAttAttachRendData || !current) {
      if (m->attachments.size() >= kMaxTnefAttachments) {
        if (!attachments_cut)
          m->defects.push_back(
              {"part-limit", "",
               fmt::format("more than {} attachments: the rest not read", kMaxTnefAttachments)});
        attachments_cut = true;
        continue;
      }
      m->attachments.emplace_back();
      current = &m->attachments.back();
    }
    if (attachments_cut) continue;
    switch (id) {
      case kAttAttachData: current->data = std::string(data); break;
      case kAttAttachTitle:
        titles.emplace_back(m->attachments.size() - 1,
                            std::string(data.substr(0, data.find('\0'))));
        break;
      case kAttAttachment: {
        TnefReader pr(data);
        if (!ReadPropertyList(pr, &current->props))
          m->defects.push_back({"tnef-truncated", "attAttachment",
                                "an attachment's property list is damaged: read in part"});
        break;
      }
      default: break;
    }
  }
  // Attached messages: a PT_OBJECT PR_ATTACH_DATA_OBJ holding IID_IMessage and a TNEF stream.
  static constexpr std::string_view kIidIMessage{
      "\x07\x03\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", 16};
  m->att_subject = DecodeToUtf8(subject, oem_codepage).text;
  m->att_body = DecodeToUtf8(body, oem_codepage).text;
  m->att_from_name = DecodeToUtf8(from_name, oem_codepage).text;
  m->att_from_address = DecodeToUtf8(from_address, oem_codepage).text;
  for (auto& [at, title] : titles)
    m->attachments[at].title = DecodeToUtf8(title, oem_codepage).text;
  for (MapiAttachment& a : m->attachments) {
    // Moved out of the properties: each level of nesting holds its bytes once.
    std::optional<std::string> object = a.props.Take(kAttachDataObject, kPtObject);
    if (!object) continue;
    if (!std::string_view(*object).starts_with(kIidIMessage)) {
      if (!a.data) a.data = object->size() > 16 ? object->substr(16) : std::string();
      continue;
    }
    if (depth + 1 > std::min(max_depth, kMaxTnefNesting)) {
      a.depth_limited = true;
    } else {
      a.message = LoadTnef(std::string_view(*object).substr(16), depth + 1, max_depth);
    }
    a.data.reset();
  }
  return m;
}

// ---- the internet message ----

bool IsInternetAddress(std::string_view a) {
  return !a.empty() && a.front() != '/' && a.find('@') != std::string_view::npos;
}

struct Party {
  std::string name;
  std::string address;   // an internet address, or "" when only `exchange` is known
  std::string exchange;  // the raw address when it is not an internet one (an EX DN)
};

// A property value that goes into a header: CR, LF and NUL become spaces (a value cannot add a
// header line of its own).
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return s;
}

Party ReadParty(const MapiProps& p, uint16_t name_id, uint16_t smtp_id, uint16_t email_id) {
  Party party;
  party.name = OneLine(p.StringOr(name_id));
  // Outlook keeps a name typed between single quotes as typed ("'Paul Holmes-Higgin'").
  if (party.name.size() >= 2 && party.name.front() == '\'' && party.name.back() == '\'')
    party.name = party.name.substr(1, party.name.size() - 2);
  std::string smtp = OneLine(p.StringOr(smtp_id));
  std::string email = OneLine(p.StringOr(email_id));
  if (IsInternetAddress(smtp)) {
    party.address = std::move(smtp);
  } else if (IsInternetAddress(email)) {
    party.address = std::move(email);
  } else {
    party.exchange = !email.empty() ? std::move(email) : std::move(smtp);
  }
  return party;
}

// Header fields the properties give: left out of the copied transport headers.
bool RebuiltField(std::string_view name) {
  const std::string n = AsciiLower(name);
  return n == "from" || n == "sender" || n == "to" || n == "cc" || n == "bcc" || n == "subject" ||
         n == "message-id" || n == "in-reply-to" || n == "references" || n == "mime-version" ||
         n.starts_with("content-");
}

// The type of an attachment stored with no MIME tag, from its file name's extension, for the
// kinds whose text is read by their type only (office files, PDF and tables are also known by
// their extension). "" when unknown.
std::string TypeOfName(std::string_view filename) {
  const size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "";
  const std::string ext = AsciiLower(filename.substr(dot + 1));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTypes{{
      {"txt", "text/plain"},
      {"csv", "text/csv"},
      {"htm", "text/html"},
      {"html", "text/html"},
      {"ics", "text/calendar"},
      {"vcf", "text/vcard"},
      {"pdf", "application/pdf"},
  }};
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return std::string(type);
  }
  return "";
}

class MimeBuilder {
 public:
  MimeBuilder(std::vector<std::vector<MailDefect>>* defects) : all_defects_(defects) {}

  // The internet message of `m`. Messages are built in pre-order, the order ParseMail numbers
  // them in: all_defects_ follows it.
  GObjectPtr<GMimeMessage> Message(MapiMessage& m, const std::string& where) {
    all_defects_->push_back(std::move(m.defects));
    const size_t ordinal = all_defects_->size() - 1;
    const std::string codepage = MessageCodepage(m.props);
    m.props.set_codepage(codepage);
    for (MapiProps& r : m.recipients) r.set_codepage(codepage);
    for (MapiAttachment& a : m.attachments) a.props.set_codepage(codepage);

    auto message = GObjectPtr<GMimeMessage>::Adopt(g_mime_message_new(TRUE)); /* full */
    GMimeObject* object = GMIME_OBJECT(message.get());

    // The transport headers first: a received message's own header block, as written.
    const std::string transport = m.props.StringOr(kTransportHeaders);
    bool has_date = false;
    // With no recipient rows at all (stripped, or a writer that keeps none), the original
    // To and Cc are kept rather than lost.
    const bool header_recipients = m.recipients.empty();
    bool used_header_recipients = false;
    std::unordered_map<std::string, std::string> by_name;  // display name → address
    for (const auto& [name, value] : HeaderFields(transport)) {
      const std::string lower = AsciiLower(name);
      if (lower == "from" || lower == "to" || lower == "cc" || lower == "sender" ||
          lower == "reply-to")
        NamesOf(value, &by_name);
      if (header_recipients && (lower == "to" || lower == "cc")) {
        used_header_recipients = true;
      } else if (RebuiltField(name)) {
        continue;
      }
      if (lower == "date") has_date = true;
      g_mime_object_append_header(object, name.c_str(), ValidUtf8(value).c_str(), nullptr);
    }

    const Party from = ReadParty(m.props, kSentRepresentingName, kSentRepresentingSmtpAddress,
                                 kSentRepresentingEmail);
    const Party sender = ReadParty(m.props, kSenderName, kSenderSmtpAddress, kSenderEmail);
    const std::string att_address = OneLine(m.att_from_address);
    Party att_from{OneLine(m.att_from_name), IsInternetAddress(att_address) ? att_address : "",
                   IsInternetAddress(att_address) ? "" : att_address};
    const auto known = [](const Party& p) { return !p.address.empty() || !p.exchange.empty(); };
    const Party& shown = known(from) ? from : known(sender) ? sender : att_from;
    AddParty(ordinal, message.get(), GMIME_ADDRESS_TYPE_FROM, "From", shown, by_name, where);
    if (&shown == &from && !sender.address.empty() &&
        AddressKey(sender.address) != AddressKey(from.address))
      AddParty(ordinal, message.get(), GMIME_ADDRESS_TYPE_SENDER, "Sender", sender, by_name, where);

    static constexpr std::array<std::pair<GMimeAddressType, std::string_view>, 3> kTypes{
        {{GMIME_ADDRESS_TYPE_TO, "To"},
         {GMIME_ADDRESS_TYPE_CC, "Cc"},
         {GMIME_ADDRESS_TYPE_BCC, "Bcc"}}};
    for (size_t i = 0; i < m.recipients.size(); ++i) {
      const MapiProps& r = m.recipients[i];
      const Party party = ReadParty(r, kDisplayName, kSmtpAddress, kEmailAddress);
      const std::optional<uint32_t> type = r.Long(kRecipientType);
      const uint32_t t = type.value_or(0) & 0x0FFFFFFFu;
      if (t < 1 || t > 3) {
        Defects(ordinal).push_back(
            {"recipient-type-unknown", Where(where, fmt::format("recipient {}", i + 1)),
             fmt::format("{} <{}>: recipient type {}", party.name,
                         !party.address.empty() ? party.address : party.exchange,
                         type ? fmt::format("{:#x}", *type) : std::string("missing"))});
        continue;
      }
      AddParty(ordinal, message.get(), kTypes[t - 1].first, kTypes[t - 1].second, party, by_name,
               where);
    }

    if (used_header_recipients)
      Defects(ordinal).push_back({"recipients-from-headers", Where(where, "To/Cc"),
                                  "no recipient rows: To and Cc read from the original headers "
                                  "(a Bcc recipient, if any, is not known)"});
    std::optional<std::string> subject = m.props.String(kSubject);
    if (!subject && !m.att_subject.empty()) subject = m.att_subject;
    if (subject) g_mime_message_set_subject(message.get(), OneLine(*subject).c_str(), "utf-8");
    if (auto id = m.props.String(kInternetMessageId); id && !id->empty())
      g_mime_message_set_message_id(message.get(), Unbracket(OneLine(*id)).c_str());
    if (auto irt = m.props.String(kInReplyTo); irt && !irt->empty())
      g_mime_object_set_header(object, "In-Reply-To", OneLine(*irt).c_str(), nullptr);
    if (auto refs = m.props.String(kInternetReferences); refs && !refs->empty())
      g_mime_object_set_header(object, "References", OneLine(*refs).c_str(), nullptr);
    if (!has_date) {
      std::optional<int64_t> t = m.props.Time(kClientSubmitTime);
      if (!t) t = m.props.Time(kMessageDeliveryTime);
      if (!t) t = m.att_date;
      if (t) {
        if (GDateTime* date = g_date_time_new_from_unix_utc(*t)) { /* full */
          g_mime_message_set_date(message.get(), date);
          g_date_time_unref(date);
        }
      }
    }

    GObjectPtr<GMimeObject> body = Body(ordinal, m, where);
    g_mime_message_set_mime_part(message.get(), body.get());
    return message;
  }

 private:
  std::vector<MailDefect>& Defects(size_t ordinal) { return (*all_defects_)[ordinal]; }

  // Boundaries numbered in the order they are made, not GMime's random ones: the same item
  // is written out as the same bytes each time, so that its hash finds it again (a PST
  // item's identity in the record, and `review --reveal`'s check that the evidence did not
  // change). Every leaf is base64 and names are encoded words: only a transport header kept
  // as written could hold such a line, and it sits in the headers, before any boundary.
  void SetBoundary(GMimeMultipart* multipart) {
    g_mime_multipart_set_boundary(multipart,
                                  fmt::format("=_breachkit_{}_=", boundaries_++).c_str());
  }

  static std::string Unbracket(std::string id) {
    while (!id.empty() && (id.front() == '<' || id.front() == ' ')) id.erase(0, 1);
    while (!id.empty() && (id.back() == '>' || id.back() == ' ')) id.pop_back();
    return id;
  }

  // The display names of an address header's mailboxes (lower case) → their address.
  static void NamesOf(const std::string& value,
                      std::unordered_map<std::string, std::string>* by_name) {
    InternetAddressList* list = internet_address_list_parse(nullptr, value.c_str()); /* full */
    if (!list) return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
      InternetAddress* a = internet_address_list_get_address(list, i); /* none */
      if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
      const char* name = internet_address_get_name(a);
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      if (name && *name && addr && IsInternetAddress(addr))
        by_name->emplace(AsciiLower(name), addr);
    }
    g_object_unref(list);
  }

  void AddParty(size_t ordinal, GMimeMessage* message, GMimeAddressType type,
                std::string_view field, const Party& party,
                const std::unordered_map<std::string, std::string>& by_name,
                const std::string& where) {
    std::string address = party.address;
    if (address.empty() && !party.exchange.empty()) {
      if (auto it = by_name.find(AsciiLower(party.name)); it != by_name.end()) address = it->second;
    }
    if (address.empty()) {
      if (!party.exchange.empty()) {
        Defects(ordinal).push_back({"address-exchange-unresolved", Where(where, field),
                                    fmt::format("{} <{}>: an Exchange address with no SMTP form",
                                                party.name, party.exchange)});
      } else if (!party.name.empty()) {
        Defects(ordinal).push_back({"address-missing", Where(where, field),
                                    fmt::format("{}: a display name with no address", party.name)});
      }
      return;
    }
    g_mime_message_add_mailbox(message, type, party.name.empty() ? nullptr : party.name.c_str(),
                               address.c_str());
  }

  static std::string Where(const std::string& where, std::string_view field) {
    return where.empty() ? std::string(field) : fmt::format("{} {}", where, field);
  }

  static GObjectPtr<GMimeObject> TextPart(std::string_view subtype, std::string_view text,
                                          const char* charset) {
    auto part = GObjectPtr<GMimePart>::Adopt(
        g_mime_part_new_with_type("text", std::string(subtype).c_str())); /* full */
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part.get()), "charset", charset);
    SetContent(part.get(), text);
    return GObjectPtr<GMimeObject>::Borrow(GMIME_OBJECT(part.get()));
  }

  static void SetContent(GMimePart* part, std::string_view bytes) {
    auto stream = GObjectPtr<GMimeStream>::Adopt(
        g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size())); /* full */
    auto wrapper = GObjectPtr<GMimeDataWrapper>::Adopt(g_mime_data_wrapper_new_with_stream(
        stream.get(), GMIME_CONTENT_ENCODING_DEFAULT)); /* full */
    g_mime_part_set_content(part, wrapper.get());
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  }

  GObjectPtr<GMimeObject> Body(size_t ordinal, MapiMessage& m, const std::string& where) {
    std::vector<GObjectPtr<GMimeObject>> bodies;
    std::string text = m.props.StringOr(kBody);
    if (!m.card.empty()) text = text.empty() ? m.card : m.card + "\n\n" + text;
    if (!text.empty()) bodies.push_back(TextPart("plain", text, "utf-8"));
    if (auto html = m.props.Binary(kHtml); html && !html->empty()) {
      std::string charset = "utf-8";
      if (auto cpid = m.props.Long(kInternetCpid)) {
        if (std::string cs = CodepageCharset(*cpid); !cs.empty()) charset = cs;
      }
      bodies.push_back(TextPart("html", *html, charset.c_str()));
    } else if (auto html_text = m.props.String(kHtml); html_text && !html_text->empty()) {
      bodies.push_back(TextPart("html", *html_text, "utf-8"));
    }
    if (bodies.empty()) {
      if (auto rtf = m.props.Binary(kRtfCompressed); rtf && !rtf->empty()) {
        auto decompressed = DecompressRtf(*rtf);
        if (decompressed) {
          bodies.push_back(TextPart("plain", RtfToText(*decompressed), "utf-8"));
        } else {
          Defects(ordinal).push_back(
              {"rtf-unreadable", Where(where, "body"), decompressed.error().message});
        }
      }
    }
    if (bodies.empty() && !m.att_body.empty())
      bodies.push_back(TextPart("plain", m.att_body, "utf-8"));
    GObjectPtr<GMimeObject> body;
    if (bodies.size() == 1) {
      body = std::move(bodies.front());
    } else if (bodies.size() > 1) {
      auto alt = GObjectPtr<GMimeMultipart>::Adopt(
          g_mime_multipart_new_with_subtype("alternative")); /* full */
      SetBoundary(alt.get());
      for (auto& b : bodies) g_mime_multipart_add(alt.get(), b.get());
      body = GObjectPtr<GMimeObject>::Borrow(GMIME_OBJECT(alt.get()));
    }

    std::vector<GObjectPtr<GMimeObject>> attachments = Attachments(ordinal, m, where);
    if (attachments.empty()) {
      if (!body) body = TextPart("plain", "", "utf-8");
      return body;
    }
    auto mixed =
        GObjectPtr<GMimeMultipart>::Adopt(g_mime_multipart_new_with_subtype("mixed")); /* full */
    SetBoundary(mixed.get());
    if (body) g_mime_multipart_add(mixed.get(), body.get());
    for (auto& a : attachments) g_mime_multipart_add(mixed.get(), a.get());
    return GObjectPtr<GMimeObject>::Borrow(GMIME_OBJECT(mixed.get()));
  }

  std::vector<GObjectPtr<GMimeObject>> Attachments(size_t ordinal, MapiMessage& m,
                                                   const std::string& where) {
    std::vector<GObjectPtr<GMimeObject>> out;
    for (size_t i = 0; i < m.attachments.size(); ++i) {
      MapiAttachment& a = m.attachments[i];
      const std::string here = where.empty() ? fmt::format("attachment {}", i + 1)
                                             : fmt::format("{} > attachment {}", where, i + 1);
      std::string filename = OneLine(a.props.StringOr(kAttachLongFilename));
      if (filename.empty()) filename = OneLine(a.props.StringOr(kAttachFilename));
      if (filename.empty()) filename = OneLine(a.title);
      if (a.ole_object) {
        Defects(ordinal).push_back({"attachment-not-stored", here,
                                    fmt::format("an embedded OLE object ({}): its content not read",
                                                filename.empty() ? "no name" : filename)});
        continue;
      }
      if (a.depth_limited) {
        Defects(ordinal).push_back(
            {"depth-limit", here, "an attached Outlook item nested too deep: not opened"});
        continue;
      }
      if (a.message) {
        GObjectPtr<GMimeMessage> nested = Message(*a.message, here);
        auto part = GObjectPtr<GMimeMessagePart>::Adopt(
            g_mime_message_part_new_with_message("rfc822", nested.get())); /* full */
        out.push_back(GObjectPtr<GMimeObject>::Borrow(GMIME_OBJECT(part.get())));
        continue;
      }
      if (!a.data) {
        const uint32_t method = a.props.Long(kAttachMethod).value_or(0);
        Defects(ordinal).push_back(
            {"attachment-not-stored", here,
             fmt::format("{}: attached by {} (method {}), its bytes are not in the file",
                         filename.empty() ? "no name" : filename,
                         method >= 2 && method <= 4 ? "reference" : "another way", method)});
        continue;
      }
      std::string mime = AsciiLower(a.props.StringOr(kAttachMimeTag));
      if (mime.empty()) mime = TypeOfName(filename);
      const size_t slash = mime.find('/');
      const bool valid_type = slash != std::string::npos && slash > 0 && slash + 1 < mime.size() &&
                              mime.find_first_of(" ;\"\r\n") == std::string::npos;
      auto part = GObjectPtr<GMimePart>::Adopt(
          valid_type ? g_mime_part_new_with_type(mime.substr(0, slash).c_str(),
                                                 mime.substr(slash + 1).c_str())
                     : g_mime_part_new_with_type("application", "octet-stream")); /* full */
      g_mime_object_set_disposition(GMIME_OBJECT(part.get()), "attachment");
      if (!filename.empty()) g_mime_part_set_filename(part.get(), filename.c_str());
      SetContent(part.get(), *a.data);
      out.push_back(GObjectPtr<GMimeObject>::Borrow(GMIME_OBJECT(part.get())));
    }
    return out;
  }

  std::vector<std::vector<MailDefect>>* all_defects_;
  int boundaries_ = 0;
};

GsfInfilePtr OpenOle(std::string_view bytes, std::string* error) {
  InitGsf();
  auto input = GsfInputPtr::Adopt(
      gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                           static_cast<gsf_off_t>(bytes.size()), FALSE)); /* full */
  if (!input) {
    *error = "cannot read the bytes";
    return {};
  }
  GError* err = nullptr;
  GsfInfile* infile = gsf_infile_msole_new(input.get(), &err); /* full */
  if (!infile) {
    *error = err && err->message ? err->message : "not an OLE2 compound file";
    if (err) g_error_free(err);
    return {};
  }
  return GsfInfilePtr::Adopt(infile);
}

// The initial dictionary of [MS-OXRTFCP] 2.1.2.1.
constexpr std::string_view kRtfPrebuf =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

void AppendCodepoint(uint32_t cp, std::string* out) {
  if (cp == 0 || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) cp = 0xFFFD;
  char buf[6];
  const int n = g_unichar_to_utf8(cp, buf);
  out->append(buf, static_cast<size_t>(n));
}

}  // namespace

namespace mapi {

// UTF-16LE to UTF-8, up to the first U+0000; a lone surrogate becomes U+FFFD (iconv refuses the
// whole string for one, and the bytes must not be taken for another charset: they hold NULs).
std::string Utf16LeToUtf8(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i + 1 < v.size(); i += 2) {
    uint32_t unit = static_cast<unsigned char>(v[i]) | static_cast<unsigned char>(v[i + 1]) << 8;
    if (unit == 0) break;
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < v.size()) {
      const uint32_t low =
          static_cast<unsigned char>(v[i + 2]) | static_cast<unsigned char>(v[i + 3]) << 8;
      if (low >= 0xDC00 && low < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    AppendCodepoint(unit, &out);  // a lone surrogate is U+FFFD there
  }
  return out;
}

MapiAsMime ToMime(MapiMessage& m) {
  MapiAsMime out;
  MimeBuilder builder(&out.defects);
  GObjectPtr<GMimeMessage> message = builder.Message(m, "");
  GMimeFormatOptions* format = g_mime_format_options_new(); /* full */
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_UNIX);
  gchar* text = g_mime_object_to_string(GMIME_OBJECT(message.get()), format); /* full */
  g_mime_format_options_free(format);
  out.mime = text ? text : "";
  g_free(text);
  return out;
}

}  // namespace mapi

bool LooksLikeOle2(std::string_view head) {
  return head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

bool LooksLikeTnef(std::string_view head) {
  return head.size() >= 4 && Le32(head, 0) == kTnefSignature;
}

bool LooksLikePst(std::string_view head) { return head.starts_with("!BDN"); }

bool IsOutlookMsg(std::string_view bytes) {
  if (!LooksLikeOle2(bytes)) return false;
  const GsfLogCapture quiet;  // the damage is told when the file is read
  std::string error;
  GsfInfilePtr root = OpenOle(bytes, &error);
  return root && HasPropertiesStream(root.get());
}

Result<MapiAsMime> MsgToMime(std::string_view bytes, int max_depth) {
  const GsfLogCapture damage;
  std::string error;
  GsfInfilePtr root = OpenOle(bytes, &error);
  const auto with_damage = [&](std::string_view what) {
    return damage.empty() ? std::string(what) : fmt::format("{} ({})", what, damage.Summary());
  };
  if (!root)
    return Fail(ErrorCode::kInvalidInput, "{}", with_damage("not an Outlook .msg: " + error));
  if (!HasPropertiesStream(root.get()))
    return Fail(ErrorCode::kInvalidInput, "{}",
                with_damage("an OLE2 compound file with no MAPI property stream: not an "
                            "Outlook .msg"));
  std::unique_ptr<MapiMessage> m = LoadMsg(root.get(), 0, max_depth, bytes.size());
  if (!damage.empty()) {
    m->defects.push_back({"ole-damaged", "", fmt::format("libgsf: {}", damage.Summary())});
  }
  return ToMime(*m);
}

Result<MapiAsMime> TnefToMime(std::string_view bytes, int max_depth) {
  if (!LooksLikeTnef(bytes)) return Fail(ErrorCode::kInvalidInput, "not TNEF: no TNEF signature");
  std::unique_ptr<MapiMessage> m = LoadTnef(bytes, 0, max_depth);
  return ToMime(*m);
}

Result<std::string> DecompressRtf(std::string_view bytes) {
  if (bytes.size() < 16) return Fail(ErrorCode::kInvalidInput, "compressed RTF: header cut short");
  const uint32_t comp_size = Le32(bytes, 0);
  const uint32_t raw_size = Le32(bytes, 4);
  const uint32_t type = Le32(bytes, 8);
  const std::string_view data =
      bytes.substr(16, std::min<size_t>(bytes.size() - 16, comp_size >= 12 ? comp_size - 12 : 0));
  if (type == 0x414C454D) return std::string(data.substr(0, raw_size));  // "MELA": stored
  if (type != 0x75465A4C)
    return Fail(ErrorCode::kInvalidInput, "compressed RTF: unknown type {:#x}", type);
  std::array<char, 4096> dict{};
  std::copy(kRtfPrebuf.begin(), kRtfPrebuf.end(), dict.begin());
  size_t write = kRtfPrebuf.size();
  std::string out;
  // At most 8 bytes come out per byte in (a control byte and eight 2-byte references of 17).
  const size_t limit = std::min<size_t>({raw_size, 64u << 20, data.size() * 8 + 16});
  out.reserve(limit);
  size_t at = 0;
  while (at < data.size() && out.size() < limit) {
    const auto control = static_cast<unsigned char>(data[at++]);
    for (int bit = 0; bit < 8 && at < data.size() && out.size() < limit; ++bit) {
      if (!(control & (1u << bit))) {
        out.push_back(data[at]);
        dict[write] = data[at++];
        write = (write + 1) % dict.size();
        continue;
      }
      if (at + 2 > data.size()) break;
      const unsigned ref =
          static_cast<unsigned char>(data[at]) << 8 | static_cast<unsigned char>(data[at + 1]);
      at += 2;
      const size_t offset = ref >> 4;
      const size_t length = (ref & 0xF) + 2;
      if (offset == write) return out;  // the end marker
      for (size_t i = 0; i < length && out.size() < limit; ++i) {
        const char c = dict[(offset + i) % dict.size()];
        out.push_back(c);
        dict[write] = c;
        write = (write + 1) % dict.size();
      }
    }
  }
  return out;
}

std::string RtfToText(std::string_view rtf) {
  struct Group {
    bool skip = false;
    int uc = 1;
  };
  std::vector<Group> stack{Group{}};
  std::string out, pending;  // pending: bytes in the document's code page
  std::string codepage = "windows-1252";
  int skip_chars = 0;  // after \uN, the fallback characters to drop
  auto flush = [&] {
    if (pending.empty()) return;
    out += DecodeToUtf8(pending, codepage).text;
    pending.clear();
  };
  auto emit_byte = [&](char c) {
    if (stack.back().skip) return;
    if (skip_chars > 0) {
      --skip_chars;
      return;
    }
    pending.push_back(c);
  };
  auto emit_text = [&](std::string_view s) {
    if (stack.back().skip) return;
    flush();
    out.append(s);
  };
  static constexpr std::array<std::string_view, 22> kDestinations{"fonttbl",
                                                                  "colortbl",
                                                                  "stylesheet",
                                                                  "info",
                                                                  "pict",
                                                                  "object",
                                                                  "header",
                                                                  "footer",
                                                                  "headerl",
                                                                  "headerr",
                                                                  "footerl",
                                                                  "footerr",
                                                                  "themedata",
                                                                  "datastore",
                                                                  "latentstyles",
                                                                  "listtable",
                                                                  "listoverridetable",
                                                                  "rsidtbl",
                                                                  "generator",
                                                                  "xmlnstbl",
                                                                  "fldinst",
                                                                  "colorschememapping"};
  size_t i = 0;
  bool group_start = false;
  while (i < rtf.size() && stack.size() < 10'000) {
    const char c = rtf[i];
    if (c == '{') {
      stack.push_back(stack.back());
      group_start = true;
      ++i;
      continue;
    }
    if (c == '}') {
      if (stack.size() > 1) stack.pop_back();
      group_start = false;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '\\') {
      emit_byte(c);
      group_start = false;
      ++i;
      continue;
    }
    // A control word or symbol.
    ++i;
    if (i >= rtf.size()) break;
    const char s = rtf[i];
    if (!g_ascii_isalpha(s)) {
      ++i;
      switch (s) {
        case '\'':
          if (i + 2 <= rtf.size() && g_ascii_isxdigit(rtf[i]) && g_ascii_isxdigit(rtf[i + 1])) {
            emit_byte(static_cast<char>(g_ascii_xdigit_value(rtf[i]) * 16 +
                                        g_ascii_xdigit_value(rtf[i + 1])));
            i += 2;
          }
          break;
        case '*':
          if (group_start) stack.back().skip = true;
          break;
        case '\\':
        case '{':
        case '}': emit_byte(s); break;
        case '~': emit_text("\u00A0"); break;
        case '_': emit_text("-"); break;
        case '\r':
        case '\n': emit_text("\n"); break;
        default: break;
      }
      group_start = false;
      continue;
    }
    size_t start = i;
    while (i < rtf.size() && g_ascii_isalpha(rtf[i])) ++i;
    const std::string_view word = rtf.substr(start, i - start);
    std::optional<long> param;
    const size_t num_start = i;
    if (i < rtf.size() && (rtf[i] == '-' || g_ascii_isdigit(rtf[i]))) {
      ++i;
      while (i < rtf.size() && g_ascii_isdigit(rtf[i]) && i - num_start < 10) ++i;
      param = std::strtol(std::string(rtf.substr(num_start, i - num_start)).c_str(), nullptr, 10);
    }
    if (i < rtf.size() && rtf[i] == ' ') ++i;
    const bool first = group_start;
    group_start = false;
    if (first &&
        std::find(kDestinations.begin(), kDestinations.end(), word) != kDestinations.end()) {
      stack.back().skip = true;
      continue;
    }
    if (word == "par" || word == "line" || word == "row" || word == "sect" || word == "page") {
      emit_text("\n");
    } else if (word == "tab" || word == "cell") {
      emit_text("\t");
    } else if (word == "ansicpg" && param) {
      flush();
      if (std::string cs = CodepageCharset(static_cast<uint32_t>(*param)); !cs.empty())
        codepage = cs;
    } else if (word == "uc" && param) {
      stack.back().uc = static_cast<int>(std::clamp(*param, 0L, 10L));
    } else if (word == "u" && param) {
      long v = *param;
      if (v < 0) v += 65536;
      if (!stack.back().skip) {
        flush();
        AppendCodepoint(static_cast<uint32_t>(v), &out);
        skip_chars = stack.back().uc;
      }
    } else if (word == "emdash") {
      emit_text("\u2014");
    } else if (word == "endash") {
      emit_text("\u2013");
    } else if (word == "bullet") {
      emit_text("\u2022");
    } else if (word == "lquote" || word == "rquote") {
      emit_text("'");
    } else if (word == "ldblquote" || word == "rdblquote") {
      emit_text("\"");
    }
  }
  flush();
  return ValidUtf8(out);
}

}  // namespace breachkit
