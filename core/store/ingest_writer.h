// IngestWriter: how ingestion writes sources and messages into the incident record.
// One writer per `ingest` run, used from one thread. Messages are written in batches,
// one transaction per batch (small sources share one: a Maildir's files are not a commit
// each); a source is marked complete only after its last message, in the same batch,
// so an interrupted run leaves an incomplete source that the next run rewrites from
// scratch (BeginSource), never a half-counted one.
#ifndef BREACHKIT_CORE_STORE_INGEST_WRITER_H_
#define BREACHKIT_CORE_STORE_INGEST_WRITER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>

#include "core/detect/located_finding.h"
#include "core/mail/mail_message.h"
#include "core/store/store.h"

namespace SQLite {
class Statement;
class Transaction;
}  // namespace SQLite

namespace breachkit {

struct SourceRecord {
  std::string path;  // as given on the command line ("-" for stdin)
  uint64_t size = 0;
  std::string sha256;
  std::string format;  // eml, mbox, maildir
};

/// Where a message sits in its source.
struct MessageSpan {
  int64_t index = 0;  // 0-based position in the source
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string raw_sha256;     // of the message bytes (unescaped), for de-duplication
  std::string envelope_from;  // the mbox From_ line, if any
  std::string item_path;      // a PST/OST item's "FOLDER/PATH#ID" (offset: its identifier)
};

struct IngestCounts {
  int64_t messages = 0;  // top level
  int64_t nested = 0;
  int64_t unparsed = 0;
  int64_t duplicates = 0;
  int64_t addresses = 0;  // recipient rows
  int64_t address_defects = 0;
  int64_t defects = 0;
  int64_t attachments_not_read = 0;  // of the defects: an attachment not read, or not whole
  int64_t findings = 0;
};

/// The look-up of an unfinished source at a path that each new source makes (tests read its
/// query plan: a Maildir of 22,000 files scanned the table once per file).
extern const char kFindUnfinishedSourceSql[];

class IngestWriter {
 public:
  static Result<std::unique_ptr<IngestWriter>> Create(IncidentStore& store);
  ~IngestWriter();
  IngestWriter(const IngestWriter&) = delete;
  IngestWriter& operator=(const IngestWriter&) = delete;

  /// The id to write the source's messages under, or nullopt when the same bytes were
  /// already ingested completely (nothing to do). An incomplete earlier attempt is wiped:
  /// of the same bytes, or of the same path with other bytes (replaced()).
  Result<std::optional<int64_t>> BeginSource(const SourceRecord& source);
  /// `findings` has one vector per message of `mail` (ScanMail's result, sealed by
  /// SealFindings), or is empty.
  Status AddMail(int64_t source_id, const MessageSpan& span, const ParsedMail& mail,
                 const std::vector<std::vector<LocatedFinding>>& findings = {});
  /// A message GMime could not read at all: kept with its span and the reason.
  Status AddUnparsed(int64_t source_id, const MessageSpan& span, const std::string& reason);
  /// A defect of the source itself (e.g. the file ended in the middle of a message).
  Status AddSourceDefect(int64_t source_id, const std::string& kind, const std::string& detail);
  /// Marks the source complete, committed with its batch (now when the batch is full).
  Status FinishSource(int64_t source_id, int64_t messages);
  /// Commits what is pending. Called when a batch is full and by Finish; call it before
  /// giving up too.
  Status Flush();
  /// For each Message-ID, how many top-level messages of the record have it (duplicates
  /// included: each source's copy).
  Result<std::vector<int64_t>> CountMessageIds(const std::vector<std::string>& ids);
  /// The Message-IDs of the top-level messages of the source with these bytes, in order.
  Result<std::vector<std::string>> MessageIdsOfSource(const std::string& sha256);
  /// Flush, then builds the indexes a bulk load deferred (the destructor does it too, best
  /// effort, when a run ends on an error), marks the Outlook twins (MarkOutlookTwins) and the
  /// copies of the same mail (MarkSameMailCopies), and seals what was written in the audit log.
  Status Finish();

