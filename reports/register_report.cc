#include "reports/register_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "core/detect/finding.h"
#include "core/model/cnil_lists.h"
#include "core/model/incident_texts.h"
#include "core/model/proposals.h"
#include "core/risk/facts.h"
#include "core/util/clock.h"
#include "reports/cnil_notification.h"
#include "reports/french.h"

namespace breachkit {
namespace {

// A column or bar chart with no values yet: its title, its axes and one empty series per name.
Chart EmptyChart(Chart::Kind kind, std::string title, std::string x_label, std::string y_label,
                 std::vector<std::string> series_names) {
  Chart c;
  c.kind = kind;
  c.title = std::move(title);
  c.x_label = std::move(x_label);
  c.y_label = std::move(y_label);
  c.series_names = std::move(series_names);
  c.series.resize(c.series_names.size());
  return c;
}

}  // namespace

Chart StormChart(const ExposureReport& x) {
  Chart c = EmptyChart(Chart::Kind::kColumns,
                       "La tempête : messages et personnes nouvellement exposées, par heure",
                       "heures après la première exposition", "nombre",
                       {"messages", "personnes nouvellement exposées"});
  if (!x.first_exposure) return c;
  int64_t last_hour = 0;
  for (const MessageExposure& m : x.storm) {
    if (m.date_utc) last_hour = std::max(last_hour, (*m.date_utc - *x.first_exposure) / 3600);
  }
  last_hour = std::min<int64_t>(last_hour, 24 * 14);  // two weeks at most, hour by hour
  c.series[0].assign(static_cast<size_t>(last_hour + 1), 0);
  c.series[1].assign(static_cast<size_t>(last_hour + 1), 0);
  for (int64_t h = 0; h <= last_hour; ++h) c.labels.push_back(fmt::format("+{}", h));
  for (const MessageExposure& m : x.storm) {
    if (!m.date_utc || *m.date_utc < *x.first_exposure) continue;
    const int64_t h = std::min((*m.date_utc - *x.first_exposure) / 3600, last_hour);
    c.series[0][static_cast<size_t>(h)] += 1;
    c.series[1][static_cast<size_t>(h)] += static_cast<double>(m.newly_exposed);
  }
  return c;
}

Chart PersonsByCategoryChart(const ExposureReport& x) {
  Chart c =
      EmptyChart(Chart::Kind::kBars, "Personnes concernées par catégorie de données (liste CNIL)",
                 "personnes", "", {"personnes"});
  std::vector<std::pair<std::string, int64_t>> rows;
  for (const auto& [name, f] : x.categories) rows.emplace_back(name, f.persons);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [name, persons] : rows) {
    c.labels.push_back(name);
    c.series[0].push_back(static_cast<double>(persons));
  }
  return c;
}

Chart AudienceChart(const ExposureReport& x) {
  Chart c = EmptyChart(Chart::Kind::kColumns, "Taille de l'audience des messages",
                       "destinataires qui ont vu le message", "messages", {"messages"});
  static constexpr std::pair<int64_t, const char*> kBuckets[] = {
      {1, "1"}, {10, "2–9"}, {50, "10–49"}, {100, "50–99"}, {300, "100–299"}, {INT64_MAX, "300+"}};
  c.series[0].assign(std::size(kBuckets), 0);
  for (const auto& [limit, label] : kBuckets) c.labels.push_back(label);
  for (const MessageExposure& m : x.storm) {
    if (m.audience <= 0) continue;
    for (size_t i = 0; i < std::size(kBuckets); ++i) {
      if (m.audience <= kBuckets[i].first) {
        c.series[0][i] += 1;
        break;
      }
    }
  }
  return c;
}

Chart SeverityGauge(const RiskAssessment& a) {
  Chart c;
  c.kind = Chart::Kind::kGauge;
  c.title = fmt::format("Gravité ENISA : SE = {} ({})", FrenchDecimal(a.se), InfoOf(a.band).fr);
  c.value = a.se;
  c.max = std::max(5.0, a.se);
  c.thresholds = {2, 3, 4};  // ENISA 2013 §3.2 (the same numbers as core/risk/enisa.cc)
  for (const BandInfo& b : kBands) c.labels.push_back(std::string(b.fr));
  return c;
}

