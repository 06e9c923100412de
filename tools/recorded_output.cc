#include "tools/recorded_output.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include <fcntl.h>
#include <fmt/core.h>
#include <glib.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mail/table_extract.h"
#include "core/util/hash.h"
#include "core/util/xml_validate.h"
#include "reports/pdf_writer.h"
#include "reports/text_writer.h"
#include "tools/review_sheet.h"

namespace breachkit {

extern const char kIncidentXsd[];

namespace {

// Why `bytes` is not well-formed CSV (RFC 4180 quoting: a field is bare, without quotes, or
// quoted whole with inner quotes doubled), or nothing.
// `first_line`: the number of the first line of `bytes` (a streamed CSV is checked piece by
// piece, each piece whole records).
std::string CsvProblem(std::string_view bytes, size_t first_line = 1) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // the BOM spreadsheets want
  size_t line = first_line;
  bool at_field_start = true;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (at_field_start && c == '"') {
      for (++i;; ++i) {
        if (i >= bytes.size()) return fmt::format("line {}: a quoted field is not closed", line);
        if (bytes[i] == '\n') ++line;
        if (bytes[i] != '"') continue;
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          ++i;
          continue;
        }
        break;
      }
      const char next = i + 1 < bytes.size() ? bytes[i + 1] : '\n';
      if (next != ',' && next != '\r' && next != '\n') {
        return fmt::format("line {}: text after a quoted field", line);
      }
      at_field_start = false;
      continue;
    }
    if (c == '"') return fmt::format("line {}: a quote inside a bare field", line);
    if (c == '\n') ++line;
    at_field_start = c == ',' || c == '\n';
  }
  return "";
}

// Why `bytes` is not an ODF spreadsheet by its first bytes, or nothing. ODF 1.2 part 3 (3.3):
// the first entry of the zip is "mimetype", stored (not compressed) and without an extra
// field, so that its name and media type are at fixed offsets (30 and 38), where `file` and
// the office suites look.
std::string OdsMimetypeProblem(std::string_view bytes) {
  constexpr std::string_view kMimeType = "application/vnd.oasis.opendocument.spreadsheet";
  auto u16 = [&](size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8;
  };
  if (bytes.size() < 38 + kMimeType.size() || !bytes.starts_with("PK\x03\x04")) {
    return "not a zip";
  }
  if (u16(26) != 8 || bytes.substr(30, 8) != "mimetype") return "its first entry is not mimetype";
  if (u16(8) != 0) return "its mimetype entry is compressed";
  if (u16(28) != 0) return "its mimetype entry has an extra field";
  if (bytes.substr(38, kMimeType.size()) != kMimeType) {
    return fmt::format("its mimetype is not {}", kMimeType);
  }
  return "";
}

// Why the zip `bytes` is not a workbook whose sheets read back (ExtractTables), or nothing.
// No limit but the formats' own: these bytes are ours, and a sheet cut by a limit would be
// reported as broken.
std::string WorkbookProblem(std::string_view bytes, TableFormat format) {
  TableLimits limits;
  limits.max_rows = std::numeric_limits<int64_t>::max();
  limits.max_columns = 16'384;  // XLSX's last column, XFD
  limits.max_uncompressed = std::numeric_limits<uint64_t>::max();
  limits.max_total_bytes = std::numeric_limits<uint64_t>::max();
  auto tables = ExtractTables(bytes, format, limits);
  if (!tables) return tables.error().message;
  if (tables->empty()) return "no sheet holds a row";
  if (tables->back().truncated) return tables->back().why;
  return "";
}

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

// The format a document of `kind` is written in at `path`; every kind a command writes is here.
std::optional<FileFormat> FormatOfKind(std::string_view kind, const std::string& path) {
  if (kind == "review-sheet") {  // the DPO chooses the format of the sheet they work in
    const auto sheet = SheetFormatOf(path);
    if (!sheet) return std::nullopt;
    switch (*sheet) {
      case SheetFormat::kXlsx: return FileFormat::kXlsx;
      case SheetFormat::kOds: return FileFormat::kOds;
      case SheetFormat::kCsv: return FileFormat::kCsv;
    }
  }
  if (kind == "export-xml") return FileFormat::kIncidentXml;
  if (kind == "export-json") return FileFormat::kJson;
  if (kind == "export-csv" || kind == "letters-manifest") return FileFormat::kCsv;
  if (kind == "letter-eml") return FileFormat::kEml;
  if (kind == "letter" || kind == "letters-merged" || kind == "register" ||
      kind.starts_with("cnil-")) {
    return FileFormat::kPdf;
  }
  return std::nullopt;
}

}  // namespace

