#include "core/mail/table_extract.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fmt/core.h>
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pugixml.hpp>

#include "core/mail/charset.h"
#include "core/mail/office_zip.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// Elements nested deeper than this are not walked (pugixml's tree is walked recursively).
constexpr int kMaxDepth = 256;

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && g_ascii_strncasecmp(s.data() + s.size() - suffix.size(),
                                                          suffix.data(), suffix.size()) == 0;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A count written in an attribute ("3"); `fallback` when missing or not a positive number.
int64_t PositiveCount(const char* text, int64_t fallback) {
  int64_t n = 0;
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || n < 1) return fallback;
  return n;
}

int64_t SaturatingAdd(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

// The rows of the tables of one attachment, under its limits: every reader hands its cells
// here, and stops when a call returns false.
class Builder {
 public:
  struct Row {
    std::vector<std::string> cells;
    int64_t over_column = 0;  // 1-based column of a value past the column limit, 0 if none
  };

  explicit Builder(const TableLimits& limits) : limits_(limits) {}

  bool stopped() const { return stopped_; }
  bool has_table() const { return !tables_.empty(); }
  const Table& current() const { return tables_.back(); }

  /// Starts a table; `where` names it in the limits' messages ("sheet 'Paie'", "the file").
  void Begin(std::string name, std::string where) {
    Table table;
    table.name = std::move(name);
    tables_.push_back(std::move(table));
    where_ = std::move(where);
  }

  /// Puts `text` in column `column` (0-based) of `row`: trimmed, valid UTF-8, cut at the cell
  /// limit. An empty cell takes no room: columns after the last value never exist.
  void Set(Row* row, int64_t column, std::string_view text) {
    text = Trim(text);
    if (text.empty()) return;
    if (column >= limits_.max_columns) {
      if (row->over_column == 0) row->over_column = SaturatingAdd(column, 1);
      return;
    }
    std::string cell = ValidUtf8(text);
    if (cell.size() > limits_.max_cell_bytes) {
      size_t cut = static_cast<size_t>(limits_.max_cell_bytes);
      while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;
      cell.resize(cut);
      while (!cell.empty() && IsSpace(cell.back())) cell.pop_back();
    }
    const auto at = static_cast<size_t>(column);
    if (row->cells.size() <= at) row->cells.resize(at + 1);
    row->cells[at] = std::move(cell);
  }

  /// Ends row `number` (1-based) of the current table. False once reading must stop.
  bool End(int64_t number, Row row) {
    if (stopped_) return false;
    Table& t = tables_.back();
    if (row.over_column > 0) {
      Stop(
          fmt::format("column limit {} reached: row {} of {} has a value in column {}; it and "
                      "the rows after it not read",
                      limits_.max_columns, number, where_, row.over_column));
      return false;
    }
    if (row.cells.empty()) {
      t.rows_read = number;
      return true;
    }
    if (rows_ >= limits_.max_rows) {
      Stop(fmt::format("row limit {} reached: rows after {} of {} not read", limits_.max_rows,
                       t.rows_read, where_));
      return false;
    }
    uint64_t bytes = 0;
    for (const std::string& c : row.cells) bytes += c.size();
    if (bytes_ + bytes > limits_.max_total_bytes) {
      Stop(fmt::format("cell text limit of {} bytes reached: rows after {} of {} not read",
                       limits_.max_total_bytes, t.rows_read, where_));
      return false;
    }
    bytes_ += bytes;
    ++rows_;
    t.rows.push_back(std::move(row.cells));
    t.row_numbers.push_back(number);
    t.rows_read = number;
    return true;
  }

  /// Notes what row `number` of the current table was read by a guess.
  void Note(int64_t number, std::string_view what) {
    if (tables_.empty()) return;
    constexpr size_t kNotedPerTable = 20;
    auto& problems = tables_.back().problems;
    if (problems.size() < kNotedPerTable) {
      problems.push_back(fmt::format("row {} of {}: {}", number, where_, what));
    }
  }

  /// Stops reading the attachment, saying why on the current table.
  void Stop(std::string why) {
    if (stopped_) return;
    stopped_ = true;
    if (tables_.empty()) {
      failure_ = std::move(why);
      return;
    }
    tables_.back().truncated = true;
    tables_.back().why = std::move(why);
  }

  /// Stops reading because the file is broken (not by a limit): an error when no row was read
  /// yet (`why`), else the rows read so far with `why_after_rows` on the current table.
  void Unreadable(std::string why, std::string why_after_rows) {
    if (stopped_) return;
    if (rows_ > 0) return Stop(std::move(why_after_rows));
    stopped_ = true;
    failure_ = std::move(why);
  }

  /// The tables with rows (or that say why they have none); fails when nothing could be read.
  Result<std::vector<Table>> Finish() {
    if (rows_ == 0 && !failure_.empty()) return Fail(ErrorCode::kInvalidInput, failure_);
    std::erase_if(tables_, [](const Table& t) { return t.rows.empty() && !t.truncated; });
    return std::move(tables_);
  }

  const TableLimits& limits() const { return limits_; }

 private:
  const TableLimits& limits_;
  std::vector<Table> tables_;
  std::string where_;
  int64_t rows_ = 0;
  uint64_t bytes_ = 0;
  bool stopped_ = false;
  std::string failure_;
};

using Row = Builder::Row;

// ---------------------------------------------------------------------------------------------
// Text: CSV, TSV, HTML.

// UTF-8 (without its BOM), UTF-16 with a BOM, or else windows-1252, as UTF-8.
std::string TextToUtf8(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const bool le = bytes.starts_with("\xFF\xFE");
  if (le || bytes.starts_with("\xFE\xFF")) {
    bytes.remove_prefix(2);
    gsize written = 0;
    gchar* utf8 = g_convert(bytes.data(), static_cast<gssize>(bytes.size() & ~size_t{1}), "UTF-8",
                            le ? "UTF-16LE" : "UTF-16BE", nullptr, &written, nullptr);
    if (utf8) return TakeGString(std::move(utf8));
  }
  if (g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr)) {
    return std::string(bytes);
  }
  return Windows1252ToUtf8(bytes);
}

