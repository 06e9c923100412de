// Fuzz target: Outlook's formats through what ingestion does to them but storing — the same
// bytes as an .msg (the OLE2 container through libgsf, the MAPI properties, compressed RTF:
// ParseMsg) and as TNEF (winmail.dat: ParseTnef; the input's first bytes are made the TNEF
// signature), the internet message built from each and its parse, every detector (ScanMail),
// the masking of header text; and the RTF readers straight on the raw bytes. Run:
// tests/fuzz/run.sh 60 msg; replay a file: fuzz_msg_replay FILE.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ingest/scan.h"
#include "core/mail/charset.h"
#include "core/mail/mapi_message.h"
#include "core/mail/mime_parser.h"

namespace {

void Check(breachkit::Result<breachkit::ParsedMail> mail) {
  if (!mail) return;
  const auto found = breachkit::ScanMail(*mail);
  breachkit::MaskHeaders("fuzz key", found, &*mail);
  for (const auto& m : mail->messages) {
    if (breachkit::ValidUtf8(m.subject) != m.subject) __builtin_trap();
    for (const auto& d : m.defects) {
      if (breachkit::ValidUtf8(d.detail) != d.detail) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(breachkit::ParseMsg(bytes));
  // The same bytes behind a TNEF signature (a TNEF seed keeps its own).
  std::string tnef(bytes);
  if (!breachkit::LooksLikeTnef(tnef)) tnef.insert(0, std::string("\x78\x9f\x3e\x22\x00\x00", 6));
  Check(breachkit::ParseTnef(tnef));
  if (auto rtf = breachkit::DecompressRtf(bytes)) {
    const std::string text = breachkit::RtfToText(*rtf);
    if (breachkit::ValidUtf8(text) != text) __builtin_trap();
  }
  const std::string text = breachkit::RtfToText(bytes);
  if (breachkit::ValidUtf8(text) != text) __builtin_trap();
  return 0;
}