  /// An unfinished source that BeginSource replaced: same path, other bytes.
  struct Replaced {
    std::string path;
    std::string old_sha256;
    std::string new_sha256;
  };
  const std::vector<Replaced>& replaced() const { return replaced_; }

  const IngestCounts& counts() const { return counts_; }
  /// The first kUnparsedListed messages recorded as unparsed by this writer: "PATH message N
  /// (at byte B): why" (counts().unparsed says how many).
  static constexpr size_t kUnparsedListed = 100;
  const std::vector<std::string>& unparsed() const { return unparsed_; }
  /// The incident's key for the keyed hashes of findings (SealFindings).
  const std::string& hmac_key() const { return hmac_key_; }
  /// The organisation's own mail domains (from its profile), as the record held them.
  const std::vector<std::string>& org_domains() const { return org_domains_; }
  /// The country of a phone number written without its code (PhoneHomeRegion of the
  /// record's time zone and domains).
  const std::string& home_region() const { return home_region_; }
  /// The organisation's postal address (the profile's controller address), "" when none.
  const std::string& org_address() const { return org_address_; }

 private:
  // The mailing lists message `m` (recorded as `message_id`) names (MessageLists): their
  // addresses are functional ('list') wherever they appear.
  Status AddLists(const MailMessage& m, int64_t message_id);
  explicit IngestWriter(IncidentStore& store);
  Status Prepare();
  Status MaybeCommit();
  // The same mail read from an Outlook file (.msg, winmail.dat) and as an internet message
  // (the .msg dragged out of Outlook, the .eml from the server): their bytes differ, so the
  // raw hash does not join them. A top-level message with the Message-ID and the Date of an
  // earlier one, one of the two from an Outlook source, becomes its duplicate (counted once).
  // Only when the record holds an Outlook source; mail without a Message-ID is never joined.
  Status MarkOutlookTwins();
  // The same mail in other bytes from internet sources too: the mailbox exported once with
  // CRLF line ends and once with LF, an mbox writer's extra blank line. Top-level messages
  // with the same Message-ID, Date, Subject and recipient rows (every field, Bcc included; a
  // copy's Delivered-To and X-Original-To only need to name a mailbox the first copy names: a
  // copy that reached someone else is another exposure) are one mail
  // (RFC 5322 §3.6.4) when the first copy holds every finding of the later one: the first is
  // kept (the review's decisions stay on it; duplicates point to earlier rows), the later
  // ones become its duplicates.
  Status MarkSameMailCopies();
  Status SetForeignKeys(bool on);
  /// Deletes a source and what hangs from it (the cascades), in the open transaction.
  void WipeSource(int64_t id);
  struct Party;
  /// `address` as written; its party is found by the lower-cased address (AddressKey).
  Result<Party*> PartyOf(const std::string& address);
  void CountName(Party& party, const std::string& name);
  /// The party of a row's person (ContentPerson): their mailbox when their row holds an
  /// address outside the organisation, else a party of kind 'content' keyed by their key.
  Result<Party*> PartyOfRow(ContentPerson& person);
  /// The party of kind 'content' keyed `key`, made when the record has none.
  Result<Party*> ContentParty(const std::string& key);
  /// The party just inserted under `key` (or found there: ON CONFLICT DO NOTHING), remembered.
  Result<Party*> InsertedParty(const std::string& key);
  /// The party that already holds a row with one of `person`'s identifiers (an IBAN or a
  /// NIR, by keyed hash), in this run or an earlier one; nullptr when none, or when two
  /// persons hold it.
  Result<Party*> PartyOfIdentifiers(const ContentPerson& person);
  /// Notes that `party` holds the row of `person` (its identifiers).
  void NoteIdentifiers(const ContentPerson& person, int64_t party);
  /// Notes that `party` holds an identifier (its keyed hash); two parties: no one's key.
  void NoteIdentifier(std::string_view keyed_hash, int64_t party);
  Result<int64_t> InsertMessage(int64_t source_id, const MessageSpan& span, const MailMessage& m,
                                std::optional<int64_t> parent_id,
                                std::optional<int64_t> duplicate_of, const std::string& status,
                                const std::string& error);