// The delimiter of a CSV file: the candidate found the same number of times (at least once) on
// each of the first lines, the most frequent one when several are; else the most frequent on
// the first line; else a comma.
char DetectDelimiter(std::string_view text) {
  constexpr char kCandidates[] = {',', ';', '\t', '|'};
  constexpr size_t kLines = 10;
  std::vector<std::array<int64_t, 4>> lines(1, std::array<int64_t, 4>{});
  bool quoted = false;
  for (size_t i = 0; i < text.size() && i < (256u << 10); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (lines.size() == kLines) break;
      lines.emplace_back();
    } else if (!quoted) {
      for (size_t k = 0; k < 4; ++k) lines.back()[k] += c == kCandidates[k];
    }
  }
  // Lines without any candidate (blank lines, a one-column file's) say nothing.
  if (lines.size() > 1) {
    std::erase_if(lines, [](const auto& l) { return l == std::array<int64_t, 4>{}; });
    if (lines.empty()) lines.emplace_back();
  }
  int best = -1;
  int64_t best_count = 0;
  for (size_t k = 0; k < 4; ++k) {
    const int64_t first = lines.front()[k];
    const bool same =
        std::all_of(lines.begin(), lines.end(), [&](const auto& l) { return l[k] == first; });
    if (same && first > best_count) {
      best = static_cast<int>(k);
      best_count = first;
    }
  }
  if (best < 0) {
    for (size_t k = 0; k < 4; ++k) {
      if (lines.front()[k] > best_count) {
        best = static_cast<int>(k);
        best_count = lines.front()[k];
      }
    }
  }
  return best < 0 ? ',' : kCandidates[best];
}

