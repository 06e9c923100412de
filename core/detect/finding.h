// What a detector found in a text: a Finding. Detectors (detect_*.cc) are pure
// functions of text: no I/O, no clock, no logging. A finding holds the normalised value
// in memory only, for the keyed hash; what is stored or printed is its masked preview.
//
// DataCategory is breachkit's own taxonomy; kCategories maps each one, in one place, to
// the category of the CNIL notification form (doc/regulatory.md, section 1.2 H, after the
// MADIS ViolationConcernedDataDictionary labels) and says whether it is an Art. 9 special
// category or Art. 10 offence data.
#ifndef BREACHKIT_CORE_DETECT_FINDING_H_
#define BREACHKIT_CORE_DETECT_FINDING_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace breachkit {

enum class DataCategory {
  kEmail,
  kPhone,
  kPostalAddress,
  kIban,
  kPaymentCard,
  kNir,
  kOrganisationId,  // SIREN / SIRET: personal only for a sole trader
  kIdentityDocument,
  kDateOfBirth,
  kIpAddress,
  kProfileUrl,
  kPersonName,
  kHealth,
  kReligion,
  kTradeUnion,
  kPoliticalOpinion,
  kSexualOrientation,
  kEthnicOrigin,
  kOffence,
  // Read from tables (core/persons/table_rows.h), not from prose: a column says what they are.
  kSalary,
  kEmployeeNumber,
  kJobTitle,
  kEvaluation,
  kCount,  // not a category
};

struct CategoryInfo {
  DataCategory category;
  std::string_view name;      // stored and exported name ("phone")
  std::string_view cnil;      // CNIL form category (doc/regulatory.md, 1.2 H)
  std::string_view label_fr;  // how a letter or table names it in French
  std::string_view label_en;
  bool special = false;  // GDPR Art. 9 special category, or Art. 10 offence data
  bool personal = true;  // false: an organisation identifier unless proven otherwise
};

// doc/regulatory.md, 1.2 H: CNIL breach-form data categories (MADIS labels).
inline constexpr std::string_view kCnilEtatCivil =
    "État civil (nom, sexe, date de naissance, âge...)";
inline constexpr std::string_view kCnilNir = "NIR (Numéro de sécurité sociale)";
inline constexpr std::string_view kCnilCoordonnees =
    "Coordonnées (adresse postale ou électronique, numéros de téléphone fixe ou portable...)";
inline constexpr std::string_view kCnilIdentification =
    "Données d'identification ou d'accès (identifiant, mot de passe, numéro client...)";
inline constexpr std::string_view kCnilFinancier =
    "Données relatives à des informations financières (revenus, numéro de carte de crédit, "
    "coordonnées bancaires), économiques";
inline constexpr std::string_view kCnilDocumentsOfficiels =
    "Documents officiels (Passeports, pièces d'identité, etc.)";
inline constexpr std::string_view kCnilInfractions =
    "Données relatives à des infractions, condamnations, mesures de sûreté";
inline constexpr std::string_view kCnilAutres = "La violation concerne d'autres données";
// The breach form has no "vie professionnelle" item (that label belongs to the CNIL's Art. 30
// register template, doc/regulatory.md 1.2 H): a job title or an evaluation is "other data",
// as the signatures' job titles already are in the table of 1.2 H.
inline constexpr std::string_view kCnilVieProfessionnelle = kCnilAutres;

inline constexpr std::array<CategoryInfo, static_cast<size_t>(DataCategory::kCount)> kCategories{{
    {DataCategory::kEmail, "email", kCnilCoordonnees, "adresse électronique", "e-mail address"},
    {DataCategory::kPhone, "phone", kCnilCoordonnees, "numéro de téléphone", "phone number"},
    {DataCategory::kPostalAddress, "postal_address", kCnilCoordonnees, "adresse postale",
     "postal address"},
    {DataCategory::kIban, "iban", kCnilFinancier, "coordonnées bancaires (IBAN)",
     "bank account number (IBAN)"},
    {DataCategory::kPaymentCard, "payment_card", kCnilFinancier, "numéro de carte bancaire",
     "payment card number"},
    {DataCategory::kNir, "nir", kCnilNir, "numéro de sécurité sociale", "social security number"},
    {DataCategory::kOrganisationId, "organisation_id", kCnilIdentification, "numéro SIREN/SIRET",
     "company number (SIREN/SIRET)", false, false},
    {DataCategory::kIdentityDocument, "identity_document", kCnilDocumentsOfficiels,
     "numéro de pièce d'identité ou de passeport", "identity card or passport number"},
    {DataCategory::kDateOfBirth, "date_of_birth", kCnilEtatCivil, "date de naissance",
     "date of birth"},
    {DataCategory::kIpAddress, "ip_address", kCnilAutres, "adresse IP (données de connexion)",
     "IP address (connection data)"},
    {DataCategory::kProfileUrl, "profile_url", kCnilAutres,
     "lien vers un profil en ligne (vie professionnelle)", "online profile link"},
    {DataCategory::kPersonName, "person_name", kCnilEtatCivil, "nom et prénom", "name"},
    {DataCategory::kHealth, "health", "Données de santé", "information sur la santé",
     "health information", true},
    {DataCategory::kReligion, "religion", "Opinions philosophiques ou religieuses",
     "conviction religieuse ou philosophique", "religious or philosophical belief", true},
    {DataCategory::kTradeUnion, "trade_union", "Appartenance syndicale", "appartenance syndicale",
     "trade union membership", true},
    {DataCategory::kPoliticalOpinion, "political_opinion", "Opinions politiques",
     "opinion politique", "political opinion", true},
    {DataCategory::kSexualOrientation, "sexual_orientation", "Orientation sexuelle",
     "orientation sexuelle", "sexual orientation", true},
    {DataCategory::kEthnicOrigin, "ethnic_origin", "Origine raciale ou ethnique",
     "origine raciale ou ethnique", "racial or ethnic origin", true},
    {DataCategory::kOffence, "offence", kCnilInfractions,
     "information sur des infractions ou condamnations", "criminal offence information", true},
    {DataCategory::kSalary, "salary", kCnilFinancier, "rémunération (salaire)", "salary / pay"},
    {DataCategory::kEmployeeNumber, "employee_number", kCnilIdentification,
     "matricule ou numéro interne", "employee or internal number"},
    {DataCategory::kJobTitle, "job_title", kCnilVieProfessionnelle, "poste occupé", "job title"},
    {DataCategory::kEvaluation, "evaluation", kCnilVieProfessionnelle, "évaluation professionnelle",
     "performance evaluation"},
}};

