// The GMime parser options of every parse breachkit makes (messages in mime_parser.cc, names
// of address headers in address_list.cc): loose compliance for addresses, RFC 2047 words and
// parameters, and a warning callback of the caller's. One place, so that the plain address
// reader decodes names exactly as GMime's parse of the same header does.
#ifndef BREACHKIT_CORE_MAIL_PARSER_OPTIONS_H_
#define BREACHKIT_CORE_MAIL_PARSER_OPTIONS_H_

#include <gmime/gmime.h>

#include "core/util/glib_handle.h"

namespace breachkit {

using ParserOptionsPtr = DeletableUniquePtr<GMimeParserOptions, g_mime_parser_options_free>;

inline ParserOptionsPtr LooseParserOptions(GMimeParserWarningFunc on_warning, gpointer user) {
  ParserOptionsPtr options(g_mime_parser_options_new());
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_warning_callback(options.get(), on_warning, user);
  // 8-bit header text in no declared charset: UTF-8 when it is valid, else windows-1252, as
  // the bodies are read (GMime's default after UTF-8 is ISO-8859-1: "€", "“" and "”" became
  // C1 control characters).
  static const char* kFallback[] = {"utf-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), kFallback);
  return options;
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_PARSER_OPTIONS_H_
