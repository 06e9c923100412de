#include "core/store/exposure_loader.h"

#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/detect/finding.h"
#include "core/detect/functional_address.h"
#include "core/review/review.h"
#include "core/store/connection.h"
#include "core/store/first_owners.h"
#include "core/store/review_filter.h"
#include "core/store/review_store.h"
#include "core/store/row.h"
#include "core/store/sql_guard.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

// The keyed hash an address with this key gets when written in a text (a finding of
// category "email"): ExposureInput::email_hash_owner.
std::string EmailHash(HmacSha256& hmac, const std::string& address_key) {
  return hmac.Hex("email:" + address_key);
}

// `body(key)` under GuardSql, given the record's HMAC key.
template <typename F>
auto WithHmacKey(const IncidentStore& store, std::string_view what, F body)
    -> decltype(body(std::string())) {
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  return GuardSql(store.path(), what, [&] { return body(*key); });
}

// A recipient row from columns field, party_id, display_name != '' starting at `col`;
// nothing for a field name this version does not know.
std::optional<ExposureRecipient> RecipientAt(SQLite::Statement& q, int col) {
  const auto field = AddressFieldFromName(q.getColumn(col).getString());
  if (!field) return std::nullopt;
  return ExposureRecipient{*field, q.getColumn(col + 1).getInt64(),
                           q.getColumn(col + 2).getInt() != 0};
}

// A finding row from columns category, keyed_hash, masked_preview, owner_party_id, quoted,
// in_table starting at `col`; its texts kept in `in`.
ExposureFinding FindingAt(SQLite::Statement& q, int col, ExposureInput& in) {
  ExposureFinding f;
  f.category = in.Text(q.getColumn(col).getString());
  f.keyed_hash = in.Text(q.getColumn(col + 1).getString());
  f.masked = in.Text(q.getColumn(col + 2).getString());
  Row(q, col + 3) >> f.owner >> f.quoted >> f.in_table >> f.minor;
  return f;
}

// The findings' columns the exposure model reads (FindingAt's, from column 1 on after the
// message id), then what the review needs (ReviewColumnsSql: columns 8 to 10).
// With `place`, also where it was seen (columns 11 and 12: the location and the part's bytes),
// for the persons split by the DPO (SplitPersons).
std::string FindingsSql(SQLite::Database& db, std::string_view where, bool place = false) {
  std::string sql =
      "SELECT f.message_id, f.category, f.keyed_hash, f.masked_preview, f.owner_party_id, "
      "f.quoted, (f.location LIKE '% row:%' OR f.location LIKE '% document'), "
      "(f.category = 'date_of_birth' AND f.validation = 'minor'), ";
  sql += ReviewColumnsSql(db);
  if (place) {
    sql += ", f.location, coalesce((SELECT p.sha256 FROM part p WHERE p.id = f.part_id), '')";
  }
  sql += " FROM finding f ";
  sql += where;
  sql += " ORDER BY f.id";
  return sql;
}

// A finding of a person the DPO split (SplitPersons), read with FindingsSql's `place` columns:
// given to the row's or document's own person.
void GiveToSplitPerson(const SplitPersons& splits, SQLite::Statement& q, ExposureFinding* f) {
  if (splits.empty() || !f->owner || !splits.split.contains(*f->owner)) return;
  const int64_t owner =
      splits.OwnerOf(*f->owner, q.getColumn(11).getString(), q.getColumn(12).getString());
  if (owner == *f->owner) return;
  f->owner = owner;
  f->in_table = true;  // a writer's own document, split off, is its person's
}

