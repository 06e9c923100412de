// The parts of an office document (DOCX, XLSX, ODF: a zip of XML parts), read in memory with
// libzip under one bound on the bytes uncompressed from the whole archive, so that a zip bomb
// stops at the limit. Used by the text reader (office_text.cc) and the table reader
// (table_extract.cc). An OfficeZip borrows the bytes it was opened on: they must outlive it.
#ifndef BREACHKIT_CORE_MAIL_OFFICE_ZIP_H_
#define BREACHKIT_CORE_MAIL_OFFICE_ZIP_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <zip.h>

#include "core/util/glib_handle.h"
#include "core/util/result.h"

namespace breachkit {

/// An encrypted OOXML file (and a legacy .doc/.xls) is an OLE compound document, not a zip.
bool IsOleCompoundDocument(std::string_view bytes);

class OfficeZip {
 public:
  /// Fails on bytes that are not a readable zip archive (an OLE file says so).
  static Result<OfficeZip> Open(std::string_view bytes, uint64_t max_uncompressed);

  /// The entries' names and indexes, in the archive's order.
  std::vector<std::pair<std::string, zip_uint64_t>> Entries() const;
  std::optional<zip_uint64_t> IndexOf(const std::string& name) const;
  /// The entry's size uncompressed as the archive declares it, and whether it is encrypted.
  struct Stat {
    uint64_t size = 0;
    bool encrypted = false;
  };
  Stat StatOf(zip_uint64_t index) const;

  struct Part {
    std::string bytes;
    bool cut = false;        // the bound was reached inside this part: `bytes` is its beginning
    std::string unreadable;  // why the part could not be opened (encrypted, bad data)
  };
  /// Reads one entry, what it uncompresses spent from the archive's bound.
  Part Read(zip_uint64_t index);
  uint64_t budget_left() const { return budget_; }
  /// What is left of the bound, lowered to `left` (an archive inside this one spent its part).
  void Limit(uint64_t left) { budget_ = std::min(budget_, left); }

 private:
  explicit OfficeZip(zip_t* archive, uint64_t budget) : archive_(archive), budget_(budget) {}
  DeletableUniquePtr<zip_t, zip_discard> archive_;
  uint64_t budget_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_OFFICE_ZIP_H_
