// breachkit audit [show|verify]: the append-only, hash-chained log of every change
// to the record. `verify` exits non-zero when an entry was edited or removed.
#include <fmt/core.h>

#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"

namespace breachkit {

Result<Outcome> Options::Audit::Execute(const Options& options, const Io& io,
                                        const IncidentStore& store) {
  auto v = store.VerifyAudit();
  if (!v) return std::unexpected(v.error());
  if (options.audit.action == "verify") {
    if (v->broken_at) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: the audit log was altered: entry {} does not match the chain ({} entries)",
                  store.path(), *v->broken_at, v->entries);
    }
    fmt::print(io.out, "audit log intact: {} entries, head {}\n", v->entries, v->head_hash);
    return Outcome::kOk;
  }
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  Table t{{"#", "at", "action", "details"}, {}};
  for (const AuditEntry& e : *entries) {
    t.rows.push_back(
        {std::to_string(e.seq), FormatInZone(e.at, info->timezone), e.action, e.details});
  }
  fmt::print(io.out, "{}\n",
             RenderText(Document{"Audit log", "", "", {Section{store.path(), {t}}}}));
  fmt::print(io.out, "{} entries, head {}{}\n", v->entries, v->head_hash,
             v->broken_at ? fmt::format(" — BROKEN at entry {}", *v->broken_at) : "");
  return Outcome::kOk;
}

}  // namespace breachkit
