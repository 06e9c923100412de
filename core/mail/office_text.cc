#include "core/mail/office_text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         g_ascii_strncasecmp(s.data() + s.size() - suffix.size(), suffix.data(), suffix.size()) == 0;
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
    case OfficeFormat::kPptx:
      return starts("ppt/slides/slide") && EndsWith(name, ".xml");
    case OfficeFormat::kOpenDocument:
      return name == "content.xml";
    case OfficeFormat::kNone:
      return false;
  }
  return false;
}

bool LocalNameIn(const xmlNode* n, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0) return true;
  }
  return false;
}

void CollectXmlText(const xmlNode* node, std::string* out, int depth) {
  if (depth > 256) return;
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out->append(reinterpret_cast<const char*>(n->content));
    } else if (n->type == XML_ELEMENT_NODE) {
      if (LocalNameIn(n, {"tab", "s"})) out->push_back(' ');
      if (LocalNameIn(n, {"br", "cr", "line-break"})) out->push_back('\n');
      // Skip formulas and instructions: not text a person reads.
      if (LocalNameIn(n, {"f", "instrText"})) continue;
      CollectXmlText(n->children, out, depth + 1);
      if (LocalNameIn(n, {"p", "h", "tr", "row", "si", "table-row"})) {
        out->push_back('\n');
      } else if (LocalNameIn(n, {"c", "tc", "table-cell"})) {
        out->push_back(' ');
      }
    }
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
  if (content_type.starts_with("application/vnd.oasis.opendocument.") || EndsWith(filename, ".odt") ||
      EndsWith(filename, ".ods") || EndsWith(filename, ".odp"))
    return OfficeFormat::kOpenDocument;
  return OfficeFormat::kNone;
}

Result<OfficeText> ExtractOfficeText(std::string_view zip_bytes, OfficeFormat format,
                                     uint64_t max_uncompressed) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return Fail(ErrorCode::kInvalidInput, "not a zip archive");
  }
  DeletableUniquePtr<zip_t, zip_discard> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    std::string why = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return Fail(ErrorCode::kInvalidInput, "not a readable zip archive: {}", why);
  }
  zip_error_fini(&error);

  OfficeText result;
  uint64_t budget = max_uncompressed;
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  std::vector<std::pair<std::string, zip_uint64_t>> wanted;
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (name && WantedEntry(format, name)) wanted.emplace_back(name, static_cast<zip_uint64_t>(i));
  }
  // Natural order: sheet2 before sheet10, document before headers.
  std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  for (const auto& [name, index] : wanted) {
    DeletableUniquePtr<zip_file_t, zip_fclose> file(zip_fopen_index(archive.get(), index, 0));
    if (!file) continue;
    std::string xml;
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_fread(file.get(), buf, sizeof buf)) > 0) {
      if (static_cast<uint64_t>(n) > budget) {
        xml.append(buf, static_cast<size_t>(budget));
        budget = 0;
        result.truncated = true;
        break;
      }
      xml.append(buf, static_cast<size_t>(n));
      budget -= static_cast<uint64_t>(n);
    }
    if (xml.size() > static_cast<size_t>(INT_MAX)) xml.resize(INT_MAX);
    DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
        xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER));
    if (doc) CollectXmlText(xmlDocGetRootElement(doc.get()), &result.text, 0);
    if (budget == 0) break;
  }
  return result;
}

}  // namespace breachkit
