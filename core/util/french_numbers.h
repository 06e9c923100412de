// Numbers as French writes them: "20 224" (a narrow no-break space between thousands, so a
// number never parts across lines), "4,5" (a decimal comma), and its plurals. Used by the
// French documents (reports/french.h) and the French reasons of the assessment.
#ifndef BREACHKIT_CORE_UTIL_FRENCH_NUMBERS_H_
#define BREACHKIT_CORE_UTIL_FRENCH_NUMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace breachkit {

/// "20 224" (U+202F between groups of three), "-1 500", "340".
std::string FrenchNumber(int64_t n);
/// "4,5", "0,5", "4" (the shortest that gives the value, as {:g} does, with a comma).
std::string FrenchDecimal(double v);
/// `singular` for -1 to 1 (French: "0 message", "1 message"), else `plural`.
std::string_view FrenchPlural(int64_t n, std::string_view singular, std::string_view plural);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_FRENCH_NUMBERS_H_
