// What breachkit writes and prints, through the binary: an import leaves a whole record or
// none, no folder is written through a planted link or left open to others whatever the
// umask, and text from the leak never reaches the terminal as control sequences.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/store/record_io.h"
#include "core/util/hash.h"
#include "tests/test_util.h"
#include "tools/terminal_text.h"

namespace breachkit {
namespace {

using testing::FileMode;
using testing::ReadFile;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::WriteFile;

bool Exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

// The files of `dir` but the one named `keep`: what an import left beside the record.
std::vector<std::string> OthersIn(const std::string& dir, const std::string& keep) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename() != keep) names.push_back(e.path().filename().string());
  }
  return names;
}

class ImportCli : public testing::SampleRecordTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SampleRecordTest::SetUp());
    ASSERT_EQ(RunBreachkit({"--db", db_, "export", "--format", "xml", "-o", dir_.File("r.xml")})
                  .exit_code,
              0);
    xml_ = ReadFile(dir_.File("r.xml"));
    std::filesystem::create_directory(dir_.File("to"));
  }
  // Imports `xml` into a new record and checks that it failed with `exit_code`, naming the
  // file, and left nothing behind.
  void ExpectRefusedLeavingNothing(const std::string& xml, int exit_code) {
    WriteFile(dir_.File("bad.xml"), xml);
    auto r = RunBreachkit({"--db", dir_.File("to/new.db"), "import", dir_.File("bad.xml")});
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_NE(r.err.find(dir_.File("bad.xml")), std::string::npos) << r.err;
    EXPECT_FALSE(Exists(dir_.File("to/new.db")));
    EXPECT_EQ(OthersIn(dir_.File("to"), ""), std::vector<std::string>{});
  }
  std::string xml_;
};

TEST_F(ImportCli, NotXmlLeavesNoRecord) {
  ExpectRefusedLeavingNothing(xml_.substr(0, xml_.size() / 2), 1);
}

TEST_F(ImportCli, XmlAgainstTheSchemaLeavesNoRecord) {
  std::string bad = xml_;
  const std::string from = "<table name=\"party\">";
  bad.replace(bad.find(from), from.size(), "<table name=\"party\" colour=\"red\">");
  ExpectRefusedLeavingNothing(bad, 1);
}

TEST_F(ImportCli, ARowTheRecordRefusesHalfWayLeavesNoRecordAndNamesTheRow) {
  // The last party twice: valid XML, valid against the schema, refused by the record at the
  // row that repeats a key, after thousands of rows went in.
  std::string bad = xml_;
  const size_t table = bad.find("<table name=\"party\">");
  const size_t end = bad.find("</table>", table);
  const size_t last = bad.rfind("    <row>", end);
  bad.insert(end - 2, bad.substr(last, end - 2 - last));
  ExpectRefusedLeavingNothing(bad, 1);
  WriteFile(dir_.File("bad.xml"), bad);
  auto r = RunBreachkit({"--db", dir_.File("to/new.db"), "import", dir_.File("bad.xml")});
  EXPECT_NE(r.err.find("table party, row"), std::string::npos) << r.err;
}

TEST_F(ImportCli, AFailedImportLeavesAnExistingRecordAsItWas) {
  const std::string db = dir_.File("to/empty.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init"}).exit_code, 0);
  const std::string before = Sha256Hex(ReadFile(db));
  std::string bad = xml_;
  const size_t table = bad.find("<table name=\"party\">");
  const size_t end = bad.find("</table>", table);
  const size_t last = bad.rfind("    <row>", end);
  bad.insert(end - 2, bad.substr(last, end - 2 - last));
  WriteFile(dir_.File("bad.xml"), bad);
  auto r = RunBreachkit({"--db", db, "import", dir_.File("bad.xml")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Sha256Hex(ReadFile(db)), before);
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM party"), std::vector<std::string>{"0"});
  // And a good import goes in whole.
  auto good = RunBreachkit({"--db", db, "import", dir_.File("r.xml")});
  EXPECT_EQ(good.exit_code, 0) << good.err;
}

