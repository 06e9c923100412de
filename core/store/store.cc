#include "core/store/store.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/VariadicBind.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mail/mail_message.h"
#include "core/model/proposals.h"
#include "core/store/connection.h"
#include "core/store/row.h"
#include "core/store/schema.h"
#include "core/store/sql_guard.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"

namespace breachkit {
namespace {

// Upgrades: migration i takes a file from version `to_version - 1` to `to_version`.
// Each runs in its own transaction. The full current schema is incident.sql;
// a migration holds only the difference (tests/data/schema/ keeps each old schema).
// v14: the texts an earlier `run` filled with breachkit's proposals were stored as if the DPO
// had written them; those still equal to a proposal are marked as proposals (a letter that
// prints one is a draft), and the old consequences, written to the persons, become the
// third-person text the CNIL draft now takes.
void MarkEarlierProposals(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT language, consequences, measures_taken, measures_planned FROM "
                      "incident WHERE id = 1");
  if (!q.executeStep()) return;
  const std::string lang = q.getColumn(0).getString();
  std::string consequences = q.getColumn(1).getString();
  std::string proposed;
  if (consequences == kProposedConsequencesBefore14 || consequences == kProposedConsequences) {
    consequences = kProposedConsequences;
    proposed += "consequences:" + lang;
  }
  if (q.getColumn(2).getString() == kProposedMeasuresTaken)
    proposed += (proposed.empty() ? "" : " ") + std::string("measures-taken:") + lang;
  if (q.getColumn(3).getString() == kProposedMeasuresPlanned)
    proposed += (proposed.empty() ? "" : " ") + std::string("measures-planned:") + lang;
  q.reset();
  SQLite::Statement u(db, "UPDATE incident SET consequences = ?, proposed = ? WHERE id = 1");
  u.bind(1, consequences);
  u.bind(2, proposed);
  u.exec();
}

struct Migration {
  int to_version;
  const char* sql;
  // A step SQL alone cannot take (run after `sql`, in the same transaction), or null.
  void (*step)(SQLite::Database& db) = nullptr;
};

// v11: source.format also takes 'msg', 'tnef' and 'pst'. SQLite cannot alter a CHECK constraint;
// the table's text in sqlite_schema is rewritten instead, the procedure SQLite's documentation
// gives for a constraint that only widens (lang_altertable.html, section 7): no row changes,
// and the schema version is raised so that every connection reads the new text.
void WidenSourceFormats(SQLite::Database& db) {
  const int schema_version = db.execAndGet("PRAGMA schema_version").getInt();
  // writable_schema is off again however this ends (the transaction is rolled back on a throw).
  struct WritableSchema {
    SQLite::Database& db;
    explicit WritableSchema(SQLite::Database& d) : db(d) { db.exec("PRAGMA writable_schema = ON"); }
    ~WritableSchema() {
      try {
        db.exec("PRAGMA writable_schema = OFF");
      } catch (const SQLite::Exception&) {  // nothing more to undo
      }
    }
  } writable(db);
  db.exec(
      "UPDATE sqlite_schema SET sql = replace(sql, '''stdin'')', "
      "'''stdin'', ''msg'', ''tnef'', ''pst'')') "
      "WHERE type = 'table' AND name = 'source'");
  // The constraint's text must have been found: a record whose table text differs is refused
  // here, its upgrade rolled back, rather than left at v11 with the old constraint.
  const std::string sql =
      db.execAndGet("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'source'")
          .getString();
  if (sql.find("'msg'") == std::string::npos)
    throw SQLite::Exception("the source table's format constraint was not found: not upgraded");
  db.exec("PRAGMA schema_version = " + std::to_string(schema_version + 1));
}

constexpr std::array<Migration, 17> kMigrations{{
    {2,
     // v2: recipients keep the address as written in each message and whether the raw
     // header scan (not the parser) found it; messages keep their mbox From_ line.
     "ALTER TABLE recipient ADD COLUMN address TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE recipient ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE message ADD COLUMN envelope_from TEXT NOT NULL DEFAULT '';"
     "UPDATE recipient SET address = (SELECT p.address FROM party p WHERE p.id = party_id);"
     "DROP VIEW v_recipients;"
     "CREATE VIEW v_recipients AS SELECT r.message_id, r.field, r.address, r.display_name, "
     "p.is_internal, r.recovered FROM recipient r JOIN party p ON p.id = r.party_id;"},
    {3,
     // v3: the incident's free-text fields for the documents, the DPO's flags for the risk
     // assessment, and the decision thresholds.
     "ALTER TABLE incident ADD COLUMN consequences TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN measures_taken TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN measures_planned TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN cnil_reference TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN persons_vulnerable INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE incident ADD COLUMN data_unintelligible INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE incident ADD COLUMN notify_band TEXT NOT NULL DEFAULT 'medium';"
     "ALTER TABLE incident ADD COLUMN inform_band TEXT NOT NULL DEFAULT 'high';"
     "ALTER TABLE incident ADD COLUMN large_audience INTEGER NOT NULL DEFAULT 100;"
     // The audit log becomes AUTOINCREMENT, so that removing its last entries shows.
     "DROP TRIGGER audit_log_no_update;"
     "DROP TRIGGER audit_log_no_delete;"
     "DROP VIEW v_audit;"
     "ALTER TABLE audit_log RENAME TO audit_log_v2;"
     "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, "
     "action TEXT NOT NULL, details TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, "
     "hash TEXT NOT NULL);"
     "INSERT INTO audit_log SELECT * FROM audit_log_v2;"
     "DROP TABLE audit_log_v2;"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE VIEW v_audit AS SELECT seq, datetime(at, 'unixepoch') AS at_utc, action, details, "
     "hash FROM audit_log;"},
    {4,
     // v4: the recipient index by party goes (nothing read through it); tables unchanged.
     "DROP INDEX IF EXISTS recipient_party;"},
    {5,
     // v5 indexed findings by the first 16 hex digits of their hash, which v6 drops: the
     // upgrade only drops the old index instead of building one for v6 to drop.
     "DROP INDEX IF EXISTS finding_hash;"},
    {6,
     // v6: no index on the hashes; FirstOwners reads the findings once instead.
     "DROP INDEX IF EXISTS finding_hash;"},
    {7,
     // v7: the indexes that deleting a message or a part looks up (wiping an unfinished
     // source was quadratic without them). Tables unchanged.
     "CREATE INDEX IF NOT EXISTS message_parent ON message(parent_id);"
     "CREATE INDEX IF NOT EXISTS message_duplicate ON message(duplicate_of);"
     "CREATE INDEX IF NOT EXISTS defect_source ON defect(source_id);"
     "CREATE INDEX IF NOT EXISTS finding_part ON finding(part_id);"
     "CREATE INDEX IF NOT EXISTS exposure_message ON exposure(message_id);"},
    {8,
     // v8: persons found in content (a row of an attached table) are parties of kind
     // 'content', with no address; a person's known contact (from the leak or imported);
     // the subject and exposure tables, created and never filled, dropped.
     "ALTER TABLE party ADD COLUMN kind TEXT NOT NULL DEFAULT 'mailbox' "
     "CHECK (kind IN ('mailbox', 'content'));"
     "CREATE TABLE contact (party_id INTEGER PRIMARY KEY REFERENCES party(id), "
     "email TEXT NOT NULL DEFAULT '', postal_address TEXT NOT NULL DEFAULT '', "
     "origin TEXT NOT NULL, at INTEGER NOT NULL);"
     // The subject and exposure tables, never filled: the exposure model computes them.
     "DROP TABLE IF EXISTS exposure;"
     "DROP TABLE IF EXISTS subject;"},
    {9,
     // v9: the DPO's review: each finding's masked context, decisions on findings and on
     // classes of them, recall samples.
     "ALTER TABLE finding ADD COLUMN context TEXT NOT NULL DEFAULT '';"
     "CREATE TABLE review_decision (item TEXT NOT NULL UNIQUE, message_sha TEXT NOT NULL, "
     "location TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, "
     "category TEXT NOT NULL, keyed_hash TEXT NOT NULL, state TEXT NOT NULL "
     "CHECK (state IN ('confirmed', 'rejected')), decided_by TEXT NOT NULL, "
     "at INTEGER NOT NULL, why TEXT NOT NULL, PRIMARY KEY (message_sha, span_start, span_end, "
     "location, category, keyed_hash)) WITHOUT ROWID;"
     "CREATE TABLE review_rule (name TEXT PRIMARY KEY, state TEXT NOT NULL "
     "CHECK (state IN ('confirmed', 'rejected')), decided_by TEXT NOT NULL, "
     "at INTEGER NOT NULL, why TEXT NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE review_sample (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
     "seed INTEGER NOT NULL, population INTEGER NOT NULL, drawn_by TEXT NOT NULL);"
     "CREATE TABLE review_sample_message (sample_id INTEGER NOT NULL "
     "REFERENCES review_sample(id), position INTEGER NOT NULL, message_sha TEXT NOT NULL, "
     "place TEXT NOT NULL, result TEXT NOT NULL DEFAULT '' "
     "CHECK (result IN ('', 'nothing', 'missed')), note TEXT NOT NULL DEFAULT '', "
     "decided_by TEXT NOT NULL DEFAULT '', at INTEGER, PRIMARY KEY (sample_id, position)) "
     "WITHOUT ROWID;"},
    {10,
     // v10: the DPO's decisions on merges of persons (possible duplicates: the same name, no
     // identifier in common), keyed by the two persons' keys.
     "CREATE TABLE merge_decision (item TEXT PRIMARY KEY, kind TEXT NOT NULL, "
     "first_key TEXT NOT NULL, second_key TEXT NOT NULL, state TEXT NOT NULL "
     "CHECK (state IN ('confirmed', 'rejected')), decided_by TEXT NOT NULL, "
     "at INTEGER NOT NULL, why TEXT NOT NULL) WITHOUT ROWID;"},
    {11, "", WidenSourceFormats},
    {12,
     // v12: a PST/OST item's place in its file (folder path and identifier).
     "ALTER TABLE message ADD COLUMN item_path TEXT NOT NULL DEFAULT '';"},
    {13,
     // v13: the categories of persons, codes of the CNIL's list (core/model/cnil_lists.h).
     "ALTER TABLE incident ADD COLUMN person_categories TEXT NOT NULL DEFAULT '';"},
    {14,
     // v14: the letters' texts in the other language, and which texts are unconfirmed
     // proposals.
     "ALTER TABLE incident ADD COLUMN consequences_alt TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN measures_taken_alt TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN measures_planned_alt TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE incident ADD COLUMN proposed TEXT NOT NULL DEFAULT '';"
     // and what each initial CNIL draft said, for the complementary one.
     "CREATE TABLE notification_facts (sha256 TEXT PRIMARY KEY, drafted_at INTEGER NOT NULL, "
     "facts TEXT NOT NULL) WITHOUT ROWID;",
     MarkEarlierProposals},
    {15,
     // v15: the law the notification follows and its deadline (core/profile/regime.h); the
     // records made before were all under the GDPR's 72 hours.
     "ALTER TABLE incident ADD COLUMN regime TEXT NOT NULL DEFAULT 'gdpr';"
     "ALTER TABLE incident ADD COLUMN deadline_hours INTEGER NOT NULL DEFAULT 72;"},
    {16,
     // v16: the documents by path (RecordDocument's check scanned the table once per letter),
     // the unfinished sources by path (each new source's check scanned the table).
     "CREATE INDEX IF NOT EXISTS document_path ON document(path);"
     "CREATE INDEX IF NOT EXISTS source_unfinished ON source(path) WHERE complete = 0;"},
    {17,
     // v17: what a Google Vault export's metadata recorded of a message.
     "ALTER TABLE message ADD COLUMN vault TEXT NOT NULL DEFAULT '';"},
    {18,
     // v18: the mailing lists the messages' headers name (a record ingested before has none:
     // its lists are those their addresses alone tell).
     "CREATE TABLE IF NOT EXISTS list_address (address_key TEXT NOT NULL, message_id INTEGER NOT "
     "NULL REFERENCES message(id) ON DELETE CASCADE, PRIMARY KEY (address_key, message_id)) "
     "WITHOUT ROWID;"
     "CREATE INDEX IF NOT EXISTS list_address_message ON list_address(message_id);"},
}};

// The first schema version whose audit log seals the data (IncidentStore::SealAudit).
constexpr int kFirstSealedVersion = 7;

// The schema's CREATE INDEX statements (one per line in incident.sql), in order.
std::vector<std::string> SchemaIndexes() {
  std::vector<std::string> out;
  std::string_view sql = kIncidentSchemaSql;
  for (size_t at = sql.find("\nCREATE INDEX "); at != std::string_view::npos;
       at = sql.find("\nCREATE INDEX ", at + 1)) {
    const size_t end = sql.find(';', at);
    out.emplace_back(sql.substr(at + 1, end - at - 1));
  }
  return out;
}

// The index a CREATE INDEX statement makes: "CREATE INDEX name ON …" → name.
std::string_view IndexName(std::string_view create) {
  create.remove_prefix(std::string_view("CREATE INDEX ").size());
  return create.substr(0, create.find(' '));
}

// Indexes kept up to date during a bulk load: the ones ingestion reads while it writes (the
// duplicate check; each new source's look-up of an unfinished one at its path), and the
// findings by message, whose rows come in the index's own order (each goes at its end):
// building it after the load would leave the other core idle.
constexpr std::array<std::string_view, 3> kKeptDuringLoads{"message_raw_sha256", "finding_message",
                                                           "source_unfinished"};

void CreateMissingIndexes(SQLite::Database& db) {
  for (const std::string& create : SchemaIndexes()) {
    db.exec("CREATE INDEX IF NOT EXISTS " +
            create.substr(std::string_view("CREATE INDEX ").size()));
  }
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Creates an empty file with mode 0600 so that SQLite (and its -wal/-shm files,
// which copy the database file's mode) never hold personal data world-readable.
Status CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, "{}: cannot create the incident record: {}", path,
                std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // whatever the umask
  ::close(fd);
  return Ok();
}

std::string RandomKey() {
  std::string key(32, '\0');
  size_t got = 0;
  while (got < key.size()) {
    const ssize_t n = ::getrandom(key.data() + got, key.size() - got, 0);
    if (n > 0) got += static_cast<size_t>(n);
  }
  return key;
}

std::optional<int64_t> OptionalInt(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

void BindOptional(SQLite::Statement& st, int index, const std::optional<int64_t>& v) {
  if (v) {
    st.bind(index, *v);
  } else {
    st.bind(index);
  }
}

std::string AuditHash(const std::string& prev, int64_t seq, int64_t at, std::string_view action,
                      std::string_view details) {
  Sha256 h;
  h.Update(prev);
  h.Update("|");
  h.Update(std::to_string(seq));
  h.Update("|");
  h.Update(std::to_string(at));
  h.Update("|");
  h.Update(action);
  h.Update("|");
  h.Update(details);
  return h.HexDigest();
}

// The tables the figures and the assessment rest on, as a seal entry of the audit log hashes
// them: every column that a figure, a letter or a document reads, in a fixed order. The keyed
// hashes are left out: each record draws its own key, and the same leak must give the same
// seal, and so the same documents, in every record made from it.
//
// The seal is versioned: a seal entry's text starts with "v=N " from version 2 on (version 1
// had no such field), and a seal is checked under its own version, so that a record sealed
// by an earlier breachkit still verifies; a new seal is written under kSealVersion.
//   1: source, message, party (without kind), recipient, finding, org_domain.
//   2: party with its kind (mailbox or content), and the contact table (how the letters
//      reach a person: an edited contact sends a letter elsewhere).
//   3: the DPO's review decisions and rules (a rejected finding leaves the figures).
//   4: the DPO's decisions on possible duplicate persons.
//   5: the mailing lists the messages' headers named (a list is no affected person).
//   6: the display names of each party (a robot's name makes its mailbox no affected person,
//      FunctionalReason; the letters greet a person by it).
constexpr int kSealVersion = 6;
struct SealedTable {
  std::string_view name;
  const char* select;
  int first_version;  // the seal versions that hash the table with this select
  int last_version;
};
constexpr std::array<SealedTable, 13> kSealedTables{{
    {"source", "SELECT id, path, size, sha256, format, messages, complete FROM source ORDER BY id",
     1, kSealVersion},
    {"message",
     "SELECT id, source_id, idx, mime_path, parent_id, duplicate_of, raw_sha256, parse_status, "
     "message_id, date_utc, subject, is_reply_all FROM message ORDER BY id",
     1, kSealVersion},
    {"party", "SELECT id, address_key, address, domain, is_internal FROM party ORDER BY id", 1, 1},
    {"party", "SELECT id, address_key, address, domain, is_internal, kind FROM party ORDER BY id",
     2, kSealVersion},
    {"recipient",
     "SELECT message_id, field, position, party_id, display_name, address FROM recipient "
     "ORDER BY message_id, field, position",
     1, kSealVersion},
    {"finding",
     "SELECT id, message_id, part_id, location, category, detector, masked_preview, "
     "span_start, span_end, confidence, validation, quoted, owner_party_id FROM finding "
     "ORDER BY id",
     1, kSealVersion},
    {"org_domain", "SELECT domain FROM org_domain ORDER BY domain", 1, kSealVersion},
    {"contact", "SELECT party_id, email, postal_address, origin FROM contact ORDER BY party_id", 2,
     kSealVersion},
    {"review_decision",
     "SELECT item, message_sha, location, span_start, span_end, category, keyed_hash, state, "
     "decided_by, why FROM review_decision ORDER BY item",
     3, kSealVersion},
    {"review_rule", "SELECT name, state, decided_by, why FROM review_rule ORDER BY name", 3,
     kSealVersion},
    {"merge_decision",
     "SELECT item, kind, first_key, second_key, state, decided_by, why FROM merge_decision "
     "ORDER BY item",
     4, kSealVersion},
    {"list_address",
     "SELECT address_key, message_id FROM list_address ORDER BY address_key, message_id", 5,
     kSealVersion},
    {"party_name", "SELECT party_id, name, seen FROM party_name ORDER BY party_id, name", 6,
     kSealVersion},
}};

// The incident's own fields and its timeline, as a "seal-incident" entry of the audit log
// hashes them: the dates the deadline runs from, the reasons for a delay, the measures, the
// controller and the DPO the documents name. Every column but the keyed hashes' key and the
// row's own creation and update times. `set`, `event add`, `init --org` and `run` change them
// through SaveIncident, AddEvent and ReplaceEvidenceEvents, which check the last such seal
// before they write (an edit behind breachkit's back is logged as "incident-edited") and seal
// after. A record from before this seal has none until its first change.
constexpr std::array<SealedTable, 2> kIncidentTables{{
    {"incident",
     "SELECT title, description, controller_name, controller_siren, controller_address, "
     "controller_sector, dpo_name, dpo_email, dpo_phone, signatory_name, signatory_title, "
     "language, timezone, nature_confidentiality, nature_integrity, nature_availability, "
     "origin_codes, cause, circumstances, discovery_means, occurred_at, awareness_at, "
     "contained_at, notified_at, late_reason, consequences, measures_taken, measures_planned, "
     "cnil_reference, persons_vulnerable, data_unintelligible, notify_band, inform_band, "
     "large_audience, profile_path, profile_sha256, person_categories, consequences_alt, "
     "measures_taken_alt, measures_planned_alt, proposed, regime, deadline_hours FROM incident",
     0, 0},
    {"timeline_event",
     "SELECT kind, at, note, reference, origin FROM timeline_event ORDER BY kind, at, note, "
     "reference, origin",
     0, 0},
}};

bool Seals(const SealedTable& t, int version) {
  return t.first_version <= version && version <= t.last_version;
}

// The document kinds whose writing is logged one by one ("document KIND PATH sha256=…").
constexpr std::array<std::string_view, 3> kLoggedDocuments{"cnil-initial", "cnil-complementary",
                                                           "register"};

// "v=N table=ROWS:SHA256 ..." for each table sealed by seal version `version` (without the
// "v=1" for version 1, as it was written), space separated. A column is hashed with its type
// and length, so that no two different rows hash alike.
// "ROWS:SHA256" of one sealed table. The columns are read through SQLite's own interface
// and hashed in chunks of about 64 KB: the same bytes as SQLiteCpp's Column objects and one
// Update per field gave, at a third of the cost (a seal follows every ingest, and reads the
// whole record).
std::string HashTable(sqlite3* handle, const SealedTable& t) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, t.select, -1, &stmt, nullptr) != SQLITE_OK) {
    throw SQLite::Exception(handle, sqlite3_errcode(handle));
  }
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owner(stmt, sqlite3_finalize);
  std::string chunk;
  chunk.reserve(size_t{1} << 16);
  std::unordered_map<uint64_t, std::string> reals;  // a real's bits → SQLite's text of it
  Sha256 h;
  int64_t rows = 0;
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    const int step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) throw SQLite::Exception(handle, step);
    ++rows;
    for (int c = 0; c < columns; ++c) {
      // Each column as "TYPE:LENGTH:TEXT", its text as SQLite gives it.
      const int type = sqlite3_column_type(stmt, c);  // before a read converts the value
      char digits[24];
      std::string_view text;  // a NULL's is empty
      if (type == SQLITE_INTEGER) {
        // SQLite's text of an integer is its decimal digits, as std::to_chars writes them.
        const char* last = std::to_chars(digits, digits + sizeof digits,
                                         static_cast<long long>(sqlite3_column_int64(stmt, c)))
                               .ptr;
        text = std::string_view(digits, static_cast<size_t>(last - digits));
      } else if (type == SQLITE_FLOAT) {
        // A real as SQLite writes it ("%!.15g"), made once per distinct value: a record
        // holds a few confidences, in every finding.
        const double value = sqlite3_column_double(stmt, c);
        uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        auto it = reals.find(bits);
        if (it == reals.end()) {
          const auto* written = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          const auto bytes = static_cast<size_t>(sqlite3_column_bytes(stmt, c));
          it = reals.emplace(bits, std::string(written, bytes)).first;
        }
        text = it->second;
      } else if (type != SQLITE_NULL) {
        // Text and blobs as stored (a zero-length blob's pointer is null).
        const void* blob = sqlite3_column_blob(stmt, c);
        const auto bytes = static_cast<size_t>(sqlite3_column_bytes(stmt, c));
        if (bytes > 0) text = std::string_view(static_cast<const char*>(blob), bytes);
      }
      // std::to_chars, not fmt::format_to_n: the latter does not link under clang against
      // Debian's libfmt 9 (the sanitizer build).
      char prefix[48];
      char* end = std::to_chars(prefix, prefix + 20, type).ptr;
      *end++ = ':';
      end = std::to_chars(end, end + 24, text.size()).ptr;
      *end++ = ':';
      chunk.append(prefix, end);
      chunk.append(text);
    }
    chunk += '\n';
    if (chunk.size() >= (size_t{1} << 16)) {
      h.Update(chunk);
      chunk.clear();
    }
  }
  h.Update(chunk);
  return fmt::format("{}:{}", rows, h.HexDigest());
}

