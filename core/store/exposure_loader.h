// Loads what the exposure model needs from the record into plain values
// (core/exposure/exposure.h), and reads the record for the evidence-date search
// (core/exposure/evidence_dates.h). Read-only.
#ifndef BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
#define BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_

#include "core/exposure/evidence_dates.h"
#include "core/exposure/exposure.h"
#include "core/store/store.h"

namespace breachkit {

Result<ExposureInput> LoadExposureInput(const IncidentStore& store);

/// ComputeExposure(LoadExposureInput(store))'s first and last exposure, without holding the
/// record in memory (FindEvidenceDates over the record).
Result<EvidenceDates> LoadEvidenceDates(const IncidentStore& store);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
