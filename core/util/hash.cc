#include "core/util/hash.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace breachkit {

namespace {

// Fetched once: OpenSSL 3 would otherwise look the algorithm up on every digest.
const EVP_MD* Sha256Algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

std::string ToHex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '\0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace

void Sha256::Free::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || !Sha256Algorithm() ||
      EVP_DigestInit_ex(ctx_.get(), Sha256Algorithm(), nullptr) != 1) {
    std::abort();  // out of memory, or a libcrypto without SHA-256: nothing to do
  }
}

void Sha256::Update(std::string_view data) {
  EVP_DigestUpdate(ctx_.get(), data.data(), data.size());
}

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_.get(), digest, &n);
  return ToHex(digest, n);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, Sha256Algorithm(), nullptr) != 1)
    std::abort();
  return ToHex(digest, n);
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

Result<std::string> Md5File(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Fail(ErrorCode::kIo, "{}: cannot open: {}", path, std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1) std::abort();
  std::string buf(1 << 20, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
  }
  if (std::ferror(f.get())) {
    return Fail(ErrorCode::kIo, "{}: read error: {}", path, std::strerror(errno));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

HmacSha256::HmacSha256(std::string_view key) {
  // The algorithm is fetched once per process and the key set once per object; each value
  // then re-initialises the context with that key (EVP_MAC_init without a key).
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  ctx_.reset(mac ? EVP_MAC_CTX_new(mac) : nullptr);
  if (!ctx_ || EVP_MAC_init(ctx_.get(), reinterpret_cast<const unsigned char*>(key.data()),
                            key.size(), params) != 1) {
    std::abort();  // out of memory, or a libcrypto without HMAC-SHA-256: nothing to do
  }
}

void HmacSha256::Free::operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }

std::string HmacSha256::Hex(std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t n = 0;
  if (EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(ctx_.get(), mac, &n, sizeof mac) != 1) {
    std::abort();
  }
  return ToHex(mac, n);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HmacSha256(key).Hex(data);
}

}  // namespace breachkit
