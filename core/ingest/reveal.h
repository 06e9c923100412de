// Showing a finding's value in clear, for the DPO who must see it to decide (`review show ID
// --reveal`). The record never holds a value: it is read again from the evidence at the
// finding's pointer (its source file, the message's index in it), checked against the bytes
// ingested (SHA-256 of the message), parsed and scanned again, and the finding with the same
// identity (location, span, category, keyed hash) gives its value. Each showing is appended
// to the audit log, with who asked; a value the evidence no longer gives is an error that
// names the file and the message, and nothing is shown.
#ifndef BREACHKIT_CORE_INGEST_REVEAL_H_
#define BREACHKIT_CORE_INGEST_REVEAL_H_

#include <string>
#include <vector>

#include "core/mail/mime_parser.h"
#include "core/review/review.h"
#include "core/store/store.h"

namespace breachkit {

struct RevealedValue {
  std::string id;     // the item's id
  std::string value;  // in clear, as the detector read it (normalised: an IBAN without spaces)
};

/// The values of `items`, in their order, read again from the evidence; one audit entry per
/// item ("reveal ID (category, masked) by BY"), sealed. Each source file is read once.
Result<std::vector<RevealedValue>> RevealValues(IncidentStore& store,
                                                const std::vector<const ReviewItem*>& items,
                                                const std::string& by,
                                                const MailParseOptions& parse = {});

}  // namespace breachkit

#endif  // BREACHKIT_CORE_INGEST_REVEAL_H_
