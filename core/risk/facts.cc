#include "core/risk/facts.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <fmt/core.h>

#include "core/detect/text_util.h"
#include "core/model/cnil_lists.h"
#include "core/model/incident_texts.h"
#include "core/profile/regime.h"
#include "core/util/ascii.h"

namespace breachkit {
namespace {

// Words of a subject line that show the messages are about applications for a job.
// Not "candidats" alone: a works council's election has its candidates too (helper-76).
constexpr std::string_view kRecruitmentWords[] = {
    "candidature",    "candidat",    "recrutement", "poste",     "entretien d'embauche",
    "offre d'emploi", "application", "applicants",  "job",       "position",
    "vacancy",        "hiring",      "recruitment", "shortlist", "short-list"};

// Words of a subject line that name a health service or a treatment, and words that make
// its recipients that service's patients (an appointment, results, a treatment, said to them):
// all in the original's subject say who the recipients are ("Rappel : votre consultation de
// diabétologie"). A recruitment's subject ("Candidature – infirmier en oncologie") is none.
constexpr std::string_view kHealthServiceWords[] = {"diabetologie",
                                                    "diabetologue",
                                                    "oncologie",
                                                    "oncologue",
                                                    "cancerologie",
                                                    "cardiologie",
                                                    "cardiologue",
                                                    "psychiatrie",
                                                    "psychiatre",
                                                    "pedopsychiatrie",
                                                    "addictologie",
                                                    "dialyse",
                                                    "chimiotherapie",
                                                    "radiotherapie",
                                                    "hematologie",
                                                    "nephrologie",
                                                    "neurologie",
                                                    "gynecologie",
                                                    "obstetrique",
                                                    "fertilite",
                                                    "pma",
                                                    "ivg",
                                                    "depistage",
                                                    "vih",
                                                    "hepatite",
                                                    "endocrinologie",
                                                    "rhumatologie",
                                                    "pneumologie",
                                                    "dermatologie",
                                                    "gastroenterologie",
                                                    "psychologue",
                                                    "orthophonie",
                                                    "kinesitherapie",
                                                    "radiologie",
                                                    "irm",
                                                    "bilan sanguin",
                                                    "analyses medicales",
                                                    "laboratoire d analyses",
                                                    "vaccination",
                                                    "oncology",
                                                    "cardiology",
                                                    "psychiatry",
                                                    "diabetes clinic",
                                                    "dialysis",
                                                    "chemotherapy",
                                                    "radiotherapy",
                                                    "hiv",
                                                    "fertility",
                                                    "ivf",
                                                    "blood test",
                                                    "mental health",
                                                    "physiotherapy"};
constexpr std::string_view kPatientWords[] = {
    "consultation", "consultations", "rendez vous", "rdv",     "resultats",       "resultat",
    "ordonnance",   "traitement",    "seance",      "seances", "hospitalisation", "admission",
    "examen",       "examens",       "appointment", "results", "treatment"};
// And the words that address the patient: "votre consultation", "your appointment", "patients"
// (a staff meeting's "Rappel : réunion du service de cardiologie" has none).
constexpr std::string_view kAddressedWords[] = {"votre",    "vos",      "your",     "patient",
                                                "patients", "patiente", "patientes"};

// Whether `words` (FoldWords: one space between two words) holds `phrase` as whole words.
bool HoldsWords(const std::string& words, std::string_view phrase) {
  const std::string padded = " " + words + " ";
  return padded.find(" " + std::string(phrase) + " ") != std::string::npos;
}

// Whether an address's local part shows a name: two or more words of letters, each of two or
// more, joined by '.', '_' or '-' ("ines.martin", "jean-paul_roux"); "im2025" or "j.roux" not.
bool AddressRevealsName(std::string_view address) {
  const std::string_view local = address.substr(0, address.find('@'));
  int words = 0;
  size_t letters = 0;
  for (size_t k = 0; k <= local.size(); ++k) {
    const bool end = k == local.size() || local[k] == '.' || local[k] == '_' || local[k] == '-';
    if (end) {
      if (letters < 2) return false;
      ++words;
      letters = 0;
      continue;
    }
    const auto c = static_cast<unsigned char>(local[k]);
    if (!IsAsciiAlpha(local[k]) && c < 0x80) return false;  // a digit, a '+': not a name
    if (c < 0x80 || c >= 0xC0) ++letters;                   // a UTF-8 letter counts once
  }
  return words >= 2;
}

// The persons' part of the facts: how many, their categories, how many are shown by name
// (a display name, or an address that spells it).
template <typename Subjects>
void SetPersons(const Subjects& subjects, RiskFacts* f) {
  f->persons_by_category.clear();
  f->addresses_exposed = false;
  int64_t named = 0, count = 0;
  for (const Subject& s : subjects) {
    ++count;
    std::set<std::string_view> kinds;
    for (const ExposedItem& item : s.items) {
      kinds.insert(item.kind);
      if (item.kind == "address") f->addresses_exposed = true;
    }
    if (kinds.contains("name") || (kinds.contains("address") && AddressRevealsName(s.address)))
      ++named;
    for (std::string_view kind : kinds) {
      if (auto c = CategoryFromName(kind)) ++f->persons_by_category[*c];
    }
  }
  f->name_revealing_share = count == 0 ? 0 : double(named) / double(count);
}

}  // namespace

std::string KindsKey(const Subject& subject) {
  std::set<std::string_view> kinds;
  for (const ExposedItem& item : subject.items) {
    // Their e-mail address written in a text is the datum their address in the headers is:
    // one group, one "e-mail address" in its label.
    kinds.insert(item.kind == "email" ? std::string_view("address") : item.kind);
  }
  // Minors are a group of their own: a vulnerable person's score (ENISA) is not an adult's.
  if (subject.minor) kinds.insert(kMinorKind);
  std::string key;
  for (std::string_view k : kinds) {
    if (!key.empty()) key += ' ';
    key += k;
  }
  return key;
}

std::string KindsLabel(std::string_view kinds, std::string_view lang) {
  const bool fr = lang == "fr";
  std::string out;
  std::vector<std::string_view> labels;  // each once, whatever the kinds that share it
  bool minors = false;
  for (const std::string& kind : SplitWords(kinds)) {
    if (kind == kMinorKind) {
      minors = true;
      continue;
    }
    std::string_view label = kind;
    if (kind == "address") {
      label = fr ? "adresse électronique" : "e-mail address";
    } else if (kind == "name") {
      label = fr ? "nom affiché" : "display name";
    } else if (auto c = CategoryFromName(kind)) {
      label = fr ? InfoOf(*c).label_fr : InfoOf(*c).label_en;
    }
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) continue;
    labels.push_back(label);
    out += (out.empty() ? "" : ", ") + std::string(label);
  }
  if (minors) out += fr ? " (mineurs)" : " (minors)";
  return out;
}

