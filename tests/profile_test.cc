#include <gtest/gtest.h>

#include "core/profile/organisation.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

constexpr char kGood[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<organisation>
  <controller>
    <name>Exemple SARL</name>
    <siren>732829320</siren>
    <address>1 rue de la Paix, 75002 Paris</address>
    <sector>Conseil</sector>
  </controller>
  <dpo>
    <name>Jeanne Martin</name>
    <email>dpo@exemple.fr</email>
  </dpo>
  <domains>
    <domain>Exemple.FR</domain>
  </domains>
  <signatory>
    <name>Paul Durand</name>
    <title>Gérant</title>
  </signatory>
  <language>fr</language>
</organisation>
)";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(OrganisationProfile, ReadsEveryField) {
  auto p = ParseOrganisationProfile(kGood, "org.xml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->controller_name, "Exemple SARL");
  EXPECT_EQ(p->controller_siren, "732829320");
  EXPECT_EQ(p->dpo_email, "dpo@exemple.fr");
  EXPECT_EQ(p->dpo_phone, "");
  EXPECT_EQ(p->domains, std::vector<std::string>{"exemple.fr"});
  EXPECT_EQ(p->signatory_title, "Gérant");
  EXPECT_EQ(p->language, "fr");
  EXPECT_EQ(p->timezone, "Europe/Paris");  // default when absent
}

TEST(OrganisationProfile, ShippedExampleIsValid) {
  auto p = LoadOrganisationProfile(testing::SourcePath("schemas/examples/organisation.xml"));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->domains.size(), 2u);
  EXPECT_EQ(p->large_audience, 100);
}

TEST(OrganisationProfile, ThresholdsAreOptionalAndChecked) {
  auto good = ParseOrganisationProfile(
      Replace(kGood, "</language>",
              "</language>\n  <thresholds><inform-from>medium</inform-from>"
              "<large-audience>25</large-audience></thresholds>"),
      "org.xml");
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->inform_from, "medium");
  EXPECT_EQ(good->notify_from, "medium");
  EXPECT_EQ(good->large_audience, 25);
  auto bad = ParseOrganisationProfile(
      Replace(kGood, "</language>",
              "</language>\n  <thresholds><inform-from>huge</inform-from></thresholds>"),
      "org.xml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("inform-from"), std::string::npos) << bad.error().message;
}

TEST(OrganisationProfile, TheRegimeGivesTheDeadlineAndTheThresholds) {
  // No <regime>: the GDPR as it stands.
  auto gdpr = ParseOrganisationProfile(kGood, "org.xml");
  ASSERT_TRUE(gdpr) << gdpr.error().message;
  EXPECT_EQ(gdpr->regime, "gdpr");
  EXPECT_EQ(gdpr->deadline_hours, 72);
  EXPECT_EQ(gdpr->notify_from, "medium");
  // The Digital Omnibus proposal: 96 hours, notify from a high risk only.
  auto omnibus = ParseOrganisationProfile(
      Replace(kGood, "</language>", "</language>\n  <regime><name>digital-omnibus</name></regime>"),
      "org.xml");
  ASSERT_TRUE(omnibus) << omnibus.error().message;
  EXPECT_EQ(omnibus->regime, "digital-omnibus");
  EXPECT_EQ(omnibus->deadline_hours, 96);
  EXPECT_EQ(omnibus->notify_from, "high");
  EXPECT_EQ(omnibus->inform_from, "high");
  // The profile's own figures win over the regime's.
  auto own = ParseOrganisationProfile(
      Replace(kGood, "</language>",
              "</language>\n  <regime><name>digital-omnibus</name><deadline-hours>80"
              "</deadline-hours></regime>\n  <thresholds><notify-from>medium</notify-from>"
              "</thresholds>"),
      "org.xml");
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(own->deadline_hours, 80);
  EXPECT_EQ(own->notify_from, "medium");
  for (const char* bad : {"<regime><name>ccpa</name></regime>",
                          // longer than the GDPR's 72 hours: not the law's deadline
                          "<regime><name>gdpr</name><deadline-hours>100</deadline-hours></regime>",
                          "<regime><name>gdpr</name><deadline-hours>0</deadline-hours></regime>",
                          "<regime><name>gdpr</name><deadline-hours>99999999999999999999"
                          "</deadline-hours></regime>"}) {
    auto p = ParseOrganisationProfile(
        Replace(kGood, "</language>", std::string("</language>") + bad), "org.xml");
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(p.error().message.find("regime"), std::string::npos) << p.error().message;
  }
}

