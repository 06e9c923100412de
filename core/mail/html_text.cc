#include "core/mail/html_text.h"

#include <climits>
#include <cstring>
#include <string>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

bool NameIs(const xmlNode* n, const char* name) {
  return n->name && g_ascii_strcasecmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

bool IsBlock(const xmlNode* n) {
  static constexpr const char* kBlocks[] = {
      "p",       "div",     "br",     "tr",     "li",    "h1",         "h2",   "h3", "h4",
      "h5",      "h6",      "ul",     "ol",     "table", "blockquote", "pre",  "hr", "address",
      "section", "article", "header", "footer", "dd",    "dt",         "title"};
  for (const char* b : kBlocks) {
    if (NameIs(n, b)) return true;
  }
  return false;
}

struct Writer {
  std::string out;
  int quote_depth = 0;  // inside <blockquote>: lines start with "> " as in a text reply

  bool AtLineStart() const { return out.empty() || out.back() == '\n'; }
  void Newline() {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
  }
  void Char(char c) {
    if (AtLineStart() && quote_depth > 0) {
      for (int i = 0; i < quote_depth; ++i) out.append("> ");
    }
    out.push_back(c);
  }
  void Space() {
    if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
  }
};

void Collect(const xmlNode* node, Writer* w, int depth) {
  if (depth > 512) return;  // libxml2 limits depth too; be safe on our own recursion
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      // Collapse white space as a browser does.
      for (const xmlChar* p = n->content; p && *p; ++p) {
        const char c = static_cast<char>(*p);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
          w->Space();
        } else {
          w->Char(c);
        }
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      if (NameIs(n, "script") || NameIs(n, "style") || NameIs(n, "head")) continue;
      if (NameIs(n, "td") || NameIs(n, "th")) w->Space();
      const bool block = IsBlock(n);
      const bool quote = NameIs(n, "blockquote");
      if (block) w->Newline();
      if (quote) ++w->quote_depth;
      Collect(n->children, w, depth + 1);
      if (block) w->Newline();
      if (quote) --w->quote_depth;
    } else if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
      Collect(n->children, w, depth + 1);
    }
  }
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return {};
  const int length =
      html.size() > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(html.size());
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      htmlReadMemory(html.data(), length, nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT));
  if (!doc) return {};
  Writer w;
  Collect(doc->children, &w, 0);
  std::string& out = w.out;
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  size_t start = 0;
  while (start < out.size() && (out[start] == ' ' || out[start] == '\n')) ++start;
  return out.substr(start);
}

}  // namespace breachkit
