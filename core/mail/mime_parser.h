// ParseMail: one message's bytes in, plain values out (mail_message.h). This file pair,
// address_hook.cc, address_list.cc, charset.cc and mapi_message.cc (which writes an Outlook
// .msg or TNEF out as a MIME message) are the only ones that call GMime. GMime is
// initialised once, on first use, by InitMime() (idempotent, thread-safe; g_mime_shutdown
// runs at exit), which also chooses how address headers are read (address_hook.h).
//
// What it records, and how (README.md, "Ingestion", says the same for users):
// - addresses of every field in kAddressFields, all occurrences of a header together,
//   parsed by GMime in loose mode (a From/To/Cc... header of the plain shape, `Name
//   <local@domain>` and the like, by address_list.h's reader when address_hook.h's
//   self-test passed, to the same result without GMime's objects); each header is also
//   scanned raw for address-like tokens, and one the parser did not return is kept as a
//   `recovered` address plus an "address-unparsed" defect carrying the raw entry;
// - message/rfc822 parts as nested messages (up to MailParseOptions::max_depth; deeper ones
//   are kept as attachments with a "depth-limit" defect); a TNEF part (winmail.dat,
//   application/ms-tnef) is kept as an attachment and also read as a nested message (its
//   MAPI message through TnefToMime), so that the files Exchange packed into it are read;
// - the text a person could read of each leaf: text/plain, text/html (via HtmlToText),
//   other text/* attachments, and DOCX/XLSX/PPTX/ODF attachments, all as valid UTF-8;
// - the tables of CSV/TSV, XLSX, ODS, DOCX, ODT and HTML attachments, and of HTML bodies
//   holding one of at least two rows and two columns (MailPart::tables); a table cut by a
//   limit is a "table-limit" defect, an attachment whose tables cannot be read a
//   "table-unreadable" one (their detail never holds a cell).
#ifndef BREACHKIT_CORE_MAIL_MIME_PARSER_H_
#define BREACHKIT_CORE_MAIL_MIME_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/mail/mail_message.h"
#include "core/mail/mapi_message.h"
#include "core/mail/table_extract.h"
#include "core/util/result.h"

namespace breachkit {

/// Initialises GMime and libxml2 once. Ingestion calls it before it starts worker threads.
void InitMime();

/// True when From/To/Cc/... headers of a plain shape are read by breachkit's own reader
/// (core/mail/address_hook.h); false when GMime reads every address header because the
/// reader's start-up check did not pass: the same record, a slower ingestion. Calls InitMime.
bool PlainAddressReaderInUse();

// The limits of one message: the top-level message with every part and message nested in it.
// They bound the memory one message can take whatever its bytes; reaching one is a defect on
// the message that says what was read and what was not, never a silent cut. doc/design.md
// ("Limits of one message") gives the reasons for each figure.
//
// message/rfc822 nesting opened (the top level is depth 0); deeper ones are attachments.
inline constexpr int kMaxNestedMessageDepth = 32;
// A leaf larger than this (decoded) is hashed, its text not extracted.
inline constexpr uint64_t kMaxTextPartBytes = 64ull << 20;
// MIME parts (leaves, multiparts and message/rfc822 parts, nested ones included).
inline constexpr size_t kMaxMimeParts = 10'000;
// Header fields of the top-level message.
inline constexpr size_t kMaxHeaderFields = 10'000;
// Bytes of the top-level message's address fields (From, To, Cc, Bcc, Resent-*, ...) together.
inline constexpr size_t kMaxAddressHeaderBytes = 4u << 20;
// Addresses recorded for one message (each nested message has its own).
inline constexpr size_t kMaxAddressesPerMessage = 100'000;
// Text extracted from all the parts of a message together (bodies, HTML, office attachments).
inline constexpr uint64_t kMaxTextBytesPerMessage = 128ull << 20;

/// The limits above, as one parse uses them (tests lower them).
struct MailParseOptions {
  /// Deepest message/rfc822 nesting opened (the top level is depth 0).
  int max_depth = kMaxNestedMessageDepth;
  /// Leaves larger than this (decoded) are hashed but their text is not extracted.
  uint64_t max_text_part_bytes = kMaxTextPartBytes;
  size_t max_mime_parts = kMaxMimeParts;
  size_t max_header_fields = kMaxHeaderFields;
  size_t max_address_header_bytes = kMaxAddressHeaderBytes;
  size_t max_addresses = kMaxAddressesPerMessage;
  uint64_t max_text_bytes = kMaxTextBytesPerMessage;
  /// The tables of one attachment (their cells' bytes also count against max_text_bytes).
  TableLimits table_limits = {};
};

/// Fails only when GMime cannot build a message at all; everything else it could not
/// read cleanly is a defect on the message.
Result<ParsedMail> ParseMail(std::string_view bytes, const MailParseOptions& options = {});

/// An Outlook .msg (mapi_message.h): written out as an internet message, then read by
/// ParseMail; each message's defects from the .msg reading are added to its own. Fails when
/// the bytes are no Outlook message (not OLE2, or no MAPI property stream).
Result<ParsedMail> ParseMsg(std::string_view bytes, const MailParseOptions& options = {});

/// A TNEF stream (winmail.dat) given as a file: the same, through TnefToMime.
Result<ParsedMail> ParseTnef(std::string_view bytes, const MailParseOptions& options = {});

/// An Outlook item already written out as MIME (MsgToMime, TnefToMime, a PST item: pst_file.h)
/// read by ParseMail, each of its messages given its defects from the Outlook reading.
Result<ParsedMail> ParseMapiMime(Result<MapiAsMime> mapi, const MailParseOptions& options = {});

/// The message of a source recorded with format `format` (the record's source.format): "msg"
/// by ParseMsg, "tnef" by ParseTnef, any other (eml, mbox, maildir, stdin) by ParseMail.
Result<ParsedMail> ParseAsFormat(std::string_view format, std::string_view bytes,
                                 const MailParseOptions& options = {});

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MIME_PARSER_H_
