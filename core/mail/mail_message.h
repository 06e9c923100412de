// Plain values of a parsed message: everything above core/mail sees these, never a
// GMime type. One ParsedMail holds the top-level message and every message nested in
// it (message/rfc822 forwards, at any depth) in pre-order, each pointing to its parent.
//
// Text is kept in memory only (for the detectors); it is never written to logs.
#ifndef BREACHKIT_CORE_MAIL_MAIL_MESSAGE_H_
#define BREACHKIT_CORE_MAIL_MAIL_MESSAGE_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mail/table.h"

namespace breachkit {

/// The header fields whose addresses are recorded. Printed, stored and exported names
/// come from AddressFieldName() only.
enum class AddressField {
  kFrom,
  kSender,
  kReplyTo,
  kTo,
  kCc,
  kBcc,
  kResentFrom,
  kResentTo,
  kResentCc,
  kResentBcc,
  kDeliveredTo,
  kXOriginalTo,
  kCount,  // not a field
};

struct AddressFieldInfo {
  AddressField field;
  std::string_view name;    // stored and JSON name: "reply_to", "resent_cc", ...
  std::string_view header;  // header name as written: "Reply-To", "Resent-Cc", ...
};
namespace address_fields_internal {
inline constexpr size_t kCount = static_cast<size_t>(AddressField::kCount);
// In the order of AddressField; each a whole literal (its data() is a C string).
inline constexpr std::array<std::string_view, kCount> kHeaders{
    "From",        "Sender",    "Reply-To",  "To",         "Cc",           "Bcc",
    "Resent-From", "Resent-To", "Resent-Cc", "Resent-Bcc", "Delivered-To", "X-Original-To"};
// A field's name is its header's, lower case, '_' for '-' (NUL-terminated too).
inline constexpr std::array<std::array<char, 16>, kCount> kNames = [] {
  std::array<std::array<char, 16>, kCount> names{};
  for (size_t i = 0; i < kCount; ++i) {
    for (size_t j = 0; j < kHeaders[i].size(); ++j) {
      const char c = kHeaders[i][j];
      names[i][j] = c == '-' ? '_' : c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return names;
}();
}  // namespace address_fields_internal
inline constexpr std::array<AddressFieldInfo, address_fields_internal::kCount> kAddressFields = [] {
  using namespace address_fields_internal;
  std::array<AddressFieldInfo, kCount> fields{};
  for (size_t i = 0; i < kCount; ++i) {
    fields[i] = {static_cast<AddressField>(i),
                 std::string_view(kNames[i].data(), kHeaders[i].size()), kHeaders[i]};
  }
  return fields;
}();
static_assert(kAddressFields[static_cast<size_t>(AddressField::kReplyTo)].name == "reply_to");
static_assert(kAddressFields[static_cast<size_t>(AddressField::kXOriginalTo)].name ==
              "x_original_to");
inline constexpr std::string_view AddressFieldName(AddressField f) {
  return kAddressFields[static_cast<size_t>(f)].name;
}
std::optional<AddressField> AddressFieldFromName(std::string_view name);

struct MailAddress {
  AddressField field = AddressField::kTo;
  std::string name;        // decoded display name, valid UTF-8 ("" when none)
  std::string address;     // as written, domain in CanonicalDomain's form
  std::string group;       // RFC 5322 group name when inside one
  bool recovered = false;  // found by the raw scan, not by the parser
};

/// The identity of a person across messages: the address with its ASCII letters lower-cased
/// and its domain in CanonicalDomain's form, so that an IDN domain written as A-labels
/// ("xn--cesupi09d.jp") or as U-labels ("地域猫.jp"), in any letter case, is one person.
std::string AddressKey(std::string_view address);
/// A domain as it is recorded and shown: an internationalised one in its U-label form after
/// IDNA's mapping (g_hostname_to_ascii, then g_hostname_to_unicode), ASCII letters lower-cased;
/// any other (or one IDNA refuses) only lower-cased.
std::string CanonicalDomain(std::string_view domain);
/// The same, written into `key` (whose buffer a caller can keep from one address to the next).
void AddressKeyInto(std::string_view address, std::string* key);
/// AddressKey(a) == AddressKey(b), without building either.
bool SameAddressKey(std::string_view a, std::string_view b);

/// Something the parser did not read cleanly. `detail` may hold a raw header text
/// (addresses), never a body.
struct MailDefect {
  std::string kind;   // "address-unparsed", "charset-fallback", "depth-limit", ...
  std::string field;  // header or part path it concerns, if any
  std::string detail;
};

/// The defects that say an attachment's content was not read, or not whole (encrypted,
/// unreadable, an archive not opened, past a limit), or read by a guess (a table's malformed
/// row): what it holds is counted nowhere, or may be counted wrong.
inline constexpr std::string_view kAttachmentNotReadKinds[] = {
    "attachment-encrypted", "attachment-unreadable",
    "attachment-not-read",  "attachment-empty",
    "archive-limit",        "text-not-extracted",
    "tnef-not-read",        "text-limit",
    "extraction-limit",     "part-limit",
    "table-malformed"};

inline bool IsAttachmentNotRead(std::string_view kind) {
  return std::find(std::begin(kAttachmentNotReadKinds), std::end(kAttachmentNotReadKinds), kind) !=
         std::end(kAttachmentNotReadKinds);
}

/// One MIME leaf (a body or an attachment).
struct MailPart {
  std::string mime_path;     // "1", "2.1" (the root leaf of a single-part message is "")
  std::string content_type;  // lower-case "type/subtype"
  std::string disposition;   // "inline", "attachment" or ""
  std::string filename;      // decoded (RFC 2231 / RFC 2047)
  std::string charset;       // declared charset ("" when none)
  std::string decoded_with;  // charset actually used ("" when no text)
  bool charset_fallback = false;
  bool is_attachment = false;
  uint64_t size = 0;      // decoded bytes
  std::string sha256;     // of the decoded bytes
  bool has_text = false;  // `text` is what a person could read of it
  std::string text;       // valid UTF-8
  // The tables of a CSV/TSV, XLSX, ODS, DOCX, ODT or HTML attachment (core/mail/table_extract.h),
  // and those of an HTML body with at least two rows and two columns. `text` is kept as well.
  std::vector<Table> tables;
};

struct MailMessage {
  int parent = -1;         // index in ParsedMail::messages, -1 for the top level
  int depth = 0;           // 0 at top level
  std::string mime_path;   // "" at top level, else the message/rfc822 part's path
  std::string message_id;  // without angle brackets
  std::optional<int64_t> date_utc;
  int date_offset_minutes = 0;
  std::string date_raw;
  std::string subject;      // decoded, valid UTF-8
  std::string in_reply_to;  // first id, without angle brackets
  std::vector<std::string> references;
  std::vector<MailAddress> addresses;
  std::vector<MailPart> parts;
  std::vector<MailDefect> defects;
  std::string received_headers;  // raw Received: headers (for IP detection), not printed
  // X-Originating-IP and the like, one per line (for IP detection), not printed.
  std::string client_ip_headers;
  // List-*, X-BeenThere, X-Mailing-List, Mailing-List, X-Mailman-Version, Errors-To and
  // Return-Path, one "Name:
  // value" per line (for the lists it came through: MessageLists), not printed.
  std::string list_headers;
  // What a Google Vault export's metadata recorded of it (vault_export.h), when it has one.
  struct VaultRecord {
    std::vector<std::string> documents;  // the Documents' ids
    std::vector<std::string> accounts;   // the mailboxes that held it
    std::vector<std::string> labels;
  };
  std::optional<VaultRecord> vault;

  bool IsReply() const;
  /// The addresses of its From and Sender fields, in order.
  std::vector<std::string_view> SenderAddresses() const;
  /// A reply sent to more than one person besides the sender (To + Cc).
  bool IsReplyAll() const;
};

struct ParsedMail {
  std::vector<MailMessage> messages;  // [0] is the top level; nested ones follow in pre-order
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MAIL_MESSAGE_H_
