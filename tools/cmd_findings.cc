// breachkit findings [--json] [--category NAME]: what the detectors found, masked.
// Never prints a detected value: the masked preview, the keyed hash, and where it is; nor
// the owner's address in clear (masked, with its keyed hash).
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/detect/finding.h"
#include "core/store/ingest_writer.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"
#include "tools/commands.h"

namespace breachkit {

Result<Outcome> Options::Findings::Execute(const Options& options, const Io& io,
                                           const IncidentStore& store) {
  const std::string& only = options.findings.category;
  if (!only.empty() && !CategoryFromName(only)) {
    std::string names;
    for (const auto& c : kCategories) names += (names.empty() ? "" : ", ") + std::string(c.name);
    return Fail(ErrorCode::kUsage, "unknown category '{}' (one of: {})", only, names);
  }
  std::map<std::string, std::pair<int, int>> per_category;  // original, quoted
  // Whose datum it is, masked too: the owner's address as the masked preview of an e-mail
  // address, and its keyed hash (the one `email` findings of that address carry) to match.
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  auto masked_owner = [](const std::string& owner) { return MaskedAddress(owner); };
  auto st = ListFindings(store, [&](const ListedFinding& f) -> Status {
    if (!only.empty() && f.category != only) return Ok();
    auto& counts = per_category[f.category];
    (f.quoted ? counts.second : counts.first)++;
    if (options.findings.json) {
      nlohmann::json j = {
          {"source", f.source},
          {"index", f.index},
          {"mime_path", f.mime_path},
          {"location", f.location},
          {"category", f.category},
          {"cnil_category", InfoOf(*CategoryFromName(f.category)).cnil},
          {"detector", f.detector},
          {"masked", f.masked_preview},
          {"keyed_hash", f.keyed_hash},
          {"span", {f.span_start, f.span_end}},
          {"confidence", f.confidence},
          {"validation", f.validation},
          {"quoted", f.quoted},
          {"owner",
           f.owner.empty() ? nlohmann::json(nullptr) : nlohmann::json(masked_owner(f.owner))},
          {"owner_hash", f.owner.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(HmacSha256Hex(*key, "email:" + AddressKey(f.owner)))},
          {"duplicate", f.duplicate}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      // A near miss is counted in no figure until the DPO confirms it (`breachkit review`).
      const std::string near_miss =
          IsNearMiss(f.validation)
              ? fmt::format(" (near miss: {}, not counted)",
                            std::string_view(f.validation).substr(kNearMissPrefix.size()))
              : std::string();
      fmt::print(io.out, "{}#{}{}  {:<18} {:<24} {}{}{}  [{}]\n", f.source, MessageNumber(f.index),
                 f.mime_path.empty() ? "" : "/" + f.mime_path, f.category, f.masked_preview,
                 f.location, f.quoted ? " (quoted)" : "", near_miss,
                 f.owner.empty() ? "owner unknown" : masked_owner(f.owner));
    }
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  if (!options.findings.json) {
    fmt::print(io.out, "\n{:<20} {:>9} {:>7}\n", "category", "original", "quoted");
    for (const auto& [category, counts] : per_category) {
      fmt::print(io.out, "{:<20} {:>9} {:>7}\n", category, counts.first, counts.second);
    }
  }
  return Outcome::kOk;
}

}  // namespace breachkit
