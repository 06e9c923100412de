// `breachkit purge`: erasing an incident, with what it wrote, and nothing else.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::WriteFile;

const char kLeak[] =
    "From: rh@garonne-ingenierie.example\nTo: a@example.fr, b@example.fr, c@example.fr\n"
    "Subject: Votre candidature\nDate: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: "
    "<o@x>\n\nBonjour\n";

class Purge : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.File("leak.eml"), kLeak);
    out_ = dir_.File("out");
    db_ = out_ + "/incident.db";
    auto r = RunBreachkit({"run", "--org", testing::SourcePath("schemas/examples/organisation.xml"),
                           "-o", out_, dir_.File("leak.eml")});
    ASSERT_NE(r.exit_code, 4) << r.err;
    ASSERT_TRUE(std::filesystem::exists(db_)) << r.out << r.err;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"set", "confidentiality", "yes"},
             {"set", "consequences", "Adresses visibles de tous"},
             {"set", "measures-taken", "Demande de suppression"},
             {"set", "measures-planned", "Formation"},
             {"letters", "-o", out_ + "/letters", "--eml", "--merged", out_ + "/all.pdf"},
             {"export", "--format", "csv", "-o", dir_.File("elsewhere/csv")}}) {
      std::vector<std::string> full{"--db", db_};
      full.insert(full.end(), args.begin(), args.end());
      RunBreachkit(full);
    }
  }
  size_t FilesUnder(const std::string& folder) {
    size_t n = 0;
    if (!std::filesystem::exists(folder)) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(folder))
      n += e.is_regular_file();
    return n;
  }

  ScopedTempDir dir_;
  std::string out_, db_;
};

TEST_F(Purge, WithoutATerminalItNeedsYesAndErasesNothing) {
  const size_t before = FilesUnder(out_);
  ASSERT_GT(before, 5u);
  auto r = RunBreachkit({"--db", db_, "purge"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  EXPECT_EQ(FilesUnder(out_), before);
  EXPECT_TRUE(std::filesystem::exists(db_));
}

TEST_F(Purge, YesErasesTheRecordEveryDocumentAndTheFoldersLeftEmpty) {
  ASSERT_GT(FilesUnder(out_ + "/letters"), 3u);  // letters, .eml drafts, manifest
  ASSERT_EQ(FilesUnder(dir_.File("elsewhere/csv")), 5u);
  WriteFile(dir_.File("elsewhere/mine.txt"), "the user's own file");
  auto r = RunBreachkit({"--db", db_, "purge", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("erased " + db_), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out_)) << "left: " << FilesUnder(out_) << " files";
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("elsewhere/csv")));
  EXPECT_TRUE(std::filesystem::exists(dir_.File("elsewhere/mine.txt")));  // not ours: kept
  EXPECT_TRUE(std::filesystem::exists(dir_.File("leak.eml")));  // the evidence is not ours either

  auto again = RunBreachkit({"--db", db_, "purge", "--yes"});
  EXPECT_EQ(again.exit_code, 2);  // not found
  EXPECT_NE(again.err.find("no incident record"), std::string::npos) << again.err;
}

// Documents are listed by the path they were written to; relative ones only make sense from
// the folder the commands ran in. From elsewhere, purge must not erase the record (the list
// of files still holding personal data) while leaving those files behind.
TEST_F(Purge, RelativeDocumentsNotFoundFromHereStopItUnlessMissingOk) {
  const std::string cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir_.path());
  auto r = RunBreachkit({"--db", "rel.db", "run", "--org",
                         testing::SourcePath("schemas/examples/organisation.xml"), "-o", "rel",
                         dir_.File("leak.eml")});
  std::filesystem::create_directory(dir_.File("elsewhere2"));
  std::filesystem::current_path(dir_.File("elsewhere2"));
  auto refused = RunBreachkit({"--db", dir_.File("rel.db"), "purge", "--yes"});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("relative path"), std::string::npos) << refused.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.File("rel.db")));
  EXPECT_TRUE(std::filesystem::exists(dir_.File("rel/cnil-notification.pdf")));

  std::filesystem::current_path(dir_.path());
  auto done = RunBreachkit({"--db", "rel.db", "purge", "--yes"});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("rel.db")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("rel")));
  ASSERT_NE(r.exit_code, 4);

  // Removed by hand: --missing-ok says so, and the record goes.
  std::filesystem::current_path(dir_.path());
  RunBreachkit({"--db", "rel2.db", "run", "--org",
                testing::SourcePath("schemas/examples/organisation.xml"), "-o", "rel2",
                dir_.File("leak.eml")});
  std::filesystem::remove_all(dir_.File("rel2"));
  auto stuck = RunBreachkit({"--db", "rel2.db", "purge", "--yes"});
  auto forced = RunBreachkit({"--db", "rel2.db", "purge", "--yes", "--missing-ok"});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(stuck.exit_code, 1);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("already gone"), std::string::npos) << forced.out;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("rel2.db")));
}

TEST_F(Purge, AtATerminalOnlyTheWordPurgeConfirms) {
  // script(1) gives the command a terminal; timeout(1) turns a hang into exit 124.
  auto at_terminal = [&](const std::string& typed) {
    const std::string cmd = "printf '" + typed +
                            "\\n' | timeout 20 script -qec \"'" BREACHKIT_BINARY "' --db '" + db_ +
                            "' purge\" /dev/null > /dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(at_terminal("yes"), 1);
  EXPECT_TRUE(std::filesystem::exists(db_));
  EXPECT_EQ(at_terminal("purge"), 0);
  EXPECT_FALSE(std::filesystem::exists(db_));
  EXPECT_FALSE(std::filesystem::exists(out_ + "/letters"));
}

}  // namespace
}  // namespace breachkit
