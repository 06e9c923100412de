// Hashes used for evidence and de-duplication: SHA-256 (OpenSSL's libcrypto, which uses
// the CPU's SHA instructions: 1.7 GB/s here against GLib's 0.55) of byte strings and
// files, streamed so a 2 GB mbox is never held in memory, and HMAC-SHA-256 (GLib GHmac,
// faster than OpenSSL 3's HMAC() on short values) for the keyed hashes of detected values.
#ifndef BREACHKIT_CORE_UTIL_HASH_H_
#define BREACHKIT_CORE_UTIL_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace breachkit {

/// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // ends the computation

 private:
  ::evp_md_ctx_st* ctx_;
};

/// SHA-256 of a whole file, read in blocks. Error names the file.
Result<std::string> Sha256File(const std::string& path);

/// Lower-case hex HMAC-SHA-256 of `data` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_HASH_H_
