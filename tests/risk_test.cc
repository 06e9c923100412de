#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/risk/deadline.h"
#include "core/risk/enisa.h"
#include "core/risk/facts.h"
#include "core/util/clock.h"

namespace breachkit {
namespace {

// The reference case (doc/regulatory.md §4.6): names and addresses of 340 candidates, shown to
// each other, in a recruitment context, no sensitive data, sent to known recipients.
RiskFacts ReferenceCase() {
  RiskFacts f;
  f.persons_affected = 340;
  f.addresses_exposed = true;
  f.persons_by_category[DataCategory::kPersonName] = 300;
  f.name_revealing_share = 1.0;
  f.recruitment_context = true;
  f.context_evidence = "Votre candidature";
  f.max_audience = 339;
  return f;
}

// The reference case changed by `change`, assessed under the default policy (the test fails
// when it cannot be).
RiskAssessment AssessedWith(const std::function<void(RiskFacts&)>& change) {
  RiskFacts f = ReferenceCase();
  change(f);
  auto a = AssessRisk(f, RiskPolicy{});
  EXPECT_TRUE(a) << a.error().message;
  return a ? *a : RiskAssessment{};
}

bool HasRule(const std::vector<Reason>& reasons, std::string_view rule) {
  for (const auto& r : reasons) {
    if (r.rule == rule) return true;
  }
  return false;
}

// With no affected person's data, the DPC reason says so and where the other findings are:
// "Aucune donnée détectée" read as a clean bill where `findings` listed 40 NIRs and IBANs
// given to a staff writer.
TEST(Enisa, NoPersonsDataSaysWhereTheOtherFindingsAre) {
  RiskFacts f;
  f.persons_affected = 0;
  auto a = AssessRisk(f, RiskPolicy{});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(HasRule(a->dpc.reasons, "dpc.none"));
  for (const Reason& r : a->dpc.reasons) {
    if (r.rule != "dpc.none") continue;
    EXPECT_EQ(r.fr.find("Aucune donnée détectée"), std::string::npos) << r.fr;
    EXPECT_NE(r.fr.find("personne concernée"), std::string::npos) << r.fr;
    EXPECT_NE(r.en.find("breachkit findings"), std::string::npos) << r.en;
  }
}

TEST(Enisa, ReferenceCaseIsTwoPointTwentyFiveMedium) {
  auto a = AssessRisk(ReferenceCase(), RiskPolicy{});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->dpc.value, 2);  // simple data 1, recruitment context +1 (CV database example)
  EXPECT_TRUE(HasRule(a->dpc.reasons, "dpc.recruitment-context"));
  EXPECT_EQ(a->ei.value, 1);     // addresses reveal the names
  EXPECT_EQ(a->cb.value, 0.25);  // wrongly sent to a number of known recipients
  EXPECT_DOUBLE_EQ(a->se, 2.25);
  EXPECT_EQ(a->band, Band::kMedium);
  EXPECT_TRUE(a->flag_over_100);
  EXPECT_TRUE(a->notify_cnil);
  EXPECT_FALSE(a->inform_persons);
  EXPECT_TRUE(a->inform_recommended);  // EDPB: open list with many recipients
}

TEST(Enisa, WithoutTheRecruitmentContextItIsOnePointTwentyFiveLow) {
  const RiskAssessment a = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.max_audience = 20;  // not a large list either
  });
  EXPECT_DOUBLE_EQ(a.se, 1.25);
  EXPECT_EQ(a.band, Band::kLow);
  EXPECT_FALSE(a.notify_cnil);
  EXPECT_TRUE(HasRule(a.decision, "decision.no-notify"));
}

