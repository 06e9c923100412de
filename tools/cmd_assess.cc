// breachkit assess [--json] [--dpc N] [--ei N] [--cb N] [--clear FACTOR] [--why TEXT]
//                  [--awareness TIME]:
// the ENISA severity (SE = DPC × EI + CB) from the evidence, every factor with the rule that
// set it, the band, the flags and the Art. 33/34 decision. A view: it writes nothing unless
// the DPO changes something. An override (--dpc, --ei, --cb, with its --why) stays until the
// DPO withdraws it (--clear, with its --why); each change stores an assessment with the
// overrides then in effect (the history), and the latest one's are current. What the evidence
// gives is shown beside an override, never hidden by it.
#include <algorithm>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/detect/finding.h"
#include "core/risk/deadline.h"
#include "core/risk/facts.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/json_views.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

const std::optional<double>& Given(const Options::Assess& o, std::string_view factor) {
  return factor == "dpc" ? o.dpc : factor == "ei" ? o.ei : o.cb;
}

bool AsksForAChange(const Options::Assess& o) { return o.dpc || o.ei || o.cb || !o.clear.empty(); }

bool Named(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The factors --clear withdraws, in the table's order ("all": every one overridden now).
// Refuses to withdraw what is not there: the DPO would believe a value changed.
Result<std::vector<std::string>> ToClear(const std::vector<std::string>& names,
                                         const Overrides& current) {
  std::vector<std::string> out;
  const bool all = Named(names, "all");
  for (const FactorField& f : kFactorFields) {
    const bool overridden = (current.*f.override).has_value();
    if (!all && !Named(names, f.name)) continue;
    if (overridden) {
      out.emplace_back(f.name);
    } else if (!all) {
      return Fail(ErrorCode::kUsage,
                  "{} has no override to withdraw: its value is already the evidence's", f.name);
    }
  }
  if (all && out.empty()) {
    return Fail(ErrorCode::kUsage, "no override to withdraw: every factor is the evidence's");
  }
  return out;
}

// The overrides once the DPO's change is made (the current ones when none is asked for), and
// in `cleared` the factors it withdraws. Every change needs its reason, as an override does.
Result<Overrides> Changed(const Options::Assess& o, const Overrides& current,
                          std::vector<std::string>* cleared) {
  if (!AsksForAChange(o)) {
    if (!o.why.empty()) {
      return Fail(ErrorCode::kUsage,
                  "--why is the reason for an override (--dpc, --ei, --cb) or for withdrawing "
                  "one (--clear): nothing here to give it for");
    }
    return current;
  }
  Overrides out = current;
  if (!o.clear.empty()) {
    if (o.why.empty()) {
      return Fail(ErrorCode::kUsage,
                  "withdrawing an override needs its reason: add --why \"…\" (ENISA: any change "
                  "of the score must be explained)");
    }
    for (const FactorField& f : kFactorFields) {
      if (Given(o, f.name) && (Named(o.clear, f.name) || Named(o.clear, "all"))) {
        return Fail(ErrorCode::kUsage, "{} is both set (--{}) and withdrawn (--clear): give one",
                    f.name, f.name);
      }
    }
    auto names = ToClear(o.clear, current);
    if (!names) return std::unexpected(names.error());
    *cleared = std::move(*names);
  }
  for (const FactorField& f : kFactorFields) {
    if (Named(*cleared, f.name)) out.*f.override = std::nullopt;
    if (const auto& v = Given(o, f.name)) out.*f.override = Override{*v, o.why};
  }
  return out;
}

// The audit's words for a change: what each factor became, and why.
std::string ChangeText(const RiskAssessment& a, const Overrides& before, const Overrides& after,
                       const std::vector<std::string>& cleared, std::string_view why) {
  std::string parts;
  for (const FactorField& f : kFactorFields) {
    const Factor& factor = a.*f.factor;
    std::string part;
    if (Named(cleared, f.name)) {
      part =
          fmt::format("{} override withdrawn (back to the evidence's {})", f.name, factor.computed);
    } else if (before.*f.override != after.*f.override) {
      part = fmt::format("{} set to {} (the evidence gives {})", f.name, factor.value,
                         factor.computed);
    }
    if (!part.empty()) parts += (parts.empty() ? "" : "; ") + part;
  }
  return fmt::format("SE {} ({}); {}: {}", a.se, InfoOf(a.band).name, parts, why);
}

// "DPC (data processing context) = 3 (set by the DPO: …; the evidence gives 4)".
std::string FactorTitle(const FactorField& field, const Factor& f) {
  if (!f.overridden) return fmt::format("{} = {}", field.label, f.value);
  return fmt::format("{} = {} (set by the DPO: {}; the evidence gives {})", field.label, f.value,
                     f.why, f.computed);
}

}  // namespace

