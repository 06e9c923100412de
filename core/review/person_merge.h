// Merges of persons as the DPO reviews them. breachkit makes one person of the sightings
// that share an identifier (a mailbox, an IBAN, a NIR, a phone number: core/model/person.h);
// it never merges on a name alone. Two persons with the same name and no identifier in common
// are a possible duplicate: a near miss of the review, kept apart (two persons in the
// figures) until the DPO confirms they are one, and then one person everywhere (the figures,
// `persons`, the letters). A pair's id, like a finding's, is the first 10 hex digits of a
// SHA-256, here of the two persons' keys in the record: it holds when the evidence is
// ingested again or added to. Pure.
#ifndef BREACHKIT_CORE_REVIEW_PERSON_MERGE_H_
#define BREACHKIT_CORE_REVIEW_PERSON_MERGE_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/review/review.h"

namespace breachkit {

/// The rule name of possible duplicates: `review accept --rule near-miss:same-name`.
inline constexpr std::string_view kSameNameRule = "near-miss:same-name";
/// The kind of a pair of possible duplicates, as stored.
inline constexpr std::string_view kSameNameMerge = "same-name";
/// The kind of a merge breachkit made by an identifier (a mailbox, an IBAN, a NIR, a phone
/// number): a person whose data were seen in rows of tables or documents about them as well as
/// in their own mail, or in several rows. Counted as one person until the DPO rejects the
/// merge; then each row or document is a person of its own (core/store/person_splits.h).
inline constexpr std::string_view kIdentifierMerge = "identifiers";

/// Where a datum of a row or a document was seen, as a split person is keyed: "table:1 row:7"
/// of "part:2 table:1 row:7 col:4", "document" of "part:2 document" or "part:2
/// document:writer"; "" for any other location (a header, the writer's own words).
std::string SplitGroupOf(std::string_view location);

/// A name with letter case, accents, spacing, hyphens and word order folded: "Léa  MARTIN",
/// "lea-martin" and "Martin, Léa" fold alike. Not UTF-8: the name as it is.
std::string FoldPersonName(std::string_view name);

/// A person of the record who may have a duplicate: their party, their key in the record
/// (party.address_key: stable across ingestions) and every name they were seen with.
struct MergeCandidate {
  int64_t party = 0;
  std::string key;
  bool mailbox = false;  // has an address of their own (not found in content only)
  std::vector<std::string> names;
  // The keyed hashes of their dates of birth (LoadMergeItems fills them for the persons it
  // pairs): two namesakes born on two dates are two persons.
  std::vector<std::string> born;
};

/// Two persons who may be one: indexes into the candidates.
struct PersonPair {
  std::string id;    // MergeItemId
  std::string name;  // the name they share, as the first was seen with it
  size_t first = 0;
  size_t second = 0;
};

/// The id the DPO types for a merge of the persons with keys `a` and `b` (in any order).
std::string MergeItemId(std::string_view kind, std::string_view a, std::string_view b);

/// The pairs of possible duplicates of `persons`: for each folded name held by several of
/// them, the first by key paired with each other one (confirming every pair of a name makes
/// them all one). Each pair once, however many names they share; in the order of the names.
std::vector<PersonPair> PossibleDuplicates(const std::vector<MergeCandidate>& persons);

/// A pair of possible duplicates as the review shows it, with its state: its own decision,
/// else the rule near-miss:same-name, else pending (kept apart).
struct MergeItem {
  std::string id;
  std::string kind{kSameNameMerge};
  std::string name;  // the name they share (an identifier merge: the person's name)
  // An identifier merge: `first` is the person, `second` is empty; the rows and documents of
  // attachments their data were seen in, and whether they also have a mailbox of their own.
  int64_t groups = 0;
  MergeCandidate first, second;
  std::string first_address, second_address;  // "" for a person found in content only
  ReviewState state = ReviewState::kPending;
  std::string decided_by;  // the pair's own decision, or "rule NAME"
  std::string why;
};

/// Persons made one by confirmed merges: each party to the party it becomes (a mailbox before
/// a person found in content only, else the smaller id).
class PersonMerger {
 public:
  void Join(int64_t a, bool a_mailbox, int64_t b, bool b_mailbox);
  /// The party `party` becomes (itself when not merged).
  int64_t Root(int64_t party) const;
  bool empty() const { return parent_.empty(); }
  /// Every merged party but the roots, with its root.
  std::unordered_map<int64_t, int64_t> Absorbed() const;

 private:
  std::unordered_map<int64_t, int64_t> parent_;
  std::unordered_map<int64_t, bool> mailbox_;
};

/// How many persons fewer the figures would count if the DPO confirmed every pending pair of
/// possible duplicates of `items` (same name, state pending): the pairs of two affected
/// persons (`affected`: their parties, as the figures count them, after the confirmed merges)
/// that join two persons not one already (by a confirmed pair or another pending one). A pair
/// with a person who counts nowhere (a name of a role box, no data of theirs seen) changes no
/// count.
int64_t PersonsPendingMergesMayJoin(const std::vector<MergeItem>& items,
                                    const std::set<int64_t>& affected);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_REVIEW_PERSON_MERGE_H_
