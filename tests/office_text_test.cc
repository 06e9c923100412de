// The text of DOCX, XLSX and ODT attachments. The expected strings of well-formed parts (and
// of parts cut by the limit) are what the reader gave when it was built on libxml2: reading
// them with pugixml must not change a byte.
#include "core/mail/office_text.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/detect/detector.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::MakeZip;

constexpr char kWordNs[] =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

// A pretty-printed document as Word writes it, with what the reader must handle: runs, tabs,
// breaks, a field instruction (skipped), a table, escapes, CDATA, comments, CRLF lines.
std::string DocxDocument() {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n") +
         "<w:document " + kWordNs +
         ">\r\n  <w:body>\r\n"
         "    <w:p><w:r><w:t>Curriculum vit\xC3\xA6</w:t></w:r></w:p>\r\n"
         "    <w:p>\r\n      <w:r><w:t xml:space=\"preserve\">  Nom : </w:t></w:r>\r\n"
         "      <w:r><w:t>Zo\xC3\xAB &amp; Jean &lt;Dupont&gt; &#233;t&#xE9; "
         "&#x20AC;</w:t></w:r>\r\n"
         "    </w:p>\r\n"
         "    <w:p><w:r><w:t>T\xC3\xA9l.</w:t><w:tab/><w:t>+33 6 12 34 56 78</w:t><w:br/>"
         "<w:t>ligne</w:t><w:cr/><w:t>suite</w:t></w:r></w:p>\r\n"
         "    <w:p><w:r><w:instrText> HYPERLINK \"mailto:x@example.com\" </w:instrText></w:r>"
         "<w:r><w:t>x@example.com</w:t></w:r></w:p>\r\n"
         "    <!-- a comment --><?pi data?>\r\n"
         "    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>IBAN</w:t></w:r></w:p></w:tc>"
         "<w:tc><w:p><w:r><w:t><![CDATA[FR76 3000 <6000> 0112]]></w:t></w:r></w:p></w:tc></w:tr>"
         "<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>\r\n"
         "    <w:p><w:r><w:t>line\r\nbreak\rhere\ttab</w:t></w:r></w:p>\r\n"
         "  </w:body>\r\n</w:document>\r\n";
}

std::string DocxPart(const std::string& body) {
  return std::string("<?xml version=\"1.0\"?><w:hdr ") + kWordNs + "><w:p><w:r><w:t>" + body +
         "</w:t></w:r></w:p></w:hdr>";
}

// The text as the reader before pugixml gave it, but for the cells: each ends with a tab (a
// column's end, which the detectors do not cross), where it was a space.
TEST(OfficeText, DocxTextIsTheSameByteForByte) {
  const std::string docx = MakeZip({{"[Content_Types].xml", "<Types/>"},
                                    {"word/footer2.xml", DocxPart("footer two")},
                                    {"word/header10.xml", DocxPart("header ten")},
                                    {"word/document.xml", DocxDocument()},
                                    {"word/header2.xml", DocxPart("header two")},
                                    {"word/footnotes.xml", DocxPart("a footnote")},
                                    {"word/styles.xml", DocxPart("not text")}});
  auto text = ExtractOfficeText(docx, OfficeFormat::kDocx);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_FALSE(text->truncated);
  EXPECT_EQ(
      text->text,
      "footer two\nheader two\n\n  \n    Curriculum vit\xC3\xA6\n\n    \n        Nom : \n      "
      "Zo\xC3\xAB & Jean <Dupont> \xC3\xA9t\xC3\xA9 \xE2\x82\xAC\n    \n\n    T\xC3\xA9l. +33 6 12 "
      "34 "
      "56 78\nligne\nsuite\n\n    x@example.com\n\n    \n    IBAN\n\tFR76 3000 <6000> "
      "0112\n\t\n\n\t"
      "\n\n    line\nbreak\nhere\ttab\n\n  \nheader ten\na footnote\n");
}

