// The plain address-list reader (core/mail/address_list.h) against GMime's own parser: on
// every header it accepts it must give exactly what GMime gives, and it must accept the
// plain shapes (or ingestion silently loses its speed).
#include "core/mail/address_list.h"

#include <random>

#include <gtest/gtest.h>

#include "core/mail/address_hook.h"
#include "core/mail/mail_message.h"
#include "core/mail/mime_parser.h"

namespace breachkit {
namespace {

struct GMimeReading {
  std::vector<HeaderAddress> addresses;
  bool warned = false;
};

GMimeReading ReadWithGMime(const std::string& raw) {
  InitMime();
  GMimeReading r;
  r.addresses = ReadAddressListWithGMime(raw, &r.warned);
  return r;
}

std::string Show(const std::vector<HeaderAddress>& list) {
  std::string out;
  for (const auto& a : list) out += "[" + a.name + "|" + a.address + "]";
  return out;
}

// Accepted: the same as GMime, which did not warn. Refused: nothing to compare.
void ExpectSameAsGMime(const std::string& raw) {
  InitMime();
  const auto plain = ParsePlainAddressList(raw);
  if (!plain) return;
  const GMimeReading gmime = ReadWithGMime(raw);
  EXPECT_FALSE(gmime.warned) << raw;
  EXPECT_EQ(Show(*plain), Show(gmime.addresses)) << raw;
}

TEST(AddressList, ThePlainShapesAreReadAsGMimeReadsThem) {
  InitMime();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Jean Dupont <jean@example.org>", "[Jean Dupont|jean@example.org]"},
      {"\"Dupont, Jean\" <jean@example.org>, <paul@example.org>,luc@example.org",
       "[Dupont, Jean|jean@example.org][|paul@example.org][|luc@example.org]"},
      {"=?UTF-8?B?TMOpYQ==?= <lea@example.org>,\r\n =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>",
       "[L\xC3\xA9"
       "a|lea@example.org][Andr\xC3\xA9|andre@example.org]"},
      {"M\xC3\xBCller <m@EXAMPLE.org>", "[M\xC3\xBCller|m@EXAMPLE.org]"},
      {"J. Dupont <j.dupont+rh@example.org>", "[J. Dupont|j.dupont+rh@example.org]"},
      {"  o'brien@example.org  ", "[|o'brien@example.org]"},
      {"\"\" <a@example.org>", "[|a@example.org]"},
      // An IDN domain in U-labels: GMime keeps it as written (an A-label it turns into one).
      {"Neko <neko@\u5730\u57df\u732b.jp>, x@B\u00fccher.de",
       "[Neko|neko@\u5730\u57df\u732b.jp][|x@B\u00fccher.de]"},
      // GMime keeps a folded name's line break; ParseMail unfolds it (DisplayName).
      {"Jean\r\n Dupont < jean@example.org >", "[Jean\r\n Dupont|jean@example.org]"},
  };
  for (const auto& [raw, want] : cases) {
    const auto plain = ParsePlainAddressList(raw);
    ASSERT_TRUE(plain.has_value()) << raw;
    EXPECT_EQ(Show(*plain), want) << raw;
    ExpectSameAsGMime(raw);
  }
}

TEST(AddressList, AnythingElseIsLeftToGMime) {
  InitMime();
  for (const std::string raw : {"",
                                "   ",
                                "(comment) a@example.org",
                                "a@example.org (Jean)",
                                "Team: a@example.org;",
                                "<@route.example:a@example.org>",
                                "\"a b\"@example.org",
                                "a@[192.0.2.1]",
                                "a@xn--bcher-kva.example",
                                "a@b\xFCcher.example",
                                "a@example.org <a@example.org>",
                                "Dupont, Jean <j@example.org>",
                                "\xE9t\xE9 <a@example.org>",
                                "<<a@example.org>>",
                                "a@example.org>",
                                "<a@example.org",
                                "a@example.org,",
                                "a@example.org,,b@example.org",
                                "a@example.",
                                "a..b@example.org",
                                "\"open <a@example.org>",
                                "\"back\\\"slash\" <a@example.org>",
                                "Jean <j@example.org> Paul",
                                "a@example.org b@example.org",
                                "a@example.org; b@example.org",
                                "local-only",
                                "Name <local-only>",
                                "=?utf-8?q?Ren=C3=A9e Dupont?= <r@example.com>"}) {
    EXPECT_FALSE(ParsePlainAddressList(raw).has_value()) << raw;
  }
  // A NUL ends GMime's C string: a value holding one is not read here.
  EXPECT_FALSE(ParsePlainAddressList(std::string("\"a\0b\" <a@example.org>", 22)).has_value());
  // The reader refuses a name GMime warns about, so that GMime reads it and says so.
  EXPECT_TRUE(ReadWithGMime("=?utf-8?q?Ren=C3=A9e Dupont?= <r@example.com>").warned);
}

// Headers made of plain and odd pieces at random (seeded): every one accepted must be
// GMime's reading, and every one made of plain pieces only must be accepted.
TEST(AddressList, RandomHeadersAgreeWithGMime) {
  InitMime();
  struct Piece {
    std::string text;
    bool plain;
  };
  const std::vector<Piece> names = {{"", true},
                                    {"Jean", true},
                                    {"Jean Dupont", true},
                                    {"J. Dupont", true},
                                    {"\"Dupont, Jean\"", true},
                                    {"\"Jean (RH) <x>\"", true},
                                    {"=?UTF-8?B?TMOpYSBNYXJ0aW4=?=", true},
                                    {"=?utf-8?q?Ren=C3=A9e_D?=", true},
                                    {"=?ISO-8859-1?Q?Andr=E9?= Dupont", true},
                                    {"M\xC3\xBCller", true},
                                    {"\"Gr\xC3\xA9goire\"", true},
                                    {"a\"b\"c", true},
                                    {"Jean.", true},
                                    {"Jean\r\n Dupont", true},
                                    {"=?UTF-8?B?invalid?=", false},
                                    {"Dupont, Jean", false},
                                    {"jean@example.org", false},
                                    {"(RH) Jean", false},
                                    {"\"open", false},
                                    {"\xE9t\xE9", false},
                                    {"=?utf-8?q?a b?=", false},
                                    {"Team:", false},
                                    {"\"a\\\"b\"", false}};
  const std::vector<Piece> addresses = {{"jean@example.org", true},
                                        {"Jean.Dupont@Example.ORG", true},
                                        {"j+rh@mail.example.org", true},
                                        {"o'brien@example.org", true},
                                        {"a!#$%&'*+/=?^_`{|}~-b@example.org", true},
                                        {"x@localhost", true},
                                        {"a@xn--bcher-kva.example", false},
                                        {"neko@\u5730\u57df\u732b.jp", true},
                                        {"x@B\u00fccher.Example", true},
                                        {"x@b\xFCcher.example", false},
                                        {"\"a b\"@example.org", false},
                                        {"a@[192.0.2.1]", false},
                                        {"a@example.", false},
                                        {"a..b@example.org", false},
                                        {"local", false},
                                        {"a @ example.org", false},
                                        {"@r.example:a@example.org", false}};
  const std::vector<Piece> separators = {{", ", true}, {",\r\n ", true}, {" , ", true},
                                         {",", true},  {",, ", false},   {" ", false},
                                         {"; ", false}};
  std::mt19937 rng(20261127);
  auto pick = [&](const std::vector<Piece>& from) { return from[rng() % from.size()]; };
  int accepted = 0;
  const int kHeaders = 20000;
  for (int h = 0; h < kHeaders; ++h) {
    std::string raw;
    bool plain = true;
    const int entries = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < entries; ++e) {
      if (e > 0) {
        const Piece s = pick(separators);
        raw += s.text;
        plain = plain && s.plain;
      }
      const Piece a = pick(addresses);
      plain = plain && a.plain;
      switch (rng() % 4) {
        case 0:  // bare
          raw += a.text;
          break;
        case 1:  // angle only
          raw += "<" + a.text + ">";
          break;
        default: {  // named
          const Piece n = pick(names);
          plain = plain && n.plain;
          raw += n.text + (n.text.empty() ? "" : " ") + "<" + a.text + ">";
        }
      }
    }
    const auto got = ParsePlainAddressList(raw);
    if (plain) {
      EXPECT_TRUE(got.has_value()) << raw;
    }
    if (!got) continue;
    ++accepted;
    ExpectSameAsGMime(raw);
  }
  EXPECT_GT(accepted, kHeaders / 20);  // 1,422 of the 20,000 when written
}

