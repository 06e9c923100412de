// The incident's texts that the documents print (the likely consequences, the measures taken
// and planned), each in French and in English, and whether each is still breachkit's
// proposal. The record's language holds the main columns, the other language the "_alt"
// ones; a proposal stays marked until the DPO writes the text or confirms it.
#ifndef BREACHKIT_CORE_MODEL_INCIDENT_TEXTS_H_
#define BREACHKIT_CORE_MODEL_INCIDENT_TEXTS_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/incident.h"

namespace breachkit {

/// The fields that have a text per language, by their `set` names.
inline constexpr std::array<std::string_view, 3> kTextsPerLanguage{"consequences", "measures-taken",
                                                                   "measures-planned"};

/// The languages the letters and the CNIL draft are written in.
inline constexpr std::array<std::string_view, 2> kTextLanguages{"fr", "en"};

/// The text of `field` (a `set` name of kTextsPerLanguage) in `lang`; nullptr when the field
/// has no text per language or the language is neither fr nor en.
const std::string* TextIn(const IncidentInfo& incident, std::string_view field,
                          std::string_view lang);
std::string* TextIn(IncidentInfo* incident, std::string_view field, std::string_view lang);

/// Makes `lang` the record's language, each text staying in its own language (the main
/// columns and the "_alt" ones trade places when the language changes).
void SetRecordLanguage(IncidentInfo* incident, const std::string& lang);

/// Whether the text of `field` in `lang` is breachkit's proposal, not yet confirmed.
bool IsProposed(const IncidentInfo& incident, std::string_view field, std::string_view lang);
void MarkProposed(IncidentInfo* incident, std::string_view field, std::string_view lang,
                  bool proposed);

/// The proposals still unconfirmed, as "FIELD (LANG)", in kTextsPerLanguage's order.
std::vector<std::string> UnconfirmedTexts(const IncidentInfo& incident);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MODEL_INCIDENT_TEXTS_H_