TEST(OfficeText, XlsxTextIsTheSameByteForByte) {
  const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  const std::string shared =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst " + ns +
      " count=\"3\">\n"
      "  <si><t>Nom</t></si>\n  <si><t xml:space=\"preserve\"> Pr\xC3\xA9nom </t></si>\n"
      "  <si><r><rPr><b/></rPr><t>Rich</t></r><r><t> text &amp; more</t></r></si>\n</sst>\n";
  auto sheet = [&](const std::string& rows) {
    return "<?xml version=\"1.0\"?>\n<worksheet " + ns + "><sheetData>\n" + rows +
           "</sheetData></worksheet>";
  };
  const std::string xlsx =
      MakeZip({{"xl/workbook.xml", "<workbook/>"},
               {"xl/worksheets/sheet10.xml", sheet("<row r=\"1\"><c><v>10</v></c></row>\n")},
               {"xl/sharedStrings.xml", shared},
               {"xl/worksheets/sheet1.xml",
                sheet("  <row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
                      "t=\"s\"><v>1</v></c></row>\n"
                      "  <row r=\"2\"><c r=\"A2\"><f>SUM(B2:B9)</f><v>42</v></c>"
                      "<c r=\"B2\" t=\"inlineStr\"><is><t>0612345678</t></is></c></row>\n")},
               {"xl/worksheets/sheet2.xml", sheet("<row r=\"1\"><c><v>2</v></c></row>\n")}});
  auto text = ExtractOfficeText(xlsx, OfficeFormat::kXlsx);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text,
            "\n  Nom\n\n   Pr\xC3\xA9nom \n\n  Rich text & more\n\n\n  0\t1\t\n\n  "
            "42\t0612345678\t\n\n\n2\t"
            "\n\n\n10\t\n\n");
}

// A customer file's row: the postcode's cell, then a note's. The note is no city of the
// address (it was read as "69200 Allergie : gluten" and the health remark went unseen), and
// the allergy is a health remark of the row.
TEST(OfficeText, ACellEndsWhatTheDetectorsReadInIt) {
  const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  auto cell = [](const std::string& text) {
    return "<c t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
  };
  const std::string xlsx =
      MakeZip({{"xl/workbook.xml", "<workbook/>"},
               {"xl/worksheets/sheet1.xml",
                "<?xml version=\"1.0\"?><worksheet " + ns + "><sheetData><row r=\"1\">" +
                    cell("Luc Girard") + cell("12 rue des Lilas") + "<c><v>69200</v></c>" +
                    cell("Allergie : gluten") + "</row></sheetData></worksheet>"}});
  auto text = ExtractOfficeText(xlsx, OfficeFormat::kXlsx);
  ASSERT_TRUE(text) << text.error().message;
  std::vector<std::string> addresses, health;
  for (const Finding& f : DetectAll(text->text)) {
    if (f.category == DataCategory::kPostalAddress) addresses.push_back(f.value);
    if (f.category == DataCategory::kHealth) health.push_back(f.value);
  }
  for (const std::string& a : addresses) EXPECT_EQ(a.find("allergie"), std::string::npos) << a;
  EXPECT_EQ(health, std::vector<std::string>{"allergie"}) << text->text;
}

TEST(OfficeText, OdtTextIsTheSameByteForByte) {
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">\n"
      " <office:body>\n  <office:text>\n"
      "   <text:h text:outline-level=\"1\">Titre</text:h>\n"
      "   <text:p>Un<text:s/>deux<text:s text:c=\"3\"/>trois<text:tab/>quatre"
      "<text:line-break/>cinq <text:span>span</text:span></text:p>\n"
      "   <table:table><table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell>"
      "<table:table-cell><text:p>B1</text:p></table:table-cell></table:table-row></table:table>\n"
      "  </office:text>\n </office:body>\n</office:document-content>\n";
  const std::string odt = MakeZip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                   {"styles.xml", "<x>not text</x>"},
                                   {"content.xml", content}});
  auto text = ExtractOfficeText(odt, OfficeFormat::kOpenDocument);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(
      text->text,
      "\n \n  \n   Titre\n\n   Un deux trois quatre\ncinq span\n\n   A1\n\tB1\n\t\n\n  \n \n");
}

