// Internal to core/store (and white-box tests): the SQLite connection an IncidentStore owns.
// The rest of breachkit goes through IncidentStore's methods and the core/store functions,
// which never let SQLiteCpp or its exceptions out (store.h).
#ifndef BREACHKIT_CORE_STORE_CONNECTION_H_
#define BREACHKIT_CORE_STORE_CONNECTION_H_

#include "core/store/store.h"

namespace breachkit {

SQLite::Database& Connection(const IncidentStore& store);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_CONNECTION_H_
