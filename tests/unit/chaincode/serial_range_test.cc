// Serial-range arithmetic: TakeLowest, TakeNamed, AddRanges, and a
// randomized conservation property (fixed seed).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "chaincode/serial_range.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using H = Holdings;

std::string Show(const Holdings& h) { return testing::ShowHoldings(h); }

#define EXPECT_HOLDINGS(actual, expected) EXPECT_EQ(Show(actual), Show(expected))

const H kThreeBatches = {{1, 10, 1}, {11, 20, 2}, {30, 40, 3}};

TEST(TakeLowest, ExactFit) {
  auto t = TakeLowest({{1, 10, 1}}, 10, 64);
  ASSERT_TRUE(t.ok());
  EXPECT_HOLDINGS(t->taken, (H{{1, 10, 1}}));
  EXPECT_TRUE(t->remaining.empty());
}

TEST(TakeLowest, SplitsTheLastRange) {
  auto t = TakeLowest({{1, 10, 1}}, 4, 64);
  ASSERT_TRUE(t.ok());
  EXPECT_HOLDINGS(t->taken, (H{{1, 4, 1}}));
  EXPECT_HOLDINGS(t->remaining, (H{{5, 10, 1}}));
}

TEST(TakeLowest, AcrossBatches) {
  auto t = TakeLowest(kThreeBatches, 15, 64);
  ASSERT_TRUE(t.ok());
  EXPECT_HOLDINGS(t->taken, (H{{1, 10, 1}, {11, 15, 2}}));
  EXPECT_HOLDINGS(t->remaining, (H{{16, 20, 2}, {30, 40, 3}}));
  auto all = TakeLowest(kThreeBatches, 31, 64);
  ASSERT_TRUE(all.ok());
  EXPECT_HOLDINGS(all->taken, kThreeBatches);
  EXPECT_TRUE(all->remaining.empty());
}

TEST(TakeLowest, Insufficient) {
  auto t = TakeLowest(kThreeBatches, 32, 64);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::INSUFFICIENT_UNITS);
  auto none = TakeLowest({}, 1, 64);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), v1::INSUFFICIENT_UNITS);
}

TEST(TakeLowest, TooManyRanges) {
  // 21 units touch three ranges; with at most two per tx that is refused,
  // while 20 units (two ranges) pass.
  auto t = TakeLowest(kThreeBatches, 21, 2);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::TOO_MANY_RANGES);
  EXPECT_TRUE(TakeLowest(kThreeBatches, 20, 2).ok());
}

TEST(TakeNamed, WholeRangeAndInnerSplit) {
  auto whole = TakeNamed(kThreeBatches, {{11, 20, 0}}, 64);
  ASSERT_TRUE(whole.ok());
  EXPECT_HOLDINGS(whole->taken, (H{{11, 20, 2}}));  // batch id comes from the holding
  EXPECT_HOLDINGS(whole->remaining, (H{{1, 10, 1}, {30, 40, 3}}));

  auto inner = TakeNamed(kThreeBatches, {{3, 4, 0}}, 64);
  ASSERT_TRUE(inner.ok());
  EXPECT_HOLDINGS(inner->taken, (H{{3, 4, 1}}));
  EXPECT_HOLDINGS(inner->remaining, (H{{1, 2, 1}, {5, 10, 1}, {11, 20, 2}, {30, 40, 3}}));
}

TEST(TakeNamed, EdgesOfARange) {
  auto first = TakeNamed(kThreeBatches, {{1, 1, 0}}, 64);
  ASSERT_TRUE(first.ok());
  EXPECT_HOLDINGS(first->taken, (H{{1, 1, 1}}));
  EXPECT_HOLDINGS(first->remaining, (H{{2, 10, 1}, {11, 20, 2}, {30, 40, 3}}));
  auto last = TakeNamed(kThreeBatches, {{40, 40, 0}}, 64);
  ASSERT_TRUE(last.ok());
  EXPECT_HOLDINGS(last->taken, (H{{40, 40, 3}}));
  EXPECT_HOLDINGS(last->remaining, (H{{1, 10, 1}, {11, 20, 2}, {30, 39, 3}}));
}

