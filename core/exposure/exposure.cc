#include "core/exposure/exposure.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "core/detect/finding.h"
#include "core/detect/text_util.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

bool Shown(AddressField f) {
  switch (f) {
    case AddressField::kFrom:
    case AddressField::kSender:
    case AddressField::kReplyTo:
    case AddressField::kTo:
    case AddressField::kCc:
    case AddressField::kResentFrom:
    case AddressField::kResentTo:
    case AddressField::kResentCc: return true;
    default: return false;  // Bcc, Resent-Bcc, Delivered-To, X-Original-To
  }
}

bool Receives(AddressField f) {
  switch (f) {
    case AddressField::kTo:
    case AddressField::kCc:
    case AddressField::kBcc:
    case AddressField::kResentTo:
    case AddressField::kResentCc:
    case AddressField::kResentBcc:
    case AddressField::kDeliveredTo:
    case AddressField::kXOriginalTo: return true;
    default: return false;
  }
}

// Views into the input, or into the tree being counted, or literals; a record keeps its own
// copies (KeptTexts).
struct Item {
  int64_t owner;
  std::string_view kind;  // "address", "name", or a category name
  std::string_view hash;  // keyed hash for findings, "" otherwise
  std::string_view masked;
  bool in_table = false;  // a datum of a row of a table
  bool minor = false;     // a date of birth of a minor (ExposureFinding::minor)
};

// A keyed hash held as a key: its 256 bits, inline (a large leak has a million data, and
// their hashes as strings were the largest thing `summary` held). A text that is not 64
// lowercase hex digits (a hand-made input) is keyed by its SHA-256 instead.
struct HashKey {
  std::array<uint64_t, 4> bits{};
  bool operator==(const HashKey&) const = default;
};
// A keyed hash is uniform: two of its words hash it.
template <typename H>
H AbslHashValue(H h, const HashKey& k) {
  return H::combine(std::move(h), k.bits[0], k.bits[3]);
}

bool ParseHex64(std::string_view hex, HashKey* key) {
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return false;
  }
  for (size_t i = 0; i < 4; ++i) {
    std::from_chars(hex.data() + 16 * i, hex.data() + 16 * i + 16, key->bits[i], 16);
  }
  return true;
}

HashKey KeyOf(std::string_view keyed_hash) {
  HashKey key;
  if (!ParseHex64(keyed_hash, &key)) ParseHex64(Sha256Hex(keyed_hash), &key);
  return key;
}

// A detected datum of a person: owner, category and keyed hash, the last two by number
// (DataRecords numbers them): 16 bytes, for a million records of far fewer data.
struct DataKey {
  int64_t owner;
  uint32_t kind;
  uint32_t hash;
  bool operator==(const DataKey&) const = default;
};
template <typename H>
H AbslHashValue(H h, const DataKey& k) {
  return H::combine(std::move(h), k.owner, k.kind, k.hash);
}

// Texts kept for the whole computation (a record's category and masked preview), each once:
// the trees read one at a time take theirs with them. The report keeps them after it
// (Share): its items view them.
class KeptTexts {
 public:
  std::string_view Keep(std::string_view s) {
    if (auto it = texts_->find(s); it != texts_->end()) return *it;
    return *texts_->emplace(s).first;
  }
  std::shared_ptr<const void> Share() const { return texts_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  std::shared_ptr<Set> texts_ = std::make_shared<Set>();
};

// Messages are visited once each, in order: counting "messages" needs only the last one seen.
// Its owner and kind are in its key; a million of them for a large leak.
struct RecordStats {
  std::string_view masked;  // kept (KeptTexts)
  std::optional<int64_t> first;
  int64_t max_audience = 0;
  int64_t events = 0;         // one per message that showed it, so also its message count
  int64_t last_message = -1;  // the last message counted: one event per item and message
};

// A detected datum's record, with its owner and kind: held in chunks (DataRecords), found by
// its key through an index, so that the index can be freed before the records become items
// and each chunk as soon as its records have.
struct DataRecord {
  int64_t owner;
  std::string_view kind;  // kept (KeptTexts)
  RecordStats stats;
};

class DataRecords {
 public:
  static constexpr size_t kChunk = size_t{1} << 16;

  // The record of `owner`'s datum `hash` of kind `kind`, or null.
  RecordStats* Find(int64_t owner, std::string_view kind, const HashKey& hash) {
    const auto k = std::find(kinds_.begin(), kinds_.end(), kind);
    const auto h = hash_ids_.find(hash);
    if (k == kinds_.end() || h == hash_ids_.end()) return nullptr;
    auto it = index_.find({owner, static_cast<uint32_t>(k - kinds_.begin()), h->second});
    return it == index_.end() ? nullptr : &At(it->second).stats;
  }
  // A new record (`kind` kept by the caller: it outlives the tree it came from).
  RecordStats* Add(int64_t owner, std::string_view kind, const HashKey& hash) {
    auto k = std::find(kinds_.begin(), kinds_.end(), kind);
    if (k == kinds_.end()) k = kinds_.insert(kinds_.end(), kind);
    const uint32_t h =
        hash_ids_.emplace(hash, static_cast<uint32_t>(hash_ids_.size())).first->second;
    if (chunks_.empty() || chunks_.back().size() == kChunk) chunks_.emplace_back().reserve(kChunk);
    chunks_.back().push_back({owner, *k, {}});
    index_.emplace(DataKey{owner, static_cast<uint32_t>(k - kinds_.begin()), h},
                   static_cast<uint32_t>(size_++));
    return &chunks_.back().back().stats;
  }
  // The records, chunk by chunk, each chunk freed once visited; the index is freed first.
  template <typename F>
  void Drain(F visit) {
    absl::flat_hash_map<DataKey, uint32_t>().swap(index_);
    absl::flat_hash_map<HashKey, uint32_t>().swap(hash_ids_);
    for (auto& chunk : chunks_) {
      for (const DataRecord& r : chunk) visit(r);
      std::vector<DataRecord>().swap(chunk);
    }
    chunks_.clear();
    size_ = 0;
  }
  template <typename F>
  void ForEach(F visit) const {
    for (const auto& chunk : chunks_) {
      for (const DataRecord& r : chunk) visit(r);
    }
  }

