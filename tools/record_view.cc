#include "tools/record_view.h"

#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"

namespace breachkit {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

Result<std::vector<std::string>> WarnAboutRecord(const IncidentStore& store, const Io& io) {
  // One process runs one command, or `run`'s steps: each warning is said once.
  static std::set<std::string> said;
  auto say = [&](const std::string& line) {
    if (said.insert(line).second) fmt::print(io.err, "warning: {}\n", line);
  };
  auto unfinished = store.UnfinishedSources();
  if (!unfinished) return std::unexpected(unfinished.error());
  for (const std::string& path : *unfinished) {
    say(
        fmt::format("the record is partial: the ingestion of {} did not finish, and the figures "
                    "leave out what was not read of it (run `breachkit --db {} ingest {}` again "
                    "to finish it)",
                    path, store.path(), path));
  }
  auto domains = store.OrgDomains();
  if (!domains) return std::unexpected(domains.error());
  if (domains->empty()) {
    auto sender = store.FirstSenderDomain();
    if (!sender) return std::unexpected(sender.error());
    auto sources = store.Sources();
    if (!sources) return std::unexpected(sources.error());
    if (!sender->empty() || !sources->empty() || !unfinished->empty()) {
      say(fmt::format(
          "no organisation profile: the organisation's own addresses are counted as affected "
          "persons{} (give the profile: `breachkit --db {} init --org FILE`, see "
          "schemas/examples/organisation.xml)",
          sender->empty() ? ""
                          : fmt::format("; the leak's first sender writes from {}, likely the "
                                        "organisation's domain",
                                        *sender),
          store.path()));
    }
  }
  return unfinished;
}

Status RefuseIfPartial(const IncidentStore& store, const std::vector<std::string>& unfinished,
                       bool partial_allowed, std::string_view what) {
  if (unfinished.empty() || partial_allowed) return Ok();
  return Fail(ErrorCode::kInvalidInput,
              "{}: the record is partial (the ingestion of {} did not finish): {} would leave "
              "out what was not read; finish the ingestion (run the same `breachkit ingest` "
              "again), or give --partial to write it from what was read",
              store.path(), Joined(unfinished), what);
}

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