TEST(TakeNamed, SeveralUnorderedAndAdjacent) {
  auto t = TakeNamed(kThreeBatches, {{35, 36, 0}, {6, 7, 0}, {3, 4, 0}, {5, 5, 0}}, 64);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_HOLDINGS(t->taken, (H{{3, 4, 1}, {5, 5, 1}, {6, 7, 1}, {35, 36, 3}}));
  EXPECT_HOLDINGS(t->remaining, (H{{1, 2, 1}, {8, 10, 1}, {11, 20, 2}, {30, 34, 3}, {37, 40, 3}}));
  EXPECT_EQ(TotalUnits(t->taken) + TotalUnits(t->remaining), TotalUnits(kThreeBatches));
}

TEST(TakeNamed, Overlapping) {
  for (const H& wanted :
       {H{{3, 6, 0}, {6, 8, 0}}, H{{3, 6, 0}, {3, 6, 0}}, H{{5, 5, 0}, {1, 9, 0}}}) {
    auto t = TakeNamed(kThreeBatches, wanted, 64);
    ASSERT_FALSE(t.ok()) << Show(wanted);
    EXPECT_EQ(t.status().code(), v1::INVALID_ARGUMENT) << Show(wanted);
  }
}

TEST(TakeNamed, EmptyOrZeroRanges) {
  for (const H& wanted : {H{{0, 3, 0}}, H{{5, 4, 0}}}) {
    auto t = TakeNamed(kThreeBatches, wanted, 64);
    ASSERT_FALSE(t.ok()) << Show(wanted);
    EXPECT_EQ(t.status().code(), v1::INVALID_ARGUMENT) << Show(wanted);
  }
}

TEST(TakeNamed, StraddlingAdjacentHoldingsOfTwoBatches) {
  // 5..15 is held, but across two ranges (batches 1 and 2): a named range
  // must lie inside one holding.
  auto t = TakeNamed(kThreeBatches, {{5, 15, 0}}, 64);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::RANGE_NOT_HELD);
}

TEST(TakeNamed, NotHeld) {
  for (const H& wanted : {H{{21, 29, 0}},              // in a gap
                          H{{25, 32, 0}},              // starts in a gap, ends held
                          H{{38, 45, 0}},              // runs past the last holding
                          H{{41, 50, 0}},              // after everything
                          H{{3, 4, 0}, {22, 22, 0}}})  // one good, one not
  {
    auto t = TakeNamed(kThreeBatches, wanted, 64);
    ASSERT_FALSE(t.ok()) << Show(wanted);
    EXPECT_EQ(t.status().code(), v1::RANGE_NOT_HELD) << Show(wanted);
  }
  auto empty = TakeNamed({}, {{1, 1, 0}}, 64);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), v1::RANGE_NOT_HELD);
}

TEST(TakeNamed, TooManyRanges) {
  auto t = TakeNamed(kThreeBatches, {{1, 1, 0}, {3, 3, 0}, {5, 5, 0}}, 2);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::TOO_MANY_RANGES);
  EXPECT_TRUE(TakeNamed(kThreeBatches, {{1, 1, 0}, {3, 3, 0}}, 2).ok());
}

TEST(AddRanges, IntoEmpty) {
  EXPECT_HOLDINGS(AddRanges({}, {{5, 9, 1}}), (H{{5, 9, 1}}));
  EXPECT_HOLDINGS(AddRanges({{5, 9, 1}}, {}), (H{{5, 9, 1}}));
}

TEST(AddRanges, MergesSameBatchOnBothSides) {
  EXPECT_HOLDINGS(AddRanges({{1, 5, 1}, {11, 15, 1}}, {{6, 10, 1}}), (H{{1, 15, 1}}));
}

TEST(AddRanges, DoesNotMergeAcrossBatchesOrGaps) {
  EXPECT_HOLDINGS(AddRanges({{1, 10, 1}}, {{11, 20, 2}}), (H{{1, 10, 1}, {11, 20, 2}}));
  EXPECT_HOLDINGS(AddRanges({{1, 5, 1}}, {{7, 9, 1}}), (H{{1, 5, 1}, {7, 9, 1}}));
}

TEST(AddRanges, UnsortedIncomingMergesAmongItself) {
  EXPECT_HOLDINGS(AddRanges({{20, 25, 2}}, {{8, 9, 1}, {1, 3, 1}, {4, 7, 1}, {26, 26, 2}}),
                  (H{{1, 9, 1}, {20, 26, 2}}));
}

// ---- property: conservation and exclusivity --------------------------------

struct Batch {
  uint64_t first, last;
};