// Each row at the index of its category: a category added to the enum without its row fails here.
static_assert([] {
  for (size_t i = 0; i < kCategories.size(); ++i) {
    if (kCategories[i].category != static_cast<DataCategory>(i) || kCategories[i].name.empty())
      return false;
  }
  return true;
}());

inline constexpr const CategoryInfo& InfoOf(DataCategory c) {
  return kCategories[static_cast<size_t>(c)];
}
std::optional<DataCategory> CategoryFromName(std::string_view name);

/// Whether a value of the category is one person's, so that the same value written elsewhere
/// with no owner of its own (quoted, forwarded) is that person's again: an address, a number,
/// a name, a date of birth. A special category's term ("cancer"), an amount, a job title or an
/// evaluation is a word many people share: it is its own writer's or row's, never another's.
inline constexpr bool OwnedByItsValue(DataCategory c) {
  return !InfoOf(c).special && c != DataCategory::kSalary && c != DataCategory::kJobTitle &&
         c != DataCategory::kEvaluation;
}
inline bool OwnedByItsValue(std::string_view category_name) {
  const auto c = CategoryFromName(category_name);
  return !c || OwnedByItsValue(*c);
}

struct Finding {
  DataCategory category = DataCategory::kEmail;
  std::string_view detector;  // static name: "email", "phone.libphonenumber", ...
  size_t begin = 0;           // byte span in the text scanned
  size_t end = 0;
  std::string value;  // normalised (E.164, compact IBAN, ISO date...): memory only
  double confidence = 1.0;
  std::string_view validation;  // which check passed: "mod97", "luhn", "nir-key", "context"...
  bool quoted = false;          // inside quoted text of an earlier message
};

/// A near miss: a value that failed one check a human can judge (an IBAN whose mod 97 holds
/// but whose French RIB key does not, a card number failing Luhn next to the word "carte", an
/// Art. 9 term in a sentence about no one). Its validation starts with this prefix
/// ("near-miss:rib-key", "near-miss:luhn", "near-miss:no-person") and its confidence is
/// kNearMissConfidence. It is recorded and listed for review, and counted in no figure until
/// the DPO confirms it; it never identifies a person and never wins an overlap.
inline constexpr std::string_view kNearMissPrefix = "near-miss:";
inline constexpr double kNearMissConfidence = 0.5;

/// The validation of a date of birth less than 18 years before the date of the message that
/// shows it: the person was a minor then (ScanMail sets it; the exposure model reads it).
inline constexpr std::string_view kMinorValidation = "minor";
inline bool IsNearMiss(std::string_view validation) {
  return validation.starts_with(kNearMissPrefix);
}
inline bool IsNearMiss(const Finding& f) { return IsNearMiss(f.validation); }
/// What a person must look at before the law rests on it: a near miss, or a value the
/// detector was unsure of (validation "review": counted, marked "à confirmer" until decided).
inline bool NeedsReview(std::string_view validation) {
  return validation == "review" || IsNearMiss(validation);
}

/// The masked preview shown and stored instead of the value ("06 •• •• •• 78"): valid UTF-8,
/// never cut inside a character, and a short value is all dots, as many as for a longer one
/// ("•••••••@free.fr" for a one-letter address as for a three-letter one).
std::string MaskedPreview(const Finding& f);

/// An e-mail address as the masked preview of an `email` finding shows it: where a person's
/// address is printed but not needed in clear (a finding's owner, a third-party recipient).
std::string MaskedAddress(std::string_view address);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_FINDING_H_