// The third parties are said as what they are: the recipients of a reply to all that
// carried a list of candidates were on the original's lists, and received rows meant for
// nobody; they were not "outside the original list (forwarded outside)" as it said of all.
TEST(Enisa, ThirdPartiesOnTheOriginalListAreSaidToHaveReceivedATablesRows) {
  auto cb_reason = [](const RiskAssessment& a) {
    for (const Reason& r : a.cb.reasons)
      if (r.rule == "cb.outside-recipients") return r;
    return Reason{};
  };
  const Reason rows = cb_reason(AssessedWith([](RiskFacts& f) {
    f.third_party_recipients = 29;
    f.third_parties_on_list = 29;
  }));
  EXPECT_NE(rows.fr.find("dont 29, sur la liste d'origine, qui ont reçu les données d'autres "
                         "personnes (lignes d'un tableau, document) qui ne leur étaient pas "
                         "destinées"),
            std::string::npos)
      << rows.fr;
  EXPECT_EQ(rows.fr.find("hors de la liste d'origine"), std::string::npos) << rows.fr;
  EXPECT_EQ(rows.en.find("outside the original list"), std::string::npos) << rows.en;
  const Reason both = cb_reason(AssessedWith([](RiskFacts& f) {
    f.third_party_recipients = 3;
    f.third_parties_on_list = 1;
  }));
  EXPECT_NE(both.fr.find("dont 2 destinataires hors de la liste d'origine (transfert à "
                         "l'extérieur, adresses connues) et 1, sur la liste d'origine, qui a reçu "
                         "les données d'autres personnes (lignes d'un tableau, document) qui ne "
                         "lui étaient pas destinées"),
            std::string::npos)
      << both.fr;
  const Reason forward =
      cb_reason(AssessedWith([](RiskFacts& f) { f.third_party_recipients = 2; }));
  EXPECT_NE(forward.fr.find("dont 2 destinataires hors de la liste d'origine"), std::string::npos)
      << forward.fr;
  EXPECT_EQ(forward.fr.find("tableau"), std::string::npos) << forward.fr;
}

// ENISA Annex 3: known recipients +0.25 (two outside addresses named by the evidence are
// known), an unknown number +0.5 (a mailing list, whose members nobody here knows).
TEST(Enisa, OutsideAddressesAreKnownRecipientsAMailingListIsNot) {
  const RiskAssessment known = AssessedWith([](RiskFacts& f) { f.third_party_recipients = 2; });
  EXPECT_EQ(known.cb.value, 0.25);
  EXPECT_DOUBLE_EQ(known.se, 2.25);
  EXPECT_TRUE(HasRule(known.cb.reasons, "cb.outside-recipients"));
  const RiskAssessment list = AssessedWith([](RiskFacts& f) {
    f.third_party_recipients = 2;
    f.mailing_lists = 1;
  });
  EXPECT_EQ(list.cb.value, 0.5);
  EXPECT_DOUBLE_EQ(list.se, 2.5);
  EXPECT_TRUE(HasRule(list.cb.reasons, "cb.mailing-list"));
}

// The cause is a code of the CNIL's list: codes 1 and 3 are malicious acts (+0.5), code 2 is
// not; a free-text cause from an older record is still read.
TEST(Enisa, AMaliciousCauseCodeAddsHalfAPoint) {
  IncidentInfo incident;
  ExposureReport report;
  for (const auto& [cause, malicious] :
       std::vector<std::pair<std::string, bool>>{{"1", true},
                                                 {"3", true},
                                                 {"2", false},
                                                 {"5", false},
                                                 {"", false},
                                                 {"Acte externe malveillant", true}}) {
    incident.cause = cause;
    EXPECT_EQ(FactsFrom(report, incident).malicious, malicious) << cause;
  }
}

// Minors (code 8) or vulnerable persons (code 9) among the persons' categories are what the
// vulnerable flag says: the draft and the score agree.
TEST(Enisa, MinorsAmongThePersonCategoriesMakeThePersonsVulnerable) {
  IncidentInfo incident;
  ExposureReport report;
  for (const auto& [categories, vulnerable] : std::vector<std::pair<std::string, bool>>{
           {"8", true}, {"1,9", true}, {"11=candidats", false}, {"", false}}) {
    incident.person_categories = categories;
    EXPECT_EQ(FactsFrom(report, incident).vulnerable, vulnerable) << categories;
  }
}

TEST(Enisa, SensitiveDataScoreFourAndCallForInformingThePersons) {
  const RiskAssessment a =
      AssessedWith([](RiskFacts& f) { f.persons_by_category[DataCategory::kHealth] = 1; });
  EXPECT_EQ(a.dpc.value, 4);
  EXPECT_DOUBLE_EQ(a.se, 4.25);
  EXPECT_EQ(a.band, Band::kVeryHigh);
  EXPECT_TRUE(a.inform_persons);
  EXPECT_TRUE(HasRule(a.decision, "decision.notify.special-data"));
}

