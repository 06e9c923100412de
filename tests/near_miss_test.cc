// Near misses: values that failed one check a human can judge, and Art. 9 terms in sentences
// about no one. They are findings with a "near-miss:" validation and confidence 0.5, shown
// for review and counted nowhere until confirmed; they never win an overlap.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/detect/detector.h"

namespace breachkit {
namespace {

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

}  // namespace
}  // namespace breachkit
