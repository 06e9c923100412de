// The review sheet (tools/review_sheet.h): written in XLSX, ODS and CSV, read back, edited by
// another library as a DPO's spreadsheet would (openpyxl, odfpy, Python's csv module, through
// tests/data/review_sheet/edit_sheet.py), refused whole when a row is wrong, and checked as
// an output (tools/recorded_output.h).
#include "tools/review_sheet.h"

#include <algorithm>
#include <filesystem>

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/mail/office_zip.h"
#include "core/mail/table_extract.h"
#include "core/util/clock.h"
#include "tests/test_util.h"
#include "tools/recorded_output.h"

namespace breachkit {
namespace {

using Decision = SheetDecision::Decision;
using ::testing::HasSubstr;
using testing::ScopedTempDir;

std::vector<ReviewSheetRow> Items() {
  return {
      {"3f9a0c12be", "finding", "health", "health/wordlist", "unsure", "Jean D••••",
       "leak.mbox #12 part:2 body", "il est en arrêt maladie depuis mars", "counted, à confirmer",
       "", ""},
      {"00a1b2c3d4", "finding", "iban", "iban/checksum", "near-miss", "",
       "leak.mbox #3 part:1 body", "RIB : FR76 •••• •••• 0189", "not counted", "", ""},
      {"1234567890", "finding", "health", "health/wordlist", "unsure", "Amina B••••",
       "leak.mbox #40 part:3 table:1 row:7 col:4", "diabète de type 2", "counted, à confirmer", "",
       ""},
      {"abcdefabcd", "finding", "political", "political/wordlist", "unsure", "Paul M••••",
       "leak.mbox #41 part:1 body", "militant au syndicat", "counted, à confirmer", "", ""},
      {"9e9e9e9e9e", "finding", "nir", "nir/key", "near-miss", "", "leak.mbox #7 part:1 body",
       "n° 1 85 •• •• ••• ••• 42", "not counted", "", ""},
  };
}

struct Format {
  SheetFormat format;
  std::string extension;  // "xlsx"
  TableFormat table;
};

void PrintTo(const Format& f, std::ostream* os) { *os << f.extension; }

const Format kXlsx{SheetFormat::kXlsx, "xlsx", TableFormat::kXlsx};
const Format kOds{SheetFormat::kOds, "ods", TableFormat::kOds};
const Format kCsv{SheetFormat::kCsv, "csv", TableFormat::kCsv};

std::string Render(const std::vector<ReviewSheetRow>& rows, SheetFormat format) {
  auto bytes = RenderReviewSheet(rows, format);
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : std::string();
}

// edit_sheet.py with `args`; its standard output. A missing python3-openpyxl or python3-odf
// fails the test: tests/run.sh installs them. Run by Debian's python3, whose packages they
// are: the python3 first on the PATH may be another one (pyenv's), without them.
std::string EditSheet(const std::vector<std::string>& args) {
  std::vector<std::string> command = {"/usr/bin/python3",
                                      testing::SourcePath("tests/data/review_sheet/edit_sheet.py")};
  command.insert(command.end(), args.begin(), args.end());
  const auto run = testing::RunCommand(command);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.out;
}

// The sheet `rows` rendered in `f`, edited by another library with `edits` (edit_sheet.py's
// JSON), as its bytes.
std::string EditedSheet(const std::vector<ReviewSheetRow>& rows, const Format& f,
                        const nlohmann::json& edits) {
  ScopedTempDir dir;
  const std::string in = dir.File("review." + f.extension);
  const std::string out = dir.File("edited." + f.extension);
  testing::WriteFile(in, Render(rows, f.format));
  EditSheet({"edit", f.extension, in, out, edits.dump()});
  return testing::ReadFile(out);
}

// The cells of a sheet as another library reads them.
std::vector<std::vector<std::string>> DumpSheet(const std::string& bytes, const Format& f) {
  ScopedTempDir dir;
  const std::string path = dir.File("review." + f.extension);
  testing::WriteFile(path, bytes);
  const std::string out = EditSheet({"dump", f.extension, path});
  return nlohmann::json::parse(out.empty() ? "[]" : out)
      .get<std::vector<std::vector<std::string>>>();
}

std::vector<std::string> Header() {
  return {kReviewSheetColumns.begin(), kReviewSheetColumns.end()};
}

std::vector<std::string> Cells(const ReviewSheetRow& r) {
  return {r.id,    r.kind,    r.category, r.rule,     r.tier, r.person,
          r.where, r.context, r.proposed, r.decision, r.why};
}

std::string Describe(const std::vector<SheetDecision>& decisions) {
  std::string out;
  for (const auto& d : decisions) {
    out += fmt::format("row {} {} {} \"{}\"\n", d.row, d.id,
                       d.decision == Decision::kAccept ? "accept" : "reject", d.why);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

TEST(ReviewSheet, TheFormatIsTheExtensionInAnyCase) {
  EXPECT_EQ(SheetFormatOf("review.xlsx").value(), SheetFormat::kXlsx);
  EXPECT_EQ(SheetFormatOf("out/Review.ODS").value(), SheetFormat::kOds);
  EXPECT_EQ(SheetFormatOf("a.b/review.Csv").value(), SheetFormat::kCsv);
  for (const std::string path : {"review.xls", "review", "review.xlsx.txt", "csv"}) {
    auto f = SheetFormatOf(path);
    ASSERT_FALSE(f) << path;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidInput);
    EXPECT_THAT(f.error().message, HasSubstr(path + ": "));
    EXPECT_THAT(f.error().message, HasSubstr(".xlsx, .ods or .csv"));
  }
}

TEST(ReviewSheet, ItemsWithAMalformedOrRepeatedIdAreNotWritten) {
  for (const std::string id :
       {"", "3F9A0C12BE", "3f9a0c12b", "3f9a0c12beef", "3f9a0c12bg", "\xE2", "3f9a0c12b\n"}) {
    auto rows = Items();
    rows[2].id = id;
    auto bytes = RenderReviewSheet(rows, SheetFormat::kCsv);
    ASSERT_FALSE(bytes) << id;
    EXPECT_EQ(bytes.error().code, ErrorCode::kInternal);
    EXPECT_THAT(bytes.error().message, HasSubstr("item 3"));
  }
  auto rows = Items();
  rows[4].id = rows[1].id;
  auto bytes = RenderReviewSheet(rows, SheetFormat::kXlsx);
  ASSERT_FALSE(bytes);
  EXPECT_THAT(bytes.error().message, HasSubstr("items 2 and 5 have the same id 00a1b2c3d4"));
}

TEST(ReviewSheet, TheSameItemsGiveTheSameBytes) {
  for (SheetFormat f : {SheetFormat::kXlsx, SheetFormat::kOds, SheetFormat::kCsv}) {
    EXPECT_EQ(Render(Items(), f), Render(Items(), f));
  }
  // The creation time given is the one written (the command passes the record's).
  EXPECT_NE(RenderReviewSheet(Items(), SheetFormat::kXlsx, 1'758'528'000).value(),
            Render(Items(), SheetFormat::kXlsx));
}

// What a DPO sees when they open the XLSX: a bold header row that stays in view, columns wide
// enough, a drop-down of accept/reject on the decision cells, the text as text.
TEST(ReviewSheet, TheXlsxHasAFrozenBoldHeaderAndADecisionDropDown) {
  const std::string bytes = Render(Items(), SheetFormat::kXlsx);
  auto zip = OfficeZip::Open(bytes, 64 << 20);
  ASSERT_TRUE(zip) << zip.error().message;
  const std::string sheet = zip->Read(zip->IndexOf("xl/worksheets/sheet1.xml").value()).bytes;
  EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                               "state=\"frozen\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<dataValidation type=\"list\" errorStyle=\"warning\""));
  EXPECT_THAT(sheet, HasSubstr("sqref=\"J2:J6\"><formula1>\"accept,reject\"</formula1>"));
  EXPECT_THAT(sheet, HasSubstr("<autoFilter ref=\"A1:K6\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<col min=\"8\" max=\"8\" width=\"60.7109375\""));
  const std::string styles = zip->Read(zip->IndexOf("xl/styles.xml").value()).bytes;
  EXPECT_THAT(styles, HasSubstr("<b/>"));
}

TEST(ReviewSheet, TheOdsStartsWithItsStoredMimetype) {
  const std::string bytes = Render(Items(), SheetFormat::kOds);
  // The local header of the first entry: stored (method 0), name "mimetype", no extra field.
  ASSERT_GT(bytes.size(), 84u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04"));
  EXPECT_EQ(bytes[8], 0);
  EXPECT_EQ(bytes.substr(30, 8 + 46), "mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
  auto zip = OfficeZip::Open(bytes, 64 << 20);
  ASSERT_TRUE(zip) << zip.error().message;
  std::vector<std::string> names;
  for (const auto& [name, index] : zip->Entries()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"mimetype", "META-INF/manifest.xml", "content.xml",
                                             "styles.xml", "settings.xml"}));
  const std::string manifest = zip->Read(zip->IndexOf("META-INF/manifest.xml").value()).bytes;
  EXPECT_THAT(manifest, HasSubstr("manifest:full-path=\"/\" manifest:version=\"1.2\" "
                                  "manifest:media-type=\"application/vnd.oasis.opendocument."
                                  "spreadsheet\""));
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    ScopedTempDir dir;
    for (const auto& [name, index] : zip->Entries()) {
      if (!name.ends_with(".xml")) continue;
      const std::string path = dir.File("part.xml");
      testing::WriteFile(path, zip->Read(index).bytes);
      EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0) << name;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// In each of the three formats.

class ReviewSheetFormats : public ::testing::TestWithParam<Format> {};

INSTANTIATE_TEST_SUITE_P(All, ReviewSheetFormats, ::testing::Values(kXlsx, kOds, kCsv),
                         [](const auto& p) { return p.param.extension; });

TEST_P(ReviewSheetFormats, ASheetReadBackUntouchedHasNoDecision) {
  const Format& f = GetParam();
  const std::string bytes = Render(Items(), f.format);
  auto decisions = ReadReviewSheet(bytes, f.format, "review." + f.extension);
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_TRUE(decisions->empty()) << Describe(*decisions);
  // The rows are all there, header first, as breachkit's own table reader sees them.
  auto tables = ExtractTables(bytes, f.table);
  ASSERT_TRUE(tables);
  ASSERT_EQ(tables->size(), 1u);
  const Table& t = tables->front();
  ASSERT_EQ(t.rows.size(), 6u);
  EXPECT_EQ(t.rows[0], Header());
  EXPECT_EQ(t.row_numbers, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(t.rows[3][0], "1234567890");  // an id of digits stays text
  // No items: the header alone, still a sheet.
  const std::string empty = Render({}, f.format);
  auto none = ReadReviewSheet(empty, f.format, "review." + f.extension);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty());
}

TEST_P(ReviewSheetFormats, ContextsKeepTheirPunctuationLinesAndScripts) {
  const Format& f = GetParam();
  auto rows = Items();
  rows[0].context = "il a dit \"burn-out\", puis: « arrêt • 3 semaines »";
  rows[1].context = "ligne 1\nligne 2, \"citée\"\n\nligne 4";
  rows[2].context = "Иван Петров • 糖尿病 • مريض بالسكري • Nguyễn";
  rows[3].context = "deux  espaces,\tune tabulation, ';' et ,,";
  rows[4].context = "\"\"\"";
  rows[4].person = "Zoë O'Brien-Łukasz";
  const std::string bytes = Render(rows, f.format);
  std::vector<std::vector<std::string>> expected = {Header()};
  for (const auto& r : rows) expected.push_back(Cells(r));
  expected[4][7] = "deux  espaces, une tabulation, ';' et ,,";  // a tab is written as a space
  // Another library reads every field as written.
  EXPECT_EQ(DumpSheet(bytes, f), expected);
  // breachkit's reader too (trimmed; an ODS cell's lines joined by a space, as it reads them).
  auto tables = ExtractTables(bytes, f.table);
  ASSERT_TRUE(tables);
  const auto& read = tables->front().rows;
  ASSERT_EQ(read.size(), expected.size());
  for (size_t r = 1; r < read.size(); ++r) {
    std::string context = expected[r][7];
    if (f.format == SheetFormat::kOds) {
      std::replace(context.begin(), context.end(), '\n', ' ');
      if (r == 2) context = "ligne 1 ligne 2, \"citée\" ligne 4";  // the empty line is no text
    }
    EXPECT_EQ(read[r].at(7), context) << r;
    EXPECT_EQ(read[r].at(5), rows[r - 1].person) << r;
  }
}

TEST_P(ReviewSheetFormats, ControlCharactersTabsAndCarriageReturnsAreCleanedAlike) {
  const Format& f = GetParam();
  auto rows = Items();
  rows[0].context = std::string("a\x01z\r\nb\rc\x7f d\xff e") + '\0' + "f";
  const auto dumped = DumpSheet(Render(rows, f.format), f);
  ASSERT_GE(dumped.size(), 2u);
  EXPECT_EQ(dumped[1].at(7),
            "a\uFFFDz\nb\nc\x7f d\uFFFD e\uFFFD"
            "f");
}

TEST_P(ReviewSheetFormats, TextThatLooksLikeAFormulaIsNeverOne) {
  const Format& f = GetParam();
  auto rows = Items();
  rows[0].context = "=HYPERLINK(\"http://x.invalid\",\"clic\")";
  rows[1].context = "+33 6 •• •• •• 78";
  const std::string bytes = Render(rows, f.format);
  const auto dumped = DumpSheet(bytes, f);
  ASSERT_GE(dumped.size(), 3u);
  if (f.format == SheetFormat::kCsv) {
    // As every CSV breachkit writes (CsvField): the apostrophe a spreadsheet hides.
    EXPECT_EQ(dumped[1].at(7), "'" + rows[0].context);
    EXPECT_EQ(dumped[2].at(7), "'" + rows[1].context);
  } else {
    // A text cell holds it as it is, and never as a formula.
    EXPECT_EQ(dumped[1].at(7), rows[0].context);
    EXPECT_EQ(dumped[2].at(7), rows[1].context);
  }
  if (f.format == SheetFormat::kXlsx) {
    auto zip = OfficeZip::Open(bytes, 64 << 20);
    ASSERT_TRUE(zip);
    const std::string sheet = zip->Read(zip->IndexOf("xl/worksheets/sheet1.xml").value()).bytes;
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  }
  if (f.format == SheetFormat::kOds) {
    auto zip = OfficeZip::Open(bytes, 64 << 20);
    ASSERT_TRUE(zip);
    const std::string content = zip->Read(zip->IndexOf("content.xml").value()).bytes;
    EXPECT_EQ(content.find("table:formula"), std::string::npos);
  }
}

// The DPO's edit, made by another program than breachkit: decisions on some rows, in words of
// their own, the rest left pending.
TEST_P(ReviewSheetFormats, TheDecisionsADpoWroteAreReadWithTheirRows) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[1].id] = {{"decision", "accept"},
                               {"why", "c'est bien l'IBAN du salarié, vu avec la paie"}};
  edits["set"][items[3].id] = {{"decision", "Rejeté"}, {"why", "un nom de rue, pas un syndicat"}};
  edits["set"][items[4].id] = {{"why", "à revoir avec le DSI"}};  // a why alone: still pending
  if (f.format == SheetFormat::kXlsx) {
    edits["move_first"] = "decision";  // the DPO puts the column they fill in first
    edits["add_column"] = "mes notes";
  }
  if (f.format == SheetFormat::kCsv) edits["set"][items[1].id]["decision"] = " OUI ";
  if (f.format != SheetFormat::kXlsx) {
    edits["add_row"] = {"", "", "", "", "", "", "", "note : 2 lignes vues avec la RH"};
  }
  const std::string bytes = EditedSheet(items, f, edits);
  auto decisions = ReadReviewSheet(bytes, f.format, "review." + f.extension);
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(Describe(*decisions),
            "row 3 00a1b2c3d4 accept \"c'est bien l'IBAN du salarié, vu avec la paie\"\n"
            "row 5 abcdefabcd reject \"un nom de rue, pas un syndicat\"\n");
}

TEST_P(ReviewSheetFormats, AnUnknownDecisionWordRefusesTheWholeFile) {
  const Format& f = GetParam();
  auto rows = Items();
  rows[0].decision = "accept";
  rows[0].why = "vu";
  rows[3].decision = "maybe";  // row 5 of the sheet
  rows[3].why = "je ne sais pas";
  auto decisions = ReadReviewSheet(Render(rows, f.format), f.format, "review." + f.extension);
  ASSERT_FALSE(decisions);  // not even the accepted row 2
  EXPECT_EQ(decisions.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(decisions.error().message, HasSubstr("review." + f.extension +
                                                   ": row 5: decision \"maybe\" is not accept or "
                                                   "reject"));
}

TEST_P(ReviewSheetFormats, ADecisionWithoutAWhyRefusesTheWholeFile) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[0].id] = {{"decision", "accept"}, {"why", "vu"}};
  edits["set"][items[2].id] = {{"decision", "reject"}};
  auto decisions = ReadReviewSheet(EditedSheet(items, f, edits), f.format, "r." + f.extension);
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(decisions.error().message,
              HasSubstr("r." + f.extension + ": row 4: decision \"reject\" without a why"));
}

