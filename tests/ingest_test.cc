// `breachkit ingest` and `breachkit messages` as a user runs them.
#include "core/ingest/ingest.h"

#include <filesystem>
#include <map>
#include <regex>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "core/ingest/scan.h"
#include "core/mail/mime_parser.h"
#include "core/store/connection.h"
#include "core/store/exposure_loader.h"
#include "core/store/first_owners.h"
#include "core/store/ingest_writer.h"
#include "core/store/store.h"
#include "core/util/hash.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::ReadFile;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::WriteFile;

std::string Message(const std::string& from, const std::string& to, const std::string& subject,
                    const std::string& body = "body\n") {
  return "From: " + from + "\nTo: " + to + "\nSubject: " + subject +
         "\nDate: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <" + subject + "@example.com>\n\n" +
         body;
}

std::string Mbox(const std::vector<std::string>& messages) {
  std::string out;
  for (const auto& m : messages)
    out += "From sender@example.com Fri Sep 12 09:30:00 2025\n" + m + "\n";
  return out;
}

// A record of the sample leak (the profile of its organisation, its mbox) at `db`.
bool IngestSampleLeak(const std::string& db) {
  return RunBreachkit({"--db", db, "init", "--org",
                       testing::SourcePath("schemas/examples/organisation.xml")})
                 .exit_code == 0 &&
         RunBreachkit(
             {"--db", db, "ingest", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"})
                 .exit_code == 0;
}

std::vector<nlohmann::json> ListJson(const std::string& db) {
  auto r = RunBreachkit({"--db", db, "messages", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::vector<std::string> IndexNames(const std::string& db_path) {
  return testing::QueryColumn(
      db_path,
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
}

TEST(Ingest, AFirstIngestionBuildsItsIndexesAtTheEndAndTheRecordIsTheSame) {
  // Into an empty record the indexes are dropped for the load and built at the end; into a
  // record that holds mail they are kept up to date. Both records must read the same.
  ScopedTempDir dir;
  WriteFile(dir.File("a.mbox"), Mbox({Message("a@example.com", "b@example.com, c@example.com",
                                              "one", "IBAN FR76 3000 6000 0112 3456 7890 189\n"),
                                      Message("b@example.com", "a@example.com", "two")}));
  WriteFile(dir.File("b.mbox"),
            Mbox({Message("c@example.com", "a@example.com", "three", "tél 06 12 34 56 78\n")}));
  WriteFile(dir.File("first.mbox"), Mbox({Message("d@example.com", "e@example.com", "zero")}));
  const std::string bulk = dir.File("bulk.db"), kept = dir.File("kept.db");
  // bulk: both files in one first ingestion; kept: one message first, then the same files.
  ASSERT_EQ(RunBreachkit({"--db", bulk, "ingest", dir.File("first.mbox"), dir.File("a.mbox"),
                          dir.File("b.mbox")})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", kept, "ingest", dir.File("first.mbox")}).exit_code, 0);
  ASSERT_EQ(
      RunBreachkit({"--db", kept, "ingest", dir.File("a.mbox"), dir.File("b.mbox")}).exit_code, 0);
  const std::vector<std::string> expected{
      "defect_message", "defect_source",        "document_path",     "finding_message",
      "finding_part",   "list_address_message", "message_duplicate", "message_message_id",
      "message_parent", "message_raw_sha256",   "source_unfinished"};
  EXPECT_EQ(IndexNames(bulk), expected);
  EXPECT_EQ(IndexNames(kept), expected);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"summary"}, {"messages", "--json"}, {"subjects", "--json"}}) {
    std::vector<std::string> a{"--db", bulk}, b{"--db", kept};
    a.insert(a.end(), args.begin(), args.end());
    b.insert(b.end(), args.begin(), args.end());
    auto ra = RunBreachkit(a), rb = RunBreachkit(b);
    ASSERT_EQ(ra.exit_code, 0) << ra.err;
    // The summary's title names the record.
    EXPECT_EQ(std::regex_replace(ra.out, std::regex("bulk\\.db"), "kept.db"), rb.out) << args[0];
  }
  SQLite::Database db(bulk, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(Ingest, AnIncompleteSourceIsWipedWithItsRowsAndTheChecksAreBackOnAfterwards) {
  // The writer loads without per-row foreign-key checks; wiping an incomplete source needs
  // them (its messages' rows go by cascade), and the record's connection must have them
  // again once ingestion is over.
  ScopedTempDir dir;
  WriteFile(dir.File("leak.mbox"),
            Mbox({Message("a@example.com", "b@example.com, c@example.com", "one",
                          "IBAN FR76 3000 6000 0112 3456 7890 189\n"),
                  Message("b@example.com", "a@example.com", "two", "tél 06 12 34 56 78\n")}));
  auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store) << store.error().message;
  SQLite::Database& db = Connection(**store);
  auto counts = [&] {
    std::string out;
    for (const char* t : {"source", "message", "recipient", "part", "finding", "party"}) {
      out += std::string(t) + "=" +
             db.execAndGet(std::string("SELECT count(*) FROM ") + t).getString() + " ";
    }
    return out;
  };
  ASSERT_TRUE(Ingest(**store, {dir.File("leak.mbox")}, {}));
  const std::string first = counts();
  EXPECT_EQ(db.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  // As if the run had been killed before the source was finished.
  db.exec("UPDATE source SET complete = 0");
  auto again = Ingest(**store, {dir.File("leak.mbox")}, {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->sources_new, 1);
  EXPECT_EQ(counts(), first);
  EXPECT_EQ(db.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  SQLite::Statement check(db, "PRAGMA foreign_key_check");
  EXPECT_FALSE(check.executeStep());
  EXPECT_THROW(db.exec("INSERT INTO recipient (message_id, field, position, party_id) "
                       "VALUES (999999, 'to', 0, 999999)"),
               SQLite::Exception);
}

TEST(Ingest, EveryRecipientOfALongListIsRecordedInOrder) {
  // Recipients are written 32 rows a statement, the rest one by one: 70 = 32 + 32 + 6.
  ScopedTempDir dir;
  std::string to, cc;
  for (int i = 0; i < 64; ++i)
    to += (i ? ", " : "") + fmt::format("\"Person {}\" <p{}@example.org>", i, i);
  for (int i = 64; i < 69; ++i) cc += (i > 64 ? ", " : "") + fmt::format("p{}@example.org", i);
  WriteFile(dir.File("long.eml"),
            "From: hr@example.com\nTo: " + to + "\nCc: " + cc + "\nSubject: long\n\nbody\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("long.eml")}).exit_code, 0);
  const auto rows = ListJson(db);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]["from"].size(), 1u);
  EXPECT_EQ(rows[0]["from"][0]["address"], "hr@example.com");
  const auto& to_list = rows[0]["to"];
  const auto& cc_list = rows[0]["cc"];
  ASSERT_EQ(to_list.size(), 64u);
  ASSERT_EQ(cc_list.size(), 5u);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(to_list[i]["address"], fmt::format("p{}@example.org", i)) << i;
    EXPECT_EQ(to_list[i]["name"], fmt::format("Person {}", i)) << i;
  }
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(cc_list[i]["address"], fmt::format("p{}@example.org", 64 + i)) << i;
    EXPECT_EQ(cc_list[i]["name"], "") << i;
  }
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM recipient").getInt(), 70);
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(position) FROM (SELECT position FROM recipient "
                           "ORDER BY position)")
                .getString(),
            [] {
              std::string all;
              for (int i = 0; i < 70; ++i) all += (i ? "," : "") + std::to_string(i);
              return all;
            }());
}

TEST(Ingest, EveryDisplayNameOfAPersonIsCountedWhateverTheLetterCase) {
  // Names are counted in memory for a batch and added to the record at each commit: a name
  // seen in two batches adds up, two names of one person stay two, and the address's letter
  // case does not make another person.
  ScopedTempDir dir;
  std::vector<std::string> messages;
  for (int i = 0; i < 620; ++i) {  // more than one batch of 500
    const std::string to = i % 2 ? "\"Léa Martin\" <Lea.Martin@example.org>"
                                 : "\"L. Martin\" <lea.martin@example.org>";
    messages.push_back(Message("\"HR\" <hr@example.com>", to + ", \"Théo\" <theo@example.org>",
                               fmt::format("m{}", i)));
  }
  WriteFile(dir.File("names.mbox"), Mbox(messages));
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("names.mbox")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::QueryColumn(db,
                                 "SELECT p.address_key || '|' || n.name || '|' || n.seen "
                                 "FROM party_name n JOIN party p ON p.id = n.party_id "
                                 "ORDER BY p.address_key, n.name"),
            (std::vector<std::string>{
                "hr@example.com|HR|620", "lea.martin@example.org|L. Martin|310",
                "lea.martin@example.org|Léa Martin|310", "theo@example.org|Théo|620"}));
}

TEST(Ingest, TheWriterStoresOnlySealedFindings) {
  // Masked previews and keyed hashes are made where the message is scanned (SealFindings);
  // a finding that reaches the writer without them is refused (and its batch rolled back),
  // never hashed there or stored without its hash.
  ScopedTempDir dir;
  auto mail = ParseMail(Message("a@example.com", "b@example.com", "one", "tél 06 12 34 56 78\n"));
  ASSERT_TRUE(mail);
  auto write = [&](const std::string& db,
                   const std::vector<std::vector<LocatedFinding>>& findings) {
    auto store = IncidentStore::Open(db, {.mode = StoreMode::kCreateIfMissing});
    EXPECT_TRUE(store) << store.error().message;
    std::string hmac_key;
    bool written = false;
    {
      auto writer = IngestWriter::Create(**store);
      EXPECT_TRUE(writer);
      auto source = (*writer)->BeginSource({"x.eml", 1, std::string(64, 'a'), "eml"});
      EXPECT_TRUE(source && *source);
      written =
          (*writer)->AddMail(**source, {0, 0, 1, std::string(64, 'b'), "", ""}, *mail, findings) &&
          (*writer)->Finish();
    }
    std::vector<std::string> hashes;
    SQLite::Statement q(Connection(**store), "SELECT keyed_hash FROM finding");
    while (q.executeStep()) hashes.push_back(q.getColumn(0).getString());
    return std::make_pair(written, hashes);
  };
  auto findings = ScanMail(*mail);
  ASSERT_EQ(findings[0].size(), 1u);
  const auto refused = write(dir.File("a.db"), findings);
  EXPECT_FALSE(refused.first);
  EXPECT_TRUE(refused.second.empty());
  auto key = IncidentStore::Open(dir.File("b.db"), {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(key);
  SealFindings(*(*key)->HmacKey(), &findings);
  key->reset();
  EXPECT_EQ(findings[0][0].masked_preview.find("12 34"), std::string::npos);
  const auto stored = write(dir.File("b.db"), findings);
  EXPECT_TRUE(stored.first);
  EXPECT_EQ(stored.second, std::vector<std::string>{findings[0][0].keyed_hash});
}

TEST(Ingest, ARecipientRowTheRecordRefusesFailsTheBatchNeverVanishes) {
  // Recipients are inserted OR IGNORE (no statement journal); the writer counts what each
  // statement inserted. A row already in the way (here planted by hand where the next
  // message's second recipient goes) must fail the batch, not disappear.
  ScopedTempDir dir;
  auto mail = ParseMail(Message("a@example.com", "b@example.com, c@example.com", "one"));
  ASSERT_TRUE(mail);
  ASSERT_EQ(mail->messages[0].addresses.size(), 3u);
  auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store) << store.error().message;
  auto writer = IngestWriter::Create(**store);
  ASSERT_TRUE(writer);
  auto source = (*writer)->BeginSource({"x.eml", 1, std::string(64, 'a'), "eml"});
  ASSERT_TRUE(source && *source);
  Connection(**store).exec(
      "INSERT INTO recipient (message_id, field, position, party_id) VALUES (1, 'to', 1, 1)");
  auto st = (*writer)->AddMail(**source, {0, 0, 1, std::string(64, 'b'), "", ""}, *mail);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_NE(st.error().message.find("refused 1 recipient row"), std::string::npos)
      << st.error().message;
}

TEST(Ingest, MboxIsRecordedWithSpansAndIngestingTwiceChangesNothing) {
  ScopedTempDir dir;
  const std::string mbox = Mbox({Message("a@example.com", "b@example.com, C@Example.COM", "one"),
                                 Message("b@example.com", "a@example.com", "two")});
  WriteFile(dir.File("leak.mbox"), mbox);
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("leak.mbox")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ingested 1 new source"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 messages"), std::string::npos) << r.out;

  const auto rows = ListJson(db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["index"], 0);
  EXPECT_EQ(rows[1]["index"], 1);
  EXPECT_EQ(rows[0]["offset"], 0);
  EXPECT_EQ(rows[1]["offset"], rows[0]["length"]);
  EXPECT_EQ(rows[0]["length"].get<uint64_t>() + rows[1]["length"].get<uint64_t>(), mbox.size());
  EXPECT_EQ(rows[0]["message_id"], "<one@example.com>");
  EXPECT_EQ(rows[0]["date"], "2025-09-12T09:30:00+02:00");
  ASSERT_EQ(rows[0]["to"].size(), 2u);
  EXPECT_EQ(rows[0]["to"][1]["address"], "C@example.com");
  EXPECT_TRUE(rows[0]["parent"].is_null());

  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("SELECT sha256 FROM source").getString(), Sha256Hex(mbox));
    EXPECT_EQ(raw.execAndGet("SELECT size FROM source").getInt64(),
              static_cast<int64_t>(mbox.size()));
    EXPECT_EQ(raw.execAndGet("SELECT format FROM source").getString(), "mbox");
    // C@Example.COM and c@example.com would be one party; here b and C are two of three.
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM party").getInt(), 3);
  }
  // The mbox's hash says it is known, whether it is made before the first message (one
  // thread) or beside the first messages being prepared (a pool).
  for (const char* threads : {"1", "4"}) {
    auto again = RunBreachkit({"--db", db, "ingest", "--threads", threads, dir.File("leak.mbox")});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.out.find("ingested 0 new sources"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("1 already in the record"), std::string::npos) << again.out;
  }
  EXPECT_EQ(ListJson(db), rows);
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM message").getInt(), 2);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'ingest'").getInt(), 1);
}

