// What the record promises about itself: a re-run after a kill finds what it must delete by
// index, a partial record or one without an organisation profile says so wherever figures
// are printed, a changed mailbox replaces its unfinished source, the same event is recorded
// once, and `audit verify` catches edits of the data and of the log's end.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "core/store/store.h"
#include "core/util/hash.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::QueryColumn;
using testing::ReadFile;
using testing::RunBreachkit;
using testing::SampleRecordTest;
using testing::ScopedTempDir;
using testing::SourcePath;
using testing::WriteFile;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs `sql` on the record at `path` behind breachkit's back.
void ExecRaw(const std::string& path, std::initializer_list<const char*> sql) {
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  for (const char* s : sql) raw.exec(s);
}

std::string SampleMbox() { return std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"; }

// Every foreign key whose parent rows breachkit deletes (wiping an unfinished source deletes
// its messages, their parts, findings, defects ...) has an index led by its column: without
// one, each deleted parent row costs a scan of the child table.
TEST(RecordIntegrity, EveryForeignKeyToADeletedTableHasAnIndex) {
  ScopedTempDir dir;
  ASSERT_TRUE(IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing}));
  SQLite::Database db(dir.File("i.db"), SQLite::OPEN_READONLY);
  SQLite::Statement fks(db,
                        "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_schema m, "
                        "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND "
                        "f.\"table\" IN ('source', 'message', 'part')");
  int checked = 0;
  while (fks.executeStep()) {
    const std::string table = fks.getColumn(0).getString();
    const std::string column = fks.getColumn(1).getString();
    SQLite::Statement led(db,
                          "SELECT count(*) FROM pragma_index_list(?1) l WHERE (SELECT name FROM "
                          "pragma_index_info(l.name) WHERE seqno = 0) = ?2");
    led.bind(1, table);
    led.bind(2, column);
    ASSERT_TRUE(led.executeStep());
    EXPECT_GT(led.getColumn(0).getInt(), 0) << table << "." << column << " has no index";
    ++checked;
  }
  EXPECT_GE(checked, 9);  // v8: exposure.message_id went with its table
}

// A record whose sample source is left unfinished, as a kill mid-ingestion leaves it.
class PartialRecordTest : public SampleRecordTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SampleRecordTest::SetUp());
    ExecRaw(db_, {"UPDATE source SET complete = 0"});
  }
};

TEST_F(PartialRecordTest, CommandsThatPrintFiguresWarnNamingTheSource) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"summary"}, {"summary", "--json"}, {"subjects"}, {"assess"}}) {
    args.insert(args.begin(), {"--db", db_});
    const auto r = RunBreachkit(args);
    EXPECT_EQ(r.exit_code, 0) << args[2] << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "warning: the record is partial: the ingestion of " + SampleMbox() +
                               " did not finish"))
        << args[2] << ": " << r.err;
  }
}

TEST_F(PartialRecordTest, CnilAndTheRegisterRefuseWithoutPartial) {
  for (const std::string command : {"cnil", "report"}) {
    const std::string pdf = dir_.File(command + ".pdf");
    auto r = RunBreachkit({"--db", db_, command, "-o", pdf});
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "the record is partial")) << r.err;
    EXPECT_TRUE(Has(r.err, "--partial")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(pdf)) << command;
    r = RunBreachkit({"--db", db_, command, "-o", pdf, "--partial"});
    EXPECT_EQ(r.exit_code, 3) << command << ": " << r.err;  // written, from part of the leak
    EXPECT_TRUE(Has(r.err, "warning: the record is partial")) << r.err;
    EXPECT_TRUE(std::filesystem::exists(pdf)) << command;
  }
}

TEST_F(SampleRecordTest, ACompleteRecordWarnsOfNothing) {
  for (const std::string command : {"summary", "subjects", "assess"}) {
    const auto r = RunBreachkit({"--db", db_, command});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_FALSE(Has(r.err, "warning:")) << command << ": " << r.err;
  }
}