TEST_P(ReviewSheetFormats, AnIdDecidedBothWaysRefusesTheWholeFile) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[0].id] = {{"decision", "accept"}, {"why", "vu"}};
  // The DPO copied row 2 onto row 5 and changed their mind there.
  edits["set"][items[3].id] = {{"id", items[0].id}, {"decision", "non"}, {"why", "en fait non"}};
  auto decisions = ReadReviewSheet(EditedSheet(items, f, edits), f.format, "r." + f.extension);
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(decisions.error().message,
              HasSubstr("r." + f.extension +
                        ": row 5: id 3f9a0c12be is decided reject here and accept on row 2"));
}

TEST_P(ReviewSheetFormats, AnIdDecidedTwiceAlikeIsOneDecision) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[0].id] = {{"decision", "accept"}, {"why", "vu"}};
  edits["set"][items[3].id] = {{"id", items[0].id}, {"decision", "oui"}, {"why", "revu"}};
  auto decisions = ReadReviewSheet(EditedSheet(items, f, edits), f.format, "r." + f.extension);
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(Describe(*decisions), "row 2 3f9a0c12be accept \"vu\"\n");
}

TEST_P(ReviewSheetFormats, AMissingIdColumnRefusesTheWholeFileNamingIt) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[0].id] = {{"decision", "accept"}, {"why", "vu"}};
  edits["rename"] = {{"id", "identifiant"}};
  auto decisions = ReadReviewSheet(EditedSheet(items, f, edits), f.format, "r." + f.extension);
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(decisions.error().message,
              HasSubstr("r." + f.extension + ": row 1: the header row has no \"id\" column"));
}

