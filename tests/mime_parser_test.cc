#include "core/mail/mime_parser.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <glib.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <zip.h>

#include "core/ingest/scan.h"
#include "core/mail/office_text.h"
#include "core/util/clock.h"
#include "core/util/hash.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

std::vector<MailAddress> Field(const MailMessage& m, AddressField f) {
  std::vector<MailAddress> out;
  std::copy_if(m.addresses.begin(), m.addresses.end(), std::back_inserter(out),
               [&](const MailAddress& a) { return a.field == f; });
  return out;
}

std::vector<std::string> Addresses(const MailMessage& m, AddressField f) {
  std::vector<std::string> out;
  for (const auto& a : Field(m, f)) out.push_back(a.address);
  return out;
}

ParsedMail Parse(std::string_view text, const MailParseOptions& options = {}) {
  auto mail = ParseMail(text, options);
  EXPECT_TRUE(mail) << mail.error().message;
  return mail ? *mail : ParsedMail{};
}

// A MIME message from a@example.com, its body of `content_type`.
ParsedMail ParseMime(std::string_view content_type, const std::string& body) {
  return Parse("From: a@example.com\nMIME-Version: 1.0\nContent-Type: " +
               std::string(content_type) + "\n\n" + body);
}

bool HasDefect(const MailMessage& m, std::string_view kind) {
  return std::any_of(m.defects.begin(), m.defects.end(),
                     [&](const MailDefect& d) { return d.kind == kind; });
}

TEST(MimeParser, EncodedCommaInANameDoesNotSplitTheAddress) {
  // "Dubois, Jérôme" as an RFC 2047 B-encoded word.
  auto mail = Parse(
      "From: rh@example.com\n"
      "To: =?UTF-8?B?RHVib2lzLCBKw6lyw7RtZQ==?= <jerome.dubois@example.fr>, marie@example.fr\n"
      "Subject: =?ISO-8859-1?Q?R=E9ponse_=E0_votre_candidature?=\n\nbody\n");
  const auto to = Field(mail.messages[0], AddressField::kTo);
  ASSERT_EQ(to.size(), 2u);
  EXPECT_EQ(to[0].name, "Dubois, Jérôme");
  EXPECT_EQ(to[0].address, "jerome.dubois@example.fr");
  EXPECT_EQ(to[1].address, "marie@example.fr");
  EXPECT_EQ(mail.messages[0].subject, "Réponse à votre candidature");
  EXPECT_FALSE(HasDefect(mail.messages[0], "address-unparsed"));
}

// A bounce names the message it reports on only in the headers it returns: that Message-ID
// is in its References, which threads it with that message (helper-75: "Threads: 2" and
// "another send" for a Postfix bounce of the original); a report that has References keeps
// them, and a message that is no report gets none.
TEST(MimeParser, ABounceIsThreadedWithTheMessageItReturns) {
  const std::string report =
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: rh@example.org\n"
      "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn1@mx.example.org>\n"
      "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; "
      "boundary=B\n\n--B\nContent-Type: text/plain\n\nNot delivered.\n--B\nContent-Type: "
      "message/delivery-status\n\nFinal-Recipient: rfc822; x@gmial.com\nAction: failed\n\n"
      "--B\nContent-Type: ";
  const std::string headers =
      "From: rh@example.org\nTo: a@x.example,\n b@x.example\nMessage-ID:\n "
      "<original-1@example.org>\nSubject: Offre\n";
  auto returned = Parse(report + "text/rfc822-headers\n\n" + headers + "\n--B--\n");
  EXPECT_EQ(returned.messages.at(0).references, std::vector<std::string>{"original-1@example.org"});
  auto whole = Parse(report + "message/rfc822\n\n" + headers + "\nBonjour\n--B--\n");
  EXPECT_EQ(whole.messages.at(0).references, std::vector<std::string>{"original-1@example.org"});
  auto referenced = Parse("References: <own@example.org>\n" + report + "text/rfc822-headers\n\n" +
                          headers + "\n--B--\n");
  EXPECT_EQ(referenced.messages.at(0).references, std::vector<std::string>{"own@example.org"});
  auto no_report = ParseMime("multipart/mixed; boundary=B",
                             "--B\nContent-Type: text/rfc822-headers\n\n" + headers + "\n--B--\n");
  EXPECT_TRUE(no_report.messages.at(0).references.empty());
}

TEST(MailAddress, SameAddressKeyIsAddressKeyEquality) {
  const std::vector<std::string> samples{"Jean.Dupont@Example.FR",
                                         "jean.dupont@example.fr",
                                         "jean.dupont@example.f",
                                         "JEAN.DUPONT@EXAMPLE.FR",
                                         "Élodie@example.fr",
                                         "élodie@example.fr",
                                         ""};
  for (const auto& a : samples) {
    for (const auto& b : samples) {
      EXPECT_EQ(SameAddressKey(a, b), AddressKey(a) == AddressKey(b)) << a << " / " << b;
    }
  }
  EXPECT_TRUE(SameAddressKey("Jean.Dupont@Example.FR", "jean.dupont@example.fr"));
  EXPECT_FALSE(SameAddressKey("Élodie@example.fr", "élodie@example.fr"));  // only A-Z fold
}

// GMime validates a message's address headers only when they may hold an encoded word with
// a space inside (the one warning that text decoding gives; the address parser reads them
// anyway). Wherever such a word sits, the defect is still recorded; clean encoded names,
// folded or not, give none.
TEST(MimeParser, AnEncodedWordWithASpaceIsADefectWhereverItIs) {
  auto defect = [](const std::string& headers) {
    auto mail = Parse("From: a@example.com\n" + headers +
                      "Date: Fri, 12 Sep 2025 09:30:00 +0200\n\nbody\n");
    return HasDefect(mail.messages[0], "invalid-rfc2047");
  };
  EXPECT_TRUE(
      defect("To: =?utf-8?q?Ren=C3=A9e Dupont?= <r@example.com>\nSubject: hi\n"));  // a name
  EXPECT_TRUE(defect("To: r@example.com (=?utf-8?q?bad word?=)\nSubject: hi\n"));   // a comment
  EXPECT_TRUE(defect("To: r@example.com, =?utf-8?q?bad word?=\nSubject: hi\n"));    // no address
  EXPECT_TRUE(
      defect("Cc: r@example.com,\r\n =?utf-8?q?bad\r\n word?=\r\nSubject: hi\r\n"));  // folded
  EXPECT_TRUE(defect("Reply-To: =?utf 8?q?x?= <r@example.com>\nSubject: hi\n"));  // in the charset
  EXPECT_TRUE(defect("To: r@example.com\nSubject: =?utf-8?q?bad word?=\n"));
  EXPECT_FALSE(
      defect("To: =?UTF-8?B?SW7DqHMgR2FyY2lh?= <i@example.com>,\n =?utf-8?q?Ren=C3=A9e_D?= "
             "<r@example.com>\nSubject: =?utf-8?q?ok?=\n"));
}

// A field's headers are read by the plain reader (address_list.h) or by GMime, header by
// header: every header's addresses, in the order of the headers, whoever read them.
TEST(MimeParser, RepeatedAddressHeadersKeepTheirOrderWhoeverReadsThem) {
  auto mail = Parse(
      "From: a@example.com\n"
      "To: Jean <jean@example.org>\n"
      "To: (RH) Paul <paul@example.org>, Luc <luc@example.org>\n"  // a comment: GMime's
      "To: Marc <marc@EXAMPLE.org>\n"
      "Cc: Team: eve@example.org;\n"  // a group: GMime's
      "Cc: <zoe@example.org>\n"
      "\nbody\n");
  const MailMessage& m = mail.messages[0];
  std::vector<std::string> to;
  for (const auto& a : Field(m, AddressField::kTo)) {
    to.push_back(a.name + " " + a.address);
    EXPECT_FALSE(a.recovered) << a.address;
  }
  EXPECT_EQ(to, (std::vector<std::string>{"Jean jean@example.org", "Paul paul@example.org",
                                          "Luc luc@example.org", "Marc marc@example.org"}));
  EXPECT_EQ(Addresses(m, AddressField::kCc),
            (std::vector<std::string>{"eve@example.org", "zoe@example.org"}));
  EXPECT_EQ(Field(m, AddressField::kCc)[0].group, "Team");
  EXPECT_FALSE(HasDefect(m, "address-unparsed"));
}