// RFC 4180: fields quoted with '"' may hold the delimiter, line ends and doubled quotes; a quote
// inside an unquoted field is a character. Rows are numbered by record (a quoted line end does
// not start a row), as a spreadsheet shows them.
// A quote that does not close before the end of the file, or closes with text after it
// ("\"112 allée des Chênes;2875,50;…" whose quote the next row's "\"106 avenue…" seemed to
// close, swallowing that row into one cell), was no quoting: the field is read again from it
// with the quote as a character, and the row noted (its table read by a guess).
void ReadDelimited(std::string_view text, char delimiter, Builder* b) {
  b->Begin("", "the file");
  // A field longer than a cell can hold is not stored past it (the cell is cut anyway).
  const size_t keep = static_cast<size_t>(std::min<uint64_t>(
      b->limits().max_cell_bytes * 2 + 64, std::numeric_limits<size_t>::max() / 2));
  int64_t record = 0;
  int64_t column = 0;
  Row row;
  std::string field;
  bool in_quotes = false;
  bool quoted = false;  // the current field began with a quote
  auto end_field = [&] {
    b->Set(&row, column, field);
    field.clear();
    quoted = false;
    column = SaturatingAdd(column, 1);
  };
  auto end_record = [&] {
    end_field();
    column = 0;
    return b->End(++record, std::exchange(row, Row{}));
  };
  auto add = [&](char c) {
    if (field.size() < keep) field.push_back(c);
  };
  size_t quote_at = std::string_view::npos;  // the opening quote of the field in quotes
  size_t literal_quote = std::string_view::npos;
  auto unquote = [&](size_t* i) {
    b->Note(record + 1, fmt::format("the quote that opens column {} is not closed where its cell "
                                    "ends; read as a character",
                                    column + 1));
    field.clear();
    in_quotes = quoted = false;
    literal_quote = quote_at;
    *i = quote_at - 1;  // the loop's ++ reads the quote again
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          add('"');
          ++i;
        } else {
          // Text after the closing quote on its cell's own line is kept as a spreadsheet
          // does ("Petit; Carole" (née Blanc)); after a quote that ran over a line end, the
          // quote was a row's swallowing.
          size_t next = i + 1;
          while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
          const bool over_a_line =
              text.substr(quote_at, i - quote_at).find_first_of("\r\n") != std::string_view::npos;
          if (over_a_line && next < text.size() && text[next] != delimiter && text[next] != '\n' &&
              text[next] != '\r') {
            unquote(&i);
            continue;
          }
          in_quotes = false;
        }
      } else if (!(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
        add(c);
      }
      if (in_quotes && i + 1 == text.size()) unquote(&i);
    } else if (c == '"' && !quoted && i != literal_quote && Trim(field).empty()) {
      field.clear();
      in_quotes = quoted = true;
      quote_at = i;
      if (i + 1 == text.size()) unquote(&i);
    } else if (c == delimiter) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (!end_record()) return;
    } else {
      add(c);
    }
  }
  if (column > 0 || !field.empty() || quoted) end_record();
}

// HTML through libxml2's parser, as html_text.cc reads it.
bool HtmlNameIs(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && n->name &&
         g_ascii_strcasecmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

// The text of a cell, white space collapsed; nested tables are left for their own reading
// (appended to `nested`).
void HtmlCellText(const xmlNode* node, std::string* out, std::vector<const xmlNode*>* nested,
                  int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar* p = n->content; p && *p; ++p) {
        const char c = static_cast<char>(*p);
        if (IsSpace(c)) {
          if (!out->empty() && out->back() != ' ') out->push_back(' ');
        } else {
          out->push_back(c);
        }
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      if (HtmlNameIs(n, "table")) {
        nested->push_back(n);
        continue;
      }
      if (HtmlNameIs(n, "script") || HtmlNameIs(n, "style")) continue;
      if (HtmlNameIs(n, "br") || HtmlNameIs(n, "p") || HtmlNameIs(n, "div") ||
          HtmlNameIs(n, "li")) {
        if (!out->empty() && out->back() != ' ') out->push_back(' ');
      }
      HtmlCellText(n->children, out, nested, depth + 1);
    }
  }
}

// The rows of `table`: <tr> under it or under its <thead>, <tbody>, <tfoot>, not those of a
// nested table; a table met outside a cell (broken HTML) is read after it, in `nested`.
void HtmlRows(const xmlNode* node, std::vector<const xmlNode*>* rows,
              std::vector<const xmlNode*>* nested, int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (HtmlNameIs(n, "table")) {
      nested->push_back(n);
    } else if (HtmlNameIs(n, "tr")) {
      rows->push_back(n);
    } else if (!HtmlNameIs(n, "td") && !HtmlNameIs(n, "th")) {
      HtmlRows(n->children, rows, nested, depth + 1);
    }
  }
}

void ReadHtmlTables(const xmlNode* node, Builder* b, int* count, int depth);

void ReadHtmlTable(const xmlNode* table, Builder* b, int* count, int depth) {
  if (b->stopped()) return;
  ++*count;
  b->Begin(fmt::format("table {}", *count), fmt::format("table {}", *count));
  std::vector<const xmlNode*> rows;
  std::vector<const xmlNode*> nested;
  HtmlRows(table->children, &rows, &nested, depth + 1);
  int64_t number = 0;
  for (const xmlNode* tr : rows) {
    Row row;
    int64_t column = 0;
    for (const xmlNode* td = tr->children; td; td = td->next) {
      if (!HtmlNameIs(td, "td") && !HtmlNameIs(td, "th")) continue;
      std::string text;
      HtmlCellText(td->children, &text, &nested, depth + 2);
      b->Set(&row, column, text);
      int64_t span = 1;
      if (xmlChar* colspan = xmlGetProp(td, reinterpret_cast<const xmlChar*>("colspan"))) {
        span = std::min<int64_t>(PositiveCount(reinterpret_cast<const char*>(colspan), 1), 1000);
        xmlFree(colspan);
      }
      column = SaturatingAdd(column, span);
    }
    if (!b->End(++number, std::move(row))) return;
  }
  for (const xmlNode* n : nested) ReadHtmlTable(n, b, count, depth + 1);
}

