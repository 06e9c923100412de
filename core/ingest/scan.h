// ScanMail: runs the detectors over everything a person could read of a parsed mail —
// each text part (bodies, HTML text, textual and office attachments), the subject, the
// display names, and the sender's own connection (the first-hop Received header) — and
// says whose data each finding is, as far as the message itself tells:
//   - original (non-quoted) text: the sender wrote it, it is theirs;
//   - what a display name holds (an address, a number): the person of that address (the
//     name itself is kept with the recipient, not as a finding);
//   - the name after a greeting: the addressee's, not the writer's: left unknown here;
//   - quoted text: an earlier writer's, left unknown here (the exposure model matches it
//     to the original by keyed hash).
// Pure: no I/O.
#ifndef BREACHKIT_CORE_INGEST_SCAN_H_
#define BREACHKIT_CORE_INGEST_SCAN_H_

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "core/detect/located_finding.h"
#include "core/mail/mail_message.h"

namespace breachkit {

/// What the organisation's profile tells the scan. `domains`: its mail domains; a Received
/// hop their servers added shows no one's connection address (DetectClientIp).
/// `home_region`: its country (PhoneHomeRegion), that of a phone number written without its
/// code when the text points to none. `address`: its postal address (the profile's); the same
/// address found in a text (a payslip's head) is the organisation's, not a person's.
struct ScanScope {
  std::vector<std::string> domains;
  std::string home_region;
  std::string address;
};

/// One vector per message of `mail` (same order as mail.messages). Once `stop` is set (from a
/// signal handler), it returns soon with what it has: incomplete, not to be recorded.
std::vector<std::vector<LocatedFinding>> ScanMail(const ParsedMail& mail,
                                                  const std::atomic<bool>* stop = nullptr,
                                                  const ScanScope& scope = {});

/// Sets each finding's masked preview and keyed hash (HMAC-SHA-256 of "category:value"), on
/// the thread that scanned it: IngestWriter::AddMail only stores them.
void SealFindings(std::string_view hmac_key, std::vector<std::vector<LocatedFinding>>* found);

/// Masks the header text of every message of `mail` that the record keeps, before AddMail
/// stores it: each value the detectors find in the subject, a display or group name, the
/// date as written, an attachment's file name or a defect's raw header text is replaced by
/// its masked preview ("RIB FR76 •••• •••• •••• •••• •••• •89"); in Message-ID, In-Reply-To
/// and References, by its category and the start of its keyed hash ("iban-3fa9c2d1b0e4a7f6"),
/// the same in every header that names it, so that replies still find what they answer.
/// Left as they are: person names (the letters need them), the Art. 9/10 word-list sentences,
/// the addresses of an address header and the address form of an identifier. `found` is
/// ScanMail's result for `mail` (its subject findings are reused), or empty.
void MaskHeaders(std::string_view hmac_key, const std::vector<std::vector<LocatedFinding>>& found,
                 ParsedMail* mail);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_INGEST_SCAN_H_
