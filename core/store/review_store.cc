#include "core/store/review_store.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>
#include <fmt/core.h>

#include "core/detect/finding.h"
#include "core/store/connection.h"
#include "core/store/row.h"
#include "core/store/sql_guard.h"

namespace breachkit {

Result<ReviewRules> LoadReviewRules(const IncidentStore& store) {
  return GuardSql(store.path(), "read the review rules", [&]() -> Result<ReviewRules> {
    SQLite::Statement q(Connection(store), "SELECT name, state FROM review_rule");
    ReviewRules rules;
    while (q.executeStep()) {
      if (auto state = ReviewStateFromName(q.getColumn(1).getString()))
        rules.emplace(q.getColumn(0).getString(), *state);
    }
    return rules;
  });
}

Result<std::vector<ReviewItem>> LoadReviewItems(const IncidentStore& store, bool all) {
  auto rules = LoadReviewRules(store);
  if (!rules) return std::unexpected(rules.error());
  return GuardSql(
      store.path(), "read the findings to review", [&]() -> Result<std::vector<ReviewItem>> {
        SQLite::Statement q(
            Connection(store),
            "SELECT f.id, m.raw_sha256, f.location, f.span_start, f.span_end, f.category, "
            "f.keyed_hash, f.detector, f.validation, f.masked_preview, f.context, "
            "coalesce(p.address, ''), coalesce(p.kind = 'content', 0), s.path, m.idx, m.mime_path, "
            "coalesce(d.state, ''), coalesce(d.decided_by, ''), coalesce(d.why, ''), "
            // A copy left out as a duplicate (the same mail in an mbox, an .eml and a
            // Maildir): its findings are its kept copy's, listed and counted once.
            "EXISTS (SELECT 1 FROM message top WHERE top.source_id = m.source_id AND "
            "top.byte_offset = m.byte_offset AND top.mime_path = '' AND top.duplicate_of IS "
            "NOT NULL) AS duplicate_copy "
            "FROM finding f JOIN message m ON m.id = f.message_id "
            "JOIN source s ON s.id = m.source_id "
            "LEFT JOIN party p ON p.id = f.owner_party_id "
            "LEFT JOIN review_decision d ON d.message_sha = m.raw_sha256 AND "
            "d.span_start = f.span_start AND d.span_end = f.span_end AND d.location = f.location "
            "AND d.category = f.category AND d.keyed_hash = f.keyed_hash "
            "WHERE ?1 OR ((f.validation = 'review' OR f.validation LIKE 'near-miss:%') "
            "AND NOT duplicate_copy) "
            "ORDER BY f.id");
        q.bind(1, all ? 1 : 0);
        std::vector<ReviewItem> items;
        std::set<std::string> seen;
        while (q.executeStep()) {
          ReviewItem it;
          FindingIdentity& id = it.identity;
          std::string decided;
          Row(q) >> it.finding >> id.message_sha >> id.location >> id.span_start >> id.span_end >>
              id.category >> id.keyed_hash >> it.detector >> it.validation >> it.masked >>
              it.context >> it.owner_address >> it.owner_in_content >> it.source_path >>
              it.message_index >> it.mime_path >> decided >> it.decided_by >> it.why >>
              it.duplicate_copy;
          it.id = ReviewItemId(id);
          if (!seen.insert(it.id).second) continue;
          if (it.owner_in_content) it.owner_address.clear();
          const auto own = ReviewStateFromName(decided);
          it.state = EffectiveState(own, *rules, id.category, it.detector, it.validation);
          if (!own && it.state != ReviewState::kPending) {
            for (const std::string& name : RuleNamesOf(id.category, it.detector, it.validation)) {
              if (rules->contains(name)) {
                it.decided_by = "rule " + name;
                break;
              }
            }
          }
          items.push_back(std::move(it));
        }
        return items;
      });
}

namespace {

Status SealAfter(IncidentStore& store, Status st) {
  if (!st) return st;
  return store.SealAudit();
}

}  // namespace

Status RecordDecisions(IncidentStore& store, const std::vector<ReviewItem>& items,
                       const std::vector<ItemDecision>& decisions, const std::string& by,
                       const std::string& why) {
  for (const ItemDecision& d : decisions) {
    if (why.empty() && d.why.empty())
      return Fail(ErrorCode::kUsage, "a review decision needs --why TEXT");
  }
  std::map<std::string_view, const ReviewItem*> by_id;
  for (const ReviewItem& it : items) by_id.emplace(it.id, &it);
  for (const ItemDecision& d : decisions) {
    if (!by_id.contains(d.id)) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: no finding to review has the id {} (`breachkit --db {} review --all` "
                  "lists them); nothing was recorded",
                  store.path(), d.id, store.path());
    }
  }
  Status st = GuardSql(store.path(), "record the review decisions", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    SQLite::Transaction tx(db);
    SQLite::Statement q(db,
                        "INSERT INTO review_decision (item, message_sha, location, span_start, "
                        "span_end, category, keyed_hash, state, decided_by, at, why) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item) DO UPDATE "
                        "SET state = excluded.state, decided_by = excluded.decided_by, "
                        "at = excluded.at, why = excluded.why");
    for (const ItemDecision& d : decisions) {
      const ReviewItem& it = *by_id.at(d.id);
      const FindingIdentity& id = it.identity;
      const std::string& reason = d.why.empty() ? why : d.why;
      q.reset();
      SQLite::bind(q, it.id, id.message_sha, id.location, id.span_start, id.span_end, id.category,
                   id.keyed_hash, std::string(ReviewStateName(d.state)), by,
                   store.clock().NowUnix(), reason);
      q.exec();
      // The audit entry holds no value: the id, the category, the masked preview.
      if (auto a = store.AppendAudit(
              "review",
              fmt::format("{} {} ({}, {}, {}) by {}: {}",
                          d.state == ReviewState::kConfirmed ? "confirm" : "reject", it.id,
                          id.category, it.validation.empty() ? it.detector : it.validation,
                          it.masked, by, reason));
          !a)
        return a;
    }
    tx.commit();
    return Ok();
  });
  return SealAfter(store, std::move(st));
}

