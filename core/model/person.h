// A person of the incident as the record knows them: their identifiers (a mailbox, names,
// and the data the detectors found), each with the evidence of where it was seen, and why
// these sightings are one person (the merge reasons: the same mailbox, an address of a row or
// of a document's head equal to a known mailbox, the same IBAN, NIR or phone number; never a
// name alone). Plain values, no I/O: core/store/persons_loader.h fills them from the record,
// `breachkit persons` prints them. The values themselves are never held: masked previews.
#ifndef BREACHKIT_CORE_MODEL_PERSON_H_
#define BREACHKIT_CORE_MODEL_PERSON_H_

#include <cstdint>
#include <string>
#include <vector>

namespace breachkit {

/// One sighting of an identifier of a person.
struct PersonSighting {
  std::string kind;     // "address" (a header), or a category name (a finding)
  std::string masked;   // the masked preview ("" for an address: the person's own)
  std::string source;   // the file, as given to ingest
  int64_t message = 0;  // 0-based index of the top-level message in its source
  // The header field ("to"), or the finding's location: "part:2 table:1 row:7 col:4" (a row
  // of a table), "part:2 document" (a document about this person), "part:2
  // document:writer" (a document of the writer's own), "body", "part:1".
  std::string where;
};

/// A person: a mailbox, or a person found in an attachment (a row, a document) with no
/// mailbox of their own.
struct PersonEvidence {
  int64_t party = 0;
  bool content = false;  // found in an attachment, with no address of their own
  std::string address;   // "" for a person found in an attachment only
  std::vector<std::string> names;
  std::vector<std::string> spellings;  // the address as written, when written several ways
  std::vector<std::string> reasons;    // why these sightings are one person
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MODEL_PERSON_H_
