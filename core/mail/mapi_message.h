// Outlook's own message formats, both made of MAPI properties: the .msg file ([MS-OXMSG], an
// OLE2 compound file read through libgsf) and TNEF ([MS-OXTNEF]: winmail.dat, the
// application/ms-tnef part Exchange puts in mail). Each is loaded into a MapiMessage (the
// message's properties, its recipient rows, its attachments, attached messages up to the
// nesting limit: MailParseOptions::max_depth, and 8 inside TNEF), which MapiToMime writes out as
// the internet message it describes (RFC 5322 + MIME, with GMime's writer): ParseMail
// (mime_parser.h) then reads it as any other message, with the same addresses, text extraction,
// limits and defects.
//
// What becomes of the properties (doc/design.md, "Outlook .msg and TNEF", gives the table):
//   - From: PR_SENT_REPRESENTING_* (what Outlook shows), else PR_SENDER_*, else TNEF's attFrom;
//     Sender: the PR_SENDER_* address when it differs;
//   - To, Cc and Bcc from the recipient rows, each by its PR_RECIPIENT_TYPE (1, 2, 3); a row of
//     another type is a "recipient-type-unknown" defect, not a guess; with no rows at all, the
//     transport headers' To and Cc ("recipients-from-headers" defect);
//   - an address: PR_SMTP_ADDRESS (the sender's PR_*_SMTP_ADDRESS), else PR_EMAIL_ADDRESS when it
//     is an internet address; an Exchange DN with no SMTP form is looked up by display name in
//     the transport headers, else it is an "address-exchange-unresolved" defect naming it;
//   - the transport headers (PR_TRANSPORT_MESSAGE_HEADERS): kept as written, but for the fields
//     rebuilt from properties;
//   - Subject (TNEF: else attSubject), Message-ID, In-Reply-To, References; Date from the
//     transport headers, else PR_CLIENT_SUBMIT_TIME, else PR_MESSAGE_DELIVERY_TIME;
//   - the body: PR_BODY as text/plain, PR_HTML as text/html; when neither is there, the text of
//     PR_RTF_COMPRESSED; TNEF: else attBody;
//   - attachments by value as MIME parts; attached messages as message/rfc822 parts; one whose
//     bytes are not in the file (by reference, an OLE object) an "attachment-not-stored" defect.
#ifndef BREACHKIT_CORE_MAIL_MAPI_MESSAGE_H_
#define BREACHKIT_CORE_MAIL_MAPI_MESSAGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/mail/mail_message.h"
#include "core/util/result.h"

namespace breachkit {

/// The first bytes of an OLE2 compound file (.msg, but also .doc, .xls, Thumbs.db...).
bool LooksLikeOle2(std::string_view head);
/// The first bytes of a TNEF stream (winmail.dat): the signature 0x223E9F78.
bool LooksLikeTnef(std::string_view head);
/// The first bytes of an Outlook PST or OST file ("!BDN").
bool LooksLikePst(std::string_view head);

/// True when `bytes` is an OLE2 compound file holding a MAPI message (a top-level
/// "__properties_version1.0" stream).
bool IsOutlookMsg(std::string_view bytes);

// MsgToMime and TnefToMime use GMime: InitMime (mime_parser.h) must have run; ParseMsg and
// ParseTnef, there, see to it.
struct MapiAsMime {
  std::string mime;  // the internet message (RFC 5322 + MIME)
  // What could not be read cleanly, per message: [0] the file's own, then each attached
  // message's in pre-order (the order of ParsedMail::messages).
  std::vector<std::vector<MailDefect>> defects;
};

/// The message of an .msg as an internet message. Attached messages deeper than `max_depth`
/// are not opened ("depth-limit"). Fails when `bytes` is not an OLE2 file or holds no MAPI
/// message.
Result<MapiAsMime> MsgToMime(std::string_view bytes, int max_depth);

/// The message of a TNEF stream as an internet message. A stream cut short or corrupt is read
/// up to the damage ("tnef-truncated" defect). Fails when `bytes` has no TNEF signature.
Result<MapiAsMime> TnefToMime(std::string_view bytes, int max_depth);

/// The text of an RTF document (the decompressed PR_RTF_COMPRESSED): its words, paragraphs as
/// lines, \'hh bytes in the document's \ansicpg code page, \uN characters. Exposed for tests.
std::string RtfToText(std::string_view rtf);

/// [MS-OXRTFCP] decompression of PR_RTF_COMPRESSED ("LZFu", or "MELA" stored uncompressed).
/// Fails on a bad header. Exposed for tests.
Result<std::string> DecompressRtf(std::string_view bytes);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MAPI_MESSAGE_H_
