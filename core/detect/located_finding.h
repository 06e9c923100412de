// A finding placed in its message: where it was seen, whose it is as far as the message
// tells, and what the record keeps of it (never the value itself). Made by ScanMail
// (core/ingest/scan.h), stored by IngestWriter (core/store/ingest_writer.h).
#ifndef BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_
#define BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_

#include <string>

#include "core/detect/finding.h"

namespace breachkit {

struct LocatedFinding {
  Finding finding;
  std::string location;  // "body", "part:1.2", "subject", "display-name:cc", "header:received"
  int part_index = -1;   // index in MailMessage::parts, -1 when not in a part
  std::string owner;     // address of the person it belongs to, "" when unknown
  // What the record keeps of the value (SealFindings): never the value itself.
  std::string masked_preview;
  std::string keyed_hash;  // HMAC-SHA-256 of "category:value" under the incident's key
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_
