#include "reports/pdf_writer.h"

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/core.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "core/util/clock.h"
#include "core/util/french_numbers.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// A4 in points, and the margins.
constexpr double kPageWidth = 595.276, kPageHeight = 841.89;
constexpr double kMarginX = 56, kMarginTop = 64, kMarginBottom = 64;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
constexpr double kBlockGap = 6;

using Layout = GObjectPtr<PangoLayout>;

struct Style {
  double size;
  bool bold = false;
  bool italic = false;
  bool justify = false;
};

std::string Escape(const std::string& s) {
  return TakeGString(g_markup_escape_text(s.c_str(), -1));
}

// One thing to draw at a given height: a closure and its height (points).
struct Box {
  double height = 0;
  std::function<void(cairo_t*, double y)> draw;
  bool keep_with_next = false;  // headings stay with what follows
};

// A thread's Pango context and the layouts it made (Renderer::Make).
struct LayoutCache {
  GObjectPtr<PangoContext> context;
  struct Entry {
    std::shared_ptr<const Layout> layout;
    bool used_again = false;  // met in another document or place: boilerplate, kept
  };
  std::unordered_map<std::string, Entry> layouts;
};
constexpr size_t kCachedLayouts = 1024;

LayoutCache& ThreadLayouts() {
  thread_local LayoutCache cache;
  return cache;
}

}  // namespace

// Draws a Document's blocks on a cairo context with pango (declared in the header for
// PdfStream, which owns one).
class Renderer {
 public:
  Renderer(cairo_t* cr, const PdfOptions& o) : cr_(cr), options_(o) {}

  // The charts' numbers follow the document's language: "37,5" in French, "37.5" otherwise.
  void SetFrench(bool french) { french_ = french; }

