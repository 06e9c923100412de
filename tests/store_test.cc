#include "core/store/store.h"

#include <array>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/store/connection.h"
#include "core/store/ingest_writer.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::FileMode;
using testing::ScopedTempDir;

std::unique_ptr<IncidentStore> OpenMemory(const Clock* clock = nullptr) {
  auto store =
      IncidentStore::Open(":memory:", {.mode = StoreMode::kCreateIfMissing, .clock = clock});
  EXPECT_TRUE(store.has_value()) << store.error().message;
  return std::move(*store);
}

// Why opening `path` fails (the test fails if it opens).
Error OpenError(const std::string& path, StoreMode mode = StoreMode::kReadWrite) {
  auto store = IncidentStore::Open(path, {.mode = mode});
  EXPECT_FALSE(store) << path << " opened";
  return store ? Error{} : store.error();
}

TEST(IncidentStore, NewRecordHasCurrentSchemaAndOneIncident) {
  FixedClock clock(1'757'664'000);
  auto store = OpenMemory(&clock);
  EXPECT_TRUE(store->created());
  EXPECT_EQ(*store->SchemaVersion(), kSchemaVersion);
  auto info = store->LoadIncident();
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->created_at, 1'757'664'000);
  EXPECT_EQ(info->language, "fr");
  EXPECT_EQ(info->timezone, "Europe/Paris");
  EXPECT_TRUE(info->nature_confidentiality);
  EXPECT_FALSE(info->awareness_at.has_value());
}

// One thread uses a record's connection: SQLite takes no lock around each call (they were
// 13 % of ingestion's writer thread).
TEST(IncidentStore, TheConnectionTakesNoLockOnEachCall) {
  ScopedTempDir dir;
  for (StoreMode mode : {StoreMode::kCreateIfMissing, StoreMode::kReadOnly}) {
    auto store = IncidentStore::Open(dir.File("i.db"), {.mode = mode});
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(sqlite3_db_mutex(Connection(**store).getHandle()), nullptr);
  }
}

// The incident's free texts (the fields no CHECK constrains).
constexpr std::string IncidentInfo::* kIncidentTexts[] = {&IncidentInfo::title,
                                                          &IncidentInfo::description,
                                                          &IncidentInfo::controller_name,
                                                          &IncidentInfo::controller_siren,
                                                          &IncidentInfo::controller_address,
                                                          &IncidentInfo::controller_sector,
                                                          &IncidentInfo::dpo_name,
                                                          &IncidentInfo::dpo_email,
                                                          &IncidentInfo::dpo_phone,
                                                          &IncidentInfo::signatory_name,
                                                          &IncidentInfo::signatory_title,
                                                          &IncidentInfo::origin_codes,
                                                          &IncidentInfo::cause,
                                                          &IncidentInfo::circumstances,
                                                          &IncidentInfo::discovery_means,
                                                          &IncidentInfo::late_reason,
                                                          &IncidentInfo::consequences,
                                                          &IncidentInfo::measures_taken,
                                                          &IncidentInfo::measures_planned,
                                                          &IncidentInfo::cnil_reference,
                                                          &IncidentInfo::profile_path,
                                                          &IncidentInfo::profile_sha256};

TEST(IncidentStore, IncidentRoundTripsEveryField) {
  // The flags are bound by position: three rounds, in round k each flag is bit k of its index,
  // so that any two flags differ in some round and a swap of two binds shows.
  constexpr std::array<bool IncidentInfo::*, 5> kFlags{
      &IncidentInfo::nature_confidentiality, &IncidentInfo::nature_integrity,
      &IncidentInfo::nature_availability, &IncidentInfo::persons_vulnerable,
      &IncidentInfo::data_unintelligible};
  for (int round = 0; round < 3; ++round) {
    FixedClock clock(1000);
    auto store = OpenMemory(&clock);
    IncidentInfo in;
    // Each free text its own value, one with quotes and SQL in it.
    int n = 0;
    for (std::string IncidentInfo::* text : kIncidentTexts) {
      in.*text = "texte " + std::to_string(++n) + " é";
    }
    for (size_t f = 0; f < kFlags.size(); ++f) in.*kFlags[f] = ((f + 1) >> round) & 1;
    in.language = "en";
    in.timezone = "Europe/Berlin";
    in.notify_band = "low";
    in.inform_band = "medium";
    in.large_audience = 7;
    in.regime = "digital-omnibus";
    in.deadline_hours = 96;
    // Every time its own value.
    in.occurred_at = 1'757'600'000;
    in.awareness_at = 1'757'700'000;
    in.contained_at = 1'757'750'000;
    in.notified_at = 1'757'800'000;
    in.late_reason = "it's \"quoted\"; DROP TABLE incident; --";
    clock.Set(2000);
    ASSERT_TRUE(store->SaveIncident(in));
    auto out = store->LoadIncident();
    ASSERT_TRUE(out);
    for (std::string IncidentInfo::* text : kIncidentTexts) {
      EXPECT_EQ((*out).*text, in.*text);
    }
    for (size_t f = 0; f < kFlags.size(); ++f) {
      EXPECT_EQ((*out).*kFlags[f], in.*kFlags[f]) << "flag " << f << ", round " << round;
    }
    EXPECT_EQ(out->language, "en");
    EXPECT_EQ(out->timezone, "Europe/Berlin");
    EXPECT_EQ(out->notify_band, "low");
    EXPECT_EQ(out->inform_band, "medium");
    EXPECT_EQ(out->large_audience, 7);
    EXPECT_EQ(out->regime, "digital-omnibus");
    EXPECT_EQ(out->deadline_hours, 96);
    EXPECT_EQ(out->occurred_at, in.occurred_at);
    EXPECT_EQ(out->awareness_at, in.awareness_at);
    EXPECT_EQ(out->contained_at, in.contained_at);
    EXPECT_EQ(out->notified_at, in.notified_at);
    EXPECT_EQ(out->created_at, 1000);
    EXPECT_EQ(out->updated_at, 2000);
  }
}

// A time left out stays out.
TEST(IncidentStore, AnUnknownTimeStaysUnknown) {
  auto store = OpenMemory();
  IncidentInfo in;
  in.awareness_at = 1'757'700'000;
  ASSERT_TRUE(store->SaveIncident(in));
  auto out = store->LoadIncident();
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->occurred_at.has_value());
  EXPECT_FALSE(out->contained_at.has_value());
  EXPECT_EQ(out->awareness_at, in.awareness_at);
}

