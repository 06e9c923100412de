#include "tools/record_view.h"

#include <nlohmann/json.hpp>

#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"

namespace breachkit {

Result<RecordFigures> LoadFigures(const IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  auto input = LoadExposureInput(store);
  if (!input) return std::unexpected(input.error());
  return RecordFigures{std::move(*info), ComputeExposure(*input)};
}

Result<RecordView> LoadRecordView(const IncidentStore& store,
                                  const std::optional<Overrides>& given) {
  auto figures = LoadFigures(store);
  if (!figures) return std::unexpected(figures.error());
  RecordView v;
  v.incident = std::move(figures->incident);
  v.exposure = std::move(figures->exposure);
  v.facts = FactsFrom(v.exposure, v.incident);
  if (given) {
    v.overrides = *given;
  } else {
    auto stored = store.Assessments();
    if (!stored) return std::unexpected(stored.error());
    if (!stored->empty()) {
      const auto j = nlohmann::json::parse(stored->back().overrides, nullptr, false);
      if (j.is_object()) {
        if (j.contains("dpc")) v.overrides.dpc = j["dpc"].get<double>();
        if (j.contains("ei")) v.overrides.ei = j["ei"].get<double>();
        if (j.contains("cb")) v.overrides.cb = j["cb"].get<double>();
        if (j.contains("why")) v.overrides.why = j["why"].get<std::string>();
      }
    }
  }
  auto a = AssessRisk(v.facts, PolicyFrom(v.incident), v.overrides);
  if (!a) return std::unexpected(a.error());
  v.assessment = std::move(*a);
  v.deadline =
      ComputeDeadline(v.incident.awareness_at, v.incident.notified_at, store.clock().NowUnix());
  return v;
}

}  // namespace breachkit
