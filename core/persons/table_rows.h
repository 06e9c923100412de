// The persons of a table: a payroll export, a list of candidates, a file of customers sent by
// mistake. Each row that holds personal data is a person, and the data of that row are
// theirs (not the sender's, not another row's). ReadTablePersons reads the header (French or
// English, any case, with or without accents), or, without one, what the values of each
// column are; then each row, where every value is confirmed by its check (an IBAN by mod 97,
// a NIR by its key, an e-mail by its syntax, a phone number by libphonenumber) before it
// counts. Pure code over a Table value (core/mail/table.h): no I/O, no clock, no logging. The
// findings hold their values in memory only, like every Finding; the caller records them
// masked (MaskedPreview) as usual.
#ifndef BREACHKIT_CORE_PERSONS_TABLE_ROWS_H_
#define BREACHKIT_CORE_PERSONS_TABLE_ROWS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/detect/finding.h"
#include "core/mail/table.h"

namespace breachkit {

/// What a column of a table holds.
enum class ColumnKind {
  kUnknown,
  kLastName,
  kFirstName,
  kFullName,
  kEmail,
  kPhone,
  kIban,
  kSalary,
  kBirthDate,
  kPostalAddress,
  kPostalCode,
  kCity,
  kNir,
  kEmployeeNumber,
  kJobTitle,
  kEvaluation,
  kHealth,  // "Arrêt maladie", "Motif absence", "RQTH"...
  kCount,   // not a kind
};

inline constexpr std::array<std::string_view, static_cast<size_t>(ColumnKind::kCount)>
    kColumnKindNames{"unknown",     "last_name", "first_name", "full_name",       "email",
                     "phone",       "iban",      "salary",     "birth_date",      "postal_address",
                     "postal_code", "city",      "nir",        "employee_number", "job_title",
                     "evaluation",  "health"};

inline constexpr std::string_view ColumnKindName(ColumnKind k) {
  return kColumnKindNames[static_cast<size_t>(k)];
}

/// What a header cell names, French or English, case, accents and punctuation ignored:
/// "Prénom", "PRENOM" and "prénom" are kFirstName; "Adresse e-mail" is kEmail, "Adresse" is
/// kPostalAddress; "Nom de la société" or "Nom du manager" is kUnknown (not this row's
/// person). A cell longer than a header (over 80 bytes) is kUnknown.
ColumnKind ClassifyHeader(std::string_view header);

/// One person of a table: one row.
struct RowPerson {
  int64_t row_number = 0;  // Table::row_numbers of the row (1-based)
  std::string name;        // "Prénom Nom" as written, trimmed; "" if none
  std::string email;       // the first address of the row, ASCII letters lower-cased; ""
  // Each datum of this person: category, normalised value (memory only), detector
  // ("table.iban", or a detector's own name for a value found in a column of unknown
  // kind), confidence, validation; begin/end are the byte span within the cell's text.
  // The name itself is a kPersonName finding (its value folded, "jean dupont").
  std::vector<Finding> findings;
  std::vector<int> columns;  // the column index of each finding
  // For a row of a child: the address in its parent's or legal guardian's column ("Courriel
  // du responsable"), "" when none. The guardian is a RowPerson of their own, after the row's.
  std::string guardian_email;
  bool guardian = false;  // this RowPerson is the guardian of the row's person before it
  // This RowPerson is a relative the row lists (its spouse, its children: "Conjoint(e)",
  // "Enfants (prénom, date de naissance)", "Nom enfant"), after the row's person; a child's
  // guardian_email is the row's person's address.
  bool relative = false;
};

struct TableReading {
  bool has_header = false;
  int header_row = -1;              // index into Table::rows; -1 without a header
  std::vector<ColumnKind> columns;  // what each column holds (from the header or the values)
  std::vector<RowPerson> persons;   // in the table's order
  int64_t rows_without_person = 0;  // data rows that are no one (totals, layout, empty)
  std::vector<int64_t> rejected;    // per column: values that failed their kind's check
};

/// A name as a kPersonName finding's value: folded (case, accents), spaces collapsed.
std::string NormalisePersonName(std::string_view name);

/// The persons of `table`, a row each. Time grows with the cells (the header is classified
/// once per column, the detectors run once per cell), never with rows × columns × rows.
/// `home_region`: the country of a phone number written without its code (PhoneHomeRegion;
/// empty for France).
TableReading ReadTablePersons(const Table& table, std::string_view home_region = {});

// Exposed for the tests: the value readers of a salary and a birth-date column.

/// An employee number as compared: ASCII letters upper-cased, spaces, '-', '.', '_' and '/'
/// left out, the leading zeros of an all-digit number left out ("ai-9701", " AI 9701 " and
/// "AI9701" are one; so are "00123", written by a CSV export, and 123, by a spreadsheet).
std::string NormaliseEmployeeNumber(std::string_view cell);

/// A relative a cell lists: "Thierry LAMBERT, né le 08/11/1989", each of "Lucas (03/06/2013) ;
/// Emma (19/09/2017)". `name` as written (capitalised words); `born` ISO, "" when not
/// written; the spans are within the cell.
struct CellRelative {
  std::string name;
  size_t name_begin = 0, name_end = 0;
  std::string born;
  size_t born_begin = 0, born_end = 0;
};
std::vector<CellRelative> RelativesOfCell(std::string_view cell);

/// "3 120,50 €", "3.120,50", "3,120.50", "3120.5 EUR" → "3120.50"; another currency's code
/// follows ("£34,500" → "34500.00 GBP", "CHF 7 200" → "7200.00 CHF"); "" when the cell is
/// not one amount (letters, two numbers, nothing but a zero).
std::string ParseAmount(std::string_view cell);
/// "12/05/1985", "1985-05-12", "12.05.85", "5/3/85" (day first) → "1985-05-12"; "" when not a
/// date. A two-digit year is 19YY from 30 on, 20YY below.
std::string ParseBirthDate(std::string_view cell);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_PERSONS_TABLE_ROWS_H_
