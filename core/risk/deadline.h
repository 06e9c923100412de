// The notification clock of GDPR Art. 33(1): the CNIL is notified "without undue delay and,
// where feasible, not later than 72 hours after having become aware" of the breach; a later
// notification is "accompanied by reasons for the delay". The hours are the regime's
// (core/profile/regime.h: 72 under the GDPR, 96 under the Digital Omnibus proposal), kept in
// the record. The deadline is awareness + those hours as an absolute duration: a change to or
// from summer time inside the window does not move it (the arithmetic is on UTC instants;
// zones are for display only). Pure.
#ifndef BREACHKIT_CORE_RISK_DEADLINE_H_
#define BREACHKIT_CORE_RISK_DEADLINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace breachkit {

struct DeadlineStatus {
  int64_t hours = 72;  // the regime's deadline, after awareness
  bool known = false;  // false until the awareness time is recorded
  int64_t awareness = 0;
  int64_t deadline = 0;
  std::optional<int64_t> notified;  // initial notification to the CNIL, if sent
  bool late = false;                // notified after the deadline, or not yet and past it
  int64_t seconds_left = 0;         // before the deadline (negative: how late)
  bool reasons_required = false;    // Art. 33(1): reasons for the delay must go with it
};

/// `deadline_hours`: the record's (IncidentInfo::deadline_hours).
DeadlineStatus ComputeDeadline(std::optional<int64_t> awareness, std::optional<int64_t> notified,
                               int64_t now, int64_t deadline_hours);

/// Messages of the leak that came into the organisation's own mailboxes before the recorded
/// awareness: the controller may have been aware earlier. The EDPB (Guidelines 9/2022,
/// taking over WP250 rev.01 §II.A.2) holds a controller aware once it has "a reasonable
/// degree of certainty" that an incident compromised personal data; replies to all sitting in
/// its own inbox may be that. Said, never decided: the DPO weighs it.
struct EarlierSigns {
  int64_t first = 0;   // the first such message
  int64_t before = 0;  // how many came before the recorded awareness
};

/// `inbound` sorted (ExposureReport::inbound_to_organisation); nothing when the awareness is
/// not recorded or no message came before it.
std::optional<EarlierSigns> SignsBeforeAwareness(const std::vector<int64_t>& inbound,
                                                 std::optional<int64_t> awareness);

/// The warning, in English (the terminal's): "12 replies of the leak reached the
/// organisation's own mailboxes before the recorded awareness, the first on …".
std::string EarlierSignsText(const EarlierSigns& signs, std::string_view zone);

/// "2 d 4 h 10 min" (French and English alike).
std::string FormatDuration(int64_t seconds);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_RISK_DEADLINE_H_
