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
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "reports/document.h"

using cairo_surface_t = struct _cairo_surface;  // cairo.h
using cairo_t = struct _cairo;

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

class Renderer;  // pdf_writer.cc

/// A PDF file drawn document after document, its bytes handed to `sink` as cairo makes them: a
/// merged PDF of 50,000 letters is never in memory whole. Each document starts on a new page,
/// with its own "page N / M"; the file's metadata are `meta`'s. One thread at a time.
class PdfStream {
 public:
  /// Takes the next bytes; false stops the writing (Finish then fails).
  using Sink = std::function<bool(std::string_view)>;
  PdfStream(const Document& meta, const PdfOptions& options, Sink sink);
  ~PdfStream();
  PdfStream(const PdfStream&) = delete;
  PdfStream& operator=(const PdfStream&) = delete;
  void Add(const Document& doc);
  /// Ends the file (its last bytes go to the sink): the number of pages, or why it failed.
  Result<int> Finish();

 private:
  PdfOptions options_;
  Sink sink_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  std::unique_ptr<Renderer> renderer_;
  int pages_ = 0;
};

/// Loads fontconfig's configuration and `options.font_family` in the calling thread, and
/// returns the family fontconfig gives for it (another one when the font is missing). Called
/// once before several threads draw: each thread has its own Pango font map, and their first
/// fonts are then looked up in a configuration already loaded, not loaded by two at once.
std::string PrepareFonts(const PdfOptions& options);

/// `doc` as a PDF file.
Result<RenderedPdf> RenderPdf(const Document& doc, const PdfOptions& options);

/// Several documents in one file, each starting on a new page with its own "page N / M"
/// (a batch of letters for printing); the file's metadata are the first document's.
Result<RenderedPdf> RenderPdfs(const std::vector<Document>& docs, const PdfOptions& options);

}  // namespace breachkit

#endif  // BREACHKIT_REPORTS_PDF_WRITER_H_
