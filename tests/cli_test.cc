// The breachkit binary as a user runs it: exit codes, messages, files.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "core/detect/finding.h"
#include "core/model/proposals.h"
#include "core/store/store.h"
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
  const std::string path = SourcePath("tests/data/help/help.txt");
  if (std::getenv("BREACHKIT_UPDATE_GOLDEN")) testing::WriteFile(path, without_version(got));
  EXPECT_EQ(without_version(got), testing::ReadFile(path))
      << "to accept a deliberate change: BREACHKIT_UPDATE_GOLDEN=1";
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
  // init.create, the seal of the incident's fields, the seal of the organisation's domains,
  // init.profile.
  EXPECT_NE(audit.out.find("intact: 4 entries"), std::string::npos) << audit.out;
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

// A mistyped --db is an error, not a new empty record: `assess` on one would say "0 persons,
// do not notify", and `cnil` would write a draft of nothing.
TEST(Cli, WritingCommandOnAMissingRecordExitsTwoAndCreatesNothing) {
  ScopedTempDir dir;
  const std::string db = dir.File("typo.db");
  testing::WriteFile(dir.File("contacts.csv"), "IBAN;E-mail\n");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"assess"},
           {"set", "dpo.name", "Jeanne Martin"},
           {"event", "add", "awareness", "--at", "2026-10-01T09:00"},
           {"cnil", "--output", dir.File("cnil.pdf")},
           {"letters", "--output", dir.File("letters")},
           {"report", "--output", dir.File("report.pdf")},
           {"contacts", "import", dir.File("contacts.csv")}}) {
    std::vector<std::string> argv{"--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = RunBreachkit(argv);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("typo.db: no incident record here"), std::string::npos)
        << args[0] << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(db)) << args[0];
  }
  EXPECT_FALSE(std::filesystem::exists(dir.File("cnil.pdf")));
  // An empty file is no record either (`touch`, an interrupted copy): refused, left empty.
  testing::WriteFile(db, "");
  auto empty = RunBreachkit({"--db", db, "assess"});
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("the file is empty"), std::string::npos) << empty.err;
  EXPECT_EQ(std::filesystem::file_size(db), 0u);
  EXPECT_EQ(RunBreachkit({"-q", "--db", db, "init"}).exit_code, 0);  // init makes it one
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
  EXPECT_NE(r.out.find("proposed texts used for: consequences (fr), consequences (en), "
                       "measures-taken (fr), measures-taken (en), measures-planned (fr), "
                       "measures-planned (en); the letters are drafts"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(FileMode(dir.File("out")), 0700);
  EXPECT_EQ(FileMode(dir.File("out/incident.db")), 0600);
}

// Where a large leak's time goes: `run` ends with each stage's time and the peak memory on
// stderr (quiet or not), and stdout holds no time (the same from run to run).
TEST(Cli, RunPrintsTheTimeOfEachStageOnStderrOnly) {
  ScopedTempDir dir;
  auto r =
      RunBreachkit({"-q", "run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox", "-o",
                    dir.File("out"), "--org", SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t table = r.err.find(
      "time per stage (peak memory of the run when it ended; memory held after it, once what it "
      "freed was given back):\n");
  ASSERT_NE(table, std::string::npos) << r.err;
  size_t at = table;
  for (const char* stage :
       {"init", "ingest", "assess", "cnil", "letters", "report", "export", "summary", "total"}) {
    at = r.err.find(fmt::format("\n  {:<10} ", stage), at);
    ASSERT_NE(at, std::string::npos) << stage << " in " << r.err.substr(table);
  }
  // Each stage's line: its seconds, the peak so far, and what the process still holds after
  // it (never more than the peak, never nothing).
  for (size_t line = r.err.find("\n  ingest ", table); line != std::string::npos;
       line = r.err.find("\n  ", line + 1)) {
    double seconds = -1, peak = -1, held = -1;
    char name[32] = {};
    if (std::sscanf(r.err.c_str() + line, "\n  %31s %lf s %lf MB peak %lf MB after", name, &seconds,
                    &peak, &held) != 4) {
      EXPECT_EQ(std::string(name), "total") << r.err.substr(line, 80);
      break;
    }
    EXPECT_GT(held, 0) << name;
    EXPECT_LE(held, peak + 1) << name;
  }
  EXPECT_EQ(r.out.find("time per stage"), std::string::npos);
}

// `run` starts itself again with G_SLICE=always-malloc when the user did not set G_SLICE
// (GLib reads it before main): its environment shows it while it runs. A user's own setting
// (here an empty one, GLib's default allocator) is kept.
TEST(Cli, RunSendsGlibSlicesToMallocUnlessTheUserChose) {
  ScopedTempDir dir;
  // The G_SLICE settings seen in the environment of `run` while it ran, polled every ms.
  auto slice_settings = [&](const char* user_value, const std::string& out) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (user_value == nullptr) {
        ::unsetenv("G_SLICE");
      } else {
        ::setenv("G_SLICE", user_value, 1);
      }
      const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      const std::string org = SourcePath("schemas/examples/organisation.xml");
      ::execl(BREACHKIT_BINARY, BREACHKIT_BINARY, "-q", "run", mbox.c_str(), "-o", out.c_str(),
              "--org", org.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::set<std::string> seen;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      std::ifstream environ("/proc/" + std::to_string(pid) + "/environ");
      std::string entry;
      while (std::getline(environ, entry, '\0')) {
        if (entry.starts_with("G_SLICE=")) seen.insert(entry);
      }
      ::usleep(1000);
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    return seen;
  };
  EXPECT_TRUE(slice_settings(nullptr, dir.File("a")).contains("G_SLICE=always-malloc"));
  EXPECT_EQ(slice_settings("", dir.File("b")), std::set<std::string>{"G_SLICE="});
}

// main holds Ctrl-C back until the command is known, and the command lets it through once
// its handler is armed. `run` runs each of its commands on a thread of its own: its main
// thread must let Ctrl-C through too (it does as `run` is itself a command), or a Ctrl-C
// between two stages (or after the last) waits unseen, then kills the next stage or is
// dropped. The main thread's mask is polled while `run` works (/proc/PID/task/PID/status).
TEST(Cli, RunsMainThreadLetsCtrlCThroughOnceTheFirstCommandHas) {
  ScopedTempDir dir;
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";
    const std::string out = dir.File("out");
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    const std::string org = SourcePath("schemas/examples/organisation.xml");
    ::execl(BREACHKIT_BINARY, BREACHKIT_BINARY, "-q", "run", mbox.c_str(), "-o", out.c_str(),
            "--org", org.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const unsigned long long stop = (1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1));
  const std::string main_thread =
      "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/status";
  int held = 0, let_through = 0;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    std::ifstream in(main_thread);
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("SigBlk:")) continue;
      // Before main's first step the child still has the test's mask: counted from then.
      if ((std::stoull(line.substr(7), nullptr, 16) & stop) != 0) {
        ++held;
      } else if (held > 0) {
        ++let_through;
      }
    }
    ::usleep(1000);
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_GT(let_through, 0) << "the main thread held Ctrl-C back in all " << held << " samples";
}

// `--text -o FILE` writes the text to FILE (0600), the same text as on stdout; it wrote
// nothing before, silently (helper-78).
TEST(Cli, TheCnilDraftAndTheRegisterAsTextGoToTheFileOutputNames) {
  ScopedTempDir dir;
  const std::string out = dir.File("out"), db = dir.File("out/incident.db");
  auto r = RunBreachkit({"-q", "run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
                         "-o", out, "--org", SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string command : {"cnil", "report"}) {
    const auto shown = RunBreachkit({"--db", db, command, "--text"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    const std::string file = dir.File(command + ".txt");
    const auto written = RunBreachkit({"--db", db, command, "--text", "-o", file});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    EXPECT_EQ(written.out, "wrote " + file + " (text)\n");
    ASSERT_TRUE(std::filesystem::exists(file)) << command;
    EXPECT_EQ(testing::ReadFile(file), shown.out) << command;
    EXPECT_EQ(FileMode(file), 0600) << command;
  }
}

// Issue 23, part 1: breachkit's proposals stay proposals until the DPO confirms them; a letter
// that prints one is a draft, marked as one, and never a ready-to-send e-mail.
TEST(Cli, ProposedTextsMakeDraftLettersUntilTheDpoConfirmsThem) {
  ScopedTempDir dir;
  const std::string out = dir.File("out"), db = dir.File("out/incident.db");
  auto r = RunBreachkit({"-q", "run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
                         "-o", out, "--org", SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto statuses = [](const std::string& manifest) {
    std::set<std::string> s;
    std::istringstream in(testing::ReadFile(manifest));
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"status\"") != std::string::npos) continue;
      line.erase(line.rfind(','));  // the last column (art34)
      const size_t end = line.rfind('"');
      s.insert(line.substr(line.rfind('"', end - 1) + 1, end - line.rfind('"', end - 1) - 1));
    }
    return s;
  };
  EXPECT_EQ(statuses(out + "/letters/manifest.csv"), std::set<std::string>{"draft"});
  // The CNIL draft marks them too.
  auto cnil = RunBreachkit({"--db", db, "cnil", "--text"});
  ASSERT_EQ(cnil.exit_code, 0) << cnil.err;
  EXPECT_NE(cnil.out.find("bloqué les réponses groupées de notre côté. (texte proposé par"),
            std::string::npos)
      << cnil.out;
  // No e-mail drafts while a proposal is unconfirmed: refused, saying how.
  auto eml = RunBreachkit({"--db", db, "letters", "-o", dir.File("l"), "--eml"});
  EXPECT_EQ(eml.exit_code, 1);
  EXPECT_NE(eml.err.find("measures-taken, measures-planned (fr)"), std::string::npos) << eml.err;
  EXPECT_NE(eml.err.find("breachkit set --confirm FIELD"), std::string::npos) << eml.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("l/eml")));
  // `set` lists what is left to confirm.
  auto listed = RunBreachkit({"--db", db, "set"});
  EXPECT_NE(listed.out.find("breachkit's proposals not confirmed yet: consequences (fr)"),
            std::string::npos)
      << listed.out;
  // Confirmed one by one (the French ones), or replaced by the DPO's own words.
  EXPECT_EQ(RunBreachkit({"--db", db, "set", "--confirm", "measures-taken", "--lang", "fr"}).out,
            "measures-taken confirmed (fr)\n");
  // Without --lang: the record's language (fr) only, never the English text nobody read.
  auto again = RunBreachkit({"--db", db, "set", "--confirm", "measures-taken"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("measures-taken (fr) holds a text already"), std::string::npos)
      << again.err;
  ASSERT_EQ(
      RunBreachkit({"--db", db, "set", "measures-planned", "Une relecture à deux."}).exit_code, 0);
  auto written = RunBreachkit({"--db", db, "letters", "-o", dir.File("l"), "--eml"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(statuses(dir.File("l/manifest.csv")), std::set<std::string>{"ready"});
  // The English letters still print English proposals: drafts, and no e-mail.
  auto english =
      RunBreachkit({"--db", db, "letters", "-o", dir.File("en"), "--lang", "en", "--eml"});
  EXPECT_EQ(english.exit_code, 1);
  EXPECT_NE(english.err.find("--confirm FIELD --lang en"), std::string::npos) << english.err;
  ASSERT_EQ(
      RunBreachkit({"--db", db, "set", "--confirm", "measures-taken", "--lang", "en"}).exit_code,
      0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "set", "--confirm", "measures-planned", "--lang", "en"}).exit_code,
      0);
  ASSERT_EQ(RunBreachkit({"--db", db, "letters", "-o", dir.File("en"), "--lang", "en", "--eml"})
                .exit_code,
            0);
  // The record keeps what was confirmed, in the audit log too.
  const auto audit = testing::QueryColumn(db, "SELECT details FROM audit_log WHERE action = 'set'");
  EXPECT_NE(std::find(audit.begin(), audit.end(), "measures-taken confirmed (fr)"), audit.end());
  EXPECT_EQ(testing::QueryColumn(db, "SELECT proposed FROM incident")[0],
            "consequences:en consequences:fr");
}

}  // namespace
}  // namespace breachkit

