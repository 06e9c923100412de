#include "core/mail/office_zip.h"

#include <utility>

namespace breachkit {

bool IsOleCompoundDocument(std::string_view bytes) {
  return bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

Result<OfficeZip> OfficeZip::Open(std::string_view bytes, uint64_t max_uncompressed) {
  if (IsOleCompoundDocument(bytes)) {
    return Fail(ErrorCode::kInvalidInput,
                "encrypted or legacy Office file (OLE compound document): not read");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return Fail(ErrorCode::kInvalidInput, "not a zip archive");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    std::string why = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return Fail(ErrorCode::kInvalidInput, "not a readable zip archive: {}", why);
  }
  zip_error_fini(&error);
  return OfficeZip(archive, max_uncompressed);
}

std::vector<std::pair<std::string, zip_uint64_t>> OfficeZip::Entries() const {
  std::vector<std::pair<std::string, zip_uint64_t>> out;
  const zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    if (const char* name = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0)) {
      out.emplace_back(name, static_cast<zip_uint64_t>(i));
    }
  }
  return out;
}

std::optional<zip_uint64_t> OfficeZip::IndexOf(const std::string& name) const {
  const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
  if (index < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(index);
}

OfficeZip::Stat OfficeZip::StatOf(zip_uint64_t index) const {
  zip_stat_t st;
  zip_stat_init(&st);
  Stat out;
  if (zip_stat_index(archive_.get(), index, 0, &st) != 0) return out;
  if (st.valid & ZIP_STAT_SIZE) out.size = st.size;
  out.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
  return out;
}

OfficeZip::Part OfficeZip::Read(zip_uint64_t index) {
  Part part;
  DeletableUniquePtr<zip_file_t, zip_fclose> file(zip_fopen_index(archive_.get(), index, 0));
  if (!file) {
    part.unreadable = zip_strerror(archive_.get());
    return part;
  }
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_fread(file.get(), buf, sizeof buf)) > 0) {
    if (static_cast<uint64_t>(n) > budget_) {
      part.bytes.append(buf, static_cast<size_t>(budget_));
      budget_ = 0;
      part.cut = true;
      break;
    }
    part.bytes.append(buf, static_cast<size_t>(n));
    budget_ -= static_cast<uint64_t>(n);
  }
  if (n < 0 && !part.cut) part.unreadable = zip_file_strerror(file.get());
  return part;
}

}  // namespace breachkit