  // The layout of `markup` in style `s`, `width` points wide (negative: no wrapping), aligned
  // `align`. Laid out once per thread: a letter's headings, its paragraphs that name no one,
  // its table headers and its page header are the same in every letter, and shaping them again
  // was most of a letter's time. Each thread keeps one Pango context, made from the first PDF
  // surface it draws on (the font options of every PDF surface are the same), and its layouts;
  // a layout is drawn, never changed, once made.
  std::shared_ptr<const Layout> Make(const std::string& markup, const Style& s, double width,
                                     PangoAlignment align = PANGO_ALIGN_LEFT) const {
    const int pango_width = width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE);
    std::string key = fmt::format("{}|{}|{}|{:d}{:d}{:d}|{}|{}\n", options_.font_family,
                                  static_cast<int>(s.size * PANGO_SCALE), pango_width, s.bold,
                                  s.italic, s.justify, static_cast<int>(align), markup);
    LayoutCache& cache = ThreadLayouts();
    if (auto it = cache.layouts.find(key); it != cache.layouts.end()) {
      it->second.used_again = true;
      return it->second.layout;
    }
    if (!cache.context) {
      cache.context = GObjectPtr<PangoContext>::Adopt(pango_cairo_create_context(cr_));
      pango_cairo_context_set_resolution(cache.context.get(), 72);  // points are points
    }
    Layout l = Layout::Adopt(pango_layout_new(cache.context.get())); /* transfer full */
    DeletableUniquePtr<PangoFontDescription, pango_font_description_free> font(
        pango_font_description_new());
    pango_font_description_set_family(font.get(), options_.font_family.c_str());
    pango_font_description_set_size(font.get(), static_cast<int>(s.size * PANGO_SCALE));
    pango_font_description_set_weight(font.get(), s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font.get(),
                                     s.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l.get(), font.get());
    pango_layout_set_width(l.get(), pango_width);
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_justify(l.get(), s.justify);
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_markup(l.get(), markup.c_str(), -1);
    auto made = std::make_shared<const Layout>(std::move(l));
    // Bounded: what names a person is seldom met again, and goes first; the boilerplate stays.
    if (cache.layouts.size() >= kCachedLayouts) {
      std::erase_if(cache.layouts, [](const auto& entry) { return !entry.second.used_again; });
      if (cache.layouts.size() >= kCachedLayouts / 2) cache.layouts.clear();
    }
    cache.layouts.emplace(std::move(key), LayoutCache::Entry{made});
    return made;
  }

  // The width of the longest word of `text` (words part at spaces; a no-break space joins
  // them), in points, as a cell would set it; words longer than `kLongWord` characters (a
  // hash, a path) are left out: they may wrap.
  static constexpr glong kLongWord = 25;  // "2025-09-12T09:30:00+02:00" stays whole
  double WordWidth(const std::string& text, bool bold) const {
    std::string longest;
    glong longest_chars = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find_first_of(" \n", start);
      if (end == std::string::npos) end = text.size();
      const std::string word = text.substr(start, end - start);
      const glong chars = g_utf8_strlen(word.c_str(), -1);
      if (chars > longest_chars && chars <= kLongWord) {
        longest = word;
        longest_chars = chars;
      }
      start = end + 1;
    }
    if (longest.empty()) return 0;
    auto l = Make(Escape(longest), {options_.font_size - 1, bold}, -1);  // the word's own width
    int w = 0, h = 0;
    pango_layout_get_size(l->get(), &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
  }

  static double Height(const Layout& l) {
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  Box Text(const std::string& markup, const Style& s, double indent = 0,
           double space_after = kBlockGap) {
    auto layout = Make(markup, s, kContentWidth - indent);
    const double h = Height(*layout);
    return {h + space_after, [layout, indent](cairo_t* cr, double y) {
              cairo_move_to(cr, kMarginX + indent, y);
              pango_cairo_show_layout(cr, layout->get());
            }};
  }

  // A row of cells with given column widths; `header` rows are bold on a grey band.
  Box Row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool header) {
    std::vector<std::shared_ptr<const Layout>> layouts;
    double h = 0;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string text = i < cells.size() ? cells[i] : "";
      auto l = Make(Escape(text), {options_.font_size - 1, header}, widths[i] - 6);
      h = std::max(h, Height(*l));
      layouts.push_back(l);
    }
    const double row_h = h + 4;
    return {row_h, [layouts, widths, row_h, header](cairo_t* cr, double y) {
              if (header) {
                cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
                cairo_rectangle(cr, kMarginX, y, kContentWidth, row_h);
                cairo_fill(cr);
              }
              cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
              cairo_set_line_width(cr, 0.4);
              cairo_move_to(cr, kMarginX, y + row_h);
              cairo_line_to(cr, kMarginX + kContentWidth, y + row_h);
              cairo_stroke(cr);
              cairo_set_source_rgb(cr, 0, 0, 0);
              double x = kMarginX;
              for (size_t i = 0; i < layouts.size(); ++i) {
                cairo_move_to(cr, x + 3, y + 2);
                pango_cairo_show_layout(cr, layouts[i]->get());
                x += widths[i];
              }
            }};
  }

  Box ToCompleteBox(const breachkit::ToComplete& t) {
    const std::string markup =
        "<b>À compléter</b> — " + Escape(t.field) + "\n<i>" + Escape(t.how) + "</i>";
    auto layout = Make(markup, {options_.font_size}, kContentWidth - 16);
    const double h = Height(*layout) + 8;
    return {h + kBlockGap, [layout, h](cairo_t* cr, double y) {
              // A dashed frame, readable in black and white.
              const double dash[] = {3, 2};
              cairo_set_dash(cr, dash, 2, 0);
              cairo_set_line_width(cr, 0.8);
              cairo_rectangle(cr, kMarginX, y, kContentWidth, h);
              cairo_stroke(cr);
              cairo_set_dash(cr, nullptr, 0, 0);
              cairo_move_to(cr, kMarginX + 8, y + 4);
              pango_cairo_show_layout(cr, layout->get());
            }};
  }

  // A label drawn at (x, y); align 0 left, 0.5 centre, 1 right.
  void Label(cairo_t* cr, const std::string& text, double x, double y, double size,
             double align) const {
    auto l = Make(Escape(text), {size}, 400);
    int w = 0, h = 0;
    pango_layout_get_size(l->get(), &w, &h);
    cairo_move_to(cr, x - align * w / PANGO_SCALE, y);
    pango_cairo_show_layout(cr, l->get());
  }

  static double NiceMax(double v) {
    if (v <= 0) return 1;
    double step = 1;
    while (step * 10 < v) step *= 10;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
      if (step * m >= v) return step * m;
    }
    return step * 10;
  }

  Box ChartBox(const breachkit::Chart& c) {
    const double h = c.kind == breachkit::Chart::Kind::kGauge  ? 70
                     : c.kind == breachkit::Chart::Kind::kBars ? 30 + 16.0 * c.labels.size()
                                                               : 190;
    const double size = options_.font_size - 1.5;
    return {
        h + kBlockGap, [this, c, h, size, fr = french_](cairo_t* cr, double y) {
          auto number = [fr](double v) { return fr ? FrenchDecimal(v) : fmt::format("{:g}", v); };
          cairo_save(cr);
          Label(cr, c.title, kMarginX, y, size + 1, 0);
          cairo_set_line_width(cr, 0.6);
          if (c.kind == breachkit::Chart::Kind::kGauge) {
            const double x0 = kMarginX + 10, w = kContentWidth - 20, top = y + 20, bh = 14;
            std::vector<double> cuts{0};
            for (double t : c.thresholds) cuts.push_back(t);
            cuts.push_back(c.max);
            for (size_t i = 0; i + 1 < cuts.size(); ++i) {
              const double a = x0 + w * cuts[i] / c.max, b = x0 + w * cuts[i + 1] / c.max;
              const double grey = 0.92 - 0.18 * static_cast<double>(i);
              cairo_set_source_rgb(cr, grey, grey, grey);
              cairo_rectangle(cr, a, top, b - a, bh);
              cairo_fill(cr);
              cairo_set_source_rgb(cr, 0, 0, 0);
              cairo_rectangle(cr, a, top, b - a, bh);
              cairo_stroke(cr);
              if (i < c.labels.size())
                Label(cr, c.labels[i], (a + b) / 2, top + bh + 2, size - 0.5, 0.5);
              Label(cr, number(cuts[i]), a, top - 11, size - 1, 0.5);
            }
            const double vx = x0 + w * std::min(c.value, c.max) / c.max;
            cairo_move_to(cr, vx, top + bh);
            cairo_line_to(cr, vx - 6, top + bh + 10);
            cairo_line_to(cr, vx + 6, top + bh + 10);
            cairo_close_path(cr);
            cairo_fill(cr);
            cairo_set_line_width(cr, 2);
            cairo_move_to(cr, vx, top - 3);
            cairo_line_to(cr, vx, top + bh);
            cairo_stroke(cr);
            Label(cr, "SE = " + number(c.value), vx, top + bh + 24, size, 0.5);
          } else if (c.kind == breachkit::Chart::Kind::kBars) {
            double vmax = 0;
            for (double v : c.series.empty() ? std::vector<double>{} : c.series[0])
              vmax = std::max(vmax, v);
            const double label_w = kContentWidth * 0.45, x0 = kMarginX + label_w,
                         w = kContentWidth - label_w - 40;
            for (size_t i = 0; i < c.labels.size(); ++i) {
              const double v = i < c.series[0].size() ? c.series[0][i] : 0;
              const double by = y + 18 + 16.0 * static_cast<double>(i);
              std::string label = c.labels[i];
              if (g_utf8_strlen(label.c_str(), -1) > 48) {
                label = std::string(label.c_str(),
                                    g_utf8_offset_to_pointer(label.c_str(), 46) - label.c_str()) +
                        "…";
              }
              Label(cr, label, x0 - 4, by, size - 0.5, 1);
              cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
              cairo_rectangle(cr, x0, by + 1, vmax > 0 ? w * v / vmax : 0, 10);
              cairo_fill(cr);
              cairo_set_source_rgb(cr, 0, 0, 0);
              Label(cr, number(v), x0 + (vmax > 0 ? w * v / vmax : 0) + 3, by, size - 0.5, 0);
            }
            if (!c.x_label.empty()) Label(cr, c.x_label, x0 + w, y + h - 12, size - 1, 1);
          } else {
            // Columns: up to two series side by side; the second hatched.
            const double x0 = kMarginX + 36, top = y + 22, ph = h - 62, w = kContentWidth - 46;
            double vmax = 0;
            for (const auto& s : c.series) {
              for (double v : s) vmax = std::max(vmax, v);
            }
            const double ymax = NiceMax(vmax);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_move_to(cr, x0, top);
            cairo_line_to(cr, x0, top + ph);
            cairo_line_to(cr, x0 + w, top + ph);
            cairo_stroke(cr);
            for (int t = 0; t <= 4; ++t) {
              const double ty = top + ph - ph * t / 4.0;
              Label(cr, number(ymax * t / 4), x0 - 4, ty - 5, size - 1.5, 1);
              cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
              cairo_move_to(cr, x0, ty);
              cairo_line_to(cr, x0 + w, ty);
              cairo_stroke(cr);
              cairo_set_source_rgb(cr, 0, 0, 0);
            }
            const size_t n = std::max<size_t>(1, c.labels.size());
            const double slot = w / static_cast<double>(n);
            const size_t every = std::max<size_t>(1, n / 12);
            const size_t k = std::max<size_t>(1, c.series.size());
            for (size_t i = 0; i < c.labels.size(); ++i) {
              for (size_t si = 0; si < c.series.size(); ++si) {
                const double v = i < c.series[si].size() ? c.series[si][i] : 0;
                const double bw = slot * 0.8 / static_cast<double>(k);
                const double bx =
                    x0 + slot * static_cast<double>(i) + slot * 0.1 + bw * static_cast<double>(si);
                const double bh = ph * v / ymax;
                if (si == 0) {
                  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
                  cairo_rectangle(cr, bx, top + ph - bh, bw, bh);
                  cairo_fill(cr);
                } else {
                  cairo_set_source_rgb(cr, 0, 0, 0);
                  cairo_rectangle(cr, bx, top + ph - bh, bw, bh);
                  cairo_stroke_preserve(cr);
                  cairo_save(cr);
                  cairo_clip(cr);
                  for (double d = -bh; d < bw + bh; d += 3) {
                    cairo_move_to(cr, bx + d, top + ph);
                    cairo_line_to(cr, bx + d + bh, top + ph - bh);
                  }
                  cairo_set_line_width(cr, 0.4);
                  cairo_stroke(cr);
                  cairo_restore(cr);
                }
              }
              cairo_set_source_rgb(cr, 0, 0, 0);
              if (i % every == 0)
                Label(cr, c.labels[i], x0 + slot * (static_cast<double>(i) + 0.5), top + ph + 2,
                      size - 1.5, 0.5);
            }
            Label(cr, c.y_label, kMarginX, y + 10, size - 1, 0);
            Label(cr, c.x_label, x0 + w, top + ph + 14, size - 1, 1);
            double lx = x0 + 4;
            for (size_t si = 0; c.series_names.size() > 1 && si < c.series_names.size(); ++si) {
              if (si == 0) {
                cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
                cairo_rectangle(cr, lx, top - 10, 8, 8);
                cairo_fill(cr);
              } else {
                cairo_set_source_rgb(cr, 0, 0, 0);
                cairo_rectangle(cr, lx, top - 10, 8, 8);
                cairo_stroke(cr);
              }
              cairo_set_source_rgb(cr, 0, 0, 0);
              Label(cr, c.series_names[si], lx + 11, top - 12, size - 1, 0);
              lx += 150;
            }
          }
          cairo_restore(cr);
        }};
  }

  cairo_t* cr_;
  const PdfOptions& options_;
  bool french_ = false;
};

