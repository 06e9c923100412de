#include "reports/text_writer.h"

#include <algorithm>

#include <fmt/core.h>

namespace breachkit {
namespace {

constexpr const char kToCompleteMark[] = "[À compléter]";

std::string Pad(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

void RenderBlock(const Block& block, bool french, std::string* out) {
  if (const auto* p = std::get_if<Paragraph>(&block)) {
    *out += p->text + "\n\n";
  } else if (const auto* kv = std::get_if<KeyValues>(&block)) {
    size_t width = 0;
    for (const auto& [k, v] : kv->rows) width = std::max(width, DisplayWidth(k));
    // French puts a no-break space before the colon.
    const std::string colon = french ? "\u00A0:" : ":";
    for (const auto& [k, v] : kv->rows)
      *out += Pad(k + colon, width + DisplayWidth(colon)) + " " + v + "\n";
    *out += "\n";
  } else if (const auto* t = std::get_if<TableBlock>(&block)) {
    std::vector<size_t> widths(t->header.size(), 0);
    for (size_t i = 0; i < t->header.size(); ++i) widths[i] = DisplayWidth(t->header[i]);
    for (const auto& row : t->rows) {
      for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
        widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l;
      for (size_t i = 0; i < widths.size(); ++i) {
        const std::string cell = i < cells.size() ? cells[i] : "";
        l += i + 1 == widths.size() ? cell : Pad(cell, widths[i]) + "  ";
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      *out += l + "\n";
    };
    line(t->header);
    std::vector<std::string> rule;
    for (size_t w : widths) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& row : t->rows) line(row);
    *out += "\n";
  } else if (const auto* l = std::get_if<BulletList>(&block)) {
    for (const auto& item : l->items) *out += "- " + item + "\n";
    *out += "\n";
  } else if (const auto* c = std::get_if<ToComplete>(&block)) {
    *out += fmt::format("{} {} ({})\n\n", kToCompleteMark, c->field, c->how);
  } else if (const auto* ch = std::get_if<Chart>(&block)) {
    *out += "[Chart] " + ch->title + "\n";
    if (ch->kind == Chart::Kind::kGauge) {
      std::string bands;
      for (size_t i = 0; i < ch->thresholds.size(); ++i)
        bands += fmt::format("{}{:g}", i ? ", " : "", ch->thresholds[i]);
      *out += fmt::format("value {:g} on 0..{:g}, bands at {}\n\n", ch->value, ch->max, bands);
      return;
    }
    TableBlock data;
    data.header.push_back(ch->kind == Chart::Kind::kColumns ? ch->x_label : "");
    for (const auto& n : ch->series_names) data.header.push_back(n);
    for (size_t i = 0; i < ch->labels.size(); ++i) {
      std::vector<std::string> row{ch->labels[i]};
      for (const auto& s : ch->series) row.push_back(i < s.size() ? fmt::format("{:g}", s[i]) : "");
      data.rows.push_back(std::move(row));
    }
    RenderBlock(data, french, out);
  }
}

}  // namespace

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // count code points, not continuation bytes
  }
  return n;
}

std::string RenderText(const Document& doc) {
  std::string out = doc.title + "\n" + std::string(DisplayWidth(doc.title), '=') + "\n\n";
  for (const Section& s : doc.sections) {
    if (!s.heading.empty())
      out += s.heading + "\n" + std::string(DisplayWidth(s.heading), '-') + "\n\n";
    for (const Block& b : s.blocks) RenderBlock(b, doc.lang == "fr", &out);
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

}  // namespace breachkit