Status RecordRule(IncidentStore& store, const std::string& name, ReviewState state,
                  const std::string& by, const std::string& why) {
  if (why.empty()) return Fail(ErrorCode::kUsage, "a review rule needs --why TEXT");
  Status st = GuardSql(store.path(), "record the review rule", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    SQLite::Transaction tx(db);
    SQLite::Statement q(db,
                        "INSERT INTO review_rule (name, state, decided_by, at, why) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                        "state = excluded.state, decided_by = excluded.decided_by, "
                        "at = excluded.at, why = excluded.why");
    SQLite::bind(q, name, std::string(ReviewStateName(state)), by, store.clock().NowUnix(), why);
    q.exec();
    if (auto a = store.AppendAudit(
            "review",
            fmt::format("{} rule {} by {}: {}",
                        state == ReviewState::kConfirmed ? "confirm" : "reject", name, by, why));
        !a)
      return a;
    tx.commit();
    return Ok();
  });
  return SealAfter(store, std::move(st));
}

Result<ReviewSample> DrawSample(IncidentStore& store, int64_t size, uint64_t seed,
                                const std::string& by) {
  if (size <= 0) return Fail(ErrorCode::kUsage, "review sample: N must be at least 1");
  return GuardSql(store.path(), "draw a recall sample", [&]() -> Result<ReviewSample> {
    SQLite::Database& db = Connection(store);
    struct Candidate {
      std::string sha, place;
    };
    std::vector<Candidate> pool;
    {
      // The place as every text shows a message: counted from 1 (core/util/message_number.h).
      SQLite::Statement q(db,
                          "SELECT m.raw_sha256, s.path || ' #' || (m.idx + 1) FROM message m "
                          "JOIN source s ON s.id = m.source_id WHERE m.parent_id IS NULL AND "
                          "m.duplicate_of IS NULL AND m.parse_status = 'ok' AND NOT EXISTS "
                          "(SELECT 1 FROM finding f WHERE f.message_id = m.id) ORDER BY m.id");
      while (q.executeStep())
        pool.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
    }
    // Every message has a finding: nothing to draw, and nothing recorded (population 0).
    if (pool.empty()) return ReviewSample{};
    ReviewSample sample;
    sample.at = store.clock().NowUnix();
    sample.seed = seed;
    sample.population = static_cast<int64_t>(pool.size());
    sample.drawn_by = by;
    // A partial Fisher-Yates shuffle with mt19937_64, whose sequence the C++ standard fixes:
    // the same seed draws the same messages on every machine (std::sample does not promise it).
    std::mt19937_64 rng(seed);
    const size_t n = std::min<size_t>(static_cast<size_t>(size), pool.size());
    for (size_t i = 0; i < n; ++i) {
      const size_t j = i + static_cast<size_t>(rng() % (pool.size() - i));
      std::swap(pool[i], pool[j]);
      sample.messages.push_back(
          {static_cast<int64_t>(i + 1), pool[i].sha, pool[i].place, "", "", ""});
    }
    SQLite::Transaction tx(db);
    SQLite::Statement ins(db,
                          "INSERT INTO review_sample (at, seed, population, drawn_by) "
                          "VALUES (?, ?, ?, ?)");
    SQLite::bind(ins, sample.at, static_cast<int64_t>(seed), sample.population, by);
    ins.exec();
    sample.id = db.getLastInsertRowid();
    SQLite::Statement msg(db,
                          "INSERT INTO review_sample_message (sample_id, position, message_sha, "
                          "place) VALUES (?, ?, ?, ?)");
    for (const SampledMessage& m : sample.messages) {
      msg.reset();
      SQLite::bind(msg, sample.id, m.position, m.message_sha, m.place);
      msg.exec();
    }
    if (auto a = store.AppendAudit(
            "review", fmt::format("sample {}: {} of {} messages with no finding, seed {}, by {}",
                                  sample.id, n, pool.size(), seed, by));
        !a)
      return std::unexpected(a.error());
    tx.commit();
    return sample;
  });
}