std::string Digest(SQLite::Database& db, int version) {
  std::vector<const SealedTable*> tables;
  for (const SealedTable& t : kSealedTables) {
    if (Seals(t, version)) tables.push_back(&t);
  }
  std::vector<std::string> hashes(tables.size());
  // The findings, the largest table with the recipients, are hashed on a connection of their
  // own beside the rest, when this one holds no unwritten change (a second connection would
  // not see it) and the record is a file: half the time on two cores.
  sqlite3* handle = db.getHandle();
  const char* file = sqlite3_db_filename(handle, "main");
  std::future<std::optional<std::string>> aside;
  size_t aside_index = tables.size();
  // A statement of this connection still stepping holds a read snapshot of its own, which
  // another process may have moved past since: then one connection reads all.
  bool reading = false;
  for (sqlite3_stmt* st = sqlite3_next_stmt(handle, nullptr); st != nullptr;
       st = sqlite3_next_stmt(handle, st)) {
    reading = reading || sqlite3_stmt_busy(st) != 0;
  }
  if (file != nullptr && *file != '\0' && sqlite3_get_autocommit(handle) != 0 && !reading) {
    for (size_t i = 0; i < tables.size(); ++i) {
      if (tables[i]->name == "finding") aside_index = i;
    }
  }
  if (aside_index < tables.size()) {
    try {
      aside = std::async(
          std::launch::async,
          [path = std::string(file), table = tables[aside_index]]() -> std::optional<std::string> {
            try {
              SQLite::Database other(path, SQLite::OPEN_READONLY);
              return HashTable(other.getHandle(), *table);
            } catch (const SQLite::Exception&) {
              return std::nullopt;  // hashed here instead
            }
          });
    } catch (const std::system_error&) {
      aside_index = tables.size();  // no thread to be had: hashed here
    }
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    if (i != aside_index) hashes[i] = HashTable(handle, *tables[i]);
  }
  if (aside_index < tables.size()) {
    std::optional<std::string> hashed = aside.get();
    hashes[aside_index] = hashed ? std::move(*hashed) : HashTable(handle, *tables[aside_index]);
  }
  std::string out = version > 1 ? fmt::format("v={}", version) : "";
  for (size_t i = 0; i < tables.size(); ++i) {
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", tables[i]->name, hashes[i]);
  }
  return out;
}

