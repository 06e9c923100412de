// The first and last exposure of an incident without holding its record in memory: what
// ingestion records as the evidence's dates on a leak of any size. The search is exposure
// reasoning and lives here, beside the model it must agree with; the record is read through
// EvidenceReader, which core/store implements (core/store/exposure_loader.h).
#ifndef BREACHKIT_CORE_EXPOSURE_EVIDENCE_DATES_H_
#define BREACHKIT_CORE_EXPOSURE_EVIDENCE_DATES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/exposure/exposure.h"

namespace breachkit {

struct EvidenceDates {
  std::optional<int64_t> first_exposure;
  std::optional<int64_t> last_exposure;
};

/// What the search reads of a record, a message at a time. An implementation may throw
/// (its caller catches what it throws around FindEvidenceDates).
class EvidenceReader : public ExposureTreeReader {
 public:
  /// Every party: whether they are staff, whether their address is a functional one (a
  /// list's, a role's: ExposureParty::functional), and the keyed hash of "email:<address
  /// key>" that their address gets when written in a text (ExposureInput::email_hash_owner).
  virtual void ForEachParty(const std::function<void(int64_t party, bool internal, bool functional,
                                                     std::string email_hash)>& visit) = 0;

  /// The dated top-level messages that are neither duplicates nor unparsed, by date then id,
  /// oldest first (`newest_first`: newest first), until `visit` returns false.
  virtual void ForEachDatedMessage(bool newest_first,
                                   const std::function<bool(int64_t id, int64_t date)>& visit) = 0;

  // ReadTree and FirstOwner: ExposureTreeReader's.
};

/// ComputeExposure's first and last exposure over the whole record: the dated top-level
/// messages are tried in date order, from each end, each one with its nested messages under
/// the same model — an exposure event depends only on the message's own receivers and what
/// it shows — its quoted data given the owner the whole model gives them.
EvidenceDates FindEvidenceDates(EvidenceReader& reader);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_EXPOSURE_EVIDENCE_DATES_H_