TEST(RecordIntegrity, WithoutAProfileEveryFigureWarnsAndProposesTheFirstSendersDomain) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", SampleMbox()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string first_sender =
      QueryColumn(db,
                  "SELECT p.domain FROM message m JOIN recipient r ON r.message_id = m.id AND "
                  "r.field = 'from' JOIN party p ON p.id = r.party_id ORDER BY m.id LIMIT 1")[0];
  const std::string warning =
      "warning: no organisation profile: the organisation's own "
      "addresses are counted as affected persons; the leak's first "
      "sender writes from " +
      first_sender;
  EXPECT_TRUE(Has(r.err, warning)) << r.err;
  for (const std::string command : {"summary", "subjects", "assess"}) {
    r = RunBreachkit({"--db", db, command});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_TRUE(Has(r.err, warning)) << command << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "init --org")) << command;
  }
  // Given, the warning goes.
  ASSERT_EQ(
      RunBreachkit({"--db", db, "init", "--org", SourcePath("schemas/examples/organisation.xml")})
          .exit_code,
      0);
  r = RunBreachkit({"--db", db, "summary"});
  EXPECT_FALSE(Has(r.err, "no organisation profile")) << r.err;
}

// Killed mid-ingestion, then the mailbox received mail before the re-run: the re-run replaces
// the unfinished source instead of keeping it next to the new one (findings counted twice).
TEST(RecordIntegrity, AChangedMailboxReplacesItsUnfinishedSource) {
  ScopedTempDir dir;
  const std::string mbox = dir.File("box.mbox");
  WriteFile(mbox, ReadFile(SampleMbox()));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", mbox}).exit_code, 0);
  ExecRaw(db, {"UPDATE source SET complete = 0"});  // as a kill leaves it
  WriteFile(mbox, ReadFile(SampleMbox()) +
                      "From x@example.org Mon Jan  6 10:00:00 2025\nFrom: x@example.org\nTo: "
                      "y@example.org\nSubject: late\n\nRappelez-moi au 06 12 34 56 78.\n\n");
  const auto r = RunBreachkit({"--db", db, "ingest", mbox});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "replaced: " + mbox)) << r.err;

  const std::string clean = dir.File("clean.db");
  ASSERT_EQ(RunBreachkit({"--db", clean, "ingest", mbox}).exit_code, 0);
  for (const char* sql : {"SELECT count(*) FROM source", "SELECT count(*) FROM message",
                          "SELECT count(*) FROM finding", "SELECT count(*) FROM recipient"}) {
    EXPECT_EQ(QueryColumn(db, sql), QueryColumn(clean, sql)) << sql;
  }
  EXPECT_EQ(QueryColumn(db, "SELECT count(*) FROM source WHERE complete = 0")[0], "0");
  EXPECT_FALSE(Has(RunBreachkit({"--db", db, "summary"}).err, "partial"));
}

TEST_F(SampleRecordTest, TheSameEventTwiceIsRecordedOnce) {
  const std::vector<std::string> add{
      "--db",   db_,   "event", "add", "awareness", "--at", "2025-09-22T09:00:00+02:00",
      "--note", "call"};
  auto r = RunBreachkit(add);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "recorded awareness")) << r.out;
  const auto entries = QueryColumn(db_, "SELECT count(*) FROM audit_log");
  const auto updated = QueryColumn(db_, "SELECT updated_at FROM incident");
  r = RunBreachkit(add);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "already recorded: awareness")) << r.out;
  EXPECT_EQ(QueryColumn(db_, "SELECT count(*) FROM timeline_event WHERE kind = 'awareness'")[0],
            "1");
  EXPECT_EQ(QueryColumn(db_, "SELECT count(*) FROM audit_log"), entries);
  EXPECT_EQ(QueryColumn(db_, "SELECT updated_at FROM incident"), updated);
}

