// `breachkit purge`: erasing an incident, with what it wrote, and nothing else.
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util/hash.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::QueryColumn;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::WriteFile;

// Edits the record behind breachkit's back, as a careless operator or a forged file would.
void ExecSql(const std::string& db, const std::string& sql) {
  SQLite::Database(db, SQLite::OPEN_READWRITE).exec(sql);
}

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

// Letters written by a run that was killed before it listed them, then found "unchanged" by
// the re-run: the re-run lists them, and purge removes them.
TEST_F(Purge, LettersOnDiskButNotListedAreListedByTheReRunAndPurged) {
  const size_t letters = FilesUnder(out_ + "/letters");
  ASSERT_GT(letters, 3u);
  ExecSql(db_, "DELETE FROM document WHERE kind IN ('letter', 'letter-eml')");
  auto again = RunBreachkit(
      {"--db", db_, "letters", "-o", out_ + "/letters", "--eml", "--merged", out_ + "/all.pdf"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(0 written,"), std::string::npos) << again.out;
  auto r = RunBreachkit({"--db", db_, "purge", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(FilesUnder(out_), 0u) << r.out;
}

// Killed at any point, a letters run leaves only files the record lists: purge leaves nothing.
TEST_F(Purge, AfterLettersKilledAtAnyPointPurgeLeavesNoFile) {
  for (const int delay_ms : {150, 400, 900}) {
    const std::string letters = dir_.File("killed-" + std::to_string(delay_ms));
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::execl(BREACHKIT_BINARY, BREACHKIT_BINARY, "-q", "--db", db_.c_str(), "letters", "-o",
              letters.c_str(), "--eml", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::usleep(delay_ms * 1000);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  auto r = RunBreachkit({"--db", db_, "purge", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const int delay_ms : {150, 400, 900}) {
    const std::string letters = dir_.File("killed-" + std::to_string(delay_ms));
    size_t left = 0;
    if (std::filesystem::exists(letters)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(letters)) {
        left += e.is_regular_file();  // the temporary file of a write cut short too
      }
    }
    EXPECT_EQ(left, 0u) << "killed after " << delay_ms << " ms";
  }
}

// A record edited (or read from an export) so that a document's path names another file,
// with that file's SHA-256: purge leaves the file, names it, says why, exits 3.
TEST_F(Purge, ARecordNamingAFileBreachkitDidNotWriteLeavesItAndSaysSo) {
  const std::string outside = dir_.File("elsewhere/precious.txt");
  WriteFile(outside, "not breachkit's");
  ::chmod(outside.c_str(), 0600);
  ExecSql(db_, "UPDATE document SET path = '" + outside + "', sha256 = '" +
                   Sha256Hex("not breachkit's") + "' WHERE kind = 'letter-eml'");
  auto r = RunBreachkit({"--db", db_, "purge", "--yes", "--missing-ok"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(outside));
  EXPECT_NE(r.out.find("left " + outside + ": not in a folder breachkit wrote"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("left 1 listed file"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_));  // the record goes all the same
}

// A letter changed after it was written, and one swapped for a link: left, and said.
TEST_F(Purge, AFileChangedOrSwappedForALinkSinceItWasWrittenIsLeftAndSaid) {
  std::vector<std::string> letters;
  for (const auto& e : std::filesystem::directory_iterator(out_ + "/letters")) {
    if (e.path().extension() == ".pdf") letters.push_back(e.path().string());
  }
  ASSERT_GE(letters.size(), 2u);
  WriteFile(letters[0], "annotated by hand");
  ::chmod(letters[0].c_str(), 0600);
  const std::string target = dir_.File("elsewhere/target.pdf");
  std::filesystem::rename(letters[1], target);
  std::filesystem::create_symlink(target, letters[1]);
  auto r = RunBreachkit({"--db", db_, "purge", "--yes"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(letters[0]));
  EXPECT_NE(r.out.find("left " + letters[0] + ": changed since breachkit wrote it"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(std::filesystem::is_symlink(letters[1]));
  EXPECT_TRUE(std::filesystem::exists(target));
  EXPECT_NE(r.out.find("left " + letters[1] + ": a symbolic link"), std::string::npos) << r.out;
  // The changed one and the link (to a file) are left; the others are gone.
  EXPECT_EQ(FilesUnder(out_ + "/letters"), 2u);
}

// A letters folder moved away and a link left in its place: the folder is not the one written.
TEST_F(Purge, AFolderSwappedForALinkIsNotTheFolderItWroteTo) {
  const std::string moved = dir_.File("moved-letters");
  std::filesystem::rename(out_ + "/letters", moved);
  std::filesystem::create_directory_symlink(moved, out_ + "/letters");
  const size_t before = FilesUnder(moved);
  auto r = RunBreachkit({"--db", db_, "purge", "--yes"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_EQ(FilesUnder(moved), before);
  EXPECT_NE(r.out.find("not in a folder breachkit wrote"), std::string::npos) << r.out;
}

// A record read from an export lists documents another record wrote: none is removed here.
TEST_F(Purge, ARecordReadFromAnExportRemovesNoneOfTheFilesItLists) {
  ASSERT_EQ(
      RunBreachkit({"--db", db_, "export", "--format", "xml", "-o", dir_.File("r.xml")}).exit_code,
      0);
  const std::string copy = dir_.File("copy.db");
  auto imported = RunBreachkit({"--db", copy, "import", dir_.File("r.xml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const size_t before = FilesUnder(out_);
  auto r = RunBreachkit({"--db", copy, "purge", "--yes", "--missing-ok"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_EQ(FilesUnder(out_), before);
  EXPECT_FALSE(std::filesystem::exists(copy));

  // An export that lists output folders is forged: refused, nothing imported.
  std::string xml = testing::ReadFile(dir_.File("r.xml"));
  const std::string eml = ">letter-eml</col>";
  const size_t at = xml.find(eml);
  ASSERT_NE(at, std::string::npos);
  xml.replace(at, eml.size(), ">output-folder</col>");
  WriteFile(dir_.File("forged.xml"), xml);
  auto forged = RunBreachkit({"--db", dir_.File("forged.db"), "import", dir_.File("forged.xml")});
  EXPECT_EQ(forged.exit_code, 1) << forged.out << forged.err;
  EXPECT_NE(forged.err.find("output folders"), std::string::npos) << forged.err;
}

}  // namespace
}  // namespace breachkit
