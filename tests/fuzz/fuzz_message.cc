// Fuzz target: one message's bytes through everything ingestion does to them but storing —
// MIME parsing, text extraction (HTML, charsets, office attachments), every detector
// (ScanMail), and the detectors again straight on the raw bytes made valid UTF-8.
// Run: tests/fuzz/run.sh (libFuzzer, clang); replay a file: fuzz_message_replay FILE.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/detect/detector.h"
#include "core/ingest/scan.h"
#include "core/mail/charset.h"
#include "core/mail/mime_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto mail = breachkit::ParseMail(bytes)) (void)breachkit::ScanMail(*mail);
  (void)breachkit::DetectAll(breachkit::ValidUtf8(bytes));
  return 0;
}
