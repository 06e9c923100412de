// The organisation profile: who the controller and the DPO are, the organisation's
// own mail domains (their addresses are staff, never counted as affected persons),
// the signatory, the language of the documents and the time zone of the times shown.
//
// The format is schemas/organisation.xsd (embedded); an example is
// schemas/examples/organisation.xml. A profile is validated against the XSD before
// it is read, and every error names the file, the line and the field.
#ifndef BREACHKIT_CORE_PROFILE_ORGANISATION_H_
#define BREACHKIT_CORE_PROFILE_ORGANISATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

/// Who the controller and its DPO are: the profile's, copied into the incident record
/// (IncidentInfo, core/store/store.h) when it is made.
struct ControllerContact {
  std::string controller_name;
  std::string controller_siren;
  std::string controller_address;
  std::string controller_sector;
  std::string dpo_name;
  std::string dpo_email;
  std::string dpo_phone;  // optional in a profile
};

struct OrganisationProfile : ControllerContact {
  std::string dpo_address;           // optional
  std::vector<std::string> domains;  // lower-cased
  std::string signatory_name;
  std::string signatory_title;
  std::string language;  // "fr" or "en"
  std::string timezone = "Europe/Paris";
  std::string regime = "gdpr";         // core/profile/regime.h
  int64_t deadline_hours = 72;         // the regime's, unless the profile says otherwise
  std::string notify_from = "medium";  // ENISA band from which to notify the CNIL (the
  std::string inform_from = "high";    // regime's by default), and to inform the persons
  int64_t large_audience = 100;        // recipients that make an open list "large"
};

/// Parses and validates a profile held in memory; `file_name` is used in errors only.
Result<OrganisationProfile> ParseOrganisationProfile(std::string_view xml,
                                                     std::string_view file_name);

/// Reads, validates and parses the profile at `path`.
Result<OrganisationProfile> LoadOrganisationProfile(const std::string& path);

/// The XSD the profile follows (schemas/organisation.xsd).
extern const char kOrganisationXsd[];

}  // namespace breachkit

#endif  // BREACHKIT_CORE_PROFILE_ORGANISATION_H_