namespace {

std::optional<int64_t> LastEvent(const std::vector<TimelineEvent>& events, std::string_view kind) {
  std::optional<int64_t> at;
  for (const TimelineEvent& e : events) {
    if (e.kind == kind) at = e.at;
  }
  return at;
}

// How the detectors' claims were checked: the DPO's decisions, what still awaits them, and the
// recall samples (messages with no finding, drawn and read).
Section ReviewSection(const RegisterInputs& in) {
  const ReviewTally total = ReviewTotal(in.exposure);
  // The merges of persons: possible duplicates (the same name) and merges by identifier.
  int64_t same_pending = 0, same_merged = 0, same_apart = 0, links_split = 0, links_confirmed = 0;
  for (const MergeItem& m : in.merges) {
    if (m.kind == kSameNameMerge) {
      ++(m.state == ReviewState::kPending     ? same_pending
         : m.state == ReviewState::kConfirmed ? same_merged
                                              : same_apart);
    } else if (m.state == ReviewState::kRejected) {
      ++links_split;
    } else if (m.state == ReviewState::kConfirmed) {
      ++links_confirmed;
    }
  }
  Section s{
      "9. Contrôle des détections",
      {KeyValues{
          {{"Détections confirmées par le DPO", FrenchNumber(total.confirmed)},
           {"Détections écartées par le DPO (non comptées)", FrenchNumber(total.rejected)},
           {"Comptées, à confirmer", FrenchNumber(total.awaiting)},
           {"Quasi-détections non confirmées (non comptées)", FrenchNumber(total.near_misses)},
           {"Homonymes sans identifiant commun : confirmés une seule personne",
            FrenchNumber(same_merged)},
           {"Homonymes : distingués par le DPO", FrenchNumber(same_apart)},
           {"Homonymes : non examinés (comptés comme deux personnes)", FrenchNumber(same_pending)},
           {"Rapprochements par identifiant confirmés par le DPO", FrenchNumber(links_confirmed)},
           {"Rapprochements par identifiant écartés (personnes séparées)",
            FrenchNumber(links_split)}}}}};
  if (in.samples.empty()) {
    s.blocks.push_back(Paragraph{
        "Aucun échantillon de contrôle (breachkit review sample N) : le rappel des détecteurs "
        "n'a pas été vérifié par lecture."});
    return s;
  }
  TableBlock t{{"Échantillon", "Tiré parmi", "Messages", "Lus", "Rien manqué", "Manqués"}, {}};
  for (const ReviewSample& sample : in.samples) {
    int64_t read = 0, nothing = 0, missed = 0;
    for (const SampledMessage& m : sample.messages) {
      if (m.result.empty()) continue;
      ++read;
      ++(m.result == "missed" ? missed : nothing);
    }
    t.rows.push_back(
        {fmt::format("n° {} (graine {}, par {})", sample.id, sample.seed, sample.drawn_by),
         fmt::format(
             "{} {}", FrenchNumber(sample.population),
             FrenchPlural(sample.population, "message sans détection", "messages sans détection")),
         FrenchNumber(static_cast<int64_t>(sample.messages.size())), FrenchNumber(read),
         FrenchNumber(nothing), FrenchNumber(missed)});
  }
  s.blocks.push_back(t);
  return s;
}

}  // namespace

namespace {

// "oui", or per person when only some must be informed: "obligatoire pour 12 personnes (risque
// élevé) ; au choix du responsable pour les 238 autres".
std::string InformLine(const RiskAssessment& a) {
  const InformCounts c = CountInform(a);
  if (a.inform_persons && c.choice > 0) {
    return fmt::format("obligatoire pour {} {} (risque élevé) ; au choix du responsable pour {}",
                       FrenchNumber(c.must), FrenchPlural(c.must, "personne", "personnes"),
                       c.choice > 1 ? "les " + FrenchNumber(c.choice) + " autres" : "l'autre");
  }
  return a.inform_persons ? "oui" : a.inform_recommended ? "recommandée" : "non";
}

}  // namespace

