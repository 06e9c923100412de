// breachkit subjects [--csv|--json]: one row per affected person — address, name, what of
// theirs was exposed (CNIL categories and masked previews, never values), in how many
// messages, to how many people at most, when, and whether they wrote in the storm.
// The CSV is UTF-8 with a BOM, every field quoted, one header row: it opens in a
// spreadsheet as is. A cell that would start with = + - @ gets a leading apostrophe so a
// spreadsheet never runs it as a formula.
#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/csv.h"
#include "tools/json_views.h"
#include "tools/record_view.h"

namespace breachkit {
namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<std::string> Categories(const Subject& s) {
  std::set<std::string> set;
  for (const auto& i : s.items) set.emplace(i.cnil);
  return {set.begin(), set.end()};
}

std::vector<std::string> Items(const Subject& s) {
  std::vector<std::string> out;
  for (const auto& i : s.items) {
    std::string item(i.kind);
    if (const std::string_view preview = SharedPreview(i); !preview.empty())
      (item += ' ') += preview;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<Outcome> Options::Subjects::Execute(const Options& options, const Io& io,
                                           const IncidentStore& store) {
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto figures = LoadFigures(store);
  if (!figures) return std::unexpected(figures.error());
  const auto& [info, r] = *figures;  // the incident and its exposure figures
  auto when = [&](const std::optional<int64_t>& t) {
    return t ? FormatInZone(*t, info.timezone) : std::string();
  };
  if (options.subjects.csv) {
    fmt::print(io.out, "\xEF\xBB\xBF");
    // Every field quoted, the header's too (as the README shows it).
    std::vector<std::string> header;
    for (const char* name : {"address", "display_name", "other_names", "categories", "items",
                             "messages", "max_audience", "first_exposure", "last_exposure",
                             "wrote_in_storm", "reached_third_party"}) {
      header.push_back(CsvField(name));
    }
    fmt::print(io.out, "{}\r\n", Join(header, ","));
    for (const Subject& s : r.subjects) {
      fmt::print(io.out, "{}\r\n",
                 Join({CsvField(s.address), CsvField(s.display_name),
                       CsvField(Join(s.other_names, "; ")), CsvField(Join(Categories(s), "; ")),
                       CsvField(Join(Items(s), "; ")), CsvField(std::to_string(s.messages)),
                       CsvField(std::to_string(s.max_audience)), CsvField(when(s.first_exposure)),
                       CsvField(when(s.last_exposure)), CsvField(s.wrote_in_storm ? "yes" : "no"),
                       CsvField(s.reached_third_party ? "yes" : "no")},
                      ","));
    }
    return Outcome::kOk;
  }
  if (options.subjects.json) {
    // A person found in a table: how to reach them (their row's address, or an imported one).
    auto contacts = store.Contacts();
    if (!contacts) return std::unexpected(contacts.error());
    std::map<int64_t, const PersonContact*> contact_of;
    for (const PersonContact& c : *contacts) contact_of.emplace(c.party, &c);
    for (const Subject& s : r.subjects) {
      nlohmann::json j = SubjectJson(s, info.timezone);
      if (s.content) {
        auto it = contact_of.find(s.party);
        j["contact"] = it == contact_of.end()
                           ? nlohmann::json(nullptr)
                           : nlohmann::json{{"email", it->second->email},
                                            {"postal_address", it->second->postal_address},
                                            {"origin", it->second->origin}};
      }
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return Outcome::kOk;
  }
  TableBlock t{{"address", "name", "items", "messages", "max audience", "wrote"}, {}};
  for (const Subject& s : r.subjects) {
    t.rows.push_back({s.content ? fmt::format("#{} (table)", s.party) : s.address, s.display_name,
                      Join(Items(s), ", "), std::to_string(s.messages),
                      std::to_string(s.max_audience), s.wrote_in_storm ? "yes" : ""});
  }
  fmt::print(io.out, "{}\n{} affected persons\n",
             RenderText(Document{"Affected persons", "", "", {Section{store.path(), {t}}}}),
             r.subjects.size());
  return Outcome::kOk;
}

}  // namespace breachkit
