// Ingest: from the paths a user gives (files, mbox, Maildir, folders, "-") to messages in
// the incident record. Walks the inputs, recognises each file's format, streams mboxes,
// parses each message (core/mail) and writes it (core/store/ingest_writer.h).
//
// Nothing is lost: a message GMime cannot read is recorded as unparsed with its span and
// the reason; a file given by name that is not mail is recorded the same way; a file
// found while walking a folder that is not mail (an index, a .DS_Store), and an entry that is
// not a regular file (a symbolic link, not followed; a FIFO, a device, a socket), is listed in
// the report as skipped, with the reason; a file that cannot be read is a problem of the run.
// Unparsed messages and problems make the run partial (exit code 3).
#ifndef BREACHKIT_CORE_INGEST_INGEST_H_
#define BREACHKIT_CORE_INGEST_INGEST_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/mail/mime_parser.h"
#include "core/store/ingest_writer.h"
#include "core/store/store.h"

namespace breachkit {

struct IngestProgress {
  int64_t messages = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  // 0 when unknown (stdin)
  double seconds = 0;
};

struct IngestOptions {
  MailParseOptions parse;
  /// Called from time to time (about ten times a second at most).
  std::function<void(const IngestProgress&)> on_progress;
  /// Set from a signal handler to stop between two messages, or in the middle of the
  /// detection of a long text (that message is not written); what was written stays
  /// consistent (the source being read stays incomplete and is redone next time).
  const std::atomic<bool>* stop = nullptr;
  /// Where "-" reads from.
  std::FILE* stdin_stream = stdin;
  /// Threads that parse and scan an mbox's messages while this one writes them in order
  /// (0: one per core this process may run on; 1: everything on the calling thread).
  unsigned threads = 0;
};

struct SkippedFile {
  std::string path;
  std::string reason;
};

// What a PST/OST held against what it declares: the proof that nothing was dropped.
struct ContainerTally {
  std::string path;
  int64_t folders = 0;
  int64_t declared = 0;  // items its folders declare (search folders aside)
  int64_t items = 0;     // items walked: read, or recorded as not read
  int64_t unread = 0;    // of those, recorded as not read
};

// A Google Vault export's metadata and checksum files, read before its messages: the proof
// that the export is as Google wrote it and that each message Google recorded was read.
struct VaultTally {
  std::vector<std::string> metadata;  // the metadata files (or zip entries, "ZIP!/ENTRY") read
  int64_t documents = 0;
  int64_t matched = 0;             // to a message written by this run
  int64_t in_record = 0;           // to a message the record held already (same bytes, not re-read)
  int64_t not_found = 0;           // no message with its Message-ID was read: a problem
  int64_t without_message_id = 0;  // nothing to match it by: a problem
  int64_t recipients_added = 0;    // recorded by Google, absent from the message's headers
  std::vector<std::string> checksum_files;
  int64_t checksums_verified = 0;
  int64_t checksums_failed = 0;                  // a file missing or differing: each a problem
  std::vector<std::string> results_count_files;  // Vault's count of messages per account
  int64_t accounts_counted = 0;
  int64_t accounts_differing = 0;  // Vault's count is not the metadata's: each a problem

  bool any() const {
    return !metadata.empty() || !checksum_files.empty() || !results_count_files.empty();
  }
};

struct IngestReport {
  int64_t sources_new = 0;
  int64_t sources_already = 0;  // same bytes ingested before: nothing to do
  uint64_t bytes = 0;           // of the new sources
  IngestCounts counts;
  std::vector<SkippedFile> skipped;        // in folder walks: not mail, or not a regular file
  std::vector<std::string> problems;       // could not be read; the rest went on
  std::vector<std::string> unparsed;       // messages recorded as unparsed, with why
  std::vector<ContainerTally> containers;  // each PST/OST read to its end
  VaultTally vault;
  bool interrupted = false;
  double seconds = 0;
  // Unfinished sources replaced by the new bytes of the same path (IngestWriter::BeginSource).
  std::vector<IngestWriter::Replaced> replaced;

  // An attachment not read is a part of the evidence whose content is counted nowhere.
  bool partial() const {
    return counts.unparsed > 0 || counts.attachments_not_read > 0 || !problems.empty() ||
           interrupted;
  }
};

/// The audit log's actions for a file an ingestion did not read: skipped (not mail, empty, a
/// link or a device met in a folder) or a problem (unreadable, damaged); details "PATH: why".
inline constexpr char kAuditSkipped[] = "ingest.skipped";
inline constexpr char kAuditProblem[] = "ingest.problem";

Result<IngestReport> Ingest(IncidentStore& store, const std::vector<std::string>& inputs,
                            const IngestOptions& options);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_INGEST_INGEST_H_
