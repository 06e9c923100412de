#include "core/mail/pdf_text.h"

#include <algorithm>
#include <array>
#include <climits>
#include <exception>
#include <memory>
#include <mutex>
#include <new>

#include <fmt/core.h>
#include <glib.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "core/mail/charset.h"

namespace breachkit {
namespace {

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && g_ascii_strncasecmp(s.data() + s.size() - suffix.size(),
                                                          suffix.data(), suffix.size()) == 0;
}

// The last message poppler reported while this thread loads a document (what made it give
// up), for the reason of an error; null when no load is under way on this thread (the
// message is then dropped).
thread_local std::string* last_poppler_message = nullptr;

// Poppler writes its errors to stderr unless told otherwise: they come here instead, so that
// breachkit's output stays its own. Called on the thread that reads the document.
void KeepLastMessage(const std::string& message, void* /*closure*/) {
  if (last_poppler_message != nullptr) *last_poppler_message = message;
}

// The smallest whole PDF: one empty page, its cross-reference table's offsets exact.
constexpr char kEmptyPdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n"
    "xref\n0 4\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000058 00000 n \n"
    "0000000115 00000 n \n"
    "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";
// Poppler repairs a wrong offset in silence (a wrong startxref, an offset on the line break
// before an object): the offsets are checked here instead.
static_assert(std::string_view(kEmptyPdf).find("1 0 obj") == 9);
static_assert(std::string_view(kEmptyPdf).find("2 0 obj") == 58);
static_assert(std::string_view(kEmptyPdf).find("3 0 obj") == 115);
static_assert(std::string_view(kEmptyPdf).find("xref") == 184);

// Sets last_poppler_message for the scope of one extraction.
class MessageCapture {
 public:
  MessageCapture() { last_poppler_message = &message_; }
  ~MessageCapture() { last_poppler_message = nullptr; }
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;

  // Whether poppler said anything.
  bool said() const { return !message_.empty(); }

  // Poppler's "error (812): Couldn't read xref table" as "Couldn't read xref table (byte
  // 812)"; "poppler could not load it" when it said nothing.
  std::string Reason() const {
    std::string_view m = message_;
    if (m.empty()) return "poppler could not load it";
    if (m.starts_with("error: ")) return ValidUtf8(m.substr(7));
    if (m.starts_with("error (")) {
      const size_t close = m.find("): ");
      if (close != std::string_view::npos) {
        return fmt::format("{} (byte {})", ValidUtf8(m.substr(close + 3)), m.substr(7, close - 7));
      }
    }
    return ValidUtf8(m);
  }

