// Renders a Document as PDF with cairo + pango (the only file that includes them; why not
// libharu: doc/design.md). A4, margins, DejaVu Sans embedded as a true subset, any
// script shaped by pango (é, ł, ễ, Arabic, Greek), headings, wrapped and justified
// paragraphs, key/value blocks, tables that break across pages with their header repeated,
// bullet lists, visible "À compléter" boxes, a page header and a "page N / M" footer, and the
// PDF metadata. The same Document and options give the same bytes: the creation date comes
// from the options (a date of the record), never from the clock. The PDF comes
// back in memory, for the caller to write.
#ifndef BREACHKIT_REPORTS_PDF_WRITER_H_
#define BREACHKIT_REPORTS_PDF_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "reports/document.h"

namespace breachkit {

struct PdfOptions {
  std::string font_family = "DejaVu Sans";
  double font_size = 9.5;           // points
  int64_t creation_date = 0;        // written as the PDF's creation and modification date (UTC)
  std::string page_label = "page";  // "page N / M"
};

struct RenderedPdf {
  std::string bytes;  // the PDF file
  int pages = 0;
};

/// `doc` as a PDF file.
Result<RenderedPdf> RenderPdf(const Document& doc, const PdfOptions& options);

/// Several documents in one file, each starting on a new page with its own "page N / M"
/// (a batch of letters for printing); the file's metadata are the first document's.
Result<RenderedPdf> RenderPdfs(const std::vector<Document>& docs, const PdfOptions& options);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_PDF_WRITER_H_
