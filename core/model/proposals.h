// Texts breachkit proposes for the reference case (an e-mail sent with every address
// visible, then "reply all") when the DPO has not written their own yet. Used by the CNIL
// draft (marked there as proposals) and by `breachkit run`, which fills the empty fields with
// them and says so. One place, so the draft and the record say the same thing. Written in
// the third person, for the CNIL and the register: the letters say what each person's own
// data may lead to, to them (the <by-category> texts of the letter templates).
#ifndef BREACHKIT_CORE_MODEL_PROPOSALS_H_
#define BREACHKIT_CORE_MODEL_PROPOSALS_H_

#include <string_view>

namespace breachkit {

inline constexpr char kProposedConsequences[] =
    "perte de contrôle des personnes sur leurs données ; messages indésirables ou hameçonnage "
    "qui utilisent ce recrutement ; d'autres personnes savent qu'elles avaient postulé, ce qui "
    "peut leur porter préjudice si leur employeur actuel l'apprend.";
// What `run` proposed before schema 14, written to the persons: a record upgraded with it
// unconfirmed gets the text above instead (core/store/store.cc, migration 14).
inline constexpr char kProposedConsequencesBefore14[] =
    "perte de contrôle sur vos données ; messages indésirables ou hameçonnage qui utilisent ce "
    "recrutement ; d'autres personnes savent que vous aviez postulé, ce qui peut vous porter "
    "préjudice si votre employeur actuel l'apprend.";
inline constexpr char kProposedMeasuresTaken[] =
    "nous avons demandé à chaque destinataire de supprimer ces messages et de ne pas répondre à "
    "tous, et bloqué les réponses groupées de notre côté.";
inline constexpr char kProposedMeasuresPlanned[] =
    "nos envois à plusieurs personnes partiront désormais en copie cachée ou par publipostage, "
    "avec une vérification avant envoi, et nos équipes seront formées.";

// The same in English, for English letters and records (the CNIL draft is French).
inline constexpr char kProposedConsequencesEn[] =
    "loss of control by the persons over their data; unwanted messages or phishing that use "
    "this recruitment; other people know that they applied, which may harm them if their "
    "current employer learns of it.";
inline constexpr char kProposedMeasuresTakenEn[] =
    "we asked every recipient to delete these messages and not to reply to all, and blocked "
    "replies to all on our side.";
inline constexpr char kProposedMeasuresPlannedEn[] =
    "our mailings to several people will now go in blind copy or by mail merge, checked before "
    "sending, and our teams will be trained.";

/// The proposal of a text field (a `set` name: consequences, measures-taken,
/// measures-planned) in a language (fr or en); "" for any other.
inline const char* ProposedText(std::string_view field, std::string_view lang) {
  const bool fr = lang == "fr";
  if (lang != "fr" && lang != "en") return "";
  if (field == "consequences") return fr ? kProposedConsequences : kProposedConsequencesEn;
  if (field == "measures-taken") return fr ? kProposedMeasuresTaken : kProposedMeasuresTakenEn;
  if (field == "measures-planned")
    return fr ? kProposedMeasuresPlanned : kProposedMeasuresPlannedEn;
  return "";
}

// doc/regulatory.md §1.2 E, item 9 (the CNIL's list of origins): the closest to a To/Cc error.
inline constexpr char kProposedOrigin[] = "Données personnelles envoyées à un mauvais destinataire";
// doc/regulatory.md §1.2 F.
inline constexpr char kProposedCause[] = "Acte interne accidentel";

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MODEL_PROPOSALS_H_
