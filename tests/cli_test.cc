// The breachkit binary as a user runs it: exit codes, messages, files.
#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "tools/options.h"

namespace breachkit {
namespace {

using testing::FileMode;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::SourcePath;

TEST(Cli, HelpListsCommandsAndExitsZero) {
  auto r = RunBreachkit({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("init"), std::string::npos);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
}

TEST(Cli, HelpCommandAndCommandHelpAgree) {
  auto a = RunBreachkit({"help", "init"});
  auto b = RunBreachkit({"init", "--help"});
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("--org"), std::string::npos);
}

TEST(Cli, UnknownCommandExitsOneWithASuggestion) {
  auto r = RunBreachkit({"audti"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did you mean 'audit'?"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

// tests/data/help/help.txt: what `--help`, `help CMD` and a mistyped command printed before
// the command table carried each command's setup and run (the version as VERSION).
TEST(Cli, EveryHelpTextAndSuggestionIsAsBefore) {
  std::string version = RunBreachkit({"--version"}).out;
  version = version.substr(std::string("breachkit ").size());
  version.pop_back();  // the newline
  auto without_version = [&](std::string text) {
    for (size_t at; (at = text.find(version)) != std::string::npos;)
      text.replace(at, version.size(), "VERSION");
    return text;
  };
  std::string got;
  got += "=== breachkit --help\n" + RunBreachkit({"--help"}).out;
  for (const CommandInfo& command : Commands()) {
    const std::string c(command.name);
    const auto help = RunBreachkit({"help", c});
    EXPECT_EQ(help.exit_code, 0) << c;
    EXPECT_EQ(RunBreachkit({c, "--help"}).out, help.out) << c;
    got += "=== breachkit help " + c + "\n" + help.out;
  }
  for (const std::string word : {"inti", "audti", "xyz", "rport", "lettres", "h", "expor"}) {
    const auto r = RunBreachkit({word});
    EXPECT_EQ(r.exit_code, 1) << word;
    got += "=== breachkit " + word + "\n" + r.out + r.err;
  }
  EXPECT_EQ(without_version(got), testing::ReadFile(SourcePath("tests/data/help/help.txt")));
}

TEST(Cli, VersionPrintsTheVersion) {
  auto r = RunBreachkit({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("breachkit 0.", 0), 0u) << r.out;
}

TEST(Cli, InitWithTheExampleProfileCreatesAPrivateRecord) {
  ScopedTempDir dir;
  auto r = RunBreachkit(
      {"--db", dir.File("i.db"), "init", "--org", SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Created"), std::string::npos);
  EXPECT_NE(r.out.find("Garonne Ingénierie SAS"), std::string::npos);
  EXPECT_NE(r.out.find("garonne-ingenierie.example"), std::string::npos);
  EXPECT_EQ(FileMode(dir.File("i.db")), 0600);

  auto same = RunBreachkit(
      {"--db", dir.File("i.db"), "init", "--org", SourcePath("schemas/examples/organisation.xml")});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_NE(same.out.find("profile unchanged"), std::string::npos) << same.out;

  auto again = RunBreachkit({"--db", dir.File("i.db"), "init"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("Updated"), std::string::npos);
  EXPECT_NE(again.out.find("Garonne Ingénierie SAS"), std::string::npos);  // kept

  auto audit = RunBreachkit({"--db", dir.File("i.db"), "audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("intact: 2 entries"), std::string::npos) << audit.out;
}

TEST(Cli, InitWithABadProfileExitsOneNamingFileLineAndField) {
  ScopedTempDir dir;
  testing::WriteFile(dir.File("org.xml"),
                     "<organisation>\n  <controller>\n    <name>X</name>\n  </controller>\n"
                     "</organisation>\n");
  auto r = RunBreachkit({"--db", dir.File("i.db"), "init", "--org", dir.File("org.xml")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir.File("org.xml") + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/organisation/controller"), std::string::npos) << r.err;
}

TEST(Cli, ReadingCommandOnAMissingRecordExitsTwo) {
  ScopedTempDir dir;
  auto r = RunBreachkit({"--db", dir.File("missing.db"), "audit"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.db"), std::string::npos);
}

TEST(Cli, TamperedAuditLogFailsVerification) {
  ScopedTempDir dir;
  ASSERT_EQ(RunBreachkit({"--db", dir.File("i.db"), "init"}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", dir.File("i.db"), "init", "--org",
                          SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  {
    // Simulate an edit made behind breachkit's back with the sqlite3 library.
    auto r = RunBreachkit({"--db", dir.File("i.db"), "audit", "verify"});
    ASSERT_EQ(r.exit_code, 0);
  }
  const std::string cmd = "sqlite3 '" + dir.File("i.db") +
                          "' \"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET "
                          "details='x' WHERE seq=1;\"";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "sqlite3 shell not available";
  auto r = RunBreachkit({"--db", dir.File("i.db"), "audit", "verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("altered: entry 1"), std::string::npos) << r.err;
}

TEST(Cli, RunCreatesAPrivateOutputFolderWithTheRecord) {
  ScopedTempDir dir;
  auto r =
      RunBreachkit({"run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox", "-o",
                    dir.File("out"), "--org", SourcePath("schemas/examples/organisation.xml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Garonne Ingénierie SAS"), std::string::npos);
  EXPECT_NE(r.out.find("ingested 1 new source"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Persons affected:"), std::string::npos) << r.out;
  EXPECT_EQ(FileMode(dir.File("out/cnil-notification.pdf")), 0600);
  EXPECT_EQ(FileMode(dir.File("out/letters")), 0700);
  EXPECT_EQ(FileMode(dir.File("out/letters-all.pdf")), 0600);
  EXPECT_NE(r.out.find("proposed texts used for: consequences, measures-taken, measures-planned"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(FileMode(dir.File("out")), 0700);
  EXPECT_EQ(FileMode(dir.File("out/incident.db")), 0600);
}

}  // namespace
}  // namespace breachkit

namespace breachkit {
namespace {

TEST(Cli, RunOnSomethingThatIsNotMailIsPartial) {
  testing::ScopedTempDir dir;
  auto r = testing::RunBreachkit({"run", testing::SourcePath("README.md"), "-o", dir.File("out")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("1 unparsed"), std::string::npos) << r.out;
}

TEST(Cli, RunCreatesMissingParentFolders) {
  testing::ScopedTempDir dir;
  auto r = testing::RunBreachkit(
      {"run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox", "-o", dir.File("a/b/out")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::FileMode(dir.File("a/b/out")), 0700);
}

// `run` into a folder whose record holds another leak would merge two incidents: refused,
// unless --add-to-record; the same leak again is the same incident.
TEST(Cli, RunIntoTheFolderOfAnotherIncidentIsRefusedUnlessAddToRecord) {
  ScopedTempDir dir;
  auto leak = [&](const std::string& name, const std::string& to) {
    testing::WriteFile(dir.File(name),
                       "From: rh@garonne-ingenierie.example\nTo: " + to +
                           "\nSubject: Votre candidature\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
                           "Message-ID: <" + name + "@x>\n\nBonjour\n");
    return dir.File(name);
  };
  const std::string first = leak("first.eml", "a@example.fr, b@example.fr");
  const std::string second = leak("second.eml", "c@example.fr, d@example.fr");
  const std::string out = dir.File("out");
  const std::string db = out + "/incident.db";
  ASSERT_NE(RunBreachkit({"run", first, "-o", out}).exit_code, 4);
  const auto sources = [&] { return testing::QueryColumn(db, "SELECT path FROM source"); };
  ASSERT_EQ(sources().size(), 1u);

  auto refused = RunBreachkit({"run", second, "-o", out});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("already holds an incident"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--add-to-record"), std::string::npos) << refused.err;
  EXPECT_EQ(sources().size(), 1u);  // nothing was written

  auto same = RunBreachkit({"run", first, "-o", out});  // the same incident, run again
  EXPECT_EQ(same.err.find("already holds an incident"), std::string::npos) << same.err;
  EXPECT_EQ(sources().size(), 1u);

  auto added = RunBreachkit({"run", second, "-o", out, "--add-to-record"});
  EXPECT_NE(added.exit_code, 1) << added.err;
  EXPECT_EQ(sources().size(), 2u);
}

}  // namespace
}  // namespace breachkit