Status CheckOutput(const std::string& path, std::string_view bytes, FileFormat format) {
  auto bad = [&](std::string_view what, const std::string& why) -> Status {
    return Fail(ErrorCode::kInternal, "{}: not written, it is not valid {}{}{}", path, what,
                why.empty() ? "" : ": ", why);
  };
  const bool utf8 = g_utf8_validate_len(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
  switch (format) {
    case FileFormat::kIncidentXml:
      if (auto st = ValidateXmlStream(bytes, kIncidentXsd, path); !st) {
        return bad("XML (schemas/incident.xsd)", st.error().message);
      }
      break;
    case FileFormat::kJson:
      if (!nlohmann::json::accept(bytes.begin(), bytes.end())) return bad("JSON", "");
      break;
    case FileFormat::kCsv:
      if (!utf8) return bad("CSV", "not UTF-8");
      if (std::string why = CsvProblem(bytes); !why.empty()) return bad("CSV", why);
      break;
    case FileFormat::kPdf: {
      const size_t tail = bytes.size() < 1024 ? 0 : bytes.size() - 1024;
      if (!bytes.starts_with("%PDF-") || bytes.find("%%EOF", tail) == std::string_view::npos) {
        return bad("PDF", "no %PDF- header or %%EOF trailer");
      }
      break;
    }
    case FileFormat::kText:
      if (!utf8) return bad("text", "not UTF-8");
      if (bytes.find('\0') != std::string_view::npos) return bad("text", "a NUL byte");
      break;
    case FileFormat::kEml:
      // Not UTF-8 necessarily: GMime writes a text part in the smallest charset that holds it
      // (ISO-8859-1 for French), declared in its Content-Type.
      if (bytes.find('\0') != std::string_view::npos) return bad("e-mail", "a NUL byte");
      if (bytes.find("\r\n\r\n") == std::string_view::npos &&
          bytes.find("\n\n") == std::string_view::npos) {
        return bad("e-mail", "no blank line after the header");
      }
      break;
    case FileFormat::kXlsx:
      if (std::string why = WorkbookProblem(bytes, TableFormat::kXlsx); !why.empty()) {
        return bad("XLSX", why);
      }
      break;
    case FileFormat::kOds: {
      std::string why = OdsMimetypeProblem(bytes);
      if (why.empty()) why = WorkbookProblem(bytes, TableFormat::kOds);
      if (!why.empty()) return bad("ODS", why);
      break;
    }
  }
  return Ok();
}

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

namespace {

// Whether `name` is the temporary file ReplaceFile makes for one of the outputs breachkit
// writes: NAME.XXXXXX (mkostemp's six letters or digits), NAME ending as a PDF, e-mail, CSV,
// XML, JSON, XLSX or ODS does.
bool IsTemporaryName(std::string_view name) {
  if (name.size() < 8 || name[name.size() - 7] != '.') return false;
  for (char c : name.substr(name.size() - 6)) {
    if (!g_ascii_isalnum(c)) return false;
  }
  const std::string_view target = name.substr(0, name.size() - 7);
  for (std::string_view ext : {".pdf", ".eml", ".csv", ".xml", ".json", ".xlsx", ".ods"}) {
    if (target.ends_with(ext)) return true;
  }
  return false;
}

// The temporary files a write killed half-way left in `folder` (regular, 0600, ours, named
// as IsTemporaryName says) are removed, once per folder and process: a run killed while it
// wrote must leave nothing the re-run does not, above all no copy of a letter under another
// name.
void RemoveUnfinishedWrites(const std::string& folder) {
  static std::mutex mutex;
  static std::set<std::string> done;
  std::lock_guard lock(mutex);
  if (!done.insert(folder).second) return;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(folder.empty() ? "." : folder, ec)) {
    if (!IsTemporaryName(e.path().filename().string())) continue;
    struct stat st;
    if (::lstat(e.path().c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        (st.st_mode & 07777) == 0600 && st.st_uid == ::geteuid()) {
      ::unlink(e.path().c_str());
    }
  }
}

// WritePrivateFile without the format check (done by the caller).
Status ReplaceFile(const std::string& path, std::string_view bytes) {
  RemoveUnfinishedWrites(std::filesystem::path(path).parent_path().string());
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

}  // namespace

Status WritePrivateFile(const std::string& path, std::string_view bytes, FileFormat format) {
  if (auto st = CheckOutput(path, bytes, format); !st) return st;
  return ReplaceFile(path, bytes);
}

Status MakePrivateFolder(const std::string& dir) {
  if (dir.empty()) return Fail(ErrorCode::kIo, "an empty folder name");
  // One component at a time, each opened from its parent's descriptor: a folder this call
  // creates, and the last one, are opened without following a link, so that a link planted
  // there is refused instead of written through.
  int fd = ::open(dir.front() == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, "{}: cannot open: {}", dir, std::strerror(errno));
  std::vector<std::string> parts;
  for (size_t at = 0; at <= dir.size();) {
    const size_t end = std::min(dir.find('/', at), dir.size());
    if (end > at) parts.push_back(dir.substr(at, end - at));
    at = end + 1;
  }
  Status st = Ok();
  std::string done = dir.front() == '/' ? "/" : "";
  for (size_t i = 0; st && i < parts.size(); ++i) {
    const std::string& name = parts[i];
    done += (done.empty() || done.back() == '/' ? "" : "/") + name;
    const bool created = ::mkdirat(fd, name.c_str(), 0700) == 0;
    if (!created && errno != EEXIST) {
      st = Fail(ErrorCode::kIo, "{}: cannot create the folder: {}", done, std::strerror(errno));
      break;
    }
    const bool last = i + 1 == parts.size();
    const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (created || last ? O_NOFOLLOW : 0);
    const int next = ::openat(fd, name.c_str(), flags);
    if (next < 0) {
      struct stat link;
      const bool is_link =
          ::fstatat(fd, name.c_str(), &link, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(link.st_mode);
      st = is_link ? Fail(ErrorCode::kIo,
                          "{}: is a symbolic link; breachkit writes only into a folder itself, "
                          "not through a link (remove the link or choose another folder)",
                          done)
                   : Fail(ErrorCode::kIo, "{}: not a folder", done);
      break;
    }
    // 0700 whatever the umask (mkdir's mode is masked by it), or an older mode.
    if ((created || last) && ::fchmod(next, 0700) != 0) {
      st = Fail(ErrorCode::kIo, "{}: cannot make it private: {}", done, std::strerror(errno));
    }
    ::close(fd);
    fd = next;
  }
  ::close(fd);
  return st;
}

std::optional<std::string> RealFolderOf(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  char* real = ::realpath(parent.empty() ? "." : parent.c_str(), nullptr);
  if (!real) return std::nullopt;
  std::string out(real);
  std::free(real);
  return out;
}

// The folder a file is to be written in, created (0700) when it does not exist yet, as the
// folder of `letters -o` or `export --format csv -o` is: "-o exp/record.xml" works in a new
// "exp".
Status MakeFolderOf(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  std::error_code ec;
  if (parent.empty() || std::filesystem::exists(parent, ec)) return Ok();
  return MakePrivateFolder(parent);
}

Result<Output> PrepareOutput(const IncidentStore& store, const std::string& kind,
                             const std::string& path, std::string_view bytes,
                             const std::string& person) {
  // Checked in its format before anything is listed or written: bad bytes are a bug.
  const std::optional<FileFormat> format = FormatOfKind(kind, path);
  if (!format) return Fail(ErrorCode::kInternal, "{}: no file format known for '{}'", path, kind);
  if (auto st = CheckOutput(path, bytes, *format); !st) return std::unexpected(st.error());
  if (auto st = MakeFolderOf(path); !st) return std::unexpected(st.error());
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
  return output.changed ? ReplaceFile(output.doc.path, bytes) : Ok();
}

Result<Output> WriteOutput(IncidentStore& store, const std::string& kind, const std::string& path,
                           std::string_view bytes, const std::string& person) {
  auto out = PrepareOutput(store, kind, path, bytes, person);
  if (!out) return out;
  if (auto st = RecordOutputs(store, {&*out, 1}); !st) return std::unexpected(st.error());
  if (auto st = WritePrepared(*out, bytes); !st) return std::unexpected(st.error());
  return out;
}

StreamedOutput::StreamedOutput(std::string kind, FileFormat format, std::string path,
                               std::string temporary, int fd)
    : kind_(std::move(kind)),
      format_(format),
      path_(std::move(path)),
      temporary_(std::move(temporary)),
      fd_(fd) {}

Result<std::unique_ptr<StreamedOutput>> StreamedOutput::Begin(const std::string& kind,
                                                              const std::string& path) {
  const std::optional<FileFormat> format = FormatOfKind(kind, path);
  if (format != FileFormat::kPdf && format != FileFormat::kIncidentXml &&
      format != FileFormat::kJson && format != FileFormat::kCsv)
    return Fail(ErrorCode::kInternal, "{}: '{}' is not written as a streamed output", path, kind);
  if (auto st = MakeFolderOf(path); !st) return std::unexpected(st.error());
  RemoveUnfinishedWrites(std::filesystem::path(path).parent_path().string());
  std::string temporary = path + ".XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, "{}: cannot create: {}", path, std::strerror(errno));
  return std::unique_ptr<StreamedOutput>(
      new StreamedOutput(kind, *format, path, std::move(temporary), fd));
}

StreamedOutput::~StreamedOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

bool StreamedOutput::Write(std::string_view bytes) {
  if (error_) return false;
  if (format_ == FileFormat::kCsv) {
    // Checked as CheckOutput checks a whole CSV, a piece (whole records) at a time.
    const bool utf8 = g_utf8_validate_len(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
    std::string why = utf8 ? CsvProblem(bytes, csv_lines_ + 1) : "not UTF-8";
    if (!why.empty()) {
      error_ = Error{ErrorCode::kInternal,
                     fmt::format("{}: not written, it is not valid CSV: {}", path_, why)};
      return false;
    }
    csv_lines_ += static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  }
  if (auto st = WriteAll(fd_, bytes, path_); !st) {
    error_ = st.error();
    return false;
  }
  hash_.Update(bytes);
  size_ += bytes.size();
  constexpr size_t kKept = 1024;  // CheckOutput looks at a PDF's first and last 1,024 bytes
  if (head_.size() < kKept) head_.append(bytes.substr(0, kKept - head_.size()));
  tail_.append(bytes.substr(bytes.size() > kKept ? bytes.size() - kKept : 0));
  if (tail_.size() > kKept) tail_.erase(0, tail_.size() - kKept);
  return true;
}

Result<Output> StreamedOutput::Finish(IncidentStore& store) {
  if (error_) return std::unexpected(*error_);
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0)
    return Fail(ErrorCode::kIo, "{}: cannot write: {}", path_, std::strerror(errno));
  if (format_ == FileFormat::kJson) {
    // Parsed as it is read back, no document built (nlohmann's accept).
    std::ifstream in(temporary_, std::ios::binary);
    if (!in || !nlohmann::json::accept(in)) {
      return Fail(ErrorCode::kInternal, "{}: not written, it is not valid JSON", path_);
    }
  } else if (format_ == FileFormat::kIncidentXml) {
    // Validated as CheckOutput does, read back from the file as it is validated.
    if (auto st = ValidateXmlFile(temporary_, kIncidentXsd, path_); !st) {
      return Fail(ErrorCode::kInternal,
                  "{}: not written, it is not valid XML (schemas/incident.xsd): {}", path_,
                  st.error().message);
    }
  } else if (format_ == FileFormat::kCsv) {
    // Checked as it was written (Write).
  } else if (auto st = CheckOutput(path_, size_ <= head_.size() ? head_ : head_ + "\n" + tail_,
                                   FileFormat::kPdf);
             !st) {  // the header and the trailer, as CheckOutput reads them in a whole file
    return std::unexpected(st.error());
  }
  auto folder = RealFolderOf(path_);
  if (!folder) return Fail(ErrorCode::kIo, "{}: cannot write: {}", path_, std::strerror(errno));
  const std::string sha256 = hash_.HexDigest();
  // Unchanged: `path` holds these bytes already (made 0600, as AlreadyHolds does).
  bool changed = true;
  struct stat st;
  if (::lstat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uint64_t>(st.st_size) == size_) {
    auto existing = Sha256File(path_);
    changed = !existing || *existing != sha256;
    if (!changed && (st.st_mode & 07777) != 0600) changed = ::chmod(path_.c_str(), 0600) != 0;
  }
  Output out{{kind_, path_, sha256, store.clock().NowUnix(), ""}, std::move(*folder), changed};
  if (auto recorded = RecordOutputs(store, {&out, 1}); !recorded)
    return std::unexpected(recorded.error());
  if (changed && ::rename(temporary_.c_str(), path_.c_str()) != 0)
    return Fail(ErrorCode::kIo, "{}: cannot write: {}", path_, std::strerror(errno));
  if (changed) temporary_.clear();  // renamed: nothing left to remove
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
    return Removal{What::kLeft,
                   fmt::format("its folder cannot be opened: {}", std::strerror(errno))};
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

Status PrintOrWriteText(const Io& io, const Document& doc, const std::string& path) {
  const std::string text = RenderText(doc);
  if (path.empty()) {
    fmt::print(io.out, "{}", text);
    return {};
  }
  if (auto st = WritePrivateFile(path, text, FileFormat::kText); !st) return st;
  fmt::print(io.out, "wrote {} (text)\n", path);
  return {};
}

Result<Outcome> WriteRecordedPdf(IncidentStore& store, const Io& io, const Document& doc,
                                 const std::string& kind, const std::string& path,
                                 DocumentRecord* recorded) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  PdfOptions options;
  options.creation_date = info->created_at;
  auto pdf = RenderPdf(doc, options);
  if (!pdf) return std::unexpected(pdf.error());
  auto written = WriteOutput(store, kind, path, pdf->bytes);
  if (!written) return std::unexpected(written.error());
  if (auto st = RecordDocument(store, *written); !st) return std::unexpected(st.error());
  if (recorded != nullptr) *recorded = written->doc;
  const std::string what = written->changed ? "wrote " + path : path + " unchanged";
  fmt::print(io.out, "{} ({} pages, sha256 {})\n", what, pdf->pages, written->doc.sha256);
  return Outcome::kOk;
}

}  // namespace breachkit