// Checks one account's holdings: sorted, disjoint, non-empty ranges, each
// inside its batch, and compact (no two adjacent ranges of one batch).
std::string CheckShape(const Holdings& h, const std::map<uint64_t, Batch>& batches) {
  for (size_t i = 0; i < h.size(); ++i) {
    const HeldRange& r = h[i];
    if (r.first > r.last) return "empty range " + Show({r});
    auto b = batches.find(r.batch_id);
    if (b == batches.end() || r.first < b->second.first || r.last > b->second.last) {
      return "range outside its batch " + Show({r});
    }
    if (i > 0 && h[i - 1].last >= r.first) return "unsorted or overlapping " + Show(h);
    if (i > 0 && h[i - 1].last + 1 == r.first && h[i - 1].batch_id == r.batch_id) {
      return "not merged " + Show(h);
    }
  }
  return "";
}

TEST(SerialRangeProperty, ConservesUnitsAndKeepsSerialsExclusive) {
  std::mt19937_64 rng(0x5e71a1);
  constexpr int kAccounts = 5;
  std::vector<Holdings> acct(kAccounts);
  std::map<uint64_t, Batch> batches;
  uint64_t next_serial = 1, total = 0;
  // Six batches of varying size issued to random accounts.
  for (uint64_t b = 1; b <= 6; ++b) {
    uint64_t q = 1 + rng() % 500;
    batches[b] = {next_serial, next_serial + q - 1};
    int to = static_cast<int>(rng() % kAccounts);
    acct[to] = AddRanges(acct[to], {{next_serial, next_serial + q - 1, b}});
    next_serial += q;
    total += q;
  }
  int ok_lowest = 0, ok_named = 0, refused = 0;
  for (int step = 0; step < 3000; ++step) {
    int from = static_cast<int>(rng() % kAccounts);
    int to = static_cast<int>(rng() % kAccounts);
    if (from == to) continue;
    const uint32_t max_ranges = 1 + static_cast<uint32_t>(rng() % 16);
    Result<Taken> taken = Status(v1::INTERNAL, "unset");
    bool named = rng() % 2 == 0;
    if (!named) {
      uint64_t held = TotalUnits(acct[from]);
      uint64_t q = 1 + rng() % (held / 2 + 20);  // now and then more than held
      taken = TakeLowest(acct[from], q, max_ranges);
    } else {
      // Pick up to three disjoint sub-ranges of the sender's holdings, and
      // now and then a range that is not held at all.
      Holdings wanted;
      for (const HeldRange& r : acct[from]) {
        if (rng() % 3 != 0 || wanted.size() == 3) continue;
        uint64_t a = r.first + rng() % r.count();
        uint64_t b = a + rng() % (r.last - a + 1);
        wanted.push_back({a, b, 0});
      }
      if (rng() % 10 == 0) wanted.push_back({next_serial + 5, next_serial + 9, 0});
      std::shuffle(wanted.begin(), wanted.end(), rng);
      taken = TakeNamed(acct[from], wanted, max_ranges);
    }
    if (!taken.ok()) {
      ++refused;
      const ErrorCode c = taken.status().code();
      ASSERT_TRUE(c == v1::INSUFFICIENT_UNITS || c == v1::TOO_MANY_RANGES ||
                  c == v1::RANGE_NOT_HELD)
          << taken.status().ToString();
      continue;
    }
    ASSERT_LE(taken->taken.size(), max_ranges);
    ASSERT_EQ(TotalUnits(taken->taken) + TotalUnits(taken->remaining), TotalUnits(acct[from]));
    (named ? ok_named : ok_lowest)++;
    acct[from] = taken->remaining;
    acct[to] = AddRanges(acct[to], taken->taken);

    // Conservation and exclusivity over every account.
    uint64_t sum = 0;
    Holdings everything;
    for (const Holdings& h : acct) {
      ASSERT_EQ(CheckShape(h, batches), "") << "step " << step;
      sum += TotalUnits(h);
      everything.insert(everything.end(), h.begin(), h.end());
    }
    ASSERT_EQ(sum, total) << "step " << step;
    std::sort(everything.begin(), everything.end(),
              [](const HeldRange& a, const HeldRange& b) { return a.first < b.first; });
    for (size_t i = 1; i < everything.size(); ++i) {
      ASSERT_LT(everything[i - 1].last, everything[i].first) << "serial in two places";
    }
  }
  // The run exercised every path (guards against a generator that only fails).
  EXPECT_GT(ok_lowest, 300) << ok_lowest;
  EXPECT_GT(ok_named, 300) << ok_named;
  EXPECT_GT(refused, 100) << refused;
}

}  // namespace
}  // namespace lincao
