// breachkit audit [show|verify] [--head HASH]: the append-only, hash-chained log of every
// change to the record. `verify` exits non-zero when an entry was edited or removed, when the
// data the log vouches for (its last seal) were edited, when a logged document is missing from
// it, or when the log no longer reaches a head kept outside the record (--head).
#include <algorithm>

#include <fmt/core.h>
#include <fmt/format.h>

#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"

namespace breachkit {

Result<Outcome> Options::Audit::Execute(const Options& options, const Io& io,
                                        const IncidentStore& store) {
  auto v = store.VerifyAudit();
  if (!v) return std::unexpected(v.error());
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  if (options.audit.action == "verify") {
    if (v->broken_at) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: the audit log was altered: entry {} does not match the chain ({} entries)",
                  store.path(), *v->broken_at, v->entries);
    }
    if (!v->data_changes.empty()) {
      auto unfinished = store.UnfinishedSources();
      if (!unfinished) return std::unexpected(unfinished.error());
      return Fail(ErrorCode::kInvalidInput,
                  "{}: the record does not match its audit log ({} entries): {}{}", store.path(),
                  v->entries, fmt::join(v->data_changes, "; "),
                  unfinished->empty() ? ""
                                      : " (an ingestion that did not finish leaves this too: "
                                        "run it again, and verify again)");
    }
    if (!options.audit.head.empty()) {
      std::string head = options.audit.head;
      std::transform(head.begin(), head.end(), head.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      // A mistyped head is said as such, not as a log rewritten since.
      if (head.size() != 64 || head.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return Fail(ErrorCode::kUsage,
                    "audit verify --head {}: a head is the 64 hexadecimal digits of an entry's "
                    "hash, as `run` and `audit verify` print it",
                    options.audit.head);
      }
      const auto at = std::find_if(entries->begin(), entries->end(),
                                   [&](const AuditEntry& e) { return e.hash == head; });
      if (at == entries->end()) {
        return Fail(ErrorCode::kInvalidInput,
                    "{}: the audit log no longer reaches head {}: entries were removed or "
                    "rewritten since it was taken ({} entries now, head {})",
                    store.path(), options.audit.head, v->entries,
                    v->head_hash.empty() ? "none" : v->head_hash);
      }
      fmt::print(io.out, "audit log reaches head {} (entry {} of {})\n", head, at->seq, v->entries);
    }
    fmt::print(io.out, "audit log intact: {} entries, head {}\n", v->entries, v->head_hash);
    return Outcome::kOk;
  }
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  TableBlock t{{"#", "at", "action", "details"}, {}};
  for (const AuditEntry& e : *entries) {
    t.rows.push_back(
        {std::to_string(e.seq), FormatInZone(e.at, info->timezone), e.action, e.details});
  }
  fmt::print(io.out, "{}\n",
             RenderText(Document{"Audit log", "", "", {Section{store.path(), {t}}}}));
  fmt::print(io.out, "{} entries, head {}{}{}\n", v->entries, v->head_hash,
             v->broken_at ? fmt::format(" — BROKEN at entry {}", *v->broken_at) : "",
             v->data_changes.empty()
                 ? ""
                 : fmt::format(" — DATA CHANGED: {}", fmt::join(v->data_changes, "; ")));
  return Outcome::kOk;
}

}  // namespace breachkit
