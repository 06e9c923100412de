#include "core/mail/office_text.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <pugixml.hpp>

#include "core/mail/office_zip.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && g_ascii_strncasecmp(s.data() + s.size() - suffix.size(),
                                                          suffix.data(), suffix.size()) == 0;
}

bool WantedEntry(OfficeFormat format, std::string_view name) {
  auto starts = [&](std::string_view p) { return name.starts_with(p); };
  switch (format) {
    case OfficeFormat::kDocx:
      return name == "word/document.xml" || name == "word/footnotes.xml" ||
             (starts("word/header") && EndsWith(name, ".xml")) ||
             (starts("word/footer") && EndsWith(name, ".xml"));
    case OfficeFormat::kXlsx:
      return name == "xl/sharedStrings.xml" ||
             (starts("xl/worksheets/sheet") && EndsWith(name, ".xml"));
    case OfficeFormat::kPptx: return starts("ppt/slides/slide") && EndsWith(name, ".xml");
    case OfficeFormat::kOpenDocument: return name == "content.xml";
    case OfficeFormat::kNone: return false;
  }
  return false;
}

// Elements are told apart by their local name: w:p (DOCX), p (XLSX) and text:p (ODF) are all
// paragraphs, whatever prefix the document binds to their namespace.
bool LocalNameIn(std::string_view local, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), local) != names.end();
}

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Elements nested deeper than this are not read, and the reading stops at the first one
// (the bound that libxml2, the reader before pugixml, applied: the text is the same).
constexpr int kMaxDepth = 256;

// Appends the text of element `e`, at `depth` below the root, to `out`: paragraphs, rows and
// line breaks as newlines, cells as tabs (a column's end: "69200" then "Allergie : gluten" in
// the next cell is no city), tabs as spaces. Returns false once an element deeper than
// kMaxDepth was met: everything after it in the document is left out.
bool CollectXmlText(const pugi::xml_node& e, std::string* out, int depth) {
  const std::string_view local = LocalName(e);
  if (LocalNameIn(local, {"tab", "s"})) out->push_back(' ');
  if (LocalNameIn(local, {"br", "cr", "line-break"})) out->push_back('\n');
  // Skip formulas and instructions: not text a person reads.
  if (LocalNameIn(local, {"f", "instrText"})) return true;
  bool complete = true;
  if (depth + 1 > kMaxDepth) {
    complete =
        !e.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
  } else {
    for (const pugi::xml_node& n : e.children()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        out->append(n.value());
      } else if (n.type() == pugi::node_element && !CollectXmlText(n, out, depth + 1)) {
        complete = false;
        break;
      }
    }
  }
  if (LocalNameIn(local, {"p", "h", "tr", "row", "si", "table-row"})) {
    out->push_back('\n');
  } else if (LocalNameIn(local, {"c", "tc", "table-cell"})) {
    out->push_back('\t');
  }
  return complete;
}

// A part cut by the extraction limit may end inside a character or a reference ("&am"):
// neither is text yet, so both are dropped (as libxml2, the reader before pugixml, did).
void DropUnfinishedEnd(std::string* xml) {
  size_t lead = xml->size();  // the start of the last character
  while (lead > 0 && xml->size() - lead < 3 &&
         (static_cast<unsigned char>((*xml)[lead - 1]) & 0xC0) == 0x80) {
    --lead;
  }
  if (lead > 0) {
    const auto first = static_cast<unsigned char>((*xml)[lead - 1]);
    const size_t length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    if (xml->size() - (lead - 1) < length) xml->resize(lead - 1);
  }
  const size_t amp = xml->rfind('&');
  if (amp != std::string::npos &&
      std::all_of(xml->begin() + static_cast<ptrdiff_t>(amp) + 1, xml->end(),
                  [](char c) { return c == '#' || g_ascii_isalnum(c); })) {
    xml->resize(amp);
  }
}

}  // namespace

OfficeFormat OfficeFormatOf(std::string_view content_type, std::string_view filename) {
  if (content_type.find("wordprocessingml.document") != std::string_view::npos ||
      EndsWith(filename, ".docx"))
    return OfficeFormat::kDocx;
  if (content_type.find("spreadsheetml.sheet") != std::string_view::npos ||
      EndsWith(filename, ".xlsx"))
    return OfficeFormat::kXlsx;
  if (content_type.find("presentationml.presentation") != std::string_view::npos ||
      EndsWith(filename, ".pptx"))
    return OfficeFormat::kPptx;
  if (content_type.starts_with("application/vnd.oasis.opendocument.") ||
      EndsWith(filename, ".odt") || EndsWith(filename, ".ods") || EndsWith(filename, ".odp"))
    return OfficeFormat::kOpenDocument;
  return OfficeFormat::kNone;
}

std::string AppendOfficeXmlText(std::string xml, std::string* out) {
  // A blank or empty part holds no text and loses none (read before pugixml writes into it).
  const bool blank = std::all_of(xml.begin(), xml.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  });
  // Parsed in place. pugixml takes the buffer's last byte for its terminator: the NUL we add
  // keeps the last character of a part cut by the limit. pugixml reads no DTD, so expands no
  // entity; the elements read before an error (or the cut) are kept. Blank text between
  // elements is kept, as a person sees it.
  xml.push_back('\0');
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  bool complete = true;
  if (const pugi::xml_node root = doc.document_element()) complete = CollectXmlText(root, out, 0);
  if (!parsed && !blank) {
    return fmt::format("malformed XML at byte {} ({}); the text before it is kept", parsed.offset,
                       parsed.description());
  }
  if (!complete) {
    return fmt::format("elements nested deeper than {} levels; the text before them is kept",
                       kMaxDepth);
  }
  return {};
}

Result<OfficeText> ExtractOfficeText(std::string_view zip_bytes, OfficeFormat format,
                                     uint64_t max_uncompressed) {
  auto zip = OfficeZip::Open(zip_bytes, max_uncompressed);
  if (!zip) return std::unexpected(std::move(zip.error()));

  OfficeText result;
  std::vector<std::pair<std::string, zip_uint64_t>> wanted;
  for (auto& entry : zip->Entries()) {
    if (WantedEntry(format, entry.first)) wanted.push_back(std::move(entry));
  }
  // Natural order: sheet2 before sheet10, document before headers.
  std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  for (const auto& [name, index] : wanted) {
    OfficeZip::Part part = zip->Read(index);
    if (!part.unreadable.empty() && part.bytes.empty()) continue;
    if (part.cut) {
      result.truncated = true;
      DropUnfinishedEnd(&part.bytes);
    }
    const bool cut = zip->budget_left() == 0;
    std::string why = AppendOfficeXmlText(std::move(part.bytes), &result.text);
    // A part cut by the limit ends in the middle of its XML: the limit's defect says so.
    if (!why.empty() && !cut) result.partly_read.push_back(fmt::format("{}: {}", name, why));
    if (cut) break;
  }
  return result;
}

}  // namespace breachkit
