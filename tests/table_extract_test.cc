// The tables of attachments: CSV/TSV, XLSX, ODS, DOCX, ODT and HTML, built here (zips written
// with libzip by MakeZip), and the limits that stop a reading.
#include "core/mail/table_extract.h"

#include <string>
#include <vector>

#include <glib.h>
#include <gtest/gtest.h>
#include <zip.h>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::MakeZip;
using Rows = std::vector<std::vector<std::string>>;

std::vector<Table> Tables(std::string_view bytes, TableFormat format,
                          const TableLimits& limits = {}) {
  auto tables = ExtractTables(bytes, format, limits);
  EXPECT_TRUE(tables) << tables.error().message;
  return tables ? *tables : std::vector<Table>{};
}

TEST(TableFormat, FromTheContentTypeElseTheExtension) {
  EXPECT_EQ(TableFormatOf("text/csv", ""), TableFormat::kCsv);
  EXPECT_EQ(TableFormatOf("text/tab-separated-values", ""), TableFormat::kTsv);
  EXPECT_EQ(TableFormatOf("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "x"),
            TableFormat::kXlsx);
  EXPECT_EQ(TableFormatOf("application/vnd.oasis.opendocument.spreadsheet", ""), TableFormat::kOds);
  EXPECT_EQ(TableFormatOf("application/vnd.openxmlformats-officedocument.wordprocessingml."
                          "document",
                          ""),
            TableFormat::kDocx);
  EXPECT_EQ(TableFormatOf("application/vnd.oasis.opendocument.text", ""), TableFormat::kOdt);
  EXPECT_EQ(TableFormatOf("text/html", ""), TableFormat::kHtml);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "PAIE.CSV"), TableFormat::kCsv);
  EXPECT_EQ(TableFormatOf("application/vnd.ms-excel", "paie.csv"), TableFormat::kCsv);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "liste.Xlsx"), TableFormat::kXlsx);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "liste.ods"), TableFormat::kOds);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "cv.docx"), TableFormat::kDocx);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "cv.odt"), TableFormat::kOdt);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "page.htm"), TableFormat::kHtml);
  EXPECT_EQ(TableFormatOf("application/octet-stream", "a.tsv"), TableFormat::kTsv);
  EXPECT_EQ(TableFormatOf("text/plain", ""), TableFormat::kNone);
  EXPECT_EQ(TableFormatOf("application/pdf", "cv.pdf"), TableFormat::kNone);
  EXPECT_EQ(TableFormatOf("application/vnd.ms-excel", "paie.xls"), TableFormat::kNone);
}

TEST(TableCsv, SemicolonsQuotesLineEndsInQuotesAndBom) {
  const std::string csv =
      "\xEF\xBB\xBFNom;Pr\xC3\xA9nom;Remarque\r\n"
      "Dupont;Jean;\"dit \"\"Jeannot\"\"; voir\r\nligne deux\"\r\n"
      "\r\n"
      ";;\r\n"
      "  Martin ; \"Zo\xC3\xAB\" ;\r\n";
  const auto tables = Tables(csv, TableFormat::kCsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "");
  EXPECT_EQ(tables[0].rows, (Rows{{"Nom", "Pr\xC3\xA9nom", "Remarque"},
                                  {"Dupont", "Jean", "dit \"Jeannot\"; voir\nligne deux"},
                                  {"Martin", "Zo\xC3\xAB"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1, 2, 5}));
  EXPECT_FALSE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 5);
}