void ReadHtmlTables(const xmlNode* node, Builder* b, int* count, int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* n = node; n && !b->stopped(); n = n->next) {
    if (HtmlNameIs(n, "table")) {
      ReadHtmlTable(n, b, count, depth);
    } else if (n->type == XML_ELEMENT_NODE || n->type == XML_DOCUMENT_NODE ||
               n->type == XML_HTML_DOCUMENT_NODE) {
      ReadHtmlTables(n->children, b, count, depth + 1);
    }
  }
}

void ReadHtml(const std::string& html, Builder* b) {
  if (html.empty()) return;
  const int length =
      html.size() > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(html.size());
  DeletableUniquePtr<htmlParserCtxt, htmlFreeParserCtxt> ctxt(htmlNewParserCtxt());
  if (!ctxt) return;
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      htmlCtxtReadMemory(ctxt.get(), html.data(), length, nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_COMPACT));
  if (!doc) return;
  int count = 0;
  ReadHtmlTables(doc->children, b, &count, 0);
}

// ---------------------------------------------------------------------------------------------
// XML parts of office zips (pugixml: no DTD, no entity expansion).

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// An attribute by its local name, whatever its prefix ("r:id", "table:name").
pugi::xml_attribute Attr(const pugi::xml_node& n, std::string_view local) {
  for (const pugi::xml_attribute& a : n.attributes()) {
    std::string_view name = a.name();
    const size_t colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) return a;
  }
  return {};
}

std::string AllText(const pugi::xml_node& n) {
  std::string out;
  for (const pugi::xml_node& c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.append(c.value());
  }
  return out;
}

// One XML part, parsed in place (its buffer lives as long as its tree).
struct XmlPart {
  std::string name;
  std::string buffer;
  pugi::xml_document doc;
  bool found = false;
  bool cut = false;     // the uncompressed limit was reached inside it
  std::string problem;  // why it was not read to its end (malformed, unreadable)
};

std::unique_ptr<XmlPart> LoadPart(OfficeZip* zip, const std::string& name) {
  auto part = std::make_unique<XmlPart>();
  part->name = name;
  const std::optional<zip_uint64_t> index = zip->IndexOf(name);
  if (!index) return part;
  part->found = true;
  OfficeZip::Part read = zip->Read(*index);
  part->cut = read.cut;
  if (!read.unreadable.empty()) {
    part->problem = fmt::format("part {} unreadable: {}", name, read.unreadable);
  }
  part->buffer = std::move(read.bytes);
  part->buffer.push_back('\0');
  const pugi::xml_parse_result parsed = part->doc.load_buffer_inplace(
      part->buffer.data(), part->buffer.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed && !part->cut && part->problem.empty() && Trim(part->buffer).size() > 1) {
    part->problem = fmt::format("malformed XML in {} at byte {} ({})", name, parsed.offset,
                                parsed.description());
  }
  return part;
}