// A name folded across two lines is one name: "Jean Dupont", not "Jean\r\n Dupont" (which
// reached the letters' salutation), whoever reads the header and however the name is written.
TEST(MimeParser, AFoldedNameIsUnfolded) {
  auto mail = Parse(
      "From: rh@example.com\r\n"
      "To: Jean\r\n Dupont <jean@example.org>, \"Marie\r\n\tCurie\" <marie@example.org>,\r\n"
      " =?UTF-8?Q?L=C3=A9a?=\r\n Martin <lea@example.org>\r\n"
      "Cc: (a comment: GMime reads this one) Paul\r\n Martin <paul@example.org>\r\n"
      "Bcc: Les\r\n candidats: eve@example.org;\r\n"
      "\r\nbody\r\n");
  const MailMessage& m = mail.messages[0];
  std::vector<std::string> names;
  for (const auto& a : m.addresses) names.push_back(a.name + "|" + a.group);
  EXPECT_EQ(names, (std::vector<std::string>{"|", "Jean Dupont|", "Marie Curie|",
                                             "L\xC3\xA9"
                                             "a Martin|",
                                             "Paul Martin|", "|Les candidats"}));
}

TEST(MimeParser, QuotedNamesCommentsGroupsAndRoutes) {
  auto mail = Parse(
      "From: \"Martin, Léa\" <lea.martin@example.fr>\n"
      "To: Candidats: a.one@example.fr, \"B Two\" <b.two@example.fr>;, undisclosed-recipients:;\n"
      "Cc: jean@example.fr (Jean Dupont), Mary Smith <@machine.tld:mary@example.net>\n"
      "\nbody\n");
  const MailMessage& m = mail.messages[0];
  const auto from = Field(m, AddressField::kFrom);
  ASSERT_EQ(from.size(), 1u);
  EXPECT_EQ(from[0].name, "Martin, Léa");
  const auto to = Field(m, AddressField::kTo);
  ASSERT_EQ(to.size(), 2u);
  EXPECT_EQ(to[0].group, "Candidats");
  EXPECT_EQ(to[1].name, "B Two");
  EXPECT_EQ(Addresses(m, AddressField::kCc),
            (std::vector<std::string>{"jean@example.fr", "mary@example.net"}));
  EXPECT_FALSE(HasDefect(m, "address-unparsed"));
}

TEST(MimeParser, DomainIsLowerCasedLocalPartKept) {
  auto mail = Parse("From: x@example.com\nTo: Jean.Dupont@Example.FR\n\nb\n");
  const auto to = Field(mail.messages[0], AddressField::kTo);
  ASSERT_EQ(to.size(), 1u);
  EXPECT_EQ(to[0].address, "Jean.Dupont@example.fr");
  EXPECT_EQ(AddressKey(to[0].address), "jean.dupont@example.fr");
}

TEST(MimeParser, AnIdnMailboxInItsALabelAndULabelFormsIsOneAddress) {
  auto mail = Parse(
      "From: x@example.com\nTo: neko@xn--cesupi09d.jp, Neko <neko@\u5730\u57df\u732b.jp>\n"
      "Cc: NEKO@XN--CESUPI09D.JP, neko@\u5730\u57df\u732b.JP\n\nb\n");
  const MailMessage& m = mail.messages[0];
  EXPECT_FALSE(HasDefect(m, "address-unparsed"));
  std::vector<std::string> all = Addresses(m, AddressField::kTo);
  for (const auto& a : Addresses(m, AddressField::kCc)) all.push_back(a);
  EXPECT_EQ(all,
            (std::vector<std::string>{"neko@\u5730\u57df\u732b.jp", "neko@\u5730\u57df\u732b.jp",
                                      "NEKO@\u5730\u57df\u732b.jp", "neko@\u5730\u57df\u732b.jp"}));
  for (const auto& a : all) {
    EXPECT_EQ(AddressKey(a), "neko@\u5730\u57df\u732b.jp") << a;
    EXPECT_TRUE(SameAddressKey(a, "Neko@xn--CESUPI09D.jp")) << a;
  }
  EXPECT_EQ(CanonicalDomain("B\u00dcCHER.example"), "b\u00fccher.example");
  EXPECT_EQ(CanonicalDomain("Example.ORG"), "example.org");
  EXPECT_EQ(CanonicalDomain("xn--invalid-.example"), "xn--invalid-.example");
}

TEST(MimeParser, AnAddressTheParserDropsIsRecoveredWithADefect) {
  auto mail = Parse("From: rh@example.com\nTo: Jean Dupont jean8@x.fr, ok@x.fr\n\nb\n");
  const MailMessage& m = mail.messages[0];
  const auto to = Addresses(m, AddressField::kTo);
  EXPECT_NE(std::find(to.begin(), to.end(), "jean8@x.fr"), to.end());
  EXPECT_NE(std::find(to.begin(), to.end(), "ok@x.fr"), to.end());
  auto d = std::find_if(m.defects.begin(), m.defects.end(),
                        [](const MailDefect& x) { return x.kind == "address-unparsed"; });
  ASSERT_NE(d, m.defects.end());
  EXPECT_EQ(d->field, "to");
  EXPECT_EQ(d->detail, "Jean Dupont jean8@x.fr");
  for (const auto& a : Field(m, AddressField::kTo)) {
    EXPECT_EQ(a.recovered, a.address == "jean8@x.fr") << a.address;
  }
}

TEST(MimeParser, EveryRawAddressIsCheckedWhateverItsOrderCaseOrPlace) {
  // The raw scan meets an address inside a name, one the parser dropped between two it
  // returned, and the same address twice in two letter cases: only the dropped one is new.
  auto mail = Parse(
      "From: rh@example.com\n"
      "To: \"c@x.fr\" <d@x.fr>, Jean Dupont jean8@x.fr, E@X.fr, e@x.fr, d@x.fr\n\nb\n");
  const MailMessage& m = mail.messages[0];
  std::vector<std::string> recovered, returned;
  for (const auto& a : Field(m, AddressField::kTo))
    (a.recovered ? recovered : returned).push_back(a.address);
  EXPECT_EQ(recovered, std::vector<std::string>{"jean8@x.fr"});
  EXPECT_EQ(returned, (std::vector<std::string>{"d@x.fr", "E@x.fr", "e@x.fr", "d@x.fr"}));
  EXPECT_EQ(std::count_if(m.defects.begin(), m.defects.end(),
                          [](const MailDefect& x) { return x.kind == "address-unparsed"; }),
            1);
}

TEST(MimeParser, ObsoleteWhiteSpaceInsideAnAddressIsNotADefect) {
  auto mail = Parse("From: a@example.com\nTo: jdoe@test   . example\n\nb\n");
  EXPECT_EQ(Addresses(mail.messages[0], AddressField::kTo),
            std::vector<std::string>{"jdoe@test.example"});
  EXPECT_FALSE(HasDefect(mail.messages[0], "address-unparsed"));
}

TEST(MimeParser, EveryAddressFieldIsRead) {
  auto mail = Parse(
      "From: a@example.com\nSender: s@example.com\nReply-To: r@example.com\n"
      "To: t1@example.com\nTo: t2@example.com\nCc: c@example.com\nBcc: b@example.com\n"
      "Resent-From: rf@example.com\nResent-To: rt@example.com\nResent-Cc: rc@example.com\n"
      "Resent-Bcc: rb@example.com\nDelivered-To: d@example.com\nX-Original-To: x@example.com\n"
      "\nb\n");
  const MailMessage& m = mail.messages[0];
  EXPECT_EQ(Addresses(m, AddressField::kTo),
            (std::vector<std::string>{"t1@example.com", "t2@example.com"}));
  for (auto [field, addr] : std::vector<std::pair<AddressField, std::string>>{
           {AddressField::kSender, "s@example.com"},
           {AddressField::kReplyTo, "r@example.com"},
           {AddressField::kCc, "c@example.com"},
           {AddressField::kBcc, "b@example.com"},
           {AddressField::kResentFrom, "rf@example.com"},
           {AddressField::kResentTo, "rt@example.com"},
           {AddressField::kResentCc, "rc@example.com"},
           {AddressField::kResentBcc, "rb@example.com"},
           {AddressField::kDeliveredTo, "d@example.com"},
           {AddressField::kXOriginalTo, "x@example.com"}}) {
    EXPECT_EQ(Addresses(m, field), std::vector<std::string>{addr}) << AddressFieldName(field);
  }
}