// A recruiting agency's "Shortlist" and its applicants say that people applied for a job
// (helper-75: "Shortlist: Senior Data Analyst" scored without the recruitment context); a
// works council election's candidates do not (helper-76).
TEST(Enisa, AShortlistOrAListOfCandidatesIsARecruitment) {
  IncidentInfo incident;
  ExposureReport report;
  for (const auto& [subject, recruitment] : std::vector<std::pair<std::string, bool>>{
           {"Shortlist: Senior Data Analyst – Northwind Capital (week 24)", true},
           {"Applicants for the role", true},
           {"Élections CSE : liste des candidats", false},
           {"Nos nouveautés de novembre", false},
           {"Short stories list", false}}) {
    report.original_subject = subject;
    EXPECT_EQ(FactsFrom(report, incident).recruitment_context, recruitment) << subject;
  }
}

// A clinic's appointment reminder sent with every patient in To tells each recipient's health
// (they are patients of that service): the subject says so, whatever the replies hold. A
// recruitment for a post in that service does not, nor does a subject naming no patient side.
TEST(Enisa, AReminderOfAConsultationRevealsItsRecipientsHealth) {
  IncidentInfo incident;
  ExposureReport report;
  for (const auto& [subject, health] : std::vector<std::pair<std::string, bool>>{
           {"Rappel : votre consultation de diabétologie du 14/11", true},
           {"Votre RDV en oncologie - confirmation", true},
           {"Your dialysis appointment reminder", true},
           {"RDV Oncologie - planning des internes", false},
           {"Rappel : réunion du service de cardiologie", false},
           {"Rappel : campagne de vaccination", false},
           {"Suivi du projet IRM", false},
           {"Mental health awareness session", false},
           {"Candidature – infirmier en oncologie", false},
           {"Convocation entretien - poste en cardiologie", false},
           {"La lettre de la cardiologie", false},
           {"Rappel : réunion de service", false}}) {
    report.original_subject = subject;
    const RiskFacts f = FactsFrom(report, incident);
    EXPECT_EQ(f.health_context, health) << subject;
    if (health) {
      EXPECT_NE(f.health_evidence.find(subject), std::string::npos);
    }
  }
  const RiskAssessment a = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.health_context = true;
    f.health_evidence = "Rappel : votre consultation";
  });
  EXPECT_EQ(a.dpc.value, 4);
  EXPECT_TRUE(HasRule(a.dpc.reasons, "dpc.health-context"));
  EXPECT_TRUE(a.notify_cnil);
  EXPECT_TRUE(a.inform_persons);
  EXPECT_TRUE(HasRule(a.decision, "decision.notify.special-data"));
}

TEST(Enisa, SalariesAreIncomeBaseThreeNotBareAccountNumbers) {
  const RiskAssessment iban_only = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kIban] = 40;
  });
  EXPECT_EQ(iban_only.dpc.value, 2);
  const RiskAssessment payroll = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kIban] = 40;
    f.persons_by_category[DataCategory::kSalary] = 40;
  });
  EXPECT_EQ(payroll.dpc.value, 3);
  EXPECT_TRUE(HasRule(payroll.dpc.reasons, "dpc.financial"));
  EXPECT_FALSE(HasRule(payroll.dpc.reasons, "dpc.sensitive"));
}

// An IBAN with the NIR of the same persons (a mutuelle's enrolment file) is what a fraud in
// their name needs: base 3, not a bare account number's 2 (helper-71: "moyen", informing at
// the controller's choice).
TEST(Enisa, AnAccountWithTheSocialSecurityNumberIsNoBareAccountNumber) {
  const RiskAssessment kit = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kIban] = 40;
    f.persons_by_category[DataCategory::kNir] = 40;
  });
  EXPECT_EQ(kit.dpc.value, 3);
  bool said = false;
  for (const Reason& r : kit.dpc.reasons) {
    said = said || r.fr.find("numéro de sécurité sociale") != std::string::npos;
  }
  EXPECT_TRUE(said);
  const RiskAssessment nir_only = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kNir] = 40;
  });
  EXPECT_EQ(nir_only.dpc.value, 1);
}