std::vector<RiskGroupFacts> GroupFactsFrom(const ExposureReport& r, const RiskFacts& breach) {
  std::map<std::string, std::vector<std::reference_wrapper<const Subject>>> members;
  for (const Subject& s : r.subjects) members[KindsKey(s)].push_back(std::cref(s));
  std::vector<RiskGroupFacts> groups;
  for (const auto& [key, subjects] : members) {
    RiskGroupFacts g{key, breach};
    SetPersons(subjects, &g.facts);
    if (HoldsWords(key, kMinorKind)) g.facts.vulnerable = true;
    g.facts.persons_affected = static_cast<int64_t>(subjects.size());
    groups.push_back(std::move(g));
  }
  return groups;
}

RiskFacts FactsFrom(const ExposureReport& r, const IncidentInfo& incident) {
  RiskFacts f;
  f.max_audience = r.max_audience;
  f.third_party_recipients = static_cast<int64_t>(r.third_party_recipients.size());
  f.third_parties_on_list = r.ThirdPartiesOnOriginalList();
  if (auto it = r.functional_addresses.find("list"); it != r.functional_addresses.end())
    f.mailing_lists = it->second;
  SetPersons(r.subjects, &f);
  f.persons_affected = r.persons_affected;
  const std::string subject = Fold(r.original_subject);
  for (std::string_view w : kRecruitmentWords) {
    const size_t at = subject.find(w);
    if (at == std::string::npos) continue;
    const bool left = at == 0 || !IsAsciiAlpha(subject[at - 1]);
    const bool right = at + w.size() >= subject.size() || !IsAsciiAlpha(subject[at + w.size()]);
    if (left && right) {
      f.recruitment_context = true;
      f.context_evidence = r.original_subject;
      break;
    }
  }
  const std::string words = FoldWords(r.original_subject);
  auto holds_any = [&](const auto& list) {
    return std::any_of(std::begin(list), std::end(list),
                       [&](std::string_view w) { return HoldsWords(words, w); });
  };
  if (!f.recruitment_context && holds_any(kHealthServiceWords) && holds_any(kPatientWords) &&
      holds_any(kAddressedWords)) {
    f.health_context = true;
    f.health_evidence = r.original_subject;
  }
  f.vulnerable = incident.persons_vulnerable;
  f.unintelligible = incident.data_unintelligible;
  f.integrity = incident.nature_integrity;
  f.availability = incident.nature_availability;
  // The cause is a code of the CNIL's list since schema v13 (its label read here: "Acte
  // interne malveillant", "Acte externe malveillant"), free text before.
  const std::string cause = Fold(LabelsOf("cause", incident.cause));
  // Codes 8 (Mineurs) and 9 (Personnes vulnérables) of the persons' list say what the flag
  // says; "Mineurs" only when the evidence shows none: those it shows are a group of their
  // own, scored as such (ticking it made every adult's group "must inform").
  for (const std::string& label :
       CodeLabels(*CnilCodeList("person-categories"), incident.person_categories)) {
    if ((label == "Mineurs" && r.Minors() == 0) || label == "Personnes vulnérables")
      f.vulnerable = true;
  }
  f.malicious = cause.find("malveillant") != std::string::npos ||
                cause.find("malicious") != std::string::npos;
  return f;
}

