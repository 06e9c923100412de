// Reading the tables of an attachment: CSV/TSV, the sheets of XLSX and ODS workbooks, the
// tables of DOCX and ODT documents and of HTML, as cells of text (core/mail/table.h), so that
// each row of a payroll sheet or a list of candidates can be read as a person's. Only cells are
// read here; what a row means is decided elsewhere.
//
// Every reader is bounded (TableLimits): past a limit it stops reading the attachment and says
// so on the last table (`truncated`, `rows_read`, `why`). No error ever throws: a file that
// cannot be read at all is an Error, one that breaks off is the tables read so far.
#ifndef BREACHKIT_CORE_MAIL_TABLE_EXTRACT_H_
#define BREACHKIT_CORE_MAIL_TABLE_EXTRACT_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/mail/office_text.h"
#include "core/mail/table.h"
#include "core/util/result.h"

namespace breachkit {

enum class TableFormat { kNone, kCsv, kTsv, kXlsx, kOds, kDocx, kOdt, kHtml };

/// From the content type when it names one of the formats, else from the file name's
/// extension (case-insensitive): application/octet-stream or application/vnd.ms-excel on a
/// "paie.csv" is read as CSV.
TableFormat TableFormatOf(std::string_view content_type, std::string_view filename);

/// A format whose whole content is its tables (CSV, TSV, XLSX, ODS), unlike a document or a
/// page that holds tables among its prose.
constexpr bool IsSheetFormat(TableFormat f) {
  return f == TableFormat::kCsv || f == TableFormat::kTsv || f == TableFormat::kXlsx ||
         f == TableFormat::kOds;
}

/// Rows kept (not empty) from one attachment, all its tables together: an export of a whole
/// HR system is tens of thousands of rows; a sheet's 1,048,576 rows of which most are empty
/// cost nothing, since empty rows are skipped without being stored.
inline constexpr int64_t kMaxTableRows = 200'000;
/// Columns of one row: a real sheet has tens; XLSX allows 16,384 and ODS writers repeat an
/// empty cell that many times (empty cells past the last value never make a column).
inline constexpr int64_t kMaxTableColumns = 1'000;
/// Bytes of one cell: a name, an address, an IBAN or a remark fit; a longer cell (a pasted
/// letter) is cut at a character boundary, and reading goes on.
inline constexpr uint64_t kMaxTableCellBytes = 4'096;
/// Bytes of the cells of one attachment, all together: bounds the memory the tables take
/// (rows × columns × cell bytes would not); the same figure as one office part's text.
inline constexpr uint64_t kMaxTableBytes = 64ull << 20;

struct TableLimits {
  int64_t max_rows = kMaxTableRows;
  int64_t max_columns = kMaxTableColumns;
  uint64_t max_cell_bytes = kMaxTableCellBytes;
  /// Bytes uncompressed from an office zip (all its parts together): zip bombs.
  uint64_t max_uncompressed = kMaxOfficeUncompressed;
  uint64_t max_total_bytes = kMaxTableBytes;
};

/// The tables of `bytes` read as `format`. CSV, TSV and HTML bytes may be UTF-8 (with or
/// without a BOM), UTF-16 with a BOM, or else are read as windows-1252. Tables without a
/// kept row are left out. Fails when the file cannot be read at all (not a zip, an encrypted
/// or legacy OLE file, an encrypted entry, no table part).
Result<std::vector<Table>> ExtractTables(std::string_view bytes, TableFormat format,
                                         const TableLimits& limits = {});

/// The cells' bytes of `tables`, as counted against the text budget of a message.
uint64_t TableBytes(const std::vector<Table>& tables);

/// Columns of the widest row.
size_t TableWidth(const Table& table);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_TABLE_EXTRACT_H_
