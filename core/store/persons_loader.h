// What `breachkit persons` shows of each person of the record: where each of their
// identifiers was seen (the evidence), and why sightings are one person (the merge reasons),
// read from the record. Never a value in clear: masked previews, and addresses (the record
// keeps them to write to the persons).
#ifndef BREACHKIT_CORE_STORE_PERSONS_LOADER_H_
#define BREACHKIT_CORE_STORE_PERSONS_LOADER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/store/store.h"

namespace breachkit {

/// One sighting of an identifier of a person.
struct PersonSighting {
  std::string kind;     // "address" (a header), or a category name (a finding)
  std::string masked;   // the masked preview ("" for an address: the person's own)
  std::string source;   // the file, as given to ingest
  int64_t message = 0;  // 0-based index of the top-level message in its source
  std::string
      where;  // header field ("to"), or the finding's location ("part:2 table:1 row:7 col:4")
};

struct PersonEvidence {
  int64_t party = 0;
  bool content = false;  // found in a table, with no address of their own
  std::string address;   // "" for a person found in a table
  std::vector<std::string> names;
  std::vector<std::string> spellings;  // the address as written, when written several ways
  std::vector<PersonSighting> sightings;
  std::vector<std::string> reasons;  // why these sightings are one person
};

/// The evidence of every party in `parties` (by id), in that order. At most
/// `max_sightings` sightings per person are kept (the count of the others is in `more`).
struct PersonsEvidence {
  std::vector<PersonEvidence> persons;
  std::vector<int64_t> more;  // per person: sightings left out
};
Result<PersonsEvidence> LoadPersonsEvidence(const IncidentStore& store,
                                            const std::vector<int64_t>& parties,
                                            size_t max_sightings);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_PERSONS_LOADER_H_