TEST(Enisa, EmployeeNumbersAndJobTitlesAreSimpleDataAndEvaluationsAddOne) {
  const RiskAssessment staff = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kEmployeeNumber] = 40;
    f.persons_by_category[DataCategory::kJobTitle] = 40;
  });
  EXPECT_EQ(staff.dpc.value, 1);
  EXPECT_FALSE(HasRule(staff.dpc.reasons, "dpc.sensitive"));
  const RiskAssessment reviews = AssessedWith([](RiskFacts& f) {
    f.recruitment_context = false;
    f.persons_by_category[DataCategory::kEvaluation] = 40;
  });
  EXPECT_EQ(reviews.dpc.value, 2);
  EXPECT_TRUE(HasRule(reviews.dpc.reasons, "dpc.evaluation"));
  EXPECT_FALSE(HasRule(reviews.dpc.reasons, "dpc.sensitive"));
}

TEST(Enisa, BandsFollowTheMethod) {
  RiskFacts f = ReferenceCase();
  f.recruitment_context = false;
  for (auto [dpc, band] : std::vector<std::pair<double, Band>>{
           {1, Band::kLow}, {2, Band::kMedium}, {3, Band::kHigh}, {4, Band::kVeryHigh}}) {
    auto a = AssessRisk(f, RiskPolicy{},
                        Overrides{Override{dpc, "test"}, Override{1, "test"}, Override{0, "test"}});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->band, band) << dpc;  // SE = dpc × 1 + 0
  }
}

TEST(Enisa, AnOverrideWithoutAReasonIsRefused) {
  auto a = AssessRisk(ReferenceCase(), RiskPolicy{},
                      Overrides{.dpc = Override{1, ""}, .ei = {}, .cb = {}});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kUsage);
  EXPECT_NE(a.error().message.find("--why"), std::string::npos);
  auto odd = AssessRisk(ReferenceCase(), RiskPolicy{},
                        Overrides{.dpc = {}, .ei = Override{0.6, "x"}, .cb = {}});
  ASSERT_FALSE(odd);
  auto ok = AssessRisk(ReferenceCase(), RiskPolicy{},
                       Overrides{.dpc = Override{1, "public list"}, .ei = {}, .cb = {}});
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->dpc.overridden);
  EXPECT_DOUBLE_EQ(ok->se, 1.25);
  EXPECT_TRUE(HasRule(ok->dpc.reasons, "dpc.override"));
}

TEST(Enisa, AnOverrideKeepsWhatTheEvidenceGivesBesideItEachFactorWithItsOwnReason) {
  const Overrides o{.dpc = Override{3, "the remark names a diagnosis"},
                    .ei = {},
                    .cb = Override{1, "the outside recipient is a competitor"}};
  auto a = AssessRisk(ReferenceCase(), RiskPolicy{}, o);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->dpc.value, 3);
  EXPECT_EQ(a->dpc.computed, 2);
  EXPECT_EQ(a->dpc.why, "the remark names a diagnosis");
  EXPECT_EQ(a->cb.value, 1);
  EXPECT_EQ(a->cb.computed, 0.25);
  EXPECT_EQ(a->cb.why, "the outside recipient is a competitor");
  EXPECT_FALSE(a->ei.overridden);
  EXPECT_EQ(a->ei.computed, a->ei.value);
  EXPECT_DOUBLE_EQ(a->se, 4);  // 3 × 1 + 1
  // The evidence changes (a health remark): the kept override now stands beside 4.
  RiskFacts health = ReferenceCase();
  health.persons_by_category[DataCategory::kHealth] = 1;
  auto b = AssessRisk(health, RiskPolicy{}, o);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->dpc.value, 3);
  EXPECT_EQ(b->dpc.computed, 4);
  // The evidence's own value set by the DPO (to hold every group at it) is said as such, not
  // "à 4 au lieu de 4" (helper-63).
  const Overrides same{
      .dpc = Override{4, "every patient's care is health data"}, .ei = {}, .cb = {}};
  auto c = AssessRisk(health, RiskPolicy{}, same);
  ASSERT_TRUE(c);
  const Reason& said = c->dpc.reasons.back();
  EXPECT_EQ(said.fr,
            "Valeur fixée par le DPO à 4, celle que donnent les pièces : every patient's care is "
            "health data");
  EXPECT_EQ(said.en,
            "Set by the DPO to 4, the value the evidence gives: every patient's care is "
            "health data");
}

