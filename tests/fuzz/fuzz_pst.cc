// Fuzz target: Outlook PST/OST files through what ingestion does to them but storing — the
// file opened by libpff (core/mail/pst_file.h), every folder walked, each item written out as
// MIME, parsed, scanned by every detector, its header text masked. libpff reads a path: the
// bytes are put in a memory file (memfd) and opened as /proc/self/fd/N. Run:
// tests/fuzz/run.sh 60 pst; replay a file: fuzz_pst_replay FILE.
#include <cstddef>
#include <cstdint>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

#include "core/ingest/scan.h"
#include "core/mail/charset.h"
#include "core/mail/mime_parser.h"
#include "core/mail/pst_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("fuzz.pst", 0);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (auto pst = breachkit::PstFile::Open(path, 8)) {
    breachkit::PstItem item;
    for (int i = 0; i < 1000 && (*pst)->Next(&item); ++i) {
      if (breachkit::ValidUtf8(item.Path()) != item.Path()) __builtin_trap();
      auto mail = breachkit::ParseMapiMime(std::move(item.mime));
      if (!mail) continue;
      const auto found = breachkit::ScanMail(*mail);
      breachkit::MaskHeaders("fuzz key", found, &*mail);
      for (const auto& m : mail->messages) {
        if (breachkit::ValidUtf8(m.subject) != m.subject) __builtin_trap();
      }
    }
  }
  close(fd);
  return 0;
}
