#include "core/store/first_owners.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/connection.h"
#include "core/store/review_filter.h"

namespace breachkit {
namespace {

// The first 64 bits of a keyed hash (64 hex digits); nothing for a malformed one.
std::optional<uint64_t> HashBits(std::string_view keyed_hash) {
  uint64_t bits = 0;
  if (keyed_hash.size() < 16) return std::nullopt;
  auto [end, ec] = std::from_chars(keyed_hash.data(), keyed_hash.data() + 16, bits, 16);
  if (ec != std::errc() || end != keyed_hash.data() + 16) return std::nullopt;
  return bits;
}

// The findings that can give their datum an owner, in finding order: the figures' own
// (core/store/review_filter.h): a near miss not confirmed or a rejected finding owns nothing.
// Without a decision or rule in the record, the near misses are left out by the query alone;
// with some, each row's review columns (from column 3 on) are read for a ReviewFilter.
std::string OwningFindingsSql(SQLite::Database& db, bool what_if, bool* filtered) {
  *filtered = what_if || db.execAndGet(
                               "SELECT EXISTS (SELECT 1 FROM review_decision) OR EXISTS (SELECT 1 "
                               "FROM review_rule)")
                                 .getInt() != 0;
  std::string sql = "SELECT f.id, f.keyed_hash, f.owner_party_id";
  if (*filtered) sql += ", f.category, " + ReviewColumnsSql(db);
  sql +=
      " FROM finding f WHERE f.quoted = 0 AND f.owner_party_id IS NOT NULL AND f.message_id NOT "
      "IN (SELECT id FROM message WHERE duplicate_of IS NOT NULL OR parse_status != 'ok') ";
  if (!*filtered) sql += "AND f.validation NOT LIKE 'near-miss:%' ";
  return sql;
}

}  // namespace

class FirstOwners::Index {
 public:
  Index(SQLite::Database& db, size_t compact_at, const std::optional<ReviewWhatIf>& what_if)
      : db_(db),
        compact_at_(compact_at),
        owning_(OwningFindingsSql(db, what_if.has_value(), &filtered_)),
        by_id_(db, "SELECT keyed_hash, owner_party_id FROM finding WHERE id = ?") {
    if (filtered_) review_.emplace(db, what_if);
  }

  std::optional<int64_t> Of(const std::string& keyed_hash) {
    const auto id = FirstFinding(keyed_hash);
    if (!id) return std::nullopt;
    by_id_.reset();
    by_id_.bind(1, *id);
    if (!by_id_.executeStep()) return std::nullopt;
    return by_id_.getColumn(1).getInt64();
  }

  std::optional<int64_t> FirstFinding(const std::string& keyed_hash) {
    if (!loaded_) Load();
    const auto bits = HashBits(keyed_hash);
    if (!bits) return Scan(keyed_hash);
    auto it = std::lower_bound(first_.begin(), first_.end(), std::make_pair(*bits, int64_t{0}));
    if (it == first_.end() || it->first != *bits) return std::nullopt;  // no owning finding has it
    by_id_.reset();
    by_id_.bind(1, it->second);
    if (by_id_.executeStep() && by_id_.getColumn(0).getString() == keyed_hash) {
      return it->second;
    }
    // Another datum with the same first 64 bits came first (about one chance in 10^19 for
    // two given data): the table itself answers.
    return Scan(keyed_hash);
  }

 private:
  void Load() {
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
    SQLite::Statement q(db_, owning_ + "ORDER BY f.id");
    while (q.executeStep()) {
      if (review_ && !review_->Counts(q, 3, 4, nullptr)) continue;
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

  // The whole table, for a rare case.
  std::optional<int64_t> Scan(const std::string& keyed_hash) {
    SQLite::Statement q(db_, owning_ + "AND f.keyed_hash = ? ORDER BY f.id");
    q.bind(1, keyed_hash);
    while (q.executeStep()) {
      if (review_ && !review_->Counts(q, 3, 4, nullptr)) continue;
      return q.getColumn(0).getInt64();
    }
    return std::nullopt;
  }

  SQLite::Database& db_;
  const size_t compact_at_;
  bool filtered_ = false;
  const std::string owning_;
  std::optional<ReviewFilter> review_;  // when the record holds decisions or rules
  bool loaded_ = false;
  std::vector<std::pair<uint64_t, int64_t>> first_;  // first 64 bits → finding id, by bits
  SQLite::Statement by_id_;
};

FirstOwners::FirstOwners(const IncidentStore& store, size_t compact_at,
                         const std::optional<ReviewWhatIf>& what_if)
    : index_(std::make_unique<Index>(Connection(store), compact_at, what_if)) {}

FirstOwners::~FirstOwners() = default;

std::optional<int64_t> FirstOwners::Of(const std::string& keyed_hash) {
  return index_->Of(keyed_hash);
}

std::optional<int64_t> FirstOwners::FirstFinding(const std::string& keyed_hash) {
  return index_->FirstFinding(keyed_hash);
}

}  // namespace breachkit
