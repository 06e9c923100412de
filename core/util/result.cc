#include "core/util/result.h"

namespace breachkit {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUsage: return "usage";
    case ErrorCode::kInvalidInput: return "invalid-input";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kDatabase: return "database";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::ToString() const { return fmt::format("{}: {}", ErrorCodeName(code), message); }

}  // namespace breachkit
