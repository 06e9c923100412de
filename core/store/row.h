// Internal to core/store: reads a result row's columns in order into typed fields, so that
// a row is read in one line (`Row(q) >> a.id >> a.name >> a.parent;`).
#ifndef BREACHKIT_CORE_STORE_ROW_H_
#define BREACHKIT_CORE_STORE_ROW_H_

#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Statement.h>

namespace breachkit {

class Row {
 public:
  explicit Row(SQLite::Statement& q, int first_column = 0) : q_(q), column_(first_column) {}

  Row& operator>>(std::string& v) {
    v = q_.getColumn(column_++).getString();
    return *this;
  }
  Row& operator>>(int64_t& v) {
    v = q_.getColumn(column_++).getInt64();
    return *this;
  }
  Row& operator>>(uint64_t& v) {  // stored as a (non-negative) integer
    v = static_cast<uint64_t>(q_.getColumn(column_++).getInt64());
    return *this;
  }
  Row& operator>>(double& v) {
    v = q_.getColumn(column_++).getDouble();
    return *this;
  }
  Row& operator>>(bool& v) {  // an integer column: non-zero is true
    v = q_.getColumn(column_++).getInt() != 0;
    return *this;
  }
  Row& operator>>(std::optional<int64_t>& v) {  // NULL is nothing
    const SQLite::Column c = q_.getColumn(column_++);
    v = c.isNull() ? std::nullopt : std::optional<int64_t>(c.getInt64());
    return *this;
  }

 private:
  SQLite::Statement& q_;
  int column_;
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_ROW_H_
