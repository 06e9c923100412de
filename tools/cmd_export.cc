// breachkit export --format json|csv|xml -o PATH, and breachkit import FILE.xml.
// json: the record as a person or a tool reads it (incident, figures, subjects with masked
// items, the assessment in effect and the stored ones, timeline, documents, evidence, audit
// head). csv: a folder of tables for a spreadsheet. xml: every table of the record
// (schemas/incident.xsd) with the figures, which `import` reads back into an empty record with
// the same figures. Files 0600, folders 0700; an export holds personal data and the record's
// key, as the record itself does, so each file written is recorded as a document (`purge`
// erases it with the record).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/model/cnil_lists.h"
#include "core/model/incident_texts.h"
#include "core/store/record_io.h"
#include "core/util/hash.h"
#include "core/util/xml_validate.h"
#include "tools/commands.h"
#include "tools/csv.h"
#include "tools/json_views.h"
#include "tools/record_view.h"
#include "tools/recorded_output.h"

namespace breachkit {

extern const char kIncidentXsd[];  // schemas/incident.xsd, embedded at build time
namespace {

void AppendCsvLine(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += ',';
    *out += CsvField(cells[i]);
  }
  *out += "\r\n";
}

std::string CsvTable(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  AppendCsvLine(header, &out);
  for (const auto& r : rows) AppendCsvLine(r, &out);
  return out;
}

}  // namespace

namespace {

// {"consequences": {"fr": {"text": "…", "proposed": true}, "en": {…}}, …}
nlohmann::json TextsByLanguage(const IncidentInfo& i) {
  nlohmann::json texts = nlohmann::json::object();
  for (std::string_view field : kTextsPerLanguage) {
    for (std::string_view lang : kTextLanguages) {
      texts[std::string(field)][std::string(lang)] = {{"text", *TextIn(i, field, lang)},
                                                      {"proposed", IsProposed(i, field, lang)}};
    }
  }
  return texts;
}

// The lines of a value dumped at the top level, for a place `depth` levels in: what
// nlohmann's dump(2) writes there (a JSON string holds no raw line end).
std::string Indented(const nlohmann::json& value, int depth) {
  const std::string dumped = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string margin(static_cast<size_t>(2 * depth), ' ');
  std::string out;
  out.reserve(dumped.size() + dumped.size() / 8);
  for (const char c : dumped) {
    out.push_back(c);
    if (c == '\n') out += margin;
  }
  return out;
}

// `object` as j.dump(2) + "\n" writes it (keys in nlohmann's order), its array under
// `array_key` made of `count` elements given one at a time by `element`: the same bytes,
// without the whole document (the subjects of 50,000 persons) in memory.
void WriteJsonObject(const nlohmann::json& object, const std::string& array_key, size_t count,
                     const std::function<nlohmann::json(size_t)>& element,
                     const std::function<bool(std::string_view)>& write_out) {
  // Handed on in pieces of about 1 MB.
  std::string buffer;
  auto write = [&](std::string_view piece) {
    buffer += piece;
    if (buffer.size() >= (1u << 20)) {
      write_out(buffer);
      buffer.clear();
    }
  };
  write("{");
  bool first = true;
  for (const auto& [key, value] : object.items()) {
    write(first ? "\n  " : ",\n  ");
    first = false;
    write(nlohmann::json(key).dump() + ": ");
    if (key != array_key) {
      write(Indented(value, 1));
    } else if (count == 0) {
      write("[]");
    } else {
      for (size_t n = 0; n < count; ++n)
        write((n ? ",\n    " : "[\n    ") + Indented(element(n), 2));
      write("\n  ]");
    }
  }
  write(first ? "}\n" : "\n}\n");
  write_out(buffer);
}

}  // namespace

