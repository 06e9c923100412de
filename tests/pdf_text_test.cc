// The text of PDF attachments: ExtractPdfText on PDFs written by the test (MakePdf, and qpdf
// for the encrypted ones), and the parser giving a PDF part its text or a defect. What a user
// sees of it through the command line is in hostile_test.cc.
#include "core/mail/pdf_text.h"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/mail/mime_parser.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::Base64;
using testing::EncryptPdf;
using testing::MakePdf;
using testing::RunBreachkit;
using testing::ScopedTempDir;

TEST(PdfText, KnowsAPdfByItsTypeOrByItsNameWhenTheTypeIsGeneric) {
  EXPECT_TRUE(IsPdf("application/pdf", ""));
  EXPECT_TRUE(IsPdf("application/pdf", "cv.docx"));
  EXPECT_TRUE(IsPdf("application/x-pdf", "scan"));
  EXPECT_TRUE(IsPdf("application/octet-stream", "CV Dupont.PDF"));
  EXPECT_TRUE(IsPdf("binary/octet-stream", "fiche-de-paie.pdf"));
  EXPECT_FALSE(IsPdf("application/octet-stream", "cv.docx"));
  EXPECT_FALSE(IsPdf("application/octet-stream", "pdf"));
  EXPECT_FALSE(IsPdf("image/png", "scan.pdf"));  // a declared type of its own wins
}

// The empty document that keeps poppler's settings for the process is read whole and
// without a word from poppler (its bytes are a valid PDF, its offsets exact); the documents
// read after it are read as before, and their errors still reach them.
TEST(PdfText, PopplersSettingsAreKeptByAnEmptyDocumentReadCleanly) {
  EXPECT_TRUE(KeepPopplerSettings());
  EXPECT_TRUE(KeepPopplerSettings());  // called again: the same kept document
  auto text = ExtractPdfText(MakePdf({"after the kept one"}));
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "after the kept one");
  auto garbage = ExtractPdfText("not a PDF at all, just text");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().message, "not a readable PDF: Couldn't read xref table");
}

TEST(PdfText, ReadsEveryPageInOrderWithABlankLineBetween) {
  auto text = ExtractPdfText(MakePdf({"Page one\nsecond line", "Page two", "Page three"}));
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "Page one\nsecond line\n\nPage two\n\nPage three");
  EXPECT_EQ(text->pages, 3);
  EXPECT_EQ(text->pages_read, 3);
  EXPECT_FALSE(text->truncated);
}

TEST(PdfText, StopsAtThePageLimitAndSaysHowManyPagesWereRead) {
  auto text = ExtractPdfText(MakePdf({"one", "two", "three", "four"}), kMaxPdfTextBytes, 2);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "one\n\ntwo");
  EXPECT_TRUE(text->truncated);
  EXPECT_FALSE(text->text_limit);
  EXPECT_EQ(text->pages_read, 2);
  EXPECT_EQ(text->why, "page limit reached: 2 of 4 pages read, the rest not read");
}

TEST(PdfText, StopsAtTheTextLimitBetweenTwoCharacters) {
  auto text = ExtractPdfText(MakePdf({"first page", "second page"}), 16);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "first page\n\nseco");
  EXPECT_TRUE(text->truncated);
  EXPECT_TRUE(text->text_limit);
  EXPECT_EQ(text->pages_read, 1);
  EXPECT_EQ(text->why,
            "text limit of 16 bytes reached in page 2 of 2: 1 page read whole, the rest not read");
}

TEST(PdfText, AnEmptyPdfOfNoPageIsReadAsNoText) {
  auto text = ExtractPdfText(MakePdf({}));
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "");
  EXPECT_EQ(text->pages, 0);
  EXPECT_FALSE(text->truncated);
}

TEST(PdfText, APdfThatNeedsAPasswordIsNotRead) {
  auto text = ExtractPdfText(EncryptPdf(MakePdf({"secret page"}), "user-secret"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message, "encrypted PDF: not read");
}

// Encrypted with an owner password only, it opens without a password in any reader: a person
// who receives it reads it, and so do we.
TEST(PdfText, APdfEncryptedWithoutAUserPasswordIsRead) {
  auto text = ExtractPdfText(EncryptPdf(MakePdf({"readable page"}), ""));
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "readable page");
}

TEST(PdfText, GarbageAndATruncatedPdfAreErrorsWithTheReason) {
  for (const std::string& bytes :
       {std::string("not a PDF at all, just text"), MakePdf({"a page"}).substr(0, 60)}) {
    auto text = ExtractPdfText(bytes);
    ASSERT_FALSE(text) << bytes;
    EXPECT_EQ(text.error().message, "not a readable PDF: Couldn't read xref table");
  }
  // Too short for poppler to say anything.
  auto header = ExtractPdfText("%PDF-1.4\n");
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().message, "not a readable PDF: poppler could not load it");
  auto empty = ExtractPdfText("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "not a readable PDF: empty");
}

