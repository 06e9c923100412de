// The text of office attachments (DOCX, XLSX, ODT/ODS/ODP): a zip of XML parts, read
// with libzip in memory and pugixml (no DTD, so no entity expansion), with bounded
// extraction (a zip bomb stops at the limit and says so).
#ifndef BREACHKIT_CORE_MAIL_OFFICE_TEXT_H_
#define BREACHKIT_CORE_MAIL_OFFICE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

enum class OfficeFormat { kNone, kDocx, kXlsx, kPptx, kOpenDocument };

/// From the content type, else the file name's extension.
OfficeFormat OfficeFormatOf(std::string_view content_type, std::string_view filename);

struct OfficeText {
  std::string text;        // UTF-8, paragraphs on their own lines
  bool truncated = false;  // the extraction limit was reached
  // Parts read only in part, each "part name: why" (malformed XML, nesting too deep): the
  // text before the point where reading stopped is in `text`, the rest is not.
  std::vector<std::string> partly_read;
};

/// The limit on bytes uncompressed from one attachment.
inline constexpr uint64_t kMaxOfficeUncompressed = 64ull << 20;

Result<OfficeText> ExtractOfficeText(std::string_view zip_bytes, OfficeFormat format,
                                     uint64_t max_uncompressed = kMaxOfficeUncompressed);

/// Appends the text of one XML part (paragraphs on their own lines) to `out`: what
/// ExtractOfficeText does with each part it reads. Returns why reading stopped before the
/// part's end ("malformed XML at byte 812: ...", "elements nested deeper than 256 levels"),
/// or an empty string when the whole part was read. Public for the fuzzer.
std::string AppendOfficeXmlText(std::string xml, std::string* out);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_OFFICE_TEXT_H_
