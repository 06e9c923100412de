// The name a letter greets a person by, from the display name as the mail wrote it: "Martin,
// Inès" (directory order) becomes "Inès Martin", "THOMAS Maëlys" (the surname in capitals, as
// French forms write it) becomes "Maëlys Thomas", "jean-pierre durand" becomes "Jean-Pierre
// Durand". The record keeps the name as written (it is what was exposed); only the greeting
// and the address block of a letter use this one.
#ifndef BREACHKIT_CORE_PERSONS_PERSON_NAME_H_
#define BREACHKIT_CORE_PERSONS_PERSON_NAME_H_

#include <string>
#include <string_view>

namespace breachkit {

/// "" when the display name is no person's name a letter could greet (an address, a role
/// such as "Service RH", digits): the letter then uses the neutral salutation.
std::string NameForGreeting(std::string_view display_name);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_PERSONS_PERSON_NAME_H_
