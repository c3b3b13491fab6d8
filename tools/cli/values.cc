#include "tools/cli/values.h"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "chaincode/vintage.h"

namespace lincao::cli {
namespace {

Status Bad(std::string_view what, std::string why) {
  return Status(v1::INVALID_ARGUMENT, std::string(what) + " " + why);
}

}  // namespace

Result<uint64_t> ParseTimeMs(std::string_view text, std::string_view what, int64_t date_offset_ms) {
  if (auto ms = ParseUint(text)) return *ms;

  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int zone_hours = 0, zone_minutes = 0;
  char tail = 0;
  const std::string s(text);
  int64_t offset_ms = 0;  // how far ahead of UTC the written time is
  const bool date_only =
      s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3;
  bool date_time = false;
  if (date_only) {
    offset_ms = date_offset_ms;
  } else if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour,
                         &minute, &second, &tail) == 7) {
    if (tail == 'Z' && s.size() == 20) {
      date_time = true;
    } else if ((tail == '+' || tail == '-') && s.size() == 25 && s[22] == ':' &&
               std::sscanf(s.c_str() + 20, "%2d:%2d", &zone_hours, &zone_minutes) == 2 &&
               zone_hours <= 14 && zone_minutes <= 59) {
      date_time = true;
      offset_ms = (tail == '+' ? 1 : -1) * (zone_hours * 60 + zone_minutes) * int64_t{60000};
    }
  }
  if (!date_only && !date_time) {
    return Bad(what, "'" + s +
                         "' is neither unix milliseconds nor a date like 2025-01-31 (or "
                         "2025-01-31T08:00:00Z, 2025-01-31T08:00:00+08:00)");
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    return Bad(what, "'" + s + "' is not a valid date");
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const time_t secs = timegm(&tm);
  const int64_t ms = static_cast<int64_t>(secs) * 1000 - offset_ms;
  if (secs < 0 || ms < 0) return Bad(what, "'" + s + "' is before 1970");
  return static_cast<uint64_t>(ms);
}

Result<uint64_t> ParseChinaTimeMs(std::string_view text, std::string_view what) {
  return ParseTimeMs(text, what, static_cast<int64_t>(kChinaStandardTimeOffsetMs));
}

Result<Bytes> ParseHexArg(std::string_view text, std::string_view what, size_t bytes) {
  std::optional<Bytes> b = FromHex(text);
  if (!b) return Bad(what, "must be hex (0-9, a-f), got '" + std::string(text) + "'");
  if (bytes != 0 && b->size() != bytes) {
    return Bad(what, "must be " + std::to_string(bytes) + " bytes (" + std::to_string(2 * bytes) +
                         " hex digits), got " + std::to_string(b->size()));
  }
  return *b;
}

std::optional<uint64_t> ParseUint(std::string_view text) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

bool LooksLikeId(std::string_view id) {
  if (id.size() < 2 || id.size() > 64) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

}  // namespace lincao::cli
