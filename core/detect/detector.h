// The personal-data detectors: pure functions of a text (valid UTF-8) that append
// Findings. DetectAll runs them all, resolves overlaps (an IBAN is not also a phone
// number) and marks what sits in quoted text. One file per family: detect_contact.cc,
// detect_financial.cc, detect_identifiers.cc, detect_special.cc (with person names).
#ifndef BREACHKIT_CORE_DETECT_DETECTOR_H_
#define BREACHKIT_CORE_DETECT_DETECTOR_H_

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/detect/finding.h"

namespace breachkit {

void DetectEmails(std::string_view text, std::vector<Finding>* out);
/// Phone numbers, validated by libphonenumber (or in the unmistakable French shape). An
/// organisation's line — named so on its line ("Fax", "F.", "Standard", "Accueil", "Board
/// Line", "(hotline)"), a fixed line under its signature's "Head Office:" heading, a German
/// switchboard ("…41-0"), or toll-free (IsTollFree) — is a near miss
/// ("near-miss:organisation-line"): listed for review, counted as no one's until confirmed;
/// so is a number labelled as another ("Account Number :": "near-miss:other-number"). A
/// no-break or narrow space is a space; a parenthesis after the number is a remark, not more
/// digits.
void DetectPhones(std::string_view text, std::vector<Finding>* out);
/// Whether an E.164 number is toll-free (an organisation's): French 0800 to 0805, North
/// American 800 and 833 to 888, UK 0800 and 0808, international +800.
bool IsTollFree(std::string_view e164);
/// DetectPhones, skipping digit runs that overlap `covered` (findings already made). Stops
/// early, with what it found so far, once `stop` is set. `writer_domain`, the domain of the
/// text's writer's address when known ("studio.example.it"), is one more hint of the
/// country of a number written without one, as a country-code domain written in the text is.
/// `home_region` (PhoneHomeRegion: "GB" for an organisation in London), when not France, is
/// the country of such a number when the text points to none: "07400 123456" in a British
/// company's mail. Empty or "FR": only the French shape is read without a hint.
void DetectPhonesOutside(std::string_view text, const std::vector<Finding>& covered,
                         std::vector<Finding>* out, const std::atomic<bool>* stop = nullptr,
                         std::string_view writer_domain = {}, std::string_view home_region = {});
/// The country ("GB", "IE", "FR"...) whose numbers an organisation writes without their
/// country code: the country of its profile's time zone ("Europe/London" → "GB"), else, for
/// the default Paris zone, the one country-code domain all its mail domains share
/// ("acme.co.uk" → "GB"; a ".com" says nothing), else "FR".
std::string PhoneHomeRegion(std::string_view timezone, const std::vector<std::string>& domains);
/// A cell of a column headed as a phone's: the number libphonenumber reads in it as a number
/// of `region` (written without its country code, however grouped: "07400123456"), or with
/// its own code, when valid; as a finding over the whole cell, or nothing.
std::optional<Finding> PhoneOfColumn(std::string_view cell, std::string_view region);
void DetectPostalAddresses(std::string_view text, std::vector<Finding>* out);
/// Whether a folded word names a British street's type ("street", "road", "close"...).
bool IsBritishStreetType(std::string_view word);
void DetectProfileUrls(std::string_view text, std::vector<Finding>* out);
void DetectIbans(std::string_view text, std::vector<Finding>* out);
void DetectPaymentCards(std::string_view text, std::vector<Finding>* out);
void DetectNirs(std::string_view text, std::vector<Finding>* out);
/// The British National Insurance number ("QQ 12 34 56 C": HMRC's letter rules, suffix A to
/// D or none) and the Irish PPS number ("1234567TW": its check letter), after their label in
/// the same clause ("NI number", "National Insurance", "PPSN"): findings of the NIR's
/// category (a social security number), validation "nino-format" or "ppsn-key".
void DetectForeignSocialNumbers(std::string_view text, std::vector<Finding>* out);
/// A cell of a column headed as a social security number's holding one of those two numbers
/// whole, no label needed; nothing otherwise.
std::optional<Finding> SocialNumberOfCell(std::string_view cell);
void DetectOrganisationIds(std::string_view text, std::vector<Finding>* out);
void DetectIdentityDocuments(std::string_view text, std::vector<Finding>* out);
void DetectDatesOfBirth(std::string_view text, std::vector<Finding>* out);
/// IP addresses a text says are one ("mon adresse IP est …"), public ones only (IsPublicIp).
void DetectIpAddresses(std::string_view text, std::vector<Finding>* out);
/// The address of the sender's own device, if the headers show it: an X-Originating-IP (or
/// alike) header, else the first Received hop from a public address when it is a client's
/// submission (logged in, webmail, or a greeting that is no host name), never a relay between
/// servers nor a hop added by a server of `own_domains` (the organisation's). Spans are in
/// `client_ip_headers` for a finding with validation "originating-ip", else in `received`.
void DetectClientIp(std::string_view client_ip_headers, std::string_view received,
                    const std::vector<std::string>& own_domains, std::vector<Finding>* out);
/// Whether an IP address can be a device's on the Internet: not private, loopback,
/// link-local, shared (carrier-grade NAT), documentation, benchmarking, multicast or reserved.
bool IsPublicIp(std::string_view value);
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
/// must not be recorded as the text's findings. `writer_domain`, `home_region`: as
/// DetectPhonesOutside's.
std::vector<Finding> DetectAll(std::string_view text, const std::atomic<bool>* stop = nullptr,
                               std::string_view writer_domain = {},
                               std::string_view home_region = {});

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_DETECTOR_H_
