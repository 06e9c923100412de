#include "core/persons/table_rows.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include <fmt/core.h>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"
#include "core/util/ascii.h"

namespace breachkit {
namespace {

// A header is a short label: a longer cell is a value or a sentence.
constexpr size_t kMaxHeaderBytes = 80;
// The header is looked for among the first rows (a title or a date may stand above it).
constexpr size_t kHeaderSearchRows = 5;
// Without a header, a column is judged on at most this many of its non-empty cells...
constexpr size_t kValueSample = 50;
// ... and all the columns together on at most this many cells (a table 10,000 columns wide).
constexpr size_t kValueSampleBudget = 20000;
constexpr size_t kMaxEmployeeNumberBytes = 32;
constexpr size_t kMaxNameBytes = 120;
// A cell of an unknown column shorter than this holds nothing the detectors could confirm
// (the shortest terms of the word list, "VIH", "IVG", are three letters; "RQTH" four).
constexpr size_t kMinScannedBytes = 3;
// ... and a cell shorter than this for a health term only.
constexpr size_t kMinWordsBytes = 5;

// ---------------------------------------------------------------------------------------
// Headers.

// True when `phrase` occurs in `n` (a normalised header) as whole words.
bool HasPhrase(std::string_view n, std::string_view phrase) {
  for (size_t at = n.find(phrase); at != std::string_view::npos; at = n.find(phrase, at + 1)) {
    const size_t e = at + phrase.size();
    if ((at == 0 || n[at - 1] == ' ') && (e == n.size() || n[e] == ' ')) return true;
  }
  return false;
}

bool HasAny(std::string_view n, std::initializer_list<std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [n](std::string_view p) { return HasPhrase(n, p); });
}

bool IsAny(std::string_view n, std::initializer_list<std::string_view> phrases) {
  return std::find(phrases.begin(), phrases.end(), n) != phrases.end();
}

// A header row of a list of patients or of their appointments: a column of the practitioner
// or of the patient (a garage's "Date RDV" and "Motif" are a car's service).
bool IsPatientList(const std::vector<std::string>& header) {
  return std::any_of(header.begin(), header.end(), [](const std::string& cell) {
    if (cell.size() > kMaxHeaderBytes) return false;
    const std::string n = FoldWords(cell);
    return HasAny(n, {"praticien", "praticienne", "medecin", "docteur", "patient", "patiente",
                      "patients", "practitioner", "physician", "doctor"});
  });
}

// In a list of patients, a column whose value tells the patient's care: the speciality
// consulted ("Oncologie"), the reason ("Suivi sevrage"), the ward, the procedure.
bool IsCareColumn(std::string_view n) {
  return IsAny(n, {"specialite",
                   "specialites",
                   "specialite medicale",
                   "motif",
                   "motif rdv",
                   "motif du rdv",
                   "motif consultation",
                   "motif de consultation",
                   "motif de la consultation",
                   "type de consultation",
                   "service",
                   "unite",
                   "acte",
                   "actes",
                   "examen",
                   "examens",
                   "soins",
                   "intervention",
                   "specialty",
                   "speciality",
                   "reason",
                   "reason for visit",
                   "department",
                   "ward",
                   "procedure"});
}

// A column about someone other than the row's person (their manager, their next of kin) or
// about an organisation: nothing in it is the row's person's.
bool NamesAnotherParty(std::string_view n) {
  return HasAny(n, {"manager",
                    "responsable",
                    "superieur",
                    "n 1",
                    "referent",
                    "tuteur",
                    "tutrice",
                    "conjoint",
                    "conjointe",
                    "parent",
                    "parents",
                    "urgence",
                    "emergency",
                    "supervisor",
                    "societe",
                    "entreprise",
                    "company",
                    "employeur",
                    "employer",
                    "etablissement",
                    "agence",
                    "fournisseur",
                    "supplier",
                    "banque",
                    "bank name",
                    "pere",
                    "mere",
                    "guardian",
                    "representant legal",
                    "representante legale"});
}

ColumnKind ClassifyNormalised(std::string_view n);

// Whose a guardian's column is: 0 the father's, 1 the mother's, 2 parent or guardian 1's,
// 3 parent or guardian 2's, 4 a guardian's with no more said.
constexpr int kGuardianGroups = 5;
int GuardianGroup(std::string_view n) {
  if (HasAny(n, {"pere", "father"})) return 0;
  if (HasAny(n, {"mere", "mother"})) return 1;
  // "Parent 1", "Responsable 2": the number of the party, not of a phone ("Tél. 1").
  for (const int number : {1, 2}) {
    for (std::string_view party : {"parent", "responsable", "representant legal",
                                   "representante legale", "representant", "tuteur", "tutrice"}) {
      if (HasPhrase(n, fmt::format("{} {}", party, number))) return number + 1;
    }
  }
  return 4;
}

// An other party's column about the row's parent or legal guardian ("Courriel du
// responsable", "Portable parent 1", "Représentant légal"): what kind of theirs it holds —
// their name, address or phone — or kUnknown.
ColumnKind GuardianColumn(std::string_view n) {
  if (!HasAny(n, {"parent", "parents", "responsable", "responsables", "representant legal",
                  "representante legale", "tuteur", "tutrice", "pere", "mere", "guardian"})) {
    return ColumnKind::kUnknown;
  }
  static constexpr std::string_view kPartyWords[] = {"parent",
                                                     "parents",
                                                     "responsable",
                                                     "responsables",
                                                     "representant",
                                                     "representante",
                                                     "legal",
                                                     "legale",
                                                     "legaux",
                                                     "tuteur",
                                                     "tutrice",
                                                     "pere",
                                                     "mere",
                                                     "guardian",
                                                     "du",
                                                     "de",
                                                     "des",
                                                     "la",
                                                     "le",
                                                     "d",
                                                     "l",
                                                     "1",
                                                     "2",
                                                     "of"};
  std::string rest;
  for (const std::string& w : SplitWords(n)) {
    if (std::find(std::begin(kPartyWords), std::end(kPartyWords), w) != std::end(kPartyWords))
      continue;
    rest += (rest.empty() ? "" : " ") + w;
  }
  if (rest.empty()) return ColumnKind::kFullName;  // "Responsable légal": their name
  const ColumnKind kind = ClassifyNormalised(rest);
  switch (kind) {
    case ColumnKind::kEmail:
    case ColumnKind::kPhone:
    case ColumnKind::kFullName:
    case ColumnKind::kFirstName:
    case ColumnKind::kLastName: return kind;
    default: return ColumnKind::kUnknown;
  }
}

// The currency of a country of kZoneCountries that has not the euro; "" for the euro's.
std::string_view CurrencyOf(std::string_view region) {
  static constexpr std::pair<std::string_view, std::string_view> kCurrencies[] = {
      {"GB", "GBP"}, {"CH", "CHF"}, {"LI", "CHF"}, {"DK", "DKK"}, {"SE", "SEK"}, {"NO", "NOK"},
      {"IS", "ISK"}, {"PL", "PLN"}, {"CZ", "CZK"}, {"HU", "HUF"}, {"RO", "RON"}, {"BG", "BGN"}};
  for (const auto& [country, code] : kCurrencies) {
    if (country == region) return code;
  }
  return {};
}

// "60-16-13", "60 16 13", "601613": a British bank's sort code.
bool IsSortCode(std::string_view cell) {
  if (cell.size() == 6) return DigitsOf(cell).size() == 6;
  return cell.size() == 8 && IsDigit(cell[0]) && IsDigit(cell[1]) && IsDigit(cell[3]) &&
         IsDigit(cell[4]) && IsDigit(cell[6]) && IsDigit(cell[7]) && cell[2] == cell[5] &&
         (cell[2] == '-' || cell[2] == ' ');
}

ColumnKind ClassifyNormalised(std::string_view n) {
  using enum ColumnKind;
  if (n.empty() || NamesAnotherParty(n)) return kUnknown;
  if (HasAny(n, {"email", "e mail", "mail", "courriel", "mel", "e mel", "adresse electronique",
                 "emails", "e mails"})) {
    return kEmail;
  }
  if (HasAny(n, {"iban", "rib", "coordonnees bancaires", "compte bancaire", "bank account",
                 "bank details", "numero de compte", "n compte", "account number", "sort code",
                 "account no"})) {
    return kIban;
  }
  if (HasAny(n, {"nir", "securite sociale", "secu", "social security", "ssn", "nss", "ss", "insee",
                 "national insurance", "nat ins", "nino", "ni number", "ni no", "pps number",
                 "ppsn", "pps no", "personal public service"}) ||
      IsAny(n, {"ni", "pps"})) {
    return kNir;
  }
  if (HasAny(n, {"naissance", "naiss", "birth", "birthdate", "birthday", "dob", "ne le", "nee le",
                 "ne e le", "geburtsdatum", "geboren am", "fecha de nacimiento", "data di nascita",
                 "nascita"})) {
    // "Lieu de naissance", "Place of birth": a place, not a date.
    if (HasAny(n,
               {"lieu", "ville", "commune", "pays", "departement", "place", "city", "country"})) {
      return kUnknown;
    }
    return kBirthDate;
  }
  if (HasAny(n,
             {"matricule",       "employee id",        "employee number",     "employee no",
              "employee n",      "staff id",           "staff number",        "personnel number",
              "payroll number",  "id salarie",         "id employe",          "n salarie",
              "no salarie",      "num salarie",        "numero salarie",      "numero de salarie",
              "n de salarie",    "numero d employe",   "n employe",           "n agent",
              "numero agent",    "id agent",           "id candidat",         "n candidat",
              "numero candidat", "numero de candidat", "reference candidat",  "ref candidat",
              "numero interne",  "n interne",          "identifiant interne", "code salarie",
              "code employe",    "personalnummer",     "mitarbeiternummer",   "matricola"})) {
    return kEmployeeNumber;
  }
  if (HasAny(n, {"telephone", "tel", "portable", "mobile", "phone", "gsm", "cell", "cellulaire",
                 "telephones", "phones", "telefon", "telefonnummer", "handy", "mobiltelefon",
                 "telefono", "movil", "cellulare"})) {
    return kPhone;
  }
  if (HasAny(n, {"code postal", "cp", "zip", "zip code", "zipcode", "postcode", "postal code",
                 "post code", "plz", "postleitzahl", "codigo postal"})) {
    return kPostalCode;
  }
  if (HasAny(n, {"ville", "city", "commune", "localite", "town", "ort", "wohnort", "stadt", "citta",
                 "ciudad", "localidad"})) {
    return kCity;
  }
  if (HasAny(n, {"adresse", "address", "domicile", "rue", "street", "adr", "anschrift", "strasse",
                 "indirizzo", "direccion", "domicilio"})) {
    return HasAny(n, {"ip", "web", "site", "url"}) ? kUnknown : kPostalAddress;
  }
  if (HasAny(n, {"salaire",
                 "salaires",
                 "remuneration",
                 "brut",
                 "salary",
                 "wage",
                 "wages",
                 "gross",
                 "gross pay",
                 "net pay",
                 "net a payer",
                 "net imposable",
                 "pay",
                 "traitement brut",
                 "traitement indiciaire",
                 "appointements",
                 "revenu",
                 "revenus",
                 "income",
                 "prime",
                 "primes",
                 "bonus",
                 "gehalt",
                 "bruttogehalt",
                 "nettogehalt",
                 "lohn",
                 "bruttolohn",
                 "nettolohn",
                 "entgelt",
                 "salario",
                 "sueldo",
                 "stipendio",
                 "retribuzione"}) ||
      IsAny(n, {"net", "net mensuel", "net annuel"})) {
    return kSalary;
  }
  if (HasAny(n, {"maladie",
                 "sante",
                 "handicap",
                 "rqth",
                 "medical",
                 "medicale",
                 "medicaux",
                 "medicales",
                 "motif absence",
                 "motif d absence",
                 "motif de l absence",
                 "motif de absence",
                 "sick",
                 "sickness",
                 "health",
                 "disability",
                 "illness",
                 "arret de travail",
                 "accident du travail",
                 "invalidite",
                 "pathologie",
                 "allergie",
                 "allergies",
                 "mi temps therapeutique",
                 "grossesse",
                 "pregnancy",
                 "medecine du travail",
                 "medicament",
                 "medicaments",
                 "medication",
                 "medications",
                 "diagnostic",
                 "diagnosis",
                 "posologie",
                 "ordonnance"}) ||
      // A patient list's "Traitement" (a salary's is "traitement brut", above).
      IsAny(n, {"traitement", "traitements", "traitement en cours", "traitement medical",
                "treatment", "current treatment"})) {
    return kHealth;
  }
  if (HasAny(n, {"evaluation", "evaluations", "appreciation", "appreciations", "rating",
                 "performance", "notation", "entretien annuel", "annual review", "avis"}) ||
      IsAny(n, {"note", "note globale", "note finale", "note annuelle", "score", "grade"})) {
    return kEvaluation;
  }
  if (HasAny(n, {"poste", "fonction", "intitule du poste", "job title", "job", "position", "emploi",
                 "metier", "role", "titre du poste", "qualification", "occupation"})) {
    return kJobTitle;
  }
  if (IsAny(n, {"nom complet",
                "nom prenom",
                "nom et prenom",
                "nom et prenoms",
                "nom prenoms",
                "prenom nom",
                "prenom et nom",
                "prenoms et nom",
                "name",
                "full name",
                "fullname",
                "employee name",
                "candidate name",
                "nom du salarie",
                "nom du candidat",
                "nom de l employe",
                "nom du collaborateur",
                "nom de l agent",
                "salarie",
                "salaries",
                "employe",
                "employes",
                "employee",
                "candidat",
                "candidats",
                "candidate",
                "collaborateur",
                "collaboratrice",
                "agent",
                "beneficiaire",
                "identite",
                "participant",
                "stagiaire",
                "eleve",
                "etudiant",
                "student",
                "adherent",
                "member",
                "client",
                "customer",
                "patient",
                "titulaire",
                "personne"})) {
    return kFullName;
  }
  if (IsAny(n, {"prenom", "prenoms", "first name", "firstname", "given name", "given names",
                "forename", "first",
                // German, Spanish, Italian
                "vorname", "vornamen", "rufname", "nombre", "nome",
                // a class list's: the child's, the pupil's
                "prenom de l enfant", "prenom enfant", "prenom de l eleve", "prenom eleve"})) {
    return kFirstName;
  }
  if (IsAny(n, {"nom", "nom de famille", "last name", "lastname", "surname", "family name",
                "nom d usage", "nom de naissance", "nom patronymique", "nom marital",
                "nom de jeune fille", "last",
                // German, Spanish, Italian
                "nachname", "familienname", "zuname", "apellido", "apellidos", "cognome",
                "nom de l enfant", "nom enfant", "nom de l eleve", "nom eleve"})) {
    return kLastName;
  }
  return kUnknown;
}

// ---------------------------------------------------------------------------------------
// Values.

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\'') {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *len = 2;  // no-break space
    return true;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char e = static_cast<unsigned char>(s[i + 2]);
    if (e == 0xAF || e == 0x89 || e == 0x88 || e == 0x99) {  // narrow nbsp, thin, punct., ’
      *len = 3;
      return true;
    }
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A cell that says "nothing here": "-", "n/a", "néant"...
bool IsPlaceholder(std::string_view cell) {
  if (cell.size() > 12) return false;
  const std::string n = FoldWords(cell);
  return n.empty() || IsAny(n, {"na", "n a", "nc", "n c", "neant", "none", "nil", "null", "x",
                                "sans objet", "so", "nd", "n d", "tbd", "inconnu", "unknown"});
}

// A health column's cell that says "no": nothing of the person's health is told.
bool IsNegation(std::string_view cell) {
  const std::string n = FoldWords(cell);
  if (n.empty()) return true;
  bool zero = true;
  for (char c : n) zero = zero && (c == '0' || c == ' ');
  return zero ||
         IsAny(n, {"non", "no", "aucun", "aucune", "neant", "none", "rien", "false", "faux", "na",
                   "n a", "sans", "sans objet", "0 j", "0 jour", "0 jours", "ras", "nil", "nc"});
}

// The words of a totals or summary row's label. Some are surnames too ("Somme", "Moyenne",
// "Sum"): a cell that starts with one is only a label in a row shaped like a totals row
// (IsTotalsRow), never on its own.
constexpr std::string_view kSummaryWords[] = {
    "total",   "totaux",  "sous total", "subtotal", "grand total", "somme", "sum",
    "moyenne", "average", "mean",       "effectif", "count",       "nombre"};

// What may follow a summary word in its label: "TOTAL GÉNÉRAL", "Total des salaires",
// "Moyenne mensuelle", "Sous-total service 2".
constexpr std::string_view kSummaryQualifiers[] = {
    "general",  "generale",  "generaux", "global",   "globale", "des",     "de",       "du",
    "d",        "la",        "le",       "les",      "par",     "pour",    "salaires", "salaire",
    "salaries", "brut",      "bruts",    "net",      "nets",    "service", "services", "mois",
    "mensuel",  "mensuelle", "annuel",   "annuelle", "cumul",   "cumule",  "periode",  "an",
    "annee",    "of",        "all",      "per",      "month",   "year",    "overall",  "gross"};

// The words of `cell`, folded, split on anything that is not an ASCII letter or digit (the
// letters of other scripts are kept inside their word).
std::vector<std::string> LabelWords(std::string_view cell) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : Fold(cell)) {
    if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsQualifier(std::string_view word) {
  if (std::all_of(word.begin(), word.end(), [](char c) { return IsDigit(c); })) return true;
  return std::find(std::begin(kSummaryQualifiers), std::end(kSummaryQualifiers), word) !=
         std::end(kSummaryQualifiers);
}

// A cell that reads as a summary label and nothing else: a summary word, then only
// qualifiers ("Total", "TOTAL GÉNÉRAL", "Sous-total", "Moyenne", "Total des salaires"). A
// word that is neither ("Somme Claire") makes it no label.
bool IsSummaryLabel(std::string_view cell) {
  const std::vector<std::string> words = LabelWords(cell);
  if (words.empty()) return false;
  std::string joined;
  for (size_t used = 0; used < words.size() && used < 2; ++used) {
    if (used > 0) joined.push_back(' ');
    joined += words[used];
    const bool summary = std::find(std::begin(kSummaryWords), std::end(kSummaryWords), joined) !=
                         std::end(kSummaryWords);
    if (summary && std::all_of(words.begin() + static_cast<std::ptrdiff_t>(used) + 1, words.end(),
                               [](const std::string& w) { return IsQualifier(w); })) {
      return true;
    }
  }
  return false;
}

// A cell of the name columns that only qualifies a label beside it ("Total" | "Général").
bool IsQualifierCell(std::string_view cell) {
  const std::vector<std::string> words = LabelWords(cell);
  return !words.empty() && std::all_of(words.begin(), words.end(),
                                       [](const std::string& w) { return IsQualifier(w); });
}

// A name as written in a name column: letters (any script), spaces, hyphens, apostrophes
// and dots; no digit, no '@'. A totals label passes: the row's shape decides (IsTotalsRow).
bool NameValue(std::string_view cell) {
  if (cell.empty() || cell.size() > kMaxNameBytes || IsPlaceholder(cell)) return false;
  bool letter = false;
  for (char c : cell) {
    if (IsDigit(c) || c == '@' || c == ';' || c == '=' || c == '/' || c == '\\') return false;
    letter = letter || IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80;
  }
  return letter;
}

// "Jean Dupont", "Marie-Claire DE LA TOUR": 2 to 4 words, each starting with a capital
// (ASCII or a multi-byte letter), letters only. Used to read a column with no header.
bool NameLike(std::string_view cell) {
  if (!NameValue(cell) || IsSummaryLabel(cell)) return false;
  int words = 0;
  bool start = true;
  for (size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (c == ' ') {
      start = true;
      continue;
    }
    if (c == '.' || c == ',' || c == '(' || c == ')' || c == ':' || c == '!' || c == '?') {
      return false;
    }
    if (start) {
      if (!((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0xC0)) return false;
      ++words;
      start = false;
    }
  }
  return words >= 2 && words <= 4;
}

// Spaces and common separators out, letters upper-cased: "fr76 3000-6000 ..." → "FR763000...".
std::string Compact(std::string_view cell) {
  std::string out;
  for (size_t i = 0; i < cell.size(); ++i) {
    size_t len = 0;
    if (IsSpaceAt(cell, i, &len)) {
      i += len - 1;
      continue;
    }
    const char c = cell[i];
    if (c == '-' || c == '.') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  return out;
}

std::string NormaliseName(std::string_view name) {
  std::string folded = Fold(name);
  std::string out;
  for (char c : folded) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// ---------------------------------------------------------------------------------------
// Columns read by their values, when there is no header.

ColumnKind KindOfValue(std::string_view cell, std::string_view home_region,
                       std::vector<Finding>* scratch) {
  using enum ColumnKind;
  scratch->clear();
  if (cell.find('@') != std::string_view::npos) {
    DetectEmails(cell, scratch);
    return scratch->size() == 1 ? kEmail : kUnknown;
  }
  const std::string compact = Compact(cell);
  if (compact.size() >= 15 && compact.size() <= 34 && IsAsciiAlpha(compact[0]) &&
      IsAsciiAlpha(compact[1]) && IbanValid(compact)) {
    return kIban;
  }
  if (compact.size() == 15 && NirValid(compact)) return kNir;
  size_t digits = 0;
  for (char c : cell) digits += IsDigit(c) ? 1 : 0;
  if (digits >= 8 && digits <= 15) {
    DetectPhonesOutside(cell, {}, scratch, nullptr, {}, home_region);
    if (!scratch->empty()) return kPhone;
    // A run of digits in the organisation's country ("07400123456"), as a headed column reads.
    if (!home_region.empty() && home_region != "FR" && PhoneOfColumn(cell, home_region))
      return kPhone;
  }
  return kUnknown;
}

struct ColumnVotes {
  int64_t non_empty = 0;
  std::array<int64_t, static_cast<size_t>(ColumnKind::kCount)> kinds{};
  int64_t name_like = 0;
};

// ---------------------------------------------------------------------------------------
// One row.

bool IsStrongIdentifier(DataCategory c) {
  return c == DataCategory::kEmail || c == DataCategory::kIban || c == DataCategory::kNir ||
         c == DataCategory::kPhone;
}

// A totals or summary row, told by its shape rather than by a word alone ("Somme" and
// "Moyenne" are surnames too): a summary label stands in the name cells, every other name
// cell only qualifies it ("Total" | "Général"), so that there is no "Prénom Nom" pair, and the
// row holds no e-mail, IBAN, NIR or phone number (its other cells are amounts, counts).
// "Somme | Claire | claire.somme@… | FR76…" is a person; "Total | | | 125 000,00" is not.
bool IsTotalsRow(const RowPerson& p, std::initializer_list<std::string_view> name_cells) {
  bool label = false;
  for (const std::string_view cell : name_cells) {
    if (cell.empty()) continue;
    if (IsSummaryLabel(cell)) {
      label = true;
    } else if (!IsQualifierCell(cell)) {
      return false;
    }
  }
  return label && std::none_of(p.findings.begin(), p.findings.end(),
                               [](const Finding& f) { return IsStrongIdentifier(f.category); });
}

struct RowReader {
  const std::vector<ColumnKind>& kinds;
  const std::vector<bool>& other_party;
  const std::vector<std::string>& header_terms;  // health columns: the folded header
  std::vector<int64_t>* rejected;
  std::string_view home_region;  // the country of a number written without its code
  std::vector<Finding> scratch;
  const std::vector<bool>* care_column = nullptr;  // a patient list's care: "review"

  void Add(RowPerson* p, int column, Finding f) {
    p->findings.push_back(std::move(f));
    p->columns.push_back(column);
  }

  // Findings of `category` from a detector run over the cell, renamed as the table's.
  bool AddDetected(RowPerson* p, int column, std::string_view cell, DataCategory category,
                   std::string_view detector,
                   void (*detect)(std::string_view, std::vector<Finding>*)) {
    scratch.clear();
    detect(cell, &scratch);
    bool any = false;
    for (Finding& f : scratch) {
      // A near miss (an IBAN whose RIB key fails) is a value that failed its check: rejected.
      if (f.category != category || IsNearMiss(f)) continue;
      f.detector = detector;
      Add(p, column, std::move(f));
      any = true;
    }
    return any;
  }

  // A phone column's cell: what DetectPhones finds in it, in the organisation's country when
  // written without a code; else the one number libphonenumber reads in the whole cell there
  // (a British mobile typed as one run of digits, "07400123456").
  bool AddPhone(RowPerson* p, int column, std::string_view cell) {
    scratch.clear();
    DetectPhonesOutside(cell, {}, &scratch, nullptr, {}, home_region);
    bool any = false;
    for (Finding& f : scratch) {
      if (f.category != DataCategory::kPhone || IsNearMiss(f)) continue;
      f.detector = "table.phone";
      Add(p, column, std::move(f));
      any = true;
    }
    if (any || home_region.empty() || home_region == "FR") return any;
    std::optional<Finding> whole = PhoneOfColumn(cell, home_region);
    if (!whole) return false;
    whole->detector = "table.phone";
    Add(p, column, std::move(*whole));
    return true;
  }

  // Reads `row` into `p`; true when the row is shaped like a totals or summary row (IsTotalsRow).
  bool Read(const std::vector<std::string>& row, RowPerson* p) {
    using enum ColumnKind;
    std::string_view first, last, full, street, code, city;
    std::string sort_code, account;
    int sort_code_col = -1, account_col = -1;
    int first_col = -1, last_col = -1, full_col = -1, street_col = -1;
    const int width = static_cast<int>(std::min(row.size(), kinds.size()));
    for (int c = 0; c < width; ++c) {
      const std::string_view cell = Trim(row[static_cast<size_t>(c)]);
      if (cell.empty()) continue;
      const ColumnKind kind = kinds[static_cast<size_t>(c)];
      // "-", "n/a", "néant": no value, in any column (a health column reads its own "no").
      if (kind != kHealth && kind != kUnknown && IsPlaceholder(cell)) continue;
      bool ok = true;
      switch (kind) {
        case kLastName:
          ok = NameValue(cell);
          if (ok && last.empty()) last = cell, last_col = c;
          break;
        case kFirstName:
          ok = NameValue(cell);
          if (ok && first.empty()) first = cell, first_col = c;
          break;
        case kFullName:
          ok = NameValue(cell);
          if (ok && full.empty()) full = cell, full_col = c;
          break;
        case kEmail:
          ok = AddDetected(p, c, cell, DataCategory::kEmail, "table.email", &DetectEmails);
          break;
        case kPhone:
          ok = AddPhone(p, c, cell);
          if (!ok && cell.size() == 9 && cell[0] != '0' &&
              cell.find_first_not_of("0123456789") == std::string_view::npos) {
            // A spreadsheet that typed the column as numbers dropped the trunk 0 ("639980114"
            // for 06 39 98 01 14): under a phone's header, nine digits are a French number.
            ok = AddDetected(p, c, "0" + std::string(cell), DataCategory::kPhone, "table.phone",
                             &DetectPhones);
          }
          break;
        case kIban:
          ok = AddDetected(p, c, cell, DataCategory::kIban, "table.iban", &DetectIbans);
          if (!ok) {
            const std::string compact = Compact(cell);
            ok = IbanValid(compact);
            if (ok) {
              Add(p, c,
                  {DataCategory::kIban, "table.iban", 0, cell.size(), compact, 0.99, "mod97",
                   false});
            }
          }
          if (!ok) {
            // A British account: its sort code ("60-16-13") and its number (eight digits) in
            // two columns of bank details, one datum once both are read.
            const std::string digits = DigitsOf(cell);
            if (digits.size() == 6 && IsSortCode(cell) && sort_code.empty()) {
              sort_code = digits, sort_code_col = c, ok = true;
            } else if (digits.size() >= 7 && digits.size() <= 8 && digits.size() == cell.size() &&
                       account.empty()) {
              account = digits, account_col = c, ok = true;
            }
          }
          break;
        case kNir:
          ok = AddDetected(p, c, cell, DataCategory::kNir, "table.nir", &DetectNirs);
          if (!ok) {
            const std::string compact = Compact(cell);
            ok = NirValid(compact);
            if (ok) {
              Add(p, c,
                  {DataCategory::kNir, "table.nir", 0, cell.size(), compact, 0.99, "nir-key",
                   false});
            }
          }
          if (!ok) {
            // A British NI number, an Irish PPS number.
            if (std::optional<Finding> other = SocialNumberOfCell(cell)) {
              other->detector = "table.nir";
              Add(p, c, std::move(*other));
              ok = true;
            }
          }
          break;
        case kSalary: {
          std::string amount = ParseAmount(cell);
          ok = !amount.empty();
          // An amount without its currency is in the organisation's (a British payroll's
          // "34500.00" is in pounds), the euro unless said otherwise.
          if (ok && amount.find(' ') == std::string::npos) {
            if (const std::string_view currency = CurrencyOf(home_region); !currency.empty())
              amount.append(" ").append(currency);
          }
          if (ok) {
            Add(p, c,
                {DataCategory::kSalary, "table.salary", 0, cell.size(), std::move(amount), 0.9,
                 "column+amount", false});
          }
          break;
        }
        case kBirthDate: {
          std::string iso = ParseBirthDate(cell);
          ok = !iso.empty();
          if (ok) {
            Add(p, c,
                {DataCategory::kDateOfBirth, "table.date_of_birth", 0, cell.size(), std::move(iso),
                 0.9, "column+date", false});
          }
          break;
        }
        case kPostalAddress:
          if (!IsPlaceholder(cell) && street.empty()) street = cell, street_col = c;
          break;
        case kPostalCode:
          if (!IsPlaceholder(cell) && code.empty()) code = cell;
          break;
        case kCity:
          if (!IsPlaceholder(cell) && city.empty()) city = cell;
          break;
        case kEmployeeNumber:
          if (IsPlaceholder(cell)) break;
          ok = cell.size() <= kMaxEmployeeNumberBytes;
          if (ok) {
            Add(p, c,
                {DataCategory::kEmployeeNumber, "table.employee_number", 0, cell.size(),
                 NormaliseEmployeeNumber(cell), 0.9, "column", false});
          }
          break;
        case kJobTitle:
          if (IsPlaceholder(cell)) break;
          Add(p, c,
              {DataCategory::kJobTitle, "table.job_title", 0, cell.size(), NormaliseName(cell), 0.8,
               "column", false});
          break;
        case kEvaluation:
          if (IsPlaceholder(cell)) break;
          Add(p, c,
              {DataCategory::kEvaluation, "table.evaluation", 0, cell.size(), NormaliseName(cell),
               0.8, "column", false});
          break;
        case kHealth:
          // The value is the column's name, not the person's words (as an Art. 9 finding
          // holds the term of the word list): "« arret maladie »".
          // A "Certificat médical" column's date or "oui" says a certificate was given (a
          // sports licence's), not what it says: no health datum (a sports club's list gave
          // every player one).
          if (HasPhrase(header_terms[static_cast<size_t>(c)], "certificat") &&
              (cell.find_first_not_of("0123456789/-. ") == std::string_view::npos ||
               IsAny(FoldWords(cell), {"oui", "yes", "ok", "fourni", "fournie", "valide", "x",
                                       "recu", "remis", "a jour"}))) {
            break;
          }
          if (!IsNegation(cell)) {
            // A patient list's speciality or reason is health data to confirm: the list's
            // header said "patient" or "praticien", not what each column is.
            const bool care = care_column && (*care_column)[static_cast<size_t>(c)];
            Add(p, c,
                {DataCategory::kHealth, "table.health", 0, cell.size(),
                 header_terms[static_cast<size_t>(c)], 0.7, care ? "review" : "column", false});
          }
          break;
        case kUnknown:
        case kCount:
          if (other_party[static_cast<size_t>(c)] || cell.size() < kMinScannedBytes) break;
          // Each remark of the cell on its own ("RQTH ; Lou : asthme" is two: the second may
          // be a relative's), its findings' spans within the cell.
          for (size_t from = 0; from < cell.size();) {
            size_t to = cell.find_first_of(";\n", from);
            if (to == std::string_view::npos) to = cell.size();
            const std::string_view clause = cell.substr(from, to - from);
            for (Finding& f : DetectAll(clause, nullptr, {}, home_region)) {
              if (f.category == DataCategory::kPersonName) continue;
              // A short cell ("Gay", a colleague's name; "CGT", a department) is read for a
              // health term only ("RQTH", "VIH").
              if (cell.size() < kMinWordsBytes && f.category != DataCategory::kHealth) continue;
              if (IsNearMiss(f)) {
                // A value that failed its check is none of the row's data, as in a typed
                // column.
                if (!InfoOf(f.category).special) continue;
                // An Art. 9 term needs no pronoun here: the row is the person it is about.
                f.validation = "review";
                f.confidence = 0.7;
              }
              f.begin += from;
              f.end += from;
              Add(p, c, std::move(f));
            }
            // A diet that hints at a religion ("halal", "casher", "sans porc" in a school's
            // "Régime alimentaire"), to confirm: in a row, about its person. Not in the word
            // list: in a message's text a caterer's order or "not kosher" says no one's faith.
            const std::string folded = FoldWords(clause);
            for (std::string_view term :
                 {"halal", "kasher", "casher", "kosher", "sans porc", "no pork"}) {
              if (!HasPhrase(folded, term)) continue;
              Add(p, c,
                  {DataCategory::kReligion, "table.diet", from, to, std::string(term), 0.7,
                   "review", false});
              break;
            }
            from = to + 1;
          }
          break;
      }
      if (!ok) ++(*rejected)[static_cast<size_t>(c)];
    }
    // A row with its IBAN holds the same account once (a British IBAN spells its sort code
    // and number): the two columns add nothing then.
    const bool iban = std::any_of(p->findings.begin(), p->findings.end(), [](const Finding& f) {
      return f.category == DataCategory::kIban;
    });
    if (!sort_code.empty() && !account.empty() && iban) {
      // Read, and the same account as the IBAN: no value rejected.
    } else if (!sort_code.empty() && !account.empty()) {
      const std::string_view written = Trim(row[static_cast<size_t>(account_col)]);
      Add(p, account_col,
          {DataCategory::kIban, "table.uk_account", 0, written.size(),
           "GB-" + sort_code + "-" + account, 0.9, "column+sort-code", false});
    } else if (sort_code_col >= 0 || account_col >= 0) {
      // One of the two alone is no account: a value that failed its column's check.
      ++(*rejected)[static_cast<size_t>(sort_code_col >= 0 ? sort_code_col : account_col)];
    }
    if (!street.empty()) {
      std::string joined(street);
      if (!code.empty()) joined.append(" ").append(code);
      if (!city.empty()) joined.append(" ").append(city);
      Add(p, street_col,
          {DataCategory::kPostalAddress, "table.postal_address", 0, street.size(),
           FoldAddress(joined), 0.8, "column", false});
    }
    // The name: "Prénom Nom" from its two columns, or the full-name column.
    int name_col = -1;
    std::string_view name_cell;
    if (!first.empty() || !last.empty()) {
      p->name = std::string(first);
      if (!first.empty() && !last.empty()) p->name += ' ';
      p->name += last;
      name_col = first.empty() ? last_col : first_col;
      name_cell = first.empty() ? last : first;
    } else if (!full.empty()) {
      p->name = std::string(full);
      name_col = full_col;
      name_cell = full;
    }
    if (name_col >= 0) {
      p->findings.insert(p->findings.begin(),
                         Finding{DataCategory::kPersonName, "table.name", 0, name_cell.size(),
                                 NormaliseName(p->name), 0.9, "column", false});
      p->columns.insert(p->columns.begin(), name_col);
    }
    for (const Finding& f : p->findings) {
      if (f.category == DataCategory::kEmail) {
        p->email = f.value;
        break;
      }
    }
    return IsTotalsRow(*p, {first, last, full});
  }
};

bool IsPerson(const RowPerson& p) {
  const bool named = !p.name.empty();
  size_t data = 0;
  for (const Finding& f : p.findings) {
    switch (f.category) {
      case DataCategory::kEmail:
      case DataCategory::kIban:
      case DataCategory::kNir:
      case DataCategory::kPhone: return true;  // a strong identifier on its own
      case DataCategory::kPersonName: break;
      default: ++data;
    }
  }
  return named && data > 0;
}

// A cell that is a value, not a label: an address, an IBAN, a number of 8 digits or more
// ("Salaire 2024" is a label).
bool IsValueCell(std::string_view cell) {
  if (cell.find('@') != std::string_view::npos) return true;
  size_t digits = 0;
  for (char c : cell) digits += IsDigit(c) ? 1 : 0;
  if (digits >= 8) return true;
  const std::string compact = Compact(cell);
  return compact.size() >= 15 && IbanValid(compact);
}

}  // namespace

std::string NormalisePersonName(std::string_view name) { return NormaliseName(name); }

ColumnKind ClassifyHeader(std::string_view header) {
  if (header.size() > kMaxHeaderBytes || header.find('@') != std::string_view::npos) {
    return ColumnKind::kUnknown;
  }
  return ClassifyNormalised(FoldWords(header));
}

// A currency as a cell writes it, and its ISO 4217 code; the longer spellings first.
constexpr std::pair<std::string_view, std::string_view> kCurrencyUnits[] = {
    {"euros", "EUR"}, {"Euros", "EUR"}, {"EUROS", "EUR"}, {"EUR", "EUR"}, {"Eur", "EUR"},
    {"eur", "EUR"},   {"€", "EUR"},     {"GBP", "GBP"},   {"£", "GBP"},   {"CHF", "CHF"},
    {"USD", "USD"},   {"US$", "USD"},   {"$", "USD"}};

std::string ParseAmount(std::string_view cell) {
  std::string_view s = Trim(cell);
  // The currency, before or after: "€", "EUR", "euros"; another's is kept after the amount
  // ("£34,500" → "34500.00 GBP"), the euro's is not (a salary's value before there were
  // others).
  std::string_view currency;
  for (const auto& [unit, code] : kCurrencyUnits) {
    const bool after = s.ends_with(unit), before = s.starts_with(unit);
    if (!after && !before) continue;
    s = Trim(after ? s.substr(0, s.size() - unit.size()) : s.substr(unit.size()));
    currency = code;
    break;
  }
  std::string t;  // digits and separators, spaces out
  for (size_t i = 0; i < s.size(); ++i) {
    size_t len = 0;
    if (IsSpaceAt(s, i, &len)) {
      i += len - 1;
      continue;
    }
    const char c = s[i];
    if (!IsDigit(c) && c != ',' && c != '.') return "";
    t.push_back(c);
  }
  if (t.empty() || !IsDigit(t.front()) || !IsDigit(t.back())) return "";
  // The decimal separator: the last of ',' and '.' when both are there; a lone one followed
  // by 1 or 2 digits; a lone one followed by 3 digits groups thousands ("1.500", "3,120").
  const size_t last = t.find_last_of(",.");
  size_t decimal = std::string::npos;
  if (last != std::string::npos) {
    const bool both = t.find(',') != std::string::npos && t.find('.') != std::string::npos;
    const size_t after = t.size() - last - 1;
    const bool once = t.find(t[last]) == last;
    if (both) {
      decimal = last;
    } else if (once && after <= 2) {
      decimal = last;
    } else if (after != 3) {
      return "";
    }
  }
  std::string integer, fraction;
  int since_group = -1;  // digits since the last thousands separator (-1: none yet)
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == decimal) {
      if (since_group >= 0 && since_group != 3) return "";
      fraction = t.substr(i + 1);
      if (fraction.find_first_of(",.") != std::string::npos) return "";
      break;
    }
    if (c == ',' || c == '.') {
      if (since_group >= 0 && since_group != 3) return "";
      if (since_group < 0 && (integer.empty() || integer.size() > 3)) return "";
      since_group = 0;
      continue;
    }
    integer.push_back(c);
    if (since_group >= 0) ++since_group;
  }
  if (decimal == std::string::npos && since_group >= 0 && since_group != 3) return "";
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
  if (integer.size() > 12) return "";
  while (fraction.size() < 2) fraction.push_back('0');
  if (integer.empty() && fraction.find_first_not_of('0') == std::string::npos) return "";
  std::string amount = (integer.empty() ? "0" : integer) + "." + fraction;
  if (!currency.empty() && currency != "EUR") amount.append(" ").append(currency);
  return amount;
}

std::string ParseBirthDate(std::string_view cell) {
  std::string_view s = Trim(cell);
  // A time after the date ("1985-05-12 00:00:00", "1985-05-12T00:00"): left out.
  if (const size_t cut = s.find_first_of(" T");
      cut != std::string_view::npos && cut >= 6 && s.find(':', cut) != std::string_view::npos) {
    s = s.substr(0, cut);
  }
  int parts[3] = {0, 0, 0};
  size_t lens[3] = {0, 0, 0};
  int k = 0;
  char sep = 0;
  for (char c : s) {
    if (IsDigit(c)) {
      if (lens[k] >= 4) return "";
      parts[k] = parts[k] * 10 + (c - '0');
      ++lens[k];
    } else if ((c == '/' || c == '.' || c == '-') && (sep == 0 || c == sep) && k < 2 &&
               lens[k] > 0) {
      sep = c;
      ++k;
    } else {
      return "";
    }
  }
  if (k != 2 || lens[2] == 0) return "";
  int y, m, d;
  if (lens[0] == 4) {  // 1985-05-12
    if (lens[1] > 2 || lens[2] > 2) return "";
    y = parts[0], m = parts[1], d = parts[2];
  } else {  // day first: 12/05/1985, 5/3/85
    if (lens[0] > 2 || lens[1] > 2 || (lens[2] != 2 && lens[2] != 4)) return "";
    d = parts[0], m = parts[1], y = parts[2];
    if (lens[2] == 2) y += y >= 30 ? 1900 : 2000;
  }
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return "";
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) return "";
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

namespace {

// A child's header: their guardian is the row's person.
bool NamesAChild(std::string_view n) {
  return HasAny(n, {"enfant", "enfants", "fils", "fille", "child", "children"});
}

// A relative's number written as a word of a header: "2", "1er", "2e", "3eme", "2nd",
// "premier", "second"; 0 when not one.
int OrdinalWord(std::string_view w) {
  size_t digits = 0;
  while (digits < w.size() && IsDigit(w[digits])) ++digits;
  const std::string_view suffix = w.substr(digits);
  if (digits > 0 && digits <= 3 &&
      (suffix.empty() || suffix == "er" || suffix == "ere" || suffix == "re" || suffix == "e" ||
       suffix == "eme" || suffix == "nd" || suffix == "nde" || suffix == "de")) {
    int number = 0;
    for (size_t k = 0; k < digits; ++k) number = number * 10 + (w[k] - '0');
    return number;
  }
  if (w == "premier" || w == "premiere" || w == "first") return 1;
  if (w == "second" || w == "seconde" || w == "deuxieme") return 2;
  if (w == "troisieme" || w == "third") return 3;
  return 0;
}

// Whose a relative's column is: a child's or another's, and their number ("Prénom enfant
// 2", "Date de naissance du 2e enfant", "Nom ayant droit 10"): odd for a child's.
int RelativeGroup(std::string_view n) {
  int number = 0;
  for (const std::string& w : SplitWords(n)) {
    number = OrdinalWord(w);
    if (number > 0) break;
  }
  // And which relative: "Prénom fils" and "Prénom fille", "Nom conjoint" and "Nom
  // bénéficiaire" are two persons' columns.
  static constexpr std::string_view kWhich[] = {
      "fils",   "fille",   "conjoint",    "conjointe",    "epoux",     "epouse",
      "spouse", "partner", "ayant droit", "beneficiaire", "dependant", "dependent"};
  int which = 0;
  for (size_t k = 0; k < std::size(kWhich); ++k) {
    if (HasPhrase(n, kWhich[k])) {
      which = static_cast<int>(k) + 1;
      break;
    }
  }
  return (NamesAChild(n) ? 1 : 0) + 2 * number + 2000 * which;
}

// What a relative's column holds once the relative's words are left out: one datum of one
// relative ("Nom enfant": kLastName; "Date de naissance du conjoint": kBirthDate), or
// kUnknown for a cell that lists them whole ("Conjoint(e)", "Enfants (prénom, date de
// naissance)"); nothing for another datum of theirs ("Tél. conjoint", "IBAN bénéficiaire").
std::optional<ColumnKind> RelativeColumn(std::string_view n) {
  static constexpr std::string_view kRelativeWords[] = {
      "enfant",    "enfants",      "fils",      "fille",     "child",     "children", "conjoint",
      "conjointe", "epoux",        "epouse",    "spouse",    "partner",   "ayant",    "ayants",
      "droit",     "beneficiaire", "dependant", "dependent", "du",        "de",       "des",
      "la",        "le",           "l",         "d",         "e",         "of",       "premier",
      "premiere",  "second",       "seconde",   "deuxieme",  "troisieme", "first",    "third"};
  std::string rest;
  for (const std::string& w : SplitWords(n)) {
    if (OrdinalWord(w) > 0) continue;  // its number: "2", "1er", "2e", "3eme", "2nd"
    if (std::find(std::begin(kRelativeWords), std::end(kRelativeWords), w) ==
        std::end(kRelativeWords))
      rest += (rest.empty() ? "" : " ") + w;
  }
  if (rest.empty()) return ColumnKind::kUnknown;  // "Conjoint(e)", "Enfants"
  const bool names = HasAny(rest, {"nom", "noms", "prenom", "prenoms", "name", "names"});
  const bool dates = HasAny(rest, {"naissance", "birth", "nes", "ne"});
  if (names && dates) return ColumnKind::kUnknown;  // both in one cell: a list
  switch (const ColumnKind kind = ClassifyNormalised(rest)) {
    case ColumnKind::kLastName:
    case ColumnKind::kFirstName:
    case ColumnKind::kFullName:
    case ColumnKind::kBirthDate: return kind;
    default: return std::nullopt;
  }
}

// The byte length of a letter of a name at `i` (an ASCII letter, or a Latin letter of two
// bytes, U+00C0–U+017F), 0 for anything else.
size_t NameLetterAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (IsAsciiAlpha(s[i])) return 1;
  if (b >= 0xC3 && b <= 0xC5 && i + 1 < s.size()) {
    const auto n = static_cast<unsigned char>(s[i + 1]);
    if (n >= 0x80 && n <= 0xBF && !(b == 0xC3 && (n == 0x97 || n == 0xB7))) return 2;  // × ÷
  }
  return 0;
}

// A capital letter of a name at `i`: A–Z, or À–Þ (not ×); in U+0100–U+017F (Ł, Œ, Š…) the
// even code points, most of that block's capitals.
bool UpperAt(std::string_view s, size_t i) {
  if (s[i] >= 'A' && s[i] <= 'Z') return true;
  if (NameLetterAt(s, i) != 2) return false;
  const unsigned cp = (static_cast<unsigned char>(s[i]) & 0x1Fu) << 6 |
                      (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
  if (cp < 0x100) return cp >= 0xC0 && cp <= 0xDE;  // À–Þ (× is no letter)
  // Latin Extended-A: capitals on even code points, but on odd ones in U+0139–U+0148 (Ĺ…Ň)
  // and U+0179–U+017E (Ź Ż Ž); Ÿ is U+0178.
  if (cp == 0x178) return true;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp % 2 == 1;
  return cp % 2 == 0;
}

}  // namespace

std::vector<CellRelative> RelativesOfCell(std::string_view cell) {
  // Words that are capitalised and no name: "Né le", "Sans objet", "Aucun".
  static constexpr std::string_view kNotNames[] = {
      "ne",       "nee",       "le",  "la",  "et", "sans",    "objet",    "aucun",  "aucune",
      "neant",    "non",       "oui", "nc",  "na", "inconnu", "inconnue", "enfant", "enfants",
      "conjoint", "conjointe", "age", "ans", "m",  "mme",     "mr",       "mlle",   "born"};
  std::vector<CellRelative> out;
  std::optional<CellRelative> pending;
  auto flush = [&] {
    if (pending) out.push_back(std::move(*pending));
    pending.reset();
  };
  size_t i = 0;
  while (i < cell.size()) {
    // A date: d/m/y, d.m.y, d-m-y, or y-m-d.
    if (IsDigit(cell[i])) {
      size_t e = i;
      while (e < cell.size() &&
             (IsDigit(cell[e]) || cell[e] == '/' || cell[e] == '.' || cell[e] == '-')) {
        ++e;
      }
      while (e > i && !IsDigit(cell[e - 1])) --e;
      const std::string_view token = cell.substr(i, e - i);
      if (std::count_if(token.begin(), token.end(), [](char c) { return !IsDigit(c); }) == 2) {
        if (std::string iso = ParseBirthDate(token);
            !iso.empty() && pending && pending->born.empty()) {
          pending->born = std::move(iso);
          pending->born_begin = i;
          pending->born_end = e;
        }
      }
      i = std::max(e, i + 1);
      continue;
    }
    if (!UpperAt(cell, i)) {
      // A separator between relatives: ';', a line, '|', '+'; other bytes pass.
      if (cell[i] == ';' || cell[i] == '\n' || cell[i] == '|' || cell[i] == '+') flush();
      const size_t len = NameLetterAt(cell, i);
      i += len > 0 ? len : 1;
      // A word in lower case ends the name before it ("Thierry LAMBERT, né le …").
      continue;
    }
    // A run of capitalised words ("Thierry LAMBERT", "Marie-Claire De La Tour").
    size_t b = i, e = i, words = 0;
    while (e < cell.size() && UpperAt(cell, e) && words < 4) {
      size_t w = e;
      while (w < cell.size()) {
        if (const size_t len = NameLetterAt(cell, w); len > 0) {
          w += len;
        } else if ((cell[w] == '-' || cell[w] == '\'') && w + 1 < cell.size() &&
                   NameLetterAt(cell, w + 1) > 0) {
          ++w;
        } else {
          break;
        }
      }
      const std::string folded = Fold(cell.substr(e, w - e));
      if (std::find(std::begin(kNotNames), std::end(kNotNames), folded) != std::end(kNotNames))
        break;
      ++words;
      i = w;
      // The next capitalised word after one space.
      if (w + 1 < cell.size() && cell[w] == ' ' && UpperAt(cell, w + 1)) {
        e = w + 1;
      } else {
        break;
      }
    }
    if (words == 0 || i == b) {
      // Not a name ("Né"): skip the word.
      size_t w = i;
      while (w < cell.size() && (NameLetterAt(cell, w) > 0)) w += NameLetterAt(cell, w);
      i = std::max(w, i + 1);
      continue;
    }
    flush();
    pending = CellRelative{std::string(cell.substr(b, i - b)), b, i, {}, 0, 0};
  }
  flush();
  return out;
}

namespace {

// A relative's columns: read like a row of their own (kinds, the others "another party's"),
// or one cell that lists them (`list_column`).
struct RelativeColumns {
  int group = -1;
  bool child = false;
  int list_column = -1;
  std::vector<ColumnKind> kinds;
  std::vector<bool> other;
};

}  // namespace

TableReading ReadTablePersons(const Table& table, std::string_view home_region) {
  TableReading out;
  const auto& rows = table.rows;
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.size());
  out.columns.assign(width, ColumnKind::kUnknown);
  out.rejected.assign(width, 0);
  std::vector<bool> other_party(width, false);
  // The columns of the row's parent or guardian, by what they hold (kUnknown: none), and
  // whose: the father's, the mother's, parent 1's or 2's, or a guardian's (GuardianGroup).
  std::vector<ColumnKind> guardian_kinds(width, ColumnKind::kUnknown);
  std::vector<int> guardian_group(width, -1);
  std::vector<bool> care_column(width, false);           // a patient list's care (IsCareColumn)
  std::vector<bool> other_party_relative(width, false);  // a relative's column
  // A relative's columns (RelativeColumn): what each holds (kUnknown: a cell that lists
  // them), and whose: a child's or another's, and their number ("Prénom enfant 2"); -1 none.
  std::vector<ColumnKind> relative_kinds(width, ColumnKind::kUnknown);
  std::vector<int> relative_group(width, -1);
  std::vector<bool> relative_child(width, false);  // a child's ("Enfants", "Prénom enfant")
  std::vector<std::string> header_terms(width);

  // The header: the first of the first rows with two cells or more that name a kind, and
  // no cell that is itself a value.
  std::vector<ColumnKind> kinds;
  for (size_t r = 0; r < std::min(rows.size(), kHeaderSearchRows) && !out.has_header; ++r) {
    const auto& row = rows[r];
    kinds.assign(row.size(), ColumnKind::kUnknown);
    int known = 0;
    bool values = false;
    for (size_t c = 0; c < row.size() && !values; ++c) {
      const std::string_view cell = Trim(row[c]);
      if (cell.empty()) continue;
      if (IsValueCell(cell)) {
        values = true;
        break;
      }
      kinds[c] = ClassifyHeader(cell);
      known += kinds[c] != ColumnKind::kUnknown ? 1 : 0;
    }
    if (values || known < 2) continue;
    out.has_header = true;
    out.header_row = static_cast<int>(r);
    // A bare "Name" beside a surname column is the given name ("Name | Surname"); beside a
    // given name's, the surname ("Vorname | Name", "Prénom | Nom"); alone, the full name.
    const auto has = [&](ColumnKind k) {
      return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
    };
    const bool first_column = has(ColumnKind::kFirstName), last_column = has(ColumnKind::kLastName);
    if (first_column != last_column) {
      for (size_t c = 0; c < row.size(); ++c) {
        if (kinds[c] == ColumnKind::kFullName && FoldWords(Trim(row[c])) == "name") {
          kinds[c] = first_column ? ColumnKind::kLastName : ColumnKind::kFirstName;
        }
      }
    }
    // A list of patients' appointments tells each row's care: its speciality, its reason.
    if (IsPatientList(row)) {
      for (size_t c = 0; c < row.size(); ++c) {
        if (kinds[c] == ColumnKind::kUnknown && row[c].size() <= kMaxHeaderBytes &&
            IsCareColumn(FoldWords(row[c]))) {
          kinds[c] = ColumnKind::kHealth;
          care_column[c] = true;
        }
      }
    }
    // "Date de naissance enfant" beside the employee's own name: a relative's date, not the
    // row's person's (unless the names are the child's too: "Nom de l'enfant").
    const auto relative = [](std::string_view n) {
      return HasAny(n, {"enfant", "enfants", "fils", "fille", "child", "children", "conjoint",
                        "conjointe", "epoux", "epouse", "spouse", "partner", "ayant droit",
                        "ayants droit", "beneficiaire", "dependant", "dependent"});
    };
    // The row is the relative's only when every name column names the relative.
    bool own_names = false;
    for (size_t c = 0; c < row.size(); ++c) {
      if ((kinds[c] == ColumnKind::kFirstName || kinds[c] == ColumnKind::kLastName ||
           kinds[c] == ColumnKind::kFullName) &&
          !(row[c].size() <= kMaxHeaderBytes && relative(FoldWords(row[c])))) {
        own_names = true;
      }
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (kinds[c] == ColumnKind::kBirthDate && own_names && row[c].size() <= kMaxHeaderBytes &&
          relative(FoldWords(row[c]))) {
        kinds[c] = ColumnKind::kUnknown;
        other_party_relative[c] = true;
      }
    }
    // A relative's columns beside the row's own names ("Conjoint(e)", "Enfants (prénom,
    // date de naissance)", "Prénom enfant"): the relatives are persons of the row too, and
    // nothing of theirs is the row's person's.
    // The row keeps its own given name or full name ("Nom" alone may be the family's: a
    // school's "Nom | Prénom de l'enfant" is the child's row).
    bool own_given = false;
    for (size_t c = 0; c < row.size(); ++c) {
      if ((kinds[c] == ColumnKind::kFirstName || kinds[c] == ColumnKind::kFullName) &&
          !(row[c].size() <= kMaxHeaderBytes && relative(FoldWords(row[c])))) {
        own_given = true;
      }
    }
    std::vector<int> group_of(row.size(), -1);
    std::vector<ColumnKind> holds_of(row.size(), ColumnKind::kUnknown);
    for (size_t c = 0; c < row.size() && own_given; ++c) {
      if (row[c].size() > kMaxHeaderBytes) continue;
      const std::string n = FoldWords(row[c]);
      if (!relative(n)) continue;
      const std::optional<ColumnKind> holds = RelativeColumn(n);
      if (!holds) continue;
      group_of[c] = RelativeGroup(n);
      holds_of[c] = *holds;
    }
    // A relative's names with no birth date of theirs beside them make no person: those
    // columns stay as they were read before.
    for (size_t c = 0; c < row.size(); ++c) {
      if (group_of[c] < 0) continue;
      const bool list = holds_of[c] == ColumnKind::kUnknown;
      bool dated = list;
      for (size_t d = 0; d < row.size() && !dated; ++d) {
        dated = group_of[d] == group_of[c] && holds_of[d] == ColumnKind::kBirthDate;
      }
      if (!dated) continue;
      kinds[c] = ColumnKind::kUnknown;
      other_party_relative[c] = true;
      relative_group[c] = list ? 1000 + static_cast<int>(c) : group_of[c];
      relative_kinds[c] = holds_of[c];
      relative_child[c] = group_of[c] % 2 == 1;
    }
    for (size_t c = 0; c < row.size(); ++c) {
      out.columns[c] = kinds[c];
      const std::string n = row[c].size() <= kMaxHeaderBytes ? FoldWords(row[c]) : "";
      other_party[c] = NamesAnotherParty(n) || other_party_relative[c];
      if (other_party[c]) {
        guardian_kinds[c] = GuardianColumn(n);
        if (guardian_kinds[c] != ColumnKind::kUnknown) guardian_group[c] = GuardianGroup(n);
      }
      if (kinds[c] == ColumnKind::kHealth) header_terms[c] = n;
    }
  }
  const size_t first_data = out.has_header ? static_cast<size_t>(out.header_row) + 1 : 0;

  // Columns without a header (no header row, or an empty header cell): read by their values.
  const std::vector<std::string>* header =
      out.has_header ? &rows[static_cast<size_t>(out.header_row)] : nullptr;
  std::vector<size_t> unnamed;
  for (size_t c = 0; c < width; ++c) {
    if (!header || c >= header->size() || Trim((*header)[c]).empty()) unnamed.push_back(c);
  }
  if (!unnamed.empty()) {
    const size_t per_column =
        std::clamp<size_t>(kValueSampleBudget / unnamed.size(), 1, kValueSample);
    std::vector<ColumnVotes> votes(unnamed.size());
    std::vector<Finding> scratch;
    for (size_t u = 0; u < unnamed.size(); ++u) {
      const size_t c = unnamed[u];
      ColumnVotes& v = votes[u];
      for (size_t r = first_data; r < rows.size() && static_cast<size_t>(v.non_empty) < per_column;
           ++r) {
        if (c >= rows[r].size()) continue;
        const std::string_view cell = Trim(rows[r][c]);
        if (cell.empty()) continue;
        ++v.non_empty;
        ++v.kinds[static_cast<size_t>(KindOfValue(cell, home_region, &scratch))];
        v.name_like += NameLike(cell) ? 1 : 0;
      }
    }
    bool strong = false;
    for (size_t c = 0; c < width; ++c) {
      const ColumnKind k = out.columns[c];
      strong = strong || k == ColumnKind::kEmail || k == ColumnKind::kIban ||
               k == ColumnKind::kNir || k == ColumnKind::kPhone;
    }
    for (size_t u = 0; u < unnamed.size(); ++u) {
      const ColumnVotes& v = votes[u];
      for (ColumnKind k :
           {ColumnKind::kEmail, ColumnKind::kIban, ColumnKind::kNir, ColumnKind::kPhone}) {
        if (v.kinds[static_cast<size_t>(k)] * 2 > v.non_empty) {
          out.columns[unnamed[u]] = k;
          strong = true;
        }
      }
    }
    // A column of names is taken for one only beside a column of identifiers: names alone
    // (a list of towns, of products) are too easy to mistake.
    if (strong) {
      for (size_t u = 0; u < unnamed.size(); ++u) {
        const ColumnVotes& v = votes[u];
        if (out.columns[unnamed[u]] == ColumnKind::kUnknown && v.non_empty > 0 &&
            v.name_like * 2 > v.non_empty && v.kinds[0] == v.non_empty) {
          out.columns[unnamed[u]] = ColumnKind::kFullName;
        }
      }
    }
  }

  RowReader reader{out.columns, other_party, header_terms, &out.rejected, home_region, {}};
  reader.care_column = &care_column;
  // Each parent's or guardian's columns read as a row of their own: every other column is
  // "another party's" to that reader, so it reads nothing else (the father's and the
  // mother's are two persons).
  struct GuardianColumns {
    std::vector<ColumnKind> kinds;
    std::vector<bool> other;
  };
  std::vector<GuardianColumns> groups;
  for (int group = 0; group < kGuardianGroups; ++group) {
    if (std::find(guardian_group.begin(), guardian_group.end(), group) == guardian_group.end())
      continue;
    GuardianColumns& g = groups.emplace_back();
    g.kinds.assign(width, ColumnKind::kUnknown);
    g.other.assign(width, true);
    for (size_t c = 0; c < width; ++c) {
      if (guardian_group[c] != group) continue;
      g.kinds[c] = guardian_kinds[c];
      g.other[c] = false;
    }
  }
  std::vector<int64_t> guardian_rejected(width, 0);
  // Each relative's columns read as a row of their own, as a guardian's are; a cell that
  // lists them is read by RelativesOfCell.
  std::vector<int64_t> relative_rejected(width, 0);
  std::vector<RelativeColumns> relative_groups;
  int last_name_column = -1;
  for (size_t c = 0; c < width; ++c) {
    if (out.columns[c] == ColumnKind::kLastName && last_name_column < 0)
      last_name_column = static_cast<int>(c);
  }
  for (size_t c = 0; c < width; ++c) {
    const int group = relative_group[c];
    if (group < 0) continue;
    if (relative_kinds[c] == ColumnKind::kUnknown) {
      RelativeColumns& list = relative_groups.emplace_back();
      list.list_column = static_cast<int>(c);
      list.child = relative_child[c];
      continue;
    }
    auto it = std::find_if(relative_groups.begin(), relative_groups.end(),
                           [&](const RelativeColumns& g) { return g.group == group; });
    if (it == relative_groups.end()) {
      it = relative_groups.emplace(relative_groups.end());
      it->group = group;
      it->child = relative_child[c];
      it->kinds.assign(width, ColumnKind::kUnknown);
      it->other.assign(width, true);
    }
    it->kinds[c] = relative_kinds[c];
    it->other[c] = false;
  }
  const auto relatives_of = [&](const std::vector<std::string>& row, RowPerson& p) {
    std::vector<RowPerson> relatives;
    std::vector<bool> child_of;  // of each relative: a child's column listed them
    if (relative_groups.empty()) return relatives;
    // A child written by their given name alone bears the row's family name.
    std::string family;
    if (last_name_column >= 0 && static_cast<size_t>(last_name_column) < row.size()) {
      family = std::string(Trim(row[static_cast<size_t>(last_name_column)]));
    } else {
      // A full name's family name is the one written in capitals ("MOREL Sandrine",
      // "Sandrine MOREL"); all in capitals ("DUPONT JEAN"), the first, as exports write the
      // surname first; an initial ("J. MOREL") is none of it; written otherwise, which word
      // it is is not known.
      const std::vector<std::string> words = SplitWords(p.name);
      std::vector<std::string> capitals;
      for (const std::string& w : words) {
        if (w.size() >= 2 && w.find('.') == std::string::npos &&
            std::none_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
          capitals.push_back(w);
        }
      }
      if (!capitals.empty()) {
        family = capitals.size() == words.size() ? capitals.front() : capitals.back();
      }
    }
    auto full_name = [&](const std::string& name, bool child) {
      return child && name.find(' ') == std::string::npos && !family.empty() ? name + " " + family
                                                                             : name;
    };
    for (const RelativeColumns& g : relative_groups) {
      if (g.list_column >= 0) {
        const auto c = static_cast<size_t>(g.list_column);
        if (c >= row.size()) continue;
        for (CellRelative& cr : RelativesOfCell(Trim(row[c]))) {
          // A child by their given name and birth date; another relative by two names.
          if (g.child ? cr.born.empty() : cr.name.find(' ') == std::string::npos) continue;
          RowPerson& q = relatives.emplace_back();
          child_of.push_back(g.child);
          q.row_number = p.row_number;
          q.relative = true;
          q.name = full_name(cr.name, g.child);
          q.guardian_email = p.email;  // a minor's contact (an adult's is their own)
          q.findings.push_back({DataCategory::kPersonName, "table.relative", cr.name_begin,
                                cr.name_end, NormaliseName(q.name), 0.8, "column", false});
          q.columns.push_back(g.list_column);
          if (!cr.born.empty()) {
            q.findings.push_back({DataCategory::kDateOfBirth, "table.date_of_birth", cr.born_begin,
                                  cr.born_end, std::move(cr.born), 0.9, "column+date", false});
            q.columns.push_back(g.list_column);
          }
        }
        continue;
      }
      RowPerson q;
      q.row_number = p.row_number;
      q.relative = true;
      RowReader relative_reader{g.kinds,     g.other, header_terms, &relative_rejected,
                                home_region, {}};
      relative_reader.Read(row, &q);
      if (!IsPerson(q)) continue;
      // A name read from a surname's column alone gets nothing added ("LEROY", not "LEROY
      // LEROY").
      const bool given =
          std::find(g.kinds.begin(), g.kinds.end(), ColumnKind::kFirstName) != g.kinds.end();
      if (const std::string name = full_name(q.name, g.child && given); name != q.name) {
        q.name = name;
        for (Finding& f : q.findings) {
          if (f.category == DataCategory::kPersonName) f.value = NormaliseName(name);
        }
      }
      q.guardian_email = p.email;
      relatives.push_back(std::move(q));
      child_of.push_back(g.child);
    }
    // A remark of the row about one of them — by their given name ("Enfant Jules : ALD asthme
    // sévère" in the employee's Observations), or by what they are to the row's person when
    // the row has one such ("incarcération du conjoint") — is that relative's, not the row's
    // person's. Only in the clause of the remark that holds the finding ("RQTH ; Lou :
    // asthme": the RQTH stays the employee's), the name capitalised as written ("grâce à la
    // RQTH" names no Grâce), and not a name of the row's person too ("Léo (père)").
    const std::vector<std::string> own_words = SplitWords(FoldWords(p.name));
    auto given_of = [](const std::string& name) {
      for (const std::string& w : SplitWords(name)) {
        if (std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return w;
      }
      return std::string();
    };
    for (size_t k = 0; k < p.findings.size();) {
      const Finding& f = p.findings[k];
      const auto c = static_cast<size_t>(p.columns[k]);
      RowPerson* about = nullptr;
      if (InfoOf(f.category).special && c < row.size()) {
        const std::string_view cell = Trim(row[c]);
        size_t from = f.begin < cell.size() ? f.begin : 0;
        while (from > 0 && cell[from - 1] != ';' && cell[from - 1] != '\n') --from;
        size_t to = std::min(f.end, cell.size());
        while (to < cell.size() && cell[to] != ';' && cell[to] != '\n') ++to;
        const std::string_view clause = cell.substr(from, to - from);
        const std::string folded = FoldWords(clause);
        bool named = false;
        for (RowPerson& q : relatives) {
          const std::string given = given_of(q.name);
          if (given.empty() ||
              std::find(own_words.begin(), own_words.end(), FoldWords(given)) != own_words.end()) {
            continue;
          }
          bool written = false;  // whole word, as written
          for (size_t at = clause.find(given); at != std::string_view::npos && !written;
               at = clause.find(given, at + 1)) {
            const size_t end = at + given.size();
            written = (at == 0 || !IsWordByte(clause[at - 1])) &&
                      (end == clause.size() || !IsWordByte(clause[end]));
          }
          if (!written) continue;
          named = true;
          if (about != nullptr) {  // two relatives named: no one of them in particular
            about = nullptr;
            break;
          }
          about = &q;
        }
        const bool spouse = HasAny(folded, {"conjoint", "conjointe", "epoux", "epouse", "mari",
                                            "compagnon", "compagne", "concubin", "concubine"});
        const bool child = HasAny(folded, {"enfant", "fils", "fille"});
        if (!named && spouse != child) {
          for (size_t j = 0; j < relatives.size(); ++j) {
            if (child_of[j] != child) continue;
            if (about != nullptr) {  // two of them: which one is not said
              about = nullptr;
              break;
            }
            about = &relatives[j];
          }
        }
      }
      if (about == nullptr) {
        ++k;
        continue;
      }
      about->findings.push_back(std::move(p.findings[k]));
      about->columns.push_back(p.columns[k]);
      p.findings.erase(p.findings.begin() + static_cast<std::ptrdiff_t>(k));
      p.columns.erase(p.columns.begin() + static_cast<std::ptrdiff_t>(k));
    }
    return relatives;
  };
  for (size_t r = first_data; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (header && row == *header) continue;  // the header repeated (a page break)
    RowPerson p;
    // Room for a finding a column and the name: one allocation a row, not one a finding.
    p.findings.reserve(std::min<size_t>(row.size(), 16) + 1);
    p.columns.reserve(std::min<size_t>(row.size(), 16) + 1);
    p.row_number =
        r < table.row_numbers.size() ? table.row_numbers[r] : static_cast<int64_t>(r) + 1;
    const bool totals = reader.Read(row, &p);
    if (!totals && IsPerson(p)) {
      // A parent with their address or phone in the child's row is a person of that row too:
      // their data are theirs, not the sender's (a school's list gave the parents' mobiles
      // to its director).
      std::vector<RowPerson> parents;
      for (const GuardianColumns& columns : groups) {
        RowPerson g;
        g.row_number = p.row_number;
        g.guardian = true;
        RowReader guardian_reader{columns.kinds,      columns.other, header_terms,
                                  &guardian_rejected, home_region,   {}};
        guardian_reader.Read(row, &g);
        const bool reachable =
            !g.email.empty() ||
            std::any_of(g.findings.begin(), g.findings.end(),
                        [](const Finding& f) { return f.category == DataCategory::kPhone; });
        if (!reachable) continue;
        if (p.guardian_email.empty()) p.guardian_email = g.email;
        parents.push_back(std::move(g));
      }
      std::vector<RowPerson> relatives = relatives_of(row, p);
      out.persons.push_back(std::move(p));
      for (RowPerson& g : parents) out.persons.push_back(std::move(g));
      for (RowPerson& q : relatives) out.persons.push_back(std::move(q));
    } else {
      ++out.rows_without_person;
    }
  }
  return out;
}

std::string NormaliseEmployeeNumber(std::string_view cell) {
  std::string out;
  for (const char c : cell) {
    if (c == ' ' || c == '-' || c == '.' || c == '_' || c == '/' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (!out.empty() && out.find_first_not_of("0123456789") == std::string::npos) {
    const size_t first = out.find_first_not_of('0');
    out = first == std::string::npos ? "0" : out.substr(first);
  }
  return out;
}

}  // namespace breachkit
