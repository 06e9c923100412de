// The risk, clock and timeline commands as a user runs them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::RunBreachkit;

class AssessCli : public testing::SampleRecordTest {
 protected:
  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    auto r = RunBreachkit(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST_F(AssessCli, ScoresTheSampleWithEveryFactorAndRule) {
  const auto a = Json({"assess", "--json"});
  EXPECT_EQ(a["dpc"]["value"], 4);  // a health remark in a reply
  EXPECT_EQ(a["ei"]["value"], 1);
  EXPECT_EQ(a["cb"]["value"], 0.5);  // forwarded outside the list
  EXPECT_EQ(a["se"], 4.5);
  EXPECT_EQ(a["band"], "very high");
  EXPECT_TRUE(a["flags"]["over_100_persons"].get<bool>());
  EXPECT_TRUE(a["decision"]["notify_cnil"].get<bool>());
  EXPECT_TRUE(a["decision"]["inform_persons"].get<bool>());
  std::set<std::string> rules;
  for (const char* f : {"dpc", "ei", "cb"}) {
    for (const auto& r : a[f]["reasons"]) rules.insert(r["rule"]);
  }
  for (const char* rule :
       {"dpc.recruitment-context", "dpc.sensitive", "ei.name-revealed", "cb.outside-recipients"}) {
    EXPECT_TRUE(rules.contains(rule)) << rule;
  }
}

TEST_F(AssessCli, AnOverrideNeedsAReasonAndEveryAssessmentIsKept) {
  auto refused = RunBreachkit({"--db", db_, "assess", "--dpc", "2"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--why"), std::string::npos) << refused.err;
  const auto a = Json({"assess", "--json", "--dpc", "2", "--why",
                       "the health remark only says 'sick leave', no diagnosis"});
  EXPECT_EQ(a["dpc"]["value"], 2);
  EXPECT_TRUE(a["dpc"]["overridden"].get<bool>());
  EXPECT_EQ(a["se"], 2.5);
  EXPECT_EQ(a["band"], "medium");
  Json({"assess", "--json"});
  auto audit = RunBreachkit({"--db", db_, "audit"});
  size_t assessments = 0;
  for (size_t at = audit.out.find(" assess "); at != std::string::npos;
       at = audit.out.find(" assess ", at + 1))
    ++assessments;
  EXPECT_EQ(assessments, 2u);  // the refused one changed nothing
  EXPECT_EQ(RunBreachkit({"--db", db_, "audit", "verify"}).exit_code, 0);
}

TEST_F(AssessCli, TimelineHasTheEvidenceTimesAndTheClock) {
  auto add = RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-12T11:00",
                           "--note", "a candidate phoned"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("2025-09-15T11:00:00+02:00"), std::string::npos) << add.out;
  auto t = RunBreachkit({"--db", db_, "timeline"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("first-exposure"), std::string::npos);
  EXPECT_NE(t.out.find("2025-09-12T09:30:00+02:00"), std::string::npos);  // from the messages
  EXPECT_NE(t.out.find("last-exposure"), std::string::npos);
  EXPECT_NE(t.out.find("CNIL deadline"), std::string::npos);
}

TEST_F(AssessCli, ALateNotificationNeedsItsReasons) {
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-12T11:00"})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "cnil-notified", "--at", "2025-09-16T09:00",
                          "--reference", "NOT-2025-001"})
                .exit_code,
            0);
  auto s = Json({"summary", "--json"});
  EXPECT_TRUE(s["deadline"]["late"].get<bool>());
  EXPECT_TRUE(s["deadline"]["reasons_for_delay_required"].get<bool>());
  EXPECT_FALSE(s["deadline"]["reasons_for_delay_given"].get<bool>());
  auto text = RunBreachkit({"--db", db_, "summary"});
  EXPECT_NE(text.out.find("breachkit set late-reason"), std::string::npos) << text.out;
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "late-reason", "the DPO was away"}).exit_code, 0);
  s = Json({"summary", "--json"});
  EXPECT_TRUE(s["deadline"]["reasons_for_delay_given"].get<bool>());
}

TEST_F(AssessCli, ANotificationWithoutItsReferenceIsRefused) {
  auto r = RunBreachkit({"--db", db_, "event", "add", "cnil-notified", "--at", "now"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--reference"), std::string::npos);
}

TEST_F(AssessCli, SetKnowsItsFields) {
  EXPECT_EQ(
      RunBreachkit({"--db", db_, "set", "measures-taken", "recall; delete request"}).exit_code, 0);
  auto list = RunBreachkit({"--db", db_, "set"});
  EXPECT_NE(list.out.find("recall; delete request"), std::string::npos);
  auto bad = RunBreachkit({"--db", db_, "set", "mesures", "x"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("measures-taken"), std::string::npos);
  EXPECT_EQ(RunBreachkit({"--db", db_, "set", "vulnerable", "maybe"}).exit_code, 1);
}

}  // namespace
}  // namespace breachkit