// A quote opened and not closed where its cell ends swallowed the next row into one cell
// (helper-74: an employee lost, his NIR and IBAN shown in a neighbour's address): the quote
// is read as a character, both rows kept, the row noted; one never closed is read so too.
TEST(TableCsv, AQuoteNotClosedWhereItsCellEndsIsACharacterAndTheRowNoted) {
  const std::string csv =
      "Nom;Adresse;Salaire\r\n"
      "Gauthier;\"112 all\xC3\xA9"
      "e des Ch\xC3\xAAnes, 69100 Villeurbanne;2875,50\r\n"
      "Robin;\"106 avenue Jean Jaur\xC3\xA8s, 69100 Villeurbanne\";4050,50\r\n"
      "Blanc;\"7 rue X\" ;3000\r\n"
      "Petit;\"9 rue Y\n";
  const auto tables = Tables(csv, TableFormat::kCsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows,
            (Rows{{"Nom", "Adresse", "Salaire"},
                  {"Gauthier",
                   "\"112 all\xC3\xA9"
                   "e des Ch\xC3\xAAnes, 69100 Villeurbanne",
                   "2875,50"},
                  {"Robin", "106 avenue Jean Jaur\xC3\xA8s, 69100 Villeurbanne", "4050,50"},
                  {"Blanc", "7 rue X", "3000"},
                  {"Petit", "\"9 rue Y"}}));
  EXPECT_EQ(tables[0].problems,
            (std::vector<std::string>{
                "row 2 of the file: the quote that opens column 2 is not closed where its cell "
                "ends; read as a character",
                "row 5 of the file: the quote that opens column 2 is not closed where its cell "
                "ends; read as a character"}));
  // A well-formed file notes nothing; nor does text after a closing quote on the same line,
  // kept as a spreadsheet keeps it (helper-76: the cell was split at its ';').
  EXPECT_TRUE(Tables("a;\"b;c\r\nd\"\r\n", TableFormat::kCsv)[0].problems.empty());
  const auto after = Tables(
      "Nom;Adresse\r\n\"Petit; Carole\" (n\xC3\xA9"
      "e Blanc);12 rue X\r\n",
      TableFormat::kCsv);
  EXPECT_EQ(after[0].rows, (Rows{{"Nom", "Adresse"},
                                 {"Petit; Carole (n\xC3\xA9"
                                  "e Blanc)",
                                  "12 rue X"}}));
  EXPECT_TRUE(after[0].problems.empty());
}

TEST(TableCsv, CommaDelimiterAndWindows1252) {
  // "Zoé,Hélène" written by an old Excel in windows-1252, a comma-separated export; a semicolon
  // inside a value does not make it the delimiter.
  const std::string csv =
      "nom,ville,note\nZo\xE9,Orl\xE9\x61ns,a;b\nH\xE9l\xE8ne,\"Paris, 15e\",\x80 12\nx,y,z";
  const auto tables = Tables(csv, TableFormat::kCsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"nom", "ville", "note"},
                                  {"Zo\xC3\xA9", "Orl\xC3\xA9\x61ns", "a;b"},
                                  {"H\xC3\xA9l\xC3\xA8ne", "Paris, 15e", "\xE2\x82\xAC 12"},
                                  {"x", "y", "z"}}));
}

TEST(TableCsv, PipeDelimiterIsDetected) {
  const auto tables = Tables("a|b|c\n1|2|3\n", TableFormat::kCsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(TableTsv, TabsSeparateAndTrailingEmptyCellsMakeNoColumn) {
  const auto tables =
      Tables("id\tnom\tmail\n7\tDurand\td@example.fr\t\t\n8\t\tx@example.fr\n", TableFormat::kTsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(
      tables[0].rows,
      (Rows{{"id", "nom", "mail"}, {"7", "Durand", "d@example.fr"}, {"8", "", "x@example.fr"}}));
}

TEST(TableTsv, Utf16WithBomAsExcelSavesUnicodeText) {
  const std::string text = "a\tb\n\xC3\xA9\tc\n";
  std::string utf16 = "\xFF\xFE";
  gsize written = 0;
  gchar* converted = g_convert(text.data(), static_cast<gssize>(text.size()), "UTF-16LE", "UTF-8",
                               nullptr, &written, nullptr);
  ASSERT_NE(converted, nullptr);
  utf16.append(converted, written);
  g_free(converted);
  const auto tables = Tables(utf16, TableFormat::kTsv);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"a", "b"}, {"\xC3\xA9", "c"}}));
}