TEST(Ingest, SameMailInTwoSourcesCountsOnce) {
  ScopedTempDir dir;
  const std::string m = Message("a@example.com", "b@example.com", "dup");
  WriteFile(dir.File("one.eml"), m);
  WriteFile(dir.File("box.mbox"), Mbox({m, Message("x@example.com", "y@example.com", "other")}));
  const std::string db = dir.File("i.db");
  auto r =
      RunBreachkit({"--db", db, "ingest", dir.File("one.eml"), dir.File("box.mbox"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["messages"], 3);
  EXPECT_EQ(summary["duplicate_messages"], 1);
  int duplicates = 0;
  for (const auto& row : ListJson(db)) duplicates += row["duplicate"].get<bool>();
  EXPECT_EQ(duplicates, 1);
}

TEST(Ingest, MaildirAndFoldersAreWalkedAndNonMailIsListedNotLost) {
  ScopedTempDir dir;
  const std::string md = dir.File("Maildir");
  for (const char* sub : {"", "/cur", "/new", "/tmp", "/.Sent", "/.Sent/cur", "/.Sent/new"})
    ::mkdir((md + sub).c_str(), 0700);
  WriteFile(md + "/cur/1.host:2,S", Message("a@example.com", "b@example.com", "cur"));
  WriteFile(md + "/new/2.host", Message("c@example.com", "d@example.com", "new"));
  WriteFile(md + "/tmp/3.host", Message("e@example.com", "f@example.com", "tmp"));
  WriteFile(md + "/.Sent/cur/4.host:2,S", Message("g@example.com", "h@example.com", "sent"));
  WriteFile(md + "/dovecot-uidlist", "3 V1 N5\n");
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", md});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped " + md + "/dovecot-uidlist: not mail"), std::string::npos) << r.err;
  std::set<std::string> subjects;
  for (const auto& row : ListJson(db)) subjects.insert(row["subject"]);
  EXPECT_EQ(subjects, (std::set<std::string>{"cur", "new", "sent"}));  // tmp/ is in delivery
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM source WHERE format = 'maildir'").getInt(), 3);
}

