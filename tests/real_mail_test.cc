// What real mail holds that generated mail did not: functional addresses, relays and private
// hops in Received headers, version strings, organisations' phone lines, greetings to no one,
// no-break spaces. Each case is one the detectors got wrong on the corpus of other mail
// parsers' test suites (tests/precision/README.md).
#include <string>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/detect/detector.h"
#include "core/detect/functional_address.h"
#include "core/ingest/scan.h"
#include "core/mail/mime_parser.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::WriteFile;

std::vector<Finding> Of(std::string_view text, DataCategory c) {
  std::vector<Finding> out;
  for (Finding& f : DetectAll(text)) {
    if (f.category == c) out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> ClientIps(std::string_view originating, std::string_view received,
                                   const std::vector<std::string>& own = {}) {
  std::vector<Finding> found;
  DetectClientIp(originating, received, own, &found);
  std::vector<std::string> out;
  for (const Finding& f : found) out.push_back(f.value + " " + std::string(f.validation));
  return out;
}

using V = std::vector<std::string>;

// The values of category `c` found in `text`, each followed by its validation when asked.
V Values(std::string_view text, DataCategory c, bool with_validation = true) {
  V out;
  for (const Finding& f : Of(text, c)) {
    out.push_back(with_validation ? f.value + " " + std::string(f.validation) : f.value);
  }
  return out;
}

TEST(PublicIp, OnlyADeviceAddressOnTheInternet) {
  for (const char* yes : {"82.64.12.7", "8.8.8.8", "2a01:e0a:1f2:3::1", "::ffff:82.64.1.2"}) {
    EXPECT_TRUE(IsPublicIp(yes)) << yes;
  }
  for (const char* no : {"10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.10",
                         "127.0.0.1",
                         "169.254.3.4",
                         "100.64.0.1",
                         "192.0.2.14",
                         "198.51.100.7",
                         "203.0.113.9",
                         "0.0.0.0",
                         "224.0.0.1",
                         "255.255.255.255",
                         "192.0.0.253",
                         "::1",
                         "fe80::7830:c66f:eaa8:e3dd",
                         "fd00::1",
                         "2001:db8::1",
                         "::ffff:192.168.1.1",
                         "not an address"}) {
    EXPECT_FALSE(IsPublicIp(no)) << no;
  }
}

TEST(IpInText, OnlyWhereTheTextSaysItIsOneAndNeverAVersion) {
  auto ips = [](std::string_view text) { return Values(text, DataCategory::kIpAddress, false); };
  EXPECT_EQ(ips("Mon adresse IP était 82.64.12.7 ce jour-là."), V{"82.64.12.7"});
  EXPECT_EQ(ips("I was connected from 82.64.12.7 yesterday"), V{"82.64.12.7"});
  // A server in a bounce, a version, a URL, a documentation or private range.
  EXPECT_TRUE(ips("host gmail-smtp-in.l.google.com[209.85.223.33] said: 550").empty());
  EXPECT_TRUE(ips("git version -- 1.7.3.1.g432b3.dirty").empty());
  EXPECT_TRUE(ips("X-Scanner: AvMailGate-2.0.0.6 (IP 82.1.2.3)").size() == 1u);
  EXPECT_TRUE(ips("checked by AvMailGate-2.0.0.6").empty());
  EXPECT_TRUE(ips("$Id: foo.c,v 1.94.2.2 2001/05/04 $").empty());
  EXPECT_TRUE(ips("see the address http://82.64.12.7/admin").empty());
  EXPECT_TRUE(ips("Source-IP: 192.0.2.2").empty());
  EXPECT_TRUE(ips("my IP address is 192.168.1.10").empty());
  EXPECT_TRUE(ips("keyUsage (object identifier 2.5.29.15)").empty());
}

TEST(ClientIp, TheSubmissionHopIsTheSendersRelaysAreNot) {
  // Logged in (ESMTPSA), behind a NAT: the public address in the TCP information.
  EXPECT_EQ(ClientIps("",
                      "from mx.example.net (mx.example.net [198.18.0.1]) by mx.dest.example "
                      "with ESMTP id 1\n"
                      " from [10.0.0.5] (ti0083.bb.online.no [88.89.59.28]) by "
                      "smtp.example.no (Postfix) with ESMTPSA id EC35\n"),
            V{"88.89.59.28 submission-hop"});
  // A webmail: "via HTTP".
  EXPECT_EQ(ClientIps("", "from [41.222.192.69] by web82107.mail.yahoo.com via HTTP; Thu\n"),
            V{"41.222.192.69 submission-hop"});
  // A laptop greeting with its own name, no login: the client still.
  EXPECT_EQ(ClientIps("",
                      "from laptop (ppp85-140-104-88.pppoe.example.ru [85.140.104.88]) by "
                      "mx.google.com with ESMTPS id e11\n"),
            V{"85.140.104.88 client-hop"});
  // qmail's form: the greeting in "(HELO ...)", the address after it.
  EXPECT_EQ(ClientIps("",
                      "from unknown (HELO ljhw) (223.152.177.168) by mail.example.cn with "
                      "SMTP; 26 Dec 2016\n"),
            V{"223.152.177.168 client-hop"});
  // Two servers: a host name and plain SMTP is a relay, no one's connection.
  EXPECT_TRUE(ClientIps("",
                        "from fepD.post.tele.dk (195.41.46.149) by mail.groupcare.dk with "
                        "SMTP id <0.0014F8A2@mail.groupcare.dk>\n")
                  .empty());
  // Hops inside the sender's network are passed; the first public one decides.
  EXPECT_EQ(ClientIps("",
                      "from mail.example.org (mail.example.org [82.64.1.1]) by mx.dest.example "
                      "with ESMTP\n"
                      "from pc12 (pc12.lan [192.168.1.12]) by mail.example.org with ESMTPA\n"),
            V{});
  EXPECT_TRUE(ClientIps("", "by 10.54.110.5 with HTTP; Tue, 10 May 2005\n").empty());
  // A forged line with no receiving host.
  EXPECT_TRUE(ClientIps("",
                        "from [130.210.145.27] (account x@tin.it HELO k.com) by (Postfix) with "
                        "ESMTPA id 24\n")
                  .empty());
  // X-Originating-IP wins over the Received headers; a private one is no one's.
  EXPECT_EQ(ClientIps("[74.206.28.55]\n", "from laptop ([85.140.104.88]) by mx.example.net\n"),
            V{"74.206.28.55 originating-ip"});
  EXPECT_EQ(ClientIps("[10.1.1.1]\n", ""), V{});
}

// The connection address of a robot (a bounce's MTA) or a role box (a newsletter's mailer)
// is a server's or a workstation's: ScanMail reads none for them.
TEST(ClientIp, ARobotsOrARolesConnectionIsNoPersons) {
  auto ips = [](std::string_view from) {
    const std::string mail =
        "Received: from [10.0.0.5] (ti0083.bb.online.no [88.89.59.28]) by smtp.example.no\n"
        " (Postfix) with ESMTPSA id EC35; Fri, 12 Sep 2025 09:29:00 +0200\n"
        "From: " +
        std::string(from) +
        "\nTo: lea@example.org\nSubject: s\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n\nHello.\n";
    auto parsed = ParseMail(mail);
    V out;
    if (!parsed) return V{"not parsed"};
    const auto found = ScanMail(*parsed);
    for (const LocatedFinding& lf : found[0]) {
      if (lf.finding.category == DataCategory::kIpAddress) out.push_back(lf.finding.value);
    }
    return out;
  };
  ASSERT_EQ(ips("Jean Dupont <jean.dupont@isp.example>").size(), 1u);
  EXPECT_TRUE(ips("Mail Delivery System <MAILER-DAEMON@isp.example>").empty());
  EXPECT_TRUE(ips("The Post Office <postmaster@isp.example>").empty());
  EXPECT_TRUE(ips("announcements@shop.example").empty());
  EXPECT_TRUE(ips("Matilda <noreply@wine.example>").empty());
}

TEST(ClientIp, AHopAddedByTheOrganisationsOwnServersExposesNothing) {
  // The reference case: a candidate's reply reaches the company's MX, which writes the
  // candidate's address into its own copy only.
  const std::string received =
      "from [82.64.12.7] (helo=laptop) by mx1.garonne-ingenierie.example with ESMTP\n";
  EXPECT_EQ(ClientIps("", received), V{"82.64.12.7 client-hop"});
  EXPECT_TRUE(ClientIps("", received, {"garonne-ingenierie.example"}).empty());
}

TEST(FunctionalAddress, RolesListsRobotsAndNotPersons) {
  for (const auto& [address, reason] : std::vector<std::pair<std::string, std::string>>{
           {"postmaster@example.org", "role"},
           {"Info@Example.FR", "role"},
           {"service.clients@carlance.example", "role"},
           {"recrutement@garonne.example", "role"},
           {"python-list@python.org", "list"},
           {"foo-request@lists.example.org", "list"},
           {"owner-smime-dev@rsa.example", "list"},
           {"majordomo@vger.example", "list"},
           {"noreply@github.com", "no-reply"},
           {"gmail-noreply@google.com", "no-reply"},
           {"do-not-reply@bank.example", "no-reply"},
           {"MAILER-DAEMON@mx.example.net", "mailer-daemon"},
           {"bounce-mc.us14_65794145.395229-jdoe=example.com@mail90.mcsv.example", "bounce"},
           {"381598@bugs.launchpad.net", "service-host"},
           {"jean.dupont@example.fr", ""},
           {"josephine@example.org", ""},
           {"info.martin@example.org", ""},  // a name beside the role word: a person's
           {"contact.jean.dupont@example.fr", ""},
           {"hr-team@example.com", "role"},
           {"support-2@example.com", "role"},
           {"notification+45b0d380@example.com", "role"},
           {"jean+shop@example.com", ""},
           {"ppp-admin@zzz.example", "list"},
           {"lea@list.ru", ""},  // a mail provider's domain, not a list server
           // Words lists are named with.
           {"gnupg-announce@gnupg.org", "list"},
           {"dm-devel@redhat.example", "list"},
           {"python-users@python.example", "list"},
           // Two role words glued together; departments in other languages.
           {"abusedesk@isp.example", "role"},
           {"ventas@empresa.example", "role"},
           {"notificaciones-clientes@banco.example", "role"},
           {"kundenservice@firma.example", "role"},
           {"segreteria@comune.example", "role"},
           {"leads@dealer.example", "role"},
           {"overseas@kr-led.example", "role"},
           {"enews@free-quilting.example", "role"},
           {"newsflash@discover.example", "role"},
           {"discover-newsflash@discover.example", "role"},
           // A bulk sender's word beside a name may be a person's box for their subscriptions.
           {"jane.newsletter@gmail.example", ""},
           {"digest-moderator@lists.example", "list"},
           // A qualifier beside a role word, or glued to one; alone it is no role.
           {"vice-president@whitehouse.example", "role"},
           {"sysservices@example.net", "role"},
           {"vice@example.org", ""},
           {"sys.martin@example.org", ""},
           {"vice.martin@example.org", ""},
           // "anonymous" may stand for a person who hid their name (a post to a list).
           {"anonymous@mit.example", ""},
           // The organisation's own name beside a role word; alone, it may be a person's own
           // domain.
           {"info-gnu@gnu.org", "role"},
           {"contact@shop.co.uk", "role"},
           {"contact-shop@shop.co.uk", "role"},
           {"carlance@carlance.co.uk", ""},
           {"bob@bob.example", ""},
           {"thomas@thomas.com", ""},
           {"dupont@dupont.fr", ""},
           {"nicolas@nicolas.fr", ""},
           {"dupont.75@dupont.fr", ""},
           {"xxx@xxx.com", ""},
           {"example@example.com", ""},
           // Initials and given names that look like a service are a person's.
           {"qa@cabinet.example", ""},
           {"cvs@cabinet.example", ""},
           {"echo@zhangfamily.example", ""},
           {"dpo@cabinet.example", ""},
           // Names are never read as roles, nor as two role words glued together.
           {"marie.dupont@dupont-conseil.example", ""},
           {"salesman.joe@example.org", ""},
           {"hrvoje@example.org", ""},
           {"infosino@example.org", ""},
           {"sophie@example.org", ""},
           {"pressley@example.org", ""},
           {"serviceman@example.org", ""},
           {"media.lopez@example.org", ""},
           // A system's generic account, numbered; a mail drop. "user" is left a person's:
           // test mail writes "user@" for someone.
           {"mailusr1@navstar1.example", "role"},
           {"mail_dump@ns1.example.au", "role"},
           {"info2@example.org", "role"},
           {"user@mailserver.example", ""},
           {"jean2@example.org", ""},
           // An encoded identifier (three single letters or more and a number); initials are
           // a person's.
           {"e-r-w-a-4462@app.example", "generated"},
           {"j.p.m@example.org", ""},
           {"j.p.42@example.org", ""},
           {"j.p.m.1985@example.org", ""},  // initials and a birth year
           {"j.p.m.d.1985@example.org", ""},
           {"e-r-w-4462@app.example", ""},
           {"a-b-c-d@example.org", ""},
           // No domain: the local part's words say what it is, as they would with one.
           {"Moderator-Address", "list"},
           {"postmaster", "role"},
           {"jdupont", ""},
           {"@example.org", ""},
       }) {
    EXPECT_EQ(FunctionalReason(address), reason) << address;
  }
}

// A display name says "robot" only with words no person's name is made of; a department or
// a company beside a name says nothing.
TEST(FunctionalAddresses, ADisplayNameOfARobotOrASystemMakesTheMailboxFunctional) {
  for (const auto& [name, reason] : std::vector<std::pair<std::string, std::string>>{
           {"Mail Delivery System", "display-name"},
           {"Ubuntu CD Image Automatic Signing Key", "display-name"},
           {"Grants-Notification", "display-name"},
           {"S/MIME Test Account", "display-name"},
           {"NEWSLETTER Boutique", "display-name"},
           // A list as Linux's get_maintainer writes it in Cc, or as it names itself.
           {"open list:OPEN FIRMWARE AND FLATTENED DEVICE TREE BINDINGS", "display-name"},
           {"moderated list:ARM PORT", "display-name"},
           {"Liste de diffusion du CE", "display-name"},
           {"Jeanne De Lisle", ""},
           {"Jeanne Martin", ""},
           {"Jeanne Martin (Support)", ""},
           {"Jeanne Martin | Acme GmbH", ""},
           {"Mary Smith: Personal Account", ""},
           {"Norman Mailer", ""},
           {"Jeanne Robot", ""},
           {"Test User", ""},
           {"Keyes, Signe", ""},
           {"notifications@example.com", ""},  // an address, not a name
           {"", ""},
       }) {
    EXPECT_EQ(DisplayNameReason(name), reason) << name;
  }
  const std::string both = std::string("Grants-Notification") + kNameSeparator + "Jeanne Martin";
  const std::string robot =
      std::string("Grants-Notification") + kNameSeparator + "infoz@reactive.example";
  EXPECT_EQ(FunctionalReason("infoz@reactive.example", false, "Grants-Notification"),
            "display-name");
  // Every name must say so: one that does not may be the person's own.
  EXPECT_EQ(FunctionalReason("infoz@reactive.example", false, both), "");
  EXPECT_EQ(FunctionalReason("infoz@reactive.example", false, robot), "display-name");
  EXPECT_EQ(FunctionalReason("infoz@reactive.example", false, "infoz@reactive.example"), "");
  EXPECT_EQ(FunctionalReason("infoz@reactive.example", false, ""), "");
  // What the address says comes first.
  EXPECT_EQ(FunctionalReason("noreply@reactive.example", false, "Grants-Notification"), "no-reply");
}

// A list's address says nothing by itself ("scr@", "ppp@"): the headers of the message that
// came through it do.
TEST(MessageLists, TheHeadersAndTheRobotsNameTheList) {
  const MessageLists posted(
      "List-Help: <mailto:scr-request@socal-raves.org?subject=help>\n"
      "List-Post: <mailto:scr@socal-raves.org>\n",
      {});
  EXPECT_TRUE(posted.Names("scr@socal-raves.org"));
  EXPECT_TRUE(posted.Names("SCR@Socal-Raves.org"));
  EXPECT_FALSE(posted.Names("henry@oxy.example"));
  // A Mailman digest: only its robots write; "ppp" is the list they serve.
  const MessageLists digest("", {"ppp-request@zzz.example", "ppp-admin@zzz.example"});
  EXPECT_TRUE(digest.Names("ppp@zzz.example"));
  EXPECT_EQ(digest.addresses(), (V{"ppp@zzz.example"}));
  // Sender owner-LIST@, Errors-To LIST-bounces+tag@, X-BeenThere, Mailing-List.
  EXPECT_TRUE(MessageLists("", {"jean@example.fr", "owner-smime-dev@rsa.example"})
                  .Names("smime-dev@rsa.example"));
  EXPECT_TRUE(MessageLists("Errors-To: gnupg-announce-bounces+jean=example.fr@gnupg.example\n", {})
                  .Names("gnupg-announce@gnupg.example"));
  EXPECT_TRUE(MessageLists("X-BeenThere: linux-kernel@vger.example\n", {})
                  .Names("linux-kernel@vger.example"));
  const MessageLists ezmlm(
      "Mailing-List: contact help@list.example; run by ezmlm\n"
      "Mailing-List: list tech@list.example; contact tech-help@list.example\n",
      {});
  EXPECT_TRUE(ezmlm.Names("tech@list.example"));
  EXPECT_FALSE(ezmlm.Names("help@list.example"));  // its contact, not the list
  // List-Id names the list by an id only: "<scr.socal-raves.org>" is scr@socal-raves.org.
  const MessageLists by_id("List-Id: SoCal Raves <scr.socal-raves.org>\n", {});
  EXPECT_TRUE(by_id.Names("scr@socal-raves.org"));
  EXPECT_FALSE(by_id.Names("scr@raves.org"));
  EXPECT_TRUE(by_id.addresses().empty());
  // "-admin" and "-owner" are also a person's second mailbox: a robot's only in a message
  // with list headers.
  EXPECT_TRUE(MessageLists("", {"jdupont-admin@clientco.example"}).empty());
  EXPECT_TRUE(MessageLists("Return-Path: <jdupont-owner@clientco.example>\n", {}).empty());
  EXPECT_TRUE(MessageLists("List-Id: <x.lists.example>\n", {"ppp-admin@lists.example"})
                  .Names("ppp@lists.example"));
  EXPECT_TRUE(MessageLists("X-Mailman-Version: 2.0.4\n", {"ppp-admin@zzz.example"})
                  .Names("ppp@zzz.example"));
  // An envelope tag (BATV, SRS) makes no robot; a comment names nothing.
  EXPECT_TRUE(MessageLists("Return-Path: <prvs=1234=jean-request@x.example>\n", {}).empty());
  const MessageLists commented(
      "List-Post: <mailto:a@lists.example> (the owner is c@people.example)\n", {});
  EXPECT_TRUE(commented.Names("a@lists.example"));
  EXPECT_FALSE(commented.Names("c@people.example"));
  // ezmlm's Mailing-List, in any letter case and spacing; an internationalised domain.
  EXPECT_TRUE(
      MessageLists("Mailing-List: List  Linux-Kernel@vger.example; contact x@y.example\n", {})
          .Names("linux-kernel@vger.example"));
  EXPECT_TRUE(
      MessageLists("X-BeenThere: liste2@bücher.example\n", {}).Names("liste2@bücher.example"));
  // A bulk mailer's bounce handler as the envelope sender says nothing alone: Google
  // Calendar's invitation from a person, a job board's relayed application (a review: both
  // were taken for campaigns, their writers no persons).
  EXPECT_TRUE(MessageLists("Return-Path: <abc123@calendar-server.bounces.google.example>\n",
                           {"jean.dupont@gmail.example"})
                  .empty());
  EXPECT_TRUE(MessageLists("Return-Path: <bounces+1234-ab=x.example@em123.jobs.example>\n",
                           {"lea.martin@free.example"})
                  .empty());
  // A person's message: no list at all.
  const MessageLists none("Return-Path: <jean.dupont@example.fr>\n", {"jean.dupont@example.fr"});
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.Names("jean.dupont@example.fr"));
}

TEST(EmailInText, IdentifiersAndPlaceholdersAreNoMailboxAndFunctionalOnesAreNearMisses) {
  auto emails = [](std::string_view text) { return Values(text, DataCategory::kEmail); };
  EXPECT_EQ(emails("écrivez à lea.martin@example.fr"), V{"lea.martin@example.fr syntax"});
  EXPECT_EQ(emails("contact: support@example.com"), V{"support@example.com near-miss:functional"});
  EXPECT_EQ(emails("Send Python-list mailing list submissions to python-list@python.org"),
            V{"python-list@python.org near-miss:functional"});
  EXPECT_TRUE(emails("<img src=\"cid:part1.06040807.01020401@example.com\">").empty());
  EXPECT_TRUE(emails("/home/u/.mozilla/extensions/langpack-fr@firefox.mozilla.org.xpi").empty());
  EXPECT_TRUE(emails("Message-ID: <15090.61304.110929.45684@aaa.zzz.org>").empty());
  // A report's copy of the headers is indented; a quoted one starts with '>'.
  EXPECT_TRUE(
      emails("This report relates to:\n  Message-id: <002001c144a6$8752e060$56104586@oxy.edu>")
          .empty());
  EXPECT_TRUE(emails("> References: <a.b.c@host.example>").empty());
  // A message's identifier quoted in running text, or on a header's continuation line, has
  // the shape no mailbox has (helper-69's held-out mail: 8 in 6 messages were counted).
  for (const char* text : {
           "In article <7fce76bf0511161442q5eef217@mail.gmail.com> you wrote:",
           "In article <x.y@news.example> you wrote:",
           "id\n  <20020710162554.PZHG5870.mtiwmhc23.example.net@sparky.example.net>;",
           "you wrote <200506152144.56540.pmcfarland@downeast.example>",
           "see <457FD55E.5030303@dieter.example.de>",
           "see <Pine.LNX.4.61.0612131412440.24515@yvahk01.example>",
           "see <000301c21009$256f5ac0$190863d9@ppp.example>",
           "On Mon, <20240101120000.GA12345@host.example> wrote",
           "Link: <20240101120000.1234-1-jdoe@kernel.example>",
           "see <Pine.A41.4.44.0207101108110.8814@host.example>",
       }) {
    EXPECT_TRUE(emails(text).empty()) << text;
  }
  // A person's address of digits, of hex and dots, stays one.
  EXPECT_EQ(emails("écrire à 0612345678@sfr.example"), V{"0612345678@sfr.example syntax"});
  EXPECT_EQ(emails("écrire à jean.1985@free.example"), V{"jean.1985@free.example syntax"});
  EXPECT_EQ(emails("mail: cafe.babe@free.example"), V{"cafe.babe@free.example syntax"});
  // ... and these, which look like one at first (helper-70).
  for (const char* mailbox :
       {"alpine.a110@gmail.example", "pine.martin75@free.example", "cafebabe.2024@gmail.example",
        "20240101.12345@laposte.example", "336123456789.dupont@free.example"}) {
    EXPECT_EQ(emails(std::string("écrire à ") + mailbox), V{std::string(mailbox) + " syntax"});
  }
  // A header line is read back to its start only as far as a header line can be long (998
  // bytes): a References line of many identifiers still is one; a text of one long line is
  // read in linear time, each address on it found.
  std::string refs = "References:";
  for (int k = 0; k < 30; ++k) refs += fmt::format(" <id{}@host.example>", k);
  EXPECT_TRUE(emails("intro\n" + refs).empty());
  std::string line = "Paris " + std::string(1200, 'x') + " ";
  for (int k = 0; k < 2000; ++k) line += fmt::format("user{}@ex{}.example ", k, k);
  EXPECT_EQ(emails(line).size(), 2000u);
  EXPECT_EQ(emails("  From: Ian <henryi@oxy.example>"), V{"henryi@oxy.example syntax"});
  // A robot's display name before the address, as in a signature check or a copied header.
  EXPECT_EQ(emails("gpgv: Good signature from \"Ubuntu CD Image Automatic Signing Key "
                   "<cdimage@ubuntu.example>\""),
            V{"cdimage@ubuntu.example near-miss:functional"});
  EXPECT_EQ(emails("From: Mail Delivery System <mds@relay.example>"),
            V{"mds@relay.example near-miss:functional"});
  EXPECT_EQ(emails("uid   Jeanne Martin (Support) <jeanne.martin@example.fr>"),
            V{"jeanne.martin@example.fr syntax"});
  EXPECT_EQ(emails("> De : \"Mail Delivery Subsystem\" <mds@relay.example>"),
            V{"mds@relay.example near-miss:functional"});
  // Running text before an address names no one: the person's address is counted.
  EXPECT_EQ(emails("Automatic reply from Jeanne Martin <jeanne.martin@example.fr>"),
            V{"jeanne.martin@example.fr syntax"});
  EXPECT_EQ(emails("Subject: Automatic reply from Jeanne Martin <jeanne.martin@example.fr>"),
            V{"jeanne.martin@example.fr syntax"});
  EXPECT_EQ(emails("From: Norman Mailer <norman@example.org>"), V{"norman@example.org syntax"});
  EXPECT_TRUE(emails("To: xxxxxxxx@xxxx.com").empty());
}

TEST(PhoneInText, UnicodeSpacesAreSpacesAndTheOrganisationsLinesAreApart) {
  auto phones = [](std::string_view text) { return Values(text, DataCategory::kPhone); };
  // French typography: a no-break space after "Tél." and before ":", a narrow one inside.
  EXPECT_EQ(phones("Tél.\u00a0:\u00a006 12 34 56 78"), V{"+33612345678 libphonenumber"});
  EXPECT_EQ(phones("Mobile\u00a0+33 6 12 34 56 78"), V{"+33612345678 libphonenumber"});
  EXPECT_EQ(phones("Portable : 06\u202f12\u202f34\u202f56\u202f78"),
            V{"+33612345678 libphonenumber"});
  // A remark in parentheses after the number is not part of it.
  EXPECT_EQ(phones("Call +1 412-268-7090 (24-hour hotline)."),
            V{"+14122687090 near-miss:organisation-line"});
  EXPECT_EQ(phones("Call me on +1 412-268-7090 (mobile)."), V{"+14122687090 libphonenumber"});
  // A switchboard, a fax, a free number: an organisation's line, for review.
  EXPECT_EQ(phones("Standard : 01 23 45 67 89"), V{"+33123456789 near-miss:organisation-line"});
  EXPECT_EQ(phones("Fax: +33 1 23 45 67 89"), V{"+33123456789 near-miss:organisation-line"});
  EXPECT_EQ(phones("Board Line - +91 22 6725 5100"),
            V{"+912267255100 near-miss:organisation-line"});
  EXPECT_EQ(phones("Appelez le 0 800 123 456"), V{"+33800123456 near-miss:organisation-line"});
  EXPECT_EQ(phones("Jean Dupont\nMobile : 06 12 34 56 78"), V{"+33612345678 libphonenumber"});
}

TEST(PhoneInText, ASignaturesFaxHeadOfficeAndSwitchboardAreTheOrganisations) {
  auto phones = [](std::string_view text) { return Values(text, DataCategory::kPhone); };
  const std::string org = " near-miss:organisation-line";
  // "F." is a fax as "Fax:" is; "T." beside it stays a line that may be someone's.
  EXPECT_EQ(phones("48160 Derio - Spain\nT. +34 944 711 411\nF. +34 944 710 431\n"),
            (V{"+34944711411 libphonenumber", "+34944710431" + org}));
  EXPECT_EQ(phones("F: +33 1 23 45 67 89"), V{"+33123456789" + org});
  EXPECT_EQ(phones("Jean F. Dupont, +33 6 12 34 56 78"), V{"+33612345678 libphonenumber"});
  // The head office named earlier on the line: its "Ph:" is the office's, the mobile after
  // the fax is a person's.
  EXPECT_EQ(phones("Executive Head Office: Via Feltrina 37 - 31040 Pederobba (TV) Italy  Ph: "
                   "\u00a0 +39 0423 68 88 00  Fax:  \u00a0 +39 0423 68 87 90       Mobile:    "
                   "\u00a0 +39 337 12 50 569"),
            (V{"+390423688800" + org, "+390423688790" + org, "+393371250569 libphonenumber"}));
  EXPECT_EQ(
      phones("MM Lampadari Srl\nLegal and Operative Head Office:\nVia Feltrina 37 - 31040 "
             "Pederobba (TV) Italy\nPh:\u00a0 +39 0423 68 88 00\nFax:\u00a0+39 0423 68 87 90\n"
             "Mobile:\u00a0+39 337 12 50 569\n"),
      (V{"+390423688800" + org, "+390423688790" + org, "+393371250569 libphonenumber"}));
  // Four lines up is another block.
  EXPECT_EQ(phones("Head Office:\na\nb\nc\nTel: +39 0423 68 88 00"),
            V{"+390423688800 libphonenumber"});
  EXPECT_EQ(phones("Siège social : 12 rue de la Paix, 75002 Paris - Mobile : +33 6 12 34 56 78"),
            V{"+33612345678 libphonenumber"});
  EXPECT_EQ(phones("Siège social : 12 rue de la Paix, 75002 Paris - Tél. : +33 1 23 45 67 89"),
            V{"+33123456789" + org});
  // Extension 0 of a German number is the operator's.
  EXPECT_EQ(phones("Postfach 10 54 53, 70047 Stuttgart\nTelefon: +49 (0) 711 2 10 41-0"),
            V{"+49711210410" + org});
  EXPECT_EQ(phones("Telefon: +49 711 2 10 41-43"), V{"+497112104143 libphonenumber"});
}

TEST(PhoneInText, ANumberLabelledAsAnAccountsOrAnInvoicesIsAReviewsNotAPhone) {
  auto phones = [](std::string_view text) { return Values(text, DataCategory::kPhone); };
  const std::string other = " near-miss:other-number";
  EXPECT_EQ(phones("IBAN : ES67 2100\nAccount Number : 0700016539\n"), V{"+33700016539" + other});
  EXPECT_EQ(phones("N° de compte : 06 12 34 56 78"), V{"+33612345678" + other});
  EXPECT_EQ(phones("Invoice 0612345678"), V{"+33612345678" + other});
  EXPECT_EQ(phones("Customer No. 06 12 34 56 78"), V{"+33612345678" + other});
  // Other languages: German and Dutch compounds, Italian, Spanish, Portuguese nouns.
  for (const char* label :
       {"Kundennummer: ", "Ihre Bestellnummer ", "Auftragsnummer : ", "klantnummer ",
        "Numero di fattura : ", "Número de pedido: ", "número da fatura ", "Fattura n. ",
        "Rechnung Nr. ", "Kontonummer ", "Versicherungsnummer "}) {
    EXPECT_EQ(phones(std::string(label) + "06 12 34 56 78"), V{"+33612345678" + other}) << label;
  }
  // A phone's own label, a person's account manager, a phone tied to an account, a referee:
  // a person's phone.
  for (const char* label : {"Phone number : ",
                            "Account manager: ",
                            "Customer phone number : ",
                            "Client : Jean Dupont, tél. n° ",
                            "Contact chez notre client, numéro : ",
                            "Téléphone lié à votre compte : ",
                            "Contact de référence : ",
                            "Référence : ",
                            "Our border ",
                            "Compte : ",
                            "Telefonnummer: ",
                            "Ihre Handynummer ",
                            "Rufnummer ",
                            "telefoonnummer ",
                            "Mobilnummer des Kunden: ",
                            "Kunden-Telefonnummer: ",
                            "Nummer: ",
                            "Festnetznummer: ",
                            "Mobiltelefonnummer: ",
                            "Kontaktnummer: ",
                            "Privatnummer: ",
                            "Durchwahlnummer: ",
                            "contactnummer: ",
                            "privénummer: ",
                            "werknummer: ",
                            "Notfallnummer: ",
                            "Voici le numéro du client : ",
                            "Telefonnummer (Kundennummer bitte angeben): "}) {
    EXPECT_EQ(phones(std::string(label) + "06 12 34 56 78"), V{"+33612345678 libphonenumber"})
        << label;
  }
  // 40 bytes back cuts "border" to "order": a cut word is no word of the label.
  EXPECT_EQ(phones("border" + std::string(32, ' ') + "no 06 12 34 56 78"),
            V{"+33612345678 libphonenumber"});
  EXPECT_EQ(phones(" order" + std::string(32, ' ') + "no 06 12 34 56 78"),
            V{"+33612345678" + other});
}

TEST(PhoneInText, APersonsPhoneStaysAPersonsUnderTheOrganisationRules) {
  auto phones = [](std::string_view text) { return Values(text, DataCategory::kPhone); };
  const V person{"+33612345678 libphonenumber"};
  for (const char* text : {
           // An initial, a pasted sheet's gender column: no fax.
           "DUPONT F. 06 12 34 56 78",
           "Martin\tSophie\tF\t06 12 34 56 78",
           "Martin;Sophie;F;0612345678",
           // Running text above a signature, a heading above a mobile.
           "Je joins mon CV au format standard.\nJean Dupont\nTél : 06 12 34 56 78",
           "Je postule au siège social de Lyon.\nMon téléphone : 06 12 34 56 78",
           "Siège social, 75002 Paris\nMob. 06 12 34 56 78",
           "Siège social, 75002 Paris\nPort. : 06 12 34 56 78",
           "Siège social, 75002 Paris\nTél. : 06 12 34 56 78",
       }) {
    EXPECT_EQ(phones(text), person) << text;
  }
  // Three lines up is still the block's heading; a fixed line under it is the office's.
  EXPECT_EQ(phones("Head Office:\na\nb\nTel: +39 0423 68 88 00"),
            V{"+390423688800 near-miss:organisation-line"});
}

TEST(PhoneInText, ANumberWithoutACountryCodeIsFrenchOnlyInAFrenchShape) {
  auto phones = [](std::string_view text) { return Values(text, DataCategory::kPhone, false); };
  // A Japanese number was read as +33 3 35 44 62 22: not in pairs, it is no French number.
  EXPECT_TRUE(phones("TEL 03-3544-6222").empty());
  // The text points to its country (its web site's domain): the number is that country's.
  EXPECT_EQ(phones("TEL 03-3544-6222\nhttp://www.example.co.jp/"), V{"+81335446222"});
  EXPECT_EQ(phones("Ph: 0423 68 88 00 - www.mmlampadari.it - info@mmlampadari.it"),
            V{"+390423688800"});
  // A country's name counts as its domain: a signature's "… (TV) Italy".
  EXPECT_EQ(phones("Via Feltrina 37 - 31040 Pederobba (TV) Italy\nTel. 0423 68 88 00"),
            V{"+390423688800"});
  EXPECT_EQ(phones("Tel. 0423 68 88 00 - Italia"), V{"+390423688800"});
  EXPECT_TRUE(phones("Tel. 0423 68 88 00 - Italy, France").empty());  // as many: no hint
  EXPECT_TRUE(phones("Tel. 0423 68 88 00 - Italyland").empty());      // a word of its own
  // In running text, a country's name says nothing of the number ("Marie Portugal a écrit").
  EXPECT_TRUE(phones("J'ai fait un stage au Maroc en 2019. Tel. 0612 345 678").empty());
  EXPECT_TRUE(phones("Marie Portugal a écrit :\nTel. 0423 68 88 00").empty());
  // A French number in pairs stays French, whatever the text's domains.
  EXPECT_EQ(phones("Tél. 06 12 34 56 78 - www.example.it"), V{"+33612345678"});
  EXPECT_EQ(phones("Tél. 0612345678"), V{"+33612345678"});
  // France's domain as frequent as another's: no hint, nothing read in another shape.
  EXPECT_TRUE(phones("0423 68 88 00 www.a.it www.b.fr").empty());
}

TEST(PhoneInText, TheWritersCountryCodeDomainIsAHintToo) {
  auto phones = [](std::string_view text, std::string_view writer) {
    V out;
    for (const Finding& f : DetectAll(text, nullptr, writer)) {
      if (f.category == DataCategory::kPhone) out.push_back(f.value);
    }
    return out;
  };
  EXPECT_EQ(phones("Tel. 0423 68 88 00", "studio.example.it"), V{"+390423688800"});
  EXPECT_EQ(phones("TEL 03-3544-6222", "example.co.jp"), V{"+81335446222"});
  EXPECT_TRUE(phones("Tel. 0423 68 88 00", "").empty());
  EXPECT_TRUE(phones("Tel. 0423 68 88 00", "example.com").empty());
  EXPECT_TRUE(phones("Tel. 0423 68 88 00", "example.io").empty());  // generic in practice
  // One French domain in the text is as many: no hint.
  EXPECT_TRUE(phones("Tel. 0423 68 88 00 - www.example.fr", "example.it").empty());
  // A French number stays French.
  EXPECT_EQ(phones("Tél. 06 12 34 56 78", "example.it"), V{"+33612345678"});

  // Through ingestion: the message's From.
  auto parsed = ParseMail(
      "From: Giulia <giulia@studio.example.it>\nTo: lea@example.org\nSubject: s\n"
      "Date: Fri, 12 Sep 2025 09:30:00 +0200\n\nCiao,\nTel. 0423 68 88 00\n");
  ASSERT_TRUE(parsed);
  const auto scanned = ScanMail(*parsed);
  V found;
  for (const LocatedFinding& lf : scanned[0]) {
    if (lf.finding.category == DataCategory::kPhone) found.push_back(lf.finding.value);
  }
  EXPECT_EQ(found, V{"+390423688800"});
}

TEST(PhoneInText, TheMessagesLanguageIsTheLastHint) {
  auto phones = [](std::string_view text, std::string_view writer = {}) {
    V out;
    for (const Finding& f : DetectAll(text, nullptr, writer)) {
      if (f.category == DataCategory::kPhone) out.push_back(f.value);
    }
    return out;
  };
  const std::string japanese =
      "いつもお世話になっております。資料をお送りいたします。よろしくお願いいたします。\n";
  const std::string german =
      "Sehr geehrte Frau Meier,\nvielen Dank für Ihre Nachricht. Ich habe die Unterlagen "
      "auf den Server gelegt, bitte prüfen Sie das.\nMit freundlichen Grüßen\n";
  const std::string italian =
      "Buongiorno,\ngrazie della risposta: questo è il documento che sono riuscito a trovare, "
      "anche se molto vecchio.\nCordiali saluti\n";
  const std::string english =
      "Dear Anna,\nthanks for your note. Please find the file attached; we will have a look "
      "at the rest and come back to you.\nRegards\n";
  const std::string french =
      "Bonjour,\nmerci pour votre message. Nous vous envoyons les pièces dans la journée, "
      "avec le devis.\nCordialement\n";
  EXPECT_EQ(phones(japanese + "TEL 03-3544-6222"), V{"+81335446222"});
  EXPECT_EQ(phones(german + "Tel. 030 12345678"), V{"+493012345678"});
  EXPECT_EQ(phones(italian + "Tel. 0423 68 88 00"), V{"+390423688800"});
  // English names no one country that writes a trunk 0, French is France's: no hint.
  EXPECT_TRUE(phones(english + "Tel. 030 12345678").empty());
  EXPECT_TRUE(phones(french + "Tel. 030 12345678").empty());
  EXPECT_TRUE(phones("TEL 03-3544-6222").empty());
  // A few German words in another language's text are not enough.
  EXPECT_TRUE(phones(english + "Danke und bis bald\nTel. 030 12345678").empty());
  // The language is the weakest hint: a domain or a country's name wins over it.
  EXPECT_EQ(phones(german + "Tel. 0423 68 88 00", "example.it"), V{"+390423688800"});
  EXPECT_TRUE(phones(german + "Tel. 030 12345678", "example.fr").empty());
  // A French number stays French whatever the language.
  EXPECT_EQ(phones(german + "Tel. 06 12 34 56 78"), V{"+33612345678"});

  // Countries whose numbers have no trunk 0: an Italian mobile, a Spanish or a Portuguese
  // number, written as their people write them.
  const std::string spanish =
      "Hola Marta,\nmuchas gracias por tu mensaje. Te envío los documentos del pedido esta "
      "tarde, pero no antes.\nSaludos\n";
  const std::string portuguese =
      "Olá João,\nobrigado pelo contacto por telefone. Esta versão do contrato é a última, "
      "por favor confirme. Estamos à disposição, muito obrigado.\nCumprimentos\n";
  EXPECT_EQ(phones(italian + "Cell. 337 1250569"), V{"+393371250569"});
  EXPECT_EQ(phones(portuguese + "Telemóvel: 912 345 678"), V{"+351912345678"});
  EXPECT_EQ(phones("Tel. 912 345 678", "example.es"), V{"+34912345678"});
  EXPECT_EQ(phones("Móvil: 612 34 56 78", "example.es"), V{"+34612345678"});
  EXPECT_EQ(phones("Telemóvel 912 345 678", "example.pt"), V{"+351912345678"});
  // Not in a country that writes its 0 (German, Japanese), nor without any hint, nor a run
  // of digits.
  EXPECT_TRUE(phones(german + "Tel. 30 12345678").empty());
  EXPECT_TRUE(phones(japanese + "TEL 3-3544-6222").empty());
  EXPECT_TRUE(phones("Cell. 337 1250569").empty());
  EXPECT_TRUE(phones(english + "Cell. 337 1250569").empty());
  EXPECT_TRUE(phones(italian + "Ordine 3371250569").empty());
  // ... nor without a phone's label: grouped digits are more often an amount or a reference.
  EXPECT_TRUE(phones(italian + "Importo: 337 125 056 EUR").empty());
  EXPECT_TRUE(phones(spanish + "Pedido 612 34 56 78").empty());
  EXPECT_TRUE(phones("Phone Conference ID: 712 345 678#", "example.es").empty());
  EXPECT_TRUE(phones("Contact: João Silva, NIF 212 345 678", "example.pt").empty());
  EXPECT_TRUE(phones(spanish + "Line total: 912 345 678 EUR").empty());
  // A French number without its "+" or its 0 is no Italian or Spanish one.
  EXPECT_TRUE(phones("Tél. 33 6 12 34 56 78", "example.it").empty());
  EXPECT_TRUE(phones("Tél. 6 12 34 56 78", "example.es").empty());

  // A language is written in several countries: the number is its main country's when valid
  // there (a German text's Swiss mobile is read as German: the phone and its person are
  // right, the country not), else the one other country's where it is valid.
  EXPECT_EQ(phones(spanish + "Móvil: 612 34 56 78"), V{"+34612345678"});
  EXPECT_EQ(phones(german + "Handy: 0171 2345678"), V{"+491712345678"});
  for (const char* line : {"Mobil: 079 123 45 67", "Tel. 044 123 45 67", "Tel. 0664 1234567"}) {
    EXPECT_EQ(phones(german + line).size(), 1u) << line;
  }
  EXPECT_EQ(phones("Hallo Pieter,\nhet is goed, ik heb het bestand voor jou. Bedankt en graag "
                   "tot ziens, wij hebben ook een vraag.\nMet vriendelijke groeten\nGSM: 0475 "
                   "12 34 56")
                .size(),
            1u);
  // The language is the weakest hint: a phone's label is asked for too.
  EXPECT_TRUE(phones(spanish + "Pedido 0912 345 678").empty());
  EXPECT_TRUE(phones(german + "Rechnungs-Nr.: 030 12345678").empty());
  // A French reply above a quoted Italian mail is French: its number is nobody's.
  const std::string quoted_italian =
      "> Buongiorno,\n> grazie della risposta: questo è il documento che sono riuscito a "
      "trovare, anche se molto vecchio. Gli altri sono nel faldone della pratica.\n> Cordiali "
      "saluti\n";
  EXPECT_TRUE(phones("Bonjour,\nmerci pour votre envoi, nous vous rappelons.\nPort. 0612 "
                     "345 678\n\n" +
                     quoted_italian)
                  .empty());
  EXPECT_TRUE(phones("Ciao,\nPort. 0612 345 678\n" + quoted_italian).empty());
  // ... and so is one above Outlook's quoted header.
  EXPECT_TRUE(phones("Ok merci\nTél. 0472 123 456\n\nDe : Mario Rossi\nEnvoyé : lundi 2 "
                     "novembre 2026 10:00\nÀ : Julie Martin\nObjet : preventivo\n\n" +
                     italian)
                  .empty());
  // A French number that lost its "+", however grouped.
  for (const char* line : {"Tél. 33 612 345 678", "Tél. 336 12 34 56 78", "Tél. 33 6 12345678"}) {
    EXPECT_TRUE(phones(line, "example.it").empty()) << line;
  }
  // Other numbers' abbreviations, under a domain's hint: near misses.
  EXPECT_EQ(Values("Rechnungs-Nr.: 030 12345678 - www.example.de", DataCategory::kPhone),
            V{"+493012345678 near-miss:other-number"});
  EXPECT_EQ(Values("Auftragsnr. 030 12345678 - www.example.de", DataCategory::kPhone),
            V{"+493012345678 near-miss:other-number"});
  EXPECT_EQ(Values("Faxnummer: +49 30 1234567", DataCategory::kPhone),
            V{"+49301234567 near-miss:organisation-line"});

  // Free and shared-cost numbers of other countries are the organisation's lines.
  EXPECT_EQ(phones("Tel. 900 123 456", "example.es"), V{"+34900123456"});
  EXPECT_EQ(Values("Tel. 900 123 456 - www.example.es", DataCategory::kPhone),
            V{"+34900123456 near-miss:organisation-line"});
  EXPECT_EQ(Values("Linha de apoio - Tel. 808 123 456 - www.example.pt", DataCategory::kPhone),
            V{"+351808123456 near-miss:organisation-line"});
  EXPECT_EQ(Values("Tel. 800 123 456 - www.example.it", DataCategory::kPhone),
            V{"+39800123456 near-miss:organisation-line"});
  // UAN ranges hold employees' direct lines too: no organisation's by their type alone.
  EXPECT_EQ(Values("Direct: +41 58 792 12 34", DataCategory::kPhone),
            V{"+41587921234 libphonenumber"});
  // A landline labelled so: "al fijo 91 234 56 78".
  EXPECT_EQ(phones("Pueden llamarme al fijo 91 234 56 78", "example.es"), V{"+34912345678"});
}

TEST(PhoneInText, AConferenceBridgesDialInIsTheOrganisations) {
  // The pause ",," and the meeting's ID: a dial-in line, as Teams, Webex and Zoom write it.
  EXPECT_EQ(Values("Oder rufen Sie an (nur Audio)\n+49 69 365 051 123,,412345678#   Germany",
                   DataCategory::kPhone),
            V{"+4969365051123 near-miss:organisation-line"});
  EXPECT_EQ(Values("+33 1 70 37 97 29,,123456789# France, Paris", DataCategory::kPhone),
            V{"+33170379729 near-miss:organisation-line"});
  EXPECT_EQ(Values("+33 1 70 37 97 29,,,123456789# France, Paris", DataCategory::kPhone),
            V{"+33170379729 near-miss:organisation-line"});
  // One comma after a number is a list's, two are a sheet's empty column.
  EXPECT_EQ(Values("Tél. 06 12 34 56 78, ou par mail", DataCategory::kPhone),
            V{"+33612345678 libphonenumber"});
  EXPECT_EQ(Values("Dupont,Jean,0612345678,,Paris", DataCategory::kPhone),
            V{"+33612345678 libphonenumber"});
  EXPECT_EQ(Values("Dupont;Jean;+33 6 12 34 56 78;;75002;;", DataCategory::kPhone),
            V{"+33612345678 libphonenumber"});
  // A comma after a digit is a decimal's.
  EXPECT_TRUE(Values("soit 3,0612345678 au total", DataCategory::kPhone).empty());
}

TEST(NirInText, ANoBreakSpaceBeforeOrInsideHidesNothing) {
  const auto nirs = Of("Sécu\u00a0:\u00a01 85 05 78 006 084 91", DataCategory::kNir);
  ASSERT_EQ(nirs.size(), 1u);
  EXPECT_EQ(nirs[0].value, "185057800608491");
  EXPECT_EQ(
      Of("Sécu : 1\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a091", DataCategory::kNir).size(),
      1u);
}

TEST(NamesInText, GreetingsAndClosingsAreNoNames) {
  auto names = [](std::string_view text) { return Values(text, DataCategory::kPersonName, false); };
  EXPECT_EQ(names("Bonjour Ilona,\nmerci."), V{"ilona"});
  EXPECT_EQ(names("Dear Jean Dupont,\nthanks."), V{"jean dupont"});
  for (const char* none :
       {"Dear Customer,\n", "Hello SourceForge.net Users,\n", "Dear Sirs/Madame,\n",
        "Dear Valued Member,\n", "Dear S/MIME developers,\n", "Hi Helpdesk Team,\n",
        "Bonjour Madame,\n", "Chers Collègues,\n", "Thanks.\n-- \nBest Regards,\n",
        "Merci\n-- \nSent from my iPhone\n", "Dear Hiring Manager,\n", "Madame la Directrice,\n",
        "Dear Recruiter,\n"}) {
    EXPECT_TRUE(names(none).empty()) << none;
  }
}

// From the command line: a list, a role and a no-reply sender are reported apart and are no
// affected person; what they received still counts.
// A bounce says which addresses do not exist: a permanent addressing failure (5.1.x, "user
// unknown", "does not exist") in the paragraph that names them. A full mailbox (5.2.2) or a
// refusal (5.7.1) says the address exists; a longer number holding "5.1." is no status.
TEST(UndeliverableAddresses, APermanentAddressingFailureNamesTheAddress) {
  EXPECT_EQ(UndeliverableAddresses({"The mail system\n\n<Zoe.Mash@Gmail.example>: host mx said: "
                                    "550-5.1.1 The email account\n    that you tried to reach "
                                    "does not exist.\n\n<full@example.org>: host mx said: 552 "
                                    "5.2.2 mailbox full\n"}),
            (V{"zoe.mash@gmail.example"}));
  EXPECT_EQ(UndeliverableAddresses({"Final-Recipient: rfc822; a@example.org\nAction: failed\n"
                                    "Status: 5.1.1\n\nFinal-Recipient: rfc822; b@example.org\n"
                                    "Action: failed\nStatus: 5.7.1\n"}),
            (V{"a@example.org"}));
  EXPECT_EQ(UndeliverableAddresses({"  source@domain.example\n    Unknown user\n"}),
            (V{"source@domain.example"}));
  EXPECT_EQ(UndeliverableAddresses({"Adresse : jean@example.fr\nutilisateur inconnu"}),
            (V{"jean@example.fr"}));
  EXPECT_TRUE(UndeliverableAddresses({"x@example.org version 15.1.2 and 5.1.10.4\n"}).empty());
  EXPECT_TRUE(UndeliverableAddresses({"x@example.org: 421 4.4.1 try again later\n"}).empty());
  EXPECT_TRUE(UndeliverableAddresses({"x@example.org via Thunderbird/5.1.1\n"}).empty());
  // Several recipients in one paragraph (Exim), or an SMTP transcript: each address is what
  // follows it, up to the next one.
  EXPECT_EQ(UndeliverableAddresses({"  bob@x.example\n    550 5.1.1 User unknown\n"
                                    "  carol@y.example\n    552 5.2.2 Mailbox full\n"}),
            (V{"bob@x.example"}));
  EXPECT_EQ(UndeliverableAddresses({">>> RCPT To:<carol@x.example>\n<<< 250 2.1.5 Recipient ok\n"
                                    ">>> RCPT To:<bob@x.example>\n<<< 550 5.1.1 <bob@x.example>... "
                                    "User unknown\r\n"}),
            (V{"bob@x.example"}));
  // 5.1.8 is the sender's address refused: the recipient exists.
  EXPECT_TRUE(UndeliverableAddresses({"<bob@x.example>: host mx said: 553 5.1.8 "
                                      "<alice@corp.example>: Sender address rejected\n"})
                  .empty());
  // A typographic apostrophe; a blank line of spaces parts paragraphs.
  EXPECT_EQ(UndeliverableAddresses(
                {"a@example.fr\n   \nb@example.fr : l\u2019adresse n\u2019existe pas"}),
            (V{"b@example.fr"}));
  // Millions of paragraphs are read in one pass (was quadratic).
  std::string many;
  for (int i = 0; i < 200000; ++i) many += "x\n\n";
  many += "z@example.org: user unknown\n";
  EXPECT_EQ(UndeliverableAddresses({many}), (V{"z@example.org"}));
}

// A delivery report from MAILER-DAEMON: jean.dupnt@ does not exist (5.1.1), lea.martin@'s
// mailbox is full (5.2.2: it exists), in its text part and its delivery-status part.
constexpr const char* kBounceJeanUnknownLeaFull =
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
    "To: rh@corp.example\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Fri, 12 Sep 2025 09:31:00 +0200\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
    "--b\nContent-Type: text/plain\n\nThe mail system\n\n"
    "<jean.dupnt@gmail.example>: host mx said: 550 5.1.1 User unknown\n\n"
    "<lea.martin@free.example>: host mx said: 552 5.2.2 Mailbox full\n\n"
    "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
    "Final-Recipient: rfc822; jean.dupnt@gmail.example\nAction: failed\nStatus: 5.1.1\n\n"
    "Final-Recipient: rfc822; lea.martin@free.example\nAction: failed\nStatus: 5.2.2\n"
    "\n--b--\n";

// From the command line: in a bounce, the address that does not exist is a near miss (shown
// for review, not counted: a letter to it would reach no one); the full mailbox's is counted.
// The rejection reached jean.dupnt@ (a typo of the HR team's) only as a bounce: his letter
// would bounce too. The manifest says so ("address-bounced", not "ready"), and `letters` tells
// how many; Léa's mailbox was full, her address exists: her letter is ready.
TEST(UndeliverableAddresses, ALetterToAnAddressThatBouncedIsMarkedInTheManifest) {
  ScopedTempDir dir;
  WriteFile(dir.File("sent.eml"),
            "From: rh@corp.example\nTo: jean.dupnt@gmail.example, lea.martin@free.example, "
            "paul.roux@orange.example\nSubject: Votre candidature\n"
            "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <s1@corp.example>\n\nBonjour.\n");
  WriteFile(dir.File("bounce.eml"), kBounceJeanUnknownLeaFull);
  const std::string out = dir.File("out");
  ASSERT_EQ(RunBreachkit({"-q", "run", dir.File("sent.eml"), dir.File("bounce.eml"), "-o", out,
                          "--org", testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  auto r = RunBreachkit({"--db", out + "/incident.db", "letters", "-o", dir.File("letters")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 letter goes to an address a delivery report of the evidence says does "
                       "not exist"),
            std::string::npos)
      << r.out;
  const std::string manifest = testing::ReadFile(dir.File("letters/manifest.csv"));
  std::map<std::string, std::string> status;
  for (size_t b = manifest.find('\n') + 1; b < manifest.size();) {
    const size_t e = manifest.find('\n', b);
    const std::string line = manifest.substr(b, e - b);
    const size_t a = line.find("\",\"") + 3;
    const std::string address = line.substr(a, line.find('"', a) - a);
    const size_t s_end = line.rfind("\",\"");
    const size_t s_begin = line.rfind("\",\"", s_end - 1) + 3;
    status[address] = line.substr(s_begin, s_end - s_begin);
    b = e + 1;
  }
  EXPECT_EQ(status["jean.dupnt@gmail.example"], "address-bounced") << manifest;
  // A bounce whose report is a text attachment (multipart/mixed, no delivery-status part)
  // from MAILER-DAEMON says the same of paul.roux@: its findings were no near misses.
  WriteFile(
      dir.File("bounce2.eml"),
      "From: Mail Delivery System <MAILER-DAEMON@mx.orange.example>\n"
      "To: rh@corp.example\nSubject: Undelivered Mail Returned to Sender\n"
      "Date: Fri, 12 Sep 2025 09:32:00 +0200\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain\n\n<paul.roux@orange.example>: host mx said: 550 "
      "5.1.1 <paul.roux@orange.example>: Recipient address rejected: User unknown\n\n"
      "--b\nContent-Type: text/plain\nContent-Disposition: attachment; "
      "filename=\"delivery-status.txt\"\n\nFinal-Recipient: rfc822; paul.roux@orange.example\n"
      "Action: failed\nStatus: 5.1.1\n\n--b--\n");
  const std::string db = out + "/incident.db";
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("bounce2.eml")}).exit_code, 0);
  r = RunBreachkit({"--db", db, "letters", "-o", dir.File("letters2")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 letters go to an address a delivery report"), std::string::npos) << r.out;
  EXPECT_NE(status["lea.martin@free.example"], "address-bounced") << manifest;
  EXPECT_NE(status["paul.roux@orange.example"], "address-bounced") << manifest;
}

// An address a bounce says does not exist received nothing: it is no reader of the message
// (the largest audience, the others' exposures, the third parties), though what the others
// saw of it (its address in To) still counts (helper-78: the bounced parent counted among the
// 28 who saw the children's list).
TEST(UndeliverableAddresses, AnAddressThatDoesNotExistReadsNothing) {
  ScopedTempDir dir;
  WriteFile(dir.File("sent.eml"),
            "From: rh@garonne-ingenierie.example\nTo: jean.dupnt@gmail.example, "
            "lea.martin@free.example, paul.roux@orange.example\nSubject: Votre candidature\n"
            "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <s1@garonne-ingenierie.example>\n\n"
            "Bonjour.\n");
  WriteFile(dir.File("bounce.eml"), kBounceJeanUnknownLeaFull);
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init", "--org",
                          testing::SourcePath("schemas/examples/organisation.xml")})
                .exit_code,
            0);
  // Each person's largest audience: how many others saw their data.
  auto audiences = [&] {
    auto r = RunBreachkit({"--db", db, "subjects", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, int> out;
    for (const auto& s : testing::JsonLines(r.out)) out[s["address"]] = s["max_audience"];
    return out;
  };
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("sent.eml")}).exit_code, 0);
  EXPECT_EQ(audiences(), (std::map<std::string, int>{{"jean.dupnt@gmail.example", 2},
                                                     {"lea.martin@free.example", 2},
                                                     {"paul.roux@orange.example", 2}}));
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("bounce.eml")}).exit_code, 0);
  // Léa's and Paul's addresses reached one other person; Jean's, still seen by both, two.
  EXPECT_EQ(audiences(), (std::map<std::string, int>{{"jean.dupnt@gmail.example", 2},
                                                     {"lea.martin@free.example", 1},
                                                     {"paul.roux@orange.example", 1}}));
  // Jean answers after all (the server was wrong): his address exists, he read the message
  // (a review: he stayed no reader).
  WriteFile(dir.File("reply.eml"),
            "From: jean.dupnt@gmail.example\nTo: rh@garonne-ingenierie.example\n"
            "Subject: Re: Votre candidature\nDate: Fri, 12 Sep 2025 11:00:00 +0200\n"
            "Message-ID: <r1@gmail.example>\nIn-Reply-To: <s1@garonne-ingenierie.example>\n\n"
            "Merci.\n");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("reply.eml")}).exit_code, 0);
  EXPECT_EQ(audiences(), (std::map<std::string, int>{{"jean.dupnt@gmail.example", 2},
                                                     {"lea.martin@free.example", 2},
                                                     {"paul.roux@orange.example", 2}}));
}

