// breachkit init [--org FILE]: create the incident record, or update it from an
// organisation profile, then show what the record holds about the organisation.
#include <fmt/core.h>

#include "core/model/incident_texts.h"
#include "core/profile/organisation.h"
#include "core/profile/regime.h"
#include "core/util/hash.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"

namespace breachkit {
namespace {

void ApplyProfile(const OrganisationProfile& p, IncidentInfo* i) {
  static_cast<ControllerContact&>(*i) = p;  // the controller and its DPO
  i->signatory_name = p.signatory_name;
  i->signatory_title = p.signatory_title;
  SetRecordLanguage(i, p.language);  // each text stays in its own language
  i->timezone = p.timezone;
  i->regime = p.regime;
  i->deadline_hours = p.deadline_hours;
  i->notify_band = p.notify_from;
  i->inform_band = p.inform_from;
  i->large_audience = p.large_audience;
}

std::string OrDash(const std::string& s) { return s.empty() ? "—" : s; }

// "GDPR, Art. 33 and 34: within 72 h of awareness, unless unlikely to result in a risk".
std::string RegimeLine(const IncidentInfo& i) {
  const Regime& r = RegimeNamed(i.regime);
  return fmt::format("{}: within {} h of awareness, {}", r.en, i.deadline_hours,
                     r.notify_when == NotifyWhen::kRisk ? "unless unlikely to result in a risk"
                                                        : "when likely to result in a high risk");
}

Document DescribeRecord(const IncidentStore& store, const IncidentInfo& i,
                        const std::vector<std::string>& domains) {
  Document doc;
  doc.title = fmt::format("Incident record {}", store.path());
  Section org{"Organisation", {}};
  std::string domain_list;
  for (const auto& d : domains) domain_list += (domain_list.empty() ? "" : ", ") + d;
  org.blocks.push_back(KeyValues{{
      {"Controller", OrDash(i.controller_name)},
      {"SIREN", OrDash(i.controller_siren)},
      {"DPO", OrDash(i.dpo_name)},
      {"DPO contact", OrDash(i.dpo_email)},
      {"Own mail domains", OrDash(domain_list)},
      {"Signatory", OrDash(i.signatory_name)},
      {"Language", i.language},
      {"Time zone", i.timezone},
      {"Notification rule", RegimeLine(i)},
  }});
  if (i.controller_name.empty() || i.dpo_email.empty()) {
    org.blocks.push_back(
        ToComplete{"organisation and DPO contact",
                   "breachkit init --org FILE (see schemas/examples/organisation.xml)"});
  }
  doc.sections.push_back(std::move(org));
  return doc;
}

}  // namespace

Result<Outcome> Options::Init::Execute(const Options& options, const Io& io, IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  if (store.created()) {
    if (auto st = store.AppendAudit("init.create", fmt::format("schema {}", kSchemaVersion)); !st)
      return std::unexpected(st.error());
  }
  if (!options.init.org_path.empty()) {
    auto profile = LoadOrganisationProfile(options.init.org_path);
    if (!profile) return std::unexpected(profile.error());
    auto sha = Sha256File(options.init.org_path);
    if (!sha) return std::unexpected(sha.error());
    if (*sha == info->profile_sha256) {
      fmt::print(io.out, "{} {} (organisation profile unchanged)\n\n",
                 store.created() ? "Created" : "Checked", store.path());
      auto domains = store.OrgDomains();
      if (!domains) return std::unexpected(domains.error());
      fmt::print(io.out, "{}\n", RenderText(DescribeRecord(store, *info, *domains)));
      return Outcome::kOk;
    }
    ApplyProfile(*profile, &*info);
    info->profile_path = options.init.org_path;
    info->profile_sha256 = *sha;
    if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
    if (auto st = store.SetOrgDomains(profile->domains); !st) return std::unexpected(st.error());
    if (auto st =
            store.AppendAudit("init.profile", fmt::format("organisation profile sha256={}", *sha));
        !st)
      return std::unexpected(st.error());
  }
  auto domains = store.OrgDomains();
  if (!domains) return std::unexpected(domains.error());
  fmt::print(io.out, "{} {}\n\n", store.created() ? "Created" : "Updated", store.path());
  fmt::print(io.out, "{}\n", RenderText(DescribeRecord(store, *info, *domains)));
  return Outcome::kOk;
}

}  // namespace breachkit