// A file's first 4 KB tell its format and are the first bytes of the message: the rest is
// read after them, from the same opening. Messages of either side of that size are read whole:
// their hash is the file's and a phone number written at their end is found.
TEST(Ingest, AFileIsReadWholeWhateverItsSizeAroundTheHeadThatToldItsFormat) {
  ScopedTempDir dir;
  for (const char* sub : {"box", "box/cur", "box/new", "box/tmp"})
    ::mkdir(dir.File(sub).c_str(), 0700);
  std::map<std::string, std::string> hashes;
  for (const size_t size : {4095u, 4096u, 4097u, 70000u, 140001u}) {
    const std::string n = std::to_string(size);
    const std::string tail = "Mon numéro : 06 39 98 " + std::to_string(size % 90 + 10) + " 61\n";
    std::string m = Message("p" + n + "@example.com", "q" + n + "@example.com", "s" + n, "");
    const size_t filler = size - m.size() - tail.size();
    for (size_t i = 0; i < filler; ++i) m += (i % 64 == 63) ? '\n' : 'x';
    m += tail;
    ASSERT_EQ(m.size(), size);
    const std::string path = dir.File("box/cur/m" + n + ":2,S");
    WriteFile(path, m);
    hashes[path] = Sha256Hex(m);
  }
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "-q", "ingest", dir.File("box")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(raw, "SELECT path, sha256 FROM source");
  std::map<std::string, std::string> read;
  while (q.executeStep()) read[q.getColumn(0).getString()] = q.getColumn(1).getString();
  EXPECT_EQ(read, hashes);
  auto phones = RunBreachkit({"--db", db, "findings", "--json"});
  ASSERT_EQ(phones.exit_code, 0) << phones.err;
  size_t found = 0;
  std::istringstream lines(phones.out);
  for (std::string line; std::getline(lines, line);)
    found += nlohmann::json::parse(line)["category"] == "phone";
  EXPECT_EQ(found, hashes.size()) << phones.out;
}