// After reading the tables of `part`: the limit or the error that stopped it.
void StopIfPartIncomplete(const XmlPart& part, const TableLimits& limits, Builder* b,
                          std::string_view where) {
  if (b->stopped()) return;
  const int64_t after = b->has_table() ? b->current().rows_read : 0;
  if (part.cut) {
    b->Stop(
        fmt::format("uncompressed limit of {} bytes reached in {}: rows after {} of {} not "
                    "read",
                    limits.max_uncompressed, part.name, after, where));
  } else if (!part.problem.empty()) {
    b->Unreadable(part.problem,
                  fmt::format("{}: rows after {} of {} not read", part.problem, after, where));
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX.

// "C7" → 2 (0-based column), -1 when it names none.
int64_t ColumnOfReference(std::string_view ref) {
  int64_t column = 0;
  size_t i = 0;
  while (i < ref.size() && g_ascii_isalpha(ref[i]) && i < 4) {
    column = column * 26 + (g_ascii_toupper(ref[i]) - 'A' + 1);
    ++i;
  }
  return i == 0 ? -1 : column - 1;
}

// A custom number format that shows a date: it has a day, month or year field outside its
// quoted text, brackets ([$-40C], [Red]) and escaped characters; "mm:ss" is minutes.
bool IsDateFormatCode(std::string_view code) {
  bool d = false, m = false, y = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = g_ascii_tolower(code[i]);
    if (c == '"') {
      const size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '[') {
      const size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      break;  // the first section decides
    } else {
      d |= c == 'd';
      m |= c == 'm';
      y |= c == 'y';
      time |= c == 'h' || c == 's';
    }
  }
  return d || y || (m && !time);
}

// Excel's serial day number (with its 1900 leap year: day 60 is 1900-02-29) as ISO 8601.
std::string SerialToIsoDate(double serial, bool date1904) {
  using namespace std::chrono;
  const double whole = std::floor(serial);
  auto days = static_cast<int64_t>(whole);
  int64_t seconds = std::llround((serial - whole) * 86400.0);
  if (seconds >= 86400) {
    ++days;
    seconds = 0;
  }
  sys_days day;
  if (date1904) {
    day = sys_days{year{1904} / January / 1} + std::chrono::days{days};
  } else if (days == 60) {
    return seconds == 0 ? "1900-02-29"
                        : fmt::format("1900-02-29T{:02}:{:02}:{:02}", seconds / 3600,
                                      seconds / 60 % 60, seconds % 60);
  } else {
    day =
        (days < 60 ? sys_days{year{1899} / December / 31} : sys_days{year{1899} / December / 30}) +
        std::chrono::days{days};
  }
  const year_month_day ymd{day};
  std::string out =
      fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  if (seconds != 0) {
    out += fmt::format("T{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return out;
}

// The text of a shared or inline string: its <t>, or its runs' <t> (phonetic runs left out).
std::string StringItemText(const pugi::xml_node& si) {
  std::string out;
  for (const pugi::xml_node& c : si.children()) {
    if (LocalName(c) == "t") {
      out += AllText(c);
    } else if (LocalName(c) == "r") {
      for (const pugi::xml_node& t : c.children()) {
        if (LocalName(t) == "t") out += AllText(t);
      }
    }
  }
  return out;
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (const pugi::xml_node& c : n.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

struct XlsxContext {
  std::vector<std::string> shared;
  std::vector<bool> date_style;  // by cell style index (s=)
  bool date1904 = false;
};

std::string XlsxCellText(const pugi::xml_node& c, const XlsxContext& x) {
  const std::string_view type = Attr(c, "t").value();
  const pugi::xml_node v = Child(c, "v");
  const std::string value = v ? AllText(v) : std::string();
  if (type == "s") {
    size_t index = 0;
    const std::string_view s = Trim(value);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), index);
    return ec == std::errc() && index < x.shared.size() ? x.shared[index] : std::string();
  }
  if (type == "inlineStr") return StringItemText(Child(c, "is"));
  if (type == "b") return Trim(value) == "1" ? "TRUE" : Trim(value) == "0" ? "FALSE" : value;
  if (type.empty() || type == "n") {
    const pugi::xml_attribute s = Attr(c, "s");
    const size_t style = s ? s.as_uint() : 0;
    if (style < x.date_style.size() && x.date_style[style] && !Trim(value).empty()) {
      const std::string number(Trim(value));
      char* end = nullptr;
      const double serial = g_ascii_strtod(number.c_str(), &end);
      if (end && *end == '\0' && std::isfinite(serial) && serial >= 0 && serial < 2958466) {
        return SerialToIsoDate(serial, x.date1904);
      }
    }
  }
  return value;  // a number as written, a formula's cached string (str), an error (#N/A)
}

void ReadXlsxSheet(const XmlPart& part, const XlsxContext& x, Builder* b) {
  const pugi::xml_node data = Child(part.doc.document_element(), "sheetData");
  int64_t number = 0;
  for (const pugi::xml_node& r : data.children()) {
    if (r.type() != pugi::node_element || LocalName(r) != "row") continue;
    number = PositiveCount(Attr(r, "r").value(), SaturatingAdd(number, 1));
    Row row;
    int64_t column = -1;
    for (const pugi::xml_node& c : r.children()) {
      if (c.type() != pugi::node_element || LocalName(c) != "c") continue;
      const int64_t at = ColumnOfReference(Attr(c, "r").value());
      column = at >= 0 ? at : SaturatingAdd(column, 1);
      b->Set(&row, column, XlsxCellText(c, x));
    }
    if (!b->End(number, std::move(row))) return;
  }
}

void ReadXlsx(OfficeZip* zip, Builder* b) {
  XlsxContext x;
  // Which sheets, in the workbook's order, with their names.
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  {
    auto workbook = LoadPart(zip, "xl/workbook.xml");
    auto rels = LoadPart(zip, "xl/_rels/workbook.xml.rels");
    std::vector<std::pair<std::string, std::string>> targets;  // Id, part
    for (const pugi::xml_node& rel : rels->doc.document_element().children()) {
      std::string target = Attr(rel, "Target").value();
      if (target.empty()) continue;
      target = target.front() == '/' ? target.substr(1) : "xl/" + target;
      targets.emplace_back(Attr(rel, "Id").value(), std::move(target));
    }
    const pugi::xml_node root = workbook->doc.document_element();
    if (const pugi::xml_node pr = Child(root, "workbookPr")) {
      const std::string_view v = Attr(pr, "date1904").value();
      x.date1904 = v == "1" || v == "true";
    }
    for (const pugi::xml_node& s : Child(root, "sheets").children()) {
      if (LocalName(s) != "sheet") continue;
      const std::string_view id = Attr(s, "id").value();
      for (const auto& [rid, target] : targets) {
        if (rid == id) sheets.emplace_back(Attr(s, "name").value(), target);
      }
    }
  }
  if (sheets.empty()) {  // no workbook to say: the worksheets in their natural order
    for (const auto& [name, index] : zip->Entries()) {
      if (name.starts_with("xl/worksheets/") && EndsWithNoCase(name, ".xml")) {
        sheets.emplace_back(name.substr(14, name.size() - 18), name);
      }
    }
    std::sort(sheets.begin(), sheets.end(), [](const auto& l, const auto& r) {
      return l.second.size() != r.second.size() ? l.second.size() < r.second.size()
                                                : l.second < r.second;
    });
  }
  if (sheets.empty()) {
    b->Unreadable("no worksheet in the workbook", "");
    return;
  }
  {
    auto shared = LoadPart(zip, "xl/sharedStrings.xml");
    for (const pugi::xml_node& si : shared->doc.document_element().children()) {
      if (LocalName(si) == "si") x.shared.push_back(StringItemText(si));
    }
  }
  {
    auto styles = LoadPart(zip, "xl/styles.xml");
    const pugi::xml_node root = styles->doc.document_element();
    std::vector<std::pair<unsigned, bool>> custom;
    for (const pugi::xml_node& f : Child(root, "numFmts").children()) {
      custom.emplace_back(Attr(f, "numFmtId").as_uint(),
                          IsDateFormatCode(Attr(f, "formatCode").value()));
    }
    for (const pugi::xml_node& xf : Child(root, "cellXfs").children()) {
      if (LocalName(xf) != "xf") continue;
      const unsigned id = Attr(xf, "numFmtId").as_uint();
      bool date = (id >= 14 && id <= 17) || id == 22;
      for (const auto& [custom_id, is_date] : custom) {
        if (custom_id == id) date = is_date;
      }
      x.date_style.push_back(date);
    }
  }
  for (const auto& [name, part_name] : sheets) {
    if (b->stopped()) return;
    const std::string where = fmt::format("sheet '{}'", name);
    auto part = LoadPart(zip, part_name);
    if (!part->found) continue;
    b->Begin(name, where);
    ReadXlsxSheet(*part, x, b);
    StopIfPartIncomplete(*part, b->limits(), b, where);
  }
}

// ---------------------------------------------------------------------------------------------
// ODF (ODS, ODT): content.xml.

// The text of an ODF cell as shown: its paragraphs joined by a space, <text:s c="n"/> as spaces,
// tabs and line breaks as a space, notes and annotations left out. `depth` bounds the walk.
void OdfText(const pugi::xml_node& e, std::string* out, int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      out->append(n.value());
      continue;
    }
    if (n.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(n);
    if (local == "annotation" || local == "note" || local == "tracked-changes") continue;
    if (local == "s") {
      out->append(
          static_cast<size_t>(std::min<int64_t>(PositiveCount(Attr(n, "c").value(), 1), 64)), ' ');
    } else if (local == "tab" || local == "line-break") {
      out->push_back(' ');
    } else {
      OdfText(n, out, depth + 1);
      if ((local == "p" || local == "h") && !out->empty() && out->back() != ' ') {
        out->push_back(' ');
      }
    }
  }
}

std::string OdfCellText(const pugi::xml_node& cell) {
  if (std::string_view(Attr(cell, "value-type").value()) == "date") {
    std::string date = Attr(cell, "date-value").value();
    if (date.ends_with("T00:00:00")) date.resize(date.size() - 9);
    if (!date.empty()) return date;
  }
  std::string text;
  OdfText(cell, &text, 0);
  if (Trim(text).empty()) {
    for (const char* attr : {"value", "string-value", "boolean-value", "time-value"}) {
      if (const pugi::xml_attribute a = Attr(cell, attr)) return a.value();
    }
  }
  return text;
}

// Rows under a table or its row groups (header rows, row groups), not those of a nested table.
void OdfRows(const pugi::xml_node& e, std::vector<pugi::xml_node>* rows, int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(n);
    if (local == "table-row") {
      rows->push_back(n);
    } else if (local == "table-header-rows" || local == "table-rows" ||
               local == "table-row-group") {
      OdfRows(n, rows, depth + 1);
    }
  }
}

void ReadOdfTable(const pugi::xml_node& table, Builder* b, std::string_view kind, int* count) {
  ++*count;
  std::string name = Attr(table, "name").value();
  if (name.empty()) name = fmt::format("table {}", *count);
  b->Begin(name, fmt::format("{} '{}'", kind, name));
  const int64_t max_columns = b->limits().max_columns;
  std::vector<pugi::xml_node> rows;
  OdfRows(table, &rows, 0);
  int64_t number = 0;
  for (const pugi::xml_node& r : rows) {
    const int64_t repeat = PositiveCount(Attr(r, "number-rows-repeated").value(), 1);
    Row row;
    int64_t column = 0;
    for (const pugi::xml_node& c : r.children()) {
      const std::string_view local = LocalName(c);
      if (local != "table-cell" && local != "covered-table-cell") continue;
      const int64_t span = PositiveCount(Attr(c, "number-columns-repeated").value(), 1);
      const std::string text = OdfCellText(c);
      if (!Trim(text).empty()) {
        // A repeated value is written in each column, up to one past the limit (which stops).
        const int64_t end = std::min(SaturatingAdd(column, span), SaturatingAdd(max_columns, 1));
        for (int64_t k = column; k < end; ++k) b->Set(&row, k, text);
      }
      column = SaturatingAdd(column, span);
    }
    if (row.cells.empty() && row.over_column == 0) {
      number = SaturatingAdd(number, repeat);
      if (!b->End(number, std::move(row))) return;
      continue;
    }
    for (int64_t k = 0; k < repeat; ++k) {
      number = SaturatingAdd(number, 1);
      if (!b->End(number, row)) return;
    }
  }
}

// Every table not inside another one, in document order (a nested table is part of its cell's
// text).
void ReadOdfTables(const pugi::xml_node& e, Builder* b, std::string_view kind, int* count,
                   int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (b->stopped()) return;
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n) == "table") {
      ReadOdfTable(n, b, kind, count);
    } else {
      ReadOdfTables(n, b, kind, count, depth + 1);
    }
  }
}

