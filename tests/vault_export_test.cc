// Google Vault exports: the metadata XML and the checksum lists (core/mail/vault_export.h),
// zip archives of evidence (core/mail/zip_archive.h), and their ingestion from the command
// line on exports written by tests/data/vault/make_vault_export.py.
#include "core/mail/vault_export.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "core/mail/mime_parser.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::JsonLines;
using testing::RunBreachkit;
using testing::ScopedTempDir;

constexpr char kMetadata[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<Root DataInterchangeType="Update" Description="Vault export">
  <Batch name="x">
    <Documents>
      <Document DocID="d1" DocType="Message">
        <Tags>
          <Tag TagName="#From" TagDataType="Text" TagValue="Service RH &lt;rh@exemple.fr&gt;"/>
          <Tag TagName="#To" TagDataType="Text" TagValue="a@exemple.org, Bé &lt;b@exemple.org&gt;"/>
          <Tag TagName="#BCC" TagDataType="Text" TagValue="c@exemple.org; d@exemple.org"/>
          <Tag TagName="Labels" TagDataType="Text" TagValue="^SENT, Recrutement ,"/>
          <Tag TagName="rfc822messageid" TagDataType="Text" TagValue=" &lt;m1@exemple.fr&gt; "/>
        </Tags>
        <Locations><Location><Custodian>rh@exemple.fr</Custodian></Location></Locations>
      </Document>
      <Document DocID="d2"><Tags><Tag TagName="#Subject" TagValue="sans identifiant"/></Tags></Document>
      <Document DocID="d3"/>
    </Documents>
  </Batch>
</Root>
)";

std::vector<std::string> Addresses(const VaultDocument& d, AddressField field) {
  std::vector<std::string> out;
  for (const MailAddress& a : d.recipients) {
    if (a.field == field) out.push_back(a.address);
  }
  return out;
}

TEST(VaultMetadata, ReadsEachDocumentsMessageIdRecipientsLabelsAndAccount) {
  InitMime();
  auto docs = ReadVaultMetadata(kMetadata, "x-metadata.xml");
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 3u);
  const VaultDocument& d = (*docs)[0];
  EXPECT_EQ(d.doc_id, "d1");
  EXPECT_EQ(d.message_id, "m1@exemple.fr");
  EXPECT_EQ(d.account, "rh@exemple.fr");
  EXPECT_EQ(d.labels, (std::vector<std::string>{"^SENT", "Recrutement"}));
  EXPECT_EQ(Addresses(d, AddressField::kFrom), std::vector<std::string>{"rh@exemple.fr"});
  EXPECT_EQ(Addresses(d, AddressField::kTo),
            (std::vector<std::string>{"a@exemple.org", "b@exemple.org"}));
  EXPECT_EQ(Addresses(d, AddressField::kBcc),
            (std::vector<std::string>{"c@exemple.org", "d@exemple.org"}));
  // Documents without a Message-ID are kept (the caller counts them), never dropped.
  EXPECT_EQ((*docs)[1].message_id, "");
  EXPECT_EQ((*docs)[2].doc_id, "d3");
}

TEST(VaultMetadata, BrokenXmlOrAnotherRootIsAnErrorNamingTheFile) {
  InitMime();
  std::string cut(kMetadata);
  cut.resize(cut.find("<Document DocID=\"d2\"") + 12);
  auto broken = ReadVaultMetadata(cut, "cut-metadata.xml");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("cut-metadata.xml: not well-formed XML: line"),
            std::string::npos)
      << broken.error().message;
  auto other = ReadVaultMetadata("<Organisation/>", "o-metadata.xml");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("<Organisation>"), std::string::npos);
  EXPECT_FALSE(ReadVaultMetadata("", "empty-metadata.xml"));
  // An entity declared to read a local file is not expanded.
  auto xxe = ReadVaultMetadata(
      "<!DOCTYPE Root [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Root><Documents><Document "
      "DocID=\"a\"><Tags><Tag TagName=\"Labels\" TagValue=\"&x;\"/></Tags></Document>"
      "</Documents></Root>",
      "xxe-metadata.xml");
  if (xxe) {
    for (const VaultDocument& d : *xxe) {
      for (const std::string& l : d.labels) EXPECT_EQ(l.find("root:"), std::string::npos);
    }
  }
}