// What the model needs of the record besides the messages' recipients and findings: the
// parties (each functional address's reason), the messages' headers with their recipient
// rows' count, a person of their own for each row or document the DPO split off, the counts
// of what could not be read.
ExposureInput LoadHeaders(SQLite::Database& db, const std::string& key,
                          const SplitPersons& splits) {
  ExposureInput in;
  std::unordered_map<int64_t, size_t> party_index;
  SQLite::Statement q(
      db, std::string("SELECT id, address, address_key, is_internal, kind = 'content', ") +
              kPartyFunctionalColumns + " FROM party ORDER BY id");
  HmacSha256 hmac(key);
  // The addresses a delivery report of the evidence says do not exist (their e-mail hashes).
  std::unordered_set<std::string> undeliverable;
  {
    SQLite::Statement u(db,
                        "SELECT DISTINCT keyed_hash FROM finding WHERE category = 'email' AND "
                        "validation = 'near-miss:undeliverable'");
    while (u.executeStep()) undeliverable.insert(u.getColumn(0).getString());
  }
  while (q.executeStep()) {
    ExposureParty p;
    std::string address_key;
    bool named_list = false;
    Row(q) >> p.id >> p.address >> address_key >> p.internal >> p.content >> named_list;
    if (!p.internal && !p.content) {
      p.functional = FunctionalReason(p.address, named_list, q.getColumn(6).getString());
    }
    std::string email_hash = EmailHash(hmac, address_key);
    p.undeliverable = !undeliverable.empty() && undeliverable.contains(email_hash);
    in.email_hash_owner.emplace(std::move(email_hash), p.id);
    party_index.emplace(p.id, in.parties.size());
    in.parties.push_back(std::move(p));
  }
  // An address that wrote a message of the evidence exists, whatever a bounce said of it (a
  // typo of the server's, a mailbox created since): it reads what it received. Only when a
  // bounce named one: no index looks recipients up by party.
  std::vector<int64_t> bounced;
  for (const ExposureParty& p : in.parties) {
    if (p.undeliverable) bounced.push_back(p.id);
  }
  if (!bounced.empty()) {
    std::string ids;
    for (int64_t id : bounced) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    SQLite::Statement w(db,
                        "SELECT DISTINCT party_id FROM recipient WHERE field IN ('from', "
                        "'sender') AND party_id IN (" +
                            ids + ")");
    while (w.executeStep()) {
      auto it = party_index.find(w.getColumn(0).getInt64());
      if (it != party_index.end()) in.parties[it->second].undeliverable = false;
    }
  }
  SQLite::Statement names(db,
                          "SELECT party_id, name, seen FROM party_name ORDER BY party_id, name");
  while (names.executeStep()) {
    auto it = party_index.find(names.getColumn(0).getInt64());
    if (it == party_index.end()) continue;
    in.parties[it->second].names.emplace_back(names.getColumn(1).getString(),
                                              names.getColumn(2).getInt64());
  }
  SQLite::Statement messages(
      db,
      "SELECT id, parent_id, duplicate_of IS NOT NULL, date_utc, message_id, in_reply_to, refs, "
      "subject, (SELECT count(*) FROM recipient r WHERE r.message_id = message.id) FROM message "
      "WHERE parse_status = 'ok' ORDER BY id");
  while (messages.executeStep()) {
    ExposureMessage m;
    Row(messages) >> m.id >> m.parent >> m.duplicate >> m.date_utc >> m.message_id >> m.in_reply_to;
    std::istringstream refs(messages.getColumn(6).getString());
    for (std::string r; refs >> r;) m.references.push_back(r);
    MailMessage probe;
    probe.in_reply_to = m.in_reply_to;
    probe.references = m.references;
    probe.subject = messages.getColumn(7).getString();
    m.is_reply = probe.IsReply();
    m.subject = probe.subject;
    m.recipient_rows = messages.getColumn(8).getInt64();
    in.messages.push_back(std::move(m));
  }
  // Persons the DPO split (a merge by identifier rejected): each of their rows and documents
  // is a person found in content of its own.
  for (const auto& [id, from] : splits.from) {
    ExposureParty p;
    p.id = id;
    p.content = true;
    in.parties.push_back(std::move(p));
  }
  in.unparsed_messages =
      db.execAndGet("SELECT count(*) FROM message WHERE parse_status = 'unparsed'").getInt64();
  in.address_defects =
      db.execAndGet("SELECT count(*) FROM defect WHERE kind = 'address-unparsed'").getInt64();
  return in;
}

}  // namespace