TEST_P(ReviewSheetFormats, AnEmptyOrMalformedIdRefusesTheWholeFile) {
  const Format& f = GetParam();
  const auto items = Items();
  nlohmann::json edits;
  edits["set"][items[0].id] = {{"decision", "accept"}, {"why", "vu"}};
  edits["set"][items[1].id] = {{"id", ""}, {"decision", "accept"}, {"why", "vu"}};
  // What Excel makes of an id of digits and one "e" in a CSV it re-saves.
  edits["set"][items[3].id] = {{"id", "1.23E+10"}};
  auto decisions = ReadReviewSheet(EditedSheet(items, f, edits), f.format, "r." + f.extension);
  ASSERT_FALSE(decisions);
  EXPECT_THAT(decisions.error().message, HasSubstr("r." + f.extension +
                                                   ": row 3: no id (the item a decision is for); "
                                                   "row 5: id \"1.23E+10\" is not an item's id"));
}

// ---------------------------------------------------------------------------------------------
// Reading: words, columns, rows (CSV written by hand, as a spreadsheet might save it).

Result<std::vector<SheetDecision>> ReadCsv(const std::string& csv) {
  return ReadReviewSheet(csv, SheetFormat::kCsv, "review.csv");
}

TEST(ReviewSheet, DecisionWordsAreReadInAnyCaseAndUnicodeForm) {
  const std::string csv =
      "ID;Decision;Why\r\n"
      "0000000001;Accepted;a\r\n"
      "0000000002; CONFIRMÉ ;b\r\n"
      "0000000003;confirme\xCC\x81;c\r\n"  // e + combining acute accent (NFD)
      "0000000004;Oui;d\r\n"
      "0000000005;YES;e\r\n"
      "0000000006;confirm;f\r\n"
      "0000000007;Rejected;g\r\n"
      "0000000008;NON;h\r\n"
      "0000000009;rejeté;i\r\n"
      "000000000A;No;j\r\n";
  auto decisions = ReadCsv(csv);
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(Describe(*decisions),
            "row 2 0000000001 accept \"a\"\n"
            "row 3 0000000002 accept \"b\"\n"
            "row 4 0000000003 accept \"c\"\n"
            "row 5 0000000004 accept \"d\"\n"
            "row 6 0000000005 accept \"e\"\n"
            "row 7 0000000006 accept \"f\"\n"
            "row 8 0000000007 reject \"g\"\n"
            "row 9 0000000008 reject \"h\"\n"
            "row 10 0000000009 reject \"i\"\n"
            "row 11 000000000a reject \"j\"\n");
}

