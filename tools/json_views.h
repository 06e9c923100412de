// The JSON shapes the commands print and the export writes: one function each, so
// `summary --json`, `subjects --json` and `export --format json` say the same thing.
#ifndef BREACHKIT_TOOLS_JSON_VIEWS_H_
#define BREACHKIT_TOOLS_JSON_VIEWS_H_

#include <nlohmann/json.hpp>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/deadline.h"

namespace breachkit {

/// `mask_key` null: the third parties' addresses in clear (the export, `summary
/// --show-addresses`); else masked, each with its keyed hash under that key (`address_hash`,
/// the hash the `email` findings of that address carry) to match them.
nlohmann::json SummaryJson(const ExposureReport& r, const IncidentInfo& info,
                           const DeadlineStatus& d, const std::string* mask_key);
nlohmann::json SubjectJson(const Subject& s, const std::string& zone);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_JSON_VIEWS_H_
