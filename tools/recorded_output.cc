#include "tools/recorded_output.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/hash.h"
#include "reports/pdf_writer.h"

namespace breachkit {
namespace {

// Whether `path` is a regular file (not a link) holding exactly `bytes`; if so it is made
// 0600, as if written again.
bool AlreadyHolds(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool same = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
              static_cast<uint64_t>(st.st_size) == bytes.size();
  char buf[65536];
  for (size_t at = 0; same && at < bytes.size();) {
    const ssize_t n = ::read(fd, buf, std::min(sizeof buf, bytes.size() - at));
    if (n < 0 && errno == EINTR) continue;
    same = n > 0 && bytes.substr(at, static_cast<size_t>(n)) ==
                        std::string_view(buf, static_cast<size_t>(n));
    at += n > 0 ? static_cast<size_t>(n) : 0;
  }
  if (same && (st.st_mode & 07777) != 0600) same = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  return same;
}

}  // namespace

Status WriteAll(int fd, std::string_view bytes, std::string_view name, WriteFunction write) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(ErrorCode::kIo, "{}: cannot write: {}", name, std::strerror(errno));
    if (n == 0) return Fail(ErrorCode::kIo, "{}: cannot write: nothing was written", name);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

Status WritePrivateFile(const std::string& path, std::string_view bytes) {
  // mkostemp: a new name beside `path`, created 0600 and exclusively (never through a link).
  std::string temporary = path + ".XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, "{}: cannot create: {}", path, std::strerror(errno));
  Status st = WriteAll(fd, bytes, path);
  if (::close(fd) != 0 && st) {
    st = Fail(ErrorCode::kIo, "{}: cannot write: {}", path, std::strerror(errno));
  }
  if (st && ::rename(temporary.c_str(), path.c_str()) != 0) {
    st = Fail(ErrorCode::kIo, "{}: cannot write: {}", path, std::strerror(errno));
  }
  if (!st) ::unlink(temporary.c_str());
  return st;
}

Status MakePrivateFolder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "{}: cannot create the folder: {}", dir, ec.message());
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Fail(ErrorCode::kIo, "{}: not a folder", dir);
  }
  ::chmod(dir.c_str(), 0700);  // whatever the umask, or an older mode
  return Ok();
}

Result<Output> WriteOutput(const IncidentStore& store, const std::string& kind,
                           const std::string& path, std::string_view bytes,
                           const std::string& person) {
  Output out{{kind, path, Sha256Hex(bytes), store.clock().NowUnix(), person},
             !AlreadyHolds(path, bytes)};
  if (out.changed) {
    if (auto st = WritePrivateFile(path, bytes); !st) return std::unexpected(st.error());
  }
  return out;
}

Status RecordOutputs(IncidentStore& store, std::span<const Output> outputs, Listing which) {
  std::vector<DocumentRecord> docs;
  for (const Output& o : outputs) {
    if (which == Listing::kEvery || o.changed) docs.push_back(o.doc);
  }
  return store.RecordDocuments(docs);
}

Status RecordDocument(IncidentStore& store, const Output& output) {
  if (!output.changed) return Ok();  // a re-run leaves the record as it was
  const DocumentRecord& d = output.doc;
  if (auto st = store.RecordDocument(d); !st) return st;
  return store.AppendAudit("document", fmt::format("{} {} sha256={}", d.kind, d.path, d.sha256));
}

Result<Outcome> WriteRecordedPdf(IncidentStore& store, const Io& io, const Document& doc,
                                 const std::string& kind, const std::string& path) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  PdfOptions options;
  options.creation_date = info->created_at;
  auto pdf = RenderPdf(doc, options);
  if (!pdf) return std::unexpected(pdf.error());
  auto written = WriteOutput(store, kind, path, pdf->bytes);
  if (!written) return std::unexpected(written.error());
  if (auto st = RecordDocument(store, *written); !st) return std::unexpected(st.error());
  const std::string what = written->changed ? "wrote " + path : path + " unchanged";
  fmt::print(io.out, "{} ({} pages, sha256 {})\n", what, pdf->pages, written->doc.sha256);
  return Outcome::kOk;
}

}  // namespace breachkit
