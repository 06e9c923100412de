// Near misses: values that failed one check a human can judge, and Art. 9 terms in sentences
// about no one. They are findings with a "near-miss:" validation and confidence 0.5, shown
// for review and counted nowhere until confirmed; they never win an overlap.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/detect/detector.h"

namespace breachkit {
namespace {

std::vector<Finding> Of(std::string_view text, DataCategory c) {
  std::vector<Finding> all = DetectAll(text);
  std::erase_if(all, [&](const Finding& f) { return f.category != c; });
  return all;
}

// The one finding of category `c` in `text`, with its validation.
std::string ValidationOf(std::string_view text, DataCategory c) {
  const auto found = Of(text, c);
  if (found.size() != 1) return "(" + std::to_string(found.size()) + " findings)";
  return std::string(found[0].validation);
}

TEST(NearMissDetection, AnIbanWhoseRibKeyFailsIsANearMissNotDropped) {
  // FR06 …188: the RIB key of FR76 3000 6000 0112 3456 7890 189 changed to 88, and the IBAN
  // check digits computed again over it: mod 97 holds, the RIB key does not.
  for (const std::string written :
       {"FR06 3000 6000 0112 3456 7890 188", "FR0630006000011234567890188",
        "MC31 1122 2000 0101 2345 6789 031"}) {
    const auto ibans = Of("Voici mon RIB : " + written + " merci", DataCategory::kIban);
    ASSERT_EQ(ibans.size(), 1u) << written;
    EXPECT_EQ(std::string(ibans[0].validation), "near-miss:rib-key") << written;
    EXPECT_EQ(ibans[0].confidence, 0.5);
    EXPECT_TRUE(IsNearMiss(ibans[0]));
    EXPECT_EQ(ibans[0].value.size(), 27u);
    EXPECT_FALSE(IbanValid(ibans[0].value)) << "IbanValid still says no";
  }
  // The valid ones are as they were.
  const auto valid = Of("IBAN FR76 3000 6000 0112 3456 7890 189", DataCategory::kIban);
  ASSERT_EQ(valid.size(), 1u);
  EXPECT_EQ(std::string(valid[0].validation), "mod97+rib-key");
  EXPECT_EQ(valid[0].confidence, 0.99);
  EXPECT_EQ(ValidationOf("MC58 1122 2000 0101 2345 6789 030", DataCategory::kIban), "mod97+format");
  // Mod 97 failing is no IBAN at all: nothing, near miss or not.
  EXPECT_TRUE(Of("FR76 3000 6000 0112 3456 7890 188", DataCategory::kIban).empty());
  EXPECT_TRUE(Of("FR06 3000 6000 0112 3456 7890 189", DataCategory::kIban).empty());
}

TEST(NearMissDetection, ACardNumberFailingLuhnNextToACardWordIsANearMiss) {
  for (const char* text : {
           "carte 4970 1012 3456 7894 exp 12/27",
           "Numéro de carte bancaire : 4970101234567894",
           "my Visa card 4970-1012-3456-7894",
           "CB 5354 8219 9351 8191.",
           "4970 1012 3456 7894, expire fin 2027",
           "4970 1012 3456 7894 CVV 123",
       }) {
    const auto cards = Of(text, DataCategory::kPaymentCard);
    ASSERT_EQ(cards.size(), 1u) << text;
    EXPECT_EQ(std::string(cards[0].validation), "near-miss:luhn") << text;
    EXPECT_EQ(cards[0].confidence, 0.5) << text;
  }
  EXPECT_EQ(Of("carte 4970 1012 3456 7894", DataCategory::kPaymentCard)[0].value,
            "4970101234567894");
}

TEST(NearMissDetection, ACardNumberFailingLuhnWithoutACardWordIsNothing) {
  for (const char* text : {
           "commande 4970 1012 3456 7894 expédiée",
           "ref 4970101234567894",
           // The word is in another clause, or too far.
           "Ma carte est bloquée. Dossier 4970 1012 3456 7894",
           "carte\n4970 1012 3456 7894",
           "la carte que je vous ai envoyée la semaine dernière, ref 4970 1012 3456 7894",
           // Shaped like no card: an unknown issuer, one digit repeated, a SIRET's grouping,
           // after "SIRET".
           "carte de fidélité 9970 1012 3456 7894",
           "carte 0000 0000 0000 0000",
           "carte 4970 101 234 5678 94",
           "carte SIRET 4970101234567894",
       }) {
    EXPECT_TRUE(Of(text, DataCategory::kPaymentCard).empty()) << text;
  }
}

TEST(NearMissDetection, ValidCardsAreAsTheyWere) {
  EXPECT_EQ(ValidationOf("carte 4970 1012 3456 7893 exp 12/27", DataCategory::kPaymentCard),
            "luhn+issuer");
  // A valid number needs no card word.
  EXPECT_EQ(ValidationOf("ref 4970 1012 3456 7893", DataCategory::kPaymentCard), "luhn+issuer");
  EXPECT_EQ(Of("carte 4970 1012 3456 7893", DataCategory::kPaymentCard)[0].confidence, 0.9);
}

Finding Made(DataCategory c, size_t begin, size_t end, std::string_view validation,
             double confidence) {
  return {c, "test", begin, end, "v", confidence, validation, false};
}

TEST(NearMissDetection, ANearMissNeverWinsOverAValidatedFindingOnTheSameSpan) {
  // Whatever their categories: an IBAN near miss loses to a phone number (the weakest of the
  // competing categories), and to a postal address.
  for (DataCategory validated : {DataCategory::kPhone, DataCategory::kPostalAddress,
                                 DataCategory::kNir, DataCategory::kEmail}) {
    for (bool near_first : {true, false}) {
      std::vector<Finding> all;
      const Finding near = Made(DataCategory::kIban, 10, 40, "near-miss:rib-key", 0.5);
      const Finding valid = Made(validated, 20, 30, "libphonenumber", 1.0);
      all.push_back(near_first ? near : valid);
      all.push_back(near_first ? valid : near);
      const auto kept = ResolveOverlaps(all);
      ASSERT_EQ(kept.size(), 1u);
      EXPECT_EQ(kept[0].category, validated);
    }
  }
  // Between two near misses, the category's rank still decides; apart, both are kept.
  auto kept = ResolveOverlaps({Made(DataCategory::kPaymentCard, 0, 19, "near-miss:luhn", 0.5),
                               Made(DataCategory::kIban, 5, 30, "near-miss:rib-key", 0.5)});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].category, DataCategory::kIban);
  kept = ResolveOverlaps({Made(DataCategory::kPaymentCard, 0, 19, "near-miss:luhn", 0.5),
                          Made(DataCategory::kPhone, 20, 30, "libphonenumber", 1.0)});
  EXPECT_EQ(kept.size(), 2u);
  // Validated findings rank as before: the IBAN over the phone number.
  kept = ResolveOverlaps({Made(DataCategory::kPhone, 5, 15, "libphonenumber", 1.0),
                          Made(DataCategory::kIban, 0, 30, "mod97+rib-key", 0.99)});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].category, DataCategory::kIban);
  // An Art. 9 near miss spans its sentence and competes with nothing.
  kept = ResolveOverlaps({Made(DataCategory::kHealth, 0, 60, "near-miss:no-person", 0.5),
                          Made(DataCategory::kPhone, 5, 15, "libphonenumber", 1.0)});
  EXPECT_EQ(kept.size(), 2u);
}