 private:
  DataRecord& At(uint32_t i) { return chunks_[i / kChunk][i % kChunk]; }

  std::vector<std::string_view> kinds_;  // kept
  // Open addressing (abseil): one block each, freed at once, where a node-based map's
  // million nodes stayed with the allocator's small-object pages after they were freed.
  absl::flat_hash_map<HashKey, uint32_t> hash_ids_;  // datum → its number
  absl::flat_hash_map<DataKey, uint32_t> index_;     // → record number
  std::vector<std::vector<DataRecord>> chunks_;
  size_t size_ = 0;
};

struct SubjectStats {
  int64_t last_message = -1;
  int64_t messages = 0;
  int64_t max_audience = 0;
  std::optional<int64_t> first, last;
  bool seen_in_table = false;  // a datum of theirs in a row of a table someone else sent
  bool minor = false;          // a date of birth of theirs says they were under 18
};

// A set of parties by dense index, as 64-bit words (index / 64, bits) sorted by word and
// never zero: compact where dense (one bit a party), still small where sparse, and merged
// in one linear pass.
using Words = std::vector<std::pair<uint32_t, uint64_t>>;

// The words holding these parties.
Words WordsOf(std::vector<uint32_t> parties) {
  std::sort(parties.begin(), parties.end());
  Words words;
  for (uint32_t i : parties) {
    if (words.empty() || words.back().first != i / 64) words.emplace_back(i / 64, 0);
    words.back().second |= uint64_t{1} << (i % 64);
  }
  return words;
}

struct OwnerSet {
  Words words;

  void Merge(const Words& more, Words* scratch) {
    scratch->clear();
    size_t a = 0, b = 0;
    while (a < words.size() || b < more.size()) {
      if (b == more.size() || (a < words.size() && words[a].first < more[b].first)) {
        scratch->push_back(words[a++]);
      } else if (a == words.size() || more[b].first < words[a].first) {
        scratch->push_back(more[b++]);
      } else {
        scratch->emplace_back(words[a].first, words[a].second | more[b].second);
        ++a;
        ++b;
      }
    }
    words.swap(*scratch);
  }
  void Remove(uint32_t i) {
    auto it = std::lower_bound(words.begin(), words.end(), std::make_pair(i / 64, uint64_t{0}));
    if (it == words.end() || it->first != i / 64) return;
    it->second &= ~(uint64_t{1} << (i % 64));
    if (it->second == 0) words.erase(it);
  }
  int64_t Count() const {
    int64_t n = 0;
    for (const auto& [w, bits] : words) n += std::popcount(bits);
    return n;
  }
  bool Contains(uint32_t i) const {
    auto it = std::lower_bound(words.begin(), words.end(), std::make_pair(i / 64, uint64_t{0}));
    return it != words.end() && it->first == i / 64 && (it->second >> (i % 64) & 1);
  }
};

// Union-find over Message-IDs, for the thread count.
struct Threads {
  std::unordered_map<std::string, std::string> parent;
  std::string Find(const std::string& x) {
    auto it = parent.find(x);
    if (it == parent.end()) {
      parent.emplace(x, x);
      return x;
    }
    if (it->second == x) return x;
    const std::string root = Find(it->second);
    parent[x] = root;
    return root;
  }
  void Join(const std::string& a, const std::string& b) { parent[Find(a)] = Find(b); }
};

std::string_view CnilOf(std::string_view kind) {
  if (kind == "address") return kCnilCoordonnees;
  if (kind == "name") return kCnilEtatCivil;
  if (auto c = CategoryFromName(kind)) return InfoOf(*c).cnil;
  return kCnilAutres;
}

// The review's tally by category name (ExposureInput::review).
using ReviewTallies = std::map<std::string, ReviewTally, std::less<>>;

void AddTally(const ReviewTally& t, ReviewTally* sum) {
  sum->counted += t.counted;
  sum->awaiting += t.awaiting;
  sum->near_misses += t.near_misses;
  sum->rejected += t.rejected;
  sum->confirmed += t.confirmed;
}

void AddTallies(const ReviewTallies& from, ReviewTallies* to) {
  for (const auto& [category, t] : from) AddTally(t, &(*to)[category]);
}

// A top-level message's own name in the thread count: its Message-ID, or its row.
std::string ThreadKey(const ExposureMessage& m) {
  return m.message_id.empty() ? "#" + std::to_string(m.id) : m.message_id;
}

// ComputeExposure's phases, over one input: each method is one step of the model (the rules
// are in exposure.h), called in order by ComputeExposure.
class ExposureModel {
 public:
  // Messages nested in a message, by the enclosing message's id.
  using Children = std::unordered_map<int64_t, std::vector<const ExposureMessage*>>;