TEST(IncidentStore, RejectsALanguageTheDocumentsDoNotHave) {
  auto store = OpenMemory();
  IncidentInfo in;
  in.language = "de";
  auto st = store->SaveIncident(in);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kDatabase);
}

TEST(IncidentStore, OrgDomainsAreLowerCasedAndUnique) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->SetOrgDomains({"Example.FR", "example.fr", "rh.example.fr"}));
  EXPECT_EQ(*store->OrgDomains(), (std::vector<std::string>{"example.fr", "rh.example.fr"}));
  ASSERT_TRUE(store->SetOrgDomains({"other.org"}));
  EXPECT_EQ(*store->OrgDomains(), (std::vector<std::string>{"other.org"}));
}

TEST(IncidentStore, HmacKeyIs32RandomBytesPerIncident) {
  auto a = OpenMemory();
  auto b = OpenMemory();
  EXPECT_EQ(a->HmacKey()->size(), 32u);
  EXPECT_NE(*a->HmacKey(), *b->HmacKey());
}

TEST(IncidentStore, FileIsCreatedOwnerOnlyWhateverTheUmask) {
  ScopedTempDir dir;
  const mode_t old = ::umask(0);
  auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
  ::umask(old);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->AppendAudit("test", "x"));  // forces the WAL file into existence
  EXPECT_EQ(FileMode(dir.File("i.db")), 0600);
  EXPECT_EQ(FileMode(dir.File("i.db-wal")), 0600);
}

