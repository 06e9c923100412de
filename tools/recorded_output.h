// Every file a command writes (a PDF, a letter's e-mail, a manifest, an export) is written
// here, one way, and recorded one way. Written: privately (0600) and atomically, so that a
// path holds either what it held before or all of the new bytes, never half of them.
// Recorded: as a row of the record's document table (kind, path, SHA-256, time, person), so
// that the register entry lists it and `purge` finds it, and for the documents the DPO signs
// or sends, in the audit log too; only when the bytes changed, so that re-running a command
// changes nothing.
#ifndef BREACHKIT_TOOLS_RECORDED_OUTPUT_H_
#define BREACHKIT_TOOLS_RECORDED_OUTPUT_H_

#include <span>
#include <string>
#include <string_view>

#include <sys/types.h>
#include <unistd.h>

#include "core/store/store.h"
#include "reports/document.h"
#include "tools/commands.h"

namespace breachkit {

/// What a written file holds, checked before it is written (CheckOutput).
enum class FileFormat {
  kIncidentXml,  // an export, valid against schemas/incident.xsd
  kJson,         // parsed back
  kCsv,          // UTF-8, every field bare or quoted whole with inner quotes doubled
  kPdf,          // "%PDF-" header, "%%EOF" trailer (cairo's status is checked by RenderPdf)
  kEml,          // UTF-8, a header ended by a blank line
};

/// Whether `bytes` is well-formed `format`; if not, kInternal (a command made bad bytes: a bug)
/// naming `path` and what is wrong.
Status CheckOutput(const std::string& path, std::string_view bytes, FileFormat format);

/// Checks `bytes` (CheckOutput), then replaces `path` with them: a temporary file created 0600 and exclusively (mkostemp) in the
/// same folder, written whole (WriteAll), closed and renamed over `path`. A symbolic link at
/// `path` is replaced, not followed. On failure (a full disk included) `path` is as it was
/// and the temporary file is gone. No fsync per file: a run writes thousands of letters, and
/// a sync each cost 15 % of the letters' speed; the rename already shows a reader the whole
/// file or none.
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

/// A file written for the record: its document row, and whether its bytes changed.
struct Output {
  DocumentRecord doc;    // kind, path, SHA-256, time (the store's clock), person
  bool changed = false;  // `path` held other bytes before, or nothing
};

/// Writes `bytes` to `path` (WritePrivateFile, in the format of `kind`: a kind with no known
/// format is kInternal) as a document of `kind`; `person` is the
/// address of the person a letter is for. A file that already holds these bytes is left as
/// it is (made 0600): a re-run touches nothing.
Result<Output> WriteOutput(const IncidentStore& store, const std::string& kind,
                           const std::string& path, std::string_view bytes,
                           const std::string& person = "");

/// Which outputs RecordOutputs lists.
enum class Listing {
  kEvery,    // files listed so that `purge` finds them (the same path and bytes listed once)
  kChanged,  // documents: only those whose bytes changed
};

/// Lists `outputs` in the record's document table, in their order, in one transaction.
Status RecordOutputs(IncidentStore& store, std::span<const Output> outputs, Listing which);

/// A document the DPO signs or sends (the CNIL draft, the register entry): listed, and
/// logged in the audit log ("KIND PATH sha256=..."), only when its bytes changed.
Status RecordDocument(IncidentStore& store, const Output& output);

/// Renders `doc` as PDF (dated with the record's creation: the same record gives the same
/// bytes), writes it to `path` as a document of `kind` (RecordDocument) and says so on
/// `io.out`.
Result<Outcome> WriteRecordedPdf(IncidentStore& store, const Io& io, const Document& doc,
                                 const std::string& kind, const std::string& path);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_RECORDED_OUTPUT_H_
