#include "core/store/persons_loader.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <SQLiteCpp/SQLiteCpp.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "core/detect/functional_address.h"
#include "core/store/connection.h"
#include "core/store/review_filter.h"
#include "core/store/review_store.h"
#include "core/store/row.h"
#include "core/store/sql_guard.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"

namespace breachkit {
namespace {

// "part:2 table:1 row:7 col:4" → "part:2 table:1 row:7": the row a datum was seen in.
std::string RowOf(const std::string& where) {
  const size_t col = where.find(" col:");
  return col == std::string::npos ? where : where.substr(0, col);
}

// "part:2 document:writer" → "part:2": the document a datum was seen in; "" when none.
std::string DocumentOf(const std::string& where) {
  const size_t at = where.find(" document");
  return at == std::string::npos ? std::string() : where.substr(0, at);
}

// A datum of a person seen in a document about one person (a CV, a payslip): what links the
// document to the person the record already knows.
struct DocumentDatum {
  std::string document;  // "report.eml message 3 part:2"
  bool writer = false;   // the document was found to be its writer's own
  std::string kind;      // category name
  std::string hash;      // keyed hash
  std::string masked;
};

// Why a document's person is this person: the address in its head is their mailbox, or one
// of their phone numbers, IBANs or NIRs is also in their own words (a signature).
void ExplainDocuments(PersonEvidence& p, const std::string& email_hash,
                      const std::vector<DocumentDatum>& data,
                      const std::set<std::string>& hashes_elsewhere) {
  std::map<std::string, std::string> why;  // per document
  for (const DocumentDatum& d : data) {
    if (why.contains(d.document)) continue;
    if (!email_hash.empty() && d.kind == "email" && d.hash == email_hash) {
      why[d.document] =
          fmt::format("their address is in the head of the document {}{}: the same mailbox",
                      d.writer ? "they sent, " : "", d.document);
    }
  }
  for (const DocumentDatum& d : data) {
    if (why.contains(d.document)) continue;
    if ((d.kind == "phone" || d.kind == "iban" || d.kind == "nir") &&
        hashes_elsewhere.contains(d.hash)) {
      why[d.document] = fmt::format("the same {} ({}) in the document {} and in their own words",
                                    d.kind, d.masked, d.document);
    }
  }
  for (auto& [document, reason] : why) p.reasons.push_back(std::move(reason));
}

// A row of a table a datum was seen in: its source and row as numbers into
// PersonsEvidence::texts, and its message. 16 bytes: a table sent again and again (a 2 GB
// leak's has 2.3 million such sightings) is held as numbers, not as texts.
struct RowSeen {
  uint32_t source = 0, row = 0;
  int64_t message = 0;
  bool operator==(const RowSeen&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const RowSeen& r) {
    return H::combine(std::move(h), r.source, r.row, r.message);
  }
};
using RowsOfHash = std::map<std::string, absl::flat_hash_set<RowSeen>>;  // keyed hash → rows

// The merge reasons of one person, from their sightings: why what was seen in several
// places is one person. A name is never a reason. At most `max_rows` rows are named in a
// reason (by source, message, row); the others are counted.
void Explain(PersonEvidence& p, const std::vector<PersonSighting>& sightings,
             const RowsOfHash& rows_of_hash, const std::vector<std::string>& texts, size_t max_rows,
             const std::map<std::string, std::string>& masked_of_hash,
             const std::map<std::string, std::string>& kind_of_hash) {
  std::set<std::string> rows;
  bool in_header = false, named_in_header = false;
  for (const PersonSighting& s : sightings) {
    if (s.kind == "address") in_header = true;
    if (s.kind == "address" && !p.names.empty()) named_in_header = true;
    if (s.where.find(" row:") != std::string::npos) {
      rows.insert(fmt::format("{} message {} {}", s.source, s.message, RowOf(s.where)));
    }
  }
  if (p.spellings.size() > 1) {
    p.reasons.push_back(
        fmt::format("the same mailbox, written {} ways (letter case of the "
                    "domain, or an internationalised domain in A-labels)",
                    p.spellings.size()));
  }
  if (!p.content && !rows.empty() && (in_header || rows.size() > 1)) {
    p.reasons.push_back(
        fmt::format("{} in {} row{} of a table: the same mailbox",
                    in_header ? "the address of a recipient or writer, also" : "the same address",
                    rows.size(), rows.size() > 1 ? "s" : ""));
  }
  if (named_in_header) {
    p.reasons.push_back("a display name and its address in the same header");
  }
  for (const auto& [hash, hash_rows] : rows_of_hash) {
    if (hash_rows.size() < 2) continue;
    std::vector<RowSeen> sorted(hash_rows.begin(), hash_rows.end());
    auto order = [&](const RowSeen& r) {
      return std::tie(texts[r.source], r.message, texts[r.row]);
    };
    const size_t named = std::min(sorted.size(), std::max<size_t>(max_rows, 2));
    std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(named),
                      sorted.end(),
                      [&](const RowSeen& a, const RowSeen& b) { return order(a) < order(b); });
    std::string list;
    for (size_t i = 0; i < named; ++i) {
      const RowSeen& r = sorted[i];
      // Numbered from 1, as the sightings and the documents are.
      list += fmt::format("{}{} message {} {}", i > 0 ? "; " : "", texts[r.source],
                          MessageNumber(r.message), texts[r.row]);
    }
    if (named < sorted.size()) list += fmt::format("; and {} more", sorted.size() - named);
    p.reasons.push_back(fmt::format("the same {} ({}) in {} rows: {}", kind_of_hash.at(hash),
                                    masked_of_hash.at(hash), hash_rows.size(), list));
  }
}

}  // namespace