// A near miss covers nothing for the phone detector (a validated IBAN does): the phone
// numbers DetectAll finds in these texts are those the phone detector finds on its own, as
// before near misses were reported.
TEST(NearMissDetection, TheDigitsOfANearMissAreStillReadForPhoneNumbers) {
  for (const std::string text : {
           "FR49 30006 00001 06 12 34 56 78 906",  // its account number holds 06 12 34 56 78
           "FR03 30006 00001 A 06 12 34 56 78 91",
           "carte 4970 1012 3456 7894, tél 06 12 34 56 78",
       }) {
    std::vector<Finding> all = DetectAll(text);
    ASSERT_TRUE(std::any_of(all.begin(), all.end(), [](const Finding& f) { return IsNearMiss(f); }))
        << text;
    std::vector<Finding> alone;
    DetectPhones(text, &alone);
    std::vector<std::string> want, got;
    for (const Finding& f : alone) want.push_back(f.value);
    for (const Finding& f : all) {
      if (f.category == DataCategory::kPhone) got.push_back(f.value);
    }
    EXPECT_EQ(got, want) << text;
  }
}

// ---------------------------------------------------------------------------------------
// Art. 9 terms: counted ("review") in a sentence about a person, near misses otherwise.

std::string SpecialValidation(std::string_view text, DataCategory c = DataCategory::kHealth) {
  return ValidationOf(text, c);
}

