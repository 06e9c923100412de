// Functional addresses: mailboxes that are no one's own — a role (RFC 2142: postmaster,
// abuse, info, sales...), a mailing list or its robots (owner-, -request, -bounces,
// majordomo), a no-reply sender, a bounce (VERP) address, a bug tracker or a bulk-mail
// service. What they show or receive is counted, but they are no affected person: the
// figures report them apart. Pure: a function of the address alone, no I/O.
#ifndef BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_
#define BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_

#include <string_view>

namespace breachkit {

/// Why `address` is a functional mailbox ("role", "list", "no-reply", "mailer-daemon",
/// "bounce", "service-host"), or "" when nothing in it says so (a person's, as far as the
/// address tells). The local part is read word by word (split at . _ - + = !): a role when
/// every word is a role word ("info@", "service.clients@"), not when a name stands beside
/// one ("info.martin@", "contact.jean@": a person's); "josephine@" is no "jo…" role.
std::string_view FunctionalReason(std::string_view address);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_
