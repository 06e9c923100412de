#include "core/profile/organisation.h"

#include <algorithm>
#include <memory>

#include <glib.h>
#include <pugixml.hpp>

#include "core/profile/regime.h"
#include "core/util/check_digits.h"
#include "core/util/clock.h"
#include "core/util/glib_handle.h"
#include "core/util/xml_validate.h"

namespace breachkit {
namespace {

constexpr size_t kMaxProfileBytes = 1 << 20;

// Every piece of text below `node`, in document order.
void AppendText(const pugi::xml_node& node, std::string* out) {
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out->append(c.value());
    } else if (c.type() == pugi::node_element) {
      AppendText(c, out);
    }
  }
}

std::string Text(const pugi::xml_node& node) {
  std::string s;
  AppendText(node, &s);
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

std::string ChildText(const pugi::xml_node& parent, const char* name) {
  return Text(parent.child(name));
}

}  // namespace

Result<OrganisationProfile> ParseOrganisationProfile(std::string_view xml,
                                                     std::string_view file_name) {
  if (xml.size() > kMaxProfileBytes) {
    return Fail(ErrorCode::kInvalidInput, "{}: an organisation profile is at most {} bytes",
                file_name, kMaxProfileBytes);
  }
  if (auto st = ValidateXml(xml, kOrganisationXsd, file_name); !st)
    return std::unexpected(st.error());
  // Valid, so well-formed: read it with pugixml, keeping blank text (a field's words may be
  // split by a comment or a CDATA section).
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata)) {
    return Fail(ErrorCode::kInvalidInput, "{}: not XML", file_name);
  }
  const pugi::xml_node root = doc.document_element();
  const pugi::xml_node controller = root.child("controller");
  const pugi::xml_node dpo = root.child("dpo");
  const pugi::xml_node signatory = root.child("signatory");
  OrganisationProfile p;
  p.controller_name = ChildText(controller, "name");
  p.controller_siren = ChildText(controller, "siren");
  p.controller_address = ChildText(controller, "address");
  p.controller_sector = ChildText(controller, "sector");
  p.dpo_name = ChildText(dpo, "name");
  p.dpo_email = ChildText(dpo, "email");
  p.dpo_phone = ChildText(dpo, "phone");
  p.dpo_address = ChildText(dpo, "address");
  for (const pugi::xml_node& d : root.child("domains").children()) {
    if (d.type() != pugi::node_element) continue;
    std::string domain = Text(d);
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](unsigned char c) { return static_cast<char>(g_ascii_tolower(c)); });
    p.domains.push_back(std::move(domain));
  }
  p.signatory_name = ChildText(signatory, "name");
  p.signatory_title = ChildText(signatory, "title");
  p.language = ChildText(root, "language");
  if (const pugi::xml_node tz = root.child("timezone")) {
    p.timezone = Text(tz);
    if (TimeZoneNamed(p.timezone) == nullptr) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}:{}: field /organisation/timezone: unknown time zone '{}' (use an IANA name "
                  "such as Europe/Paris)",
                  file_name, LineOf(xml, tz.offset_debug()), p.timezone);
    }
  }
  const Regime& regime = RegimeNamed(ChildText(root.child("regime"), "name"));
  p.regime = regime.name;
  p.deadline_hours = regime.deadline_hours;
  p.notify_from = regime.notify_from;
  p.inform_from = regime.inform_from;
  if (const pugi::xml_node n = root.child("regime").child("deadline-hours")) {
    p.deadline_hours = std::stoll(Text(n));
    // A shorter deadline is an organisation's own rule; a longer one is not the law's.
    if (p.deadline_hours > regime.deadline_hours) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}:{}: field /organisation/regime/deadline-hours: {} hours is longer than "
                  "the {} hours of the regime '{}'",
                  file_name, LineOf(xml, n.offset_debug()), p.deadline_hours, regime.deadline_hours,
                  regime.name);
    }
  }
  if (const pugi::xml_node t = root.child("thresholds")) {
    if (const pugi::xml_node n = t.child("notify-from")) p.notify_from = Text(n);
    if (const pugi::xml_node n = t.child("inform-from")) p.inform_from = Text(n);
    if (const pugi::xml_node n = t.child("large-audience")) p.large_audience = std::stoll(Text(n));
  }
  if (!LuhnValid(p.controller_siren)) {
    return Fail(ErrorCode::kInvalidInput,
                "{}:{}: field /organisation/controller/siren: '{}' is not a valid SIREN (its "
                "check digit is wrong)",
                file_name, LineOf(xml, controller.child("siren").offset_debug()),
                p.controller_siren);
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
