// breachkit persons [--json] [--duplicates]: each affected person with their identifiers,
// where each was seen (source, message, header field or table row), and why the sightings
// are one person (the merge reasons). --duplicates: the persons who may be one and the same
// (equal names, no shared identifier), for the DPO to check: breachkit never merges on a
// name alone.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <glib.h>
#include <nlohmann/json.hpp>

#include "core/store/persons_loader.h"
#include "core/util/glib_handle.h"
#include "tools/commands.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

// What shows who a person is: their address, or "#N" for a person found in a table.
std::string PersonRef(const Subject& s) {
  return s.content ? fmt::format("#{}", s.party) : s.address;
}

// A name with letter case, accents and spacing folded: "Léa  MARTIN" and "lea martin" fold
// alike.
std::string FoldName(const std::string& name) {
  if (!g_utf8_validate(name.data(), static_cast<gssize>(name.size()), nullptr)) return name;
  const std::string nfd =
      TakeGString(g_utf8_normalize(name.data(), static_cast<gssize>(name.size()), G_NORMALIZE_NFD));
  std::string bare;
  for (const char* p = nfd.c_str(); *p; p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (g_unichar_ismark(c)) continue;
    if (g_unichar_isspace(c) || c == '-' || c == ',') {
      if (!bare.empty() && bare.back() != ' ') bare += ' ';
      continue;
    }
    char buf[6];
    bare.append(buf, static_cast<size_t>(g_unichar_to_utf8(g_unichar_tolower(c), buf)));
  }
  while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  // "Martin Léa" and "Léa Martin": the same words in any order.
  std::vector<std::string> words;
  for (size_t at = 0; at < bare.size();) {
    size_t end = bare.find(' ', at);
    if (end == std::string::npos) end = bare.size();
    words.push_back(bare.substr(at, end - at));
    at = end + 1;
  }
  std::sort(words.begin(), words.end());
  return fmt::format("{}", fmt::join(words, " "));
}

std::string Sighting(const PersonSighting& s) {
  const std::string what = s.kind == "address" ? "address in " + s.where : s.kind + " " + s.masked;
  return fmt::format("{} ({} message {}{})", what, s.source, s.message + 1,
                     s.kind == "address" ? "" : ", " + s.where);
}

Result<Outcome> ListDuplicates(const ExposureReport& r, const PersonsEvidence& ev,
                               const Options& options, const Io& io) {
  std::map<std::string, std::vector<size_t>> by_name;
  for (size_t i = 0; i < r.subjects.size(); ++i) {
    std::set<std::string> folded;
    if (!r.subjects[i].display_name.empty()) folded.insert(FoldName(r.subjects[i].display_name));
    for (const std::string& n : r.subjects[i].other_names) folded.insert(FoldName(n));
    for (const std::string& f : folded) {
      if (!f.empty()) by_name[f].push_back(i);
    }
  }
  int64_t groups = 0;
  for (const auto& [name, who] : by_name) {
    if (who.size() < 2) continue;
    ++groups;
    if (options.persons.json) {
      nlohmann::json j = {{"name", r.subjects[who.front()].display_name},
                          {"persons", nlohmann::json::array()}};
      for (size_t i : who) {
        const PersonEvidence& p = ev.persons[i];
        j["persons"].push_back(
            {{"person", PersonRef(r.subjects[i])},
             {"first_seen", p.sightings.empty() ? std::string() : Sighting(p.sightings.front())}});
      }
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    fmt::print(io.out, "{}: {} persons with this name and no identifier in common\n",
               r.subjects[who.front()].display_name, who.size());
    for (size_t i : who) {
      const PersonEvidence& p = ev.persons[i];
      fmt::print(io.out, "  {}  first seen: {}\n", PersonRef(r.subjects[i]),
                 p.sightings.empty() ? "" : Sighting(p.sightings.front()));
    }
  }
  if (!options.persons.json) {
    fmt::print(io.out,
               "{} possible duplicate{} (equal names, kept apart: breachkit never merges on a "
               "name alone; check them by hand)\n",
               groups, groups == 1 ? "" : "s");
  }
  return Outcome::kOk;
}

}  // namespace

Result<Outcome> Options::Persons::Execute(const Options& options, const Io& io,
                                          const IncidentStore& store) {
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto figures = LoadFigures(store);
  if (!figures) return std::unexpected(figures.error());
  const ExposureReport& r = figures->exposure;
  std::vector<int64_t> parties;
  for (const Subject& s : r.subjects) parties.push_back(s.party);
  constexpr size_t kShown = 20;  // sightings shown per person; the rest are counted
  auto ev = LoadPersonsEvidence(store, parties, options.persons.json ? 1000 : kShown);
  if (!ev) return std::unexpected(ev.error());
  if (options.persons.duplicates) return ListDuplicates(r, *ev, options, io);
  int64_t in_tables = 0;
  for (size_t i = 0; i < r.subjects.size(); ++i) {
    const Subject& s = r.subjects[i];
    const PersonEvidence& p = ev->persons[i];
    in_tables += s.content ? 1 : 0;
    if (options.persons.json) {
      nlohmann::json seen = nlohmann::json::array();
      for (const PersonSighting& x : p.sightings) {
        seen.push_back({{"kind", x.kind},
                        {"masked", x.masked},
                        {"source", x.source},
                        {"message", x.message + 1},
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
        std::any_of(p.sightings.begin(), p.sightings.end(),
                    [](const PersonSighting& x) { return x.where.ends_with(" document"); });
    fmt::print(io.out, "{}  {}{}\n", PersonRef(s), s.display_name,
               !s.content    ? ""
               : in_document ? "  (found in a document about them)"
                             : "  (found in a table)");
    for (const PersonSighting& x : p.sightings) fmt::print(io.out, "  seen: {}\n", Sighting(x));
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
