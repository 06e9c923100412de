// Fuzz target: an address header value through the plain reader (core/mail/address_list.h).
// Whenever it reads the value, the result must be GMime's own reading, without a warning:
// any difference aborts. Run: tests/fuzz/run.sh; replay a file: fuzz_address_replay FILE.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/mail/address_list.h"
#include "core/mail/mime_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  breachkit::InitMime();
  // A header value as GMime hands it over: a C string.
  std::string raw(reinterpret_cast<const char*>(data), size);
  raw.resize(std::min(raw.size(), raw.find('\0')));
  const auto plain = breachkit::ParsePlainAddressList(raw);
  if (!plain) return 0;
  bool warned = false;
  const auto gmime = breachkit::ReadAddressListWithGMime(raw, &warned);
  const bool same = !warned && gmime == *plain;
  if (!same) {
    std::fprintf(stderr, "plain reader and GMime differ (GMime warned: %d, %zu vs %zu addresses)\n",
                 warned, plain->size(), gmime.size());
    std::abort();
  }
  return 0;
}
