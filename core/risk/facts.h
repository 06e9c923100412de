// From the exposure figures and the incident record to the facts the ENISA assessment
// weighs (core/risk/enisa.h), and the decision thresholds of the organisation. Pure.
#ifndef BREACHKIT_CORE_RISK_FACTS_H_
#define BREACHKIT_CORE_RISK_FACTS_H_

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/model/proposals.h"
#include "core/risk/enisa.h"

namespace breachkit {

RiskFacts FactsFrom(const ExposureReport& report, const IncidentInfo& incident);
RiskPolicy PolicyFrom(const IncidentInfo& incident);

/// The persons seen in a row of a table or a line of a document someone sent (a payroll's
/// employees), whether or not they also have a mailbox of their own.
int64_t PersonsSeenInFiles(const ExposureReport& report);
/// What happened, as the evidence shows it, for the texts breachkit proposes: a file sent by
/// mistake when at least half the persons are rows of an attached file; else the addresses
/// shown, in a recruitment (the original's subject, RiskFacts::recruitment_context) or not.
/// The one place that decides it: the CNIL draft, `run` and `set --confirm` agree.
IncidentShape ShapeOf(const ExposureReport& report, const IncidentInfo& incident);

/// The texts still holding a proposal of breachkit (IsProposed) made for another shape than
/// `shape` (the evidence changed since: another ingestion) get the proposal for `shape`, still
/// marked as a proposal. Returns them, as "field (lang)".
std::vector<std::string> RefreshProposals(IncidentInfo* incident, IncidentShape shape);

/// The kinds of data a person was exposed with (ExposedItem::kind: "address", "name" or a
/// DataCategory name), sorted and space-separated, and kMinorKind for a minor
/// (Subject::minor): the key of their risk group.
inline constexpr std::string_view kMinorKind = "minor";
std::string KindsKey(const Subject& subject);
/// A key in words, in `lang` ("fr" or "en"): "adresse électronique, nom, numéro de téléphone",
/// "date de naissance, nom affiché (mineurs)".
std::string KindsLabel(std::string_view kinds, std::string_view lang);

/// The breach's facts split by group of persons exposed to the same kinds of data: each
/// group's persons and their categories, the circumstances (audience, recipients, context,
/// the DPO's flags) those of the whole breach. Ordered by key.
std::vector<RiskGroupFacts> GroupFactsFrom(const ExposureReport& report, const RiskFacts& breach);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_RISK_FACTS_H_
