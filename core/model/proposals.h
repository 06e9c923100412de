// Texts breachkit proposes when the DPO has not written their own yet, for the shape of
// incident the evidence shows (IncidentShape: a recruitment mail with every address visible,
// then "reply all"; any other mail with the addresses visible; a file sent by mistake). Used by the
// CNIL draft (marked there as proposals) and by `breachkit run`, which fills the empty fields with
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

// A mail whose addresses were visible, outside a recruitment (a newsletter, a customer
// mailing): the other recipients know the persons' addresses and that they deal with us.
inline constexpr char kProposedConsequencesShown[] =
    "perte de contrôle des personnes sur leurs données ; les autres destinataires connaissent "
    "leur adresse électronique (et souvent leur nom) : messages indésirables ou hameçonnage qui "
    "s'appuient sur ce message commun ; ils savent aussi qu'elles sont en relation avec notre "
    "organisme.";
inline constexpr char kProposedConsequencesShownEn[] =
    "loss of control by the persons over their data; the other recipients know their e-mail "
    "address (and often their name): unwanted messages or phishing that use this shared "
    "message; they also know that the persons deal with our organisation.";

// A file (a payroll, a customer list) sent to a recipient who should not have had it.
inline constexpr char kProposedConsequencesFile[] =
    "perte de contrôle des personnes sur leurs données ; une ou des personnes qui n'auraient pas "
    "dû recevoir le fichier connaissent les informations qu'il contient ; si elles le conservent "
    "ou le diffusent, hameçonnage ciblé, fraude ou usurpation d'identité, selon les données du "
    "fichier.";
inline constexpr char kProposedMeasuresTakenFile[] =
    "nous avons demandé à chaque destinataire du message de supprimer le message et le fichier "
    "joint sans les transférer ni en garder de copie, et de nous confirmer cette suppression par "
    "écrit.";
inline constexpr char kProposedMeasuresPlannedFile[] =
    "les fichiers de données personnelles ne partiront plus en pièce jointe en clair (partage à "
    "accès restreint ou fichier chiffré), l'adresse du destinataire sera vérifiée avant envoi "
    "(saisie automatique des adresses désactivée, envoi différé), et nos équipes seront formées.";
inline constexpr char kProposedConsequencesFileEn[] =
    "loss of control by the persons over their data; one or more people who should not have "
    "received the file know what it holds; if they keep it or pass it on, targeted phishing, "
    "fraud or identity theft, depending on the data in the file.";
inline constexpr char kProposedMeasuresTakenFileEn[] =
    "we asked each recipient of the message to delete it and its attached file without passing "
    "them on or keeping a copy, and to confirm the deletion to us in writing.";
inline constexpr char kProposedMeasuresPlannedFileEn[] =
    "files of personal data will no longer be sent as plain attachments (a share with restricted "
    "access or an encrypted file), the recipient's address will be checked before sending "
    "(address autocompletion off, delayed sending), and our teams will be trained.";

/// What the evidence shows happened, for the texts proposed (core/risk/facts.h, ShapeOf).
enum class IncidentShape {
  kRecruitmentShown,  // a recruitment mail with every address visible, then replies
  kAddressesShown,    // any other mail with the addresses visible
  kFileSentByMistake  // most persons are rows of a file sent to a wrong recipient
};

/// The proposal of a text field (a `set` name: consequences, measures-taken,
/// measures-planned) in a language (fr or en) for a shape of incident; "" for any other.
inline const char* ProposedText(std::string_view field, std::string_view lang,
                                IncidentShape shape) {
  const bool fr = lang == "fr";
  if (lang != "fr" && lang != "en") return "";
  if (shape == IncidentShape::kFileSentByMistake) {
    if (field == "consequences")
      return fr ? kProposedConsequencesFile : kProposedConsequencesFileEn;
    if (field == "measures-taken")
      return fr ? kProposedMeasuresTakenFile : kProposedMeasuresTakenFileEn;
    if (field == "measures-planned")
      return fr ? kProposedMeasuresPlannedFile : kProposedMeasuresPlannedFileEn;
    return "";
  }
  if (field == "consequences" && shape == IncidentShape::kAddressesShown)
    return fr ? kProposedConsequencesShown : kProposedConsequencesShownEn;
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
