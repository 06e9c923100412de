#include "core/risk/deadline.h"

#include <algorithm>

#include <fmt/core.h>

#include "core/util/clock.h"

namespace breachkit {

DeadlineStatus ComputeDeadline(std::optional<int64_t> awareness, std::optional<int64_t> notified,
                               int64_t now, int64_t deadline_hours) {
  DeadlineStatus s;
  s.hours = deadline_hours;
  if (!awareness) return s;
  s.known = true;
  s.awareness = *awareness;
  s.deadline = *awareness + deadline_hours * 3600;
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

std::optional<EarlierSigns> SignsBeforeAwareness(const std::vector<int64_t>& inbound,
                                                 std::optional<int64_t> awareness) {
  if (!awareness || inbound.empty() || inbound.front() >= *awareness) return std::nullopt;
  const auto before = std::lower_bound(inbound.begin(), inbound.end(), *awareness);
  return EarlierSigns{inbound.front(), static_cast<int64_t>(before - inbound.begin())};
}

std::string EarlierSignsText(const EarlierSigns& signs, std::string_view zone) {
  return fmt::format(
      "{} {} of the leak reached the organisation's own mailboxes before the recorded awareness, "
      "the first at {}: the organisation may have been aware earlier (EDPB Guidelines 9/2022, "
      "as WP250 §II.A.2: aware once reasonably certain that personal data were compromised). "
      "Check the awareness time (breachkit event add awareness --at TIME) or keep why it stands.",
      signs.before, signs.before == 1 ? "message" : "messages", FormatInZone(signs.first, zone));
}

}  // namespace breachkit
