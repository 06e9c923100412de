// The MAPI model shared by the Outlook readers (mapi_message.cc: .msg and TNEF; pst_file.cc:
// PST/OST items): a message's properties, its recipient rows and its attachments, and the
// writer that turns one into the internet message it describes. Internal to core/mail: other
// code reads Outlook evidence through mapi_message.h and pst_file.h.
#ifndef BREACHKIT_CORE_MAIL_MAPI_MODEL_H_
#define BREACHKIT_CORE_MAIL_MAPI_MODEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/mail/charset.h"
#include "core/mail/mail_message.h"
#include "core/mail/mapi_message.h"

namespace breachkit::mapi {

// Property types ([MS-OXCDATA] 2.11.1).
inline constexpr uint16_t kPtLong = 0x0003;
inline constexpr uint16_t kPtSystime = 0x0040;
inline constexpr uint16_t kPtString8 = 0x001E;
inline constexpr uint16_t kPtUnicode = 0x001F;
inline constexpr uint16_t kPtBinary = 0x0102;
inline constexpr uint16_t kPtObject = 0x000D;

// Property ids both readers use ([MS-OXPROPS]).
inline constexpr uint16_t kMessageClass = 0x001A;
inline constexpr uint16_t kSubject = 0x0037;

inline uint32_t Le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

inline uint64_t Le64(std::string_view b, size_t at) {
  return static_cast<uint64_t>(Le32(b, at)) | static_cast<uint64_t>(Le32(b, at + 4)) << 32;
}

/// UTF-16LE to UTF-8, up to the first U+0000; a lone surrogate becomes U+FFFD (iconv refuses
/// the whole string for one, and the bytes must not be taken for another charset: they hold
/// NULs).
std::string Utf16LeToUtf8(std::string_view v);

/// One MAPI object's properties (a message, a recipient row, an attachment): full tag
/// (id << 16 | type) → value bytes, fixed-size ones little-endian.
class MapiProps {
 public:
  void Set(uint32_t tag, std::string value) { values_[tag] = std::move(value); }
  bool empty() const { return values_.empty(); }
  void set_codepage(std::string codepage) { codepage_ = std::move(codepage); }

  std::optional<uint32_t> Long(uint16_t id) const {
    const std::string* v = Find(id, kPtLong);
    if (!v || v->size() < 4) return std::nullopt;
    return Le32(*v, 0);
  }

  /// Seconds since 1970 of a PT_SYSTIME (a FILETIME: 100 ns ticks since 1601).
  std::optional<int64_t> Time(uint16_t id) const {
    const std::string* v = Find(id, kPtSystime);
    if (!v || v->size() < 8 || Le64(*v, 0) == 0) return std::nullopt;
    return static_cast<int64_t>(Le64(*v, 0) / 10'000'000) - 11'644'473'600;
  }

  std::optional<std::string> Binary(uint16_t id) const {
    const std::string* v = Find(id, kPtBinary);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }
  /// A value moved out of the properties (an attachment's bytes: not kept twice).
  std::optional<std::string> Take(uint16_t id, uint16_t type) {
    auto it = values_.find(static_cast<uint32_t>(id) << 16 | type);
    if (it == values_.end()) return std::nullopt;
    std::optional<std::string> out(std::move(it->second));
    values_.erase(it);
    return out;
  }

  /// A string property as UTF-8, up to its first NUL (a string ends there); nullopt when
  /// absent.
  std::optional<std::string> String(uint16_t id) const {
    if (const std::string* w = Find(id, kPtUnicode)) return Utf16LeToUtf8(*w);
    if (const std::string* a = Find(id, kPtString8)) {
      const std::string_view v = *a;
      return DecodeToUtf8(v.substr(0, v.find('\0')), codepage_).text;
    }
    return std::nullopt;
  }

  std::string StringOr(uint16_t id) const { return String(id).value_or(""); }

 private:
  const std::string* Find(uint16_t id, uint16_t type) const {
    auto it = values_.find(static_cast<uint32_t>(id) << 16 | type);
    return it == values_.end() ? nullptr : &it->second;
  }

  std::map<uint32_t, std::string> values_;
  std::string codepage_ = "windows-1252";
};

struct MapiMessage;

struct MapiAttachment {
  MapiProps props;
  std::optional<std::string> data;       // the bytes, when attached by value
  std::unique_ptr<MapiMessage> message;  // an attached Outlook item
  bool depth_limited = false;            // an attached item not opened: too deep
  bool ole_object = false;               // an embedded OLE object (not a message)
  std::string title;                     // TNEF's attAttachTitle
};

struct MapiMessage {
  MapiProps props;
  std::vector<MapiProps> recipients;
  std::vector<MapiAttachment> attachments;
  std::vector<MailDefect> defects;  // found while loading
  // A contact's or a list's details as text lines ("Mobile phone: ..."), written before the
  // body: an address book item is personal data, not a message (PST: pst_file.cc).
  std::string card;
  // TNEF's own attributes, used when the properties lack them.
  std::string att_subject, att_from_name, att_from_address, att_body;
  std::optional<int64_t> att_date;
};

/// The charset of a message's PT_STRING8 strings: PR_MESSAGE_CODEPAGE, else the script
/// PR_INTERNET_CPID names, else the locale's, else windows-1252.
std::string MessageCodepage(const MapiProps& p);

/// The internet message `m` describes (mapi_message.h gives the rules), with each message's
/// defects in pre-order. The props' code page is set from the message's own.
MapiAsMime ToMime(MapiMessage& m);

}  // namespace breachkit::mapi

#endif  // BREACHKIT_CORE_MAIL_MAPI_MODEL_H_