// A part cut by the extraction limit keeps the text read before the cut, its last character
// included; a character or a reference cut in the middle is dropped.
TEST(OfficeText, APartCutByTheLimitKeepsItsBeginning) {
  const std::string xml = std::string("<w:document ") + kWordNs +
                          "><w:body><w:p><w:r><w:t>first</w:t></w:r></w:p><w:p><w:r><w:t>"
                          "caf\xC3\xA9 &amp; th\xC3\xA9</w:t></w:r></w:p></w:body></w:document>";
  const std::string docx = MakeZip({{"word/document.xml", xml}});
  auto cut = [&](std::string_view after) -> std::string {
    auto text = ExtractOfficeText(docx, OfficeFormat::kDocx, xml.find(after) + after.size());
    EXPECT_TRUE(text && text->truncated);
    EXPECT_TRUE(text && text->partly_read.empty());  // the limit's own defect says it
    return text ? text->text : "";
  };
  EXPECT_EQ(cut("caf"), "first\ncaf\n");
  EXPECT_EQ(cut("caf\xC3"), "first\ncaf\n");
  EXPECT_EQ(cut("caf\xC3\xA9"), "first\ncaf\xC3\xA9\n");
  EXPECT_EQ(cut("caf\xC3\xA9 &am"), "first\ncaf\xC3\xA9 \n");
  EXPECT_EQ(cut("caf\xC3\xA9 &amp;"), "first\ncaf\xC3\xA9 &\n");
  EXPECT_EQ(cut("th\xC3\xA9"), "first\ncaf\xC3\xA9 & th\xC3\xA9\n");
}

// Nesting deeper than the reader's limit (256 levels below the root): the text of the
// deepest elements is dropped and the reading stops at the first element too deep.
TEST(OfficeText, NestingDeeperThanTheLimitStopsTheReading) {
  std::string open, close;
  for (int i = 0; i < 300; ++i) {
    open += "<w:p><w:t>" + std::to_string(i) + "</w:t>";
    close += "</w:p>";
  }
  const std::string xml = std::string("<w:document ") + kWordNs + ">" + open + close +
                          "<w:p><w:t>after</w:t></w:p></w:document>";
  auto text = ExtractOfficeText(MakeZip({{"word/document.xml", xml}}), OfficeFormat::kDocx);
  ASSERT_TRUE(text) << text.error().message;
  std::string expected;
  for (int i = 0; i < 254; ++i) expected += std::to_string(i);
  expected += std::string(256, '\n');  // the ends of paragraphs 0 to 255
  EXPECT_EQ(text->text, expected);
  ASSERT_EQ(text->partly_read.size(), 1u);  // and it says so
  EXPECT_EQ(text->partly_read[0],
            "word/document.xml: elements nested deeper than 256 levels; the text before them is "
            "kept");
}

// A malformed part keeps what was read before its first error (libxml2, the reader before,
// recovered more of it: no office program writes such a part); an entity declared in a DTD is
// not expanded (pugixml reads no DTD); the other parts are read as usual.
TEST(OfficeText, AMalformedPartKeepsTheTextBeforeItsFirstError) {
  const std::string docx = MakeZip(
      {{"word/document.xml", std::string("<w:document ") + kWordNs +
                                 "><w:p><w:t>open<w:t>nested</w:p><w:p>x</w:p></w:document>"},
       {"word/header1.xml", "<!DOCTYPE a [<!ENTITY big \"BIG\">]><a><p>x&big;y</p></a>"},
       {"word/header2.xml", "not xml at all"},
       {"word/footer1.xml", ""}});
  auto text = ExtractOfficeText(docx, OfficeFormat::kDocx);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "x&big;y\nopennested\n");
  // What was not read is said, part by part; the empty footer and the DTD lose nothing.
  // (Parts in their reading order: the shorter name first.)
  ASSERT_EQ(text->partly_read.size(), 2u);
  EXPECT_EQ(text->partly_read[0],
            "word/header2.xml: malformed XML at byte 14 (No document element found); the text "
            "before it is kept");
  EXPECT_EQ(text->partly_read[1],
            "word/document.xml: malformed XML at byte 110 (Start-end tags mismatch); the text "
            "before it is kept");
}

}  // namespace
}  // namespace breachkit
