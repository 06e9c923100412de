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

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct BulletList {
  std::vector<std::string> items;
};

/// A field the record cannot fill yet: shown as "À compléter" and listed up front.
struct ToComplete {
  std::string field;
  std::string how;  // the command or action that fills it
};

using Block = std::variant<Paragraph, KeyValues, Table, BulletList, ToComplete>;

struct Section {
  std::string heading;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::string author;
  std::string subject;
  std::vector<Section> sections;

  /// Every ToComplete block, in document order.
  std::vector<ToComplete> Missing() const;
};

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_DOCUMENT_H_
