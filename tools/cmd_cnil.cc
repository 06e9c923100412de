// breachkit cnil -o FILE.pdf [--complementary] [--text]: the draft of the notification to the
// CNIL as PDF (or as text on stdout). The document records itself in the store and the audit
// log: kind, path, SHA-256, time.
#include <fmt/core.h>

#include "core/review/person_merge.h"
#include "core/store/review_store.h"
#include "reports/cnil_notification.h"
#include "tools/commands.h"
#include "tools/record_view.h"
#include "tools/recorded_output.h"

namespace breachkit {

Result<Outcome> Options::Cnil::Execute(const Options& options, const Io& io, IncidentStore& store) {
  const auto& o = options.cnil;
  if (!o.text && o.output.empty()) {
    return Fail(ErrorCode::kUsage, "say where to write the draft: -o FILE.pdf (or --text)");
  }
  auto unfinished = WarnAboutRecord(store, io);
  if (!unfinished) return std::unexpected(unfinished.error());
  if (auto st = RefuseIfPartial(store, *unfinished, o.partial, "the CNIL draft"); !st)
    return std::unexpected(st.error());
  const Outcome done = unfinished->empty() ? Outcome::kOk : Outcome::kPartial;
  auto in = LoadDocumentInputs<CnilInputs>(store);
  if (!in) return std::unexpected(in.error());
  in->complementary = o.complementary;
  auto merges = LoadMergeItems(store);
  if (!merges) return std::unexpected(merges.error());
  std::set<int64_t> affected;
  for (const Subject& s : in->exposure.subjects) affected.insert(s.party);
  in->persons_maybe_counted_twice = PersonsPendingMergesMayJoin(*merges, affected);
  if (o.complementary) {
    // The initial notification as its draft said it: the last initial draft written when the
    // notification was recorded as made (event add cnil-notified kept its facts).
    auto kept = store.NotificationFactsOf(kNotifiedFactsKey);
    if (!kept) return std::unexpected(kept.error());
    if (*kept) in->initial = InitialNotification{(*kept)->first, FactsFromText((*kept)->second)};
  }
  auto domains = store.OrgDomains();
  if (!domains) return std::unexpected(domains.error());
  in->org_domains = std::move(*domains);
  // The head as of the last entry about the data: writing a document (this one included)
  // does not change it, so that the same record gives the same draft.
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
    if (it->action == "document") continue;
    in->audit_head = it->hash;
    in->audit_entries = it->seq;
    break;
  }
  auto doc = ComposeCnilNotification(*in);
  if (!doc) return std::unexpected(doc.error());
  if (o.text) {
    if (auto st = PrintOrWriteText(io, *doc, o.output); !st) return std::unexpected(st.error());
    return done;
  }
  const std::string kind = o.complementary ? "cnil-complementary" : "cnil-initial";
  DocumentRecord recorded;
  auto written = WriteRecordedPdf(store, io, *doc, kind, o.output, &recorded);
  if (!written) return written;
  if (!o.complementary) {
    // What this draft says, kept for a complementary notification to compare with.
    if (auto st = store.KeepNotificationFacts(recorded.sha256, recorded.generated_at,
                                              FactsToText(FactsOf(*in)));
        !st)
      return std::unexpected(st.error());
  }
  const auto missing = doc->Missing();
  if (!missing.empty()) {
    fmt::print(io.out, "{} fields left « à compléter »:\n", missing.size());
    for (const ToComplete& t : missing) fmt::print(io.out, "  - {} ({})\n", t.field, t.how);
  }
  return done;
}

}  // namespace breachkit
