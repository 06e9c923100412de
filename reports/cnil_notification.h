// The draft of the notification to the CNIL (GDPR Art. 33), in French, section by section in
// the order of doc/regulatory.md §1.2 (A to N). Composed from plain values (no I/O):
// every field the record cannot fill is an "À compléter" block, and all of them are listed
// on the first page. Free texts (description, consequences, measures) come from the record;
// when empty, a text proposed for the reference case is used and marked as a proposal.
#ifndef BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_
#define BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/deadline.h"
#include "core/risk/enisa.h"
#include "reports/document.h"

namespace breachkit {

/// What a notification says that a later one may change — the figures, the categories, the
/// facts, the measures, the severity — as (label, value) in French, values as printed. Kept
/// with each initial draft written (the record's notification_facts), so that a complementary
/// notification says what changed since the initial one was made.
using NotificationFacts = std::vector<std::pair<std::string, std::string>>;

/// The initial notification as its draft recorded it.
struct InitialNotification {
  int64_t drafted_at = 0;  // when that draft was written
  NotificationFacts facts;
};

struct CnilInputs {
  IncidentInfo incident;
  std::vector<std::string> org_domains;
  ExposureReport exposure;
  RiskAssessment assessment;
  DeadlineStatus deadline;
  std::vector<TimelineEvent> events;
  std::vector<SourceInfo> evidence;
  bool complementary = false;
  /// For a complementary notification: the initial one's draft (the last one written before
  /// the cnil-notified event, or the last one); nullopt when none was kept.
  std::optional<InitialNotification> initial;
  // The record's audit log as of its last entry about the data (not about documents), so that
  // the draft outside the record shows whether the log was later cut short.
  std::string audit_head;
  int64_t audit_entries = 0;
  // How many persons fewer the count may be once the DPO has examined the possible duplicates
  // (PersonsPendingMergesMayJoin): the number of persons is then "à confirmer".
  int64_t persons_maybe_counted_twice = 0;
};

/// Fails (kInvalidInput) when the notification is late and the reasons for the delay are
/// missing (GDPR Art. 33(1)); the message names the command that sets them.
Result<Document> ComposeCnilNotification(const CnilInputs& in);

/// Whether minors or vulnerable persons are concerned, as the CNIL form asks: "Oui" when the
/// DPO said so (`chosen`: "Mineurs" or "Personnes vulnérables" among the person categories),
/// the minors a date of birth shows (a proposal to confirm), else "Non signalé".
std::string MinorsOrVulnerable(const IncidentInfo& i, const ExposureReport& x, bool chosen);

/// The facts of the notification `in` describes (see NotificationFacts).
NotificationFacts FactsOf(const CnilInputs& in);
/// As kept in the record: one "label<TAB>value" line each, with \\, \t and \n escaped.
std::string FactsToText(const NotificationFacts& facts);
NotificationFacts FactsFromText(std::string_view text);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_CNIL_NOTIFICATION_H_