namespace breachkit {
namespace {

// Without `run`, the CNIL draft shows breachkit's proposals for the empty texts: --confirm
// takes the one shown (a payroll's, not a recruitment's) into the record. A field named with
// no value is a usage error, not an erased text; "" empties it on purpose.
TEST(Cli, ConfirmingAnEmptyTextTakesTheProposalTheDraftShows) {
  testing::ScopedTempDir dir;
  const auto made = testing::MakePayrollLeak(dir.File("leak"), "csv", 6);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(
      testing::RunBreachkit({"-q", "--db", db, "init", "--org", dir.File("leak/organisation.xml")})
          .exit_code,
      0);
  ASSERT_EQ(testing::RunBreachkit({"-q", "--db", db, "ingest", dir.File("leak/payroll-csv.eml")})
                .exit_code,
            0);
  auto confirmed = testing::RunBreachkit({"--db", db, "set", "--confirm", "measures-taken"});
  ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
  const std::string stored = testing::QueryColumn(db, "SELECT measures_taken FROM incident")[0];
  EXPECT_NE(stored.find("supprimer le message et le fichier joint"), std::string::npos) << stored;
  EXPECT_NE(confirmed.out.find(stored), std::string::npos) << confirmed.out;
  auto cnil = testing::RunBreachkit({"--db", db, "cnil", "--text"});
  EXPECT_NE(cnil.out.find("Mesures prises\u00A0: " + stored + "\n"), std::string::npos) << cnil.out;
  EXPECT_EQ(cnil.out.find("postulé"), std::string::npos) << cnil.out;

  auto bare = testing::RunBreachkit({"--db", db, "set", "measures-taken"});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.err.find("set measures-taken needs a value"), std::string::npos) << bare.err;
  EXPECT_EQ(testing::QueryColumn(db, "SELECT measures_taken FROM incident")[0], stored);
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "set", "measures-taken", ""}).exit_code, 0);
  EXPECT_EQ(testing::QueryColumn(db, "SELECT measures_taken FROM incident")[0], "");
}

