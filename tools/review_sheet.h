// The review sheet: the items breachkit could not decide alone (a finding it is unsure of, a
// near miss), one row each, written as a spreadsheet the DPO fills in with the tool they work
// in (XLSX, ODS or CSV), and their decisions read back from it. Pure: bytes in, bytes out; the
// command that writes the file (WriteOutput, kind "review-sheet") and the one that applies the
// decisions to the record own everything else.
//
// The sheet is one header row with the fixed names of kReviewSheetColumns, then one row per
// item. It is read back by the header's names, so a DPO who reorders columns, adds their own
// or sorts the rows loses nothing; only the id, decision and why columns are read. A decision
// is one of kAcceptWords or kRejectWords (any case, trimmed); an empty one leaves the item
// pending. A file with anything else wrong (an unknown word, a decision without a why, an empty
// or malformed id, an id decided both ways, a missing column) is refused whole, every problem
// named by its row: nothing partial is ever applied.
#ifndef BREACHKIT_TOOLS_REVIEW_SHEET_H_
#define BREACHKIT_TOOLS_REVIEW_SHEET_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

/// The header row, in the order written. English, lower case: these are names the reader
/// looks for, not labels to translate.
inline constexpr std::array<std::string_view, 11> kReviewSheetColumns = {
    "id",    "kind",    "category", "rule",     "tier", "person",
    "where", "context", "proposed", "decision", "why"};

/// The columns without which a sheet is refused.
inline constexpr std::array<std::string_view, 3> kReviewSheetRequiredColumns = {"id", "decision",
                                                                                "why"};

/// The words of a decision (compared case-folded, trimmed, in Unicode NFC).
inline constexpr std::array<std::string_view, 7> kAcceptWords = {
    "accept", "accepted", "confirm", "confirmed", "yes", "oui", "confirmé"};
inline constexpr std::array<std::string_view, 5> kRejectWords = {"reject", "rejected", "no", "non",
                                                                 "rejeté"};

/// One pending review item, one row of the sheet.
struct ReviewSheetRow {
  std::string id;        // stable id of the item: 10 lowercase hex digits ("3f9a0c12be")
  std::string kind;      // "finding", or "person-merge" (a possible duplicate)
  std::string category;  // "health", "iban", ...
  std::string rule;      // the class a rule names ("health/wordlist")
  std::string tier;      // "unsure" or "near-miss"
  std::string person;    // masked person label, may be empty
  std::string where;     // evidence pointer ("leak.mbox #12 part:2 body")
  std::string context;   // words around the finding, masked; any UTF-8, line ends included
  std::string proposed;  // what breachkit does without a decision ("counted, à confirmer")
  std::string decision;  // empty on export: the DPO writes accept or reject
  std::string why;       // empty on export: the DPO writes the reason
};

enum class SheetFormat { kXlsx, kOds, kCsv };

/// The format of `path` by its extension (.xlsx, .ods, .csv, any case); kInvalidInput naming
/// the path and the three extensions otherwise.
Result<SheetFormat> SheetFormatOf(const std::string& path);

/// The creation time written in a sheet when none is given: 1980-01-02T00:00:00Z, which is
/// after 1980-01-01, the earliest date of a zip entry, in every time zone. A sheet's bytes depend
/// only on its rows and this time, so writing the same items again changes nothing (WriteOutput
/// sees the same SHA-256).
inline constexpr int64_t kReviewSheetDefaultTime = 315'619'200;

/// The bytes of the sheet holding `rows`, in their order. `created_at` (Unix seconds; the
/// command passes the record's creation, as the PDFs are dated) is the document's creation
/// time and its zip entries' date. Text is written as text, never as a formula or a number;
/// a field is made valid for every format the same way (invalid UTF-8 and control characters
/// but line end as U+FFFD, a tab as a space, CR LF as LF, at most 32,767 characters: a
/// spreadsheet cell's limit). kInternal when a row's id is not 10 lowercase hex digits or is
/// repeated (a sheet that could not be read back), or when a writer fails.
Result<std::string> RenderReviewSheet(const std::vector<ReviewSheetRow>& rows, SheetFormat format,
                                      int64_t created_at = kReviewSheetDefaultTime);

/// A decision read from a sheet.
struct SheetDecision {
  int64_t row = 0;  // the row number a user sees in their spreadsheet (the header is row 1)
  std::string id;   // 10 lowercase hex digits
  enum class Decision { kAccept, kReject } decision = Decision::kAccept;
  std::string why;  // not empty
};

/// The limits a sheet is read under: a sheet past them is refused whole, never read in part.
/// Rows: a spreadsheet's own maximum. A cell: a why is never cut (ExtractTables cuts a cell
/// at its limit without saying so, 4 KB by default, too little for a reason a DPO writes).
inline constexpr int64_t kMaxReviewSheetRows = 1'048'576;
inline constexpr uint64_t kMaxReviewCellBytes = 1u << 20;
/// What a sheet's zip uncompresses to, and its cells' bytes together: a sheet of 100,000
/// items holds about 100 MB of XML; the bound keeps a zip bomb out.
inline constexpr uint64_t kMaxReviewSheetBytes = 256u << 20;

/// The decisions of the sheet in `bytes`, read as `format`, in row order; `name` (the file's
/// name) begins every error message. Rows with an empty decision are left out (the item
/// stays pending), and so are rows whose id, decision and why are all empty (a note under the
/// table); an id written twice with the same decision gives one decision, its first row. Any
/// problem refuses the whole file (kInvalidInput), naming each row and what is wrong:
/// "review.xlsx: row 7: decision "maybe" is not accept or reject". The header is the first
/// non-empty row of the first sheet that has an "id" column (else of the first sheet).
Result<std::vector<SheetDecision>> ReadReviewSheet(std::string_view bytes, SheetFormat format,
                                                   const std::string& name);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_REVIEW_SHEET_H_
