// Fuzz target: one message's bytes through everything ingestion does to them but storing —
// MIME parsing, text extraction (HTML, charsets, office attachments), every detector
// (ScanMail), the masking of header text (MaskHeaders; every masked preview and header kept
// must be valid UTF-8), and the detectors again straight on the raw bytes made valid UTF-8.
// Run: tests/fuzz/run.sh (libFuzzer, clang); replay a file: fuzz_message_replay FILE.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/detect/detector.h"
#include "core/ingest/scan.h"
#include "core/mail/charset.h"
#include "core/mail/mime_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto mail = breachkit::ParseMail(bytes)) {
    const auto found = breachkit::ScanMail(*mail);
    breachkit::MaskHeaders("fuzz key", found, &*mail);
    // The subject and display names are valid UTF-8 as parsed, and stay so once masked.
    for (const auto& m : mail->messages) {
      if (breachkit::ValidUtf8(m.subject) != m.subject) __builtin_trap();
      for (const auto& a : m.addresses) {
        if (breachkit::ValidUtf8(a.name) != a.name) __builtin_trap();
      }
    }
    for (const auto& message : found) {
      for (const auto& lf : message) {
        const std::string p = breachkit::MaskedPreview(lf.finding);
        if (breachkit::ValidUtf8(p) != p) __builtin_trap();
      }
    }
  }
  (void)breachkit::DetectAll(breachkit::ValidUtf8(bytes));
  return 0;
}
