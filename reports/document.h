// Document: what a report says, with no idea of how it will look. reports/ composes
// Documents from the incident record (pure functions, no I/O); a writer renders them:
// text_writer (deterministic plain text, compared with golden files in the tests)
// and, later, the PDF writer. A value type: copy it, compare it, keep it.
#ifndef BREACHKIT_REPORTS_DOCUMENT_H_
#define BREACHKIT_REPORTS_DOCUMENT_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace breachkit {

struct Paragraph {
  std::string text;
};

/// Label/value lines ("Persons affected: 340").
struct KeyValues {
  std::vector<std::pair<std::string, std::string>> rows;
};

// A table of a document (header and rows); named apart from the attachments' Table
// (core/mail/table.h), which is another type of the same namespace.
struct TableBlock {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  bool verbatim = false;  // paths, hashes: no typesetting may change a character of a cell
};

struct BulletList {
  std::vector<std::string> items;
};

/// A field the record cannot fill yet: shown as "À compléter" and listed up front.
struct ToComplete {
  std::string field;
  std::string how;  // the command or action that fills it
};

/// A chart, drawn as vectors in the PDF and given as its data in text. Values are the data
/// (tests check them), not pixels.
struct Chart {
  enum class Kind { kColumns, kBars, kGauge };
  Kind kind = Kind::kColumns;
  std::string title;
  std::string x_label;                      // columns: the axis under them
  std::string y_label;                      // with its unit
  std::vector<std::string> labels;          // one per value (columns, bars)
  std::vector<std::vector<double>> series;  // columns: one or two series; bars: one
  std::vector<std::string> series_names;
  // Gauge: value on a scale [0, max] cut in bands at `thresholds`, named by `labels`.
  double value = 0;
  double max = 0;
  std::vector<double> thresholds;
};

using Block = std::variant<Paragraph, KeyValues, TableBlock, BulletList, ToComplete, Chart>;

struct Section {
  std::string heading;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::string author;
  std::string subject;
  std::vector<Section> sections;
  std::string lang = "en";  // "fr": typeset as French (reports/french.h)

  /// Every ToComplete block, in document order.
  std::vector<ToComplete> Missing() const;
};

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_DOCUMENT_H_
