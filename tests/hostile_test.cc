// Hostile input, as a user meets it: `breachkit ingest` on a folder holding one bad file
// next to a good message. Each case says what must happen to the bad one (an unparsed
// record, a defect on the message, a bounded extraction) and checks that the good one is
// read all the same, with the exit code README.md documents (0 ok, 3 partial).
// The 2 GB mbox (streamed, bounded memory) is a benchmark, not a unit test:
// tests/bench/big_mbox.sh.
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mail/mime_parser.h"
#include "core/mail/table_extract.h"
#include "core/persons/table_rows.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using nlohmann::json;
using testing::Base64;
using testing::MakeZip;
using testing::RunBreachkit;
using testing::RunCommand;
using testing::ScopedTempDir;
using testing::WriteFile;

const char kGood[] =
    "From: a@example.com\nTo: b@example.com\nSubject: good\nMessage-ID: <good@example.com>\n\n"
    "Vous pouvez me joindre au 06 12 34 56 78.\n";

struct Outcome {
  int exit_code = -1;
  json summary;  // ingest --json
  std::string err;
  std::vector<json> messages;  // messages --json, one per message
  const json* Find(const std::string& file_suffix, int index = 0) const {
    for (const auto& m : messages) {
      if (m["source"].get<std::string>().ends_with(file_suffix) && m["index"] == index) return &m;
    }
    return nullptr;
  }
  bool HasDefect(const std::string& file_suffix, const std::string& kind) const {
    for (const auto& m : messages) {
      if (!m["source"].get<std::string>().ends_with(file_suffix)) continue;
      for (const auto& d : m["defects"]) {
        if (d.get<std::string>().starts_with(kind)) return true;
      }
    }
    return false;
  }
};

// Writes `files` (name → bytes) and good.eml into a folder and ingests the folder.
Outcome IngestWithGood(const ScopedTempDir& dir, const std::map<std::string, std::string>& files) {
  const std::string box = dir.File("box");
  std::filesystem::create_directories(box);
  WriteFile(box + "/good.eml", kGood);
  for (const auto& [name, bytes] : files) WriteFile(box + "/" + name, bytes);
  const std::string db = dir.File("i.db");
  Outcome o;
  auto r = RunBreachkit({"--db", db, "ingest", "--json", box});
  o.exit_code = r.exit_code;
  o.err = r.err;
  if (!r.out.empty()) o.summary = json::parse(r.out.substr(r.out.rfind('{')));
  auto list = RunBreachkit({"--db", db, "messages", "--json"});
  std::istringstream in(list.out);
  for (std::string line; std::getline(in, line);) o.messages.push_back(json::parse(line));
  return o;
}

// The good message is there, whole: its phone number found.
void ExpectGoodRead(const Outcome& o) {
  const json* good = o.Find("good.eml");
  ASSERT_NE(good, nullptr) << o.err;
  EXPECT_TRUE((*good)["unparsed"].is_null());
  EXPECT_EQ((*good)["subject"], "good");
}

// IngestWithGood, for files that must not stop the run: it succeeds and good.eml is read.
// An attachment whose content was not read, or not whole, makes it a partial success (3).
constexpr int kAttachmentNotRead = 3;
Outcome IngestHostile(const ScopedTempDir& dir, const std::map<std::string, std::string>& files,
                      int exit_code = 0) {
  Outcome o = IngestWithGood(dir, files);
  EXPECT_EQ(o.exit_code, exit_code) << o.err;
  ExpectGoodRead(o);
  return o;
}