// The value of `name=` in a seal's text ("" when absent).
std::string_view SealField(std::string_view seal, std::string_view name) {
  for (size_t at = 0; at < seal.size();) {
    size_t end = seal.find(' ', at);
    if (end == std::string_view::npos) end = seal.size();
    const std::string_view item = seal.substr(at, end - at);
    if (item.size() > name.size() && item.starts_with(name) && item[name.size()] == '=') {
      return item.substr(name.size() + 1);
    }
    at = end + 1;
  }
  return {};
}

// The version a seal entry's text was written under: its "v=" field, 1 without one; 0 when
// the field is not a number.
// "v=1 incident=1:SHA256 timeline_event=ROWS:SHA256": a "seal-incident" entry's text. The
// version changes with kIncidentTables' columns; a seal of another version is said to be one
// this breachkit cannot check, not taken for an edit.
constexpr std::string_view kIncidentSealVersion = "1";
std::string IncidentDigest(SQLite::Database& db) {
  std::string out = fmt::format("v={}", kIncidentSealVersion);
  for (const SealedTable& t : kIncidentTables) {
    out += fmt::format(" {}={}", t.name, HashTable(db.getHandle(), t));
  }
  return out;
}

// The last "seal-incident" entry of the log: its number and text (number 0: there is none).
std::pair<int64_t, std::string> LastIncidentSeal(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT seq, details FROM audit_log WHERE action = 'seal-incident' "
                      "ORDER BY seq DESC LIMIT 1");
  if (!q.executeStep()) return {0, ""};
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
}

