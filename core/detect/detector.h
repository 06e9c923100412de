// The personal-data detectors: pure functions of a text (valid UTF-8) that append
// Findings. DetectAll runs them all, resolves overlaps (an IBAN is not also a phone
// number) and marks what sits in quoted text. One file per family: detect_contact.cc,
// detect_financial.cc, detect_identifiers.cc, detect_special.cc (with person names).
#ifndef BREACHKIT_CORE_DETECT_DETECTOR_H_
#define BREACHKIT_CORE_DETECT_DETECTOR_H_

#include <atomic>
#include <string_view>
#include <utility>
#include <vector>

#include "core/detect/finding.h"

namespace breachkit {

void DetectEmails(std::string_view text, std::vector<Finding>* out);
void DetectPhones(std::string_view text, std::vector<Finding>* out);
/// DetectPhones, skipping digit runs that overlap `covered` (findings already made). Stops
/// early, with what it found so far, once `stop` is set.
void DetectPhonesOutside(std::string_view text, const std::vector<Finding>& covered,
                         std::vector<Finding>* out, const std::atomic<bool>* stop = nullptr);
void DetectPostalAddresses(std::string_view text, std::vector<Finding>* out);
void DetectProfileUrls(std::string_view text, std::vector<Finding>* out);
void DetectIbans(std::string_view text, std::vector<Finding>* out);
void DetectPaymentCards(std::string_view text, std::vector<Finding>* out);
void DetectNirs(std::string_view text, std::vector<Finding>* out);
void DetectOrganisationIds(std::string_view text, std::vector<Finding>* out);
void DetectIdentityDocuments(std::string_view text, std::vector<Finding>* out);
void DetectDatesOfBirth(std::string_view text, std::vector<Finding>* out);
void DetectIpAddresses(std::string_view text, std::vector<Finding>* out);
void DetectSpecialCategories(std::string_view text, std::vector<Finding>* out);
void DetectPersonNames(std::string_view text, std::vector<Finding>* out);

/// Whether the sentence text[begin, end) is about a person: a personal pronoun or possessive
/// (French or English: "je", "j'", "mon", "il" but not "il faut", "I" but not "type I", "my",
/// "she"...), a civil title ("Mme", "M.", "Dr") or a family or role noun in the singular
/// ("femme", "fils", "salarié", "wife", "patient"). An Art. 9 term in a sentence that is not
/// is a near miss ("near-miss:no-person").
bool PersonalContext(std::string_view text, size_t begin, size_t end);

/// ISO 13616 validation of a compact IBAN (country format, mod 97, and the national check
/// digits of France/Monaco and Spain).
bool IbanValid(std::string_view compact);
/// INSEE NIR validation of 15 characters (2A/2B allowed at the département).
bool NirValid(std::string_view compact15);

/// Byte ranges of `text` that quote an earlier message: "> " lines, and everything after an
/// attribution line ("Le … a écrit :", "On … wrote:", Outlook's "De : … Envoyé : …" block,
/// "-----Original Message-----", a forwarded-message marker).
std::vector<std::pair<size_t, size_t>> QuotedRanges(std::string_view text);

/// DetectAll's overlap resolution: of findings that overlap, the one of the stronger
/// category (IBAN, card, NIR, e-mail, ... phone, postal address) is kept, and any validated
/// finding before a near miss; names and Art. 9 findings overlap anything. Sorted by
/// position. Empty once `stop` is set.
std::vector<Finding> ResolveOverlaps(std::vector<Finding> all,
                                     const std::atomic<bool>* stop = nullptr);

/// Every detector, overlaps resolved, sorted by position, `quoted` set. Time and memory grow
/// in proportion to the text and its findings (no step compares each finding with every
/// other). `stop` (set from a signal handler) is read between two detectors and while
/// phone numbers are validated: once it is set, what DetectAll returns is incomplete and
/// must not be recorded as the text's findings.
std::vector<Finding> DetectAll(std::string_view text, const std::atomic<bool>* stop = nullptr);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_DETECTOR_H_
