// Loads what the exposure model needs from the record into plain values
// (core/exposure/exposure.h). Read-only.
#ifndef BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
#define BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/store/store.h"

namespace breachkit {

Result<ExposureInput> LoadExposureInput(const IncidentStore& store);

struct EvidenceDates {
  std::optional<int64_t> first_exposure;
  std::optional<int64_t> last_exposure;
};

/// ComputeExposure(LoadExposureInput(store))'s first and last exposure, without holding the
/// record in memory (what `ingest` needs on a leak of any size): the dated top-level
/// messages are tried in date order, from each end, each one with its nested messages under
/// the same model — an exposure event depends only on the message's own receivers and what
/// it shows — its quoted data given the owner the whole model gives them.
Result<EvidenceDates> LoadEvidenceDates(const IncidentStore& store);

/// The first owner of a datum (a keyed hash): the owner of its first finding that is original
/// text (not quoted) in a message that is neither a duplicate nor unparsed — the owner
/// ComputeExposure gives a finding whose own owner is unknown. LoadEvidenceDates asks it for
/// each such finding. The first question reads the findings once and keeps, sorted, each
/// datum's first 64 bits and the finding that holds it first (16 bytes a datum); an answer
/// is then a binary search and one row read by id, checked against the whole hash.
/// (Until schema v5 this was an index on the hashes, built at the end of every first
/// ingestion: three times the time of the one read.)
class FirstOwners {
 public:
  /// `compact_at`: entries read before the list is first sorted and made unique (16 MB).
  explicit FirstOwners(SQLite::Database& db, size_t compact_at = 1 << 20);
  std::optional<int64_t> Of(const std::string& keyed_hash);

 private:
  void Load();
  std::optional<int64_t> Scan(const std::string& keyed_hash);  // the whole table, for a rare case

  SQLite::Database& db_;
  const size_t compact_at_;
  bool loaded_ = false;
  std::vector<std::pair<uint64_t, int64_t>> first_;  // first 64 bits → finding id, by bits
  SQLite::Statement by_id_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
