// Outlook PST files (core/mail/pst_file.h), read alone and through `breachkit ingest`, on
// public test files of other projects (tests/data/outlook/README.md) and on damaged copies of
// them.
#include "core/mail/pst_file.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/mail/mime_parser.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::ReadFile;
using testing::RunBreachkit;
using testing::ScopedTempDir;
using testing::SourcePath;
using testing::WriteFile;

std::string Sample(const std::string& name) { return SourcePath("tests/data/outlook/" + name); }

// "field:address" of each address of a message, in order.
std::vector<std::string> Addresses(const MailMessage& m) {
  std::vector<std::string> out;
  for (const MailAddress& a : m.addresses)
    out.push_back(std::string(AddressFieldName(a.field)) + ":" + a.address);
  return out;
}

std::vector<PstItem> Items(const std::string& path) {
  auto pst = PstFile::Open(path, 32);
  EXPECT_TRUE(pst) << (pst ? "" : pst.error().message);
  std::vector<PstItem> items;
  if (!pst) return items;
  PstItem item;
  while ((*pst)->Next(&item)) items.push_back(std::move(item));
  return items;
}

TEST(PstFile, EachItemIsReadWithItsFolderPathAndRecipientsByType) {
  const std::vector<PstItem> items = Items(Sample("sample1.pst"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].folder, "Top of Outlook data file/Sample1");
  EXPECT_EQ(items[0].message_class, "IPM.Note");
  EXPECT_EQ(items[0].Path(), "Top of Outlook data file/Sample1#" + std::to_string(items[0].id));
  ASSERT_TRUE(items[0].mime);
  auto mail = ParseMapiMime(items[0].mime);
  ASSERT_TRUE(mail);
  const MailMessage& m = mail->messages.front();
  EXPECT_EQ(m.subject, "Here is a sample message");
  EXPECT_EQ(Addresses(m),
            (std::vector<std::string>{"from:terrymah@microsoft.com", "to:terrymah@microsoft.com"}));
}

TEST(PstFile, TwoHundredRecipientRowsAreTwoHundredToRecipients) {
  // A PST reader known to the corpus (readpst) keeps only the first of them.
  const std::vector<PstItem> items = Items(Sample("200_recipients.pst"));
  ASSERT_EQ(items.size(), 1u);
  auto mail = ParseMapiMime(items[0].mime);
  ASSERT_TRUE(mail);
  const std::vector<std::string> addresses = Addresses(mail->messages.front());
  EXPECT_EQ(std::count_if(addresses.begin(), addresses.end(),
                          [](const std::string& a) { return a.starts_with("to:"); }),
            200);
  EXPECT_EQ(mail->messages.front().subject, "200 recipients");  // the 0x01 marker removed
}

// No public PST holds a Cc or a Bcc row: tests/data/outlook/make_pst_recipient_types.py makes
// the second row of 200_recipients.pst a Cc and the third a Bcc, as Outlook stores them.
TEST(PstFile, ACcAndABccRowAreReadWithTheirTypeAndTheBccSeesButIsNotSeen) {
  ScopedTempDir dir;
  const auto made = testing::RunCommand(
      {"/usr/bin/env", "python3", SourcePath("tests/data/outlook/make_pst_recipient_types.py"),
       SourcePath("tests/data/outlook/200_recipients.pst"), dir.File("types.pst")});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::vector<PstItem> items = Items(dir.File("types.pst"));
  ASSERT_EQ(items.size(), 1u);
  auto mail = ParseMapiMime(items[0].mime);
  ASSERT_TRUE(mail);
  const std::vector<std::string> addresses = Addresses(mail->messages.front());
  auto count = [&](std::string_view field) {
    return std::count_if(addresses.begin(), addresses.end(),
                         [&](const std::string& a) { return a.starts_with(field); });
  };
  EXPECT_EQ(count("to:"), 198);
  EXPECT_EQ(count("cc:"), 1);
  EXPECT_EQ(count("bcc:"), 1);
  // From the command line: the Bcc recipient is no person affected, the Cc one is.
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"-q", "--db", db, "ingest", dir.File("types.pst")}).exit_code, 0);
  const auto rows = testing::JsonLines(RunBreachkit({"--db", db, "messages", "--json"}).out);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]["cc"].size(), 1u);
  ASSERT_EQ(rows[0]["bcc"].size(), 1u);
  const std::string cc = rows[0]["cc"][0]["address"];
  const std::string bcc = rows[0]["bcc"][0]["address"];
  std::vector<std::string> persons;
  for (const auto& p : testing::JsonLines(RunBreachkit({"--db", db, "persons", "--json"}).out))
    persons.push_back(p["address"]);
  EXPECT_EQ(persons.size(), 199u);
  EXPECT_NE(std::find(persons.begin(), persons.end(), cc), persons.end());
  EXPECT_EQ(std::find(persons.begin(), persons.end(), bcc), persons.end());
}

