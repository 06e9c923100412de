// Internal to core/store: runs a block of SQLiteCpp calls and turns any exception
// into an Error naming the database file and what was being done.
#ifndef BREACHKIT_CORE_STORE_SQL_GUARD_H_
#define BREACHKIT_CORE_STORE_SQL_GUARD_H_

#include <exception>
#include <string>
#include <string_view>

#include <SQLiteCpp/Exception.h>

#include "core/util/result.h"

namespace breachkit {

template <typename F>
auto GuardSql(const std::string& path, std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return Fail(ErrorCode::kDatabase, "{}: cannot {}: {}", path, what, e.what());
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, "{}: cannot {}: {}", path, what, e.what());
  }
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_SQL_GUARD_H_