TEST(TableCsv, ALongCellIsCutBetweenCharacters) {
  const auto tables =
      Tables("\xC3\xA9\xC3\xA9\xC3\xA9,b\n", TableFormat::kCsv, TableLimits{.max_cell_bytes = 5});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"\xC3\xA9\xC3\xA9", "b"}}));
  EXPECT_FALSE(tables[0].truncated);
}

TEST(TableCsv, RowLimitStopsTheReadingAndSaysWhere) {
  std::string csv = "nom;age\n";
  for (int i = 1; i <= 9; ++i) csv += "p" + std::to_string(i) + ";" + std::to_string(20 + i) + "\n";
  const auto tables = Tables(csv, TableFormat::kCsv, TableLimits{.max_rows = 4});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), 4u);
  EXPECT_EQ(tables[0].rows.back(), (std::vector<std::string>{"p3", "23"}));
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 4);
  EXPECT_EQ(tables[0].why, "row limit 4 reached: rows after 4 of the file not read");
}

TEST(TableCsv, ExactlyTheRowLimitIsNotTruncated) {
  const auto tables = Tables("a\nb\n", TableFormat::kCsv, TableLimits{.max_rows = 2});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), 2u);
  EXPECT_FALSE(tables[0].truncated);
}

TEST(TableCsv, ColumnLimitStopsAtTheRowThatPassesIt) {
  const auto tables =
      Tables("a,b,c\n1,2,3,,\n4,5,6,7\n8,9\n", TableFormat::kCsv, TableLimits{.max_columns = 3});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 2);
  EXPECT_EQ(tables[0].why,
            "column limit 3 reached: row 3 of the file has a value in column 4; it and the rows "
            "after it not read");
}

// --- XLSX ---

constexpr char kSheetNs[] =
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

std::string Sheet(const std::string& rows) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet ") + kSheetNs +
         "><dimension ref=\"A1:E4\"/><sheetData>" + rows + "</sheetData></worksheet>";
}

std::string Workbook() {
  // The sheets in the workbook's order, their parts named the other way round.
  return std::string("<workbook ") + kSheetNs +
         "><workbookPr/><sheets><sheet name=\"Paie\" sheetId=\"1\" r:id=\"rId7\"/>"
         "<sheet name=\"Candidats\" sheetId=\"2\" r:id=\"rId3\"/></sheets></workbook>";
}

std::string WorkbookRels() {
  return "<Relationships "
         "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
         "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships/styles\" Target=\"styles.xml\"/></Relationships>";
}

std::string SharedStrings() {
  return std::string("<sst ") + kSheetNs +
         " count=\"4\"><si><t>Nom</t></si>"
         "<si><r><rPr><b/></rPr><t>Date de</t></r><r><t xml:space=\"preserve\"> naissance</t></r>"
         "<rPh><t>phonetic</t></rPh></si>"
         "<si><t>Dupont &amp; Fils</t></si><si><t>Zo\xC3\xAB</t></si></sst>";
}

std::string Styles() {
  // Style 1: built-in date format 14; style 2: a custom "dd/mm/yyyy" date; style 3: a
  // currency (not a date, although "[$€-40C]" holds letters).
  return std::string("<styleSheet ") + kSheetNs +
         "><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
         "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00\\ [$\xE2\x82\xAC-40C]\"/></numFmts>"
         "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
         "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";
}

std::string PaieSheet() {
  return Sheet(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>Salaire</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" s=\"1\"/></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"C3\" s=\"3\"><v>2500.5</v></c>"
      "<c r=\"D3\" s=\"1\"><v>32874</v></c></row>"
      "<row r=\"5\"><c r=\"A5\" t=\"str\"><f>UPPER(\"x\")</f><v>X</v></c>"
      "<c r=\"B5\" t=\"b\"><v>1</v></c><c r=\"C5\"><f>SUM(C1:C3)</f></c>"
      "<c r=\"E5\" s=\"2\"><v>45292</v></c><c r=\"F5\" t=\"s\"><v>99</v></c></row>");
}

