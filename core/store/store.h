// IncidentStore: the incident record, one SQLite file per incident.
//
// The schema is schemas/incident.sql (embedded at build time, versioned with
// PRAGMA user_version; older files are upgraded in place by the migrations in
// store.cc). Only core/store's .cc files include SQLiteCpp (and its internal headers,
// connection.h, row.h and sql_guard.h, which nothing outside core/store includes): no
// SQLite exception leaves them, every fallible call returns Result/Status.
// All SQL is bound; foreign keys are on; the journal is WAL with a busy timeout;
// a file the store creates has mode 0600 (its -wal/-shm files inherit it).
//
// Ownership: the store owns its connection. Read-only commands get a const
// IncidentStore&, writers a non-const one (tools/run_command.cc decides which).
#ifndef BREACHKIT_CORE_STORE_STORE_H_
#define BREACHKIT_CORE_STORE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/incident.h"
#include "core/util/clock.h"
#include "core/util/result.h"

namespace SQLite {
class Database;
}

namespace breachkit {

/// The schema version this binary writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 18;

/// The statement RecordDocument runs (tests read its query plan: no table scan per letter).
extern const char kRecordDocumentSql[];

/// The notification_facts row of the initial notification as made (IncidentStore).
inline constexpr char kNotifiedFactsKey[] = "cnil-notified";

enum class StoreMode {
  kReadOnly,         // the file must exist; nothing is written
  kReadWrite,        // the file must exist
  kCreateIfMissing,  // create it (mode 0600) with a fresh incident row
};

struct StoreOptions {
  StoreMode mode = StoreMode::kReadOnly;
  /// Where "now" comes from; nullptr means SystemClock().
  const Clock* clock = nullptr;
};

class IncidentStore {
 public:
  /// Opens (or creates, per options.mode) the record at `path` (":memory:" works).
  static Result<std::unique_ptr<IncidentStore>> Open(const std::string& path,
                                                     const StoreOptions& options);
  ~IncidentStore();
  IncidentStore(const IncidentStore&) = delete;
  IncidentStore& operator=(const IncidentStore&) = delete;

  const std::string& path() const { return path_; }
  /// True when Open created the file (or the schema) just now.
  bool created() const { return created_; }
  const Clock& clock() const { return *clock_; }
  Result<int> SchemaVersion() const;

  Result<IncidentInfo> LoadIncident() const;
  /// Writes every editable field and bumps updated_at.
  Status SaveIncident(const IncidentInfo& info);

  /// The organisation's own mail domains (lower-cased, sorted).
  Result<std::vector<std::string>> OrgDomains() const;
  Status SetOrgDomains(const std::vector<std::string>& domains);

  /// The per-incident key of the keyed hashes (32 random bytes made at creation).
  Result<std::string> HmacKey() const;

  /// Appends one hash-chained entry; `details` must not hold personal data in clear.
  Status AppendAudit(std::string_view action, std::string_view details);
  /// Checks the chain, then the data against the last seal (SealAudit), under that seal's own
  /// version, and the documents against their entries.
  Result<AuditVerification> VerifyAudit() const;
  /// Appends a "seal" entry: the seal's version, then the count and a SHA-256 of each table
  /// the figures and letters rest on (sources with their hashes, messages, parties with their
  /// kind, recipients, findings, the organisation's domains, the persons' contacts), unless
  /// the last seal already says the same. Every command that changes them calls it, so that
  /// an edit behind breachkit's back no longer matches the log.
  Status SealAudit();
  /// The seal's text for the record as it is now ("v=N table=COUNT:SHA256 ...").
  Result<std::string> DataDigest() const;
  Result<std::vector<AuditEntry>> AuditEntries() const;

  /// Adds `event` unless the timeline already holds the same one (same kind, time, note,
  /// reference and origin): true when it was added, false when it was already there.
  /// With `incident`, also writes it, under the same seal (an event that is also a field of
  /// the incident: the awareness, the containment, the notification).
  Result<bool> AddEvent(const TimelineEvent& event, const IncidentInfo* incident = nullptr);
  Result<std::vector<TimelineEvent>> Events() const;
  /// Replaces the events ingestion derives from the evidence (first/last exposure).
  Status ReplaceEvidenceEvents(const std::vector<TimelineEvent>& events);

  Status SaveAssessment(const StoredAssessment& a);
  Result<std::vector<StoredAssessment>> Assessments() const;

