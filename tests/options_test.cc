#include "tools/options.h"

#include <csignal>
#include <set>

#include <gtest/gtest.h>

#include "tools/commands.h"

namespace breachkit {
namespace {

Result<Options> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "breachkit");
  return ParseOptions(static_cast<int>(args.size()), args.data());
}

TEST(StopSignals, ACtrlCThatComesBeforeTheCommandArmsItsHandlerStopsItCleanly) {
  // main holds SIGINT from its first line; the command's handler gets it once armed. Before,
  // a Ctrl-C in that window killed `letters` (exit -2) instead of stopping it (exit 3): seen
  // under the sanitizer build on a loaded machine.
  HoldStopSignals();
  ASSERT_EQ(raise(SIGINT), 0);  // held, not delivered: this process is not killed
  ArmIngestInterrupt();
  EXPECT_FALSE(InterruptRequested());
  ReleaseStopSignals();
  EXPECT_TRUE(InterruptRequested());
  DisarmIngestInterrupt();
}

TEST(CommandTable, EveryCommandHasANameAHelpLineAndItsOwnHelpText) {
  std::set<std::string_view> names;
  for (const CommandInfo& c : Commands()) {
    EXPECT_FALSE(c.help.empty()) << c.name;
    EXPECT_EQ(c.help.find('\n'), std::string_view::npos) << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << c.name;
    auto text = HelpText(c.name);
    ASSERT_TRUE(text) << c.name;
    EXPECT_NE(text->find(std::string(c.name)), std::string::npos);
  }
  EXPECT_EQ(names.size(), Commands().size());
  EXPECT_EQ(names.size(), 22u);
}

TEST(CommandTable, OverviewListsEveryCommandAndTheExitCodes) {
  auto text = HelpText("");
  ASSERT_TRUE(text);
  for (const CommandInfo& c : Commands()) {
    EXPECT_NE(text->find("  " + std::string(c.name) + " "), std::string::npos) << c.name;
  }
  EXPECT_NE(text->find("3 partial success"), std::string::npos);
}

TEST(ParseOptions, UnknownCommandSuggestsTheNearest) {
  auto o = Parse({"inti"});
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, ErrorCode::kUsage);
  EXPECT_NE(o.error().message.find("did you mean 'init'?"), std::string::npos) << o.error().message;
}

TEST(ParseOptions, FarFetchedCommandGetsNoSuggestion) {
  auto o = Parse({"xyzzyplugh"});
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message.find("did you mean"), std::string::npos);
}

TEST(ParseOptions, DbDefaultsToIncidentDbAndCanBeGivenEitherSide) {
  auto a = Parse({"init"});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->db_path, "incident.db");
  EXPECT_EQ(a->command, "init");
  auto b = Parse({"--db", "x.db", "init"});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->db_path, "x.db");
  auto c = Parse({"init", "--db", "y.db"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->db_path, "y.db");
}

TEST(ParseOptions, CommandHelpIsEarlyOutput) {
  auto o = Parse({"init", "--help"});
  ASSERT_TRUE(o);
  ASSERT_TRUE(o->early_output);
  EXPECT_NE(o->early_output->find("--org"), std::string::npos);
}

TEST(ParseOptions, VersionIsEarlyOutput) {
  auto o = Parse({"--version"});
  ASSERT_TRUE(o);
  ASSERT_TRUE(o->early_output);
  EXPECT_EQ(o->early_output->rfind("breachkit ", 0), 0u);
}

TEST(ParseOptions, MissingRequiredOptionIsAUsageError) {
  auto o = Parse({"run", "leak.mbox"});
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, ErrorCode::kUsage);
  EXPECT_NE(o.error().message.find("--out"), std::string::npos) << o.error().message;
}

TEST(SafeFileName, NoSeparatorsNoDotsNoControlsAndUnique) {
  EXPECT_EQ(SafeFileName(1, "../../etc/passwd", "pdf"), "0001-etc_passwd.pdf");
  EXPECT_EQ(SafeFileName(2, "Léa/Martin\\x", "pdf"), "0002-Léa_Martin_x.pdf");
  EXPECT_EQ(SafeFileName(3, "..", "pdf"), "0003-person.pdf");
  EXPECT_EQ(SafeFileName(4, std::string("a\x01\nb"), "pdf"), "0004-a_b.pdf");
  EXPECT_EQ(SafeFileName(5, "Nguyễn Thị Hương", "pdf"), "0005-Nguyễn_Thị_Hương.pdf");
  EXPECT_NE(SafeFileName(6, "Same", "pdf"), SafeFileName(7, "Same", "pdf"));
}

}  // namespace
}  // namespace breachkit
