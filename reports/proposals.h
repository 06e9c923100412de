// Texts breachkit proposes for the reference case (an e-mail sent with every address
// visible, then "reply all") when the DPO has not written their own yet. Used by the CNIL
// draft (marked there as proposals) and by `breachkit run`, which fills the empty fields with
// them and says so. One place, so the draft and the letters say the same thing.
#ifndef BREACHKIT_REPORTS_PROPOSALS_H_
#define BREACHKIT_REPORTS_PROPOSALS_H_

namespace breachkit {

inline constexpr char kProposedConsequences[] =
    "perte de contrôle sur vos données ; messages indésirables ou hameçonnage qui utilisent ce "
    "recrutement ; d'autres personnes savent que vous aviez postulé, ce qui peut vous porter "
    "préjudice si votre employeur actuel l'apprend.";
inline constexpr char kProposedMeasuresTaken[] =
    "nous avons demandé à chaque destinataire de supprimer ces messages et de ne pas répondre à "
    "tous, et bloqué les réponses groupées de notre côté.";
inline constexpr char kProposedMeasuresPlanned[] =
    "nos envois à plusieurs personnes partiront désormais en copie cachée ou par publipostage, "
    "avec une vérification avant envoi, et nos équipes seront formées.";

// doc/regulatory.md §1.2 E, item 9 (the CNIL's list of origins): the closest to a To/Cc error.
inline constexpr char kProposedOrigin[] = "Données personnelles envoyées à un mauvais destinataire";
// doc/regulatory.md §1.2 F.
inline constexpr char kProposedCause[] = "Acte interne accidentel";

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_PROPOSALS_H_
