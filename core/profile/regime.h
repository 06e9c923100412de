// The law a notification follows, as data: how long after becoming aware the controller
// has to notify the authority, from which risk it must, and where the notification goes.
// The profile names one (<regime>, schemas/organisation.xsd), the incident record keeps it,
// and every deadline, decision and text reads it from there: a change of the law is a change
// of the profile, not of the code (doc/regulatory.md §2.4).
#ifndef BREACHKIT_CORE_PROFILE_REGIME_H_
#define BREACHKIT_CORE_PROFILE_REGIME_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace breachkit {

/// When the authority must be notified.
enum class NotifyWhen {
  kRisk,      // GDPR Art. 33(1): unless the breach is unlikely to result in a risk
  kHighRisk,  // only when it is likely to result in a high risk (the Art. 34 threshold)
};

struct Regime {
  std::string_view name;  // as the profile and the record name it: "gdpr"
  std::string_view fr;    // in the documents
  std::string_view en;
  int64_t deadline_hours;  // after becoming aware
  NotifyWhen notify_when;
  std::string_view notify_from;  // default ENISA bands of the profile's <thresholds>
  std::string_view inform_from;
  std::string_view authority_fr;  // where the notification goes: "à la CNIL", "au point …"
  std::string_view authority_en;
  std::string_view deadline_basis;  // the clock's legal basis, in the terminal's English
};

inline constexpr std::array<Regime, 2> kRegimes{{
    {"gdpr", "RGPD, art. 33 et 34", "GDPR, Art. 33 and 34", 72, NotifyWhen::kRisk, "medium", "high",
     "à la CNIL (téléservice de notification)", "the CNIL (its online notification form)",
     "GDPR Art. 33(1)"},
    // The Commission's "Digital Omnibus" proposal of 19 November 2025, if it is adopted as
    // proposed: 96 hours, high risk only, one entry point for every incident report.
    {"digital-omnibus", "RGPD tel que le modifierait la proposition « Digital Omnibus » (2025)",
     "GDPR as the \"Digital Omnibus\" proposal (2025) would amend it", 96, NotifyWhen::kHighRisk,
     "high", "high", "au point d'entrée unique de l'UE (ENISA), qui la transmet à la CNIL",
     "the EU single entry point (ENISA), which passes it on to the CNIL",
     "GDPR Art. 33(1) as the Digital Omnibus proposal would amend it"},
}};

/// The regime named `name`, the GDPR's for an unknown or empty name (a record made before
/// regimes were recorded).
const Regime& RegimeNamed(std::string_view name);

/// The clock's heading in the terminal: "72-hour clock (GDPR Art. 33(1))", "96-hour clock
/// (GDPR Art. 33(1) as the Digital Omnibus proposal would amend it)".
std::string ClockTitle(std::string_view regime, int64_t hours);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_PROFILE_REGIME_H_