TEST(IncidentStore, ReadOnlyOpenOfAMissingFileNamesItAndTheFix) {
  ScopedTempDir dir;
  const Error e = OpenError(dir.File("none.db"), StoreMode::kReadOnly);
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_NE(e.message.find("none.db"), std::string::npos);
  EXPECT_NE(e.message.find("breachkit init"), std::string::npos);
}

TEST(IncidentStore, RefusesAnotherProgramsDatabase) {
  ScopedTempDir dir;
  {
    SQLite::Database other(dir.File("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
  }
  const Error e = OpenError(dir.File("other.db"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_NE(e.message.find("not a breachkit incident record"), std::string::npos);
}

TEST(IncidentStore, RefusesAFileThatIsNotSqlite) {
  ScopedTempDir dir;
  testing::WriteFile(dir.File("junk.db"), std::string(4096, 'x'));
  const Error e = OpenError(dir.File("junk.db"));
  EXPECT_EQ(e.code, ErrorCode::kDatabase);
  EXPECT_NE(e.message.find("junk.db"), std::string::npos);
}

TEST(IncidentStore, RefusesARecordFromANewerBreachkit) {
  ScopedTempDir dir;
  ASSERT_TRUE(IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing}));
  {
    SQLite::Database raw(dir.File("i.db"), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  }
  EXPECT_NE(OpenError(dir.File("i.db")).message.find("newer"), std::string::npos);
}

TEST(IncidentStore, ReopeningKeepsTheRecord) {
  ScopedTempDir dir;
  {
    auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
    ASSERT_TRUE(store);
    IncidentInfo info = *(*store)->LoadIncident();
    info.title = "kept";
    ASSERT_TRUE((*store)->SaveIncident(info));
  }
  auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kReadOnly});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_FALSE((*store)->created());
  EXPECT_EQ((*store)->LoadIncident()->title, "kept");
}

TEST(IncidentStore, AuditLogChainsAndIsAppendOnly) {
  ScopedTempDir dir;
  auto store = *IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store->AppendAudit("a", "one"));
  ASSERT_TRUE(store->AppendAudit("b", "two"));
  ASSERT_TRUE(store->AppendAudit("c", "three"));
  auto v = store->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->entries, 3);
  EXPECT_FALSE(v->broken_at.has_value());
  EXPECT_EQ(v->head_hash.size(), 64u);

  SQLite::Database raw(dir.File("i.db"), SQLite::OPEN_READWRITE);
  EXPECT_THROW(raw.exec("UPDATE audit_log SET details = 'x' WHERE seq = 2"), SQLite::Exception);
  EXPECT_THROW(raw.exec("DELETE FROM audit_log WHERE seq = 2"), SQLite::Exception);
}

// A record at `path` whose audit log holds four entries.
std::unique_ptr<IncidentStore> FourAuditEntries(const std::string& path) {
  auto store = *IncidentStore::Open(path, {.mode = StoreMode::kCreateIfMissing});
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(store->AppendAudit("step", std::to_string(i)));
  return store;
}

// Runs `sql` on the file at `path` behind the store's back.
void ExecRaw(const std::string& path, std::initializer_list<const char*> sql) {
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  for (const char* s : sql) raw.exec(s);
}

TEST(IncidentStore, AuditVerificationFindsAnEditBehindTheTriggersBack) {
  ScopedTempDir dir;
  auto store = FourAuditEntries(dir.File("i.db"));
  ExecRaw(dir.File("i.db"), {"DROP TRIGGER audit_log_no_update",
                             "UPDATE audit_log SET details = 'forged' WHERE seq = 3"});
  auto v = store->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->broken_at, 3);

  ExecRaw(dir.File("i.db"),
          {"UPDATE audit_log SET details = '2' WHERE seq = 3",  // put it back
           "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 2"});
  v = store->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->broken_at, 2);
}

