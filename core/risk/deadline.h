// The 72-hour clock of GDPR Art. 33(1): the CNIL is notified "without undue delay and, where
// feasible, not later than 72 hours after having become aware" of the breach; a later
// notification is "accompanied by reasons for the delay". The deadline is awareness + 72
// hours as an absolute duration: a change to or from summer time inside the window does not
// move it (the arithmetic is on UTC instants; zones are for display only). Pure.
#ifndef BREACHKIT_CORE_RISK_DEADLINE_H_
#define BREACHKIT_CORE_RISK_DEADLINE_H_

#include <cstdint>
#include <optional>
#include <string>

namespace breachkit {

/// GDPR Art. 33(1): 72 hours after becoming aware (doc/regulatory.md §2.1).
inline constexpr int64_t kNotificationDeadlineSeconds = 72 * 3600;

struct DeadlineStatus {
  bool known = false;  // false until the awareness time is recorded
  int64_t awareness = 0;
  int64_t deadline = 0;
  std::optional<int64_t> notified;  // initial notification to the CNIL, if sent
  bool late = false;                // notified after the deadline, or not yet and past it
  int64_t seconds_left = 0;         // before the deadline (negative: how late)
  bool reasons_required = false;    // Art. 33(1): reasons for the delay must go with it
};

DeadlineStatus ComputeDeadline(std::optional<int64_t> awareness, std::optional<int64_t> notified,
                               int64_t now);

/// "2 d 4 h 10 min" (French and English alike).
std::string FormatDuration(int64_t seconds);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_RISK_DEADLINE_H_
