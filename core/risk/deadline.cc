#include "core/risk/deadline.h"

#include <fmt/core.h>

namespace breachkit {

DeadlineStatus ComputeDeadline(std::optional<int64_t> awareness, std::optional<int64_t> notified,
                               int64_t now) {
  DeadlineStatus s;
  if (!awareness) return s;
  s.known = true;
  s.awareness = *awareness;
  s.deadline = *awareness + kNotificationDeadlineSeconds;
  s.notified = notified;
  const int64_t reference = notified.value_or(now);
  s.seconds_left = s.deadline - reference;
  s.late = reference > s.deadline;
  s.reasons_required = s.late;
  return s;
}

std::string FormatDuration(int64_t seconds) {
  if (seconds < 0) seconds = -seconds;
  const int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
  if (d > 0) return fmt::format("{} d {} h {} min", d, h, m);
  if (h > 0) return fmt::format("{} h {} min", h, m);
  return fmt::format("{} min", m);
}

}  // namespace breachkit
