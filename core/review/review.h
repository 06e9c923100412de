// The DPO's review of what the detectors claim, as plain values: the state of a finding
// (pending, confirmed, rejected), the id the DPO types for it, and the rules that decide a
// whole class. A finding's state is its own decision if it has one, else the most specific
// rule it matches, else pending. What counts in the figures: everything but a rejected
// finding and a near miss not confirmed (core/detect/finding.h, IsNearMiss). Pure.
#ifndef BREACHKIT_CORE_REVIEW_REVIEW_H_
#define BREACHKIT_CORE_REVIEW_REVIEW_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

enum class ReviewState { kPending, kConfirmed, kRejected };

/// "pending", "confirmed", "rejected" (as stored: the record has only the two decided ones).
std::string_view ReviewStateName(ReviewState state);
std::optional<ReviewState> ReviewStateFromName(std::string_view name);

/// What identifies a finding across ingestions of the same evidence: the raw bytes of its
/// message (SHA-256), where in it (location, span), what (category) and which value (keyed
/// hash). Row ids change when a record is built again; this does not.
struct FindingIdentity {
  std::string message_sha;
  std::string location;
  int64_t span_start = 0;
  int64_t span_end = 0;
  std::string category;
  std::string keyed_hash;
};

/// Characters of an item id.
inline constexpr size_t kReviewIdLength = 10;
/// The id the DPO types: the first 10 hex digits of the SHA-256 of the identity.
std::string ReviewItemId(const FindingIdentity& identity);
/// Whether `text` has the shape of an item id (10 lowercase hex digits).
bool IsReviewItemId(std::string_view text);

/// The rule names a finding matches, most specific first: "category/detector", its near-miss
/// reason ("near-miss:rib-key") when it is one, the detector, the category.
std::vector<std::string> RuleNamesOf(std::string_view category, std::string_view detector,
                                     std::string_view validation);

/// Rules by name, as stored.
using ReviewRules = std::map<std::string, ReviewState, std::less<>>;

/// The finding's state: `decision` (its own) if any, else the first rule of RuleNamesOf it
/// matches, else pending.
ReviewState EffectiveState(std::optional<ReviewState> decision, const ReviewRules& rules,
                           std::string_view category, std::string_view detector,
                           std::string_view validation);

/// Whether a finding in `state` counts in the figures: not rejected, and a near miss only
/// once confirmed.
bool CountsInFigures(ReviewState state, std::string_view validation);

/// Whether the finding still waits for a person: it needs review (NeedsReview) and nothing
/// decided it. The figures count it, marked "à confirmer" (a near miss is not counted).
bool AwaitsReview(ReviewState state, std::string_view validation);

/// One finding as the review shows it: never the value (its masked preview and context).
struct ReviewItem {
  std::string id;  // ReviewItemId
  FindingIdentity identity;
  int64_t finding = 0;  // its row in this record (the first, for a message seen twice)
  std::string detector;
  std::string validation;
  std::string masked;
  std::string context;        // masked (core/detect/review_context.h)
  std::string owner_address;  // "" when no owner or a person found in a table
  bool owner_in_content = false;
  std::string source_path;  // where: the source file, the message's index in it, its part
  int64_t message_index = 0;
  std::string mime_path;
  ReviewState state = ReviewState::kPending;  // effective
  std::string decided_by;                     // the finding's own decision, or "rule NAME"
  std::string why;
  // A finding of a copy left out as a duplicate (the same mail in an mbox, an .eml and a
  // Maildir): the kept copy's claim again, listed and counted once (only `--all` shows it).
  bool duplicate_copy = false;
};

/// A decision to record on one finding.
struct ItemDecision {
  std::string id;
  ReviewState state = ReviewState::kConfirmed;  // confirmed or rejected
  std::string why;                              // its own reason ("": the common one)
};

/// A message drawn for recall sampling, and what the DPO found in it.
struct SampledMessage {
  int64_t position = 0;  // 1-based in its sample
  std::string message_sha;
  std::string place;   // "source path #index", when drawn
  std::string result;  // "", "nothing", "missed"
  std::string note;
  std::string decided_by;
};

struct ReviewSample {
  int64_t id = 0;
  int64_t at = 0;
  uint64_t seed = 0;
  int64_t population = 0;  // messages with no finding when drawn
  std::string drawn_by;
  std::vector<SampledMessage> messages;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_REVIEW_REVIEW_H_