Result<ExposureInput> LoadExposureInput(const IncidentStore& store,
                                        const std::optional<ReviewWhatIf>& what_if) {
  return WithHmacKey(
      store, "load the exposure figures", [&](const std::string& key) -> Result<ExposureInput> {
        SQLite::Database& db = Connection(store);
        auto splits = LoadSplitPersons(store, what_if && what_if->splits);
        if (!splits) return std::unexpected(splits.error());
        ExposureInput in = LoadHeaders(db, key, *splits);
        std::unordered_map<int64_t, size_t> message_index;
        for (size_t i = 0; i < in.messages.size(); ++i) message_index.emplace(in.messages[i].id, i);
        // Rows come grouped by message: each message's list is gathered in `rows`, then copied
        // at its exact size (vectors grown row by row held a third more than their rows).
        auto load = [&](const char* sql, auto row, auto list_of) {
          using Read = decltype(row(std::declval<SQLite::Statement&>()));
          SQLite::Statement q(db, sql);
          std::vector<typename Read::value_type> rows;
          int64_t current = 0;
          auto flush = [&] {
            if (rows.empty()) return;
            if (auto it = message_index.find(current); it != message_index.end()) {
              auto& list = list_of(in.messages[it->second]);
              list.insert(list.end(), rows.begin(), rows.end());
            }
            rows.clear();
          };
          while (q.executeStep()) {
            const int64_t message = q.getColumn(0).getInt64();
            if (message != current) {
              flush();
              current = message;
            }
            if (auto r = row(q)) rows.push_back(*r);
          }
          flush();
        };
        load(
            "SELECT message_id, field, party_id, display_name != '' FROM recipient "
            "ORDER BY message_id, position",
            [](SQLite::Statement& q) { return RecipientAt(q, 1); },
            [](ExposureMessage& m) -> std::vector<ExposureRecipient>& { return m.recipients; });
        // The review's tally counts what the figures count: a duplicate message (and what it
        // holds) counts once, as its first copy.
        std::unordered_set<int64_t> repeated;
        for (const ExposureMessage& m : in.messages) {
          if (m.duplicate || (m.parent && repeated.contains(*m.parent))) repeated.insert(m.id);
        }
        const ReviewFilter review(db, what_if);
        load(
            FindingsSql(db, "", !splits->empty()).c_str(),
            [&](SQLite::Statement& q) -> std::optional<ExposureFinding> {
              const bool once = !repeated.contains(q.getColumn(0).getInt64());
              if (!review.Counts(q, 1, 8, once ? &in.review : nullptr)) return std::nullopt;
              ExposureFinding f = FindingAt(q, 1, in);
              GiveToSplitPerson(*splits, q, &f);
              return f;
            },
            [](ExposureMessage& m) -> std::vector<ExposureFinding>& { return m.findings; });
        auto merger = LoadPersonMerger(store, what_if && what_if->merges);
        if (!merger) return std::unexpected(merger.error());
        MergePersons(merger->Absorbed(), &in);
        return in;
      });
}

namespace {

// The record as the figures (ComputeExposure) and the evidence-date search read it, a
// top-level message at a time; the review as `what_if` supposes it.
class RecordReader : public EvidenceReader {
 public:
  RecordReader(const IncidentStore& store, const std::string& key,
               std::unordered_map<int64_t, int64_t> absorbed, SplitPersons splits,
               const std::optional<ReviewWhatIf>& what_if = std::nullopt)
      : absorbed_(std::move(absorbed)),
        splits_(std::move(splits)),
        db_(Connection(store)),
        key_(key),
        tree_(db_,
              "WITH RECURSIVE tree(id) AS (SELECT ?1 UNION ALL SELECT m.id FROM message m "
              "JOIN tree ON m.parent_id = tree.id) "
              "SELECT id, parent_id FROM message WHERE id IN tree AND parse_status = 'ok' ORDER BY "
              "id"),
        recipients_(db_,
                    "SELECT field, party_id, display_name != '' FROM recipient "
                    "WHERE message_id = ? ORDER BY position"),
        findings_(db_, FindingsSql(db_, "WHERE f.message_id = ?", !splits_.empty())),
        first_place_(db_,
                     "SELECT f.owner_party_id, f.location, coalesce((SELECT p.sha256 FROM part p "
                     "WHERE p.id = f.part_id), '') FROM finding f WHERE f.id = ?"),
        review_(db_, what_if),
        first_owners_(store, size_t{1} << 20, what_if) {}

  void ForEachParty(const std::function<void(int64_t party, bool internal, bool functional,
                                             std::string email_hash)>& visit) override {
    SQLite::Statement q(db_, std::string("SELECT id, address_key, is_internal, address, "
                                         "kind = 'content', ") +
                                 kPartyFunctionalColumns + " FROM party");
    HmacSha256 hmac(key_);
    while (q.executeStep()) {
      const bool internal = q.getColumn(2).getInt() != 0;
      const bool content = q.getColumn(4).getInt() != 0;
      // As LoadExposureInput marks them (ExposureParty::functional).
      const bool functional =
          !internal && !content &&
          !FunctionalReason(q.getColumn(3).getString(), q.getColumn(5).getInt() != 0,
                            q.getColumn(6).getString())
               .empty();
      visit(Root(q.getColumn(0).getInt64()), internal, functional,
            EmailHash(hmac, q.getColumn(1).getString()));
    }
  }