std::vector<PersonSighting> PersonsEvidence::Sightings(size_t i) const {
  std::vector<PersonSighting> out;
  out.reserve(kept[i].size());
  for (const Kept& k : kept[i]) {
    out.push_back({texts[k.kind], texts[k.masked], texts[k.source], k.message, texts[k.where]});
  }
  return out;
}

Result<PersonsEvidence> LoadPersonsEvidence(const IncidentStore& store,
                                            const std::vector<int64_t>& parties,
                                            size_t max_sightings) {
  return GuardSql(store.path(), "read the persons' evidence", [&]() -> Result<PersonsEvidence> {
    SQLite::Database& db = Connection(store);
    PersonsEvidence out;
    auto key = store.HmacKey();
    if (!key) return std::unexpected(key.error());
    std::unordered_map<int64_t, size_t> index;
    std::unordered_map<size_t, std::string> email_hash;  // per person with a mailbox
    for (int64_t id : parties) {
      index.emplace(id, out.persons.size());
      PersonEvidence p;
      p.party = id;
      out.persons.push_back(std::move(p));
      out.more.push_back(0);
    }
    out.kept.resize(out.persons.size());
    std::unordered_map<std::string, uint32_t> text_index;
    auto text = [&](std::string&& t) -> uint32_t {
      auto [it, added] = text_index.try_emplace(t, static_cast<uint32_t>(out.texts.size()));
      if (added) out.texts.push_back(std::move(t));
      return it->second;
    };
    auto add = [&](PersonEvidence&, size_t i, PersonSighting s) {
      if (out.kept[i].size() < max_sightings) {
        out.kept[i].push_back({text(std::move(s.kind)), text(std::move(s.masked)),
                               text(std::move(s.source)), text(std::move(s.where)), s.message});
      } else {
        ++out.more[i];
      }
    };
    // The persons the DPO confirmed are one: an absorbed party's sightings are its root's.
    auto merger = LoadPersonMerger(store);
    if (!merger) return std::unexpected(merger.error());
    if (!merger->empty()) {
      for (const auto& [absorbed, root] : merger->Absorbed()) {
        if (auto r = index.find(root); r != index.end()) index.emplace(absorbed, r->second);
      }
      auto items = LoadMergeItems(store);
      if (!items) return std::unexpected(items.error());
      for (const MergeItem& m : *items) {
        if (m.state != ReviewState::kConfirmed) continue;
        auto r = index.find(merger->Root(m.first.party));
        if (r == index.end()) continue;
        out.persons[r->second].reasons.push_back(
            fmt::format("the same name ({}), confirmed one person by {}{}", m.name, m.decided_by,
                        m.why.empty() ? std::string() : ": " + m.why));
      }
    }
    // The persons the DPO split off (a merge by identifier rejected): a row or document each.
    auto splits = LoadSplitPersons(store);
    if (!splits) return std::unexpected(splits.error());
    if (!splits->empty()) {
      auto items = LoadIdentifierMerges(store);
      if (!items) return std::unexpected(items.error());
      std::map<int64_t, const MergeItem*> of_party;
      for (const MergeItem& m : *items) of_party.emplace(m.first.party, &m);
      for (const auto& [id, from] : splits->from) {
        auto it = index.find(id);
        if (it == index.end()) continue;
        PersonEvidence& p = out.persons[it->second];
        p.content = true;
        const MergeItem* m = of_party.contains(from) ? of_party.at(from) : nullptr;
        p.reasons.push_back(
            fmt::format("split from #{} by {}{}: a row or document of its own", from,
                        m ? m->decided_by : std::string("the DPO"),
                        m && !m->why.empty() ? " (" + m->why + ")" : std::string()));
      }
    }
    {
      SQLite::Statement q(db, "SELECT id, address, kind = 'content', address_key FROM party");
      HmacSha256 hmac(*key);
      while (q.executeStep()) {
        auto it = index.find(q.getColumn(0).getInt64());
        if (it == index.end()) continue;
        // A party merged into another: its sightings are the other's, its row is not.
        if (out.persons[it->second].party != q.getColumn(0).getInt64()) continue;
        PersonEvidence& p = out.persons[it->second];
        std::string address_key;
        Row(q, 1) >> p.address >> p.content >> address_key;
        if (!p.content && !address_key.empty()) {
          email_hash[it->second] = hmac.Hex("email:" + address_key);
        }
      }
      SQLite::Statement names(db, "SELECT party_id, name FROM party_name ORDER BY party_id, name");
      while (names.executeStep()) {
        auto it = index.find(names.getColumn(0).getInt64());
        if (it != index.end())
          out.persons[it->second].names.push_back(names.getColumn(1).getString());
      }
    }
    // Each message's source and top-level index (a nested message is shown in its parent's).
    struct Where {
      std::string source;
      int64_t index = 0;
    };
    std::unordered_map<int64_t, Where> message_where;
    {
      std::unordered_map<int64_t, std::string> sources;
      SQLite::Statement src(db, "SELECT id, path FROM source");
      while (src.executeStep())
        sources.emplace(src.getColumn(0).getInt64(), src.getColumn(1).getString());
      SQLite::Statement q(db, "SELECT id, parent_id, source_id, idx FROM message ORDER BY id");
      while (q.executeStep()) {
        const int64_t id = q.getColumn(0).getInt64();
        const SQLite::Column parent = q.getColumn(1);
        if (!parent.isNull()) {
          // Parents come first (smaller ids): the parent's place is already known.
          if (auto it = message_where.find(parent.getInt64()); it != message_where.end()) {
            message_where.emplace(id, it->second);
            continue;
          }
        }
        message_where.emplace(id,
                              Where{sources[q.getColumn(2).getInt64()], q.getColumn(3).getInt64()});
      }
    }
    auto place = [&](int64_t message, PersonSighting& s) {
      if (auto it = message_where.find(message); it != message_where.end()) {
        s.source = it->second.source;
        s.message = it->second.index;
      }
    };
    // Headers: one sighting per message and field.
    {
      SQLite::Statement q(db,
                          "SELECT r.party_id, r.field, r.address, r.message_id FROM recipient r "
                          "ORDER BY r.message_id, r.field, r.position");
      std::unordered_map<int64_t, std::set<std::string>> spellings;
      while (q.executeStep()) {
        auto it = index.find(q.getColumn(0).getInt64());
        if (it == index.end()) continue;
        PersonEvidence& p = out.persons[it->second];
        PersonSighting s;
        s.kind = "address";
        std::string written;
        int64_t message = 0;
        Row(q, 1) >> s.where >> written >> message;
        place(message, s);
        // Ways of writing the person's own mailbox (not a merged person's other one).
        if (!written.empty() && q.getColumn(0).getInt64() == p.party)
          spellings[p.party].insert(written);
        add(p, it->second, std::move(s));
      }
      for (auto& [party, set] : spellings) {
        out.persons[index.at(party)].spellings.assign(set.begin(), set.end());
      }
    }
    // The persons with a datum in a document (of any review state: a superset is enough):
    // only theirs are compared with what was seen elsewhere (ExplainDocuments). Kept for every
    // person, those hashes took 450 MB for the 2 GB benchmark mailbox, which has no document.
    std::vector<bool> has_document(out.persons.size());
    {
      SQLite::Statement q(
          db, std::string("SELECT f.owner_party_id, f.location, ") +
                  (splits->empty() ? "''"
                                   : "coalesce((SELECT p.sha256 FROM part p WHERE p.id = "
                                     "f.part_id), '')") +
                  " FROM finding f WHERE f.owner_party_id IS NOT NULL AND f.location LIKE "
                  "'% document%'");
      while (q.executeStep()) {
        int64_t owner = q.getColumn(0).getInt64();
        if (!splits->empty()) {
          owner = splits->OwnerOf(owner, q.getColumn(1).getString(), q.getColumn(2).getString());
        }
        if (auto it = index.find(owner); it != index.end()) has_document[it->second] = true;
      }
    }
    // Findings: the data attributed to them.
    std::vector<RowsOfHash> rows_of_hash(out.persons.size());
    std::map<std::string, std::string> masked_of_hash, kind_of_hash;
    std::vector<std::vector<DocumentDatum>> in_documents(out.persons.size());
    std::vector<std::set<std::string>> hashes_elsewhere(out.persons.size());
    {
      // What the DPO rejected, and near misses not confirmed, show no one.
      const ReviewFilter review(db);
      SQLite::Statement q(
          db,
          "SELECT f.owner_party_id, f.category, f.masked_preview, f.keyed_hash, "
          "f.location, f.message_id, " +
              ReviewColumnsSql(db) +
              (splits->empty() ? std::string(", ''")
                               : std::string(", coalesce((SELECT p.sha256 FROM part p WHERE p.id = "
                                             "f.part_id), '')")) +
              " FROM finding f WHERE f.owner_party_id IS NOT NULL ORDER BY f.id");
      while (q.executeStep()) {
        if (!review.Counts(q, 1, 6, nullptr)) continue;
        int64_t owner = q.getColumn(0).getInt64();
        if (!splits->empty()) {
          owner = splits->OwnerOf(owner, q.getColumn(4).getString(), q.getColumn(9).getString());
        }
        auto it = index.find(owner);
        if (it == index.end()) continue;
        PersonEvidence& p = out.persons[it->second];
        PersonSighting s;
        std::string hash;
        int64_t message = 0;
        Row(q, 1) >> s.kind >> s.masked >> hash >> s.where >> message;
        place(message, s);
        if (s.where.find(" row:") != std::string::npos &&
            (s.kind == "iban" || s.kind == "nir" || s.kind == "phone")) {
          rows_of_hash[it->second][hash].insert(
              {text(std::string(s.source)), text(RowOf(s.where)), s.message});
          masked_of_hash[hash] = s.masked;
          kind_of_hash[hash] = s.kind;
        }
        if (const std::string document = DocumentOf(s.where); !document.empty()) {
          in_documents[it->second].push_back(
              {fmt::format("{} message {} {}", s.source, MessageNumber(s.message), document),
               s.where.ends_with(":writer"), s.kind, hash, s.masked});
        } else if (has_document[it->second]) {
          hashes_elsewhere[it->second].insert(hash);
        }
        add(p, it->second, std::move(s));
      }
    }
    for (size_t i = 0; i < out.persons.size(); ++i) {
      Explain(out.persons[i], out.Sightings(i), rows_of_hash[i], out.texts, max_sightings,
              masked_of_hash, kind_of_hash);
      RowsOfHash().swap(rows_of_hash[i]);
      if (!in_documents[i].empty()) {
        auto eh = email_hash.find(i);
        ExplainDocuments(out.persons[i], eh == email_hash.end() ? std::string() : eh->second,
                         in_documents[i], hashes_elsewhere[i]);
      }
    }
    return out;
  });
}

