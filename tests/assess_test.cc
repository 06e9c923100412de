// The risk, clock and timeline commands as a user runs them.
#include <cstdio>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/util/clock.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::RunBreachkit;

class AssessCli : public testing::SampleRecordTest {
 protected:
  // The output of a command that must succeed, read as JSON (empty when it is text).
  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    auto r = RunBreachkit(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  // What a reading must leave as it was: the audit log, the stored assessments, the timeline
  // and the incident's awareness.
  std::vector<std::string> Written() {
    std::vector<std::string> rows;
    for (const char* sql :
         {"SELECT seq || ' ' || action || ' ' || details || ' ' || hash FROM audit_log ORDER BY "
          "seq",
          "SELECT id || ' ' || overrides || ' ' || reasons FROM assessment ORDER BY id",
          "SELECT id || ' ' || kind || ' ' || at FROM timeline_event ORDER BY id",
          "SELECT ifnull(awareness_at, '-') FROM incident"}) {
      rows.push_back(sql);
      for (std::string& row : testing::QueryColumn(db_, sql)) rows.push_back(std::move(row));
    }
    return rows;
  }
  std::vector<std::string> AuditOf(const std::string& action) {
    return testing::QueryColumn(
        db_, "SELECT details FROM audit_log WHERE action = '" + action + "' ORDER BY seq");
  }
  static std::string PdfText(const std::string& pdf) {
    FILE* p = popen(("pdftotext -enc UTF-8 '" + pdf + "' -").c_str(), "r");
    std::string text;
    if (!p) return text;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    pclose(p);
    // pdftotext may break a long line: white space folded.
    for (char& c : text) c = c == '\n' ? ' ' : c;
    return text;
  }
};

TEST_F(AssessCli, ScoresTheSampleWithEveryFactorAndRule) {
  const auto a = Json({"assess", "--json"});
  EXPECT_EQ(a["dpc"]["value"], 4);  // a health remark in a reply
  EXPECT_EQ(a["dpc"]["computed"], 4);
  EXPECT_FALSE(a["dpc"]["overridden"].get<bool>());
  EXPECT_EQ(a["ei"]["value"], 1);
  EXPECT_EQ(a["cb"]["value"], 0.25);  // known recipients, two of them outside the list
  EXPECT_EQ(a["se"], 4.25);
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

// A time of awareness ahead of the clock is said, as `event add` says it (helper-71: `run
// --awareness` took a date in the future silently).
TEST_F(AssessCli, AnAwarenessInTheFutureIsWarnedOf) {
  auto later = RunBreachkit({"--db", db_, "assess", "--awareness", "2999-01-01T09:00"});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.err.find("warning: awareness at 2999-01-01"), std::string::npos) << later.err;
  EXPECT_NE(later.err.find("is in the future"), std::string::npos) << later.err;
  auto now = RunBreachkit({"--db", db_, "assess", "--awareness", "now"});
  EXPECT_EQ(now.err.find("in the future"), std::string::npos) << now.err;
}

TEST_F(AssessCli, AnOverrideNeedsAReasonAndARefusedOneWritesNothing) {
  const auto before = Written();
  auto refused = RunBreachkit({"--db", db_, "assess", "--dpc", "2", "--awareness", "now"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--why"), std::string::npos) << refused.err;
  EXPECT_EQ(Written(), before);  // not even the awareness
  const auto a = Json({"assess", "--json", "--dpc", "2", "--why",
                       "the health remark only says 'sick leave', no diagnosis"});
  EXPECT_EQ(a["dpc"]["value"], 2);
  EXPECT_EQ(a["dpc"]["computed"], 4);
  EXPECT_TRUE(a["dpc"]["overridden"].get<bool>());
  EXPECT_EQ(a["se"], 2.25);
  EXPECT_EQ(a["band"], "medium");
  EXPECT_EQ(AuditOf("assess").size(), 1u);
  EXPECT_EQ(RunBreachkit({"--db", db_, "audit", "verify"}).exit_code, 0);
}

TEST_F(AssessCli, APlainAssessWritesNothing) {
  auto before = Written();
  Json({"assess", "--json"});
  ASSERT_EQ(RunBreachkit({"--db", db_, "assess"}).exit_code, 0);
  EXPECT_EQ(Written(), before);  // not a first assessment either
  EXPECT_TRUE(testing::QueryColumn(db_, "SELECT id FROM assessment").empty());
  Json({"assess", "--dpc", "3", "--why", "reviewed"});
  before = Written();
  Json({"assess", "--json"});
  ASSERT_EQ(RunBreachkit({"--db", db_, "assess"}).exit_code, 0);
  EXPECT_EQ(Written(), before);
  // The same override for the same reason again is no change either.
  Json({"assess", "--dpc", "3", "--why", "reviewed"});
  EXPECT_EQ(Written(), before);
}

TEST_F(AssessCli, AnOverrideStaysThroughAPlainAssessAndTheCnilDraftKeepsIt) {
  Json({"assess", "--json", "--dpc", "3", "--why", "the remark names no diagnosis"});
  auto plain = RunBreachkit({"--db", db_, "assess"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("DPC (data processing context) = 3 (set by the DPO: the remark names "
                           "no diagnosis; the evidence gives 4)"),
            std::string::npos)
      << plain.out;
  EXPECT_NE(plain.out.find("SE = DPC × EI + CB = 3 × 1 + 0.25 = 3.25"), std::string::npos)
      << plain.out;
  auto cnil = RunBreachkit({"--db", db_, "cnil", "-o", dir_.File("cnil.pdf")});
  ASSERT_EQ(cnil.exit_code, 0) << cnil.err;
  const std::string draft = PdfText(dir_.File("cnil.pdf"));
  EXPECT_NE(draft.find("SE = DPC × EI + CB = 3 × 1 + 0,25 = 3,25"), std::string::npos) << draft;
  EXPECT_NE(draft.find("Valeur fixée par le DPO à 3 au lieu de 4 : the remark names no diagnosis"),
            std::string::npos)
      << draft;
  EXPECT_EQ(draft.find("Maximal"), std::string::npos) << draft;  // very high: the computed band
  EXPECT_NE(draft.find("Important"), std::string::npos) << draft;
  // The register and the export say the same.
  auto report = RunBreachkit({"--db", db_, "report", "--text"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("Gravité ENISA\u00A0: SE = 3,25 (élevé)"), std::string::npos)
      << report.out;
  ASSERT_EQ(RunBreachkit({"--db", db_, "export", "-o", dir_.File("r.json")}).exit_code, 0);
  const auto exported = nlohmann::json::parse(testing::ReadFile(dir_.File("r.json")));
  EXPECT_EQ(exported["assessment"]["dpc"]["value"], 3);
  EXPECT_EQ(exported["assessment"]["dpc"]["computed"], 4);
  EXPECT_EQ(exported["assessment"]["se"], 3.25);
}

TEST_F(AssessCli, EachFactorKeepsItsOverrideAndItsOwnReason) {
  Json({"assess", "--dpc", "3", "--why", "no diagnosis"});
  const auto a = Json({"assess", "--json", "--cb", "1", "--why", "the outsider is a competitor"});
  EXPECT_EQ(a["dpc"]["value"], 3);
  EXPECT_EQ(a["dpc"]["why"], "no diagnosis");
  EXPECT_EQ(a["cb"]["value"], 1);
  EXPECT_EQ(a["cb"]["computed"], 0.25);
  EXPECT_EQ(a["cb"]["why"], "the outsider is a competitor");
  EXPECT_FALSE(a["ei"]["overridden"].get<bool>());
  EXPECT_EQ(a["ei"]["computed"], a["ei"]["value"]);
  EXPECT_EQ(a["se"], 4);  // 3 × 1 + 1
  const auto stored = nlohmann::json::parse(
      testing::QueryColumn(db_, "SELECT overrides FROM assessment ORDER BY id DESC LIMIT 1")[0]);
  EXPECT_EQ(stored["dpc"], 3);
  EXPECT_EQ(stored["dpc_why"], "no diagnosis");
  EXPECT_EQ(stored["cb_why"], "the outsider is a competitor");
  EXPECT_EQ(stored["why"], "the outsider is a competitor");  // the change's own
}

TEST_F(AssessCli, AWithdrawalNeedsItsReasonAndAnOverrideToWithdraw) {
  Json({"assess", "--dpc", "3", "--why", "no diagnosis"});
  const auto before = Written();
  auto no_why = RunBreachkit({"--db", db_, "assess", "--clear", "dpc"});
  EXPECT_EQ(no_why.exit_code, 1);
  EXPECT_NE(no_why.err.find("withdrawing an override needs its reason: add --why"),
            std::string::npos)
      << no_why.err;
  auto absent = RunBreachkit({"--db", db_, "assess", "--clear", "ei", "--why", "x"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.err.find("ei has no override to withdraw"), std::string::npos) << absent.err;
  auto both = RunBreachkit({"--db", db_, "assess", "--clear", "dpc", "--dpc", "2", "--why", "x"});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.err.find("both set"), std::string::npos) << both.err;
  auto unknown = RunBreachkit({"--db", db_, "assess", "--clear", "se", "--why", "x"});
  EXPECT_EQ(unknown.exit_code, 1);
  auto why_alone = RunBreachkit({"--db", db_, "assess", "--why", "x"});
  EXPECT_EQ(why_alone.exit_code, 1);
  EXPECT_NE(why_alone.err.find("nothing here to give it for"), std::string::npos) << why_alone.err;
  EXPECT_EQ(Written(), before);
  EXPECT_EQ(Json({"assess", "--json"})["dpc"]["value"], 3);
}

TEST_F(AssessCli, AWithdrawnOverrideGoesBackToTheEvidenceAndTheAuditSaysWhy) {
  Json({"assess", "--dpc", "3", "--why", "no diagnosis"});
  Json({"assess", "--cb", "1", "--why", "a competitor"});
  const auto a = Json({"assess", "--json", "--clear", "dpc", "--why", "the DPO read it again"});
  EXPECT_EQ(a["dpc"]["value"], 4);
  EXPECT_FALSE(a["dpc"]["overridden"].get<bool>());
  EXPECT_EQ(a["cb"]["value"], 1);  // the other override stays
  const auto audit = AuditOf("assess");
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit.back(),
            "SE 5 (very high); dpc override withdrawn (back to the evidence's 4): the DPO read it "
            "again");
  auto plain = RunBreachkit({"--db", db_, "assess"});
  EXPECT_NE(plain.out.find("DPC (data processing context) = 4\n"), std::string::npos) << plain.out;
  auto cnil = RunBreachkit({"--db", db_, "cnil", "--text"});
  EXPECT_NE(cnil.out.find("= 4 × 1 + 1 = 5"), std::string::npos) << cnil.out;
  // all: every override there is; then none is left to withdraw.
  EXPECT_EQ(Json({"assess", "--json", "--clear", "all", "--why", "back to the method"})["se"],
            4.25);
  auto none = RunBreachkit({"--db", db_, "assess", "--clear", "all", "--why", "again"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no override to withdraw"), std::string::npos) << none.err;
  EXPECT_EQ(RunBreachkit({"--db", db_, "audit", "verify"}).exit_code, 0);
}

TEST_F(AssessCli, ClearTakesACommaListOrRepeats) {
  Json({"assess", "--dpc", "3", "--ei", "0.75", "--cb", "1", "--why", "reviewed"});
  auto a = Json({"assess", "--json", "--clear", "dpc,ei", "--why", "no"});
  EXPECT_FALSE(a["dpc"]["overridden"].get<bool>());
  EXPECT_FALSE(a["ei"]["overridden"].get<bool>());
  EXPECT_TRUE(a["cb"]["overridden"].get<bool>());
  Json({"assess", "--dpc", "2", "--why", "again"});
  a = Json({"assess", "--json", "--clear", "dpc", "--clear", "cb", "--why", "no"});
  EXPECT_FALSE(a["dpc"]["overridden"].get<bool>());
  EXPECT_FALSE(a["cb"]["overridden"].get<bool>());
}

// A fact changes after the override (the DPO learns the data were also altered): the kept
// override stands beside the new value of the evidence.
TEST_F(AssessCli, WhenTheFactsChangeTheNewComputedValueIsShownBesideTheKeptOverride) {
  Json({"assess", "--cb", "1", "--why", "a competitor"});
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "integrity", "yes"}).exit_code, 0);
  const auto a = Json({"assess", "--json"});
  EXPECT_EQ(a["cb"]["value"], 1);
  EXPECT_EQ(a["cb"]["computed"], 0.5);  // 0.25 + 0.25 for integrity
  auto text = RunBreachkit({"--db", db_, "assess"});
  EXPECT_NE(text.out.find("CB (circumstances of the breach) = 1 (set by the DPO: a competitor; the "
                          "evidence gives 0.5)"),
            std::string::npos)
      << text.out;
}

// New evidence after the override (a reply with a health remark): the kept override stands
// beside what the evidence now gives.
TEST(AssessEvidence, NewEvidenceShowsItsValueBesideTheKeptOverride) {
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  testing::WriteFile(
      dir.File("1.eml"),
      "From: rh@garonne-ingenierie.example\nTo: Lea Martin <lea.martin@gmail.example>, "
      "Paul Durand <paul.durand@free.example>\nSubject: Votre candidature\n"
      "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <first@x>\n\n"
      "Bonjour, nous ne donnons pas suite.\n");
  testing::WriteFile(dir.File("2.eml"),
                     "From: Paul Durand <paul.durand@free.example>\nTo: "
                     "rh@garonne-ingenierie.example, Lea Martin <lea.martin@gmail.example>\n"
                     "Subject: Re: Votre candidature\nDate: Fri, 12 Sep 2025 10:30:00 +0200\n"
                     "Message-ID: <reply@x>\nIn-Reply-To: <first@x>\n\n"
                     "Merci. J'étais en arrêt maladie en juin.\n");
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    auto r = RunBreachkit(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  run({"init", "--org", testing::SourcePath("schemas/examples/organisation.xml")});
  run({"ingest", dir.File("1.eml")});
  auto a = nlohmann::json::parse(run({"assess", "--json", "--dpc", "3", "--why", "reviewed"}));
  EXPECT_EQ(a["dpc"]["computed"], 2);  // simple data in a recruitment context
  run({"ingest", dir.File("2.eml")});
  a = nlohmann::json::parse(run({"assess", "--json"}));
  EXPECT_EQ(a["dpc"]["value"], 3);
  EXPECT_EQ(a["dpc"]["computed"], 4);  // sensitive data now
  EXPECT_NE(
      run({"assess"})
          .find(
              "DPC (data processing context) = 3 (set by the DPO: reviewed; the evidence gives 4)"),
      std::string::npos);
}

// An assessment stored by an earlier breachkit has one reason for all its overrides.
TEST_F(AssessCli, AnOverrideStoredByAnEarlierVersionIsReadWithItsSingleReason) {
  {
    SQLite::Database raw(db_, SQLite::OPEN_READWRITE);
    raw.exec(
        "INSERT INTO assessment (at, dpc, ei, cb, se, band, reasons, overrides, decision) "
        "VALUES (1757667600, 2, 1, 0.75, 2.75, 'medium', '{}', "
        "'{\"dpc\":2,\"cb\":0.75,\"why\":\"an old reason\"}', '{}')");
  }
  auto a = Json({"assess", "--json"});
  EXPECT_EQ(a["dpc"]["value"], 2);
  EXPECT_EQ(a["dpc"]["why"], "an old reason");
  EXPECT_EQ(a["cb"]["why"], "an old reason");
  a = Json({"assess", "--json", "--dpc", "3", "--why", "a new reason"});
  EXPECT_EQ(a["dpc"]["why"], "a new reason");
  EXPECT_EQ(a["cb"]["value"], 0.75);
  EXPECT_EQ(a["cb"]["why"], "an old reason");
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
// Art. 33(1): replies to all that came into the organisation's own mailboxes before the
// recorded awareness are said (summary, assess, the CNIL draft), with the first and how many;
// none when the awareness comes before them.
TEST_F(AssessCli, RepliesInTheOrganisationsMailboxesBeforeAwarenessAreSaid) {
  const auto truth = nlohmann::json::parse(
      testing::ReadFile(std::string(BREACHKIT_SAMPLE_DIR) + "/ground-truth.json"));
  const std::string domain = truth["organisation_domains"][0];
  auto staff = [&](const std::string& address) {  // the domain or one under it
    return address.ends_with("@" + domain) || address.ends_with("." + domain);
  };
  int64_t inbound = 0;  // from outside, to a staff address
  for (const auto& m : truth["messages"]) {
    bool from_staff = false, to_staff = false;
    for (const auto& a : m["from"]) from_staff = from_staff || staff(a.get<std::string>());
    if (from_staff) continue;
    for (const char* field : {"to", "cc"}) {
      for (const auto& a : m[field]) to_staff = to_staff || staff(a.get<std::string>());
    }
    inbound += to_staff ? 1 : 0;
  }
  ASSERT_GT(inbound, 2);
  auto signs = [&](const std::string& awareness) {
    EXPECT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", awareness}).exit_code,
              0);
    const auto j = nlohmann::json::parse(RunBreachkit({"--db", db_, "summary", "--json"}).out);
    return j["deadline"].value("earlier_signs", nlohmann::json());
  };
  // Before the leak: nothing to say.
  EXPECT_TRUE(signs("2025-09-12T09:00").is_null());
  EXPECT_EQ(RunBreachkit({"--db", db_, "summary"}).out.find("may have been aware earlier"),
            std::string::npos);
  // Long after: every inbound message came before it.
  const auto late = signs("2025-10-01T09:00");
  ASSERT_FALSE(late.is_null());
  EXPECT_EQ(late["messages_before_awareness"], inbound);
  const std::string first = late["first"];
  // At the first one's time: none before it; a minute after: that one.
  EXPECT_TRUE(signs(first).is_null());
  const int64_t at = *ParseTime(first, "Europe/Paris", SystemClock());
  const auto one = signs(FormatInZone(at + 60, "Europe/Paris"));
  ASSERT_FALSE(one.is_null());
  EXPECT_GE(one["messages_before_awareness"].get<int64_t>(), 1);
  EXPECT_EQ(one["first"], first);
  signs("2025-10-01T09:00");
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "late-reason", "test"}).exit_code, 0);
  EXPECT_NE(RunBreachkit({"--db", db_, "assess"})
                .out.find(fmt::format(
                    "{} messages of the leak reached the organisation's own mailboxes", inbound)),
            std::string::npos);
  const std::string draft = RunBreachkit({"--db", db_, "cnil", "--text"}).out;
  EXPECT_NE(draft.find(fmt::format("À vérifier avant l'envoi\u00A0: {} messages de la violation "
                                   "ont atteint les boîtes de l'organisme",
                                   inbound)),
            std::string::npos)
      << draft;
}

// What is no sign of awareness: a bounce from a robot, and a reply dated before the original
// (its clock was wrong); the reply of a person is one.
TEST(AwarenessSigns, ARobotsBounceAndABackdatedReplyAreNoSigns) {
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto mail = [](const std::string& from, const std::string& to, const std::string& date,
                 const std::string& id) {
    return "From - Fri Sep 12 09:00:00 2025\nFrom: " + from + "\nTo: " + to +
           "\nSubject: Votre "
           "candidature\nDate: " +
           date + "\nMessage-ID: <" + id + "@x.example>\n\nBonjour.\n\n";
  };
  const std::string hr = "rh@garonne-ingenierie.example";
  testing::WriteFile(
      dir.File("leak.mbox"),
      mail(hr, "lea.martin@free.example, paul.durand@orange.example",
           "Fri, 12 Sep 2025 09:00:00 +0200", "o") +
          mail("MAILER-DAEMON@orange.example", hr, "Fri, 12 Sep 2025 09:05:00 +0200", "b") +
          mail("paul.durand@orange.example", hr + ", lea.martin@free.example",
               "Mon, 1 Sep 2025 08:00:00 +0200", "d") +
          mail("lea.martin@free.example", hr + ", paul.durand@orange.example",
               "Fri, 12 Sep 2025 10:00:00 +0200", "r"));
  using testing::RunBreachkit;
  ASSERT_EQ(RunBreachkit({"--db", db, "init", "--org",
                          testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("leak.mbox")}).exit_code, 0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "event", "add", "awareness", "--at", "2025-09-12T11:00:00+02:00"})
          .exit_code,
      0);
  const auto j = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  const auto signs = j["deadline"].value("earlier_signs", nlohmann::json());
  ASSERT_FALSE(signs.is_null()) << j["deadline"].dump();
  EXPECT_EQ(signs["messages_before_awareness"], 1);
  EXPECT_EQ(signs["first"], "2025-09-12T10:00:00+02:00");
}

}  // namespace breachkit