Result<Outcome> Options::Export::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  const auto& o = options.exporter;
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  // Every file written is listed in the record's documents, so `purge` finds it.
  auto write = [&](const std::string& path, const std::string& bytes) -> Status {
    auto written = WriteOutput(store, "export-" + o.format, path, bytes);
    if (!written) return std::unexpected(written.error());
    return Ok();
  };
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  const std::string& zone = view->incident.timezone;
  if (o.format == "xml") {
    // Streamed to its file (StreamedOutput), validated as it is read back: the export of a
    // large record is never held in memory.
    auto streamed = StreamedOutput::Begin("export-xml", o.output);
    if (!streamed) return std::unexpected(streamed.error());
    if (auto st =
            ExportRecordXml(store, view->exposure,
                            [&](std::string_view piece) { return (*streamed)->Write(piece); });
        !st) {
      // A piece not written: the file's own error says why (Finish gives it, nothing else).
      if (st.error().code == ErrorCode::kIo) {
        if (auto finished = (*streamed)->Finish(store); !finished)
          return std::unexpected(finished.error());
      }
      return std::unexpected(st.error());  // the temporary file goes with `streamed`
    }
    if (auto finished = (*streamed)->Finish(store); !finished)
      return std::unexpected(finished.error());
    fmt::print(io.out, "wrote {} (every table of the record; `breachkit import` reads it back)\n",
               o.output);
    return Outcome::kOk;
  }
  auto events = store.Events();
  auto documents = store.Documents();
  if (documents) std::erase_if(*documents, IsExport);
  auto sources = store.Sources();
  auto assessments = store.Assessments();
  auto audit = store.VerifyAudit();
  for (const Status& st : {events ? Ok() : Status(std::unexpected(events.error())),
                           documents ? Ok() : Status(std::unexpected(documents.error())),
                           sources ? Ok() : Status(std::unexpected(sources.error())),
                           assessments ? Ok() : Status(std::unexpected(assessments.error())),
                           audit ? Ok() : Status(std::unexpected(audit.error()))}) {
    if (!st) return std::unexpected(st.error());
  }
  if (o.format == "json") {
    const IncidentInfo& i = view->incident;
    auto when = [&](const std::optional<int64_t>& t) {
      return t ? nlohmann::json(FormatInZone(*t, zone)) : nlohmann::json(nullptr);
    };
    nlohmann::json j;
    j["schema_version"] = kSchemaVersion;
    j["incident"] = {
        {"title", i.title},
        {"description", i.description},
        {"controller", i.controller_name},
        {"siren", i.controller_siren},
        {"dpo", i.dpo_name},
        {"dpo_contact", i.dpo_email},
        {"nature",
         {{"confidentiality", i.nature_confidentiality},
          {"integrity", i.nature_integrity},
          {"availability", i.nature_availability}}},
        // The CNIL lists' fields: the codes as stored and their labels.
        {"origins", i.origin_codes},
        {"origins_labels", LabelsOf("origins", i.origin_codes)},
        {"cause", i.cause},
        {"cause_label", LabelsOf("cause", i.cause)},
        {"person_categories", i.person_categories},
        {"person_categories_labels", LabelsOf("person-categories", i.person_categories)},
        {"circumstances", i.circumstances},
        {"discovery", i.discovery_means},
        {"consequences", i.consequences},
        {"measures_taken", i.measures_taken},
        {"measures_planned", i.measures_planned},
        // The same texts per language, and which are still breachkit's proposals.
        {"texts", TextsByLanguage(i)},
        {"late_reason", i.late_reason},
        {"cnil_reference", i.cnil_reference},
        {"controller_address", i.controller_address},
        {"sector", i.controller_sector},
        {"dpo_phone", i.dpo_phone},
        {"signatory", {{"name", i.signatory_name}, {"title", i.signatory_title}}},
        {"language", i.language},
        {"timezone", i.timezone},
        {"occurred_at", when(i.occurred_at)},
        {"awareness_at", when(i.awareness_at)},
        {"contained_at", when(i.contained_at)},
        {"notified_at", when(i.notified_at)},
        {"persons_vulnerable", i.persons_vulnerable},
        {"data_unintelligible", i.data_unintelligible},
        {"policy",
         {{"regime", i.regime},
          {"deadline_hours", i.deadline_hours},
          {"notify_band", i.notify_band},
          {"inform_band", i.inform_band},
          {"large_audience", i.large_audience}}},
        {"profile", {{"path", i.profile_path}, {"sha256", i.profile_sha256}}}};
    // As `summary --json`: the third parties' addresses masked, with their keyed hash.
    auto key = store.HmacKey();
    if (!key) return std::unexpected(key.error());
    j["figures"] = SummaryJson(view->exposure, i, view->deadline, &*key);
    j["subjects"] = nlohmann::json::array();  // written one by one below (WriteJsonObject)
    j["assessment"] = AssessmentJson(view->assessment, view->facts.persons_affected);
    j["assessments"] = nlohmann::json::array();
    for (const StoredAssessment& a : *assessments) {
      j["assessments"].push_back({{"at", FormatInZone(a.at, zone)},
                                  {"dpc", a.dpc},
                                  {"ei", a.ei},
                                  {"cb", a.cb},
                                  {"se", a.se},
                                  {"band", a.band},
                                  {"details", nlohmann::json::parse(a.reasons, nullptr, false)}});
    }
    // One line a field group: these rows read as the tables they export.
    // clang-format off
    j["timeline"] = nlohmann::json::array();
    for (const TimelineEvent& e : *events) {
      j["timeline"].push_back({{"kind", e.kind}, {"at", FormatInZone(e.at, zone)}, {"note", e.note},
                               {"reference", e.reference}, {"origin", e.origin}});
    }
    j["documents"] = nlohmann::json::array();
    for (const DocumentRecord& d : *documents) {
      j["documents"].push_back({{"kind", d.kind}, {"path", d.path}, {"sha256", d.sha256},
                                {"at", FormatInZone(d.generated_at, zone)}, {"person", d.person}});
    }
    j["evidence"] = nlohmann::json::array();
    for (const SourceInfo& s : *sources) {
      j["evidence"].push_back({{"path", s.path}, {"sha256", s.sha256}, {"size", s.size},
                               {"format", s.format}, {"messages", s.messages}});
    }
    // clang-format on
    j["audit"] = {{"entries", audit->entries}, {"head", audit->head_hash}};
    auto streamed = StreamedOutput::Begin("export-json", o.output);
    if (!streamed) return std::unexpected(streamed.error());
    const auto& subjects = view->exposure.subjects;
    WriteJsonObject(
        j, "subjects", subjects.size(), [&](size_t n) { return SubjectJson(subjects[n], zone); },
        [&](std::string_view piece) { return (*streamed)->Write(piece); });
    if (auto finished = (*streamed)->Finish(store); !finished)
      return std::unexpected(finished.error());
    fmt::print(io.out, "wrote {}\n", o.output);
    return Outcome::kOk;
  }
  // csv: a folder of tables.
  if (auto st = MakePrivateFolder(o.output); !st) return std::unexpected(st.error());
  std::vector<std::vector<std::string>> subjects, timeline, docs, evidence;
  for (const Subject& s : view->exposure.subjects) {
    subjects.push_back({s.address, s.display_name, std::to_string(s.messages),
                        std::to_string(s.max_audience),
                        s.first_exposure ? FormatInZone(*s.first_exposure, zone) : "",
                        s.wrote_in_storm ? "yes" : "no"});
  }
  if (auto st = write(o.output + "/subjects.csv",
                      CsvTable({"address", "display_name", "messages", "max_audience",
                                "first_exposure", "wrote_in_storm"},
                               subjects));
      !st)
    return std::unexpected(st.error());
  // The items, a row per person and datum (1.2 million for the 2 GB benchmark mailbox), are
  // written as they are made: held as rows, then as the file's text, they took 1 GB.
  {
    auto streamed = StreamedOutput::Begin("export-csv", o.output + "/items.csv");
    if (!streamed) return std::unexpected(streamed.error());
    std::string piece =
        CsvTable({"address", "kind", "category", "masked", "messages", "max_audience"}, {});
    for (const Subject& s : view->exposure.subjects) {
      for (const ExposedItem& i : s.items) {
        AppendCsvLine(
            {s.address, std::string(i.kind), std::string(i.cnil), std::string(SharedPreview(i)),
             std::to_string(i.messages), std::to_string(i.max_audience)},
            &piece);
      }
      if (piece.size() >= (1u << 20)) {
        (*streamed)->Write(piece);
        piece.clear();
      }
    }
    (*streamed)->Write(piece);
    if (auto finished = (*streamed)->Finish(store); !finished)
      return std::unexpected(finished.error());
  }
  for (const TimelineEvent& e : *events)
    timeline.push_back({FormatInZone(e.at, zone), e.kind, e.note, e.reference, e.origin});
  for (const DocumentRecord& d : *documents)
    docs.push_back({d.kind, d.path, d.sha256, FormatInZone(d.generated_at, zone), d.person});
  for (const SourceInfo& s : *sources)
    evidence.push_back(
        {s.path, s.format, std::to_string(s.size), std::to_string(s.messages), s.sha256});
  const std::vector<std::pair<std::string, std::string>> files{
      {"timeline.csv", CsvTable({"at", "kind", "note", "reference", "origin"}, timeline)},
      {"documents.csv", CsvTable({"kind", "path", "sha256", "at", "person"}, docs)},
      {"evidence.csv", CsvTable({"path", "format", "size", "messages", "sha256"}, evidence)}};
  for (const auto& [name, content] : files) {
    if (auto st = write(o.output + "/" + name, content); !st) return std::unexpected(st.error());
  }
  fmt::print(io.out, "wrote {}/ (subjects, items, timeline, documents, evidence as CSV)\n",
             o.output);
  return Outcome::kOk;
}