TEST(ReviewSheet, PendingRowsAndNotesAreLeftOutAndRowsAreCountedAsShown) {
  const std::string csv =
      "\xEF\xBB\xBF\"id\",\"context\",\"decision\",\"why\"\r\n"
      "\"0000000001\",\"deux\nlignes\",\"\",\"\"\r\n"  // pending
      "\"0000000002\",\"\",\"\",\"une note sans décision\"\r\n"
      "\r\n"
      "\"\",\"total : 3\",\"\",\"\"\r\n"  // not an item
      "\"0000000003\",\"trois\nlignes\nici\",\"reject\",\"pas une donnée de santé\"\r\n";
  auto decisions = ReadCsv(csv);
  ASSERT_TRUE(decisions) << decisions.error().message;
  // Row 6: the blank line is row 4; the quoted line ends do not start rows.
  EXPECT_EQ(Describe(*decisions), "row 6 0000000003 reject \"pas une donnée de santé\"\n");
}

TEST(ReviewSheet, EveryBadRowIsNamedInOneMessage) {
  const std::string csv =
      "id,decision,why\n"
      "0000000001,peut-être,à voir\n"
      "0000000002,accept,\n"
      "0000000003,accept,ok\n"
      "zz,reject,non\n";
  auto decisions = ReadCsv(csv);
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().message,
            "review.csv: row 2: decision \"peut-être\" is not accept or reject; row 3: decision "
            "\"accept\" without a why (the why column says the reason); row 5: id \"zz\" is not "
            "an item's id (10 hexadecimal digits, as breachkit wrote it) (no decision was read: "
            "correct the sheet and give it again)");
}