TEST(Ingest, AFolderWalkListsSymlinksAndFifosAsSkipped) {
  ScopedTempDir dir;
  const std::string leak = dir.File("leak");
  ::mkdir(leak.c_str(), 0700);
  WriteFile(leak + "/1.eml", Message("a@example.com", "b@example.com", "one"));
  WriteFile(dir.File("outside.eml"), Message("c@example.com", "d@example.com", "outside"));
  ASSERT_EQ(::symlink(dir.File("outside.eml").c_str(), (leak + "/link.eml").c_str()), 0);
  ASSERT_EQ(::mkfifo((leak + "/pipe").c_str(), 0600), 0);
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", leak});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped " + leak + "/link.eml: symbolic link, not followed"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("skipped " + leak + "/pipe: FIFO (named pipe), not read"), std::string::npos)
      << r.err;
  std::set<std::string> subjects;
  for (const auto& row : ListJson(db)) subjects.insert(row["subject"]);
  EXPECT_EQ(subjects, (std::set<std::string>{"one"}));
  auto json = RunBreachkit({"--db", dir.File("j.db"), "ingest", "--json", leak});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["skipped_files"], 2) << json.out;
}

// One mailbox, one person: its IDN domain in A-labels in one message and in U-labels (in
// another letter case) in the next.
TEST(Ingest, AnIdnMailboxWrittenTwoWaysIsOnePersonWithoutADefect) {
  ScopedTempDir dir;
  WriteFile(dir.File("box.mbox"),
            Mbox({Message("a@example.com", "neko@xn--cesupi09d.jp", "one"),
                  Message("a@example.com", "Neko <Neko@\u5730\u57df\u732b.JP>", "two")}));
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("box.mbox")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::QueryColumn(db,
                                 "SELECT address_key || ' ' || address FROM party "
                                 "WHERE address_key LIKE 'neko@%'"),
            (std::vector<std::string>{"neko@\u5730\u57df\u732b.jp neko@\u5730\u57df\u732b.jp"}));
  for (const auto& row : ListJson(db)) {
    EXPECT_EQ(row["defects"].size(), 0u) << row.dump();
  }
}

TEST(Ingest, StandardInput) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto r =
      RunBreachkit({"--db", db, "ingest", "-"}, Message("a@example.com", "b@example.com", "stdin"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = ListJson(db);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["source"], "-");
  EXPECT_EQ(rows[0]["subject"], "stdin");
}

TEST(Ingest, ANamedFileThatIsNotMailIsRecordedUnparsedAndTheRunIsPartial) {
  ScopedTempDir dir;
  WriteFile(dir.File("photo.jpg"), std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11));
  WriteFile(dir.File("good.eml"), Message("a@example.com", "b@example.com", "good"));
  WriteFile(dir.File("empty.eml"), "");
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit(
      {"--db", db, "ingest", dir.File("photo.jpg"), dir.File("good.eml"), dir.File("empty.eml")});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("1 unparsed"), std::string::npos) << r.out;
  // The empty file holds nothing: skipped, said and recorded (an unparsed message before).
  EXPECT_NE(r.err.find(dir.File("empty.eml") + ": empty file"), std::string::npos) << r.err;
  const auto rows = ListJson(db);
  ASSERT_EQ(rows.size(), 2u);
  std::map<std::string, nlohmann::json> by_source;
  for (const auto& row : rows) by_source[row["source"]] = row;
  EXPECT_NE(by_source[dir.File("photo.jpg")]["unparsed"].get<std::string>().find("not an e-mail"),
            std::string::npos);
  EXPECT_EQ(by_source[dir.File("photo.jpg")]["length"], 11);
  EXPECT_TRUE(by_source[dir.File("good.eml")]["unparsed"].is_null());
}

TEST(Ingest, AMissingInputIsAnErrorBeforeAnythingIsWritten) {
  ScopedTempDir dir;
  WriteFile(dir.File("good.eml"), Message("a@example.com", "b@example.com", "good"));
  const std::string db = dir.File("i.db");
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("good.eml"), dir.File("typo.mbox")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.File("typo.mbox")), std::string::npos) << r.err;
  // Not even an empty record: nothing is written for a mistyped path.
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(Ingest, AnUnreadableFileInAFolderIsAProblemAndTheRestIsRead) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  ScopedTempDir dir;
  ::mkdir(dir.File("box").c_str(), 0700);
  WriteFile(dir.File("box/a.eml"), Message("a@example.com", "b@example.com", "readable"));
  WriteFile(dir.File("box/b.eml"), Message("c@example.com", "d@example.com", "locked"));
  ::chmod(dir.File("box/b.eml").c_str(), 0);
  auto r = RunBreachkit({"--db", dir.File("i.db"), "ingest", dir.File("box")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("b.eml"), std::string::npos);
  EXPECT_EQ(ListJson(dir.File("i.db")).size(), 1u);
}

