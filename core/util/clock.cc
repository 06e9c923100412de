#include "core/util/clock.h"

#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>

#include <fmt/core.h>
#include <glib.h>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

class RealClock : public Clock {
 public:
  int64_t NowUnix() const override {
    if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH"); fixed && *fixed) {
      char* end = nullptr;
      const long long v = std::strtoll(fixed, &end, 10);
      if (end && *end == '\0') return v;
    }
    return static_cast<int64_t>(std::time(nullptr));
  }
};

std::string FormatDateTime(GDateTime* dt) {
  return TakeGString(g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S"));
}

std::string OffsetSuffix(int offset_minutes) {
  const char sign = offset_minutes < 0 ? '-' : '+';
  const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}{:02}:{:02}", sign, a / 60, a % 60);
}

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

Result<int64_t> ParseTime(std::string_view text, std::string_view zone, const Clock& clock) {
  std::string t(text);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  if (t == "now") return clock.NowUnix();
  // GLib wants seconds: "2025-09-12T09:30" -> "2025-09-12T09:30:00" (before any offset).
  if (t.size() >= 16 && (t[10] == 'T' || t[10] == ' ') && t[13] == ':' &&
      (t.size() == 16 || t[16] == 'Z' || t[16] == '+' || t[16] == '-')) {
    t.insert(16, ":00");
  }
  if (t.size() >= 11 && t[10] == ' ') t[10] = 'T';
  GTimeZone* tz = TimeZoneNamed(zone);
  if (tz == nullptr) return Fail(ErrorCode::kInvalidInput, "unknown time zone '{}'", zone);
  DeletableUniquePtr<GDateTime, g_date_time_unref> dt(g_date_time_new_from_iso8601(t.c_str(), tz));
  if (!dt) {
    return Fail(ErrorCode::kUsage,
                "'{}' is not a time: use now, 2025-09-12T09:30 (read in {}), or "
                "2025-09-12T09:30:00+02:00",
                text, zone);
  }
  return static_cast<int64_t>(g_date_time_to_unix(dt.get()));
}

GTimeZone* TimeZoneNamed(std::string_view zone) {
  static std::mutex mutex;
  static std::map<std::string, GTimeZone*, std::less<>> zones;  // kept for the process's life
  const std::lock_guard lock(mutex);
  if (auto it = zones.find(zone); it != zones.end()) return it->second;
  GTimeZone* tz = g_time_zone_new_identifier(std::string(zone).c_str());
  zones.emplace(zone, tz);
  return tz;
}

std::string FormatUtc(int64_t unix_seconds) {
  DeletableUniquePtr<GDateTime, g_date_time_unref> dt(g_date_time_new_from_unix_utc(unix_seconds));
  if (!dt) return "invalid-time";
  return FormatDateTime(dt.get()) + "Z";
}

std::string FormatWithOffset(int64_t unix_seconds, int offset_minutes) {
  DeletableUniquePtr<GDateTime, g_date_time_unref> utc(
      g_date_time_new_from_unix_utc(unix_seconds + int64_t{offset_minutes} * 60));
  if (!utc) return "invalid-time";
  return FormatDateTime(utc.get()) + OffsetSuffix(offset_minutes);
}

std::string FormatInZone(int64_t unix_seconds, std::string_view zone) {
  GTimeZone* tz = TimeZoneNamed(zone);
  if (tz == nullptr) return FormatUtc(unix_seconds);
  DeletableUniquePtr<GDateTime, g_date_time_unref> utc(g_date_time_new_from_unix_utc(unix_seconds));
  if (!utc) return "invalid-time";
  DeletableUniquePtr<GDateTime, g_date_time_unref> local(g_date_time_to_timezone(utc.get(), tz));
  const int offset_minutes =
      static_cast<int>(g_date_time_get_utc_offset(local.get()) / G_TIME_SPAN_MINUTE);
  return FormatDateTime(local.get()) + OffsetSuffix(offset_minutes);
}

}  // namespace breachkit
