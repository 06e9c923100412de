// Every file a command writes (a PDF, a letter's e-mail, a manifest, an export) is written
// here, one way, and recorded one way. Written: privately (0600) and atomically, so that a
// path holds either what it held before or all of the new bytes, never half of them.
// Recorded: as a row of the record's document table (kind, path, SHA-256, time, person), with
// the real path of its folder, before it is written, so that the register entry lists it and
// `purge` finds it, and for the documents the DPO signs or sends, in the audit log too; once
// per path and bytes, so that re-running a command changes nothing. Removed (by `purge`, and
// `letters` for the letters of an earlier set) only when it is still what was written there.
#ifndef BREACHKIT_TOOLS_RECORDED_OUTPUT_H_
#define BREACHKIT_TOOLS_RECORDED_OUTPUT_H_

#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include <sys/types.h>
#include <unistd.h>

#include "core/store/store.h"
#include "core/util/hash.h"
#include "reports/document.h"
#include "tools/commands.h"

namespace breachkit {

/// What a written file holds, checked before it is written (CheckOutput).
enum class FileFormat {
  kIncidentXml,  // an export, valid against schemas/incident.xsd
  kJson,         // parsed back
  kCsv,          // UTF-8, every field bare or quoted whole with inner quotes doubled
  kPdf,          // "%PDF-" header, "%%EOF" trailer (cairo's status is checked by RenderPdf)
  kEml,          // a header ended by a blank line, no NUL byte
  kXlsx,         // a zip whose sheets ExtractTables reads (core/mail/table_extract.h)
  kOds,          // the same, its first entry "mimetype" stored, naming an ODF spreadsheet
  kText,         // UTF-8 text, no NUL byte (a document's text, `cnil --text -o FILE`)
};

/// Whether `bytes` is well-formed `format`; if not, kInternal (a command made bad bytes: a bug)
/// naming `path` and what is wrong.
Status CheckOutput(const std::string& path, std::string_view bytes, FileFormat format);

/// Checks `bytes` (CheckOutput), then replaces `path` with them: a temporary file created 0600 and
/// exclusively (mkostemp) in the same folder, written whole (WriteAll), closed and renamed over
/// `path`. A symbolic link at `path` is replaced, not followed. On failure (a full disk included)
/// `path` is as it was and the temporary file is gone. No fsync per file: a run writes thousands of
/// letters, and a sync each cost 15 % of the letters' speed; the rename already shows a reader the
/// whole file or none.
Status WritePrivateFile(const std::string& path, std::string_view bytes, FileFormat format);

/// Writes all of `bytes` to `fd`, going on after a short write or an interrupted one (EINTR);
/// `name` is for the message. `write` is ::write but in tests.
using WriteFunction = ssize_t (*)(int fd, const void* data, size_t size);
Status WriteAll(int fd, std::string_view bytes, std::string_view name,
                WriteFunction write = &::write);

/// Creates `dir` and its parents if missing, each folder it creates 0700 whatever the umask,
/// and makes `dir` 0700 whatever its older mode: every folder a command writes personal data
/// into. A symbolic link at `dir` (or where it creates a folder) is refused, never followed.
Status MakePrivateFolder(const std::string& dir);

/// A file written for the record: its document row, the real path of its folder, and whether
/// its bytes changed.
struct Output {
  DocumentRecord doc;    // kind, path, SHA-256, time (the store's clock), person
  std::string folder;    // the real path of the folder `doc.path` is in
  bool changed = false;  // `path` held other bytes before, or nothing
};

/// The real path (links resolved) of the folder `path` is in, or nullopt when it is missing.
std::optional<std::string> RealFolderOf(const std::string& path);

/// What WriteOutput does in three steps, for a batch (the letters): PrepareOutput checks the
/// bytes in the format of `kind` (CheckOutput; a kind with no known format is kInternal), computes
/// the row and whether the bytes changed (made 0600 when they did not), without writing; it only
/// reads the store's clock, so renderers on other threads call it. The format of a kind is
/// fixed (a letter is a PDF), but for "review-sheet", whose format is its path's extension
/// (SheetFormatOf, tools/review_sheet.h: .xlsx, .ods or .csv). RecordOutputs lists the
/// batch; WritePrepared then writes what changed.
Result<Output> PrepareOutput(const IncidentStore& store, const std::string& kind,
                             const std::string& path, std::string_view bytes,
                             const std::string& person = "");

/// Lists `outputs` and their folders (kOutputFolderKind) in the record's document table, in
/// their order, in one transaction; what is already listed (same path, same SHA-256) is not
/// listed twice. Called before the files are written, so that whatever a kill or a full disk
/// leaves on disk is listed, and `purge` finds it.
Status RecordOutputs(IncidentStore& store, std::span<const Output> outputs);

/// Writes `bytes` to `output.doc.path` (WritePrivateFile) when `output.changed`.
Status WritePrepared(const Output& output, std::string_view bytes);

/// Writes `bytes` to `path` as a document of `kind`, listed before it is written (the three
/// steps above); `person` is the address of the person a letter is for. A file that already
/// holds these bytes is left as it is (made 0600) and listed all the same: a re-run writes
/// nothing, and lists what an interrupted run wrote without listing it.
Result<Output> WriteOutput(IncidentStore& store, const std::string& kind, const std::string& path,
                           std::string_view bytes, const std::string& person = "");

/// A PDF, the record's XML or JSON written as it is made, for a file too large to hold in
/// memory (the merged letters, the exports of a 50,000-person record): its bytes go to a temporary
/// file beside `path` (0600, mkostemp, as WritePrivateFile) and into its SHA-256 as they come;
/// Finish checks it as CheckOutput does (the XML validated as it is read back from the
/// temporary file), lists it (RecordOutputs) and only then renames it over `path`, or removes
/// it when `path` already holds the same bytes. Destroyed unfinished (interrupted, failed): the
/// temporary file goes, `path` is as it was.
class StreamedOutput {
 public:
  static Result<std::unique_ptr<StreamedOutput>> Begin(const std::string& kind,
                                                       const std::string& path);
  ~StreamedOutput();
  StreamedOutput(const StreamedOutput&) = delete;
  StreamedOutput& operator=(const StreamedOutput&) = delete;
  /// Appends `bytes`; false once a write failed (Finish says why).
  bool Write(std::string_view bytes);
  Result<Output> Finish(IncidentStore& store);

