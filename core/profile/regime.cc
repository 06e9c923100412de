#include "core/profile/regime.h"

#include <fmt/core.h>

namespace breachkit {

const Regime& RegimeNamed(std::string_view name) {
  for (const Regime& r : kRegimes) {
    if (r.name == name) return r;
  }
  return kRegimes[0];
}

std::string ClockTitle(std::string_view regime, int64_t hours) {
  return fmt::format("{}-hour clock ({})", hours, RegimeNamed(regime).deadline_basis);
}

}  // namespace breachkit