// How table `name` differs from its seal of entry `seq`, given its digest now and then
// ("rows:hash"): edited in place, or rows added or removed.
std::string TableChange(std::string_view name, std::string_view is, std::string_view was,
                        int64_t seq) {
  const std::string_view rows = is.substr(0, is.find(':'));
  const std::string_view sealed_rows = was.substr(0, was.find(':'));
  return rows == sealed_rows
             ? fmt::format("{}: {} rows, edited since the seal of entry {}", name, rows, seq)
             : fmt::format("{}: {} rows, {} at the seal of entry {}", name, rows, sealed_rows, seq);
}

// What differs between the incident's tables now and the seal of entry `seq`, one text each.
std::vector<std::string> IncidentChanges(std::string_view now, std::string_view seal, int64_t seq) {
  std::vector<std::string> changes;
  for (const SealedTable& t : kIncidentTables) {
    const std::string_view is = SealField(now, t.name);
    const std::string_view was = SealField(seal, t.name);
    if (is != was) changes.push_back(TableChange(t.name, is, was, seq));
  }
  return changes;
}

int SealVersionOf(std::string_view seal) {
  const std::string_view v = SealField(seal, "v");
  if (v.empty()) return 1;
  int version = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  return ec == std::errc() && end == v.data() + v.size() ? version : 0;
}

// Runs `sql` once with `values` bound in order (one row written).
template <typename... Values>
Status WriteRow(SQLite::Database& db, const std::string& path, std::string_view what,
                const char* sql, const Values&... values) {
  return GuardSql(path, what, [&]() -> Status {
    SQLite::Statement ins(db, sql);
    SQLite::bind(ins, values...);
    ins.exec();
    return Ok();
  });
}

// Every row of `sql`, each read by `read(row, item)` into a new item.
template <typename T, typename Read>
Result<std::vector<T>> ReadRows(SQLite::Database& db, const std::string& path,
                                std::string_view what, const char* sql, Read read) {
  return GuardSql(path, what, [&]() -> Result<std::vector<T>> {
    std::vector<T> out;
    SQLite::Statement q(db, sql);
    while (q.executeStep()) {
      Row row(q);
      read(row, out.emplace_back());
    }
    return out;
  });
}

}  // namespace

struct IncidentStore::AuditStatements {
  explicit AuditStatements(SQLite::Database& db)
      : last(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"),
        insert(db,
               "INSERT INTO audit_log (seq, at, action, details, prev_hash, hash) "
               "VALUES (?, ?, ?, ?, ?, ?)") {}
  SQLite::Statement last;
  SQLite::Statement insert;
};

IncidentStore::IncidentStore(std::string path, std::unique_ptr<SQLite::Database> db,
                             const Clock* clock, bool created)
    : path_(std::move(path)), db_(std::move(db)), clock_(clock), created_(created) {}

IncidentStore::~IncidentStore() {
  audit_.reset();  // its statements before the connection they belong to
}

SQLite::Database& Connection(const IncidentStore& store) { return *store.db_; }

Result<std::unique_ptr<IncidentStore>> IncidentStore::Open(const std::string& path,
                                                           const StoreOptions& options) {
  const Clock* clock = options.clock ? options.clock : &SystemClock();
  const bool memory = path == ":memory:";
  bool created = false;
  if (!memory && !FileExists(path)) {
    if (options.mode != StoreMode::kCreateIfMissing) {
      return Fail(ErrorCode::kNotFound,
                  "{}: no incident record here (create one with `breachkit init --db {}`)", path,
                  path);
    }
    if (auto st = CreatePrivateFile(path); !st) return std::unexpected(st.error());
    created = true;
  }
  // SQLite counts every allocation it makes, under a process-wide mutex, for statistics
  // this program never reads (sqlite3_memory_used): with it off, an allocation is a plain
  // malloc. Only possible before SQLite initialises, so before the first connection.
  static const int kMemoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  static_cast<void>(kMemoryStatisticsOff);  // SQLITE_MISUSE when SQLite was already in use
  bool upgraded_unsealed = false;
  auto opened = GuardSql(path, "open", [&]() -> Result<std::unique_ptr<IncidentStore>> {
    // A record's connection is only ever used by the thread that opened it (ingestion's
    // workers parse and scan; only its writer touches the record): SQLite's per-call lock
    // of the connection is not needed, and it was a large share of the writer thread's time
    // in a profile (the lock and unlock around every bind and step).
    const int flags = (options.mode == StoreMode::kReadOnly
                           ? SQLite::OPEN_READONLY
                           : SQLite::OPEN_READWRITE | (memory ? SQLite::OPEN_CREATE : 0)) |
                      SQLite::OPEN_NOMUTEX;
    auto db = std::make_unique<SQLite::Database>(path, flags, /*busyTimeoutMs=*/5000);
    // A file that is not SQLite fails here, with SQLite's own words.
    db->exec("PRAGMA foreign_keys = ON");
    // An empty file (`touch`, an interrupted copy) is no record either: only a command that
    // creates one makes it a record, never `assess` on a mistyped --db.
    if (!created && !memory && options.mode != StoreMode::kCreateIfMissing &&
        db->execAndGet("PRAGMA user_version").getInt() == 0 &&
        db->execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0) {
      return Fail(ErrorCode::kNotFound,
                  "{}: no incident record here: the file is empty (create one with `breachkit "
                  "init --db {}`)",
                  path, path);
    }
    if (!memory) {
      // A large sort (building an index after a bulk load, an ORDER BY over millions of
      // rows) spills to a temporary file, by default in /var/tmp. Put it beside the record,
      // where the DPO chose to keep personal data (an encrypted volume, say). SQLite
      // creates it 0600 and unlinks it at once. (A process-wide setting: one record per run.)
      const std::string dir = std::filesystem::absolute(path).parent_path().string();
      std::string quoted;
      for (char c : dir) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      db->exec("PRAGMA temp_store_directory = '" + quoted + "'");
    }
    if (options.mode != StoreMode::kReadOnly) {
      // 16 KB pages for a new record (set before WAL fixes them): ingestion appends millions
      // of rows, and 4 KB pages made it slower (64 KB no faster than 16, for twice the
      // memory); reading commands take the same time. An existing record keeps its page size.
      if (created && !memory) db->exec("PRAGMA page_size = 16384");
      if (!memory) db->exec("PRAGMA journal_mode = WAL");
      db->exec("PRAGMA synchronous = NORMAL");
      // A 16 MB page cache (SQLite's default is 2 MB). It was 64 MB while ingestion kept the
      // recipient index up to date row by row; since that index went and the others are
      // built after a bulk load, 64, 16 and 8 MB ingest the 100 MB benchmark mbox in the same
      // time (3.73, 3.71, 3.75 s), and the cache (and the index sorter, which it bounds) were
      // most of the peak memory: 127 MB against 71.
      db->exec("PRAGMA cache_size = -16384");
      const int before = db->execAndGet("PRAGMA user_version").getInt();
      if (auto st = Migrate(*db, path, &created, *clock); !st) return std::unexpected(st.error());
      if (before > 0 && before < kFirstSealedVersion) upgraded_unsealed = true;
    } else {
      const int version = db->execAndGet("PRAGMA user_version").getInt();
      if (version != kSchemaVersion) {
        return Fail(ErrorCode::kDatabase,
                    "{}: the record has schema version {}, this breachkit reads {}; run a "
                    "writing command (e.g. `breachkit init`) to upgrade it",
                    path, version, kSchemaVersion);
      }
    }
    return std::unique_ptr<IncidentStore>(new IncidentStore(path, std::move(db), clock, created));
  });
  // A record from before the seals: the log vouches for its data as they are at the upgrade.
  if (opened && upgraded_unsealed) {
    if (auto st = (*opened)->SealAudit(); !st) return std::unexpected(st.error());
  }
  return opened;
}

Status IncidentStore::Migrate(SQLite::Database& db, const std::string& path, bool* created,
                              const Clock& clock) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > kSchemaVersion) {
    return Fail(ErrorCode::kDatabase,
                "{}: the record has schema version {}, newer than this breachkit ({}); use a "
                "newer breachkit",
                path, version, kSchemaVersion);
  }
  if (version == 0) {
    const int tables = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
    if (tables != 0) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: this SQLite file is not a breachkit incident record (it has tables and "
                  "no schema version)",
                  path);
    }
    SQLite::Transaction tx(db);
    db.exec(kIncidentSchemaSql);
    SQLite::Statement ins(db,
                          "INSERT INTO incident (id, hmac_key, created_at, updated_at) "
                          "VALUES (1, ?, ?, ?)");
    const std::string key = RandomKey();
    ins.bind(1, key.data(), static_cast<int>(key.size()));
    ins.bind(2, clock.NowUnix());
    ins.bind(3, clock.NowUnix());
    ins.exec();
    tx.commit();
    *created = true;
    return Ok();
  }
  for (const Migration& m : kMigrations) {
    if (m.to_version <= version) continue;
    SQLite::Transaction tx(db);
    if (*m.sql) db.exec(m.sql);
    if (m.step) m.step(db);
    db.exec("PRAGMA user_version = " + std::to_string(m.to_version));
    tx.commit();
    version = m.to_version;
  }
  if (version != kSchemaVersion) {
    return Fail(ErrorCode::kInternal, "{}: no migration from schema version {} to {}", path,
                version, kSchemaVersion);
  }
  // A bulk load stopped before it rebuilt its indexes (IncidentStore::DeferIndexes).
  CreateMissingIndexes(db);
  return Ok();
}

