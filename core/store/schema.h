// The schema text, embedded from schemas/incident.sql at build time
// (tools/cmake/embed.cmake). Only core/store uses it.
#ifndef BREACHKIT_CORE_STORE_SCHEMA_H_
#define BREACHKIT_CORE_STORE_SCHEMA_H_

namespace breachkit {

/// Full DDL of the current schema version; ends with PRAGMA user_version.
extern const char kIncidentSchemaSql[];

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_SCHEMA_H_
