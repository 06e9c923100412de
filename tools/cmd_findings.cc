// breachkit findings [--json] [--category NAME]: what the detectors found, masked.
// Never prints a detected value: the masked preview, the keyed hash, and where it is; nor
// the owner's address in clear (masked, with its keyed hash).
#include <algorithm>
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
  // Original, quoted; and in a copy left out as a duplicate (the same mail from another
  // mailbox: its findings are not counted again, helper-74's "nir 364" for 182 rows).
  struct Counts {
    int original = 0;
    int quoted = 0;
    int copies = 0;
  };
  std::map<std::string, Counts> per_category;
  // Whose datum it is, masked too: the owner's address as the masked preview of an e-mail
  // address, and its keyed hash (the one `email` findings of that address carry) to match.
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  auto masked_owner = [](const std::string& owner) { return MaskedAddress(owner); };
  auto st = ListFindings(store, [&](const ListedFinding& f) -> Status {
    if (!only.empty() && f.category != only) return Ok();
    Counts& counts = per_category[f.category];
    ++(f.duplicate ? counts.copies : f.quoted ? counts.quoted : counts.original);
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
      fmt::print(io.out, "{}#{}{}  {:<18} {:<24} {}{}{}{}  [{}]\n", f.source,
                 MessageNumber(f.index), f.mime_path.empty() ? "" : "/" + f.mime_path, f.category,
                 f.masked_preview, f.location, f.quoted ? " (quoted)" : "", near_miss,
                 f.duplicate ? " (in a duplicate copy, not counted again)" : "",
                 f.owner.empty() ? "owner unknown" : masked_owner(f.owner));
    }
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  if (!options.findings.json) {
    const bool copies = std::any_of(per_category.begin(), per_category.end(),
                                    [](const auto& c) { return c.second.copies > 0; });
    fmt::print(io.out, "\n{:<20} {:>9} {:>7}{}\n", "category", "original", "quoted",
               copies ? "  in duplicate copies" : "");
    for (const auto& [category, counts] : per_category) {
      fmt::print(io.out, "{:<20} {:>9} {:>7}{}\n", category, counts.original, counts.quoted,
                 copies ? fmt::format("  {:>20}", counts.copies) : "");
    }
  }
  return Outcome::kOk;
}

}  // namespace breachkit