TEST(PersonalContextDetection, ATermAboutNoOneIsANearMiss) {
  for (const char* text : {
           "VFP is disabled",
           "bluetooth disabled on boot",
           "Fighting Cancer: new research",
           "le diabète touche 4 millions de Français",
           "Il faut signaler tout arrêt maladie sous 48 heures.",
           "Il n'y a pas d'arrêt maladie en cours.",
           "Il est important de consulter le médecin du travail.",
           "Les salariés en arrêt maladie préviennent le service RH.",
           "Type I diabetes and pregnancy: new guidance.",
           "Phase I cancer trial results",
           "I/O scheduler disabled on boot",
           "IL-6 levels in cancer patients",
           "Dupont Santé SA, spécialiste du diabète",
           "ME/CFS and depression: a review",
           "Conférence sur la dépression près de Notre-Dame.",
           "Pregnancy test kits don't cost much.",
           "a mere 5% of cancer cases",
       }) {
    const auto found = Of(text, DataCategory::kHealth);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(std::string(found[0].validation), "near-miss:no-person") << text;
    EXPECT_EQ(found[0].confidence, 0.5) << text;
    // The finding still spans the sentence and names its term.
    EXPECT_FALSE(found[0].value.empty());
  }
  EXPECT_EQ(SpecialValidation("La CGT appelle à la grève jeudi.", DataCategory::kTradeUnion),
            "near-miss:no-person");
  EXPECT_EQ(SpecialValidation("Le ramadan commence le 11 mars.", DataCategory::kReligion),
            "near-miss:no-person");
  EXPECT_EQ(SpecialValidation("casier judiciaire exigé pour ce poste", DataCategory::kOffence),
            "near-miss:no-person");
}

TEST(PersonalContextDetection, ATermAboutAPersonStaysCounted) {
  for (const char* text : {
           "je suis diabétique",
           "my wife has cancer",
           "Mme Durand est en arrêt maladie pour dépression",
           "I have been diagnosed with asthma",
           "il est en chimiothérapie",
           "Il est atteint d'un cancer.",
           "J'étais en arrêt maladie en juin.",
           "J’étais en arrêt maladie en juin.",  // typographic apostrophe
           "Elle a fait une dépression.",
           "Son diabète est stabilisé.",
           "Nous avons appris son hospitalisation.",
           "Votre arrêt maladie a bien été reçu.",
           "Pouvez-vous excuser Léa, hospitalisée hier ?",
           "I'm on sick leave until Monday.",
           "I've been on medical leave.",
           "She is pregnant.",
           "His cancer is back.",
           "Notre collègue reprend en mi-temps thérapeutique.",
           "Le patient est diabétique.",
           "The employee is on sick leave.",
           "Ma mère est hospitalisée.",
           "Monsieur, votre dépression",
           "MADAME DURAND EN ARRET MALADIE",
           "Dr Martin confirme le diabète.",
           // English terms a reply-all answer writes ("off sick" was not read).
           "I was off sick last week.",
           "My son is autistic.",
           "I was hospitalised in May.",
           "She has epilepsy.",
           "I am diabetic.",
       }) {
    const auto found = Of(text, DataCategory::kHealth);
    ASSERT_FALSE(found.empty()) << text;
    for (const Finding& f : found) {
      EXPECT_EQ(std::string(f.validation), "review") << text;
      EXPECT_EQ(f.confidence, 0.7) << text;
    }
  }
  // "M." and "Dr." end a sentence as SentenceAround reads it: the title before still counts.
  EXPECT_EQ(SpecialValidation("Bonjour. M. Benali est hospitalisé depuis lundi."), "review");
  EXPECT_EQ(SpecialValidation("Dr. Smith: chemotherapy starts Monday."), "review");
  EXPECT_EQ(SpecialValidation("Je suis délégué syndical.", DataCategory::kTradeUnion), "review");
  EXPECT_EQ(SpecialValidation("Mon compagnon et moi serons là.", DataCategory::kSexualOrientation),
            "review");
}

TEST(PersonalContextDetection, OnlyTheTermsOwnSentenceCounts) {
  // A person in the next sentence does not make the headline about them.
  const std::string text = "Fighting Cancer: new research.\nJe vous écris au sujet de la réunion.";
  EXPECT_EQ(SpecialValidation(text), "near-miss:no-person");
  // Two sentences, two findings, each judged on its own.
  const auto found = Of("Le cancer recule. Mon père a un cancer.", DataCategory::kHealth);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(std::string(found[0].validation), "near-miss:no-person");
  EXPECT_EQ(std::string(found[1].validation), "review");
}

TEST(PersonalContextDetection, PronounsAreWordsNotPartsOfWords) {
  // "ma" in "maladie", "il" in "ils"... are not; "don't" has no French "t'".
  EXPECT_FALSE(PersonalContext("maladie chronique milieu hospitalier", 0, 36));
  EXPECT_FALSE(PersonalContext("don't", 0, 5));
  EXPECT_TRUE(PersonalContext("t'es malade", 0, 11));
  EXPECT_TRUE(PersonalContext("ils", 0, 3));
  EXPECT_FALSE(PersonalContext("MS", 0, 2));
  EXPECT_TRUE(PersonalContext("Ms", 0, 2));
  EXPECT_FALSE(PersonalContext("M 6", 0, 3));
  EXPECT_TRUE(PersonalContext("ce M. le dit", 0, 12));
  EXPECT_FALSE(PersonalContext("enfants", 0, 7));  // a plural names a group
  EXPECT_TRUE(PersonalContext("enfant", 0, 6));
}

}  // namespace
}  // namespace breachkit
