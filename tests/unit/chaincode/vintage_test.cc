// The vintage year in China Standard Time (UTC+8), computed by integer
// civil-date arithmetic: pinned values at year boundaries and leap days, and
// every midnight in Beijing from 1970 to 2200 compared with the standard
// library's civil calendar.
#include <gtest/gtest.h>

#include <chrono>

#include "chaincode/vintage.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

constexpr uint64_t kHourMs = 60ull * 60 * 1000;

TEST(Vintage, YearBoundariesInBeijing) {
  struct Case {
    uint64_t ms;
    uint32_t year;
  } cases[] = {
      {0, 1970},                        // 08:00 on 1970-01-01 in Beijing
      {testing::kCst2025Ms - 1, 2024},  // 2024-12-31T23:59:59.999+08
      {testing::kCst2025Ms, 2025},      // 2025-01-01T00:00+08 = 2024-12-31T16:00Z
      {testing::kCst2026Ms - 1, 2025},
      {testing::kCst2026Ms, 2026},
      {testing::kCst2026Ms + 8 * kHourMs, 2026},  // 2026-01-01T00:00Z
      {946656000000 - 1, 1999},                   // 2000-01-01T00:00+08, minus 1 ms
      {946656000000, 2000},
      {978278400000 - 1, 2000},  // 2000 is a leap year: 366 days
      {978278400000, 2001},
      {1709179200000, 2024},      // 2024-02-29T12:00+08
      {4102416000000 - 1, 2099},  // 2100-01-01T00:00+08
      {4133952000000 - 1, 2100},  // 2100 is not a leap year: 365 days
      {4133952000000, 2101},
      {253402271999999, 9999},  // 9999-12-31T23:59:59.999+08
  };
  for (const Case& c : cases) EXPECT_EQ(YearInChinaStandardTime(c.ms), c.year) << c.ms;
  // The largest instant does not wrap or crash.
  EXPECT_EQ(YearInChinaStandardTime(UINT64_MAX), 584556019u);
}

TEST(Vintage, APeriodCountsInTheYearOfItsLastMillisecond) {
  EXPECT_EQ(VintageOfPeriod(testing::kCst2026Ms), 2025u);
  EXPECT_EQ(VintageOfPeriod(testing::kCst2026Ms + 1), 2026u);
  EXPECT_EQ(VintageOfPeriod(1), 1970u);
}

TEST(Vintage, EveryMidnightInBeijingAgreesWithTheCivilCalendar) {
  using namespace std::chrono;
  const sys_days first = year_month_day{year{1970}, January, day{2}};
  const sys_days last = year_month_day{year{2200}, December, day{31}};
  for (sys_days d = first; d <= last; d += days{1}) {
    // Midnight in Beijing of calendar day d is 16:00 UTC of the day before.
    const uint64_t midnight =
        static_cast<uint64_t>(
            duration_cast<milliseconds>((d - days{1}).time_since_epoch()).count()) +
        16 * kHourMs;
    const int y = static_cast<int>(year_month_day{d}.year());
    const int y_before = static_cast<int>(year_month_day{d - days{1}}.year());
    ASSERT_EQ(YearInChinaStandardTime(midnight), static_cast<uint32_t>(y)) << midnight;
    ASSERT_EQ(YearInChinaStandardTime(midnight - 1), static_cast<uint32_t>(y_before)) << midnight;
  }
}

}  // namespace
}  // namespace lincao
