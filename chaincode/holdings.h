// One account's holdings as they live in state, edited in place. Each held
// range is one key, h/<account>/<last serial>, whose record carries the
// batch and the first serial; beside them a summary record s/<account> keeps
// the account's units, its number of ranges and the key of its lowest range.
//
// Every operation reads what it moves or must check, never the rest:
//   - taking lowest-first seeks to the lowest range (from the summary) and
//     stops as soon as the quantity is met: at most one range more than it
//     moves. Taking part of a range rewrites that range's key (its last
//     serial does not change), so a sender that moves small amounts from one
//     range leaves no deleted keys behind;
//   - taking named ranges seeks once per range named;
//   - receiving merges each incoming range with its neighbours of the same
//     batch: one point lookup for a range ending just below it, one seek (or
//     a point lookup of the lowest range) for a range starting just above.
// So the keys a transfer reads are bounded by a small multiple of the ranges
// it moves, whatever the parties hold (tests/unit/chaincode/holdings_test.cc
// checks this). docs/formats.md has the layouts, docs/architecture.md the
// reasons.
//
// Thread-safety: none; a value lives inside one apply (or one query).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/records.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

class AccountHoldings {
 public:
  // Reads the account's summary: one key.
  static Result<AccountHoldings> Load(const StateReader& state, std::string_view account);

  const std::string& account() const { return account_; }
  const HoldingSummaryRecord& summary() const { return summary_; }

  // Takes `quantity` (>= 1) units, lowest serials first. INSUFFICIENT_UNITS
  // when the account holds fewer; TOO_MANY_RANGES when the units span more
  // than `max_ranges` ranges. Returns the moved ranges, ascending.
  Result<Holdings> TakeLowest(StateView& state, uint64_t quantity, uint32_t max_ranges);

  // Takes exactly `wanted`, which must be ascending, disjoint and non-empty
  // ranges (NormalizeNamedRanges). RANGE_NOT_HELD when one of them is not
  // inside a single held range. Returns the moved ranges with their batch.
  Result<Holdings> TakeNamed(StateView& state, const Holdings& wanted);

  // Adds `incoming`: ascending, disjoint ranges that this account does not
  // hold. Each merges with an adjacent range of the same batch, on either
  // side, so holdings stay as few ranges as the batches allow.
  Status Add(StateView& state, const Holdings& incoming);

  // HOLDINGS_FRAGMENTED when the account now holds more than `max_ranges`
  // ranges and more than it did at Load: an account over the limit (by
  // issuance, or a lowered limit) can still send and consolidate.
  Status CheckRangeLimit(uint32_t max_ranges) const;

 private:
  explicit AccountHoldings(std::string_view account) : account_(account) {}
  // Writes the summary, or deletes it once nothing is held.
  void StoreSummary(StateView& state) const;

  std::string account_;
  HoldingSummaryRecord summary_;
  uint64_t ranges_at_load_ = 0;
};

// A page of an account's holdings for queries: ranges ascending, starting
// with the first whose last serial is above `after_serial` (0: from the
// lowest), at most `limit` of them.
struct HoldingsPage {
  HoldingSummaryRecord summary;  // totals of the whole account
  Holdings ranges;
  uint64_t next_after_serial = 0;  // pass back for the next page; 0: no more
};
Result<HoldingsPage> ReadHoldingsPage(const StateReader& state, std::string_view account,
                                      uint64_t after_serial, uint32_t limit);

}  // namespace lincao
