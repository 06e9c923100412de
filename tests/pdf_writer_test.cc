#include "reports/pdf_writer.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include "tests/test_util.h"

namespace breachkit {
namespace {

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

// A one-section document with `paragraph`, and options with a fixed creation date: the same
// input must give the same bytes.
Document SmallDocument(const std::string& paragraph) {
  return {"Même entrée",
          "Garonne",
          "sujet",
          {Section{"S", {Paragraph{paragraph}, KeyValues{{{"a", "b"}}}}}}};
}
PdfOptions FixedDate() {
  PdfOptions o;
  o.creation_date = 1'757'664'000;
  return o;
}

TEST(PdfWriter, NamesInAnyScriptComeBackOutOfThePdfExactly) {
  ScopedTempDir dir;
  const std::string names = "Nguyễn Thị Hương, Łukasz Wójcik, Zoë Ørsted, François Lœwenbrück";
  Document doc{
      "Test",
      "breachkit",
      "",
      {Section{"Noms", {Paragraph{names}, Paragraph{"Ελένη Παπαδοπούλου — Дмитрий Иванов"}}}}};
  auto pdf = RenderPdf(doc, {});
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->pages, 1);
  EXPECT_TRUE(pdf->bytes.starts_with("%PDF-"));
  testing::WriteFile(dir.File("names.pdf"), pdf->bytes);
  const std::string text = PdfToText(dir.File("names.pdf"));
  EXPECT_NE(text.find(names), std::string::npos) << text;
  EXPECT_NE(text.find("Ελένη Παπαδοπούλου"), std::string::npos) << text;
}

TEST(PdfWriter, TheSameDocumentGivesTheSameBytes) {
  const Document doc = SmallDocument("Zoë");
  const PdfOptions o = FixedDate();
  auto a = RenderPdf(doc, o);
  auto b = RenderPdf(doc, o);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->bytes, b->bytes);
}

// `run` draws its PDFs on threads that end with their stage (RunStage): what a thread drew
// with, its Pango font map with the fonts it opened, must go when it ends, not stay for the
// rest of the run. Pango sorts fonts on a pool thread of its own, and a sort still running
// holds the map a moment longer: it must go once that is over (a deadline of seconds).
TEST(PdfWriter, AThreadsFontMapGoesWhenTheThreadEnds) {
  const Document doc = SmallDocument("Zoë Ωμέγα");
  // Set by whichever thread drops the map's last reference; static, so that a map freed after
  // a failed wait still writes to something that lives.
  static std::atomic<bool> freed;
  freed = false;
  std::string bytes;
  std::thread([&] {
    if (auto r = RenderPdf(doc, FixedDate())) bytes = r->bytes;
    g_object_weak_ref(
        G_OBJECT(pango_cairo_font_map_get_default()),
        [](gpointer flag, GObject*) { static_cast<std::atomic<bool>*>(flag)->store(true); },
        &freed);
  }).join();
  ASSERT_FALSE(bytes.empty());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!freed.load() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(freed.load()) << "the ended thread's font map is still referenced after 20 s";
}

// Letters are drawn by several threads, each with its own Pango font map and layout cache: a
// letter's bytes must not depend on which thread drew it, nor on what that thread drew first.
TEST(PdfWriter, AnotherThreadGivesTheSameBytes) {
  const Document doc = SmallDocument("Zoë Ωμέγα");
  Document other{"Autre", "Garonne", "x", {Section{"T", {Paragraph{"**gras** et _rien_"}}}}};
  const PdfOptions o = FixedDate();
  auto here = RenderPdf(doc, o);
  ASSERT_TRUE(here);
  std::string there, after_another;
  std::thread([&] {
    if (auto r = RenderPdf(doc, o)) there = r->bytes;
  }).join();
  std::thread([&] {
    (void)RenderPdf(other, o);
    if (auto r = RenderPdf(doc, o)) after_another = r->bytes;
  }).join();
  EXPECT_EQ(here->bytes, there);
  EXPECT_EQ(here->bytes, after_another);
}

TEST(PdfWriter, PrepareFontsNamesTheFamilyFontconfigGives) {
  PdfOptions o;
  EXPECT_EQ(PrepareFonts(o), "DejaVu Sans");  // installed by the set-up (fonts-dejavu-core)
  o.font_family = "No Such Family Breachkit";
  const std::string fallback = PrepareFonts(o);
  EXPECT_NE(fallback, o.font_family);  // what `letters` warns about
}

TEST(PdfWriter, LongTablesBreakAcrossPagesWithTheirHeaderRepeated) {
  ScopedTempDir dir;
  TableBlock t{{"Adresse", "Personnes"}, {}};
  for (int i = 0; i < 150; ++i)
    t.rows.push_back({"personne" + std::to_string(i) + "@example.org", std::to_string(i)});
  Document doc{"Table", "", "", {Section{"Liste", {t}}}};
  auto pdf = RenderPdf(doc, {});
  ASSERT_TRUE(pdf);
  EXPECT_GE(pdf->pages, 3);
  testing::WriteFile(dir.File("t.pdf"), pdf->bytes);
  const std::string text = PdfToText(dir.File("t.pdf"));
  size_t headers = 0;
  for (size_t at = text.find("Adresse"); at != std::string::npos; at = text.find("Adresse", at + 1))
    ++headers;
  EXPECT_EQ(headers, static_cast<size_t>(pdf->pages));
  EXPECT_NE(text.find("page 1 / " + std::to_string(pdf->pages)), std::string::npos);
  EXPECT_NE(text.find("personne149@example.org"), std::string::npos);
}

TEST(PdfWriter, SeveralDocumentsInOneFileEachWithItsOwnPageNumbers) {
  ScopedTempDir dir;
  const Document one{"Un", "", "", {Section{"S", {Paragraph{"premier"}}}}};
  const Document two{"Deux", "", "", {Section{"S", {Paragraph{"second"}}}}};
  auto pdf = RenderPdfs({one, two}, {});
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->pages, 2);
  testing::WriteFile(dir.File("both.pdf"), pdf->bytes);
  const std::string text = PdfToText(dir.File("both.pdf"));
  EXPECT_NE(text.find("premier"), std::string::npos) << text;
  EXPECT_NE(text.find("second"), std::string::npos) << text;
  // Each document numbers its own pages: "page 1 / 1" twice, never "page 2 / 2".
  size_t footers = 0;
  for (size_t at = text.find("page 1 / 1"); at != std::string::npos;
       at = text.find("page 1 / 1", at + 1)) {
    ++footers;
  }
  EXPECT_EQ(footers, 2u) << text;
  EXPECT_EQ(text.find("page 2 / 2"), std::string::npos) << text;
}

}  // namespace
}  // namespace breachkit