int64_t PersonsSeenInFiles(const ExposureReport& r) {
  return std::count_if(r.subjects.begin(), r.subjects.end(),
                       [](const Subject& s) { return s.content || s.seen_in_table; });
}

IncidentShape ShapeOf(const ExposureReport& r, const IncidentInfo& incident) {
  const int64_t in_files = PersonsSeenInFiles(r);
  if (in_files > 0 && in_files * 2 >= r.persons_affected) return IncidentShape::kFileSentByMistake;
  return FactsFrom(r, incident).recruitment_context ? IncidentShape::kRecruitmentShown
                                                    : IncidentShape::kAddressesShown;
}

std::vector<std::string> RefreshProposals(IncidentInfo* incident, IncidentShape shape) {
  std::vector<std::string> refreshed;
  for (std::string_view field : kTextsPerLanguage) {
    for (std::string_view lang : kTextLanguages) {
      if (!IsProposed(*incident, field, lang)) continue;
      std::string* text = TextIn(incident, field, lang);
      const char* proposal = ProposedText(field, lang, shape);
      if (text == nullptr || *text == proposal) continue;
      *text = proposal;
      refreshed.push_back(fmt::format("{} ({})", field, lang));
    }
  }
  return refreshed;
}

RiskPolicy PolicyFrom(const IncidentInfo& incident) {
  RiskPolicy p;
  if (auto b = BandFromName(incident.notify_band)) p.notify_from = *b;
  if (auto b = BandFromName(incident.inform_band)) p.inform_from = *b;
  if (incident.large_audience > 0) p.large_audience = incident.large_audience;
  p.high_risk_only = RegimeNamed(incident.regime).notify_when == NotifyWhen::kHighRisk;
  // Under a high-risk-only regime a lower <notify-from> (the example profile's "medium")
  // would say "notify" where the law asks for nothing: the threshold is at least high.
  if (p.high_risk_only) p.notify_from = std::max(p.notify_from, Band::kHigh);
  return p;
}

}  // namespace breachkit