TEST_F(ImportCli, AGoodImportLeavesOnlyTheRecord) {
  auto r = RunBreachkit({"--db", dir_.File("to/new.db"), "import", dir_.File("r.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OthersIn(dir_.File("to"), "new.db"), std::vector<std::string>{});
  EXPECT_EQ(FileMode(dir_.File("to/new.db")), 0600);
  EXPECT_NE(r.err.find("created a new incident record"), std::string::npos) << r.err;
}

// The XML is written row by row; the bytes are those of the whole document saved at once.
TEST_F(ImportCli, TheXmlWrittenRowByRowIsTheDocumentSavedWhole) {
  auto store = IncidentStore::Open(db_, {.mode = StoreMode::kReadOnly});
  ASSERT_TRUE(store);
  auto dump = DumpRecord(**store);
  ASSERT_TRUE(dump);
  ExposureReport figures;
  auto streamed = ExportRecordXml(**store, figures);
  ASSERT_TRUE(streamed);
  EXPECT_EQ(*streamed, RecordToXml(*dump, figures));
  auto back = RecordFromXml(*streamed, "x.xml");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->tables.size(), dump->tables.size());
}

class PlantedLinks : public testing::SampleRecordTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SampleRecordTest::SetUp());
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"consequences", "du hameçonnage."},
             {"measures-taken", "suppression demandée."},
             {"measures-planned", "copie cachée."}}) {
      ASSERT_EQ(RunBreachkit({"--db", db_, "set", field, value}).exit_code, 0);
    }
  }
};

TEST_F(PlantedLinks, ACsvExportFolderThatIsALinkIsRefused) {
  std::filesystem::create_directory(dir_.File("elsewhere"));
  std::filesystem::create_directory_symlink(dir_.File("elsewhere"), dir_.File("csv"));
  auto r = RunBreachkit({"--db", db_, "export", "--format", "csv", "-o", dir_.File("csv")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir_.File("elsewhere")));
}

TEST_F(PlantedLinks, AnEmlFolderThatIsALinkIsRefused) {
  const std::string out = dir_.File("letters");
  std::filesystem::create_directory(out);
  std::filesystem::create_directory(dir_.File("elsewhere"));
  std::filesystem::create_directory_symlink(dir_.File("elsewhere"), out + "/eml");
  auto r = RunBreachkit({"--db", db_, "letters", "-o", out, "--eml"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(out + "/eml: is a symbolic link"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir_.File("elsewhere")));
}

TEST_F(PlantedLinks, AManifestOrAnExportThatIsALinkIsReplacedNotFollowed) {
  const std::string out = dir_.File("letters");
  std::filesystem::create_directory(out);
  WriteFile(dir_.File("victim"), "not breachkit's");
  std::filesystem::create_symlink(dir_.File("victim"), out + "/manifest.csv");
  std::filesystem::create_symlink(dir_.File("victim"), dir_.File("e.json"));
  ASSERT_EQ(RunBreachkit({"--db", db_, "letters", "-o", out}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "export", "-o", dir_.File("e.json")}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_.File("victim")), "not breachkit's");
  EXPECT_FALSE(std::filesystem::is_symlink(out + "/manifest.csv"));
  EXPECT_FALSE(std::filesystem::is_symlink(dir_.File("e.json")));
  EXPECT_EQ(FileMode(out + "/manifest.csv"), 0600);
}