namespace {

// Loads `dump` into the record at `path` (which exists), checks the imported data against the
// imported audit log (a mismatch is said, and stays in the log), logs the import and seals the
// data. The rows are loaded in one transaction: on failure the record is as it was.
Status ImportInto(const std::string& path, const std::string& input, const std::string& sha256,
                  const Io& io, bool* mismatched) {
  auto opened = IncidentStore::Open(path, {.mode = StoreMode::kReadWrite});
  if (!opened) return std::unexpected(opened.error());
  IncidentStore& store = **opened;
  if (auto st = LoadRecordXmlFile(store, input); !st) {
    if (st.error().code != ErrorCode::kInvalidInput) return st;
    return Fail(ErrorCode::kInvalidInput, "{}: {}", input, st.error().message);
  }
  auto v = store.VerifyAudit();
  if (!v) return std::unexpected(v.error());
  std::string mismatch;
  for (const std::string& c : v->data_changes) mismatch += (mismatch.empty() ? "" : "; ") + c;
  *mismatched = !mismatch.empty();
  if (!mismatch.empty()) {
    fmt::print(io.err, "warning: {}: the imported record does not match its audit log: {}\n", input,
               mismatch);
  }
  // Where it came from, in a row of this copy only (kImportedFromKind): an intact record's
  // log and exports stay those of the record exported. A mismatch goes into the log.
  if (!mismatch.empty()) {
    if (auto st =
            store.AppendAudit("import", input + std::string(kImportMismatch) + mismatch + ")");
        !st)
      return st;
  }
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(input, ec);
  if (auto st =
          store.RecordDocument({std::string(kImportedFromKind), ec ? input : absolute.string(),
                                sha256, store.clock().NowUnix(), ""});
      !st)
    return st;
  return store.SealAudit();
}

}  // namespace

