// What a person reads of an HTML body: libxml2's HTML parser (a real, error-tolerant
// parser, not a regex) builds the tree; the text is collected with line breaks at
// block elements, <blockquote> lines prefixed with "> " (as a text reply quotes), and
// <script>, <style>, <head> and comments left out.
#ifndef BREACHKIT_CORE_MAIL_HTML_TEXT_H_
#define BREACHKIT_CORE_MAIL_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace breachkit {

/// `html` must be UTF-8 (convert it first); the result is UTF-8. HTML nested deeper than
/// libxml2 reads (256 elements) has its text read with the markup dropped instead (no lines
/// kept for the quoted parts): `too_deep`, when given, says so.
std::string HtmlToText(std::string_view html, bool* too_deep = nullptr);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_HTML_TEXT_H_
