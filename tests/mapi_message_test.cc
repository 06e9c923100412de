// Outlook .msg files and TNEF streams (core/mail/mapi_message.h), read alone, inside mail and
// through `breachkit ingest`, on public test files of other projects
// (tests/data/outlook/README.md).
#include "core/mail/mapi_message.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/mail/mime_parser.h"
#include "core/store/store.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::ReadFile;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::SourcePath;
using testing::WriteFile;

std::string Sample(const std::string& name) {
  return ReadFile(SourcePath("tests/data/outlook/" + name));
}

// "field:address" of each address of a message, in order.
std::vector<std::string> Addresses(const MailMessage& m) {
  std::vector<std::string> out;
  for (const MailAddress& a : m.addresses)
    out.push_back(std::string(AddressFieldName(a.field)) + ":" + a.address);
  return out;
}

std::vector<std::string> DefectKinds(const MailMessage& m) {
  std::vector<std::string> out;
  for (const MailDefect& d : m.defects) out.push_back(d.kind);
  return out;
}

// A minimal .msg written with libgsf's OLE2 writer: string properties (PT_UNICODE streams) of
// the message, and one storage per recipient with its type.
struct MsgRecipient {
  uint32_t type;
  std::string name, address;
};

std::string Utf16(const std::string& utf8) {
  std::string out;
  glong n = 0;
  gunichar2* w = g_utf8_to_utf16(utf8.c_str(), -1, nullptr, &n, nullptr);
  out.assign(reinterpret_cast<const char*>(w), static_cast<size_t>(n) * 2);
  g_free(w);
  return out;
}

void WriteStream(GsfOutfile* dir, const std::string& name, const std::string& bytes) {
  GsfOutput* out = gsf_outfile_new_child(dir, name.c_str(), FALSE);
  gsf_output_write(out, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
  gsf_output_close(out);
  g_object_unref(out);
}

std::string Le(uint32_t v, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

std::string WriteMsg(const std::map<uint16_t, std::string>& strings,
                     const std::vector<MsgRecipient>& recipients) {
  GsfOutput* mem = gsf_output_memory_new();
  GsfOutfile* ole = gsf_outfile_msole_new(mem);
  WriteStream(ole, "__properties_version1.0", std::string(32, '\0'));
  for (const auto& [id, value] : strings)
    WriteStream(ole, fmt::format("__substg1.0_{:04X}001F", id), Utf16(value));
  for (size_t i = 0; i < recipients.size(); ++i) {
    GsfOutfile* r = GSF_OUTFILE(
        gsf_outfile_new_child(ole, fmt::format("__recip_version1.0_#{:08X}", i).c_str(), TRUE));
    // PR_RECIPIENT_TYPE (0x0C15, PT_LONG) in the property stream, after its 8-byte header.
    WriteStream(
        r, "__properties_version1.0",
        std::string(8, '\0') + Le(0x0C150003, 4) + Le(6, 4) + Le(recipients[i].type, 4) + Le(0, 4));
    WriteStream(r, "__substg1.0_3001001F", Utf16(recipients[i].name));
    WriteStream(r, "__substg1.0_39FE001F", Utf16(recipients[i].address));
    gsf_output_close(GSF_OUTPUT(r));
    g_object_unref(r);
  }
  gsf_output_close(GSF_OUTPUT(ole));
  g_object_unref(ole);
  const guint8* bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem));
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<size_t>(gsf_output_size(mem)));
  g_object_unref(mem);
  return out;
}

TEST(MsgReader, TransportHeadersOfAnyShapeAreReadAndNoValueAddsAHeaderLine) {
  // A continuation line of blanks only (it threw std::out_of_range and ended the run), a
  // subject and a name holding a line break and a header of their own.
  auto mail = ParseMsg(
      WriteMsg({{0x007D, "Received: from a.example\r\n \r\nX-Originating-IP: [203.0.113.9]\r\n"},
                {0x0037, "Hello\r\nBcc: spy@evil.example"}},
               {{1, "Anne\r\nCc: spy2@evil.example", "anne@example.org"}}));
  ASSERT_TRUE(mail) << mail.error().message;
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(Addresses(m), std::vector<std::string>{"to:anne@example.org"});
  EXPECT_EQ(m.subject, "Hello  Bcc: spy@evil.example");
  EXPECT_NE(m.client_ip_headers.find("203.0.113.9"), std::string::npos) << m.client_ip_headers;
}