Status RecordSampleResult(IncidentStore& store, int64_t sample, int64_t position,
                          const std::string& result, const std::string& note,
                          const std::string& by) {
  if (result != "nothing" && result != "missed") {
    return Fail(ErrorCode::kUsage, "review sample: the result is `nothing` or `missed`, not {}",
                result);
  }
  if (result == "missed" && note.empty()) {
    return Fail(ErrorCode::kUsage,
                "review sample: say what the detectors missed (--why TEXT, no value in clear)");
  }
  return GuardSql(store.path(), "record a sample's result", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    SQLite::Transaction tx(db);
    SQLite::Statement q(db,
                        "UPDATE review_sample_message SET result = ?, note = ?, decided_by = ?, "
                        "at = ? WHERE sample_id = ? AND position = ?");
    SQLite::bind(q, result, note, by, store.clock().NowUnix(), sample, position);
    if (q.exec() != 1) {
      return Fail(ErrorCode::kInvalidInput, "{}: sample {} has no message {}", store.path(), sample,
                  position);
    }
    if (auto a = store.AppendAudit(
            "review", fmt::format("sample {} message {}: {} by {}{}{}", sample, position, result,
                                  by, note.empty() ? "" : ": ", note));
        !a)
      return a;
    tx.commit();
    return Ok();
  });
}

Result<std::vector<ReviewSample>> LoadSamples(const IncidentStore& store) {
  return GuardSql(
      store.path(), "read the recall samples", [&]() -> Result<std::vector<ReviewSample>> {
        SQLite::Database& db = Connection(store);
        std::vector<ReviewSample> out;
        SQLite::Statement q(
            db, "SELECT id, at, seed, population, drawn_by FROM review_sample ORDER BY id");
        while (q.executeStep()) {
          ReviewSample s;
          int64_t seed = 0;
          Row(q) >> s.id >> s.at >> seed >> s.population >> s.drawn_by;
          s.seed = static_cast<uint64_t>(seed);
          out.push_back(std::move(s));
        }
        SQLite::Statement m(db,
                            "SELECT position, message_sha, place, result, note, decided_by FROM "
                            "review_sample_message WHERE sample_id = ? ORDER BY position");
        for (ReviewSample& s : out) {
          m.reset();
          m.bind(1, s.id);
          while (m.executeStep()) {
            SampledMessage sm;
            Row(m) >> sm.position >> sm.message_sha >> sm.place >> sm.result >> sm.note >>
                sm.decided_by;
            s.messages.push_back(std::move(sm));
          }
        }
        return out;
      });
}

namespace {

// The DPO's decisions on the merges of one kind, by item id: state, who, why.
using MergeDecisions = std::map<std::string, std::array<std::string, 3>, std::less<>>;

MergeDecisions ReadMergeDecisions(SQLite::Database& db, std::string_view kind) {
  MergeDecisions out;
  SQLite::Statement q(db, "SELECT item, state, decided_by, why FROM merge_decision WHERE kind = ?");
  q.bind(1, std::string(kind));
  while (q.executeStep()) {
    out[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                                       q.getColumn(3).getString()};
  }
  return out;
}

// `it`'s own decision, if it has one (true).
bool ApplyMergeDecision(const MergeDecisions& decided, MergeItem* it) {
  auto d = decided.find(it->id);
  if (d == decided.end()) return false;
  it->state = ReviewStateFromName(d->second[0]).value_or(ReviewState::kPending);
  it->decided_by = d->second[1];
  it->why = d->second[2];
  return true;
}

}  // namespace

