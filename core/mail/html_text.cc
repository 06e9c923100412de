#include "core/mail/html_text.h"

#include <climits>
#include <cstdlib>
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

// The text of `html` with the markup dropped, for a document libxml2 stopped reading (nested
// deeper than its limit): tags, comments and the content of <script>, <style> and <head> left
// out, block elements as line breaks, entities decoded. No tree, so no depth to run out of.
void StripMarkup(std::string_view html, Writer* w) {
  auto lower_starts = [&](size_t at, std::string_view word) {
    return html.size() - at >= word.size() &&
           g_ascii_strncasecmp(html.data() + at, word.data(), word.size()) == 0;
  };
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (lower_starts(i, "<!--")) {
        const size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;  // an open tag at the end: no text in it
      size_t name_begin = i + 1 + (i + 1 < html.size() && html[i + 1] == '/');
      size_t name_end = name_begin;
      while (name_end < end && g_ascii_isalnum(html[name_end])) ++name_end;
      const std::string name(html.substr(name_begin, name_end - name_begin));
      i = end + 1;
      if (html[i - 2] != '/' && html[name_begin - 1] != '/') {
        for (const char* skip : {"script", "style", "head"}) {
          if (g_ascii_strcasecmp(name.c_str(), skip) != 0) continue;
          const std::string close = std::string("</") + skip;
          size_t at = i;
          while (at < html.size() && !lower_starts(at, close)) ++at;
          i = at;
        }
      }
      xmlNode probe{};
      probe.name = reinterpret_cast<const xmlChar*>(name.c_str());
      if (IsBlock(&probe)) {
        w->Newline();
      } else if (g_ascii_strcasecmp(name.c_str(), "td") == 0 ||
                 g_ascii_strcasecmp(name.c_str(), "th") == 0) {
        w->Space();
      }
      continue;
    }
    if (c == '&') {
      const size_t semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 32) {
        const std::string entity(html.substr(i + 1, semi - i - 1));
        unsigned long code = 0;
        if (entity.size() > 1 && entity[0] == '#') {
          const bool hex = entity[1] == 'x' || entity[1] == 'X';
          code = std::strtoul(entity.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10);
        } else if (const htmlEntityDesc* e =
                       htmlEntityLookup(reinterpret_cast<const xmlChar*>(entity.c_str()))) {
          code = e->value;
        }
        if (code > 0 && code <= 0x10FFFF && g_unichar_validate(static_cast<gunichar>(code))) {
          char utf8[8];
          const int n = g_unichar_to_utf8(static_cast<gunichar>(code), utf8);
          if (code < 0x80 && g_ascii_isspace(static_cast<char>(code))) {
            w->Space();
          } else {
            for (int k = 0; k < n; ++k) w->Char(utf8[k]);
          }
          i = semi + 1;
          continue;
        }
      }
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      w->Space();
    } else {
      w->Char(c);
    }
    ++i;
  }
}

}  // namespace

std::string HtmlToText(std::string_view html, bool* too_deep) {
  if (too_deep) *too_deep = false;
  if (html.empty()) return {};
  const int length =
      html.size() > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(html.size());
  DeletableUniquePtr<htmlParserCtxt, htmlFreeParserCtxt> ctxt(htmlNewParserCtxt());
  if (!ctxt) return {};
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      htmlCtxtReadMemory(ctxt.get(), html.data(), length, nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT));
  Writer w;
  // libxml2 stops reading at its nesting limit (256 elements) and drops everything from
  // there: then the text is read again without the tree, so none of it is lost.
  if (ctxt->instate == XML_PARSER_EOF || ctxt->disableSAX) {
    if (too_deep) *too_deep = true;
    StripMarkup(html.substr(0, static_cast<size_t>(length)), &w);
  } else if (doc) {
    Collect(doc->children, &w, 0);
  } else {
    return {};
  }
  std::string& out = w.out;
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  size_t start = 0;
  while (start < out.size() && (out[start] == ' ' || out[start] == '\n')) ++start;
  return out.substr(start);
}

}  // namespace breachkit
