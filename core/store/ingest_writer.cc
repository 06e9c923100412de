#include "core/store/ingest_writer.h"

#include <algorithm>
#include <cassert>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/detect/detector.h"
#include "core/detect/finding.h"
#include "core/detect/functional_address.h"
#include "core/mail/vault_export.h"
#include "core/store/connection.h"
#include "core/store/row.h"
#include "core/store/sql_guard.h"
#include "core/util/ascii.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"

namespace breachkit {
namespace {

constexpr int kBatchMessages = 500;

}  // namespace

const char kFindUnfinishedSourceSql[] =
    "SELECT id, sha256 FROM source WHERE path = ? AND sha256 != ? AND complete = 0 ORDER BY id";

namespace {

// Recipients and findings go in by statements of several rows: one statement run per row
// was a large part of the cost of a row (a storm's messages have hundreds of recipients each,
// and a mailbox can hold hundreds of thousands of findings).
constexpr int kRecipientRows = 32;
constexpr int kFindingRows = 16;
constexpr std::string_view kRecipientInto =
    "recipient (message_id, field, position, party_id, display_name, group_name, address, "
    "recovered)";
constexpr std::string_view kFindingInto =
    "finding (message_id, part_id, location, category, detector, masked_preview, keyed_hash, "
    "span_start, span_end, confidence, validation, quoted, owner_party_id, context)";

// OR IGNORE: a statement of several rows that may fail half-way makes SQLite copy every page
// it changes to a statement journal first, to undo it (a temporary file: 15,000 page images
// for a 30 MB mbox). A row can only be refused here for a duplicate key or a NULL, which the
// writer never makes; InsertRows counts the rows each statement inserted and fails when one
// is missing, so nothing is dropped silently.
std::string InsertSql(std::string_view into, int columns, int rows) {
  std::string row = "(?";
  for (int c = 1; c < columns; ++c) row += ",?";
  row += ')';
  std::string sql = "INSERT OR IGNORE INTO " + std::string(into) + " VALUES ";
  for (int i = 0; i < rows; ++i) sql += (i ? "," : "") + row;
  return sql;
}

// Rows [0, n) of `what` (recipient, finding) of the message at `index` in its source: by
// statements of `per` rows (`many`) while that many are left, then one a statement (`one`);
// `bind(q, i, at)` binds row i from parameter at + 1 on. A row the record refused fails it.
template <typename Bind>
Status InsertRows(const std::string& path, std::string_view what, int64_t index,
                  SQLite::Statement& many, SQLite::Statement& one, size_t per, int params, size_t n,
                  Bind&& bind) {
  for (size_t first = 0; first < n;) {
    const bool full = n - first >= per;
    auto& q = full ? many : one;
    const size_t rows = full ? per : 1;
    q.reset();
    for (size_t r = 0; r < rows; ++r) {
      if (auto st = bind(q, first + r, static_cast<int>(r) * params); !st) return st;
    }
    if (const int inserted = q.exec(); inserted != static_cast<int>(rows)) {
      return Fail(ErrorCode::kInternal,
                  "{}: the record refused {} {} row(s) of message {}; the batch is rolled back, "
                  "the source left incomplete",
                  path, static_cast<int>(rows) - inserted, what, MessageNumber(index));
    }
    first += rows;
  }
  return Ok();
}

std::string DomainOf(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : AddressKey(address.substr(at + 1));
}

bool IsInternal(const std::string& domain, const std::vector<std::string>& org_domains) {
  for (const std::string& d : org_domains) {
    if (domain == d || (domain.size() > d.size() && domain.ends_with("." + d))) return true;
  }
  return false;
}

// Text bound in place, not copied (most of the writer's work is binding a few short
// strings per row): `text` must live until the statement has run.
void BindText(SQLite::Statement& q, int index, const std::string& text) {
  q.bindNoCopy(index, text);
}

// A name from one of the constexpr tables (field, category, detector, validation): a whole
// string literal, so its view ends at the literal's NUL.
void BindName(SQLite::Statement& q, int index, std::string_view name) {
  if (name.empty()) {
    q.bindNoCopy(index, "");  // a default view has no data at all: that would bind NULL
    return;
  }
  assert(name.data()[name.size()] == '\0');
  q.bindNoCopy(index, name.data());
}

std::string JoinReferences(const std::vector<std::string>& refs) {
  std::string out;
  for (const auto& r : refs) {
    if (!out.empty()) out += ' ';
    out += r;
  }
  return out;
}

}  // namespace

struct IngestWriter::Statements {
  explicit Statements(SQLite::Database& db)
      : find_source(db, "SELECT id, complete FROM source WHERE sha256 = ?"),
        find_unfinished(db, kFindUnfinishedSourceSql),
        clear_duplicates(db,
                         "UPDATE message SET duplicate_of = NULL WHERE duplicate_of IN "
                         "(SELECT id FROM message WHERE source_id = ?)"),
        delete_source(db, "DELETE FROM source WHERE id = ?"),
        insert_source(db,
                      "INSERT INTO source (path, size, sha256, format, ingested_at) "
                      "VALUES (?, ?, ?, ?, ?)"),
        insert_message(db,
                       "INSERT INTO message (source_id, idx, mime_path, parent_id, depth, "
                       "byte_offset, byte_length, raw_sha256, duplicate_of, parse_status, "
                       "parse_error, message_id, date_utc, date_offset, date_raw, subject, "
                       "in_reply_to, refs, is_reply_all, envelope_from, item_path, vault) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        find_raw(db,
                 "SELECT id FROM message WHERE raw_sha256 = ? AND mime_path = '' AND "
                 "parse_status = 'ok' ORDER BY id LIMIT 1"),
        insert_party(db,
                     "INSERT INTO party (address_key, address, domain, is_internal) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (address_key) DO NOTHING"),
        find_party(db, "SELECT id FROM party WHERE address_key = ?"),
        insert_content_party(
            db,
            "INSERT INTO party (address_key, address, domain, is_internal, kind) "
            "VALUES (?, '', '', 0, 'content') ON CONFLICT (address_key) DO NOTHING"),
        insert_contact(db,
                       "INSERT INTO contact (party_id, email, origin, at) VALUES (?, ?, 'leak', ?) "
                       "ON CONFLICT (party_id) DO NOTHING"),
        upsert_name(db,
                    "INSERT INTO party_name (party_id, name, seen) VALUES (?, ?, ?) "
                    "ON CONFLICT (party_id, name) DO UPDATE SET seen = seen + excluded.seen"),
        insert_recipient(db, InsertSql(kRecipientInto, 8, 1)),
        insert_recipients(db, InsertSql(kRecipientInto, 8, kRecipientRows)),
        insert_defect(db,
                      "INSERT INTO defect (message_id, source_id, kind, field, detail) "
                      "VALUES (?, ?, ?, ?, ?)"),
        insert_part(db,
                    "INSERT INTO part (message_id, mime_path, content_type, disposition, "
                    "filename, charset, charset_fallback, is_attachment, size, sha256, "
                    "text_chars) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        insert_finding(db, InsertSql(kFindingInto, 14, 1)),
        insert_findings(db, InsertSql(kFindingInto, 14, kFindingRows)),
        insert_list(db,
                    "INSERT OR IGNORE INTO list_address (address_key, message_id) VALUES (?, ?)"),
        finish_source(db, "UPDATE source SET messages = ?, complete = 1 WHERE id = ?") {}

  SQLite::Statement find_source, find_unfinished, clear_duplicates, delete_source, insert_source,
      insert_message, find_raw, insert_party, find_party, insert_content_party, insert_contact,
      upsert_name, insert_recipient, insert_recipients, insert_defect, insert_part, insert_finding,
      insert_findings, insert_list, finish_source;
};

IngestWriter::IngestWriter(IncidentStore& store) : store_(store) {}
IngestWriter::~IngestWriter() {
  // An unfinished batch is rolled back by the transaction's destructor: the source stays
  // incomplete and the next run redoes it.
  st_.reset();
  tx_.reset();
  if (foreign_keys_off_) (void)SetForeignKeys(true);
  if (indexes_deferred_) (void)store_.RestoreIndexes();
}

Result<std::unique_ptr<IngestWriter>> IngestWriter::Create(IncidentStore& store) {
  std::unique_ptr<IngestWriter> w(new IngestWriter(store));
  auto domains = store.OrgDomains();
  if (!domains) return std::unexpected(domains.error());
  w->org_domains_ = std::move(*domains);
  auto incident = store.LoadIncident();
  if (!incident) return std::unexpected(incident.error());
  w->home_region_ = PhoneHomeRegion(incident->timezone, w->org_domains_);
  w->org_address_ = incident->controller_address;
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  w->hmac_key_ = std::move(*key);
  // A first ingestion is a bulk load: the indexes it does not read are built once at the
  // end (sorting) rather than kept up to date row by row (random writes). Into a record
  // that already holds mail, rebuilding them would cost more than it saves.
  auto empty = GuardSql(store.path(), "look at the record", [&]() -> Result<bool> {
    return Connection(store)
               .execAndGet(
                   "SELECT NOT EXISTS (SELECT 1 FROM recipient) AND "
                   "NOT EXISTS (SELECT 1 FROM finding)")
               .getInt() != 0;
  });
  if (!empty) return std::unexpected(empty.error());
  if (*empty) {
    if (auto st = store.DeferIndexes(); !st) return std::unexpected(st.error());
    w->indexes_deferred_ = true;
  }
  // Every row's parents are written before it by this writer alone (source, message, part,
  // finding; party, recipient): the per-row foreign-key look-ups (8 % of ingestion) are
  // left out while it writes, and back on for wiping an incomplete source (its cascades),
  // at Finish and in the destructor.
  if (auto st = w->SetForeignKeys(false); !st) return std::unexpected(st.error());
  if (auto st = w->Prepare(); !st) return std::unexpected(st.error());
  return w;
}

Status IngestWriter::SetForeignKeys(bool on) {
  return GuardSql(store_.path(), "set foreign keys", [&]() -> Status {
    Connection(store_).exec(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    foreign_keys_off_ = !on;
    return Ok();
  });
}

Status IngestWriter::Finish() {
  if (auto st = Flush(); !st) return st;
  if (auto st = SetForeignKeys(true); !st) return st;
  if (indexes_deferred_) {
    indexes_deferred_ = false;
    if (auto st = store_.RestoreIndexes(); !st) return st;
  }
  if (auto st = MarkOutlookTwins(); !st) return st;
  if (auto st = MarkSameMailCopies(); !st) return st;
  // What was written, vouched for by the audit log (nothing is appended when nothing changed).
  return store_.SealAudit();
}

namespace {

// Each (duplicate, kept) pair: the duplicate marked, and what pointed to it points to the one
// kept; in one transaction.
void MarkDuplicates(SQLite::Database& db, const std::vector<std::pair<int64_t, int64_t>>& marks) {
  SQLite::Transaction tx(db);
  SQLite::Statement mark(db, "UPDATE message SET duplicate_of = ? WHERE id = ?");
  SQLite::Statement repoint(db, "UPDATE message SET duplicate_of = ? WHERE duplicate_of = ?");
  for (const auto& [duplicate, kept] : marks) {
    mark.bind(1, kept);
    mark.bind(2, duplicate);
    mark.exec();
    mark.reset();
    repoint.bind(1, kept);
    repoint.bind(2, duplicate);
    repoint.exec();
    repoint.reset();
  }
  tx.commit();
}

}  // namespace

Status IngestWriter::MarkOutlookTwins() {
  int twins = 0;
  auto st = GuardSql(store_.path(), "mark Outlook twins", [&]() -> Status {
    SQLite::Database& db = Connection(store_);
    // A record without an Outlook source (most) costs one lookup, not a pass over its messages.
    SQLite::Statement any(db,
                          "SELECT 1 FROM source WHERE format IN ('msg', 'tnef', 'pst') LIMIT 1");
    if (!any.executeStep()) return Ok();
    // The top-level messages that share a Message-ID and a Date with a message of an Outlook
    // file (found from the Outlook side, through the message_id index), with whether each comes
    // from an Outlook file and how many recipient rows it has.
    SQLite::Statement q(
        db,
        "SELECT m.id, m.message_id, m.date_utc, s.format IN ('msg', 'tnef', 'pst'), "
        "(SELECT COUNT(*) FROM recipient r WHERE r.message_id = m.id) "
        "FROM message m JOIN source s ON s.id = m.source_id "
        "WHERE m.mime_path = '' AND m.parse_status = 'ok' AND m.duplicate_of IS NULL "
        "AND m.date_utc IS NOT NULL AND (m.message_id, m.date_utc) IN ("
        "SELECT o.message_id, o.date_utc FROM message o JOIN source os ON os.id = o.source_id "
        "WHERE os.format IN ('msg', 'tnef', 'pst') AND o.mime_path = '' AND o.message_id != '' "
        "AND o.parse_status = 'ok' AND o.duplicate_of IS NULL AND o.date_utc IS NOT NULL) "
        "ORDER BY m.message_id, m.date_utc, m.id");
    struct Copy {
      int64_t id;
      int64_t recipients;
    };
    // In each group, the Outlook copy and the internet copy with the most recipient rows (the
    // first of equals); of those two, the one with fewer rows becomes the duplicate, so that a
    // sent message's Bcc rows, which only its Outlook copy may hold, stay in the figures. Two
    // copies of the same format are left as they are (their bytes decide, as for any mail).
    std::vector<std::pair<int64_t, int64_t>> marks;  // duplicate, kept
    std::string group_id;
    int64_t group_date = 0;
    std::optional<Copy> outlook, internet;
    auto close_group = [&] {
      if (outlook && internet) {
        const bool keep_outlook =
            outlook->recipients > internet->recipients ||
            (outlook->recipients == internet->recipients && outlook->id < internet->id);
        marks.emplace_back(keep_outlook ? internet->id : outlook->id,
                           keep_outlook ? outlook->id : internet->id);
      }
      outlook.reset();
      internet.reset();
    };
    while (q.executeStep()) {
      const std::string id_text = q.getColumn(1).getString();
      const int64_t date = q.getColumn(2).getInt64();
      if (id_text != group_id || date != group_date) {
        close_group();
        group_id = id_text;
        group_date = date;
      }
      const Copy copy{q.getColumn(0).getInt64(), q.getColumn(4).getInt64()};
      std::optional<Copy>& best = q.getColumn(3).getInt() != 0 ? outlook : internet;
      if (!best || copy.recipients > best->recipients) best = copy;
    }
    close_group();
    if (marks.empty()) return Ok();
    MarkDuplicates(db, marks);
    twins = static_cast<int>(marks.size());
    return Ok();
  });
  if (!st) return st;
  if (twins == 0) return Ok();
  counts_.duplicates += twins;
  return store_.AppendAudit(
      "ingest", fmt::format("{} message{} of an Outlook file and an internet message found to be "
                            "the same mail (same Message-ID and Date): counted once, the copy "
                            "with more recipients kept",
                            twins, twins == 1 ? "" : "s"));
}

Status IngestWriter::MarkSameMailCopies() {
  int copies = 0;
  auto st = GuardSql(store_.path(), "mark copies of the same mail", [&]() -> Status {
    SQLite::Database& db = Connection(store_);
    // Only the Message-IDs that more than one counted top-level message has (the message_id
    // index): a record without such copies costs one grouped pass over that index.
    SQLite::Statement q(
        db,
        "SELECT m.id, m.message_id, m.date_utc, m.subject "
        "FROM message m WHERE m.mime_path = '' AND m.parse_status = 'ok' "
        "AND m.duplicate_of IS NULL AND m.date_utc IS NOT NULL AND m.message_id IN ("
        "SELECT message_id FROM message WHERE mime_path = '' AND message_id != '' "
        "AND parse_status = 'ok' AND duplicate_of IS NULL AND date_utc IS NOT NULL "
        "GROUP BY message_id HAVING COUNT(*) > 1)");
    // Every recipient row (From to Bcc, Resent-*) but the delivery's: a copy that reached
    // someone the other did not is not the same exposure, and stays. Kept as a SHA-256.
    // Delivered-To and X-Original-To name the mailbox a copy was delivered to: a recipient's
    // copy (a Maildir) and the sender's (the sent mbox) are the same mail when that mailbox
    // is one the kept copy names (helper-75: a candidate's Maildir of the thread doubled
    // every figure); a mailbox it does not name (a Bcc, a forward) makes it another exposure.
    SQLite::Statement people(db,
                             "SELECT field, lower(address) FROM recipient "
                             "WHERE message_id = ? ORDER BY 1, 2");
    // What the detectors found in it: a later copy is a duplicate only when the first holds
    // all of its findings (a gateway that stripped an attachment made a copy with less).
    SQLite::Statement found(db,
                            "SELECT DISTINCT category || ':' || keyed_hash FROM finding "
                            "WHERE message_id = ? ORDER BY 1");
    struct Copy {
      std::string key;  // Message-ID, Date, Subject, the SHA-256 of the recipient rows
      int64_t id;
      std::set<std::string> named;      // every address of its rows, the delivery's too
      std::set<std::string> delivered;  // its Delivered-To and X-Original-To addresses
    };
    std::vector<Copy> all;
    while (q.executeStep()) {
      Copy c{fmt::format("{}\n{}\n{}\n", q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                         q.getColumn(3).getString()),
             q.getColumn(0).getInt64(),
             {},
             {}};
      people.bind(1, c.id);
      std::string rows;
      while (people.executeStep()) {
        const std::string field = people.getColumn(0).getString();
        std::string address = people.getColumn(1).getString();
        if (field == AddressFieldName(AddressField::kDeliveredTo) ||
            field == AddressFieldName(AddressField::kXOriginalTo)) {
          c.delivered.insert(address);
        } else {
          rows += field + ':' + address + '\n';
        }
        c.named.insert(std::move(address));
      }
      people.reset();
      c.key += Sha256Hex(rows);
      all.push_back(std::move(c));
    }
    std::sort(all.begin(), all.end(), [](const Copy& a, const Copy& b) {
      return std::tie(a.key, a.id) < std::tie(b.key, b.id);
    });
    auto findings_of = [&](int64_t id) {
      std::vector<std::string> out;
      found.bind(1, id);
      while (found.executeStep()) out.push_back(found.getColumn(0).getString());
      found.reset();
      return out;  // sorted by the query
    };
    // The first copy read is kept (the decisions of a review made on it stay, and every
    // duplicate points to an earlier row, as an import reads them).
    std::vector<std::pair<int64_t, int64_t>> marks;  // duplicate, kept
    for (size_t begin = 0, end = 0; begin < all.size(); begin = end) {
      end = begin + 1;
      while (end < all.size() && all[end].key == all[begin].key) ++end;
      if (end - begin < 2) continue;
      const std::vector<std::string> kept = findings_of(all[begin].id);
      for (size_t k = begin + 1; k < end; ++k) {
        const std::vector<std::string> copy = findings_of(all[k].id);
        const std::set<std::string>& named = all[begin].named;
        const bool delivered_to_named = std::includes(
            named.begin(), named.end(), all[k].delivered.begin(), all[k].delivered.end());
        if (delivered_to_named && std::includes(kept.begin(), kept.end(), copy.begin(), copy.end()))
          marks.emplace_back(all[k].id, all[begin].id);
      }
    }
    if (marks.empty()) return Ok();
    MarkDuplicates(db, marks);
    copies = static_cast<int>(marks.size());
    return Ok();
  });
  if (!st) return st;
  if (copies == 0) return Ok();
  counts_.duplicates += copies;
  return store_.AppendAudit(
      "ingest",
      fmt::format("{} message{} found to be another copy of the same mail (same "
                  "Message-ID, Date, Subject and recipients, delivered to one of them, other "
                  "bytes, no finding of its own): counted once, the first copy kept",
                  copies, copies == 1 ? "" : "s"));
}

Status IngestWriter::Prepare() {
  return GuardSql(store_.path(), "prepare ingestion", [&]() -> Status {
    st_ = std::make_unique<Statements>(Connection(store_));
    return Ok();
  });
}

Status IngestWriter::MaybeCommit() {
  if (++pending_ < kBatchMessages) return Ok();
  return Flush();
}

Result<std::vector<std::string>> IngestWriter::MessageIdsOfSource(const std::string& sha256) {
  std::vector<std::string> out;
  auto st = GuardSql(store_.path(), "read a source's messages", [&]() -> Status {
    SQLite::Statement q(Connection(store_),
                        "SELECT m.message_id FROM message m JOIN source s ON s.id = m.source_id "
                        "WHERE s.sha256 = ? AND m.mime_path = '' ORDER BY m.idx");
    q.bind(1, sha256);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<std::vector<int64_t>> IngestWriter::CountMessageIds(const std::vector<std::string>& ids) {
  std::vector<int64_t> out;
  auto st = GuardSql(store_.path(), "look up messages by Message-ID", [&]() -> Status {
    SQLite::Statement q(Connection(store_),
                        "SELECT count(*) FROM message WHERE message_id = ? AND mime_path = ''");
    for (const std::string& id : ids) {
      q.reset();
      q.bind(1, id);
      q.executeStep();
      out.push_back(q.getColumn(0).getInt64());
    }
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Status IngestWriter::Flush() {
  return GuardSql(store_.path(), "commit ingested messages", [&]() -> Status {
    if (tx_) {
      // The display names seen in this batch, counted here rather than one upsert each:
      // the same few names come back in every message of a storm.
      // In (party, name) order, whatever the order they came in: the same record every run.
      std::sort(named_.begin(), named_.end(),
                [](const Party* a, const Party* b) { return a->id < b->id; });
      for (Party* party : named_) {
        party->name_index.reset();  // before the sort moves the names it points into
        std::sort(party->names.begin(), party->names.end());
        for (const auto& [name, times] : party->names) {
          st_->upsert_name.reset();
          st_->upsert_name.bind(1, party->id);
          BindText(st_->upsert_name, 2, name);
          st_->upsert_name.bind(3, times);
          st_->upsert_name.exec();
        }
        party->names.clear();
      }
      named_.clear();
      tx_->commit();
      tx_.reset();
    }
    pending_ = 0;
    return Ok();
  });
}

Result<std::optional<int64_t>> IngestWriter::BeginSource(const SourceRecord& source) {
  // A source joins the batch of messages open before it (committed every kBatchMessages
  // messages, as within a file): the one-message files of a Maildir are not a commit each. A
  // kill rolls the batch's sources back together; none of them is marked complete in the
  // record, and the next run reads them again.
  struct Earlier {
    bool complete = false;
    std::optional<int64_t> unfinished;                      // an earlier attempt at these bytes
    std::vector<std::pair<int64_t, std::string>> replaced;  // ... at this path, other bytes
  };
  auto earlier = GuardSql(store_.path(), "look up a source", [&]() -> Result<Earlier> {
    Earlier e;
    auto& s = *st_;
    s.find_source.reset();
    s.find_source.bind(1, source.sha256);
    if (s.find_source.executeStep()) {
      const int64_t id = s.find_source.getColumn(0).getInt64();
      e.complete = s.find_source.getColumn(1).getInt() != 0;
      if (!e.complete) e.unfinished = id;
    }
    s.find_source.reset();
    if (e.complete) return e;
    // An unfinished attempt at the same path whose bytes have changed since (a mailbox that
    // received mail between a kill and the re-run): it would stay unfinished for good, its
    // messages counted next to the new ones. The new bytes replace it.
    s.find_unfinished.reset();
    s.find_unfinished.bind(1, source.path);
    s.find_unfinished.bind(2, source.sha256);
    while (s.find_unfinished.executeStep()) {
      e.replaced.emplace_back(s.find_unfinished.getColumn(0).getInt64(),
                              s.find_unfinished.getColumn(1).getString());
    }
    s.find_unfinished.reset();
    return e;
  });
  if (!earlier) return std::unexpected(earlier.error());
  if (earlier->complete) return std::optional<int64_t>();
  if (earlier->unfinished || !earlier->replaced.empty()) {
    // Wiping relies on the cascades: the foreign keys are on for it, which SQLite allows
    // outside a transaction only (and which makes every prepared statement compile again:
    // only when there is something to wipe).
    if (auto st = Flush(); !st) return std::unexpected(st.error());
    if (auto st = SetForeignKeys(true); !st) return std::unexpected(st.error());
    auto wiped = GuardSql(store_.path(), "remove an unfinished source", [&]() -> Status {
      SQLite::Transaction tx(Connection(store_));
      if (earlier->unfinished) WipeSource(*earlier->unfinished);
      for (const auto& [id, sha] : earlier->replaced) WipeSource(id);
      tx.commit();
      return Ok();
    });
    if (!wiped) return std::unexpected(wiped.error());
    if (auto st = SetForeignKeys(false); !st) return std::unexpected(st.error());
    for (const auto& [id, sha] : earlier->replaced)
      replaced_.push_back({source.path, sha, source.sha256});
  }
  return GuardSql(store_.path(), "record a source", [&]() -> Result<std::optional<int64_t>> {
    if (!tx_) tx_ = std::make_unique<SQLite::Transaction>(Connection(store_));
    auto& s = *st_;
    s.insert_source.reset();
    s.insert_source.bind(1, source.path);
    s.insert_source.bind(2, static_cast<int64_t>(source.size));
    s.insert_source.bind(3, source.sha256);
    s.insert_source.bind(4, source.format);
    s.insert_source.bind(5, store_.clock().NowUnix());
    s.insert_source.exec();
    const int64_t id = Connection(store_).getLastInsertRowid();
    source_paths_[id] = source.path;
    return std::optional<int64_t>(id);
  });
}

void IngestWriter::WipeSource(int64_t id) {
  auto& s = *st_;
  s.clear_duplicates.reset();
  s.clear_duplicates.bind(1, id);
  s.clear_duplicates.exec();
  s.delete_source.reset();
  s.delete_source.bind(1, id);
  s.delete_source.exec();
  seen_raw_.clear();  // ids of the wiped messages may be in it
}

Result<IngestWriter::Party*> IngestWriter::PartyOfRow(ContentPerson& person) {
  // A row whose address is outside the organisation is that mailbox's person (the same
  // mailbox, seen in a table). A work address of the organisation does not make its row
  // staff: the row's data are the employee's, shown to whoever received the table.
  const bool own_mailbox =
      !person.email.empty() && !IsInternal(DomainOf(person.email), org_domains_);
  Party* party = nullptr;
  if (own_mailbox) {
    auto p = PartyOf(person.email);
    if (!p) return p;
    party = *p;
  } else if (auto it = parties_.find(person.key); it != parties_.end()) {
    party = &it->second;
  } else if (auto alias = row_aliases_.find(person.key); alias != row_aliases_.end()) {
    party = alias->second;
  } else {
    // A row of another table with the same IBAN or NIR is the same person, even when one
    // of the two rows holds a work address and the other none, or one holds the IBAN and
    // the NIR and the other the NIR only (the key says one identifier only); not when the
    // two rows hold two addresses (a joint account).
    auto known = PartyOfIdentifiers(person);
    if (!known) return known;
    party = *known;
    if (party) {
      row_aliases_.emplace(person.key, party);
    } else {
      auto made = ContentParty(person.key);
      if (!made) return made;
      party = *made;
    }
    // A child's contact is their parent's or guardian's address in their row.
    const std::string& contact = !person.email.empty() ? person.email
                                 : person.minor        ? person.guardian_email
                                                       : person.email;
    if (!contact.empty()) {
      auto& s = *st_;
      s.insert_contact.reset();
      s.insert_contact.bind(1, party->id);
      BindText(s.insert_contact, 2, contact);
      s.insert_contact.bind(3, store_.clock().NowUnix());
      s.insert_contact.exec();
    }
  }
  if (!person.recorded) {
    person.recorded = true;
    if (!person.name.empty()) CountName(*party, person.name);
    NoteIdentifiers(person, party->id);
  }
  return party;
}

Result<IngestWriter::Party*> IngestWriter::ContentParty(const std::string& key) {
  if (auto it = parties_.find(key); it != parties_.end()) return &it->second;
  auto& s = *st_;
  s.insert_content_party.reset();
  s.insert_content_party.bind(1, key);
  s.insert_content_party.exec();
  return InsertedParty(key);
}

Result<IngestWriter::Party*> IngestWriter::InsertedParty(const std::string& key) {
  auto& s = *st_;
  s.find_party.reset();
  s.find_party.bind(1, key);
  if (!s.find_party.executeStep()) {
    return Fail(ErrorCode::kInternal, "party row missing after insert");
  }
  const int64_t id = s.find_party.getColumn(0).getInt64();
  s.find_party.reset();
  return &parties_.emplace(key, Party{id, {}, nullptr}).first->second;
}

namespace {

uint64_t IdentifierKey(std::string_view keyed_hash) {
  uint64_t v = 0;
  for (char c : keyed_hash.substr(0, 16)) {
    v = v << 4 | static_cast<uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

}  // namespace

void IngestWriter::NoteIdentifier(std::string_view keyed_hash, int64_t party) {
  auto [it, added] = row_identifiers_.try_emplace(IdentifierKey(keyed_hash), party);
  if (!added && it->second != party) it->second = 0;  // two persons hold it
}

void IngestWriter::NoteIdentifiers(const ContentPerson& person, int64_t party) {
  for (const std::string& id : person.identifiers) NoteIdentifier(id, party);
}

Result<IngestWriter::Party*> IngestWriter::PartyOfIdentifiers(const ContentPerson& person) {
  if (person.identifiers.empty()) return nullptr;
  SQLite::Database& db = Connection(store_);
  if (!row_identifiers_loaded_) {
    // The rows of earlier runs (this run's are noted as they are written).
    row_identifiers_loaded_ = true;
    SQLite::Statement q(db,
                        "SELECT keyed_hash, owner_party_id FROM finding WHERE category IN "
                        "('iban', 'nir') AND owner_party_id IS NOT NULL AND location LIKE "
                        "'% row:%'");
    while (q.executeStep()) NoteIdentifier(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  }
  int64_t found = 0;
  for (const std::string& id : person.identifiers) {
    auto it = row_identifiers_.find(IdentifierKey(id));
    if (it == row_identifiers_.end() || it->second == 0) continue;
    if (found != 0 && found != it->second) return nullptr;  // two persons: joins neither
    found = it->second;
  }
  if (found == 0) return nullptr;
  SQLite::Statement q(
      db,
      "SELECT p.address_key, p.kind = 'content', coalesce(c.email, '') FROM party p "
      "LEFT JOIN contact c ON c.party_id = p.id WHERE p.id = ?");
  q.bind(1, found);
  if (!q.executeStep()) return nullptr;
  const std::string key = q.getColumn(0).getString();
  const bool content = q.getColumn(1).getInt() != 0;
  // Two addresses are two persons, whatever account they share.
  const std::string address = content ? AsciiLower(q.getColumn(2).getString()) : key;
  if (!person.email.empty() && !address.empty() && address != AsciiLower(person.email)) {
    return nullptr;
  }
  if (content) return ContentParty(key);
  return PartyOf(key);
}

void IngestWriter::CountName(Party& party, const std::string& name) {
  if (party.name_index) {
    const auto [it, added] = party.name_index->try_emplace(name, party.names.size());
    if (added) {
      party.names.emplace_back(name, 1);
    } else {
      ++party.names[it->second].second;
    }
    return;
  }
  for (auto& [known, times] : party.names) {
    if (known == name) {
      ++times;
      return;
    }
  }
  if (party.names.empty()) named_.push_back(&party);
  party.names.emplace_back(name, 1);
  constexpr size_t kSearchedInPlace = 8;
  if (party.names.size() > kSearchedInPlace) {
    party.name_index = std::make_unique<absl::flat_hash_map<std::string, size_t>>();
    for (size_t i = 0; i < party.names.size(); ++i) {
      party.name_index->emplace(party.names[i].first, i);
    }
  }
}

Result<IngestWriter::Party*> IngestWriter::PartyOf(const std::string& address) {
  AddressKeyInto(address, &key_buffer_);
  if (auto it = parties_.find(key_buffer_); it != parties_.end()) return &it->second;
  const std::string key = key_buffer_;
  auto& s = *st_;
  const std::string domain = DomainOf(address);
  s.insert_party.reset();
  s.insert_party.bind(1, key);
  BindText(s.insert_party, 2, address);
  s.insert_party.bind(3, domain);
  s.insert_party.bind(4, IsInternal(domain, org_domains_) ? 1 : 0);
  s.insert_party.exec();
  return InsertedParty(key);
}

Result<int64_t> IngestWriter::InsertMessage(int64_t source_id, const MessageSpan& span,
                                            const MailMessage& m, std::optional<int64_t> parent_id,
                                            std::optional<int64_t> duplicate_of,
                                            const std::string& status, const std::string& error) {
  auto& q = st_->insert_message;
  q.reset();
  q.bind(1, source_id);
  q.bind(2, span.index);
  q.bind(3, m.mime_path);
  if (parent_id)
    q.bind(4, *parent_id);
  else
    q.bind(4);
  q.bind(5, m.depth);
  q.bind(6, static_cast<int64_t>(span.offset));
  q.bind(7, static_cast<int64_t>(span.length));
  q.bind(8, span.raw_sha256);
  if (duplicate_of)
    q.bind(9, *duplicate_of);
  else
    q.bind(9);
  q.bind(10, status);
  q.bind(11, error);
  q.bind(12, m.message_id);
  if (m.date_utc) {
    q.bind(13, *m.date_utc);
    q.bind(14, m.date_offset_minutes);
  } else {
    q.bind(13);
    q.bind(14);
  }
  q.bind(15, m.date_raw);
  q.bind(16, m.subject);
  q.bind(17, m.in_reply_to);
  q.bind(18, JoinReferences(m.references));
  q.bind(19, m.IsReplyAll() ? 1 : 0);
  q.bind(20, parent_id ? std::string() : span.envelope_from);
  q.bind(21, parent_id ? std::string() : span.item_path);
  q.bind(22, m.vault ? VaultRecordJson(*m.vault) : std::string());
  q.exec();
  return Connection(store_).getLastInsertRowid();
}

Status IngestWriter::AddMail(int64_t source_id, const MessageSpan& span, const ParsedMail& mail,
                             const std::vector<std::vector<LocatedFinding>>& findings) {
  return GuardSql(store_.path(), "record a message", [&]() -> Status {
    if (!tx_) tx_ = std::make_unique<SQLite::Transaction>(Connection(store_));
    auto& s = *st_;
    std::optional<int64_t> duplicate_of;
    if (auto it = seen_raw_.find(span.raw_sha256); it != seen_raw_.end()) {
      duplicate_of = it->second;
    } else {
      s.find_raw.reset();
      s.find_raw.bind(1, span.raw_sha256);
      if (s.find_raw.executeStep()) duplicate_of = s.find_raw.getColumn(0).getInt64();
      s.find_raw.reset();
    }
    std::vector<int64_t> ids;
    ids.reserve(mail.messages.size());
    for (const MailMessage& m : mail.messages) {
      std::optional<int64_t> parent;
      if (m.parent >= 0) parent = ids[static_cast<size_t>(m.parent)];
      auto id = InsertMessage(source_id, span, m, parent,
                              m.parent < 0 ? duplicate_of : std::nullopt, "ok", "");
      if (!id) return std::unexpected(id.error());
      ids.push_back(*id);
      if (m.parent < 0) {
        ++counts_.messages;
        if (duplicate_of)
          ++counts_.duplicates;
        else
          seen_raw_.emplace(span.raw_sha256, *id);
      } else {
        ++counts_.nested;
      }
      auto recipients = InsertRows(store_.path(), "recipient", span.index, s.insert_recipients,
                                   s.insert_recipient, kRecipientRows, 8, m.addresses.size(),
                                   [&](SQLite::Statement& q, size_t position, int at) -> Status {
                                     const MailAddress& a = m.addresses[position];
                                     auto party = PartyOf(a.address);
                                     if (!party) return std::unexpected(party.error());
                                     q.bind(at + 1, *id);
                                     BindName(q, at + 2, AddressFieldName(a.field));
                                     q.bind(at + 3, static_cast<int64_t>(position));
                                     q.bind(at + 4, (*party)->id);
                                     BindText(q, at + 5, a.name);
                                     BindText(q, at + 6, a.group);
                                     BindText(q, at + 7, a.address);
                                     q.bind(at + 8, a.recovered ? 1 : 0);
                                     if (!a.name.empty()) CountName(**party, a.name);
                                     ++counts_.addresses;
                                     return Ok();
                                   });
      if (!recipients) return recipients;
      for (const MailDefect& d : m.defects) {
        s.insert_defect.reset();
        s.insert_defect.bind(1, *id);
        s.insert_defect.bind(2, source_id);
        s.insert_defect.bind(3, d.kind);
        s.insert_defect.bind(4, d.field);
        s.insert_defect.bind(5, d.detail);
        s.insert_defect.exec();
        ++counts_.defects;
        if (d.kind == "address-unparsed") ++counts_.address_defects;
        // Once per attachment (an extraction limit and a text limit of one part are one).
        if (IsAttachmentNotRead(d.kind) &&
            std::none_of(m.defects.begin(), m.defects.begin() + (&d - m.defects.data()),
                         [&](const MailDefect& e) {
                           return e.field == d.field && IsAttachmentNotRead(e.kind);
                         })) {
          ++counts_.attachments_not_read;
        }
      }
      if (Status st = AddLists(m, *id); !st) return st;
      std::vector<int64_t> part_ids;
      for (const MailPart& p : m.parts) {
        auto& q = s.insert_part;
        q.reset();
        q.bind(1, *id);
        q.bind(2, p.mime_path);
        q.bind(3, p.content_type);
        q.bind(4, p.disposition);
        q.bind(5, p.filename);
        q.bind(6, p.charset);
        q.bind(7, p.charset_fallback ? 1 : 0);
        q.bind(8, p.is_attachment ? 1 : 0);
        q.bind(9, static_cast<int64_t>(p.size));
        q.bind(10, p.sha256);
        q.bind(11, static_cast<int64_t>(p.text.size()));
        q.exec();
        part_ids.push_back(Connection(store_).getLastInsertRowid());
      }
      const size_t mi = ids.size() - 1;
      if (mi < findings.size()) {
        const std::vector<LocatedFinding>& found = findings[mi];
        auto stored = InsertRows(
            store_.path(), "finding", span.index, s.insert_findings, s.insert_finding, kFindingRows,
            14, found.size(), [&](SQLite::Statement& q, size_t i, int at) -> Status {
              const LocatedFinding& lf = found[i];
              const Finding& f = lf.finding;
              q.bind(at + 1, *id);
              if (lf.part_index >= 0 && static_cast<size_t>(lf.part_index) < part_ids.size()) {
                q.bind(at + 2, part_ids[static_cast<size_t>(lf.part_index)]);
              } else {
                q.bind(at + 2);
              }
              // Sealed by the thread that scanned the message (SealFindings): the writer only
              // stores; a value in clear never reaches it.
              if (lf.keyed_hash.empty()) {
                return Fail(ErrorCode::kInternal,
                            "a finding reached the record without its keyed hash");
              }
              BindText(q, at + 3, lf.location);
              BindName(q, at + 4, InfoOf(f.category).name);
              BindName(q, at + 5, f.detector);
              BindText(q, at + 6, lf.masked_preview);
              BindText(q, at + 7, lf.keyed_hash);
              q.bind(at + 8, static_cast<int64_t>(f.begin));
              q.bind(at + 9, static_cast<int64_t>(f.end));
              q.bind(at + 10, f.confidence);
              BindName(q, at + 11, f.validation);
              q.bind(at + 12, f.quoted ? 1 : 0);
              if (lf.content) {
                auto owner = PartyOfRow(*lf.content);
                if (!owner) return std::unexpected(owner.error());
                q.bind(at + 13, (*owner)->id);
              } else if (!lf.owner.empty()) {
                auto owner = PartyOf(lf.owner);
                if (!owner) return std::unexpected(owner.error());
                q.bind(at + 13, (*owner)->id);
              } else {
                q.bind(at + 13);
              }
              BindText(q, at + 14, lf.context);
              ++counts_.findings;
              return Ok();
            });
        if (!stored) return stored;
      }
    }
    return MaybeCommit();
  });
}

Status IngestWriter::AddLists(const MailMessage& m, int64_t message_id) {
  if (m.list_headers.empty() && m.addresses.empty()) return Ok();
  const MessageLists lists(m.list_headers, m.SenderAddresses(),
                           m.IsReply() || AutomaticReplySubject(m.subject));
  if (lists.empty()) return Ok();
  auto insert = [&](std::string_view address) {
    auto& s = *st_;
    s.insert_list.reset();
    s.insert_list.bind(1, AddressKey(address));
    s.insert_list.bind(2, message_id);
    s.insert_list.exec();
  };
  for (const std::string& a : lists.addresses()) insert(a);
  // A list that only List-Id names ("<scr.socal-raves.org>") is known by the address it
  // has among the message's own.
  for (const MailAddress& a : m.addresses) {
    if (lists.Names(a.address)) insert(a.address);
  }
  return Ok();
}

Status IngestWriter::AddUnparsed(int64_t source_id, const MessageSpan& span,
                                 const std::string& reason) {
  return GuardSql(store_.path(), "record an unparsed message", [&]() -> Status {
    if (!tx_) tx_ = std::make_unique<SQLite::Transaction>(Connection(store_));
    auto id = InsertMessage(source_id, span, MailMessage{}, std::nullopt, std::nullopt, "unparsed",
                            reason);
    if (!id) return std::unexpected(id.error());
    ++counts_.messages;
    ++counts_.unparsed;
    // The first ones, to be named; the count says how many (a mailbox of garbage).
    if (unparsed_.size() < kUnparsedListed) {
      auto path = source_paths_.find(source_id);
      const std::string where = !span.item_path.empty() ? fmt::format(" ({})", span.item_path)
                                : span.offset > 0       ? fmt::format(" (at byte {})", span.offset)
                                                        : std::string();
      unparsed_.push_back(fmt::format("{} message {}{}: {}",
                                      path == source_paths_.end() ? "?" : path->second,
                                      MessageNumber(span.index), where, reason));
    }
    return MaybeCommit();
  });
}

Status IngestWriter::AddSourceDefect(int64_t source_id, const std::string& kind,
                                     const std::string& detail) {
  return GuardSql(store_.path(), "record a source defect", [&]() -> Status {
    if (!tx_) tx_ = std::make_unique<SQLite::Transaction>(Connection(store_));
    auto& q = st_->insert_defect;
    q.reset();
    q.bind(1);
    q.bind(2, source_id);
    q.bind(3, kind);
    q.bind(4, "");
    q.bind(5, detail);
    q.exec();
    ++counts_.defects;
    return Ok();
  });
}

Status IngestWriter::FinishSource(int64_t source_id, int64_t messages) {
  auto st = GuardSql(store_.path(), "finish a source", [&]() -> Status {
    if (!tx_) tx_ = std::make_unique<SQLite::Transaction>(Connection(store_));
    st_->finish_source.reset();
    st_->finish_source.bind(1, messages);
    st_->finish_source.bind(2, source_id);
    st_->finish_source.exec();
    return Ok();
  });
  if (!st) return st;
  // Committed with the batch it is in (BeginSource), or now when the batch is full.
  return pending_ >= kBatchMessages ? Flush() : Ok();
}

Status ListFindings(const IncidentStore& store,
                    const std::function<Status(const ListedFinding&)>& each) {
  return GuardSql(store.path(), "list findings", [&]() -> Status {
    SQLite::Statement q(Connection(store),
                        "SELECT s.path, m.idx, m.mime_path, f.location, f.category, f.detector, "
                        "f.masked_preview, f.keyed_hash, f.span_start, f.span_end, f.confidence, "
                        "f.validation, f.quoted, CASE WHEN p.kind = 'content' THEN '#' || p.id "
                        "ELSE coalesce(p.address, '') END, "
                        "tm.duplicate_of IS NOT NULL "
                        "FROM finding f JOIN message m ON m.id = f.message_id "
                        "JOIN source s ON s.id = m.source_id "
                        "LEFT JOIN party p ON p.id = f.owner_party_id "
                        // The top-level message of its span (nested ones share its offset),
                        // at any depth: a forward of a forward inside a duplicate copy.
                        "LEFT JOIN message tm ON tm.source_id = m.source_id "
                        "AND tm.byte_offset = m.byte_offset AND tm.mime_path = '' "
                        "ORDER BY m.source_id, m.idx, m.id, f.id");
    while (q.executeStep()) {
      ListedFinding f;
      Row(q) >> f.source >> f.index >> f.mime_path >> f.location >> f.category >> f.detector >>
          f.masked_preview >> f.keyed_hash >> f.span_start >> f.span_end >> f.confidence >>
          f.validation >> f.quoted >> f.owner >> f.duplicate;
      if (auto st = each(f); !st) return st;
    }
    return Ok();
  });
}

Status ListMessages(const IncidentStore& store,
                    const std::function<Status(const ListedMessage&)>& each) {
  return GuardSql(store.path(), "list messages", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    SQLite::Statement q(db,
                        "SELECT m.id, s.path, m.idx, m.mime_path, m.parent_id, m.byte_offset, "
                        "m.byte_length, m.message_id, m.date_utc, m.date_offset, m.subject, "
                        "m.is_reply_all, m.parse_status, m.parse_error, m.duplicate_of, "
                        "p.mime_path, s.format, s.sha256, m.item_path, m.vault FROM message m "
                        "JOIN source s ON s.id = m.source_id "
                        "LEFT JOIN message p ON p.id = m.parent_id "
                        "ORDER BY m.source_id, m.idx, m.id");
    SQLite::Statement addresses(db,
                                "SELECT r.field, r.display_name, r.address FROM recipient r "
                                "JOIN party p ON p.id = r.party_id WHERE r.message_id = ? "
                                "ORDER BY r.position");
    SQLite::Statement attachments(db,
                                  "SELECT filename, content_type, size FROM part WHERE "
                                  "message_id = ? AND is_attachment = 1 ORDER BY id");
    SQLite::Statement defects(db,
                              "SELECT kind, field, detail FROM defect WHERE message_id = ? "
                              "ORDER BY id");
    while (q.executeStep()) {
      ListedMessage m;
      const int64_t id = q.getColumn(0).getInt64();
      m.source = q.getColumn(1).getString();
      m.source_format = q.getColumn(16).getString();
      m.source_sha256 = q.getColumn(17).getString();
      m.item_path = q.getColumn(18).getString();
      m.vault = q.getColumn(19).getString();
      m.index = q.getColumn(2).getInt64();
      m.mime_path = q.getColumn(3).getString();
      if (!q.getColumn(4).isNull()) {
        m.parent_index = m.index;
        m.parent_path = q.getColumn(15).getString();
      }
      m.offset = static_cast<uint64_t>(q.getColumn(5).getInt64());
      m.length = static_cast<uint64_t>(q.getColumn(6).getInt64());
      m.message_id = q.getColumn(7).getString();
      if (!q.getColumn(8).isNull()) {
        m.date_utc = q.getColumn(8).getInt64();
        m.date_offset = q.getColumn(9).getInt();
      }
      m.subject = q.getColumn(10).getString();
      m.is_reply_all = q.getColumn(11).getInt() != 0;
      m.unparsed = q.getColumn(12).getString() == "unparsed";
      m.parse_error = q.getColumn(13).getString();
      if (!q.getColumn(14).isNull()) m.duplicate_of = q.getColumn(14).getInt64();
      addresses.reset();
      addresses.bind(1, id);
      while (addresses.executeStep()) {
        m.addresses.push_back({addresses.getColumn(0).getString(),
                               addresses.getColumn(1).getString(),
                               addresses.getColumn(2).getString()});
      }
      attachments.reset();
      attachments.bind(1, id);
      while (attachments.executeStep()) {
        m.attachments.push_back({attachments.getColumn(0).getString(),
                                 attachments.getColumn(1).getString(),
                                 static_cast<uint64_t>(attachments.getColumn(2).getInt64())});
      }
      defects.reset();
      defects.bind(1, id);
      while (defects.executeStep()) {
        const std::string field = defects.getColumn(1).getString();
        const std::string detail = defects.getColumn(2).getString();
        m.defects.push_back(defects.getColumn(0).getString() +
                            (field.empty() ? "" : " (" + field + ")") +
                            (detail.empty() ? "" : ": " + detail));
      }
      if (auto st = each(m); !st) return st;
    }
    return Ok();
  });
}

}  // namespace breachkit