std::string Xlsx(const std::string& paie) {
  return MakeZip({{"[Content_Types].xml", "<Types/>"},
                  {"xl/workbook.xml", Workbook()},
                  {"xl/_rels/workbook.xml.rels", WorkbookRels()},
                  {"xl/sharedStrings.xml", SharedStrings()},
                  {"xl/styles.xml", Styles()},
                  {"xl/worksheets/sheet1.xml",
                   Sheet("<row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><r><t>Zo</t></r><r><t>"
                         "\xC3\xAB</t></r></is></c><c r=\"C1\" t=\"s\"><v>3</v></c></row>")},
                  {"xl/worksheets/sheet2.xml", paie}});
}

TEST(TableXlsx, SheetsInWorkbookOrderWithSharedInlineDateAndMissingCells) {
  const auto tables = Tables(Xlsx(PaieSheet()), TableFormat::kXlsx);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "Paie");
  EXPECT_EQ(tables[0].rows, (Rows{{"Nom", "Date de naissance", "Salaire"},
                                  {"Dupont & Fils", "", "2500.5", "1990-01-01"},
                                  {"X", "TRUE", "", "", "2024-01-01"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1, 3, 5}));
  EXPECT_FALSE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 5);
  EXPECT_EQ(tables[1].name, "Candidats");
  EXPECT_EQ(tables[1].rows, (Rows{{"", "Zo\xC3\xAB", "Zo\xC3\xAB"}}));
}

TEST(TableXlsx, DateSerialsAroundExcelsLeapYear) {
  const std::string sheet = Sheet(
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
      "<c r=\"C1\" s=\"1\"><v>61</v></c><c r=\"D1\" s=\"1\"><v>43831.5</v></c>"
      "<c r=\"E1\" s=\"1\"><v>abc</v></c></row>");
  const auto tables = Tables(Xlsx(sheet), TableFormat::kXlsx);
  ASSERT_FALSE(tables.empty());
  EXPECT_EQ(tables[0].rows,
            (Rows{{"1900-01-01", "1900-02-28", "1900-03-01", "2020-01-01T12:00:00", "abc"}}));
}

TEST(TableXlsx, RowLimitCountsAllSheetsAndNamesTheSheet) {
  const auto tables = Tables(Xlsx(PaieSheet()), TableFormat::kXlsx, TableLimits{.max_rows = 2});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), 2u);
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 3);
  EXPECT_EQ(tables[0].why, "row limit 2 reached: rows after 3 of sheet 'Paie' not read");
}

TEST(TableXlsx, UncompressedLimitStopsTheReading) {
  std::string rows;
  for (int i = 1; i <= 2000; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) +
            "\" t=\"inlineStr\"><is><t>candidat " + std::to_string(i) + "</t></is></c></row>";
  }
  const std::string xlsx = Xlsx(Sheet(rows));
  const auto tables = Tables(xlsx, TableFormat::kXlsx, TableLimits{.max_uncompressed = 40000});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_GT(tables[0].rows.size(), 100u);
  EXPECT_LT(tables[0].rows.size(), 2000u);
  EXPECT_EQ(tables[0].rows.front(), (std::vector<std::string>{"candidat 1"}));
  EXPECT_EQ(tables[0].why,
            "uncompressed limit of 40000 bytes reached in xl/worksheets/sheet2.xml: rows after " +
                std::to_string(tables[0].rows_read) + " of sheet 'Paie' not read");
}

TEST(TableXlsx, MalformedSheetKeepsTheRowsBeforeTheError) {
  const std::string sheet =
      std::string("<worksheet ") + kSheetNs +
      "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ok</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>lost</t></is></c></ro></sheetData>";
  const auto tables = Tables(Xlsx(sheet), TableFormat::kXlsx);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.front(), (std::vector<std::string>{"ok"}));
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_NE(tables[0].why.find("malformed XML in xl/worksheets/sheet2.xml"), std::string::npos)
      << tables[0].why;
}

