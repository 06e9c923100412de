// SHA-256 and HMAC-SHA-256 against published test vectors: FIPS 180-2 appendix B and
// RFC 4231 (short key, and a key longer than the block).
#include "core/util/hash.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace breachkit {
namespace {

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesGiveTheDigestOfTheWhole) {
  std::string data;
  for (int i = 0; i < 100'000; ++i) data += static_cast<char>(i * 7);
  Sha256 h;
  for (size_t at = 0, step = 1; at < data.size(); at += step, step = step * 3 % 1000 + 1) {
    h.Update(std::string_view(data).substr(at, step));
  }
  EXPECT_EQ(h.HexDigest(), Sha256Hex(data));
  testing::ScopedTempDir dir;
  testing::WriteFile(dir.File("f"), data);
  EXPECT_EQ(*Sha256File(dir.File("f")), Sha256Hex(data));
  EXPECT_FALSE(Sha256File(dir.File("missing")));
}

TEST(HmacSha256, Rfc4231Vectors) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // One key, many values: each value's digest is its own, whatever came before.
  HmacSha256 hmac("Jefe");
  EXPECT_EQ(hmac.Hex("other value"), HmacSha256Hex("Jefe", "other value"));
  EXPECT_EQ(hmac.Hex("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac.Hex(""), "923598ca6d64af2a5dba79dcd021a8a0fe5c5f557519adaaf0ad532d4506dd30");
}

}  // namespace
}  // namespace breachkit