// The Digital Omnibus proposal notifies from a high risk only: the reference case (medium,
// an open list of 339) is notified under the GDPR and only recorded under the proposal; a
// health remark (very high) is notified under both.
TEST(Enisa, AHighRiskOnlyRegimeNotifiesFromHighOnly) {
  IncidentInfo gdpr_record, omnibus_record;
  omnibus_record.regime = "digital-omnibus";
  omnibus_record.notify_band = "high";
  const RiskPolicy gdpr = PolicyFrom(gdpr_record), omnibus = PolicyFrom(omnibus_record);
  EXPECT_FALSE(gdpr.high_risk_only);
  EXPECT_TRUE(omnibus.high_risk_only);
  auto now = AssessRisk(ReferenceCase(), gdpr);
  auto then = AssessRisk(ReferenceCase(), omnibus);
  ASSERT_TRUE(now && then);
  EXPECT_TRUE(now->notify_cnil);
  EXPECT_FALSE(then->notify_cnil);
  EXPECT_TRUE(HasRule(then->decision, "decision.no-notify.not-high-risk"));
  EXPECT_FALSE(HasRule(then->decision, "decision.notify.edpb-open-list"));
  // The example profile's <notify-from>medium</notify-from> kept under the proposal: the
  // threshold stays high (the law asks for nothing below).
  IncidentInfo kept = omnibus_record;
  kept.notify_band = "medium";
  EXPECT_EQ(PolicyFrom(kept).notify_from, Band::kHigh);
  auto medium = AssessRisk(ReferenceCase(), PolicyFrom(kept));
  ASSERT_TRUE(medium);
  EXPECT_FALSE(medium->notify_cnil);
  EXPECT_EQ(then->se, now->se);  // the score is the method's, whatever the law
  RiskFacts health = ReferenceCase();
  health.persons_by_category[DataCategory::kHealth] = 1;
  auto serious = AssessRisk(health, omnibus);
  ASSERT_TRUE(serious);
  EXPECT_TRUE(serious->notify_cnil);
  EXPECT_TRUE(HasRule(serious->decision, "decision.notify.band"));
}

// The breach's reasons are the worst group's, with the breach's counts of its categories
// (helper-74: "IBAN : 9 personnes" for a payroll of 46, 9 of them with health data).
TEST(Enisa, TheBreachsReasonsCountTheBreachsPersons) {
  RiskFacts breach = ReferenceCase();
  breach.persons_affected = 46;
  breach.persons_by_category = {{DataCategory::kIban, 46}, {DataCategory::kHealth, 9}};
  RiskGroupFacts plain{"iban", ReferenceCase()};
  plain.facts.persons_affected = 37;
  plain.facts.persons_by_category = {{DataCategory::kIban, 37}};
  RiskGroupFacts health{"health iban", ReferenceCase()};
  health.facts.persons_affected = 9;
  health.facts.persons_by_category = {{DataCategory::kIban, 9}, {DataCategory::kHealth, 9}};
  auto a = AssessRiskByGroup(breach, {plain, health}, RiskPolicy{});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->groups[0].kinds, "health iban");
  std::string financial, sensitive;
  for (const Reason& r : a->dpc.reasons) {
    if (r.rule == "dpc.financial") financial = r.fr;
    if (r.rule == "dpc.sensitive") sensitive = r.fr;
  }
  EXPECT_NE(financial.find("(IBAN) : 46 personnes"), std::string::npos) << financial;
  EXPECT_NE(sensitive.find(": 9 personnes"), std::string::npos) << sensitive;
  EXPECT_DOUBLE_EQ(a->se, a->groups[0].se);
}

