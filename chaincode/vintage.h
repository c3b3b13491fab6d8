// The vintage of a credit batch: the calendar year, in China Standard Time
// (UTC+8, no daylight saving), of the last millisecond of its monitoring
// period. Computed with integer civil-date arithmetic only, no time library,
// so that every node and every outside verifier gets the same year
// (docs/formats.md "issue_credits" has a worked example).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

namespace lincao {

inline constexpr uint64_t kChinaStandardTimeOffsetMs = 8ull * 60 * 60 * 1000;

// The day number of the instant `unix_ms` on the UTC+8 calendar:
// floor((unix_ms + 8 h) / 1 day), day 0 = 1970-01-01 in Beijing. Personal
// carbon points are recorded per such day (docs/formats.md "Personal carbon
// points").
uint64_t DayInChinaStandardTime(uint64_t unix_ms);

// The Gregorian year, in UTC+8, of the instant `unix_ms` (ms since
// 1970-01-01T00:00:00Z).
uint32_t YearInChinaStandardTime(uint64_t unix_ms);

// The vintage of a period [start, end): the year of its last millisecond,
// end - 1. `period_end_ms` must be at least 1.
uint32_t VintageOfPeriod(uint64_t period_end_ms);

}  // namespace lincao