namespace {

struct Page {
  std::vector<std::pair<double, Box>> items;
};

std::string PdfDate(int64_t t) {
  // cairo wants ISO 8601: "YYYY-MM-DDThh:mm:ss" plus an optional offset.
  std::string s = FormatUtc(t);
  if (!s.empty() && s.back() == 'Z') s.pop_back();
  return s;
}

cairo_status_t CallSink(void* closure, const unsigned char* data, unsigned int length) {
  const auto& sink = *static_cast<const PdfStream::Sink*>(closure);
  return sink(std::string_view(reinterpret_cast<const char*>(data), length))
             ? CAIRO_STATUS_SUCCESS
             : CAIRO_STATUS_WRITE_ERROR;
}

}  // namespace

PdfStream::PdfStream(const Document& meta, const PdfOptions& options, Sink sink)
    : options_(options), sink_(std::move(sink)) {
  surface_ = cairo_pdf_surface_create_for_stream(&CallSink, &sink_, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, meta.title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR, meta.author.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, meta.subject.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "breachkit");
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE,
                                 PdfDate(options.creation_date).c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_MOD_DATE,
                                 PdfDate(options.creation_date).c_str());
  cr_ = cairo_create(surface_);
  renderer_ = std::make_unique<Renderer>(cr_, options_);
}