TEST(TableXlsx, WithoutWorkbookTheWorksheetsAreReadInOrder) {
  const std::string xlsx =
      MakeZip({{"xl/worksheets/sheet10.xml",
                Sheet("<row><c t=\"inlineStr\"><is><t>ten</t></is></c></row>")},
               {"xl/worksheets/sheet2.xml",
                Sheet("<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t>"
                      "</is></c></row>")}});
  const auto tables = Tables(xlsx, TableFormat::kXlsx);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "sheet2");
  EXPECT_EQ(tables[0].rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1}));
  EXPECT_EQ(tables[1].rows, (Rows{{"ten"}}));
}

TEST(TableXlsx, EncryptedOleFileIsAnError) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.append(504, '\0');
  const auto tables = ExtractTables(ole, TableFormat::kXlsx);
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().message,
            "encrypted or legacy Office file (OLE compound document): not read");
}

TEST(TableXlsx, CorruptZipIsAnError) {
  std::string zip = Xlsx(PaieSheet());
  zip.resize(zip.size() / 2);
  EXPECT_FALSE(ExtractTables(zip, TableFormat::kXlsx));
  EXPECT_FALSE(ExtractTables("PK\x03\x04 not really", TableFormat::kXlsx));
  EXPECT_FALSE(ExtractTables("", TableFormat::kOds));
}

TEST(TableXlsx, EncryptedZipEntriesAreAnError) {
  testing::ScopedTempDir dir;
  const std::string path = dir.File("locked.xlsx");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  const std::string sheet = Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  zip_source_t* s = zip_source_buffer(z, sheet.data(), sheet.size(), 0);
  const zip_int64_t index = zip_file_add(z, "xl/worksheets/sheet1.xml", s, ZIP_FL_OVERWRITE);
  ASSERT_GE(index, 0);
  if (zip_file_set_encryption(z, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, "secret") != 0) {
    zip_discard(z);
    GTEST_SKIP() << "this libzip cannot encrypt";
  }
  ASSERT_EQ(zip_close(z), 0);
  const auto tables = ExtractTables(testing::ReadFile(path), TableFormat::kXlsx);
  ASSERT_FALSE(tables);
  EXPECT_NE(tables.error().message.find("part xl/worksheets/sheet1.xml unreadable"),
            std::string::npos)
      << tables.error().message;
}

TEST(TableXlsx, ZipWithoutWorksheetIsAnError) {
  const auto tables = ExtractTables(MakeZip({{"a.txt", "x"}}), TableFormat::kXlsx);
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().message, "no worksheet in the workbook");
}

// --- ODS, ODT ---

std::string OdfContent(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<office:document-content "
         "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
         "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
         "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>" +
         body + "</office:body></office:document-content>";
}