TEST(VaultMetadata, NamesAndFirstBytes) {
  EXPECT_TRUE(LooksLikeVaultMetadata(kMetadata));
  EXPECT_FALSE(LooksLikeVaultMetadata("<?xml version=\"1.0\"?><organisation/>"));
  EXPECT_TRUE(IsChecksumFileName("export.md5"));
  EXPECT_TRUE(IsChecksumFileName("Export-Checksums.csv"));
  EXPECT_FALSE(IsChecksumFileName("export-results-count.csv"));
}

TEST(VaultChecksums, ReadsMd5sumAndCsvListsAndNamesEveryOtherLine) {
  std::vector<int> unread;
  const auto md5sum = ParseChecksums(
      "0123456789abcdef0123456789ABCDEF  export-1.zip\n"
      "fedcba9876543210fedcba9876543210 *export-metadata.xml\r\n\n"
      "not a checksum line\n",
      &unread);
  ASSERT_EQ(md5sum.size(), 2u);
  EXPECT_EQ(md5sum[0].file, "export-1.zip");
  EXPECT_EQ(md5sum[0].md5, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(md5sum[1].file, "export-metadata.xml");
  EXPECT_EQ(unread, std::vector<int>{4});
  unread.clear();
  const auto csv = ParseChecksums(
      "File Name,MD5 Hash\n\"export-1.zip\",0123456789abcdef0123456789abcdef,123\n"
      "fedcba9876543210fedcba9876543210,export-2.zip\n,\n",
      &unread);
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[0].file, "export-1.zip");
  EXPECT_EQ(csv[1].file, "export-2.zip");
  EXPECT_EQ(csv[1].md5, "fedcba9876543210fedcba9876543210");
  EXPECT_EQ(unread, std::vector<int>{4});  // the header line is no loss; ",", line 4, is
}

TEST(VaultMetadata, AMessageGetsTheRecipientsItsHeadersLackOnceAndWhatVaultRecorded) {
  InitMime();
  auto docs = ReadVaultMetadata(kMetadata, "x-metadata.xml");
  ASSERT_TRUE(docs);
  VaultDocument second = (*docs)[0];
  second.doc_id = "d1-bis";
  second.account = "autre@exemple.fr";
  second.labels = {"^INBOX"};
  const VaultMessage merged = MergeVaultDocuments({&(*docs)[0], &second});
  MailMessage m;
  m.addresses.push_back({AddressField::kFrom, "", "rh@exemple.fr", "", false});
  m.addresses.push_back({AddressField::kTo, "", "A@Exemple.org", "", false});
  m.addresses.push_back({AddressField::kTo, "", "b@exemple.org", "", false});
  EXPECT_EQ(ApplyVaultMessage(merged, &m), 2);  // the two Bcc; From and To were there
  ASSERT_EQ(m.addresses.size(), 5u);
  EXPECT_EQ(m.addresses[3].field, AddressField::kBcc);
  EXPECT_EQ(m.addresses[3].address, "c@exemple.org");
  ASSERT_EQ(m.defects.size(), 2u);
  EXPECT_EQ(m.defects[0].kind, "vault-recipient");
  EXPECT_EQ(m.defects[0].field, "bcc");
  ASSERT_TRUE(m.vault);
  const auto vault = nlohmann::json::parse(VaultRecordJson(*m.vault));
  EXPECT_EQ(vault["documents"], (std::vector<std::string>{"d1", "d1-bis"}));
  EXPECT_EQ(vault["accounts"], (std::vector<std::string>{"rh@exemple.fr", "autre@exemple.fr"}));
  EXPECT_EQ(vault["labels"], (std::vector<std::string>{"^SENT", "Recrutement", "^INBOX"}));
}

// --- From the command line, on generated exports ---

struct Export {
  std::string dir;
  nlohmann::json expected;
};

