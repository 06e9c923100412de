// Severity of the breach with the ENISA method (Recommendations for a methodology of the
// assessment of severity of personal data breaches, v1.0, December 2013; summarised in
// doc/regulatory.md §4): SE = DPC × EI + CB, every factor derived from the evidence with
// the named rule that set it, and the notification decision (GDPR Art. 33 and 34, EDPB
// Guidelines 9/2022 on open distribution lists, doc/regulatory.md §2 and §3). The DPO can override
// any factor, with a reason. Pure: facts in, assessment out.
#ifndef BREACHKIT_CORE_RISK_ENISA_H_
#define BREACHKIT_CORE_RISK_ENISA_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/detect/finding.h"
#include "core/util/result.h"

namespace breachkit {

enum class Band { kLow, kMedium, kHigh, kVeryHigh };

struct BandInfo {
  Band band;
  std::string_view name;  // "low", "medium", "high", "very high"
  std::string_view fr;    // "faible" ...
  std::string_view cnil;  // gravity on the CNIL form (doc/regulatory.md §1.2 J, our mapping)
};
inline constexpr std::array<BandInfo, 4> kBands{{
    {Band::kLow, "low", "faible", "Négligeable"},
    {Band::kMedium, "medium", "moyen", "Limité"},
    {Band::kHigh, "high", "élevé", "Important"},
    {Band::kVeryHigh, "very high", "très élevé", "Maximal"},
}};
inline constexpr const BandInfo& InfoOf(Band b) { return kBands[static_cast<size_t>(b)]; }
std::optional<Band> BandFromName(std::string_view name);

/// What the evidence (and the DPO) say about the breach.
struct RiskFacts {
  int64_t persons_affected = 0;
  std::map<DataCategory, int64_t> persons_by_category;  // exposed categories (findings)
  bool addresses_exposed = false;
  double name_revealing_share = 0;   // persons shown with their name (display name or address)
  bool recruitment_context = false;  // the messages reveal that people applied for a job
  std::string context_evidence;  // why we think so: the original's subject ("Votre candidature")
  // The original message reveals that its recipients are patients of a health service (its
  // subject: "Rappel : votre consultation de diabétologie"): health data (Art. 9) of every
  // person on its list, whatever their replies say.
  bool health_context = false;
  std::string health_evidence;  // why we think so: the original's subject
  bool vulnerable = false;      // minors or vulnerable persons (the DPO says so)
  int64_t max_audience = 0;
  int64_t third_party_recipients = 0;
  // Of them, those on the original message's lists, third parties only for the rows of a
  // table that reached them (ThirdParty::on_original_list).
  int64_t third_parties_on_list = 0;
  // Mailing lists among the parties (a list's members are not known): the number of
  // recipients is then unknown (ENISA Annex 3, +0.5).
  int64_t mailing_lists = 0;
  bool integrity = false;  // nature of the breach (C is always true for a leak)
  bool availability = false;
  bool malicious = false;       // cause: a malicious act
  bool unintelligible = false;  // the data were encrypted (the DPO says so)
};

/// The persons exposed to the same kinds of data, and their facts (core/risk/facts.h,
/// GroupFactsFrom): the group's persons and categories, the breach's circumstances.
struct RiskGroupFacts {
  std::string kinds;  // "address name phone": ExposedItem kinds, sorted, space-separated
  RiskFacts facts;
};

/// Decision thresholds (organisation profile, <thresholds>). Defaults: notify from medium,
/// inform from high (a common convention, doc/regulatory.md §4.5: ENISA gives none), and the
/// EDPB's "large number of recipients" read as 100 or more (EDPB gives no number).
/// `high_risk_only`: the regime (core/profile/regime.h) asks for a notification only when the
/// risk is high, so the EDPB's examples of a risk (an open list, sensitive data) do not make
/// one due by themselves.
struct RiskPolicy {
  Band notify_from = Band::kMedium;
  Band inform_from = Band::kHigh;
  int64_t large_audience = 100;
  bool high_risk_only = false;
};

/// The DPO's value for one factor, with the reason for it (ENISA: any change of the score
/// must be explained).
struct Override {
  double value = 0;
  std::string why;
  bool operator==(const Override&) const = default;
};

/// The factors the DPO set; a factor without one takes the evidence's value.
struct Overrides {
  std::optional<Override> dpc;
  std::optional<Override> ei;
  std::optional<Override> cb;
  bool operator==(const Overrides&) const = default;
};

struct Reason {
  std::string rule;  // stable name, e.g. "dpc.recruitment-context"
  std::string fr;
  std::string en;
};

struct Factor {
  double value = 0;             // the one the score uses: the DPO's when overridden
  double computed = 0;          // what the evidence gives, shown beside an override
  std::vector<Reason> reasons;  // every rule that contributed
  bool overridden = false;
  std::string why;  // the DPO's reason for an override
};

/// One group's score, and what Art. 34 asks for its persons.
struct GroupAssessment {
  std::string kinds;  // RiskGroupFacts::kinds
  int64_t persons = 0;
  double dpc = 0, ei = 0, cb = 0, se = 0;
  Band band = Band::kLow;
  bool inform_persons = false;  // Art. 34(1): their risk is high; otherwise the DPO chooses
};

struct RiskAssessment {
  Factor dpc, ei, cb;
  double se = 0;
  Band band = Band::kLow;
  bool flag_over_100 = false;  // ENISA §4.1 flag: more than 100 individuals
  bool flag_unintelligible = false;
  bool notify_cnil = false;         // Art. 33
  bool inform_persons = false;      // Art. 34
  bool inform_recommended = false;  // EDPB 9/2022: open distribution, depending on scope
  std::vector<Reason> decision;
  /// By group of persons exposed to the same kinds of data (AssessRiskByGroup), the most
  /// severe first; the factors above are then the most severe group's. Empty when assessed
  /// as one group.
  std::vector<GroupAssessment> groups;
};

/// The three factors by the names the command line, the record and the JSON give them.
struct FactorField {
  std::string_view name;   // "dpc", "ei", "cb"
  std::string_view label;  // "DPC (data processing context)"
  std::optional<Override> Overrides::* override;
  Factor RiskAssessment::* factor;
};
inline constexpr std::array<FactorField, 3> kFactorFields{{
    {"dpc", "DPC (data processing context)", &Overrides::dpc, &RiskAssessment::dpc},
    {"ei", "EI (ease of identification)", &Overrides::ei, &RiskAssessment::ei},
    {"cb", "CB (circumstances of the breach)", &Overrides::cb, &RiskAssessment::cb},
}};

/// Fails (kUsage) on an override without a reason or outside the method's range; checked
/// before anything is written, so that a refused override changes nothing.
Status CheckOverrides(const Overrides& overrides);

/// Fails as CheckOverrides does.
Result<RiskAssessment> AssessRisk(const RiskFacts& facts, const RiskPolicy& policy,
                                  const Overrides& overrides = {});

/// ENISA applied to each group (doc/regulatory.md §4.7): the breach's score is the most
/// severe group's (its factors and reasons), the flags and the notification are decided on
/// the whole breach (`breach`), and each group says whether Art. 34 obliges to inform its
/// persons. The DPO's override of a factor is the breach's: lowering it caps every group at
/// its value (a group already below keeps its own), raising it lifts every group to it. With
/// no group, AssessRisk(breach).
Result<RiskAssessment> AssessRiskByGroup(const RiskFacts& breach,
                                         const std::vector<RiskGroupFacts>& groups,
                                         const RiskPolicy& policy, const Overrides& overrides = {});

/// Of the groups' persons: those Art. 34 obliges to inform (their group's risk is high), and
/// the others, whom the controller may inform or not. Both 0 without groups.
struct InformCounts {
  int64_t must = 0;
  int64_t choice = 0;
};
InformCounts CountInform(const RiskAssessment& assessment);

/// The group of a person (GroupAssessment::kinds == `kinds`), or nullptr.
const GroupAssessment* GroupWithKinds(const RiskAssessment& assessment, std::string_view kinds);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_RISK_ENISA_H_