  Result<std::vector<SourceInfo>> Sources() const;
  /// The paths of the sources whose ingestion did not finish (killed, interrupted, a read
  /// error): the figures leave out what was not read of them.
  Result<std::vector<std::string>> UnfinishedSources() const;
  /// The attachments whose content was not read, or not whole (encrypted, unreadable, an
  /// archive not opened, past a limit), in the order of the record; a message seen twice (a
  /// duplicate) once. What they hold is counted nowhere.
  struct AttachmentNotRead {
    std::string kind;  // the defect's: "attachment-encrypted", "text-limit", ...
    std::string line;  // "SOURCE message N part P: DETAIL"
  };
  Result<std::vector<AttachmentNotRead>> AttachmentsNotRead() const;
  /// The keyed hashes of the addresses a delivery report of the evidence says do not exist
  /// (e-mail findings "near-miss:undeliverable", whatever the review decided of them): a
  /// letter to one of them would bounce again.
  Result<std::set<std::string>> UndeliverableAddressHashes() const;
  /// The domain of the first top-level message's sender (From), "" when none: where a leak
  /// comes from is most often the organisation's own mail.
  Result<std::string> FirstSenderDomain() const;

  /// Bulk loads: drops the secondary indexes that ingestion neither reads nor fills in their
  /// own order (defects, Message-IDs), so that a first ingestion fills the tables without
  /// keeping them up to date row by row. RestoreIndexes builds whatever index
  /// of the schema is missing; every writing Open calls it too, so a run killed in between
  /// leaves a record that the next command repairs.
  Status DeferIndexes();
  Status RestoreIndexes();

  /// A row of the document table (an output folder too, of kind kOutputFolderKind); the same
  /// path with the same SHA-256 is listed once.
  Status RecordDocument(const DocumentRecord& doc);
  /// Many at once, in one transaction (a batch of letters).
  Status RecordDocuments(const std::vector<DocumentRecord>& docs);
  /// The documents, output folders left out.
  Result<std::vector<DocumentRecord>> Documents() const;
  /// What an initial CNIL draft said (reports/cnil_notification.h, NotificationFacts, as
  /// "label<TAB>value" lines), keyed by its SHA-256 (the first time a draft is kept stays), or
  /// by kNotifiedFactsKey: the draft in effect when the notification was recorded as made
  /// (`replace`: a corrected event takes the draft of its own time).
  Status KeepNotificationFacts(const std::string& sha256, int64_t drafted_at,
                               const std::string& facts, bool replace = false);
  /// The time it was drafted and its facts; nullopt when that draft's were not kept.
  Result<std::optional<std::pair<int64_t, std::string>>> NotificationFactsOf(
      const std::string& sha256) const;
  /// The real paths of the folders documents were written into (kOutputFolderKind rows).
  Result<std::vector<std::string>> OutputFolders() const;
  /// Whether the record was read from an export (a kImportedFromKind row).
  Result<bool> Imported() const;

  /// The known contacts, by party.
  Result<std::vector<PersonContact>> Contacts() const;
  /// Sets these contacts (replacing a person's earlier one), in one transaction.
  Status SetContacts(const std::vector<PersonContact>& contacts);
  /// For each of these keyed hashes, the parties that own a finding with it (a datum seen in
  /// the leak): one pass over the findings. A party with a mailbox of its own (not found in
  /// an attachment only) is given as its id negated.
  Result<std::map<std::string, std::set<int64_t>>> OwnersOfHashes(
      const std::set<std::string>& keyed_hashes) const;

 private:
  // The connection, for core/store's own files (core/store/connection.h).
  friend SQLite::Database& Connection(const IncidentStore& store);

  IncidentStore(std::string path, std::unique_ptr<SQLite::Database> db, const Clock* clock,
                bool created);
  static Status Migrate(SQLite::Database& db, const std::string& path, bool* created,
                        const Clock& clock);
  // The incident's own seal ("seal-incident"): CheckIncidentSeal logs an edit made behind
  // breachkit's back since the last one ("incident-edited"), SealIncident seals the incident
  // and its timeline as they are now, unless the last seal says the same.
  template <typename F>
  Status WithIncidentSeal(F write);
  Status CheckIncidentSeal();
  Status SealIncident();
  Status WriteIncident(const IncidentInfo& info);
  Status WriteEvidenceEvents(const std::vector<TimelineEvent>& events);

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  const Clock* clock_;
  bool created_;
  // AppendAudit's statements, prepared on its first call and kept: an ingestion appends an
  // entry for each file it reads (a Maildir's thousands). Freed first by the destructor.
  struct AuditStatements;
  std::unique_ptr<AuditStatements> audit_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_STORE_H_
