// A table read from an attachment (CSV/TSV, XLSX, ODS, DOCX/ODT tables, HTML tables): its
// cells as text, row by row, as a person would read them. Made by ExtractTables
// (core/mail/table_extract.h), read by the persons found in content (core/persons/).
#ifndef BREACHKIT_CORE_MAIL_TABLE_H_
#define BREACHKIT_CORE_MAIL_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace breachkit {

struct Table {
  std::string name;  // sheet name, "table 2", "" for a CSV
  // Cells as displayed (a formula's cached value, a shared string resolved, a number as
  // written), valid UTF-8, trimmed. Rows keep their position: `row_numbers[i]` is the
  // 1-based row number of `rows[i]` in its sheet or file (empty rows are left out).
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> row_numbers;
  // A limit was reached: the rows after `rows_read` were not read (`why` says which limit).
  bool truncated = false;
  int64_t rows_read = 0;
  std::string why;
  // What was read by a guess, the table still read whole ("row 22 of the file: a quoted cell
  // is not closed …"): recorded as the part's defects.
  std::vector<std::string> problems;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_TABLE_H_
