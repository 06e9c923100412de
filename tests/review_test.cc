// `breachkit review` from the command line: what awaits a person, decisions by id and by
// rule, their effect on the figures and the assessment, the audit log, decisions kept when
// evidence is added and through an export, recall samples.
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::QueryColumn;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::SourcePath;
using testing::WriteFile;

std::string Mail(const std::string& id, const std::string& from, const std::string& to,
                 const std::string& subject, const std::string& body) {
  return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject +
         "\r\nDate: Tue, 28 Oct 2025 16:42:00 +0100\r\nMessage-ID: <" + id +
         "@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
         body + "\r\n";
}

constexpr const char* kCandidates =
    "lea.martin@gmail.example, paul.durand@orange.example, ines.roux@free.example, "
    "hugo.blanc@laposte.example";

class ReviewCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("i.db");
    auto init = RunBreachkit(
        {"--db", db_, "init", "--org", SourcePath("schemas/examples/organisation.xml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // A rejection sent to every candidate in To, and two replies to all: one tells of a
    // health condition, the other holds a health word about a machine.
    Ingest(Mail("r0", "rh@garonne-ingenierie.example", kCandidates, "Votre candidature",
                "Bonjour, nous ne donnerons pas suite à votre candidature."));
    Ingest(Mail("r1", "lea.martin@gmail.example", kCandidates, "Re: Votre candidature",
                "Merci. Je suis diabétique et je souhaitais un poste adapté.\n"
                "Mon numéro : 06 12 34 56 78"));
    Ingest(Mail("r2", "paul.durand@orange.example", kCandidates, "Re: Votre candidature",
                "Dommage. Sur le serveur de test, le cancer du code legacy est partout."));
  }
  void Ingest(const std::string& eml) {
    const std::string path = dir_.File("m" + std::to_string(++messages_) + ".eml");
    WriteFile(path, eml);
    auto r = RunBreachkit({"--db", db_, "ingest", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  testing::RunResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunBreachkit(args);
  }
  std::vector<nlohmann::json> Items() {
    auto r = Run({"review", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return testing::JsonLines(r.out);
  }
  nlohmann::json Summary() {
    auto r = Run({"summary", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  nlohmann::json Assess() {
    auto r = Run({"assess", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  // The item whose context holds `words`.
  std::string IdOf(const std::vector<nlohmann::json>& items, const std::string& words) {
    for (const auto& it : items) {
      if (it["context"].get<std::string>().find(words) != std::string::npos)
        return it["id"].get<std::string>();
    }
    ADD_FAILURE() << "no item with context " << words;
    return "";
  }
  static bool HasHealth(const nlohmann::json& summary) {
    return summary.dump().find("Données de santé") != std::string::npos;
  }

  ScopedTempDir dir_;
  std::string db_;
  int messages_ = 0;
};

TEST_F(ReviewCli, ListsWhatAwaitsAPersonWithItsMaskedContextAndWhatDecidingItWouldChange) {
  const auto items = Items();
  ASSERT_GE(items.size(), 2u);
  for (const auto& it : items) {
    EXPECT_EQ(it["category"], "health");
    EXPECT_EQ(it["id"].get<std::string>().size(), 10u);
    EXPECT_EQ(it["state"], "pending");
    // The phone number beside the health sentence is masked in the context.
    EXPECT_EQ(it["context"].get<std::string>().find("12 34 56"), std::string::npos)
        << it["context"];
  }
  EXPECT_NE(IdOf(items, "diabétique"), "");
  // The summary marks the category that rests on them alone.
  EXPECT_TRUE(Summary()["categories"]["Données de santé"]["awaiting_review"].get<bool>());
  EXPECT_NE(Run({"summary"}).out.find("Données de santé (à confirmer)"), std::string::npos);
  auto r = Run({"review"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("health — "), std::string::npos) << r.out;
  // Rejecting the health findings would take the special category away: the listing says what
  // it would change (the score at least).
  EXPECT_NE(r.out.find("if rejected: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SE "), std::string::npos) << r.out;
  // Reading changes nothing.
  EXPECT_TRUE(QueryColumn(db_, "SELECT item FROM review_decision").empty());
}

// A newsletter that reached the recruiter alone, ingested before the replies, holds health
// words too: no one outside the organisation saw them, so they change no figure. They came
// first in the health group; the findings the figures count now come first, and the others
// are marked.
TEST_F(ReviewCli, FindingsShownToNoOneOutsideComeAfterThoseTheFiguresCount) {
  ScopedTempDir other;
  const std::string db = other.File("n.db");
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "init", "--org",
                          SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  int n = 0;
  for (const std::string& eml :
       {Mail("n0", "Lettre Santé <news@lettre-sante.example>", "rh@garonne-ingenierie.example",
             "La lettre", "Je suis diabétique depuis dix ans, témoigne notre lectrice."),
        Mail("r0", "rh@garonne-ingenierie.example", kCandidates, "Votre candidature",
             "Bonjour, nous ne donnerons pas suite à votre candidature."),
        Mail("r1", "lea.martin@gmail.example", kCandidates, "Re: Votre candidature",
             "Merci. Je suis en arrêt maladie jusqu'à lundi.")}) {
    const std::string path = other.File("m" + std::to_string(++n) + ".eml");
    WriteFile(path, eml);
    ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", path}).exit_code, 0);
  }
  auto json = RunBreachkit({"--db", db, "review", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto items = testing::JsonLines(json.out);
  ASSERT_EQ(items.size(), 2u) << json.out;
  EXPECT_NE(items[0]["context"].get<std::string>().find("arrêt maladie"), std::string::npos);
  EXPECT_TRUE(items[0]["in_figures"].get<bool>());
  EXPECT_NE(items[1]["context"].get<std::string>().find("lectrice"), std::string::npos);
  EXPECT_FALSE(items[1]["in_figures"].get<bool>());
  auto text = RunBreachkit({"--db", db, "review"});
  EXPECT_NE(text.out.find("1 of them shown to someone outside the organisation, listed first; "
                          "the other 1 only to the organisation"),
            std::string::npos)
      << text.out;
  EXPECT_LT(text.out.find("arrêt maladie"), text.out.find("lectrice")) << text.out;
  EXPECT_NE(text.out.find("[in no figure]"), std::string::npos) << text.out;
}

TEST_F(ReviewCli, ARejectedFindingLeavesTheFiguresAndEveryDecisionIsInTheAuditLog) {
  const auto before = Assess();
  ASSERT_TRUE(HasHealth(Summary()));
  const auto items = Items();
  const std::string machine = IdOf(items, "legacy");
  const std::string person = IdOf(items, "diabétique");
  // No --why: refused, nothing recorded.
  auto no_why = Run({"review", "reject", machine});
  EXPECT_EQ(no_why.exit_code, 1);
  EXPECT_NE(no_why.err.find("--why"), std::string::npos) << no_why.err;
  EXPECT_TRUE(QueryColumn(db_, "SELECT item FROM review_decision").empty());
  // An unknown id among known ones: refused whole. An id the record does not hold is bad input:
  // exit 1, as documented (it was 2, an I/O or database error).
  auto unknown = Run({"review", "reject", machine, "0123456789", "--why", "x"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.err;
  EXPECT_TRUE(QueryColumn(db_, "SELECT item FROM review_decision").empty());

  auto rejected = Run(
      {"review", "reject", machine, "--why", "about software, not a person", "--by", "Claire DPO"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  // Still counted: the other health finding.
  EXPECT_TRUE(HasHealth(Summary()));
  auto confirmed = Run({"review", "accept", person, "--why", "the candidate's own words"});
  ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_TRUE(Items().empty()) << "nothing left to review";
  EXPECT_TRUE(HasHealth(Summary()));
  // Confirmed: no longer "à confirmer".
  EXPECT_FALSE(Summary()["categories"]["Données de santé"]["awaiting_review"].get<bool>());

  auto audit = Run({"audit", "show"});
  ASSERT_EQ(audit.exit_code, 0);
  EXPECT_NE(audit.out.find("reject " + machine), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("by Claire DPO: about software, not a person"), std::string::npos);
  EXPECT_NE(audit.out.find("confirm " + person), std::string::npos);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);

  // Changing one's mind: the person's finding rejected too, the health category is gone and
  // the score falls.
  ASSERT_EQ(Run({"review", "reject", person, "--why", "checked with HR"}).exit_code, 0);
  EXPECT_FALSE(HasHealth(Summary()));
  EXPECT_LT(Assess()["se"].get<double>(), before["se"].get<double>());
}

TEST_F(ReviewCli, ARuleDecidesAWholeClassNowAndForEvidenceAddedLater) {
  // assess says what rests on findings nobody decided yet.
  ASSERT_TRUE(Assess()["pending_review"].contains("health"));
  // The diabetic candidate's sentence is counted "à confirmer"; the one about code is about no
  // one: a near miss, not counted.
  EXPECT_EQ(Assess()["pending_review"]["health"]["awaiting"], 1);
  EXPECT_EQ(Assess()["pending_review"]["health"]["near_misses"], 1);
  EXPECT_NE(Run({"assess"}).out.find("Resting on findings not reviewed yet"), std::string::npos);
  auto bad_rule = Run({"review", "reject", "--rule", "no-such-thing", "--why", "x"});
  EXPECT_EQ(bad_rule.exit_code, 1) << bad_rule.err;
  auto r = Run({"review", "reject", "--rule", "health/wordlist", "--why", "no health data here"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(HasHealth(Summary()));
  EXPECT_TRUE(Items().empty());
  EXPECT_FALSE(Assess()["pending_review"].contains("health"));
  // New evidence of the same class: rejected by the rule too.
  Ingest(Mail("r3", "ines.roux@free.example", kCandidates, "Re: Votre candidature",
              "Je suis épileptique, pour information."));
  EXPECT_FALSE(HasHealth(Summary()));
  // A decision on one finding wins over the rule.
  auto all = Run({"review", "--all", "--json"});
  ASSERT_EQ(all.exit_code, 0);
  EXPECT_EQ(all.out.find("pileptique"), std::string::npos) << "decided items are not listed";
  const auto ids = QueryColumn(db_, "SELECT count(*) FROM finding WHERE category = 'health'");
  ASSERT_EQ(ids, std::vector<std::string>{"3"});
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

// A rule says what it decides: the findings with no decision of their own (one of its own wins
// over any rule). The CNIL draft marks a category resting on findings nobody confirmed.
TEST_F(ReviewCli, ARuleCountsOnlyWhatItDecidesAndTheCnilDraftMarksWhatAwaitsConfirmation) {
  auto draft = Run({"cnil", "--text"});
  ASSERT_EQ(draft.exit_code, 0) << draft.err;
  EXPECT_NE(draft.out.find("Données de santé (à confirmer)"), std::string::npos) << draft.out;
  const std::string diabetic = IdOf(Items(), "diabétique");
  ASSERT_EQ(Run({"review", "accept", diabetic, "--why", "her own words"}).exit_code, 0);
  draft = Run({"cnil", "--text"});
  EXPECT_NE(draft.out.find("Données de santé"), std::string::npos) << draft.out;
  EXPECT_EQ(draft.out.find("Données de santé (à confirmer)"), std::string::npos) << draft.out;
  // The other health item is the near miss about code: the rule decides it alone.
  auto r = Run({"review", "reject", "--rule", "health", "--why", "re-read"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rejected by rule health: 1 finding(s) of the record now, and any found "
                       "later (1 decided one by one keep their decision)"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(HasHealth(Summary()));
}

// The same reply kept with LF line ends (another copy, other bytes, the same Message-ID): a
// duplicate, its claims listed once, not once per copy (helper-62: the school's mbox, .eml and
// Maildir copies made the list three times as long).
// One health finding confirmed and another still pending: the category is no longer "à
// confirmer" as a whole, but its figure may still fall, and says so (it read as confirmed).
TEST_F(ReviewCli, ACategoryWithSomeFindingsConfirmedIsPartlyToConfirm) {
  Ingest(Mail("r9", "hugo.petit@gmail.example", kCandidates, "Re: Votre candidature",
              "Bonjour, je suis asthmatique, merci de le noter pour l'entretien."));
  const auto items = Items();
  const std::string diabetic = IdOf(items, "diabétique");
  const std::string asthmatic = IdOf(items, "asthmatique");
  ASSERT_EQ(Run({"review", "accept", diabetic, "--why", "her own words"}).exit_code, 0);
  auto health = Summary()["categories"]["Données de santé"];
  EXPECT_FALSE(health["awaiting_review"].get<bool>());
  EXPECT_TRUE(health["partly_awaiting_review"].get<bool>());
  EXPECT_NE(Run({"summary"}).out.find("Données de santé (en partie à confirmer)"),
            std::string::npos);
  EXPECT_NE(Run({"cnil", "--text"}).out.find("Données de santé (en partie à confirmer)"),
            std::string::npos);
  ASSERT_EQ(Run({"review", "accept", asthmatic, "--why", "his own words"}).exit_code, 0);
  health = Summary()["categories"]["Données de santé"];
  EXPECT_FALSE(health["awaiting_review"].get<bool>());
  EXPECT_FALSE(health["partly_awaiting_review"].get<bool>());
  EXPECT_EQ(Run({"cnil", "--text"}).out.find("à confirmer)"), std::string::npos);
}

TEST_F(ReviewCli, ACopyLeftOutAsADuplicateIsNotListedAgain) {
  const size_t before = Items().size();
  const std::string rules_before = Run({"review", "rules"}).out;
  std::string copy = Mail("r1", "lea.martin@gmail.example", kCandidates, "Re: Votre candidature",
                          "Merci. Je suis diabétique et je souhaitais un poste adapté.\n"
                          "Mon numéro : 06 12 34 56 78");
  std::erase(copy, '\r');  // the LF copy of the CRLF message
  Ingest(copy);
  ASSERT_EQ(Summary()["duplicate_messages"], 1);
  EXPECT_EQ(Items().size(), before);
  // --all lists everything, the copies too.
  auto all = Run({"review", "--all", "--json"});
  EXPECT_GT(testing::JsonLines(all.out).size(), before);
  // The rules count the claims once too: what a rule would decide is the same number.
  EXPECT_EQ(Run({"review", "rules"}).out, rules_before);
  size_t health = 0;
  for (const auto& it : Items()) health += it["category"] == "health" ? 1 : 0;
  ASSERT_GT(health, 0u);
  auto rule = Run({"review", "reject", "--rule", "health", "--why", "not about a person"});
  ASSERT_EQ(rule.exit_code, 0) << rule.err;
  EXPECT_NE(rule.out.find(fmt::format("rejected by rule health: {} finding(s)", health)),
            std::string::npos)
      << rule.out;
}

TEST_F(ReviewCli, DecisionsHoldWhenTheSameMessageComesAgainAndThroughAnExport) {
  const std::string machine = IdOf(Items(), "legacy");
  ASSERT_EQ(Run({"review", "reject", machine, "--why", "software"}).exit_code, 0);
  const auto tally = Summary()["review"];
  // The same message again, in an mbox with a new one: the decision is the message's, by its
  // content, not by its row.
  std::string mbox = "From paul Tue Oct 28 16:42:00 2025\n" +
                     Mail("r2", "paul.durand@orange.example", kCandidates, "Re: Votre candidature",
                          "Dommage. Sur le serveur de test, le cancer du code legacy est partout.");
  const std::string path = dir_.File("again.mbox");
  WriteFile(path, mbox);
  ASSERT_EQ(Run({"ingest", path}).exit_code, 0);
  for (const auto& it : Items()) EXPECT_NE(it["id"], machine);
  // The copy counts once, in the review's tally as in the figures.
  EXPECT_EQ(Summary()["review"], tally);
  // Export and import into a new record: the same decision, the same figures.
  const std::string xml = dir_.File("export.xml");
  ASSERT_EQ(Run({"export", "--format", "xml", "-o", xml}).exit_code, 0);
  const std::string other = dir_.File("other.db");
  auto imported = RunBreachkit({"--db", other, "import", xml});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(QueryColumn(other, "SELECT item || state FROM review_decision"),
            QueryColumn(db_, "SELECT item || state FROM review_decision"));
  auto s1 = Run({"summary", "--json"});
  auto s2 = RunBreachkit({"--db", other, "summary", "--json"});
  EXPECT_EQ(s1.out, s2.out);
}

TEST_F(ReviewCli, ARecallSampleIsDrawnBySeedRecordedAndItsResultsKept) {
  // Messages with no finding: the rejection only (the replies hold health words or a phone).
  auto a = Run({"review", "sample", "5", "--seed", "42"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("seed 42"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("m1.eml #1"), std::string::npos) << a.out;
  EXPECT_EQ(QueryColumn(db_, "SELECT seed || ':' || population FROM review_sample"),
            std::vector<std::string>{"42:1"});
  auto bad = Run({"review", "sample-result", "1", "1", "maybe"});
  EXPECT_EQ(bad.exit_code, 1);
  auto missed_without_note = Run({"review", "sample-result", "1", "1", "missed"});
  EXPECT_EQ(missed_without_note.exit_code, 1);
  auto ok = Run({"review", "sample-result", "1", "1", "nothing"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(QueryColumn(db_, "SELECT result FROM review_sample_message"),
            std::vector<std::string>{"nothing"});
  auto absent = Run({"review", "sample-result", "1", "9", "nothing"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

// A record whose every message has a finding has nothing to draw: said, exit 0, nothing
// recorded (it was an I/O error, exit 2).
TEST_F(ReviewCli, ASampleOfARecordWhereEveryMessageHasAFindingDrawsNothing) {
  const std::string db = dir_.File("full.db");
  const std::string path = dir_.File("one.eml");
  WriteFile(path, Mail("r9", "lea.martin@gmail.example", kCandidates, "Re: Votre candidature",
                       "Mon numéro : 06 12 34 56 78"));
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", path}).exit_code, 0);
  auto drawn = RunBreachkit({"--db", db, "review", "sample", "5"});
  EXPECT_EQ(drawn.exit_code, 0) << drawn.err;
  EXPECT_NE(drawn.out.find("Nothing to sample: every message of the record has a finding"),
            std::string::npos)
      << drawn.out;
  EXPECT_TRUE(QueryColumn(db, "SELECT id FROM review_sample").empty());
}

TEST_F(ReviewCli, ANearMissIsShownNotCountedAndCountsOnceConfirmed) {
  // mod 97 holds, the French RIB key does not: a near miss, not an IBAN of the figures.
  Ingest(Mail("r4", "hugo.blanc@laposte.example", kCandidates, "Re: Votre candidature",
              "Pour le remboursement du trajet, mon RIB : FR49 3000 6000 0112 3456 7890 190"));
  auto iban_records = [&] {
    const auto summary = Summary();
    return summary["review"].contains("iban") &&
           summary["review"]["iban"]["counted"].get<int>() > 0;
  };
  EXPECT_FALSE(iban_records());
  std::string id;
  for (const auto& it : Items()) {
    if (it["category"] == "iban") {
      EXPECT_EQ(it["tier"], "near-miss");
      EXPECT_EQ(it["counted"], false);
      EXPECT_EQ(it["context"].get<std::string>().find("3456"), std::string::npos) << it;
      id = it["id"];
    }
  }
  ASSERT_FALSE(id.empty());
  auto list = Run({"review"});
  EXPECT_NE(list.out.find("if confirmed: "), std::string::npos) << list.out;
  // A near miss is in no figure until confirmed, as its group says: not marked one by one,
  // nor counted as "shown to no one outside" (every one was).
  EXPECT_EQ(list.out.find("[in no figure]"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("shown to someone outside the organisation"), std::string::npos)
      << list.out;
  ASSERT_EQ(Run({"review", "accept", id, "--why", "the candidate's RIB, mistyped key"}).exit_code,
            0);
  EXPECT_TRUE(iban_records());
}

// Two persons with the same name and no identifier in common: a near miss of the review, two
// persons until the DPO confirms they are one; then one person in the figures and in
// `persons`, kept when the evidence comes again; a rejection keeps them apart; a rule decides
// them all. Every decision is in the audit log.
TEST_F(ReviewCli, APossibleDuplicateIsTwoPersonsUntilConfirmedOneAndTheDecisionHolds) {
  const std::string again = Mail("r5", "Léa MARTIN <lea.m@outlook.example>", kCandidates,
                                 "Re: Votre candidature", "Je réponds de mon autre adresse.");
  Ingest(again);
  Ingest(Mail("r6", "Lea Martin <lea.martin@gmail.example>", kCandidates, "Re: Votre candidature",
              "Merci."));
  const int64_t apart = Summary()["persons_affected"].get<int64_t>();
  std::string id;
  for (const auto& it : Items()) {
    if (it["category"] != "person-merge") continue;
    EXPECT_EQ(it["tier"], "near-miss");
    EXPECT_EQ(it["counted"], false);
    EXPECT_EQ(it["rule"], "near-miss:same-name");
    // The listing says what confirming it would change, and masks the addresses.
    EXPECT_NE(it["if_decided"].get<std::string>().find(
                  fmt::format("persons affected {} → {}", apart, apart - 1)),
              std::string::npos)
        << it;
    EXPECT_EQ(it.dump().find("lea.m@"), std::string::npos) << it;
    id = it["id"];
  }
  ASSERT_FALSE(id.empty());
  EXPECT_NE(Run({"review"}).out.find("persons — 1 possible duplicate(s)"), std::string::npos);

  auto merged = Run({"review", "accept", id, "--why", "the same candidate, two mailboxes"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), apart - 1);
  for (const auto& it : Items()) EXPECT_NE(it["id"], id) << "decided: no longer pending";
  auto persons = Run({"persons"});
  EXPECT_NE(persons.out.find("confirmed one person by"), std::string::npos) << persons.out;
  auto dups = Run({"persons", "--duplicates", "--json"});
  EXPECT_NE(dups.out.find("\"state\":\"confirmed\""), std::string::npos) << dups.out;
  EXPECT_NE(Run({"audit", "show"}).out.find("merge " + id), std::string::npos);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);

  // The same message again in another file: the decision is the persons', not the rows'.
  const std::string path = dir_.File("again.mbox");
  WriteFile(path, "From lea Tue Oct 28 16:42:00 2025\n" + again);
  ASSERT_EQ(Run({"ingest", path}).exit_code, 0);
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), apart - 1);
  // Through an export and an import: the same decision, the same figures.
  const std::string xml = dir_.File("export.xml");
  ASSERT_EQ(Run({"export", "--format", "xml", "-o", xml}).exit_code, 0);
  const std::string other = dir_.File("other.db");
  ASSERT_EQ(RunBreachkit({"--db", other, "import", xml}).exit_code, 0);
  EXPECT_EQ(QueryColumn(other, "SELECT item || state FROM merge_decision"),
            std::vector<std::string>{id + "confirmed"});
  EXPECT_EQ(RunBreachkit({"--db", other, "summary", "--json"}).out, Run({"summary", "--json"}).out);

  // Rejected: two persons again, for good.
  ASSERT_EQ(Run({"review", "reject", id, "--why", "two different candidates"}).exit_code, 0);
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), apart);
  EXPECT_NE(Run({"review", "show", id}).out.find("rejected (two persons)"), std::string::npos);
  // A rule decides every pair, now and later; a decision of its own wins over it.
  ASSERT_EQ(
      Run({"review", "accept", "--rule", "near-miss:same-name", "--why", "one team"}).exit_code, 0);
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), apart);
  Ingest(Mail("r7", "Paul Durand <p.durand@free.example>", kCandidates, "Re: Votre candidature",
              "Merci."));
  Ingest(Mail("r8", "Paul DURAND <paul.durand@orange.example>", kCandidates,
              "Re: Votre candidature", "Merci encore."));
  const int64_t with_paul = Summary()["persons_affected"].get<int64_t>();
  ASSERT_EQ(Run({"review", "reject", "--rule", "near-miss:same-name", "--why", "no"}).exit_code, 0);
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), with_paul + 1);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

// A possible duplicate goes through the review sheet like a finding: a row of its own kind,
// decided in the sheet, applied on import.
TEST_F(ReviewCli, APossibleDuplicateIsARowOfTheReviewSheetAndItsDecisionIsApplied) {
  Ingest(Mail("r5", "Léa MARTIN <lea.m@outlook.example>", kCandidates, "Re: Votre candidature",
              "Je réponds de mon autre adresse."));
  Ingest(Mail("r6", "Lea Martin <lea.martin@gmail.example>", kCandidates, "Re: Votre candidature",
              "Merci."));
  const int64_t apart = Summary()["persons_affected"].get<int64_t>();
  const std::string csv = dir_.File("review.csv");
  ASSERT_EQ(Run({"review", "export", "-o", csv}).exit_code, 0);
  std::string sheet = testing::ReadFile(csv);
  const std::string pending = "\"two persons until confirmed one\",\"\",\"\"";
  const size_t at = sheet.find(pending);
  ASSERT_NE(at, std::string::npos) << sheet;
  EXPECT_NE(sheet.find("\"person-merge\",\"person\",\"near-miss:same-name\""), std::string::npos);
  sheet.replace(at, pending.size(), "\"two persons until confirmed one\",\"accept\",\"one CV\"");
  testing::WriteFile(csv, sheet);
  auto imported = Run({"review", "import", csv});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("1 decision(s) applied (1 confirmed"), std::string::npos)
      << imported.out;
  EXPECT_EQ(Summary()["persons_affected"].get<int64_t>(), apart - 1);
}

// A decision can move the first exposure: when the only message before the others showed a
// person's data to their own second mailbox, confirming the two are one person leaves it
// exposing no one. The summary and the timeline say the same, the timeline made again.
TEST(ReviewDates, AConfirmedMergeMovesTheFirstExposureInTheSummaryAndOnTheTimeline) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(
      RunBreachkit({"--db", db, "init", "--org", SourcePath("schemas/examples/organisation.xml")})
          .exit_code,
      0);
  WriteFile(dir.File("l.mbox"),
            "From a Fri Sep 12 09:00:00 2025\nFrom: Jean Dupont <jean.dupont@a.example>\n"
            "To: Jean Dupont <jdupont@b.example>\nSubject: moi\nDate: Fri, 12 Sep 2025 09:00:00 "
            "+0000\nMessage-ID: <m1@x>\n\nTel 06 12 34 56 78\n\n"
            "From b Fri Sep 12 10:00:00 2025\nFrom: e@free.example\nTo: f@orange.example\n"
            "Subject: rien\nDate: Fri, 12 Sep 2025 10:00:00 +0000\nMessage-ID: <m2@x>\n\nrien\n");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("l.mbox")}).exit_code, 0);
  auto first = [&] {
    auto r = RunBreachkit({"--db", db, "summary", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["first_exposure"].get<std::string>();
  };
  auto on_timeline = [&] {
    const std::string t = RunBreachkit({"--db", db, "timeline"}).out;
    const size_t at = t.find("  first-exposure");
    return at == std::string::npos ? std::string() : t.substr(t.rfind('\n', at) + 1, 25);
  };
  EXPECT_EQ(first(), "2025-09-12T11:00:00+02:00");
  EXPECT_EQ(on_timeline(), "2025-09-12T11:00:00+02:00");
  std::string id;
  for (const auto& it : testing::JsonLines(RunBreachkit({"--db", db, "review", "--json"}).out)) {
    if (it["category"] == "person-merge") id = it["id"];
  }
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(RunBreachkit({"--db", db, "review", "accept", id, "--why", "one person"}).exit_code, 0);
  EXPECT_EQ(first(), "2025-09-12T12:00:00+02:00");
  EXPECT_EQ(on_timeline(), "2025-09-12T12:00:00+02:00");
}

// A rejected finding owns nothing: quoted later, its datum has no first owner, as in the
// figures. The evidence-date search (the timeline) and the summary agree.
TEST(ReviewDates, ARejectedOriginalGivesItsQuotedCopyNoOwnerOnTheTimelineEither) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(
      RunBreachkit({"--db", db, "init", "--org", SourcePath("schemas/examples/organisation.xml")})
          .exit_code,
      0);
  auto mail = [](const std::string& from, const std::string& to, const std::string& id,
                 const std::string& time, const std::string& body) {
    return "From x Fri Sep 12 " + time + " 2025\nFrom: " + from + "\nTo: " + to +
           "\nSubject: " + id + "\nDate: Fri, 12 Sep 2025 " + time + " +0000\nMessage-ID: <" + id +
           "@example.com>\n\n" + body + "\n";
  };
  // b's number at 09:00 (to c); d writes to themself at 10:00 quoting it.
  WriteFile(dir.File("l.mbox"), mail("b@example.com", "c@example.com", "m2", "09:00:00",
                                     "Mon numéro : 06 39 98 72 61\n") +
                                    mail("d@example.com", "d@example.com", "m3", "10:00:00",
                                         "Pour mémoire :\n> Mon numéro : 06 39 98 72 61\n"));
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("l.mbox")}).exit_code, 0);
  auto last = [&] {
    auto r = RunBreachkit({"--db", db, "summary", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["last_exposure"].get<std::string>();
  };
  auto on_timeline = [&] {
    const std::string t = RunBreachkit({"--db", db, "timeline"}).out;
    const size_t at = t.find("  last-exposure");
    return at == std::string::npos ? std::string() : t.substr(t.rfind('\n', at) + 1, 25);
  };
  EXPECT_EQ(last(), "2025-09-12T12:00:00+02:00");  // m3: b's number shown to d
  EXPECT_EQ(on_timeline(), last());
  // The original finding, in m2 (the first of the phone's findings in the record).
  const auto ids = QueryColumn(db,
                               "SELECT f.id FROM finding f WHERE f.category = 'phone' "
                               "AND f.quoted = 0 ORDER BY f.id");
  ASSERT_EQ(ids.size(), 1u);
  std::string item;
  for (const auto& it :
       testing::JsonLines(RunBreachkit({"--db", db, "review", "--all", "--json"}).out)) {
    if (it["category"] == "phone" && it["where"].get<std::string>().find("#1") != std::string::npos)
      item = it["id"];
  }
  ASSERT_FALSE(item.empty());
  ASSERT_EQ(
      RunBreachkit({"--db", db, "review", "reject", item, "--why", "a test number"}).exit_code, 0);
  EXPECT_EQ(last(), "2025-09-12T11:00:00+02:00");  // m2 only: b's address shown to c
  EXPECT_EQ(on_timeline(), last());
}

// --reveal: the value is read again from the evidence at the finding's pointer, shown, and the
// showing logged; a changed or missing evidence file shows nothing and says which file.
TEST_F(ReviewCli, RevealReadsTheValueAgainFromTheEvidenceAndLogsTheShowing) {
  Ingest(Mail("r4", "hugo.blanc@laposte.example", kCandidates, "Re: Votre candidature",
              "Pour le remboursement du trajet, mon RIB : FR49 3000 6000 0112 3456 7890 190"));
  const std::string clear = "FR4930006000011234567890190";
  std::string id;
  for (const auto& it : Items()) {
    if (it["category"] == "iban") id = it["id"];
  }
  ASSERT_FALSE(id.empty());
  auto masked = Run({"review", "show", id});
  ASSERT_EQ(masked.exit_code, 0) << masked.err;
  EXPECT_NE(masked.out.find("near-miss:rib-key"), std::string::npos) << masked.out;
  EXPECT_EQ(masked.out.find(clear), std::string::npos) << masked.out;
  EXPECT_EQ(Run({"audit", "show"}).out.find("reveal"), std::string::npos);

  auto shown = Run({"review", "show", id, "--reveal", "--by", "Claire"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("value in clear: " + clear), std::string::npos) << shown.out;
  const std::string audit = Run({"audit", "show"}).out;
  EXPECT_NE(audit.find("reveal " + id + " (iban"), std::string::npos) << audit;
  EXPECT_NE(audit.find("by Claire"), std::string::npos) << audit;
  EXPECT_EQ(audit.find(clear), std::string::npos) << "the log holds no value";
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
  // The listing reveals what it shows, in JSON too.
  auto listed = Run({"review", "--json", "--reveal"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"value\":\"" + clear + "\""), std::string::npos) << listed.out;
  // Reading changed nothing but the log.
  EXPECT_TRUE(QueryColumn(db_, "SELECT item FROM review_decision").empty());

  // The evidence changed after ingestion: nothing is shown, the file and message are named.
  const std::string path = dir_.File("m4.eml");
  WriteFile(path, Mail("r4", "hugo.blanc@laposte.example", kCandidates, "Re: Votre candidature",
                       "Pour le remboursement, mon RIB : FR49 3000 6000 0112 3456 7890 190"));
  auto changed = Run({"review", "show", id, "--reveal"});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("m4.eml: message 1: its bytes differ"), std::string::npos)
      << changed.err;
  EXPECT_EQ(changed.out.find(clear), std::string::npos);
  std::filesystem::remove(path);
  auto gone = Run({"review", "show", id, "--reveal"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_NE(gone.err.find("m4.eml: cannot open the evidence"), std::string::npos) << gone.err;
  // --reveal is for reading only.
  EXPECT_EQ(Run({"review", "reject", id, "--reveal", "--why", "x"}).exit_code, 1);
}

// The review sheet from the command line, in each format: exported, edited by another library
// as a DPO's spreadsheet would (tests/data/review_sheet/edit_sheet.py), imported; the same
// result as the CLI path. A sheet with a bad row applies nothing.
TEST_F(ReviewCli, TheReviewSheetRoundTripsInEachFormatAndABadRowAppliesNothing) {
  const auto items = Items();
  const std::string machine = IdOf(items, "legacy");
  const std::string person = IdOf(items, "diabétique");
  // Copies of the record (ids are the record's own: its keyed hashes), one per format; the CLI
  // path in the record itself, for comparison.
  for (const std::string ext : {"xlsx", "ods", "csv"}) {
    std::filesystem::copy_file(db_, dir_.File(ext + ".db"));
    if (std::filesystem::exists(db_ + "-wal"))
      std::filesystem::copy_file(db_ + "-wal", dir_.File(ext + ".db-wal"));
  }
  ASSERT_EQ(Run({"review", "reject", machine, "--why", "software"}).exit_code, 0);
  ASSERT_EQ(Run({"review", "accept", person, "--why", "own words"}).exit_code, 0);
  const std::string cli_db = db_;
  const auto cli_summary = Run({"summary", "--json"});

  for (const std::string ext : {"xlsx", "ods", "csv"}) {
    SCOPED_TRACE(ext);
    const std::string db = dir_.File(ext + ".db");
    const std::string sheet = dir_.File("review." + ext);
    auto exported = RunBreachkit({"--db", db, "review", "export", "-o", sheet});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_EQ(testing::FileMode(sheet), 0600);
    auto edit = [&](const std::string& out, const nlohmann::json& edits) {
      auto r = testing::RunCommand({"/usr/bin/python3",
                                    SourcePath("tests/data/review_sheet/edit_sheet.py"), "edit",
                                    ext, sheet, out, edits.dump()});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    // A bad row: refused whole, its row named, nothing applied.
    const std::string bad = dir_.File("bad." + ext);
    edit(bad, {{"set",
                {{machine, {{"decision", "reject"}, {"why", "software"}}},
                 {person, {{"decision", "maybe"}, {"why", "?"}}}}}});
    auto refused = RunBreachkit({"--db", db, "review", "import", bad});
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_NE(refused.err.find("row "), std::string::npos) << refused.err;
    EXPECT_TRUE(QueryColumn(db, "SELECT item FROM review_decision").empty());
    // The good one.
    const std::string good = dir_.File("good." + ext);
    nlohmann::json edits = {{"set",
                             {{machine, {{"decision", "reject"}, {"why", "software"}}},
                              {person, {{"decision", "oui"}, {"why", "own words"}}}}}};
    // The DPO's own layout: a column moved (XLSX), a note under the table (ODS, CSV).
    if (ext != "xlsx") {
      edits["add_row"] = nlohmann::json::array({"", "", "checked by Claire"});
    } else {
      edits["move_first"] = "decision";
    }
    edit(good, edits);
    auto imported = RunBreachkit({"--db", db, "review", "import", good});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_EQ(
        QueryColumn(db, "SELECT item || state || why FROM review_decision ORDER BY item"),
        QueryColumn(cli_db, "SELECT item || state || why FROM review_decision ORDER BY item"));
    const auto a = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
    const auto b = nlohmann::json::parse(cli_summary.out);
    for (const char* key : {"persons_affected", "records", "categories", "review"})
      EXPECT_EQ(a[key], b[key]) << key;
    EXPECT_EQ(RunBreachkit({"--db", db, "audit", "verify"}).exit_code, 0);
  }
}

}  // namespace
}  // namespace breachkit