// All or nothing: the export is read and checked before any record is opened; a record that
// exists takes it in one transaction; a new one is built under a temporary name beside the
// target and given its name only once whole, so a failed import leaves no record behind.
Result<Outcome> Options::Import::Execute(const Options& options, const Io& io) {
  const std::string& input = options.importer.input;
  // Read three times, never held: hashed, validated against the schema (both before any record
  // is opened), then loaded row by row (LoadRecordXmlFile). A 1 GB export takes a few MB.
  auto sha256 = Sha256File(input);
  if (!sha256) return std::unexpected(sha256.error());
  if (auto st = ValidateXmlFile(input, kIncidentXsd, input); !st)
    return std::unexpected(st.error());
  const std::string& target = options.db_path;
  struct stat existing;
  bool mismatched = false;
  if (::lstat(target.c_str(), &existing) == 0) {
    if (auto st = ImportInto(target, input, *sha256, io, &mismatched); !st)
      return std::unexpected(st.error());
  } else {
    std::string parent = std::filesystem::path(target).parent_path().string();
    std::string folder = (parent.empty() ? "." : parent) + "/.breachkit-import-XXXXXX";
    if (!::mkdtemp(folder.data())) {
      return Fail(ErrorCode::kIo, "{}: cannot create a temporary folder beside it: {}", target,
                  std::strerror(errno));
    }
    const std::string built = folder + "/record.db";
    Status st = [&]() -> Status {
      {
        auto store = IncidentStore::Open(built, {.mode = StoreMode::kCreateIfMissing});
        if (!store) return std::unexpected(store.error());
      }
      if (auto loaded = ImportInto(built, input, *sha256, io, &mismatched); !loaded) return loaded;
      // link(2) and not rename(2): a record that appeared at `target` meanwhile is kept.
      if (::link(built.c_str(), target.c_str()) != 0) {
        return Fail(ErrorCode::kIo, "{}: cannot create the incident record: {}", target,
                    std::strerror(errno));
      }
      return Ok();
    }();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    if (!st) return std::unexpected(st.error());
    if (!options.quiet) {
      fmt::print(io.err, "note: created a new incident record at {}\n", target);
    }
  }
  fmt::print(io.out, "imported {} into {}\n", input, target);
  if (mismatched) {
    // Kept for the investigation, and said: the import's entry in the log names what differs,
    // and `audit verify` fails on it from now on.
    fmt::print(io.err,
               "breachkit: {} was imported, but its data do not match its own audit log: the "
               "record cannot vouch for them (`breachkit --db {} audit verify` says so); exit 3\n",
               input, target);
    return Outcome::kPartial;
  }
  return Outcome::kOk;
}

}  // namespace breachkit