// A date that cannot be right is recorded as the DPO gave it, and said on stderr: in the
// future, before the first message that exposed anyone (12 September 2025 in the sample), a
// notice to the persons before the awareness. A second awareness time says it replaces the
// first. (All were taken in silence; the CNIL draft printed "Fin de la violation : 1er
// janvier 2099".)
TEST_F(SampleRecordTest, AnEventDateThatCannotBeRightIsRecordedAndSaid) {
  ASSERT_EQ(RunBreachkit({"--db", db_, "assess"}).exit_code, 0);  // the evidence's dates
  auto future =
      RunBreachkit({"--db", db_, "event", "add", "contained", "--at", "2099-01-01T00:00"});
  EXPECT_EQ(future.exit_code, 0) << future.err;
  EXPECT_TRUE(Has(future.err, "warning: contained at 2099-01-01")) << future.err;
  EXPECT_TRUE(Has(future.err, "is in the future")) << future.err;
  // An end before the last message that exposed someone (13 September, 05:39): messages
  // went on exposing after it (helper-78: taken in silence). After it, nothing is said.
  auto ended = RunBreachkit({"--db", db_, "event", "add", "contained", "--at", "2025-09-12T12:00"});
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  EXPECT_TRUE(Has(ended.err,
                  "warning: contained at 2025-09-12T12:00:00+02:00 is before the last "
                  "message that exposed someone (2025-09-13T05:39"))
      << ended.err;
  auto after = RunBreachkit({"--db", db_, "event", "add", "contained", "--at", "2025-09-13T08:00"});
  EXPECT_FALSE(Has(after.err, "warning")) << after.err;
  auto early = RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-03-30T10:00"});
  EXPECT_EQ(early.exit_code, 0) << early.err;
  EXPECT_TRUE(Has(early.err, "is before the first message that exposed someone (2025-09-12"))
      << early.err;
  auto right = RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-15T09:00"});
  EXPECT_FALSE(Has(right.err, "warning")) << right.err;
  EXPECT_TRUE(Has(right.out, "recorded before is replaced")) << right.out;
  auto informed =
      RunBreachkit({"--db", db_, "event", "add", "persons-informed", "--at", "2025-09-14T09:00"});
  EXPECT_TRUE(Has(informed.err, "is before the awareness")) << informed.err;
  EXPECT_EQ(QueryColumn(db_, "SELECT count(*) FROM timeline_event WHERE origin = 'user'")[0], "6");
  // The same event again is already recorded: nothing is said of its date a second time.
  auto again =
      RunBreachkit({"--db", db_, "event", "add", "persons-informed", "--at", "2025-09-14T09:00"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "already recorded")) << again.out;
  EXPECT_FALSE(Has(again.err, "warning")) << again.err;
  auto same = RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-15T09:00"});
  EXPECT_FALSE(Has(same.out, "is replaced")) << same.out;
}

// `run` again on the same record, with the same awareness time: no byte of any document
// changes, and the timeline keeps one awareness event.
TEST(RecordIntegrity, RunTwiceChangesNoDocument) {
  // A fixed clock: the exports hold the time left before the deadline.
  ::setenv("SOURCE_DATE_EPOCH", "1758528000", 1);
  ScopedTempDir dir;
  const std::string out = dir.File("o");
  const std::vector<std::string> run{"run",         SampleMbox(),
                                     "-o",          out,
                                     "--org",       SourcePath("schemas/examples/organisation.xml"),
                                     "--awareness", "2025-09-22T09:00:00+02:00"};
  ASSERT_EQ(RunBreachkit(run).exit_code, 0);
  auto documents = [&] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || name.starts_with("incident.db")) continue;
      files.emplace_back(e.path().string(), ReadFile(e.path().string()));
    }
    std::sort(files.begin(), files.end());
    return files;
  };
  const auto first = documents();
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(RunBreachkit(run).exit_code, 0);
  const auto second = documents();
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].first, second[i].first);
    EXPECT_TRUE(first[i].second == second[i].second) << first[i].first << " changed";
  }
  EXPECT_EQ(QueryColumn(out + "/incident.db",
                        "SELECT count(*) FROM timeline_event WHERE kind = 'awareness'")[0],
            "1");
  // Its note is the DPO's, in the documents' French ("set by assess" was printed there).
  EXPECT_EQ(QueryColumn(out + "/incident.db",
                        "SELECT note FROM timeline_event WHERE kind = 'awareness'")[0],
            "déclarée avec --awareness");
  ::unsetenv("SOURCE_DATE_EPOCH");
}

// The attacks on `audit verify`: each must be reported, with a non-zero exit code.
class AuditAttackTest : public SampleRecordTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SampleRecordTest::SetUp());
    const auto r = RunBreachkit({"--db", db_, "audit", "verify"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    head_ = QueryColumn(db_, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")[0];
    EXPECT_TRUE(Has(r.out, head_)) << r.out;
  }
  // `audit verify` (with --head when given) fails, saying `why`.
  void ExpectBroken(const std::string& why, bool with_head = false) {
    std::vector<std::string> args{"--db", db_, "audit", "verify"};
    if (with_head) args.insert(args.end(), {"--head", head_});
    const auto r = RunBreachkit(args);
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_TRUE(Has(r.err, why)) << r.err;
    EXPECT_FALSE(Has(r.out, "intact")) << r.out;
  }
  std::string head_;
};

TEST_F(AuditAttackTest, AnEditedPartyShows) {
  ExecRaw(db_, {"UPDATE party SET address = 'someone@else.example' WHERE id = 3"});
  ExpectBroken("party: ");
}

// The incident's dates and texts are what the CNIL checks: the awareness time moved and the
// reasons for the delay emptied in SQLite show (verify said "intact"), and stay said once a
// later `set` has written the incident again (which would otherwise seal the edit).
TEST_F(AuditAttackTest, AnEditedAwarenessTimeShowsAndStaysShownAfterALaterSet) {
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-15T09:00"})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "late-reason", "Le prestataire a tardé."}).exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "audit", "verify"}).exit_code, 0);
  ExecRaw(db_, {"UPDATE incident SET awareness_at = awareness_at + 2592000, late_reason = ''",
                "UPDATE timeline_event SET at = at + 2592000 WHERE kind = 'awareness'"});
  ExpectBroken("incident: 1 rows, edited since the seal of entry");
  ExpectBroken("timeline_event: ");
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "description", "Envoi groupé"}).exit_code, 0);
  ExpectBroken("the incident was changed outside breachkit: incident: 1 rows");
}

