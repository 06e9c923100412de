// Validates an XML text against an XSD with libxml2 (no network, no external entities) and
// returns the parsed document's errors as "file:line: field /path: message" lines. A valid
// document is then read with pugixml (doc/design.md, "Reading XML"); LineOf turns the offset
// of one of its nodes into the line an error names.
#ifndef BREACHKIT_CORE_UTIL_XML_VALIDATE_H_
#define BREACHKIT_CORE_UTIL_XML_VALIDATE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace breachkit {

/// kInvalidInput with every error found, or Ok.
Status ValidateXml(std::string_view xml, std::string_view xsd, std::string_view file_name);

/// The same check without building the document, in bounded memory (SAX through the
/// validator): for large texts. Its errors name lines, not element paths.
Status ValidateXmlStream(std::string_view xml, std::string_view xsd, std::string_view file_name);

/// The same check of a file, read as it is validated (a 1 GB export in a few MB).
Status ValidateXmlFile(const std::string& path, std::string_view xsd, std::string_view file_name);

/// The line (from 1) of byte `offset` of `xml`, e.g. a pugixml node's offset_debug(); 0 when
/// the offset is unknown (negative).
int LineOf(std::string_view xml, ptrdiff_t offset);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_XML_VALIDATE_H_