PdfStream::~PdfStream() {
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);  // unfinished: finished here
}

void PdfStream::Add(const Document& d) {
  Renderer& r = *renderer_;
  const double base = options_.font_size;
  // Each document is planned, then drawn, then let go before the next: the layouts of one
  // document at a time stay in memory, however many the merged letters hold.
  r.SetFrench(d.lang == "fr");
  // 1. Plan: every block becomes boxes, placed on pages.
  std::vector<Page> pages(1);
  double y = kMarginTop;
  auto place = [&](Box box) {
    if (y + box.height > kPageHeight - kMarginBottom && y > kMarginTop) {
      pages.emplace_back();
      y = kMarginTop;
    }
    pages.back().items.emplace_back(y, std::move(box));
    y += pages.back().items.back().second.height;
  };
  place(r.Text(Escape(d.title), {base + 6, true}, 0, 4));
  if (!d.subject.empty()) place(r.Text(Escape(d.subject), {base, false, true}, 0, 10));
  for (const Section& s : d.sections) {
    if (!s.heading.empty()) {
      Box heading = r.Text(Escape(s.heading), {base + 2.5, true}, 0, 4);
      // Keep a heading with the start of its section (a chart or a table's first rows).
      const bool tall = !s.blocks.empty() && (std::holds_alternative<Chart>(s.blocks.front()) ||
                                              std::holds_alternative<TableBlock>(s.blocks.front()));
      if (y + heading.height + (tall ? 200 : 40) > kPageHeight - kMarginBottom) {
        pages.emplace_back();
        y = kMarginTop;
      }
      place(std::move(heading));
    }
    for (const Block& b : s.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&b)) {
        place(r.Text(Escape(p->text), {base, false, false, true}));
      } else if (const auto* kv = std::get_if<KeyValues>(&b)) {
        for (const auto& [k, v] : kv->rows) {
          place(r.Row({k, v}, {kContentWidth * 0.34, kContentWidth * 0.66}, false));
        }
        y += kBlockGap;
      } else if (const auto* t = std::get_if<TableBlock>(&b)) {
        std::vector<double> widths;
        // Columns share the width in proportion to their longest cell (at least 10 %).
        std::vector<double> weight(t->header.size(), 1);
        for (size_t i = 0; i < t->header.size(); ++i) {
          weight[i] = std::max<double>(weight[i], g_utf8_strlen(t->header[i].c_str(), -1));
          for (const auto& row : t->rows) {
            if (i < row.size())
              weight[i] = std::max<double>(weight[i],
                                           std::min<glong>(g_utf8_strlen(row[i].c_str(), -1), 60));
          }
        }
        double total = 0;
        for (double w : weight) total += w;
        for (double w : weight) widths.push_back(kContentWidth * std::max(0.1, w / total));
        double sum = 0;
        for (double w : widths) sum += w;
        for (double& w : widths) w *= kContentWidth / sum;
        // No column narrower than its longest word (a header split as "Person-nes", a
        // date as "+02:0" / "0"): the columns with room to spare give it, in proportion.
        std::vector<double> least(widths.size(), 0);
        for (size_t i = 0; i < t->header.size(); ++i) {
          least[i] = r.WordWidth(t->header[i], true) + 7;
          for (const auto& row : t->rows) {
            if (i < row.size()) least[i] = std::max(least[i], r.WordWidth(row[i], false) + 7);
          }
        }
        double least_sum = 0, deficit = 0, slack = 0;
        for (size_t i = 0; i < widths.size(); ++i) {
          least_sum += least[i];
          if (widths[i] < least[i])
            deficit += least[i] - widths[i];
          else
            slack += widths[i] - least[i];
        }
        if (deficit > 0 && least_sum <= kContentWidth && slack > 0) {
          for (size_t i = 0; i < widths.size(); ++i) {
            widths[i] = widths[i] < least[i] ? least[i]
                                             : widths[i] - deficit * (widths[i] - least[i]) / slack;
          }
        }
        place(r.Row(t->header, widths, true));
        for (const auto& row : t->rows) {
          Box box = r.Row(row, widths, false);
          if (y + box.height > kPageHeight - kMarginBottom) {
            pages.emplace_back();
            y = kMarginTop;
            place(r.Row(t->header, widths, true));  // the header again on the new page
          }
          place(std::move(box));
        }
        y += kBlockGap;
      } else if (const auto* l = std::get_if<BulletList>(&b)) {
        for (const auto& item : l->items) place(r.Text("•  " + Escape(item), {base}, 8, 2));
        y += kBlockGap;
      } else if (const auto* c = std::get_if<ToComplete>(&b)) {
        place(r.ToCompleteBox(*c));
      } else if (const auto* ch = std::get_if<Chart>(&b)) {
        place(r.ChartBox(*ch));
      }
    }
    y += 4;
  }

  // 2. Draw, with the page header and "page N / M" (N and M within each document).
  for (size_t n = 0; n < pages.size(); ++n) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    auto head = r.Make(Escape(d.title), {base - 2, false, true}, kContentWidth);
    cairo_move_to(cr_, kMarginX, 30);
    pango_cairo_show_layout(cr_, head->get());
    auto foot = r.Make(Escape(fmt::format("{} {} / {}", options_.page_label, n + 1, pages.size())),
                       {base - 2}, kContentWidth, PANGO_ALIGN_RIGHT);
    cairo_move_to(cr_, kMarginX, kPageHeight - 40);
    pango_cairo_show_layout(cr_, foot->get());
    for (auto& [item_y, box] : pages[n].items) {
      cairo_set_source_rgb(cr_, 0, 0, 0);
      box.draw(cr_, item_y);
    }
    cairo_show_page(cr_);
    ++pages_;
  }
}