// The incident written and its seal are one: a seal that cannot be logged (a full disk, a
// lock) leaves the incident as it was, and no false "changed outside breachkit" after it
// (written apart, the next command logged the unsealed change as an edit, for good).
TEST_F(AuditAttackTest, ASealThatCannotBeLoggedLeavesTheIncidentAsItWas) {
  ExecRaw(db_, {"CREATE TRIGGER no_seal BEFORE INSERT ON audit_log WHEN NEW.action = "
                "'seal-incident' BEGIN SELECT RAISE(ABORT, 'disk full'); END"});
  EXPECT_NE(RunBreachkit({"--db", db_, "set", "description", "Envoi groupé"}).exit_code, 0);
  ExecRaw(db_, {"DROP TRIGGER no_seal"});
  EXPECT_NE(QueryColumn(db_, "SELECT description FROM incident")[0], "Envoi groupé");
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "title", "Refus groupé"}).exit_code, 0);
  auto verify = RunBreachkit({"--db", db_, "audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

// An event that is also a field of the incident (the awareness) is one change: one seal of
// the incident, not one for the event and one for the field.
TEST_F(SampleRecordTest, AnAwarenessEventIsSealedOnce) {
  auto seals = [&] {
    return std::stoi(
        QueryColumn(db_, "SELECT count(*) FROM audit_log WHERE action = 'seal-incident'")[0]);
  };
  const int before = seals();
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-15T09:00"})
                .exit_code,
            0);
  EXPECT_EQ(seals(), before + 1);
}

TEST_F(AuditAttackTest, AnEventAddedInSqliteShows) {
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "2025-09-15T09:00"})
                .exit_code,
            0);
  ExecRaw(db_, {"INSERT INTO timeline_event (kind, at) VALUES ('contained', 1757930400)"});
  ExpectBroken("timeline_event: ");
}

TEST_F(AuditAttackTest, TenDeletedFindingsShow) {
  ExecRaw(db_, {"DELETE FROM finding WHERE id IN (SELECT id FROM finding LIMIT 10)"});
  ExpectBroken("finding: 82 rows, 92 at the seal");
}

TEST_F(AuditAttackTest, AChangedSourceHashShows) {
  SQLite::Database raw(db_, SQLite::OPEN_READWRITE);
  raw.exec("UPDATE source SET sha256 = '" + std::string(64, 'a') + "'");
  ExpectBroken("source: ");
}

// A head that is no hash at all is a typing mistake, said as one (it read "entries were
// removed or rewritten since it was taken").
TEST_F(AuditAttackTest, AMistypedHeadIsSaidAsSuchNotAsARewrittenLog) {
  auto r = RunBreachkit({"--db", db_, "audit", "verify", "--head", "deadbeef"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "64 hexadecimal digits")) << r.err;
  EXPECT_FALSE(Has(r.err, "rewritten")) << r.err;
}

TEST_F(AuditAttackTest, TheLogsEndCutOffShowsAgainstItsHead) {
  // Something logged after the head was taken, then cut off with the sequence fixed.
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "description", "x"}).exit_code, 0);
  head_ = QueryColumn(db_, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")[0];
  EXPECT_EQ(RunBreachkit({"--db", db_, "audit", "verify", "--head", head_}).exit_code, 0);
  ExecRaw(db_, {"DROP TRIGGER audit_log_no_delete",
                "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
                "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log) "
                "WHERE name = 'audit_log'"});
  ExpectBroken("no longer reaches head " + head_, /*with_head=*/true);
}