TEST(MimeParser, DateKeepsTheInstantAndTheOriginalOffset) {
  auto mail = Parse("From: a@example.com\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n\nb\n");
  const MailMessage& m = mail.messages[0];
  ASSERT_TRUE(m.date_utc.has_value());
  EXPECT_EQ(FormatUtc(*m.date_utc), "2025-09-12T07:30:00Z");
  EXPECT_EQ(m.date_offset_minutes, 120);
  EXPECT_EQ(m.date_raw, "Fri, 12 Sep 2025 09:30:00 +0200");
}

TEST(MimeParser, UnreadableDateIsADefectNotAFailure) {
  auto mail = Parse("From: a@example.com\nDate: sometime last week\n\nb\n");
  EXPECT_FALSE(mail.messages[0].date_utc.has_value());
  EXPECT_TRUE(HasDefect(mail.messages[0], "date-unparsed"));
}

TEST(MimeParser, ThreadHeadersAndReplyAll) {
  auto mail = Parse(
      "From: c1@example.fr\nTo: rh@example.com\nCc: c2@example.fr, c3@example.fr\n"
      "Message-ID: <r1@example.fr>\nIn-Reply-To: <orig@example.com>\n"
      "References: <orig@example.com> <other@example.com>\nSubject: Re: Candidature\n\nb\n");
  const MailMessage& m = mail.messages[0];
  EXPECT_EQ(m.message_id, "r1@example.fr");
  EXPECT_EQ(m.in_reply_to, "orig@example.com");
  EXPECT_EQ(m.references, (std::vector<std::string>{"orig@example.com", "other@example.com"}));
  EXPECT_TRUE(m.IsReply());
  EXPECT_TRUE(m.IsReplyAll());
  auto direct = Parse("From: c1@example.fr\nTo: rh@example.com\nSubject: RE: x\n\nb\n");
  EXPECT_TRUE(direct.messages[0].IsReply());
  EXPECT_FALSE(direct.messages[0].IsReplyAll());
  // The sender copying themself, or one person written twice, is still one addressee.
  auto self = Parse(
      "From: c1@example.fr\nTo: rh@example.com, C1@EXAMPLE.fr\nCc: RH@example.com\n"
      "Subject: RE: x\n\nb\n");
  EXPECT_FALSE(self.messages[0].IsReplyAll());
  auto two = Parse(
      "From: c1@example.fr\nTo: c1@example.fr, rh@example.com\nCc: c2@example.fr\n"
      "Subject: RE: x\n\nb\n");
  EXPECT_TRUE(two.messages[0].IsReplyAll());
}

TEST(ScanMail, ADisplayNameSeenAgainGivesItsFindingsAgainUnderEachAddress) {
  // Display names are read once per thread and remembered: the second message, and another
  // address with the same name, must still get the finding, each with its own owner.
  const std::string head =
      "From: hr@example.com\nSubject: x\nTo: \"Ana 06 12 34 56 78\" <ana@example.org>";
  auto first = Parse(head + "\n\nbody\n");
  auto second = Parse(
      head +
      ", \"Ana 06 12 34 56 78\" <ana.b@example.net>\nCc: \"Bob\" <bob@example.org>\n\nbody\n");
  for (int round = 0; round < 2; ++round) {
    const auto a = ScanMail(first);
    ASSERT_EQ(a[0].size(), 1u);
    EXPECT_EQ(a[0][0].finding.category, DataCategory::kPhone);
    EXPECT_EQ(a[0][0].location, "display-name:to");
    EXPECT_EQ(a[0][0].owner, "ana@example.org");
    const auto b = ScanMail(second);
    ASSERT_EQ(b[0].size(), 2u);
    EXPECT_EQ(b[0][0].owner, "ana@example.org");
    EXPECT_EQ(b[0][1].owner, "ana.b@example.net");
    EXPECT_EQ(b[0][1].finding.value, "+33612345678");
  }
}

// A supplier's invoice mail: the IBAN to pay and the accounting office's line sit beside the
// company's SIRET: the company's, near misses for review, not its writer's bank data and
// phone. Her mobile stays hers; so do the accounts of a list of employees under a SIRET, and
// an IBAN with no organisation's identifier near it.
TEST(ScanMail, AnIbanAndAnOfficeLineBesideASiretAreTheOrganisations) {
  auto validation_of = [](const std::string& body, DataCategory c) {
    std::vector<std::string> out;
    for (const auto& message : ScanMail(Parse("From: n.lambert@fournitures.example\nTo: "
                                              "compta@client.example\nSubject: Facture\n\n" +
                                              body))) {
      for (const LocatedFinding& f : message) {
        if (f.finding.category == c && !f.finding.quoted)
          out.push_back(std::string(f.finding.validation));
      }
    }
    return out;
  };
  const std::string invoice =
      "Règlement par virement :\nIBAN : FR76 3000 6000 0112 3456 7890 189\n\nCordialement,\n"
      "Nadia Lambert\nService comptabilité – Fournitures Dupont SARL\nTél. : 04 93 51 64 13\n"
      "Mobile : 06 12 34 56 78\nSIRET 73282932000074 – TVA FR44732829320\n";
  EXPECT_EQ(validation_of(invoice, DataCategory::kIban),
            std::vector<std::string>{"near-miss:organisation-account"});
  const auto phones = validation_of(invoice, DataCategory::kPhone);
  ASSERT_EQ(phones.size(), 2u);
  EXPECT_EQ(std::count(phones.begin(), phones.end(), "near-miss:organisation-line"), 1);
  EXPECT_EQ(std::count_if(phones.begin(), phones.end(),
                          [](const std::string& v) { return !IsNearMiss(v); }),
            1);

  EXPECT_EQ(
      validation_of("Mon RIB : FR76 3000 6000 0112 3456 7890 189\nMerci\n", DataCategory::kIban),
      std::vector<std::string>{"mod97+rib-key"});
  // The holder named as a company, with no identifier: a payment-fraud mail's account.
  EXPECT_EQ(validation_of("Nominated Account:\n\nBank Account Name: Interpay Limited\nBank: "
                          "CAIXABANK, S.A.\nIBAN: ES67 2100 3467 1007 0001 6539\n",
                          DataCategory::kIban),
            std::vector<std::string>{"near-miss:organisation-account"});
  EXPECT_EQ(
      validation_of("Titulaire du compte : Léa Martin\nIBAN FR76 3000 6000 0112 3456 7890 189\n",
                    DataCategory::kIban),
      std::vector<std::string>{"mod97+rib-key"});
  // "sa" of "sa fille" is no legal form (SA is, in capitals); a holder's line is a sign for the
  // account, not for a landline beside it.
  EXPECT_EQ(validation_of("Titulaire du compte : Marie Dupont (compte joint avec sa fille)\nIBAN "
                          "FR76 3000 6000 0112 3456 7890 189\n",
                          DataCategory::kIban),
            std::vector<std::string>{"mod97+rib-key"});
  EXPECT_EQ(validation_of("Titulaire : Dupont SA\nIBAN FR76 3000 6000 0112 3456 7890 189\n",
                          DataCategory::kIban),
            std::vector<std::string>{"near-miss:organisation-account"});
  for (const std::string& v :
       validation_of("Titulaire : Dupont SA\nIBAN FR76 3000 6000 0112 3456 7890 189\nTél. 04 93 "
                     "51 64 13\n",
                     DataCategory::kPhone))
    EXPECT_FALSE(IsNearMiss(v)) << v;
  const std::string list =
      "Acme SAS, SIRET 73282932000074\nDurand FR76 3000 6000 0112 3456 7890 189\n"
      "Martin FR76 1027 8060 3100 0207 0510 109\nRoux FR76 3000 4000 3123 4567 8901 235\n";
  const auto listed = validation_of(list, DataCategory::kIban);
  EXPECT_EQ(listed.size(), 3u);
  for (const std::string& v : listed) EXPECT_FALSE(IsNearMiss(v)) << v;
}

