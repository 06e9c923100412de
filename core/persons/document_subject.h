// The person a document is about: a CV, a cover letter, a payslip, a certificate, a bank
// details form attached to a message. Their data are theirs, not the sender's; they are the
// sender only on a strong link (their address in the document's head is the sender's mailbox,
// or the same phone number, IBAN or NIR is in the sender's own words), which the caller
// decides (core/ingest/scan.cc). Pure code over the document's text: no I/O, no clock.
#ifndef BREACHKIT_CORE_PERSONS_DOCUMENT_SUBJECT_H_
#define BREACHKIT_CORE_PERSONS_DOCUMENT_SUBJECT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/detect/finding.h"

namespace breachkit {

struct DocumentSubject {
  std::string_view kind;  // "cv", "cover-letter", "payslip", "certificate", "bank-details",
                          // "identity", "contract", "medical", "tax"
  std::string name;       // the person's name as written in the head, "" when none is found
  size_t name_begin = 0;  // its span in the text (when `name` is not empty)
  size_t name_end = 0;
  std::string email;  // the first address in the head, as the detector normalised it; ""
};

/// What kind of document about one person `filename` and the head of `text` name ("CV Léa
/// Martin.pdf", "Bulletin de paie", "Curriculum vitae", "Attestation de travail"); "" when
/// neither names one.
std::string_view DocumentKindOf(std::string_view filename, std::string_view text);

/// Whether `text`, an attachment named `filename`, is a document about one person, and who:
/// the kind is named by the file name or the head, and the document names at most a few
/// addresses (a list of participants is a table of persons, not a document about one).
/// `found` are the detectors' findings in `text`. The name is read in the head: a labelled
/// line ("Nom : Martin", "Prénom : Léa", "Salarié : Léa Martin"), a civility ("Mme Léa
/// MARTIN"), or, for a CV or a cover letter, a line of two to four capitalised words at the
/// top.
std::optional<DocumentSubject> ReadDocumentSubject(std::string_view filename, std::string_view text,
                                                   const std::vector<Finding>& found);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_PERSONS_DOCUMENT_SUBJECT_H_
