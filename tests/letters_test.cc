#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mail/mime_parser.h"
#include "core/persons/person_name.h"
#include "core/util/hash.h"
#include "reports/letter.h"
#include "reports/text_writer.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

std::string Template(const std::string& replace_from = "", const std::string& replace_to = "") {
  std::string xml = testing::ReadFile(testing::SourcePath("schemas/templates/letter-fr.xml"));
  if (!replace_from.empty()) {
    const size_t at = xml.find(replace_from);
    EXPECT_NE(at, std::string::npos);
    xml.replace(at, replace_from.size(), replace_to);
  }
  return xml;
}

LetterContext Context() {
  LetterContext c;
  c.incident.controller_name = "Garonne Ingénierie SAS";
  c.incident.dpo_name = "Claire Fontaine";
  c.incident.dpo_email = "dpo@example.org";
  c.incident.consequences = "du hameçonnage.";
  c.incident.measures_taken = "suppression demandée.";
  c.incident.measures_planned = "copie cachée.";
  c.person.address = "lea@example.org";
  c.person.display_name = "Léa Martin";
  c.person.messages = 3;
  c.person.max_audience = 339;
  c.person.first_exposure = 1'757'662'200;
  c.person.items = {{"address", "", "", 3, 339, 1'757'662'200},
                    {"name", "", "", 3, 339, 1'757'662'200},
                    {"phone", "", "+33 6 •• •• •• 78", 2, 339, 1'757'662'200}};
  c.reference = "VDP-0001";
  c.date = 1'757'700'000;
  return c;
}

TEST(LetterTemplate, UnknownPlaceholderNamesTheLine) {
  auto t = ParseLetterTemplate(Template("{your_data}", "{your_secret}"), "mine.xml");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("mine.xml:14:"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("{your_secret}"), std::string::npos);
}

TEST(LetterTemplate, AMissingBlockIsRefusedWithItsPlace) {
  auto t = ParseLetterTemplate(
      Template("  <apology>Nous vous présentons nos excuses pour cette erreur.</apology>\n", ""),
      "mine.xml");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("mine.xml:"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("apology"), std::string::npos) << t.error().message;
}

TEST(Letter, ValuesAreNeverReadAsTemplate) {
  auto t = BuiltinLetterTemplate("fr");
  ASSERT_TRUE(t);
  LetterContext c = Context();
  c.person.display_name = "{dpo_name} <script>";
  auto doc = ComposeLetter(*t, c);
  ASSERT_TRUE(doc);
  const std::string text = RenderText(*doc);
  EXPECT_NE(text.find("votre nom ({dpo_name} <script>)"), std::string::npos) << text;
  EXPECT_NE(text.find("Madame, Monsieur,"), std::string::npos) << text;  // no name to greet
}

// The members of a club whose newsletter showed every address are not told about a
// recruitment ("notre équipe de recrutement", "vous avez postulé"); the candidates of a
// recruitment are; a person of a table gets the table's wording either way.
TEST(Letter, OnlyARecruitmentsLettersSpeakOfApplications) {
  for (const char* lang : {"fr", "en"}) {
    const bool fr = std::string_view(lang) == "fr";
    LetterContext c = Context();
    c.recruitment = false;
    const std::string mailing = RenderText(*ComposeLetter(*BuiltinLetterTemplate(lang), c));
    for (const char* word : {"recrutement", "postulé", "recruitment", "applied"})
      EXPECT_EQ(mailing.find(word), std::string::npos) << word << "\n" << mailing;
    EXPECT_NE(mailing.find(fr ? "nous vous avons envoyé un message" : "we sent you a message"),
              std::string::npos)
        << mailing;
    EXPECT_NE(
        mailing.find(fr ? "en relation avec notre organisme" : "in contact with our organisation"),
        std::string::npos)
        << mailing;
    c.recruitment = true;
    const std::string recruitment = RenderText(*ComposeLetter(*BuiltinLetterTemplate(lang), c));
    EXPECT_NE(recruitment.find(fr ? "vous avez postulé" : "you applied"), std::string::npos)
        << recruitment;
    // A recruiter a candidate put in copy of a reply: told that, and nothing of applying.
    c.person.added_by_others = true;
    const std::string added = RenderText(*ComposeLetter(*BuiltinLetterTemplate(lang), c));
    EXPECT_NE(added.find(fr ? "votre adresse électronique a été ajoutée aux destinataires"
                            : "your e-mail address was added to the recipients"),
              std::string::npos)
        << added;
    for (const char* word : {"postulé", "applied", "nous vous avons envoyé", "we sent you"})
      EXPECT_EQ(added.find(word), std::string::npos) << word << "\n" << added;
    c.person.added_by_others = false;
    c.recruitment = false;
    c.person.seen_in_table = true;
    const std::string table = RenderText(*ComposeLetter(*BuiltinLetterTemplate(lang), c));
    EXPECT_NE(table.find(fr ? "envoyé par erreur" : "sent by mistake"), std::string::npos) << table;
    EXPECT_EQ(
        table.find(fr ? "en relation avec notre organisme" : "in contact with our organisation"),
        std::string::npos)
        << table;
  }
}

TEST(Letter, CountsInWordsWithRealPlurals) {
  LetterContext c = Context();
  c.person.messages = 1;
  c.person.max_audience = 1;
  const std::string one = RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), c));
  EXPECT_NE(one.find("figuraient dans un message. Une personne a pu les voir."), std::string::npos)
      << one;
  EXPECT_EQ(one.find("(s)"), std::string::npos) << one;
  c.person.messages = 1200;
  c.person.max_audience = 4500;
  const std::string many = RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), c));
  // The largest audience of one message: over several, at least that many ("up to" said
  // less than a reply-all storm shows: 59 others in the first message, more in the replies).
  EXPECT_NE(many.find("dans 1\u202F200 messages. Au moins 4\u202F500 personnes ont pu les voir."),
            std::string::npos)
      << many;
  const std::string en = RenderText(*ComposeLetter(*BuiltinLetterTemplate("en"), c));
  EXPECT_NE(en.find("in 1200 messages. At least 4500 people could see them."), std::string::npos)
      << en;
  c.person.messages = 1;
  const std::string single = RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), c));
  EXPECT_NE(single.find("dans un message. 4\u202F500 personnes ont pu les voir."),
            std::string::npos)
      << single;
}