// ENISA per group: 246 candidates shown by name and address (medium) and 4 who wrote about
// their health (very high). The breach's score is the health group's; only those 4 must be
// informed; the others are the controller's choice. Assessed as one, all 250 were very high.
TEST(Enisa, EachGroupOfPersonsGetsItsOwnScoreAndArt34Duty) {
  RiskFacts breach = ReferenceCase();
  breach.persons_affected = 250;
  breach.persons_by_category = {{DataCategory::kPersonName, 250}, {DataCategory::kHealth, 4}};
  RiskGroupFacts names{"address name", ReferenceCase()};
  names.facts.persons_affected = 246;
  names.facts.persons_by_category = {{DataCategory::kPersonName, 246}};
  RiskGroupFacts health{"address health name", ReferenceCase()};
  health.facts.persons_affected = 4;
  health.facts.persons_by_category = {{DataCategory::kPersonName, 4}, {DataCategory::kHealth, 4}};
  auto a = AssessRiskByGroup(breach, {names, health}, RiskPolicy{});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_EQ(a->groups.size(), 2u);
  EXPECT_EQ(a->groups[0].kinds, "address health name");  // the most severe first
  EXPECT_DOUBLE_EQ(a->groups[0].se, 4.25);
  EXPECT_TRUE(a->groups[0].inform_persons);
  EXPECT_DOUBLE_EQ(a->groups[1].se, 2.25);
  EXPECT_EQ(a->groups[1].band, Band::kMedium);
  EXPECT_FALSE(a->groups[1].inform_persons);
  EXPECT_DOUBLE_EQ(a->se, 4.25);                          // the breach's: the highest group's
  EXPECT_TRUE(HasRule(a->dpc.reasons, "dpc.sensitive"));  // its reasons are the group's
  EXPECT_TRUE(a->flag_over_100);                          // on the whole breach, not on the 4
  EXPECT_TRUE(a->inform_persons);
  EXPECT_EQ(CountInform(*a).must, 4);
  EXPECT_EQ(CountInform(*a).choice, 246);
  EXPECT_TRUE(HasRule(a->decision, "decision.inform.per-group"));
  EXPECT_TRUE(HasRule(a->decision, "decision.groups"));
  EXPECT_EQ(GroupWithKinds(*a, "address name"), &a->groups[1]);
  EXPECT_EQ(GroupWithKinds(*a, "phone"), nullptr);
  // Lowering the worst group's DPC to 3 caps it there and leaves the others' 2 alone: still
  // high for the 4, medium for the 246 (not lifted to 3.25).
  Overrides lower;
  lower.dpc = Override{3, "the remark names no diagnosis"};
  auto l = AssessRiskByGroup(breach, {names, health}, RiskPolicy{}, lower);
  ASSERT_TRUE(l);
  EXPECT_DOUBLE_EQ(l->se, 3.25);
  EXPECT_EQ(l->dpc.computed, 4);
  EXPECT_DOUBLE_EQ(l->groups[1].se, 2.25);
  EXPECT_EQ(CountInform(*l).must, 4);
  EXPECT_EQ(CountInform(*l).choice, 246);
  // Raising a factor lifts every group: CB 0.5 (the thread was published).
  Overrides raise;
  raise.cb = Override{0.5, "the thread was posted on a forum"};
  auto r = AssessRiskByGroup(breach, {names, health}, RiskPolicy{}, raise);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->groups[1].cb, 0.5);
  // The DPO's override DPC 2 (below every group's evidence but the names' own 2) makes
  // nobody high.
  Overrides o;
  o.dpc = Override{2, "the health remark is a sentence of politeness"};
  auto b = AssessRiskByGroup(breach, {names, health}, RiskPolicy{}, o);
  ASSERT_TRUE(b);
  EXPECT_DOUBLE_EQ(b->se, 2.25);
  // Both groups score 2.25 now: the breach keeps the reasons of the one the evidence finds
  // worst, so the override says "4 by the evidence", not the medium group's 2.
  EXPECT_EQ(b->dpc.computed, 4);
  EXPECT_EQ(b->groups[0].kinds, "address health name");
  EXPECT_FALSE(b->inform_persons);
  EXPECT_EQ(CountInform(*b).must, 0);
  // No group: the breach assessed as one.
  auto one = AssessRiskByGroup(breach, {}, RiskPolicy{});
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->groups.empty());
  EXPECT_DOUBLE_EQ(one->se, 4.25);
}

