#include "reports/pdf_writer.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::ReadFile;
using testing::ScopedTempDir;

std::string PdfToText(const std::string& path) {
  const std::string cmd = "pdftotext -layout -enc UTF-8 '" + path + "' -";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(PdfWriter, NamesInAnyScriptComeBackOutOfThePdfExactly) {
  ScopedTempDir dir;
  const std::string names = "Nguyễn Thị Hương, Łukasz Wójcik, Zoë Ørsted, François Lœwenbrück";
  Document doc{"Test", "breachkit", "", {Section{"Noms", {Paragraph{names},
                                                          Paragraph{"Ελένη Παπαδοπούλου — Дмитрий Иванов"}}}}};
  auto pages = WritePdf(doc, {}, dir.File("names.pdf"));
  ASSERT_TRUE(pages) << pages.error().message;
  EXPECT_EQ(*pages, 1);
  const std::string text = PdfToText(dir.File("names.pdf"));
  EXPECT_NE(text.find(names), std::string::npos) << text;
  EXPECT_NE(text.find("Ελένη Παπαδοπούλου"), std::string::npos) << text;
  EXPECT_EQ(testing::FileMode(dir.File("names.pdf")), 0600);
  EXPECT_TRUE(ReadFile(dir.File("names.pdf")).starts_with("%PDF-"));
}

TEST(PdfWriter, TheSameDocumentGivesTheSameBytes) {
  ScopedTempDir dir;
  Document doc{"Même entrée", "Garonne", "sujet", {Section{"S", {Paragraph{"Zoë"}, KeyValues{{{"a", "b"}}}}}}};
  PdfOptions o;
  o.creation_date = 1'757'664'000;
  ASSERT_TRUE(WritePdf(doc, o, dir.File("a.pdf")));
  ASSERT_TRUE(WritePdf(doc, o, dir.File("b.pdf")));
  EXPECT_EQ(ReadFile(dir.File("a.pdf")), ReadFile(dir.File("b.pdf")));
}

TEST(PdfWriter, LongTablesBreakAcrossPagesWithTheirHeaderRepeated) {
  ScopedTempDir dir;
  Table t{{"Adresse", "Personnes"}, {}};
  for (int i = 0; i < 150; ++i) t.rows.push_back({"personne" + std::to_string(i) + "@example.org", std::to_string(i)});
  Document doc{"Table", "", "", {Section{"Liste", {t}}}};
  auto pages = WritePdf(doc, {}, dir.File("t.pdf"));
  ASSERT_TRUE(pages);
  EXPECT_GE(*pages, 3);
  const std::string text = PdfToText(dir.File("t.pdf"));
  size_t headers = 0;
  for (size_t at = text.find("Adresse"); at != std::string::npos; at = text.find("Adresse", at + 1)) ++headers;
  EXPECT_EQ(headers, static_cast<size_t>(*pages));
  EXPECT_NE(text.find("page 1 / " + std::to_string(*pages)), std::string::npos);
  EXPECT_NE(text.find("personne149@example.org"), std::string::npos);
}

TEST(PdfWriter, AnUnwritablePathIsAnIoErrorNamingIt) {
  auto r = WritePdf(Document{"x", "", "", {}}, {}, "/nonexistent/dir/x.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("/nonexistent/dir/x.pdf"), std::string::npos);
}

}  // namespace
}  // namespace breachkit