 private:
  StreamedOutput(std::string kind, FileFormat format, std::string path, std::string temporary,
                 int fd);
  std::string kind_;
  FileFormat format_;
  std::string path_, temporary_;
  int fd_ = -1;
  Sha256 hash_;
  uint64_t size_ = 0;
  std::string head_, tail_;  // the first and the last bytes, for the format check
  uint64_t csv_lines_ = 0;   // a CSV's lines written (each Write is whole records)
  std::optional<Error> error_;
};

/// What RemoveWrittenFile did with a file the record lists.
struct Removal {
  enum class What { kRemoved, kGone, kLeft } what = What::kLeft;
  std::string reason;  // kLeft: why, in words
};

/// Removes `path` only when it is a file breachkit wrote there: its folder is, by its real
/// path, one of `folders`; it is a regular file, not a symbolic link, still 0600; its SHA-256
/// is one of `sha256s` (what the record lists for that path). Anything else is left, and the
/// reason said. The folder is opened once and the file checked and removed through it
/// (openat, unlinkat), so that a folder swapped for a link meanwhile changes nothing. An error
/// only when a file breachkit wrote cannot be removed.
Result<Removal> RemoveWrittenFile(const std::string& path, const std::set<std::string>& sha256s,
                                  const std::set<std::string>& folders);

/// A document the DPO signs or sends (the CNIL draft, the register entry), written by
/// WriteOutput: logged in the audit log ("KIND PATH sha256=...") when its bytes changed.
Status RecordDocument(IncidentStore& store, const Output& output);

/// A document as text (RenderText): on `io.out` when `path` is empty, else in `path` (0600:
/// it holds the leak's facts; not recorded as a document, the PDF is) with "wrote PATH (text)".
Status PrintOrWriteText(const Io& io, const Document& doc, const std::string& path);

/// Renders `doc` as PDF (dated with the record's creation: the same record gives the same
/// bytes), writes it to `path` as a document of `kind` (RecordDocument) and says so on
/// `io.out`. `recorded`, when given, receives the document's row (its SHA-256 among others).
Result<Outcome> WriteRecordedPdf(IncidentStore& store, const Io& io, const Document& doc,
                                 const std::string& kind, const std::string& path,
                                 DocumentRecord* recorded = nullptr);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_RECORDED_OUTPUT_H_
