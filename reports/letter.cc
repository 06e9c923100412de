#include "reports/letter.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/core.h>
#include <pugixml.hpp>

#include "core/detect/finding.h"
#include "core/model/incident_texts.h"
#include "core/persons/person_name.h"
#include "core/util/ascii.h"
#include "core/util/xml_validate.h"
#include "reports/french.h"

namespace breachkit {

extern const char kLetterTemplateXsd[];
extern const char kLetterTemplateFr[];
extern const char kLetterTemplateEn[];

namespace {

constexpr std::array<std::string_view, 25> kPlaceholders{
    "controller_name", "controller_address", "date",           "reference",         "salutation",
    "first_exposure",  "last_exposure",      "your_data",      "messages",          "audience",
    "outside",         "consequences",       "measures_taken", "measures_planned",  "dpo_name",
    "dpo_email",       "dpo_phone",          "signatory_name", "signatory_title",   "person_name",
    "person_address",  "messages_in_words",  "seen_by",        "your_consequences", "your_advice"};

// Placeholders that stand for a list: the block is cut there, the list printed as bullets.
bool IsListPlaceholder(std::string_view name) {
  return name == "your_consequences" || name == "your_advice";
}

// The kinds a <by-category> entry may name: the person's address and name, and every data
// category.
std::vector<std::string_view> KnownKinds() {
  std::vector<std::string_view> kinds{"address", "name"};
  for (int k = 0; k < static_cast<int>(DataCategory::kCount); ++k)
    kinds.push_back(InfoOf(static_cast<DataCategory>(k)).name);
  return kinds;
}

// Reads <by-category>; each kind must be known, and a template that prints the lists must
// give every kind an entry (a person would otherwise read nothing about a kind of theirs).
Status ReadByCategory(const pugi::xml_node& root, std::string_view xml, LetterTemplate* t) {
  const std::vector<std::string_view> known = KnownKinds();
  for (const pugi::xml_node& c : root.child("by-category").children("category")) {
    CategoryText entry{SplitWords(c.attribute("kinds").as_string()),
                       SplitWords(c.attribute("unless").as_string()),
                       c.child("consequence").text().as_string(),
                       c.child("advice").text().as_string(), LineOf(xml, c.offset_debug())};
    for (const auto* list : {&entry.kinds, &entry.unless}) {
      for (const std::string& kind : *list) {
        if (std::find(known.begin(), known.end(), kind) == known.end()) {
          std::string names;
          for (auto k : known) names += (names.empty() ? "" : ", ") + std::string(k);
          return Fail(ErrorCode::kInvalidInput,
                      "{}:{}: unknown kind '{}' in <category> (known: {})", t->file_name,
                      entry.line, kind, names);
        }
      }
    }
    t->by_category.push_back(std::move(entry));
  }
  if (!t->Uses("your_consequences") && !t->Uses("your_advice")) return Ok();
  std::string uncovered;
  for (std::string_view kind : known) {
    const bool covered =
        std::any_of(t->by_category.begin(), t->by_category.end(), [&](const CategoryText& e) {
          return std::find(e.kinds.begin(), e.kinds.end(), kind) != e.kinds.end();
        });
    if (!covered) uncovered += (uncovered.empty() ? "" : ", ") + std::string(kind);
  }
  if (!uncovered.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "{}: {{your_consequences}} and {{your_advice}} need a <by-category> entry for "
                "every kind of data; none for: {}",
                t->file_name, uncovered);
  }
  return Ok();
}

bool IsPlaceholderChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

// Calls `on_literal` and `on_placeholder` over `text` in one pass. "{name}" with a known
// shape is a placeholder; any other brace is literal text.
template <typename L, typename P>
void Scan(std::string_view text, L&& on_literal, P&& on_placeholder) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open == std::string_view::npos) {
      on_literal(text.substr(i));
      return;
    }
    size_t j = open + 1;
    while (j < text.size() && IsPlaceholderChar(text[j])) ++j;
    if (j < text.size() && text[j] == '}' && j > open + 1) {
      on_literal(text.substr(i, open - i));
      on_placeholder(text.substr(open + 1, j - open - 1));
      i = j + 1;
    } else {
      on_literal(text.substr(i, open + 1 - i));
      i = open + 1;
    }
  }
}

std::string DateInWords(int64_t t, std::string_view lang, std::string_view zone) {
  return lang == "fr" ? FrenchDate(t, zone) : EnglishDate(t, zone);
}