Export MakeExport(const ScopedTempDir& tmp, const std::string& name,
                  const std::vector<std::string>& options = {}) {
  std::vector<std::string> command = {
      "/usr/bin/env", "python3", testing::SourcePath("tests/data/vault/make_vault_export.py"),
      tmp.File(name), "--name",  "export"};
  command.insert(command.end(), options.begin(), options.end());
  const auto made = testing::RunCommand(command);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return {tmp.File(name),
          nlohmann::json::parse(testing::ReadFile(tmp.File(name + ".expected.json")))};
}

nlohmann::json IngestJson(const std::string& db, const std::string& input, int want_exit) {
  const auto run = RunBreachkit({"-q", "--db", db, "ingest", "--json", input});
  EXPECT_EQ(run.exit_code, want_exit) << run.err;
  return nlohmann::json::parse(run.out);
}

std::vector<std::string> FieldAddresses(const nlohmann::json& message, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& a : message[field]) out.push_back(a["address"]);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(VaultExport, ABccOnlyGoogleRecordedIsABccOfTheMessageWhoSeesAndIsNotSeen) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export");
  const std::string db = tmp.File("i.db");
  const auto report = IngestJson(db, ex.dir, 0);
  EXPECT_EQ(report["vault"]["documents"], ex.expected["documents"]);
  EXPECT_EQ(report["vault"]["matched"], ex.expected["documents"]);
  EXPECT_EQ(report["vault"]["not_found"], 0);
  EXPECT_EQ(report["vault"]["checksums_verified"], 4);
  EXPECT_EQ(report["vault"]["checksums_failed"], 0);
  EXPECT_EQ(report["vault"]["accounts_counted"], ex.expected["accounts"].size());
  EXPECT_EQ(report["vault"]["accounts_differing"], 0);
  EXPECT_EQ(report["skipped_files"], 0);  // the results-count CSV is read, not skipped
  EXPECT_EQ(report["messages"], 2 * ex.expected["messages"].get<int>());  // one mbox per account

  const auto messages = JsonLines(RunBreachkit({"--db", db, "messages", "--json"}).out);
  const nlohmann::json* leak = nullptr;
  for (const auto& m : messages) {
    if (m["message_id"] == "<" + ex.expected["leak_message_id"].get<std::string>() + ">" &&
        !m["duplicate"].get<bool>())
      leak = &m;
  }
  ASSERT_NE(leak, nullptr);
  std::vector<std::string> bcc = ex.expected["bcc"];
  std::sort(bcc.begin(), bcc.end());
  EXPECT_EQ(FieldAddresses(*leak, "bcc"), bcc);
  EXPECT_EQ((*leak)["vault"]["accounts"], ex.expected["accounts"]);
  EXPECT_EQ((*leak)["vault"]["labels"], std::vector<std::string>{"^SENT"});
  // The evidence pointer: the zip, the mbox in it, the mbox's hash, the message's place.
  EXPECT_EQ((*leak)["container"], ex.dir + "/export-1.zip");
  EXPECT_EQ((*leak)["container_entry"], "export-1.mbox");
  EXPECT_EQ((*leak)["source_format"], "mbox");
  EXPECT_EQ((*leak)["defects"].size(), bcc.size());

  // The Bcc recipients saw the To list (the largest audience counts them) and nobody saw
  // them: they are not persons affected.
  std::set<std::string> persons;
  for (const auto& p : JsonLines(RunBreachkit({"--db", db, "persons", "--json"}).out))
    persons.insert(p["address"]);
  for (const std::string& a : bcc) EXPECT_FALSE(persons.contains(a)) << a;
  for (const auto& a : ex.expected["to"]) EXPECT_TRUE(persons.contains(a.get<std::string>())) << a;
  const auto summary = nlohmann::json::parse(RunBreachkit({"--db", db, "summary", "--json"}).out);
  EXPECT_EQ(summary["max_audience"], ex.expected["to"].size() - 1 + ex.expected["bcc"].size());
  // The metadata and the checksums are in the audit log, with the metadata's hash.
  const auto audit = testing::QueryColumn(db, "SELECT details FROM audit_log");
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const std::string& d) {
    return d.starts_with("Vault metadata ") && d.find("sha256=") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const std::string& d) {
    return d.starts_with("checksums ") && d.find("4 verified, 0 failed") != std::string::npos;
  }));
}