// What a folder's walk did not read (an empty file, a file that is not mail, a link) is
// recorded, not only told on stderr: the audit log names each, summary counts each once
// however many ingestions met it.
TEST(Ingest, TheFilesOfAFolderNotReadAreRecorded) {
  ScopedTempDir dir;
  ::mkdir(dir.File("box").c_str(), 0700);
  WriteFile(dir.File("box/a.eml"), Message("a@example.com", "b@example.com", "readable"));
  WriteFile(dir.File("box/empty.eml"), "");
  WriteFile(dir.File("box/notes.txt"), "not mail at all\n");
  ASSERT_EQ(::symlink(dir.File("box/a.eml").c_str(), dir.File("box/link.eml").c_str()), 0);
  const std::string db = dir.File("i.db");
  for (int run = 0; run < 2; ++run) {
    auto r = RunBreachkit({"--db", db, "ingest", dir.File("box")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  const auto audit = testing::QueryColumn(
      db, "SELECT details FROM audit_log WHERE action = 'ingest.skipped' ORDER BY seq");
  ASSERT_EQ(audit.size(), 6u);  // three files, twice
  EXPECT_NE(std::find(audit.begin(), audit.end(), dir.File("box/empty.eml") + ": empty file"),
            audit.end());
  const auto summary = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  ASSERT_EQ(summary["files_not_read"].size(), 3u) << summary["files_not_read"];
  EXPECT_EQ(summary["files_not_read"][1],
            dir.File("box/link.eml") + ": symbolic link, not followed");
  EXPECT_NE(RunBreachkit({"--db", db, "summary"})
                .out.find("Files not read (breachkit audit lists them):"),
            std::string::npos);
  // A folder with nothing in it is told and recorded too, not read as "0 messages".
  ::mkdir(dir.File("nothing").c_str(), 0700);
  auto empty = RunBreachkit({"--db", db, "ingest", dir.File("nothing")});
  EXPECT_NE(empty.err.find("empty folder"), std::string::npos) << empty.err;
  const auto after = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  EXPECT_EQ(after["files_not_read"].size(), 4u) << after["files_not_read"];
  // So is an empty file named on the command line: it was "1 unparsed" and exit 3.
  WriteFile(dir.File("empty.mbox"), "");
  auto named = RunBreachkit({"--db", db, "ingest", dir.File("empty.mbox")});
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_NE(named.err.find("skipped " + dir.File("empty.mbox") + ": empty file"), std::string::npos)
      << named.err;
  EXPECT_NE(named.out.find("0 unparsed"), std::string::npos) << named.out;
  const auto last = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  EXPECT_EQ(last["files_not_read"].size(), 5u) << last["files_not_read"];
  EXPECT_EQ(last["unparsed_messages"], 0) << last;
}

// The same mailbox exported with LF and with CRLF line ends, and a copy of one of its mails
// from another mailbox (a header added), have other bytes: each mail counts once all the
// same (same Message-ID, Date, Subject and people). A mail with the same Message-ID, Date and
// Subject sent to someone else is another mail.
TEST(Ingest, TheSameMailInOtherBytesCountsOnce) {
  ScopedTempDir dir;
  const std::string mbox = Mbox({Message("rh@example.com", "a@x.example, b@x.example", "one"),
                                 Message("a@x.example", "rh@example.com", "two"),
                                 Message("b@x.example", "rh@example.com", "three")});
  std::string crlf;
  for (char c : mbox) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  WriteFile(dir.File("lf.mbox"), mbox);
  WriteFile(dir.File("crlf.mbox"), crlf);
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("lf.mbox"), dir.File("crlf.mbox")})
                .exit_code,
            0);
  auto summary = [&] {
    return nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  };
  EXPECT_EQ(summary()["messages"], 3) << summary();
  EXPECT_EQ(summary()["duplicate_messages"], 3);
  // Another mailbox's copy, in a later ingestion.
  WriteFile(dir.File("copy.eml"),
            "X-Folder: Sent\n" + Message("rh@example.com", "a@x.example, b@x.example", "one"));
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("copy.eml")}).exit_code, 0);
  EXPECT_EQ(summary()["messages"], 3);
  EXPECT_EQ(summary()["duplicate_messages"], 4);
  // Same Message-ID, Date and Subject, other people: another mail.
  WriteFile(dir.File("other.eml"), Message("rh@example.com", "c@x.example", "one"));
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("other.eml")}).exit_code, 0);
  EXPECT_EQ(summary()["messages"], 4);
  const auto audit = testing::QueryColumn(
      db, "SELECT details FROM audit_log WHERE details LIKE '%another copy of the same mail%'");
  EXPECT_EQ(audit.size(), 2u);
  // A recipient's copy (a Maildir's: Return-Path and Delivered-To added on delivery) is the
  // same mail when it was delivered to one of the mail's recipients (helper-75: a candidate's
  // Maildir doubled every figure).
  WriteFile(dir.File("maildir-copy.eml"),
            "Return-Path: <rh@example.com>\nDelivered-To: b@x.example\nX-Original-To: "
            "B@x.example\n" +
                Message("rh@example.com", "a@x.example, b@x.example", "one"));
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("maildir-copy.eml")}).exit_code, 0);
  EXPECT_EQ(summary()["messages"], 4);
  EXPECT_EQ(summary()["duplicate_messages"], 5);
  // A copy delivered to someone else is another exposure; a copy with a finding the first
  // has not (the first had its attachment stripped) keeps what only it shows.
  WriteFile(dir.File("delivered.eml"),
            "Delivered-To: compta@other.example\n" +
                Message("rh@example.com", "a@x.example, b@x.example", "one"));
  WriteFile(dir.File("more.eml"), Message("a@x.example", "rh@example.com", "two",
                                          "Mon IBAN : FR76 3000 6000 0112 3456 7890 189\n"));
  ASSERT_EQ(
      RunBreachkit({"-q", "--db", db, "ingest", dir.File("delivered.eml"), dir.File("more.eml")})
          .exit_code,
      0);
  EXPECT_EQ(summary()["messages"], 6);
  // Every duplicate points to an earlier message: the export imports back.
  ASSERT_EQ(
      RunBreachkit({"--db", db, "export", "--format", "xml", "-o", dir.File("r.xml")}).exit_code,
      0);
  auto imported = RunBreachkit({"--db", dir.File("back.db"), "import", dir.File("r.xml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(RunBreachkit({"--db", dir.File("back.db"), "summary", "--json"}).out,
            RunBreachkit({"--db", db, "summary", "--json"}).out);
}

// Outlook's recall, read from a record (whose messages' recipients are read with each
// message's tree), is in the recalled message's thread; a reminder to someone else is not
// (helper-74: "Threads: 3"; the first version read no recipient from a record).
TEST(Ingest, ARecallFromTheRecordIsInTheRecalledMessagesThread) {
  ScopedTempDir dir;
  auto mail = [](const std::string& to, const std::string& subject, const std::string& id,
                 const std::string& date) {
    return "From rh@example.org Tue Nov  4 09:12:00 2025\nFrom: rh@example.org\nTo: " + to +
           "\nSubject: " + subject + "\nMessage-ID: <" + id + "@example.org>\nDate: " + date +
           "\n\nBonjour\n\n";
  };
  WriteFile(
      dir.File("leak.mbox"),
      mail("x@gmail.example", "Paie octobre", "a", "Tue, 04 Nov 2025 09:12:00 +0100") +
          mail("x@gmail.example", "Rappel : Paie octobre", "b", "Tue, 04 Nov 2025 09:40:00 +0100") +
          mail("y@other.example", "Rappel : Paie octobre", "c", "Tue, 04 Nov 2025 10:40:00 +0100"));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("leak.mbox")}).exit_code, 0);
  const auto summary = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  EXPECT_EQ(summary["threads"], 2) << summary;
}