// The scan and the masking of the headers share one reading of a display name (which table
// it is in is a matter of speed, not seen here): whichever of the two reads the name first,
// the scan gives what the name holds besides the name, and the masking masks that and keeps
// the name. Written as a greeting, the name is one the detectors find (a person-name
// finding), which the scan leaves out.
TEST(ScanMail, TheScanAndTheMaskingOfADisplayNameAgreeWhicheverReadsItFirst) {
  for (const std::string name :
       {"Bonjour Jeanne Martin 06 12 34 56 78", "Salut Paul Durand 07 98 76 54 32"}) {
    const std::string raw =
        "From: hr@example.com\nSubject: x\nTo: \"" + name + "\" <someone@example.org>\n\nbody\n";
    const bool mask_first = name.starts_with("Salut");
    ParsedMail masked = Parse(raw);
    if (mask_first) MaskHeaders("key", {}, &masked);
    const auto found = ScanMail(Parse(raw));
    ASSERT_EQ(found[0].size(), 1u) << name;
    EXPECT_EQ(found[0][0].finding.category, DataCategory::kPhone) << name;
    EXPECT_EQ(found[0][0].location, "display-name:to");
    if (!mask_first) MaskHeaders("key", found, &masked);
    const std::string& shown = masked.messages[0].addresses[1].name;
    EXPECT_TRUE(shown.starts_with(name.substr(0, name.find(" 0")) + " +33 ")) << shown;
    EXPECT_EQ(shown.find(name.substr(name.find(" 0") + 4)), std::string::npos) << shown;
  }
}

// A text part's line ends are one: CRLF and a bare CR (an old Mac's file) end a line as LF
// does (helper-66: removing every CR glued a bare-CR file's lines together).
TEST(MimeParser, ATextPartsLineEndsAreLf) {
  auto mail = Parse(
      "From: a@example.com\nTo: b@example.org\nSubject: fiche\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
      testing::Base64("ligne 1\rligne 2\r\nligne 3\n") + "\n");
  ASSERT_EQ(mail.messages.size(), 1u);
  ASSERT_EQ(mail.messages[0].parts.size(), 1u);
  EXPECT_EQ(mail.messages[0].parts[0].text, "ligne 1\nligne 2\nligne 3\n");
}

TEST(MimeParser, ForwardedMessagesAreNestedAtAnyDepth) {
  const std::string inner =
      "From: deep@example.org\nTo: deeper@example.org\nSubject: inner\n\ninner body\n";
  const std::string middle =
      "From: mid@example.org\nTo: friend@example.net\nSubject: middle\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"M\"\n\n"
      "--M\nContent-Type: text/plain\n\nsee below\n"
      "--M\nContent-Type: message/rfc822\n\n" +
      inner + "--M--\n";
  const std::string outer =
      "From: top@example.com\nTo: a@example.com\nSubject: Fwd\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"O\"\n\n"
      "--O\nContent-Type: text/plain\n\nFYI\n"
      "--O\nContent-Type: message/rfc822\nContent-Disposition: attachment; "
      "filename*=UTF-8''Planning%20S10.eml\n\n" +
      middle + "--O--\n";
  auto mail = Parse(outer);
  ASSERT_EQ(mail.messages.size(), 3u);
  // A forwarded message's name, as an attachment's (helper-63: it was "").
  ASSERT_EQ(mail.messages[0].parts.size(), 2u);
  EXPECT_EQ(mail.messages[0].parts[1].filename, "Planning S10.eml");
  EXPECT_EQ(mail.messages[1].parent, 0);
  EXPECT_EQ(mail.messages[1].depth, 1);
  EXPECT_EQ(mail.messages[1].mime_path, "2");
  EXPECT_EQ(Addresses(mail.messages[1], AddressField::kTo),
            std::vector<std::string>{"friend@example.net"});
  EXPECT_EQ(mail.messages[2].parent, 1);
  EXPECT_EQ(mail.messages[2].depth, 2);
  EXPECT_EQ(mail.messages[2].mime_path, "2.2");
  EXPECT_EQ(mail.messages[2].subject, "inner");

  auto limited = Parse(outer, MailParseOptions{.max_depth = 1});
  ASSERT_EQ(limited.messages.size(), 2u);
  EXPECT_TRUE(HasDefect(limited.messages[1], "depth-limit"));
}

TEST(MimeParser, AMessageWhoseWholeBodyIsAMessageGetsItsOwnPath) {
  // Regression: the nested message took the path "" of its container (UNIQUE failure).
  auto mail = ParseMime("message/rfc822",
                        "From: b@example.com\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
                        "From: c@example.com\nSubject: innermost\n\nx\n");
  ASSERT_EQ(mail.messages.size(), 3u);
  EXPECT_EQ(mail.messages[0].mime_path, "");
  EXPECT_EQ(mail.messages[1].mime_path, "1");
  EXPECT_EQ(mail.messages[2].mime_path, "1.1");
}

TEST(MimeParser, CharsetsAreConvertedAndFallbacksRecorded) {
  auto mail = ParseMime(
      "multipart/mixed; boundary=B",
      std::string(
          "--B\nContent-Type: text/plain; charset=windows-1252\n\nPrix : 10 \x80, na\xEFve\n"
          "--B\nContent-Type: text/plain\n\nsans charset : caf\xE9\n"
          "--B\nContent-Type: text/plain; charset=x-unknown-charset\n\nTr\xE8s bien\n"
          "--B\nContent-Type: text/plain; charset=utf-8\n\nmenteur : \xE9t\xE9\n"
          "--B--\n"));
  const auto& parts = mail.messages[0].parts;
  ASSERT_EQ(parts.size(), 4u);
  // The line end before a boundary belongs to the boundary (RFC 2046 §5.1.1).
  EXPECT_EQ(parts[0].text, "Prix : 10 €, naïve");
  EXPECT_FALSE(parts[0].charset_fallback);
  EXPECT_EQ(parts[1].text, "sans charset : café");
  EXPECT_TRUE(parts[1].charset_fallback);
  EXPECT_EQ(parts[1].decoded_with, "windows-1252");
  EXPECT_EQ(parts[2].text, "Très bien");
  EXPECT_TRUE(parts[2].charset_fallback);
  EXPECT_EQ(parts[3].text, "menteur : été");
  EXPECT_TRUE(parts[3].charset_fallback);
  EXPECT_TRUE(HasDefect(mail.messages[0], "charset-fallback"));
}

// Header text in 8-bit bytes with no encoded word is read as the bodies are: UTF-8 when
// valid, else windows-1252 ("€", "“", "”" were C1 control characters: GMime's default
// fallback is ISO-8859-1).
TEST(MimeParser, UnencodedHeaderBytesAreWindows1252WhenNotUtf8) {
  auto mail =
      Parse(std::string("From: \"Ren\xE9"
                        "e \x93Rosie\x94 Dupont\" <r.dupont@x.example>\n"
                        "To: a@x.example\nSubject: Caf\x80 \x93quoted\x94\n\nhi\n"));
  ASSERT_EQ(mail.messages.size(), 1u);
  EXPECT_EQ(mail.messages[0].subject, "Caf€ “quoted”");
  ASSERT_FALSE(mail.messages[0].addresses.empty());
  EXPECT_EQ(mail.messages[0].addresses[0].name, "Renée “Rosie” Dupont");
  // UTF-8 stays UTF-8.
  auto utf8 = Parse("From: a@x.example\nSubject: caf\xC3\xA9 \xE2\x82\xAC\n\nhi\n");
  EXPECT_EQ(utf8.messages[0].subject, "café €");
}

TEST(MimeParser, HtmlOnlyBodyBecomesReadableText) {
  auto mail = ParseMime("text/html; charset=utf-8",
                        "<html><head><title>t</title><style>p{color:red}</style></head><body>"
                        "<p>Bonjour&nbsp;&eacute;quipe,</p><script>alert(1)</script>"
                        "<div>Tél : <b>06 12 34 56 78</b></div></body></html>\n");
  ASSERT_EQ(mail.messages[0].parts.size(), 1u);
  const MailPart& html = mail.messages[0].parts[0];
  EXPECT_TRUE(html.has_text);
  EXPECT_EQ(html.text, "Bonjour\u00a0équipe,\nTél : 06 12 34 56 78");
}

