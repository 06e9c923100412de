// The letter to one affected person (GDPR Art. 34(2); doc/regulatory.md §5.1): the
// wording lives in XML templates (schemas/templates/letter-{fr,en}.xml, format
// schemas/letter-template.xsd, embedded; a DPO can bring their own), the facts come from the
// exposure model. A template is validated against the XSD, then every {placeholder} is
// checked; an error names the template's file and line. Values are inserted as text in one
// pass and never read again as template: a name holding "{dpo_name}" prints as it is.
#ifndef BREACHKIT_REPORTS_LETTER_H_
#define BREACHKIT_REPORTS_LETTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/model/incident.h"
#include "reports/document.h"

namespace breachkit {

struct TemplateBlock {
  std::string name;  // letterhead, salutation, ...
  std::string text;
  int line = 0;  // in the template file
};

/// One entry of <by-category>: what a kind of data may lead to and what the person can do,
/// said to them.
struct CategoryText {
  std::vector<std::string> kinds;   // any of them in the person's data...
  std::vector<std::string> unless;  // ...and none of these
  std::string consequence;
  std::string advice;
  int line = 0;
};

struct LetterTemplate {
  std::string lang;  // fr or en
  std::string file_name;
  std::vector<TemplateBlock> blocks;  // in the XSD's order
  std::vector<CategoryText> by_category;

  /// Whether a block of the template uses {name}.
  bool Uses(std::string_view name) const;
};

Result<LetterTemplate> ParseLetterTemplate(std::string_view xml, std::string_view file_name);
/// The shipped template of a language.
Result<LetterTemplate> BuiltinLetterTemplate(std::string_view lang);

struct LetterContext {
  IncidentInfo incident;
  Subject person;
  std::string reference;  // printed on the letter
  int64_t date =
      0;  // of the letter (a date of the record, so the same record gives the same letter)
  /// The record's texts the letter prints that are still breachkit's proposals (`set` names):
  /// when any, the letter is a draft and says so at its top and in its title.
  std::vector<std::string> unconfirmed;
  /// Art. 34 for this person (their risk group, core/risk/enisa.h): true when their risk is
  /// high (the law obliges), false when informing them is the controller's choice; the
  /// template's <why-required> or <why-chosen> says which. Unset: neither is printed.
  std::optional<bool> required;
  /// The leak is a recruitment's (its original's subject says so: RiskFacts): a person whose
  /// address was shown gets the template's plain blocks; otherwise its "-shown" ones, when it
  /// has them (no "vous avez postulé" to the members of a club).
  bool recruitment = true;
};

/// The record's texts (consequences, measures-taken, measures-planned) that the template
/// prints and that are, in its language, breachkit's proposals not yet confirmed.
std::vector<std::string> UnconfirmedInLetters(const IncidentInfo& incident,
                                              const LetterTemplate& tmpl);

/// Refuses (kInvalidInput) when the record lacks what Art. 34(2) requires: the nature, the
/// DPO contact, and the likely consequences or the measures where the template prints them
/// from the record, in the template's language (a letter never mixes two languages); the
/// message names each command.
Status CheckLetterFields(const IncidentInfo& incident, const LetterTemplate& tmpl);

/// The entries of the template's <by-category> that apply to the person, in the template's
/// order: what their own data may lead to and what they can do, each sentence once.
struct PersonalTexts {
  std::vector<std::string> consequences;
  std::vector<std::string> advice;
};
PersonalTexts PersonalTextsOf(const LetterTemplate& tmpl, const Subject& person);

/// "your e-mail address (a@b.fr), your name and a phone number ending in 78 (message of
/// 12 September 2025)": what of the person was exposed, in words, never another's data.
std::string ExposedInWords(const Subject& person, std::string_view lang, std::string_view zone);

Result<Document> ComposeLetter(const LetterTemplate& tmpl, const LetterContext& context);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_LETTER_H_
