#include "tools/review_sheet.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <glib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/mail/charset.h"
#include "core/mail/table_extract.h"
#include "core/util/glib_handle.h"
#include "tools/csv.h"

namespace breachkit {
namespace {

constexpr std::string_view kOdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::string_view kSheetName = "review";
// A spreadsheet cell holds at most 32,767 characters (Excel's limit; libxlsxwriter refuses
// more). Every format is cut the same way, so the three files of one review say the same.
constexpr size_t kMaxFieldChars = 32'767;
// A sheet's rows, the header included: the largest sheet XLSX and ODS allow, and what
// ReadReviewSheet reads.
constexpr size_t kMaxItems = kMaxReviewSheetRows - 1;

// Width of each column of kReviewSheetColumns, in characters: the context and the why are
// the columns a DPO reads and writes, and wrap.
constexpr std::array<double, kReviewSheetColumns.size()> kWidths = {12, 9,  14, 22, 10, 18,
                                                                    30, 60, 26, 12, 40};
constexpr size_t kContextColumn = 7;
constexpr size_t kDecisionColumn = 9;
constexpr size_t kWhyColumn = 10;
static_assert(kReviewSheetColumns[kContextColumn] == "context");
static_assert(kReviewSheetColumns[kDecisionColumn] == "decision");
static_assert(kReviewSheetColumns[kWhyColumn] == "why");

bool Wraps(size_t column) { return column == kContextColumn || column == kWhyColumn; }

// 10 lowercase hexadecimal digits: the id of an item.
bool IsItemId(std::string_view s) {
  return s.size() == 10 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// `s` as every format can hold it: valid UTF-8, CR LF and a lone CR as LF, a tab as a space,
// other control characters and the two non-characters XML forbids as U+FFFD, cut after
// kMaxFieldChars characters. XML 1.0 cannot carry those control characters at all, and
// libxlsxwriter would write them as _xHHHH_ escapes that only Excel reads back; LibreOffice
// Calc drops a tab from a cell's text (<text:tab/> in an ODS, a tab in an XLSX), so that
// "a\tb" would show as "ab".
std::string CleanField(std::string_view s) {
  const std::string valid = ValidUtf8(s);
  std::string out;
  out.reserve(valid.size());
  size_t chars = 0;
  for (const char* p = valid.c_str(); p < valid.c_str() + valid.size() && chars < kMaxFieldChars;
       p = g_utf8_next_char(p), ++chars) {
    const gunichar c = *p == '\0' ? 0 : g_utf8_get_char(p);
    if (c == '\r') {
      if (p[1] != '\n') out += '\n';
      continue;
    }
    if (c == '\t') {
      out += ' ';
      continue;
    }
    if ((c < 0x20 && c != '\n') || c == 0xFFFE || c == 0xFFFF) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    out.append(p, static_cast<size_t>(g_utf8_next_char(p) - p));
  }
  return out;
}

// The fields of `row` in the order of kReviewSheetColumns, cleaned.
std::array<std::string, kReviewSheetColumns.size()> Fields(const ReviewSheetRow& row) {
  return {CleanField(row.id),       CleanField(row.kind),    CleanField(row.category),
          CleanField(row.rule),     CleanField(row.tier),    CleanField(row.person),
          CleanField(row.where),    CleanField(row.context), CleanField(row.proposed),
          CleanField(row.decision), CleanField(row.why)};
}

// ---------------------------------------------------------------------------------------------
// XLSX, by libxlsxwriter.

// An anonymous file in memory (memfd): Debian 12's libxlsxwriter (1.1.4) writes a workbook
// only to a named file (writing to a buffer came with 1.1.5), and the sheet holds personal
// data that must not lie in a folder, even for a moment (the parts libxlsxwriter zips pass
// through tmpfile(), which has no name either). Its name under /proc/self/fd is the file
// libxlsxwriter opens.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("breachkit-review-sheet", MFD_CLOEXEC)) {}
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::string path() const { return fmt::format("/proc/self/fd/{}", fd_); }

  Result<std::string> Contents() const {
    const off_t size = ::lseek(fd_, 0, SEEK_END);
    if (size < 0) return Fail(ErrorCode::kInternal, "review sheet: {}", std::strerror(errno));
    std::string out(static_cast<size_t>(size), '\0');
    for (size_t at = 0; at < out.size();) {
      const ssize_t n = ::pread(fd_, out.data() + at, out.size() - at, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        return Fail(ErrorCode::kInternal, "review sheet: cannot read it back: {}",
                    n < 0 ? std::strerror(errno) : "it is shorter than written");
      }
      at += static_cast<size_t>(n);
    }
    return out;
  }

 private:
  int fd_;
};

Result<std::string> RenderXlsx(const std::vector<ReviewSheetRow>& rows, int64_t created_at) {
  MemoryFile file;
  if (!file.ok()) {
    return Fail(ErrorCode::kInternal, "review sheet: no memory file: {}", std::strerror(errno));
  }
  const std::string path = file.path();
  // workbook_close() frees the workbook; lxw_workbook_free() only when we stop before it.
  DeletableUniquePtr<lxw_workbook, lxw_workbook_free> workbook(workbook_new(path.c_str()));
  if (!workbook) return Fail(ErrorCode::kInternal, "review sheet: libxlsxwriter: out of memory");
  lxw_workbook* wb = workbook.get();

  // Dated as given, not now: the same items make the same bytes.
  std::string title = "breachkit review sheet";
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.created = static_cast<time_t>(created_at);
  lxw_error error = workbook_set_properties(wb, &properties);

  lxw_worksheet* ws = workbook_add_worksheet(wb, std::string(kSheetName).c_str());
  lxw_format* header = workbook_add_format(wb);
  lxw_format* text = workbook_add_format(wb);
  lxw_format* wrapped = workbook_add_format(wb);
  if (!ws || !header || !text || !wrapped) {
    return Fail(ErrorCode::kInternal, "review sheet: libxlsxwriter: out of memory");
  }
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_bottom(header, LXW_BORDER_THIN);
  // "@", Excel's text format, on every column: what the DPO types (an id, "1", a date) stays
  // the text they typed instead of becoming a number.
  for (lxw_format* f : {text, wrapped}) {
    format_set_num_format(f, "@");
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  }
  format_set_text_wrap(wrapped);

  for (size_t c = 0; c < kReviewSheetColumns.size() && !error; ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    error = worksheet_set_column(ws, col, col, kWidths[c], Wraps(c) ? wrapped : text);
    if (!error) {
      error =
          worksheet_write_string(ws, 0, col, std::string(kReviewSheetColumns[c]).c_str(), header);
    }
  }
  for (size_t r = 0; r < rows.size() && !error; ++r) {
    const auto fields = Fields(rows[r]);
    for (size_t c = 0; c < fields.size() && !error; ++c) {
      // worksheet_write_string: always a string cell, so "=1+1" is text, never a formula.
      error = worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                                     fields[c].c_str(), Wraps(c) ? wrapped : text);
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
  const auto last_row = static_cast<lxw_row_t>(rows.size());
  if (!error) {
    error = worksheet_autofilter(ws, 0, 0, last_row,
                                 static_cast<lxw_col_t>(kReviewSheetColumns.size() - 1));
  }
  if (!error && !rows.empty()) {
    // A drop-down of the two words. A warning, not a refusal, for another word: the reader
    // also takes oui, non, confirmé..., which a DPO may prefer to type.
    const char* words[] = {"accept", "reject", nullptr};
    std::string error_title = "accept or reject";
    std::string error_message =
        "breachkit reads accept (accepted, confirm, yes, oui, confirmé) or reject (rejected, "
        "no, non, rejeté); an empty cell leaves the item pending.";
    lxw_data_validation validation = {};
    validation.validate = LXW_VALIDATION_TYPE_LIST;
    validation.value_list = const_cast<char**>(words);
    validation.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    validation.error_title = error_title.data();
    validation.error_message = error_message.data();
    const auto col = static_cast<lxw_col_t>(kDecisionColumn);
    error = worksheet_data_validation_range(ws, 1, col, last_row, col, &validation);
  }
  if (error) {
    return Fail(ErrorCode::kInternal, "review sheet: libxlsxwriter: {}", lxw_strerror(error));
  }
  error = workbook_close(workbook.release());
  if (error) {
    return Fail(ErrorCode::kInternal, "review sheet: libxlsxwriter: {}", lxw_strerror(error));
  }
  return file.Contents();
}

// ---------------------------------------------------------------------------------------------
// ODS: no Debian library writes it from C or C++, so its four XML parts are written here and
// zipped by libzip, as ODF 1.2 part 3 says: the "mimetype" entry first, stored, then the
// manifest naming every part.

// `s` escaped for XML text and attribute values.
std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// One line of a cell as the content of a <text:p>. ODF collapses runs of white space in a
// paragraph and drops it at either end, so a space is written as itself only when it is
// alone between two other characters, else as <text:s text:c="n"/>.
std::string OdfLine(std::string_view line) {
  std::string out;
  size_t spaces = 0;
  auto flush = [&](bool at_end) {
    if (spaces == 0) return;
    if (spaces == 1 && !out.empty() && !at_end) {
      out += ' ';
    } else {
      out += fmt::format("<text:s text:c=\"{}\"/>", spaces);
    }
    spaces = 0;
  };
  for (char c : line) {
    if (c == ' ') {
      ++spaces;
      continue;
    }
    flush(false);
    out += XmlEscape(std::string_view(&c, 1));
  }
  flush(true);
  return out;
}

// A string cell of `style` holding `text`, one paragraph a line; an empty cell when empty.
std::string OdsCell(std::string_view text, std::string_view style, std::string_view extra = "") {
  if (text.empty()) {
    return fmt::format("<table:table-cell table:style-name=\"{}\"{}/>", style, extra);
  }
  std::string out = fmt::format(
      "<table:table-cell table:style-name=\"{}\"{} office:value-type=\"string\">", style, extra);
  for (size_t at = 0;;) {
    const size_t end = text.find('\n', at);
    out += "<text:p>" + OdfLine(text.substr(at, end == std::string_view::npos ? end : end - at)) +
           "</text:p>";
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return out + "</table:table-cell>";
}

constexpr std::string_view kOdfNamespaces =
    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
    " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
    " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
    " xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\""
    " xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""
    " office:version=\"1.2\"";

std::string OdsContent(const std::vector<ReviewSheetRow>& rows) {
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content{}>"
      "<office:automatic-styles>",
      kOdfNamespaces);
  for (size_t c = 0; c < kWidths.size(); ++c) {
    // A character of the default font is about 0.2 cm wide.
    xml += fmt::format(
        "<style:style style:name=\"co{}\" style:family=\"table-column\">"
        "<style:table-column-properties style:column-width=\"{:.2f}cm\"/></style:style>",
        c + 1, kWidths[c] * 0.2);
  }
  xml +=
      "<style:style style:name=\"header\" style:family=\"table-cell\" "
      "style:parent-style-name=\"Default\"><style:table-cell-properties "
      "fo:background-color=\"#ddebf7\" fo:border-bottom=\"0.5pt solid #000000\"/>"
      "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
      "<style:style style:name=\"text\" style:family=\"table-cell\" "
      "style:parent-style-name=\"Default\"><style:table-cell-properties "
      "style:vertical-align=\"top\"/></style:style>"
      "<style:style style:name=\"wrapped\" style:family=\"table-cell\" "
      "style:parent-style-name=\"Default\"><style:table-cell-properties "
      "style:vertical-align=\"top\" fo:wrap-option=\"wrap\"/></style:style>"
      "</office:automatic-styles><office:body><office:spreadsheet>";
  // The decision column's drop-down, as in the XLSX: a warning for another word.
  const std::string decision_cell =
      fmt::format("{}.{}2", kSheetName, static_cast<char>('A' + kDecisionColumn));
  xml += fmt::format(
      "<table:content-validations><table:content-validation table:name=\"decision\" "
      "table:condition=\"of:cell-content-is-in-list(&quot;accept&quot;;&quot;reject&quot;)\" "
      "table:allow-empty-cell=\"true\" table:display-list=\"unsorted\" "
      "table:base-cell-address=\"{}\"><table:error-message table:title=\"accept or reject\" "
      "table:display=\"true\" table:message-type=\"warning\"><text:p>breachkit reads accept "
      "(accepted, confirm, yes, oui, confirmé) or reject (rejected, no, non, rejeté); an empty "
      "cell leaves the item pending.</text:p></table:error-message></table:content-validation>"
      "</table:content-validations>",
      decision_cell);
  xml += fmt::format("<table:table table:name=\"{}\">", kSheetName);
  for (size_t c = 0; c < kReviewSheetColumns.size(); ++c) {
    xml += fmt::format(
        "<table:table-column table:style-name=\"co{}\" table:default-cell-style-name=\"{}\"/>",
        c + 1, Wraps(c) ? "wrapped" : "text");
  }
  xml += "<table:table-header-rows><table:table-row>";
  for (std::string_view name : kReviewSheetColumns) xml += OdsCell(name, "header");
  xml += "</table:table-row></table:table-header-rows>";
  for (const ReviewSheetRow& row : rows) {
    const auto fields = Fields(row);
    xml += "<table:table-row>";
    for (size_t c = 0; c < fields.size(); ++c) {
      xml += OdsCell(fields[c], Wraps(c) ? "wrapped" : "text",
                     c == kDecisionColumn ? " table:content-validation-name=\"decision\"" : "");
    }
    xml += "</table:table-row>";
  }
  return xml + "</table:table></office:spreadsheet></office:body></office:document-content>\n";
}

std::string OdsStyles() {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles{}><office:styles>"
      "<style:style style:name=\"Default\" style:family=\"table-cell\"/>"
      "</office:styles></office:document-styles>\n",
      kOdfNamespaces);
}

// The view: the header row frozen (VerticalSplitMode 2 is a freeze, at row 1), as
// LibreOffice writes it for View > Freeze First Row.
std::string OdsSettings() {
  auto item = [](std::string_view name, std::string_view type, std::string_view value) {
    return fmt::format(
        "<config:config-item config:name=\"{}\" config:type=\"{}\">{}</config:config-item>", name,
        type, value);
  };
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-settings{}><office:settings>"
      "<config:config-item-set config:name=\"ooo:view-settings\">"
      "<config:config-item-map-indexed config:name=\"Views\"><config:config-item-map-entry>"
      "{}<config:config-item-map-named config:name=\"Tables\">"
      "<config:config-item-map-entry config:name=\"{}\">{}{}{}{}{}{}{}"
      "</config:config-item-map-entry></config:config-item-map-named>{}"
      "</config:config-item-map-entry></config:config-item-map-indexed>"
      "</config:config-item-set></office:settings></office:document-settings>\n",
      kOdfNamespaces, item("ViewId", "string", "view1"), kSheetName,
      item("HorizontalSplitMode", "short", "0"), item("VerticalSplitMode", "short", "2"),
      item("HorizontalSplitPosition", "int", "0"), item("VerticalSplitPosition", "int", "1"),
      item("ActiveSplitRange", "short", "2"), item("PositionTop", "int", "0"),
      item("PositionBottom", "int", "1"), item("ActiveTable", "string", kSheetName));
}

std::string OdsManifest() {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest "
      "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
      "manifest:version=\"1.2\">";
  xml += fmt::format(
      "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
      "manifest:media-type=\"{}\"/>",
      kOdsMimeType);
  for (std::string_view part : {"content.xml", "styles.xml", "settings.xml"}) {
    xml += fmt::format(
        "<manifest:file-entry manifest:full-path=\"{}\" manifest:media-type=\"text/xml\"/>", part);
  }
  return xml + "</manifest:manifest>\n";
}

Result<std::string> RenderOds(const std::vector<ReviewSheetRow>& rows, int64_t created_at) {
  // The parts, alive until zip_close has read them (zip_source_buffer does not copy).
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"mimetype", std::string(kOdsMimeType)},
      {"META-INF/manifest.xml", OdsManifest()},
      {"content.xml", OdsContent(rows)},
      {"styles.xml", OdsStyles()},
      {"settings.xml", OdsSettings()}};
  auto fail = [](std::string_view what, zip_error_t* e) {
    const std::string why = zip_error_strerror(e);
    return Fail(ErrorCode::kInternal, "review sheet: libzip: {}: {}", what, why);
  };
  struct ZipError {  // zip_error_strerror allocates in it
    ZipError() { zip_error_init(&e); }
    ~ZipError() { zip_error_fini(&e); }
    zip_error_t e;
  } error;
  // The archive is written into `buffer` (kept past zip_close, which would free it).
  DeletableUniquePtr<zip_source_t, zip_source_free> buffer(
      zip_source_buffer_create(nullptr, 0, 0, &error.e));
  if (!buffer) return fail("in memory", &error.e);
  DeletableUniquePtr<zip_t, zip_discard> archive(
      zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error.e));
  if (!archive) return fail("in memory", &error.e);
  zip_source_keep(buffer.get());
  // A zip's date is local time from 1980-01-01: a day later in UTC is after it in every zone.
  const auto mtime = static_cast<time_t>(std::max(created_at, kReviewSheetDefaultTime));
  for (const auto& [name, bytes] : parts) {
    zip_source_t* source = zip_source_buffer(archive.get(), bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        source ? zip_file_add(archive.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      return fail(name, zip_get_error(archive.get()));
    }
    const auto at = static_cast<zip_uint64_t>(index);
    // "mimetype" stored, so that its name and type can be read at fixed offsets (ODF 1.2
    // part 3, 3.3): that is how a file is recognised as a spreadsheet.
    if (zip_set_file_compression(archive.get(), at,
                                 name == "mimetype" ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(archive.get(), at, mtime, 0) != 0) {
      return fail(name, zip_get_error(archive.get()));
    }
  }
  if (zip_close(archive.get()) != 0) return fail("writing", zip_get_error(archive.get()));
  (void)archive.release();  // zip_close freed it

  zip_source_t* b = buffer.get();
  if (zip_source_open(b) != 0) return fail("reading", zip_source_error(b));
  std::string out;
  zip_int64_t size = -1;
  if (zip_source_seek(b, 0, SEEK_END) == 0) size = zip_source_tell(b);
  if (size >= 0 && zip_source_seek(b, 0, SEEK_SET) == 0) {
    out.resize(static_cast<size_t>(size));
    if (zip_source_read(b, out.data(), out.size()) != size) size = -1;
  }
  zip_source_close(b);
  if (size < 0) return fail("reading", zip_source_error(b));
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV: as breachkit's other CSV files (export, letters' manifest), which open in a spreadsheet
// as they are: UTF-8 with a BOM, CR LF, every field quoted (CsvField: a cell that would start
// a formula gets a leading apostrophe).

std::string RenderCsv(const std::vector<ReviewSheetRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t c = 0; c < kReviewSheetColumns.size(); ++c) {
    out += (c ? "," : "") + CsvField(std::string(kReviewSheetColumns[c]));
  }
  out += "\r\n";
  for (const ReviewSheetRow& row : rows) {
    const auto fields = Fields(row);
    for (size_t c = 0; c < fields.size(); ++c) out += (c ? "," : "") + CsvField(fields[c]);
    out += "\r\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading.

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = g_ascii_tolower(c);
  return out;
}

// `s` case-folded and in NFC, to compare with a decision word: "CONFIRMÉ", "Confirmé" and a
// "confirmé" typed with a combining accent are one word.
std::string FoldWord(std::string_view s) {
  std::string folded = TakeGString(g_utf8_casefold(s.data(), static_cast<gssize>(s.size())));
  gchar* nfc = g_utf8_normalize(folded.c_str(), -1, G_NORMALIZE_NFC);
  return nfc ? TakeGString(std::move(nfc)) : folded;
}

std::optional<SheetDecision::Decision> DecisionOf(std::string_view cell) {
  const std::string word = FoldWord(cell);
  for (std::string_view w : kAcceptWords) {
    if (word == w) return SheetDecision::Decision::kAccept;
  }
  for (std::string_view w : kRejectWords) {
    if (word == w) return SheetDecision::Decision::kReject;
  }
  return std::nullopt;
}

std::string_view DecisionName(SheetDecision::Decision d) {
  return d == SheetDecision::Decision::kAccept ? "accept" : "reject";
}

// A cell's text as an error message quotes it: on one line, at most 24 characters.
std::string Quoted(std::string_view cell) {
  const std::string valid = ValidUtf8(cell);  // an id given to RenderReviewSheet may not be
  std::string out;
  size_t chars = 0;
  for (const char* p = valid.c_str(); p < valid.c_str() + valid.size(); p = g_utf8_next_char(p)) {
    if (++chars > 24) {
      out += "…";
      break;
    }
    const auto n = static_cast<size_t>(g_utf8_next_char(p) - p);
    out.append(static_cast<unsigned char>(*p) < 0x20 ? std::string(" ") : std::string(p, n));
  }
  return "\"" + out + "\"";
}

// The letters of a 0-based column as a spreadsheet names it: A, Z, AA.
std::string ColumnLetters(size_t column) {
  std::string out;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

TableFormat TableFormatOfSheet(SheetFormat format) {
  switch (format) {
    case SheetFormat::kXlsx: return TableFormat::kXlsx;
    case SheetFormat::kOds: return TableFormat::kOds;
    case SheetFormat::kCsv: return TableFormat::kCsv;
  }
  return TableFormat::kNone;
}

std::string_view FormatName(SheetFormat format) {
  switch (format) {
    case SheetFormat::kXlsx: return "XLSX";
    case SheetFormat::kOds: return "ODS";
    case SheetFormat::kCsv: return "CSV";
  }
  return "";
}

// Problems listed in one message: enough to correct a sheet in one go, not a wall of text.
constexpr size_t kMaxProblemsShown = 20;

}  // namespace

Result<SheetFormat> SheetFormatOf(const std::string& path) {
  const std::string lower = AsciiLower(path);
  if (lower.ends_with(".xlsx")) return SheetFormat::kXlsx;
  if (lower.ends_with(".ods")) return SheetFormat::kOds;
  if (lower.ends_with(".csv")) return SheetFormat::kCsv;
  return Fail(ErrorCode::kInvalidInput,
              "{}: a review sheet is a .xlsx, .ods or .csv file (its name says which)", path);
}

Result<std::string> RenderReviewSheet(const std::vector<ReviewSheetRow>& rows, SheetFormat format,
                                      int64_t created_at) {
  // Checked here rather than found when the sheet comes back: a sheet breachkit could not
  // read back would waste the DPO's work.
  if (rows.size() > kMaxItems) {
    return Fail(ErrorCode::kInvalidInput,
                "{} items to review: more than the {} rows a spreadsheet holds under its header",
                rows.size(), kMaxItems);
  }
  std::map<std::string_view, size_t> seen;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!IsItemId(rows[i].id)) {
      return Fail(ErrorCode::kInternal,
                  "review sheet: item {}: id {} is not 10 lowercase hex digits", i + 1,
                  Quoted(rows[i].id));
    }
    if (auto [at, added] = seen.emplace(rows[i].id, i); !added) {
      return Fail(ErrorCode::kInternal, "review sheet: items {} and {} have the same id {}",
                  at->second + 1, i + 1, rows[i].id);
    }
  }
  switch (format) {
    case SheetFormat::kXlsx: return RenderXlsx(rows, created_at);
    case SheetFormat::kOds: return RenderOds(rows, created_at);
    case SheetFormat::kCsv: return RenderCsv(rows);
  }
  return Fail(ErrorCode::kInternal, "review sheet: unknown format");
}