TEST(IncidentStore, AuditVerificationFindsTheLastEntriesRemoved) {
  ScopedTempDir dir;
  auto store = FourAuditEntries(dir.File("i.db"));
  ExecRaw(dir.File("i.db"), {"DROP TRIGGER audit_log_no_delete",
                             "DELETE FROM audit_log WHERE seq >= 3"});  // 1..2 still whole
  auto v = store->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->entries, 2);
  EXPECT_EQ(v->broken_at, 3);
}

TEST(IncidentStore, DocumentsAreRecorded) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->RecordDocument({"cnil", "out/cnil.pdf", std::string(64, 'a'), 42, ""}));
  auto docs = store->Documents();
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].kind, "cnil");
  EXPECT_EQ((*docs)[0].generated_at, 42);
}

// A file written A, then B, then A again is A on disk: the last row of its path says so
// (helper-70: the register listed B, kept as the last row, since A's row was older).
TEST(IncidentStore, AFileWrittenBackToAnEarlierContentIsItsLastVersion) {
  auto store = OpenMemory();
  const std::string a(64, 'a'), b(64, 'b');
  for (const std::string& sha : {a, b, a, a}) {
    ASSERT_TRUE(store->RecordDocument({"letters-manifest", "L/manifest.csv", sha, 42, ""}));
  }
  auto docs = store->Documents();
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 3u);  // A, B, A: each version in the order written, A once at last
  EXPECT_EQ((*docs)[1].sha256, b);
  EXPECT_EQ(docs->back().sha256, a);
}

TEST(IncidentStore, ForeignKeysAreEnforced) {
  ScopedTempDir dir;
  ASSERT_TRUE(IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing}));
  auto store = *IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kReadWrite});
  EXPECT_THROW(
      Connection(*store).exec("INSERT INTO message (source_id, idx, byte_offset, byte_length, "
                              "raw_sha256) VALUES (999, 0, 0, 0, 'x')"),
      SQLite::Exception);
}

}  // namespace
}  // namespace breachkit