TEST(MsgReader, WithNoRecipientRowsTheOriginalToAndCcAreKept) {
  auto mail = ParseMsg(WriteMsg({{0x007D,
                                  "To: Anne <anne@example.org>\r\nCc: bob@example.net\r\n"
                                  "From: Chef <chef@example.com>\r\n"}},
                                {}));
  ASSERT_TRUE(mail) << mail.error().message;
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(Addresses(m), (std::vector<std::string>{"to:anne@example.org", "cc:bob@example.net"}));
  EXPECT_EQ(DefectKinds(m), std::vector<std::string>{"recipients-from-headers"});
  // With rows, the rows decide (a sent message's Bcc is only there).
  auto rows = ParseMsg(WriteMsg({{0x007D, "To: Anne <anne@example.org>\r\n"}},
                                {{1, "Anne", "anne@example.org"}, {3, "Hidden", "h@example.org"}}));
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(Addresses(rows->messages.front()),
            (std::vector<std::string>{"to:anne@example.org", "bcc:h@example.org"}));
}

TEST(MsgReader, EachRecipientKeepsItsType) {
  auto mail = ParseMsg(Sample("Subject.msg"));
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->messages.size(), 1u);
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(Addresses(m), (std::vector<std::string>{"to:to@example.com", "cc:cc@example.com",
                                                    "bcc:bcc@example.com"}));
  EXPECT_EQ(m.addresses[2].name, "ToBcc");
  EXPECT_EQ(m.subject, "Subject");
  EXPECT_TRUE(m.defects.empty());
}

TEST(MsgReader, AnsiAndUnicodeFilesOfOneSentMessageReadAlike) {
  const std::vector<std::string> want{
      "from:mike.farman@alfresco.com", "to:ashutosh.dandavate@alfresco.com",
      "to:paul.hh@alfresco.com",       "to:mikef@alfresco.com",
      "cc:nickb@alfresco.com",         "cc:nick.burch@alfresco.com",
      "cc:roy.wetherall@alfresco.com", "bcc:dave.caruana@alfresco.com",
      "bcc:jan.vonka@alfresco.com"};
  for (const char* file : {"example_sent_regular.msg", "example_sent_unicode.msg"}) {
    SCOPED_TRACE(file);
    auto mail = ParseMsg(Sample(file));
    ASSERT_TRUE(mail) << mail.error().message;
    const MailMessage& m = mail->messages.front();
    EXPECT_EQ(Addresses(m), want);
    // Outlook keeps a name typed between quotes with its quotes: they are not the name's.
    EXPECT_EQ(m.addresses[2].name, "Paul Holmes-Higgin");
    EXPECT_EQ(m.subject, "This is a test message please ignore");
    ASSERT_TRUE(m.date_utc.has_value());
    bool gif = false, body = false;
    for (const MailPart& p : m.parts) {
      if (p.filename == "alfresco.gif") {
        gif = true;
        EXPECT_EQ(p.content_type, "image/gif");
        EXPECT_EQ(p.size, 16174u);
        EXPECT_TRUE(p.is_attachment);
      }
      if (!p.is_attachment && p.has_text && p.text.find("The quick brown fox") != std::string::npos)
        body = true;
    }
    EXPECT_TRUE(gif);
    EXPECT_TRUE(body);
  }
}

TEST(MsgReader, AnsiStringsAreReadInTheMessageCodePage) {
  // PR_MESSAGE_LOCALE_ID 1049 (Russian): cp1251.
  auto ru = ParseMsg(Sample("ASCII_CP1251_LCID1049.msg"));
  ASSERT_TRUE(ru) << ru.error().message;
  EXPECT_EQ(ru->messages.front().subject, "Subject автоматически Subject");
  // PR_INTERNET_CPID 950: Big5.
  auto zh = ParseMsg(Sample("chinese-traditional.msg"));
  ASSERT_TRUE(zh) << zh.error().message;
  EXPECT_EQ(zh->messages.front().subject, "Alfresco MSG format testing ( MSG 格式測試 )");
}