// One person left to the controller's choice: "l'autre", "l'informer".
TEST(Enisa, OnePersonLeftToTheControllersChoiceIsSaidInTheSingular) {
  RiskFacts breach = ReferenceCase();
  breach.persons_affected = 2;
  breach.persons_by_category[DataCategory::kHealth] = 1;
  RiskGroupFacts names{"address name", ReferenceCase()};
  names.facts.persons_affected = 1;
  RiskGroupFacts health{"address health name", ReferenceCase()};
  health.facts.persons_affected = 1;
  health.facts.persons_by_category[DataCategory::kHealth] = 1;
  auto a = AssessRiskByGroup(breach, {names, health}, RiskPolicy{});
  ASSERT_TRUE(a);
  std::string fr, en;
  for (const Reason& r : a->decision) {
    if (r.rule == "decision.inform.per-group") std::tie(fr, en) = std::tie(r.fr, r.en);
  }
  EXPECT_NE(fr.find("1 personne d'un groupe à risque élevé doit être informée"), std::string::npos)
      << fr;
  EXPECT_NE(fr.find("pour l'autre, le risque n'est pas élevé : l'informer est au choix"),
            std::string::npos)
      << fr;
  EXPECT_NE(en.find("for the other person, the risk"), std::string::npos) << en;
}

// The groups come from the persons' own items: same kinds, same group.
TEST(RiskGroups, PersonsWithTheSameKindsOfDataShareAGroup) {
  ExposureReport r;
  auto person = [](std::string address, std::vector<std::string_view> kinds) {
    Subject s;
    s.address = std::move(address);
    for (std::string_view k : kinds) {
      ExposedItem item;
      item.kind = k;
      s.items.push_back(std::move(item));
    }
    return s;
  };
  r.subjects = {person("a@x.fr", {"address", "name"}), person("b@x.fr", {"name", "address"}),
                person("c@x.fr", {"address", "name", "phone", "phone"}),
                person("d@x.fr", {"address"}), person("ines.martin@x.fr", {"address"}),
                person("im2025@x.fr", {"address"}), person("j.roux@x.fr", {"address"}),
                // Their address also written in a text: the same datum, the same group.
                person("e@x.fr", {"address", "email", "name"})};
  r.persons_affected = 8;
  EXPECT_EQ(KindsKey(r.subjects[2]), "address name phone");
  EXPECT_EQ(KindsKey(r.subjects[7]), "address name");
  const RiskFacts breach = FactsFrom(r, IncidentInfo{});
  const std::vector<RiskGroupFacts> groups = GroupFactsFrom(r, breach);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].kinds, "address");
  EXPECT_EQ(groups[0].facts.persons_affected, 4);
  // ines.martin spells a name (ENISA: maximum identification); d, im2025 and j.roux do not.
  EXPECT_DOUBLE_EQ(groups[0].facts.name_revealing_share, 0.25);
  EXPECT_EQ(groups[1].kinds, "address name");
  EXPECT_EQ(groups[1].facts.persons_affected, 3);
  EXPECT_EQ(groups[1].facts.name_revealing_share, 1);
  EXPECT_EQ(groups[2].facts.persons_by_category.at(DataCategory::kPhone), 1);
  EXPECT_FALSE(groups[1].facts.persons_by_category.contains(DataCategory::kPhone));
  EXPECT_EQ(KindsLabel("address name phone", "fr"),
            "adresse électronique, nom affiché, numéro de téléphone");
  // Two kinds of one datum are named once ("adresse électronique, adresse électronique, …").
  EXPECT_EQ(KindsLabel("address email name", "fr"), "adresse électronique, nom affiché");
  EXPECT_EQ(KindsLabel("address email", "en"), "e-mail address");
}

TEST(Enisa, ThresholdsComeFromThePolicy) {
  RiskPolicy strict;
  strict.inform_from = Band::kMedium;
  auto a = AssessRisk(ReferenceCase(), strict);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->inform_persons);
}