TEST(VaultExport, AFileThatDiffersFromItsChecksumMakesTheRunPartialAndSaysWhich) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export", {"--corrupt"});
  const auto run = RunBreachkit({"-q", "--db", tmp.File("i.db"), "ingest", ex.dir});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("problem: " + ex.dir + "/export-1.zip: MD5 "), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("checksums of 4 files: 3 verified, 1 failed"), std::string::npos)
      << run.err;
  // The damaged zip's mbox could not be read: said, not skipped as "no mail".
  EXPECT_EQ(run.err.find("skipped " + ex.dir + "/export-1.zip"), std::string::npos) << run.err;
}

TEST(VaultExport, ADocumentWhoseMessageIsInNoMboxIsAProblemThenAndAfter) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export", {"--drop-message"});
  const std::string db = tmp.File("i.db");
  const auto first = IngestJson(db, ex.dir, 3);
  EXPECT_EQ(first["vault"]["not_found"], 2);  // the last reply, in both accounts
  EXPECT_EQ(first["vault"]["matched"], ex.expected["documents"].get<int>() - 2);
  ASSERT_EQ(first["problems"].size(), 1u);
  EXPECT_NE(first["problems"][0].get<std::string>().find("2 documents name a message"),
            std::string::npos);
  // Again: the messages are in the record already; the missing one is still missing.
  const auto again = IngestJson(db, ex.dir, 3);
  EXPECT_EQ(again["vault"]["in_record"], ex.expected["documents"].get<int>() - 2);
  EXPECT_EQ(again["vault"]["not_found"], 2);
}

TEST(VaultExport, ADocumentWithoutMessageIdIsCountedAndMakesTheRunPartial) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export", {"--no-id"});
  const auto report = IngestJson(tmp.File("i.db"), ex.dir, 3);
  EXPECT_EQ(report["vault"]["without_message_id"], 1);
  EXPECT_EQ(report["vault"]["matched"], ex.expected["documents"].get<int>() - 1);
}

TEST(VaultExport, VaultsCountOfAnAccountsMessagesDifferingFromTheMetadataIsAProblem) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export", {"--miscount"});
  const auto run = RunBreachkit({"-q", "--db", tmp.File("i.db"), "ingest", ex.dir});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  const std::string account = ex.expected["accounts"][0];
  const int messages = ex.expected["messages"];
  EXPECT_NE(run.err.find(fmt::format("export-results-count.csv: account {}: {} messages counted by "
                                     "Vault, {} documents in the metadata",
                                     account, messages + 1, messages)),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("2 accounts, 1 differing"), std::string::npos) << run.err;
}

TEST(VaultExport, TheMetadataIsFoundByItsContentWhateverItsName) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export");
  std::filesystem::rename(ex.dir + "/export-metadata.xml", ex.dir + "/renamed.xml");
  std::filesystem::remove(ex.dir + "/export.md5");  // it names the file by its old name
  const auto report = IngestJson(tmp.File("i.db"), ex.dir, 0);
  EXPECT_EQ(report["vault"]["metadata_files"], std::vector<std::string>{ex.dir + "/renamed.xml"});
  EXPECT_EQ(report["vault"]["matched"], ex.expected["documents"]);
}

TEST(VaultExport, OneZipHoldingTheMboxesAndTheMetadataWithACsvChecksumList) {
  ScopedTempDir tmp;
  const Export ex =
      MakeExport(tmp, "export", {"--layout", "one-zip", "--checksums", "csv", "--seed", "3"});
  const std::string db = tmp.File("i.db");
  const auto report = IngestJson(db, ex.dir, 0);
  EXPECT_EQ(report["vault"]["metadata_files"],
            std::vector<std::string>{ex.dir + "/export-1.zip!/export-metadata.xml"});
  EXPECT_EQ(report["vault"]["matched"], ex.expected["documents"]);
  EXPECT_EQ(report["vault"]["checksums_verified"], 2);
  EXPECT_EQ(report["vault"]["recipients_added"], 2 * ex.expected["bcc"].size());
  // The zip given alone (its metadata inside) reads the same.
  const auto alone = IngestJson(tmp.File("j.db"), ex.dir + "/export-1.zip", 0);
  EXPECT_EQ(alone["vault"]["matched"], ex.expected["documents"]);
}

