#include "reports/cnil_notification.h"

#include <algorithm>

#include <fmt/core.h>

#include "core/detect/finding.h"
#include "core/model/cnil_lists.h"
#include "core/model/incident_texts.h"
#include "core/model/proposals.h"
#include "core/profile/regime.h"
#include "core/risk/facts.h"
#include "core/util/clock.h"
#include "reports/french.h"

namespace breachkit {
namespace {

constexpr char kProposal[] =
    " (texte proposé par breachkit pour ce type d'incident : à relire et adapter)";

// A text of the record in French (the draft's language), or breachkit's proposal; either
// way a proposal the DPO has not confirmed is marked as one.
std::string FrenchTextOrProposal(const IncidentInfo& i, std::string_view field,
                                 IncidentShape shape) {
  // A proposal, stored or not, is the one for what the evidence shows now (an ingestion since
  // `run` may have changed it): the text `set --confirm` would store.
  const std::string* text = TextIn(i, field, "fr");
  if (text == nullptr || text->empty() || IsProposed(i, field, "fr"))
    return ProposedText(field, "fr", shape) + std::string(kProposal);
  return *text;
}

// In running text and the form's fields, a date in words; ISO 8601 only in the annex tables.
std::string When(const std::optional<int64_t>& t, const std::string& zone) {
  return t ? FrenchDateTime(*t, zone) : std::string("—");
}

Block ValueOr(const std::string& value, const std::string& field, const std::string& how) {
  if (!value.empty()) return Paragraph{value};
  return ToComplete{field, how};
}

// doc/regulatory.md §1.2 G (MADIS ViolationConcernedPeopleDictionary): the labels proposed.
constexpr char kPeopleEmployees[] = "Employés";
constexpr char kPeopleOther[] = "Autres";
constexpr char kPeopleUndetermined[] = "Pas déterminé pour le moment";

// The categories of persons breachkit proposes for section G, from where each person's data
// were seen: the persons of a table whose columns are a payroll's (a salary, an employee
// number) are employees; the other persons of tables are left undetermined (customers,
// members, users: the file says, breachkit cannot); the persons of the messages themselves
// are candidates when the messages are about a recruitment (the assessment's
// dpc.recruitment-context), else persons whose e-mail address was exposed. A proposal only:
// the DPO confirms it in the online form.
TableBlock ProposedPersonCategories(const ExposureReport& x, const RiskAssessment& a) {
  int64_t payroll = 0, other_tables = 0, added = 0;
  for (const Subject& s : x.subjects) {
    added += s.added_by_others ? 1 : 0;
    if (!s.seen_in_table) continue;
    const bool paid = std::any_of(s.items.begin(), s.items.end(), [](const ExposedItem& item) {
      return item.kind == "salary" || item.kind == "employee_number";
    });
    ++(paid ? payroll : other_tables);
  }
  const int64_t messages_only = std::max<int64_t>(0, x.persons_affected - payroll - other_tables);
  added = std::min(added, messages_only);  // the rows always add up to the persons affected
  const bool recruitment =
      std::any_of(a.dpc.reasons.begin(), a.dpc.reasons.end(),
                  [](const Reason& r) { return r.rule == "dpc.recruitment-context"; });
  TableBlock t{{"Catégorie proposée (liste CNIL)", "Personnes", "D'après les pièces"}, {}};
  if (const int64_t minors = x.Minors(); minors > 0) {
    // Counted in the rows below too: a child of a class list is also a person of a table.
    t.rows.push_back({"Mineurs", FrenchNumber(minors),
                      "personnes nées moins de 18 ans avant le message qui montre leur date de "
                      "naissance (comptées aussi ci-dessous)"});
  }
  if (payroll > 0) {
    t.rows.push_back({kPeopleEmployees, FrenchNumber(payroll),
                      "personnes d'un tableau (joint ou dans le texte d'un message) dont les "
                      "colonnes sont celles d'une paie "
                      "(salaire, matricule)"});
  }
  if (other_tables > 0) {
    t.rows.push_back({kPeopleUndetermined, FrenchNumber(other_tables),
                      "personnes d'un tableau (joint ou dans le texte d'un message ; clients, "
                      "adhérents, usagers… : à préciser)"});
  }
  if (messages_only > 0 && recruitment) {
    // Those a candidate put in copy of a reply (a recruiter, a relative) are no candidates.
    if (messages_only > added) {
      t.rows.push_back({std::string(kPeopleOther) + " : candidats à un recrutement",
                        FrenchNumber(messages_only - added),
                        "destinataires et auteurs des messages, qui portent sur un recrutement"});
    }
    if (added > 0) {
      t.rows.push_back(
          {std::string(kPeopleOther) + " : personnes ajoutées aux échanges par un destinataire",
           FrenchNumber(added),
           "adresses qu'un destinataire a ajoutées en copie d'une réponse, absentes du message "
           "d'origine (recruteur, proche… : à préciser)"});
    }
  } else if (messages_only > 0) {
    t.rows.push_back(
        {std::string(kPeopleOther) + " : personnes dont l'adresse électronique a été exposée",
         FrenchNumber(messages_only),
         "destinataires et auteurs des messages (clients, usagers… : à préciser)"});
  }
  return t;
}

// What changed since the initial notification, from the facts its draft recorded: each fact
// whose value differs, with both values; a fact that appeared or went, too.
Section ChangesSinceInitial(const CnilInputs& in) {
  Section s{"Changements depuis la notification initiale", {}};
  if (!in.initial) {
    s.blocks.push_back(ToComplete{
        "ce qui a changé depuis la notification initiale (son brouillon n'a pas été gardé avec "
        "ses chiffres : écrit avec une version antérieure de breachkit, ou jamais écrit)",
        "à décrire dans le téléservice"});
    return s;
  }
  const NotificationFacts now = FactsOf(in);
  auto find = [](const NotificationFacts& facts, const std::string& label) -> const std::string* {
    for (const auto& [l, v] : facts) {
      if (l == label) return &v;
    }
    return nullptr;
  };
  TableBlock changes{{"Élément", "Notification initiale", "Cette notification"}, {}};
  for (const auto& [label, value] : now) {
    const std::string* before = find(in.initial->facts, label);
    if (before == nullptr || *before != value)
      changes.rows.push_back({label, before != nullptr ? *before : "—", value});
  }
  for (const auto& [label, value] : in.initial->facts) {
    if (find(now, label) == nullptr) changes.rows.push_back({label, value, "—"});
  }
  const std::string since =
      fmt::format("D'après le brouillon de la notification initiale écrit le {}",
                  FrenchDateTime(in.initial->drafted_at, in.incident.timezone));
  if (changes.rows.empty()) {
    s.blocks.push_back(
        Paragraph{since +
                  " : aucun changement des chiffres, des catégories, des faits, des mesures ni de "
                  "la gravité. Cette notification complète l'initiale sans la modifier."});
  } else {
    s.blocks.push_back(Paragraph{
        fmt::format("{} : {} {}.", since, FrenchNumber(static_cast<int64_t>(changes.rows.size())),
                    FrenchPlural(static_cast<int64_t>(changes.rows.size()), "élément a changé",
                                 "éléments ont changé"))});
    s.blocks.push_back(std::move(changes));
  }
  return s;
}

}  // namespace

// Whether minors or vulnerable persons are concerned: the DPO's word ("Oui"), else the minors
// a date of birth shows, else "Non signalé".
std::string MinorsOrVulnerable(const IncidentInfo& i, const ExposureReport& x, bool chosen) {
  const int64_t minors = x.Minors();
  if (minors > 0) {
    return fmt::format(
        "Oui : {} {} de moins de 18 ans d'après {} date de naissance{}", FrenchNumber(minors),
        FrenchPlural(minors, "personne", "personnes"), minors == 1 ? "sa" : "leur",
        i.persons_vulnerable || chosen ? "" : " (proposition de breachkit, à confirmer)");
  }
  return i.persons_vulnerable || chosen ? "Oui" : "Non signalé";
}

NotificationFacts FactsOf(const CnilInputs& in) {
  const IncidentInfo& i = in.incident;
  const ExposureReport& x = in.exposure;
  const RiskAssessment& a = in.assessment;
  NotificationFacts f;
  auto text = [](const std::string& t) { return t.empty() ? std::string("—") : t; };
  f.emplace_back("Personnes concernées", FrenchNumber(x.persons_affected));
  f.emplace_back("Enregistrements", FrenchNumber(x.records));
  f.emplace_back("Messages", FrenchNumber(x.messages));
  // Off the original's lists; those on them who received a table's rows apart (a line of
  // its own only when there are such, so that a draft kept before reads the same).
  const int64_t on_list = x.ThirdPartiesOnOriginalList();
  f.emplace_back("Destinataires hors de la liste d'origine",
                 FrenchNumber(static_cast<int64_t>(x.third_party_recipients.size()) - on_list));
  if (on_list > 0) {
    f.emplace_back(
        "Destinataires de la liste d'origine qui ont reçu les lignes d'un tableau ou un document "
        "sur d'autres personnes",
        FrenchNumber(on_list));
  }
  for (const auto& [cnil, figures] : x.categories) {
    f.emplace_back("Données : " + cnil,
                   fmt::format("{} {}, {} {}", FrenchNumber(figures.persons),
                               FrenchPlural(figures.persons, "personne", "personnes"),
                               FrenchNumber(figures.records),
                               FrenchPlural(figures.records, "enregistrement", "enregistrements")));
  }
  f.emplace_back("Fin de la violation",
                 i.contained_at ? FrenchDateTime(*i.contained_at, i.timezone) : "—");
  // What the draft prints for an empty field: breachkit's proposal, said as one.
  const std::string proposed = " (proposition de breachkit)";
  f.emplace_back("Origine", i.origin_codes.empty() ? kProposedOrigin + proposed
                                                   : LabelsOf("origins", i.origin_codes));
  f.emplace_back("Cause", i.cause.empty() ? kProposedCause + proposed : LabelsOf("cause", i.cause));
  f.emplace_back("Catégories de personnes",
                 text(LabelsOf("person-categories", i.person_categories)));
  f.emplace_back("Mineurs ou personnes vulnérables", MinorsOrVulnerable(i, x, false));
  f.emplace_back("Description",
                 i.description.empty() ? "texte proposé par breachkit" : i.description);
  f.emplace_back("Circonstances", text(i.circumstances));
  for (auto [field, label] : {std::pair{"consequences", "Conséquences probables"},
                              std::pair{"measures-taken", "Mesures prises"},
                              std::pair{"measures-planned", "Mesures envisagées"}}) {
    const std::string* t = TextIn(i, field, "fr");
    f.emplace_back(label, t == nullptr || t->empty() ? "texte proposé par breachkit" : *t);
  }
  f.emplace_back("Gravité (ENISA)",
                 fmt::format("SE = {} ({})", FrenchDecimal(a.se), InfoOf(a.band).fr));
  return f;
}

std::string FactsToText(const NotificationFacts& facts) {
  std::string out;
  auto escaped = [&](std::string_view v) {
    for (char c : v) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '\t')
        out += "\\t";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
  };
  for (const auto& [label, value] : facts) {
    escaped(label);
    out += '\t';
    escaped(value);
    out += '\n';
  }
  return out;
}

