// Hashes used for evidence and de-duplication: SHA-256 of byte strings and files, streamed
// so a 2 GB mbox is never held in memory, and HMAC-SHA-256 for the keyed hashes of
// detected values. Both on OpenSSL's libcrypto, which uses the CPU's SHA instructions
// (GLib's checksums do not, and are about three times slower).
#ifndef BREACHKIT_CORE_UTIL_HASH_H_
#define BREACHKIT_CORE_UTIL_HASH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/result.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX and EVP_MAC_CTX, kept out of this header
struct evp_mac_ctx_st;

namespace breachkit {

/// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  // Neither copied nor moved: a moved-from object would hold no context.
  Sha256(Sha256&&) = delete;
  Sha256& operator=(Sha256&&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // ends the computation

 private:
  struct Free {
    void operator()(::evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<::evp_md_ctx_st, Free> ctx_;
};

/// SHA-256 of a whole file, read in blocks. Error names the file.
Result<std::string> Sha256File(const std::string& path);

/// MD5 of a whole file, lower-case hex: only to check a checksum list that gives MD5 (a
/// Google Vault export's), never as evidence. Error names the file.
Result<std::string> Md5File(const std::string& path);

/// Lower-case hex HMAC-SHA-256 of `data` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

/// HMAC-SHA-256 under one key, many values: libcrypto's MAC context keeps the key's state
/// (GLib's GHmac starts again for each value, several times slower). Not for sharing between
/// threads.
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  HmacSha256(HmacSha256&&) = delete;  // neither copied nor moved (see Sha256)
  HmacSha256& operator=(HmacSha256&&) = delete;
  std::string Hex(std::string_view data);

 private:
  struct Free {
    void operator()(::evp_mac_ctx_st* ctx) const;
  };
  std::unique_ptr<::evp_mac_ctx_st, Free> ctx_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_HASH_H_