TEST_F(AuditAttackTest, TheLogsEndCutOffWithTheSealShowsAlone) {
  ExecRaw(db_, {"DROP TRIGGER audit_log_no_delete",
                "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) FROM audit_log "
                "WHERE action = 'seal')",
                "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log) "
                "WHERE name = 'audit_log'"});
  // The seal left is the one of the organisation's domains, before any mail.
  ExpectBroken("source: 1 rows, 0 at the seal of entry");
}

TEST_F(AuditAttackTest, EveryEntryDeletedShows) {
  ExecRaw(db_, {"DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log",
                "DELETE FROM sqlite_sequence WHERE name = 'audit_log'"});
  ExpectBroken("no seal entry of the log vouches for");
  ExpectBroken("the record does not match its audit log (0 entries)", /*with_head=*/true);
}

TEST_F(AuditAttackTest, ALoggedDocumentMissingFromTheLogShows) {
  ASSERT_EQ(RunBreachkit({"--db", db_, "report", "-o", dir_.File("r.pdf")}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "audit", "verify"}).exit_code, 0);
  ExecRaw(db_, {"DROP TRIGGER audit_log_no_delete",
                "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
                "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log) "
                "WHERE name = 'audit_log'"});
  ExpectBroken("is not in the log");
}

// A record with persons found in a table, one of them given a contact by `contacts import`:
// the contact and the party's kind are sealed, so that an edit behind breachkit's back (a
// letter sent elsewhere, a person made a mailbox) shows in `audit verify`.
class ContactsRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("i.db");
    ASSERT_EQ(RunBreachkit(
                  {"--db", db_, "init", "--org", SourcePath("schemas/examples/organisation.xml")})
                  .exit_code,
              0);
    const std::string csv =
        "Matricule;Nom;Prénom;IBAN\r\nAI-1;Durand;Léa;FR7630006000011234567890189\r\n"
        "AI-2;Petit;Marc;FR7610107001011234567890129\r\n";
    WriteFile(dir_.File("m.eml"),
              "From: paie@garonne-ingenierie.example\r\nTo: j.martin@cabinet.example\r\n"
              "Subject: Paie\r\nDate: Tue, 28 Oct 2025 16:42:00 +0100\r\nMessage-ID: <p@x>\r\n"
              "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
              "Content-Type: text/plain\r\n\r\nPaie.\r\n--b\r\nContent-Type: text/csv\r\n"
              "Content-Disposition: attachment; filename=\"paie.csv\"\r\n\r\n" +
                  csv + "--b--\r\n");
    ASSERT_EQ(RunBreachkit({"--db", db_, "ingest", dir_.File("m.eml")}).exit_code, 0);
    WriteFile(dir_.File("contacts.csv"), "Matricule;E-mail\r\nAI-1;lea@perso.example\r\n");
    auto imported = RunBreachkit({"--db", db_, "contacts", "import", dir_.File("contacts.csv")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    ASSERT_EQ(QueryColumn(db_, "SELECT count(*) FROM contact WHERE email <> ''")[0], "1");
  }
  // `audit verify`'s exit code and what it printed.
  testing::RunResult Verify() { return RunBreachkit({"--db", db_, "audit", "verify"}); }
  ScopedTempDir dir_;
  std::string db_;
};

TEST_F(ContactsRecordTest, AnEditedContactShowsNamingTheTable) {
  const auto before = Verify();
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ExecRaw(db_, {"UPDATE contact SET email = 'attacker@evil.example' WHERE email <> ''"});
  const auto after = Verify();
  EXPECT_NE(after.exit_code, 0) << after.out;
  EXPECT_TRUE(Has(after.err, "contact: 1 rows, edited since the seal of entry")) << after.err;
}

// A robot's display name takes its mailbox out of the persons affected (FunctionalReason):
// the names are sealed, so that a name given to a person after the seal shows.
TEST_F(ContactsRecordTest, AnEditedDisplayNameShows) {
  ASSERT_EQ(Verify().exit_code, 0);
  ASSERT_NE(QueryColumn(db_, "SELECT count(*) FROM party_name")[0], "0");
  ExecRaw(db_, {"UPDATE party_name SET name = 'Mail Delivery System'"});
  const auto after = Verify();
  EXPECT_NE(after.exit_code, 0) << after.out;
  EXPECT_TRUE(Has(after.err, "party_name: ")) << after.err;
}

