// Internal to core/store: the DPO's review applied as findings are read (core/review/review.h),
// by every loader that reads findings for figures or persons, so that a rejected finding or an
// unconfirmed near miss is nowhere.
#ifndef BREACHKIT_CORE_STORE_REVIEW_FILTER_H_
#define BREACHKIT_CORE_STORE_REVIEW_FILTER_H_

#include <map>
#include <optional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/detect/finding.h"
#include "core/exposure/exposure.h"
#include "core/review/review.h"
#include "core/store/exposure_loader.h"

namespace breachkit {

/// The columns a ReviewFilter reads, for a query over `finding f`: detector, validation and the
/// finding's own decision ('' when none; the subquery only when the record holds decisions).
inline std::string ReviewColumnsSql(SQLite::Database& db) {
  const bool decisions = db.execAndGet("SELECT EXISTS (SELECT 1 FROM review_decision)").getInt();
  std::string sql = "f.detector, f.validation, ";
  sql += decisions ? "coalesce((SELECT d.state FROM review_decision d WHERE d.message_sha = "
                     "(SELECT m.raw_sha256 FROM message m WHERE m.id = f.message_id) AND "
                     "d.span_start = f.span_start AND d.span_end = f.span_end AND "
                     "d.location = f.location AND d.category = f.category AND "
                     "d.keyed_hash = f.keyed_hash), '')"
                   : "''";
  return sql;
}

/// Whether the finding at the current row counts: its category at column `category_col`, the
/// ReviewColumnsSql at `review_col` on; tallied by category in `tally` when given.
class ReviewFilter {
 public:
  explicit ReviewFilter(SQLite::Database& db, std::optional<ReviewWhatIf> what_if = std::nullopt)
      : what_if_(std::move(what_if)) {
    SQLite::Statement q(db, "SELECT name, state FROM review_rule");
    while (q.executeStep()) {
      if (auto state = ReviewStateFromName(q.getColumn(1).getString()))
        rules_.emplace(q.getColumn(0).getString(), *state);
    }
  }

  bool Counts(SQLite::Statement& q, int category_col, int review_col,
              std::map<std::string, ReviewTally, std::less<>>* tally) const {
    const std::string category = q.getColumn(category_col).getString();
    const std::string detector = q.getColumn(review_col).getString();
    const std::string validation = q.getColumn(review_col + 1).getString();
    const std::string decided = q.getColumn(review_col + 2).getString();
    ReviewState state =
        EffectiveState(ReviewStateFromName(decided), rules_, category, detector, validation);
    if (what_if_ && state == ReviewState::kPending && what_if_->category == category &&
        NeedsReview(validation) && IsNearMiss(validation) == what_if_->near_miss) {
      state = what_if_->as;
    }
    const bool counts = CountsInFigures(state, validation);
    if (tally) {
      ReviewTally& t = (*tally)[category];
      if (counts) ++t.counted;
      if (counts && AwaitsReview(state, validation)) ++t.awaiting;
      if (!counts && state == ReviewState::kPending) ++t.near_misses;
      if (state == ReviewState::kRejected) ++t.rejected;
      if (state == ReviewState::kConfirmed) ++t.confirmed;
    }
    return counts;
  }

 private:
  ReviewRules rules_;
  std::optional<ReviewWhatIf> what_if_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_REVIEW_FILTER_H_
