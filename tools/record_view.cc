#include "tools/record_view.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/ingest/ingest.h"
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
  auto attachments = store.AttachmentsNotRead();
  if (!attachments) return std::unexpected(attachments.error());
  if (!attachments->empty()) {
    // An encrypted file in an archive, or a PDF that needs a password.
    const auto encrypted = std::count_if(
        attachments->begin(), attachments->end(), [](const IncidentStore::AttachmentNotRead& a) {
          return a.kind == "attachment-encrypted" ||
                 (a.kind == "attachment-unreadable" &&
                  a.line.find(": encrypted PDF") != std::string::npos);
        });
    // A table read whole but with a row read by a guess (a CSV quote not closed).
    const auto guessed = std::count_if(
        attachments->begin(), attachments->end(),
        [](const IncidentStore::AttachmentNotRead& a) { return a.kind == "table-malformed"; });
    say(fmt::format(
        "{} attachment{} could not be read{}{}: what {} hold is counted nowhere{} "
        "(`breachkit --db {} summary` lists them)",
        attachments->size(), attachments->size() == 1 ? "" : "s",
        encrypted == 0 ? "" : fmt::format(" ({} encrypted)", encrypted),
        guessed == 0
            ? ""
            : fmt::format(", or read in part by a guess ({} with a malformed row)", guessed),
        attachments->size() == 1 ? "it may" : "they may", guessed == 0 ? "" : ", or by a guess",
        store.path()));
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

Result<std::vector<std::string>> FilesNotRead(const IncidentStore& store) {
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  std::vector<std::string> out;
  for (const AuditEntry& e : *entries) {
    if (e.action == kAuditSkipped || e.action == kAuditProblem) out.push_back(e.details);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<RecordFigures> LoadFigures(const IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  auto report = LoadExposureReport(store);
  if (!report) return std::unexpected(report.error());
  return RecordFigures{std::move(*info), std::move(*report)};
}

Result<Overrides> CurrentOverrides(const IncidentStore& store) {
  auto stored = store.Assessments();
  if (!stored) return std::unexpected(stored.error());
  if (stored->empty()) return Overrides{};
  auto o = OverridesFromJson(stored->back().overrides);
  if (!o) {
    return Fail(ErrorCode::kDatabase, "{}: assessment {}: {}", store.path(), stored->back().id,
                o.error().message);
  }
  return o;
}

std::string OverridesJson(const Overrides& overrides, std::string_view why,
                          const std::vector<std::string>& cleared) {
  nlohmann::json j = nlohmann::json::object();
  for (const FactorField& f : kFactorFields) {
    const std::optional<Override>& o = overrides.*f.override;
    if (!o) continue;
    j[std::string(f.name)] = o->value;
    j[std::string(f.name) + "_why"] = o->why;
  }
  if (!why.empty()) j["why"] = why;
  if (!cleared.empty()) j["cleared"] = cleared;
  return j.dump();
}

Result<Overrides> OverridesFromJson(std::string_view json) {
  if (json.empty()) return Overrides{};  // the column's default: none
  const auto j = nlohmann::json::parse(json, nullptr, false);
  auto bad = [&](std::string_view what) {
    return Fail(ErrorCode::kInvalidInput, "the stored overrides are not readable ({})", what);
  };
  if (!j.is_object()) return bad("not a JSON object");
  // Before each factor had its own reason, one `why` was the reason of them all.
  const std::string common =
      j.contains("why") && j["why"].is_string() ? j["why"].get<std::string>() : "";
  Overrides out;
  for (const FactorField& f : kFactorFields) {
    const std::string name(f.name);
    if (!j.contains(name)) continue;
    if (!j[name].is_number()) return bad(name + " is not a number");
    Override o{j[name].get<double>(), common};
    if (j.contains(name + "_why")) {
      if (!j[name + "_why"].is_string()) return bad(name + "_why is not a string");
      o.why = j[name + "_why"].get<std::string>();
    }
    out.*f.override = std::move(o);
  }
  return out;
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
    auto current = CurrentOverrides(store);
    if (!current) return std::unexpected(current.error());
    v.overrides = std::move(*current);
  }
  auto a = AssessRiskByGroup(v.facts, GroupFactsFrom(v.exposure, v.facts), PolicyFrom(v.incident),
                             v.overrides);
  if (!a) return std::unexpected(a.error());
  v.assessment = std::move(*a);
  v.deadline = ComputeDeadline(v.incident.awareness_at, v.incident.notified_at,
                               store.clock().NowUnix(), v.incident.deadline_hours);
  return v;
}

}  // namespace breachkit