TEST(OrganisationProfile, AHugeLargeAudienceIsAnErrorNotACrash) {
  auto p = ParseOrganisationProfile(
      Replace(kGood, "</language>",
              "</language><thresholds><large-audience>99999999999999999999999"
              "</large-audience></thresholds>"),
      "org.xml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(p.error().message.find("large-audience"), std::string::npos) << p.error().message;
}

TEST(OrganisationProfile, MissingRequiredFieldNamesFileLineAndField) {
  auto p = ParseOrganisationProfile(Replace(kGood, "    <email>dpo@exemple.fr</email>\n", ""),
                                    "org.xml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(p.error().message.find("org.xml:9:"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("/organisation/dpo"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("email"), std::string::npos) << p.error().message;
}

TEST(OrganisationProfile, EmptyFieldIsRejected) {
  auto p = ParseOrganisationProfile(Replace(kGood, "<name>Exemple SARL</name>", "<name>  </name>"),
                                    "org.xml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("org.xml:4:"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("/organisation/controller/name"), std::string::npos);
}

TEST(OrganisationProfile, SirenWithAWrongCheckDigitIsRejected) {
  auto p = ParseOrganisationProfile(Replace(kGood, "732829320", "732829321"), "org.xml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("org.xml:5:"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("siren"), std::string::npos);
}

TEST(OrganisationProfile, UnknownLanguageAndTimeZoneAreRejected) {
  auto lang = ParseOrganisationProfile(Replace(kGood, "<language>fr", "<language>de"), "org.xml");
  ASSERT_FALSE(lang);
  EXPECT_NE(lang.error().message.find("/organisation/language"), std::string::npos);
  auto tz = ParseOrganisationProfile(
      Replace(kGood, "</language>", "</language>\n  <timezone>Mars/Olympus</timezone>"), "org.xml");
  ASSERT_FALSE(tz);
  EXPECT_NE(tz.error().message.find("timezone"), std::string::npos) << tz.error().message;
}

// The fields are read with pugixml after libxml2 validated the file: the text is all of a
// field's text, white space collapsed, and an error names the line of its element.
TEST(OrganisationProfile, AFieldSplitByACommentOrCdataIsReadWhole) {
  auto p = ParseOrganisationProfile(
      Replace(kGood, "<name>Exemple SARL</name>",
              "<name>  Exemple<!-- c -->  <![CDATA[SARL]]> &amp; fils </name>"),
      "org.xml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->controller_name, "Exemple SARL & fils");
}

TEST(OrganisationProfile, ACheckAfterValidationNamesTheLineOfItsField) {
  auto tz = ParseOrganisationProfile(
      Replace(kGood, "</language>", "</language>\n  <timezone>Mars/<!-- x -->Olympus</timezone>"),
      "org.xml");
  ASSERT_FALSE(tz);
  EXPECT_EQ(tz.error().message,
            "org.xml:21: field /organisation/timezone: unknown time zone 'Mars/Olympus' (use an "
            "IANA name such as Europe/Paris)");
  std::string crlf = Replace(kGood, "732829320", "732829321");
  for (size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) {
    crlf.insert(at, "\r");
  }
  auto siren = ParseOrganisationProfile(crlf, "org.xml");
  ASSERT_FALSE(siren);
  EXPECT_EQ(
      siren.error().message,
      "org.xml:5: field /organisation/controller/siren: '732829321' is not a valid SIREN (its "
      "check digit is wrong)");
}

TEST(OrganisationProfile, NotXmlSaysWhere) {
  auto p = ParseOrganisationProfile("<organisation><controller>", "broken.xml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("broken.xml:1:"), std::string::npos) << p.error().message;
}

TEST(OrganisationProfile, ExternalEntitiesAreNotFetched) {
  const std::string xxe = Replace(kGood, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                                  "<?xml version=\"1.0\"?><!DOCTYPE o [<!ENTITY x SYSTEM "
                                  "\"file:///etc/passwd\">]>");
  auto p = ParseOrganisationProfile(Replace(xxe, "Exemple SARL", "&x;"), "xxe.xml");
  // Either rejected or read without the file's content: never /etc/passwd in the profile.
  if (p) {
    EXPECT_EQ(p->controller_name.find("root:"), std::string::npos);
  }
}

TEST(OrganisationProfile, MissingFileIsAnIoError) {
  auto p = LoadOrganisationProfile("/nonexistent/org.xml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kIo);
  EXPECT_NE(p.error().message.find("/nonexistent/org.xml"), std::string::npos);
}

}  // namespace
}  // namespace breachkit
