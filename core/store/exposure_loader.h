// Loads what the exposure model needs from the record into plain values
// (core/exposure/exposure.h). Read-only.
#ifndef BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
#define BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_

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

/// The look-up of the first owner of a keyed hash that LoadEvidenceDates makes for each
/// finding without one (?1: the hash). Here for a test of its query plan.
extern const char kFirstOwnerSql[];

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