TEST_F(PlantedLinks, FoldersMadeOnTheWayArePrivateWithUmaskZero) {
  auto r = testing::RunCommand({"/bin/sh", "-c",
                                "umask 0 && exec \"$0\" --db \"$1\" export --format csv -o \"$2\"",
                                BREACHKIT_BINARY, db_, dir_.File("c2/deep/x")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string folder : {"c2", "c2/deep", "c2/deep/x"}) {
    EXPECT_EQ(FileMode(dir_.File(folder)), 0700) << folder;
  }
  auto run = testing::RunCommand(
      {"/bin/sh", "-c", "umask 0 && exec \"$0\" run \"$1\" -o \"$2\" --org \"$3\"",
       BREACHKIT_BINARY, std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
       dir_.File("U/deep/er"), testing::SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const std::string folder : {"U", "U/deep", "U/deep/er"}) {
    EXPECT_EQ(FileMode(dir_.File(folder)), 0700) << folder;
  }
}

TEST_F(PlantedLinks, AFullDiskLeavesNoExportUnderItsName) {
  // A file may not grow beyond 64 KB: the XML export is larger. SIGXFSZ ignored, as a full
  // disk sends none: the write fails (EFBIG, as ENOSPC would).
  std::filesystem::create_directory(dir_.File("out"));
  auto r = testing::RunCommand({"/bin/sh", "-c",
                                "trap '' XFSZ; ulimit -f 128 && exec \"$0\" --db \"$1\" export "
                                "--format xml -o \"$2\"",
                                BREACHKIT_BINARY, db_, dir_.File("out/r.xml")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(dir_.File("out/r.xml")), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir_.File("out")));
}

// A leak whose Subject, display name and file name carry terminal control sequences.
class HostileText : public ::testing::Test {
 protected:
  void SetUp() override {
    leak_ = dir_.File("leak");
    std::filesystem::create_directory(leak_);
    WriteFile(leak_ + "/a\x1b]0;owned\x07.eml",
              "From: \"Eve \x1b[2J\xe2\x80\xae Boss\" <eve@example.org>\r\n"
              "To: bob@example.net\r\n"
              "Subject: hi \x1b]0;title\x07 \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ "
              "=?UTF-8?B?wps=?= end\r\n"
              "Date: Mon, 1 Sep 2025 10:00:00 +0200\r\n"
              "Message-ID: <1@example.org>\r\n\r\n"
              "Call me at 06 12 34 56 78.\r\n");
    db_ = dir_.File("i.db");
  }
  static void ExpectNoControl(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      EXPECT_FALSE((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) << int(c) << " in " << text;
      if (c == 0xC2 && i + 1 < text.size()) {
        const auto d = static_cast<unsigned char>(text[i + 1]);
        EXPECT_FALSE(d >= 0x80 && d <= 0x9f) << "C1 in " << text;
      }
      EXPECT_NE(text.substr(i, 3), "\xe2\x80\xae") << "U+202E in " << text;
    }
  }
  ScopedTempDir dir_;
  std::string leak_;
  std::string db_;
};

TEST_F(HostileText, NoControlSequenceIsPrintedByIngestMessagesOrSubjects) {
  auto ingest = RunBreachkit({"--db", db_, "ingest", leak_});
  ASSERT_LE(ingest.exit_code, 3) << ingest.err;
  ExpectNoControl(ingest.out + ingest.err);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"messages"}, {"subjects"}, {"findings"}, {"summary"}}) {
    std::vector<std::string> all{"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    auto r = RunBreachkit(all);
    EXPECT_EQ(r.exit_code, 0) << args[0] << r.err;
    ExpectNoControl(r.out + r.err);
  }
  auto messages = RunBreachkit({"--db", db_, "messages"});
  EXPECT_NE(messages.out.find("hi \\u001b]0;title\\u0007"), std::string::npos) << messages.out;
  EXPECT_NE(messages.out.find("\\u009b"), std::string::npos) << messages.out;
  // JSON stays JSON, with the same text.
  auto json = RunBreachkit({"--db", db_, "messages", "--json"});
  ExpectNoControl(json.out);
  auto line = nlohmann::json::parse(json.out.substr(0, json.out.find('\n')));
  EXPECT_NE(line["subject"].get<std::string>().find("\x1b]0;title\x07"), std::string::npos);
}

TEST(TerminalText, EscapesControlsC1AndBidiKeepsTextAndLineEnds) {
  EXPECT_EQ(TerminalSafe("Léa \x1b[2J\xc2\x9b\xe2\x80\xae\x7f\xff\n"),
            "Léa \\u001b[2J\\u009b\\u202e\\u007f\\xff\\u000a");
  TerminalFilter filter;
  // A character cut between two pieces, and "\r\n" cut between them, go out whole.
  std::string out = filter.Feed("a\xc3");
  out += filter.Feed("\xa9\r");
  out += filter.Feed("\nb\r", /*last=*/true);
  EXPECT_EQ(out, "a\xc3\xa9\r\nb\\u000d");
}

}  // namespace
}  // namespace breachkit
