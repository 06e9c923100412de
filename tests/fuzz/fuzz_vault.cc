// Fuzz target: a Google Vault export's files — the metadata XML (libxml2's streaming reader),
// what it gives a message, the checksum lists — and a zip archive of evidence (libzip: its
// entries listed, each one's first bytes, whole under a bound, hashed and streamed).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "core/mail/mime_parser.h"
#include "core/mail/vault_export.h"
#include "core/mail/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool kInit = (breachkit::InitMime(), true);
  (void)kInit;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto docs = breachkit::ReadVaultMetadata(bytes, "fuzz-metadata.xml")) {
    std::vector<const breachkit::VaultDocument*> all;
    for (const auto& d : *docs) all.push_back(&d);
    breachkit::MailMessage m;
    m.addresses.push_back({breachkit::AddressField::kTo, "", "a@exemple.fr", "", false});
    (void)breachkit::ApplyVaultMessage(breachkit::MergeVaultDocuments(all), &m);
  }
  std::vector<int> unread;
  (void)breachkit::ParseChecksums(bytes, &unread);
  if (!breachkit::LooksLikeZip(bytes)) return 0;
  // ZipArchive reads a file, as ingest gives it one.
  char path[] = "/tmp/fuzz-vault-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return 0;
  const bool written = write(fd, data, size) == static_cast<ssize_t>(size);
  close(fd);
  if (written) {
    if (auto zip = breachkit::ZipArchive::Open(path)) {
      for (const auto& e : zip->entries()) {
        (void)zip->Head(e, 4096);
        (void)zip->Read(e, 1 << 20);
        uint64_t entry_size = 0;
        (void)zip->Sha256(e, &entry_size);
        if (auto stream = zip->Stream(e)) {
          char buf[4096];
          while (std::fread(buf, 1, sizeof buf, stream->get()) > 0) {
          }
        }
      }
    }
  }
  unlink(path);
  return 0;
}