  void ForEachDatedMessage(bool newest_first,
                           const std::function<bool(int64_t id, int64_t date)>& visit) override {
    const std::string order = newest_first ? "DESC" : "ASC";
    SQLite::Statement tops(
        db_,
        "SELECT id, date_utc FROM message WHERE parent_id IS NULL "
        "AND duplicate_of IS NULL AND parse_status = 'ok' AND date_utc IS NOT NULL "
        "ORDER BY date_utc " +
            order + ", id " + order);
    while (tops.executeStep()) {
      if (!visit(tops.getColumn(0).getInt64(), tops.getColumn(1).getInt64())) return;
    }
  }

  void ReadTree(int64_t top, ExposureInput* in) override {
    tree_.reset();
    tree_.bind(1, top);
    while (tree_.executeStep()) {
      ExposureMessage& m = in->messages.emplace_back();
      Row(tree_) >> m.id >> m.parent;
    }
    for (ExposureMessage& m : in->messages) {
      recipients_.reset();
      recipients_.bind(1, m.id);
      while (recipients_.executeStep()) {
        if (auto r = RecipientAt(recipients_, 0)) m.recipients.push_back(*r);
      }
      findings_.reset();
      findings_.bind(1, m.id);
      while (findings_.executeStep()) {
        if (!review_.Counts(findings_, 1, 8, &in->review)) continue;
        ExposureFinding f = FindingAt(findings_, 1, *in);
        GiveToSplitPerson(splits_, findings_, &f);
        m.findings.push_back(f);
      }
    }
    MergePersons(absorbed_, in);
  }

  std::optional<int64_t> FirstOwner(const std::string& keyed_hash) override {
    const auto first = first_owners_.FirstFinding(keyed_hash);
    if (!first) return std::nullopt;
    first_place_.reset();
    first_place_.bind(1, *first);
    if (!first_place_.executeStep()) return std::nullopt;
    int64_t owner = first_place_.getColumn(0).getInt64();
    // As GiveToSplitPerson gives it.
    if (splits_.split.contains(owner)) {
      owner = splits_.OwnerOf(owner, first_place_.getColumn(1).getString(),
                              first_place_.getColumn(2).getString());
    }
    return Root(owner);
  }

 private:
  // The party `party` is one with (persons the DPO confirmed are one).
  int64_t Root(int64_t party) const {
    auto it = absorbed_.find(party);
    return it == absorbed_.end() ? party : it->second;
  }

  std::unordered_map<int64_t, int64_t> absorbed_;
  SplitPersons splits_;
  SQLite::Database& db_;
  const std::string& key_;
  SQLite::Statement tree_, recipients_, findings_, first_place_;
  ReviewFilter review_;
  FirstOwners first_owners_;
};

}  // namespace

Result<ExposureReport> LoadExposureReport(const IncidentStore& store,
                                          const std::optional<ReviewWhatIf>& what_if) {
  return WithHmacKey(
      store, "load the exposure figures", [&](const std::string& key) -> Result<ExposureReport> {
        auto splits = LoadSplitPersons(store, what_if && what_if->splits);
        if (!splits) return std::unexpected(splits.error());
        auto merger = LoadPersonMerger(store, what_if && what_if->merges);
        if (!merger) return std::unexpected(merger.error());
        ExposureInput in = LoadHeaders(Connection(store), key, *splits);
        auto absorbed = merger->Absorbed();
        MergePersons(absorbed, &in);  // the parties' names and written addresses
        RecordReader reader(store, key, std::move(absorbed), std::move(*splits), what_if);
        return ComputeExposure(in, &reader);
      });
}

Result<EvidenceDates> LoadEvidenceDates(const IncidentStore& store) {
  return WithHmacKey(store, "find the first and last exposure",
                     [&](const std::string& key) -> Result<EvidenceDates> {
                       auto merger = LoadPersonMerger(store);
                       if (!merger) return std::unexpected(merger.error());
                       auto splits = LoadSplitPersons(store);
                       if (!splits) return std::unexpected(splits.error());
                       RecordReader reader(store, key, merger->Absorbed(), std::move(*splits));
                       return FindEvidenceDates(reader);
                     });
}

Status RecordEvidenceDates(IncidentStore& store) {
  auto dates = LoadEvidenceDates(store);  // memory does not grow with the leak
  if (!dates) return std::unexpected(dates.error());
  std::vector<TimelineEvent> events;
  if (dates->first_exposure) {
    events.push_back({0, "first-exposure", *dates->first_exposure,
                      "first message that exposed someone", "", "evidence"});
  }
  if (dates->last_exposure) {
    events.push_back({0, "last-exposure", *dates->last_exposure,
                      "last message that exposed someone", "", "evidence"});
  }
  return store.ReplaceEvidenceEvents(events);
}

}  // namespace breachkit
