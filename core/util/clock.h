// Time for breachkit: a Clock interface (so the notification deadline and every
// "recorded at" are testable) and the ISO 8601 formatting every writer uses.
// Instants are int64 seconds since the Unix epoch, UTC.
#ifndef BREACHKIT_CORE_UTIL_CLOCK_H_
#define BREACHKIT_CORE_UTIL_CLOCK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

using GTimeZone = struct _GTimeZone;  // glib.h

namespace breachkit {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnix() const = 0;
};

/// The real clock. SOURCE_DATE_EPOCH, when set, fixes it (reproducible builds' convention),
/// so that two runs on the same input produce the same record.
const Clock& SystemClock();

/// A clock that stays where it is told (tests).
class FixedClock : public Clock {
 public:
  explicit FixedClock(int64_t now) : now_(now) {}
  int64_t NowUnix() const override { return now_; }
  void Set(int64_t now) { now_ = now; }

 private:
  int64_t now_;
};

/// Parses a time a person typed: "now", ISO 8601 with an offset ("2025-09-12T09:30:00+02:00",
/// "...Z"), or without one ("2025-09-12T09:30", "2025-09-12 09:30:00"), read in `zone` (an
/// IANA name; the wall-clock time is taken as that zone shows it on that date, so summer and
/// winter time are right). Seconds may be left out. The error says what is accepted.
Result<int64_t> ParseTime(std::string_view text, std::string_view zone, const Clock& clock);

/// The IANA zone named `zone` ("Europe/Paris"), or null when GLib knows no such zone. Read from
/// the zone database once per name and process, then shared (GLib reads and parses the file at
/// each g_time_zone_new_identifier: a third of the letters' time went there); the process owns
/// it, the caller neither frees nor keeps a reference to it. Safe from any thread.
GTimeZone* TimeZoneNamed(std::string_view zone);

/// "2026-09-12T07:30:00Z".
std::string FormatUtc(int64_t unix_seconds);
/// "2026-09-12T09:30:00+02:00": the instant shown at a fixed offset (minutes east of UTC).
std::string FormatWithOffset(int64_t unix_seconds, int offset_minutes);
/// The instant shown in an IANA zone ("Europe/Paris"), with that zone's offset at that instant.
std::string FormatInZone(int64_t unix_seconds, std::string_view zone);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_CLOCK_H_