TEST(TableOds, RepeatedRowsAndColumnsDateCellsAndAHugeEmptyTail) {
  const std::string content = OdfContent(
      "<office:spreadsheet><table:table table:name=\"Liste\">"
      "<table:table-column table:number-columns-repeated=\"16384\"/>"
      "<table:table-header-rows><table:table-row>"
      "<table:table-cell office:value-type=\"string\"><text:p>Nom</text:p></table:table-cell>"
      "<table:table-cell><text:p>N\xC3\xA9<text:s text:c=\"1\"/>le</text:p></table:table-cell>"
      "<table:table-cell table:number-columns-repeated=\"16382\"/>"
      "</table:table-row></table:table-header-rows>"
      "<table:table-row table:number-rows-repeated=\"2\">"
      "<table:table-cell table:number-columns-repeated=\"2\"><text:p>x</text:p>"
      "</table:table-cell><table:table-cell table:number-columns-repeated=\"16382\"/>"
      "</table:table-row>"
      "<table:table-row table:number-rows-repeated=\"1048570\">"
      "<table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
      "<table:table-row><table:table-cell/>"
      "<table:table-cell office:value-type=\"date\" office:date-value=\"1990-01-01\">"
      "<text:p>01/01/90</text:p></table:table-cell>"
      "<table:table-cell office:value-type=\"float\" office:value=\"1234.5\">"
      "<text:p>1 234,50 \xE2\x82\xAC</text:p><office:annotation><text:p>note</text:p>"
      "</office:annotation></table:table-cell>"
      "<table:covered-table-cell/><table:table-cell><text:p>a</text:p><text:p>b</text:p>"
      "</table:table-cell></table:table-row>"
      "</table:table><table:table table:name=\"Vide\"><table:table-row>"
      "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
      "</table:table></office:spreadsheet>");
  const std::string ods = MakeZip(
      {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", content}});
  const auto tables = Tables(ods, TableFormat::kOds, TableLimits{.max_rows = 10});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "Liste");
  EXPECT_EQ(tables[0].rows, (Rows{{"Nom", "N\xC3\xA9 le"},
                                  {"x", "x"},
                                  {"x", "x"},
                                  {"", "1990-01-01", "1 234,50 \xE2\x82\xAC", "", "a b"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1, 2, 3, 1048574}));
  EXPECT_FALSE(tables[0].truncated);
}

TEST(TableOds, ARepeatedValueRowStopsAtTheRowLimit) {
  const std::string content = OdfContent(
      "<office:spreadsheet><table:table table:name=\"T\">"
      "<table:table-row table:number-rows-repeated=\"1048576\">"
      "<table:table-cell><text:p>same</text:p></table:table-cell></table:table-row>"
      "</table:table></office:spreadsheet>");
  const auto tables =
      Tables(MakeZip({{"content.xml", content}}), TableFormat::kOds, TableLimits{.max_rows = 3});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), 3u);
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_EQ(tables[0].why, "row limit 3 reached: rows after 3 of sheet 'T' not read");
}

TEST(TableOds, ARepeatedValuePastTheColumnLimitStops) {
  const std::string content = OdfContent(
      "<office:spreadsheet><table:table table:name=\"T\"><table:table-row>"
      "<table:table-cell><text:p>a</text:p></table:table-cell></table:table-row>"
      "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\">"
      "<text:p>b</text:p></table:table-cell></table:table-row>"
      "</table:table></office:spreadsheet>");
  const auto tables = Tables(MakeZip({{"content.xml", content}}), TableFormat::kOds);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, (Rows{{"a"}}));
  EXPECT_TRUE(tables[0].truncated);
  EXPECT_EQ(tables[0].rows_read, 1);
  EXPECT_EQ(tables[0].why,
            "column limit 1000 reached: row 2 of sheet 'T' has a value in column 1001; it and "
            "the rows after it not read");
}

TEST(TableOdt, TablesOfATextDocument) {
  const std::string content = OdfContent(
      "<office:text><text:p>Liste des candidats</text:p>"
      "<table:table table:name=\"Tableau1\"><table:table-column/>"
      "<table:table-row><table:table-cell><text:p>Nom</text:p></table:table-cell>"
      "<table:table-cell><text:p>T\xC3\xA9l\xC3\xA9phone</text:p></table:table-cell>"
      "</table:table-row><table:table-row><table:table-cell><text:p><text:span>Ana</text:span>"
      "<text:tab/>Lopez</text:p></table:table-cell><table:table-cell><text:p>06 12 34 56 78"
      "</text:p></table:table-cell></table:table-row></table:table></office:text>");
  const auto tables = Tables(MakeZip({{"content.xml", content}}), TableFormat::kOdt);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "Tableau1");
  EXPECT_EQ(tables[0].rows,
            (Rows{{"Nom", "T\xC3\xA9l\xC3\xA9phone"}, {"Ana Lopez", "06 12 34 56 78"}}));
}

// --- DOCX ---

std::string WordCell(const std::string& text) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"100\"/></w:tcPr><w:p><w:r><w:t>" + text +
         "</w:t></w:r></w:p></w:tc>";
}

