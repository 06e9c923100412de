#include "tools/csv.h"

namespace breachkit {

std::string CsvField(const std::string& s) {
  std::string out = "\"";
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    out += '\'';
  }
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace breachkit
