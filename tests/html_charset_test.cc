#include <gtest/gtest.h>

#include "core/mail/charset.h"
#include "core/mail/html_text.h"

namespace breachkit {
namespace {

TEST(Charset, Windows1252MapsEveryByte) {
  EXPECT_EQ(Windows1252ToUtf8("\x80\x9C\xE9\x81"), "€œé\u0081");
}

TEST(Charset, ValidUtf8ReplacesOnlyTheBadBytes) {
  EXPECT_EQ(ValidUtf8("ok\xFFok"), "ok\uFFFDok");
  EXPECT_EQ(ValidUtf8("déjà"), "déjà");
}

TEST(Charset, DeclaredCharsetIsUsedWhenItFits) {
  auto d = DecodeToUtf8("\xE9t\xE9", "ISO-8859-1");
  EXPECT_EQ(d.text, "été");
  EXPECT_FALSE(d.fallback);
  auto k = DecodeToUtf8("\xD0\xD2\xC9\xD7\xC5\xD4", "koi8-r");
  EXPECT_EQ(k.text, "привет");
}

TEST(HtmlText, BlocksBecomeLinesEntitiesAreDecoded) {
  EXPECT_EQ(HtmlToText("<p>a &amp; b</p><p>c<br>d</p>"), "a & b\nc\nd");
  EXPECT_EQ(HtmlToText("<table><tr><td>x</td><td>y</td></tr></table>"), "x y");
  EXPECT_EQ(HtmlToText("<!-- secret --><span>vu</span>"), "vu");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlText, BlockquotesAreQuotedLikeATextReply) {
  EXPECT_EQ(HtmlToText("<p>Merci</p><blockquote><p>Mon numéro</p><blockquote>plus ancien"
                       "</blockquote></blockquote><p>fin</p>"),
            "Merci\n> Mon numéro\n> > plus ancien\nfin");
}

TEST(HtmlText, UnclosedAndBrokenMarkupStillGivesText) {
  EXPECT_EQ(HtmlToText("<div><p>open <b>bold"), "open bold");
  EXPECT_EQ(HtmlToText("plain text, no tags"), "plain text, no tags");
}

std::string Nested(int depth, const std::string& inner) {
  std::string html = "<p>before</p><style>p{}</style>";
  for (int i = 0; i < depth; ++i) html += "<div><span>";
  html += inner;
  for (int i = 0; i < depth; ++i) html += "</span></div>";
  return html + "<p>after &amp; &#233;t&eacute;</p>";
}

TEST(HtmlText, HtmlNestedPastLibxml2sLimitKeepsItsTextAndSaysSo) {
  bool too_deep = true;
  EXPECT_EQ(HtmlToText(Nested(100, "deep text"), &too_deep), "before\ndeep text\nafter & été");
  EXPECT_FALSE(too_deep);
  for (int depth : {200, 255, 1000}) {  // two elements a level
    const std::string text = HtmlToText(Nested(depth, "deep <b>text</b>"), &too_deep);
    EXPECT_TRUE(too_deep) << depth;
    EXPECT_EQ(text, "before\ndeep text\nafter & été") << depth;
  }
}

}  // namespace
}  // namespace breachkit
