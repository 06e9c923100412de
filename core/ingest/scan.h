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

#include <string>
#include <string_view>
#include <vector>

#include "core/detect/located_finding.h"
#include "core/mail/mail_message.h"

namespace breachkit {

/// One vector per message of `mail` (same order as mail.messages).
std::vector<std::vector<LocatedFinding>> ScanMail(const ParsedMail& mail);

/// Sets each finding's masked preview and keyed hash (HMAC-SHA-256 of "category:value"), on
/// the thread that scanned it: IngestWriter::AddMail only stores them.
void SealFindings(std::string_view hmac_key, std::vector<std::vector<LocatedFinding>>* found);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_INGEST_SCAN_H_