TEST(MsgReader, AnExchangeAddressIsFoundInTheTransportHeadersOrNamedInADefect) {
  auto mail = ParseMsg(Sample("charset.msg"));
  ASSERT_TRUE(mail) << mail.error().message;
  const MailMessage& m = mail->messages.front();
  // The sender is stored as an Exchange DN only; the transport headers give the same display
  // name's internet address.
  EXPECT_EQ(Addresses(m), std::vector<std::string>{"from:joebloggs@example.org"});
  // The recipient's DN is in no header: it is not lost, it is a defect naming it.
  ASSERT_EQ(DefectKinds(m), std::vector<std::string>{"address-exchange-unresolved"});
  EXPECT_EQ(m.defects[0].field, "To");
  EXPECT_NE(m.defects[0].detail.find("/cn=Recipients/cn=70b96f11aa184d57be399e360642431f-jqbloggs"),
            std::string::npos)
      << m.defects[0].detail;
}

TEST(MsgReader, AttachedOutlookItemsAreNestedMessagesAtAnyDepthUpToTheLimit) {
  auto mail = ParseMsg(Sample("msgInMsgInMsg.msg"));
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->messages.size(), 3u);
  EXPECT_EQ(mail->messages[0].subject, "I have sub attachments!");
  EXPECT_EQ(mail->messages[1].subject, "I have attachments!");
  EXPECT_EQ(mail->messages[1].parent, 0);
  EXPECT_EQ(mail->messages[2].parent, 1);
  EXPECT_EQ(mail->messages[2].depth, 2);
  EXPECT_EQ(
      Addresses(mail->messages[2]),
      (std::vector<std::string>{"from:xmailuser@xmailserver.test", "to:xmailuser@xmailserver.test",
                                // from its transport headers
                                "delivered_to:xmailuser@xmailserver.test"}));

  MailParseOptions shallow;
  shallow.max_depth = 1;
  auto cut = ParseMsg(Sample("msgInMsgInMsg.msg"), shallow);
  ASSERT_TRUE(cut) << cut.error().message;
  ASSERT_EQ(cut->messages.size(), 2u);
  EXPECT_EQ(DefectKinds(cut->messages[1]), std::vector<std::string>{"depth-limit"});
}

TEST(MsgReader, RecipientRowsWithNoTypeAreDefectsNotGuesses) {
  auto mail = ParseMsg(Sample("fuzzed-recipients.msg"));
  ASSERT_TRUE(mail) << mail.error().message;
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(Addresses(m), std::vector<std::string>{"from:mike.farman@alfresco.com"});
  std::vector<std::string> kinds(6, "recipient-type-unknown");
  kinds.insert(kinds.begin(), "ole-damaged");
  EXPECT_EQ(DefectKinds(m), kinds);
  for (const MailDefect& d : m.defects) {
    EXPECT_EQ(d.detail.find('\0'), std::string::npos);
  }
}