TEST(Ingest, NestedMessagesFollowTheirParent) {
  ScopedTempDir dir;
  const std::string fwd =
      "From: rh@example.com\nTo: friend@outside.example\nSubject: Fwd: original\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
      "Content-Type: text/plain\n\nFYI\n--B\nContent-Type: message/rfc822\n\n" +
      Message("rh@example.com", "c1@example.fr, c2@example.fr", "original") + "--B--\n";
  WriteFile(dir.File("fwd.eml"), fwd);
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("fwd.eml")}).exit_code, 0);
  const auto rows = ListJson(db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0]["parent"].is_null());
  EXPECT_EQ(rows[1]["parent"], 0);
  EXPECT_EQ(rows[1]["mime_path"], "2");
  EXPECT_EQ(rows[1]["subject"], "original");
  EXPECT_EQ(rows[1]["to"].size(), 2u);
  ASSERT_EQ(rows[0]["attachments"].size(), 1u);
  EXPECT_EQ(rows[0]["attachments"][0]["content_type"], "message/rfc822");
}

// A run killed after its last source was committed but before the evidence dates were
// written: the next run, with nothing new to read, must still put them on the timeline.
TEST(Ingest, ARunWithNothingNewStillRecordsTheEvidenceDates) {
  ScopedTempDir dir;
  WriteFile(dir.File("a.eml"), Message("a@example.com", "b@example.com, c@example.com", "x"));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("a.eml")}).exit_code, 0);
  auto count = [&] {
    SQLite::Database d(db);
    return d.execAndGet("SELECT count(*) FROM timeline_event WHERE origin = 'evidence'").getInt();
  };
  ASSERT_EQ(count(), 2);
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("DELETE FROM timeline_event WHERE origin = 'evidence'");
  }
  auto again = RunBreachkit({"--db", db, "ingest", dir.File("a.eml")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("1 already in the record"), std::string::npos) << again.out;
  EXPECT_EQ(count(), 2);
}

// Messages are parsed and scanned on worker threads and written in order by one: the record
// must be the same whatever the number of threads (keyed hashes aside: each record has its
// own key). The sample leak has a nested message, HTML, a DOCX and windows-1252.
TEST(Ingest, TheRecordIsTheSameWithOneThreadOrMany) {
  ScopedTempDir dir;
  const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";
  auto dump = [&](const std::string& threads) {
    const std::string db = dir.File("t" + threads + ".db");
    auto r = RunBreachkit({"--db", db, "ingest", "--threads", threads, mbox});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string out;
    for (const char* cmd : {"messages", "findings", "summary", "subjects"}) {
      out += RunBreachkit({"--db", db, cmd, "--json"}).out;
    }
    // Only the keyed hashes differ between two records.
    static const std::regex hash("\"(keyed_hash|owner_hash|address_hash)\": ?\"[0-9a-f]{64}\"");
    out = std::regex_replace(out, hash, "\"$1\":\"…\"");
    for (size_t at; (at = out.find(db)) != std::string::npos;) out.replace(at, db.size(), "DB");
    return out;
  };
  const std::string one = dump("1");
  EXPECT_GT(one.size(), 100000u);
  EXPECT_EQ(dump("4"), one);
  EXPECT_EQ(dump("2"), one);
}

