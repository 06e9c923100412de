#include "core/mail/mbox_reader.h"

#include <cstdio>

#include <gtest/gtest.h>

namespace breachkit {
namespace {

std::vector<MboxMessage> ReadAll(std::string_view text) {
  MboxReader r = MboxReader::FromText(text);
  std::vector<MboxMessage> out;
  MboxMessage m;
  while (r.Next(&m)) out.push_back(m);
  EXPECT_TRUE(r.status());
  return out;
}

constexpr char kMbox[] =
    "From alice@example.com Fri Sep 12 09:30:00 2025\n"
    "From: alice@example.com\n"
    "\n"
    "Hello\n"
    ">From the start\n"
    ">>From quoted twice\n"
    "\n"
    "From bob@example.com Fri Sep 12 10:00:00 2025\n"
    "From: bob@example.com\n"
    "\n"
    "Second\n"
    "\n";

TEST(MboxReader, BareCrLineEndsSplitLikeLf) {
  std::string cr = kMbox;
  for (char& c : cr) c = c == '\n' ? '\r' : c;
  const auto lf = ReadAll(kMbox);
  const auto msgs = ReadAll(cr);
  ASSERT_EQ(msgs.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    std::string content = msgs[i].content;
    for (char& c : content) c = c == '\r' ? '\n' : c;
    EXPECT_EQ(content, lf[i].content);
    EXPECT_EQ(msgs[i].offset, lf[i].offset);
    EXPECT_EQ(msgs[i].length, lf[i].length);
    EXPECT_EQ(msgs[i].from_line, lf[i].from_line);
    EXPECT_FALSE(msgs[i].truncated);
  }
}

TEST(MboxReader, SpansAddUpToTheWholeFile) {
  const auto msgs = ReadAll(kMbox);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].offset, 0u);
  EXPECT_EQ(msgs[1].offset, msgs[0].length);
  EXPECT_EQ(msgs[0].length + msgs[1].length, std::string_view(kMbox).size());
  EXPECT_EQ(msgs[0].from_line, "From alice@example.com Fri Sep 12 09:30:00 2025");
}

TEST(MboxReader, ContentIsUnescapedWithoutFromLineOrSeparator) {
  const auto msgs = ReadAll(kMbox);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].content,
            "From: alice@example.com\n\nHello\nFrom the start\n>From quoted twice\n");
  EXPECT_EQ(msgs[1].content, "From: bob@example.com\n\nSecond\n");
  EXPECT_FALSE(msgs[1].truncated);
}

TEST(MboxReader, CrlfSeparatorsAndAByteOrderMark) {
  const std::string text =
      "\xEF\xBB\xBF"
      "From a\r\nSubject: one\r\n\r\nx\r\n\r\nFrom b\r\nSubject: two\r\n\r\ny\r\n";
  const auto msgs = ReadAll(text);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].content, "Subject: one\r\n\r\nx\r\n");
  EXPECT_EQ(msgs[0].length + msgs[1].length, text.size());
}

TEST(MboxReader, AFileEndingInsideAMessageIsTruncated) {
  const auto msgs = ReadAll("From a\nSubject: one\n\nno final line end");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_TRUE(msgs[0].truncated);
  EXPECT_EQ(msgs[0].content, "Subject: one\n\nno final line end");
}

TEST(MboxReader, StreamsFromAFileWithTheSameResult) {
  // Larger than one read block, so lines cross block boundaries.
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "From sender" + std::to_string(i) + " Mon Jan  1 00:00:00 2024\n";
    text += "Subject: message " + std::to_string(i) + "\n\n" + std::string(500, 'x') + "\n\n";
  }
  FILE* f = fmemopen(text.data(), text.size(), "rb");
  ASSERT_NE(f, nullptr);
  MboxReader streamed(f, "mem");
  const auto expected = ReadAll(text);
  MboxMessage m;
  size_t n = 0;
  uint64_t total = 0;
  while (streamed.Next(&m)) {
    ASSERT_LT(n, expected.size());
    EXPECT_EQ(m.offset, expected[n].offset);
    EXPECT_EQ(m.content, expected[n].content);
    total += m.length;
    ++n;
  }
  std::fclose(f);
  EXPECT_EQ(n, 3000u);
  EXPECT_EQ(total, text.size());
}

TEST(MboxReader, EmptyInputHasNoMessage) { EXPECT_TRUE(ReadAll("").empty()); }

TEST(MboxReader, RecognisesAnMbox) {
  EXPECT_TRUE(LooksLikeMbox("From x@y Mon Jan 1"));
  EXPECT_TRUE(
      LooksLikeMbox("\xEF\xBB\xBF"
                    "From -"));
  EXPECT_FALSE(LooksLikeMbox("From: x@y"));
  EXPECT_FALSE(LooksLikeMbox("Received: from"));
}

}  // namespace
}  // namespace breachkit
