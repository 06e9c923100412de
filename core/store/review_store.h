// The DPO's review in the record (core/review/review.h): the findings to review with their
// state, the decisions on findings and on classes of them (rules), and recall samples. Every
// decision is appended to the hash-chained audit log with who decided and why, and sealed.
#ifndef BREACHKIT_CORE_STORE_REVIEW_STORE_H_
#define BREACHKIT_CORE_STORE_REVIEW_STORE_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/review/person_merge.h"
#include "core/review/review.h"
#include "core/store/store.h"

namespace breachkit {

/// The findings a person must review (NeedsReview), or every finding when `all`, with their
/// effective state; one per item id (a message seen in two sources is one item), in the
/// record's order.
Result<std::vector<ReviewItem>> LoadReviewItems(const IncidentStore& store, bool all);

Result<ReviewRules> LoadReviewRules(const IncidentStore& store);

/// Records `decisions` (each id must be one of `items`, else kNotFound naming it, and nothing
/// is recorded), by `by`, each for its own why or else `why` (one of them required), in one
/// transaction with one audit entry each.
Status RecordDecisions(IncidentStore& store, const std::vector<ReviewItem>& items,
                       const std::vector<ItemDecision>& decisions, const std::string& by,
                       const std::string& why);

/// Records (or replaces) the rule `name` with one audit entry.
Status RecordRule(IncidentStore& store, const std::string& name, ReviewState state,
                  const std::string& by, const std::string& why);

/// Draws `size` messages with no finding (top-level, parsed, not duplicates) with `seed`,
/// records the sample and returns it; when every message has a finding, an empty sample
/// (population 0) that is not recorded.
Result<ReviewSample> DrawSample(IncidentStore& store, int64_t size, uint64_t seed,
                                const std::string& by);

/// Records what the DPO found in message `position` of sample `sample`: "nothing" or
/// "missed" (with a note saying what).
Status RecordSampleResult(IncidentStore& store, int64_t sample, int64_t position,
                          const std::string& result, const std::string& note,
                          const std::string& by);

Result<std::vector<ReviewSample>> LoadSamples(const IncidentStore& store);

/// The possible duplicates among the persons of the record (PossibleDuplicates over every
/// party outside the organisation seen with a name), each with its state.
Result<std::vector<MergeItem>> LoadMergeItems(const IncidentStore& store);

/// The merges breachkit made by an identifier (kIdentifierMerge): each person whose data were
/// seen in rows of tables or documents as well as in their own mail, or in several rows or
/// documents, with its state (pending: merged; rejected: split).
Result<std::vector<MergeItem>> LoadIdentifierMerges(const IncidentStore& store);

/// The persons split off by rejected identifier merges (and the pending ones too when
/// `pending_too`): each row or document of a split person (by the attachment's bytes and the
/// row) becomes a person found in content of its own, numbered after the record's last party.
/// Reads nothing more when no merge is rejected.
struct SplitPersons {
  std::set<int64_t> split;                                               // the parties split
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> ids;  // (party, sha, group)
  std::map<int64_t, int64_t> from;  // each new person: the party split
  bool empty() const { return split.empty(); }
  /// Who a datum of `owner` seen at `location` in the part with bytes `part_sha` belongs to.
  int64_t OwnerOf(int64_t owner, std::string_view location, const std::string& part_sha) const;
};
Result<SplitPersons> LoadSplitPersons(const IncidentStore& store, bool pending_too = false);

/// Records decisions on merges, as RecordDecisions does on findings (each id one of `items`,
/// else kNotFound and nothing recorded; one audit entry each; sealed).
Status RecordMergeDecisions(IncidentStore& store, const std::vector<MergeItem>& items,
                            const std::vector<ItemDecision>& decisions, const std::string& by,
                            const std::string& why);

/// The persons made one by the merges confirmed (by the DPO, one by one or by the rule
/// near-miss:same-name), and also those pending when `pending_too` (what `review` shows
/// confirming them would change). Reads nothing more when no merge is confirmed.
Result<PersonMerger> LoadPersonMerger(const IncidentStore& store, bool pending_too = false);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_REVIEW_STORE_H_
