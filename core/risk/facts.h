// From the exposure figures and the incident record to the facts the ENISA assessment
// weighs (core/risk/enisa.h), and the decision thresholds of the organisation. Pure.
#ifndef BREACHKIT_CORE_RISK_FACTS_H_
#define BREACHKIT_CORE_RISK_FACTS_H_

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/enisa.h"

namespace breachkit {

RiskFacts FactsFrom(const ExposureReport& report, const IncidentInfo& incident);
RiskPolicy PolicyFrom(const IncidentInfo& incident);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_RISK_FACTS_H_