// A Maildir is read file by file: the next files are read, parsed and scanned on worker
// threads while one is written. Same record, same listed skips, whatever the threads.
TEST(Ingest, AMaildirGivesTheSameRecordWithOneThreadOrMany) {
  ScopedTempDir dir;
  for (const char* sub : {"box", "box/cur", "box/new", "box/tmp"})
    ::mkdir(dir.File(sub).c_str(), 0700);
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    WriteFile(dir.File(std::string("box/") + (i % 3 ? "cur/" : "new/") + "m" + n + ":2,S"),
              Message("p" + n + "@example.com", "q" + n + "@example.com, all@example.com", "s" + n,
                      "Mon numéro : 06 39 98 " + std::to_string(10 + i) + " 61\n"));
  }
  WriteFile(dir.File("box/cur/empty"), "");
  WriteFile(dir.File("box/cur/index.bin"), std::string("\x00\x01"
                                                       "binary",
                                                       8));
  WriteFile(dir.File("box/tmp/being-delivered"), Message("x@example.com", "y@example.com", "tmp"));
  auto dump = [&](const std::string& threads) {
    const std::string db = dir.File("t" + threads + ".db");
    auto r = RunBreachkit({"--db", db, "-q", "ingest", "--threads", threads, dir.File("box")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string out = r.err;
    for (const char* cmd : {"messages", "findings", "summary"})
      out += RunBreachkit({"--db", db, cmd, "--json"}).out;
    static const std::regex hash("\"(keyed_hash|owner_hash|address_hash)\": ?\"[0-9a-f]{64}\"");
    out = std::regex_replace(out, hash, "\"$1\":\"…\"");
    for (size_t at; (at = out.find(db)) != std::string::npos;) out.replace(at, db.size(), "DB");
    return out;
  };
  const std::string one = dump("1");
  EXPECT_NE(one.find("skipped"), std::string::npos) << one.substr(0, 300);
  EXPECT_GT(std::count(one.begin(), one.end(), '\n'), 40);
  EXPECT_EQ(dump("4"), one);
}

// The evidence dates ingest writes come from a pass that holds one message at a time; they
// must be those of the whole exposure model. Here the earliest and the latest messages
// expose nobody (each is sent to its own writer), and the last exposure happens only
// through a quoted phone number, whose owner is its first writer.
TEST(Ingest, TheEvidenceDatesAreThoseOfTheWholeModel) {
  ScopedTempDir dir;
  auto at = [](const std::string& from, const std::string& to, const std::string& id,
               const std::string& time, const std::string& body) {
    return "From: " + from + "\nTo: " + to + "\nSubject: " + id + "\nDate: Fri, 12 Sep 2025 " +
           time + " +0000\nMessage-ID: <" + id + "@example.com>\n\n" + body;
  };
  WriteFile(
      dir.File("leak.mbox"),
      Mbox({at("a@example.com", "a@example.com", "m1", "08:00:00", "Tel 06 12 34 56 78\n"),
            at("b@example.com", "c@example.com", "m2", "09:00:00", "Mon numéro : 06 39 98 72 61\n"),
            at("d@example.com", "d@example.com", "m3", "10:00:00",
               "Pour mémoire :\n> Mon numéro : 06 39 98 72 61\n"),
            at("e@example.com", "e@example.com", "m4", "11:00:00", "rien\n")}));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("leak.mbox")}).exit_code, 0);
  auto store = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
  ASSERT_TRUE(store);
  auto dates = LoadEvidenceDates(**store);
  ASSERT_TRUE(dates) << dates.error().message;
  auto input = LoadExposureInput(**store);
  ASSERT_TRUE(input);
  const ExposureReport whole = ComputeExposure(*input);
  EXPECT_EQ(dates->first_exposure, whole.first_exposure);
  EXPECT_EQ(dates->last_exposure, whole.last_exposure);
  EXPECT_EQ(dates->first_exposure, 1757667600);  // m2, 2025-09-12T09:00:00Z
  EXPECT_EQ(dates->last_exposure, 1757671200);   // m3
  // The phone numbers rejected by a rule by category: m3 exposes no one any more.
  store->reset();
  ASSERT_EQ(
      RunBreachkit({"--db", db, "review", "reject", "--rule", "phone", "--why", "test"}).exit_code,
      0);
  {
    auto reread = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
    ASSERT_TRUE(reread);
    auto ruled = LoadEvidenceDates(**reread);
    ASSERT_TRUE(ruled) << ruled.error().message;
    EXPECT_EQ(ruled->last_exposure, 1757667600) << "m2";
  }

  // And on the sample leak (a forward, staff, quoted data everywhere).
  const std::string sample = dir.File("sample.db");
  ASSERT_TRUE(IngestSampleLeak(sample));
  auto s = IncidentStore::Open(sample, {.mode = StoreMode::kReadOnly});
  ASSERT_TRUE(s);
  auto sd = LoadEvidenceDates(**s);
  auto si = LoadExposureInput(**s);
  ASSERT_TRUE(sd && si);
  const ExposureReport sw = ComputeExposure(*si);
  EXPECT_EQ(sd->first_exposure, sw.first_exposure);
  EXPECT_EQ(sd->last_exposure, sw.last_exposure);
  EXPECT_TRUE(sd->first_exposure.has_value());
}

// The commands read the figures a top-level message at a time (LoadExposureReport), which
// holds neither every recipient nor every finding of a large record; the figures must be the
// whole model's, to the last line: a duplicate, a forward, data only quoted, staff, the
// sample leak, a review rule by category, a decision, and what `review` supposes.
TEST(Ingest, TheFiguresReadAMessageAtATimeAreThoseOfTheWholeRecord) {
  ScopedTempDir dir;
  auto at = [](const std::string& from, const std::string& to, const std::string& id,
               const std::string& time, const std::string& body) {
    return "From: " + from + "\nTo: " + to + "\nSubject: " + id + "\nDate: Fri, 12 Sep 2025 " +
           time + " +0000\nMessage-ID: <" + id + "@example.com>\n\n" + body;
  };
  const std::string forward =
      "From: f@example.com\nTo: g@example.com, h@example.com\nSubject: Fwd\nDate: Fri, 12 Sep "
      "2025 12:00:00 +0000\nMessage-ID: <fwd@example.com>\nMIME-Version: 1.0\nContent-Type: "
      "multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nFor you.\n--b\n"
      "Content-Type: message/rfc822\n\n" +
      at("b@example.com", "c@example.com", "m2", "09:00:00", "Mon numéro : 06 39 98 72 61\n") +
      "\n--b--\n";
  const std::string m2 =
      at("b@example.com", "c@example.com, d@example.com", "m2", "09:00:00",
         "Mon numéro : 06 39 98 72 61, IBAN FR76 3000 6000 0112 3456 7890 189\n");
  WriteFile(
      dir.File("leak.mbox"),
      Mbox({at("a@example.com", "a@example.com", "m1", "08:00:00", "Tel 06 12 34 56 78\n"), m2,
            m2,  // the same bytes again: a duplicate
            at("d@example.com", "e@example.com, \"Eve\" <e2@example.com>", "m3", "10:00:00",
               "Pour mémoire :\n> Mon numéro : 06 39 98 72 61\n> 06 11 22 33 44\n"),
            forward}));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("leak.mbox")}).exit_code, 0);
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(db), "");

  const std::string sample = dir.File("sample.db");
  ASSERT_TRUE(IngestSampleLeak(sample));
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(sample), "");
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(sample, "", /*merges=*/true), "");
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(sample, "phone"), "");
  // A rule by category: the phone numbers rejected (their first owners change with them).
  ASSERT_EQ(RunBreachkit({"--db", sample, "review", "reject", "--rule", "phone", "--why", "test"})
                .exit_code,
            0);
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(sample), "");
  const auto merges = RunBreachkit({"--db", sample, "review", "list", "--json"});
  const auto first = merges.out.find("\"id\":\"");
  ASSERT_NE(first, std::string::npos) << merges.out.substr(0, 300);
  ASSERT_EQ(RunBreachkit({"--db", sample, "review", "accept", merges.out.substr(first + 6, 10),
                          "--why", "the same person"})
                .exit_code,
            0);
  EXPECT_EQ(testing::StreamedAndWholeFiguresDiffer(sample), "");
}

