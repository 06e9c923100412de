// ParseMail: one message's bytes in, plain values out (mail_message.h). This file pair,
// address_hook.cc, address_list.cc and charset.cc are the only ones that call GMime. GMime is
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
//   are kept as attachments with a "depth-limit" defect);
// - the text a person could read of each leaf: text/plain, text/html (via HtmlToText),
//   other text/* attachments, and DOCX/XLSX/PPTX/ODF attachments, all as valid UTF-8.
#ifndef BREACHKIT_CORE_MAIL_MIME_PARSER_H_
#define BREACHKIT_CORE_MAIL_MIME_PARSER_H_

#include <string_view>

#include "core/mail/mail_message.h"
#include "core/util/result.h"

namespace breachkit {

/// Initialises GMime and libxml2 once. Ingestion calls it before it starts worker threads.
void InitMime();

/// True when From/To/Cc/... headers of a plain shape are read by breachkit's own reader
/// (core/mail/address_hook.h); false when GMime reads every address header because the
/// reader's start-up check did not pass: the same record, a slower ingestion. Calls InitMime.
bool PlainAddressReaderInUse();

struct MailParseOptions {
  /// Deepest message/rfc822 nesting opened (the top level is depth 0).
  int max_depth = 32;
  /// Leaves larger than this (decoded) are hashed but their text is not extracted.
  uint64_t max_text_part_bytes = 64ull << 20;
};

/// Fails only when GMime cannot build a message at all; everything else it could not
/// read cleanly is a defect on the message.
Result<ParsedMail> ParseMail(std::string_view bytes, const MailParseOptions& options = {});

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MIME_PARSER_H_
