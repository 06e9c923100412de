// Loads what the exposure model needs from the record into plain values
// (core/exposure/exposure.h). Read-only.
#ifndef BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
#define BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_

#include "core/exposure/exposure.h"
#include "core/store/store.h"

namespace breachkit {

Result<ExposureInput> LoadExposureInput(const IncidentStore& store);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_EXPOSURE_LOADER_H_