  ExposureModel(const ExposureInput& in, ExposureTreeReader* trees) : in_(in), trees_(trees) {
    report_.unparsed_messages = in.unparsed_messages;
    report_.address_defects = in.address_defects;
  }

  const std::vector<const ExposureMessage*>& top() const { return top_; }
  ExposureReport TakeReport() {
    report_.review = in_.review;
    AddTallies(read_review_, &report_.review);
    return std::move(report_);
  }

  // Parties by id, staff counted; each given a dense index for OwnerSet.
  void IndexParties() {
    for (const auto& p : in_.parties) {
      parties_.emplace(p.id, &p);
      if (p.internal) ++report_.staff_addresses;
      if (!p.internal && !p.functional.empty()) ++report_.functional_addresses[p.functional];
    }
    for (const auto& p : in_.parties) dense_.emplace(p.id, static_cast<uint32_t>(dense_.size()));
  }

  // Messages: top level, nested ones under their parent, duplicates counted apart.
  void SortMessages() {
    for (const auto& m : in_.messages) {
      if (m.parent) {
        children_[*m.parent].push_back(&m);
        ++report_.nested_messages;
      } else if (m.duplicate) {
        ++report_.duplicate_messages;
      } else {
        top_.push_back(&m);
      }
    }
    report_.messages = static_cast<int64_t>(top_.size());
  }

  // Owners of findings by keyed hash, from where the datum was original text (read from the
  // trees' reader when the findings are not held: OwnerOf).
  void FindDataOwners() {
    if (trees_) return;
    for (const auto& m : in_.messages) {
      if (m.duplicate) continue;
      for (const auto& f : m.findings) {
        if (f.owner && !f.quoted && OwnedByItsValue(f.category)) {
          hash_owner_.emplace(KeyOf(f.keyed_hash), f.owner);
        }
      }
    }
  }

