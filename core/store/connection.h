// Internal to core/store (and white-box tests): the SQLite connection an IncidentStore owns.
// The rest of breachkit goes through IncidentStore's methods and the core/store functions,
// which never let SQLiteCpp or its exceptions out (store.h).
#ifndef BREACHKIT_CORE_STORE_CONNECTION_H_
#define BREACHKIT_CORE_STORE_CONNECTION_H_

#include "core/store/store.h"

namespace breachkit {

SQLite::Database& Connection(const IncidentStore& store);

/// Two columns of a query over `party`, what FunctionalReason needs besides the address:
/// whether a message's headers named it a list (`named_list`), and its display names,
/// separated by char(31) (kNameSeparator; NULL when it has none: `names`).
inline constexpr char kPartyFunctionalColumns[] =
    "address_key IN (SELECT address_key FROM list_address), "
    "(SELECT group_concat(name, char(31)) FROM party_name WHERE party_id = party.id)";

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_CONNECTION_H_
