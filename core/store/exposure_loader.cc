#include "core/store/exposure_loader.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/store/sql_guard.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

// A recipient row from columns field, party_id, display_name != '' starting at `col`;
// nothing for a field name this version does not know.
std::optional<ExposureRecipient> RecipientAt(SQLite::Statement& q, int col) {
  const auto field = AddressFieldFromName(q.getColumn(col).getString());
  if (!field) return std::nullopt;
  return ExposureRecipient{*field, q.getColumn(col + 1).getInt64(), q.getColumn(col + 2).getInt() != 0};
}

// A finding row from columns category, keyed_hash, masked_preview, owner_party_id, quoted
// starting at `col`; its texts kept in `in`.
ExposureFinding FindingAt(SQLite::Statement& q, int col, ExposureInput& in) {
  ExposureFinding f;
  f.category = in.Text(q.getColumn(col).getString());
  f.keyed_hash = in.Text(q.getColumn(col + 1).getString());
  f.masked = in.Text(q.getColumn(col + 2).getString());
  if (!q.getColumn(col + 3).isNull()) f.owner = q.getColumn(col + 3).getInt64();
  f.quoted = q.getColumn(col + 4).getInt() != 0;
  return f;
}

}  // namespace

Result<ExposureInput> LoadExposureInput(const IncidentStore& store) {
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  return GuardSql(store.path(), "load the exposure figures", [&]() -> Result<ExposureInput> {
    SQLite::Database& db = store.db();
    ExposureInput in;
    std::unordered_map<int64_t, size_t> party_index;
    {
      SQLite::Statement q(db, "SELECT id, address, address_key, is_internal FROM party ORDER BY id");
      HmacSha256 hmac(*key);
      while (q.executeStep()) {
        ExposureParty p;
        p.id = q.getColumn(0).getInt64();
        p.address = q.getColumn(1).getString();
        p.internal = q.getColumn(3).getInt() != 0;
        in.email_hash_owner.emplace(hmac.Hex("email:" + q.getColumn(2).getString()), p.id);
        party_index.emplace(p.id, in.parties.size());
        in.parties.push_back(std::move(p));
      }
      SQLite::Statement names(db, "SELECT party_id, name, seen FROM party_name ORDER BY party_id, name");
      while (names.executeStep()) {
        auto it = party_index.find(names.getColumn(0).getInt64());
        if (it == party_index.end()) continue;
        in.parties[it->second].names.emplace_back(names.getColumn(1).getString(),
                                                  names.getColumn(2).getInt64());
      }
    }
    std::unordered_map<int64_t, size_t> message_index;
    {
      SQLite::Statement q(db,
                          "SELECT id, parent_id, duplicate_of IS NOT NULL, date_utc, message_id, "
                          "in_reply_to, refs, subject FROM message WHERE parse_status = 'ok' "
                          "ORDER BY id");
      while (q.executeStep()) {
        ExposureMessage m;
        m.id = q.getColumn(0).getInt64();
        if (!q.getColumn(1).isNull()) m.parent = q.getColumn(1).getInt64();
        m.duplicate = q.getColumn(2).getInt() != 0;
        if (!q.getColumn(3).isNull()) m.date_utc = q.getColumn(3).getInt64();
        m.message_id = q.getColumn(4).getString();
        m.in_reply_to = q.getColumn(5).getString();
        std::istringstream refs(q.getColumn(6).getString());
        for (std::string r; refs >> r;) m.references.push_back(r);
        MailMessage probe;
        probe.in_reply_to = m.in_reply_to;
        probe.references = m.references;
        probe.subject = q.getColumn(7).getString();
        m.is_reply = probe.IsReply();
        m.subject = probe.subject;
        message_index.emplace(m.id, in.messages.size());
        in.messages.push_back(std::move(m));
      }
    }
    // Rows come grouped by message: each message's list is gathered in `rows`, then copied
    // at its exact size (vectors grown row by row held a third more than their rows).
    auto load = [&](const char* sql, auto row, auto list_of) {
      using Row = decltype(row(std::declval<SQLite::Statement&>()));
      SQLite::Statement q(db, sql);
      std::vector<typename Row::value_type> rows;
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
    load("SELECT message_id, field, party_id, display_name != '' FROM recipient "
         "ORDER BY message_id, position",
         [](SQLite::Statement& q) { return RecipientAt(q, 1); },
         [](ExposureMessage& m) -> std::vector<ExposureRecipient>& { return m.recipients; });
    load("SELECT message_id, category, keyed_hash, masked_preview, owner_party_id, quoted "
         "FROM finding ORDER BY id",
         [&](SQLite::Statement& q) { return std::optional<ExposureFinding>(FindingAt(q, 1, in)); },
         [](ExposureMessage& m) -> std::vector<ExposureFinding>& { return m.findings; });
    in.unparsed_messages =
        db.execAndGet("SELECT count(*) FROM message WHERE parse_status = 'unparsed'").getInt64();
    in.address_defects =
        db.execAndGet("SELECT count(*) FROM defect WHERE kind = 'address-unparsed'").getInt64();
    return in;
  });
}

namespace {

// The first 64 bits of a keyed hash (64 hex digits); nothing for a malformed one.
std::optional<uint64_t> HashBits(std::string_view keyed_hash) {
  uint64_t bits = 0;
  if (keyed_hash.size() < 16) return std::nullopt;
  auto [end, ec] = std::from_chars(keyed_hash.data(), keyed_hash.data() + 16, bits, 16);
  if (ec != std::errc() || end != keyed_hash.data() + 16) return std::nullopt;
  return bits;
}

// The findings that can give their datum an owner, in finding order.
constexpr char kOwningFindings[] =
    "SELECT f.id, f.keyed_hash, f.owner_party_id FROM finding f "
    "WHERE f.quoted = 0 AND f.owner_party_id IS NOT NULL AND f.message_id NOT IN "
    "(SELECT id FROM message WHERE duplicate_of IS NOT NULL OR parse_status != 'ok') ";

}  // namespace

FirstOwners::FirstOwners(SQLite::Database& db, size_t compact_at)
    : db_(db),
      compact_at_(compact_at),
      by_id_(db, "SELECT keyed_hash, owner_party_id FROM finding WHERE id = ?") {}

void FirstOwners::Load() {
  loaded_ = true;
  // By bits, then finding: the first of each run is the datum's first finding. Compacted as
  // it grows: the same data come back in message after message (a 2 GB mailbox has four
  // million findings of far fewer data), and the list stays the size of the data.
  auto compact = [&] {
    std::sort(first_.begin(), first_.end());
    first_.erase(std::unique(first_.begin(), first_.end(),
                             [](const auto& a, const auto& b) { return a.first == b.first; }),
                 first_.end());
  };
  size_t compact_at = compact_at_;
  SQLite::Statement q(db_, std::string(kOwningFindings) + "ORDER BY f.id");
  while (q.executeStep()) {
    if (auto bits = HashBits(q.getColumn(1).getText())) {
      first_.emplace_back(*bits, q.getColumn(0).getInt64());
    }
    if (first_.size() >= compact_at) {
      compact();
      compact_at = std::max(compact_at_, 2 * first_.size());
    }
  }
  compact();
  first_.shrink_to_fit();
}

std::optional<int64_t> FirstOwners::Of(const std::string& keyed_hash) {
  if (!loaded_) Load();
  const auto bits = HashBits(keyed_hash);
  if (!bits) return Scan(keyed_hash);
  auto it = std::lower_bound(first_.begin(), first_.end(), std::make_pair(*bits, int64_t{0}));
  if (it == first_.end() || it->first != *bits) return std::nullopt;  // no owning finding has it
  by_id_.reset();
  by_id_.bind(1, it->second);
  if (by_id_.executeStep() && by_id_.getColumn(0).getString() == keyed_hash) {
    return by_id_.getColumn(1).getInt64();
  }
  // Another datum with the same first 64 bits came first (about one chance in 10^19 for
  // two given data): the table itself answers.
  return Scan(keyed_hash);
}

std::optional<int64_t> FirstOwners::Scan(const std::string& keyed_hash) {
  SQLite::Statement q(db_,
                      std::string(kOwningFindings) + "AND f.keyed_hash = ? ORDER BY f.id LIMIT 1");
  q.bind(1, keyed_hash);
  if (q.executeStep()) return q.getColumn(2).getInt64();
  return std::nullopt;
}

Result<EvidenceDates> LoadEvidenceDates(const IncidentStore& store) {
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  return GuardSql(store.path(), "find the first and last exposure", [&]() -> Result<EvidenceDates> {
    SQLite::Database& db = store.db();
    std::unordered_map<int64_t, bool> internal;               // party → staff
    std::unordered_map<std::string, int64_t> email_owner;     // keyed hash of "email:<key>" → party
    {
      SQLite::Statement q(db, "SELECT id, address_key, is_internal FROM party");
      HmacSha256 hmac(*key);
      while (q.executeStep()) {
        internal.emplace(q.getColumn(0).getInt64(), q.getColumn(2).getInt() != 0);
        email_owner.emplace(hmac.Hex("email:" + q.getColumn(1).getString()), q.getColumn(0).getInt64());
      }
    }
    SQLite::Statement tree(db,
                           "WITH RECURSIVE tree(id) AS (SELECT ?1 UNION ALL SELECT m.id FROM message m "
                           "JOIN tree ON m.parent_id = tree.id) "
                           "SELECT id, parent_id FROM message WHERE id IN tree AND parse_status = 'ok' ORDER BY id");
    SQLite::Statement recipients(db,
                                 "SELECT field, party_id, display_name != '' FROM recipient "
                                 "WHERE message_id = ? ORDER BY position");
    SQLite::Statement findings(db,
                               "SELECT category, keyed_hash, masked_preview, owner_party_id, quoted "
                               "FROM finding WHERE message_id = ? ORDER BY id");
    FirstOwners first_owner(db);
    // Whether the message exposes someone. `resolve` false: its findings without an owner
    // are left out (`*left_out` says whether there were any) — an exposure event without them
    // is one with them, since a finding only adds what is shown; most messages of a leak
    // expose their recipients' addresses, and the findings need not be read for owners.
    auto exposes = [&](int64_t top, int64_t date, bool resolve, bool* left_out) -> bool {
      ExposureInput in;
      std::set<int64_t> parties;
      tree.reset();
      tree.bind(1, top);
      while (tree.executeStep()) {
        ExposureMessage m;
        m.id = tree.getColumn(0).getInt64();
        if (!tree.getColumn(1).isNull()) m.parent = tree.getColumn(1).getInt64();
        m.date_utc = date;
        in.messages.push_back(std::move(m));
      }
      for (ExposureMessage& m : in.messages) {
        recipients.reset();
        recipients.bind(1, m.id);
        while (recipients.executeStep()) {
          if (auto r = RecipientAt(recipients, 0)) {
            m.recipients.push_back(*r);
            parties.insert(r->party);
          }
        }
        findings.reset();
        findings.bind(1, m.id);
        while (findings.executeStep()) {
          ExposureFinding f = FindingAt(findings, 0, in);
          if (auto it = email_owner.find(std::string(f.keyed_hash)); it != email_owner.end()) {
            in.email_hash_owner.emplace(it->first, it->second);
            parties.insert(it->second);
          }
          if (!f.owner && !in.email_hash_owner.contains(f.keyed_hash)) {
            if (!resolve) {
              *left_out = true;
              continue;
            }
            f.owner = first_owner.Of(std::string(f.keyed_hash));
          }
          if (f.owner) parties.insert(*f.owner);
          m.findings.push_back(std::move(f));
        }
      }
      for (int64_t p : parties) in.parties.push_back({p, "", internal.contains(p) && internal.at(p), {}});
      return ComputeExposure(in).exposure_events > 0;
    };
    EvidenceDates dates;
    for (const char* order : {"ASC", "DESC"}) {
      SQLite::Statement tops(db, std::string("SELECT id, date_utc FROM message WHERE parent_id IS NULL "
                                             "AND duplicate_of IS NULL AND parse_status = 'ok' AND date_utc IS NOT NULL "
                                             "ORDER BY date_utc ") + order + ", id " + order);
      while (tops.executeStep()) {
        const int64_t date = tops.getColumn(1).getInt64();
        const int64_t id = tops.getColumn(0).getInt64();
        bool left_out = false;
        if (!exposes(id, date, false, &left_out) && !(left_out && exposes(id, date, true, &left_out))) {
          continue;
        }
        (std::string_view(order) == "ASC" ? dates.first_exposure : dates.last_exposure) = date;
        break;
      }
    }
    return dates;
  });
}

}  // namespace breachkit