TEST(VaultExport, AnAccountWhoseMboxIsMissingLeavesItsDocumentsNotFound) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export");
  // The second account's zip is gone: the first holds the same messages, but each Document
  // is one account's copy.
  std::filesystem::remove(ex.dir + "/export-2.zip");
  std::filesystem::remove(ex.dir + "/export.md5");
  const auto report = IngestJson(tmp.File("i.db"), ex.dir, 3);
  const int messages = ex.expected["messages"];
  EXPECT_EQ(report["vault"]["matched"], messages);
  EXPECT_EQ(report["vault"]["not_found"], messages);
}

TEST(VaultExport, ALabelHoldingAnIdentifierIsMaskedLikeASubject) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export", {"--label", "IBAN FR7630006000011234567890189"});
  const std::string db = tmp.File("i.db");
  IngestJson(db, ex.dir, 0);
  const std::string out = RunBreachkit({"--db", db, "messages", "--json"}).out;
  EXPECT_NE(out.find("\"^SENT\""), std::string::npos);
  EXPECT_EQ(out.find("30006000011234567890189"), std::string::npos) << out.substr(0, 2000);
}

TEST(VaultExport, MailThatLooksLikeAnExportsFileIsMailAndEveryListIsCheckedOrSaid) {
  ScopedTempDir tmp;
  std::filesystem::create_directories(tmp.File("in"));
  // Mail quoting EDRM XML, and mail named like a checksum list with an md5sum-like line.
  testing::WriteFile(tmp.File("in/quote.eml"),
                     "From: a@exemple.fr\r\nTo: b@exemple.org\r\nSubject: xml\r\n\r\n"
                     "<Root><Documents><Document DocID=\"1\"/></Documents></Root>\r\n");
  testing::WriteFile(tmp.File("in/checksum-question.eml"),
                     "From: a@exemple.fr\r\nTo: b@exemple.org\r\nSubject: md5\r\n\r\n"
                     "0123456789abcdef0123456789abcdef  quote.eml\r\n");
  // A BSD list, checked; a list with no usable line, said.
  testing::WriteFile(tmp.File("in/bsd.md5"),
                     "MD5 (nothing.txt) = d41d8cd98f00b204e9800998ecf8427e\n");
  testing::WriteFile(tmp.File("in/nothing.txt"), "");
  testing::WriteFile(tmp.File("in/checksums.txt"), "see the portal\n");
  const auto run =
      RunBreachkit({"-q", "--db", tmp.File("i.db"), "ingest", "--json", tmp.File("in")});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["messages"], 2);
  EXPECT_EQ(report["vault"]["metadata_files"].size(), 0u);
  EXPECT_EQ(report["vault"]["checksum_files"], std::vector<std::string>{tmp.File("in/bsd.md5")});
  EXPECT_EQ(report["vault"]["checksums_verified"], 1);
  EXPECT_NE(run.err.find(tmp.File("in/checksums.txt") + ": named as a checksum list"),
            std::string::npos)
      << run.err;
}