TEST(TableDocx, ThreeByThreeTableWithParagraphsAndANestedTable) {
  const std::string document =
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body><w:p><w:r><w:t>Avant</w:t></w:r></w:p><w:tbl><w:tblPr/>"
      "<w:tr>" +
      WordCell("Nom") + WordCell("Pr\xC3\xA9nom") + WordCell("Poste") + "</w:tr><w:tr>" +
      WordCell("Dupont") + WordCell("Jean") +
      "<w:tc><w:p><w:r><w:t>Chef</w:t></w:r><w:r><w:tab/><w:t>de</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>projet</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
      "<w:tbl><w:tr>" +
      WordCell("inner") +
      "</w:tr></w:tbl></w:tc></w:tr>"
      "<w:sdt><w:sdtContent><w:tr>" +
      "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Martin</w:t></w:r></w:p>"
      "</w:tc>" +
      WordCell("RH") + "</w:tr></w:sdtContent></w:sdt></w:tbl>" +
      "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
      "<w:tbl><w:tr>" +
      WordCell("second") + "</w:tr></w:tbl></w:body></w:document>";
  const auto tables = Tables(MakeZip({{"word/document.xml", document}}), TableFormat::kDocx);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "table 1");
  EXPECT_EQ(tables[0].rows, (Rows{{"Nom", "Pr\xC3\xA9nom", "Poste"},
                                  {"Dupont", "Jean", "Chef de projet inner"},
                                  {"Martin", "", "RH"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(tables[1].name, "table 3");
  EXPECT_EQ(tables[1].rows, (Rows{{"second"}}));
}

TEST(TableDocx, DocumentWithoutTableHasNone) {
  const std::string document =
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body><w:p><w:r><w:t>Lettre</w:t></w:r></w:p></w:body></w:document>";
  EXPECT_TRUE(Tables(MakeZip({{"word/document.xml", document}}), TableFormat::kDocx).empty());
}

// --- HTML ---

TEST(TableHtml, RowsCellsColspanAndNestedTables) {
  const std::string html =
      "<html><head><style>td{}</style></head><body><table>"
      "<thead><tr><th>Nom</th><th>Email</th><th>Ville</th></tr></thead>"
      "<tbody><tr><td> Zo&eacute;\n  Martin </td><td>z@example.fr</td><td>Lyon</td></tr>"
      "<tr><td colspan=2>fusion<br>ligne</td><td><table><tr><td>in</td><td>ner</td></tr>"
      "</table>Paris</td></tr><tr><td></td></tr></tbody></table></body></html>";
  const auto tables = Tables(html, TableFormat::kHtml);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "table 1");
  EXPECT_EQ(tables[0].rows, (Rows{{"Nom", "Email", "Ville"},
                                  {"Zo\xC3\xA9 Martin", "z@example.fr", "Lyon"},
                                  {"fusion ligne", "", "Paris"}}));
  EXPECT_EQ(tables[0].row_numbers, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(tables[1].name, "table 2");
  EXPECT_EQ(tables[1].rows, (Rows{{"in", "ner"}}));
}

TEST(TableHtml, ATableOutsideAnyCellIsReadAfterItsParent) {
  const auto tables = Tables("<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table></table>",
                             TableFormat::kHtml);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].rows, (Rows{{"a"}}));
  EXPECT_EQ(tables[1].rows, (Rows{{"b"}}));
}

TEST(TableHtml, RowLimitSpansTheTablesOfTheAttachment) {
  const std::string html =
      "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"
      "<table><tr><td>c</td></tr><tr><td>d</td></tr></table>"
      "<table><tr><td>e</td></tr></table>";
  const auto tables = Tables(html, TableFormat::kHtml, TableLimits{.max_rows = 3});
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_FALSE(tables[0].truncated);
  EXPECT_EQ(tables[1].rows, (Rows{{"c"}}));
  EXPECT_TRUE(tables[1].truncated);
  EXPECT_EQ(tables[1].why, "row limit 3 reached: rows after 1 of table 2 not read");
}

}  // namespace
}  // namespace breachkit