TEST(PersonName, TheGreetingPutsTheNameInOrderAndCase) {
  EXPECT_EQ(NameForGreeting("Martin, Inès"), "Inès Martin");
  EXPECT_EQ(NameForGreeting("THOMAS Maëlys"), "Maëlys Thomas");
  EXPECT_EQ(NameForGreeting("Maëlys THOMAS"), "Maëlys Thomas");
  EXPECT_EQ(NameForGreeting("\"DUPONT, JEAN-PIERRE\""), "Jean-Pierre Dupont");
  EXPECT_EQ(NameForGreeting("élodie o'neil"), "Élodie O'Neil");
  EXPECT_EQ(NameForGreeting("DE LA FONTAINE Jean"), "Jean de la Fontaine");
  EXPECT_EQ(NameForGreeting("Jean de la Fontaine"), "Jean de la Fontaine");
  EXPECT_EQ(NameForGreeting("Ronan McDonald"), "Ronan McDonald");  // cased by its writer
  EXPECT_EQ(NameForGreeting("ÉLISE"), "Élise");
  EXPECT_EQ(NameForGreeting("J. Martin"), "J. Martin");
  EXPECT_EQ(NameForGreeting("Jean Dupont, Directeur"), "Jean Dupont");  // a name, a title
  EXPECT_EQ(NameForGreeting("DE LA FONTAINE, Jean"), "Jean de la Fontaine");
  // A surname of several words, first in directory order: the first name is kept.
  EXPECT_EQ(NameForGreeting("Le Goff, Jean"), "Jean Le Goff");
  EXPECT_EQ(NameForGreeting("Da Silva, Maria"), "Maria Da Silva");
  EXPECT_EQ(NameForGreeting("de la Fontaine, Jean"), "Jean de la Fontaine");
  EXPECT_EQ(NameForGreeting("Van der Berg, Anna"), "Anna Van der Berg");
  EXPECT_EQ(NameForGreeting("Jean-Claude Van Damme"), "Jean-Claude Van Damme");  // as written
  // No name to greet: the letter says "Madame, Monsieur,".
  EXPECT_EQ(NameForGreeting("lea.martin@example.org"), "");
  EXPECT_EQ(NameForGreeting("Service RH"), "");
  EXPECT_EQ(NameForGreeting("Martin, Inès, Paul"), "");
  EXPECT_EQ(NameForGreeting("Candidat 42"), "");
  EXPECT_EQ(NameForGreeting(""), "");
}

TEST(Letter, GreetsTheNameInOrderAndKeepsItAsWrittenWhereItSaysWhatWasExposed) {
  LetterContext c = Context();
  c.person.display_name = "THOMAS Maëlys";
  const std::string fr = RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), c));
  EXPECT_NE(fr.find("Bonjour Maëlys Thomas,"), std::string::npos) << fr;
  EXPECT_NE(fr.find("votre nom (THOMAS Maëlys)"), std::string::npos) << fr;
  c.person.display_name = "Martin, Inès";
  const std::string en = RenderText(*ComposeLetter(*BuiltinLetterTemplate("en"), c));
  EXPECT_NE(en.find("Dear Inès Martin,"), std::string::npos) << en;
}

