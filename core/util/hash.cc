#include "core/util/hash.h"

#include <glib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/util/glib_handle.h"

namespace breachkit {

Sha256::Sha256() : checksum_(g_checksum_new(G_CHECKSUM_SHA256)) {}
Sha256::~Sha256() { g_checksum_free(checksum_); }

void Sha256::Update(std::string_view data) {
  // g_checksum_update takes a gssize: feed very large inputs in slices.
  constexpr size_t kSlice = size_t{1} << 30;
  while (!data.empty()) {
    const size_t n = std::min(data.size(), kSlice);
    g_checksum_update(checksum_, reinterpret_cast<const guchar*>(data.data()),
                      static_cast<gssize>(n));
    data.remove_prefix(n);
  }
}

std::string Sha256::HexDigest() {
  return g_checksum_get_string(checksum_); /* transfer none: owned by the checksum */
}

std::string Sha256Hex(std::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.HexDigest();
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
