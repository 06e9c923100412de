#include "core/review/review.h"

#include "core/detect/finding.h"
#include "core/util/hash.h"

namespace breachkit {

std::string_view ReviewStateName(ReviewState state) {
  switch (state) {
    case ReviewState::kPending: return "pending";
    case ReviewState::kConfirmed: return "confirmed";
    case ReviewState::kRejected: return "rejected";
  }
  return "pending";
}

std::optional<ReviewState> ReviewStateFromName(std::string_view name) {
  if (name == "confirmed") return ReviewState::kConfirmed;
  if (name == "rejected") return ReviewState::kRejected;
  if (name == "pending") return ReviewState::kPending;
  return std::nullopt;
}

std::string ReviewItemId(const FindingIdentity& id) {
  // Fields separated by a byte none of them holds.
  std::string data = id.message_sha;
  for (const std::string* s : {&id.location, &id.category, &id.keyed_hash}) {
    data += '\x1f';
    data += *s;
  }
  data += '\x1f' + std::to_string(id.span_start) + '\x1f' + std::to_string(id.span_end);
  return Sha256Hex(data).substr(0, kReviewIdLength);
}

bool IsReviewItemId(std::string_view text) {
  if (text.size() != kReviewIdLength) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::vector<std::string> RuleNamesOf(std::string_view category, std::string_view detector,
                                     std::string_view validation) {
  std::vector<std::string> names;
  names.push_back(std::string(category) + "/" + std::string(detector));
  if (IsNearMiss(validation)) names.emplace_back(validation);
  names.emplace_back(detector);
  names.emplace_back(category);
  return names;
}

ReviewState EffectiveState(std::optional<ReviewState> decision, const ReviewRules& rules,
                           std::string_view category, std::string_view detector,
                           std::string_view validation) {
  if (decision) return *decision;
  if (!rules.empty()) {
    for (const std::string& name : RuleNamesOf(category, detector, validation)) {
      if (auto it = rules.find(name); it != rules.end()) return it->second;
    }
  }
  return ReviewState::kPending;
}

bool CountsInFigures(ReviewState state, std::string_view validation) {
  if (state == ReviewState::kRejected) return false;
  return state == ReviewState::kConfirmed || !IsNearMiss(validation);
}

bool AwaitsReview(ReviewState state, std::string_view validation) {
  return state == ReviewState::kPending && NeedsReview(validation);
}

}  // namespace breachkit