void ReadOdf(OfficeZip* zip, Builder* b, std::string_view kind) {
  auto content = LoadPart(zip, "content.xml");
  if (!content->found) {
    b->Unreadable("no content.xml in the document", "");
    return;
  }
  int count = 0;
  ReadOdfTables(content->doc.document_element(), b, kind, &count, 0);
  StopIfPartIncomplete(*content, b->limits(), b,
                       b->has_table() ? fmt::format("{} '{}'", kind, b->current().name)
                                      : std::string("the document"));
}

// ---------------------------------------------------------------------------------------------
// DOCX: word/document.xml.

// The text of a cell: its paragraphs (those of nested tables too) joined by a space; tabs and
// breaks as a space; field instructions and deleted text left out.
void DocxText(const pugi::xml_node& e, std::string* out, int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(n);
    if (local == "t") {
      out->append(AllText(n));
    } else if (local == "tab" || local == "br" || local == "cr") {
      out->push_back(' ');
    } else if (local == "instrText" || local == "delText" || local == "delInstrText" ||
               local == "tcPr" || local == "rPr" || local == "pPr") {
      continue;
    } else {
      DocxText(n, out, depth + 1);
      if (local == "p" && !out->empty() && out->back() != ' ') out->push_back(' ');
    }
  }
}