namespace {

// "yes", or per person when only some must be informed: "yes for 1 person (high risk); the
// controller's choice for the other 339".
std::string InformText(const RiskAssessment& a) {
  const InformCounts c = CountInform(a);
  if (a.inform_persons && c.choice > 0) {
    return fmt::format("yes for {} {} (high risk); the controller's choice for the other {}{}",
                       c.must, c.must == 1 ? "person" : "persons", c.choice,
                       a.inform_recommended ? " (recommended: open list)" : "");
  }
  return a.inform_persons ? "yes" : a.inform_recommended ? "recommended" : "no";
}

}  // namespace

Result<Outcome> Options::Assess::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  const auto& o = options.assess;
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto current = CurrentOverrides(store);
  if (!current) return std::unexpected(current.error());
  std::vector<std::string> cleared;
  auto wanted = Changed(o, *current, &cleared);
  if (!wanted) return std::unexpected(wanted.error());
  // A refused change writes nothing, the awareness included.
  if (auto st = CheckOverrides(*wanted); !st) return std::unexpected(st.error());
  if (!o.awareness.empty()) {
    auto incident = store.LoadIncident();
    if (!incident) return std::unexpected(incident.error());
    auto at = ParseTime(o.awareness, incident->timezone, store.clock());
    if (!at) return std::unexpected(at.error());
    // As `event add` says it: an hour ahead of the clock is a typing slip or a wrong clock.
    if (const int64_t now = store.clock().NowUnix(); *at > now + 3600) {
      fmt::print(io.err, "warning: awareness at {} is in the future (it is now {})\n",
                 FormatInZone(*at, incident->timezone), FormatInZone(now, incident->timezone));
    }
    // The same time again (a repeated `run --awareness T`) changes nothing.
    if (incident->awareness_at != *at) {
      incident->awareness_at = *at;
      if (auto st = store.SaveIncident(*incident); !st) return std::unexpected(st.error());
    }
    // The note is printed in the French documents (the CNIL draft's timeline), as the DPO's.
    if (auto added = store.AddEvent({0, "awareness", *at, "déclarée avec --awareness", "", "user"});
        !added)
      return std::unexpected(added.error());
  }
  auto view = LoadRecordView(store, *wanted);
  if (!view) return std::unexpected(view.error());
  const IncidentInfo& info = view->incident;
  const RiskAssessment& a = view->assessment;
  const DeadlineStatus& d = view->deadline;

  nlohmann::json j = AssessmentJson(a, view->facts.persons_affected);
  if (d.known) {
    j["deadline"] = {{"awareness", FormatInZone(d.awareness, info.timezone)},
                     {"cnil_deadline", FormatInZone(d.deadline, info.timezone)},
                     {"hours", d.hours},
                     {"late", d.late},
                     {"reasons_for_delay_required", d.reasons_required},
                     {"reasons_for_delay", info.late_reason}};
  }
  const auto early =
      SignsBeforeAwareness(view->exposure.inbound_to_organisation, info.awareness_at);
  if (early && d.known) {
    j["deadline"]["earlier_signs"] = {{"first", FormatInZone(early->first, info.timezone)},
                                      {"messages_before_awareness", early->before}};
  }
  // Only a change is stored: the same override for the same reason again is not one.
  if (*wanted != *current) {
    StoredAssessment stored{0,
                            store.clock().NowUnix(),
                            a.dpc.value,
                            a.ei.value,
                            a.cb.value,
                            a.se,
                            std::string(InfoOf(a.band).name),
                            j.dump(),
                            OverridesJson(*wanted, o.why, cleared),
                            j["decision"].dump()};
    if (auto st = store.SaveAssessment(stored); !st) return std::unexpected(st.error());
    if (auto st = store.AppendAudit("assess", ChangeText(a, *current, *wanted, cleared, o.why));
        !st)
      return std::unexpected(st.error());
  }

  // The facts that rest on findings no person has decided yet (`breachkit review`): counted
  // "à confirmer", or near misses left out until confirmed.
  nlohmann::json pending = nlohmann::json::object();
  BulletList pending_lines;
  for (const auto& [category, t] : view->exposure.review) {
    if (t.awaiting == 0 && t.near_misses == 0) continue;
    pending[category] = {{"awaiting", t.awaiting}, {"near_misses", t.near_misses}};
    const auto c = CategoryFromName(category);
    pending_lines.items.push_back(
        fmt::format("{}: {} finding(s) counted \"à confirmer\", {} near miss(es) not counted{}",
                    category, t.awaiting, t.near_misses,
                    c && InfoOf(*c).special && t.awaiting > 0 && t.awaiting == t.counted
                        ? " — the special category (DPC, the decision) rests on them alone"
                        : ""));
  }
  j["pending_review"] = pending;
  if (o.json) {
    fmt::print(io.out, "{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Outcome::kOk;
  }
  const bool fr = info.language == "fr";
  auto lines = [&](const std::vector<Reason>& rs) {
    BulletList l;
    for (const Reason& r : rs) l.items.push_back(fmt::format("[{}] {}", r.rule, fr ? r.fr : r.en));
    return l;
  };
  Document doc;
  doc.title =
      fmt::format("ENISA severity: SE = DPC × EI + CB = {} × {} + {} = {} — {}", a.dpc.value,
                  a.ei.value, a.cb.value, a.se, fr ? InfoOf(a.band).fr : InfoOf(a.band).name);
  for (const FactorField& field : kFactorFields) {
    const Factor& f = a.*field.factor;
    doc.sections.push_back({FactorTitle(field, f), {lines(f.reasons)}});
  }
  doc.sections.push_back(
      {"Flags",
       {KeyValues{{{"More than 100 persons",
                    a.flag_over_100 ? fmt::format("yes ({})", view->facts.persons_affected) : "no"},
                   {"Data unintelligible", a.flag_unintelligible ? "yes" : "no"}}}}});
  doc.sections.push_back({"Decision",
                          {KeyValues{{{"Notify the CNIL (Art. 33)", a.notify_cnil ? "yes" : "no"},
                                      {"Inform the persons (Art. 34)", InformText(a)}}},
                           lines(a.decision)}});
  if (a.groups.size() > 1) {
    // The persons by the kinds of data they were exposed with, each group scored.
    TableBlock t{{"data exposed", "persons", "SE", "band", "Art. 34"}, {}};
    for (const GroupAssessment& g : a.groups) {
      t.rows.push_back({KindsLabel(g.kinds, fr ? "fr" : "en"), std::to_string(g.persons),
                        fmt::format("{:g}", g.se), std::string(InfoOf(g.band).name),
                        g.inform_persons ? "must inform" : "controller's choice"});
    }
    doc.sections.push_back({"By group of persons exposed to the same data", {t}});
  }
  if (!pending_lines.items.empty()) {
    doc.sections.push_back({fmt::format("Resting on findings not reviewed yet (breachkit --db {} "
                                        "review)",
                                        store.path()),
                            {pending_lines}});
  }
  if (early) {
    doc.sections.push_back(
        {"Awareness (GDPR Art. 33(1))", {Paragraph{EarlierSignsText(*early, info.timezone)}}});
  }
  if (d.known && d.reasons_required && info.late_reason.empty()) {
    doc.sections.push_back(
        {"Reasons for the delay",
         {ToComplete{fmt::format("reasons for the delay (required: past {} hours)", d.hours),
                     "breachkit set late-reason \"…\""}}});
  }
  fmt::print(io.out, "{}\n", RenderText(doc));
  return Outcome::kOk;
}

}  // namespace breachkit
