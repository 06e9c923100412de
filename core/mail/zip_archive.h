// A zip archive of evidence — a Google Vault export's zip of mbox or PST files — read entry by
// entry from its file with libzip, never loaded whole: an mbox entry is streamed as a stdio
// stream, a PST entry (which libpff reads by path) is copied to a private temporary file.
// Office documents are zips too; they are read in memory by office_zip.h, not here.
#ifndef BREACHKIT_CORE_MAIL_ZIP_ARCHIVE_H_
#define BREACHKIT_CORE_MAIL_ZIP_ARCHIVE_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <zip.h>

#include "core/util/glib_handle.h"
#include "core/util/result.h"

namespace breachkit {

/// The first bytes of a zip archive (a local file header, or the end record of an empty one).
bool LooksLikeZip(std::string_view head);

/// The path of an entry inside a container as breachkit writes it: "ARCHIVE!/ENTRY".
std::string ContainerPath(std::string_view archive, std::string_view entry);

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

class ZipArchive {
 public:
  struct Entry {
    zip_uint64_t index = 0;
    std::string name;
    uint64_t size = 0;  // uncompressed, as the archive declares it
    bool directory = false;
  };

  /// Errors name the file: not a zip, or a zip libzip cannot read.
  static Result<ZipArchive> Open(const std::string& path);

  /// In the archive's order.
  const std::vector<Entry>& entries() const { return entries_; }
  /// At most `n` first bytes of an entry.
  Result<std::string> Head(const Entry& e, size_t n);
  /// The whole entry, refused past `limit` bytes (its uncompressed size is what counts, not
  /// what the archive declares).
  Result<std::string> Read(const Entry& e, uint64_t limit);
  /// A read-only stdio stream of the entry's bytes; the archive must outlive it, and only one
  /// thread may read the archive at a time.
  Result<FilePtr> Stream(const Entry& e);
  /// SHA-256 of the entry's bytes (read through once); `size`: how many there are.
  Result<std::string> Sha256(const Entry& e, uint64_t* size);
  /// Copies the entry to `fd` (a private temporary file).
  Status CopyTo(const Entry& e, int fd);

 private:
  ZipArchive(zip_t* archive, std::string path) : archive_(archive), path_(std::move(path)) {}
  Result<DeletableUniquePtr<zip_file_t, zip_fclose>> OpenEntry(const Entry& e);
  // The entry's bytes in pieces of 1 MB, until `each` fails; a read error names the entry.
  Status ForEachChunk(const Entry& e, const std::function<Status(std::string_view)>& each);

  DeletableUniquePtr<zip_t, zip_discard> archive_;
  std::string path_;
  std::vector<Entry> entries_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_ZIP_ARCHIVE_H_