  // The original message of the storm, and its lists; then the messages of its thread.
  // The evidence may be a whole mailbox, the leak among other mail: the original is the
  // message that is no reply and shows someone's data to someone else, then the one most
  // answered in the record (replies and forwards that name it in In-Reply-To or
  // References), then the earliest, then the one with the most recipients. A record of one
  // leak alone gives the earliest non-reply, as before. The candidates are taken in the
  // order of the last three keys, and the first that exposes someone wins: its tree read
  // alone most often (the storm's original is the most answered).
  void FindOriginal() {
    std::unordered_map<std::string_view, int64_t> answers;
    for (const ExposureMessage* m : top_) {
      std::unordered_set<std::string_view> named;
      if (!m->in_reply_to.empty()) named.insert(m->in_reply_to);
      for (const auto& r : m->references) named.insert(r);
      for (std::string_view id : named) ++answers[id];
    }
    std::vector<const ExposureMessage*> candidates;
    for (const ExposureMessage* m : top_) {
      if (!m->is_reply) candidates.push_back(m);
    }
    if (candidates.empty() && !top_.empty()) candidates.push_back(top_.front());
    if (candidates.empty()) return;
    // In that order, the first that exposes someone: most often the first, read alone.
    auto answered = [&](const ExposureMessage* m) -> int64_t {
      auto it = m->message_id.empty() ? answers.end() : answers.find(m->message_id);
      return it == answers.end() ? 0 : it->second;
    };
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const ExposureMessage* a, const ExposureMessage* b) {
                       const int64_t x = answered(a), y = answered(b);
                       if (x != y) return x > y;
                       const int64_t da = a->date_utc.value_or(INT64_MAX);
                       const int64_t db = b->date_utc.value_or(INT64_MAX);
                       if (da != db) return da < db;
                       return RecipientRows(*a) > RecipientRows(*b);
                     });
    // At most kCandidatesRead trees read: a record where no message that is no reply exposes
    // anyone (the leak is a reply-all) is not read twice for it.
    constexpr size_t kCandidatesRead = 64;
    const ExposureMessage* original = candidates.front();
    if (candidates.size() > 1) {
      for (size_t k = 0; k < candidates.size() && k < kCandidatesRead; ++k) {
        if (Exposes(*candidates[k])) {
          original = candidates[k];
          break;
        }
      }
    }
    report_.original_message = original->id;
    original_date_ = original->date_utc;
    report_.original_subject = original->subject;
    Visit(*original, [&](const ExposureMessage& m, const Children&) {
      for (const auto& r : m.recipients) original_list_.insert(r.party);
    });
    FindThread(*original);
  }

  // The top-level messages of the original's thread: linked to it by In-Reply-To and
  // References, or, sent at or after it, whose subject is the original's behind a prefix of
  // replies, forwards and automatic replies (a client that dropped the thread headers: "RE:
  // …", "Réponse automatique : …"). Another mail of the same subject, sent before it or
  // without such a prefix (a reminder to another patient), is not its answer. The other messages of
  // the evidence are counted all the same; only the thread's make third parties of receivers to
  // whom they showed nobody's data.
  void FindThread(const ExposureMessage& original) {
    Threads& threads = TopThreads();
    const std::string root = threads.Find(ThreadKey(original));
    const std::string subject = BareSubject(original.subject);
    for (const ExposureMessage* m : top_) {
      if (m->id == original.id) continue;
      const bool linked = threads.Find(ThreadKey(*m)) == root;
      const bool later = !m->date_utc || !original.date_utc || *m->date_utc >= *original.date_utc;
      // An answer by its subject (a prefix taken off, or "Re:"): a second reminder sent with
      // the same subject to another patient is no answer of the first.
      const std::string bare = BareSubject(m->subject);
      const bool answer = m->is_reply || bare != FoldWords(m->subject);
      const bool same_subject = !subject.empty() && later && answer && bare == subject;
      if (linked || same_subject || (later && RecallOf(*m, original, subject))) {
        thread_.insert(m->id);
      }
    }
    report_.thread_messages = static_cast<int64_t>(thread_.size());
  }

  // Outlook's recall of the original ("Rappel : <its subject>", "Recall: …"): from the
  // original's writer, to no one the original was not sent to. A reminder of the same
  // subject to someone else ("Rappel : votre rendez-vous" to another patient) is no recall.
  bool RecallOf(const ExposureMessage& m, const ExposureMessage& original,
                const std::string& subject) {
    if (subject.empty()) return false;
    const std::string words = FoldWords(m.subject);
    bool prefixed = false;
    for (std::string_view p : {"rappel", "recall"}) {
      if (words.size() > p.size() && words.starts_with(p) && words[p.size()] == ' ' &&
          BareSubject(words.substr(p.size() + 1)) == subject) {
        prefixed = true;
      }
    }
    if (!prefixed) return false;
    // The recipients as read with the message's tree (a large record's are read then).
    auto writers = [&](const ExposureMessage& top, bool* to_original_list) {
      std::set<int64_t> out;
      Visit(top, [&](const ExposureMessage& x, const Children&) {
        for (const auto& r : x.recipients) {
          if (r.field == AddressField::kFrom) out.insert(r.party);
          if (to_original_list && Receives(r.field) && !original_list_.contains(r.party)) {
            *to_original_list = false;
          }
        }
      });
      return out;
    };
    bool to_original_list = true;
    const std::set<int64_t> from = writers(m, &to_original_list);
    return !from.empty() && to_original_list && from == writers(original, nullptr);
  }

  // A subject compared: its words folded (FoldWords), without the prefixes replies,
  // forwards, automatic replies and bounces put before the subject they answer.
  static std::string BareSubject(std::string_view subject) {
    static constexpr std::string_view kPrefixes[] = {"re",
                                                     "tr",
                                                     "fw",
                                                     "fwd",
                                                     "aw",
                                                     "wg",
                                                     "sv",
                                                     "ref",
                                                     "antw",
                                                     "reponse automatique",
                                                     "automatic reply",
                                                     "auto reply",
                                                     "autoreply",
                                                     "out of office",
                                                     "absence",
                                                     "abwesenheitsnotiz",
                                                     "risposta automatica",
                                                     "respuesta automatica",
                                                     "undeliverable",
                                                     "non remis",
                                                     "undelivered mail returned to sender"};
    std::string words = FoldWords(subject);
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (std::string_view p : kPrefixes) {
        if (words.starts_with(p) && (words.size() == p.size() || words[p.size()] == ' ')) {
          words.erase(0, std::min(words.size(), p.size() + 1));
          stripped = true;
        }
      }
    }
    return words;
  }

  // Whether message `m` shows some person's data to a receiver other than that person.
  bool Exposes(const ExposureMessage& m) {
    bool exposes = false;
    Visit(m, [&](const ExposureMessage& x, const Children& children) {
      const std::set<int64_t> receivers = OutsideReceivers(x);
      if (receivers.empty()) return;
      std::vector<Item> shown;
      CollectShown(x, children, &shown);
      exposes = std::any_of(shown.begin(), shown.end(),
                            [&](const Item& item) { return AudienceOf(item, receivers) > 0; });
    });
    return exposes;
  }

  // The message's receivers other than staff.
  std::set<int64_t> OutsideReceivers(const ExposureMessage& m) const {
    std::set<int64_t> receivers;
    for (const auto& r : m.recipients) {
      if (Reads(r) && !internal(r.party)) receivers.insert(r.party);
    }
    return receivers;
  }

  // A recipient who got the message: not an address a bounce says does not exist.
  bool Reads(const ExposureRecipient& r) const {
    if (!Receives(r.field)) return false;
    const ExposureParty* p = party_of(r.party);
    return !p || !p->undeliverable;
  }

  // How many of `receivers` see an item besides its owner: none for staff's and functional
  // addresses' data (the organisation's own business), the rule of every figure.
  int64_t AudienceOf(const Item& item, const std::set<int64_t>& receivers) const {
    if (internal(item.owner) || functional(item.owner)) return 0;
    return static_cast<int64_t>(receivers.size()) - (receivers.contains(item.owner) ? 1 : 0);
  }

  // `count(m, children)` with top-level message `m` as counted: itself, or its tree as the
  // reader gives it (its date and id from `m`), with the review's tally of what was read.
  template <typename F>
  void Visit(const ExposureMessage& m, F count, ReviewTallies* tally = nullptr) {
    if (!trees_) {
      count(m, children_);
      return;
    }
    ExposureInput tree;
    trees_->ReadTree(m.id, &tree);
    Children children;
    const ExposureMessage* top = nullptr;
    for (ExposureMessage& t : tree.messages) {
      if (t.id == m.id) {
        t.date_utc = m.date_utc;
        top = &t;
      } else if (t.parent) {
        children[*t.parent].push_back(&t);
      }
    }
    if (tally) AddTallies(tree.review, tally);
    if (top) count(*top, children);
  }

  // Every top-level message, counted in order.
  void CountAll() {
    for (const ExposureMessage* m : top_) {
      Visit(
          *m,
          [&](const ExposureMessage& x, const Children& children) { CountExposures(x, children); },
          &read_review_);
    }
  }

  // One top-level message: who receives it, what it shows, the exposure events that makes,
  // and the third parties it reached.
  void CountExposures(const ExposureMessage& m, const Children& children) {
    const std::set<int64_t> receivers = Receivers(m);
    const bool in_thread = report_.original_message == m.id || thread_.contains(m.id);
    for (const auto& r : m.recipients) {
      if (in_thread && Reads(r) && !internal(r.party) && !original_list_.contains(r.party)) {
        outside_receivers_.insert(r.party);
      }
    }
    std::vector<Item> shown;
    CollectShown(m, children, &shown);
    MessageExposure me{m.id, m.date_utc, static_cast<int64_t>(receivers.size()), 0};
    std::vector<uint32_t> owners_here;  // whose data this message exposed (dense indices)
    std::vector<uint32_t> rows_here;    // of those, the persons of a table's rows
    std::set<int64_t> writers_here;     // who sent it
    for (const auto& r : m.recipients) {
      if (r.field == AddressField::kFrom || r.field == AddressField::kSender) {
        writers_here.insert(r.party);
      }
    }
    for (const Item& item : shown) {
      const int64_t audience = AudienceOf(item, receivers);
      if (audience <= 0) continue;
      // A writer's own row (their CV as a table) is theirs to show: no third party by it.
      if (item.in_table && !writers_here.contains(item.owner)) {
        rows_here.push_back(index_of(item.owner));
        subject_stats_[item.owner].seen_in_table = true;
      }
      if (item.minor) subject_stats_[item.owner].minor = true;
      if (!CountEvent(item, m, audience, &me)) continue;
      owners_here.push_back(index_of(item.owner));
    }
    me.in_thread = in_thread;
    me.sends_rows = !rows_here.empty() && std::any_of(writers_here.begin(), writers_here.end(),
                                                      [&](int64_t w) { return internal(w); });
    report_.storm.push_back(me);
    NoteInbound(m, writers_here);
    NoteThirdPartiesReached(receivers, std::move(owners_here), std::move(rows_here));
  }

  // Records become the subjects' items. Each record is freed as it becomes an item: the two
  // are the largest things a big leak holds here, and they need not be held both at once.
  void TakeRecords() {
    std::map<std::string_view, std::set<int64_t>> category_persons;  // persons per CNIL category
    // Each subject's items made at their exact number (a vector grown item by item holds up
    // to twice as many, beside the records not yet freed).
    std::unordered_map<int64_t, size_t> items_of;
    for (const auto& [key, rs] : person_records_) ++items_of[key / 2];
    data_records_.ForEach([&](const DataRecord& r) { ++items_of[r.owner]; });
    for (const auto& [owner, n] : items_of) subjects_[owner].items.reserve(n);
    auto take = [&](int64_t owner, std::string_view kind, const RecordStats& rs) {
      const std::string_view cnil = CnilOf(kind);
      Subject& s = subjects_[owner];
      s.party = owner;
      s.items.push_back({kind, cnil, rs.masked, rs.events, rs.max_audience, rs.first});
      report_.re_exposures += rs.events - 1;
      ++report_.records;
      ++report_.categories[std::string(cnil)].records;
      category_persons[cnil].insert(owner);
    };
    for (auto it = person_records_.begin(); it != person_records_.end();
         it = person_records_.erase(it)) {
      take(it->first / 2, it->first % 2 == 1 ? "name" : "address", it->second);
    }
    data_records_.Drain([&](const DataRecord& r) { take(r.owner, r.kind, r.stats); });
    report_.texts = kept_.Share();
    for (auto& [cnil, persons] : category_persons) {
      report_.categories[std::string(cnil)].persons = static_cast<int64_t>(persons.size());
    }
  }

  // Each subject's address, names and figures; the subjects in address order.
  void DescribeSubjects() {
    OwnerSet reached_any, reached_outside;
    for (auto& [tp, owners] : third_party_reached_) {
      reached_any.Merge(owners.words, &scratch_);
      if (!original_list_.contains(tp)) reached_outside.Merge(owners.words, &scratch_);
    }
    for (auto& [party, s] : subjects_) {
      if (const ExposureParty* p = party_of(party)) NameSubject(*p, &s);
      const SubjectStats& ss = subject_stats_[party];
      s.messages = ss.messages;
      s.max_audience = ss.max_audience;
      s.first_exposure = ss.first;
      s.last_exposure = ss.last;
      s.wrote_in_storm = writers_.contains(party);
      s.reached_third_party = reached_any.Contains(index_of(party));
      s.reached_outside_list = reached_outside.Contains(index_of(party));
      s.seen_in_table = ss.seen_in_table;
      s.minor = ss.minor;
      s.added_by_others = report_.original_message.has_value() && !s.content && !s.wrote_in_storm &&
                          !s.seen_in_table && !original_list_.contains(party);
      // Two items can share a masked preview (two phone numbers ending alike): the figures
      // break the tie, so the order never depends on the record's HMAC key.
      std::sort(s.items.begin(), s.items.end(), [](const ExposedItem& a, const ExposedItem& b) {
        return std::tie(a.cnil, a.kind, a.masked, a.first_exposure, a.messages, a.max_audience) <
               std::tie(b.cnil, b.kind, b.masked, b.first_exposure, b.messages, b.max_audience);
      });
      report_.subjects.push_back(std::move(s));
    }
    // By address; the persons found in tables (no address) after them, by name.
    std::sort(report_.subjects.begin(), report_.subjects.end(),
              [](const Subject& a, const Subject& b) {
                return std::tuple(a.content, AddressKey(a.address), a.display_name, a.party) <
                       std::tuple(b.content, AddressKey(b.address), b.display_name, b.party);
              });
    report_.persons_affected = static_cast<int64_t>(report_.subjects.size());
    report_.unattributed_findings = static_cast<int64_t>(unattributed_.size());
  }

  // The third parties, with how many persons' data reached them, in address order.
  void ListThirdParties() {
    for (auto& [tp, owners] : third_party_reached_) {
      report_.third_party_recipients.push_back(
          {AddressOf(tp), owners.Count(), original_list_.contains(tp)});
    }
    // A third party who received a message of the thread that exposed nobody is still one.
    for (int64_t party : outside_receivers_) {
      if (!third_party_reached_.contains(party)) {
        report_.third_party_recipients.push_back({AddressOf(party), 0, false});
      }
    }
    std::sort(report_.third_party_recipients.begin(), report_.third_party_recipients.end(),
              [](const ThirdParty& a, const ThirdParty& b) { return a.address < b.address; });
    std::sort(report_.inbound_to_organisation.begin(), report_.inbound_to_organisation.end());
  }

  // Threads: top-level messages linked by In-Reply-To and References; the answers FindThread
  // joined to the original by their subject (a client that dropped the thread headers, a
  // forward, a bounce), and those linked to them, are the original's thread too, as the CNIL
  // draft's storm counts it.
  void CountThreads() {
    Threads& threads = TopThreads();
    std::unordered_set<std::string> original_roots;
    for (const ExposureMessage* m : top_) {
      if (m->id == report_.original_message || thread_.contains(m->id))
        original_roots.insert(threads.Find(ThreadKey(*m)));
    }
    std::unordered_set<std::string> roots;
    bool original = false;
    for (const ExposureMessage* m : top_) {
      std::string root = threads.Find(ThreadKey(*m));
      if (original_roots.contains(root)) {
        original = true;
      } else {
        roots.insert(std::move(root));
      }
    }
    report_.threads = static_cast<int64_t>(roots.size()) + (original ? 1 : 0);
  }

 private:
  // The top-level messages joined by In-Reply-To and References, once.
  Threads& TopThreads() {
    if (!threads_) {
      threads_.emplace();
      for (const ExposureMessage* m : top_) {
        const std::string self = ThreadKey(*m);
        threads_->Find(self);
        if (!m->in_reply_to.empty()) threads_->Join(self, m->in_reply_to);
        for (const auto& r : m->references) threads_->Join(self, r);
      }
    }
    return *threads_;
  }

  const ExposureParty* party_of(int64_t id) const {
    auto it = parties_.find(id);
    return it == parties_.end() ? nullptr : it->second;
  }
  bool internal(int64_t id) const {
    const ExposureParty* p = party_of(id);
    return p && p->internal;
  }
  bool functional(int64_t id) const {
    const ExposureParty* p = party_of(id);
    return p && !p->functional.empty();
  }
  uint32_t index_of(int64_t id) {
    return dense_.emplace(id, static_cast<uint32_t>(dense_.size())).first->second;
  }
  std::string AddressOf(int64_t id) const {
    const ExposureParty* p = party_of(id);
    return p ? p->address : std::to_string(id);
  }

  // Whether an address written in a text is its owner's own mailbox (their "address" item,
  // shown without a preview): not a row's address given to the row's person, nor one the DPO
  // split off with its row (a letter said "votre adresse électronique ()").
  bool OwnAddress(std::string_view email_hash, int64_t owner) const {
    auto it = in_.email_hash_owner.find(email_hash);
    return it != in_.email_hash_owner.end() && it->second == owner;
  }

  // The finding's owner: the party of a written address, its own, or its datum's.
  std::optional<int64_t> OwnerOf(const ExposureFinding& f) {
    // A row's address is its row's person's, even when a header shows the same address (a
    // work address of the organisation: the employee's own, staff in the headers).
    if (f.in_table && f.owner) return f.owner;
    if (f.category == "email") {
      if (auto it = in_.email_hash_owner.find(f.keyed_hash); it != in_.email_hash_owner.end()) {
        return it->second;
      }
    }
    if (f.owner) return f.owner;
    if (!OwnedByItsValue(f.category)) return std::nullopt;  // "cancer" in a quoted text
    if (trees_) {
      auto [it, fresh] = hash_owner_.try_emplace(KeyOf(f.keyed_hash));
      if (fresh) it->second = trees_->FirstOwner(std::string(f.keyed_hash));
      return it->second;
    }
    if (auto it = hash_owner_.find(KeyOf(f.keyed_hash)); it != hash_owner_.end()) return it->second;
    return std::nullopt;
  }

  // The loaders give every message its rows' count; an input made by hand, its recipients.
  static int64_t RecipientRows(const ExposureMessage& m) {
    return m.recipient_rows > 0 ? m.recipient_rows : static_cast<int64_t>(m.recipients.size());
  }

  // A message from outside that a staff address received (the original, which the
  // organisation sent, is not; nor a robot's, a bounce or an auto-reply from a functional
  // address; nor one dated before the original, whose date cannot be right).
  void NoteInbound(const ExposureMessage& m, const std::set<int64_t>& writers) {
    if (!m.date_utc || (report_.original_message && m.id == *report_.original_message)) return;
    if (original_date_ && *m.date_utc < *original_date_) return;
    if (std::any_of(writers.begin(), writers.end(),
                    [&](int64_t w) { return internal(w) || functional(w); })) {
      return;
    }
    const bool to_staff = std::any_of(m.recipients.begin(), m.recipients.end(), [&](const auto& r) {
      return Receives(r.field) && internal(r.party);
    });
    if (to_staff) report_.inbound_to_organisation.push_back(*m.date_utc);
  }

  // The message's receivers other than staff; its writers noted.
  std::set<int64_t> Receivers(const ExposureMessage& m) {
    for (const auto& r : m.recipients) {
      if (r.field == AddressField::kFrom) writers_.insert(r.party);
    }
    return OutsideReceivers(m);
  }

  // Everything shown in this message: its own headers and content, and those of every
  // message nested in it. Findings without an owner are noted as unattributed.
  void CollectShown(const ExposureMessage& x, const Children& children, std::vector<Item>* shown) {
    for (const auto& r : x.recipients) {
      if (!Shown(r.field)) continue;
      shown->push_back({r.party, "address", "", ""});
      if (r.named) shown->push_back({r.party, "name", "", ""});
    }
    for (const auto& f : x.findings) {
      const auto category = CategoryFromName(f.category);
      if (category && !InfoOf(*category).personal) continue;  // an organisation's number
      const auto owner = OwnerOf(f);
      if (!owner) {
        unattributed_.insert(KeyOf(f.keyed_hash));
        continue;
      }
      if (f.category == "person_name") {
        shown->push_back({*owner, "name", "", "", f.in_table});
      } else if (f.category == "email" && OwnAddress(f.keyed_hash, *owner)) {
        shown->push_back({*owner, "address", "", "", f.in_table});
      } else {
        shown->push_back({*owner, f.category, f.keyed_hash, f.masked, f.in_table, f.minor});
      }
    }
    if (auto it = children.find(x.id); it != children.end()) {
      for (const ExposureMessage* c : it->second) CollectShown(*c, children, shown);
    }
  }

  // A person's address and name (most items by far) are keyed by number; detected data by
  // owner, category and keyed hash. The records are the two maps together.
  std::pair<RecordStats*, bool> RecordOf(const Item& item) {
    if (item.kind == "address" || item.kind == "name") {
      auto [it, fresh] =
          person_records_.try_emplace(item.owner * 2 + (item.kind == "name" ? 1 : 0));
      return {&it->second, fresh};
    }
    const HashKey hash = KeyOf(item.hash);
    if (RecordStats* found = data_records_.Find(item.owner, item.kind, hash)) return {found, false};
    // The item's own views last only as long as its tree.
    return {data_records_.Add(item.owner, kept_.Keep(item.kind), hash), true};
  }

  // One exposure event of `item` by top-level message `m`, in its record, its subject's
  // figures and the report's; false if the message already showed the item.
  bool CountEvent(const Item& item, const ExposureMessage& m, int64_t audience,
                  MessageExposure* me) {
    auto [record, fresh] = RecordOf(item);
    RecordStats& rs = *record;
    if (rs.last_message == m.id) return false;  // shown twice in this message: one event
    rs.last_message = m.id;
    if (fresh) rs.masked = kept_.Keep(item.masked);
    if (m.date_utc) rs.first = std::min(rs.first.value_or(*m.date_utc), *m.date_utc);
    rs.max_audience = std::max(rs.max_audience, audience);
    ++rs.events;
    SubjectStats& ss = subject_stats_[item.owner];
    if (ss.last_message != m.id) {
      if (ss.messages == 0) ++me->newly_exposed;
      ss.last_message = m.id;
      ++ss.messages;
      if (m.date_utc) {
        ss.first = std::min(ss.first.value_or(*m.date_utc), *m.date_utc);
        ss.last = std::max(ss.last.value_or(*m.date_utc), *m.date_utc);
      }
    }
    ss.max_audience = std::max(ss.max_audience, audience);
    ++report_.exposure_events;
    report_.max_audience = std::max(report_.max_audience, audience);
    if (m.date_utc) {
      report_.first_exposure = std::min(report_.first_exposure.value_or(*m.date_utc), *m.date_utc);
      report_.last_exposure = std::max(report_.last_exposure.value_or(*m.date_utc), *m.date_utc);
    }
    return true;
  }

  // Every third party among the receivers was reached by every owner here (but themselves).
  // Done once per message over word-sized groups of owners: items × receivers would be
  // quadratic.
  // The persons of a table's rows reached every receiver (a recipient on the original's
  // lists included: the rows' persons wrote to nobody).
  void NoteThirdPartiesReached(const std::set<int64_t>& receivers,
                               std::vector<uint32_t> owners_here, std::vector<uint32_t> rows_here) {
    std::vector<int64_t> third_here, listed_here;
    for (int64_t r : receivers) {
      (original_list_.contains(r) ? listed_here : third_here).push_back(r);
    }
    auto reach = [&](const std::vector<int64_t>& who, std::vector<uint32_t> owners) {
      if (who.empty() || owners.empty()) return;
      const Words words = WordsOf(std::move(owners));
      for (int64_t tp : who) {
        OwnerSet& reached = third_party_reached_[tp];
        reached.Merge(words, &scratch_);
        reached.Remove(index_of(tp));  // a third party is not reached by their own data
      }
    };
    reach(third_here, std::move(owners_here));
    reach(listed_here, std::move(rows_here));
  }

  // The subject's address, most frequent display name and other names.
  static void NameSubject(const ExposureParty& p, Subject* s) {
    s->address = p.address;
    s->content = p.content;
    int64_t best = -1;
    for (const auto& [name, seen] : p.names) {
      if (seen > best) {
        best = seen;
        s->display_name = name;
      }
    }
    for (const auto& [name, seen] : p.names) {
      if (name != s->display_name) s->other_names.push_back(name);
    }
  }

  const ExposureInput& in_;
  ExposureTreeReader* trees_;  // null: the messages hold their recipients and findings
  ExposureReport report_;
  ReviewTallies read_review_;  // the review's tally of the trees read
  std::unordered_map<int64_t, const ExposureParty*> parties_;
  std::unordered_map<int64_t, uint32_t> dense_;  // party id → 0..n-1, for OwnerSet
  Children children_;
  std::vector<const ExposureMessage*> top_;
  // datum → its first owner (with trees_: as the reader gave it, none included)
  absl::flat_hash_map<HashKey, std::optional<int64_t>> hash_owner_;
  std::unordered_set<int64_t> original_list_;
  std::optional<int64_t> original_date_;
  std::unordered_map<int64_t, RecordStats> person_records_;  // owner * 2 + (name ? 1 : 0)
  DataRecords data_records_;
  std::unordered_map<int64_t, SubjectStats> subject_stats_;
  std::unordered_map<int64_t, OwnerSet> third_party_reached_;  // third party → owners
  Words scratch_;
  std::unordered_set<int64_t> writers_;
  std::unordered_set<int64_t> outside_receivers_;  // receivers off the original's lists
  std::unordered_set<int64_t> thread_;             // the original's thread, but the original
  std::optional<Threads> threads_;                 // TopThreads
  absl::flat_hash_set<HashKey> unattributed_;
  KeptTexts kept_;
  std::map<int64_t, Subject> subjects_;
};

}  // namespace

