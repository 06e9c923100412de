#include "core/model/cnil_lists.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/core.h>
#include <glib.h>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// §1.2 E, MADIS ViolationOriginDictionary, in its order. "Autre" is believed to exist on the
// form (UNCONFIRMED there): kept so that an origin the list lacks can still be said.
constexpr std::array<CodeItem, 11> kOrigins{{
    {"1", "Equipement perdu ou volé"},
    {"2", "Papier perdu, volé ou laissé accessible dans un endroit non sécurisé"},
    {"3", "Courrier perdu ou ouvert avant d'être retourné à l'envoyeur"},
    {"4", "Piratage, logiciel malveillant, hameçonnage"},
    {"5",
     "Mise au rebut de documents papier contenant des données personnelles sans "
     "destruction physique"},
    {"6",
     "Mise au rebut d'appareils numériques contenant des données personnelles sans "
     "effacement sécurisé"},
    {"7", "Publication non volontaire d'informations"},
    {"8", "Données de la mauvaise personne affichées sur le portail du client"},
    {"9", "Données personnelles envoyées à un mauvais destinataire"},
    {"10", "Informations personnelles divulguées de façon verbale"},
    {"11", "Autre", true},
}};

// §1.2 F, MADIS ViolationCauseDictionary: one choice.
constexpr std::array<CodeItem, 5> kCauses{{
    {"1", "Acte interne malveillant"},
    {"2", "Acte interne accidentel"},
    {"3", "Acte externe malveillant"},
    {"4", "Acte externe accidentel"},
    {"5", "Inconnu"},
}};

// §1.2 G, MADIS ViolationConcernedPeopleDictionary.
constexpr std::array<CodeItem, 11> kPersons{{
    {"1", "Employés"},
    {"2", "Utilisateurs"},
    {"3", "Adhérents"},
    {"4", "Étudiants / élèves"},
    {"5", "Personnel militaire"},
    {"6", "Clients (actuels ou potentiels)"},
    {"7", "Patients"},
    {"8", "Mineurs"},
    {"9", "Personnes vulnérables"},
    {"10", "Pas déterminé pour le moment"},
    {"11", "Autres", true},
}};

constexpr std::array<CodeList, 3> kLists{{
    {"origins", "E. Origine de la perte de données", true, kOrigins},
    {"cause", "F. Cause", false, kCauses},
    {"person-categories", "G. Catégories de personnes concernées", true, kPersons},
}};

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string Folded(std::string_view s) {
  DeletableUniquePtr<gchar, g_free> f(g_utf8_casefold(s.data(), static_cast<gssize>(s.size())));
  return f ? std::string(f.get()) : std::string(s);
}

const CodeItem* ByCode(const CodeList& list, std::string_view code) {
  for (const CodeItem& item : list.items) {
    if (item.code == code) return &item;
  }
  return nullptr;
}

// The stored value split into its codes and the text of the item that takes one.
struct Parsed {
  std::vector<std::string> codes;
  std::string text;
};

Parsed Split(std::string_view value) {
  Parsed p;
  const size_t eq = value.find('=');
  if (eq != std::string_view::npos) {
    p.text = Trim(value.substr(eq + 1));
    value = value.substr(0, eq);
  }
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string_view::npos) end = value.size();
    if (std::string code = Trim(value.substr(start, end - start)); !code.empty())
      p.codes.push_back(std::move(code));
    start = end + 1;
  }
  return p;
}

}  // namespace

std::span<const CodeList> CnilCodeLists() { return kLists; }

const CodeList* CnilCodeList(std::string_view field) {
  for (const CodeList& list : kLists) {
    if (list.field == field) return &list;
  }
  return nullptr;
}

std::string DescribeCodeList(const CodeList& list) {
  std::string out = fmt::format("{} ({}; {})\n", list.field, list.title,
                                list.several ? "several codes, comma-separated" : "one code");
  for (const CodeItem& item : list.items) {
    out += fmt::format("  {:>2}  {}{}\n", item.code, item.label,
                       item.takes_text ? " (with its text: " + std::string(item.code) + "=…)" : "");
  }
  return out;
}

Result<std::string> ParseCodes(const CodeList& list, std::string_view typed) {
  auto refuse = [&](const std::string& why) -> Result<std::string> {
    return Fail(ErrorCode::kUsage, "{}: {} (`breachkit set --list {}` lists the codes)\n{}",
                list.field, why, list.field, DescribeCodeList(list));
  };
  const std::string whole = Trim(typed);
  if (whole.empty()) return std::string();  // clears the field
  // A label typed whole, as the list spells it.
  for (const CodeItem& item : list.items) {
    if (!item.takes_text && Folded(whole) == Folded(item.label)) return std::string(item.code);
  }
  const Parsed p = Split(whole);
  std::set<std::string> seen;
  const CodeItem* with_text = nullptr;
  for (const std::string& code : p.codes) {
    const CodeItem* item = ByCode(list, code);
    if (!item) return refuse(fmt::format("'{}' is no code of the list", code));
    if (!seen.insert(code).second) return refuse(fmt::format("code {} is given twice", code));
    if (item->takes_text) with_text = item;
  }
  if (p.codes.empty()) return refuse("no code given");
  if (!list.several && p.codes.size() > 1) return refuse("one code only");
  if (with_text && p.text.empty()) {
    return refuse(fmt::format("code {} ({}) needs its text: {}=…", with_text->code,
                              with_text->label, with_text->code));
  }
  if (!with_text && !p.text.empty()) {
    return refuse("a text after '=' goes with the item that takes one");
  }
  if (with_text && p.codes.back() != with_text->code) {
    return refuse(fmt::format("code {} ({}), which takes the text, comes last", with_text->code,
                              with_text->label));
  }
  std::string out;
  for (const std::string& code : p.codes) out += (out.empty() ? "" : ",") + code;
  if (with_text) out += "=" + p.text;
  return out;
}

std::string LabelsOf(std::string_view field, std::string_view stored) {
  const CodeList* list = CnilCodeList(field);
  if (!list) return std::string(stored);
  std::string out;
  for (const std::string& l : CodeLabels(*list, stored)) out += (out.empty() ? "" : " ; ") + l;
  return out;
}

std::vector<std::string> CodeLabels(const CodeList& list, std::string_view stored) {
  if (stored.empty()) return {};
  const Parsed p = Split(stored);
  std::vector<std::string> labels;
  for (const std::string& code : p.codes) {
    const CodeItem* item = ByCode(list, code);
    if (!item) return {std::string(stored)};  // free text from before the lists were checked
    labels.push_back(item->takes_text ? fmt::format("{} : {}", item->label, p.text)
                                      : std::string(item->label));
  }
  if (labels.empty()) return {std::string(stored)};
  return labels;
}

}  // namespace breachkit
