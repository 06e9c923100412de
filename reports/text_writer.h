// Renders a Document as plain UTF-8 text, deterministically: the same Document
// always gives the same bytes. Used by tests (golden files) and by commands that
// print a report on a terminal.
#ifndef BREACHKIT_REPORTS_TEXT_WRITER_H_
#define BREACHKIT_REPORTS_TEXT_WRITER_H_

#include <string>

#include "reports/document.h"

namespace breachkit {

std::string RenderText(const Document& doc);

/// Number of terminal columns a UTF-8 string takes (one per code point; enough for
/// the Latin, Greek and Cyrillic names of our reports).
size_t DisplayWidth(const std::string& s);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_TEXT_WRITER_H_