// Named on the command line, a binary file is recorded as an unparsed message and the run is
// partial (exit 3), an empty one is skipped (it holds nothing); met while walking a folder,
// they are not mail and are listed as skipped, with the reason, on stderr and in the JSON
// summary.
TEST(Hostile, EmptyAndBinaryFilesAreRecordedOrListedNeverLost) {
  ScopedTempDir dir;
  std::string binary;
  for (int i = 0; i < 65536; ++i) binary.push_back(static_cast<char>((i * 7919) % 251));
  const Outcome walked = IngestWithGood(dir, {{"empty.eml", ""}, {"blob.bin", binary}});
  EXPECT_EQ(walked.exit_code, 0) << walked.err;
  ExpectGoodRead(walked);
  EXPECT_EQ(walked.summary["skipped_files"], 2);
  EXPECT_NE(walked.err.find("blob.bin: not mail"), std::string::npos) << walked.err;
  EXPECT_NE(walked.err.find("empty.eml: empty file"), std::string::npos) << walked.err;

  const std::string db = dir.File("named.db");
  auto r = RunBreachkit({"--db", db, "ingest", "--json", dir.File("box/empty.eml"),
                         dir.File("box/blob.bin"), dir.File("box/good.eml")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("empty.eml: empty file"), std::string::npos) << r.err;
  // The message not read is named with its file and why, not only counted (helper-63).
  EXPECT_NE(r.err.find("unparsed: " + dir.File("box/blob.bin") + " message 1: not an e-mail"),
            std::string::npos)
      << r.err;
  const json summary = json::parse(r.out.substr(r.out.rfind('{')));
  EXPECT_EQ(summary["messages"], 2);
  EXPECT_EQ(summary["unparsed_messages"], 1);
  EXPECT_EQ(summary["skipped_files"], 1);
}

// Root reads every file: the case runs the binary as nobody (setpriv) when the suite is root.
TEST(Hostile, AFolderOfUnreadableFilesListsEachAndReadsTheRest) {
  ScopedTempDir dir;
  const std::string box = dir.File("box");
  ::mkdir(box.c_str(), 0777);
  ::chmod(dir.path().c_str(), 0777);
  ::chmod(box.c_str(), 0777);
  WriteFile(box + "/good.eml", kGood);
  ::chmod((box + "/good.eml").c_str(), 0644);
  for (const char* name : {"locked1.eml", "locked2.eml", "locked3.mbox"}) {
    WriteFile(box + "/" + name, kGood);
    ::chmod((box + "/" + name).c_str(), 0);
  }
  std::vector<std::string> command;
  if (::geteuid() == 0) {
    if (!std::filesystem::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root, and no setpriv";
    command = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  }
  command.push_back(BREACHKIT_BINARY);
  for (const std::string& a :
       {std::string("--db"), dir.File("i.db"), std::string("ingest"), std::string("--json"), box}) {
    command.push_back(a);
  }
  auto r = RunCommand(command);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  for (const char* name : {"locked1.eml", "locked2.eml", "locked3.mbox"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  }
  const json summary = json::parse(r.out.substr(r.out.rfind('{')));
  EXPECT_EQ(summary["messages"], 1);
  EXPECT_EQ(summary["problems"].size(), 3u);
}

// GMime grows its header buffer step by step: glibc's realloc extends a large block in
// place (mremap), AddressSanitizer's copies it every time, so under ASan the 100 MB line
// costs minutes of copying (5 min measured). The sanitizer build checks 8 MB instead.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kLongHeader = 8'000'000;
#else
constexpr size_t kLongHeader = 100'000'000;
#endif

TEST(Hostile, AHundredMegabyteHeaderLineIsReadAndSoIsTheBody) {
  ScopedTempDir dir;
  std::string big = "From: c@example.com\nTo: d@example.com\nX-Padding: ";
  big.append(kLongHeader, 'A');
  big += "\nSubject: long\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n";
  const Outcome o = IngestHostile(dir, {{"long.eml", big}});
  ASSERT_NE(o.Find("long.eml"), nullptr);
  EXPECT_EQ((*o.Find("long.eml"))["subject"], "long");
  EXPECT_EQ(o.summary["findings"], 2);  // the good message's phone, the IBAN
}

TEST(Hostile, TenThousandNestedMultipartsStopWithADefect) {
  ScopedTempDir dir;
  std::string m =
      "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n";
  constexpr int kDepth = 10000;
  for (int i = 0; i < kDepth; ++i) {
    m += "--b" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=b" +
         std::to_string(i + 1) + "\n\n";
  }
  m += "--b" + std::to_string(kDepth) + "\nContent-Type: text/plain\n\ndeep\n";
  for (int i = kDepth; i >= 0; --i) m += "--b" + std::to_string(i) + "--\n";
  const Outcome o = IngestHostile(dir, {{"nested.eml", m}}, kAttachmentNotRead);
  ASSERT_NE(o.Find("nested.eml"), nullptr);
  EXPECT_TRUE(o.HasDefect("nested.eml", "nesting-overflow")) << (*o.Find("nested.eml")).dump();
}

// The memory attacks, at a size that runs in seconds (tests/bench/limits_bench.py runs them at
// full size and measures the memory): each one stops at its limit with a defect, and the
// message after it in the same mbox is read.
std::string ThenIban(const std::string& attack) {
  return "From x Fri Sep 12 09:30:00 2025\n" + attack +
         "\nFrom y Fri Sep 12 09:31:00 2025\nFrom: after@example.com\nSubject: after\n\n"
         "IBAN FR76 3000 6000 0112 3456 7890 189\n";
}

TEST(Hostile, TwelveThousandEmptyMimePartsStopAtThePartLimit) {
  ScopedTempDir dir;
  std::string m =
      "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=b\n\n";
  for (int i = 0; i < 12'000; ++i) m += "--b\n\n";
  m += "--b--\n";
  const Outcome o = IngestHostile(dir, {{"parts.mbox", ThenIban(m)}}, kAttachmentNotRead);
  EXPECT_TRUE(o.HasDefect("parts.mbox", "part-limit: more than 10000 MIME parts"));
  ASSERT_NE(o.Find("parts.mbox", 1), nullptr);
  EXPECT_EQ((*o.Find("parts.mbox", 1))["subject"], "after");
  EXPECT_EQ(o.summary["findings"], 2);  // the good message's phone, the IBAN after
}

TEST(Hostile, TwelveThousandCcLinesStopAtTheHeaderLimit) {
  ScopedTempDir dir;
  std::string m = "From: c@example.com\n";
  for (int i = 0; i < 12'000; ++i) m += "Cc: cc" + std::to_string(i) + "@example.com\n";
  m += "Subject: many\n\nbody\n";
  const Outcome o = IngestHostile(dir, {{"cc.mbox", ThenIban(m)}});
  EXPECT_TRUE(o.HasDefect("cc.mbox", "header-limit: 10000 header fields read; 2002 more"));
  const json* first = o.Find("cc.mbox", 0);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ((*first)["cc"].size(), 9999u);
  ASSERT_NE(o.Find("cc.mbox", 1), nullptr);
  EXPECT_EQ((*o.Find("cc.mbox", 1))["subject"], "after");
  EXPECT_EQ(o.summary["findings"], 2);
}

TEST(Hostile, AThousandDeepForwardChainKeepsThirtyTwoLevels) {
  ScopedTempDir dir;
  std::string m;
  for (int i = 0; i < 1000; ++i) {
    m += "From: p" + std::to_string(i) + "@example.com\nSubject: level " + std::to_string(i) +
         "\nContent-Type: message/rfc822\n\n";
  }
  m += "From: last@example.com\n\nthe end\n";
  const Outcome o = IngestHostile(dir, {{"chain.eml", m}});
  EXPECT_EQ(o.summary["nested_messages"], 32);  // MailParseOptions::max_depth
  EXPECT_TRUE(o.HasDefect("chain.eml", "nesting-overflow") ||
              o.HasDefect("chain.eml", "depth-limit"));
}

// `mail`, holding one IBAN, is read with the defect `kind`, and its IBAN is found.
void ExpectReadWithDefect(const std::string& name, const std::string& mail,
                          const std::string& kind) {
  ScopedTempDir dir;
  const Outcome o = IngestHostile(dir, {{name, mail}});
  EXPECT_TRUE(o.HasDefect(name, kind)) << name;
  EXPECT_EQ(o.summary["findings"], 2) << name;
}

TEST(Hostile, AMultipartWithoutItsClosingBoundaryKeepsEveryPart) {
  ExpectReadWithDefect("open.eml",
                       "From: c@example.com\nContent-Type: multipart/mixed; boundary=x\n\n--x\n"
                       "Content-Type: text/plain\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n--x\n"
                       "Content-Type: text/plain\n\nthe file ends here",
                       "truncated-message");
}

TEST(Hostile, InvalidUtf8AndNulBytesInHeadersAndBodies) {
  ScopedTempDir dir;
  using namespace std::string_literals;  // "…"s keeps the NUL bytes and counts the length
  const std::string m =
      "From: \"Andr\xE9\0\" <c@example.com>\nSubject: a\0b\xFF\nTo: d@example.com\n\n"
      "body \0 \xFF\xFE IBAN FR76 3000 6000 0112 3456 7890 189\n"s;
  const Outcome o = IngestHostile(dir, {{"nul.eml", m}});
  const json* bad = o.Find("nul.eml");
  ASSERT_NE(bad, nullptr);
  // The NUL inside the display name must not cost the address after it.
  ASSERT_EQ((*bad)["from"].size(), 1u) << bad->dump();
  EXPECT_EQ((*bad)["from"][0]["address"], "c@example.com");
  ASSERT_EQ((*bad)["to"].size(), 1u) << bad->dump();
  EXPECT_EQ((*bad)["to"][0]["address"], "d@example.com");
  EXPECT_EQ((*bad)["subject"], "a b\xC3\xBF");  // NUL read as a space, 0xFF as windows-1252
  EXPECT_TRUE(o.HasDefect("nul.eml", "nul-in-headers"));
  EXPECT_TRUE(o.HasDefect("nul.eml", "unencoded-8bit-header"));
  EXPECT_EQ(o.summary["findings"], 2);  // json::parse would have thrown on invalid UTF-8
}

TEST(Hostile, AnUnknownCharsetIsReadAsWindows1252WithADefect) {
  ExpectReadWithDefect(
      "charset.eml",
      "From: c@example.com\nContent-Type: text/plain; charset=x-no-such-charset\n\n"
      "Cr\xE9"
      "dit : IBAN FR76 3000 6000 0112 3456 7890 189\n",
      "charset-fallback");
}

TEST(Hostile, Base64WithGarbageIsDecodedAndTheSkippedBytesAreADefect) {
  ScopedTempDir dir;
  const Outcome o = IngestHostile(
      dir,
      {{"b64.eml",
        "From: c@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" +
            Base64("IBAN FR76 3000 6000 0112 3456 7890 189\n") + "\n!!@@##\n"}});
  EXPECT_TRUE(o.HasDefect("b64.eml", "base64-invalid: 6 bytes"));
  EXPECT_EQ(o.summary["findings"], 2);
}

// A message from a candidate with `docx` attached as cv.docx.
std::string MailWithDocx(const std::string& docx) {
  return "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
         "--B\nContent-Type: text/plain\n\nCV\n--B\n"
         "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n"
         "Content-Disposition: attachment; filename=cv.docx\nContent-Transfer-Encoding: "
         "base64\n\n" +
         Base64(docx) + "\n--B--\n";
}

TEST(Hostile, AZipBombAsADocxStopsAtTheExtractionLimit) {
  ScopedTempDir dir;
  // 200 MB of text that compresses to a few hundred KB; extraction stops at 64 MB.
  std::string text =
      "<w:document xmlns:w=\"w\"><w:body><w:p><w:t>IBAN FR76 3000 6000 0112 3456 7890 189 ";
  text.append(200'000'000, 'A');
  text += "</w:t></w:p></w:body></w:document>";
  const std::string docx = MakeZip({{"word/document.xml", text}});
  text.clear();
  text.shrink_to_fit();
  ASSERT_LT(docx.size(), 1'000'000u);
  const Outcome o = IngestHostile(dir, {{"bomb.eml", MailWithDocx(docx)}}, kAttachmentNotRead);
  EXPECT_TRUE(o.HasDefect("bomb.eml", "extraction-limit"));
  EXPECT_EQ(o.summary["findings"], 2);  // the IBAN before the limit is found
}

// A DOCX whose XML breaks half-way: the text before the break is read (the IBAN is found)
// and the rest is said to be unread, with the part and the byte, not dropped without a word.
TEST(Hostile, AMalformedDocxSaysWhatItCouldNotRead) {
  ScopedTempDir dir;
  const std::string docx = MakeZip(
      {{"word/document.xml",
        "<w:document xmlns:w=\"w\"><w:body><w:p><w:t>IBAN FR76 3000 6000 0112 3456 7890 189"
        "</w:t></w:p><w:p><w:t>broken</w:p><w:p><w:t>lost</w:t></w:p></w:body></w:document>"}});
  const Outcome o = IngestHostile(dir, {{"broken.eml", MailWithDocx(docx)}});
  EXPECT_TRUE(o.HasDefect("broken.eml", "attachment-partly-read"));
  EXPECT_EQ(o.summary["findings"], 2);  // the IBAN before the break is found
}

TEST(Hostile, AnMboxCutInTheMiddleOfAMessageKeepsWhatIsThere) {
  ScopedTempDir dir;
  const std::string mbox =
      std::string("From x Fri Sep 12 09:30:00 2025\n") + kGood +
      "\nFrom y Fri Sep 12 09:31:00 2025\nFrom: c@example.com\n"
      "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\n"
      "IBAN FR76 3000 6000 0112 3456 7890 189 and then the fi";
  const Outcome o = IngestHostile(dir, {{"cut.mbox", mbox}});
  ASSERT_NE(o.Find("cut.mbox", 1), nullptr);
  EXPECT_TRUE(o.HasDefect("cut.mbox", "truncated-message"));
  // good.eml and the mbox's first message are the same bytes: one duplicate.
  EXPECT_EQ(o.summary["duplicate_messages"], 1);
  EXPECT_EQ(o.summary["findings"], 3);  // the phone twice (both copies), the IBAN
}

TEST(Hostile, CrOnlyAndCrlfLineEndsReadLikeLf) {
  ScopedTempDir dir;
  std::string cr =
      "From: c@example.com\nTo: d@example.com\nSubject: cr\n\nIBAN FR76 3000 6000 0112 3456 7890 "
      "189\n";
  std::string crlf =
      "From: e@example.com\nTo: f@example.com\nSubject: crlf\n\nIBAN FR76 3000 6000 0112 3456 7890 "
      "189\n";
  for (size_t i; (i = cr.find('\n')) != std::string::npos;) cr[i] = '\r';
  for (size_t i = 0; (i = crlf.find('\n', i)) != std::string::npos; i += 2) crlf.insert(i, "\r");
  const Outcome o = IngestHostile(dir, {{"cr.eml", cr}, {"crlf.eml", crlf}});
  for (const char* f : {"cr.eml", "crlf.eml"}) {
    const json* m = o.Find(f);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ((*m)["to"].size(), 1u) << m->dump();
    EXPECT_EQ((*m)["from"].size(), 1u) << m->dump();
  }
  EXPECT_EQ((*o.Find("cr.eml"))["subject"], "cr");
  EXPECT_EQ((*o.Find("crlf.eml"))["subject"], "crlf");
  EXPECT_TRUE(o.HasDefect("cr.eml", "cr-line-ends"));
  EXPECT_EQ(o.summary["findings"], 3);
}

// A server's CRLF copy of a mail and the sender's LF copy (same Message-ID) are one message:
// its text reads the same, its signature's name included (helper-63: the CRLF copy lost the
// name, added nothing the other did not, yet was no duplicate, and each patient of it was
// counted one message more).
TEST(Hostile, ACrlfCopyOfAMailIsADuplicateOfItsLfCopy) {
  ScopedTempDir dir;
  const std::string lf =
      "From: Nathalie Berthier <n.berthier@clinique.example>\nTo: x@gmail.example\nSubject: "
      "planning\nMessage-ID: <s12@clinique.example>\nDate: Mon, 17 Mar 2025 08:51:00 +0100\n"
      "\nBonjour,\n- Bernard Roussel, tel. 06 12 34 56 78, jeudi 10h\n\nMerci,\n--\nNathalie "
      "Berthier\nSecretariat medical - Clinique des Tilleuls\n";
  std::string crlf = lf;
  for (size_t i = 0; (i = crlf.find('\n', i)) != std::string::npos; i += 2) crlf.insert(i, "\r");
  const Outcome o = IngestHostile(dir, {{"lf.eml", lf}, {"crlf.eml", crlf}});
  EXPECT_EQ(o.summary["duplicate_messages"], 1) << o.err;
  // `findings` marks the copy's findings and counts them apart, not twice (the good mail's
  // phone and the kept copy's: 2 original, 1 in a copy; helper-74: "nir
  // 364" for 182 rows kept).
  const auto found = RunBreachkit({"--db", dir.File("i.db"), "findings", "--category", "phone"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("(in a duplicate copy, not counted again)"), std::string::npos)
      << found.out;
  EXPECT_NE(found.out.find("category              original  quoted  in duplicate copies\n"
                           "phone                        2       0                     1\n"),
            std::string::npos)
      << found.out;
}

// A CSV with a quote not closed where its cell ends: the next row is read as its own, the
// row named, exit 3, and the figures' warning says a row was read by a guess (helper-74: an
// employee lost without a word, his NIR in a neighbour's address preview).
TEST(Hostile, ACsvQuoteNotClosedIsNamedAndTheNextRowKept) {
  ScopedTempDir dir;
  const std::string csv =
      "Nom;Prénom;NIR;Adresse\r\nGauthier;Camille;292114276183068;\"112 allée des Chênes, "
      "69100 Villeurbanne\r\nRobin;Jérôme;170083858567397;\"106 avenue Jean Jaurès, 69100 "
      "Villeurbanne\"\r\n";
  const std::string mail =
      "From: rh@example.org\nTo: x@gmail.example\nSubject: paie\nMessage-ID: <csv@example.org>\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: "
      "text/plain\n\nci-joint\n--B\nContent-Type: text/csv; charset=utf-8; name=paie.csv\n"
      "Content-Disposition: attachment; filename=paie.csv\n\n" +
      csv + "--B--\n";
  const Outcome o = IngestHostile(dir, {{"paie.eml", mail}}, 3);
  EXPECT_TRUE(o.HasDefect("paie.eml", "table-malformed"));
  const auto summary = RunBreachkit({"--db", dir.File("i.db"), "summary"});
  EXPECT_NE(summary.out.find("row 2 of the file: the quote that opens column 4 is not closed "
                             "where its cell ends; read as a character"),
            std::string::npos)
      << summary.out;
  EXPECT_NE(summary.err.find("(1 with a malformed row)"), std::string::npos) << summary.err;
  const auto nir = RunBreachkit({"--db", dir.File("i.db"), "findings", "--category", "nir"});
  EXPECT_NE(nir.out.find("nir                          2"), std::string::npos) << nir.out;
  EXPECT_EQ(nir.out.find("170083858567397"), std::string::npos) << nir.out;
}

// A finding in a message nested two deep (a forward of a forward) inside a duplicate copy is
// the copy's too (helper-76: it was counted as an original).
TEST(Hostile, AFindingNestedTwoDeepInADuplicateCopyIsTheCopys) {
  ScopedTempDir dir;
  const std::string inner =
      "From: a@x.example\nTo: b@x.example\nSubject: inner\nMessage-ID: <in@x.example>\n\n"
      "Mon IBAN : FR76 3000 6000 0112 3456 7890 189\n";
  const std::string middle =
      "From: b@x.example\nTo: c@x.example\nSubject: Fwd: inner\n"
      "Message-ID: <mid@x.example>\nMIME-Version: 1.0\nContent-Type: "
      "multipart/mixed; boundary=M\n\n--M\nContent-Type: text/plain\n\n"
      "voir\n--M\nContent-Type: message/rfc822\n\n" +
      inner + "--M--\n";
  const std::string lf =
      "From: c@x.example\nTo: d@y.example\nSubject: Fwd: Fwd: inner\n"
      "Message-ID: <out@x.example>\nDate: Mon, 17 Mar 2025 08:51:00 +0100\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=O\n\n--O\n"
      "Content-Type: text/plain\n\nFYI\n--O\nContent-Type: message/rfc822\n\n" +
      middle + "--O--\n";
  std::string crlf = lf;
  for (size_t i = 0; (i = crlf.find('\n', i)) != std::string::npos; i += 2) crlf.insert(i, "\r");
  const Outcome o = IngestHostile(dir, {{"lf.eml", lf}, {"crlf.eml", crlf}});
  ASSERT_EQ(o.summary["duplicate_messages"], 1) << o.err;
  const auto found = RunBreachkit({"--db", dir.File("i.db"), "findings", "--category", "iban"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("iban                         1       0                     1\n"),
            std::string::npos)
      << found.out;
}

// A bounce sample of bare-CR line ends starting with an mbox From_ line (as a classic Mac OS
// client saved it) reads as its LF copy: both messages, their addresses and the IBAN.
TEST(Hostile, ABareCrMboxReadsLikeItsLfCopy) {
  ScopedTempDir dir;
  const std::string lf =
      "From MAILER-DAEMON Fri Sep 12 09:30:00 2025\nFrom: MAILER-DAEMON@example.com\n"
      "To: c@example.com\nSubject: bounce\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n\n"
      "From d@example.com Fri Sep 12 09:31:00 2025\nFrom: d@example.com\nTo: e@example.com\n"
      "Subject: second\n\n>From the start\n";
  std::string cr = lf;
  for (char& c : cr) c = c == '\n' ? '\r' : c;
  const Outcome o = IngestHostile(dir, {{"cr.mbox", cr}, {"lf.mbox", lf}});
  EXPECT_EQ(o.summary["unparsed_messages"], 0) << o.err;
  for (const char* f : {"cr.mbox", "lf.mbox"}) {
    for (int i = 0; i < 2; ++i) {
      const json* m = o.Find(f, i);
      ASSERT_NE(m, nullptr) << f << " " << i;
      EXPECT_TRUE((*m)["unparsed"].is_null()) << m->dump();
      EXPECT_EQ((*m)["to"].size(), 1u) << m->dump();
      EXPECT_EQ((*m)["subject"], i == 0 ? "bounce" : "second");
    }
  }
  EXPECT_TRUE(o.HasDefect("cr.mbox", "cr-line-ends"));
  EXPECT_FALSE(o.HasDefect("lf.mbox", "cr-line-ends"));
}

// --- Tables in attachments (doc/design.md, "Tables in attachments") ---

// A message from the payroll clerk, a phone number in its body, `bytes` attached.
std::string MailWithTable(const std::string& type, const std::string& filename,
                          const std::string& bytes) {
  return "From: paie@corp.example\nTo: x@other.example\nSubject: paie\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\n"
         "Vous pouvez me joindre au 06 12 34 56 79.\n--B\nContent-Type: " +
         type + "\nContent-Disposition: attachment; filename=" + filename +
         "\nContent-Transfer-Encoding: base64\n\n" + Base64(bytes) + "\n--B--\n";
}

const char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string XlsxSheet(const std::string& rows, const std::string& after = "") {
  return MakeZip({{"xl/worksheets/sheet1.xml",
                   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
                   "main\"><sheetData>" +
                       rows + "</sheetData>" + after + "</worksheet>"}});
}

std::string InlineCell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

json SummaryOf(const ScopedTempDir& dir) {
  auto r = RunBreachkit({"--db", dir.File("i.db"), "summary", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

// The defects of the message from file `suffix`, as `messages --json` lists them.
std::vector<std::string> DefectsOf(const Outcome& o, const std::string& suffix) {
  const json* m = o.Find(suffix);
  std::vector<std::string> out;
  if (m) {
    for (const auto& d : (*m)["defects"]) out.push_back(d.get<std::string>());
  }
  return out;
}

// A CSV of a header and `persons` rows with an address, then filler rows up to `rows`.
std::string BigCsv(int64_t rows, int64_t persons) {
  std::string csv = "Nom;E-mail\r\n";
  csv.reserve(static_cast<size_t>(rows) * 32);
  char line[64];
  for (int64_t i = 0; i < rows; ++i) {
    const int n = i < persons ? std::snprintf(line, sizeof line, "Personne;p%07lld@example.org\r\n",
                                              static_cast<long long>(i))
                              : std::snprintf(line, sizeof line, "ligne %07lld sans personne;-\r\n",
                                              static_cast<long long>(i));
    csv.append(line, static_cast<size_t>(n));
  }
  return csv;
}

// A million-row CSV (about 30 MB) through the CLI: the reading stops at the row limit with a
// defect that says where and holds no cell, the rows before it are persons, the message's
// other data are recorded and the run succeeds. The rows past the first thousand hold no one,
// so that the case stays quick; the exact count at the limit is the next case's.
TEST(Hostile, AMillionRowCsvStopsAtTheRowLimitAndKeepsTheRest) {
  ScopedTempDir dir;
  const std::string csv = BigCsv(1'000'000, 1'000);
  ASSERT_GT(csv.size(), 25'000'000u);
  const Outcome o =
      IngestHostile(dir, {{"million.eml", MailWithTable("text/csv", "paie.csv", csv)}});
  const auto defects = DefectsOf(o, "million.eml");
  ASSERT_EQ(defects.size(), 1u) << o.err;
  EXPECT_EQ(defects[0],
            "table-limit (2): row limit 200000 reached: rows after 200000 of the file not read; "
            "their data not recorded");
  const json* m = o.Find("million.eml");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ((*m)["subject"], "paie");
  EXPECT_EQ((*m)["attachments"][0]["size"], csv.size());
  const json summary = SummaryOf(dir);
  // The thousand rows' persons, plus the two senders (no profile: counted as affected).
  EXPECT_EQ(summary["persons_affected"], 1'000 + 2) << summary.dump();
  // Their names and addresses, and the phone number of each body.
  EXPECT_EQ(o.summary["findings"], 2 * 1'000 + 2) << o.summary.dump();
}

// At the limit itself: 200,000 rows kept (the header is one of them), 199,999 persons, and the
// text of the attachment still whole for the detectors.
TEST(Hostile, AMillionRowCsvKeepsExactlyTheRowLimit) {
  const std::string csv = BigCsv(1'000'000, 1'000'000);
  auto mail = ParseMail(
      "From: paie@corp.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed;"
      " boundary=B\n\n--B\nContent-Type: text/csv\nContent-Disposition: "
      "attachment; filename=paie.csv\n\n" +
      csv + "--B--\n");
  ASSERT_TRUE(mail) << mail.error().message;
  const MailMessage& m = mail->messages.at(0);
  ASSERT_EQ(m.parts.size(), 1u);
  ASSERT_EQ(m.parts[0].tables.size(), 1u);
  const Table& t = m.parts[0].tables[0];
  EXPECT_EQ(t.rows.size(), 200'000u);
  EXPECT_EQ(t.rows_read, 200'000);
  EXPECT_TRUE(t.truncated);
  EXPECT_EQ(t.rows.back(), (std::vector<std::string>{"Personne", "p0199998@example.org"}));
  EXPECT_EQ(ReadTablePersons(t).persons.size(), 199'999u);
  ASSERT_EQ(m.defects.size(), 1u);
  EXPECT_EQ(m.defects[0].kind, "table-limit");
  EXPECT_EQ(m.defects[0].detail.find("example.org"), std::string::npos);
  EXPECT_NE(m.parts[0].text.find("p0999999@example.org"), std::string::npos);
}

// A row 10,000 columns wide stops the reading at that row: the rows before it are read, the
// defect names the row and the column, and nothing is made 10,000 columns wide.
TEST(Hostile, TenThousandColumnsStopAtTheColumnLimit) {
  ScopedTempDir dir;
  std::string wide = "<row r=\"4\">";
  for (int c = 1; c <= 10'000; ++c) wide += "<c t=\"inlineStr\"><is><t>x</t></is></c>";
  wide += "</row>";
  const std::string xlsx = XlsxSheet(
      "<row r=\"1\">" + InlineCell("A1", "Nom") + InlineCell("B1", "E-mail") + "</row>" +
      "<row r=\"2\">" + InlineCell("A2", "Durand") + InlineCell("B2", "l.durand@example.org") +
      "</row><row r=\"3\">" + InlineCell("A3", "Martin") +
      InlineCell("B3", "p.martin@example.org") + "</row>" + wide);
  std::string csv;
  for (int c = 0; c < 10'000; ++c) csv += "colonne;";
  csv += "\r\nl.durand@example.org;\r\n";
  const Outcome o =
      IngestHostile(dir, {{"wide.eml", MailWithTable(kXlsxType, "paie.xlsx", xlsx)},
                          {"wide-csv.eml", MailWithTable("text/csv", "large.csv", csv)}});
  EXPECT_EQ(DefectsOf(o, "wide.eml"),
            (std::vector<std::string>{"table-limit (2): column limit 1000 reached: row 4 of sheet "
                                      "'sheet1' has a value in column 1001; it and the rows after "
                                      "it not read; their data not recorded"}));
  EXPECT_EQ(DefectsOf(o, "wide-csv.eml"),
            (std::vector<std::string>{"table-limit (2): column limit 1000 reached: row 1 of the "
                                      "file has a value in column 1001; it and the rows after it "
                                      "not read; their data not recorded"}));
  // Durand and Martin from the sheet (the CSV's row after the wide one is not read), the
  // senders of the three messages.
  EXPECT_EQ(SummaryOf(dir)["persons_affected"], 2 + 2);
}

// An encrypted XLSX is an OLE compound file, not a zip: the table is said to be unreadable,
// naming the part, and the rest of the message is read.
TEST(Hostile, AnEncryptedXlsxIsAnUnreadableTableAndNothingElseIsLost) {
  ScopedTempDir dir;
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  for (int i = 0; i < 4096; ++i) ole.push_back(static_cast<char>((i * 31) % 256));
  const Outcome o = IngestHostile(dir, {{"ole.eml", MailWithTable(kXlsxType, "paie.xlsx", ole)}},
                                  kAttachmentNotRead);
  const auto defects = DefectsOf(o, "ole.eml");
  EXPECT_NE(std::find(defects.begin(), defects.end(),
                      "table-unreadable (2): encrypted or legacy Office file (OLE compound "
                      "document): not read"),
            defects.end())
      << json(defects).dump();
  const json* m = o.Find("ole.eml");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ((*m)["attachments"][0]["filename"], "paie.xlsx");
  EXPECT_EQ((*m)["attachments"][0]["size"], ole.size());
  EXPECT_EQ(o.summary["findings"], 2);  // the phone numbers of both bodies
}

// Merged cells (the value in the first cell only) and formulas with and without a cached
// value: the cells read as a spreadsheet shows them, each row with an address its person.
TEST(Hostile, MergedCellsAndFormulasReadAsDisplayed) {
  ScopedTempDir dir;
  const std::string xlsx =
      XlsxSheet("<row r=\"1\">" + InlineCell("A1", "Nom") + InlineCell("B1", "E-mail") +
                    InlineCell("C1", "Salaire brut") + "</row><row r=\"2\">" +
                    InlineCell("A2", "Durand") + InlineCell("B2", "l.durand@example.org") +
                    "<c r=\"C2\"><f>1500*2</f><v>3000</v></c></row><row r=\"3\">" +
                    InlineCell("A3", "Martin") + InlineCell("B3", "p.martin@example.org") +
                    "<c r=\"C3\"><f>C2+1</f></c></row><row r=\"4\"><c r=\"A4\"/>" +
                    InlineCell("B4", "j.martin@example.org") +
                    "<c r=\"C4\" t=\"str\"><f>TEXT(C2,\"0\")</f><v>3000</v></c></row>",
                "<mergeCells count=\"1\"><mergeCell ref=\"A3:A4\"/></mergeCells>");
  auto tables = ExtractTables(xlsx, TableFormat::kXlsx);
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].rows,
            (std::vector<std::vector<std::string>>{{"Nom", "E-mail", "Salaire brut"},
                                                   {"Durand", "l.durand@example.org", "3000"},
                                                   {"Martin", "p.martin@example.org"},
                                                   {"", "j.martin@example.org", "3000"}}));
  const Outcome o =
      IngestHostile(dir, {{"merged.eml", MailWithTable(kXlsxType, "paie.xlsx", xlsx)}});
  EXPECT_TRUE(DefectsOf(o, "merged.eml").empty()) << json(DefectsOf(o, "merged.eml")).dump();
  EXPECT_EQ(SummaryOf(dir)["persons_affected"], 3 + 2);  // three rows, two senders
}

// A table without a header is read by its values: a column of addresses and one of phone
// numbers make each row a person.
TEST(Hostile, ATableWithoutHeaderIsReadByItsValues) {
  ScopedTempDir dir;
  const std::string csv =
      "l.durand@example.org;06 12 34 56 71;Remboursement\r\n"
      "p.martin@example.org;06 12 34 56 72;Remboursement\r\n"
      "a.bernard@example.org;06 12 34 56 73;Avance\r\n";
  const Outcome o =
      IngestHostile(dir, {{"nohead.eml", MailWithTable("text/csv", "frais.csv", csv)}});
  EXPECT_TRUE(DefectsOf(o, "nohead.eml").empty());
  const json summary = SummaryOf(dir);
  EXPECT_EQ(summary["persons_affected"], 3 + 2) << summary.dump();
  // Each row's address and phone, and the phone of each body.
  EXPECT_EQ(o.summary["findings"], 3 * 2 + 2);
}

std::string MailWithPdf(const std::string& pdf, const std::string& type = "application/pdf") {
  return "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
         "--B\nContent-Type: text/plain\n\nTel 06 39 98 12 34\n--B\nContent-Type: " +
         type +
         "\nContent-Disposition: attachment; filename=bulletin.pdf\n"
         "Content-Transfer-Encoding: base64\n\n" +
         Base64(pdf) + "\n--B--\n";
}

// A PDF that needs a password is said to be unread, naming its part, and the rest of the
// message is read; poppler says nothing on stderr.
TEST(Hostile, AnEncryptedPdfIsAnUnreadableAttachmentAndNothingElseIsLost) {
  ScopedTempDir dir;
  const std::string pdf =
      testing::EncryptPdf(testing::MakePdf({"IBAN FR76 3000 6000 0112 3456 7890 189"}), "pw");
  const Outcome o = IngestHostile(dir, {{"locked.eml", MailWithPdf(pdf)}}, kAttachmentNotRead);
  EXPECT_EQ(DefectsOf(o, "locked.eml"),
            (std::vector<std::string>{"attachment-unreadable (2): encrypted PDF: not read"}));
  const json* m = o.Find("locked.eml");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ((*m)["attachments"][0]["filename"], "bulletin.pdf");
  EXPECT_EQ((*m)["attachments"][0]["size"], pdf.size());
  EXPECT_EQ(o.summary["findings"], 2);  // the phone numbers of both bodies, no IBAN
  EXPECT_EQ(o.err.find("rror"), std::string::npos) << o.err;  // nothing of poppler's
}

// Garbage named .pdf, and a PDF cut after its first bytes: each an unreadable attachment with
// the reason, no crash, nothing of poppler's on stderr.
TEST(Hostile, AGarbageOrTruncatedPdfIsAnUnreadableAttachment) {
  ScopedTempDir dir;
  std::string garbage = "%PDF-1.7\n";
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  const std::string cut =
      testing::MakePdf({"IBAN FR76 3000 6000 0112 3456 7890 189"}).substr(0, 80);
  const Outcome o =
      IngestHostile(dir,
                    {{"garbage.eml", MailWithPdf(garbage, "application/octet-stream")},
                     {"cut.eml", MailWithPdf(cut)}},
                    kAttachmentNotRead);
  for (const char* file : {"garbage.eml", "cut.eml"}) {
    const auto defects = DefectsOf(o, file);
    ASSERT_EQ(defects.size(), 1u) << file;
    EXPECT_TRUE(defects[0].starts_with("attachment-unreadable (2): not a readable PDF: "))
        << defects[0];
  }
  EXPECT_EQ(o.summary["findings"], 3);  // the phone numbers of the three bodies
  EXPECT_EQ(o.err.find("rror"), std::string::npos) << o.err;  // nothing of poppler's
}

// 501 pages: the first 500 are read (the IBAN of page 1 and the address of page 500 found),
// and the defect says how many pages were read of how many.
TEST(Hostile, APdfOverThePageLimitStopsThereAndSaysSo) {
  ScopedTempDir dir;
  std::vector<std::string> pages(501, "page");
  pages[0] = "IBAN FR76 3000 6000 0112 3456 7890 189";
  pages[499] = "page 500: last.read@mail.example";
  pages[500] = "page 501: not.read@mail.example";
  const Outcome o =
      IngestHostile(dir, {{"long.eml", MailWithPdf(testing::MakePdf(pages))}}, kAttachmentNotRead);
  EXPECT_EQ(DefectsOf(o, "long.eml"),
            (std::vector<std::string>{"extraction-limit (2): PDF page limit reached: 500 of 501 "
                                      "pages read, the rest not read"}));
  EXPECT_EQ(o.summary["findings"], 2 + 2);  // both phone numbers, the IBAN, page 500's address
}

}  // namespace
}  // namespace breachkit