// A proposal is made for what the record shows now: a payroll's texts, then a recruitment's
// once the storm is added to the record (they said "le fichier joint" for both); confirming
// stores the text the draft printed, whatever the assessment's factors (a vulnerable flag
// takes the recruitment factor out of the score, not out of the facts).
TEST(Cli, AProposalFollowsTheRecordWhenAnotherLeakIsAdded) {
  testing::ScopedTempDir dir;
  const auto made = testing::MakePayrollLeak(dir.File("leak"), "csv", 6);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string out = dir.File("out"), db = dir.File("out/incident.db");
  ASSERT_EQ(testing::RunBreachkit({"-q", "run", dir.File("leak/payroll-csv.eml"), "-o", out,
                                   "--org", dir.File("leak/organisation.xml")})
                .exit_code,
            0);
  auto consequences = [&] {
    return testing::QueryColumn(db, "SELECT consequences FROM incident")[0];
  };
  EXPECT_NE(consequences().find("recevoir le fichier"), std::string::npos) << consequences();
  auto added =
      testing::RunBreachkit({"-q", "run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
                             "-o", out, "--add-to-record"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(consequences().find("avaient postulé"), std::string::npos) << consequences();
  EXPECT_NE(testing::QueryColumn(db, "SELECT proposed FROM incident")[0].find("consequences:fr"),
            std::string::npos);  // still a proposal to review
  auto cnil = testing::RunBreachkit({"--db", db, "cnil", "--text"});
  EXPECT_EQ(cnil.out.find("recevoir le fichier"), std::string::npos) << cnil.out;

  ASSERT_EQ(testing::RunBreachkit({"--db", db, "set", "vulnerable", "yes"}).exit_code, 0);
  auto shown = testing::RunBreachkit({"--db", db, "cnil", "--text"});
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "set", "--confirm", "consequences"}).exit_code, 0);
  // The draft prints French typography (a narrow no-break space before ";"): compared by
  // what tells the proposals apart.
  EXPECT_NE(shown.out.find("avaient postulé"), std::string::npos) << shown.out;
  EXPECT_NE(consequences().find("avaient postulé"), std::string::npos) << consequences();
}

