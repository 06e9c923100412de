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

#include "core/model/person.h"
#include "core/store/store.h"

namespace breachkit {

/// The evidence of every party in `parties` (by id), in that order. At most
/// `max_sightings` sightings per person are kept (the count of the others is in `more`).
struct PersonsEvidence {
  std::vector<PersonEvidence> persons;
  std::vector<int64_t> more;  // per person: sightings left out

  /// Person i's sightings, made when asked. They are kept as numbers into `texts` (24 bytes
  /// each) rather than as strings: a 50,000-person reply-all storm has two million of them.
  std::vector<PersonSighting> Sightings(size_t i) const;

  struct Kept {
    uint32_t kind = 0, masked = 0, source = 0, where = 0;  // indexes into `texts`
    int64_t message = 0;
  };
  std::vector<std::vector<Kept>> kept;  // per person
  std::vector<std::string> texts;       // each distinct text once
};
Result<PersonsEvidence> LoadPersonsEvidence(const IncidentStore& store,
                                            const std::vector<int64_t>& parties,
                                            size_t max_sightings);

/// A mailbox of the headers taken as functional (FunctionalReason: a list, a role, a robot):
/// no affected person. `messages`: the top-level messages it appears in.
struct FunctionalParty {
  std::string address;
  std::string reason;
  int64_t messages = 0;
};
/// Every such party outside the organisation's domains, by address.
Result<std::vector<FunctionalParty>> LoadFunctionalParties(const IncidentStore& store);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_PERSONS_LOADER_H_
