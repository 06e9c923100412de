// Persons found in documents about one person (a CV, a payslip, a certificate): the person the
// document is about owns its data; they are the writer only on a strong link (their address
// in the document's head is the writer's mailbox, or the writer's own words carry the same
// phone number), never on a name alone. Unit tests of the reading, then the command line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/detect/detector.h"
#include "core/persons/document_subject.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::Base64;
using testing::MakePdf;
using testing::MakeZip;
using testing::QueryColumn;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::SourcePath;
using testing::WriteFile;

std::optional<DocumentSubject> Read(std::string_view filename, std::string_view text) {
  return ReadDocumentSubject(filename, text, DetectAll(text));
}

TEST(DocumentSubject, TheKindIsNamedByTheFileNameOrTheHead) {
  EXPECT_EQ(DocumentKindOf("CV_Lea_Martin.pdf", ""), "cv");
  EXPECT_EQ(DocumentKindOf("bulletin-paie-2026-10.pdf", ""), "payslip");
  EXPECT_EQ(DocumentKindOf("scan.pdf", "Curriculum Vitae\nLéa Martin"), "cv");
  EXPECT_EQ(DocumentKindOf("doc.docx", "BULLETIN DE SALAIRE\nOctobre"), "payslip");
  EXPECT_EQ(DocumentKindOf("RIB.pdf", ""), "bank-details");
  // A typographic apostrophe splits words as a straight one does.
  EXPECT_EQ(DocumentKindOf("scan.pdf", "Relevé d’identité bancaire\nTitulaire"), "bank-details");
  // A word inside another is not the word: "cvs", "recevable".
  EXPECT_EQ(DocumentKindOf("cvs-export.txt", "Compte rendu"), "");
  EXPECT_EQ(DocumentKindOf("notes.docx", "Compte rendu de la réunion recevable"), "");
}