std::string LastTwo(std::string_view masked) {
  std::string digits;
  for (char c : masked) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits.size() >= 2 ? digits.substr(digits.size() - 2) : "";
}

}  // namespace

Result<LetterTemplate> ParseLetterTemplate(std::string_view xml, std::string_view file_name) {
  if (auto st = ValidateXml(xml, kLetterTemplateXsd, file_name); !st)
    return std::unexpected(st.error());
  pugi::xml_document doc;
  const std::string buffer(xml);
  const pugi::xml_parse_result parsed = doc.load_buffer(buffer.data(), buffer.size());
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput, "{}:{}: {}", file_name, LineOf(xml, parsed.offset),
                parsed.description());
  }
  LetterTemplate t;
  t.file_name = std::string(file_name);
  const pugi::xml_node root = doc.child("letter");
  t.lang = root.attribute("lang").as_string();
  for (const pugi::xml_node& block : root.children()) {
    if (block.type() != pugi::node_element) continue;
    TemplateBlock b{block.name(), block.text().as_string(), LineOf(xml, block.offset_debug())};
    std::string error;
    Scan(
        b.text, [](std::string_view) {},
        [&](std::string_view name) {
          if (error.empty() &&
              std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
            error = std::string(name);
          }
        });
    if (!error.empty()) {
      std::string known;
      for (auto k : kPlaceholders) known += (known.empty() ? "" : ", ") + std::string(k);
      return Fail(ErrorCode::kInvalidInput, "{}:{}: unknown placeholder {{{}}} in <{}> (known: {})",
                  file_name, b.line, error, b.name, known);
    }
    t.blocks.push_back(std::move(b));
  }
  if (auto st = ReadByCategory(root, xml, &t); !st) return std::unexpected(st.error());
  return t;
}

bool LetterTemplate::Uses(std::string_view name) const {
  bool found = false;
  for (const TemplateBlock& b : blocks) {
    Scan(b.text, [](std::string_view) {}, [&](std::string_view n) { found = found || n == name; });
  }
  return found;
}

PersonalTexts PersonalTextsOf(const LetterTemplate& tmpl, const Subject& person) {
  std::set<std::string_view> kinds;
  for (const ExposedItem& item : person.items) kinds.insert(item.kind);
  auto any = [&](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& k) { return kinds.contains(k); });
  };
  PersonalTexts out;
  auto add = [](std::vector<std::string>* to, const std::string& text) {
    if (!text.empty() && std::find(to->begin(), to->end(), text) == to->end()) to->push_back(text);
  };
  for (const CategoryText& e : tmpl.by_category) {
    if (!any(e.kinds) || any(e.unless)) continue;
    add(&out.consequences, e.consequence);
    add(&out.advice, e.advice);
  }
  return out;
}

Result<LetterTemplate> BuiltinLetterTemplate(std::string_view lang) {
  if (lang == "fr")
    return ParseLetterTemplate(kLetterTemplateFr, "schemas/templates/letter-fr.xml");
  if (lang == "en")
    return ParseLetterTemplate(kLetterTemplateEn, "schemas/templates/letter-en.xml");
  return Fail(ErrorCode::kUsage, "no letter template for language '{}' (fr or en)", lang);
}

namespace {

// The placeholder that prints a record text: its `set` name with '_' for '-'.
std::string PlaceholderOf(std::string_view field) {
  std::string placeholder(field);
  std::replace(placeholder.begin(), placeholder.end(), '-', '_');
  return placeholder;
}

}  // namespace

std::vector<std::string> UnconfirmedInLetters(const IncidentInfo& i, const LetterTemplate& tmpl) {
  std::vector<std::string> out;
  for (std::string_view field : kTextsPerLanguage) {
    if (tmpl.Uses(PlaceholderOf(field)) && IsProposed(i, field, tmpl.lang)) out.emplace_back(field);
  }
  return out;
}

