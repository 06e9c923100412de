// French typesetting for the documents breachkit writes in French (the CNIL draft, the
// register entry, the French letters): dates in words in running text ("le 12 septembre 2025
// à 9 h 30"), numbers with a narrow no-break space between thousands ("20 224") and a
// decimal comma ("4,5"), real plurals, the timeline's events named in French, and no-break
// spaces where French puts a space that must not end a line (inside « », before : ; ? !).
// ISO 8601 stays in annex tables, where a date is data to compare.
#ifndef BREACHKIT_REPORTS_FRENCH_H_
#define BREACHKIT_REPORTS_FRENCH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "core/risk/enisa.h"
#include "core/util/french_numbers.h"
#include "reports/document.h"

namespace breachkit {

/// "12 septembre 2025", "1er octobre 2025", in `zone` (an IANA name).
std::string FrenchDate(int64_t t, std::string_view zone);
/// "12 septembre 2025 à 9 h 30", "1er octobre 2025 à 17 h" (in `zone`).
std::string FrenchDateTime(int64_t t, std::string_view zone);
/// "12 September 2025".
std::string EnglishDate(int64_t t, std::string_view zone);
/// "première exposition", "prise de connaissance"… (the kind as stored when unknown).
std::string FrenchEventKind(std::string_view kind);
/// The note of an event: those breachkit writes itself (from the evidence) in French, the
/// DPO's own as written.
std::string FrenchEventNote(const TimelineEvent& event);
/// "notification à la CNIL (initiale)", "registre", "lettre"… (the kind as stored when unknown).
std::string FrenchDocumentKind(std::string_view kind);

/// Why a third party is one, for the CNIL draft's and the register's tables: off the original
/// message's lists, or on them but sent the rows of a table meant for nobody.
std::string ThirdPartyReason(const ThirdParty& t);

/// The risk groups of an assessment (RiskAssessment::groups), a row each: the data, the
/// persons, the score, the band and what Art. 34 asks ("obligatoire", "au choix").
TableBlock RiskGroupTable(const RiskAssessment& assessment);

/// No-break spaces where French typography wants them, in every text of the document: the
/// space after « and before » : ; ? ! becomes U+00A0 (U+202F before ; ? !). Only spaces that
/// are there are changed (an URL's "https:" keeps no space).
void TypesetFrench(Document* doc);
/// The same on one text.
std::string FrenchSpacing(std::string_view text);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_FRENCH_H_