// The elements named `local` under `e`, through content controls and custom XML wrappers.
void DocxChildren(const pugi::xml_node& e, std::string_view local, std::vector<pugi::xml_node>* out,
                  int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(n);
    if (name == local) {
      out->push_back(n);
    } else if (name == "sdt" || name == "sdtContent" || name == "customXml" || name == "smartTag") {
      DocxChildren(n, local, out, depth + 1);
    }
  }
}

int64_t DocxVal(const pugi::xml_node& props, std::string_view local, int64_t fallback) {
  const pugi::xml_node n = Child(props, local);
  return n ? PositiveCount(Attr(n, "val").value(), fallback) : fallback;
}

void ReadDocxTable(const pugi::xml_node& table, Builder* b, int* count) {
  ++*count;
  const std::string name = fmt::format("table {}", *count);
  b->Begin(name, name);
  std::vector<pugi::xml_node> rows;
  DocxChildren(table, "tr", &rows, 0);
  int64_t number = 0;
  for (const pugi::xml_node& tr : rows) {
    Row row;
    int64_t column = std::min<int64_t>(DocxVal(Child(tr, "trPr"), "gridBefore", 0), 1000);
    std::vector<pugi::xml_node> cells;
    DocxChildren(tr, "tc", &cells, 0);
    for (const pugi::xml_node& tc : cells) {
      std::string text;
      DocxText(tc, &text, 0);
      b->Set(&row, column, text);
      column =
          SaturatingAdd(column, std::min<int64_t>(DocxVal(Child(tc, "tcPr"), "gridSpan", 1), 1000));
    }
    if (!b->End(++number, std::move(row))) return;
  }
}

