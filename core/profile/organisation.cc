#include "core/profile/organisation.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/util/check_digits.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

constexpr size_t kMaxProfileBytes = 1 << 20;

// xmlFree is a function pointer variable, not a function: wrap it for DeletableUniquePtr.
void FreeXmlChar(xmlChar* p) { xmlFree(p); }
using XmlString = DeletableUniquePtr<xmlChar, FreeXmlChar>;

// Collects libxml2's structured errors (parse and validation) for one call.
struct ErrorSink {
  std::vector<std::string> messages;
  std::string file_name;
};

std::string FieldPath(xmlNode* node) {
  if (!node) return {};
  XmlString path(xmlGetNodePath(node));
  return path ? reinterpret_cast<const char*>(path.get()) : std::string();
}

void CollectError(void* user, xmlError* error) {
  auto* sink = static_cast<ErrorSink*>(user);
  if (!error || error->level == XML_ERR_WARNING) return;
  std::string text = error->message ? error->message : "unknown error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string field = FieldPath(static_cast<xmlNode*>(error->node));
  sink->messages.push_back(field.empty()
                               ? fmt::format("{}:{}: {}", sink->file_name, error->line, text)
                               : fmt::format("{}:{}: field {}: {}", sink->file_name, error->line,
                                             field, text));
}

// Installs CollectError for the lifetime of the scope (libxml2's handler is per thread).
class ScopedErrorHandler {
 public:
  explicit ScopedErrorHandler(ErrorSink* sink) {
    xmlSetStructuredErrorFunc(sink, reinterpret_cast<xmlStructuredErrorFunc>(&CollectError));
  }
  ~ScopedErrorHandler() { xmlSetStructuredErrorFunc(nullptr, nullptr); }
  ScopedErrorHandler(const ScopedErrorHandler&) = delete;
  ScopedErrorHandler& operator=(const ScopedErrorHandler&) = delete;
};

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += "\n";
    out += l;
  }
  return out;
}

xmlNode* Child(xmlNode* parent, const char* name) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), name) == 0)
      return c;
  }
  return nullptr;
}

std::string Text(xmlNode* node) {
  if (!node) return {};
  XmlString content(xmlNodeGetContent(node));
  std::string s = content ? reinterpret_cast<const char*>(content.get()) : "";
  // Collapse runs of white space: a profile is hand-written and may be indented.
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      out += ch;
      space = false;
    }
  }
  return out;
}

std::string ChildText(xmlNode* parent, const char* name) { return Text(Child(parent, name)); }

}  // namespace

Result<OrganisationProfile> ParseOrganisationProfile(std::string_view xml,
                                                     std::string_view file_name) {
  if (xml.size() > kMaxProfileBytes) {
    return Fail(ErrorCode::kInvalidInput, "{}: an organisation profile is at most {} bytes",
                file_name, kMaxProfileBytes);
  }
  ErrorSink sink{{}, std::string(file_name)};
  ScopedErrorHandler handler(&sink);

  // No network, no external entities: a profile is data, not a program.
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), std::string(file_name).c_str(),
                    nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    if (sink.messages.empty()) sink.messages.push_back(fmt::format("{}: not XML", file_name));
    return Fail(ErrorCode::kInvalidInput, "{}", Join(sink.messages));
  }

  DeletableUniquePtr<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt> schema_parser(
      xmlSchemaNewMemParserCtxt(kOrganisationXsd, static_cast<int>(std::strlen(kOrganisationXsd))));
  DeletableUniquePtr<xmlSchema, xmlSchemaFree> schema(xmlSchemaParse(schema_parser.get()));
  if (!schema) return Fail(ErrorCode::kInternal, "the embedded organisation.xsd does not compile");
  DeletableUniquePtr<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt> validator(
      xmlSchemaNewValidCtxt(schema.get()));
  xmlSchemaSetValidStructuredErrors(validator.get(),
                                    reinterpret_cast<xmlStructuredErrorFunc>(&CollectError), &sink);
  if (xmlSchemaValidateDoc(validator.get(), doc.get()) != 0) {
    if (sink.messages.empty()) sink.messages.push_back(fmt::format("{}: invalid profile", file_name));
    return Fail(ErrorCode::kInvalidInput, "{}", Join(sink.messages));
  }

  xmlNode* root = xmlDocGetRootElement(doc.get());
  xmlNode* controller = Child(root, "controller");
  xmlNode* dpo = Child(root, "dpo");
  xmlNode* signatory = Child(root, "signatory");
  OrganisationProfile p;
  p.controller_name = ChildText(controller, "name");
  p.controller_siren = ChildText(controller, "siren");
  p.controller_address = ChildText(controller, "address");
  p.controller_sector = ChildText(controller, "sector");
  p.dpo_name = ChildText(dpo, "name");
  p.dpo_email = ChildText(dpo, "email");
  p.dpo_phone = ChildText(dpo, "phone");
  p.dpo_address = ChildText(dpo, "address");
  for (xmlNode* d = Child(root, "domains")->children; d; d = d->next) {
    if (d->type != XML_ELEMENT_NODE) continue;
    std::string domain = Text(d);
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](unsigned char c) { return static_cast<char>(g_ascii_tolower(c)); });
    p.domains.push_back(std::move(domain));
  }
  p.signatory_name = ChildText(signatory, "name");
  p.signatory_title = ChildText(signatory, "title");
  p.language = ChildText(root, "language");
  if (xmlNode* tz = Child(root, "timezone")) {
    p.timezone = Text(tz);
    DeletableUniquePtr<GTimeZone, g_time_zone_unref> zone(
        g_time_zone_new_identifier(p.timezone.c_str()));
    if (!zone) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}:{}: field /organisation/timezone: unknown time zone '{}' (use an IANA name "
                  "such as Europe/Paris)",
                  file_name, xmlGetLineNo(tz), p.timezone);
    }
  }
  if (xmlNode* t = Child(root, "thresholds")) {
    if (xmlNode* n = Child(t, "notify-from")) p.notify_from = Text(n);
    if (xmlNode* n = Child(t, "inform-from")) p.inform_from = Text(n);
    if (xmlNode* n = Child(t, "large-audience")) p.large_audience = std::stoll(Text(n));
  }
  if (!LuhnValid(p.controller_siren)) {
    return Fail(ErrorCode::kInvalidInput,
                "{}:{}: field /organisation/controller/siren: '{}' is not a valid SIREN (its "
                "check digit is wrong)",
                file_name, xmlGetLineNo(Child(controller, "siren")), p.controller_siren);
  }
  return p;
}

Result<OrganisationProfile> LoadOrganisationProfile(const std::string& path) {
  gchar* contents = nullptr;
  gsize length = 0;
  GError* error = nullptr;
  if (!g_file_get_contents(path.c_str(), &contents, &length, &error)) {
    std::string why = error ? error->message : "cannot read";
    g_clear_error(&error);
    return Fail(ErrorCode::kIo, "{}", why);
  }
  const std::string xml = TakeGString(std::move(contents)).substr(0, length);
  return ParseOrganisationProfile(xml, path);
}

}  // namespace breachkit
