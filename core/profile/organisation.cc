#include "core/profile/organisation.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/util/check_digits.h"
#include "core/util/xml_validate.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

constexpr size_t kMaxProfileBytes = 1 << 20;

// xmlFree is a function pointer variable, not a function: wrap it for DeletableUniquePtr.
void FreeXmlChar(xmlChar* p) { xmlFree(p); }
using XmlString = DeletableUniquePtr<xmlChar, FreeXmlChar>;

// The errors of the reading itself (after validation): silenced, the validator spoke.
struct Silence {
  Silence() { xmlSetStructuredErrorFunc(nullptr, [](void*, xmlError*) {}); }
  ~Silence() { xmlSetStructuredErrorFunc(nullptr, nullptr); }
};

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
  if (auto st = ValidateXml(xml, kOrganisationXsd, file_name); !st) return std::unexpected(st.error());
  Silence silence;
  DeletableUniquePtr<xmlDoc, xmlFreeDoc> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), std::string(file_name).c_str(),
                    nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return Fail(ErrorCode::kInvalidInput, "{}: not XML", file_name);

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
