// FirstOwners: the first owner of a datum (a keyed hash) in a record, what the evidence-date
// search (core/exposure/evidence_dates.h) asks of each finding whose own owner is unknown.
#ifndef BREACHKIT_CORE_STORE_FIRST_OWNERS_H_
#define BREACHKIT_CORE_STORE_FIRST_OWNERS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/store/exposure_loader.h"
#include "core/store/store.h"

namespace breachkit {

/// The first owner of a datum: the owner of its first finding that is original text (not
/// quoted) in a message that is neither a duplicate nor unparsed — the owner ComputeExposure
/// gives a finding whose own owner is unknown. The first question reads the findings once
/// and keeps, sorted, each datum's first 64 bits and the finding that holds it first (16
/// bytes a datum); an answer is then a binary search and one row read by id, checked against
/// the whole hash. (Until schema v5 this was an index on the hashes, built at the end of
/// every first ingestion: three times the time of the one read.)
/// Of throws on a database error: call it inside core/store's GuardSql.
class FirstOwners {
 public:
  /// `compact_at`: entries read before the list is first sorted and made unique (16 MB);
  /// `what_if`: the review as `review` supposes it (LoadExposureInput's).
  explicit FirstOwners(const IncidentStore& store, size_t compact_at = 1 << 20,
                       const std::optional<ReviewWhatIf>& what_if = std::nullopt);
  ~FirstOwners();
  FirstOwners(const FirstOwners&) = delete;
  FirstOwners& operator=(const FirstOwners&) = delete;

  std::optional<int64_t> Of(const std::string& keyed_hash);

  /// The id of that first finding (where it was seen decides the owner of a person split).
  std::optional<int64_t> FirstFinding(const std::string& keyed_hash);

 private:
  class Index;
  std::unique_ptr<Index> index_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_FIRST_OWNERS_H_