TEST(MimeParser, HtmlNestedPastLibxml2sLimitKeepsItsTextWithADefect) {
  std::string html = "<html><body><p>Bonjour</p>";
  for (int i = 0; i < 300; ++i) html += "<div>";
  html += "IBAN FR76 3000 6000 0112 3456 7890 189";
  for (int i = 0; i < 300; ++i) html += "</div>";
  html += "<p>T\u00e9l : 06 12 34 56 78</p></body></html>\n";
  auto mail = ParseMime("text/html; charset=utf-8", html);
  ASSERT_EQ(mail.messages[0].parts.size(), 1u);
  EXPECT_EQ(mail.messages[0].parts[0].text,
            "Bonjour\nIBAN FR76 3000 6000 0112 3456 7890 189\nT\u00e9l : 06 12 34 56 78");
  EXPECT_TRUE(HasDefect(mail.messages[0], "html-depth-limit"));
  EXPECT_EQ(ScanMail(mail)[0].size(), 2u);  // the IBAN inside, the phone after
}

TEST(MimeParser, AnEmptyMessageSaysSoAndNoDefectNamesByteMinusOne) {
  for (std::string_view empty : {"", "\n", "\r\n\r\n"}) {
    auto mail = Parse(empty);
    ASSERT_EQ(mail.messages.size(), 1u);
    EXPECT_TRUE(HasDefect(mail.messages[0], "empty-message")) << empty.size();
    EXPECT_FALSE(HasDefect(mail.messages[0], "truncated-message")) << empty.size();
  }
  // Headers and no empty line after them: GMime says truncated at byte -1.
  auto mail = Parse("From: a@example.com\nTo: b@example.com");
  EXPECT_FALSE(HasDefect(mail.messages[0], "empty-message"));
  for (const MailDefect& d : mail.messages[0].defects) {
    EXPECT_EQ(d.detail.find("-1"), std::string::npos) << d.kind << ": " << d.detail;
  }
}

TEST(MimeParser, AttachmentMetadataWithEncodedFilenames) {
  auto mail =
      ParseMime("multipart/mixed; boundary=B",
                "--B\nContent-Type: text/plain\n\nCi-joint mon CV.\n"
                "--B\nContent-Type: application/pdf\n"
                "Content-Disposition: attachment; filename*=UTF-8''CV%20J%C3%A9r%C3%B4me.pdf\n"
                "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
                "--B\nContent-Type: text/csv; name=\"=?UTF-8?Q?donn=C3=A9es.csv?=\"\n"
                "Content-Disposition: attachment\n\nnom;tel\nA;0612345678\n"
                "--B--\n");
  const auto& parts = mail.messages[0].parts;
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_FALSE(parts[0].is_attachment);
  EXPECT_TRUE(parts[1].is_attachment);
  EXPECT_EQ(parts[1].filename, "CV Jérôme.pdf");
  EXPECT_EQ(parts[1].content_type, "application/pdf");
  EXPECT_EQ(parts[1].size, 9u);  // "%PDF-1.4\n"
  EXPECT_EQ(parts[1].sha256, Sha256Hex("%PDF-1.4\n"));
  EXPECT_FALSE(parts[1].has_text);
  EXPECT_EQ(parts[2].filename, "données.csv");
  EXPECT_TRUE(parts[2].has_text);
  EXPECT_EQ(parts[2].text, "nom;tel\nA;0612345678");
}

using testing::Base64;
using testing::MakeZip;

TEST(MimeParser, DocxAttachmentTextIsExtracted) {
  const std::string docx =
      MakeZip({{"word/document.xml",
                "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Zoë Ørsted</w:t></w:r></w:p>"
                "<w:p><w:r><w:t>Tél.</w:t><w:tab/><w:t>+33 6 12 34 56 78</w:t></w:r></w:p>"
                "</w:body></w:document>"}});
  auto mail = ParseMime(
      "multipart/mixed; boundary=B",
      "--B\nContent-Type: text/plain\n\nCV\n--B\n"
      "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n"
      "Content-Disposition: attachment; filename=cv.docx\nContent-Transfer-Encoding: base64\n\n" +
          Base64(docx) + "\n--B--\n");
  const auto& parts = mail.messages[0].parts;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_TRUE(parts[1].has_text);
  EXPECT_EQ(parts[1].text, "Zoë Ørsted\nTél. +33 6 12 34 56 78\n");
}

// Three DOCX of 600 KB of text each, a message text limit of 1 MB: the first read whole, the
// second up to what is left of the limit, the third not read for text (hashed), each said.
TEST(MimeParser, OfficeAttachmentsTogetherStopAtTheMessagesTextLimit) {
  std::string xml = "<w:document xmlns:w=\"w\"><w:body><w:p><w:t>";
  xml.append(600'000, 'A');
  xml += "</w:t></w:p></w:body></w:document>";
  const std::string docx = MakeZip({{"word/document.xml", xml}});
  std::string body;
  for (int i = 0; i < 3; ++i) {
    body +=
        "--B\nContent-Type: application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document\nContent-Disposition: attachment; filename=b" +
        std::to_string(i) + ".docx\nContent-Transfer-Encoding: base64\n\n" + Base64(docx) + "\n";
  }
  body += "--B\nContent-Type: text/plain\n\nafter the bombs\n--B--\n";
  auto mail = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=B\n\n" +
          body,
      MailParseOptions{.max_text_bytes = 1'000'000});
  const MailMessage& m = mail.messages[0];
  ASSERT_EQ(m.parts.size(), 4u);
  EXPECT_GE(m.parts[0].text.size(), 600'000u);
  EXPECT_LT(m.parts[1].text.size(), 400'000u);
  EXPECT_TRUE(m.parts[1].has_text);
  EXPECT_FALSE(m.parts[2].has_text);
  EXPECT_FALSE(m.parts[2].sha256.empty());
  EXPECT_TRUE(HasDefect(m, "extraction-limit"));
  EXPECT_TRUE(HasDefect(m, "text-limit"));
  uint64_t total = 0;
  for (const MailPart& p : m.parts) total += p.text.size();
  EXPECT_LE(total, 1'000'000u);
}

TEST(MimeParser, HeaderFieldsAndAddressesStopAtTheirLimitsWithDefects) {
  std::string headers =
      "From: a@example.com\nTo: t1@example.com, t2@example.com, "
      "t3@example.com\n";
  for (int i = 0; i < 50; ++i) headers += "Cc: c" + std::to_string(i) + "@example.com\n";
  auto mail = Parse(headers + "Subject: kept?\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n",
                    MailParseOptions{.max_header_fields = 20});
  const MailMessage& m = mail.messages[0];
  EXPECT_TRUE(HasDefect(m, "header-limit"));
  EXPECT_EQ(Addresses(m, AddressField::kCc).size(), 18u);  // From, To and 18 Cc fields
  EXPECT_EQ(m.subject, "");                                // field 53: not read
  EXPECT_EQ(m.parts.size(), 1u);                           // the body is read
  EXPECT_NE(m.parts[0].text.find("IBAN"), std::string::npos);

  // Address fields of 60 bytes at most together: To cut after its second address.
  auto cut = Parse(
      "From: a@example.com\nTo: t1@example.com, t2@example.com, t3@example.com\n"
      "Cc: c@example.com\nSubject: s\n\nb\n",
      MailParseOptions{.max_address_header_bytes = 60});
  EXPECT_EQ(Addresses(cut.messages[0], AddressField::kTo),
            (std::vector<std::string>{"t1@example.com", "t2@example.com"}));
  EXPECT_TRUE(Addresses(cut.messages[0], AddressField::kCc).empty());
  EXPECT_EQ(cut.messages[0].subject, "s");
  EXPECT_TRUE(HasDefect(cut.messages[0], "address-limit"));

  auto few = Parse("From: a@example.com\nTo: t1@example.com, t2@example.com, t3@example.com\n\nb\n",
                   MailParseOptions{.max_addresses = 2});
  EXPECT_EQ(few.messages[0].addresses.size(), 2u);
  EXPECT_TRUE(HasDefect(few.messages[0], "address-limit"));
}

TEST(MimeParser, MimePartsStopAtTheLimitWithADefect) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "--B\n\n";
  body += "--B\nContent-Type: text/plain\n\nlast part\n--B--\n";
  // A text part whose lines start with "--" (not a boundary) does not count.
  std::string dashes = "--B\nContent-Type: text/plain\n\n";
  for (int i = 0; i < 100; ++i) dashes += "-- not a boundary\n";
  auto mail = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=B\n\n" +
          dashes + body,
      MailParseOptions{.max_mime_parts = 50});
  const MailMessage& m = mail.messages[0];
  EXPECT_TRUE(HasDefect(m, "part-limit"));
  EXPECT_LE(m.parts.size(), 50u);
  ASSERT_FALSE(m.parts.empty());
  EXPECT_NE(m.parts[0].text.find("-- not a boundary"), std::string::npos);
  for (const MailPart& p : m.parts) EXPECT_EQ(p.text.find("last part"), std::string::npos);
}

