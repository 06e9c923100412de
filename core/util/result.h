// The one error type of breachkit: every fallible function returns Result<T>
// (std::expected<T, Error>) or Status (Result<void>). No exception crosses a module
// boundary: SQLite's are converted in core/store, GError in core/mail, CLI11's in
// tools/options.cc. An Error carries a code that main() alone maps to an exit code,
// and a message meant for a person: it names the file (and message, offset or line)
// and never holds a detected personal value in clear.
#ifndef BREACHKIT_CORE_UTIL_RESULT_H_
#define BREACHKIT_CORE_UTIL_RESULT_H_

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/core.h>

namespace breachkit {

enum class ErrorCode {
  kUsage,         // the command line is wrong
  kInvalidInput,  // a file the user gave us is not what it should be
  kNotFound,      // a file, record or row that should exist does not
  kIo,            // the operating system refused a read or write
  kDatabase,      // SQLite failed
  kInternal,      // a bug of ours
};

/// Stable lower-case name of a code ("invalid-input"), for logs and JSON.
std::string_view ErrorCodeName(ErrorCode code);

struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

template <typename... Args>
std::unexpected<Error> Fail(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return Fail(code, fmt::format(format, std::forward<Args>(args)...));
}

inline Status Ok() { return {}; }

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_RESULT_H_
