// Serial-range arithmetic on an account's holdings, as pure functions over
// sorted vectors. Every unit (1 kg CO2e) has a global serial number; an
// account holds disjoint inclusive ranges, each inside one credit batch.
// Transfers and retirements take either the lowest serials first or exactly
// the ranges named, and the receiver's ranges merge with adjacent ranges of
// the same batch so holdings stay compact.
//
// The rules make these changes in state, key by key, through
// chaincode/holdings.h (which reads only what moves); the functions here are
// the plain model of the same arithmetic that holdings_test.cc checks it
// against. HeldRange and Holdings are the types both use.
#pragma once

#include <cstdint>
#include <vector>

#include "chaincode/status.h"

namespace lincao {

struct HeldRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t batch_id = 0;

  uint64_t count() const { return last - first + 1; }
  bool operator==(const HeldRange&) const = default;
};

// Held ranges, ascending by `first`, disjoint.
using Holdings = std::vector<HeldRange>;

struct Taken {
  Holdings remaining;  // what the holder keeps
  Holdings taken;      // what moves, ascending
};

uint64_t TotalUnits(const Holdings& h);

// Takes `quantity` units, lowest serials first. INSUFFICIENT_UNITS when the
// holder has fewer; TOO_MANY_RANGES when more than `max_ranges` ranges move.
Result<Taken> TakeLowest(const Holdings& held, uint64_t quantity, uint32_t max_ranges);

// Sorts named ranges and checks that they are non-empty, start above 0 and
// do not overlap (INVALID_ARGUMENT), and that there are at most `max_ranges`
// (TOO_MANY_RANGES). Shared by TakeNamed and the stored holdings' named take.
Result<Holdings> NormalizeNamedRanges(Holdings wanted, uint32_t max_ranges);

// Takes exactly `wanted` (any order; each must lie inside one held range, no
// two may overlap). RANGE_NOT_HELD / TOO_MANY_RANGES / INVALID_ARGUMENT.
Result<Taken> TakeNamed(const Holdings& held, Holdings wanted, uint32_t max_ranges);

// Adds `incoming` (disjoint from `held`), merging adjacent same-batch ranges.
Holdings AddRanges(const Holdings& held, const Holdings& incoming);

}  // namespace lincao