Status IncidentStore::DeferIndexes() {
  return GuardSql(path_, "defer indexes", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    for (const std::string& create : SchemaIndexes()) {
      const std::string_view name = IndexName(create);
      if (std::find(kKeptDuringLoads.begin(), kKeptDuringLoads.end(), name) ==
          kKeptDuringLoads.end()) {
        db_->exec("DROP INDEX IF EXISTS " + std::string(name));
      }
    }
    tx.commit();
    return Ok();
  });
}

Status IncidentStore::RestoreIndexes() {
  return GuardSql(path_, "build indexes", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    CreateMissingIndexes(*db_);
    tx.commit();
    return Ok();
  });
}

Result<int> IncidentStore::SchemaVersion() const {
  return GuardSql(path_, "read schema version",
                  [&]() -> Result<int> { return db_->execAndGet("PRAGMA user_version").getInt(); });
}

Result<IncidentInfo> IncidentStore::LoadIncident() const {
  return GuardSql(path_, "read incident", [&]() -> Result<IncidentInfo> {
    SQLite::Statement q(
        *db_,
        "SELECT title, description, controller_name, controller_siren, "
        "controller_address, controller_sector, dpo_name, dpo_email, dpo_phone, "
        "signatory_name, signatory_title, language, timezone, "
        "nature_confidentiality, nature_integrity, nature_availability, "
        "origin_codes, cause, circumstances, discovery_means, occurred_at, "
        "awareness_at, contained_at, notified_at, late_reason, profile_path, "
        "profile_sha256, created_at, updated_at, consequences, measures_taken, "
        "measures_planned, cnil_reference, persons_vulnerable, "
        "data_unintelligible, notify_band, inform_band, large_audience, "
        "person_categories, consequences_alt, measures_taken_alt, measures_planned_alt, "
        "proposed, regime, deadline_hours FROM incident WHERE id = 1");
    if (!q.executeStep())
      return Fail(ErrorCode::kDatabase, "{}: the incident row is missing", path_);
    IncidentInfo i;
    int c = 0;
    for (std::string* s :
         {&i.title, &i.description, &i.controller_name, &i.controller_siren, &i.controller_address,
          &i.controller_sector, &i.dpo_name, &i.dpo_email, &i.dpo_phone, &i.signatory_name,
          &i.signatory_title, &i.language, &i.timezone}) {
      *s = q.getColumn(c++).getString();
    }
    i.nature_confidentiality = q.getColumn(c++).getInt() != 0;
    i.nature_integrity = q.getColumn(c++).getInt() != 0;
    i.nature_availability = q.getColumn(c++).getInt() != 0;
    for (std::string* s : {&i.origin_codes, &i.cause, &i.circumstances, &i.discovery_means}) {
      *s = q.getColumn(c++).getString();
    }
    for (std::optional<int64_t>* t :
         {&i.occurred_at, &i.awareness_at, &i.contained_at, &i.notified_at}) {
      *t = OptionalInt(q.getColumn(c++));
    }
    i.late_reason = q.getColumn(c++).getString();
    i.profile_path = q.getColumn(c++).getString();
    i.profile_sha256 = q.getColumn(c++).getString();
    i.created_at = q.getColumn(c++).getInt64();
    i.updated_at = q.getColumn(c++).getInt64();
    for (std::string* t :
         {&i.consequences, &i.measures_taken, &i.measures_planned, &i.cnil_reference}) {
      *t = q.getColumn(c++).getString();
    }
    i.persons_vulnerable = q.getColumn(c++).getInt() != 0;
    i.data_unintelligible = q.getColumn(c++).getInt() != 0;
    i.notify_band = q.getColumn(c++).getString();
    i.inform_band = q.getColumn(c++).getString();
    i.large_audience = q.getColumn(c++).getInt64();
    for (std::string* t : {&i.person_categories, &i.consequences_alt, &i.measures_taken_alt,
                           &i.measures_planned_alt, &i.proposed, &i.regime}) {
      *t = q.getColumn(c++).getString();
    }
    i.deadline_hours = q.getColumn(c++).getInt64();
    return i;
  });
}

// The check, the write and the seal in one savepoint: a kill or a failed write of the log
// between the write and its seal would leave data no seal vouches for, which the next command
// would log as edited behind breachkit's back, and `audit verify` fail on for good.
template <typename F>
Status IncidentStore::WithIncidentSeal(F write) {
  return GuardSql(path_, "write the incident with its seal", [&]() -> Status {
    SQLite::Savepoint savepoint(*db_, "incident_seal");
    if (auto st = CheckIncidentSeal(); !st) return st;
    if (auto st = write(); !st) return st;
    if (auto st = SealIncident(); !st) return st;
    savepoint.release();
    return Ok();
  });
}

Status IncidentStore::SaveIncident(const IncidentInfo& i) {
  return WithIncidentSeal([&] { return WriteIncident(i); });
}

Status IncidentStore::CheckIncidentSeal() {
  return GuardSql(path_, "check the incident against its seal", [&]() -> Status {
    const auto [seq, seal] = LastIncidentSeal(*db_);
    if (seq == 0 || SealField(seal, "v") != kIncidentSealVersion) return Ok();
    const std::vector<std::string> changes = IncidentChanges(IncidentDigest(*db_), seal, seq);
    if (changes.empty()) return Ok();
    // Said once, and kept: `audit verify` reports it from now on, whatever is sealed after.
    return AppendAudit("incident-edited",
                       fmt::format("changed outside breachkit: {}", fmt::join(changes, "; ")));
  });
}

