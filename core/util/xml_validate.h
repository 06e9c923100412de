// Validates an XML text against an XSD with libxml2 (no network, no external entities) and
// returns the parsed document's errors as "file:line: field /path: message" lines.
#ifndef BREACHKIT_CORE_UTIL_XML_VALIDATE_H_
#define BREACHKIT_CORE_UTIL_XML_VALIDATE_H_

#include <string_view>

#include "core/util/result.h"

namespace breachkit {

/// kInvalidInput with every error found, or Ok.
Status ValidateXml(std::string_view xml, std::string_view xsd, std::string_view file_name);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_XML_VALIDATE_H_
