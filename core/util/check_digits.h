// Check-digit algorithms shared by the organisation profile and the detectors.
#ifndef BREACHKIT_CORE_UTIL_CHECK_DIGITS_H_
#define BREACHKIT_CORE_UTIL_CHECK_DIGITS_H_

#include <string_view>

namespace breachkit {

/// Luhn (ISO/IEC 7812-1) over a string of ASCII digits; false on any non-digit or empty input.
bool LuhnValid(std::string_view digits);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_CHECK_DIGITS_H_