Status IncidentStore::SealIncident() {
  return GuardSql(path_, "seal the incident", [&]() -> Status {
    const auto [seq, seal] = LastIncidentSeal(*db_);
    std::string now = IncidentDigest(*db_);
    if (seq != 0 && seal == now) return Ok();  // nothing changed: a re-run logs nothing
    return AppendAudit("seal-incident", now);
  });
}

Status IncidentStore::WriteIncident(const IncidentInfo& i) {
  return GuardSql(path_, "write incident", [&]() -> Status {
    SQLite::Statement u(
        *db_,
        "UPDATE incident SET title=?, description=?, controller_name=?, controller_siren=?, "
        "controller_address=?, controller_sector=?, dpo_name=?, dpo_email=?, dpo_phone=?, "
        "signatory_name=?, signatory_title=?, language=?, timezone=?, origin_codes=?, cause=?, "
        "circumstances=?, discovery_means=?, late_reason=?, profile_path=?, profile_sha256=?, "
        "consequences=?, measures_taken=?, measures_planned=?, cnil_reference=?, notify_band=?, "
        "inform_band=?, person_categories=?, consequences_alt=?, measures_taken_alt=?, "
        "measures_planned_alt=?, proposed=?, regime=?, nature_confidentiality=?, "
        "nature_integrity=?, "
        "nature_availability=?, "
        "persons_vulnerable=?, data_unintelligible=?, occurred_at=?, awareness_at=?, "
        "contained_at=?, notified_at=?, large_audience=?, deadline_hours=?, updated_at=? "
        "WHERE id = 1");
    int n = 0;
    for (const std::string* text : {&i.title,
                                    &i.description,
                                    &i.controller_name,
                                    &i.controller_siren,
                                    &i.controller_address,
                                    &i.controller_sector,
                                    &i.dpo_name,
                                    &i.dpo_email,
                                    &i.dpo_phone,
                                    &i.signatory_name,
                                    &i.signatory_title,
                                    &i.language,
                                    &i.timezone,
                                    &i.origin_codes,
                                    &i.cause,
                                    &i.circumstances,
                                    &i.discovery_means,
                                    &i.late_reason,
                                    &i.profile_path,
                                    &i.profile_sha256,
                                    &i.consequences,
                                    &i.measures_taken,
                                    &i.measures_planned,
                                    &i.cnil_reference,
                                    &i.notify_band,
                                    &i.inform_band,
                                    &i.person_categories,
                                    &i.consequences_alt,
                                    &i.measures_taken_alt,
                                    &i.measures_planned_alt,
                                    &i.proposed,
                                    &i.regime}) {
      u.bind(++n, *text);
    }
    for (bool flag : {i.nature_confidentiality, i.nature_integrity, i.nature_availability,
                      i.persons_vulnerable, i.data_unintelligible}) {
      u.bind(++n, flag ? 1 : 0);
    }
    for (const std::optional<int64_t>* t :
         {&i.occurred_at, &i.awareness_at, &i.contained_at, &i.notified_at}) {
      BindOptional(u, ++n, *t);
    }
    u.bind(++n, i.large_audience);
    u.bind(++n, i.deadline_hours);
    u.bind(++n, clock_->NowUnix());
    u.exec();
    return Ok();
  });
}

Result<std::vector<std::string>> IncidentStore::OrgDomains() const {
  return ReadRows<std::string>(*db_, path_, "read organisation domains",
                               "SELECT domain FROM org_domain ORDER BY domain",
                               [](Row& r, std::string& domain) { r >> domain; });
}

Status IncidentStore::SetOrgDomains(const std::vector<std::string>& domains) {
  Status st = GuardSql(path_, "write organisation domains", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    db_->exec("DELETE FROM org_domain");
    SQLite::Statement ins(*db_, "INSERT OR IGNORE INTO org_domain (domain) VALUES (lower(?))");
    for (const std::string& d : domains) {
      ins.bind(1, d);
      ins.exec();
      ins.reset();
    }
    // Addresses already recorded follow the new list.
    db_->exec(
        "UPDATE party SET is_internal = EXISTS (SELECT 1 FROM org_domain d WHERE "
        "party.domain = d.domain OR party.domain LIKE '%.' || d.domain)");
    tx.commit();
    return Ok();
  });
  if (!st) return st;
  return SealAudit();  // who counts as staff changed
}

Result<std::string> IncidentStore::HmacKey() const {
  return GuardSql(path_, "read key", [&]() -> Result<std::string> {
    SQLite::Statement q(*db_, "SELECT hmac_key FROM incident WHERE id = 1");
    if (!q.executeStep())
      return Fail(ErrorCode::kDatabase, "{}: the incident row is missing", path_);
    const SQLite::Column c = q.getColumn(0);
    return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
  });
}

Status IncidentStore::AppendAudit(std::string_view action, std::string_view details) {
  return GuardSql(path_, "append to the audit log", [&]() -> Status {
    if (!audit_) audit_ = std::make_unique<AuditStatements>(*db_);
    // Left ready for the next call on every path, an exception's included (a statement left
    // stepping would hold its read of the log); `last` is also reset as soon as it is read.
    struct Ready {
      AuditStatements& s;
      ~Ready() {
        s.last.tryReset();
        s.insert.tryReset();
      }
    } ready{*audit_};
    SQLite::Statement& last = audit_->last;
    int64_t seq = 1;
    std::string prev;
    if (last.executeStep()) {
      seq = last.getColumn(0).getInt64() + 1;
      prev = last.getColumn(1).getString();
    }
    last.tryReset();
    const int64_t at = clock_->NowUnix();
    SQLite::Statement& ins = audit_->insert;
    SQLite::bind(ins, seq, at, std::string(action), std::string(details), prev,
                 AuditHash(prev, seq, at, action, details));
    ins.exec();
    return Ok();
  });
}

Result<std::string> IncidentStore::DataDigest() const {
  return GuardSql(path_, "digest the record",
                  [&]() -> Result<std::string> { return Digest(*db_, kSealVersion); });
}

Status IncidentStore::SealAudit() {
  auto digest = DataDigest();
  if (!digest) return std::unexpected(digest.error());
  auto same = GuardSql(path_, "read the last seal", [&]() -> Result<bool> {
    SQLite::Statement q(*db_,
                        "SELECT details FROM audit_log WHERE action = 'seal' ORDER BY seq DESC "
                        "LIMIT 1");
    return q.executeStep() && q.getColumn(0).getString() == *digest;
  });
  if (!same) return std::unexpected(same.error());
  if (*same) return Ok();  // nothing changed since: a re-run leaves the log as it was
  return AppendAudit("seal", *digest);
}