  IncidentStore& store_;
  std::unique_ptr<SQLite::Transaction> tx_;
  int pending_ = 0;
  std::vector<std::string> org_domains_;
  std::string home_region_;
  std::string org_address_;
  // Looked up by string_view: a party already met costs no string built.
  struct Party {
    int64_t id = 0;
    // (display name, times seen) since the last commit, written by Flush. A person shows
    // one name or two: a short list, searched in place.
    std::vector<std::pair<std::string, int64_t>> names;
    // Past a few names (a shared mailbox; the rows of many tables that share one number):
    // each name's place in `names`, so that counting a name stays one look-up.
    std::unique_ptr<absl::flat_hash_map<std::string, size_t>> name_index;
  };
  // By lower-cased address. One look-up gives a recipient's row id and their names.
  // Looked up for every address of every message. A node map: the parties stay put (named_,
  // and the pointers PartyOf returns, point at them).
  absl::node_hash_map<std::string, Party> parties_;
  std::vector<Party*> named_;                           // the parties with names to write
  std::string key_buffer_;                              // PartyOf's lower-cased address, reused
  absl::flat_hash_map<std::string, int64_t> seen_raw_;  // raw sha256 → first message id
  // The IBANs and NIRs of table rows (the first 64 bits of their keyed hash) → the party that
  // holds them, 0 when several do (a joint account); read from the record on first need.
  absl::flat_hash_map<uint64_t, int64_t> row_identifiers_;
  bool row_identifiers_loaded_ = false;
  // The keys of rows joined to another row's party by an identifier (in this run).
  absl::flat_hash_map<std::string, Party*> row_aliases_;
  std::string hmac_key_;
  bool indexes_deferred_ = false;  // the record was empty: its indexes are built at the end
  bool foreign_keys_off_ = false;  // while this writer loads (see Create)
  IngestCounts counts_;
  std::map<int64_t, std::string> source_paths_;  // of the sources begun by this writer
  std::vector<std::string> unparsed_;
  std::vector<Replaced> replaced_;
  struct Statements;
  std::unique_ptr<Statements> st_;
};

/// One message as `breachkit messages` lists it.
struct ListedAddress {
  std::string field;
  std::string name;
  std::string address;
};
struct ListedAttachment {
  std::string filename;
  std::string content_type;
  uint64_t size = 0;
};
/// One finding as `breachkit findings` lists it (never the value: the masked preview).
struct ListedFinding {
  std::string source;
  int64_t index = 0;
  std::string mime_path;  // of the message
  std::string location;
  std::string category;
  std::string detector;
  std::string masked_preview;
  std::string keyed_hash;
  int64_t span_start = 0;
  int64_t span_end = 0;
  double confidence = 0;
  std::string validation;
  bool quoted = false;
  std::string owner;       // address, "" when unknown
  bool duplicate = false;  // in a message that duplicates an earlier one
};

Status ListFindings(const IncidentStore& store,
                    const std::function<Status(const ListedFinding&)>& each);

struct ListedMessage {
  std::string source;         // path as given
  std::string source_format;  // "eml", "mbox", "maildir", "stdin", "msg", "tnef", "pst"
  std::string source_sha256;  // of the source file: with index and mime_path, the evidence pointer
  std::string item_path;      // a PST/OST item's place in its file, "FOLDER/PATH#ID"
  std::string vault;          // what a Google Vault export's metadata recorded (JSON), or ""
  int64_t index = 0;
  std::string mime_path;
  std::optional<int64_t> parent_index;  // index of the top-level message it sits in
  std::string parent_path;              // mime path of the enclosing message ("" = top level)
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string message_id;
  std::optional<int64_t> date_utc;
  int date_offset = 0;
  std::string subject;
  bool is_reply_all = false;
  bool unparsed = false;
  std::string parse_error;
  std::optional<int64_t> duplicate_of;  // message row id
  std::vector<ListedAddress> addresses;
  std::vector<ListedAttachment> attachments;
  std::vector<std::string> defects;
};

/// Calls `each` for every message, by source then position, nested ones right after
/// their parent. Stops at the first error `each` returns.
Status ListMessages(const IncidentStore& store,
                    const std::function<Status(const ListedMessage&)>& each);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_INGEST_WRITER_H_