Result<int> PdfStream::Finish() {
  renderer_.reset();
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;  // every byte has gone to the sink from here on
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kInternal, "cannot render the PDF: {}", cairo_status_to_string(status));
  }
  return pages_;
}

namespace {

// `docs` in one file, in memory (a letter, a draft, a register entry).
Result<RenderedPdf> RenderInMemory(std::span<const Document> docs, const PdfOptions& options) {
  if (docs.empty()) return Fail(ErrorCode::kInternal, "no document to render");
  RenderedPdf pdf;
  PdfStream stream(docs.front(), options, [&pdf](std::string_view bytes) {
    pdf.bytes.append(bytes);
    return true;
  });
  for (const Document& d : docs) stream.Add(d);
  auto pages = stream.Finish();
  if (!pages) return std::unexpected(pages.error());
  pdf.pages = *pages;
  return pdf;
}

}  // namespace

std::string PrepareFonts(const PdfOptions& options) {
  PangoFontMap* map = pango_cairo_font_map_get_default(); /* transfer none */
  auto context = GObjectPtr<PangoContext>::Adopt(pango_font_map_create_context(map));
  DeletableUniquePtr<PangoFontDescription, pango_font_description_free> wanted(
      pango_font_description_new());
  pango_font_description_set_family(wanted.get(), options.font_family.c_str());
  pango_font_description_set_size(wanted.get(), static_cast<int>(options.font_size * PANGO_SCALE));
  auto font =
      GObjectPtr<PangoFont>::Adopt(pango_font_map_load_font(map, context.get(), wanted.get()));
  if (!font) return "";
  DeletableUniquePtr<PangoFontDescription, pango_font_description_free> got(
      pango_font_describe(font.get()));
  const char* family = pango_font_description_get_family(got.get());
  return family != nullptr ? family : "";
}

Result<RenderedPdf> RenderPdf(const Document& doc, const PdfOptions& options) {
  return RenderInMemory({&doc, 1}, options);  // not copied into a vector: once per letter
}

Result<RenderedPdf> RenderPdfs(const std::vector<Document>& docs, const PdfOptions& options) {
  return RenderInMemory(docs, options);
}

}  // namespace breachkit
