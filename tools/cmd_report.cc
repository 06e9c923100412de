// breachkit report -o FILE.pdf [--text]: the internal register entry (GDPR Art. 33(5)) with
// its charts. Records itself when its bytes changed.
#include <set>
#include <vector>

#include <fmt/core.h>

#include "core/store/review_store.h"
#include "reports/register_report.h"
#include "tools/commands.h"
#include "tools/record_view.h"
#include "tools/recorded_output.h"

namespace breachkit {

Result<Outcome> Options::Report::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  const auto& o = options.report;
  if (!o.text && o.output.empty())
    return Fail(ErrorCode::kUsage, "say where to write it: -o FILE.pdf (or --text)");
  auto unfinished = WarnAboutRecord(store, io);
  if (!unfinished) return std::unexpected(unfinished.error());
  if (auto st = RefuseIfPartial(store, *unfinished, o.partial, "the register entry"); !st)
    return std::unexpected(st.error());
  const Outcome done = unfinished->empty() ? Outcome::kOk : Outcome::kPartial;
  auto in = LoadDocumentInputs<RegisterInputs>(store);
  if (!in) return std::unexpected(in.error());
  auto contacts = store.Contacts();
  if (!contacts) return std::unexpected(contacts.error());
  std::set<int64_t> reachable;
  for (const PersonContact& c : *contacts) {
    if (!c.email.empty() || !c.postal_address.empty()) reachable.insert(c.party);
  }
  for (const Subject& s : in->exposure.subjects) {
    if (!s.content) continue;
    ++in->persons_in_tables;
    if (!reachable.contains(s.party)) {
      in->without_contact.push_back(fmt::format("#{} {}", s.party, s.display_name));
    }
  }
  // The entry names no person's data item, and what needed them (the facts, the assessment)
  // is made: free them before the merges are read (1.2 million items, the largest part of
  // the figures, on the 2 GB benchmark record).
  for (Subject& s : in->exposure.subjects) std::vector<ExposedItem>().swap(s.items);
  auto samples = LoadSamples(store);
  if (!samples) return std::unexpected(samples.error());
  in->samples = std::move(*samples);
  auto merges = LoadMergeItems(store);
  if (!merges) return std::unexpected(merges.error());
  auto links = LoadIdentifierMerges(store);
  if (!links) return std::unexpected(links.error());
  in->merges = std::move(*merges);
  in->merges.insert(in->merges.end(), links->begin(), links->end());
  auto docs = store.Documents();
  if (!docs) return std::unexpected(docs.error());
  for (const DocumentRecord& d : *docs) {
    if (d.kind != "register" && !IsExport(d))
      in->documents.push_back(d);  // the register lists the others
  }
  // The log's head as of the last entry that is not about a register entry itself: the
  // register would otherwise change every time it is written (its writing is logged).
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
    if (it->action == "document" && it->details.starts_with("register ")) continue;
    in->audit_head = it->hash;
    in->audit_entries = it->seq;
    break;
  }
  const Document doc = ComposeRegisterEntry(*in);
  if (o.text) {
    if (auto st = PrintOrWriteText(io, doc, o.output); !st) return std::unexpected(st.error());
    return done;
  }
  auto written = WriteRecordedPdf(store, io, doc, "register", o.output);
  if (!written) return written;
  return done;
}

}  // namespace breachkit
