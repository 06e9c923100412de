#include "tools/recorded_output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

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

std::optional<std::string> RealFolderOf(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  char* real = ::realpath(parent.empty() ? "." : parent.c_str(), nullptr);
  if (!real) return std::nullopt;
  std::string out(real);
  std::free(real);
  return out;
}

Result<Output> PrepareOutput(const IncidentStore& store, const std::string& kind,
                             const std::string& path, std::string_view bytes,
                             const std::string& person) {
  auto folder = RealFolderOf(path);
  if (!folder) return Fail(ErrorCode::kIo, "{}: cannot write: {}", path, std::strerror(errno));
  return Output{{kind, path, Sha256Hex(bytes), store.clock().NowUnix(), person},
                std::move(*folder),
                !AlreadyHolds(path, bytes)};
}

Status RecordOutputs(IncidentStore& store, std::span<const Output> outputs) {
  std::vector<DocumentRecord> docs;
  std::set<std::string> folders;
  for (const Output& o : outputs) {
    if (folders.insert(o.folder).second) {
      docs.push_back({std::string(kOutputFolderKind), o.folder, "", o.doc.generated_at, ""});
    }
    docs.push_back(o.doc);
  }
  return store.RecordDocuments(docs);
}

Status WritePrepared(const Output& output, std::string_view bytes) {
  return output.changed ? WritePrivateFile(output.doc.path, bytes) : Ok();
}

Result<Output> WriteOutput(IncidentStore& store, const std::string& kind, const std::string& path,
                           std::string_view bytes, const std::string& person) {
  auto out = PrepareOutput(store, kind, path, bytes, person);
  if (!out) return out;
  if (auto st = RecordOutputs(store, {&*out, 1}); !st) return std::unexpected(st.error());
  if (auto st = WritePrepared(*out, bytes); !st) return std::unexpected(st.error());
  return out;
}

Result<Removal> RemoveWrittenFile(const std::string& path, const std::set<std::string>& sha256s,
                                  const std::set<std::string>& folders) {
  using What = Removal::What;
  const std::filesystem::path p(path);
  const std::string parent = p.parent_path().empty() ? "." : p.parent_path().string();
  const std::string name = p.filename().string();
  const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) {
    if (errno == ENOENT) return Removal{What::kGone, ""};
    return Removal{What::kLeft, fmt::format("its folder cannot be opened: {}", std::strerror(errno))};
  }
  // The real path of the folder as opened: what it is now, links followed, not what it says.
  std::error_code ec;
  const std::string real =
      std::filesystem::read_symlink(fmt::format("/proc/self/fd/{}", dir), ec).string();
  auto done = [&](Removal r) -> Result<Removal> {
    ::close(dir);
    return r;
  };
  if (ec || !folders.contains(real)) {
    return done({What::kLeft, "not in a folder breachkit wrote documents to for this record"});
  }
  const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return done({What::kGone, ""});
    if (errno == ELOOP) return done({What::kLeft, "a symbolic link, not the file breachkit wrote"});
    return done({What::kLeft, fmt::format("cannot be read: {}", std::strerror(errno))});
  }
  struct stat st;
  std::string why;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    why = "not a regular file";
  } else if ((st.st_mode & 07777) != 0600) {
    why = fmt::format("its permissions changed since breachkit wrote it (0{:o}, not 0600)",
                      st.st_mode & 07777);
  } else {
    Sha256 hash;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) hash.Update(std::string_view(buf, static_cast<size_t>(n)));
    }
    if (n < 0) {
      why = fmt::format("cannot be read: {}", std::strerror(errno));
    } else if (!sha256s.contains(hash.HexDigest())) {
      why = "changed since breachkit wrote it (its SHA-256 is not the one recorded)";
    }
  }
  ::close(fd);
  if (!why.empty()) return done({What::kLeft, why});
  if (::unlinkat(dir, name.c_str(), 0) != 0) {
    const int e = errno;
    ::close(dir);
    if (e == ENOENT) return Removal{What::kGone, ""};
    return Fail(ErrorCode::kIo, "{}: cannot remove: {}", path, std::strerror(e));
  }
  return done({What::kRemoved, ""});
}

Status RecordDocument(IncidentStore& store, const Output& output) {
  if (!output.changed) return Ok();  // a re-run leaves the record as it was
  const DocumentRecord& d = output.doc;
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