 private:
  std::string message_;
};

// The length of the longest prefix of `s` of at most `max` bytes that does not end inside a
// UTF-8 character (`s` is valid UTF-8).
size_t CharBoundaryAtMost(std::string_view s, size_t max) {
  if (max >= s.size()) return s.size();
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

// A page's text as poppler gives it, valid UTF-8, its trailing blank lines and form feeds
// dropped (the blank line between pages is ours).
std::string PageText(const poppler::page& page) {
  const poppler::byte_array utf8 =
      page.text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
  std::string text = ValidUtf8(std::string_view(utf8.data(), utf8.size()));
  std::replace(text.begin(), text.end(), '\f', '\n');
  while (!text.empty() && g_ascii_isspace(text.back())) text.pop_back();
  return text;
}

Result<PdfText> Extract(std::string_view pdf_bytes, uint64_t max_text_bytes, int max_pages,
                        const MessageCapture& capture) {
  if (pdf_bytes.empty()) return Fail(ErrorCode::kInvalidInput, "not a readable PDF: empty");
  if (pdf_bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Fail(ErrorCode::kInvalidInput, "not a readable PDF: {} bytes, too large",
                pdf_bytes.size());
  }
  // load_from_raw_data reads the bytes in place (no copy): they outlive the document.
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
  if (!doc) {
    return Fail(ErrorCode::kInvalidInput, "not a readable PDF: {}", capture.Reason());
  }
  // Locked: a password is needed to open it (a PDF encrypted with an owner password only
  // opens without one, as in any reader, and is read).
  if (doc->is_locked()) return Fail(ErrorCode::kInvalidInput, "encrypted PDF: not read");

  PdfText result;
  result.pages = std::max(doc->pages(), 0);
  const int to_read = std::min(result.pages, max_pages);
  for (int i = 0; i < to_read; ++i) {
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    const std::string text = page ? PageText(*page) : std::string();
    if (!text.empty()) {
      const std::string_view separator = result.text.empty() ? "" : "\n\n";
      const size_t room =
          max_text_bytes > result.text.size() ? max_text_bytes - result.text.size() : 0;
      if (separator.size() + text.size() > room) {
        if (room > separator.size()) {
          result.text += separator;
          result.text.append(text, 0, CharBoundaryAtMost(text, room - separator.size()));
        }
        result.truncated = true;
        result.text_limit = true;
        result.why = fmt::format(
            "text limit of {} bytes reached in page {} of {}: {} page{} read whole, the rest "
            "not read",
            max_text_bytes, i + 1, result.pages, result.pages_read,
            result.pages_read == 1 ? "" : "s");
        return result;
      }
      result.text += separator;
      result.text += text;
    }
    ++result.pages_read;
  }
  if (result.pages > to_read) {
    result.truncated = true;
    result.why = fmt::format("page limit reached: {} of {} pages read, the rest not read",
                             result.pages_read, result.pages);
  }
  return result;
}

}  // namespace

// Poppler's settings (its GlobalParams: the font and encoding tables it looks for on disk)
// live while at least one document does, and are made again for the next one otherwise: on
// the benchmark's ordinary mailbox (a PDF in one message of 36) that was 6 % of one core's
// ingestion time. One empty document, kept for the life of the process, keeps them made once.
bool KeepPopplerSettings() {
  // Never freed, and reachable from here: the settings outlive every extraction.
  static const poppler::document* kept = [] {
    poppler::set_debug_error_function(&KeepLastMessage, nullptr);
    const MessageCapture capture;
    poppler::document* doc =
        poppler::document::load_from_raw_data(kEmptyPdf, sizeof(kEmptyPdf) - 1);
    // Its page read too (poppler fetches the page's object only then), and nothing said.
    const bool whole = doc != nullptr && doc->pages() == 1 &&
                       std::unique_ptr<poppler::page>(doc->create_page(0)) != nullptr &&
                       !capture.said();
    if (!whole) {
      delete doc;
      doc = nullptr;
    }
    return doc;
  }();
  return kept != nullptr;
}

bool IsPdf(std::string_view content_type, std::string_view filename) {
  if (content_type == "application/pdf" || content_type == "application/x-pdf") return true;
  static constexpr std::array<std::string_view, 7> kGenericTypes = {"",
                                                                    "application/octet-stream",
                                                                    "application/x-download",
                                                                    "application/download",
                                                                    "application/force-download",
                                                                    "application/binary",
                                                                    "binary/octet-stream"};
  return std::find(kGenericTypes.begin(), kGenericTypes.end(), content_type) !=
             kGenericTypes.end() &&
         EndsWithNoCase(filename, ".pdf");
}

Result<PdfText> ExtractPdfText(std::string_view pdf_bytes, uint64_t max_text_bytes, int max_pages) {
  // poppler's C++ API reports errors by return values; an allocation that fails inside it
  // throws, and no exception leaves this module.
  try {
    KeepPopplerSettings();
    const MessageCapture capture;
    return Extract(pdf_bytes, max_text_bytes, max_pages, capture);
  } catch (const std::bad_alloc&) {
    return Fail(ErrorCode::kInvalidInput, "not a readable PDF: out of memory while reading it");
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidInput, "not a readable PDF: {}", ValidUtf8(e.what()));
  }
}

}  // namespace breachkit
