// One CSV field as a spreadsheet opens it safely: always quoted, quotes doubled, and a cell
// that would start with = + - @ (or a tab, a carriage return) gets a leading apostrophe so
// no spreadsheet runs it as a formula.
#ifndef BREACHKIT_TOOLS_CSV_H_
#define BREACHKIT_TOOLS_CSV_H_

#include <string>

namespace breachkit {

std::string CsvField(const std::string& s);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_CSV_H_