std::string MailWithAttachment(const std::string& type, const std::string& filename,
                               const std::string& bytes) {
  return "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
         "--B\nContent-Type: text/plain\n\nCV\n--B\nContent-Type: " +
         type + "\nContent-Disposition: attachment; filename=" + filename +
         "\nContent-Transfer-Encoding: base64\n\n" + Base64(bytes) + "\n--B--\n";
}

TEST(PdfText, TheParserGivesAPdfAttachmentItsText) {
  for (const char* type : {"application/pdf", "application/octet-stream"}) {
    auto mail = ParseMail(MailWithAttachment(type, "cv.pdf", MakePdf({"Curriculum", "Page 2"})));
    ASSERT_TRUE(mail);
    const MailMessage& m = mail->messages.at(0);
    ASSERT_EQ(m.parts.size(), 2u);
    EXPECT_TRUE(m.parts[1].has_text) << type;
    EXPECT_EQ(m.parts[1].text, "Curriculum\n\nPage 2") << type;
    EXPECT_TRUE(m.defects.empty()) << type;
  }
}

TEST(PdfText, TheParserNamesAnUnreadablePdfPartInADefect) {
  auto mail = ParseMail(MailWithAttachment("application/pdf", "scan.pdf", "%PDF-1.7\ngarbage"));
  ASSERT_TRUE(mail);
  const MailMessage& m = mail->messages.at(0);
  ASSERT_EQ(m.parts.size(), 2u);
  EXPECT_FALSE(m.parts[1].has_text);
  ASSERT_EQ(m.defects.size(), 1u);
  EXPECT_EQ(m.defects[0].kind, "attachment-unreadable");
  EXPECT_EQ(m.defects[0].field, m.parts[1].mime_path);
  EXPECT_TRUE(m.defects[0].detail.starts_with("not a readable PDF: ")) << m.defects[0].detail;
}

// What is left of the message's text budget bounds the PDF: reading stops there, with the
// extraction-limit defect, and the parts after it are not read (text-limit).
TEST(PdfText, TheMessagesTextLimitBoundsAPdf) {
  MailParseOptions options;
  options.max_text_bytes = 20;
  const std::string pdf = Base64(MakePdf({"first page", "second page"}));
  auto mail = ParseMail(
      "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
      "--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n" +
          pdf + "\n--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n" +
          pdf + "\n--B--\n",
      options);
  ASSERT_TRUE(mail);
  const MailMessage& m = mail->messages.at(0);
  ASSERT_EQ(m.parts.size(), 2u);
  EXPECT_EQ(m.parts[0].text, "first page\n\nsecond p");
  ASSERT_EQ(m.defects.size(), 2u);
  EXPECT_EQ(m.defects[0].kind, "extraction-limit");
  EXPECT_EQ(m.defects[0].detail,
            "PDF text limit of 20 bytes reached in page 2 of 2: 1 page read whole, the rest not "
            "read (what was left of the message's text limit)");
  EXPECT_EQ(m.defects[1].kind, "text-limit");
  EXPECT_FALSE(m.parts[1].has_text);
}

// As a user runs it: a CV as a PDF attachment, ingested, and what `findings` lists of it.
TEST(PdfText, TheDataOfAPdfAttachmentAreFoundByIngest) {
  ScopedTempDir dir;
  const std::string eml = dir.File("cv.eml");
  testing::WriteFile(
      eml, MailWithAttachment("application/pdf", "cv.pdf",
                              MakePdf({"Curriculum vitae\nContact: candidate.one@mail.example\n"
                                       "Tel. 06 39 98 12 34",
                                       "Coordonnees bancaires\nIBAN FR76 3000 6000 0112 3456 "
                                       "7890 189"})));
  const std::string db = dir.File("i.db");
  auto ingest = RunBreachkit({"--db", db, "ingest", eml});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_EQ(ingest.err.find("rror"), std::string::npos) << ingest.err;  // nothing of poppler's
  auto findings = RunBreachkit({"--db", db, "findings", "--json"});
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  std::multiset<std::string> in_pdf;
  std::istringstream lines(findings.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json f = nlohmann::json::parse(line);
    // "part:2 document": a CV is a document about one person (core/persons/document_subject.h).
    if (f["location"].get<std::string>().starts_with("part:2"))
      in_pdf.insert(f["category"].get<std::string>() + " " + f["masked"].get<std::string>());
  }
  EXPECT_EQ(in_pdf, (std::multiset<std::string>{"email c••••••@mail.example",
                                                "iban FR76 •••• •••• •••• •••• •••• •89",
                                                "phone +33 6 •• •• •• 34"}))
      << findings.out;
}

}  // namespace
}  // namespace breachkit