Result<std::vector<FunctionalParty>> LoadFunctionalParties(const IncidentStore& store) {
  return GuardSql(
      store.path(), "read the functional addresses", [&]() -> Result<std::vector<FunctionalParty>> {
        SQLite::Database& db = Connection(store);
        std::vector<FunctionalParty> out;
        std::unordered_map<int64_t, size_t> index;  // party → its place in `out`
        SQLite::Statement q(db, std::string("SELECT id, address, ") + kPartyFunctionalColumns +
                                    " FROM party WHERE kind = 'mailbox' AND is_internal = 0 "
                                    "ORDER BY address");
        while (q.executeStep()) {
          std::string address = q.getColumn(1).getString();
          const std::string_view reason =
              FunctionalReason(address, q.getColumn(2).getInt() != 0, q.getColumn(3).getString());
          if (reason.empty()) continue;
          index.emplace(q.getColumn(0).getInt64(), out.size());
          out.push_back({std::move(address), std::string(reason), 0});
        }
        if (out.empty()) return out;
        // The top-level messages each appears in, in one pass over the recipients: there is
        // no index by party (a count per party was a scan per party, hours on a 50,000-person
        // storm).
        std::set<std::pair<size_t, int64_t>> seen;
        SQLite::Statement r(db,
                            "SELECT r.party_id, coalesce(m.parent_id, m.id) FROM recipient r "
                            "JOIN message m ON m.id = r.message_id");
        while (r.executeStep()) {
          auto it = index.find(r.getColumn(0).getInt64());
          if (it == index.end()) continue;
          if (seen.emplace(it->second, r.getColumn(1).getInt64()).second) {
            ++out[it->second].messages;
          }
        }
        return out;
      });
}

}  // namespace breachkit
