// breachkit report -o FILE.pdf [--text]: the internal register entry (GDPR Art. 33(5)) with
// its charts. Records itself when its bytes changed.
#include <fmt/core.h>

#include "core/util/hash.h"
#include "reports/pdf_writer.h"
#include "reports/register_report.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/record_view.h"

namespace breachkit {

Result<Outcome> CmdReport(const Options& options, const Io& io, IncidentStore& store) {
  const auto& o = options.report;
  if (!o.text && o.output.empty()) return Fail(ErrorCode::kUsage, "say where to write it: -o FILE.pdf (or --text)");
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  RegisterInputs in;
  in.incident = view->incident;
  in.exposure = view->exposure;
  in.assessment = view->assessment;
  in.deadline = view->deadline;
  auto events = store.Events();
  if (!events) return std::unexpected(events.error());
  in.events = *events;
  auto sources = store.Sources();
  if (!sources) return std::unexpected(sources.error());
  in.evidence = *sources;
  auto docs = store.Documents();
  if (!docs) return std::unexpected(docs.error());
  for (const DocumentRecord& d : *docs) {
    if (d.kind != "register" && !IsExport(d)) in.documents.push_back(d);  // the register lists the others
  }
  // The log's head as of the last entry that is not about a register entry itself: the
  // register would otherwise change every time it is written (its writing is logged).
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
    if (it->action == "document" && it->details.starts_with("register ")) continue;
    in.audit_head = it->hash;
    in.audit_entries = it->seq;
    break;
  }
  const Document doc = ComposeRegisterEntry(in);
  if (o.text) {
    fmt::print(io.out, "{}", RenderText(doc));
    return Outcome::kOk;
  }
  return WriteRecordedPdf(store, io, doc, "register", o.output);
}

Result<Outcome> WriteRecordedPdf(IncidentStore& store, const Io& io, const Document& doc,
                                 const std::string& kind, const std::string& path) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  auto before = Sha256File(path);
  PdfOptions pdf;
  pdf.creation_date = info->created_at;  // a date of the record: same record, same bytes
  auto pages = WritePdf(doc, pdf, path);
  if (!pages) return std::unexpected(pages.error());
  auto sha = Sha256File(path);
  if (!sha) return std::unexpected(sha.error());
  if (before && *before == *sha) {
    fmt::print(io.out, "{} unchanged ({} pages, sha256 {})\n", path, *pages, *sha);
    return Outcome::kOk;
  }
  if (auto st = store.RecordDocument({kind, path, *sha, store.clock().NowUnix(), ""}); !st)
    return std::unexpected(st.error());
  if (auto st = store.AppendAudit("document", fmt::format("{} {} sha256={}", kind, path, *sha)); !st)
    return std::unexpected(st.error());
  fmt::print(io.out, "wrote {} ({} pages, sha256 {})\n", path, *pages, *sha);
  return Outcome::kOk;
}

}  // namespace breachkit
