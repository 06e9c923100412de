// A finding placed in its message: where it was seen, whose it is as far as the message
// tells, and what the record keeps of it (never the value itself). Made by ScanMail
// (core/ingest/scan.h), stored by IngestWriter (core/store/ingest_writer.h).
#ifndef BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_
#define BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_

#include <memory>
#include <string>
#include <vector>

#include "core/detect/finding.h"

namespace breachkit {

/// A person found in the content (a row of an attached table): the owner of the data of
/// their row, shared by the findings of the row.
struct ContentPerson {
  // Their strongest identifier ("iban:FR76…", "nir:…", "phone:+33…", else "row:" and the
  // name, message, part, table and row), in memory only: SealFindings replaces it by
  // "content:" and its keyed hash, the party's key in the record.
  std::string key;
  bool sealed = false;
  bool recorded = false;  // the writer has counted their name (once per row)
  std::string email;      // the address in their row, "" when none
  std::string name;       // as written in their row, "" when none
  // A child's row: their parent's or guardian's address in it (RowPerson::guardian_email),
  // their contact when a date of birth says they are a minor (ScanMail sets `minor`).
  std::string guardian_email;
  bool minor = false;
  // Their row's IBANs and NIRs that no other row of its table shares ("iban:FR76…"):
  // SealFindings replaces each by its keyed hash, by which the writer joins the rows of
  // other tables that hold it, whatever else those rows hold.
  std::vector<std::string> identifiers;
};

struct LocatedFinding {
  Finding finding;
  std::string location;  // "body", "part:1.2", "subject", "display-name:cc", "header:received"
  int part_index = -1;   // index in MailMessage::parts, -1 when not in a part
  std::string owner;     // address of the person it belongs to, "" when unknown
  // Set for the data of a row of a table: the row's person (`owner` is then "").
  std::shared_ptr<ContentPerson> content;
  // What the record keeps of the value (SealFindings): never the value itself.
  std::string masked_preview;
  std::string keyed_hash;  // HMAC-SHA-256 of "category:value" under the incident's key
  // For a finding a person must review (NeedsReview): the words around it, masked
  // (MaskedContext); "" otherwise.
  std::string context;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_LOCATED_FINDING_H_
