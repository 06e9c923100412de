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
Outcome IngestHostile(const ScopedTempDir& dir, const std::map<std::string, std::string>& files) {
  Outcome o = IngestWithGood(dir, files);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  ExpectGoodRead(o);
  return o;
}

// Named on the command line, they are recorded as unparsed messages and the run is
// partial (exit 3); met while walking a folder, they are not mail and are listed as
// skipped, with the reason, on stderr and in the JSON summary.
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
  const json summary = json::parse(r.out.substr(r.out.rfind('{')));
  EXPECT_EQ(summary["messages"], 3);
  EXPECT_EQ(summary["unparsed_messages"], 2);
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
  const Outcome o = IngestHostile(dir, {{"nested.eml", m}});
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
  const Outcome o = IngestHostile(dir, {{"parts.mbox", ThenIban(m)}});
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
  const Outcome o = IngestHostile(dir, {{"bomb.eml", MailWithDocx(docx)}});
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

}  // namespace
}  // namespace breachkit