TEST(UndeliverableAddresses, ABouncesUnknownRecipientIsANearMissAndAFullMailboxIsNot) {
  ScopedTempDir dir;
  WriteFile(dir.File("bounce.eml"), kBounceJeanUnknownLeaFull);
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("bounce.eml")}).exit_code, 0);
  auto r = RunBreachkit({"--db", db, "findings", "--category", "email", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int undeliverable = 0, counted = 0;
  for (const auto& f : testing::JsonLines(r.out)) {
    const std::string masked = f["masked"];
    const std::string validation = f["validation"];
    if (masked.rfind("j", 0) == 0) {
      EXPECT_EQ(validation, "near-miss:undeliverable") << f.dump();
      ++undeliverable;
    } else if (masked.rfind("l", 0) == 0) {
      EXPECT_NE(validation.rfind("near-miss", 0), 0u) << f.dump();
      ++counted;
    }
  }
  EXPECT_GE(undeliverable, 1) << r.out;
  EXPECT_GE(counted, 1) << r.out;
}

// An abuse feedback report and a bounce name servers' addresses ("Feedback Report for IP …",
// "sender IP is …"): near misses, not a reader's connection (helper-69's held-out mail: 3 were
// counted); a person's own "my IP address is …" in a message still counts.
TEST(IpInText, AMailSystemsReportNamesServersNotReaders) {
  ScopedTempDir dir;
  WriteFile(dir.File("arf.eml"),
            "From: scomp@aol.example\nTo: abuse@shop.example\n"
            "Subject: Email Feedback Report for IP 173.193.210.34\n"
            "Date: Fri, 12 Sep 2025 09:32:00 +0200\nMIME-Version: 1.0\n"
            "Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\n\n"
            "--b\nContent-Type: text/plain\n\nThis is an email abuse report for an email "
            "message received from IP 173.193.210.34\n\n"
            "--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
            "Source-IP: 173.193.210.34\n\n--b--\n");
  WriteFile(dir.File("me.eml"),
            "From: lea.martin@free.example\nTo: support@shop.example\nSubject: compte\n"
            "Date: Fri, 12 Sep 2025 09:40:00 +0200\n\nBonjour, mon adresse IP est "
            "82.131.157.111 et je suis bloquée.\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("arf.eml"), dir.File("me.eml")}).exit_code,
            0);
  auto r = RunBreachkit({"--db", db, "findings", "--category", "ip_address", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int report = 0, counted = 0;
  for (const auto& f : testing::JsonLines(r.out)) {
    const std::string validation = f["validation"];
    if (f["source"].get<std::string>().find("arf.eml") != std::string::npos) {
      EXPECT_EQ(validation, "near-miss:mail-report") << f.dump();
      ++report;
    } else {
      EXPECT_EQ(validation.rfind("near-miss", 0), std::string::npos) << f.dump();
      ++counted;
    }
  }
  EXPECT_GE(report, 1) << r.out;
  EXPECT_EQ(counted, 1) << r.out;
}

TEST(FunctionalAddresses, AreReportedApartNotCountedAsPersons) {
  ScopedTempDir dir;
  WriteFile(dir.File("a.eml"),
            "From: Jean Dupont <jean.dupont@example.fr>\n"
            "To: python-list@python.org, lea@example.org\n"
            "Cc: info@shop.example\n"
            "Subject: hello\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
            "Message-ID: <a1@example.fr>\n\nMobile : 06 12 34 56 78\n");
  WriteFile(dir.File("b.eml"),
            "From: GitHub <noreply@github.com>\nTo: jean.dupont@example.fr\n"
            "Subject: notice\nDate: Fri, 12 Sep 2025 10:30:00 +0200\n"
            "Message-ID: <b1@github.com>\n\nA notice. Contact support@github.com.\n");
  // A bulk sender whose display name says so, to a person whose name says nothing.
  WriteFile(dir.File("c.eml"),
            "From: Grants-Notification <infoz@reactive.example>\nTo: lea@example.org\n"
            "Subject: grants\nDate: Fri, 12 Sep 2025 11:30:00 +0200\n"
            "Message-ID: <c1@reactive.example>\n\nApply now.\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto r =
      RunBreachkit({"--db", db, "ingest", dir.File("a.eml"), dir.File("b.eml"), dir.File("c.eml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["persons_affected"], 2) << r.out;  // Jean Dupont and Léa
  EXPECT_EQ(summary["functional_addresses"],
            (nlohmann::json{{"display-name", 1}, {"list", 1}, {"no-reply", 1}, {"role", 1}}))
      << r.out;
  r = RunBreachkit({"--db", db, "summary"});
  EXPECT_NE(r.out.find("Functional addresses: lists, roles, no-reply (not counted):  4 "
                       "(display-name 1, list 1, no-reply 1, role 1)"),
            std::string::npos)
      << r.out;
  r = RunBreachkit({"--db", db, "persons", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& p : testing::JsonLines(r.out)) {
    const std::string a = p["address"];
    EXPECT_TRUE(a == "jean.dupont@example.fr" || a == "lea@example.org") << a;
  }
  // Each functional address is listed, with why, for the DPO to check.
  r = RunBreachkit({"--db", db, "persons", "--functional", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> listed;
  for (const auto& p : testing::JsonLines(r.out)) {
    listed.push_back(p["address"].get<std::string>() + " " + p["reason"].get<std::string>() + " " +
                     std::to_string(p["messages"].get<int>()));
  }
  EXPECT_EQ(listed, (V{"info@shop.example role 1", "infoz@reactive.example display-name 1",
                       "noreply@github.com no-reply 1", "python-list@python.org list 1"}));
  r = RunBreachkit({"--db", db, "persons", "--functional"});
  EXPECT_NE(r.out.find("4 functional address(es)"), std::string::npos) << r.out;
  // `findings` says which are near misses.
  r = RunBreachkit({"--db", db, "findings", "--category", "email"});
  EXPECT_NE(r.out.find("(near miss: functional, not counted)"), std::string::npos) << r.out;
  // The role address in the text is listed for review, not counted.
  r = RunBreachkit({"--db", db, "review", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("near-miss:functional"), std::string::npos) << r.out;
}

// From the command line: a list's address in a post's footer is the list's (a near miss), and
// the list is no affected person, even in a later message whose headers do not name it.
TEST(FunctionalAddresses, AListTheHeadersNameIsNoPersonWhereverItAppears) {
  ScopedTempDir dir;
  WriteFile(dir.File("post.eml"),
            "From: Ian Henry <ian.henry@oxy.example>\n"
            "To: SoCal Raves <scr@socal-raves.example>\n"
            "Subject: party\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
            "Message-ID: <p1@oxy.example>\n"
            "List-Id: SoCal Raves <scr.socal-raves.example>\n"
            "List-Post: <mailto:scr@socal-raves.example>\n"
            "Sender: scr-owner@socal-raves.example\n\n"
            "See you there.\n--\nWrite to everyone: scr@socal-raves.example\n");
  WriteFile(dir.File("reply.eml"),
            "From: Lea Martin <lea.martin@example.org>\n"
            "To: scr@socal-raves.example, ian.henry@oxy.example, jdupont@clientco.example\n"
            "Subject: Re: party\nDate: Fri, 12 Sep 2025 10:30:00 +0200\n"
            "Message-ID: <r1@example.org>\n\nCount me in.\n");
  // A person's second mailbox named like a list's robot, in mail that came through no list:
  // the person stays one.
  WriteFile(dir.File("admin.eml"),
            "From: Jean Dupont <jdupont-admin@clientco.example>\n"
            "To: jdupont@clientco.example\n"
            "Subject: backup\nDate: Fri, 12 Sep 2025 11:30:00 +0200\n"
            "Message-ID: <j1@clientco.example>\n\nDone.\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto r = RunBreachkit(
      {"--db", db, "ingest", dir.File("post.eml"), dir.File("reply.eml"), dir.File("admin.eml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  // Ian, Léa, Jean (his "-admin" box is a list's by its name alone, Mailman's convention)
  EXPECT_EQ(summary["persons_affected"], 3) << r.out;
  EXPECT_EQ(summary["functional_addresses"], (nlohmann::json{{"list", 3}})) << r.out;
  r = RunBreachkit({"--db", db, "persons", "--functional", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  V listed;
  for (const auto& p : testing::JsonLines(r.out)) {
    listed.push_back(p["address"].get<std::string>() + " " + p["reason"].get<std::string>() + " " +
                     std::to_string(p["messages"].get<int>()));
  }
  EXPECT_EQ(listed, (V{"jdupont-admin@clientco.example list 1",
                       "scr-owner@socal-raves.example list 1", "scr@socal-raves.example list 2"}));
  r = RunBreachkit({"--db", db, "findings", "--category", "email"});
  EXPECT_NE(r.out.find("(near miss: functional, not counted)"), std::string::npos) << r.out;
  // What the headers said is sealed with the rest: a list added by hand is an edit.
  ASSERT_EQ(RunBreachkit({"--db", db, "audit", "verify"}).exit_code, 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec(
        "INSERT INTO list_address (address_key, message_id) SELECT 'lea.martin@example.org', "
        "min(id) FROM message");
  }
  r = RunBreachkit({"--db", db, "audit", "verify"});
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("list_address"), std::string::npos) << r.err;
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM list_address WHERE address_key = 'lea.martin@example.org'");
  }
  // The record keeps what the headers said: an export imported back says the same.
  const std::string xml = dir.File("e.xml"), back = dir.File("back.db");
  r = RunBreachkit({"--db", db, "export", "--format", "xml", "--output", xml});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunBreachkit({"--db", back, "import", xml});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunBreachkit({"--db", back, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["functional_addresses"], (nlohmann::json{{"list", 3}}))
      << r.out;
}

// The whole mailbox of an employee holds newsletters and robots' notifications: their senders
// write to no one who writes back (List-Unsubscribe without List-Post or a list server's headers;
// Auto-Submitted: auto-generated). They are no persons, and what their texts hold is no
// one's. A person's post to a discussion list (List-Post), an out-of-office reply
// (auto-replied, or a subject that says it) and a newsletter's reader stay persons.
TEST(FunctionalAddresses, ANewslettersOrARobotsSenderIsNoPerson) {
  EXPECT_EQ(MessageLists("List-Unsubscribe: <mailto:u@news.example>\n", {"weekly@hrtech.example"})
                .addresses(),
            V{"weekly@hrtech.example"});
  EXPECT_FALSE(MessageLists("Precedence: bulk\n", {"ian@oxy.example"}).Names("ian@oxy.example"));
  EXPECT_FALSE(MessageLists("List-Unsubscribe: <mailto:u@l.example>\nX-BeenThere: l@l.example\n",
                            {"ian@oxy.example"})
                   .Names("ian@oxy.example"));
  EXPECT_TRUE(MessageLists("Auto-Submitted: auto-generated\n", {"jira@acme.example"})
                  .Names("jira@acme.example"));
  EXPECT_FALSE(MessageLists("Auto-Submitted: auto-replied\nPrecedence: bulk\n", {"lea@ex.example"})
                   .Names("lea@ex.example"));
  EXPECT_FALSE(MessageLists("Auto-Submitted: auto-generated\n", {"lea@ex.example"}, true)
                   .Names("lea@ex.example"));
  EXPECT_FALSE(
      MessageLists("List-Unsubscribe: <mailto:u@l.example>\nList-Post: <mailto:l@l.example>\n",
                   {"ian@oxy.example"})
          .Names("ian@oxy.example"));
  EXPECT_FALSE(MessageLists("Precedence: list\n", {"ian@oxy.example"}).Names("ian@oxy.example"));
  EXPECT_TRUE(AutomaticReplySubject("Réponse automatique : Convocation"));
  EXPECT_TRUE(AutomaticReplySubject("Out of Office: Votre candidature"));
  EXPECT_FALSE(AutomaticReplySubject("Votre candidature"));

  ScopedTempDir dir;
  WriteFile(dir.File("news.eml"),
            "From: HR Tech Weekly <weekly@hrtech.example>\nTo: lea.martin@example.org\n"
            "Subject: Fighting cancer at work\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n"
            "Message-ID: <n1@hrtech.example>\nPrecedence: bulk\n"
            "List-Unsubscribe: <https://hrtech.example/u?id=1>\n\n"
            "My diabetes taught me a lot, says our reader. Call us: 06 12 34 56 78\n");
  WriteFile(dir.File("oof.eml"),
            "From: Paul Roux <paul.roux@example.net>\nTo: lea.martin@example.org\n"
            "Subject: Réponse automatique : dossier\nDate: Fri, 12 Sep 2025 10:30:00 +0200\n"
            "Message-ID: <o1@example.net>\nAuto-Submitted: auto-generated\nPrecedence: bulk\n\n"
            "Je suis absent, joignable au 06 98 76 54 32.\n");
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("news.eml"), dir.File("oof.eml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunBreachkit({"--db", db, "summary", "--json", "--show-addresses"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["functional_addresses"], (nlohmann::json{{"list", 1}})) << r.out;
  // Paul (away, his address and number shown to Léa): the newsletter's sender is no person,
  // and its health words and number are no one's (it was one, with health data).
  EXPECT_EQ(summary["persons_affected"], 1) << r.out;
  EXPECT_EQ(summary["categories"].dump().find("santé"), std::string::npos) << r.out;
}

// A list is recorded with every message that named it: a source wiped and read again (an
// unfinished one, rewritten since) takes its own rows only, not a list another source names.
TEST(FunctionalAddresses, AListStaysKnownWhenOneOfTheSourcesNamingItIsReadAgain) {
  ScopedTempDir dir;
  auto post = [](const std::string& id, const std::string& from) {
    return "From " + from + " Fri Sep 12 09:30:00 2025\nFrom: " + from +
           "\nTo: scr@socal-raves.example\nSubject: party\n"
           "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <" +
           id + ">\nList-Post: <mailto:scr@socal-raves.example>\n\nHello.\n\n";
  };
  WriteFile(dir.File("a.mbox"), post("a1@x.example", "ian@oxy.example"));
  WriteFile(dir.File("b.mbox"), post("b1@x.example", "lea@example.org"));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "init"}).exit_code, 0);
  auto r = RunBreachkit({"--db", db, "ingest", dir.File("a.mbox"), dir.File("b.mbox")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM list_address"), (V{"2"}));
  // a.mbox was left unfinished and has changed since: it is wiped and read again.
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE source SET complete = 0 WHERE path LIKE '%a.mbox'");
  }
  WriteFile(dir.File("a.mbox"),
            "From ian@oxy.example Fri Sep 12 09:30:00 2025\n"
            "From: ian@oxy.example\nTo: lea@example.org\nSubject: hi\n"
            "Date: Fri, 12 Sep 2025 10:30:00 +0200\n\nHi.\n\n");
  r = RunBreachkit({"--db", db, "ingest", dir.File("a.mbox"), dir.File("b.mbox")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM list_address"), (V{"1"}));
  r = RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["functional_addresses"], (nlohmann::json{{"list", 1}}))
      << r.out;
}

}  // namespace
}  // namespace breachkit
