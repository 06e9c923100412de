#include "core/util/hash.h"

#include <glib.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/util/glib_handle.h"

namespace breachkit {

namespace {

// Fetched once: OpenSSL 3 would otherwise look the algorithm up on every digest.
const EVP_MD* Sha256Algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '\0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || !Sha256Algorithm() || EVP_DigestInit_ex(ctx_, Sha256Algorithm(), nullptr) != 1) {
    std::abort();  // out of memory, or a libcrypto without SHA-256: nothing to do
  }
}
Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::Update(std::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_, digest, &n);
  return Hex(digest, n);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, Sha256Algorithm(), nullptr) != 1) std::abort();
  return Hex(digest, n);
}

Result<std::string> Sha256File(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Fail(ErrorCode::kIo, "{}: cannot open: {}", path, std::strerror(errno));
  Sha256 h;
  std::string buf(1 << 20, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    h.Update(std::string_view(buf.data(), n));
  }
  if (std::ferror(f.get())) {
    return Fail(ErrorCode::kIo, "{}: read error: {}", path, std::strerror(errno));
  }
  return h.HexDigest();
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  DeletableUniquePtr<GHmac, g_hmac_unref> hmac(
      g_hmac_new(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(key.data()), key.size()));
  g_hmac_update(hmac.get(), reinterpret_cast<const guchar*>(data.data()),
                static_cast<gssize>(data.size()));
  return g_hmac_get_string(hmac.get()); /* transfer none */
}

}  // namespace breachkit