// libgsf says what is wrong with a damaged OLE2 directory on GLib's log, which printed it on
// stderr naming no file. It is the file's defect, on its record, and stderr stays clean.
TEST(MsgReader, ADamagedOleDirectoryIsADefectOfTheFileNotNoiseOnStderr) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run =
      RunBreachkit({"--db", db, "ingest", SourcePath("tests/data/outlook/fuzzed-recipients.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("libgsf"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("CRITICAL"), std::string::npos) << run.err;
  auto messages = RunBreachkit({"--db", db, "messages", "--json"});
  const auto rows = testing::JsonLines(messages.out);
  ASSERT_EQ(rows.size(), 1u);
  const std::string defects = rows[0]["defects"].dump();
  EXPECT_NE(defects.find("ole-damaged"), std::string::npos) << defects;
  EXPECT_NE(defects.find("Unknown stream type 0xff (3 times)"), std::string::npos) << defects;
  EXPECT_NE(defects.find("ole_dirent_new"), std::string::npos) << defects;
  // A file cut in half: libgsf says so for each stream it cannot reach, in its domain and
  // in none ("Unable to get child[0] for infile …").
  const std::string whole = Sample("example_sent_unicode.msg");
  WriteFile(dir.File("half.msg"), whole.substr(0, whole.size() / 2));
  const std::string db3 = dir.File("k.db");
  run = RunBreachkit({"--db", db3, "ingest", dir.File("half.msg")});
  EXPECT_EQ(run.err.find("WARNING"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("CRITICAL"), std::string::npos) << run.err;
  const auto half = testing::JsonLines(RunBreachkit({"--db", db3, "messages", "--json"}).out);
  ASSERT_EQ(half.size(), 1u);
  EXPECT_NE(half[0]["defects"].dump().find("ole-damaged: libgsf: "), std::string::npos)
      << half[0].dump();
  // An intact file says nothing of the kind.
  const std::string db2 = dir.File("j.db");
  run = RunBreachkit({"--db", db2, "ingest", SourcePath("tests/data/outlook/Subject.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(RunBreachkit({"--db", db2, "messages", "--json"}).out.find("ole-damaged"),
            std::string::npos);
}

TEST(MsgReader, BytesThatAreNoOutlookMessageFailWithTheReason) {
  EXPECT_FALSE(IsOutlookMsg("From: a@b.example\n\nhi\n"));
  auto garbage =
      ParseMsg(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, 'x'));
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("not an Outlook .msg"), std::string::npos)
      << garbage.error().message;
  EXPECT_TRUE(IsOutlookMsg(Sample("Subject.msg")));
}

TEST(MsgReader, CompressedRtfIsDecompressedAsTheSpecificationShows) {
  // [MS-OXRTFCP] section 3.1.1, the first example.
  const unsigned char compressed[] = {0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a,
                                      0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00,
                                      0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a,
                                      0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77,
                                      0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0};
  auto rtf =
      DecompressRtf(std::string(reinterpret_cast<const char*>(compressed), sizeof compressed));
  ASSERT_TRUE(rtf) << rtf.error().message;
  EXPECT_EQ(*rtf, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
  EXPECT_FALSE(DecompressRtf("short"));
  EXPECT_FALSE(DecompressRtf(std::string(12, '\0') + "XXXX"));
}

TEST(MsgReader, RtfTextKeepsWordsAndLinesAndDropsTables) {
  EXPECT_EQ(RtfToText("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}{\\*\\generator x;}"
                      "\\pard Jos\\'e9 Garc\\'eda\\par T\\u233?l\\'e9phone : 06\\tab 12}"),
            "José García\nTéléphone : 06\t12");
  // The code page the document declares.
  EXPECT_EQ(RtfToText("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'e5\\'f2\\'f0}"), "Петр");
}

TEST(Tnef, AWinmailDatGivenAsAFileIsItsMessageWithItsFiles) {
  auto mail = ParseTnef(Sample("two-files.tnef"));
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->messages.size(), 1u);
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(m.subject, "two files");
  std::vector<std::string> files;
  for (const MailPart& p : m.parts) {
    if (p.is_attachment) files.push_back(p.filename + ":" + std::to_string(p.size));
  }
  EXPECT_EQ(files, (std::vector<std::string>{"AUTHORS:244", "README:893"}));
  EXPECT_TRUE(m.defects.empty());
}

TEST(Tnef, ARecipientTableGivesItsRecipientsByType) {
  auto body = ParseTnef(Sample("body.tnef"));
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(Addresses(body->messages.front()),
            std::vector<std::string>{"to:3kuser2@brexchange.dolphinsearch.com"});
  EXPECT_EQ(body->messages.front().subject, "Bill of Rights");
  // The text of the body is read (the Bill of Rights).
  bool text = false;
  for (const MailPart& p : body->messages.front().parts)
    text = text || p.text.find("Congress shall make no law") != std::string::npos;
  EXPECT_TRUE(text);

  auto simple = ParseTnef(Sample("bug52400-winmail-simple.dat"));
  ASSERT_TRUE(simple) << simple.error().message;
  EXPECT_EQ(
      Addresses(simple->messages.front()),
      (std::vector<std::string>{"from:Gaggletest2@anderson5.net", "to:Gaggletest2@anderson5.net"}));
  // One byte after the last attribute: said, not hidden.
  EXPECT_EQ(DefectKinds(simple->messages.front()), std::vector<std::string>{"tnef-trailing-bytes"});
}

TEST(Tnef, ATnefPartInMailIsReadAsANestedMessageAndItsFilesAreScanned) {
  // Exchange's winmail.dat: the real attachments are inside. A file in it holding a phone
  // number must be read like any attachment.
  std::string tnef = Sample("two-files.tnef");
  const std::string eml =
      "From: a@example.org\nTo: b@example.net\nSubject: hi\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nsee "
      "attached\n--XX\nContent-Type: application/ms-tnef; name=winmail.dat\n"
      "Content-Disposition: attachment; filename=winmail.dat\n"
      "Content-Transfer-Encoding: base64\n\n" +
      testing::Base64(tnef) + "\n--XX--\n";
  auto mail = ParseMail(eml);
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->messages.size(), 2u);
  const MailMessage& inner = mail->messages[1];
  EXPECT_EQ(inner.parent, 0);
  EXPECT_EQ(inner.mime_path, "2");
  EXPECT_EQ(inner.subject, "two files");
  int files = 0;
  for (const MailPart& p : inner.parts) files += p.filename == "AUTHORS" || p.filename == "README";
  EXPECT_EQ(files, 2);
  // The winmail.dat itself stays an attachment of the outer message, hashed.
  bool kept = false;
  for (const MailPart& p : mail->messages[0].parts) kept = kept || p.filename == "winmail.dat";
  EXPECT_TRUE(kept);
}

TEST(Tnef, EachOfManyAttachmentsKeepsItsTitle) {
  // Titles are decoded at the end, in the OEM code page: they once pointed into the vector of
  // attachments while it grew (a use after free the fuzzer found).
  auto le = [](uint32_t v, int n) { return Le(v, n); };
  auto attribute = [&](uint8_t level, uint32_t tag, const std::string& value) {
    return std::string(1, static_cast<char>(level)) + le(tag, 4) +
           le(static_cast<uint32_t>(value.size()), 4) + value + le(0, 2);
  };
  std::string tnef =
      le(0x223E9F78, 4) + le(1, 2) + attribute(1, 0x00069007, le(1252, 4) + le(0, 4));
  std::vector<std::string> want;
  for (int i = 0; i < 40; ++i) {
    const std::string title = "fichier-\xe9t\xe9-" + std::to_string(i) + ".txt";  // cp1252
    tnef += attribute(2, 0x00069002, std::string(14, '\0')) +
            attribute(2, 0x00018010, title + std::string(1, '\0')) +
            attribute(2, 0x0006800F, "ligne " + std::to_string(i));
    want.push_back("fichier-été-" + std::to_string(i) + ".txt");
  }
  auto mail = ParseTnef(tnef);
  ASSERT_TRUE(mail) << mail.error().message;
  std::vector<std::string> got;
  for (const MailPart& p : mail->messages.front().parts) {
    if (p.is_attachment) got.push_back(p.filename);
  }
  EXPECT_EQ(got, want);
}

TEST(Tnef, ACutOrCorruptStreamIsReadUpToTheDamageAndSaysSo) {
  const std::string whole = Sample("two-files.tnef");
  // (A cut at the end of an attribute looks like the end of a stream: TNEF has no end mark.)
  for (size_t cut : {size_t{6}, size_t{41}, whole.size() / 2, whole.size() - 3}) {
    SCOPED_TRACE(cut);
    auto mail = ParseTnef(whole.substr(0, cut));
    ASSERT_TRUE(mail) << mail.error().message;
    const auto kinds = DefectKinds(mail->messages.front());
    ASSERT_FALSE(kinds.empty());
    const bool said = std::any_of(kinds.begin(), kinds.end(), [&](const std::string& k) {
      return k == "tnef-truncated" || k == "tnef-trailing-bytes" || (cut == 6 && k == "tnef-empty");
    });
    EXPECT_TRUE(said) << kinds.front();
  }
  // Every byte after the signature flipped in turn, on a short stream: no crash, a message.
  const std::string small = Sample("body.tnef");
  for (size_t i = 6; i < small.size(); i += 7) {
    std::string bad = small;
    bad[i] = static_cast<char>(~bad[i]);
    EXPECT_TRUE(ParseTnef(bad)) << i;
  }
  EXPECT_FALSE(ParseTnef("not tnef"));
}

TEST(MsgReader, IngestRecordsAnMsgSourceAndItsBccRecipientsSeeButAreNotSeen) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit(
      {"--db", db, "ingest", SourcePath("tests/data/outlook/example_sent_unicode.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto messages = RunBreachkit({"--db", db, "messages", "--json"});
  const auto rows = testing::JsonLines(messages.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["bcc"].size(), 2u);
  // The evidence pointer: the container's format and hash, then the message's place in it.
  EXPECT_EQ(rows[0]["source_format"], "msg");
  EXPECT_EQ(rows[0]["source_sha256"],
            "04e1aad4a057823127641739614561769efcfc28487efe1e7e96148c6debb91a");
  EXPECT_EQ(testing::QueryColumn(db, "SELECT format FROM source"), std::vector<std::string>{"msg"});
  // The two Bcc recipients received the message (the largest audience counts them) but their
  // addresses were shown to no one: they are not persons affected.
  auto persons = RunBreachkit({"--db", db, "persons", "--json"});
  ASSERT_EQ(persons.exit_code, 0) << persons.err;
  std::vector<std::string> addresses;
  for (const auto& p : testing::JsonLines(persons.out)) addresses.push_back(p["address"]);
  EXPECT_EQ(addresses.size(), 7u);
  for (const std::string& a : addresses) {
    EXPECT_NE(a, "dave.caruana@alfresco.com");
    EXPECT_NE(a, "jan.vonka@alfresco.com");
  }
  auto summary = RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(nlohmann::json::parse(summary.out)["max_audience"], 8) << summary.out;
}

TEST(MsgReader, TheSameMailAsAnMsgAndAsAnEmlCountsOnce) {
  ScopedTempDir dir;
  // The .eml a converter would write of the same mail: the same Message-ID and Date.
  InitMime();
  auto mime = MsgToMime(Sample("charset.msg"), kMaxNestedMessageDepth);
  ASSERT_TRUE(mime) << mime.error().message;
  WriteFile(dir.File("same.eml"), mime->mime);
  // Another mail that only shares the Message-ID (a different Date) is not the same.
  std::string other = mime->mime;
  const size_t date = other.find("\nDate: ");
  ASSERT_NE(date, std::string::npos);
  other.replace(date + 8, other.find('\n', date + 1) - date - 8, "Tue, 08 Oct 2019 05:55:10 +0000");
  WriteFile(dir.File("other.eml"), other);
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", dir.File("same.eml"), dir.File("other.eml"),
                           SourcePath("tests/data/outlook/charset.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("1 duplicates"), std::string::npos) << run.out;
  std::map<std::string, bool> duplicate;
  for (const auto& row : testing::JsonLines(RunBreachkit({"--db", db, "messages", "--json"}).out))
    duplicate[std::filesystem::path(row["source"].get<std::string>()).filename()] =
        row["duplicate"];
  EXPECT_EQ(duplicate, (std::map<std::string, bool>{
                           {"charset.msg", true}, {"other.eml", false}, {"same.eml", false}}));
  // Ingested in the other order, in a second run: the .eml is the duplicate.
  const std::string db2 = dir.File("j.db");
  ASSERT_EQ(
      RunBreachkit({"--db", db2, "ingest", SourcePath("tests/data/outlook/charset.msg")}).exit_code,
      0);
  ASSERT_EQ(RunBreachkit({"--db", db2, "ingest", dir.File("same.eml")}).exit_code, 0);
  EXPECT_EQ(testing::QueryColumn(db2,
                                 "SELECT s.format FROM message m JOIN source s ON "
                                 "s.id = m.source_id WHERE m.duplicate_of IS NOT NULL"),
            std::vector<std::string>{"eml"});
}

TEST(MsgReader, OfTwoCopiesOfOneMailTheOneWithTheBccRowsIsKept) {
  ScopedTempDir dir;
  // The recipient's .eml (no Bcc: a Bcc is never in the delivered headers) comes first; the
  // sender's Sent Items .msg, with its Bcc row, second. The .msg is kept.
  WriteFile(dir.File("received.eml"),
            "From: chef@example.com\nTo: Anne <anne@example.org>\nSubject: Hi\n"
            "Date: Tue, 28 Oct 2025 16:42:00 +0100\nMessage-ID: <twin@x.example>\n\nhi\n");
  WriteFile(dir.File("sent.msg"),
            WriteMsg({{0x007D, "Date: Tue, 28 Oct 2025 16:42:00 +0100\r\n"},
                      {0x1035, "<twin@x.example>"},
                      {0x0037, "Hi"},
                      {0x0042, "Chef"},
                      {0x5D02, "chef@example.com"}},
                     {{1, "Anne", "anne@example.org"}, {3, "Hidden", "hidden@example.org"}}));
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", dir.File("received.eml")}).exit_code, 0);
  auto run = RunBreachkit({"--db", db, "ingest", dir.File("sent.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(testing::QueryColumn(db,
                                 "SELECT s.format FROM message m JOIN source s ON "
                                 "s.id = m.source_id WHERE m.duplicate_of IS NOT NULL"),
            std::vector<std::string>{"eml"});
  auto summary = RunBreachkit({"--db", db, "summary", "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(nlohmann::json::parse(summary.out)["max_audience"], 2) << summary.out;
  EXPECT_EQ(nlohmann::json::parse(summary.out)["duplicate_messages"], 1) << summary.out;
}

TEST(MsgReader, ABrokenPstIsRecordedAsNotReadAndAnOle2FileThatIsNoMessageIsSaidSo) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  WriteFile(dir.File("mail.pst"), "!BDN" + std::string(508, '\0'));
  WriteFile(dir.File("report.doc"),
            std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, 'x'));
  auto run = RunBreachkit({"--db", db, "ingest", dir.File("mail.pst"), dir.File("report.doc")});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  const auto why =
      testing::QueryColumn(db,
                           "SELECT s.format || ': ' || m.parse_error FROM message m JOIN source s "
                           "ON s.id = m.source_id ORDER BY s.path");
  ASSERT_EQ(why.size(), 2u);
  EXPECT_TRUE(why[0].starts_with("pst: ")) << why[0];  // pst_file_test.cc: the reason
  EXPECT_NE(why[1].find("not an Outlook message"), std::string::npos) << why[1];
  // Found in a folder walk, the OLE2 file that is no message is listed as skipped, with why.
  const std::string db2 = dir.File("j.db");
  std::filesystem::create_directory(dir.File("folder"));
  WriteFile(dir.File("folder/report.doc"),
            std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, 'x'));
  auto walk = RunBreachkit({"--db", db2, "ingest", dir.File("folder")});
  EXPECT_NE((walk.out + walk.err).find("report.doc: an OLE2 compound file that is not an Outlook"),
            std::string::npos)
      << walk.out << walk.err;
}

TEST(MsgReader, ARecordOfSchemaTenTakesMsgSourcesOnceUpgraded) {
  ScopedTempDir dir;
  const std::string db = dir.File("old.db");
  {
    SQLite::Database v10(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v10.exec(ReadFile(SourcePath("tests/data/schema/incident-v10.sql")));
    v10.exec(
        "INSERT INTO incident (id, hmac_key, created_at, updated_at) "
        "VALUES (1, randomblob(32), 0, 0)");
  }
  auto run = RunBreachkit({"--db", db, "ingest", SourcePath("tests/data/outlook/Subject.msg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(testing::QueryColumn(db, "SELECT format FROM source"), std::vector<std::string>{"msg"});
  EXPECT_EQ(testing::QueryColumn(db, "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(kSchemaVersion)});
}

}  // namespace
}  // namespace breachkit
