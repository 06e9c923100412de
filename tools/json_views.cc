#include "tools/json_views.h"

#include <set>

#include "core/detect/finding.h"
#include "core/mail/mail_message.h"
#include "core/util/ascii.h"
#include "core/util/clock.h"
#include "core/util/hash.h"

namespace breachkit {

namespace {

// By category: what counts, what of it awaits a person, the near misses, the decisions.
nlohmann::json ReviewJson(const ExposureReport& r) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, t] : r.review) {
    out[name] = {{"counted", t.counted},
                 {"awaiting", t.awaiting},
                 {"near_misses", t.near_misses},
                 {"confirmed", t.confirmed},
                 {"rejected", t.rejected}};
  }
  return out;
}

}  // namespace

nlohmann::json SummaryJson(const ExposureReport& r, const IncidentInfo& info,
                           const DeadlineStatus& d, const std::string* mask_key) {
  const std::string& zone = info.timezone;
  auto time = [&](const std::optional<int64_t>& t) {
    return t ? nlohmann::json(FormatInZone(*t, zone)) : nlohmann::json(nullptr);
  };
  nlohmann::json categories = nlohmann::json::object();
  const auto awaiting = CategoriesAwaitingReview(r);
  const auto partly = CategoriesPartlyAwaitingReview(r);
  for (const auto& [name, f] : r.categories)
    categories[name] = {{"persons", f.persons},
                        {"records", f.records},
                        {"awaiting_review", awaiting.contains(name)},
                        {"partly_awaiting_review", partly.contains(name)}};
  nlohmann::json third = nlohmann::json::array();
  for (const auto& t : r.third_party_recipients) {
    if (!mask_key) {
      third.push_back({{"address", t.address},
                       {"subjects_reached", t.subjects_reached},
                       {"on_original_list", t.on_original_list}});
    } else {
      third.push_back({{"address", MaskedAddress(t.address)},
                       {"address_hash", HmacSha256Hex(*mask_key, "email:" + AddressKey(t.address))},
                       {"subjects_reached", t.subjects_reached},
                       {"on_original_list", t.on_original_list}});
    }
  }
  nlohmann::json j = {{"persons_affected", r.persons_affected},
                      {"minors", r.Minors()},
                      {"records", r.records},
                      {"messages", r.messages},
                      {"nested_messages", r.nested_messages},
                      {"duplicate_messages", r.duplicate_messages},
                      {"threads", r.threads},
                      {"exposure_events", r.exposure_events},
                      {"re_exposures", r.re_exposures},
                      {"max_audience", r.max_audience},
                      {"first_exposure", time(r.first_exposure)},
                      {"last_exposure", time(r.last_exposure)},
                      {"staff_addresses", r.staff_addresses},
                      {"functional_addresses", r.functional_addresses},
                      {"third_party_recipients", r.third_party_recipients.size()},
                      {"third_parties", third},
                      {"unattributed_findings", r.unattributed_findings},
                      {"categories", categories},
                      {"review", ReviewJson(r)},
                      {"unparsed_messages", r.unparsed_messages},
                      {"address_defects", r.address_defects}};
  if (d.known) {
    j["deadline"] = {{"awareness", FormatInZone(d.awareness, zone)},
                     {"cnil_deadline", FormatInZone(d.deadline, zone)},
                     {"hours", d.hours},
                     {"notified", d.notified ? nlohmann::json(FormatInZone(*d.notified, zone))
                                             : nlohmann::json(nullptr)},
                     {"late", d.late},
                     {"seconds_left", d.seconds_left},
                     {"reasons_for_delay_required", d.reasons_required},
                     {"reasons_for_delay_given", !info.late_reason.empty()}};
    if (auto early = SignsBeforeAwareness(r.inbound_to_organisation, d.awareness)) {
      j["deadline"]["earlier_signs"] = {{"first", FormatInZone(early->first, zone)},
                                        {"messages_before_awareness", early->before}};
    }
  } else {
    j["deadline"] = nullptr;
  }
  return j;
}

std::string_view SharedPreview(const ExposedItem& i) {
  const auto category = CategoryFromName(i.kind);
  return category && InfoOf(*category).special ? std::string_view() : std::string_view(i.masked);
}

nlohmann::json SubjectJson(const Subject& s, const std::string& zone) {
  auto when = [&](const std::optional<int64_t>& t) {
    return t ? FormatInZone(*t, zone) : std::string();
  };
  std::set<std::string> categories;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : s.items) {
    categories.emplace(i.cnil);
    items.push_back({{"kind", i.kind},
                     {"category", i.cnil},
                     {"masked", SharedPreview(i)},
                     {"messages", i.messages},
                     {"max_audience", i.max_audience}});
  }
  return {{"address", s.address},
          {"person", s.content ? "#" + std::to_string(s.party) : s.address},
          {"found_in_table", s.content},
          {"minor", s.minor},
          {"display_name", s.display_name},
          {"other_names", s.other_names},
          {"categories", std::vector<std::string>(categories.begin(), categories.end())},
          {"items", items},
          {"messages", s.messages},
          {"max_audience", s.max_audience},
          {"first_exposure", when(s.first_exposure)},
          {"last_exposure", when(s.last_exposure)},
          {"wrote_in_storm", s.wrote_in_storm},
          {"reached_third_party", s.reached_third_party}};
}

namespace {

nlohmann::json ReasonsJson(const std::vector<Reason>& reasons) {
  nlohmann::json out = nlohmann::json::array();
  for (const Reason& r : reasons) out.push_back({{"rule", r.rule}, {"fr", r.fr}, {"en", r.en}});
  return out;
}

}  // namespace

nlohmann::json AssessmentJson(const RiskAssessment& a, int64_t persons_affected) {
  nlohmann::json j;
  for (const FactorField& field : kFactorFields) {
    const Factor& f = a.*field.factor;
    j[std::string(field.name)] = {{"value", f.value},
                                  {"computed", f.computed},
                                  {"reasons", ReasonsJson(f.reasons)},
                                  {"overridden", f.overridden},
                                  {"why", f.why}};
  }
  j["se"] = a.se;
  j["band"] = InfoOf(a.band).name;
  j["band_fr"] = InfoOf(a.band).fr;
  j["cnil_gravity"] = InfoOf(a.band).cnil;
  j["flags"] = {{"over_100_persons", a.flag_over_100}, {"unintelligible", a.flag_unintelligible}};
  j["persons_affected"] = persons_affected;
  j["decision"] = {{"notify_cnil", a.notify_cnil},
                   {"inform_persons", a.inform_persons},
                   {"inform_recommended", a.inform_recommended},
                   {"reasons", ReasonsJson(a.decision)}};
  // Art. 34 per person: how many must be informed, how many are the controller's choice.
  const InformCounts counts = CountInform(a);
  j["decision"]["inform_required_persons"] = counts.must;
  j["decision"]["inform_choice_persons"] = counts.choice;
  // By group of persons exposed to the same kinds of data (the breach's score is the first's).
  j["groups"] = nlohmann::json::array();
  for (const GroupAssessment& g : a.groups) {
    j["groups"].push_back({{"kinds", SplitWords(g.kinds)},
                           {"persons", g.persons},
                           {"dpc", g.dpc},
                           {"ei", g.ei},
                           {"cb", g.cb},
                           {"se", g.se},
                           {"band", InfoOf(g.band).name},
                           {"band_fr", InfoOf(g.band).fr},
                           {"inform_persons", g.inform_persons}});
  }
  return j;
}

}  // namespace breachkit