TEST(DocumentSubject, ACvIsAboutThePersonNamedAtItsTop) {
  auto s = Read("CV.docx",
                "Léa Martin\nIngénieure d'études – 6 ans d'expérience\nTél. 06 12 34 56 78\n"
                "lea.martin@mail.example\n\nExpérience professionnelle\nAcme Industrie\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->kind, "cv");
  EXPECT_EQ(s->name, "Léa Martin");
  EXPECT_EQ(s->email, "lea.martin@mail.example");
}

TEST(DocumentSubject, APayslipNamesItsPersonByALabelNotByTheCompanyAtItsTop) {
  auto s = Read("paie.docx",
                "BULLETIN DE PAIE\nGaronne Ingénierie\nSIRET 123\nNom : DUPONT    Prénom : Jean\n"
                "Emploi : technicien\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->kind, "payslip");
  EXPECT_EQ(s->name, "Jean DUPONT");
  auto t = Read("paie.docx", "Bulletin de paie\nGaronne Ingénierie\nSalarié : Jean Dupont\n");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->name, "Jean Dupont");
  auto c = Read("attestation.docx", "Attestation\n\nMme Léa MARTIN\n3 rue des Lilas\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->name, "Léa MARTIN");
  // No label, no civility: a payslip's first line is its employer, not its person; and a
  // document that names no one is not known to be about one person.
  EXPECT_FALSE(Read("paie.docx", "Bulletin de paie\nGaronne Ingénierie\nOctobre 2026\n"));
  EXPECT_FALSE(Read("rapport.docx", "Certificat TLS du serveur\nRenouvellement\n"));
  // A CV without a name at its top is still about someone.
  auto cv = Read("CV.pdf", "Expérience\nTél. 06 12 34 56 78\n");
  ASSERT_TRUE(cv.has_value());
  EXPECT_EQ(cv->name, "");
}

TEST(DocumentSubject, ADocumentNamingManyAddressesIsAboutSeveralPersons) {
  EXPECT_FALSE(Read("attestation.docx",
                    "Attestation de présence\na@x.example\nb@x.example\nc@x.example\nd@x.example")
                   .has_value());
  EXPECT_FALSE(Read("notes.docx", "Léa Martin\nlea@x.example").has_value());  // not named one
  // A directory of phone numbers titled "Attestation" is no one's document.
  EXPECT_FALSE(Read("attestation.docx",
                    "Attestation\nNom : Martin\n06 12 34 56 78\n06 12 34 56 79\n"
                    "06 12 34 56 80\n06 12 34 56 81\n06 12 34 56 82\n")
                   .has_value());
}

// A near miss (an IBAN whose RIB key fails) is no identifier: five of them do not make a
// document about several persons.
TEST(DocumentSubject, NearMissesAreNoIdentifiers) {
  // Accounts 1 to 5 of bank 30006, branch 00001, each with its RIB key plus one.
  std::string text = "CV\nLéa Martin\n";
  for (const char* near : {"153", "250", "347", "444", "541"}) {
    text += std::string("IBAN FR49 3000 6000 0100 0000 0000 ") + near + "\n";
  }
  int near_misses = 0;
  for (const Finding& f : DetectAll(text)) near_misses += IsNearMiss(f);
  ASSERT_EQ(near_misses, 5);
  EXPECT_TRUE(Read("cv.docx", text).has_value());
}

// A message from `from` to `to`, with `body` and `docx_text` attached as a DOCX named `name`
// (one paragraph per line).
std::string MessageWithDocx(const std::string& from, const std::string& to, const std::string& body,
                            const std::string& name, const std::string& docx_text,
                            const std::string& id) {
  std::string xml =
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
      "2006/main\"><w:body>";
  for (size_t at = 0; at < docx_text.size();) {
    size_t nl = docx_text.find('\n', at);
    if (nl == std::string::npos) nl = docx_text.size();
    xml += "<w:p><w:r><w:t>" + docx_text.substr(at, nl - at) + "</w:t></w:r></w:p>";
    at = nl + 1;
  }
  xml += "</w:body></w:document>";
  const std::string docx = MakeZip(
      {{"[Content_Types].xml",
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"/>"},
       {"word/document.xml", xml}});
  return "From: " + from + "\r\nTo: " + to + "\r\nSubject: Document\r\nDate: Tue, 28 Oct 2025 " +
         "16:42:00 +0100\r\nMessage-ID: <" + id +
         "@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n"
         "\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
         body +
         "\r\n--b\r\nContent-Type: application/vnd.openxmlformats-officedocument."
         "wordprocessingml.document; name=\"" +
         name + "\"\r\nContent-Disposition: attachment; filename=\"" + name +
         "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64(docx) + "\r\n--b--\r\n";
}

class DocumentPersonsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("i.db");
    auto init = RunBreachkit(
        {"--db", db_, "init", "--org", SourcePath("schemas/examples/organisation.xml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  void Ingest(const std::string& eml) {
    const std::string path = dir_.File("m" + std::to_string(++messages_) + ".eml");
    WriteFile(path, eml);
    auto r = RunBreachkit({"--db", db_, "ingest", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::vector<nlohmann::json> Lines(const std::vector<std::string>& args) {
    std::vector<std::string> all{"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    auto r = RunBreachkit(all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return testing::JsonLines(r.out);
  }
  const nlohmann::json* Person(const std::vector<nlohmann::json>& persons,
                               const std::string& address) {
    for (const auto& p : persons) {
      if (p["address"] == address) return &p;
    }
    return nullptr;
  }
  static bool HasReason(const nlohmann::json& p, std::string_view words) {
    for (const auto& why : p["merge_reasons"]) {
      if (why.get<std::string>().find(words) != std::string::npos) return true;
    }
    return false;
  }
  // The categories of the findings owned by the party of `address`.
  std::vector<std::string> CategoriesOf(const std::string& address) {
    return QueryColumn(db_,
                       "SELECT DISTINCT f.category FROM finding f JOIN party p ON p.id = "
                       "f.owner_party_id WHERE p.address = '" +
                           address + "' ORDER BY 1");
  }
  ScopedTempDir dir_;
  std::string db_;
  int messages_ = 0;
};

constexpr char kHr[] = "rh@garonne-ingenierie.example";
constexpr char kOutside[] = "j.martin@cabinet.example";
constexpr char kIban[] = "FR7630006000011234567890189";

TEST_F(DocumentPersonsCli, ACvWithTheWritersAddressIsTheWriterWithTheReason) {
  Ingest(MessageWithDocx("Léa Martin <lea.martin@mail.example>",
                         std::string(kHr) + ", paul@other.example", "Voici mon CV.", "CV.docx",
                         "Léa Martin\nIngénieure d'études\nNée le 14/02/1991\n"
                         "Tél. 06 12 34 56 78\nlea.martin@mail.example",
                         "cv1"));
  auto persons = Lines({"persons", "--json"});
  const nlohmann::json* lea = Person(persons, "lea.martin@mail.example");
  ASSERT_NE(lea, nullptr);
  EXPECT_TRUE(HasReason(*lea, "head of the document")) << lea->dump();
  for (const auto& p : persons) EXPECT_FALSE(p["found_in_table"].get<bool>()) << p.dump();
  const auto mine = CategoriesOf("lea.martin@mail.example");
  EXPECT_NE(std::find(mine.begin(), mine.end(), "date_of_birth"), mine.end());
  EXPECT_NE(std::find(mine.begin(), mine.end(), "phone"), mine.end());
}

TEST_F(DocumentPersonsCli, ACvWithoutAddressIsTheWritersByTheSamePhoneInTheirSignature) {
  Ingest(MessageWithDocx("Léa Martin <lea.martin@mail.example>",
                         std::string(kHr) + ", paul@other.example",
                         "Voici mon CV.\r\n-- \r\nLéa Martin\r\nTél. 06 12 34 56 78", "cv.docx",
                         "Léa Martin\nNée le 14/02/1991\nTél. 06 12 34 56 78", "cv2"));
  auto persons = Lines({"persons", "--json"});
  const nlohmann::json* lea = Person(persons, "lea.martin@mail.example");
  ASSERT_NE(lea, nullptr);
  EXPECT_TRUE(HasReason(*lea, "the same phone")) << lea->dump();
  for (const auto& p : persons) EXPECT_FALSE(p["found_in_table"].get<bool>()) << p.dump();
}

// The same IBAN in the writer's signature and in a CV links them only when it is one: a near
// miss (its RIB key wrong) links no one. The CV's Art. 9 term is about its person, pronoun
// or not ("Statut : RQTH").
TEST_F(DocumentPersonsCli, ANearMissIbanLinksNoOneAndTheArt9TermsOfACvCount) {
  const std::string near = "FR06 3000 6000 0112 3456 7890 188";
  Ingest(MessageWithDocx(
      "Léa Martin <lea.martin@mail.example>", std::string(kHr) + ", paul@other.example",
      "Voici mon CV.\r\n-- \r\nLéa Martin\r\nIBAN " + near, "cv.docx",
      "Léa Martin\nNée le 14/02/1991\nIBAN " + near + "\nStatut : RQTH", "cvnear"));
  auto persons = Lines({"persons", "--json"});
  int from_document = 0;
  for (const auto& p : persons) from_document += p["found_in_table"].get<bool>();
  EXPECT_EQ(from_document, 1);
  const nlohmann::json* lea = Person(persons, "lea.martin@mail.example");
  ASSERT_NE(lea, nullptr);
  EXPECT_FALSE(HasReason(*lea, "in their own words")) << lea->dump();
  const auto writer = CategoriesOf("lea.martin@mail.example");
  EXPECT_EQ(std::find(writer.begin(), writer.end(), "date_of_birth"), writer.end());
  EXPECT_EQ(QueryColumn(db_, "SELECT validation FROM finding WHERE category = 'iban' ORDER BY id"),
            (std::vector<std::string>{"near-miss:rib-key", "near-miss:rib-key"}));
  EXPECT_EQ(QueryColumn(db_,
                        "SELECT validation || ' ' || location FROM finding "
                        "WHERE category = 'health'"),
            (std::vector<std::string>{"review part:2 document"}));
}

TEST_F(DocumentPersonsCli, ACvOfTheSameNameWithNoSharedIdentifierIsAnotherPersonAndADuplicate) {
  // The writer sends a CV that bears their name, but neither their address nor their phone:
  // a name alone never makes two sightings one person.
  Ingest(MessageWithDocx("Léa Martin <lea.martin@mail.example>",
                         std::string(kHr) + ", paul@other.example", "Le CV de ma cousine.",
                         "CV.docx", "Léa Martin\nNée le 14/02/1991\nTél. 07 98 76 54 32", "cv3"));
  auto persons = Lines({"persons", "--json"});
  int from_document = 0;
  for (const auto& p : persons) from_document += p["found_in_table"].get<bool>();
  EXPECT_EQ(from_document, 1);
  const auto writer = CategoriesOf("lea.martin@mail.example");
  EXPECT_EQ(std::find(writer.begin(), writer.end(), "date_of_birth"), writer.end());
  auto dups = Lines({"persons", "--duplicates", "--json"});
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0]["persons"].size(), 2u);
  // Everyone who received someone else's CV is a third party to its person.
  auto r = RunBreachkit({"--db", db_, "summary", "--json", "--show-addresses"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  ASSERT_EQ(summary["third_parties"].size(), 1u);
  EXPECT_EQ(summary["third_parties"][0]["address"], "paul@other.example");
}

TEST_F(DocumentPersonsCli, AForwardedCvIsItsPersonsAndTheOutsideReaderAThirdParty) {
  Ingest(MessageWithDocx(kHr, kOutside, "Le candidat dont je vous parlais.", "CV Paul Bernard.docx",
                         "Paul Bernard\nTechnicien\nNé le 03/05/1988\nTél. 06 98 76 54 32\n"
                         "paul.bernard@free.example",
                         "cv4"));
  auto persons = Lines({"persons", "--json"});
  const nlohmann::json* paul = Person(persons, "paul.bernard@free.example");
  ASSERT_NE(paul, nullptr) << persons.size();
  const auto his = CategoriesOf("paul.bernard@free.example");
  EXPECT_NE(std::find(his.begin(), his.end(), "date_of_birth"), his.end());
  EXPECT_NE(std::find(his.begin(), his.end(), "phone"), his.end());
  // The sender (staff) owns none of the CV's data.
  EXPECT_EQ(QueryColumn(db_,
                        "SELECT count(*) FROM finding f JOIN party p ON p.id = "
                        "f.owner_party_id WHERE p.is_internal = 1")[0],
            "0");
  auto r = RunBreachkit({"--db", db_, "summary", "--json", "--show-addresses"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  ASSERT_EQ(summary["third_parties"].size(), 1u);
  EXPECT_EQ(summary["third_parties"][0]["address"], kOutside);
  EXPECT_EQ(summary["third_parties"][0]["subjects_reached"], 1);
}

// The most common shape of a CV: a PDF, forwarded by staff to an outside address.
TEST_F(DocumentPersonsCli, AForwardedPdfCvIsItsPersons) {
  const std::string pdf =
      MakePdf({"Paul Bernard\nTechnicien\nDate de naissance : 03/05/1988\n"
               "Tel. 06 98 76 54 32\npaul.bernard@free.example"});
  Ingest("From: " + std::string(kHr) + "\r\nTo: " + kOutside +
         "\r\nSubject: Candidat\r\nMessage-ID: <pdf1@x.example>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: "
         "text/plain\r\n\r\nLe candidat.\r\n--b\r\nContent-Type: application/pdf; "
         "name=\"CV Paul Bernard.pdf\"\r\nContent-Disposition: attachment; filename=\"CV Paul "
         "Bernard.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
         Base64(pdf) + "\r\n--b--\r\n");
  const auto his = CategoriesOf("paul.bernard@free.example");
  EXPECT_NE(std::find(his.begin(), his.end(), "date_of_birth"), his.end());
  EXPECT_NE(std::find(his.begin(), his.end(), "phone"), his.end());
  EXPECT_EQ(QueryColumn(db_,
                        "SELECT count(*) FROM finding f JOIN party p ON p.id = "
                        "f.owner_party_id WHERE p.is_internal = 1")[0],
            "0");
}

TEST_F(DocumentPersonsCli, AMisdirectedPayslipIsThePersonItNamesWithNoContact) {
  Ingest(MessageWithDocx(kHr, kOutside, "Ci-joint le bulletin.", "bulletin_octobre.docx",
                         std::string("BULLETIN DE PAIE\nGaronne Ingénierie\n"
                                     "12 allée Jean Jaurès, 31000 Toulouse\n"
                                     "Salarié : Jean Dupont\nN° SS : 2 95 10 99 126 111 93\n"
                                     "IBAN : ") +
                             kIban + "\nNet à payer : 2 410,00 €",
                         "pay1"));
  auto subjects = Lines({"subjects", "--json"});
  const nlohmann::json* jean = nullptr;
  for (const auto& s : subjects) {
    if (s["found_in_table"].get<bool>()) jean = &s;
  }
  ASSERT_NE(jean, nullptr);
  EXPECT_EQ((*jean)["display_name"], "Jean Dupont");
  std::set<std::string> kinds;
  for (const auto& item : (*jean)["items"]) kinds.insert(item["kind"].get<std::string>());
  EXPECT_TRUE(kinds.contains("iban")) << jean->dump();
  EXPECT_TRUE(kinds.contains("nir")) << jean->dump();
  // The employer's address in the head (the profile's) is the organisation's, not his home.
  EXPECT_FALSE(kinds.contains("postal_address")) << jean->dump();
  EXPECT_EQ(QueryColumn(db_, "SELECT validation FROM finding WHERE category = 'postal_address'"),
            std::vector<std::string>{"near-miss:organisation-address"});
  EXPECT_EQ(QueryColumn(db_,
                        "SELECT count(*) FROM finding f JOIN party p ON p.id = "
                        "f.owner_party_id WHERE p.is_internal = 1")[0],
            "0");
  // No address in the payslip: their letter is written, and they are listed without contact.
  for (const char* field : {"consequences", "measures-taken", "measures-planned"}) {
    auto set = RunBreachkit({"--db", db_, "set", field, "Texte."});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }
  auto letters = RunBreachkit({"--db", db_, "letters", "-o", dir_.File("letters")});
  ASSERT_EQ(letters.exit_code, 0) << letters.err;
  EXPECT_NE(letters.out.find("1 persons found in attachments have no known contact"),
            std::string::npos)
      << letters.out;
}

// The employer's address is matched word for word: an employee living at number 2 of the
// same street (the employer at 12) keeps their address.
TEST_F(DocumentPersonsCli, AnAddressThatOnlyContainsTheEmployersIsTheEmployees) {
  Ingest(MessageWithDocx(kHr, kOutside, "Ci-joint le bulletin.", "bulletin_novembre.docx",
                         std::string("BULLETIN DE PAIE\nGaronne Ingénierie\n"
                                     "12 allée Jean Jaurès, 31000 Toulouse\n"
                                     "Salarié : Jean Dupont\nN° SS : 2 95 10 99 126 111 93\n"
                                     "Domicile : 2 allée Jean Jaurès, 31000 Toulouse\nIBAN : ") +
                             kIban,
                         "pay2"));
  EXPECT_EQ(QueryColumn(db_,
                        "SELECT validation FROM finding WHERE category = 'postal_address' "
                        "ORDER BY span_start"),
            (std::vector<std::string>{"near-miss:organisation-address", "street+postcode"}));
}

}  // namespace
}  // namespace breachkit