namespace breachkit {
namespace {

TEST(IncidentStore, UpgradesAVersion1RecordInPlace) {
  ScopedTempDir dir;
  const std::string path = dir.File("v1.db");
  {
    // A record as the first released breachkit wrote it (tests/data/schema/incident-v1.sql).
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(testing::ReadFile(testing::SourcePath("tests/data/schema/incident-v1.sql")));
    v1.exec(
        "INSERT INTO incident (id, hmac_key, created_at, updated_at, title) "
        "VALUES (1, x'00', 1, 1, 'old incident')");
    v1.exec(
        "INSERT INTO source (id, path, size, sha256, format, ingested_at) "
        "VALUES (1, 'a.mbox', 10, 'abc', 'mbox', 1)");
    v1.exec(
        "INSERT INTO message (id, source_id, idx, byte_offset, byte_length, raw_sha256) "
        "VALUES (1, 1, 0, 0, 10, 'r')");
    v1.exec(
        "INSERT INTO party (id, address_key, address, domain) "
        "VALUES (1, 'jean@example.fr', 'Jean@example.fr', 'example.fr')");
    v1.exec("INSERT INTO recipient (message_id, field, position, party_id) VALUES (1, 'to', 0, 1)");
    ASSERT_EQ(v1.execAndGet("PRAGMA user_version").getInt(), 1);
  }
  // A read-only open refuses to work on an old schema and says how to upgrade.
  auto ro = IncidentStore::Open(path, {.mode = StoreMode::kReadOnly});
  ASSERT_FALSE(ro);
  EXPECT_NE(ro.error().message.find("upgrade"), std::string::npos);

  auto store = IncidentStore::Open(path, {.mode = StoreMode::kReadWrite});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_FALSE((*store)->created());
  EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ((*store)->LoadIncident()->title, "old incident");
  SQLite::Database& db = Connection(**store);
  EXPECT_EQ(db.execAndGet("SELECT address FROM recipient").getString(), "Jean@example.fr");
  EXPECT_EQ(db.execAndGet("SELECT recovered FROM recipient").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT envelope_from FROM message").getString(), "");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM v_recipients").getInt(), 1);
}

TEST(IncidentStore, UpgradesAVersion2RecordAndKeepsItsIncident) {
  ScopedTempDir dir;
  {
    SQLite::Database v2(dir.File("v2.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v2.exec(testing::ReadFile(testing::SourcePath("tests/data/schema/incident-v2.sql")));
    v2.exec(
        "INSERT INTO incident (id, hmac_key, created_at, updated_at, late_reason) "
        "VALUES (1, x'00', 1, 1, 'week-end')");
  }
  auto store = IncidentStore::Open(dir.File("v2.db"), {.mode = StoreMode::kReadWrite});
  ASSERT_TRUE(store) << store.error().message;
  auto info = (*store)->LoadIncident();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->late_reason, "week-end");
  EXPECT_EQ(info->notify_band, "medium");
  EXPECT_EQ(info->large_audience, 100);
  EXPECT_EQ(info->regime, "gdpr");  // every record before v15 was under the GDPR's 72 hours
  EXPECT_EQ(info->deadline_hours, 72);
  EXPECT_EQ(info->consequences, "");
}

TEST(IncidentStore, ANewRecordHas16KbPagesAnOldOneKeepsItsOwn) {
  ScopedTempDir dir;
  {
    auto store = IncidentStore::Open(dir.File("new.db"), {.mode = StoreMode::kCreateIfMissing});
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(Connection(**store).execAndGet("PRAGMA page_size").getInt(), 16384);
  }
  {
    SQLite::Database old(dir.File("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec("PRAGMA page_size = 4096");
    old.exec(testing::ReadFile(testing::SourcePath("tests/data/schema/incident-v3.sql")));
  }
  auto store = IncidentStore::Open(dir.File("old.db"), {.mode = StoreMode::kReadWrite});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(Connection(**store).execAndGet("PRAGMA page_size").getInt(), 4096);
}

TEST(IncidentStore, TemporaryFilesGoBesideTheRecordNotToVarTmp) {
  ScopedTempDir dir;
  const std::string folder = dir.File("it's here");
  std::filesystem::create_directory(folder);
  auto store = IncidentStore::Open(folder + "/i.db", {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(Connection(**store).execAndGet("PRAGMA temp_store_directory").getString(),
            std::filesystem::absolute(folder).string());
}

std::vector<std::string> IndexesOf(const std::string& path) {
  return testing::QueryColumn(path,
                              "SELECT name || ' ' || sql FROM sqlite_schema WHERE "
                              "type = 'index' AND sql IS NOT NULL ORDER BY name");
}

// Letters to 50,000 persons record 50,000 documents: each must find its person and check its
// path through an index. The plan scanned the party table (an OR of two lookups) and the
// document table (no index on path) once per letter: quadratic.
TEST(IncidentStore, RecordingADocumentScansNoTable) {
  ScopedTempDir dir;
  const std::string path = dir.File("i.db");
  ASSERT_TRUE(IncidentStore::Open(path, {.mode = StoreMode::kCreateIfMissing}));
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN ") + kRecordDocumentSql);
  int steps = 0;
  for (; plan.executeStep(); ++steps) {
    const std::string detail = plan.getColumn(3).getString();  // "SEARCH party USING …"
    EXPECT_FALSE(detail.starts_with("SCAN") && detail != "SCAN CONSTANT ROW") << detail;
  }
  EXPECT_GE(steps, 3);
}

// Each new source looks up an unfinished one at its path, while the indexes are deferred (a
// first ingestion): a Maildir of 22,000 files scanned the source table once per file.
TEST(IncidentStore, ANewSourcesLookUpScansNoTableEvenDuringABulkLoad) {
  ScopedTempDir dir;
  const std::string path = dir.File("i.db");
  auto store = IncidentStore::Open(path, {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->DeferIndexes());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN ") + kFindUnfinishedSourceSql);
  int steps = 0;
  for (; plan.executeStep(); ++steps) {
    const std::string detail = plan.getColumn(3).getString();
    EXPECT_FALSE(detail.starts_with("SCAN source")) << detail;
  }
  EXPECT_GE(steps, 1);
}

TEST(IncidentStore, DeferredIndexesComeBackOnRestoreAndOnTheNextOpen) {
  ScopedTempDir dir;
  const std::string path = dir.File("i.db");
  std::vector<std::string> all;
  {
    auto store = IncidentStore::Open(path, {.mode = StoreMode::kCreateIfMissing});
    ASSERT_TRUE(store);
    all = IndexesOf(path);
    // v8: exposure_message went with its table; v16: document_path, source_unfinished; v18:
    // list_address_message.
    ASSERT_EQ(all.size(), 11u);
    ASSERT_TRUE((*store)->DeferIndexes());
    // Only the indexes ingestion reads while it writes, and the one whose rows come in its
    // own order, are left.
    const auto left = IndexesOf(path);
    ASSERT_EQ(left.size(), 3u);
    EXPECT_TRUE(left[0].starts_with("finding_message ")) << left[0];
    EXPECT_TRUE(left[1].starts_with("message_raw_sha256 ")) << left[1];
    EXPECT_TRUE(left[2].starts_with("source_unfinished ")) << left[2];
    ASSERT_TRUE((*store)->RestoreIndexes());
    EXPECT_EQ(IndexesOf(path), all);
    // Killed after deferring them: the process ends with the indexes gone ...
    ASSERT_TRUE((*store)->DeferIndexes());
  }
  EXPECT_EQ(IndexesOf(path).size(), 3u);
  // ... and the next command that opens the record to write builds them again.
  ASSERT_TRUE(IncidentStore::Open(path, {.mode = StoreMode::kReadWrite}));
  EXPECT_EQ(IndexesOf(path), all);
}

class MigratedSchema : public ::testing::TestWithParam<const char*> {};

TEST_P(MigratedSchema, EqualsAFreshOne) {
  ScopedTempDir dir;
  {
    SQLite::Database v1(dir.File("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(testing::ReadFile(testing::SourcePath(GetParam())));
  }
  ASSERT_TRUE(IncidentStore::Open(dir.File("old.db"), {.mode = StoreMode::kReadWrite}));
  ASSERT_TRUE(IncidentStore::Open(dir.File("new.db"), {.mode = StoreMode::kCreateIfMissing}));
  auto columns = [](const std::string& path) {
    return testing::QueryColumn(
        path,
        "SELECT m.name || '.' || p.name || ':' || p.type || ':' || p.\"notnull\" "
        "FROM sqlite_schema m, pragma_table_info(m.name) p "
        "WHERE m.type IN ('table', 'view') "
        "UNION ALL SELECT 'index ' || name || ': ' || sql FROM sqlite_schema "
        "WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1");
  };
  EXPECT_EQ(columns(dir.File("old.db")), columns(dir.File("new.db")));
}

INSTANTIATE_TEST_SUITE_P(
    EveryOldVersion, MigratedSchema,
    ::testing::Values("tests/data/schema/incident-v1.sql", "tests/data/schema/incident-v2.sql",
                      "tests/data/schema/incident-v3.sql", "tests/data/schema/incident-v4.sql",
                      "tests/data/schema/incident-v5.sql", "tests/data/schema/incident-v6.sql",
                      "tests/data/schema/incident-v7.sql", "tests/data/schema/incident-v8.sql",
                      "tests/data/schema/incident-v9.sql", "tests/data/schema/incident-v10.sql",
                      "tests/data/schema/incident-v11.sql", "tests/data/schema/incident-v12.sql",
                      "tests/data/schema/incident-v13.sql", "tests/data/schema/incident-v14.sql",
                      "tests/data/schema/incident-v15.sql", "tests/data/schema/incident-v16.sql",
                      "tests/data/schema/incident-v17.sql"));

}  // namespace
}  // namespace breachkit
