// The words around a finding that a person must review (a near miss, a word-list match), as
// the record keeps them: a short window of the text with every value the detectors found in
// it replaced by its masked preview, and any other run of digits masked, so that the DPO can
// judge "VFP is disabled" from "je suis diabétique" without the record holding an identifier
// in clear. Pure.
#ifndef BREACHKIT_CORE_DETECT_REVIEW_CONTEXT_H_
#define BREACHKIT_CORE_DETECT_REVIEW_CONTEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/detect/finding.h"

namespace breachkit {

/// Bytes of text kept on each side of the finding (then widened to whole words).
inline constexpr size_t kReviewContextBytes = 80;

/// The masked context of `found[which]` in `text` (the text the findings' spans are in):
/// valid UTF-8 on one line, at most about 2 × kReviewContextBytes + the finding's span
/// (a span longer than 240 bytes is cut in its middle with "…").
std::string MaskedContext(std::string_view text, const std::vector<Finding>& found, size_t which);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_REVIEW_CONTEXT_H_