TEST(PstFile, TheSameItemIsWrittenOutAsTheSameBytesEachTime) {
  // Its hash identifies it in the record and lets `review --reveal` check the evidence.
  const std::vector<PstItem> a = Items(Sample("msgInMsg.pst"));
  const std::vector<PstItem> b = Items(Sample("msgInMsg.pst"));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_TRUE(a[0].mime && b[0].mime);
  EXPECT_EQ(a[0].mime->mime, b[0].mime->mime);
  EXPECT_NE(a[0].mime->mime.find("=_breachkit_0_="), std::string::npos);
}

TEST(PstFile, IngestRecordsEveryItemWithItsPlaceAndAttachedItemsAsNestedMessages) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run =
      RunBreachkit({"--db", db, "ingest", "--json", Sample("msgInMsg.pst"), Sample("sample1.pst")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  ASSERT_EQ(report["containers"].size(), 2u);
  EXPECT_EQ(report["containers"][1]["declared"], 1);
  EXPECT_EQ(report["containers"][1]["items"], 1);
  EXPECT_EQ(report["containers"][1]["not_read"], 0);
  auto messages = RunBreachkit({"--db", db, "messages", "--json"});
  const auto rows = testing::JsonLines(messages.out);
  ASSERT_EQ(rows.size(), 3u);
  // msgInMsg.pst: one item with an Outlook item attached (a nested message).
  EXPECT_EQ(rows[0]["source_format"], "pst");
  EXPECT_EQ(rows[0]["source_sha256"],
            "b9b196f66cfcee10b7c017a938f2d1285c4ba6e7fd505d1217f728fe0e7e5470");
  const std::string path = rows[0]["item_path"];
  EXPECT_TRUE(path.starts_with("Outlook \xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF"))
      << path;  // "Outlook データ"
  EXPECT_EQ(rows[0]["offset"], std::stoll(path.substr(path.rfind('#') + 1)));
  EXPECT_EQ(rows[0]["subject"], "I have attachments!");
  EXPECT_EQ(rows[1]["parent"], 0);
  EXPECT_EQ(rows[1]["to"].size(), 1u);
  EXPECT_EQ(rows[2]["item_path"].get<std::string>().rfind("Top of Outlook data file/Sample1#", 0),
            0u);
  EXPECT_EQ(testing::QueryColumn(db, "SELECT format FROM source ORDER BY id"),
            (std::vector<std::string>{"pst", "pst"}));
  // The plain listing names the item's place too.
  auto listing = RunBreachkit({"--db", db, "messages"});
  EXPECT_NE(listing.out.find("sample1.pst#1 [Top of Outlook data file/Sample1#"), std::string::npos)
      << listing.out;
}

TEST(PstFile, AnItemAndTheSameMailAsAnEmlCountOnce) {
  // The .eml of the same mail (a server's copy): the same Message-ID and Date, and here one
  // recipient more, so that the .eml's copy is the one kept.
  ScopedTempDir dir;
  WriteFile(dir.File("same.eml"),
            "From: Terry Mahaffey <terrymah@microsoft.com>\n"
            "To: Terry Mahaffey <terrymah@microsoft.com>, someone@example.org\n"
            "Subject: Here is a sample message\n"
            "Date: Mon, 15 Mar 2010 10:12:05 -0700\n"
            "Message-ID: <B2FDDB8BE384C94794441DB4A7F3D8B804AE624B@TK5EX14MBXC114.redmond.corp."
            "microsoft.com>\n\nHello\n");
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", Sample("sample1.pst"), dir.File("same.eml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(testing::QueryColumn(db,
                                 "SELECT s.format FROM message m JOIN source s ON "
                                 "s.id = m.source_id WHERE m.duplicate_of IS NOT NULL"),
            std::vector<std::string>{"pst"});
}

TEST(PstFile, AContactsDetailsAreTextTheDetectorsRead) {
  // A contact's e-mail addresses are named properties (PSETID_Address): before, the item was
  // read with none of them, and its address found by no detector.
  const std::vector<PstItem> items = Items(Sample("dist-list.pst"));
  const PstItem* contact = nullptr;
  for (const PstItem& item : items) {
    if (item.message_class == "IPM.Contact") contact = &item;
  }
  ASSERT_NE(contact, nullptr);
  auto mail = ParseMapiMime(contact->mime);
  ASSERT_TRUE(mail);
  ASSERT_FALSE(mail->messages.front().parts.empty());
  const std::string& text = mail->messages.front().parts.front().text;
  EXPECT_NE(text.find("Name: contact name 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("E-mail 1: contact1@rjohnson.id.au\n"), std::string::npos) << text;
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", Sample("dist-list.pst")}).exit_code, 0);
  EXPECT_EQ(testing::QueryColumn(db, "SELECT category FROM finding"),
            std::vector<std::string>{"email"});
}

TEST(PstFile, ItemsThatCannotBeOpenedAreEachRecordedAndTheNextFilesAreRead) {
  // A damaged copy of java-libpst's passworded.pst (tests/data/outlook/README.md): its three
  // items cannot be opened. Before, each took the byte offset 0, the second broke the record's
  // unique key, and the run ended (exit 2) without reading the next file.
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run =
      RunBreachkit({"--db", db, "ingest", Sample("passworded-damaged.pst"), Sample("sample1.pst")});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_EQ(testing::QueryColumn(
                db, "SELECT item_path FROM message WHERE parse_status = 'unparsed' ORDER BY idx"),
            (std::vector<std::string>{"Top of Personal Folders/Contacts#unreadable-1",
                                      "Top of Personal Folders/Contacts#unreadable-2",
                                      "Freebusy Data#unreadable-1"}));
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM message WHERE parse_status = 'ok'"),
            std::vector<std::string>{"1"});
}

TEST(PstFile, ADamagedItemCountIsNotBelievedBeyondWhatTheFileCouldHold) {
  // sample1.pst's Sample1 folder made to declare 4,294,967,295 items (4 bytes changed).
  // Before, each became a record: 2.8 million rows in 15 s, and on towards two terabytes.
  ScopedTempDir dir;
  std::string bytes = ReadFile(Sample("sample1.pst"));
  bytes.replace(20704, 4, std::string(4, '\x3D'));
  WriteFile(dir.File("count.pst"), bytes);
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", dir.File("count.pst")});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("declares 4294967295 items and lists 1: more than the file could hold"),
            std::string::npos)
      << run.err;
  // 271,360 bytes hold at most 4,240 items of 64 bytes.
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM message"),
            std::vector<std::string>{"4241"});
}

