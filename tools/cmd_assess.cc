// breachkit assess [--json] [--dpc N] [--ei N] [--cb N] [--why TEXT] [--awareness TIME]:
// the ENISA severity (SE = DPC × EI + CB) from the evidence, every factor with the rule that
// set it, the band, the flags and the Art. 33/34 decision. Every assessment is kept; the
// latest is current.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/risk/deadline.h"
#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

nlohmann::json ReasonsJson(const std::vector<Reason>& reasons) {
  nlohmann::json out = nlohmann::json::array();
  for (const Reason& r : reasons) out.push_back({{"rule", r.rule}, {"fr", r.fr}, {"en", r.en}});
  return out;
}

nlohmann::json FactorJson(const Factor& f) {
  return {{"value", f.value},
          {"reasons", ReasonsJson(f.reasons)},
          {"overridden", f.overridden},
          {"why", f.why}};
}

}  // namespace

Result<Outcome> Options::Assess::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  const auto& o = options.assess;
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  if (!o.awareness.empty()) {
    auto at = ParseTime(o.awareness, info->timezone, store.clock());
    if (!at) return std::unexpected(at.error());
    // The same time again (a repeated `run --awareness T`) changes nothing.
    if (info->awareness_at != *at) {
      info->awareness_at = *at;
      if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
    }
    if (auto added = store.AddEvent({0, "awareness", *at, "set by assess", "", "user"}); !added)
      return std::unexpected(added.error());
  }
  auto input = LoadExposureInput(store);
  if (!input) return std::unexpected(input.error());
  const ExposureReport report = ComputeExposure(*input);
  const RiskFacts facts = FactsFrom(report, *info);
  Overrides overrides{o.dpc, o.ei, o.cb, o.why};
  auto a = AssessRisk(facts, PolicyFrom(*info), overrides);
  if (!a) return std::unexpected(a.error());

  nlohmann::json j = {
      {"dpc", FactorJson(a->dpc)},
      {"ei", FactorJson(a->ei)},
      {"cb", FactorJson(a->cb)},
      {"se", a->se},
      {"band", InfoOf(a->band).name},
      {"band_fr", InfoOf(a->band).fr},
      {"cnil_gravity", InfoOf(a->band).cnil},
      {"flags",
       {{"over_100_persons", a->flag_over_100}, {"unintelligible", a->flag_unintelligible}}},
      {"persons_affected", facts.persons_affected},
      {"decision",
       {{"notify_cnil", a->notify_cnil},
        {"inform_persons", a->inform_persons},
        {"inform_recommended", a->inform_recommended},
        {"reasons", ReasonsJson(a->decision)}}}};
  const DeadlineStatus d =
      ComputeDeadline(info->awareness_at, info->notified_at, store.clock().NowUnix());
  if (d.known) {
    j["deadline"] = {{"awareness", FormatInZone(d.awareness, info->timezone)},
                     {"cnil_deadline", FormatInZone(d.deadline, info->timezone)},
                     {"late", d.late},
                     {"reasons_for_delay_required", d.reasons_required},
                     {"reasons_for_delay", info->late_reason}};
  }
  nlohmann::json overrides_json = nlohmann::json::object();
  if (o.dpc) overrides_json["dpc"] = *o.dpc;
  if (o.ei) overrides_json["ei"] = *o.ei;
  if (o.cb) overrides_json["cb"] = *o.cb;
  if (!o.why.empty()) overrides_json["why"] = o.why;
  StoredAssessment stored{0,
                          store.clock().NowUnix(),
                          a->dpc.value,
                          a->ei.value,
                          a->cb.value,
                          a->se,
                          std::string(InfoOf(a->band).name),
                          j.dump(),
                          overrides_json.dump(),
                          j["decision"].dump()};
  // Kept when it differs from the current one: every assessment is history, a repeat is not.
  auto history = store.Assessments();
  if (!history) return std::unexpected(history.error());
  const bool same = !history->empty() && history->back().reasons == stored.reasons &&
                    history->back().overrides == stored.overrides;
  if (!same) {
    if (auto st = store.SaveAssessment(stored); !st) return std::unexpected(st.error());
    if (auto st = store.AppendAudit("assess",
                                    fmt::format("SE {} ({}){}", a->se, InfoOf(a->band).name,
                                                overrides_json.empty() ? "" : " with overrides"));
        !st)
      return std::unexpected(st.error());
  }

  if (o.json) {
    fmt::print(io.out, "{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Outcome::kOk;
  }
  const bool fr = info->language == "fr";
  auto lines = [&](const std::vector<Reason>& rs) {
    BulletList l;
    for (const Reason& r : rs) l.items.push_back(fmt::format("[{}] {}", r.rule, fr ? r.fr : r.en));
    return l;
  };
  Document doc;
  doc.title =
      fmt::format("ENISA severity: SE = DPC × EI + CB = {} × {} + {} = {} — {}", a->dpc.value,
                  a->ei.value, a->cb.value, a->se, fr ? InfoOf(a->band).fr : InfoOf(a->band).name);
  doc.sections.push_back(
      {fmt::format("DPC (data processing context) = {}", a->dpc.value), {lines(a->dpc.reasons)}});
  doc.sections.push_back(
      {fmt::format("EI (ease of identification) = {}", a->ei.value), {lines(a->ei.reasons)}});
  doc.sections.push_back(
      {fmt::format("CB (circumstances of the breach) = {}", a->cb.value), {lines(a->cb.reasons)}});
  doc.sections.push_back(
      {"Flags",
       {KeyValues{{{"More than 100 persons",
                    a->flag_over_100 ? fmt::format("yes ({})", facts.persons_affected) : "no"},
                   {"Data unintelligible", a->flag_unintelligible ? "yes" : "no"}}}}});
  doc.sections.push_back(
      {"Decision",
       {KeyValues{{{"Notify the CNIL (Art. 33)", a->notify_cnil ? "yes" : "no"},
                   {"Inform the persons (Art. 34)", a->inform_persons       ? "yes"
                                                    : a->inform_recommended ? "recommended"
                                                                            : "no"}}},
        lines(a->decision)}});
  if (d.known && d.reasons_required && info->late_reason.empty()) {
    doc.sections.push_back({"Reasons for the delay",
                            {ToComplete{"reasons for the delay (required: past 72 hours)",
                                        "breachkit set late-reason \"…\""}}});
  }
  fmt::print(io.out, "{}\n", RenderText(doc));
  return Outcome::kOk;
}

}  // namespace breachkit
