// breachkit summary [--json] [--show-addresses]: the figures the DPO signs — persons
// affected, records, categories (CNIL names), audience, the storm's first and last exposure,
// third parties (their addresses masked unless --show-addresses).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/detect/finding.h"
#include "core/profile/regime.h"
#include "core/risk/deadline.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/json_views.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

// "12 (list 5, role 4, no-reply 3)", or "0".
std::string FunctionalLine(const std::map<std::string, int64_t, std::less<>>& by_reason) {
  int64_t total = 0;
  std::string parts;
  for (const auto& [reason, n] : by_reason) {
    total += n;
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", reason, n);
  }
  return total == 0 ? "0" : fmt::format("{} ({})", total, parts);
}

}  // namespace

Result<Outcome> Options::Summary::Execute(const Options& options, const Io& io,
                                          const IncidentStore& store) {
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto figures = LoadFigures(store);
  if (!figures) return std::unexpected(figures.error());
  auto not_read = FilesNotRead(store);
  if (!not_read) return std::unexpected(not_read.error());
  const auto& [info, r] = *figures;  // the incident and its exposure figures
  const std::string& zone = info.timezone;
  const DeadlineStatus d = ComputeDeadline(info.awareness_at, info.notified_at,
                                           store.clock().NowUnix(), info.deadline_hours);
  const std::string clock_status =
      !d.known ? "awareness time not recorded (breachkit event add awareness --at TIME)"
      : d.notified
          ? (d.late ? "notified late, by " + FormatDuration(d.seconds_left) +
                          (info.late_reason.empty()
                               ? " — reasons for the delay missing (breachkit set late-reason …)"
                               : "")
                    : "notified in time")
      : d.late ? "LATE by " + FormatDuration(d.seconds_left) +
                     (info.late_reason.empty()
                          ? " — reasons for the delay required (breachkit set late-reason …)"
                          : "")
               : FormatDuration(d.seconds_left) + " left";
  // The third parties are persons too: their addresses masked unless asked for.
  const bool in_clear = options.summary.show_addresses;
  std::string key;
  if (!in_clear) {
    auto k = store.HmacKey();
    if (!k) return std::unexpected(k.error());
    key = std::move(*k);
  }
  // The persons found in attachments' tables, and those of them nobody can write to yet.
  auto contacts = store.Contacts();
  if (!contacts) return std::unexpected(contacts.error());
  std::set<int64_t> reachable;
  for (const PersonContact& c : *contacts) {
    if (!c.email.empty() || !c.postal_address.empty()) reachable.insert(c.party);
  }
  int64_t in_tables = 0, without_contact = 0;
  for (const Subject& s : r.subjects) {
    if (!s.content) continue;
    ++in_tables;
    if (!reachable.contains(s.party)) ++without_contact;
  }
  auto attachments = store.AttachmentsNotRead();
  if (!attachments) return std::unexpected(attachments.error());
  if (options.summary.json) {
    nlohmann::json j = SummaryJson(r, info, d, in_clear ? nullptr : &key);
    j["files_not_read"] = *not_read;
    nlohmann::json unread = nlohmann::json::array();
    for (const auto& a : *attachments) unread.push_back(a.line);
    j["attachments_not_read"] = std::move(unread);
    j["persons_found_in_tables"] = in_tables;
    j["persons_without_contact"] = without_contact;
    fmt::print(io.out, "{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Outcome::kOk;
  }
  auto when = [&](const std::optional<int64_t>& t) { return t ? FormatInZone(*t, zone) : "—"; };
  Document doc;
  doc.title = fmt::format("Exposure summary — {}", store.path());
  Section clock{ClockTitle(info.regime, info.deadline_hours),
                {KeyValues{{{"Awareness", d.known ? FormatInZone(d.awareness, zone) : "—"},
                            {"CNIL deadline", d.known ? FormatInZone(d.deadline, zone) : "—"},
                            {"Status", clock_status}}}}};
  if (auto early = SignsBeforeAwareness(r.inbound_to_organisation, info.awareness_at))
    clock.blocks.push_back(Paragraph{EarlierSignsText(*early, zone)});
  doc.sections.push_back(std::move(clock));
  doc.sections.push_back(Section{
      "Figures",
      {KeyValues{
          {{"Persons affected", std::to_string(r.persons_affected)},
           {"Of them, found in an attachment, no mailbox of their own", std::to_string(in_tables)},
           {"Of those, no known contact (breachkit contacts import FILE)",
            std::to_string(without_contact)},
           {"Minors (under 18 by a date of birth)", std::to_string(r.Minors())},
           {"Records (person × item, counted once)", std::to_string(r.records)},
           {"Messages (top level)",
            fmt::format("{} ({} nested, {} duplicates left out)", r.messages, r.nested_messages,
                        r.duplicate_messages)},
           {"Threads", std::to_string(r.threads)},
           {"Exposure events",
            fmt::format("{} ({} re-exposures)", r.exposure_events, r.re_exposures)},
           {"Largest audience", std::to_string(r.max_audience)},
           {"First exposure", when(r.first_exposure)},
           {"Last exposure", when(r.last_exposure)},
           {"Staff addresses (not counted)", std::to_string(r.staff_addresses)},
           {"Functional addresses: lists, roles, no-reply (not counted)",
            FunctionalLine(r.functional_addresses)},
           {"Findings whose owner is unknown", std::to_string(r.unattributed_findings)},
           {"Unparsed messages", std::to_string(r.unparsed_messages)},
           {"Files not read (breachkit audit lists them)", std::to_string(not_read->size())},
           {"Attachments not read (listed below)", std::to_string(attachments->size())},
           {"Address defects", std::to_string(r.address_defects)}}}}});
  TableBlock categories{{"Category (CNIL form)", "Persons", "Records"}, {}};
  const auto awaiting = CategoriesAwaitingReview(r);
  const auto partly = CategoriesPartlyAwaitingReview(r);
  for (const auto& [name, f] : r.categories) {
    // A figure resting only on findings no person has confirmed yet (`breachkit review`), or
    // in part: one confirmed, others still pending, the figure may fall.
    categories.rows.push_back({awaiting.contains(name) ? name + " (à confirmer)"
                               : partly.contains(name) ? name + " (en partie à confirmer)"
                                                       : name,
                               std::to_string(f.persons), std::to_string(f.records)});
  }
  doc.sections.push_back(Section{"Categories of data", {categories}});
  if (!attachments->empty()) {
    // What they hold is counted nowhere: the DPO opens them (a password) or says why not.
    constexpr size_t kListed = 20;
    std::vector<Block> blocks;
    std::string lines;
    for (size_t k = 0; k < attachments->size() && k < kListed; ++k)
      lines += (k ? "\n" : "") + (*attachments)[k].line;
    blocks.push_back(Paragraph{lines});
    if (attachments->size() > kListed) {
      blocks.push_back(Paragraph{fmt::format("… and {} more (breachkit summary --json lists them)",
                                             attachments->size() - kListed)});
    }
    blocks.push_back(Paragraph{
        "What they hold is in no figure: open them (an archive's password, a document saved "
        "in a format breachkit reads) and ingest what they hold, or record why the data are "
        "unintelligible (breachkit set unintelligible yes, with the reason in the measures)."});
    doc.sections.push_back(Section{"Attachments not read", std::move(blocks)});
  }
  const ReviewTally total = ReviewTotal(r);
  doc.sections.push_back(Section{
      "Review (breachkit review)",
      {KeyValues{{{"Counted, awaiting a person (à confirmer)", std::to_string(total.awaiting)},
                  {"Near misses, not counted until confirmed", std::to_string(total.near_misses)},
                  {"Confirmed by the DPO", std::to_string(total.confirmed)},
                  {"Rejected by the DPO (not counted)", std::to_string(total.rejected)}}}}});
  // Those who reached the most persons first; a summary shows the first kSummaryThirdParties
  // (a mailbox export can hold hundreds), `--json` all of them.
  constexpr size_t kSummaryThirdParties = 20;
  std::vector<const ThirdParty*> by_reach;
  for (const auto& t : r.third_party_recipients) by_reach.push_back(&t);
  std::stable_sort(by_reach.begin(), by_reach.end(), [](const auto* a, const auto* b) {
    return a->subjects_reached > b->subjects_reached;
  });
  TableBlock third{{"Third-party recipient", "Why", "Persons whose data reached them"}, {}};
  for (size_t k = 0; k < by_reach.size() && k < kSummaryThirdParties; ++k) {
    const auto& t = *by_reach[k];
    third.rows.push_back(
        {in_clear ? t.address : MaskedAddress(t.address),
         t.on_original_list
             ? "on the original list: received a table's rows or a document about others"
             : "not on the original list",
         std::to_string(t.subjects_reached)});
  }
  std::vector<Block> third_blocks;
  if (by_reach.empty()) {
    third_blocks.push_back(Paragraph{"None."});
  } else {
    third_blocks.push_back(third);
  }
  if (by_reach.size() > kSummaryThirdParties) {
    third_blocks.push_back(
        Paragraph{fmt::format("… and {} more, {} in all (breachkit summary --json lists them all)",
                              by_reach.size() - kSummaryThirdParties, by_reach.size())});
  }
  doc.sections.push_back(
      Section{"Third parties: recipients off the original list, or sent rows of a table",
              std::move(third_blocks)});
  fmt::print(io.out, "{}\n", RenderText(doc));
  return Outcome::kOk;
}

}  // namespace breachkit
