#include "chaincode/vintage.h"

namespace lincao {
namespace {

constexpr uint64_t kMsPerDay = 24ull * 60 * 60 * 1000;
// Any 400 consecutive Gregorian years hold exactly 97 leap years, so they
// span 400 * 365 + 97 days: whole cycles can be skipped without looking at
// which years they contain.
constexpr uint64_t kDaysPer400Years = 400 * 365 + 97;

bool IsLeapYear(uint64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

uint64_t DayInChinaStandardTime(uint64_t unix_ms) {
  // floor((unix_ms + 8 h) / 1 day), computed without forming the sum so that
  // no input wraps.
  uint64_t days = unix_ms / kMsPerDay;
  if (unix_ms % kMsPerDay >= kMsPerDay - kChinaStandardTimeOffsetMs) ++days;
  return days;
}

uint32_t YearInChinaStandardTime(uint64_t unix_ms) {
  uint64_t days = DayInChinaStandardTime(unix_ms);
  uint64_t year = 1970 + 400 * (days / kDaysPer400Years);
  days %= kDaysPer400Years;
  // At most 400 steps: walk the remaining years one by one.
  for (;;) {
    const uint64_t length = IsLeapYear(year) ? 366 : 365;
    if (days < length) break;
    days -= length;
    ++year;
  }
  return static_cast<uint32_t>(year);
}

uint32_t VintageOfPeriod(uint64_t period_end_ms) {
  return YearInChinaStandardTime(period_end_ms - 1);
}

}  // namespace lincao