TEST(Cli, RunOnSomethingThatIsNotMailIsPartial) {
  testing::ScopedTempDir dir;
  auto r = testing::RunBreachkit({"run", testing::SourcePath("README.md"), "-o", dir.File("out")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("1 unparsed"), std::string::npos) << r.out;
}

// The DPO ingests the whole mailbox of the recruiter, not the leak alone: a newsletter she
// received, a mail to a supplier and a note to a colleague come before the rejection sent to
// 340 candidates. The draft describes the leak (the message sent to 340, its replies), says
// the rest apart, and lists no supplier as a recipient off the original list; it described
// the newsletter, "sent to 0 recipients", and everyone as a third party.
TEST(Cli, ALeakInAWholeMailboxIsDescribedByItsOwnMessages) {
  testing::ScopedTempDir dir;
  const std::string mbox = dir.File("mailbox.mbox");
  testing::WriteFile(
      mbox,
      "From news@lettre-rh.example Mon Sep  1 08:00:00 2025\n"
      "From: Lettre RH <news@lettre-rh.example>\n"
      "To: recrutement@recrutement.garonne-ingenierie.example\n"
      "Subject: Les tendances du recrutement\nDate: Mon, 1 Sep 2025 08:00:00 +0200\n"
      "Message-ID: <n1@lettre-rh.example>\n\nBonne lecture.\n\n"
      "From recrutement@recrutement.garonne-ingenierie.example Tue Sep  2 10:00:00 2025\n"
      "From: recrutement@recrutement.garonne-ingenierie.example\n"
      "To: Paul Fournier <devis@imprimerie-fournier.example>\n"
      "Subject: Devis plaquettes\nDate: Tue, 2 Sep 2025 10:00:00 +0200\n"
      "Message-ID: <d1@garonne-ingenierie.example>\n\nMerci pour le devis.\n\n"
      "From recrutement@recrutement.garonne-ingenierie.example Wed Sep  3 10:00:00 2025\n"
      "From: recrutement@recrutement.garonne-ingenierie.example\n"
      "To: rh@garonne-ingenierie.example\n"
      "Subject: Point hebdo\nDate: Wed, 3 Sep 2025 10:00:00 +0200\n"
      "Message-ID: <p1@garonne-ingenierie.example>\n\nA jeudi.\n\n" +
          testing::ReadFile(std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"));
  const std::string out = dir.File("out");
  auto run = testing::RunBreachkit({"-q", "run", mbox, "-o", out, "--org",
                                    testing::SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto cnil = testing::RunBreachkit({"--db", out + "/incident.db", "cnil", "--text"});
  EXPECT_NE(cnil.out.find("Un message a été envoyé à 340 destinataires"), std::string::npos)
      << cnil.out;
  EXPECT_NE(
      cnil.out.find("Les pièces examinées contiennent aussi 3 autres messages hors de ce fil"),
      std::string::npos)
      << cnil.out;
  EXPECT_EQ(cnil.out.find("devis@imprimerie-fournier.example"), std::string::npos) << cnil.out;
  EXPECT_EQ(cnil.out.find("Les tendances du recrutement"), std::string::npos) << cnil.out;
  // The sample's two outside recipients (a forward, a Cc added), and not the supplier.
  auto summary = testing::RunBreachkit(
      {"--db", out + "/incident.db", "summary", "--json", "--show-addresses"});
  EXPECT_NE(summary.out.find("\"third_party_recipients\": 2,"), std::string::npos) << summary.out;
  EXPECT_EQ(summary.out.find("imprimerie-fournier"), std::string::npos) << summary.out;
}

// A document `run` cannot write yet (the letters need the DPO's contact, which comes with the
// profile) leaves the others written and ends with exit 3, naming it; the profile given, the
// same run ends with 0. (It ended with 0 either way: a script saw success with no letter.)
TEST(Cli, RunThatCouldNotWriteADocumentExitsThreeNamingIt) {
  testing::ScopedTempDir dir;
  const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";
  auto r = testing::RunBreachkit({"run", mbox, "-o", dir.File("out")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("not written yet: the letters cannot be written"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("not written yet: letters ("), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.File("out/cnil-notification.pdf")));
  EXPECT_TRUE(std::filesystem::exists(dir.File("out/register.pdf")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("out/letters-all.pdf")));
  auto again = testing::RunBreachkit({"run", mbox, "-o", dir.File("out"), "--org",
                                      SourcePath("schemas/examples/organisation.xml")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(std::filesystem::exists(dir.File("out/letters-all.pdf")));
}

// A mistyped path stops `ingest` and `run` before they create anything (an empty record was
// left behind, and `run` left a folder holding one): exit 2, naming the path.
TEST(Cli, AMissingInputStopsIngestAndRunBeforeAnythingIsCreated) {
  testing::ScopedTempDir dir;
  auto ingest =
      testing::RunBreachkit({"--db", dir.File("i.db"), "ingest", dir.File("nothere.mbox")});
  EXPECT_EQ(ingest.exit_code, 2);
  EXPECT_NE(ingest.err.find("nothere.mbox: No such file or directory"), std::string::npos)
      << ingest.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("i.db")));
  auto run = testing::RunBreachkit({"run", dir.File("nothere.mbox"), "-o", dir.File("out")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.File("out")));
}

// A profile refused (a SIREN whose check digit is wrong) stops `init` and `run` before they
// create a record: one without its profile counted the staff as affected persons.
TEST(Cli, ARefusedProfileStopsInitAndRunBeforeAnythingIsCreated) {
  testing::ScopedTempDir dir;
  std::string profile = testing::ReadFile(SourcePath("schemas/examples/organisation.xml"));
  const size_t at = profile.find("732829320");
  ASSERT_NE(at, std::string::npos);
  profile.replace(at, 9, "732829321");
  testing::WriteFile(dir.File("bad.xml"), profile);
  auto init =
      testing::RunBreachkit({"--db", dir.File("i.db"), "init", "--org", dir.File("bad.xml")});
  EXPECT_EQ(init.exit_code, 1);
  EXPECT_NE(init.err.find("bad.xml:"), std::string::npos) << init.err;
  EXPECT_NE(init.err.find("nothing was written"), std::string::npos) << init.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("i.db")));
  auto run = testing::RunBreachkit({"run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
                                    "-o", dir.File("out"), "--org", dir.File("bad.xml")});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("out")));
}

TEST(Cli, RunCreatesMissingParentFolders) {
  testing::ScopedTempDir dir;
  auto r = testing::RunBreachkit({"run", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox",
                                  "-o", dir.File("a/b/out"), "--org",
                                  SourcePath("schemas/examples/organisation.xml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::FileMode(dir.File("a/b/out")), 0700);
}

// A record made by the previous breachkit (schema 13) is upgraded by `run`, as by any writing
// command; it was refused, telling the user to run a writing command. The texts its `run`
// proposed were stored as the DPO's: they become proposals again (a letter printing one is a
// draft), and the old consequences, written to the persons, the third-person text.
TEST(Cli, RunUpgradesARecordOfAnOlderSchema) {
  ScopedTempDir dir;
  testing::WriteFile(dir.File("a.eml"),
                     "From: rh@garonne-ingenierie.example\nTo: a@example.fr, b@example.fr\n"
                     "Subject: Votre candidature\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
                     "Message-ID: <a@x>\n\nBonjour\n");
  const std::string out = dir.File("out"), db = out + "/incident.db";
  std::filesystem::create_directory(out);
  {
    SQLite::Database old(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(testing::ReadFile(SourcePath("tests/data/schema/incident-v13.sql")));
    SQLite::Statement row(old,
                          "INSERT INTO incident (id, hmac_key, created_at, updated_at, "
                          "consequences, measures_taken, measures_planned) VALUES (1, "
                          "randomblob(32), 1757662200, 1757662200, ?, ?, 'Une relecture.')");
    row.bind(1, kProposedConsequencesBefore14);
    row.bind(2, kProposedMeasuresTaken);
    row.exec();
  }
  auto again = RunBreachkit({"run", dir.File("a.eml"), "-o", out, "--org",
                             SourcePath("schemas/examples/organisation.xml")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(testing::QueryColumn(db, "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(kSchemaVersion)});
  const std::string proposed = testing::QueryColumn(db, "SELECT proposed FROM incident")[0];
  EXPECT_NE(proposed.find("consequences:fr"), std::string::npos) << proposed;
  EXPECT_NE(proposed.find("measures-taken:fr"), std::string::npos) << proposed;
  EXPECT_EQ(proposed.find("measures-planned:fr"), std::string::npos) << proposed;  // the DPO's
  EXPECT_EQ(testing::QueryColumn(db, "SELECT consequences FROM incident")[0],
            kProposedConsequences);
}

// Once the notification is recorded as made, `run` leaves the initial draft as it was sent and
// writes the complementary one (it rewrote the initial draft with the new figures).
TEST(Cli, RunAfterTheNotificationWritesTheComplementaryDraft) {
  ScopedTempDir dir;
  const std::string out = dir.File("out"), db = out + "/incident.db";
  const std::vector<std::string> run{
      "-q", "run",   std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox", "-o",
      out,  "--org", SourcePath("schemas/examples/organisation.xml")};
  ASSERT_EQ(RunBreachkit(run).exit_code, 0);
  const std::string initial = testing::ReadFile(out + "/cnil-notification.pdf");
  ASSERT_EQ(RunBreachkit({"--db", db, "event", "add", "cnil-notified", "--at", "2025-09-14T10:00",
                          "--reference", "CNIL-7"})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db, "set", "measures-taken", "rappel de chacun."}).exit_code, 0);
  auto again = RunBreachkit(run);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(testing::ReadFile(out + "/cnil-notification.pdf"), initial);
  ASSERT_TRUE(std::filesystem::exists(out + "/cnil-complementary.pdf"));
  auto text = RunBreachkit({"--db", db, "cnil", "--complementary", "--text"});
  EXPECT_NE(text.out.find("1 élément a changé"), std::string::npos) << text.out;
  EXPECT_EQ(testing::QueryColumn(db,
                                 "SELECT count(*) FROM document WHERE kind = "
                                 "'cnil-complementary'"),
            std::vector<std::string>{"1"});
}

// The law is the profile's: the same leak under the GDPR (72 hours, notify unless unlikely to
// result in a risk) and under the Digital Omnibus proposal (96 hours, high risk only) gives
// another deadline, another decision and another clock, with no change of code.
TEST(Cli, TheProfilesRegimeSetsTheDeadlineAndTheDecision) {
  ScopedTempDir dir;
  testing::WriteFile(dir.File("a.eml"),
                     "From: rh@garonne-ingenierie.example\nTo: Inès Martin <a@example.fr>, "
                     "Paul Roux <b@example.fr>, Léa Petit <c@example.fr>\n"
                     "Subject: Votre candidature\n"
                     "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <a@x>\n\nBonjour\n");
  std::string omnibus = testing::ReadFile(SourcePath("schemas/examples/organisation.xml"));
  // The regime named, and the example's own thresholds (notify from medium) left out.
  const size_t at = omnibus.find("<thresholds>");
  ASSERT_NE(at, std::string::npos);
  omnibus.erase(at, omnibus.find("</thresholds>") + 13 - at);
  const size_t name = omnibus.find("<name>gdpr</name>");
  ASSERT_NE(name, std::string::npos);
  omnibus.replace(name, 17, "<name>digital-omnibus</name>");
  testing::WriteFile(dir.File("omnibus.xml"), omnibus);
  struct Case {
    std::string profile, hours, deadline;
    bool notify;
  };
  for (const Case& c : {Case{SourcePath("schemas/examples/organisation.xml"), "72",
                             "2025-09-15T10:00:00+02:00", true},
                        Case{dir.File("omnibus.xml"), "96", "2025-09-16T10:00:00+02:00", false}}) {
    SCOPED_TRACE(c.hours);
    const std::string out = dir.File("out" + c.hours), db = out + "/incident.db";
    auto run = RunBreachkit({"-q", "run", dir.File("a.eml"), "-o", out, "--org", c.profile});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto aware =
        RunBreachkit({"--db", db, "event", "add", "awareness", "--at", "2025-09-12T10:00"});
    ASSERT_EQ(aware.exit_code, 0) << aware.err;
    EXPECT_NE(aware.out.find("awareness + " + c.hours + " h"), std::string::npos) << aware.out;
    EXPECT_NE(aware.out.find(c.deadline), std::string::npos) << aware.out;
    const std::string timeline = RunBreachkit({"--db", db, "timeline"}).out;
    EXPECT_NE(timeline.find(c.hours + "-hour clock"), std::string::npos) << timeline;
    auto assess = nlohmann::json::parse(RunBreachkit({"--db", db, "assess", "--json"}).out);
    EXPECT_EQ(assess["decision"]["notify_cnil"], c.notify) << assess["decision"].dump();
    EXPECT_EQ(assess["se"], 2.25);  // the method's score, whatever the law
    auto record = nlohmann::json::parse(testing::ReadFile(out + "/record.json"));
    EXPECT_EQ(record["incident"]["policy"]["deadline_hours"], std::stoi(c.hours));
    ASSERT_EQ(RunBreachkit({"--db", db, "set", "late-reason", "test"}).exit_code, 0);
    const std::string cnil = RunBreachkit({"--db", db, "cnil", "--text"}).out;
    EXPECT_NE(cnil.find("Échéance de notification (" + c.hours + " h"), std::string::npos) << cnil;
    EXPECT_EQ(cnil.find("point d'entrée unique") != std::string::npos, !c.notify) << cnil;
    // Sent to 3 (each saw 2 others): the description counts the recipients.
    EXPECT_NE(cnil.find("Un message a été envoyé à 3 destinataires"), std::string::npos) << cnil;
    const std::string report = RunBreachkit({"--db", db, "report", "--text"}).out;
    EXPECT_NE(report.find("Un message envoyé avec 3 destinataires visibles"), std::string::npos)
        << report;
  }
}

// A record whose language changes (init with another profile) keeps each text in its own
// language: the French measures stayed in the main columns and became "English".
TEST(Cli, ChangingTheRecordsLanguageKeepsEachTextInItsLanguage) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  std::string profile = testing::ReadFile(SourcePath("schemas/examples/organisation.xml"));
  ASSERT_EQ(
      RunBreachkit({"--db", db, "init", "--org", SourcePath("schemas/examples/organisation.xml")})
          .exit_code,
      0);
  ASSERT_EQ(RunBreachkit({"--db", db, "set", "measures-taken", "rappel de chacun."}).exit_code, 0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "set", "measures-taken", "--lang", "en", "everyone called back."})
          .exit_code,
      0);
  const size_t at = profile.find("<language>fr</language>");
  ASSERT_NE(at, std::string::npos);
  profile.replace(at, 23, "<language>en</language>");
  testing::WriteFile(dir.File("en.xml"), profile);
  ASSERT_EQ(RunBreachkit({"--db", db, "init", "--org", dir.File("en.xml")}).exit_code, 0);
  const std::string listed = RunBreachkit({"--db", db, "set"}).out;
  const size_t fr = listed.find("measures-taken (fr)"), en = listed.find("measures-taken (en)");
  ASSERT_NE(fr, std::string::npos) << listed;
  ASSERT_NE(en, std::string::npos) << listed;
  EXPECT_NE(listed.substr(fr, listed.find('\n', fr) - fr).find("rappel de chacun."),
            std::string::npos)
      << listed;
  EXPECT_NE(listed.substr(en, listed.find('\n', en) - en).find("everyone called back."),
            std::string::npos)
      << listed;
}

// `run` into a folder whose record holds another leak would merge two incidents: refused,
// unless --add-to-record; the same leak again is the same incident.
TEST(Cli, RunIntoTheFolderOfAnotherIncidentIsRefusedUnlessAddToRecord) {
  ScopedTempDir dir;
  auto leak = [&](const std::string& name, const std::string& to) {
    testing::WriteFile(dir.File(name),
                       "From: rh@garonne-ingenierie.example\nTo: " + to +
                           "\nSubject: Votre candidature\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
                           "Message-ID: <" +
                           name + "@x>\n\nBonjour\n");
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

namespace breachkit {
namespace {

// Values in a Subject, a display name and a Message-ID were printed by `assess`, `run` and
// `cnil --text` and stored (and exported) in clear. Each is masked before it is stored, so
// no view of the record can show it.
TEST(Cli, ValuesInHeadersAreMaskedInEveryViewStoreAndExport) {
  testing::ScopedTempDir dir;
  const std::string eml = dir.File("leak.eml");
  testing::WriteFile(
      eml,
      "From: \"Lea Martin 06 39 98 12 78\" <lea.martin@gmail.example>\n"
      "To: rh@garonne-ingenierie.example, paul.durand@free.example, "
      "zoe.petit@orange.example\n"
      "Subject: Candidature RIB FR76 3000 6000 0112 3456 7890 189 NIR 1 85 05 78 006 084 91\n"
      "Message-ID: <FR7630006000011234567890189@mail.example>\n"
      "Date: Fri, 12 Sep 2025 09:30:00 +0200\n"
      "\n"
      "Bonjour, voici ma candidature.\n");
  const std::vector<std::string> values = {"FR76 3000 6000 0112 3456 7890 189",
                                           "FR7630006000011234567890189",
                                           "3000 6000 0112",
                                           "0112 3456 7890",
                                           "30006000011234567890189",
                                           "1 85 05 78 006 084 91",
                                           "185057800608491",
                                           "06 39 98 12 78",
                                           "0639981278",
                                           "639981278"};
  auto expect_none = [&](const std::string& what, const std::string& text) {
    for (const std::string& v : values) {
      EXPECT_EQ(text.find(v), std::string::npos) << what << " shows " << v << ":\n" << text;
    }
  };
  const std::string out = dir.File("out");
  auto run = testing::RunBreachkit(
      {"run", eml, "-o", out, "--org", testing::SourcePath("schemas/examples/organisation.xml")});
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.err;
  expect_none("run", run.out + run.err);
  const std::string db = out + "/incident.db";
  // What the subject said is still there, masked.
  auto assess = testing::RunBreachkit({"--db", db, "assess"});
  ASSERT_EQ(assess.exit_code, 0) << assess.err;
  EXPECT_NE(assess.out.find("Candidature RIB FR76 ••••"), std::string::npos) << assess.out;
  expect_none("assess", assess.out + assess.err);
  auto cnil = testing::RunBreachkit({"--db", db, "cnil", "--text"});
  expect_none("cnil --text", cnil.out + cnil.err);
  auto messages = testing::RunBreachkit({"--db", db, "messages", "--json"});
  ASSERT_EQ(messages.exit_code, 0) << messages.err;
  EXPECT_NE(messages.out.find("Lea Martin +33 6 •• •• •• 78"), std::string::npos) << messages.out;
  expect_none("messages", messages.out);
  auto dump = testing::RunCommand({"/usr/bin/sqlite3", db, ".dump"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  expect_none("the record", dump.out);
  for (const std::string format : {"json", "xml"}) {
    const std::string file = dir.File("export." + format);
    auto e = testing::RunBreachkit({"--db", db, "export", "--format", format, "-o", file});
    ASSERT_EQ(e.exit_code, 0) << e.err;
    expect_none("export " + format, testing::ReadFile(file));
  }
}

// A reply's In-Reply-To names the masked Message-ID by the same token: the thread holds.
TEST(Cli, AReplyStillFindsAMessageWhoseIdentifierHeldAValue) {
  testing::ScopedTempDir dir;
  testing::WriteFile(dir.File("1.eml"),
                     "From: a@one.example\nTo: b@two.example, c@three.example\n"
                     "Subject: hello\nMessage-ID: <FR7630006000011234567890189@x.example>\n"
                     "Date: Fri, 12 Sep 2025 09:30:00 +0200\n\nBonjour.\n");
  testing::WriteFile(dir.File("2.eml"),
                     "From: b@two.example\nTo: a@one.example, c@three.example\n"
                     "Subject: Re: hello\nMessage-ID: <reply@x.example>\n"
                     "In-Reply-To: <FR7630006000011234567890189@x.example>\n"
                     "References: <FR7630006000011234567890189@x.example>\n"
                     "Date: Fri, 12 Sep 2025 10:30:00 +0200\n\nMerci.\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto ingest = testing::RunBreachkit({"--db", db, "ingest", dir.path()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto ids = testing::QueryColumn(db, "SELECT message_id FROM message ORDER BY idx, id");
  const auto replies = testing::QueryColumn(db, "SELECT in_reply_to || '|' || refs FROM message");
  ASSERT_EQ(ids.size(), 2u);
  std::string masked_id;
  for (const auto& id : ids) {
    if (id.starts_with("iban-")) masked_id = id;
    EXPECT_EQ(id.find("30006000"), std::string::npos) << id;
  }
  ASSERT_FALSE(masked_id.empty());
  EXPECT_NE(std::find(replies.begin(), replies.end(), masked_id + "|" + masked_id), replies.end());
  auto summary = testing::RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(nlohmann::json::parse(summary.out)["threads"], 1) << summary.out;
}

// A mailbox export can hold hundreds of recipients outside the original list: the summary
// shows those who reached the most persons, and says how many more `--json` lists.
TEST(Cli, TheSummaryShowsTheThirdPartiesWhoReachedTheMostAndCountsTheRest) {
  testing::ScopedTempDir dir;
  std::string original =
      "From: hr@org.example\nTo: a@x.example, b@x.example, c@x.example\n"
      "Subject: hello\nDate: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <o@org.example>\n\n"
      "hello\n";
  std::string forward =
      "From: a@x.example\nTo: aa-friend@far.example\nSubject: Fwd: hello\n"
      "Date: Fri, 12 Sep 2025 10:30:00 +0200\nMessage-ID: <f@x.example>\n"
      "In-Reply-To: <o@org.example>\n\nsee the list: b@x.example, c@x.example\n";
  std::string others = "From: b@x.example\nTo: ";
  for (int k = 0; k < 24; ++k) others += fmt::format("{}o{:02}@far.example", k ? ", " : "", k);
  others +=
      "\nSubject: Re: hello\nDate: Fri, 12 Sep 2025 11:30:00 +0200\n"
      "Message-ID: <r@x.example>\nIn-Reply-To: <o@org.example>\n\nme too\n";
  testing::WriteFile(dir.File("a.eml"), original);
  testing::WriteFile(dir.File("b.eml"), forward);
  testing::WriteFile(dir.File("c.eml"), others);
  const std::string db = dir.File("i.db");
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto r = testing::RunBreachkit(
      {"--db", db, "ingest", dir.File("a.eml"), dir.File("b.eml"), dir.File("c.eml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["third_parties"].size(), 25u) << r.out;
  r = testing::RunBreachkit({"--db", db, "summary", "--show-addresses"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The 24 co-recipients each saw 24 persons' data, aa-friend@ three: it is left out, though
  // it comes first by address.
  const size_t table = r.out.find("Third-party recipient");
  ASSERT_NE(table, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("aa-friend@far.example", table), std::string::npos) << r.out;
  size_t rows = 0;
  for (size_t at = r.out.find("@far.example", table); at != std::string::npos;
       at = r.out.find("@far.example", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 20u) << r.out;
  EXPECT_NE(r.out.find("… and 5 more, 25 in all (breachkit summary --json lists them all)"),
            std::string::npos)
      << r.out;
}

// Third-party recipients are persons: `summary`, the CNIL draft and the register entry
// printed their addresses in clear.
TEST(Cli, ThirdPartyAddressesAreMaskedUnlessAskedFor) {
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_NO_FATAL_FAILURE(testing::InitAndIngestSample(db));
  auto clear = testing::RunBreachkit({"--db", db, "summary", "--show-addresses", "--json"});
  ASSERT_EQ(clear.exit_code, 0) << clear.err;
  std::vector<std::string> third;
  const auto figures = nlohmann::json::parse(clear.out);
  for (const auto& t : figures["third_parties"]) third.push_back(t["address"]);
  ASSERT_FALSE(third.empty());
  auto text = testing::RunBreachkit({"--db", db, "summary"});
  auto json = testing::RunBreachkit({"--db", db, "summary", "--json"});
  auto cnil = testing::RunBreachkit({"--db", db, "cnil", "--text"});
  for (const std::string& a : third) {
    const std::string masked = MaskedAddress(a);
    EXPECT_EQ(text.out.find(a), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(masked), std::string::npos) << text.out;
    EXPECT_EQ(json.out.find(a), std::string::npos) << json.out;
    EXPECT_NE(json.out.find(masked), std::string::npos) << json.out;
    EXPECT_EQ(cnil.out.find(a), std::string::npos) << cnil.out;
    EXPECT_NE(cnil.out.find(masked), std::string::npos) << cnil.out;
  }
  auto shown = testing::RunBreachkit({"--db", db, "summary", "--show-addresses"});
  for (const std::string& a : third) EXPECT_NE(shown.out.find(a), std::string::npos) << shown.out;
}

}  // namespace
}  // namespace breachkit

namespace breachkit {
namespace {

// One message, one number: the third message of an mbox is "#3" in `messages`, `findings`
// and `review`, and "message 3" in `persons` (the record's index is 2; before, every listing
// but `persons` showed "#2").
TEST(Cli, EveryListingNumbersAMessageOfAFileFromOne) {
  ScopedTempDir dir;
  std::string mbox;
  for (int i = 1; i <= 3; ++i) {
    mbox += fmt::format(
        "From sender{0}@example.org Mon Jan  6 10:0{0}:00 2025\n"
        "From: Personne {0} <personne{0}@example.org>\nTo: Claire Martin "
        "<claire.martin@gmail.example>\n"
        "Subject: message {0}\nDate: Mon, 6 Jan 2025 10:0{0}:00 +0100\nMessage-ID: "
        "<m{0}@example.org>\n\n"
        "{1}\n\n",
        i, i == 3 ? "Mon portable : 06 12 34 56 78, je suis en arrêt maladie." : "Bonjour.");
  }
  testing::WriteFile(dir.File("leak.mbox"), mbox);
  const std::string db = dir.File("incident.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("leak.mbox")}).exit_code, 0);
  const std::string third = dir.File("leak.mbox") + "#3";
  auto listed = RunBreachkit({"--db", db, "messages"});
  EXPECT_NE(listed.out.find(third + "  "), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(dir.File("leak.mbox") + "#0"), std::string::npos) << listed.out;
  auto found = RunBreachkit({"--db", db, "findings"});
  EXPECT_NE(found.out.find(third + "  phone"), std::string::npos) << found.out;
  auto review = RunBreachkit({"--db", db, "review", "--all"});
  EXPECT_NE(review.out.find(dir.File("leak.mbox") + " #3 "), std::string::npos) << review.out;
  auto persons = RunBreachkit({"--db", db, "persons"});
  EXPECT_NE(persons.out.find(dir.File("leak.mbox") + " message 3"), std::string::npos)
      << persons.out;
  // The JSON keeps the record's index.
  for (const auto& f : testing::JsonLines(RunBreachkit({"--db", db, "findings", "--json"}).out)) {
    if (f["category"] == "phone") {
      EXPECT_EQ(f["index"], 2) << f;
    }
  }
}

}  // namespace
}  // namespace breachkit
