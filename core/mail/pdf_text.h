// The text of PDF attachments (a CV, a payslip, a certificate): what a person reads of each
// page, pages in order, read in memory with poppler's C++ API (the reader behind pdftotext),
// bounded by a number of pages and a number of bytes of text. A PDF that needs a password, or
// that poppler cannot load, is an error with the reason, never a crash; poppler's own messages
// never reach stderr. The caller owns the bytes; nothing is kept after the call.
#ifndef BREACHKIT_CORE_MAIL_PDF_TEXT_H_
#define BREACHKIT_CORE_MAIL_PDF_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace breachkit {

/// A PDF by its content type (application/pdf, application/x-pdf), or by a `.pdf` file name
/// when the type says nothing (application/octet-stream and its kin, or no type).
bool IsPdf(std::string_view content_type, std::string_view filename);

struct PdfText {
  std::string text;         // valid UTF-8, pages in order, a blank line between two pages
  int pages = 0;            // pages the document has
  int pages_read = 0;       // pages whose whole text is in `text`
  bool truncated = false;   // a limit was reached: `why` says which, and what was read
  bool text_limit = false;  // the limit reached was the one on bytes of text
  std::string why;
};

/// Pages read from one PDF at most: a CV or a payslip has a few, a long report hundreds.
inline constexpr int kMaxPdfPages = 500;
/// Bytes of text taken from one PDF at most.
inline constexpr uint64_t kMaxPdfTextBytes = 64ull << 20;

/// Keeps poppler's settings (its font and encoding tables) made once for the process, by an
/// empty document that is never freed: poppler makes them again for every document when none
/// is open. Whether that document was read whole, its page included, without a word from
/// poppler. Idempotent and thread-safe; ExtractPdfText calls it. May throw std::bad_alloc.
bool KeepPopplerSettings();

/// The text of `pdf_bytes`. Reading stops at `max_pages` pages or `max_text_bytes` bytes of
/// text (a page cut there is cut between two characters), with `truncated` and `why` set.
/// An error when there is no text to read at all: "encrypted PDF: not read" (it needs a
/// password), "not a readable PDF: Couldn't read xref table" (poppler's last word on it).
Result<PdfText> ExtractPdfText(std::string_view pdf_bytes,
                               uint64_t max_text_bytes = kMaxPdfTextBytes,
                               int max_pages = kMaxPdfPages);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_PDF_TEXT_H_