// A minor's letter (a child of a school's class list, helper-62) is written to their legal
// representatives, and says whose data "your data" are.
TEST(Letter, AMinorsLetterIsForTheirLegalRepresentatives) {
  LetterContext c = Context();
  c.person.display_name = "BERNARD Emma";
  c.person.minor = true;
  const std::string fr = RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), c));
  EXPECT_EQ(fr.find("Bonjour"), std::string::npos) << fr;
  EXPECT_NE(fr.find("Madame, Monsieur,"), std::string::npos) << fr;
  EXPECT_NE(fr.find("en votre qualité de représentant légal d'Emma Bernard, qui avait moins de 18 "
                    "ans au moment des faits"),
            std::string::npos)
      << fr;
  c.person.display_name = "Léo Petit";
  const std::string en = RenderText(*ComposeLetter(*BuiltinLetterTemplate("en"), c));
  EXPECT_NE(en.find("Dear parent or guardian,"), std::string::npos) << en;
  EXPECT_NE(en.find("legal guardian of Léo Petit, who was under 18 at the time"), std::string::npos)
      << en;
  EXPECT_EQ(en.find("Dear Léo"), std::string::npos) << en;
}

TEST(Letter, SaysWhatWasExposedInWordsAndInEnglishToo) {
  auto fr = ComposeLetter(*BuiltinLetterTemplate("fr"), Context());
  ASSERT_TRUE(fr);
  const std::string t = RenderText(*fr);
  EXPECT_NE(
      t.find("votre adresse électronique (lea@example.org), votre nom (Léa Martin) et un numéro de "
             "téléphone se terminant par 78 (message du 12 septembre 2025)"),
      std::string::npos)
      << t;
  EXPECT_NE(t.find("Au moins 339 personnes"), std::string::npos) << t;
  auto en = ComposeLetter(*BuiltinLetterTemplate("en"), Context());
  ASSERT_TRUE(en);
  const std::string e = RenderText(*en);
  EXPECT_NE(e.find("a phone number ending in 78 (message of 12 September 2025)"), std::string::npos)
      << e;
  EXPECT_NE(e.find("Dear Léa Martin,"), std::string::npos);
  LetterContext anonymous = Context();
  anonymous.person.display_name.clear();
  EXPECT_NE(
      RenderText(*ComposeLetter(*BuiltinLetterTemplate("fr"), anonymous)).find("Madame, Monsieur,"),
      std::string::npos);
}

TEST(Letter, RefusedWithoutWhatArticle34Requires) {
  IncidentInfo i = Context().incident;
  i.consequences.clear();
  i.dpo_email.clear();
  // A template that prints the record's consequences needs them...
  auto own = ParseLetterTemplate(Template("{your_consequences}", "{consequences}"), "mine.xml");
  ASSERT_TRUE(own) << own.error().message;
  auto st = CheckLetterFields(i, *own);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("breachkit set consequences"), std::string::npos);
  EXPECT_NE(st.error().message.find("breachkit init --org"), std::string::npos);
  // ...the shipped ones say them per kind of data, to the person: only the DPO is missing.
  st = CheckLetterFields(i, *BuiltinLetterTemplate("fr"));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message.find("consequences"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("breachkit init --org"), std::string::npos);
  i.measures_taken.clear();
  st = CheckLetterFields(i, *BuiltinLetterTemplate("en"));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("breachkit set measures-taken"), std::string::npos);
}

