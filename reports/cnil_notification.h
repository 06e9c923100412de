// The draft of the notification to the CNIL (GDPR Art. 33), in French, section by section in
// the order of doc/regulatory.md §1.2 (A to N). Composed from plain values (no I/O):
// every field the record cannot fill is an "À compléter" block, and all of them are listed
// on the first page. Free texts (description, consequences, measures) come from the record;
// when empty, a text proposed for the reference case is used and marked as a proposal.
#ifndef BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_
#define BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/deadline.h"
#include "core/risk/enisa.h"
#include "reports/document.h"

namespace breachkit {

struct CnilInputs {
  IncidentInfo incident;
  std::vector<std::string> org_domains;
  ExposureReport exposure;
  RiskAssessment assessment;
  DeadlineStatus deadline;
  std::vector<TimelineEvent> events;
  std::vector<SourceInfo> evidence;
  bool complementary = false;
  // The record's audit log as of its last entry about the data (not about documents), so that
  // the draft outside the record shows whether the log was later cut short.
  std::string audit_head;
  int64_t audit_entries = 0;
};

/// Fails (kInvalidInput) when the notification is late and the reasons for the delay are
/// missing (GDPR Art. 33(1)); the message names the command that sets them.
Result<Document> ComposeCnilNotification(const CnilInputs& in);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_