Result<std::vector<MergeItem>> LoadMergeItems(const IncidentStore& store) {
  auto rules = LoadReviewRules(store);
  if (!rules) return std::unexpected(rules.error());
  return GuardSql(
      store.path(), "read the possible duplicates", [&]() -> Result<std::vector<MergeItem>> {
        SQLite::Database& db = Connection(store);
        std::vector<MergeCandidate> persons;
        std::vector<std::string> addresses;
        std::map<int64_t, size_t> index;
        {
          SQLite::Statement q(db,
                              "SELECT p.id, p.address_key, p.kind = 'mailbox', p.address, n.name "
                              "FROM party p JOIN party_name n ON n.party_id = p.id "
                              "WHERE p.is_internal = 0 ORDER BY p.id, n.name");
          while (q.executeStep()) {
            const int64_t id = q.getColumn(0).getInt64();
            auto [it, added] = index.emplace(id, persons.size());
            if (added) {
              MergeCandidate c;
              Row(q) >> c.party >> c.key >> c.mailbox;
              persons.push_back(std::move(c));
              addresses.push_back(persons.back().mailbox ? q.getColumn(3).getString()
                                                         : std::string());
            }
            persons[it->second].names.push_back(q.getColumn(4).getString());
          }
        }
        const MergeDecisions decided = ReadMergeDecisions(db, kSameNameMerge);
        const auto rule = rules->find(kSameNameRule);
        const std::vector<PersonPair> pairs = PossibleDuplicates(persons);
        // The birth dates of the persons paired (their keyed hashes): two namesakes born on
        // two dates are two persons (a father and his son, two cousins), not a pair to merge.
        std::map<int64_t, std::set<std::string>> born;
        if (!pairs.empty()) {
          std::set<int64_t> paired;
          for (const PersonPair& pair : pairs) {
            paired.insert(persons[pair.first].party);
            paired.insert(persons[pair.second].party);
          }
          SQLite::Statement q(db,
                              "SELECT owner_party_id, keyed_hash FROM finding WHERE category = "
                              "'date_of_birth' AND owner_party_id IS NOT NULL AND quoted = 0 "
                              "AND validation NOT LIKE 'near-miss:%'");
          while (q.executeStep()) {
            const int64_t owner = q.getColumn(0).getInt64();
            if (paired.contains(owner)) born[owner].insert(q.getColumn(1).getString());
          }
        }
        auto born_apart = [&](int64_t a, int64_t b) {
          const auto& x = born[a];
          const auto& y = born[b];
          return !x.empty() && !y.empty() &&
                 std::none_of(x.begin(), x.end(),
                              [&](const std::string& h) { return y.contains(h); });
        };
        std::vector<MergeItem> items;
        for (const PersonPair& pair : pairs) {
          MergeItem it;
          it.id = pair.id;
          it.name = pair.name;
          it.first = persons[pair.first];
          it.second = persons[pair.second];
          const auto& first_born = born[it.first.party];
          const auto& second_born = born[it.second.party];
          it.first.born.assign(first_born.begin(), first_born.end());
          it.second.born.assign(second_born.begin(), second_born.end());
          it.first_address = addresses[pair.first];
          it.second_address = addresses[pair.second];
          const bool own = ApplyMergeDecision(decided, &it);
          // A decision of the DPO's stands, whatever the dates.
          if (!own && born_apart(it.first.party, it.second.party)) continue;
          if (!own && rule != rules->end()) {
            it.state = rule->second;
            it.decided_by = "rule " + std::string(kSameNameRule);
          }
          items.push_back(std::move(it));
        }
        return items;
      });
}