// The hook that hands plain headers to this reader while GMime builds a message
// (core/mail/address_hook.h): installed on this GMime, and never where its self-test or the
// version check fails; GMime's own reading is then the one ParseMail gives.

// Puts back the path InitMime chose, whatever the test did.
struct RestoreAddressPath {
  ~RestoreAddressPath() { ChooseAddressPathForTesting(RunningGMime(), &ParsePlainAddressList); }
};

// Names, addresses and groups of every field, as ParseMail records them.
std::string Recorded(const std::string& message) {
  auto mail = ParseMail(message);
  EXPECT_TRUE(mail) << mail.error().message;
  std::string out;
  if (!mail) return out;
  for (const MailMessage& m : mail->messages) {
    for (const MailAddress& a : m.addresses) {
      out += std::string(AddressFieldName(a.field)) + " " + a.group + "|" + a.name + "|" +
             a.address + (a.recovered ? " recovered" : "") + "\n";
    }
    for (const MailDefect& d : m.defects) out += d.kind + " " + d.detail + "\n";
  }
  return out;
}

const std::string kRepeatedHeaders =
    "From: Ann Martin <ann@example.com>\n"
    "To: Jean <jean@example.org>\n"
    "To: (RH) Paul <paul@example.org>, Luc <luc@example.org>\n"
    "To: =?UTF-8?Q?L=C3=A9a?= Roy <lea@example.org>\n"
    "Cc: Team: eve@example.org;\n"
    "Cc: <zoe@example.org>, =?utf-8?q?bad word?= <w@example.org>\n"
    "\nbody\n";

