// Loads what the exposure model needs from the record into plain values
// (core/exposure/exposure.h), and reads the record for the evidence-date search
// (core/exposure/evidence_dates.h). Read-only.
#ifndef BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
#define BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_

#include "core/exposure/evidence_dates.h"
#include "core/exposure/exposure.h"
#include "core/review/review.h"
#include "core/store/store.h"

namespace breachkit {

/// A hypothesis for `review`: the findings of `category` still awaiting a person (a near miss
/// when `near_miss`, else a counted one "à confirmer") taken as decided `as`.
struct ReviewWhatIf {
  std::string category;
  bool near_miss = false;
  ReviewState as = ReviewState::kRejected;
  /// Instead: the possible duplicates still pending taken as confirmed (merged).
  bool merges = false;
  /// Instead: the merges by identifier still pending taken as rejected (split).
  bool splits = false;
};

/// The record as the exposure model reads it: the findings the review leaves out (rejected,
/// near misses not confirmed) are not in it, and are tallied in `review`; the persons the DPO
/// confirmed are one are merged (MergePersons).
Result<ExposureInput> LoadExposureInput(const IncidentStore& store,
                                        const std::optional<ReviewWhatIf>& what_if = std::nullopt);

/// ComputeExposure(LoadExposureInput(store, what_if)), without holding every recipient and
/// finding of the record: the messages are read one top-level message at a time
/// (ExposureTreeReader). What the commands use; LoadExposureInput is for the model's tests.
Result<ExposureReport> LoadExposureReport(
    const IncidentStore& store, const std::optional<ReviewWhatIf>& what_if = std::nullopt);

/// ComputeExposure(LoadExposureInput(store))'s first and last exposure, without holding the
/// record in memory (FindEvidenceDates over the record).
Result<EvidenceDates> LoadEvidenceDates(const IncidentStore& store);

/// LoadEvidenceDates, written on the timeline as the events "first-exposure" and
/// "last-exposure" (origin "evidence"): after an ingestion, and after a review decision (a
/// rejected finding or a merge of persons can move them).
Status RecordEvidenceDates(IncidentStore& store);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
