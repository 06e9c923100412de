// The incident's domain model: the values the record holds and the commands and documents
// use (the incident's facts, its timeline, its evidence, its documents, the audit log's
// entries, a person's contact). Plain values, no I/O: core/store/store.h persists them,
// core/risk, reports/ and tools/ read them without depending on the store.
#ifndef BREACHKIT_CORE_MODEL_INCIDENT_H_
#define BREACHKIT_CORE_MODEL_INCIDENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile/organisation.h"

namespace breachkit {

/// The editable fields of the incident row (see schemas/incident.sql); the controller's and
/// the DPO's are those of ControllerContact.
struct IncidentInfo : ControllerContact {
  std::string title;
  std::string description;
  std::string signatory_name;
  std::string signatory_title;
  std::string language = "fr";
  std::string timezone = "Europe/Paris";
  bool nature_confidentiality = true;
  bool nature_integrity = false;
  bool nature_availability = false;
  std::string origin_codes;  // codes of the CNIL's lists (core/model/cnil_lists.h)
  std::string cause;
  std::string person_categories;
  std::string circumstances;
  std::string discovery_means;
  std::optional<int64_t> occurred_at;
  std::optional<int64_t> awareness_at;
  std::optional<int64_t> contained_at;
  std::optional<int64_t> notified_at;
  std::string late_reason;
  std::string consequences;
  std::string measures_taken;
  std::string measures_planned;
  // The same three texts in the other language of the letters (en when `language` is fr, fr
  // when it is en); core/model/incident_texts.h reads them by language.
  std::string consequences_alt;
  std::string measures_taken_alt;
  std::string measures_planned_alt;
  /// The texts that still hold breachkit's proposal, not confirmed by the DPO: keys
  /// "FIELD:LANG" separated by spaces ("measures-taken:fr consequences:en").
  std::string proposed;
  std::string cnil_reference;
  bool persons_vulnerable = false;
  bool data_unintelligible = false;
  // The law the notification follows (core/profile/regime.h) and its deadline in hours
  // after awareness, as the profile gave them.
  std::string regime = "gdpr";
  int64_t deadline_hours = 72;
  std::string notify_band = "medium";
  std::string inform_band = "high";
  int64_t large_audience = 100;
  std::string profile_path;
  std::string profile_sha256;
  int64_t created_at = 0;  // read-only: set by the store
  int64_t updated_at = 0;  // read-only: set by the store
};

/// Result of checking the audit log's hash chain, and the record's data against it.
struct AuditVerification {
  int64_t entries = 0;
  std::string head_hash;             // hash of the last entry ("" when empty)
  std::optional<int64_t> broken_at;  // first seq whose hash or link does not match
  /// What of the data the log vouches for differs from its last "seal" entry (the tables
  /// an assessment rests on, each source's hash), or a document the log does not list;
  /// empty when everything matches.
  std::vector<std::string> data_changes;
  int64_t sealed_at = 0;  // seq of the last seal entry, 0 when none
  bool intact() const { return !broken_at && data_changes.empty(); }
};

struct AuditEntry {
  int64_t seq = 0;
  int64_t at = 0;
  std::string action;
  std::string details;
  std::string hash;
};

/// A timeline event (schemas/incident.sql, timeline_event).
struct TimelineEvent {
  int64_t id = 0;
  std::string kind;  // occurred, awareness, contained, cnil-notified, cnil-complementary,
                     // persons-informed, note, first-exposure, last-exposure
  int64_t at = 0;
  std::string note;
  std::string reference;
  std::string origin = "user";  // or "evidence"
};

/// One stored assessment (the latest is current); reasons/decision/overrides are JSON.
struct StoredAssessment {
  int64_t id = 0;
  int64_t at = 0;
  double dpc = 0, ei = 0, cb = 0, se = 0;
  std::string band;
  std::string reasons;
  std::string overrides;
  std::string decision;
};

/// A source as recorded (the evidence list of the documents).
struct SourceInfo {
  std::string path;
  std::string sha256;
  uint64_t size = 0;
  std::string format;
  int64_t messages = 0;
};

/// One generated document as recorded (issue: documents record themselves).
struct DocumentRecord {
  std::string kind;
  std::string path;
  std::string sha256;
  int64_t generated_at = 0;
  std::string person;  // for a letter: the address it is for
};

/// How to write to a person (the contact table): from the leak (an address in their row of a
/// table) or imported (`breachkit contacts import`).
struct PersonContact {
  int64_t party = 0;
  std::string email;
  std::string postal_address;
  std::string origin;  // "leak", or "import:" and the file's name
};

/// An export of the record (kind "export-json", "export-csv", "export-xml"). Listed in the
/// record so that `purge` finds it, but left out of what documents the incident (the
/// register entry, the exports themselves): a second export would otherwise differ from the
/// first only by listing it.
inline bool IsExport(const DocumentRecord& d) { return d.kind.starts_with("export-"); }

/// The kind of the document rows that list the folders breachkit wrote documents into, by
/// their real path (sha256 empty): `purge` removes only files inside them. They are not
/// documents (Documents() leaves them out), and neither exported nor imported: a record read
/// from an export lists no folder of this machine, so nothing it lists is removed here.
inline constexpr std::string_view kOutputFolderKind = "output-folder";

/// The kind of the row that says a record was read from an export (`import`): path the export
/// read, sha256 its bytes. Like the output folders, it belongs to this copy of the record: it
/// is neither exported nor imported (so export -> import -> export gives the same bytes), and
/// `purge` of such a record removes no file it lists (another copy wrote them).
inline constexpr std::string_view kImportedFromKind = "imported-from";
/// In an "import" entry of the audit log, after the export's name: the imported record did not
/// match its own log, and what differed follows (`audit verify` reports it from then on).
inline constexpr std::string_view kImportMismatch = " (not matching its log: ";

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MODEL_INCIDENT_H_