Result<AuditVerification> IncidentStore::VerifyAudit() const {
  return GuardSql(path_, "verify the audit log", [&]() -> Result<AuditVerification> {
    AuditVerification v;
    SQLite::Statement q(*db_,
                        "SELECT seq, at, action, details, prev_hash, hash FROM audit_log "
                        "ORDER BY seq");
    std::string prev;
    std::string seal;
    std::string incident_seal;
    int64_t incident_sealed_at = 0;
    std::vector<std::string> logged_documents;
    int64_t expected_seq = 1;
    while (q.executeStep()) {
      const int64_t seq = q.getColumn(0).getInt64();
      const std::string action = q.getColumn(2).getString();
      const std::string details = q.getColumn(3).getString();
      const std::string prev_hash = q.getColumn(4).getString();
      const std::string hash = q.getColumn(5).getString();
      if (!v.broken_at &&
          (seq != expected_seq || prev_hash != prev ||
           hash != AuditHash(prev, seq, q.getColumn(1).getInt64(), action, details))) {
        v.broken_at = expected_seq;
      }
      if (action == "seal") {
        seal = details;
        v.sealed_at = seq;
      }
      if (action == "seal-incident") {
        incident_seal = details;
        incident_sealed_at = seq;
      }
      // What breachkit found and logged as not vouched for stays said: an edit of the
      // incident behind its back, met by a later command, and a record imported while it
      // did not match its own log.
      if (action == "incident-edited") {
        v.data_changes.push_back(fmt::format("entry {}: the incident was {}", seq, details));
      }
      if (action == "import" && details.find(kImportMismatch) != std::string::npos) {
        v.data_changes.push_back(fmt::format("entry {}: imported {}", seq, details));
      }
      if (action == "document") logged_documents.push_back(details);
      prev = hash;
      ++expected_seq;
      ++v.entries;
    }
    v.head_hash = prev;
    // Entries removed from the end leave no gap in the chain; SQLite's sequence remembers
    // (unless it is edited too: only the head kept outside the record shows that).
    SQLite::Statement top(*db_, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
    if (!v.broken_at && top.executeStep() && top.getColumn(0).getInt64() > v.entries) {
      v.broken_at = v.entries + 1;
    }
    // The data against the last seal: an edit behind breachkit's back, or the log's end cut
    // off with the seal that vouched for the data.
    // Checked under the seal's own version (a record sealed by an earlier breachkit).
    const int version = v.sealed_at == 0 ? kSealVersion : SealVersionOf(seal);
    if (version < 1 || version > kSealVersion) {
      v.data_changes.push_back(fmt::format(
          "the seal of entry {} has version {}, which this breachkit (seal version {}) cannot "
          "check",
          v.sealed_at, SealField(seal, "v"), kSealVersion));
      return v;
    }
    if (incident_sealed_at != 0 && SealField(incident_seal, "v") != kIncidentSealVersion) {
      v.data_changes.push_back(fmt::format(
          "the incident's seal of entry {} has version {}, which this breachkit (version {}) "
          "cannot check",
          incident_sealed_at, SealField(incident_seal, "v"), kIncidentSealVersion));
    } else if (incident_sealed_at != 0) {
      for (std::string& c :
           IncidentChanges(IncidentDigest(*db_), incident_seal, incident_sealed_at)) {
        v.data_changes.push_back(std::move(c));
      }
    }
    const std::string now = Digest(*db_, version);
    for (const SealedTable& t : kSealedTables) {
      if (!Seals(t, version)) continue;
      const std::string_view is = SealField(now, t.name);
      const std::string_view was = SealField(seal, t.name);
      if (is == was) continue;
      const std::string_view rows = is.substr(0, is.find(':'));
      if (v.sealed_at == 0) {
        if (rows != "0") {
          v.data_changes.push_back(
              fmt::format("{}: {} rows that no seal entry of the log vouches "
                          "for",
                          t.name, rows));
        }
        continue;
      }
      v.data_changes.push_back(TableChange(t.name, is, was, v.sealed_at));
    }
    // Each document whose writing is logged has its entry.
    SQLite::Statement docs(*db_, "SELECT kind, path, sha256 FROM document ORDER BY id");
    while (docs.executeStep()) {
      const std::string kind = docs.getColumn(0).getString();
      if (std::find(kLoggedDocuments.begin(), kLoggedDocuments.end(), kind) ==
          kLoggedDocuments.end()) {
        continue;
      }
      const std::string entry = fmt::format("{} {} sha256={}", kind, docs.getColumn(1).getString(),
                                            docs.getColumn(2).getString());
      if (std::find(logged_documents.begin(), logged_documents.end(), entry) ==
          logged_documents.end()) {
        v.data_changes.push_back(fmt::format("document {} is not in the log", entry));
      }
    }
    return v;
  });
}

Result<std::vector<AuditEntry>> IncidentStore::AuditEntries() const {
  return ReadRows<AuditEntry>(
      *db_, path_, "read the audit log",
      "SELECT seq, at, action, details, hash FROM audit_log ORDER BY seq",
      [](Row& r, AuditEntry& e) { r >> e.seq >> e.at >> e.action >> e.details >> e.hash; });
}

Result<bool> IncidentStore::AddEvent(const TimelineEvent& e, const IncidentInfo* incident) {
  bool added = false;
  auto st = WithIncidentSeal([&]() -> Status {
    auto inserted = GuardSql(path_, "add a timeline event", [&]() -> Status {
      SQLite::Statement ins(*db_,
                            "INSERT INTO timeline_event (kind, at, note, reference, origin) "
                            "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM "
                            "timeline_event WHERE kind = ?1 AND at = ?2 AND note = ?3 AND "
                            "reference = ?4 AND origin = ?5)");
      SQLite::bind(ins, e.kind, e.at, e.note, e.reference, e.origin);
      added = ins.exec() == 1;
      return Ok();
    });
    if (!inserted || incident == nullptr) return inserted;
    return WriteIncident(*incident);
  });
  if (!st) return std::unexpected(st.error());
  return added;
}

Result<std::vector<TimelineEvent>> IncidentStore::Events() const {
  return ReadRows<TimelineEvent>(
      *db_, path_, "read the timeline",
      "SELECT id, kind, at, note, reference, origin FROM timeline_event ORDER BY at, id",
      [](Row& r, TimelineEvent& e) {
        r >> e.id >> e.kind >> e.at >> e.note >> e.reference >> e.origin;
      });
}

Status IncidentStore::ReplaceEvidenceEvents(const std::vector<TimelineEvent>& events) {
  return WithIncidentSeal([&] { return WriteEvidenceEvents(events); });
}

Status IncidentStore::WriteEvidenceEvents(const std::vector<TimelineEvent>& events) {
  return GuardSql(path_, "record the evidence's times", [&]() -> Status {
    // The same times again (a re-run): the rows, and their ids in an export, stay as they are.
    std::vector<std::tuple<std::string, int64_t, std::string>> now, wanted;
    SQLite::Statement old(*db_,
                          "SELECT kind, at, note FROM timeline_event WHERE origin = 'evidence' "
                          "ORDER BY id");
    while (old.executeStep()) {
      now.emplace_back(old.getColumn(0).getString(), old.getColumn(1).getInt64(),
                       old.getColumn(2).getString());
    }
    for (const TimelineEvent& e : events) wanted.emplace_back(e.kind, e.at, e.note);
    if (now == wanted) return Ok();
    SQLite::Savepoint tx(*db_, "evidence_events");
    db_->exec("DELETE FROM timeline_event WHERE origin = 'evidence'");
    SQLite::Statement ins(*db_,
                          "INSERT INTO timeline_event (kind, at, note, reference, origin) "
                          "VALUES (?, ?, ?, '', 'evidence')");
    for (const TimelineEvent& e : events) {
      ins.reset();
      SQLite::bind(ins, e.kind, e.at, e.note);
      ins.exec();
    }
    tx.release();
    return Ok();
  });
}

Status IncidentStore::SaveAssessment(const StoredAssessment& a) {
  return WriteRow(
      *db_, path_, "record an assessment",
      "INSERT INTO assessment (at, dpc, ei, cb, se, band, reasons, overrides, decision) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      a.at, a.dpc, a.ei, a.cb, a.se, a.band, a.reasons, a.overrides, a.decision);
}

Result<std::vector<StoredAssessment>> IncidentStore::Assessments() const {
  return ReadRows<StoredAssessment>(*db_, path_, "read the assessments",
                                    "SELECT id, at, dpc, ei, cb, se, band, reasons, overrides, "
                                    "decision FROM assessment ORDER BY id",
                                    [](Row& r, StoredAssessment& a) {
                                      r >> a.id >> a.at >> a.dpc >> a.ei >> a.cb >> a.se >>
                                          a.band >> a.reasons >> a.overrides >> a.decision;
                                    });
}

Result<std::vector<SourceInfo>> IncidentStore::Sources() const {
  return ReadRows<SourceInfo>(
      *db_, path_, "read the sources",
      "SELECT path, sha256, size, format, messages FROM source WHERE complete = 1 ORDER BY id",
      [](Row& r, SourceInfo& s) { r >> s.path >> s.sha256 >> s.size >> s.format >> s.messages; });
}

Result<std::vector<std::string>> IncidentStore::UnfinishedSources() const {
  return ReadRows<std::string>(*db_, path_, "read the sources",
                               "SELECT path FROM source WHERE complete = 0 ORDER BY id",
                               [](Row& r, std::string& path) { r >> path; });
}

namespace {

// The defect kinds of an attachment not read, as an SQL list: 'a', 'b', ...
std::string KindsNotRead() {
  return fmt::format("'{}'", fmt::join(kAttachmentNotReadKinds, "', '"));
}

}  // namespace

Result<std::vector<IncidentStore::AttachmentNotRead>> IncidentStore::AttachmentsNotRead() const {
  static const std::string sql =
      "SELECT d.kind, s.path, top.idx, d.field, d.detail, COALESCE((SELECT p.filename FROM part p "
      "WHERE p.message_id = d.message_id AND p.mime_path = d.field), '') FROM defect d JOIN "
      "message m ON m.id = "
      "d.message_id JOIN message top ON top.source_id = m.source_id AND top.byte_offset = "
      "m.byte_offset AND top.mime_path = '' JOIN source s ON s.id = m.source_id WHERE d.kind IN "
      "(" +
      KindsNotRead() + ") AND top.duplicate_of IS NULL ORDER BY d.id";
  return ReadRows<AttachmentNotRead>(
      *db_, path_, "read the attachments not read",
      // A nested message has its top-level message's span: the unique index finds it.
      sql.c_str(), [](Row& r, AttachmentNotRead& a) {
        std::string path, part, detail, filename;
        int64_t index = 0;
        r >> a.kind >> path >> index >> part >> detail >> filename;
        // The attachment's name as the record keeps it (a value in it masked).
        a.line = fmt::format(
            "{} message {} part {}{}: {}", path, MessageNumber(index), part.empty() ? "-" : part,
            filename.empty() || detail.find(filename) != std::string::npos ? ""
                                                                           : " (" + filename + ")",
            detail);
      });
}

Result<std::set<std::string>> IncidentStore::UndeliverableAddressHashes() const {
  auto rows = ReadRows<std::string>(
      *db_, path_, "read the undeliverable addresses",
      "SELECT DISTINCT keyed_hash FROM finding WHERE category = 'email' AND validation = "
      "'near-miss:undeliverable'",
      [](Row& r, std::string& hash) { r >> hash; });
  if (!rows) return std::unexpected(rows.error());
  return std::set<std::string>(rows->begin(), rows->end());
}

Result<std::string> IncidentStore::FirstSenderDomain() const {
  return GuardSql(path_, "read the first sender", [&]() -> Result<std::string> {
    // By message id: the first message written is the first of the first source.
    SQLite::Statement q(*db_,
                        "SELECT p.domain FROM message m JOIN recipient r ON r.message_id = m.id "
                        "AND r.field = 'from' JOIN party p ON p.id = r.party_id "
                        "WHERE m.parent_id IS NULL AND p.domain != '' ORDER BY m.id, "
                        "r.position LIMIT 1");
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  });
}

// The person by address, or by "#id" (a person with no address): two lookups through an index
// each (an OR of the two scanned every party, once per letter). The same file with the same
// content as its last version, written again, is listed once (document_path).
const char kRecordDocumentSql[] =
    "INSERT INTO document (kind, path, sha256, generated_at, person) "
    "SELECT ?1, ?2, ?3, ?4, coalesce((SELECT id FROM party WHERE address_key = lower(?5)), "
    "(SELECT id FROM party WHERE ?5 LIKE '#%' AND id = CAST(substr(?5, 2) AS INTEGER) AND "
    "'#' || id = ?5)) "
    // A file written back to an earlier content (a text set back as it was) is a new row:
    // the last row of a path is the file as it stands (the register lists that one), and
    // the table keeps each version in the order written.
    "WHERE NOT EXISTS (SELECT 1 FROM document WHERE path = ?2 AND sha256 = ?3 AND id = (SELECT "
    "max(id) FROM document WHERE path = ?2))";

Status IncidentStore::RecordDocument(const DocumentRecord& doc) {
  return WriteRow(*db_, path_, "record a document", kRecordDocumentSql, doc.kind, doc.path,
                  doc.sha256, doc.generated_at, doc.person);
}

Status IncidentStore::RecordDocuments(const std::vector<DocumentRecord>& docs) {
  auto tx = GuardSql(path_, "begin", [&]() -> Result<std::unique_ptr<SQLite::Transaction>> {
    return std::make_unique<SQLite::Transaction>(*db_);
  });
  if (!tx) return std::unexpected(tx.error());
  for (const DocumentRecord& d : docs) {
    if (auto st = RecordDocument(d); !st) return st;
  }
  return GuardSql(path_, "commit the documents", [&]() -> Status {
    (*tx)->commit();
    return Ok();
  });
}

Result<std::vector<DocumentRecord>> IncidentStore::Documents() const {
  return ReadRows<DocumentRecord>(
      *db_, path_, "read documents",
      "SELECT d.kind, d.path, d.sha256, d.generated_at, "
      "CASE WHEN p.kind = 'content' THEN '#' || p.id ELSE coalesce(p.address, '') END "
      "FROM document d LEFT JOIN party p ON p.id = d.person "
      "WHERE d.kind NOT IN ('output-folder', 'imported-from') ORDER BY d.id",
      [](Row& r, DocumentRecord& d) {
        r >> d.kind >> d.path >> d.sha256 >> d.generated_at >> d.person;
      });
}

Status IncidentStore::KeepNotificationFacts(const std::string& sha256, int64_t drafted_at,
                                            const std::string& facts, bool replace) {
  return GuardSql(path_, "keep the notification's facts", [&]() -> Status {
    // The same draft written again keeps its first time.
    SQLite::Statement q(*db_,
                        std::string("INSERT INTO notification_facts (sha256, drafted_at, facts) "
                                    "VALUES (?, ?, ?) ON CONFLICT (sha256) DO ") +
                            (replace ? "UPDATE SET drafted_at = excluded.drafted_at, "
                                       "facts = excluded.facts"
                                     : "NOTHING"));
    q.bind(1, sha256);
    q.bind(2, drafted_at);
    q.bind(3, facts);
    q.exec();
    return Ok();
  });
}

Result<std::optional<std::pair<int64_t, std::string>>> IncidentStore::NotificationFactsOf(
    const std::string& sha256) const {
  return GuardSql(path_, "read the notification's facts",
                  [&]() -> Result<std::optional<std::pair<int64_t, std::string>>> {
                    SQLite::Statement q(*db_,
                                        "SELECT drafted_at, facts FROM notification_facts "
                                        "WHERE sha256 = ?");
                    q.bind(1, sha256);
                    if (!q.executeStep()) return std::nullopt;
                    return std::pair{q.getColumn(0).getInt64(), q.getColumn(1).getString()};
                  });
}

Result<std::vector<PersonContact>> IncidentStore::Contacts() const {
  return ReadRows<PersonContact>(
      *db_, path_, "read the contacts",
      "SELECT party_id, email, postal_address, origin FROM contact ORDER BY party_id",
      [](Row& r, PersonContact& c) { r >> c.party >> c.email >> c.postal_address >> c.origin; });
}

Status IncidentStore::SetContacts(const std::vector<PersonContact>& contacts) {
  return GuardSql(path_, "record the contacts", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement q(*db_,
                        "INSERT INTO contact (party_id, email, postal_address, origin, at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (party_id) DO UPDATE SET "
                        // What the import does not give is kept (the leak's address).
                        "email = coalesce(nullif(excluded.email, ''), email), "
                        "postal_address = coalesce(nullif(excluded.postal_address, ''), "
                        "postal_address), "
                        "origin = CASE WHEN origin = excluded.origin OR origin LIKE "
                        "'%' || excluded.origin || '%' THEN origin ELSE origin || ', ' || "
                        "excluded.origin END, at = excluded.at");
    for (const PersonContact& c : contacts) {
      q.reset();
      SQLite::bind(q, c.party, c.email, c.postal_address, c.origin, clock_->NowUnix());
      q.exec();
    }
    tx.commit();
    return Ok();
  });
}

Result<std::map<std::string, std::set<int64_t>>> IncidentStore::OwnersOfHashes(
    const std::set<std::string>& keyed_hashes) const {
  using Owners = std::map<std::string, std::set<int64_t>>;
  return GuardSql(path_, "look up the data", [&]() -> Result<Owners> {
    SQLite::Statement q(*db_,
                        "SELECT f.keyed_hash, f.owner_party_id, p.kind = 'content' FROM finding f "
                        "JOIN party p ON p.id = f.owner_party_id");
    Owners out;
    while (q.executeStep()) {
      const char* hash = q.getColumn(0).getText();
      if (auto it = keyed_hashes.find(hash); it != keyed_hashes.end()) {
        const int64_t party = q.getColumn(1).getInt64();
        out[*it].insert(q.getColumn(2).getInt() != 0 ? party : -party);
      }
    }
    return out;
  });
}

Result<std::vector<std::string>> IncidentStore::OutputFolders() const {
  return ReadRows<std::string>(
      *db_, path_, "read the output folders",
      "SELECT DISTINCT path FROM document WHERE kind = 'output-folder' ORDER BY path",
      [](Row& r, std::string& path) { r >> path; });
}

Result<bool> IncidentStore::Imported() const {
  return GuardSql(path_, "read the documents", [&]() -> Result<bool> {
    return db_->execAndGet("SELECT count(*) FROM document WHERE kind = 'imported-from'").getInt() >
           0;
  });
}

}  // namespace breachkit