TEST(MimeParser, AZipBombStopsAtTheLimit) {
  const std::string big(8 << 20, 'A');  // compresses to a few KB
  const std::string docx = MakeZip({{"word/document.xml", "<w:document xmlns:w=\"w\"><w:p><w:t>" +
                                                              big + "</w:t></w:p></w:document>"}});
  auto text = ExtractOfficeText(docx, OfficeFormat::kDocx, /*max_uncompressed=*/1 << 20);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_TRUE(text->truncated);
  EXPECT_LE(text->text.size(), 1u << 20);
}

TEST(MimeParser, ABrokenZipIsADefectNotAFailure) {
  auto mail = ParseMime("multipart/mixed; boundary=B",
                        "--B\nContent-Type: text/plain\n\nCV\n--B\n"
                        "Content-Type: application/octet-stream\nContent-Disposition: attachment; "
                        "filename=cv.docx\n\n"
                        "this is not a zip\n--B--\n");
  EXPECT_TRUE(HasDefect(mail.messages[0], "attachment-unreadable"));
}

// An archive breachkit does not open (7z, rar, tar) or a legacy Office file is not read: a
// defect says so, naming the file (a zipped payroll gave no finding and no defect). An image
// says nothing.
TEST(MimeParser, AnArchiveOrALegacyOfficeFileNotReadIsADefect) {
  auto part = [](const std::string& type, const std::string& name, const std::string& bytes) {
    return "--B\nContent-Type: " + type + "\nContent-Disposition: attachment; filename=" + name +
           "\n\n" + bytes + "\n";
  };
  auto mail = ParseMime("multipart/mixed; boundary=B",
                        "--B\nContent-Type: text/plain\n\nci-joint\n" +
                            part("application/x-7z-compressed", "docs.7z", "7z\xBC\xAF\x27\x1C") +
                            part("application/octet-stream", "old.DOC", "binary") +
                            part("application/vnd.ms-excel", "paie.xls", "binary") +
                            part("image/png", "logo.png", "png") + "--B--\n");
  std::vector<std::string> said;
  for (const MailDefect& d : mail.messages[0].defects) {
    if (d.kind != "attachment-not-read") continue;
    const bool archive = d.detail.find(": an archive: ") != std::string::npos;
    const bool legacy = d.detail.find(": a legacy Office file ") != std::string::npos;
    said.push_back(d.field + " " + d.detail.substr(0, d.detail.find(':')) +
                   (archive  ? " archive"
                    : legacy ? " legacy"
                             : " ?"));
  }
  EXPECT_EQ(said, (std::vector<std::string>{"2 docs.7z archive", "3 old.DOC legacy",
                                            "4 paie.xls legacy"}));
}

namespace {

// A zip whose entries named in `encrypted` are encrypted (AES-256, password "secret").
std::string MakeEncryptedZip(const std::vector<std::pair<std::string, std::string>>& entries,
                             const std::set<std::string>& encrypted) {
  testing::ScopedTempDir dir;
  const std::string path = dir.File("e.zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    const zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    if (encrypted.contains(name)) zip_file_set_encryption(z, i, ZIP_EM_AES_256, "secret");
  }
  zip_close(z);
  return testing::ReadFile(path);
}

std::string ArchiveMail(const std::string& name, const std::string& zip) {
  return "--B\nContent-Type: text/plain\n\nci-joint\n--B\nContent-Type: application/zip\n"
         "Content-Disposition: attachment; filename=" +
         name + "\nContent-Transfer-Encoding: base64\n\n" + Base64(zip) + "\n--B--\n";
}

const MailPart* PartNamed(const MailMessage& m, const std::string& filename) {
  for (const MailPart& p : m.parts)
    if (p.filename == filename) return &p;
  return nullptr;
}

}  // namespace

// A zipped payroll is opened: each file in it is an attachment of its own, numbered under the
// archive's part and named "ARCHIVE!/ENTRY", read as its type says (a CSV's table, a text's
// words); folders give no part.
TEST(MimeParser, TheFilesOfAnAttachedZipAreReadAsAttachments) {
  const std::string csv = "Nom;IBAN\nDurand;FR7630006000011234567890189\n";
  const std::string zip = MakeZip({{"paie/", ""},
                                   {"paie/octobre.csv", csv},
                                   {"paie/lisez-moi.txt", "Appeler Léa au 06 12 34 56 78."}});
  auto mail = ParseMime("multipart/mixed; boundary=B", ArchiveMail("paie.zip", zip));
  const MailMessage& m = mail.messages[0];
  EXPECT_FALSE(HasDefect(m, "attachment-not-read"));
  const MailPart* sheet = PartNamed(m, "paie.zip!/paie/octobre.csv");
  ASSERT_NE(sheet, nullptr);
  EXPECT_EQ(sheet->mime_path, "2/1");
  EXPECT_EQ(sheet->content_type, "text/csv");
  EXPECT_TRUE(sheet->is_attachment);
  EXPECT_EQ(sheet->size, csv.size());
  EXPECT_EQ(sheet->sha256, Sha256Hex(csv));
  ASSERT_EQ(sheet->tables.size(), 1u);
  EXPECT_EQ(sheet->tables[0].rows.size(), 2u);
  const MailPart* note = PartNamed(m, "paie.zip!/paie/lisez-moi.txt");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->mime_path, "2/2");
  EXPECT_NE(note->text.find("06 12 34 56 78"), std::string::npos);
  EXPECT_EQ(m.parts.size(), 4u);  // the body, the archive, its two files
}

// What cannot be read in an archive is said, file by file: an encrypted file (its name and
// size kept), an archive nested past the depth opened, an archive that uncompresses past the
// limit of a part (a zip bomb) stops there.
TEST(MimeParser, WhatAnArchiveHidesIsADefectNamingTheFile) {
  const std::string zip = MakeEncryptedZip(
      {{"clair.txt", "rien"}, {"salaires.csv", "Nom;IBAN\nDurand;FR76\n"}}, {"salaires.csv"});
  auto mail = ParseMime("multipart/mixed; boundary=B", ArchiveMail("paie.zip", zip));
  const MailMessage& m = mail.messages[0];
  ASSERT_TRUE(HasDefect(m, "attachment-encrypted"));
  const MailPart* secret = PartNamed(m, "paie.zip!/salaires.csv");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->tables.empty());
  EXPECT_EQ(secret->size, 21u);
  ASSERT_NE(PartNamed(m, "paie.zip!/clair.txt"), nullptr);
  EXPECT_EQ(PartNamed(m, "paie.zip!/clair.txt")->text, "rien");

  std::string nested = MakeZip({{"fond.txt", "06 12 34 56 78"}});
  for (int i = 0; i < 3; ++i) nested = MakeZip({{"in" + std::to_string(i) + ".zip", nested}});
  auto deep = ParseMime("multipart/mixed; boundary=B", ArchiveMail("a.zip", nested));
  ASSERT_TRUE(HasDefect(deep.messages[0], "attachment-not-read"));
  EXPECT_NE(PartNamed(deep.messages[0], "a.zip!/in2.zip!/in1.zip!/in0.zip"), nullptr);
  for (const MailPart& p : deep.messages[0].parts)
    EXPECT_EQ(p.text.find("06 12"), std::string::npos);

  const std::string bomb = MakeZip({{"a.txt", std::string(3 << 20, 'A')},
                                    {"b.txt", std::string(3 << 20, 'B')},
                                    {"c.txt", "après"}});
  MailParseOptions small;
  small.max_text_part_bytes = 4 << 20;
  auto cut = ParseMail("From: a@example.org\nContent-Type: multipart/mixed; boundary=B\n\n" +
                           ArchiveMail("bomb.zip", bomb),
                       small);
  ASSERT_TRUE(cut) << cut.error().message;
  ASSERT_TRUE(HasDefect(cut->messages[0], "archive-limit"));
  EXPECT_NE(PartNamed(cut->messages[0], "bomb.zip!/a.txt"), nullptr);
  EXPECT_EQ(PartNamed(cut->messages[0], "bomb.zip!/c.txt"), nullptr);
  // The bound is the outer archive's and every archive's inside it together: three inner
  // zips of 3 MB each stop within the 4 MB (each had 4 MB of its own).
  const std::string inner = MakeZip({{"x.txt", std::string(3 << 20, 'X')}});
  auto nested_cut = ParseMail(
      "From: a@example.org\nContent-Type: multipart/mixed; boundary=B\n\n" +
          ArchiveMail("outer.zip", MakeZip({{"1.zip", inner}, {"2.zip", inner}, {"3.zip", inner}})),
      small);
  ASSERT_TRUE(nested_cut) << nested_cut.error().message;
  EXPECT_TRUE(HasDefect(nested_cut->messages[0], "archive-limit"));
  uint64_t read = 0;
  for (const MailPart& p : nested_cut->messages[0].parts)
    if (p.filename.ends_with("x.txt")) read += p.sha256.empty() ? 0 : p.size;
  EXPECT_LE(read, small.max_text_part_bytes);
}