// A datum's first owner: its first finding (by id) that is not quoted, has an owner, and is
// in a message that is neither a duplicate nor unparsed. Two data whose hashes share their
// first 64 bits (here on purpose) must each get their own.
TEST(Ingest, TheFirstOwnerOfADatumIsItsFirstOriginalFindingsOwner) {
  ScopedTempDir dir;
  auto store = IncidentStore::Open(dir.File("i.db"), {.mode = StoreMode::kCreateIfMissing});
  ASSERT_TRUE(store) << store.error().message;
  SQLite::Database& db = Connection(**store);
  db.exec(
      "INSERT INTO source (id, path, size, sha256, format, ingested_at) VALUES (1, 'x', 0, 's', "
      "'mbox', 0)");
  db.exec(
      "INSERT INTO message (id, source_id, idx, byte_offset, byte_length, raw_sha256) VALUES "
      "(1, 1, 0, 0, 1, 'a'), (2, 1, 1, 1, 1, 'b'), (3, 1, 2, 2, 1, 'a'), (4, 1, 3, 3, 1, 'd')");
  db.exec("UPDATE message SET duplicate_of = 1 WHERE id = 3");
  db.exec("UPDATE message SET parse_status = 'unparsed' WHERE id = 4");
  db.exec(
      "INSERT INTO party (id, address_key, address, domain) VALUES "
      "(1, 'p1', 'p1', 'd'), (2, 'p2', 'p2', 'd'), (3, 'p3', 'p3', 'd'), (4, 'p4', 'p4', 'd')");
  const std::string h1 = "0123456789abcdef" + std::string(48, '1');
  const std::string h2 = "0123456789abcdef" + std::string(48, '2');  // same first 64 bits
  const std::string h3 = "fedcba9876543210" + std::string(48, '3');
  const std::string h4 = "00000000000000aa" + std::string(48, '4');
  SQLite::Statement add(
      db,
      "INSERT INTO finding (message_id, location, category, detector, masked_preview, "
      "keyed_hash, span_start, span_end, confidence, quoted, owner_party_id) "
      "VALUES (?, 'body', 'phone', 'd', 'm', ?, 0, 1, 1, ?, ?)");
  auto finding = [&](int message, const std::string& hash, int quoted, std::optional<int> owner) {
    add.reset();
    add.bind(1, message);
    add.bind(2, hash);
    add.bind(3, quoted);
    if (owner)
      add.bind(4, *owner);
    else
      add.bind(4);
    add.exec();
  };
  finding(2, h1, 1, 4);  // quoted: not an owner
  finding(3, h2, 0, 4);  // in a duplicate
  finding(2, h1, 0, 1);  // h1's first owner
  finding(1, h2, 0, 2);  // h2's, after h1's with the same first bits
  finding(1, h3, 0, 3);
  finding(1, h1, 0, 2);             // not the first
  finding(4, h4, 0, 1);             // in an unparsed message
  finding(1, h4, 0, std::nullopt);  // no owner
  finding(1, "not-a-hash", 0, 3);
  // Read in one go, and made unique every two findings read (as a big record is).
  for (size_t compact_at : {size_t{1} << 20, size_t{2}}) {
    FirstOwners owners(**store, compact_at);
    EXPECT_EQ(owners.Of(h1), 1);
    EXPECT_EQ(owners.Of(h2), 2);
    EXPECT_EQ(owners.Of(h3), 3);
    EXPECT_EQ(owners.Of(h4), std::nullopt);
    EXPECT_EQ(owners.Of("ffff" + std::string(60, '0')), std::nullopt);
    EXPECT_EQ(owners.Of("not-a-hash"), 3);
  }
}

TEST(Ingest, RecordFileStaysPrivate) {
  ScopedTempDir dir;
  WriteFile(dir.File("a.eml"), Message("a@example.com", "b@example.com", "x"));
  ASSERT_EQ(RunBreachkit({"--db", dir.File("new.db"), "ingest", dir.File("a.eml")}).exit_code, 0);
  EXPECT_EQ(testing::FileMode(dir.File("new.db")), 0600);
}

TEST(Subjects, ACsvCellNeverStartsAFormula) {
  ScopedTempDir dir;
  WriteFile(dir.File("a.eml"),
            Message("rh@example.com",
                    "\"=HYPERLINK(\"\"http://x\"\")\" <a@example.fr>, b@example.fr", "csv"));
  ASSERT_EQ(RunBreachkit({"--db", dir.File("i.db"), "ingest", dir.File("a.eml")}).exit_code, 0);
  auto r = RunBreachkit({"--db", dir.File("i.db"), "subjects", "--csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"'=HYPERLINK(http://x)\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(",\"=HYPERLINK"), std::string::npos);
}

TEST(Subjects, OneAddressInTwoLetterCasesIsOnePerson) {
  ScopedTempDir dir;
  WriteFile(
      dir.File("box.mbox"),
      Mbox({Message("claire@example.com", "Jean.Dupont@Example.FR, lea@example.fr", "one"),
            Message("jean.dupont@example.fr", "claire@example.com, LEA@example.fr", "RE: one")}));
  ASSERT_EQ(RunBreachkit({"--db", dir.File("i.db"), "ingest", dir.File("box.mbox")}).exit_code, 0);
  auto r = RunBreachkit({"--db", dir.File("i.db"), "subjects", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> addresses;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::string a = nlohmann::json::parse(line)["address"];
    for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    addresses.push_back(a);
  }
  std::sort(addresses.begin(), addresses.end());
  EXPECT_EQ(addresses, (std::vector<std::string>{"claire@example.com", "jean.dupont@example.fr",
                                                 "lea@example.fr"}));
}

}  // namespace
}  // namespace breachkit
