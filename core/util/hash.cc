#include "core/util/hash.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <memory>

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
  return ToHex(digest, n);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, Sha256Algorithm(), nullptr) != 1) std::abort();
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

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || data)), K padded to the 64-byte block (hashed
// first when longer).
HmacSha256::HmacSha256(std::string_view key)
    : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()), scratch_(EVP_MD_CTX_new()) {
  if (!inner_ || !outer_ || !scratch_ || !Sha256Algorithm()) std::abort();
  constexpr size_t kBlock = 64;
  unsigned char k[kBlock] = {};
  if (key.size() > kBlock) {
    unsigned int n = 0;
    EVP_Digest(key.data(), key.size(), k, &n, Sha256Algorithm(), nullptr);
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  unsigned char ipad[kBlock], opad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) {
    ipad[i] = static_cast<unsigned char>(k[i] ^ 0x36);
    opad[i] = static_cast<unsigned char>(k[i] ^ 0x5c);
  }
  if (EVP_DigestInit_ex(inner_, Sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(inner_, ipad, kBlock) != 1 ||
      EVP_DigestInit_ex(outer_, Sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(outer_, opad, kBlock) != 1) {
    std::abort();
  }
}

HmacSha256::~HmacSha256() {
  EVP_MD_CTX_free(inner_);
  EVP_MD_CTX_free(outer_);
  EVP_MD_CTX_free(scratch_);
}

std::string HmacSha256::Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_MD_CTX_copy_ex(scratch_, inner_);
  EVP_DigestUpdate(scratch_, data.data(), data.size());
  EVP_DigestFinal_ex(scratch_, digest, &n);
  EVP_MD_CTX_copy_ex(scratch_, outer_);
  EVP_DigestUpdate(scratch_, digest, n);
  EVP_DigestFinal_ex(scratch_, digest, &n);
  return ToHex(digest, n);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HmacSha256(key).Hex(data);
}

}  // namespace breachkit
