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
      "From a@example.com\r\nSubject: one\r\n\r\nx\r\n\r\nFrom b@example.com\r\nSubject: "
      "two\r\n\r\ny\r\n";
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

// A body line that starts with "From " and that an mboxo writer did not escape stays in its
// message (it started a message that could not be parsed); the From_ lines of Thunderbird
// ("From -", "From - DATE"), Gmail ("From ID@xxx DATE") and a sender alone still split.
TEST(MboxReader, AnUnescapedFromInABodyIsNotASeparator) {
  const std::string text =
      "From - Mon Jan 01 00:00:00 2001\n"
      "From: Jeffrey <jeff@example.com>\n"
      "\n"
      "This is my favourite James Bond movie:\n"
      "\n"
      "From Russia with love\n"
      "Year: 1963\n"
      "\n"
      "From now on my number is 06 12 34 56 78.\n"
      "From 9 to 5 every day\n"
      "\n"
      "From 9:00 to 17:00 on 12 March 2024 the office is closed.\n"
      "\n"
      "From 2019 to 2021 (10:30 meetings) I worked there.\n"
      "\n"
      "From Paris at 10:30, arriving in 2025 sometime.\n"
      "\n"
      "From -\n"
      "From: b@example.com\n"
      "\n"
      "two\n"
      "\n"
      "From 1844347792267117879@xxx Wed Apr 03 10:11:12 +0000 2024\n"
      "From: c@example.com\n"
      "\n"
      "three\n"
      "\n"
      "From MAILER-DAEMON\n"
      "From: d@example.com\n"
      "\n"
      "four\n"
      "\n"
      "From jeff  Sat Jan  3 01:05:34 1996\n"
      "From: e@example.com\n"
      "\n"
      "five\n";
  const auto msgs = ReadAll(text);
  ASSERT_EQ(msgs.size(), 5u);
  EXPECT_NE(msgs[0].content.find("From Russia with love\nYear: 1963\n\nFrom now on my number"),
            std::string::npos)
      << msgs[0].content;
  EXPECT_NE(msgs[0].content.find("From 9 to 5 every day\n"), std::string::npos);
  EXPECT_NE(msgs[0].content.find("From 9:00 to 17:00 on 12 March 2024"), std::string::npos);
  EXPECT_NE(msgs[0].content.find("From 2019 to 2021"), std::string::npos);
  EXPECT_NE(msgs[0].content.find("From Paris at 10:30, arriving in 2025"), std::string::npos);
  EXPECT_EQ(msgs[1].from_line, "From -");
  EXPECT_EQ(msgs[1].content, "From: b@example.com\n\ntwo\n");
  EXPECT_EQ(msgs[2].content, "From: c@example.com\n\nthree\n");
  EXPECT_EQ(msgs[3].from_line, "From MAILER-DAEMON");
  EXPECT_EQ(msgs[4].content, "From: e@example.com\n\nfive\n");
  EXPECT_EQ(msgs[0].length + msgs[1].length + msgs[2].length + msgs[3].length + msgs[4].length,
            text.size());
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
