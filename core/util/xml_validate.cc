#include "core/util/xml_validate.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// xmlFree is a function pointer variable, not a function: wrap it for DeletableUniquePtr.
void FreeXmlChar(xmlChar* p) { xmlFree(p); }

struct ErrorSink {
  std::vector<std::string> messages;
  std::string file_name;
};

void CollectError(void* user, xmlError* error) {
  auto* sink = static_cast<ErrorSink*>(user);
  if (!error || error->level == XML_ERR_WARNING) return;
  std::string text = error->message ? error->message : "unknown error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string field;
  if (error->node) {
    DeletableUniquePtr<xmlChar, FreeXmlChar> path(
        xmlGetNodePath(static_cast<xmlNode*>(error->node)));
    if (path) field = reinterpret_cast<const char*>(path.get());
  }
  sink->messages.push_back(
      field.empty()
          ? fmt::format("{}:{}: {}", sink->file_name, error->line, text)
          : fmt::format("{}:{}: field {}: {}", sink->file_name, error->line, field, text));
}

// libxml2's structured error handler is per thread; installed for one call.
class ScopedErrorHandler {
 public:
  explicit ScopedErrorHandler(ErrorSink* sink) {
    xmlSetStructuredErrorFunc(sink, reinterpret_cast<xmlStructuredErrorFunc>(&CollectError));
  }
  ~ScopedErrorHandler() { xmlSetStructuredErrorFunc(nullptr, nullptr); }
  ScopedErrorHandler(const ScopedErrorHandler&) = delete;
  ScopedErrorHandler& operator=(const ScopedErrorHandler&) = delete;
};

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

Status ValidateXml(std::string_view xml, std::string_view xsd, std::string_view file_name) {
  ErrorSink sink{{}, std::string(file_name)};
  ScopedErrorHandler handler(&sink);
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), std::string(file_name).c_str(),
                    nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    if (sink.messages.empty()) sink.messages.push_back(fmt::format("{}: not XML", file_name));
    return Fail(ErrorCode::kInvalidInput, "{}", Join(sink.messages));
  }
  DeletableUniquePtr<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt> parser(
      xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size())));
  DeletableUniquePtr<xmlSchema, xmlSchemaFree> schema(xmlSchemaParse(parser.get()));
  if (!schema) return Fail(ErrorCode::kInternal, "an embedded XSD does not compile");
  DeletableUniquePtr<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt> validator(
      xmlSchemaNewValidCtxt(schema.get()));
  xmlSchemaSetValidStructuredErrors(validator.get(),
                                    reinterpret_cast<xmlStructuredErrorFunc>(&CollectError), &sink);
  if (xmlSchemaValidateDoc(validator.get(), doc.get()) != 0) {
    if (sink.messages.empty()) sink.messages.push_back(fmt::format("{}: invalid", file_name));
    return Fail(ErrorCode::kInvalidInput, "{}", Join(sink.messages));
  }
  return Ok();
}

namespace {

// Validates what `input` reads (the validation frees it), in bounded memory.
Status ValidateInput(xmlParserInputBufferPtr input, std::string_view xsd,
                     std::string_view file_name) {
  if (!input) return Fail(ErrorCode::kInternal, "{}: cannot read for validation", file_name);
  ErrorSink sink{{}, std::string(file_name)};
  ScopedErrorHandler handler(&sink);
  DeletableUniquePtr<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt> parser(
      xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size())));
  DeletableUniquePtr<xmlSchema, xmlSchemaFree> schema(xmlSchemaParse(parser.get()));
  if (!schema) {
    xmlFreeParserInputBuffer(input);
    return Fail(ErrorCode::kInternal, "an embedded XSD does not compile");
  }
  DeletableUniquePtr<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt> validator(
      xmlSchemaNewValidCtxt(schema.get()));
  xmlSchemaSetValidStructuredErrors(validator.get(),
                                    reinterpret_cast<xmlStructuredErrorFunc>(&CollectError), &sink);
  if (xmlSchemaValidateStream(validator.get(), input, XML_CHAR_ENCODING_NONE, nullptr, nullptr) !=
      0) {
    if (sink.messages.empty()) sink.messages.push_back(fmt::format("{}: invalid", file_name));
    return Fail(ErrorCode::kInvalidInput, "{}", Join(sink.messages));
  }
  return Ok();
}

}  // namespace

Status ValidateXmlStream(std::string_view xml, std::string_view xsd, std::string_view file_name) {
  if (xml.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Fail(ErrorCode::kInvalidInput, "{}: larger than libxml2 reads at once", file_name);
  }
  // The input buffer is handed to (and freed by) the validation. A copy: over a static
  // buffer, libxml2 read the text again from its start after the encoding declaration.
  return ValidateInput(xmlParserInputBufferCreateMem(xml.data(), static_cast<int>(xml.size()),
                                                     XML_CHAR_ENCODING_NONE),
                       xsd, file_name);
}

Status ValidateXmlFile(const std::string& path, std::string_view xsd, std::string_view file_name) {
  return ValidateInput(xmlParserInputBufferCreateFilename(path.c_str(), XML_CHAR_ENCODING_NONE),
                       xsd, file_name);
}

int LineOf(std::string_view xml, ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end = xml.begin() + std::min<ptrdiff_t>(offset, static_cast<ptrdiff_t>(xml.size()));
  return 1 + static_cast<int>(std::count(xml.begin(), end, '\n'));
}

}  // namespace breachkit