Status CheckLetterFields(const IncidentInfo& i, const LetterTemplate& tmpl) {
  std::vector<std::string> missing;
  if (!i.nature_confidentiality && !i.nature_integrity && !i.nature_availability)
    missing.push_back("the nature of the breach (breachkit set integrity yes, or init)");
  if (i.dpo_name.empty() || i.dpo_email.empty())
    missing.push_back("the DPO contact (breachkit init --org FILE.xml)");
  // The record's texts in the letter's language: never the other language's in its place.
  const std::string lang = tmpl.lang == i.language ? "" : " --lang " + tmpl.lang;
  const std::string in = tmpl.lang == i.language ? ""
                         : tmpl.lang == "en"     ? " in English"
                                                 : " in French";
  for (auto [field, what] : {std::pair{"consequences", "the likely consequences"},
                             std::pair{"measures-taken", "the measures taken"},
                             std::pair{"measures-planned", "the measures planned"}}) {
    const std::string* text = TextIn(i, field, tmpl.lang);
    if (tmpl.Uses(PlaceholderOf(field)) && (text == nullptr || text->empty()))
      missing.push_back(fmt::format("{}{} (breachkit set {}{} \"…\")", what, in, field, lang));
  }
  if (missing.empty()) return Ok();
  std::string list;
  for (const auto& m : missing) list += "\n  - " + m;
  return Fail(ErrorCode::kInvalidInput,
              "the letters cannot be written: GDPR Art. 34(2) requires what the record lacks:{}",
              list);
}

std::string ExposedInWords(const Subject& s, std::string_view lang, std::string_view zone) {
  const bool fr = lang == "fr";
  std::vector<std::string> parts;
  // The address and the name first, then the rest, each kind said once.
  for (const ExposedItem& item : s.items) {
    if (item.kind == "address")
      parts.push_back((fr ? "votre adresse électronique (" : "your e-mail address (") + s.address +
                      ")");
  }
  for (const ExposedItem& item : s.items) {
    if (item.kind == "name") {
      parts.push_back(s.display_name.empty()
                          ? (fr ? "votre nom" : "your name")
                          : (fr ? "votre nom (" : "your name (") + s.display_name + ")");
    }
  }
  std::vector<std::string_view> kinds;
  for (const ExposedItem& item : s.items) {
    if (item.kind != "address" && item.kind != "name" &&
        std::find(kinds.begin(), kinds.end(), item.kind) == kinds.end()) {
      kinds.push_back(item.kind);
    }
  }
  for (std::string_view kind : kinds) {
    std::vector<const ExposedItem*> same;
    std::optional<int64_t> first;
    for (const ExposedItem& item : s.items) {
      if (item.kind != kind) continue;
      same.push_back(&item);
      if (item.first_exposure)
        first = std::min(first.value_or(*item.first_exposure), *item.first_exposure);
    }
    const std::string when =
        first ? (fr ? " (message du " : " (message of ") + DateInWords(*first, lang, zone) + ")"
              : "";
    const size_t n = same.size();
    if (kind == "phone") {
      std::string ends;
      for (const ExposedItem* i : same)
        ends += (ends.empty() ? "" : fr ? " et " : " and ") + LastTwo(i->masked);
      parts.push_back(
          (n == 1
               ? (fr ? "un numéro de téléphone se terminant par " : "a phone number ending in ")
               : (fr ? "des numéros de téléphone se terminant par " : "phone numbers ending in ")) +
          ends + when);
    } else if (kind == "iban") {
      // A British account is its sort code and number, no IBAN ("••-••-•• ••••••10").
      const bool account = same.front()->masked.starts_with("••-••-••");
      parts.push_back((account
                           ? (fr ? "vos coordonnées bancaires (numéro de compte se terminant par "
                                 : "your bank details (account number ending in ")
                           : (fr ? "vos coordonnées bancaires (IBAN se terminant par "
                                 : "your bank details (IBAN ending in ")) +
                      LastTwo(same.front()->masked) + ")" + when);
    } else if (auto c = CategoryFromName(kind)) {
      const std::string label(fr ? InfoOf(*c).label_fr : InfoOf(*c).label_en);
      parts.push_back(n == 1 ? (fr ? "une donnée de type « " : "a piece of data of type \"") +
                                   label + (fr ? " »" : "\"") + when
                      : fr ? fmt::format("{} données de type « {} »{}", n, label, when)
                           : fmt::format("{} pieces of data of type \"{}\"{}", n, label, when));
    }
  }
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += k + 1 == parts.size() ? (fr ? " et " : " and ") : ", ";
    out += parts[k];
  }
  return out;
}