Document ComposeRegisterEntry(const RegisterInputs& in) {
  // The first message's recipients (the largest audience is one fewer: nobody sees themself).
  const int64_t sent_to = OriginalAudience(in.exposure);
  const IncidentInfo& i = in.incident;
  const ExposureReport& x = in.exposure;
  const RiskAssessment& a = in.assessment;
  const std::string& zone = i.timezone;
  auto when = [&](const std::optional<int64_t>& t) {
    return t ? FrenchDateTime(*t, zone) : std::string("—");
  };
  // What the DPO has not written yet: breachkit's proposal, marked as one.
  auto or_proposed = [](const std::string& value, const char* proposed) {
    return !value.empty() ? value
                          : std::string(proposed) +
                                " (proposé par breachkit : à confirmer avec "
                                "breachkit set)";
  };
  // A text of the record in French, marked when it is still breachkit's proposal.
  auto french_text = [&](std::string_view field, const std::string& lead,
                         const char* what) -> Block {
    const std::string* text = TextIn(i, field, "fr");
    const std::string lang = i.language == "fr" ? "" : " --lang fr";
    if (text == nullptr || text->empty())
      return ToComplete{what, fmt::format("breachkit set {}{} \"…\"", field, lang)};
    if (!IsProposed(i, field, "fr")) return Paragraph{lead + *text};
    return Paragraph{lead + *text +
                     fmt::format(" (proposé par breachkit : à confirmer avec breachkit set "
                                 "--confirm {}{})",
                                 field, lang)};
  };
  Document doc;
  doc.lang = "fr";
  doc.title = "Registre des violations — " +
              (i.title.empty() ? std::string("violation de données par courriel") : i.title);
  doc.author = i.controller_name;
  doc.subject = "Documentation interne de la violation (art. 33(5) RGPD)";

  std::string nature;
  if (i.nature_confidentiality) nature += "confidentialité";
  if (i.nature_integrity) nature += std::string(nature.empty() ? "" : ", ") + "intégrité";
  if (i.nature_availability) nature += std::string(nature.empty() ? "" : ", ") + "disponibilité";
  // The messages of its thread after the first: replies, forwards, automatic replies alike;
  // the others of the evidence said apart (a whole mailbox given).
  // The file sent again by staff is told as such, not as a reply (LaterSendsOfFiles).
  const bool file_case = ShapeOf(x, i) == IncidentShape::kFileSentByMistake;
  const LaterSends later = file_case ? LaterSendsOfFiles(x) : LaterSends{};
  const int64_t after = std::max<int64_t>(0, x.thread_messages - later.in_thread);
  const int64_t others = std::max<int64_t>(0, MessagesOutsideThread(x) - later.outside_thread);
  const std::string followed =
      (after == 0 ? std::string(", sans autre message à la suite")
                  : fmt::format(", suivi de {} {} (réponses, transferts ou réponses automatiques)",
                                FrenchNumber(after),
                                FrenchPlural(after, "autre message", "autres messages"))) +
      (others == 0 ? std::string()
                   : fmt::format(" ; les pièces examinées contiennent aussi {} {} hors de ce "
                                 "fil (d'autres envois, du même fichier peut-être, ou d'autres "
                                 "échanges)",
                                 FrenchNumber(others),
                                 FrenchPlural(others, "autre message", "autres messages")));
  doc.sections.push_back(Section{
      "1. Les faits",
      {KeyValues{
           {{"Responsable du traitement", i.controller_name.empty() ? "—" : i.controller_name},
            {"Nature", "perte de " + nature},
            {"Origine (liste CNIL)",
             or_proposed(LabelsOf("origins", i.origin_codes), kProposedOrigin)},
            {"Cause (liste CNIL)", or_proposed(LabelsOf("cause", i.cause), kProposedCause)},
            {i.occurred_at ? "Début" : "Début (premier message)",
             when(i.occurred_at ? i.occurred_at : x.first_exposure)},
            {"Dernière exposition", when(x.last_exposure)},
            {"Prise de connaissance", when(i.awareness_at)},
            {"Fin", when(i.contained_at)},
            {"Moyen de découverte", i.discovery_means.empty() ? "—" : i.discovery_means}}},
       Paragraph{
           !i.description.empty() ? i.description
           : file_case && later.total() > 0
               ? fmt::format(
                     "{} messages envoyés par erreur (un fichier envoyé de nouveau : le même, ou "
                     "une "
                     "version corrigée), le "
                     "premier à {} {}, avec les données de {} {} dans un tableau, une liste ou un "
                     "document{}.",
                     FrenchNumber(1 + later.total()), FrenchNumber(sent_to),
                     FrenchPlural(sent_to, "destinataire", "destinataires"),
                     FrenchNumber(PersonsSeenInFiles(x)),
                     FrenchPlural(PersonsSeenInFiles(x), "personne", "personnes"), followed)
           : file_case
               ? fmt::format(
                     "Un message envoyé par erreur à {} {}, avec les données de {} {} dans un "
                     "tableau, une liste ou un document{}.",
                     FrenchNumber(sent_to), FrenchPlural(sent_to, "destinataire", "destinataires"),
                     FrenchNumber(PersonsSeenInFiles(x)),
                     FrenchPlural(PersonsSeenInFiles(x), "personne", "personnes"), followed)
               : fmt::format(
                     "Un message envoyé avec {} {}{}.", FrenchNumber(sent_to),
                     FrenchPlural(sent_to, "destinataire visible", "destinataires visibles"),
                     followed)},
       i.circumstances.empty() ? Block(ToComplete{"circonstances (comment c'est arrivé)",
                                                  "breachkit set circumstances \"…\""})
                               : Block(Paragraph{"Circonstances : " + i.circumstances})}});
  {
    // Every event with its date: the DPO's (awareness, the notification, the letters...) and
    // the evidence's (first and last exposure). ISO 8601 here: a table to compare.
    TableBlock timeline{{"Date", "Événement", "Note", "Référence"}, {}};
    for (const TimelineEvent& e : in.events) {
      timeline.rows.push_back(
          {FormatInZone(e.at, zone), FrenchEventKind(e.kind), FrenchEventNote(e), e.reference});
    }
    if (!timeline.rows.empty()) {
      doc.sections.back().blocks.push_back(Paragraph{"Chronologie :"});
      doc.sections.back().blocks.push_back(std::move(timeline));
    }
  }
  TableBlock categories{{"Catégorie (liste CNIL)", "Personnes", "Enregistrements"}, {}};
  for (const auto& [name, f] : x.categories)
    categories.rows.push_back({name, FrenchNumber(f.persons), FrenchNumber(f.records)});
  // Persons of the same name not examined yet: the count may fall (as the CNIL draft says).
  const int64_t maybe_twice = [&] {
    std::set<int64_t> affected;
    for (const Subject& s : x.subjects) affected.insert(s.party);
    return PersonsPendingMergesMayJoin(in.merges, affected);
  }();
  doc.sections.push_back(Section{
      "2. Personnes et données concernées",
      {KeyValues{
           {{"Personnes concernées",
             FrenchNumber(x.persons_affected) +
                 (maybe_twice > 0
                      ? fmt::format(" (à confirmer : jusqu'à {} de moins, des personnes du même "
                                    "nom pas encore examinées, breachkit persons --duplicates)",
                                    FrenchNumber(maybe_twice))
                      : std::string())},
            {"Catégories de personnes (liste CNIL)",
             i.person_categories.empty() ? std::string("— (breachkit set person-categories)")
                                         : LabelsOf("person-categories", i.person_categories)},
            // The register says what the CNIL draft says of them (helper-74: one minor in
            // the summary and the draft, none in the register).
            {"Mineurs ou personnes vulnérables",
             MinorsOrVulnerable(i, x,
                                [&] {
                                  const CodeList* list = CnilCodeList("person-categories");
                                  const std::vector<std::string> chosen =
                                      list ? CodeLabels(*list, i.person_categories)
                                           : std::vector<std::string>{};
                                  return std::any_of(
                                      chosen.begin(), chosen.end(), [](const std::string& l) {
                                        return l == "Mineurs" || l == "Personnes vulnérables";
                                      });
                                }())},
            {"Enregistrements", FrenchNumber(x.records)},
            {"Expositions (message × audience)",
             fmt::format("{} (dont {} {})", FrenchNumber(x.exposure_events),
                         FrenchNumber(x.re_exposures),
                         FrenchPlural(x.re_exposures, "répétition", "répétitions"))},
            {"Plus grande audience", FrenchNumber(x.max_audience)},
            {"Adresses du personnel (non comptées)", FrenchNumber(x.staff_addresses)},
            {"Personnes connues par un tableau joint seulement",
             FrenchNumber(in.persons_in_tables)},
            {"Dont sans moyen de contact connu",
             FrenchNumber(static_cast<int64_t>(in.without_contact.size()))}}},
       categories, PersonsByCategoryChart(x)}});
  if (!in.without_contact.empty()) {
    doc.sections.back().blocks.push_back(
        Paragraph{"Personnes à qui la lettre (art. 34) ne peut pas encore être adressée, faute "
                  "d'adresse connue (breachkit contacts import) :"});
    doc.sections.back().blocks.push_back(BulletList{in.without_contact});
  }
  Section storm;
  storm.heading = "3. Le déroulement";
  // The two series of the storm differ by orders of magnitude: one chart each.
  const Chart both = StormChart(x);
  for (size_t k = 0; k < both.series.size(); ++k) {
    Chart one = both;
    one.title = k == 0 ? "Messages par heure après la première exposition"
                       : "Personnes exposées pour la première fois, par heure";
    one.series = {both.series[k]};
    one.series_names = {both.series_names[k]};
    one.y_label = both.series_names[k];
    storm.blocks.emplace_back(std::move(one));
  }
  storm.blocks.emplace_back(AudienceChart(x));
  KeyValues storm_figures;
  storm_figures.rows.emplace_back(
      "Messages", fmt::format("{} ({} {})", FrenchNumber(x.messages), FrenchNumber(x.threads),
                              FrenchPlural(x.threads, "fil de discussion", "fils de discussion")));
  const int64_t on_list = x.ThirdPartiesOnOriginalList();
  const auto third_parties = static_cast<int64_t>(x.third_party_recipients.size());
  storm_figures.rows.emplace_back(
      "Destinataires tiers",
      third_parties == 0 ? FrenchNumber(0)
      : on_list == 0 ? fmt::format("{} (hors de la liste d'origine)", FrenchNumber(third_parties))
      : on_list == third_parties
          ? fmt::format("{} ({} sur la liste d'origine, qui {} les données d'autres "
                        "personnes (lignes d'un tableau, document) qui ne {} étaient pas "
                        "destinées)",
                        FrenchNumber(third_parties), on_list == 1 ? "destinataire" : "tous",
                        on_list == 1 ? "a reçu" : "ont reçu", on_list == 1 ? "lui" : "leur")
          : fmt::format("{} (dont {} sur la liste d'origine, qui {} les données d'autres "
                        "personnes (lignes d'un tableau, document) qui ne {} étaient pas "
                        "destinées)",
                        FrenchNumber(third_parties), FrenchNumber(on_list),
                        on_list == 1 ? "a reçu" : "ont reçu", on_list == 1 ? "lui" : "leur"));
  storm.blocks.emplace_back(std::move(storm_figures));
  if (!x.third_party_recipients.empty()) {
    TableBlock third{{"Destinataire", "Motif", "Personnes dont les données l'ont atteint"}, {}};
    for (const auto& t : x.third_party_recipients)
      third.rows.push_back(
          {MaskedAddress(t.address), ThirdPartyReason(t), FrenchNumber(t.subjects_reached)});
    storm.blocks.push_back(third);
  }
  doc.sections.push_back(std::move(storm));
  doc.sections.push_back(Section{"4. Conséquences probables",
                                 {french_text("consequences", "", "conséquences probables")}});
  doc.sections.push_back(
      Section{"5. Mesures",
              {french_text("measures-taken", "Prises : ", "mesures prises"),
               french_text("measures-planned", "Envisagées : ", "mesures envisagées")}});
  BulletList reasons;
  for (const Reason& r : a.decision) reasons.items.push_back(r.fr);
  Section decision{
      "6. Décision et motifs",
      {SeverityGauge(a),
       KeyValues{
           {{"Notification à la CNIL (art. 33)", a.notify_cnil ? "oui" : "non"},
            {"Information des personnes (art. 34)", InformLine(a)},
            {"Échéance de notification", in.deadline.known ? when(in.deadline.deadline) : "—"},
            {"Notifiée à la CNIL le", when(i.notified_at)},
            {"Notification complémentaire le", when(LastEvent(in.events, "cnil-complementary"))},
            {"Personnes informées le", when(LastEvent(in.events, "persons-informed"))}}},
       reasons}};
  if (a.groups.size() > 1) {
    decision.blocks.push_back(
        Paragraph{"Gravité par groupe de personnes exposées aux mêmes données :"});
    decision.blocks.push_back(RiskGroupTable(a));
  }
  if (in.deadline.known && in.deadline.reasons_required) {
    decision.blocks.push_back(
        i.late_reason.empty()
            ? Block(ToComplete{"motifs du retard (art. 33(1))", "breachkit set late-reason \"…\""})
            : Block(Paragraph{"Motifs du retard : " + i.late_reason}));
  }
  doc.sections.push_back(std::move(decision));
  TableBlock refs{{"Document", "Fichier", "SHA-256"}, {}, /*verbatim=*/true};
  // A file written again (a letter after `set measures-taken`, the register itself) is
  // listed once, as it stands now: the record keeps each version written (oldest first), the
  // folder only the last. Letters are counted per person: a person written to in two
  // languages is one person.
  std::vector<const DocumentRecord*> current;
  std::set<std::string_view> seen_paths;
  for (auto it = in.documents.rbegin(); it != in.documents.rend(); ++it) {
    if (seen_paths.insert(it->path).second) current.push_back(&*it);
  }
  std::reverse(current.begin(), current.end());
  int64_t letters = 0, drafts = 0;
  std::set<std::string> lettered, drafted;
  for (const DocumentRecord* document : current) {
    const DocumentRecord& d = *document;
    if (d.kind == "letter" || d.kind == "letter-eml") {
      ++(d.kind == "letter" ? letters : drafts);
      (d.kind == "letter" ? lettered : drafted).insert(d.person.empty() ? d.path : d.person);
      continue;
    }
    refs.rows.push_back({FrenchDocumentKind(d.kind), d.path, d.sha256});
  }
  auto per_person = [](size_t persons, int64_t files) {
    const auto n = static_cast<int64_t>(persons);
    std::string out =
        fmt::format("{} {}", FrenchNumber(n), FrenchPlural(n, "personne", "personnes"));
    if (files != n) {  // several languages, or letters written into another folder too
      out += fmt::format(" ({} {})", FrenchNumber(files),
                         FrenchPlural(files, "document", "documents"));
    }
    return out;
  };
  KeyValues counts{{{"Référence CNIL", i.cnil_reference.empty() ? "—" : i.cnil_reference},
                    {"Lettres aux personnes", per_person(lettered.size(), letters)}}};
  if (drafts > 0)
    counts.rows.push_back({"Brouillons e-mail aux personnes", per_person(drafted.size(), drafts)});
  Section references{"7. Références", {counts}};
  if (!refs.rows.empty()) references.blocks.push_back(refs);
  doc.sections.push_back(std::move(references));
  TableBlock evidence{{"Pièce", "Format", "Messages", "SHA-256"}, {}, /*verbatim=*/true};
  for (const SourceInfo& s : in.evidence)
    evidence.rows.push_back({s.path, s.format, FrenchNumber(s.messages), s.sha256});
  doc.sections.push_back(Section{
      "8. Pièces et journal",
      {evidence,
       KeyValues{
           {{"Journal d'audit",
             fmt::format("entrée n° {} (hors écritures du registre lui-même)", in.audit_entries)},
            {"Empreinte de tête du journal", in.audit_head.empty() ? "—" : in.audit_head}}}}});
  doc.sections.push_back(ReviewSection(in));
  TypesetFrench(&doc);
  return doc;
}

}  // namespace breachkit
