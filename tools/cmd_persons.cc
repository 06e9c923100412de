// breachkit persons [--json] [--duplicates|--functional]: each affected person with their
// identifiers, where each was seen (source, message, header field or table row), and why the
// sightings are one person (the merge reasons). --duplicates: the persons who may be one and the
// same (equal names, no shared identifier), with their review state: breachkit never merges on a
// name alone; the DPO confirms (`review accept ID`) or rejects them. --functional: the
// addresses taken as functional (lists, roles, no-reply), which are no affected person.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/store/persons_loader.h"
#include "core/store/review_store.h"
#include "core/util/message_number.h"
#include "tools/commands.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

// What shows who a person is: their address, or "#N" for a person found in a table.
std::string PersonRef(const Subject& s) {
  return s.content ? fmt::format("#{}", s.party) : s.address;
}

std::string Sighting(const PersonSighting& s) {
  const std::string what = s.kind == "address" ? "address in " + s.where : s.kind + " " + s.masked;
  return fmt::format("{} ({} message {}{})", what, s.source, MessageNumber(s.message),
                     s.kind == "address" ? "" : ", " + s.where);
}

// The addresses taken as functional, with why: for the DPO to check that no person is among
// them (a person's address that reads like a role, "contact@jeandupont.example").
Result<Outcome> ListFunctional(const IncidentStore& store, const Options& options, const Io& io) {
  auto parties = LoadFunctionalParties(store);
  if (!parties) return std::unexpected(parties.error());
  if (!options.persons.json) {
    fmt::print(io.out,
               "{} functional address(es): not counted as persons (lists, roles, no-reply, "
               "bounces)\n",
               parties->size());
  }
  for (const FunctionalParty& p : *parties) {
    if (options.persons.json) {
      const nlohmann::json j{
          {"address", p.address}, {"reason", p.reason}, {"messages", p.messages}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      fmt::print(io.out, "  {}  {}  {} message(s)\n", p.address, p.reason, p.messages);
    }
  }
  return Outcome::kOk;
}

// The possible duplicates (core/review/person_merge.h) with their review state: pending ones
// are kept apart, confirmed ones are one person in every figure.
Result<Outcome> ListDuplicates(const IncidentStore& store, const Options& options, const Io& io) {
  auto items = LoadMergeItems(store);
  if (!items) return std::unexpected(items.error());
  // Each person once (one may be in several pairs: "Léa Martin" three times is two pairs).
  std::vector<int64_t> parties;
  std::map<int64_t, size_t> at;
  for (const MergeItem& m : *items) {
    for (int64_t p : {m.first.party, m.second.party}) {
      if (at.emplace(p, parties.size()).second) parties.push_back(p);
    }
  }
  auto ev = LoadPersonsEvidence(store, parties, 1);
  if (!ev) return std::unexpected(ev.error());
  auto ref = [](const MergeCandidate& c, const std::string& address) {
    return c.mailbox ? address : fmt::format("#{}", c.party);
  };
  auto first_seen = [&](const MergeCandidate& c) {
    const std::vector<PersonSighting> seen = ev->Sightings(at.at(c.party));
    return seen.empty() ? std::string() : Sighting(seen.front());
  };
  std::map<ReviewState, int64_t> by_state;
  for (size_t k = 0; k < items->size(); ++k) {
    const MergeItem& m = (*items)[k];
    ++by_state[m.state];
    const std::string state = m.state == ReviewState::kPending
                                  ? "pending: kept apart until confirmed"
                              : m.state == ReviewState::kConfirmed ? "confirmed: one person"
                                                                   : "rejected: two persons";
    if (options.persons.json) {
      const nlohmann::json j = {
          {"id", m.id},
          {"name", m.name},
          {"state", ReviewStateName(m.state)},
          {"decided_by", m.decided_by},
          {"why", m.why},
          {"persons",
           {{{"person", ref(m.first, m.first_address)}, {"first_seen", first_seen(m.first)}},
            {{"person", ref(m.second, m.second_address)}, {"first_seen", first_seen(m.second)}}}}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    fmt::print(io.out, "{}  {}: the same name, no identifier in common ({}{})\n", m.id, m.name,
               state, m.decided_by.empty() ? "" : ", by " + m.decided_by);
    fmt::print(io.out, "  {}  first seen: {}\n", ref(m.first, m.first_address),
               first_seen(m.first));
    fmt::print(io.out, "  {}  first seen: {}\n", ref(m.second, m.second_address),
               first_seen(m.second));
  }
  if (!options.persons.json) {
    fmt::print(io.out,
               "{} possible duplicate{} ({} pending, kept apart: breachkit never merges on a name "
               "alone; {} confirmed one person; {} rejected). Decide: breachkit --db {} review "
               "accept|reject ID --why TEXT\n",
               items->size(), items->size() == 1 ? "" : "s", by_state[ReviewState::kPending],
               by_state[ReviewState::kConfirmed], by_state[ReviewState::kRejected], store.path());
  }
  return Outcome::kOk;
}

}  // namespace

Result<Outcome> Options::Persons::Execute(const Options& options, const Io& io,
                                          const IncidentStore& store) {
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  if (options.persons.duplicates) return ListDuplicates(store, options, io);
  if (options.persons.functional) return ListFunctional(store, options, io);
  auto figures = LoadFigures(store);
  if (!figures) return std::unexpected(figures.error());
  ExposureReport& r = figures->exposure;
  std::vector<int64_t> parties;
  for (Subject& s : r.subjects) {
    parties.push_back(s.party);
    std::vector<ExposedItem>().swap(s.items);  // the evidence shows the data: not needed here
  }
  constexpr size_t kShown = 20;  // sightings shown per person; the rest are counted
  auto ev = LoadPersonsEvidence(store, parties, options.persons.json ? 1000 : kShown);
  if (!ev) return std::unexpected(ev.error());
  int64_t in_tables = 0;
  for (size_t i = 0; i < r.subjects.size(); ++i) {
    const Subject& s = r.subjects[i];
    const PersonEvidence& p = ev->persons[i];
    const std::vector<PersonSighting> sightings = ev->Sightings(i);
    in_tables += s.content ? 1 : 0;
    if (options.persons.json) {
      nlohmann::json seen = nlohmann::json::array();
      for (const PersonSighting& x : sightings) {
        seen.push_back({{"kind", x.kind},
                        {"masked", x.masked},
                        {"source", x.source},
                        {"message", MessageNumber(x.message)},
                        {"where", x.where}});
      }
      const nlohmann::json j = {{"person", PersonRef(s)},        {"address", s.address},
                                {"found_in_table", s.content},   {"name", s.display_name},
                                {"other_names", s.other_names},  {"sightings", seen},
                                {"more_sightings", ev->more[i]}, {"merge_reasons", p.reasons}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    const bool in_document =
        std::any_of(sightings.begin(), sightings.end(),
                    [](const PersonSighting& x) { return x.where.ends_with(" document"); });
    fmt::print(io.out, "{}  {}{}\n", PersonRef(s), s.display_name,
               !s.content    ? ""
               : in_document ? "  (found in a document about them)"
                             : "  (found in a table)");
    for (const PersonSighting& x : sightings) fmt::print(io.out, "  seen: {}\n", Sighting(x));
    if (ev->more[i] > 0) fmt::print(io.out, "  seen: … and {} more\n", ev->more[i]);
    for (const std::string& why : p.reasons) fmt::print(io.out, "  one person: {}\n", why);
  }
  if (!options.persons.json) {
    fmt::print(io.out, "{} persons ({} with an address, {} found in attachments only)\n",
               r.subjects.size(), static_cast<int64_t>(r.subjects.size()) - in_tables, in_tables);
  }
  return Outcome::kOk;
}

}  // namespace breachkit