void ReadDocxTables(const pugi::xml_node& e, Builder* b, int* count, int depth) {
  if (depth > kMaxDepth) return;
  for (const pugi::xml_node& n : e.children()) {
    if (b->stopped()) return;
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n) == "tbl") {
      ReadDocxTable(n, b, count);
    } else {
      ReadDocxTables(n, b, count, depth + 1);
    }
  }
}

void ReadDocx(OfficeZip* zip, Builder* b) {
  auto document = LoadPart(zip, "word/document.xml");
  if (!document->found) {
    b->Unreadable("no word/document.xml in the document", "");
    return;
  }
  int count = 0;
  ReadDocxTables(document->doc.document_element(), b, &count, 0);
  StopIfPartIncomplete(*document, b->limits(), b,
                       b->has_table() ? b->current().name : std::string("the document"));
}

}  // namespace

TableFormat TableFormatOf(std::string_view content_type, std::string_view filename) {
  const std::string type = [&] {
    std::string t(Trim(content_type.substr(0, content_type.find(';'))));
    for (char& c : t) c = g_ascii_tolower(c);
    return t;
  }();
  if (type == "text/csv" || type == "application/csv" || type == "text/comma-separated-values" ||
      type == "text/x-csv") {
    return TableFormat::kCsv;
  }
  if (type == "text/tab-separated-values") return TableFormat::kTsv;
  if (type.find("spreadsheetml.sheet") != std::string::npos) return TableFormat::kXlsx;
  if (type == "application/vnd.oasis.opendocument.spreadsheet") return TableFormat::kOds;
  if (type.find("wordprocessingml.document") != std::string::npos) return TableFormat::kDocx;
  if (type == "application/vnd.oasis.opendocument.text") return TableFormat::kOdt;
  if (type == "text/html") return TableFormat::kHtml;
  static constexpr std::pair<std::string_view, TableFormat> kExtensions[] = {
      {".csv", TableFormat::kCsv},   {".tsv", TableFormat::kTsv},   {".tab", TableFormat::kTsv},
      {".xlsx", TableFormat::kXlsx}, {".xlsm", TableFormat::kXlsx}, {".ods", TableFormat::kOds},
      {".docx", TableFormat::kDocx}, {".odt", TableFormat::kOdt},   {".html", TableFormat::kHtml},
      {".htm", TableFormat::kHtml}};
  for (const auto& [extension, format] : kExtensions) {
    if (EndsWithNoCase(filename, extension)) return format;
  }
  return TableFormat::kNone;
}

Result<std::vector<Table>> ExtractTables(std::string_view bytes, TableFormat format,
                                         const TableLimits& limits) {
  Builder b(limits);
  switch (format) {
    case TableFormat::kNone: return std::vector<Table>{};
    case TableFormat::kCsv:
    case TableFormat::kTsv: {
      const std::string text = TextToUtf8(bytes);
      ReadDelimited(text, format == TableFormat::kTsv ? '\t' : DetectDelimiter(text), &b);
      break;
    }
    case TableFormat::kHtml: ReadHtml(TextToUtf8(bytes), &b); break;
    case TableFormat::kXlsx:
    case TableFormat::kOds:
    case TableFormat::kDocx:
    case TableFormat::kOdt: {
      auto zip = OfficeZip::Open(bytes, limits.max_uncompressed);
      if (!zip) return std::unexpected(std::move(zip.error()));
      if (format == TableFormat::kXlsx) ReadXlsx(&*zip, &b);
      if (format == TableFormat::kOds) ReadOdf(&*zip, &b, "sheet");
      if (format == TableFormat::kOdt) ReadOdf(&*zip, &b, "table");
      if (format == TableFormat::kDocx) ReadDocx(&*zip, &b);
      break;
    }
  }
  return b.Finish();
}

uint64_t TableBytes(const std::vector<Table>& tables) {
  uint64_t bytes = 0;
  for (const Table& t : tables) {
    for (const auto& row : t.rows) {
      for (const std::string& cell : row) bytes += cell.size();
    }
  }
  return bytes;
}

size_t TableWidth(const Table& table) {
  size_t width = 0;
  for (const auto& row : table.rows) width = std::max(width, row.size());
  return width;
}

}  // namespace breachkit