// The DPO learns of an attachment breachkit could not read where they look: the commands
// that read the figures warn, `summary` lists it (file, message, part, why) and --json too.
TEST(MimeParser, AnAttachmentNotReadIsListedByTheSummaryAndWarnedOf) {
  testing::ScopedTempDir dir;
  const std::string zip =
      MakeEncryptedZip({{"patients.csv", "Nom;NIR\nDurand;1\n"}}, {"patients.csv"});
  testing::WriteFile(dir.File("m.eml"),
                     "From: sec@cdp.example\nTo: lab@labo.example\nSubject: "
                     "liste\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
                     "boundary=B\n\n" +
                         ArchiveMail("liste.zip", zip));
  const std::string db = dir.File("i.db");
  // The ingestion that met it is a partial success, and says so; its JSON counts it.
  auto ingest = testing::RunBreachkit({"--db", db, "ingest", dir.File("m.eml")});
  EXPECT_EQ(ingest.exit_code, 3) << ingest.err;
  EXPECT_NE(ingest.err.find("1 attachment of this source could not be read, or not whole "
                            "(`summary` lists them): exit 3, a partial success"),
            std::string::npos)
      << ingest.err;
  // ... and names it: the file, the message, the part, why (it said a count only).
  EXPECT_NE(ingest.err.find("not read: " + dir.File("m.eml") +
                            " message 1 part 2/1: liste.zip!/patients.csv: encrypted in its "
                            "archive (a password)"),
            std::string::npos)
      << ingest.err;
  auto again = testing::RunBreachkit({"--db", db, "ingest", "--json", dir.File("m.eml")});
  EXPECT_EQ(again.exit_code, 0) << "nothing new was read: " << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["attachments_not_read"], 0) << again.out;
  auto text = testing::RunBreachkit({"--db", db, "summary"});
  EXPECT_NE(text.err.find("warning: 1 attachment could not be read (1 encrypted)"),
            std::string::npos)
      << text.err;
  EXPECT_NE(text.out.find(dir.File("m.eml") + " message 1 part 2/1: liste.zip!/patients.csv: "
                                              "encrypted in its archive"),
            std::string::npos)
      << text.out;
  auto json = testing::RunBreachkit({"--db", db, "summary", "--json"});
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["attachments_not_read"].size(), 1u) << json.out;
  // What makes one "encrypted" is its defect, not its path: a broken DOCX in a folder named
  // so is unreadable, not encrypted.
  ::mkdir(dir.File("encrypted").c_str(), 0700);
  testing::WriteFile(dir.File("encrypted/cv.eml"),
                     "From: a@cdp.example\nTo: b@labo.example\nSubject: cv\nMIME-Version: "
                     "1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: "
                     "text/plain\n\nCV\n--B\nContent-Type: application/octet-stream\n"
                     "Content-Disposition: attachment; filename=cv.docx\n\nnot a zip\n--B--\n");
  const std::string db2 = dir.File("j.db");
  auto cv =
      testing::RunBreachkit({"-q", "--db", db2, "ingest", "--json", dir.File("encrypted/cv.eml")});
  EXPECT_EQ(cv.exit_code, 3) << cv.err;
  EXPECT_EQ(nlohmann::json::parse(cv.out)["attachments_not_read"], 1) << cv.out;
  auto broken = testing::RunBreachkit({"--db", db2, "summary"});
  EXPECT_NE(broken.err.find("warning: 1 attachment could not be read: "), std::string::npos)
      << broken.err;
}

TEST(MimeParser, ByteOrderMarkBeforeTheHeadersIsIgnored) {
  auto mail = Parse(
      "\xEF\xBB\xBF"
      "From: a@example.com\nTo: b@example.com\n\nx\n");
  EXPECT_EQ(Addresses(mail.messages[0], AddressField::kFrom),
            std::vector<std::string>{"a@example.com"});
}

TEST(MimeParser, InvalidUtf8InHeadersComesOutValid) {
  auto mail = Parse("From: \"Andr\xE9\" <andre@example.fr>\nSubject: caf\xE9 \xFF\n\nx\n");
  const MailMessage& m = mail.messages[0];
  EXPECT_TRUE(g_utf8_validate(m.subject.c_str(), -1, nullptr)) << m.subject;
  const auto from = Field(m, AddressField::kFrom);
  ASSERT_EQ(from.size(), 1u);
  EXPECT_TRUE(g_utf8_validate(from[0].name.c_str(), -1, nullptr));
  EXPECT_EQ(from[0].address, "andre@example.fr");
}

TEST(MimeParser, CsvAttachmentGivesItsTable) {
  auto mail = ParseMime(
      "multipart/mixed; boundary=B",
      "--B\nContent-Type: text/plain\n\nla liste\n--B\n"
      "Content-Type: application/vnd.ms-excel\nContent-Disposition: attachment; "
      "filename=\"candidats.csv\"\nContent-Transfer-Encoding: base64\n\n" +
          Base64("Nom;Email\r\nDupont;jean@example.fr\r\nZo\xE9;zoe@example.fr\r\n") + "\n--B--\n");
  const MailMessage& m = mail.messages[0];
  ASSERT_EQ(m.parts.size(), 2u);
  EXPECT_TRUE(m.parts[0].tables.empty());
  const MailPart& csv = m.parts[1];
  ASSERT_EQ(csv.tables.size(), 1u);
  EXPECT_EQ(
      csv.tables[0].rows,
      (std::vector<std::vector<std::string>>{
          {"Nom", "Email"}, {"Dupont", "jean@example.fr"}, {"Zo\xC3\xA9", "zoe@example.fr"}}));
  EXPECT_FALSE(HasDefect(m, "table-limit"));
}

TEST(MimeParser, TruncatedTableIsADefectThatHoldsNoCell) {
  std::string csv = "nom,secret\n";
  for (int i = 0; i < 10; ++i)
    csv += "personne" + std::to_string(i) + ",valeur" + std::to_string(i) + "\n";
  auto mail = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=B\n\n--B\nContent-Type: text/csv; charset=utf-8\n"
      "Content-Disposition: attachment; filename=a.csv\n\n" +
          csv + "--B--\n",
      MailParseOptions{.table_limits = {.max_rows = 3}});
  const MailMessage& m = mail.messages[0];
  ASSERT_EQ(m.parts.size(), 1u);
  ASSERT_EQ(m.parts[0].tables.size(), 1u);
  EXPECT_EQ(m.parts[0].tables[0].rows.size(), 3u);
  EXPECT_NE(m.parts[0].text.find("personne9"), std::string::npos);  // the text is whole
  const auto defect = std::find_if(m.defects.begin(), m.defects.end(),
                                   [](const MailDefect& d) { return d.kind == "table-limit"; });
  ASSERT_NE(defect, m.defects.end());
  EXPECT_EQ(defect->field, m.parts[0].mime_path);
  EXPECT_EQ(defect->detail,
            "row limit 3 reached: rows after 3 of the file not read; their data not recorded");
  EXPECT_EQ(defect->detail.find("personne"), std::string::npos);
}

