// Fuzz target: the mbox splitter. Besides not crashing, it checks the splitter's promise
// (core/mail/mbox_reader.h): the spans of the messages follow each other and add up to
// the whole input. A broken promise aborts, which the fuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/mail/mbox_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto reader = breachkit::MboxReader::FromText(text);
  breachkit::MboxMessage m;
  uint64_t next = 0;
  bool any = false;
  while (reader.Next(&m)) {
    if (any && m.offset != next) std::abort();  // a gap or an overlap between two spans
    if (m.content.size() > m.length) std::abort();
    next = m.offset + m.length;
    any = true;
  }
  if (any && next != size) std::abort();
  return 0;
}