ReviewTally ReviewTotal(const ExposureReport& report) {
  ReviewTally total;
  for (const auto& [name, t] : report.review) AddTally(t, &total);
  return total;
}

void MergePersons(const std::unordered_map<int64_t, int64_t>& absorbed, ExposureInput* in) {
  if (absorbed.empty()) return;
  auto root = [&](int64_t party) {
    auto it = absorbed.find(party);
    return it == absorbed.end() ? party : it->second;
  };
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < in->parties.size(); ++i) index.emplace(in->parties[i].id, i);
  for (ExposureParty& p : in->parties) {
    auto to = absorbed.find(p.id);
    if (to == absorbed.end()) continue;
    auto r = index.find(to->second);
    if (r == index.end()) continue;
    auto& names = in->parties[r->second].names;
    for (auto& [name, seen] : p.names) {
      auto same =
          std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == name; });
      if (same != names.end()) {
        same->second += seen;
      } else {
        names.emplace_back(name, seen);
      }
    }
    p.names.clear();
  }
  for (auto& [hash, owner] : in->email_hash_owner) owner = root(owner);
  for (ExposureMessage& m : in->messages) {
    for (ExposureRecipient& r : m.recipients) r.party = root(r.party);
    for (ExposureFinding& f : m.findings) {
      if (f.owner) f.owner = root(*f.owner);
    }
  }
}

