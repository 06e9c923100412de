// What the record says now, as the documents and `assess` need it: the incident, the exposure
// figures, the risk facts and the assessment (re-computed from the evidence, with the
// overrides of the latest stored assessment), and the notification clock. Reading it writes
// nothing: only a change the DPO asks for (`assess --dpc`, `--clear`) stores an assessment.
#ifndef BREACHKIT_TOOLS_RECORD_VIEW_H_
#define BREACHKIT_TOOLS_RECORD_VIEW_H_

#include "core/exposure/exposure.h"
#include "core/risk/deadline.h"
#include "core/risk/enisa.h"
#include "core/store/store.h"
#include "tools/commands.h"

namespace breachkit {

/// What a reader of the figures must know about the record they come from, said once per
/// process on `io.err` as "warning:" lines, by every command that prints figures or writes
/// a document: the sources whose ingestion did not finish (the figures leave out what was
/// not read of them), and a missing organisation profile (the organisation's own addresses
/// are then counted as affected persons; the leak's first sender's domain is proposed).
/// Returns the unfinished sources' paths.
Result<std::vector<std::string>> WarnAboutRecord(const IncidentStore& store, const Io& io);

/// For a document the DPO signs or sends (`what`, e.g. "the CNIL draft"): fails with
/// kInvalidInput naming the unfinished sources unless `partial_allowed` (--partial).
Status RefuseIfPartial(const IncidentStore& store, const std::vector<std::string>& unfinished,
                       bool partial_allowed, std::string_view what);

struct RecordView {
  IncidentInfo incident;
  ExposureReport exposure;
  RiskFacts facts;
  RiskAssessment assessment;
  Overrides overrides;  // those applied (from the latest assessment, unless given)
  DeadlineStatus deadline;
};

/// The incident and its exposure figures: what the listings need.
struct RecordFigures {
  IncidentInfo incident;
  ExposureReport exposure;
};
/// The files the ingestions did not read (skipped or a problem), each once however many
/// ingestions met it: the audit log's ingest.skipped and ingest.problem entries.
Result<std::vector<std::string>> FilesNotRead(const IncidentStore& store);

Result<RecordFigures> LoadFigures(const IncidentStore& store);

/// The overrides in effect: those of the latest stored assessment (none before the first).
Result<Overrides> CurrentOverrides(const IncidentStore& store);

/// The stored form of the overrides (StoredAssessment::overrides), a JSON object: each
/// factor's value and its own reason (`{"dpc": 3, "dpc_why": "…"}`), `why`, the reason of the
/// change that stored them, and `cleared`, the factors that change withdrew. An assessment
/// stored by an earlier breachkit has one `why` for all its overrides: each factor takes it.
std::string OverridesJson(const Overrides& overrides, std::string_view why,
                          const std::vector<std::string>& cleared);
/// Fails (kInvalidInput) on JSON that is not such an object; an empty text is no override.
Result<Overrides> OverridesFromJson(std::string_view json);

/// `overrides`: when given, used instead of the latest stored ones.
Result<RecordView> LoadRecordView(const IncidentStore& store,
                                  const std::optional<Overrides>& overrides = std::nullopt);

/// What the inputs of a document (CnilInputs, RegisterInputs) take from the record: the
/// incident, the figures, the assessment, the notification clock, the timeline and the evidence.
template <typename DocumentInputs>
Result<DocumentInputs> LoadDocumentInputs(const IncidentStore& store) {
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  DocumentInputs in;
  in.incident = std::move(view->incident);
  in.exposure = std::move(view->exposure);
  in.assessment = std::move(view->assessment);
  in.deadline = view->deadline;
  auto events = store.Events();
  if (!events) return std::unexpected(events.error());
  in.events = std::move(*events);
  auto sources = store.Sources();
  if (!sources) return std::unexpected(sources.error());
  in.evidence = std::move(*sources);
  return in;
}

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_RECORD_VIEW_H_