TEST(PstFile, APstOnStandardInputIsRecordedAsNotReadSayingWhy) {
  // libpff reads a path: given "-", it opened a file named "-" in the working directory, and
  // recorded its messages under the hash of the bytes read from stdin.
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", "-"}, ReadFile(Sample("sample1.pst")));
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_EQ(testing::QueryColumn(db, "SELECT parse_error FROM message"),
            std::vector<std::string>{
                "a PST/OST cannot be read from standard input: give the path of the file"});
}

// A copy of sample1.pst with 16 bytes at `offset` overwritten.
std::string Damaged(const ScopedTempDir& dir, uint64_t offset) {
  std::string bytes = ReadFile(Sample("sample1.pst"));
  bytes.replace(offset, 16, std::string(16, '\xFF'));
  const std::string path = dir.File("damaged-" + std::to_string(offset) + ".pst");
  WriteFile(path, bytes);
  return path;
}

TEST(PstFile, AnItemItsFolderDeclaresAndCannotListIsRecordedAsNotReadWithItsPath) {
  ScopedTempDir dir;
  // At this offset sample1.pst's Sample1 folder's contents table is: libpff can no longer list
  // the folder's items, which the folder's PR_CONTENT_COUNT says number 1.
  const std::string pst = Damaged(dir, 40960);
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", pst});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("Sample1\": its items cannot be listed"), std::string::npos) << run.err;
  // The tally the DPO reads: what the folders declare against what was walked and read.
  EXPECT_NE(run.err.find("items declared 1, walked 1: 0 read, 1 not read"), std::string::npos)
      << run.err;
  const auto unparsed = testing::QueryColumn(
      db, "SELECT item_path || ' | ' || parse_error FROM message WHERE parse_status = 'unparsed'");
  ASSERT_EQ(unparsed.size(), 1u);
  EXPECT_TRUE(unparsed[0].starts_with("Top of Outlook data file/Sample1#not-found-1 | "))
      << unparsed[0];
  EXPECT_NE(unparsed[0].find("declares 1 items and lists 0"), std::string::npos) << unparsed[0];
  EXPECT_EQ(testing::QueryColumn(db, "SELECT messages FROM source"), std::vector<std::string>{"1"});
}