TEST(AddressHook, IsInstalledOnTheGMimeItWasWrittenFor) {
  InitMime();
  EXPECT_TRUE(HookFitsGMime({3, 2, 13}));
  EXPECT_FALSE(HookFitsGMime({3, 4, 0}));
  EXPECT_FALSE(HookFitsGMime({2, 6, 23}));
  if (!HookFitsGMime(RunningGMime())) GTEST_SKIP() << "not the GMime 3.2 series";
  // Its self-test passes on Debian 12's GMime: otherwise ingestion silently loses its speed.
  EXPECT_EQ(ActiveAddressPath(), AddressPath::kPlainReader);
  EXPECT_EQ(AddressPathName(ActiveAddressPath()), "plain-reader");
}

TEST(AddressHook, AnotherGMimeVersionIsReadByGMimeItself) {
  InitMime();
  RestoreAddressPath restore;
  const std::string hooked = Recorded(kRepeatedHeaders);
  EXPECT_EQ(ChooseAddressPathForTesting({3, 4, 0}, &ParsePlainAddressList), AddressPath::kGMime);
  EXPECT_EQ(ActiveAddressPath(), AddressPath::kGMime);
  EXPECT_EQ(AddressPathName(ActiveAddressPath()), "gmime");
  EXPECT_EQ(Recorded(kRepeatedHeaders), hooked);
}

// Upper-cases every name: what a reader out of step with GMime would do.
std::optional<std::vector<HeaderAddress>> WrongReader(std::string_view raw) {
  auto list = ParsePlainAddressList(raw);
  if (!list) return list;
  for (HeaderAddress& a : *list) {
    for (char& c : a.name) c = static_cast<char>(g_ascii_toupper(c));
  }
  return list;
}

TEST(AddressHook, AReaderThatFailsTheSelfTestIsNotUsed) {
  InitMime();
  RestoreAddressPath restore;
  const std::string expected = Recorded(kRepeatedHeaders);
  EXPECT_NE(expected.find("|Ann Martin|ann@example.com"), std::string::npos) << expected;
  EXPECT_EQ(ChooseAddressPathForTesting(RunningGMime(), &WrongReader), AddressPath::kGMime);
  EXPECT_EQ(ActiveAddressPath(), AddressPath::kGMime);
  EXPECT_FALSE(PlainAddressReaderInUse());          // what `ingest` asks before its note
  EXPECT_EQ(Recorded(kRepeatedHeaders), expected);  // not "ANN MARTIN"
  EXPECT_EQ(Recorded("From: Bob <bob@example.com>\nTo: Eve <eve@example.com>\n\nx\n"),
            "from |Bob|bob@example.com\nto |Eve|eve@example.com\n");
}

}  // namespace
}  // namespace breachkit