TEST(Deadline, SeventyTwoHoursAcrossTheEndOfSummerTime) {
  // Awareness Friday 24 October 2025 10:00 Paris (UTC+2); summer time ends on Sunday 26th.
  auto awareness = ParseTime("2025-10-24T10:00", "Europe/Paris", SystemClock());
  ASSERT_TRUE(awareness);
  const DeadlineStatus d = ComputeDeadline(*awareness, std::nullopt, *awareness, 72);
  EXPECT_EQ(d.deadline - d.awareness, 72 * 3600);
  // 72 hours later the wall clock says 09:00, not 10:00: the hour given back does not count.
  EXPECT_EQ(FormatInZone(d.deadline, "Europe/Paris"), "2025-10-27T09:00:00+01:00");
}

TEST(Deadline, LateNotificationRequiresReasons) {
  const int64_t awareness = 1'757'664'000;
  const DeadlineStatus on_time = ComputeDeadline(awareness, awareness + 71 * 3600, awareness, 72);
  EXPECT_FALSE(on_time.late);
  EXPECT_FALSE(on_time.reasons_required);
  const DeadlineStatus late = ComputeDeadline(awareness, awareness + 73 * 3600, awareness, 72);
  EXPECT_TRUE(late.late);
  EXPECT_TRUE(late.reasons_required);
  EXPECT_EQ(late.seconds_left, -3600);
  // Not notified yet, and past the deadline: late already.
  const DeadlineStatus pending =
      ComputeDeadline(awareness, std::nullopt, awareness + 80 * 3600, 72);
  EXPECT_TRUE(pending.late);
  EXPECT_EQ(FormatDuration(pending.seconds_left), "8 h 0 min");
  EXPECT_FALSE(ComputeDeadline(std::nullopt, std::nullopt, 0, 72).known);
}

TEST(Deadline, TheRegimesHoursMoveTheDeadline) {
  const int64_t awareness = 1'757'664'000;
  // 80 hours after awareness: late under the GDPR's 72 hours, 16 hours left under 96.
  const DeadlineStatus gdpr = ComputeDeadline(awareness, std::nullopt, awareness + 80 * 3600, 72);
  const DeadlineStatus omnibus =
      ComputeDeadline(awareness, std::nullopt, awareness + 80 * 3600, 96);
  EXPECT_TRUE(gdpr.late);
  EXPECT_FALSE(omnibus.late);
  EXPECT_EQ(omnibus.deadline - awareness, 96 * 3600);
  EXPECT_EQ(omnibus.seconds_left, 16 * 3600);
  EXPECT_EQ(omnibus.hours, 96);
}

// Each zone is read from the zone database once (a third of the letters' time went into
// reading it again for every date they print), and an unknown one stays unknown.
TEST(TimeZoneNamed, ReadsAZoneOnceAndKnowsNoUnknownOne) {
  GTimeZone* paris = TimeZoneNamed("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(TimeZoneNamed("Europe/Paris"), paris);
  EXPECT_NE(TimeZoneNamed("America/New_York"), paris);
  EXPECT_EQ(TimeZoneNamed("Mars/Olympus_Mons"), nullptr);
  EXPECT_EQ(FormatInZone(1'757'662'200, "Europe/Paris"), "2025-09-12T09:30:00+02:00");
}

TEST(ParseTime, AcceptsWhatPeopleType) {
  FixedClock clock(1'000'000);
  EXPECT_EQ(*ParseTime("now", "Europe/Paris", clock), 1'000'000);
  EXPECT_EQ(FormatUtc(*ParseTime("2025-09-12T09:30:00+02:00", "Europe/Paris", clock)),
            "2025-09-12T07:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseTime("2025-09-12 09:30", "Europe/Paris", clock)),
            "2025-09-12T07:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseTime("2025-01-12T09:30", "Europe/Paris", clock)),
            "2025-01-12T08:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseTime("2025-09-12T09:30Z", "Europe/Paris", clock)),
            "2025-09-12T09:30:00Z");
  auto bad = ParseTime("yesterday-ish", "Europe/Paris", clock);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("2025-09-12T09:30"), std::string::npos);
}

}  // namespace
}  // namespace breachkit
