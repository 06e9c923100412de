// The internal register entry for the breach (GDPR Art. 33(5); doc/regulatory.md §6):
// facts, effects, measures, the decision and its reasons, delay reasons, references to the
// notifications and letters, the evidence with hashes, the audit log's head hash, and charts
// where people would rather look than read (the storm over time, persons by data category,
// audience sizes, the ENISA score on its scale). Composed from plain values (no I/O); the
// charts' data are computed by the functions below so tests check values, not pixels.
#ifndef BREACHKIT_REPORTS_REGISTER_REPORT_H_
#define BREACHKIT_REPORTS_REGISTER_REPORT_H_

#include <string>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/review/person_merge.h"
#include "core/review/review.h"
#include "core/risk/deadline.h"
#include "core/risk/enisa.h"
#include "reports/document.h"

namespace breachkit {

struct RegisterInputs {
  IncidentInfo incident;
  ExposureReport exposure;
  RiskAssessment assessment;
  DeadlineStatus deadline;
  std::vector<TimelineEvent> events;
  std::vector<SourceInfo> evidence;
  std::vector<DocumentRecord> documents;
  std::string audit_head;
  int64_t audit_entries = 0;
  // The persons known only from an attachment's table, and those of them with no known
  // contact yet ("#N Name"): the letters cannot reach them until `contacts import`.
  int64_t persons_in_tables = 0;
  std::vector<std::string> without_contact;
  // The DPO's recall samples (`breachkit review sample`): how the figures were checked.
  std::vector<ReviewSample> samples;
  // The merges of persons as the DPO reviewed them (possible duplicates, merges by identifier).
  std::vector<MergeItem> merges;
};

/// Messages and newly exposed persons per hour since the first exposure ("+0 h", "+1 h"...).
Chart StormChart(const ExposureReport& x);
/// Persons per CNIL data category (largest first).
Chart PersonsByCategoryChart(const ExposureReport& x);
/// Messages by size of their audience.
Chart AudienceChart(const ExposureReport& x);
/// The ENISA score on its scale, with the band thresholds.
Chart SeverityGauge(const RiskAssessment& a);

Document ComposeRegisterEntry(const RegisterInputs& in);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_REGISTER_REPORT_H_