Status RecordMergeDecisions(IncidentStore& store, const std::vector<MergeItem>& items,
                            const std::vector<ItemDecision>& decisions, const std::string& by,
                            const std::string& why) {
  std::map<std::string_view, const MergeItem*> by_id;
  for (const MergeItem& it : items) by_id.emplace(it.id, &it);
  for (const ItemDecision& d : decisions) {
    if (why.empty() && d.why.empty())
      return Fail(ErrorCode::kUsage, "a review decision needs --why TEXT");
    if (!by_id.contains(d.id)) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: no merge of persons has the id {}; nothing was recorded", store.path(),
                  d.id);
    }
  }
  Status st = GuardSql(store.path(), "record the merge decisions", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    SQLite::Transaction tx(db);
    SQLite::Statement q(db,
                        "INSERT INTO merge_decision (item, kind, first_key, second_key, state, "
                        "decided_by, at, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item) "
                        "DO UPDATE SET state = excluded.state, decided_by = excluded.decided_by, "
                        "at = excluded.at, why = excluded.why");
    for (const ItemDecision& d : decisions) {
      const MergeItem& it = *by_id.at(d.id);
      const std::string& reason = d.why.empty() ? why : d.why;
      const bool ordered = it.first.key < it.second.key;
      q.reset();
      SQLite::bind(q, it.id, it.kind, ordered ? it.first.key : it.second.key,
                   ordered ? it.second.key : it.first.key, std::string(ReviewStateName(d.state)),
                   by, store.clock().NowUnix(), reason);
      q.exec();
      // The parties by their ids in the record: no address in the log.
      const std::string entry =
          it.kind == kIdentifierMerge
              ? fmt::format(
                    "{} {} (merge by identifier of person #{}: {} rows or documents) by "
                    "{}: {}",
                    d.state == ReviewState::kConfirmed ? "confirm-merge" : "split", it.id,
                    it.first.party, it.groups, by, reason)
              : fmt::format(
                    "{} {} (possible duplicate: persons #{} and #{}, the same name) by "
                    "{}: {}",
                    d.state == ReviewState::kConfirmed ? "merge" : "keep-apart", it.id,
                    it.first.party, it.second.party, by, reason);
      if (auto a = store.AppendAudit("review", entry); !a) return a;
    }
    tx.commit();
    return Ok();
  });
  return SealAfter(store, std::move(st));
}

Result<PersonMerger> LoadPersonMerger(const IncidentStore& store, bool pending_too) {
  if (!pending_too) {
    auto any = GuardSql(store.path(), "read the merge decisions", [&]() -> Result<bool> {
      SQLite::Database& db = Connection(store);
      SQLite::Statement q(db,
                          "SELECT EXISTS (SELECT 1 FROM merge_decision WHERE state = "
                          "'confirmed') OR EXISTS (SELECT 1 FROM review_rule WHERE name = ? AND "
                          "state = 'confirmed')");
      q.bind(1, std::string(kSameNameRule));
      q.executeStep();
      return q.getColumn(0).getInt() != 0;
    });
    if (!any) return std::unexpected(any.error());
    if (!*any) return PersonMerger();
  }
  auto items = LoadMergeItems(store);
  if (!items) return std::unexpected(items.error());
  PersonMerger merger;
  // The birth dates each merged group holds: a pair that a rule (not the DPO, one by one)
  // confirms does not join two groups born on two dates (a father and his son, each paired
  // with a third namesake whose date is not known).
  std::map<int64_t, std::set<std::string>> born;
  for (const MergeItem& it : *items) {
    if (it.state != ReviewState::kConfirmed && !(pending_too && it.state == ReviewState::kPending))
      continue;
    const int64_t a = merger.Root(it.first.party), b = merger.Root(it.second.party);
    std::set<std::string>& x = born[a];
    std::set<std::string>& y = born[b];
    x.insert(it.first.born.begin(), it.first.born.end());
    y.insert(it.second.born.begin(), it.second.born.end());
    const bool by_person =
        it.state == ReviewState::kConfirmed && !it.decided_by.starts_with("rule ");
    if (!by_person && a != b && !x.empty() && !y.empty() &&
        std::none_of(x.begin(), x.end(), [&](const std::string& h) { return y.contains(h); })) {
      continue;
    }
    merger.Join(it.first.party, it.first.mailbox, it.second.party, it.second.mailbox);
    const int64_t root = merger.Root(it.first.party);
    std::set<std::string> both = x;
    both.insert(y.begin(), y.end());
    born[root] = std::move(both);
  }
  return merger;
}

