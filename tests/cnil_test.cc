// The CNIL draft: golden text of the composed document (initial and complementary), and the
// command on the sample leak.
#include <cstdlib>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/model/cnil_lists.h"
#include "reports/cnil_notification.h"
#include "reports/register_report.h"
#include "reports/text_writer.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

CnilInputs FixedInputs() {
  CnilInputs in;
  IncidentInfo& i = in.incident;
  i.controller_name = "Garonne Ingénierie SAS";
  i.controller_siren = "732829320";
  i.controller_address = "12 allée Jean Jaurès, 31000 Toulouse";
  i.controller_sector = "Ingénierie";
  i.dpo_name = "Claire Fontaine";
  i.dpo_email = "dpo@garonne-ingenierie.example";
  i.signatory_name = "Marc Delmas";
  i.signatory_title = "Directeur général";
  i.awareness_at = 1'757'667'600;  // 2025-09-12T11:00:00+02:00
  i.discovery_means = "Un candidat a appelé le service RH.";
  i.cnil_reference = "NOT-2025-0042";
  ExposureReport& x = in.exposure;
  x.persons_affected = 340;
  x.records = 696;
  x.messages = 37;
  x.thread_messages = 36;  // the replies to the original
  x.max_audience = 340;
  x.exposure_events = 24068;
  x.staff_addresses = 2;
  x.first_exposure = 1'757'662'200;
  x.last_exposure = 1'757'734'740;
  x.categories
      ["Coordonnées (adresse postale ou électronique, numéros de téléphone fixe ou portable...)"] =
      {340, 346};
  x.categories["Données de santé"] = {1, 2};
  x.third_party_recipients.push_back({"max.fischer@outside.example", 340});
  x.original_subject = "Votre candidature au poste d'ingénieur·e d'études";
  RiskFacts f;
  f.persons_affected = 340;
  f.addresses_exposed = true;
  f.name_revealing_share = 1;
  f.recruitment_context = true;
  f.context_evidence = "Votre candidature";
  f.max_audience = 340;
  in.assessment = *AssessRisk(f, RiskPolicy{});
  in.deadline = ComputeDeadline(i.awareness_at, std::nullopt, *i.awareness_at + 3600, 72);
  in.events.push_back({1, "first-exposure", 1'757'662'200, "premier message", "", "evidence"});
  in.events.push_back({2, "awareness", 1'757'667'600, "appel d'un candidat", "", "user"});
  in.evidence.push_back({"hr-rejection.mbox", std::string(64, 'a'), 705967, "mbox", 37});
  return in;
}

void ExpectGolden(const std::string& text, const std::string& name) {
  const std::string path = testing::SourcePath("tests/data/golden/" + name);
  if (std::getenv("BREACHKIT_UPDATE_GOLDEN")) testing::WriteFile(path, text);
  EXPECT_EQ(text, testing::ReadFile(path))
      << "to accept a deliberate change: BREACHKIT_UPDATE_GOLDEN=1";
}

TEST(CnilDraft, InitialMatchesItsGoldenText) {
  auto doc = ComposeCnilNotification(FixedInputs());
  ASSERT_TRUE(doc) << doc.error().message;
  ExpectGolden(RenderText(*doc), "cnil-initial.txt");
}

// The file sent again by staff (a payroll, then its corrected version) is told as a second
// send, not as a reply nor as "another exchange" (helper-74): the CNIL draft and the register.
TEST(CnilDraft, AFileSentTwiceIsToldAsTwoSends) {
  CnilInputs in = FixedInputs();
  in.exposure.persons_affected = 12;
  in.exposure.messages = 4;
  in.exposure.max_audience = 1;
  in.exposure.original_message = 1;
  in.exposure.thread_messages = 2;  // the resend and the wrong recipient's reply
  for (int k = 0; k < 12; ++k) {
    Subject s;
    s.address = "#" + std::to_string(k);
    s.content = true;
    in.exposure.subjects.push_back(std::move(s));
  }
  in.exposure.storm = {{1, 1000, 1, 12, true, true},
                       {2, 1600, 1, 0, true, true},
                       {3, 1900, 1, 0, true, false},
                       {4, 2000, 2, 0, false, false}};
  const std::string text = RenderText(*ComposeCnilNotification(in));
  EXPECT_NE(text.find("2 messages de l'organisme ont été envoyés par erreur, le premier à 1 "
                      "destinataire, avec les données personnelles de 12 personnes"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Un autre message a suivi (une réponse"), std::string::npos) << text;
  EXPECT_NE(text.find("aussi 1 autre message hors de ce fil"), std::string::npos) << text;
  RegisterInputs reg;
  reg.exposure = in.exposure;
  const std::string entry = RenderText(ComposeRegisterEntry(reg));
  // A file sent again may be a corrected one (helper-78: "le même fichier" of a list sent
  // again without its medical columns).
  EXPECT_NE(entry.find("2 messages envoyés par erreur (un fichier envoyé de nouveau\u00a0: le "
                       "même, ou une version corrigée), le premier à 1 destinataire, avec les "
                       "données de 12 personnes"),
            std::string::npos)
      << entry;
}

// Issue 23, part 5: the complementary notification says what changed since the initial one,
// from what the initial draft said when it was written.
// Most persons found in an attached file: the proposed description says a file was sent by
// mistake (it said the addresses were in To/Cc instead of Bcc); neither says the replies
// went to all, which the figures do not show.
TEST(CnilDraft, AFileSentByMistakeIsDescribedAsOne) {
  CnilInputs in = FixedInputs();
  in.exposure.persons_affected = 12;
  in.exposure.messages = 1;
  in.exposure.max_audience = 1;
  for (int k = 0; k < 12; ++k) {
    Subject s;
    s.address = "#" + std::to_string(k);
    s.content = true;
    in.exposure.subjects.push_back(std::move(s));
  }
  const std::string text = RenderText(*ComposeCnilNotification(in));
  EXPECT_NE(
      text.find("Un message a été envoyé par erreur à 1 destinataire, avec les données "
                "personnelles de 12 personnes dans un tableau, une liste ou un document joint"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("au lieu de Cci"), std::string::npos) << text;
  EXPECT_EQ(RenderText(*ComposeCnilNotification(FixedInputs())).find("répondre à tous »"),
            std::string::npos);
}

// The texts proposed where the DPO wrote none follow the shape of the incident: a customer
// file whose rows carry each customer's own address (so each has a mailbox too) is a file sent
// by mistake, counted whole, with no recruitment, no blind copies and no "reply all"; a mail
// with the addresses shown that is no recruitment says nothing of applications.
TEST(CnilDraft, TheProposedTextsFollowTheShapeOfTheIncident) {
  CnilInputs in = FixedInputs();
  in.incident.consequences.clear();
  in.incident.measures_taken.clear();
  in.incident.measures_planned.clear();
  RiskFacts f;
  f.persons_affected = 25;
  f.addresses_exposed = true;
  f.max_audience = 1;
  in.assessment = *AssessRisk(f, RiskPolicy{});  // no recruitment context
  in.exposure.persons_affected = 25;
  in.exposure.messages = 1;
  in.exposure.max_audience = 1;
  in.exposure.storm.clear();
  in.exposure.subjects.clear();
  for (int k = 0; k < 25; ++k) {
    Subject s;
    s.address = fmt::format("client{}@mail.example", k);
    s.seen_in_table = true;  // a row of the file, with the customer's own address in it
    in.exposure.subjects.push_back(std::move(s));
  }
  const std::string file = RenderText(*ComposeCnilNotification(in));
  EXPECT_NE(file.find("avec les données personnelles de 25 personnes dans un tableau, une liste ou "
                      "un document"),
            std::string::npos)
      << file;
  EXPECT_NE(file.find("supprimer le message et le fichier joint"), std::string::npos) << file;
  EXPECT_NE(file.find("ne partiront plus en pièce jointe en clair"), std::string::npos) << file;
  for (const char* storm_words : {"recrutement", "postulé", "copie cachée", "répondre à tous"})
    EXPECT_EQ(file.find(storm_words), std::string::npos) << storm_words;

  // The storm of the fixed inputs: its original's subject says whether it was a recruitment.
  CnilInputs mailing = FixedInputs();
  mailing.incident.consequences.clear();
  mailing.exposure.original_subject = "Nos nouveautés de novembre";
  const std::string shown = RenderText(*ComposeCnilNotification(mailing));
  EXPECT_NE(shown.find("sont en relation avec notre organisme"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("postulé"), std::string::npos) << shown;
  mailing.exposure.original_subject = "Votre candidature au poste de technicien";
  const std::string recruitment = RenderText(*ComposeCnilNotification(mailing));
  EXPECT_NE(recruitment.find("postulé"), std::string::npos) << recruitment;
}

TEST(CnilDraft, ComplementaryMatchesItsGoldenText) {
  CnilInputs in = FixedInputs();
  in.complementary = true;
  in.events.push_back({3, "cnil-notified", 1'757'930'400, "", "CNIL-2025-0042", "user"});
  in.initial = InitialNotification{1'757'926'800, FactsOf(in)};
  // Since then: twelve more persons, a new category, the measures rewritten.
  in.exposure.persons_affected += 12;
  in.exposure.categories["Données bancaires ou financières"] = {1, 1};
  in.incident.measures_taken = "Chaque destinataire a été rappelé.";
  auto doc = ComposeCnilNotification(in);
  ASSERT_TRUE(doc);
  const std::string text = RenderText(*doc);
  ExpectGolden(text, "cnil-complementary.txt");
  EXPECT_NE(text.find("3 éléments ont changé"), std::string::npos) << text;
  const size_t date = text.find("Date de la notification initiale");
  ASSERT_NE(date, std::string::npos) << text;
  EXPECT_LT(text.find("15 septembre 2025", date), text.find('\n', date)) << text;
}

TEST(CnilDraft, AComplementaryWithNothingChangedOrNoInitialKeptSaysSo) {
  CnilInputs in = FixedInputs();
  in.complementary = true;
  auto unknown = RenderText(*ComposeCnilNotification(in));
  EXPECT_NE(unknown.find("[À compléter] ce qui a changé depuis la notification initiale"),
            std::string::npos)
      << unknown;
  in.initial = InitialNotification{1'757'926'800, FactsOf(in)};
  auto same = RenderText(*ComposeCnilNotification(in));
  EXPECT_NE(same.find("aucun changement des chiffres"), std::string::npos) << same;
  EXPECT_EQ(same.find("ce qui a changé depuis la notification initiale"), std::string::npos);
  // The initial notification is not compared with itself.
  in.complementary = false;
  EXPECT_EQ(RenderText(*ComposeCnilNotification(in)).find("Changements depuis"), std::string::npos);
}

TEST(CnilDraft, TheKeptFactsReadBackWhateverTheyHold) {
  const NotificationFacts facts{{"Description", "deux lignes\net une\ttabulation \\ fin"},
                                {"Vide", ""},
                                {"Données : Coordonnées", "340 personnes, 346 enregistrements"}};
  EXPECT_EQ(FactsFromText(FactsToText(facts)), facts);
  const std::string kept = FactsToText(facts);
  EXPECT_EQ(std::count(kept.begin(), kept.end(), '\n'), 3);  // one line each
}

TEST(CnilDraft, EverySectionAToNInOrderAndMissingFieldsListedFirst) {
  CnilInputs in = FixedInputs();
  in.incident.discovery_means.clear();
  auto doc = ComposeCnilNotification(in);
  ASSERT_TRUE(doc);
  ASSERT_GE(doc->sections.size(), 15u);
  EXPECT_EQ(doc->sections[0].heading, "Champs à compléter");
  const std::string letters = "ABCDEFGHIJKLMN";
  for (size_t k = 0; k < letters.size(); ++k) {
    EXPECT_EQ(doc->sections[k + 1].heading.substr(0, 2), std::string(1, letters[k]) + ".") << k;
  }
  const std::string text = RenderText(*doc);
  EXPECT_NE(text.find("moyen de découverte"), std::string::npos);
  EXPECT_EQ(doc->Missing().size(), 4u);  // end, discovery, person categories, cross-border
}

// Scored per group: section J gives each group's persons, score and Art. 34 duty, and
// section L says who must be informed and who is the controller's choice.
TEST(CnilDraft, EachRiskGroupIsListedAndTheDutyIsSaidPerPerson) {
  CnilInputs in = FixedInputs();
  RiskFacts names;
  names.persons_affected = 339;
  names.addresses_exposed = true;
  names.name_revealing_share = 1;
  names.recruitment_context = true;
  names.max_audience = 340;
  RiskFacts health = names;
  health.persons_affected = 1;
  health.persons_by_category[DataCategory::kHealth] = 1;
  RiskFacts breach = names;
  breach.persons_affected = 340;
  breach.persons_by_category[DataCategory::kHealth] = 1;
  in.assessment = *AssessRiskByGroup(
      breach, {{"address name", names}, {"address health name", health}}, RiskPolicy{});
  const std::string text = RenderText(*ComposeCnilNotification(in));
  for (const char* expected :
       {"Gravité par groupe de personnes exposées aux mêmes données",
        "adresse électronique, information sur la santé, nom affiché  1          4,25",
        "obligatoire", "adresse électronique, nom affiché", "339", "au choix du responsable",
        "Non, mais la personne d'un groupe à risque élevé le sera (art. 34 RGPD)\u202F; pour les "
        "339 autres"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(CnilDraft, LateWithoutReasonsIsRefusedAndSaysHowToFixIt) {
  CnilInputs in = FixedInputs();
  in.deadline = ComputeDeadline(in.incident.awareness_at, std::nullopt,
                                *in.incident.awareness_at + 80 * 3600, 72);
  auto doc = ComposeCnilNotification(in);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("breachkit set late-reason"), std::string::npos);
  in.incident.late_reason = "week-end";
  auto ok = ComposeCnilNotification(in);
  ASSERT_TRUE(ok);
  EXPECT_NE(RenderText(*ok).find("Justification du retard\u00A0: week-end"), std::string::npos);
}

// Section G's text only (from its heading to section H's).
std::string SectionG(const std::string& text) {
  const size_t from = text.find("G. Catégories");
  const size_t to = text.find("H. Catégories");
  return from == std::string::npos ? "" : text.substr(from, to - from);
}

// `kinds`: static text (an item's texts are views).
Subject TableRowPerson(int64_t party, std::vector<std::string_view> kinds) {
  Subject s;
  s.party = party;
  s.content = true;
  s.seen_in_table = true;
  for (std::string_view k : kinds) s.items.push_back({k, "", "", 1, 1, std::nullopt});
  return s;
}

// The categories of persons are proposed from the incident, never "candidates" whatever the
// case: a payroll's rows are employees; a list of customers in a table is left undetermined;
// addresses exposed by messages that are no recruitment are a neutral "Autres"; and the draft
// says it is a proposal the DPO confirms.
TEST(CnilDraft, ThePersonCategoriesAreProposedFromTheIncident) {
  CnilInputs payroll = FixedInputs();
  RiskFacts f;
  f.persons_affected = 4;
  f.addresses_exposed = true;
  f.max_audience = 1;
  payroll.assessment = *AssessRisk(f, RiskPolicy{});  // no recruitment context
  payroll.exposure.persons_affected = 4;
  payroll.exposure.subjects = {TableRowPerson(1, {"name", "iban", "salary"}),
                               TableRowPerson(2, {"name", "employee_number"}),
                               TableRowPerson(3, {"name", "email"})};
  Subject mailbox;
  mailbox.party = 4;
  mailbox.address = "x@client.example";
  mailbox.items.push_back({"address", "", "", 1, 1, std::nullopt});
  payroll.exposure.subjects.push_back(mailbox);
  auto doc = ComposeCnilNotification(payroll);
  ASSERT_TRUE(doc) << doc.error().message;
  const std::string g = SectionG(RenderText(*doc));
  EXPECT_NE(g.find("Employés"), std::string::npos) << g;
  EXPECT_NE(g.find("Pas déterminé pour le moment"), std::string::npos) << g;
  EXPECT_NE(g.find("Autres\u00A0: personnes dont l'adresse électronique a été exposée"),
            std::string::npos)
      << g;
  EXPECT_EQ(g.find("candidats"), std::string::npos) << g;
  EXPECT_NE(g.find("proposition que le délégué à la protection des données confirme"),
            std::string::npos)
      << g;
  // The storm of a recruitment keeps its candidates.
  auto storm = ComposeCnilNotification(FixedInputs());
  ASSERT_TRUE(storm);
  const std::string gs = SectionG(RenderText(*storm));
  EXPECT_NE(gs.find("Autres\u00A0: candidats à un recrutement"), std::string::npos) << gs;
  EXPECT_EQ(gs.find("Employés"), std::string::npos) << gs;
  EXPECT_EQ(gs.find("ajoutées aux échanges"), std::string::npos) << gs;
  // A recruiter a candidate put in copy is no candidate: a row of their own.
  CnilInputs added = FixedInputs();
  Subject recruiter;
  recruiter.party = 99;
  recruiter.address = "recruiter@agency.example";
  recruiter.added_by_others = true;
  added.exposure.subjects.push_back(recruiter);
  const std::string ga = SectionG(RenderText(*ComposeCnilNotification(added)));
  EXPECT_NE(ga.find("Autres\u00A0: personnes ajoutées aux échanges par un destinataire"),
            std::string::npos)
      << ga;
  EXPECT_NE(ga.find("Autres\u00A0: candidats à un recrutement"), std::string::npos) << ga;
}

// Through the command line: the payroll generator's XLSX sent to a wrong address gives a
// draft that proposes employees, not candidates.
TEST(CnilCommand, APayrollLeakProposesEmployeesNotCandidates) {
  testing::ScopedTempDir dir;
  const auto made = testing::MakePayrollLeak(dir.File("leak"), "xlsx", 6);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string out = dir.File("out");
  const auto run = testing::RunBreachkit({"-q", "run", dir.File("leak/payroll-xlsx.eml"), "-o", out,
                                          "--org", dir.File("leak/organisation.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  FILE* p = popen(("pdftotext -enc UTF-8 '" + out + "/cnil-notification.pdf' -").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  pclose(p);
  std::string flat;
  for (char c : text) flat += (c == '\n' ? ' ' : c);
  EXPECT_NE(flat.find("Employés"), std::string::npos) << SectionG(flat);
  EXPECT_EQ(flat.find("candidats à un recrutement"), std::string::npos) << SectionG(flat);
  // The texts `run` proposed are a file's, not a recruitment's with its blind copies.
  EXPECT_NE(flat.find("le fichier joint"), std::string::npos) << flat;
  for (const char* storm_words : {"postulé", "copie cachée", "répondre à tous"})
    EXPECT_EQ(flat.find(storm_words), std::string::npos) << storm_words;
  // The register entry tells the same story (it said "1 destinataire visible").
  const auto report = testing::RunBreachkit({"--db", out + "/incident.db", "report", "--text"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("Un message envoyé par erreur à 1 destinataire, avec les données de 6 "
                            "personnes"),
            std::string::npos)
      << report.out;
  EXPECT_NE(report.out.find("sans autre message à la suite."), std::string::npos)
      << report.out;  // it said "suivi de 0 autre message"
}

TEST(CnilCommand, TheSampleLeaksDraftHoldsTheFiguresAndIsReproducible) {
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  using testing::RunBreachkit;
  ASSERT_EQ(RunBreachkit({"--db", db, "init", "--org",
                          testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "ingest", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"})
          .exit_code,
      0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "event", "add", "awareness", "--at", "2025-09-12T11:00"}).exit_code,
      0);
  auto refused = RunBreachkit({"--db", db, "cnil", "-o", dir.File("cnil.pdf")});
  EXPECT_EQ(refused.exit_code, 1);  // past 72 hours today, no reasons yet
  EXPECT_NE(refused.err.find("breachkit set late-reason"), std::string::npos);
  ASSERT_EQ(RunBreachkit({"--db", db, "set", "late-reason", "analyse des pièces"}).exit_code, 0);
  auto r = RunBreachkit({"--db", db, "cnil", "-o", dir.File("cnil.pdf")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::FileMode(dir.File("cnil.pdf")), 0600);
  const auto summary = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  FILE* p = popen(("pdftotext -enc UTF-8 '" + dir.File("cnil.pdf") + "' -").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  pclose(p);
  // pdftotext may break a long line; compare with white space folded.
  std::string flat;
  for (char c : text) flat += (c == '\n' ? ' ' : c);
  for (const char* heading :
       {"A. Type de notification", "B. Organisme", "C. La violation", "D. Nature", "E. Origine",
        "F. Cause", "G. Catégories", "H. Catégories", "I. Conséquences", "J. Gravité", "K. Mesures",
        "L. Information", "M. Aspects", "N. Annexes"}) {
    EXPECT_NE(flat.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(flat.find(std::to_string(summary["persons_affected"].get<int>())), std::string::npos);
  EXPECT_NE(flat.find(std::to_string(summary["records"].get<int>())), std::string::npos);
  // The deadline, in words (pdftotext gives the no-break spaces as spaces).
  EXPECT_NE(flat.find("15 septembre 2025 à 11 h"), std::string::npos) << flat;
  EXPECT_NE(flat.find("Garonne Ingénierie SAS"), std::string::npos);
  for (const auto& [category, figures] : summary["categories"].items()) {
    // Long names may wrap inside a table cell: look for their first words.
    EXPECT_NE(flat.find(category.substr(0, std::min<size_t>(category.size(), 24))),
              std::string::npos)
        << category;
  }
  // A third party is a person: masked in the annex, never in clear.
  EXPECT_EQ(flat.find("max.fischer@outside.example"), std::string::npos);
  EXPECT_NE(flat.find("@outside.example"), std::string::npos);
  // Twice the same record: the same bytes.
  ASSERT_EQ(RunBreachkit({"--db", db, "cnil", "-o", dir.File("again.pdf")}).exit_code, 0);
  EXPECT_EQ(testing::ReadFile(dir.File("cnil.pdf")), testing::ReadFile(dir.File("again.pdf")));
  if (std::system("command -v qpdf >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("qpdf --check '" + dir.File("cnil.pdf") + "' >/dev/null 2>&1").c_str()),
              0);
  }
  auto audit = RunBreachkit({"--db", db, "audit"});
  EXPECT_NE(audit.out.find("cnil-initial"), std::string::npos);
}

}  // namespace
// The CNIL's lists are code lists: `set` takes codes (or a one-choice list's label), refuses
// what the list lacks, and the documents print the labels.
class CnilLists : public testing::SampleRecordTest {};

TEST_F(CnilLists, SetTakesCodesRefusesOthersAndTheDocumentsPrintTheLabels) {
  using testing::RunBreachkit;
  auto listed = RunBreachkit({"--db", db_, "set", "--list", "cause"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("2  Acte interne accidentel"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("5  Inconnu"), std::string::npos) << listed.out;
  auto persons = RunBreachkit({"--db", db_, "set", "--list", "person-categories"});
  EXPECT_NE(persons.out.find("11  Autres (with its text: 11=…)"), std::string::npos) << persons.out;
  EXPECT_EQ(RunBreachkit({"--db", db_, "set", "--list", "colours"}).exit_code, 1);
  auto data = RunBreachkit({"--db", db_, "set", "--list", "data-categories"});
  EXPECT_NE(data.out.find("NIR (Numéro de sécurité sociale)"), std::string::npos) << data.out;

  // Refused, saying which list and where its codes are; the record keeps what it had.
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{"cause", "erreur humaine"},
                                             {"cause", "1,2"},
                                             {"origins", "12"},
                                             {"origins", "9,9"},
                                             {"person-categories", "11"},
                                             {"person-categories", "11,1=candidats"},
                                             {"person-categories", "1=texte"}}) {
    auto r = RunBreachkit({"--db", db_, "set", bad[0], bad[1]});
    EXPECT_EQ(r.exit_code, 1) << bad[0] << " " << bad[1];
    EXPECT_NE(r.err.find("breachkit set --list " + bad[0]), std::string::npos) << r.err;
  }
  EXPECT_EQ(testing::QueryColumn(db_,
                                 "SELECT cause || '|' || origin_codes || '|' || "
                                 "person_categories FROM incident")[0],
            "||");

  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "cause", "ACTE INTERNE ACCIDENTEL"}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db_, "set", "origins", "9, 7"}).exit_code, 0);
  ASSERT_EQ(
      RunBreachkit({"--db", db_, "set", "person-categories", "8,11=candidats à un recrutement"})
          .exit_code,
      0);
  EXPECT_EQ(testing::QueryColumn(db_,
                                 "SELECT cause || '|' || origin_codes || '|' || "
                                 "person_categories FROM incident")[0],
            "2|9,7|8,11=candidats à un recrutement");
  ASSERT_EQ(RunBreachkit({"--db", db_, "event", "add", "awareness", "--at", "now"}).exit_code, 0);
  auto draft = RunBreachkit({"--db", db_, "cnil", "--text"});
  ASSERT_EQ(draft.exit_code, 0) << draft.err;
  const std::string& t = draft.out;
  EXPECT_NE(t.find("Données personnelles envoyées à un mauvais destinataire\u202F; Publication "
                   "non volontaire d'informations"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("F. Cause\n--------\n\nActe interne accidentel\n"), std::string::npos) << t;
  EXPECT_NE(t.find("- Mineurs\n- Autres\u00A0: candidats à un recrutement"), std::string::npos)
      << t;
  EXPECT_NE(t.find("Mineurs ou personnes vulnérables\u00A0:                    Oui"),
            std::string::npos)
      << t;
  EXPECT_EQ(t.find("confirmer la proposition"), std::string::npos) << t;  // chosen: no proposal
  EXPECT_EQ(t.find("texte proposé par breachkit pour ce type d'incident\u00A0: à relire et "
                   "adapter)\n\nF."),
            std::string::npos)
      << t;
  auto entry = RunBreachkit({"--db", db_, "report", "--text"});
  EXPECT_NE(entry.out.find("Cause (liste CNIL)\u00A0:        Acte interne accidentel"),
            std::string::npos)
      << entry.out;
  EXPECT_NE(entry.out.find("Mineurs\u202F; Autres\u00A0: candidats à un recrutement"),
            std::string::npos)
      << entry.out;
}

TEST(CnilCodeLists, AValueFromBeforeTheListsWereCheckedPrintsAsWritten) {
  const CodeList* cause = CnilCodeList("cause");
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(CodeLabels(*cause, "erreur humaine"), std::vector<std::string>{"erreur humaine"});
  EXPECT_EQ(LabelsOf("cause", "2"), "Acte interne accidentel");
  EXPECT_EQ(LabelsOf("origins", "Papier perdu, volé"), "Papier perdu, volé");
  EXPECT_EQ(ParseCodes(*CnilCodeList("origins"), " 9 , 11 = une clé USB ; oubliée").value_or("?"),
            "9,11=une clé USB ; oubliée");
  EXPECT_FALSE(ParseCodes(*CnilCodeList("origins"), "11,9=une clé USB"));  // the text item last
}

}  // namespace breachkit

namespace breachkit {
namespace {

// Issue 23, part 5, as a DPO runs it: the initial draft written, the notification recorded,
// then the record changes; the complementary draft lists exactly what changed.
TEST(CnilCli, TheComplementaryListsWhatChangedSinceTheInitialWasNotified) {
  using testing::RunBreachkit;
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";
  ASSERT_EQ(RunBreachkit({"--db", db, "init", "--org",
                          testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", mbox}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db, "set", "measures-taken", "suppression demandée."}).exit_code,
            0);
  // Notified before any draft was written with breachkit: what it said is not known.
  ASSERT_EQ(RunBreachkit({"--db", db, "event", "add", "cnil-notified", "--at", "2025-09-13T10:00",
                          "--reference", "CNIL-1"})
                .exit_code,
            0);
  auto unknown = RunBreachkit({"--db", db, "cnil", "--complementary", "--text"});
  ASSERT_EQ(unknown.exit_code, 0) << unknown.err;
  EXPECT_NE(unknown.out.find("[À compléter] ce qui a changé"), std::string::npos) << unknown.out;

  // The initial draft written, then the notification recorded (corrected: a new reference).
  ASSERT_EQ(RunBreachkit({"--db", db, "cnil", "-o", dir.File("initial.pdf")}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db, "event", "add", "cnil-notified", "--at", "2025-09-13T11:00",
                          "--reference", "CNIL-2"})
                .exit_code,
            0);
  auto same = RunBreachkit({"--db", db, "cnil", "--complementary", "--text"});
  EXPECT_NE(same.out.find("aucun changement"), std::string::npos) << same.out;
  // A draft written after the notification does not replace what was notified.
  ASSERT_EQ(RunBreachkit({"--db", db, "set", "measures-taken", "rappel de chacun."}).exit_code, 0);
  ASSERT_EQ(RunBreachkit({"--db", db, "cnil", "-o", dir.File("later.pdf")}).exit_code, 0);
  ASSERT_EQ(
      RunBreachkit({"--db", db, "event", "add", "contained", "--at", "2025-09-14T12:00"}).exit_code,
      0);
  auto changed = RunBreachkit({"--db", db, "cnil", "--complementary", "--text"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("2 éléments ont changé"), std::string::npos) << changed.out;
  const size_t row = changed.out.find("Mesures prises  ");
  ASSERT_NE(row, std::string::npos) << changed.out;
  const std::string line = changed.out.substr(row, changed.out.find('\n', row) - row);
  EXPECT_NE(line.find("suppression demandée."), std::string::npos) << line;
  EXPECT_NE(line.find("rappel de chacun."), std::string::npos) << line;
  EXPECT_NE(changed.out.find("Fin de la violation"), std::string::npos) << changed.out;
  // Kept in the record, so an export carries it and an import gives the same draft.
  ASSERT_EQ(
      RunBreachkit({"--db", db, "export", "--format", "xml", "-o", dir.File("r.xml")}).exit_code,
      0);
  ASSERT_EQ(RunBreachkit({"--db", dir.File("copy.db"), "import", dir.File("r.xml")}).exit_code, 0);
  EXPECT_EQ(RunBreachkit({"--db", dir.File("copy.db"), "cnil", "--complementary", "--text"}).out,
            changed.out);
}

}  // namespace
}  // namespace breachkit

namespace breachkit {
namespace {

// The facts a draft keeps (and a complementary one compares) count only those off the
// original's lists under "hors de la liste d'origine"; the listed receivers of a table's rows
// have a line of their own (they were counted there too).
TEST(CnilDraft, TheKeptFactsTellOutsideRecipientsFromListedReceiversOfRows) {
  CnilInputs in = FixedInputs();
  in.exposure.third_party_recipients.push_back({"candidate@listed.example", 3, true});
  const NotificationFacts f = FactsOf(in);
  auto value = [&](std::string_view label) {
    for (const auto& [l, v] : f)
      if (l == label) return v;
    return std::string("(none)");
  };
  EXPECT_EQ(value("Destinataires hors de la liste d'origine"), "1");
  EXPECT_EQ(value("Destinataires de la liste d'origine qui ont reçu les lignes d'un tableau ou un "
                  "document sur d'autres personnes"),
            "1");
  in.exposure.third_party_recipients.pop_back();
  EXPECT_EQ(FactsOf(in).size() + 1, f.size());
}

}  // namespace
}  // namespace breachkit