TEST_F(ContactsRecordTest, AnEditedPartyKindShows) {
  ASSERT_EQ(Verify().exit_code, 0);
  ExecRaw(db_, {"UPDATE party SET kind = 'mailbox' WHERE kind = 'content'"});
  const auto after = Verify();
  EXPECT_NE(after.exit_code, 0) << after.out;
  EXPECT_TRUE(Has(after.err, "party: ")) << after.err;
}

// The seal as breachkit wrote it before the seal had a version (version 1): source,
// message, party without its kind, recipient, finding, org_domain; no "v=" field.
std::string SealOfVersion1(const std::string& path) {
  static const std::pair<const char*, const char*> kTables[] = {
      {"source",
       "SELECT id, path, size, sha256, format, messages, complete FROM source ORDER BY id"},
      {"message",
       "SELECT id, source_id, idx, mime_path, parent_id, duplicate_of, raw_sha256, parse_status, "
       "message_id, date_utc, subject, is_reply_all FROM message ORDER BY id"},
      {"party", "SELECT id, address_key, address, domain, is_internal FROM party ORDER BY id"},
      {"recipient",
       "SELECT message_id, field, position, party_id, display_name, address FROM recipient "
       "ORDER BY message_id, field, position"},
      {"finding",
       "SELECT id, message_id, part_id, location, category, detector, masked_preview, "
       "span_start, span_end, confidence, validation, quoted, owner_party_id FROM finding "
       "ORDER BY id"},
      {"org_domain", "SELECT domain FROM org_domain ORDER BY domain"},
  };
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string out;
  for (const auto& [name, select] : kTables) {
    SQLite::Statement q(db, select);
    Sha256 h;
    int64_t rows = 0;
    while (q.executeStep()) {
      ++rows;
      for (int c = 0; c < q.getColumnCount(); ++c) {
        const SQLite::Column col = q.getColumn(c);
        const int type = col.getType();
        const std::string text = col.isNull() ? std::string()
                                              : std::string(static_cast<const char*>(col.getBlob()),
                                                            static_cast<size_t>(col.getBytes()));
        h.Update(std::to_string(type) + ":" + std::to_string(text.size()) + ":");
        h.Update(text);
      }
      h.Update("\n");
    }
    out += (out.empty() ? "" : " ") + std::string(name) + "=" + std::to_string(rows) + ":" +
           h.HexDigest();
  }
  return out;
}

// A record whose last seal was written under version 1 (before the contacts and the party's
// kind were sealed) still verifies, under version 1: what that seal covers is checked, what
// it did not cover is not held against it; and the next seal is written under the new version.
TEST_F(ContactsRecordTest, ARecordSealedUnderTheOldVersionStillVerifies) {
  {
    auto store = IncidentStore::Open(db_, StoreOptions{StoreMode::kReadWrite});
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->AppendAudit("seal", SealOfVersion1(db_)));
  }
  const auto v1 = Verify();
  EXPECT_EQ(v1.exit_code, 0) << v1.err;
  EXPECT_TRUE(Has(v1.out, "intact")) << v1.out;
  // Version 1 did not seal the contacts: not held against that seal...
  ExecRaw(db_, {"UPDATE contact SET email = 'attacker@evil.example' WHERE email <> ''"});
  EXPECT_EQ(Verify().exit_code, 0);
  // ... but what it sealed still is.
  ExecRaw(db_, {"UPDATE party SET domain = 'else.example' WHERE kind = 'mailbox' AND "
                "domain = 'cabinet.example'"});
  const auto edited = Verify();
  EXPECT_NE(edited.exit_code, 0);
  EXPECT_TRUE(Has(edited.err, "party: ")) << edited.err;
  ExecRaw(db_, {"UPDATE party SET domain = 'cabinet.example' WHERE domain = 'else.example'"});
  ASSERT_EQ(Verify().exit_code, 0);
  // A command that seals writes the new version, which covers the contacts.
  ASSERT_EQ(RunBreachkit({"--db", db_, "contacts", "import", dir_.File("contacts.csv")}).exit_code,
            0);
  EXPECT_EQ(Verify().exit_code, 0);
  const std::string last =
      QueryColumn(db_, "SELECT details FROM audit_log WHERE action = 'seal' ORDER BY seq DESC")[0];
  EXPECT_TRUE(last.starts_with("v=6 ")) << last;  // v6 (the display names) since stop 43
  EXPECT_TRUE(Has(last, " contact=1:")) << last;
}

}  // namespace
}  // namespace breachkit