Result<Document> ComposeLetter(const LetterTemplate& tmpl, const LetterContext& c) {
  const IncidentInfo& i = c.incident;
  const Subject& p = c.person;
  const bool fr = tmpl.lang == "fr";
  const std::string zone = i.timezone;
  std::map<std::string_view, std::string> values;
  values["controller_name"] = i.controller_name;
  values["controller_address"] = i.controller_address;
  values["date"] = DateInWords(c.date, tmpl.lang, zone);
  values["reference"] = c.reference;
  // Civility is not known from an e-mail: a neutral salutation with the name put in order
  // ("Martin, Inès" and "MARTIN Inès" greet "Inès Martin"), or none when there is no name.
  const std::string greeting = NameForGreeting(p.display_name);
  values["salutation"] = greeting.empty() ? (fr ? "Madame, Monsieur," : "Dear Sir or Madam,")
                                          : (fr ? "Bonjour " : "Dear ") + greeting + ",";
  // A minor's letter is for their legal representatives, and says whose data "your data" are.
  if (p.minor) {
    const std::string child = greeting.empty() ? (fr ? "votre enfant" : "your child") : greeting;
    // "de Léa", "d'Emma": French elides before a vowel.
    const bool vowel = child.find_first_of("AEIOUaeiou") == 0 || child.starts_with("É") ||
                       child.starts_with("È") || child.starts_with("Î") || child.starts_with("Ô");
    values["salutation"] =
        fr ? fmt::format(
                 "Madame, Monsieur,\nNous vous écrivons en votre qualité de représentant "
                 "légal {}{}, qui avait moins de 18 ans au moment des faits : dans cette "
                 "lettre, « vous » et « vos données » désignent {} et ses données.",
                 vowel ? "d'" : "de ", child, child)
           : fmt::format(
                 "Dear parent or guardian,\nWe are writing to you as the parent or legal "
                 "guardian of {}, who was under 18 at the time: in this letter, \"you\" "
                 "and \"your data\" mean {} and their data.",
                 child, child);
  }
  values["first_exposure"] =
      p.first_exposure ? DateInWords(*p.first_exposure, tmpl.lang, zone) : "";
  values["last_exposure"] = p.last_exposure ? DateInWords(*p.last_exposure, tmpl.lang, zone) : "";
  values["your_data"] = ExposedInWords(p, tmpl.lang, zone);
  values["messages"] = std::to_string(p.messages);
  values["audience"] = std::to_string(p.max_audience);
  // The same in words, with real plurals ("37 messages", "un message"; "Une personne a pu
  // les voir.").
  values["messages_in_words"] = p.messages == 1 ? (fr ? "un message" : "one message")
                                                : (fr ? FrenchNumber(p.messages) + " messages"
                                                      : fmt::format("{} messages", p.messages));
  // The largest audience of one message: over several messages, more people may have seen
  // them (the union is not counted), never fewer — "at least", not "up to".
  const bool one_message = p.messages <= 1;
  values["seen_by"] =
      p.max_audience == 1 && one_message
          ? (fr ? "Une personne a pu les voir." : "One person could see them.")
      : one_message
          ? (fr ? fmt::format("{} personnes ont pu les voir.", FrenchNumber(p.max_audience))
                : fmt::format("{} people could see them.", p.max_audience))
          : (fr ? fmt::format("Au moins {} {} pu les voir.", FrenchNumber(p.max_audience),
                              p.max_audience == 1 ? "personne a" : "personnes ont")
                : fmt::format("At least {} {} could see them.", p.max_audience,
                              p.max_audience == 1 ? "person" : "people"));
  values["outside"] = p.reached_outside_list
                          ? (fr ? "Elles ont aussi atteint au moins une personne qui ne figurait "
                                  "pas parmi les destinataires d'origine."
                                : "They also reached at least one person who was not among the "
                                  "original recipients.")
                          : "";
  // The record's texts in the letter's language (CheckLetterFields refuses a missing one).
  auto text_in = [&](std::string_view field) {
    const std::string* text = TextIn(i, field, tmpl.lang);
    return text != nullptr ? *text : std::string();
  };
  values["consequences"] = text_in("consequences");
  values["measures_taken"] = text_in("measures-taken");
  values["measures_planned"] = text_in("measures-planned");
  values["dpo_name"] = i.dpo_name;
  values["dpo_email"] = i.dpo_email;
  values["dpo_phone"] = i.dpo_phone.empty() ? "" : (fr ? ", téléphone " : ", phone ") + i.dpo_phone;
  values["signatory_name"] = i.signatory_name;
  values["signatory_title"] = i.signatory_title;
  values["person_name"] = greeting.empty() ? p.display_name : greeting;
  values["person_address"] = p.address;

  Document doc;
  doc.author = i.controller_name;
  doc.subject = fr ? "Information de la personne concernée (art. 34 RGPD)"
                   : "Information of the data subject (GDPR Art. 34)";
  Section body{"", {}};
  // A person whose data were seen in a row of a table (an attachment someone else sent) gets
  // the "-table" wording of a block when the template has one: a file about them was sent.
  // Where their data were seen decides, not whether they have a mailbox of their own (a row
  // may hold the person's own outside address).
  const bool table = p.seen_in_table;
  const PersonalTexts personal = PersonalTextsOf(tmpl, p);
  // A draft says so before anything else: a proposal nobody confirmed is not sent.
  if (!c.unconfirmed.empty()) {
    std::string fields, commands;
    for (const std::string& f : c.unconfirmed) {
      const std::string what = !fr                     ? f
                               : f == "consequences"   ? "conséquences"
                               : f == "measures-taken" ? "mesures prises"
                                                       : "mesures envisagées";
      fields += (fields.empty() ? "" : ", ") + what;
      commands += fmt::format("{}breachkit set --confirm {}{}", commands.empty() ? "" : " ; ", f,
                              tmpl.lang == i.language ? "" : " --lang " + tmpl.lang);
    }
    body.blocks.push_back(Paragraph{
        fr ? fmt::format("PROJET, À NE PAS ENVOYER : cette lettre reprend un texte proposé par "
                         "breachkit que le délégué à la protection des données n'a pas encore "
                         "confirmé ({}). Pour confirmer : {}.",
                         fields, commands)
           : fmt::format("DRAFT, NOT TO BE SENT: this letter uses a text proposed by breachkit "
                         "that the data protection officer has not confirmed yet ({}). To "
                         "confirm: {}.",
                         fields, commands)});
  }
  // A block's variant for this person: "-table" (seen in a table), "-shown" (their address
  // shown by a mail that was no recruitment), or none; the plain block where the template
  // has no such variant.
  // "-added": their address added to a reply by another recipient, not sent to them by us
  // (a template without such blocks gives them its "-shown" ones).
  std::set<std::string> names;
  for (const TemplateBlock& b : tmpl.blocks) names.insert(b.name);
  const bool added_blocks = std::any_of(names.begin(), names.end(),
                                        [](const std::string& n) { return n.ends_with("-added"); });
  const std::string variant = table                                 ? "-table"
                              : p.added_by_others && added_blocks   ? "-added"
                              : p.added_by_others || !c.recruitment ? "-shown"
                                                                    : "";
  for (const TemplateBlock& b : tmpl.blocks) {
    const bool a_variant =
        b.name.ends_with("-table") || b.name.ends_with("-shown") || b.name.ends_with("-added");
    if (a_variant ? variant.empty() || !b.name.ends_with(variant)
                  : !variant.empty() && names.contains(b.name + variant)) {
      continue;
    }
    if ((b.name == "why-required" && c.required != true) ||
        (b.name == "why-chosen" && c.required != false)) {
      continue;
    }
    // A list placeholder cuts the block: the text before it, the list as bullets, the text
    // after it.
    std::string text;
    auto flush = [&] {
      const size_t begin = text.find_first_not_of(' ');
      const size_t end = text.find_last_not_of(' ');
      if (begin != std::string::npos)
        body.blocks.push_back(Paragraph{text.substr(begin, end + 1 - begin)});
      text.clear();
    };
    Scan(
        b.text, [&](std::string_view lit) { text.append(lit); },
        [&](std::string_view name) {
          if (IsListPlaceholder(name)) {
            flush();
            const std::vector<std::string>& items =
                name == "your_advice" ? personal.advice : personal.consequences;
            if (!items.empty()) body.blocks.push_back(BulletList{items});
          } else {
            text.append(values[name]);  // inserted, never re-read
          }
        });
    if (b.name == "title") {
      while (!text.empty() && text.back() == ' ') text.pop_back();
      doc.title = (c.unconfirmed.empty() ? "" : fr ? "PROJET – " : "DRAFT – ") + text;
    } else {
      flush();
    }
  }
  doc.sections.push_back(std::move(body));
  doc.lang = tmpl.lang;
  if (fr) TypesetFrench(&doc);
  return doc;
}

}  // namespace breachkit