TEST(ReviewSheet, ALongWordIsQuotedShortAndNoWhyIsQuotedAtAll) {
  auto decisions = ReadCsv(
      "id,decision,why\n0000000001,\"je ne suis pas certain du tout, à revoir\",secret reason\n");
  ASSERT_FALSE(decisions);
  EXPECT_THAT(decisions.error().message,
              HasSubstr("row 2: decision \"je ne suis pas certain d…\" is not"));
  EXPECT_EQ(decisions.error().message.find("secret"), std::string::npos);
}

TEST(ReviewSheet, MissingAndDoubledColumnsAreRefusedByName) {
  auto missing = ReadCsv("id,context\n0000000001,x\n");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message,
              HasSubstr("review.csv: row 1: the header row has no \"decision\", \"why\" column"));
  auto doubled = ReadCsv("id,decision,why,decision\n0000000001,accept,ok,reject\n");
  ASSERT_FALSE(doubled);
  EXPECT_THAT(doubled.error().message,
              HasSubstr("review.csv: row 1: two \"decision\" columns (B and D)"));
}

TEST(ReviewSheet, AWhyLongerThanATableCellIsReadWhole) {
  const std::string why(10'000, 'w');
  auto decisions = ReadCsv("id,decision,why\n0000000001,accept," + why + "\n");
  ASSERT_TRUE(decisions) << decisions.error().message;
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ(decisions->front().why, why);
}

TEST(ReviewSheet, AFileThatIsNoSheetIsRefused) {
  auto empty = ReadCsv("");
  ASSERT_FALSE(empty);
  EXPECT_THAT(empty.error().message, HasSubstr("review.csv: the sheet is empty"));
  auto not_zip = ReadReviewSheet("id,decision,why\n", SheetFormat::kXlsx, "review.xlsx");
  ASSERT_FALSE(not_zip);
  EXPECT_EQ(not_zip.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(not_zip.error().message, HasSubstr("review.xlsx: cannot be read as XLSX: "));
  // An ODS read as XLSX: a zip, but no workbook in it.
  auto wrong = ReadReviewSheet(Render(Items(), SheetFormat::kOds), SheetFormat::kXlsx, "r.xlsx");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidInput);
}

TEST(ReviewSheet, TheSheetWithTheIdColumnIsReadWhenTheDpoAddedOneBeforeIt) {
  // A workbook whose first sheet is the DPO's own notes.
  const std::string notes =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>mes notes</t></is></c></row>"
      "</sheetData></worksheet>";
  const std::string review =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>decision</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>why</t></is></c></row>"
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>0123456789</t></is></c>"
      "<c r=\"B4\" t=\"inlineStr\"><is><t>reject</t></is></c>"
      "<c r=\"C4\" t=\"inlineStr\"><is><t>un prénom</t></is></c></row>"
      "</sheetData></worksheet>";
  const std::string xlsx =
      testing::MakeZip({{"xl/worksheets/sheet1.xml", notes}, {"xl/worksheets/sheet2.xml", review}});
  auto decisions = ReadReviewSheet(xlsx, SheetFormat::kXlsx, "review.xlsx");
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(Describe(*decisions), "row 4 0123456789 reject \"un prénom\"\n");
}

// ---------------------------------------------------------------------------------------------
// As an output: checked before it is written, and written privately as a "review-sheet".

TEST(ReviewSheetOutput, CheckOutputAcceptsTheSheetsAndRefusesThemCut) {
  const std::pair<SheetFormat, FileFormat> formats[] = {{SheetFormat::kXlsx, FileFormat::kXlsx},
                                                        {SheetFormat::kOds, FileFormat::kOds},
                                                        {SheetFormat::kCsv, FileFormat::kCsv}};
  for (const auto& [sheet, file] : formats) {
    const std::string bytes = Render(Items(), sheet);
    auto ok = CheckOutput("review", bytes, file);
    EXPECT_TRUE(ok) << ok.error().message;
    // Cut short: a zip without its central directory; a CSV inside its last quoted field (a
    // CSV cut between two fields is a CSV: no check can tell).
    std::vector<size_t> keeps = {bytes.size() - 3};
    if (sheet != SheetFormat::kCsv) keeps.push_back(bytes.size() / 2);
    for (size_t keep : keeps) {
      auto cut = CheckOutput("review", bytes.substr(0, keep), file);
      ASSERT_FALSE(cut) << keep;
      EXPECT_EQ(cut.error().code, ErrorCode::kInternal);
      EXPECT_THAT(cut.error().message, HasSubstr("review: not written, it is not valid"));
    }
  }
}

TEST(ReviewSheetOutput, AnOdsMustBeginWithItsStoredMimetype) {
  const std::string mime = "application/vnd.oasis.opendocument.spreadsheet";
  auto zip_of = [&](std::vector<std::pair<std::string, std::string>> entries) {
    return testing::MakeZip(entries);
  };
  const std::string sheet = Render(Items(), SheetFormat::kOds);
  auto zip = OfficeZip::Open(sheet, 64 << 20);
  ASSERT_TRUE(zip);
  const std::string xml = zip->Read(zip->IndexOf("content.xml").value()).bytes;
  // libzip compresses by default: a mimetype entry compressed is refused.
  auto compressed =
      CheckOutput("r.ods", zip_of({{"mimetype", mime}, {"content.xml", xml}}), FileFormat::kOds);
  ASSERT_FALSE(compressed);
  EXPECT_THAT(compressed.error().message, HasSubstr("ODS: its mimetype entry is compressed"));
  auto second =
      CheckOutput("r.ods", zip_of({{"content.xml", xml}, {"mimetype", mime}}), FileFormat::kOds);
  ASSERT_FALSE(second);
  EXPECT_THAT(second.error().message, HasSubstr("its first entry is not mimetype"));
  // The XLSX a writer made: a zip, not an ODS.
  EXPECT_FALSE(CheckOutput("r.ods", Render(Items(), SheetFormat::kXlsx), FileFormat::kOds));
  EXPECT_FALSE(CheckOutput("r.xlsx", sheet, FileFormat::kXlsx));
}

class ReviewSheetRecord : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = IncidentStore::Open(dir_.File("i.db"),
                                     {.mode = StoreMode::kCreateIfMissing, .clock = &clock_});
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  ScopedTempDir dir_;
  FixedClock clock_{1'758'528'000};
  std::unique_ptr<IncidentStore> store_;
};

TEST_F(ReviewSheetRecord, AReviewSheetIsWrittenPrivatelyInTheFormatOfItsName) {
  for (const Format& f : {kXlsx, kOds, kCsv}) {
    const std::string path = dir_.File("review." + f.extension);
    const std::string bytes = Render(Items(), f.format);
    auto written = WriteOutput(*store_, "review-sheet", path, bytes);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_TRUE(written->changed);
    EXPECT_EQ(testing::FileMode(path), 0600);
    EXPECT_EQ(testing::ReadFile(path), bytes);
    // The same items again: nothing changes.
    auto again = WriteOutput(*store_, "review-sheet", path, Render(Items(), f.format));
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->changed);
  }
  // Bytes of another format than the name says, or a name of no sheet format: a bug, not
  // written.
  auto wrong =
      WriteOutput(*store_, "review-sheet", dir_.File("r.ods"), Render(Items(), SheetFormat::kXlsx));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInternal);
  auto txt =
      WriteOutput(*store_, "review-sheet", dir_.File("r.txt"), Render(Items(), SheetFormat::kCsv));
  ASSERT_FALSE(txt);
  EXPECT_EQ(txt.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("r.ods")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("r.txt")));
}

}  // namespace
}  // namespace breachkit