NotificationFacts FactsFromText(std::string_view text) {
  NotificationFacts facts;
  std::string field[2];
  int at = 0;
  for (size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '\\' && k + 1 < text.size()) {
      const char n = text[++k];
      field[at] += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else if (c == '\t' && at == 0) {
      at = 1;
    } else if (c == '\n') {
      facts.emplace_back(std::move(field[0]), std::move(field[1]));
      field[0].clear();
      field[1].clear();
      at = 0;
    } else {
      field[at] += c;
    }
  }
  return facts;
}

Result<Document> ComposeCnilNotification(const CnilInputs& in) {
  const IncidentInfo& i = in.incident;
  const ExposureReport& x = in.exposure;
  const RiskAssessment& a = in.assessment;
  const std::string& zone = i.timezone;
  if (in.deadline.known && in.deadline.reasons_required && i.late_reason.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "the notification is past the {}-hour deadline ({}): GDPR Art. 33(1) requires the "
                "reasons for the delay; set them with: breachkit set late-reason \"…\"",
                in.deadline.hours, FormatInZone(in.deadline.deadline, zone));
  }
  Document doc;
  doc.lang = "fr";
  doc.title = std::string("Notification de violation de données personnelles — brouillon ") +
              (in.complementary ? "(notification complémentaire)" : "(notification initiale)");
  doc.author = i.controller_name.empty() ? "breachkit" : i.controller_name;
  doc.subject = "Brouillon préparé avec breachkit pour le téléservice de la CNIL (art. 33 RGPD)";

  // A. Type de notification
  Section a_sec{"A. Type de notification", {}};
  a_sec.blocks.push_back(KeyValues{
      {{"Type", in.complementary ? "Notification complémentaire" : "Notification initiale"}}});
  if (in.complementary) {
    a_sec.blocks.push_back(ValueOr(
        i.cnil_reference.empty() ? ""
                                 : "Référence de la notification initiale : " + i.cnil_reference,
        "référence de la notification initiale",
        "breachkit event add cnil-notified --at TIME --reference REF"));
    std::optional<int64_t> notified;
    for (const TimelineEvent& e : in.events) {
      if (e.kind == "cnil-notified") notified = e.at;
    }
    a_sec.blocks.push_back(ValueOr(
        notified ? "Date de la notification initiale : " + FrenchDateTime(*notified, zone) : "",
        "date de la notification initiale",
        "breachkit event add cnil-notified --at TIME --reference REF"));
  }
  doc.sections.push_back(std::move(a_sec));
  if (in.complementary) doc.sections.push_back(ChangesSinceInitial(in));

  // B. Organisme et contact
  Section b{"B. Organisme responsable du traitement et contact", {}};
  if (i.controller_name.empty()) {
    b.blocks.push_back(ToComplete{"organisme et délégué à la protection des données",
                                  "breachkit init --org FICHIER.xml"});
  } else {
    b.blocks.push_back(KeyValues{
        {{"Raison sociale", i.controller_name},
         {"SIREN", i.controller_siren},
         {"Adresse", i.controller_address},
         {"Secteur d'activité", i.controller_sector},
         {"Délégué à la protection des données", i.dpo_name},
         {"Contact du DPO", i.dpo_email + (i.dpo_phone.empty() ? "" : " — " + i.dpo_phone)},
         {"Signataire",
          i.signatory_name + (i.signatory_title.empty() ? "" : ", " + i.signatory_title)}}});
  }
  doc.sections.push_back(std::move(b));

  // C. Chronologie
  Section c{"C. La violation — chronologie", {}};
  const std::optional<int64_t> start = i.occurred_at ? i.occurred_at : x.first_exposure;
  KeyValues chrono;
  chrono.rows.push_back(
      {"Début de la violation",
       start ? When(start, zone) + (i.occurred_at ? "" : " (premier message, d'après les pièces)")
             : "—"});
  chrono.rows.push_back({"Dernière exposition constatée", When(x.last_exposure, zone)});
  chrono.rows.push_back({"Fin de la violation", When(i.contained_at, zone)});
  chrono.rows.push_back(
      {"Prise de connaissance", in.deadline.known ? When(in.deadline.awareness, zone) : "—"});
  if (const Regime& regime = RegimeNamed(i.regime);
      regime.name != "gdpr" || in.deadline.hours != regime.deadline_hours) {
    chrono.rows.push_back(
        {"Régime appliqué",
         fmt::format(
             "{} : notification sous {} h, {}{}", regime.fr, in.deadline.hours, regime.authority_fr,
             regime.notify_when == NotifyWhen::kHighRisk ? ", si le risque est élevé" : "")});
  }
  chrono.rows.push_back(
      {fmt::format("Échéance de notification ({} h, art. 33(1))", in.deadline.hours),
       in.deadline.known ? When(in.deadline.deadline, zone) : "—"});
  c.blocks.push_back(chrono);
  if (!i.contained_at) {
    c.blocks.push_back(ToComplete{"fin de la violation (ou « toujours en cours »)",
                                  "breachkit event add contained --at TIME"});
  }
  if (!in.deadline.known) {
    c.blocks.push_back(ToComplete{"date et heure de prise de connaissance",
                                  "breachkit event add awareness --at TIME"});
  }
  c.blocks.push_back(
      ValueOr(i.discovery_means.empty() ? "" : "Moyen de découverte : " + i.discovery_means,
              "moyen de découverte", "breachkit set discovery \"…\""));
  if (in.deadline.known && in.deadline.reasons_required) {
    c.blocks.push_back(Paragraph{"Justification du retard : " + i.late_reason});
  }
  if (auto early = SignsBeforeAwareness(x.inbound_to_organisation, i.awareness_at)) {
    // Said for the DPO to weigh before filing: the form's awareness time is theirs to give.
    c.blocks.push_back(Paragraph{fmt::format(
        "À vérifier avant l'envoi : {} {} de la violation {} les boîtes de l'organisme avant la "
        "prise de connaissance enregistrée, le premier le {}. Selon les lignes directrices "
        "9/2022 du CEPD (reprenant WP250, partie II.A.2), le responsable du traitement prend "
        "connaissance d'une violation dès qu'il a un degré raisonnable de certitude qu'un "
        "incident a compromis des données personnelles : il a pu en avoir connaissance plus tôt.",
        FrenchNumber(early->before), FrenchPlural(early->before, "message", "messages"),
        FrenchPlural(early->before, "a atteint", "ont atteint"),
        FrenchDateTime(early->first, zone))});
  }
  // The original message's recipients (the largest audience is one fewer: nobody sees
  // themself).
  const int64_t sent_to = OriginalAudience(x);
  // Most persons found in an attached table or document: a file sent to the wrong
  // recipients (a payroll), not addresses shown in To/Cc. The persons of its rows who have a
  // mailbox of their own too are the file's as well.
  const int64_t in_files = PersonsSeenInFiles(x);
  const IncidentShape shape = ShapeOf(x, i);
  const bool attachment_case = shape == IncidentShape::kFileSentByMistake;
  // The file sent again by staff (a payroll, then its corrected version): sends, not replies
  // nor other exchanges (helper-74: the second send told as a reply).
  const LaterSends later = attachment_case ? LaterSendsOfFiles(x) : LaterSends{};
  // The messages of the original's thread after it; the evidence's others said apart.
  const int64_t replies = std::max<int64_t>(0, x.thread_messages - later.in_thread);
  const int64_t others = std::max<int64_t>(0, MessagesOutsideThread(x) - later.outside_thread);
  // Whether the replies went to all is not in the figures: said only as what they could hold.
  const std::string followed =
      (replies == 0 ? std::string("Aucun autre message n'a suivi.")
       : replies == 1
           ? std::string("Un autre message a suivi (une réponse, un transfert ou une réponse "
                         "automatique), qui pouvait contenir des données personnelles de son "
                         "auteur.")
           : fmt::format("{} autres messages ont suivi (réponses, transferts ou réponses "
                         "automatiques), qui pouvaient contenir des données personnelles de "
                         "leurs auteurs.",
                         FrenchNumber(replies))) +
      (others == 0 ? std::string()
                   : fmt::format(" Les pièces examinées contiennent aussi {} {} hors de ce fil "
                                 "(d'autres envois, du même fichier peut-être, ou d'autres "
                                 "échanges), comptés dans les chiffres s'ils montrent des données "
                                 "d'une personne à une autre.",
                                 FrenchNumber(others),
                                 FrenchPlural(others, "autre message", "autres messages")));
  const std::string description =
      !i.description.empty() ? i.description
      : attachment_case && later.total() > 0
          ? fmt::format(
                "{} messages de l'organisme ont été envoyés par erreur, le premier à {} {}, avec "
                "les données personnelles de {} {} dans un tableau, une liste ou un document "
                "joint à ces messages ou copié dans leur texte (un fichier envoyé de nouveau : le "
                "même, ou une version corrigée). {}{}",
                FrenchNumber(1 + later.total()), FrenchNumber(sent_to),
                FrenchPlural(sent_to, "destinataire", "destinataires"), FrenchNumber(in_files),
                FrenchPlural(in_files, "personne", "personnes"), followed, kProposal)
      : attachment_case
          ? fmt::format(
                "Un message a été envoyé par erreur à {} {}, avec les données "
                "personnelles de {} {} dans un tableau, une liste ou un "
                "document joint au message ou copié dans son texte. {}{}",
                FrenchNumber(sent_to), FrenchPlural(sent_to, "destinataire", "destinataires"),
                FrenchNumber(in_files), FrenchPlural(in_files, "personne", "personnes"), followed,
                kProposal)
          : fmt::format(
                "Un message a été envoyé à {} {} dont les adresses figuraient en clair dans les "
                "champs À/Cc au lieu de Cci, si bien que chacun a vu les adresses (et le plus "
                "souvent les noms) des autres. {}{}",
                FrenchNumber(sent_to), FrenchPlural(sent_to, "destinataire", "destinataires"),
                followed, kProposal);
  c.blocks.push_back(Paragraph{"Description : " + description});
  doc.sections.push_back(std::move(c));

  // D. Nature
  doc.sections.push_back(
      Section{"D. Nature de la violation",
              {KeyValues{{{"Perte de la confidentialité", i.nature_confidentiality ? "Oui" : "Non"},
                          {"Perte de l'intégrité", i.nature_integrity ? "Oui" : "Non"},
                          {"Perte de la disponibilité", i.nature_availability ? "Oui" : "Non"}}}}});

  // E, F. Origine et cause
  doc.sections.push_back(
      Section{"E. Origine de la perte de données",
              {Paragraph{i.origin_codes.empty() ? std::string(kProposedOrigin) + kProposal
                                                : LabelsOf("origins", i.origin_codes)}}});
  doc.sections.push_back(
      Section{"F. Cause",
              {Paragraph{i.cause.empty() ? std::string(kProposedCause) + kProposal
                                         : LabelsOf("cause", i.cause)}}});

  // G. Personnes
  Section g{"G. Catégories et nombre approximatif de personnes concernées", {}};
  KeyValues people;
  const int64_t twice = in.persons_maybe_counted_twice;
  people.rows.push_back({"Nombre approximatif de personnes concernées",
                         FrenchNumber(x.persons_affected) + (twice > 0 ? " (à confirmer)" : "")});
  people.rows.push_back(
      {"Adresses du personnel de l'organisme (non comptées)", FrenchNumber(x.staff_addresses)});
  // Codes 8 and 9 of the list are the minors and the vulnerable persons.
  const std::vector<std::string> chosen = [&] {
    const CodeList* list = CnilCodeList("person-categories");
    return list ? CodeLabels(*list, i.person_categories) : std::vector<std::string>{};
  }();
  const bool vulnerable_chosen = std::any_of(
      chosen.begin(), chosen.end(),
      [](const std::string& l) { return l == "Mineurs" || l == "Personnes vulnérables"; });
  people.rows.push_back(
      {"Mineurs ou personnes vulnérables", MinorsOrVulnerable(i, x, vulnerable_chosen)});
  g.blocks.push_back(people);
  if (twice > 0) {
    // Persons of the same name not examined yet (a parent's mailbox and the parent named in a
    // table's row): the count falls by as many as the DPO finds to be one (helper-78: 84
    // printed for 56 persons, with no mark).
    g.blocks.push_back(Paragraph{fmt::format(
        "Ce nombre peut baisser de {} au plus : des personnes portant le même nom (une adresse "
        "de messagerie et le nom d'une ligne d'un tableau, par exemple) n'ont pas encore été "
        "examinées ; chaque paire peut désigner une seule personne, comptée deux fois.",
        FrenchNumber(twice))});
    g.blocks.push_back(
        ToComplete{"personnes peut-être comptées deux fois : les examiner",
                   "breachkit persons --duplicates, puis breachkit review accept|reject ID"});
  }
  if (!chosen.empty()) {
    // The DPO's choice (breachkit set person-categories): the form's labels.
    g.blocks.push_back(Paragraph{"Catégories de personnes (liste CNIL) :"});
    g.blocks.push_back(BulletList{chosen});
  } else {
    g.blocks.push_back(ProposedPersonCategories(x, a));
    g.blocks.push_back(Paragraph{
        "Catégories proposées par breachkit d'après les pièces : une proposition que le délégué "
        "à la protection des données confirme ou corrige (cocher aussi « Mineurs » ou "
        "« Personnes vulnérables » si les pièces le montrent)."});
    g.blocks.push_back(ToComplete{"catégories de personnes : confirmer la proposition (liste CNIL)",
                                  "breachkit set person-categories CODES (set --list "
                                  "person-categories)"});
  }
  doc.sections.push_back(std::move(g));

  // H. Données
  Section h{"H. Catégories et nombre approximatif d'enregistrements concernés", {}};
  TableBlock categories{{"Catégorie (liste CNIL)", "Personnes", "Enregistrements"}, {}};
  const auto awaiting = CategoriesAwaitingReview(x);
  const auto partly = CategoriesPartlyAwaitingReview(x);
  for (const auto& [name, f] : x.categories) {
    categories.rows.push_back({awaiting.contains(name) ? name + " (à confirmer)"
                               : partly.contains(name) ? name + " (en partie à confirmer)"
                                                       : name,
                               FrenchNumber(f.persons), FrenchNumber(f.records)});
  }
  h.blocks.push_back(categories);
  h.blocks.push_back(KeyValues{{{"Nombre approximatif d'enregistrements", FrenchNumber(x.records)},
                                {"Expositions (donnée d'une personne × message qui la montre)",
                                 FrenchNumber(x.exposure_events)}}});
  doc.sections.push_back(std::move(h));

  // I. Conséquences
  doc.sections.push_back(Section{"I. Conséquences probables",
                                 {Paragraph{FrenchTextOrProposal(i, "consequences", shape)}}});

  // J. Gravité
  Section j{"J. Gravité estimée", {}};
  j.blocks.push_back(
      KeyValues{{{"Niveau (formulaire CNIL)", std::string(InfoOf(a.band).cnil)},
                 {"Méthode ENISA",
                  fmt::format("SE = DPC × EI + CB = {} × {} + {} = {} ({})",
                              FrenchDecimal(a.dpc.value), FrenchDecimal(a.ei.value),
                              FrenchDecimal(a.cb.value), FrenchDecimal(a.se), InfoOf(a.band).fr)},
                 {"Plus de 100 personnes", a.flag_over_100 ? "Oui" : "Non"}}});
  if (a.groups.size() > 1) {
    j.blocks.push_back(Paragraph{
        "Gravité par groupe de personnes exposées aux mêmes données (celle de la violation est "
        "celle du groupe le plus grave ; ses facteurs sont détaillés ci-dessous) :"});
    j.blocks.push_back(RiskGroupTable(a));
    const GroupAssessment& top = a.groups.front();
    j.blocks.push_back(Paragraph{fmt::format(
        "Facteurs du groupe le plus grave ({} {} : {}) :", FrenchNumber(top.persons),
        FrenchPlural(top.persons, "personne", "personnes"), KindsLabel(top.kinds, "fr"))});
  }
  BulletList reasons;
  for (const Factor* f : {&a.dpc, &a.ei, &a.cb}) {
    for (const Reason& r : f->reasons) reasons.items.push_back(r.fr);
  }
  j.blocks.push_back(reasons);
  doc.sections.push_back(std::move(j));

  // K. Mesures
  doc.sections.push_back(Section{
      "K. Mesures prises ou envisagées",
      {Paragraph{"Mesures prises : " + FrenchTextOrProposal(i, "measures-taken", shape)},
       Paragraph{"Mesures envisagées : " + FrenchTextOrProposal(i, "measures-planned", shape)}}});

  // L. Information des personnes
  std::optional<int64_t> informed;
  for (const TimelineEvent& e : in.events) {
    if (e.kind == "persons-informed") informed = e.at;
  }
  const InformCounts inform = CountInform(a);
  std::string info_line =
      informed ? "Oui, les personnes ont été informées le " + When(informed, zone)
      : a.inform_persons && inform.choice > 0
          ? fmt::format(
                "Non, mais {} d'un groupe à risque élevé {} (art. 34 RGPD) ; pour {}, le "
                "risque n'est pas élevé : le responsable choisit de {} ou non{}",
                inform.must > 1 ? "les " + FrenchNumber(inform.must) + " personnes"
                                : std::string("la personne"),
                inform.must > 1 ? "le seront" : "le sera",
                inform.choice > 1 ? "les " + FrenchNumber(inform.choice) + " autres"
                                  : std::string("l'autre"),
                inform.choice > 1 ? "les informer" : "l'informer",
                a.inform_recommended ? " (le CEPD le recommande pour une liste de "
                                       "diffusion ouverte)"
                                     : "")
      : a.inform_persons ? std::string("Non, mais elles le seront (risque élevé, art. 34 RGPD)")
      : a.inform_recommended
          ? std::string(
                "Non, mais elles le seront (recommandé par le CEPD pour une liste de diffusion "
                "ouverte)")
          : std::string("Non, elles ne le seront pas (risque non élevé, art. 34(1))");
  doc.sections.push_back(
      Section{"L. Information des personnes concernées", {Paragraph{info_line}}});

  // M. Transfrontalier
  doc.sections.push_back(
      Section{"M. Aspects transfrontaliers et autres autorités",
              {ToComplete{"personnes d'autres États membres concernées, autres autorités informées",
                          "à préciser dans le téléservice"}}});

  // N. Annexes
  Section n{"N. Annexes", {}};
  TableBlock timeline{{"Date", "Événement", "Note"}, {}};
  for (const TimelineEvent& e : in.events)
    timeline.rows.push_back(
        {FormatInZone(e.at, zone), FrenchEventKind(e.kind), FrenchEventNote(e)});
  n.blocks.push_back(Paragraph{"Chronologie de l'incident :"});
  n.blocks.push_back(timeline);
  TableBlock evidence{{"Pièce", "Format", "Messages", "SHA-256"}, {}, /*verbatim=*/true};
  for (const SourceInfo& f : in.evidence) {
    evidence.rows.push_back({f.path, f.format, FrenchNumber(f.messages), f.sha256});
  }
  n.blocks.push_back(Paragraph{"Pièces analysées (empreintes SHA-256) :"});
  n.blocks.push_back(evidence);
  if (!in.audit_head.empty()) {
    n.blocks.push_back(Paragraph{fmt::format(
        "Journal d'audit du dossier : entrée n° {}, empreinte de tête {} (breachkit audit "
        "verify --head … vérifie que le journal l'atteint toujours).",
        in.audit_entries, in.audit_head)});
  }
  if (!x.third_party_recipients.empty()) {
    TableBlock third{{"Destinataire tiers", "Motif", "Personnes dont les données l'ont atteint"},
                     {}};
    for (const auto& t : x.third_party_recipients)
      third.rows.push_back(
          {MaskedAddress(t.address), ThirdPartyReason(t), FrenchNumber(t.subjects_reached)});
    n.blocks.push_back(third);
  }
  doc.sections.push_back(std::move(n));

  // The first page lists what is left to write.
  Section todo{"Champs à compléter", {}};
  BulletList missing;
  for (const ToComplete& t : doc.Missing()) missing.items.push_back(t.field + " — " + t.how);
  if (missing.items.empty()) {
    todo.blocks.push_back(
        Paragraph{"Aucun : tous les champs ont une valeur (relire les textes proposés)."});
  } else {
    todo.blocks.push_back(missing);
  }
  doc.sections.insert(doc.sections.begin(), std::move(todo));
  TypesetFrench(&doc);
  return doc;
}

}  // namespace breachkit
