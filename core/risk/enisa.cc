#include "core/risk/enisa.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <tuple>

#include <fmt/core.h>

#include "core/util/french_numbers.h"

namespace breachkit {
namespace {

// ENISA 2013, Assessment Table 1: base scores of the data processing context.
constexpr double kDpcSimple = 1;       // biographical data, contact details, full name ...
constexpr double kDpcBehavioural = 2;  // location, traffic data, habits
constexpr double kDpcFinancial = 3;    // income, transactions, bank statements, cards
constexpr double kDpcSensitive = 4;    // special categories (health, politics, sexual life)
// ENISA 2013, Annex 2: ease of identification levels.
constexpr double kEiNegligible = 0.25, kEiLimited = 0.5, kEiSignificant = 0.75, kEiMaximum = 1;
// ENISA 2013, Annex 3: circumstances of the breach.
constexpr double kCbKnownRecipients =
    0.25;  // "an email ... wrongly sent to a number of known recipients"
constexpr double kCbUnknownRecipients = 0.5;  // disclosed to an unknown number of recipients
constexpr double kCbIntegrityRecoverable = 0.25;
constexpr double kCbAvailabilityTemporary = 0.25;
constexpr double kCbMalicious = 0.5;
// ENISA 2013 §3.2: severity bands.
constexpr double kBandMedium = 2, kBandHigh = 3, kBandVeryHigh = 4;
// ENISA 2013 §4.1: flag "number of individuals > 100".
constexpr int64_t kFlagIndividuals = 100;

enum class Group { kSimple, kBehavioural, kFinancial, kSensitive, kNone };

// The ENISA group of a detected category (doc/regulatory.md 4.2, ENISA Assessment Table 1);
// every category not listed is sensitive.
// - An employee number and a job title are simple data (identification, "professional
//   experience"). So is a performance evaluation: Table 1 lists no "evaluation", and its
//   behavioural group is location, traffic and habits, not a judgement of someone's work; but
//   an evaluation lets one profile the person, which is Table 1's +1 for simple data ("allows
//   some profiling"): Dpc adds it.
// - A salary is income, the first of Table 1's financial examples: base 3, without the −1
//   that bare account numbers get.
Group GroupOf(DataCategory c) {
  using enum DataCategory;
  auto among = [c](std::initializer_list<DataCategory> list) {
    return std::find(list.begin(), list.end(), c) != list.end();
  };
  if (among({kEmail, kPhone, kPostalAddress, kPersonName, kDateOfBirth, kNir, kIdentityDocument,
             kEmployeeNumber, kJobTitle, kEvaluation})) {
    return Group::kSimple;
  }
  if (among({kIpAddress, kProfileUrl})) return Group::kBehavioural;
  if (among({kIban, kPaymentCard, kSalary})) return Group::kFinancial;
  if (among({kOrganisationId, kCount})) return Group::kNone;
  return Group::kSensitive;
}

std::string Num(double v) { return fmt::format("{:g}", v); }

Band BandOf(double se) {
  if (se >= kBandVeryHigh) return Band::kVeryHigh;
  if (se >= kBandHigh) return Band::kHigh;
  if (se >= kBandMedium) return Band::kMedium;
  return Band::kLow;
}

std::string CategoryList(const RiskFacts& f, Group g, bool fr) {
  std::string out;
  for (const auto& [c, persons] : f.persons_by_category) {
    if (GroupOf(c) != g) continue;
    if (!out.empty()) out += ", ";
    // French puts a space before the colon, English none.
    out += fmt::format(
        "{}{} {} {}", fr ? InfoOf(c).label_fr : InfoOf(c).label_en, fr ? " :" : ":",
        fr ? FrenchNumber(persons) : std::to_string(persons),
        fr ? (persons > 1 ? "personnes" : "personne") : (persons > 1 ? "persons" : "person"));
  }
  return out;
}

Factor Dpc(const RiskFacts& f) {
  Factor out;
  bool simple = f.addresses_exposed, behavioural = false, financial = false, sensitive = false;
  for (const auto& [c, persons] : f.persons_by_category) {
    if (persons <= 0) continue;
    switch (GroupOf(c)) {
      case Group::kSimple: simple = true; break;
      case Group::kBehavioural: behavioural = true; break;
      case Group::kFinancial: financial = true; break;
      case Group::kSensitive: sensitive = true; break;
      case Group::kNone: break;
    }
  }
  double best = 0;
  if (simple) {
    double v = kDpcSimple;
    out.reasons.push_back(
        {"dpc.simple",
         "Données simples (adresses électroniques, noms, coordonnées) : score de base 1 (ENISA, "
         "tableau 1).",
         "Simple data (e-mail addresses, names, contact details): base score 1 (ENISA, Table 1)."});
    if (f.vulnerable) {
      v += 3;
      out.reasons.push_back({"dpc.vulnerable",
                             "Personnes vulnérables ou mineures : +3 (ENISA, tableau 1).",
                             "Vulnerable persons or minors: +3 (ENISA, Table 1)."});
    } else if (f.persons_by_category.contains(DataCategory::kEvaluation)) {
      v += 1;
      out.reasons.push_back(
          {"dpc.evaluation",
           "Évaluations professionnelles exposées : elles permettent un profilage de la "
           "personne : +1 (ENISA, tableau 1, données simples).",
           "Performance evaluations exposed: they allow some profiling of the person: +1 "
           "(ENISA, Table 1, simple data)."});
    } else if (f.recruitment_context) {
      v += 1;
      out.reasons.push_back(
          {"dpc.recruitment-context",
           // The subject says a recruitment, not its outcome (a rejection, an invitation to
           // an interview): the fact of having applied is what allows the assumptions.
           fmt::format("Contexte de recrutement (objet du message d'origine : « {} ») : les "
                       "messages révèlent que la personne "
                       "cherchait un emploi et s'était portée candidate auprès de l'organisme, ce "
                       "qui permet des suppositions sur sa situation : +1, comme dans l'exemple "
                       "ENISA de la base de CV d'un organisme d'aide aux demandeurs d'emploi.",
                       f.context_evidence),
           fmt::format(
               "Recruitment context (subject of the original message: “{}”): the messages reveal "
               "that the person was looking for a "
               "job and had applied to the organisation, which allows assumptions on their "
               "situation: +1, as in ENISA's example of a CV database of an organisation helping "
               "unemployed people.",
               f.context_evidence)});
    }
    best = std::max(best, std::min(v, 4.0));
  }
  if (behavioural) {
    const double v = kDpcBehavioural - 1;
    out.reasons.push_back(
        {"dpc.behavioural",
         fmt::format("Données comportementales ({}) : base 2, −1 car elles ne donnent pas de réel "
                     "aperçu (adresse IP de connexion, profil public) : 1.",
                     CategoryList(f, Group::kBehavioural, true)),
         fmt::format("Behavioural data ({}): base 2, −1 as they give no real insight (connection "
                     "IP address, public profile): 1.",
                     CategoryList(f, Group::kBehavioural, false))});
    best = std::max(best, v);
  }
  if (financial) {
    const bool card = f.persons_by_category.contains(DataCategory::kPaymentCard);
    const bool income = f.persons_by_category.contains(DataCategory::kSalary);
    // An account number with the social security or identity document number of the same
    // persons: what a fraud in their name needs (ENISA Annex A2: the volume of data about
    // the same person raises the score), no longer a bare account number.
    const bool identity = f.persons_by_category.contains(DataCategory::kNir) ||
                          f.persons_by_category.contains(DataCategory::kIdentityDocument);
    const double v = card || income || identity ? kDpcFinancial : kDpcFinancial - 1;
    const std::string fr = CategoryList(f, Group::kFinancial, true);
    const std::string en = CategoryList(f, Group::kFinancial, false);
    if (card) {
      out.reasons.push_back(
          {"dpc.financial",
           fmt::format("Données financières ({}) : numéro de carte bancaire : score de base 3.",
                       fr),
           fmt::format("Financial data ({}): a card number: base score 3.", en)});
    } else if (income) {
      out.reasons.push_back(
          {"dpc.financial",
           fmt::format("Données financières ({}) : des revenus (salaires) : score de base 3 "
                       "(ENISA, tableau 1).",
                       fr),
           fmt::format("Financial data ({}): income (salaries): base score 3 (ENISA, Table 1).",
                       en)});
    } else if (identity) {
      out.reasons.push_back(
          {"dpc.financial",
           fmt::format("Données financières ({}) avec le numéro de sécurité sociale ou d'une "
                       "pièce d'identité des mêmes personnes : ce qu'une fraude en leur nom "
                       "demande, pas de simples numéros de compte : score de base 3 (ENISA, "
                       "tableau 1 ; annexe A2, volume de données sur une même personne).",
                       fr),
           fmt::format("Financial data ({}) with the social security or identity document "
                       "number of the same persons: what a fraud in their name needs, no bare "
                       "account numbers: base score 3 (ENISA, Table 1; Annex A2, volume of data "
                       "about the same person).",
                       en)});
    } else {
      out.reasons.push_back(
          {"dpc.financial",
           fmt::format("Données financières ({}) : base 3, −1 pour de simples numéros de "
                       "compte sans autre information financière (ENISA) : 2.",
                       fr),
           fmt::format("Financial data ({}): base 3, −1 for bare account numbers without other "
                       "financial information (ENISA): 2.",
                       en)});
    }
    best = std::max(best, v);
  }
  if (f.health_context) {
    out.reasons.push_back(
        {"dpc.health-context",
         fmt::format("Contexte de santé (objet du message d'origine : « {} ») : le message "
                     "d'origine révèle que ses destinataires "
                     "sont patients d'un service de santé, une donnée de santé (art. 9) de "
                     "chacun, quoi que disent leurs réponses : score de base 4. Si ce n'est pas "
                     "le cas, breachkit assess --dpc N --why …",
                     f.health_evidence),
         fmt::format("Health context (subject of the original message: “{}”): the original message "
                     "reveals that its recipients are "
                     "patients of a health service, a health datum (Art. 9) of each of them, "
                     "whatever their replies say: base score 4. If it is not so, breachkit "
                     "assess --dpc N --why …",
                     f.health_evidence)});
    best = std::max(best, kDpcSensitive);
  }
  if (sensitive) {
    out.reasons.push_back(
        {"dpc.sensitive",
         fmt::format(
             "Données sensibles (art. 9/10) écrites dans les messages ({}) : score de base 4. À "
             "revoir phrase par phrase (breachkit findings --category …) ; l'ENISA permet de "
             "baisser le score si elles ne permettent que des suppositions générales.",
             CategoryList(f, Group::kSensitive, true)),
         fmt::format("Sensitive data (Art. 9/10) written in the messages ({}): base score 4. "
                     "Review each sentence (breachkit findings --category …); ENISA allows a lower "
                     "score when they only allow general assumptions.",
                     CategoryList(f, Group::kSensitive, false))});
    best = std::max(best, kDpcSensitive);
  }
  if (best == 0) {
    best = kDpcSimple;
    // What the persons affected were exposed with: a finding given to a staff writer, or to
    // no one, is in none of it ("no data detected" while `findings` listed 40 was read as a
    // clean bill).
    out.reasons.push_back(
        {"dpc.none",
         "Aucune donnée d'une personne concernée exposée : score minimal 1. Les constats "
         "attribués au personnel ou à personne n'y entrent pas (breachkit findings).",
         "No data of an affected person exposed: minimum score 1. Findings given to staff or "
         "to no one are not in it (breachkit findings)."});
  }
  out.value = best;
  out.reasons.push_back({"dpc.highest",
                         fmt::format("DPC retenu : le plus élevé, {}.", FrenchDecimal(best)),
                         fmt::format("DPC used: the highest, {}.", Num(best))});
  return out;
}

Factor Ei(const RiskFacts& f) {
  Factor out;
  if (f.name_revealing_share >= 0.5) {
    out.value = kEiMaximum;
    out.reasons.push_back(
        {"ei.name-revealed",
         fmt::format("{:.0f} % des personnes apparaissent avec leur nom (nom affiché ou adresse "
                     "prenom.nom) : une adresse qui révèle le nom donne une identification "
                     "maximale, 1 (ENISA, annexe 2).",
                     f.name_revealing_share * 100),
         fmt::format("{:.0f} % of the persons appear with their name (display name or "
                     "firstname.lastname address): an address revealing the name gives maximum "
                     "identification, 1 (ENISA, Annex 2).",
                     f.name_revealing_share * 100)});
  } else if (f.addresses_exposed) {
    out.value = kEiSignificant;
    out.reasons.push_back(
        {"ei.main-address",
         "Adresses électroniques personnelles, sans nom pour la plupart : 0,75 (ENISA, annexe 2).",
         "Personal e-mail addresses, mostly without a name: 0.75 (ENISA, Annex 2)."});
  } else {
    out.value = kEiLimited;
    out.reasons.push_back(
        {"ei.limited", "Peu d'identifiants exposés : 0,5.", "Few identifiers exposed: 0.5."});
  }
  if (out.value < kEiSignificant &&
      (f.persons_by_category.contains(DataCategory::kNir) ||
       f.persons_by_category.contains(DataCategory::kIdentityDocument))) {
    out.value = kEiSignificant;
    out.reasons.push_back({"ei.identity-number",
                           "Numéro de sécurité sociale ou de pièce d'identité lié à d'autres "
                           "données : au moins 0,75 (ENISA, annexe 2).",
                           "Social security or identity document number linked to other data: at "
                           "least 0.75 (ENISA, Annex 2)."});
  }
  return out;
}

Factor Cb(const RiskFacts& f) {
  Factor out;
  // ENISA Annex 3 weighs how many received the data: a number of known recipients +0.25 (its
  // own example: an e-mail wrongly sent to known recipients), an unknown number +0.5. Outside
  // addresses the evidence names are known recipients; a mailing list's members are not.
  if (f.mailing_lists > 0) {
    out.value += kCbUnknownRecipients;
    out.reasons.push_back(
        {"cb.mailing-list",
         fmt::format("Perte de confidentialité : les messages ont atteint {} {} de diffusion, "
                     "dont les membres ne sont pas connus : nombre inconnu de destinataires, +0,5 "
                     "(ENISA, annexe 3).",
                     FrenchNumber(f.mailing_lists),
                     FrenchPlural(f.mailing_lists, "liste", "listes")),
         fmt::format("Loss of confidentiality: the messages reached {} mailing {} whose members "
                     "are not known: an unknown number of recipients, +0.5 (ENISA, Annex 3).",
                     f.mailing_lists, f.mailing_lists == 1 ? "list" : "lists")});
  } else if (f.third_party_recipients > 0) {
    out.value += kCbKnownRecipients;
    // Who they are: off the original's lists (a forward, a Cc added), or on them but sent the
    // rows of a table meant for nobody (a payroll to a wrong address, a list of candidates
    // attached to a reply to all). Each said as it happened.
    const int64_t outside = f.third_party_recipients - f.third_parties_on_list;
    const int64_t listed = f.third_parties_on_list;
    std::string fr_who, en_who;
    if (outside > 0) {
      fr_who = fmt::format(
          "dont {} {} hors de la liste d'origine (transfert à l'extérieur, "
          "adresses connues)",
          FrenchNumber(outside), FrenchPlural(outside, "destinataire", "destinataires"));
      en_who = fmt::format(
          "{} of them outside the original list (forwarded outside, addresses "
          "known)",
          outside);
    }
    if (listed > 0) {
      fr_who += fmt::format(
          "{}{}, sur la liste d'origine, qui {} les données d'autres personnes (lignes d'un "
          "tableau, document) qui ne {} étaient pas destinées (adresses connues)",
          outside > 0 ? " et " : "dont ", FrenchNumber(listed), listed == 1 ? "a reçu" : "ont reçu",
          listed == 1 ? "lui" : "leur");
      en_who += fmt::format(
          "{}{} of them received other persons' data (a table's rows, a "
          "document) that were not meant for them (addresses known)",
          outside > 0 ? ", and " : "", listed);
    }
    out.reasons.push_back(
        {"cb.outside-recipients",
         fmt::format("Perte de confidentialité : courriel envoyé par erreur à des destinataires "
                     "connus, {} : +0,25 (exemple ENISA, annexe 3). Si les messages ont été "
                     "transférés plus loin ou publiés, le nombre de destinataires devient inconnu "
                     ": +0,5 (breachkit assess --cb 0.5 --why …).",
                     fr_who),
         fmt::format("Loss of confidentiality: an e-mail wrongly sent to known recipients, {}: "
                     "+0.25 (ENISA's example, Annex 3). If the messages were forwarded further or "
                     "published, the number of recipients is unknown: +0.5 (breachkit assess --cb "
                     "0.5 --why …).",
                     en_who)});
  } else {
    out.value += kCbKnownRecipients;
    out.reasons.push_back({"cb.known-recipients",
                           "Perte de confidentialité : courriel envoyé par erreur à un nombre "
                           "connu de destinataires : +0,25 (exemple ENISA, annexe 3).",
                           "Loss of confidentiality: an e-mail wrongly sent to a number of known "
                           "recipients: +0.25 (ENISA's example, Annex 3)."});
  }
  if (f.integrity) {
    out.value += kCbIntegrityRecoverable;
    out.reasons.push_back({"cb.integrity", "Perte d'intégrité, récupérable : +0,25.",
                           "Loss of integrity, recoverable: +0.25."});
  }
  if (f.availability) {
    out.value += kCbAvailabilityTemporary;
    out.reasons.push_back({"cb.availability", "Indisponibilité temporaire : +0,25.",
                           "Temporary unavailability: +0.25."});
  }
  if (f.malicious) {
    out.value += kCbMalicious;
    out.reasons.push_back({"cb.malicious", "Acte malveillant : +0,5.", "Malicious act: +0.5."});
  } else {
    out.reasons.push_back({"cb.not-malicious", "Erreur humaine, pas d'intention malveillante : 0.",
                           "Human error, no malicious intent: 0."});
  }
  return out;
}

// The range and the reason of one override, before anything uses it.
Status Check(const std::optional<Override>& o, double lo, double hi, std::string_view name) {
  if (!o) return Ok();
  if (o->why.empty()) {
    return Fail(ErrorCode::kUsage,
                "an override of {} needs its reason: add --why \"…\" (ENISA: any change of the "
                "score must be explained)",
                name);
  }
  if (o->value < lo || o->value > hi) {
    return Fail(ErrorCode::kUsage, "{} must be between {} and {} (got {})", name, Num(lo), Num(hi),
                Num(o->value));
  }
  return Ok();
}

// A checked override replaces the value; the evidence's stays in `computed` and the reasons.
void Apply(const std::optional<Override>& o, std::string_view name, Factor* f) {
  f->computed = f->value;
  if (!o) return;
  // The same value as the evidence's (the most severe group's) still sets every group's.
  const bool same = o->value == f->computed;
  f->reasons.push_back(
      {std::string(name) + ".override",
       same ? fmt::format("Valeur fixée par le DPO à {}, celle que donnent les pièces : {}",
                          FrenchDecimal(o->value), o->why)
            : fmt::format("Valeur fixée par le DPO à {} au lieu de {} : {}",
                          FrenchDecimal(o->value), FrenchDecimal(f->computed), o->why),
       same ? fmt::format("Set by the DPO to {}, the value the evidence gives: {}", Num(o->value),
                          o->why)
            : fmt::format("Set by the DPO to {} instead of {}: {}", Num(o->value), Num(f->computed),
                          o->why)});
  f->value = o->value;
  f->overridden = true;
  f->why = o->why;
}

}  // namespace

std::optional<Band> BandFromName(std::string_view name) {
  for (const auto& b : kBands) {
    if (b.name == name) return b.band;
  }
  return std::nullopt;
}

Status CheckOverrides(const Overrides& o) {
  if (auto st = Check(o.dpc, 1, 4, "dpc"); !st) return st;
  if (o.ei && o.ei->value != kEiNegligible && o.ei->value != kEiLimited &&
      o.ei->value != kEiSignificant && o.ei->value != kEiMaximum) {
    return Fail(ErrorCode::kUsage, "ei must be one of 0.25, 0.5, 0.75, 1 (ENISA's four levels)");
  }
  if (auto st = Check(o.ei, kEiNegligible, kEiMaximum, "ei"); !st) return st;
  return Check(o.cb, 0, 2, "cb");
}

namespace {

// The factors and the score; the overrides are checked.
RiskAssessment Score(const RiskFacts& f, const Overrides& o) {
  RiskAssessment a;
  a.dpc = Dpc(f);
  a.ei = Ei(f);
  a.cb = Cb(f);
  Apply(o.dpc, "dpc", &a.dpc);
  Apply(o.ei, "ei", &a.ei);
  Apply(o.cb, "cb", &a.cb);
  a.se = std::round((a.dpc.value * a.ei.value + a.cb.value) * 1000) / 1000;
  a.band = BandOf(a.se);
  return a;
}

// The flags and the Art. 33/34 decision for the score `a` holds.
void Decide(const RiskFacts& f, const RiskPolicy& policy, RiskAssessment* out) {
  RiskAssessment& a = *out;
  a.flag_over_100 = f.persons_affected > kFlagIndividuals;
  a.flag_unintelligible = f.unintelligible;

  const BandInfo& band = InfoOf(a.band);
  const bool special =
      f.health_context ||
      std::any_of(f.persons_by_category.begin(), f.persons_by_category.end(),
                  [](const auto& kv) { return InfoOf(kv.first).special && kv.second > 0; });
  const bool large = f.max_audience >= policy.large_audience;
  // Art. 33(1): notify unless the breach is unlikely to result in a risk.
  if (a.band >= policy.notify_from) {
    a.notify_cnil = true;
    a.decision.push_back(
        {"decision.notify.band",
         fmt::format("Notifier la CNIL (art. 33 RGPD) : niveau de gravité « {} » (SE = {}), au "
                     "moins « {} ».",
                     band.fr, FrenchDecimal(a.se), InfoOf(policy.notify_from).fr),
         fmt::format("Notify the CNIL (GDPR Art. 33): severity {} (SE = {}), at least \"{}\".",
                     band.name, Num(a.se), InfoOf(policy.notify_from).name)});
  }
  if (large && !policy.high_risk_only) {
    a.notify_cnil = true;
    a.decision.push_back(
        {"decision.notify.edpb-open-list",
         fmt::format(
             "Notifier la CNIL : liste de diffusion ouverte avec un grand nombre de destinataires "
             "({} personnes ont vu les adresses) ; lignes directrices 9/2022 du CEPD, annexe B.",
             FrenchNumber(f.max_audience)),
         fmt::format("Notify the CNIL: open distribution list with a large number of recipients "
                     "({} people saw the addresses); EDPB Guidelines 9/2022, Annex B.",
                     f.max_audience)});
  }
  if (special && !policy.high_risk_only) {
    a.notify_cnil = true;
    a.decision.push_back({"decision.notify.special-data",
                          "Notifier la CNIL : des données sensibles (art. 9/10) ont été exposées ; "
                          "lignes directrices 9/2022 du CEPD, annexe B.",
                          "Notify the CNIL: sensitive data (Art. 9/10) were exposed; EDPB "
                          "Guidelines 9/2022, Annex B."});
  }
  if (!a.notify_cnil && policy.high_risk_only) {
    a.decision.push_back(
        {"decision.no-notify.not-high-risk",
         fmt::format("Pas de notification due : le régime retenu ne l'impose que si le risque est "
                     "élevé, et il est {} (SE = {}){} ; consigner la violation au registre "
                     "(art. 33(5)).",
                     band.fr, FrenchDecimal(a.se),
                     large || special ? " — liste ouverte ou données sensibles : à peser" : ""),
         fmt::format("No notification due: the regime asks for one only when the risk is high, "
                     "and it is {} (SE = {}){}; record it in the register (Art. 33(5)).",
                     band.name, Num(a.se),
                     large || special ? " (an open list or sensitive data: weigh it)" : "")});
  } else if (!a.notify_cnil) {
    a.decision.push_back(
        {"decision.no-notify",
         "Pas de notification à la CNIL : la violation n'est pas susceptible d'engendrer un risque "
         "(art. 33(1)) ; la consigner au registre (art. 33(5)).",
         "No notification to the CNIL: the breach is unlikely to result in a risk (Art. 33(1)); "
         "record it in the register (Art. 33(5))."});
  }
  // Art. 34(1): inform the persons when the risk is high; 34(3)(a): not if unintelligible.
  if (a.band >= policy.inform_from && !f.unintelligible) {
    a.inform_persons = true;
    a.decision.push_back(
        {"decision.inform.high-risk",
         fmt::format("Informer les personnes (art. 34 RGPD) : risque {} (au moins « {} »).",
                     band.fr, InfoOf(policy.inform_from).fr),
         fmt::format("Inform the persons (GDPR Art. 34): {} risk (at least \"{}\").", band.name,
                     InfoOf(policy.inform_from).name)});
  } else if (f.unintelligible) {
    a.decision.push_back(
        {"decision.inform.unintelligible",
         "Pas d'obligation d'informer les personnes : données inintelligibles (art. 34(3)(a)).",
         "No duty to inform the persons: the data were unintelligible (Art. 34(3)(a))."});
  } else if (large || special) {
    a.inform_recommended = true;
    a.decision.push_back(
        {"decision.inform.recommended",
         "Informer les personnes est recommandé : message d'excuse avec la demande de supprimer "
         "les messages et de ne pas répondre à tous (CEPD, lignes directrices 9/2022, annexe B).",
         "Informing the persons is recommended: an apology asking them to delete the messages and "
         "not to reply to all (EDPB Guidelines 9/2022, Annex B)."});
  } else {
    a.decision.push_back(
        {"decision.inform.not-required",
         "Pas d'obligation d'informer les personnes : le risque n'est pas élevé (art. 34(1)).",
         "No duty to inform the persons: the risk is not high (Art. 34(1))."});
  }
}

}  // namespace

Result<RiskAssessment> AssessRisk(const RiskFacts& f, const RiskPolicy& policy,
                                  const Overrides& o) {
  if (auto st = CheckOverrides(o); !st) return std::unexpected(st.error());
  RiskAssessment a = Score(f, o);
  Decide(f, policy, &a);
  return a;
}

Result<RiskAssessment> AssessRiskByGroup(const RiskFacts& breach,
                                         const std::vector<RiskGroupFacts>& groups,
                                         const RiskPolicy& policy, const Overrides& o) {
  if (groups.empty()) return AssessRisk(breach, policy, o);
  if (auto st = CheckOverrides(o); !st) return std::unexpected(st.error());
  // The evidence's own scores, and what each override means for a group. The DPO sets a
  // factor of the breach, as `assess` shows it (the worst group's): lowering it caps every
  // group at that value (a group already below keeps its own), raising it lifts every group.
  std::vector<RiskAssessment> evidence;
  for (const RiskGroupFacts& g : groups) evidence.push_back(Score(g.facts, {}));
  std::vector<Overrides> per_group(groups.size());
  for (const FactorField& field : kFactorFields) {
    const std::optional<Override>& over = o.*field.override;
    if (!over) continue;
    double reference = 0;
    for (const RiskAssessment& e : evidence)
      reference = std::max(reference, (e.*field.factor).value);
    for (size_t k = 0; k < groups.size(); ++k) {
      const double own = (evidence[k].*field.factor).value;
      const double value =
          over->value < reference ? std::min(own, over->value) : std::max(own, over->value);
      if (value != own || over->value == own)
        per_group[k].*field.override = Override{value, over->why};
    }
  }
  std::vector<RiskAssessment> assessed;
  for (size_t k = 0; k < groups.size(); ++k)
    assessed.push_back(Score(groups[k].facts, per_group[k]));
  // The most severe first: the score, then the evidence's own score (an override that makes
  // groups equal keeps the reasons of the one the evidence finds worst), then the number of
  // persons. The first is the breach's.
  using Rank = std::tuple<double, double, int64_t>;
  auto rank = [&](size_t k) {
    return Rank{assessed[k].se, evidence[k].se, groups[k].facts.persons_affected};
  };
  std::vector<size_t> order(groups.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return rank(x) > rank(y); });
  std::vector<GroupAssessment> scored;
  for (size_t k : order) {
    const RiskAssessment& s = assessed[k];
    const bool inform = s.band >= policy.inform_from && !groups[k].facts.unintelligible;
    scored.push_back({groups[k].kinds, groups[k].facts.persons_affected, s.dpc.value, s.ei.value,
                      s.cb.value, s.se, s.band, inform});
  }
  RiskAssessment a = std::move(assessed[order.front()]);
  // The breach's reasons are the worst group's, said with the breach's counts of each of its
  // categories: "IBAN : 9 personnes" of a group of 9 read as nine accounts leaked when all 46
  // were (helper-74). The scores stay the group's.
  RiskFacts said = groups[order.front()].facts;
  for (auto& [category, persons] : said.persons_by_category) {
    if (auto it = breach.persons_by_category.find(category);
        it != breach.persons_by_category.end()) {
      persons = std::max(persons, it->second);
    }
  }
  const Factor worded = Dpc(said);
  for (Reason& r : a.dpc.reasons) {
    for (const Reason& w : worded.reasons) {
      if (w.rule == r.rule) r = w;
    }
  }
  Decide(breach, policy, &a);
  a.groups = std::move(scored);
  const auto [must, choice] = CountInform(a);
  const GroupAssessment& top = a.groups.front();
  if (a.groups.size() > 1) {
    a.decision.push_back(
        {"decision.groups",
         fmt::format("Gravité évaluée par groupe de personnes exposées aux mêmes données ({} "
                     "groupes) : celle de la violation est celle du groupe le plus grave ({} {}, "
                     "SE = {}).",
                     a.groups.size(), FrenchNumber(top.persons),
                     FrenchPlural(top.persons, "personne", "personnes"), FrenchDecimal(top.se)),
         fmt::format("Severity assessed per group of persons exposed to the same data ({} "
                     "groups): the breach's is the most severe group's ({} {}, SE = {}).",
                     a.groups.size(), top.persons, top.persons > 1 ? "persons" : "person",
                     Num(top.se))});
  }
  if (a.inform_persons && choice > 0) {
    // The duty is not everyone's: said per person instead of "inform the persons".
    std::erase_if(a.decision,
                  [](const Reason& r) { return r.rule == "decision.inform.high-risk"; });
    const bool open_list = breach.max_audience >= policy.large_audience;
    a.inform_recommended = open_list;
    a.decision.push_back(
        {"decision.inform.per-group",
         fmt::format("Art. 34 par personne : {} {} (risque au moins « {} ») ; pour {}, le risque "
                     "n'est pas élevé : {} est au choix du responsable{}.",
                     FrenchNumber(must),
                     must > 1 ? "personnes d'un groupe à risque élevé doivent être informées"
                              : "personne d'un groupe à risque élevé doit être informée",
                     InfoOf(policy.inform_from).fr,
                     choice > 1 ? "les " + FrenchNumber(choice) + " autres" : "l'autre",
                     choice > 1 ? "les informer" : "l'informer",
                     open_list ? " (recommandé par le CEPD pour une liste de diffusion ouverte, "
                                 "lignes directrices 9/2022, annexe B)"
                               : ""),
         fmt::format("Art. 34 per person: {} {} in a high-risk group must be informed (risk at "
                     "least \"{}\"); for {}, the risk is not high: informing them is the "
                     "controller's choice{}.",
                     must, must > 1 ? "persons" : "person", InfoOf(policy.inform_from).name,
                     choice > 1 ? fmt::format("the other {}", choice) : "the other person",
                     open_list ? " (recommended by the EDPB for an open distribution list, "
                                 "Guidelines 9/2022, Annex B)"
                               : "")});
  }
  return a;
}

InformCounts CountInform(const RiskAssessment& a) {
  InformCounts c;
  for (const GroupAssessment& g : a.groups) (g.inform_persons ? c.must : c.choice) += g.persons;
  return c;
}

const GroupAssessment* GroupWithKinds(const RiskAssessment& a, std::string_view kinds) {
  for (const GroupAssessment& g : a.groups) {
    if (g.kinds == kinds) return &g;
  }
  return nullptr;
}

}  // namespace breachkit