// The rows past a table's limit are not read as persons. Before, the part's text was still
// scanned and every address and IBAN past the limit was credited to the sender (staff, or the
// candidate who wrote). A sheet's rows past the limit are now not read at all (the defect says
// so); a page's (an HTML attachment's) text is still scanned, its data past the limit owned
// by no one.
std::vector<LocatedFinding> RowsPastTheLimit(const std::string& type, const std::string& name,
                                             const std::string& body) {
  const ParsedMail mail = Parse(
      "From: paie@corp.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=B\n\n--B\nContent-Type: " +
          type + "; charset=utf-8\nContent-Disposition: attachment; filename=" + name + "\n\n" +
          body + "--B--\n",
      MailParseOptions{.table_limits = {.max_rows = 4}});
  auto found = ScanMail(mail);
  return found.empty() ? std::vector<LocatedFinding>{} : std::move(found[0]);
}

TEST(MimeParser, TheDataOfRowsPastTheLimitAreNotTheSenders) {
  std::string csv = "nom;courriel\n", html = "<table><tr><th>Nom</th><th>Courriel</th></tr>";
  for (int i = 0; i < 10; ++i) {
    csv += "Personne;p" + std::to_string(i) + "@example.org\n";
    html += "<tr><td>Personne</td><td>p" + std::to_string(i) + "@example.org</td></tr>";
  }
  html += "</table>\n";
  for (const auto& [kind, found] :
       {std::pair{"csv", RowsPastTheLimit("text/csv", "a.csv", csv)},
        std::pair{"html", RowsPastTheLimit("text/html", "a.html", html)}}) {
    int rows = 0, ownerless = 0;
    for (const LocatedFinding& lf : found) {
      if (lf.finding.category != DataCategory::kEmail) continue;
      EXPECT_NE(lf.owner, "paie@corp.example") << kind << " " << lf.location;
      if (lf.content) {
        ++rows;
      } else if (lf.owner.empty()) {
        ++ownerless;
      }
    }
    EXPECT_EQ(rows, 3) << kind;  // the header and three rows read
    // The seven rows past the limit: not read in a sheet; from the text of a page.
    EXPECT_EQ(ownerless, std::string_view(kind) == "csv" ? 0 : 7) << kind;
  }
}

TEST(MimeParser, UnreadableSpreadsheetIsATableDefect) {
  auto mail = ParseMime(
      "multipart/mixed; boundary=B",
      "--B\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\n"
      "Content-Disposition: attachment; filename=paie.xlsx\nContent-Transfer-Encoding: base64\n\n" +
          Base64(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')) +
          "\n--B--\n");
  const MailMessage& m = mail.messages[0];
  const auto defect = std::find_if(m.defects.begin(), m.defects.end(), [](const MailDefect& d) {
    return d.kind == "table-unreadable";
  });
  ASSERT_NE(defect, m.defects.end());
  EXPECT_EQ(defect->detail, "encrypted or legacy Office file (OLE compound document): not read");
}

TEST(MimeParser, HtmlBodyKeepsOnlyTablesOfTwoRowsAndTwoColumns) {
  auto mail = ParseMime("text/html; charset=utf-8",
                        "<html><body><table><tr><td>layout</td></tr><tr><td><p>Bonjour</p>"
                        "<table><tr><th>Nom</th><th>T\xC3\xA9l</th></tr>"
                        "<tr><td>Dupont</td><td>06 12 34 56 78</td></tr></table>"
                        "</td></tr></table><table><tr><td>a</td><td>b</td></tr></table>"
                        "</body></html>");
  const MailPart& body = mail.messages[0].parts.at(0);
  EXPECT_FALSE(body.is_attachment);
  ASSERT_EQ(body.tables.size(), 1u);
  EXPECT_EQ(body.tables[0].rows, (std::vector<std::vector<std::string>>{
                                     {"Nom", "T\xC3\xA9l"}, {"Dupont", "06 12 34 56 78"}}));
  EXPECT_NE(body.text.find("Dupont"), std::string::npos);
}

TEST(MimeParser, HtmlBodyWithoutTableHasNoTables) {
  auto mail = ParseMime("text/html", "<p>Bonjour <b>Jean</b></p>");
  EXPECT_TRUE(mail.messages[0].parts.at(0).tables.empty());
}

// A multipart whose Content-Type names a boundary its body does not use: its parts are read
// with the body's own delimiter, and a defect says so; with no delimiter at all, the body is
// one text. Nothing of it is lost (GMime alone gives no part: the body is all prologue).
TEST(MimeParser, AMultipartWhoseBoundaryIsNotInItsBodyIsReadWithTheBodysOwn) {
  const std::string body =
      "--real\nContent-Type: text/plain\n\nMon portable : 06 39 98 12 34\n"
      "--real\nContent-Type: text/html\n\n<p>Bonjour</p>\n--real--\n";
  auto mail = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=\"renamed\"\n\n" +
      body);
  ASSERT_EQ(mail.messages.size(), 1u);
  const MailMessage& m = mail.messages[0];
  ASSERT_EQ(m.parts.size(), 2u);
  EXPECT_NE(m.parts[0].text.find("06 39 98 12 34"), std::string::npos);
  EXPECT_EQ(m.parts[1].content_type, "text/html");
  bool said = false;
  for (const MailDefect& d : m.defects) said = said || d.kind == "boundary-mismatch";
  EXPECT_TRUE(said);

  auto flat = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=\"renamed\"\n\nMon portable : 06 39 98 12 34\n");
  ASSERT_EQ(flat.messages.size(), 1u);
  ASSERT_EQ(flat.messages[0].parts.size(), 1u);
  EXPECT_NE(flat.messages[0].parts[0].text.find("06 39 98 12 34"), std::string::npos);
  said = false;
  for (const MailDefect& d : flat.messages[0].defects) said = said || d.kind == "boundary-mismatch";
  EXPECT_TRUE(said);
}

// Multiparts nested so that each, read again with its body's boundary, holds another to read
// again: a few are, the rest said not read; neither time nor memory grows with the square of
// the nesting (each level was a copy of the rest of the body).
TEST(MimeParser, NestedMultipartsWithMismatchedBoundariesAreReadAFewTimesAtMost) {
  constexpr int kLevels = 300;
  std::string body;
  for (int i = 1; i <= kLevels; ++i) {
    body += "--B" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=\"W" +
            std::to_string(i) + "\"\n\n";
  }
  body += "Mon portable : 06 39 98 12 34\n";
  for (int i = kLevels; i >= 1; --i) body += "--B" + std::to_string(i) + "--\n";
  auto mail = Parse(
      "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=\"W0\"\n\n" +
      body);
  ASSERT_EQ(mail.messages.size(), 1u);
  int mismatches = 0;
  bool capped = false;
  for (const MailDefect& d : mail.messages[0].defects) {
    mismatches += d.kind == "boundary-mismatch";
    capped = capped || d.detail.find("more than 8") != std::string::npos;
  }
  EXPECT_TRUE(capped);
  EXPECT_LE(mismatches, 9);
}

// An empty attachment is listed by its name among those whose content no figure holds, as an
// empty file (it said "no worksheet in the workbook" and was in no list).
TEST(MimeParser, AnEmptyAttachmentIsListedByItsName) {
  testing::ScopedTempDir dir;
  testing::WriteFile(dir.File("m.eml"),
                     "From: a@example.com\nTo: b@example.org\nSubject: paie\nMIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: "
                     "text/plain\n\nCi-joint.\n--B\nContent-Type: application/vnd.openxmlformats-"
                     "officedocument.spreadsheetml.sheet; name=\"paie-vide.xlsx\"\n"
                     "Content-Disposition: attachment; filename=\"paie-vide.xlsx\"\n"
                     "Content-Transfer-Encoding: base64\n\n\n--B--\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(testing::RunBreachkit({"-q", "--db", db, "ingest", dir.File("m.eml")}).exit_code, 3);
  auto text = testing::RunBreachkit({"--db", db, "summary"});
  EXPECT_NE(text.out.find(dir.File("m.eml") +
                          " message 1 part 2 (paie-vide.xlsx): an empty file (0 bytes)"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("no worksheet"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace breachkit