TEST(PstFile, AFolderWhoseSubfoldersCannotBeListedMakesTheRunPartialAndIsRecorded) {
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", Damaged(dir, 19456)});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const auto defects = testing::QueryColumn(
      db, "SELECT kind || ': ' || detail FROM defect WHERE message_id IS NULL ORDER BY id");
  ASSERT_FALSE(defects.empty());
  EXPECT_NE(defects[0].find("its subfolders cannot be listed"), std::string::npos) << defects[0];
  // The item that could be reached is read all the same.
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM message WHERE parse_status = 'ok'"),
            std::vector<std::string>{"1"});
}

TEST(PstFile, AFileLibpffCannotOpenIsOneUnparsedSourceSayingWhy) {
  ScopedTempDir dir;
  WriteFile(dir.File("mail.pst"), "!BDN" + std::string(508, '\0'));
  const std::string db = dir.File("i.db");
  auto run = RunBreachkit({"--db", db, "ingest", dir.File("mail.pst")});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  const auto why = testing::QueryColumn(db, "SELECT parse_error FROM message");
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("not a PST/OST libpff can open"), std::string::npos) << why[0];
}

TEST(PstFile, AValueFoundInAPstItemIsShownAgainOnRequest) {
  // The public PSTs small enough to keep here hold no personal data breachkit detects; the
  // corpus's OST does (BREACHKIT_CORPUS: the folder of the conformance corpus).
  const char* corpus = std::getenv("BREACHKIT_CORPUS");
  const std::string ost =
      corpus ? std::string(corpus) + "/outlook/ost/pst-extractor/pstextractortest@outlook.com.ost"
             : "";
  if (ost.empty() || !std::filesystem::exists(ost)) GTEST_SKIP() << "no corpus (BREACHKIT_CORPUS)";
  ScopedTempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(RunBreachkit({"--db", db, "ingest", ost}).exit_code, 0);
  auto items = RunBreachkit({"--db", db, "review", "--all", "--json"});
  const auto rows = testing::JsonLines(items.out);
  ASSERT_GT(rows.size(), 50u);
  // The first and the last: items early and late in the walk are found again.
  for (const auto& row : {rows.front(), rows.back()}) {
    auto shown = RunBreachkit({"--db", db, "review", "show", row["id"], "--reveal"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("value in clear:"), std::string::npos) << shown.out << shown.err;
  }
}

}  // namespace
}  // namespace breachkit
