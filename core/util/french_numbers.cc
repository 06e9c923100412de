#include "core/util/french_numbers.h"

#include <fmt/core.h>

namespace breachkit {

std::string FrenchNumber(int64_t n) {
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out = n < 0 ? "-" : "";
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += "\u202F";
    out += digits[k];
  }
  return out;
}

std::string FrenchDecimal(double v) {
  std::string s = fmt::format("{:g}", v);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

std::string_view FrenchPlural(int64_t n, std::string_view singular, std::string_view plural) {
  return n >= -1 && n <= 1 ? singular : plural;
}

}  // namespace breachkit