namespace {

// The rows and documents of attachments a person's data were seen in: the set of (the
// part's bytes, SplitGroupOf(location)).
using SplitGroups = std::set<std::pair<std::string, std::string>>;

// `visit(owner, groups)` for each person (of `only` when given) whose data were seen in rows
// or documents of attachments, by owner, one person's groups at a time: a large leak's
// attachments have millions of rows (all held at once, they took 450 MB for the 2 GB
// benchmark mailbox).
template <typename F>
void ForEachSplitGroups(SQLite::Database& db, const std::set<int64_t>* only, F visit) {
  SQLite::Statement q(db,
                      "SELECT f.owner_party_id, coalesce(p.sha256, ''), f.location FROM finding f "
                      "LEFT JOIN part p ON p.id = f.part_id WHERE f.owner_party_id IS NOT NULL "
                      "AND (f.location LIKE '% row:%' OR f.location LIKE '% document%') "
                      "ORDER BY f.owner_party_id");
  SplitGroups seen;
  int64_t current = 0;
  auto flush = [&] {
    if (!seen.empty()) visit(current, seen);
    seen.clear();
  };
  while (q.executeStep()) {
    const int64_t owner = q.getColumn(0).getInt64();
    if (only && !only->contains(owner)) continue;
    if (owner != current) {
      flush();
      current = owner;
    }
    std::string group = SplitGroupOf(q.getColumn(2).getString());
    if (group.empty()) continue;
    seen.emplace(q.getColumn(1).getString(), std::move(group));
  }
  flush();
}

}  // namespace

Result<std::vector<MergeItem>> LoadIdentifierMerges(const IncidentStore& store) {
  return GuardSql(
      store.path(), "read the merges by identifier", [&]() -> Result<std::vector<MergeItem>> {
        SQLite::Database& db = Connection(store);
        const MergeDecisions decided = ReadMergeDecisions(db, kIdentifierMerge);
        std::vector<MergeItem> items;
        SQLite::Statement party(
            db,
            "SELECT address_key, kind = 'mailbox', address, is_internal, coalesce((SELECT name "
            "FROM party_name WHERE party_id = party.id ORDER BY seen DESC, name LIMIT 1), '') "
            "FROM party WHERE id = ?");
        ForEachSplitGroups(db, nullptr, [&](int64_t owner, const SplitGroups& seen) {
          party.reset();
          party.bind(1, owner);
          if (!party.executeStep()) return;
          MergeItem it;
          it.kind = std::string(kIdentifierMerge);
          it.first.party = owner;
          bool internal = false;
          std::string address;
          Row(party) >> it.first.key >> it.first.mailbox >> address >> internal >> it.name;
          if (internal) return;
          // One row and nothing else is no merge: a person found in one row.
          if (!it.first.mailbox && seen.size() < 2) return;
          if (it.first.mailbox) it.first_address = address;
          it.groups = static_cast<int64_t>(seen.size());
          it.id = MergeItemId(kIdentifierMerge, it.first.key, "");
          ApplyMergeDecision(decided, &it);
          items.push_back(std::move(it));
        });
        return items;
      });
}

int64_t SplitPersons::OwnerOf(int64_t owner, std::string_view location,
                              const std::string& part_sha) const {
  if (!split.contains(owner)) return owner;
  std::string group = SplitGroupOf(location);
  if (group.empty()) return owner;
  auto it = ids.find({owner, part_sha, std::move(group)});
  return it == ids.end() ? owner : it->second;
}

Result<SplitPersons> LoadSplitPersons(const IncidentStore& store, bool pending_too) {
  SplitPersons out;
  if (!pending_too) {
    auto any = GuardSql(store.path(), "read the merge decisions", [&]() -> Result<bool> {
      SQLite::Statement q(Connection(store),
                          "SELECT EXISTS (SELECT 1 FROM merge_decision WHERE kind = ? AND "
                          "state = 'rejected')");
      q.bind(1, std::string(kIdentifierMerge));
      q.executeStep();
      return q.getColumn(0).getInt() != 0;
    });
    if (!any) return std::unexpected(any.error());
    if (!*any) return out;
  }
  auto items = LoadIdentifierMerges(store);
  if (!items) return std::unexpected(items.error());
  for (const MergeItem& it : *items) {
    if (it.state == ReviewState::kRejected || (pending_too && it.state == ReviewState::kPending))
      out.split.insert(it.first.party);
  }
  if (out.split.empty()) return out;
  return GuardSql(store.path(), "split the persons", [&]() -> Result<SplitPersons> {
    SQLite::Database& db = Connection(store);
    int64_t next = db.execAndGet("SELECT coalesce(max(id), 0) FROM party").getInt64();
    ForEachSplitGroups(db, &out.split, [&](int64_t owner, const SplitGroups& seen) {
      for (const auto& [sha, group] : seen) {
        out.ids.emplace(std::make_tuple(owner, sha, group), ++next);
        out.from.emplace(next, owner);
      }
    });
    return out;
  });
}

}  // namespace breachkit