TEST(VaultExport, TwoExportsInOneRunAreEachReconciledWithTheirOwnCounts) {
  ScopedTempDir tmp;
  const Export a = MakeExport(tmp, "a");
  MakeExport(tmp, "b", {"--seed", "2", "--accounts", "3"});
  const auto report = IngestJson(tmp.File("i.db"), tmp.File(""), 0);
  EXPECT_EQ(report["vault"]["accounts_counted"], 5);
  EXPECT_EQ(report["vault"]["accounts_differing"], 0);
  // The metadata named as well as found in its folder is read once.
  const auto again = RunBreachkit(
      {"-q", "--db", tmp.File("j.db"), "ingest", "--json", a.dir, a.dir + "/export-metadata.xml"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["vault"]["metadata_files"].size(), 1u);
}

TEST(VaultExport, ADamagedZipOrAFifoInTheListIsAProblemNotASkip) {
  ScopedTempDir tmp;
  const Export ex = MakeExport(tmp, "export");
  std::filesystem::resize_file(ex.dir + "/export-2.zip", 100);  // cut: no central directory
  ASSERT_EQ(::mkfifo((ex.dir + "/pipe").c_str(), 0600), 0);
  testing::WriteFile(ex.dir + "/export.md5", testing::ReadFile(ex.dir + "/export.md5") +
                                                 "0123456789abcdef0123456789abcdef  pipe\n");
  const auto run = RunBreachkit({"-q", "--db", tmp.File("i.db"), "ingest", ex.dir});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("problem: " + ex.dir + "/export-2.zip: not a readable zip archive"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(ex.dir + "/pipe: not a regular file"), std::string::npos) << run.err;
}

TEST(ZipEvidence, EachMailEntryIsASourceAndEveryOtherEntryIsListedAsSkipped) {
  ScopedTempDir tmp;
  std::filesystem::create_directories(tmp.File("in"));
  const std::string eml =
      "From: a@exemple.fr\r\nTo: b@exemple.org\r\nSubject: bonjour\r\nMessage-ID: "
      "<z1@exemple.fr>\r\n\r\nbonjour\r\n";
  testing::WriteFile(
      tmp.File("in/mail.zip"),
      testing::MakeZip({{"a/one.eml", eml},
                        {"box/200_recipients.pst", testing::ReadFile(testing::SourcePath(
                                                       "tests/data/outlook/200_recipients.pst"))},
                        {"notes.txt", "rien"},
                        {"inner.zip", testing::MakeZip({{"x.eml", eml}})}}));
  // An Office document is a zip with no mail in it: skipped in a folder, as before.
  testing::WriteFile(tmp.File("in/letter.docx"),
                     testing::MakeZip({{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
                                       {"word/document.xml",
                                        "<w:document xmlns:w=\"urn:x\"><w:body/></w:document>"}}));
  const std::string db = tmp.File("i.db");
  const std::string scratch = tmp.File("scratch");
  std::filesystem::create_directories(scratch);
  setenv("TMPDIR", scratch.c_str(), 1);
  const auto run = RunBreachkit({"-q", "--db", db, "ingest", tmp.File("in")});
  unsetenv("TMPDIR");
  EXPECT_EQ(run.exit_code, 3) << run.err;  // the zip inside the zip is not read: a problem
  EXPECT_NE(run.err.find("skipped " + tmp.File("in/letter.docx") + ": a zip archive with no mail"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("skipped " + tmp.File("in/mail.zip") + "!/notes.txt: not mail"),
            std::string::npos);
  EXPECT_NE(
      run.err.find("problem: " + tmp.File("in/mail.zip") + "!/inner.zip: a zip archive inside"),
      std::string::npos)
      << run.err;
  std::map<std::string, std::string> formats;
  for (const auto& m : JsonLines(RunBreachkit({"--db", db, "messages", "--json"}).out))
    formats[m["container_entry"]] = m["source_format"];
  EXPECT_EQ(formats, (std::map<std::string, std::string>{{"a/one.eml", "eml"},
                                                         {"box/200_recipients.pst", "pst"}}));
  EXPECT_EQ(testing::QueryColumn(db, "SELECT count(*) FROM recipient WHERE field = 'to'"),
            std::vector<std::string>{"201"});
  // The PST was read from a private copy, removed afterwards.
  EXPECT_TRUE(std::filesystem::is_empty(scratch));
  // Given by name, the Office document is recorded as not mail (exit 3), with why.
  const auto named =
      RunBreachkit({"-q", "--db", tmp.File("j.db"), "ingest", tmp.File("in/letter.docx")});
  EXPECT_EQ(named.exit_code, 3);
  const auto rows = JsonLines(RunBreachkit({"--db", tmp.File("j.db"), "messages", "--json"}).out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0]["unparsed"].get<std::string>().find("a zip archive with no mail"),
            std::string::npos);
}

}  // namespace
}  // namespace breachkit
