#include "core/mail/zip_archive.h"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "core/util/hash.h"

namespace breachkit {
namespace {

ssize_t ReadEntry(void* cookie, char* buf, size_t size) {
  const zip_int64_t n = zip_fread(static_cast<zip_file_t*>(cookie), buf, size);
  if (n < 0) {
    errno = EIO;
    return -1;
  }
  return static_cast<ssize_t>(n);
}

int CloseEntry(void* cookie) { return zip_fclose(static_cast<zip_file_t*>(cookie)) == 0 ? 0 : EOF; }

}  // namespace

bool LooksLikeZip(std::string_view head) {
  return head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06");
}

std::string ContainerPath(std::string_view archive, std::string_view entry) {
  std::string out(archive);
  out += "!/";
  out += entry;
  return out;
}

Result<ZipArchive> ZipArchive::Open(const std::string& path) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!archive) {
    zip_error_t e;
    zip_error_init_with_code(&e, error);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return Fail(ErrorCode::kInvalidInput, "{}: not a readable zip archive: {}", path, why);
  }
  ZipArchive out(archive, path);
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !st.name) {
      return Fail(ErrorCode::kInvalidInput, "{}: entry {} cannot be read: {}", path, i,
                  zip_strerror(archive));
    }
    Entry e;
    e.index = static_cast<zip_uint64_t>(i);
    e.name = st.name;
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.directory = e.name.ends_with('/');
    out.entries_.push_back(std::move(e));
  }
  return out;
}

Result<DeletableUniquePtr<zip_file_t, zip_fclose>> ZipArchive::OpenEntry(const Entry& e) {
  DeletableUniquePtr<zip_file_t, zip_fclose> file(zip_fopen_index(archive_.get(), e.index, 0));
  if (!file) {
    return Fail(ErrorCode::kInvalidInput, "{}: entry \"{}\" cannot be opened: {}", path_, e.name,
                zip_strerror(archive_.get()));
  }
  return file;
}

Result<std::string> ZipArchive::Head(const Entry& e, size_t n) {
  auto file = OpenEntry(e);
  if (!file) return std::unexpected(file.error());
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    const zip_int64_t r = zip_fread(file->get(), out.data() + got, n - got);
    if (r < 0) {
      return Fail(ErrorCode::kInvalidInput, "{}: entry \"{}\": {}", path_, e.name,
                  zip_file_strerror(file->get()));
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return out;
}

Status ZipArchive::ForEachChunk(const Entry& e,
                                const std::function<Status(std::string_view)>& each) {
  auto file = OpenEntry(e);
  if (!file) return std::unexpected(file.error());
  std::string buf(1 << 20, '\0');
  zip_int64_t r;
  while ((r = zip_fread(file->get(), buf.data(), buf.size())) > 0) {
    if (auto st = each(std::string_view(buf.data(), static_cast<size_t>(r))); !st) return st;
  }
  if (r < 0) {
    return Fail(ErrorCode::kInvalidInput, "{}: entry \"{}\": {}", path_, e.name,
                zip_file_strerror(file->get()));
  }
  return Ok();
}

Result<std::string> ZipArchive::Read(const Entry& e, uint64_t limit) {
  std::string out;
  auto st = ForEachChunk(e, [&](std::string_view chunk) -> Status {
    if (out.size() + chunk.size() > limit) {
      return Fail(ErrorCode::kInvalidInput, "{}: entry \"{}\" is over {} bytes: not read", path_,
                  e.name, limit);
    }
    out.append(chunk);
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<FilePtr> ZipArchive::Stream(const Entry& e) {
  auto file = OpenEntry(e);
  if (!file) return std::unexpected(file.error());
  const cookie_io_functions_t io{ReadEntry, nullptr, nullptr, CloseEntry};
  std::FILE* f = fopencookie(file->get(), "r", io);
  if (!f) return Fail(ErrorCode::kIo, "{}: entry \"{}\": {}", path_, e.name, std::strerror(errno));
  (void)file->release();  // the stream closes it
  return FilePtr(f, &std::fclose);
}

Result<std::string> ZipArchive::Sha256(const Entry& e, uint64_t* size) {
  breachkit::Sha256 h;
  *size = 0;
  auto st = ForEachChunk(e, [&](std::string_view chunk) -> Status {
    h.Update(chunk);
    *size += chunk.size();
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  return h.HexDigest();
}

Status ZipArchive::CopyTo(const Entry& e, int fd) {
  return ForEachChunk(e, [&](std::string_view chunk) -> Status {
    for (size_t done = 0; done < chunk.size();) {
      const ssize_t w = ::write(fd, chunk.data() + done, chunk.size() - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        return Fail(ErrorCode::kIo, "{}: entry \"{}\": cannot copy it to a temporary file: {}",
                    path_, e.name, std::strerror(errno));
      }
      done += static_cast<size_t>(w);
    }
    return Ok();
  });
}

}  // namespace breachkit