Result<std::vector<SheetDecision>> ReadReviewSheet(std::string_view bytes, SheetFormat format,
                                                   const std::string& name) {
  TableLimits limits;
  limits.max_rows = kMaxReviewSheetRows;
  limits.max_cell_bytes = kMaxReviewCellBytes;
  limits.max_uncompressed = kMaxReviewSheetBytes;
  limits.max_total_bytes = kMaxReviewSheetBytes;
  auto tables = ExtractTables(bytes, TableFormatOfSheet(format), limits);
  if (!tables) {
    return Fail(ErrorCode::kInvalidInput, "{}: cannot be read as {}: {}", name, FormatName(format),
                tables.error().message);
  }
  if (tables->empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "{}: the sheet is empty (a review sheet begins with its header row: {})", name,
                fmt::join(kReviewSheetColumns, ", "));
  }
  // Reading stops at the first limit, so only the last table can be cut short.
  if (tables->back().truncated) {
    return Fail(ErrorCode::kInvalidInput, "{}: {}; a review sheet is read whole or not at all",
                name, tables->back().why);
  }
  // The sheet with an "id" column: a DPO may add a sheet of their own before it.
  const Table* table = &tables->front();
  for (const Table& t : *tables) {
    const auto& head = t.rows.front();
    if (std::any_of(head.begin(), head.end(),
                    [](const auto& c) { return AsciiLower(c) == "id"; })) {
      table = &t;
      break;
    }
  }
  const std::vector<std::string>& header = table->rows.front();
  const int64_t header_row = table->row_numbers.front();

  // The columns read, by name.
  std::map<std::string, std::vector<size_t>> columns;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string key = AsciiLower(header[c]);
    for (std::string_view required : kReviewSheetRequiredColumns) {
      if (key == required) columns[key].push_back(c);
    }
  }
  std::vector<std::string> missing;
  for (std::string_view required : kReviewSheetRequiredColumns) {
    const auto found = columns.find(std::string(required));
    if (found == columns.end()) {
      missing.push_back(fmt::format("\"{}\"", required));
    } else if (found->second.size() > 1) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: row {}: two \"{}\" columns ({} and {}): which one to read is not clear",
                  name, header_row, required, ColumnLetters(found->second[0]),
                  ColumnLetters(found->second[1]));
    }
  }
  if (!missing.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "{}: row {}: the header row has no {} column (a review sheet needs id, "
                "decision and why)",
                name, header_row, fmt::join(missing, ", "));
  }
  const size_t id_column = columns["id"][0];
  const size_t decision_column = columns["decision"][0];
  const size_t why_column = columns["why"][0];

  std::vector<std::string> problems;
  std::vector<SheetDecision> decisions;
  std::map<std::string, size_t> by_id;  // id -> its decision in `decisions`
  for (size_t r = 1; r < table->rows.size(); ++r) {
    const auto& cells = table->rows[r];
    const int64_t number = table->row_numbers[r];
    auto cell = [&](size_t c) -> const std::string& {
      static const std::string kEmpty;
      return c < cells.size() ? cells[c] : kEmpty;
    };
    const std::string id = AsciiLower(cell(id_column));
    const std::string& word = cell(decision_column);
    const std::string& why = cell(why_column);
    if (id.empty() && word.empty() && why.empty()) continue;  // not an item: a note, a total
    if (id.empty()) {
      problems.push_back(fmt::format("row {}: no id (the item a decision is for)", number));
      continue;
    }
    if (!IsItemId(id)) {
      problems.push_back(fmt::format(
          "row {}: id {} is not an item's id (10 hexadecimal digits, as breachkit wrote it)",
          number, Quoted(cell(id_column))));
      continue;
    }
    if (word.empty()) continue;  // pending
    const auto decision = DecisionOf(word);
    if (!decision) {
      problems.push_back(
          fmt::format("row {}: decision {} is not accept or reject", number, Quoted(word)));
      continue;
    }
    if (why.empty()) {
      problems.push_back(
          fmt::format("row {}: decision {} without a why (the why column says the reason)", number,
                      Quoted(word)));
      continue;
    }
    if (const auto earlier = by_id.find(id); earlier != by_id.end()) {
      const SheetDecision& first = decisions[earlier->second];
      if (first.decision != *decision) {
        problems.push_back(fmt::format("row {}: id {} is decided {} here and {} on row {}", number,
                                       id, DecisionName(*decision), DecisionName(first.decision),
                                       first.row));
      }
      continue;
    }
    by_id.emplace(id, decisions.size());
    decisions.push_back({number, id, *decision, why});
  }
  if (!problems.empty()) {
    std::string message = fmt::format(
        "{}: {}", name,
        fmt::join(
            problems.begin(),
            problems.begin() + static_cast<ptrdiff_t>(std::min(problems.size(), kMaxProblemsShown)),
            "; "));
    if (problems.size() > kMaxProblemsShown) {
      message += fmt::format("; and {} more rows", problems.size() - kMaxProblemsShown);
    }
    message += " (no decision was read: correct the sheet and give it again)";
    return Fail(ErrorCode::kInvalidInput, std::move(message));
  }
  return decisions;
}

}  // namespace breachkit
