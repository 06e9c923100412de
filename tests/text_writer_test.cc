#include "reports/text_writer.h"

#include <gtest/gtest.h>

namespace breachkit {
namespace {

TEST(TextWriter, RendersEveryBlockKindDeterministically) {
  Document doc;
  doc.title = "Récapitulatif";
  doc.sections.push_back(
      Section{"Personnes",
              {KeyValues{{{"Personnes concernées", "340"}, {"Enregistrements", "1 024"}}},
               TableBlock{{"Catégorie", "Personnes"}, {{"Coordonnées", "340"}, {"Santé", "1"}}},
               BulletList{{"un", "deux"}}, Paragraph{"Texte libre."},
               ToComplete{"Mesures prises", "breachkit set measures TEXT"}}});
  const std::string expected =
      "Récapitulatif\n"
      "=============\n"
      "\n"
      "Personnes\n"
      "---------\n"
      "\n"
      "Personnes concernées: 340\n"
      "Enregistrements:      1 024\n"
      "\n"
      "Catégorie    Personnes\n"
      "-----------  ---------\n"
      "Coordonnées  340\n"
      "Santé        1\n"
      "\n"
      "- un\n"
      "- deux\n"
      "\n"
      "Texte libre.\n"
      "\n"
      "[À compléter] Mesures prises (breachkit set measures TEXT)\n";
  EXPECT_EQ(RenderText(doc), expected);
  EXPECT_EQ(RenderText(doc), RenderText(doc));
  ASSERT_EQ(doc.Missing().size(), 1u);
  EXPECT_EQ(doc.Missing()[0].field, "Mesures prises");
}

TEST(TextWriter, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("Zoë Ørsted"), 10u);
  EXPECT_EQ(DisplayWidth("Łukasz"), 6u);
}

}  // namespace
}  // namespace breachkit
