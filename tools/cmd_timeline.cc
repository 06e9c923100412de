// breachkit event add KIND --at TIME [--note TEXT] [--reference REF], and breachkit timeline.
// Times are stored as UTC instants and shown in the profile's zone with their offset.
#include <string>
#include <vector>

#include <fmt/core.h>

#include "core/profile/regime.h"
#include "core/risk/deadline.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"

namespace breachkit {

Result<Outcome> Options::Event::Execute(const Options& options, const Io& io,
                                        IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  const auto& o = options.event;
  auto at = ParseTime(o.at, info->timezone, store.clock());
  if (!at) return std::unexpected(at.error());
  if ((o.kind == "cnil-notified" || o.kind == "cnil-complementary") && o.reference.empty()) {
    return Fail(ErrorCode::kUsage,
                "a notification to the CNIL needs its reference: add --reference (the number the "
                "CNIL gave)");
  }
  // A date that cannot be right is recorded as given (the DPO may know better), and said: in
  // the future, before the first message that exposed anyone, an end before the last one, a
  // notification before the awareness it follows.
  auto events = store.Events();
  if (!events) return std::unexpected(events.error());
  // Said once the event is recorded, not when it was already (a repeated `run --awareness`).
  std::vector<std::string> warnings;
  std::string replaced;
  const int64_t now = store.clock().NowUnix();
  if (*at > now + 3600) {
    warnings.push_back(fmt::format("{} at {} is in the future (it is now {})", o.kind,
                                   FormatInZone(*at, info->timezone),
                                   FormatInZone(now, info->timezone)));
  }
  if (o.kind != "occurred" && o.kind != "note") {
    for (const TimelineEvent& e : *events) {
      if (e.kind != "first-exposure" || e.origin != "evidence" || *at >= e.at) continue;
      warnings.push_back(fmt::format(
          "{} at {} is before the first message that exposed someone ({}): check the date", o.kind,
          FormatInZone(*at, info->timezone), FormatInZone(e.at, info->timezone)));
    }
  }
  // The breach ended when no message exposed anyone any more: not before the last one did.
  if (o.kind == "contained") {
    for (const TimelineEvent& e : *events) {
      if (e.kind != "last-exposure" || e.origin != "evidence" || *at >= e.at) continue;
      warnings.push_back(fmt::format(
          "contained at {} is before the last message that exposed someone ({}): the messages "
          "show the breach going on after it; check the date",
          FormatInZone(*at, info->timezone), FormatInZone(e.at, info->timezone)));
    }
  }
  if ((o.kind == "cnil-notified" || o.kind == "cnil-complementary" ||
       o.kind == "persons-informed") &&
      info->awareness_at && *at < *info->awareness_at) {
    warnings.push_back(fmt::format("{} at {} is before the awareness ({})", o.kind,
                                   FormatInZone(*at, info->timezone),
                                   FormatInZone(*info->awareness_at, info->timezone)));
  }
  if (o.kind == "awareness" && info->awareness_at && *info->awareness_at != *at) {
    replaced = fmt::format(
        "the awareness time {} recorded before is replaced; the deadline runs from the new one",
        FormatInZone(*info->awareness_at, info->timezone));
  }
  // The events that are also fields of the incident.
  const IncidentInfo before = *info;
  if (o.kind == "occurred") info->occurred_at = *at;
  if (o.kind == "awareness") info->awareness_at = *at;
  if (o.kind == "contained") info->contained_at = *at;
  if (o.kind == "cnil-notified") {
    info->notified_at = *at;
    info->cnil_reference = o.reference;
  }
  const bool fields_changed =
      info->occurred_at != before.occurred_at || info->awareness_at != before.awareness_at ||
      info->contained_at != before.contained_at || info->notified_at != before.notified_at ||
      info->cnil_reference != before.cnil_reference;
  // The event and the fields it sets, under one seal of the incident.
  auto added = store.AddEvent({0, o.kind, *at, o.note, o.reference, "user"},
                              fields_changed ? &*info : nullptr);
  if (!added) return std::unexpected(added.error());
  if (!*added && !fields_changed) {
    // The same event again (a repeated `run --awareness`, a script run twice): the record,
    // and every document made from it, stay as they were.
    fmt::print(io.out, "already recorded: {} at {} (nothing changed)\n", o.kind,
               FormatInZone(*at, info->timezone));
    return Outcome::kOk;
  }
  for (const std::string& w : warnings) fmt::print(io.err, "warning: {}\n", w);
  if (!replaced.empty()) fmt::print(io.out, "{}\n", replaced);
  if (!fields_changed) {
    if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
  }
  if (o.kind == "cnil-notified") {
    // What was notified: the last initial draft written, as it said it. A complementary
    // notification says what changed since (cnil --complementary).
    auto documents = store.Documents();
    if (!documents) return std::unexpected(documents.error());
    for (auto d = documents->rbegin(); d != documents->rend(); ++d) {
      if (d->kind != "cnil-initial") continue;
      auto kept = store.NotificationFactsOf(d->sha256);
      if (!kept) return std::unexpected(kept.error());
      if (*kept) {
        if (auto st = store.KeepNotificationFacts(kNotifiedFactsKey, (*kept)->first,
                                                  (*kept)->second, /*replace=*/true);
            !st)
          return std::unexpected(st.error());
      }
      break;
    }
  }
  if (auto st = store.AppendAudit("event.add", fmt::format("{} at {}", o.kind, FormatUtc(*at)));
      !st)
    return std::unexpected(st.error());
  fmt::print(io.out, "recorded {} at {}\n", o.kind, FormatInZone(*at, info->timezone));
  if (o.kind == "awareness") {
    const DeadlineStatus d = ComputeDeadline(*at, std::nullopt, *at, info->deadline_hours);
    fmt::print(io.out, "CNIL deadline (awareness + {} h, {}): {}\n", d.hours,
               RegimeNamed(info->regime).deadline_basis, FormatInZone(d.deadline, info->timezone));
  }
  return Outcome::kOk;
}

Result<Outcome> Options::Timeline::Execute(const Options&, const Io& io,
                                           const IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  auto events = store.Events();
  if (!events) return std::unexpected(events.error());
  TableBlock t{{"when", "event", "note", "reference", "from"}, {}};
  for (const TimelineEvent& e : *events) {
    t.rows.push_back({FormatInZone(e.at, info->timezone), e.kind, e.note, e.reference,
                      e.origin == "evidence" ? "the messages" : "the DPO"});
  }
  Document doc{"Timeline", "", "", {Section{store.path(), {t}}}};
  const DeadlineStatus d = ComputeDeadline(info->awareness_at, info->notified_at,
                                           store.clock().NowUnix(), info->deadline_hours);
  if (d.known) {
    doc.sections.push_back(Section{
        ClockTitle(info->regime, d.hours),
        {KeyValues{
            {{"Awareness", FormatInZone(d.awareness, info->timezone)},
             {"CNIL deadline", FormatInZone(d.deadline, info->timezone)},
             {"Status", d.notified ? (d.late ? "notified late, by " + FormatDuration(d.seconds_left)
                                             : "notified in time")
                                   : (d.late ? "LATE by " + FormatDuration(d.seconds_left)
                                             : FormatDuration(d.seconds_left) + " left")}}}}});
  } else {
    doc.sections.push_back(
        Section{ClockTitle(info->regime, d.hours),
                {ToComplete{"awareness time", "breachkit event add awareness --at TIME"}}});
  }
  fmt::print(io.out, "{}\n", RenderText(doc));
  return Outcome::kOk;
}

}  // namespace breachkit