// Issue 23, part 2: what a person reads about consequences and what to do follows the kinds
// of their own data, never another's.
TEST(LetterPerCategory, EachPersonReadsWhatTheirOwnDataMayLeadTo) {
  auto fr = BuiltinLetterTemplate("fr");
  ASSERT_TRUE(fr) << fr.error().message;
  LetterContext c = Context();
  c.person.items = {{"address", "", "", 3, 339, 1'757'662'200},
                    {"name", "", "", 3, 339, 1'757'662'200}};
  const std::string plain = RenderText(*ComposeLetter(*fr, c));
  EXPECT_NE(plain.find("hameçonnage"), std::string::npos) << plain;
  EXPECT_NE(plain.find("Ne répondez pas à tous"), std::string::npos) << plain;
  for (const char* other : {"opposition", "SEPA", "usurper", "santé", "Défenseur", "SMS",
                            "adresse IP", "vie professionnelle", "préjudice moral"}) {
    EXPECT_EQ(plain.find(other), std::string::npos) << other << "\n" << plain;
  }
  // The name's sentence is for a person with no address seen: not said twice here.
  EXPECT_EQ(plain.find("Des personnes qui connaissent votre nom"), std::string::npos);

  c.person.items.push_back({"payment_card", "", "•••• 1234", 1, 339, 1'757'662'200});
  c.person.items.push_back({"iban", "", "FR76 •••• 89", 1, 339, 1'757'662'200});
  c.person.items.push_back({"nir", "", "1 85 •• 91", 1, 339, 1'757'662'200});
  c.person.items.push_back({"health", "", "", 1, 339, 1'757'662'200});
  c.person.items.push_back({"religion", "", "", 1, 339, 1'757'662'200});
  const std::string rich = RenderText(*ComposeLetter(*fr, c));
  for (const char* said :
       {"Faites opposition à votre carte", "mandats SEPA", "usurper votre identité",
        "Des informations sur votre santé", "Des informations sensibles"}) {
    EXPECT_NE(rich.find(said), std::string::npos) << said << "\n" << rich;
  }
  // Health and the other special categories share their advice: said once.
  const std::string advice = "saisir le Défenseur des droits";
  ASSERT_NE(rich.find(advice), std::string::npos);
  EXPECT_EQ(rich.find(advice, rich.find(advice) + 1), std::string::npos) << rich;
  // The most serious first.
  EXPECT_LT(rich.find("votre santé"), rich.find("carte bancaire pourrait"));
  EXPECT_LT(rich.find("carte bancaire pourrait"), rich.find("hameçonnage"));

  // Someone seen only in a row of a file: no reply-all advice, the name's own sentence.
  c.person.address.clear();
  c.person.seen_in_table = true;
  c.person.items = {{"name", "", "", 1, 1, 1'757'662'200},
                    {"salary", "", "•• 00", 1, 1, 1'757'662'200}};
  const std::string row = RenderText(*ComposeLetter(*fr, c));
  // Health, pay and a date of birth in a row: each sentence once, none saying the same twice.
  c.person.items.push_back({"health", "", "", 1, 1, 1'757'662'200});
  c.person.items.push_back({"date_of_birth", "", "•• 1985", 1, 1, 1'757'662'200});
  const std::string many = RenderText(*ComposeLetter(*fr, c));
  for (const char* once :
       {"ont été vues et par qui", "se faire passer pour vous", "vie professionnelle"}) {
    ASSERT_NE(many.find(once), std::string::npos) << once << "\n" << many;
    EXPECT_EQ(many.find(once, many.find(once) + 1), std::string::npos) << once << "\n" << many;
  }
  // Each identifier its own sentence: a date of birth says nothing of a social security number
  // or an identity document, and the social security number nothing of a date of birth.
  EXPECT_EQ(many.find("sécurité sociale"), std::string::npos) << many;
  EXPECT_EQ(many.find("pièce d'identité"), std::string::npos) << many;
  EXPECT_EQ(rich.find("date de naissance"), std::string::npos) << rich;
  c.person.items.resize(2);
  EXPECT_NE(row.find("Des personnes qui connaissent votre nom"), std::string::npos) << row;
  EXPECT_NE(row.find("votre vie professionnelle"), std::string::npos) << row;
  EXPECT_EQ(row.find("répondez pas à tous"), std::string::npos) << row;
  EXPECT_EQ(row.find("postulé"), std::string::npos) << row;

  auto en = BuiltinLetterTemplate("en");
  ASSERT_TRUE(en) << en.error().message;
  c.person.items = {{"name", "", "", 1, 1, 1'757'662'200},
                    {"payment_card", "", "•••• 1234", 1, 1, 1'757'662'200}};
  const std::string english = RenderText(*ComposeLetter(*en, c));
  EXPECT_NE(english.find("Ask your bank to block your card"), std::string::npos) << english;
  EXPECT_EQ(english.find("Ce que"), std::string::npos) << english;
}

TEST(LetterPerCategory, ATemplateMustGiveEveryKindItsTexts) {
  // An entry taken out: the kinds it covered are named.
  std::string xml = Template();
  const size_t at = xml.find("    <category kinds=\"phone\">");
  ASSERT_NE(at, std::string::npos);
  xml.erase(at, xml.find("</category>", at) + std::string("</category>\n").size() - at);
  auto t = ParseLetterTemplate(xml, "mine.xml");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("mine.xml"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("none for: phone"), std::string::npos) << t.error().message;
  // An unknown kind is refused with its line.
  t = ParseLetterTemplate(Template("kinds=\"phone\"", "kinds=\"phone fax\""), "mine.xml");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("unknown kind 'fax'"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("mine.xml:"), std::string::npos) << t.error().message;
  // A template that does not print the lists needs no entries (a DPO's older template).
  std::string older = Template();
  for (size_t k; (k = older.find("{your_consequences}")) != std::string::npos;)
    older.replace(k, 19, "{consequences}");
  for (size_t k; (k = older.find("{your_advice}")) != std::string::npos;)
    older.replace(k, 13, "soyez prudent.");
  older.erase(older.find("  <by-category>"), older.find("</by-category>") +
                                                 std::string("</by-category>\n").size() -
                                                 older.find("  <by-category>"));
  auto ok = ParseLetterTemplate(older, "older.xml");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->by_category.empty());
}

class LettersCli : public testing::SampleRecordTest {
 protected:
  void SetUp() override {
    using testing::RunBreachkit;
    ASSERT_NO_FATAL_FAILURE(SampleRecordTest::SetUp());
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"consequences", "du hameçonnage."},
             {"measures-taken", "suppression demandée."},
             {"measures-planned", "copie cachée."}}) {
      ASSERT_EQ(RunBreachkit({"--db", db_, "set", field, value}).exit_code, 0);
    }
    truth_ = nlohmann::json::parse(
        testing::ReadFile(std::string(BREACHKIT_SAMPLE_DIR) + "/ground-truth.json"));
  }
  std::string PdfText(const std::string& path) {
    FILE* p = popen(("pdftotext '" + path + "' -").c_str(), "r");
    std::string out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    std::string flat;
    for (char c : out)
      flat += c == '\n' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return flat;  // lower case: addresses are compared without case
  }
  nlohmann::json truth_;
};

TEST_F(LettersCli, OneLetterPerAffectedPersonWithAManifest) {
  auto r = testing::RunBreachkit({"--db", db_, "letters", "-o", dir_.File("letters")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary =
      nlohmann::json::parse(testing::RunBreachkit({"--db", db_, "summary", "--json"}).out);
  size_t pdfs = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.File("letters"))) {
    if (e.path().extension() == ".pdf") {
      ++pdfs;
      EXPECT_EQ(testing::FileMode(e.path().string()), 0600);
    }
  }
  EXPECT_EQ(pdfs, summary["persons_affected"].get<size_t>());
  const std::string manifest = testing::ReadFile(dir_.File("letters/manifest.csv"));
  EXPECT_EQ(std::count(manifest.begin(), manifest.end(), '\n'), static_cast<long>(pdfs) + 1);
  EXPECT_EQ(testing::FileMode(dir_.File("letters")), 0700);
  auto again = testing::RunBreachkit({"--db", db_, "letters", "-o", dir_.File("letters")});
  EXPECT_NE(again.out.find("(0 written, " + std::to_string(pdfs) + " unchanged)"),
            std::string::npos)
      << again.out;
}

// Art. 34 per person: the candidates who wrote about their health are in a very-high-risk group
// (the law obliges to inform them), those shown with their name and address only in a medium
// one (the controller chooses); the manifest and each letter say which, and the figures agree
// with `assess`.
TEST_F(LettersCli, Art34IsDecidedPerPersonAndTheLettersAndTheManifestSayWhich) {
  const auto assess =
      nlohmann::json::parse(testing::RunBreachkit({"--db", db_, "assess", "--json"}).out);
  int64_t must = 0, choice = 0;
  for (const auto& g : assess["groups"]) {
    (g["inform_persons"].get<bool>() ? must : choice) += g["persons"].get<int64_t>();
  }
  EXPECT_GT(must, 0);
  EXPECT_GT(choice, 0);
  EXPECT_EQ(must + choice, assess["persons_affected"].get<int64_t>());
  EXPECT_EQ(assess["se"], assess["groups"][0]["se"]);  // the breach's is the highest group's
  auto r = testing::RunBreachkit({"--db", db_, "letters", "-o", dir_.File("letters")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string manifest = testing::ReadFile(dir_.File("letters/manifest.csv"));
  auto count = [&](const std::string& what) {
    int64_t n = 0;
    for (size_t at = manifest.find(what); at != std::string::npos; at = manifest.find(what, at + 1))
      ++n;
    return n;
  };
  EXPECT_NE(manifest.find("\"art34\"\r\n"), std::string::npos);
  EXPECT_EQ(count(",\"required\"\r\n"), must);
  EXPECT_EQ(count(",\"choice\"\r\n"), choice);
  std::string health_writer;
  for (const auto& p : truth_["planted"]) {
    if (p["category"] == "health") health_writer = p["owner"];
  }
  ASSERT_FALSE(health_writer.empty());
  const std::string other = truth_["candidates"][7]["address"];
  auto some = testing::RunBreachkit(
      {"--db", db_, "letters", "-o", dir_.File("some"), "--only", health_writer, "--only", other});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.File("some"))) {
    if (e.path().extension() != ".pdf") continue;
    std::string t;  // the text on one line, each run of spaces one space
    for (char ch : PdfText(e.path().string())) {
      if (ch == '\n') ch = ' ';
      if (ch != ' ' || t.empty() || t.back() != ' ') t += ch;
    }
    const bool writer = t.find(health_writer) != std::string::npos;
    EXPECT_EQ(t.find("nous sommes tenus de vous en informer") != std::string::npos, writer) << t;
    EXPECT_EQ(t.find("le risque pour vous n'est pas jugé élevé") != std::string::npos, !writer)
        << t;
    ++seen;
  }
  EXPECT_EQ(seen, 2);
}

TEST_F(LettersCli, ThePhoneWritersLetterMentionsItMaskedAndNobodyElsesData) {
  // P01: the first replier wrote a phone number in a signature.
  std::string writer;
  for (const auto& p : truth_["planted"]) {
    if (p["id"] == "P01") writer = p["owner"];
  }
  std::string other = truth_["candidates"][7]["address"];
  auto r = testing::RunBreachkit({"--db", db_, "letters", "-o", dir_.File("some"), "--only", writer,
                                  "--only", other, "--eml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string writer_text, other_text;
  for (const auto& e : std::filesystem::directory_iterator(dir_.File("some"))) {
    if (e.path().extension() != ".pdf") continue;
    const std::string t = PdfText(e.path().string());
    (t.find(writer) != std::string::npos ? writer_text : other_text) = t;
  }
  ASSERT_FALSE(writer_text.empty());
  ASSERT_FALSE(other_text.empty());
  std::string phone_end;
  for (const auto& p : truth_["planted"]) {
    if (p["id"] == "P01")
      phone_end = p["value"].get<std::string>().substr(p["value"].get<std::string>().size() - 2);
  }
  EXPECT_NE(writer_text.find("se terminant par " + phone_end), std::string::npos) << writer_text;
  EXPECT_EQ(other_text.find("téléphone se terminant"), std::string::npos) << other_text;
  EXPECT_EQ(other_text.find(writer), std::string::npos);  // nobody's letter holds another's data
  EXPECT_EQ(writer_text.find(other), std::string::npos);
  // The e-mails go to one person each: parse them back.
  int emails = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.File("some/eml"))) {
    auto mail = ParseMail(testing::ReadFile(e.path().string()));
    ASSERT_TRUE(mail);
    int to = 0, cc = 0;
    for (const auto& a : mail->messages.front().addresses) {
      to += a.field == AddressField::kTo;
      cc += a.field == AddressField::kCc || a.field == AddressField::kBcc;
    }
    EXPECT_EQ(to, 1);
    EXPECT_EQ(cc, 0);
    ASSERT_EQ(mail->messages.front().parts.size(), 2u);
    const MailPart& pdf = mail->messages.front().parts[1];
    EXPECT_EQ(pdf.content_type, "application/pdf");
    // The attachment is the letter written beside it, byte for byte.
    EXPECT_EQ(pdf.sha256, Sha256Hex(testing::ReadFile(dir_.File("some/" + pdf.filename))));
    ++emails;
  }
  EXPECT_EQ(emails, 2);
}

// Issue 23, part 1: an English letter never prints the French texts of the record.
TEST_F(LettersCli, EnglishLettersAndAMergedFile) {
  std::string person = truth_["candidates"][3]["address"];
  const std::vector<std::string> command{
      "--db", db_,      "letters", "-o",       dir_.File("en"),     "--lang",
      "en",   "--only", person,    "--merged", dir_.File("all.pdf")};
  auto refused = testing::RunBreachkit(command);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("the measures taken in English (breachkit set measures-taken --lang "
                             "en \"…\")"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("set measures-planned --lang en"), std::string::npos) << refused.err;
  // The consequences are said per kind of data by the template: not asked for.
  EXPECT_EQ(refused.err.find("consequences"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("all.pdf")));
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"measures-taken", "deletion requested."}, {"measures-planned", "blind copy."}}) {
    auto set = testing::RunBreachkit({"--db", db_, "set", field, "--lang", "en", value});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(set.out, field + " (en) set\n");
  }
  auto r = testing::RunBreachkit(command);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = PdfText(dir_.File("all.pdf"));
  EXPECT_NE(text.find("about a breach of your personal data"), std::string::npos);
  EXPECT_NE(text.find("deletion requested."), std::string::npos) << text;
  EXPECT_EQ(text.find("suppression demandée."), std::string::npos) << text;
  // The French letters keep the French texts.
  auto fr = testing::RunBreachkit({"--db", db_, "letters", "-o", dir_.File("fr"), "--only", person,
                                   "--merged", dir_.File("fr.pdf")});
  ASSERT_EQ(fr.exit_code, 0) << fr.err;
  EXPECT_NE(PdfText(dir_.File("fr.pdf")).find("suppression demandée."), std::string::npos);
  // --lang belongs to the texts that have one per language.
  auto title = testing::RunBreachkit({"--db", db_, "set", "title", "--lang", "en", "x"});
  EXPECT_EQ(title.exit_code, 1);
  EXPECT_NE(title.err.find("title has one text"), std::string::npos) << title.err;
}

TEST_F(LettersCli, RefusedUntilTheRecordHasWhatArticle34Requires) {
  testing::ScopedTempDir other;
  const std::string db = other.File("i.db");
  ASSERT_EQ(testing::RunBreachkit(
                {"--db", db, "ingest", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"})
                .exit_code,
            0);
  auto r = testing::RunBreachkit({"--db", db, "letters", "-o", other.File("l")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("breachkit set measures-taken"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the DPO contact"), std::string::npos);
}

TEST_F(LettersCli, ALetterThatCannotBeWrittenEndsTheRunOnATerminalToo) {
  // On a terminal a progress line runs beside the renderers; a letter that
  // failed must still count as handled, or the progress line never ends.
  const std::string out = dir_.File("blocked");
  ASSERT_EQ(testing::RunBreachkit({"--db", db_, "letters", "-o", out}).exit_code, 0);
  std::string victim;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    if (e.path().extension() == ".pdf") victim = e.path().string();
  }
  ASSERT_FALSE(victim.empty());
  std::filesystem::remove(victim);
  std::filesystem::create_directory(victim);  // the renderer cannot put its file there
  testing::WriteFile(victim + "/inside", "x");
  // script(1) gives the command a terminal; timeout(1) turns a hang into exit 124.
  const std::string cmd = "timeout 20 script -qec \"'" BREACHKIT_BINARY "' --db '" + db_ +
                          "' letters -o '" + out + "'\" /dev/null > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 124) << "letters hung after a failed letter";
  EXPECT_NE(WEXITSTATUS(status), 0);
}

// The names (without extension) of the files in `dir` ending in `ext`.
std::set<std::string> Stems(const std::string& dir, const std::string& ext) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.insert(e.path().stem().string());
  }
  return out;
}

// The letters' names in the manifest (its third column), without extension.
std::set<std::string> ManifestStems(const std::string& manifest) {
  std::set<std::string> out;
  std::istringstream in(testing::ReadFile(manifest));
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    const size_t pdf = line.find(".pdf\"");
    const size_t start = line.rfind(",\"", pdf);
    if (pdf != std::string::npos && start != std::string::npos)
      out.insert(line.substr(start + 2, pdf - start - 2));
  }
  return out;
}

// A person joins the set (a new source): the numbering shifts, the letters are made again,
// and what the earlier set left (letters, ready-to-send drafts) goes: folder = manifest.
TEST_F(LettersCli, ANewSetOfLettersRemovesTheFilesOfTheEarlierOne) {
  const std::string out = dir_.File("letters");
  ASSERT_EQ(testing::RunBreachkit({"--db", db_, "letters", "-o", out, "--eml"}).exit_code, 0);
  const size_t before = Stems(out, ".pdf").size();
  testing::WriteFile(dir_.File("new.eml"),
                     "From: rh@garonne-ingenierie.example\n"
                     "To: \"Aaron Abel\" <aaron.abel@example.fr>, \"Abel Aaron\" "
                     "<abel.aaron@example.fr>\nSubject: Entretien\n"
                     "Date: Mon, 15 Sep 2025 09:30:00 +0200\nMessage-ID: <new@x>\n\nBonjour\n");
  ASSERT_EQ(testing::RunBreachkit({"--db", db_, "ingest", dir_.File("new.eml")}).exit_code, 0);
  auto r = testing::RunBreachkit({"--db", db_, "letters", "-o", out, "--eml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("of an earlier set removed"), std::string::npos) << r.out;
  const auto pdfs = Stems(out, ".pdf");
  EXPECT_EQ(pdfs.size(), before + 2);
  EXPECT_EQ(pdfs, ManifestStems(out + "/manifest.csv"));
  EXPECT_EQ(Stems(out + "/eml", ".eml"), pdfs);  // one draft per letter, none stale

  // Without --eml, no draft of an earlier set is left ready to send either.
  auto plain = testing::RunBreachkit({"--db", db_, "letters", "-o", out});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(Stems(out + "/eml", ".eml").empty());
}

// Waits (10 s at most) until process `pid` has taken SIGINT in hand: held by main's first
// step or caught by a handler (or it has ended). A Ctrl-C sent before that, while a loaded
// machine is still loading its libraries, would kill it before breachkit runs at all.
void WaitUntilSigintIsHandled(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  const unsigned long long sigint = 1ull << (SIGINT - 1);
  for (int i = 0; i < 1000; ++i) {
    std::ifstream status(path);
    std::string line;
    while (std::getline(status, line)) {
      const bool mask = line.starts_with("SigBlk:") || line.starts_with("SigCgt:");
      if (mask && (std::stoull(line.substr(7), nullptr, 16) & sigint) != 0) return;
      if (line.starts_with("State:") && line.find('Z') != std::string::npos) return;
    }
    ::usleep(10'000);
  }
}

// Ctrl-C stops letters between two batches: exit 3, and every letter on disk is whole and
// listed in the record; the same command then finishes.
TEST_F(LettersCli, CtrlCStopsLettersLeavingOnlyWholeListedLetters) {
  const std::string out = dir_.File("letters");
  int exit_code = -2;
  for (const int delay_ms : {150, 300, 80, 600, 40}) {
    std::filesystem::remove_all(out);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::execl(BREACHKIT_BINARY, BREACHKIT_BINARY, "-q", "--db", db_.c_str(), "letters", "-o",
              out.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    WaitUntilSigintIsHandled(pid);
    ::usleep(delay_ms * 1000);
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (exit_code == 3) break;
  }
  ASSERT_EQ(exit_code, 3) << "never stopped by Ctrl-C (-1: killed by it)";
  const auto listed =
      testing::QueryColumn(db_, "SELECT path || ' ' || sha256 FROM document WHERE kind = 'letter'");
  const std::set<std::string> listed_set(listed.begin(), listed.end());
  size_t pdfs = 0;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    ASSERT_EQ(e.path().extension(), ".pdf") << e.path();  // no manifest, no temporary file
    ++pdfs;
    EXPECT_TRUE(listed_set.contains(e.path().string() + " " +
                                    Sha256Hex(testing::ReadFile(e.path().string()))))
        << e.path();
  }
  auto again = testing::RunBreachkit({"--db", db_, "letters", "-o", out});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Stems(out, ".pdf"), ManifestStems(out + "/manifest.csv"));
  EXPECT_NE(again.out.find(" unchanged)"), std::string::npos);
  EXPECT_GT(Stems(out, ".pdf").size(), pdfs);
}

// The PDF's text, white space folded to one space (pdftotext breaks long lines).
std::string FlatPdfText(const std::string& path) {
  FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' -").c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t n; p && (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (p) pclose(p);
  std::string flat;
  for (char c : out) {
    const bool blank = c == '\n' || c == ' ';
    if (blank && (flat.empty() || flat.back() == ' ')) continue;
    flat += blank ? ' ' : c;
  }
  return flat;
}

// The payroll generator's XLSX sent to a wrong outside address: a row that holds the
// employee's own personal (outside) address makes them a person with a mailbox, and their
// letter must still tell what happened to them (a file about them was sent by mistake), not
// the reply-all storm's "our recruiting team sent you a message". The wording follows where
// their data were seen (a row of a table), not the kind of their party.
TEST(LettersOfTables, ARowWithItsOwnOutsideAddressGetsTheTableWording) {
  testing::ScopedTempDir dir;
  const auto made = testing::MakePayrollLeak(dir.File("leak"), "xlsx", 6);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const nlohmann::json truth =
      nlohmann::json::parse(testing::ReadFile(dir.File("leak/expected.json")));
  std::set<std::string> personal, work;  // the rows' outside addresses, and work addresses
  for (const auto& row : truth["variants"]["payroll-xlsx"]["rows"]) {
    if (row["email_kind"] == "personal") personal.insert(row["email"].get<std::string>());
    if (row["email_kind"] == "work") work.insert(row["email"].get<std::string>());
  }
  ASSERT_FALSE(personal.empty());
  const std::string out = dir.File("out");
  const auto run = testing::RunBreachkit({"-q", "run", dir.File("leak/payroll-xlsx.eml"), "-o", out,
                                          "--org", dir.File("leak/organisation.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The persons of those rows are mailboxes (their own address), not content persons.
  for (const std::string& address : personal) {
    EXPECT_EQ(testing::QueryColumn(out + "/incident.db",
                                   "SELECT kind FROM party WHERE address = '" + address + "'"),
              std::vector<std::string>{"mailbox"})
        << address;
  }
  std::istringstream manifest(testing::ReadFile(out + "/letters/manifest.csv"));
  int checked = 0, letters = 0;
  for (std::string line; std::getline(manifest, line);) {
    // "person","address","file",...
    std::vector<std::string> fields;
    for (size_t at = line.find('"'); at != std::string::npos;) {
      const size_t end = line.find('"', at + 1);
      fields.push_back(line.substr(at + 1, end - at - 1));
      at = line.find('"', end + 1);
    }
    if (fields.size() < 3 || fields[2] == "file") continue;
    ++letters;
    const std::string text = FlatPdfText(out + "/letters/" + fields[2]);
    ASSERT_FALSE(text.empty()) << fields[2];
    EXPECT_NE(text.find("a été envoyé par erreur, en pièce jointe"), std::string::npos)
        << fields[1] << ": " << text.substr(0, 600);
    EXPECT_EQ(text.find("notre équipe de recrutement vous a envoyé"), std::string::npos)
        << fields[1];
    EXPECT_EQ(text.find("ne répondez pas à tous"), std::string::npos) << fields[1];
    // Their row holds an IBAN: what to watch is said to them.
    EXPECT_NE(text.find("Surveillez les prélèvements sur votre compte"), std::string::npos)
        << fields[1];
    checked += personal.contains(fields[1]) ? 1 : 0;
  }
  EXPECT_EQ(checked, static_cast<int>(personal.size()));
  EXPECT_EQ(letters, 6);
}

// No affected person, no letter: `--merged` wrote no file and said "merged into FILE".
TEST(LettersWithNoPerson, WithNoLetterNoMergedFileIsClaimed) {
  testing::ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "init", "--org",
                                   testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  testing::WriteFile(dir.File("m.eml"),
                     "From: a@garonne-ingenierie.example\nTo: b@garonne-ingenierie.example\n"
                     "Subject: x\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n\nhi\n");
  ASSERT_EQ(testing::RunBreachkit({"--db", db, "ingest", dir.File("m.eml")}).exit_code, 0);
  for (const char* field : {"measures-taken", "measures-planned"}) {
    ASSERT_EQ(testing::RunBreachkit({"--db", db, "set", field, "x"}).exit_code, 0);
  }
  const std::string merged = dir.File("L/all.pdf");
  const auto r =
      testing::RunBreachkit({"--db", db, "letters", "-o", dir.File("L"), "--merged", merged});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 letters in"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("merged into"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no merged PDF (no letter to merge"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(merged));
}

}  // namespace
}  // namespace breachkit