int64_t OriginalAudience(const ExposureReport& r) {
  if (r.original_message) {
    for (const MessageExposure& m : r.storm) {
      if (m.id == *r.original_message) return m.audience;
    }
  }
  return r.storm.empty() ? r.max_audience : r.storm.front().audience;
}

int64_t MessagesOutsideThread(const ExposureReport& r) {
  return std::max<int64_t>(0, r.messages - 1 - r.thread_messages);
}

LaterSends LaterSendsOfFiles(const ExposureReport& r) {
  LaterSends out;
  for (const MessageExposure& m : r.storm) {
    if (!m.sends_rows || (r.original_message && m.id == *r.original_message)) continue;
    ++(m.in_thread ? out.in_thread : out.outside_thread);
  }
  return out;
}

ExposureReport ComputeExposure(const ExposureInput& input, ExposureTreeReader* trees) {
  ExposureModel model(input, trees);
  model.IndexParties();
  model.SortMessages();
  model.FindDataOwners();
  model.FindOriginal();
  model.CountAll();
  model.TakeRecords();
  model.DescribeSubjects();
  model.ListThirdParties();
  model.CountThreads();
  return model.TakeReport();
}

namespace {

// The CNIL categories of `report.categories` whose counted findings await review: all of them
// (`all`), or some but not all.
std::set<std::string, std::less<>> CategoriesAwaiting(const ExposureReport& report, bool all) {
  // By CNIL category: what counts, and what of it awaits review.
  std::map<std::string_view, std::pair<int64_t, int64_t>> by_cnil;
  for (const auto& [name, tally] : report.review) {
    const auto category = CategoryFromName(name);
    if (!category) continue;
    auto& [counted, awaiting] = by_cnil[InfoOf(*category).cnil];
    counted += tally.counted;
    awaiting += tally.awaiting;
  }
  std::set<std::string, std::less<>> out;
  for (const auto& [cnil, figures] : by_cnil) {
    const auto [counted, awaiting] = figures;
    const bool match =
        all ? counted > 0 && awaiting == counted : awaiting > 0 && awaiting < counted;
    if (match && report.categories.contains(std::string(cnil))) out.emplace(cnil);
  }
  return out;
}

}  // namespace

std::set<std::string, std::less<>> CategoriesAwaitingReview(const ExposureReport& report) {
  return CategoriesAwaiting(report, true);
}

std::set<std::string, std::less<>> CategoriesPartlyAwaitingReview(const ExposureReport& report) {
  return CategoriesAwaiting(report, false);
}

}  // namespace breachkit
