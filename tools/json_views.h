// The JSON shapes the commands print and the export writes: one function each, so
// `summary --json`, `subjects --json` and `export --format json` say the same thing.
#ifndef BREACHKIT_TOOLS_JSON_VIEWS_H_
#define BREACHKIT_TOOLS_JSON_VIEWS_H_

#include <nlohmann/json.hpp>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/deadline.h"
#include "core/risk/enisa.h"

namespace breachkit {

/// `mask_key` null: the third parties' addresses in clear (the export, `summary
/// --show-addresses`); else masked, each with its keyed hash under that key (`address_hash`,
/// the hash the `email` findings of that address carry) to match them.
nlohmann::json SummaryJson(const ExposureReport& r, const IncidentInfo& info,
                           const DeadlineStatus& d, const std::string* mask_key);
nlohmann::json SubjectJson(const Subject& s, const std::string& zone);
/// An item's preview as the outputs made to be shared give it (`subjects`, the JSON and CSV
/// exports): its masked value, or nothing for an Art. 9 or 10 item, whose preview is the word
/// list's term ("« diabetique »"), which beside the person's name would say what the mask
/// hides. `findings` and `review`, where the DPO judges the claim, keep the term.
std::string_view SharedPreview(const ExposedItem& i);
/// The assessment in effect (`assess --json` without its deadline): each factor's value, the
/// value the evidence gives (`computed`, the same unless `overridden`), its rules and the DPO's
/// reason; SE, band, flags and the Art. 33/34 decision.
nlohmann::json AssessmentJson(const RiskAssessment& a, int64_t persons_affected);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_JSON_VIEWS_H_
