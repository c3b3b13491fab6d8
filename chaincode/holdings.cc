#include "chaincode/holdings.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"

namespace lincao {
namespace {

using RangeFn = std::function<bool(const HeldRange&)>;

Status Corrupt(std::string_view account, const std::string& what) {
  return Status(v1::INTERNAL, "holdings of '" + std::string(account) + "' are corrupt: " + what);
}

std::string Span(uint64_t first, uint64_t last) {
  return std::to_string(first) + "-" + std::to_string(last);
}

// Visits the account's ranges ascending, from the first whose last serial is
// at least `from_last`; `fn` returns false to stop. INTERNAL when a stored
// range does not decode or is empty.
Status VisitFrom(const StateReader& state, std::string_view account, uint64_t from_last,
                 const RangeFn& fn) {
  const std::string prefix = keys::HoldingPrefix(account);
  Status bad;
  state.ScanFrom(prefix, keys::Holding(account, from_last),
                 [&](std::string_view key, std::string_view value) {
                   std::string_view suffix = key.substr(prefix.size());
                   HoldingRecord rec;
                   if (suffix.size() != 8 || !HoldingRecord::Decode(value, &rec)) {
                     bad = Corrupt(account, "a holding record does not decode");
                     return false;
                   }
                   const uint64_t last = ReadBigEndian64(suffix);
                   if (rec.first == 0 || rec.first > last) {
                     bad = Corrupt(account, "empty range under key " + std::to_string(last));
                     return false;
                   }
                   return fn(HeldRange{rec.first, last, rec.batch_id});
                 });
  return bad;
}

// The first range whose last serial is at least `from_last`, if any.
Result<std::optional<HeldRange>> FirstFrom(const StateReader& state, std::string_view account,
                                           uint64_t from_last) {
  std::optional<HeldRange> found;
  Status st = VisitFrom(state, account, from_last, [&](const HeldRange& r) {
    found = r;
    return false;
  });
  if (!st.ok()) return st;
  return found;
}

void PutRange(StateView& state, std::string_view account, const HeldRange& r) {
  state.Put(keys::Holding(account, r.last), HoldingRecord{r.batch_id, r.first}.Encode());
}

}  // namespace

Result<AccountHoldings> AccountHoldings::Load(const StateReader& state, std::string_view account) {
  auto loaded = LoadRecord<HoldingSummaryRecord>(state, keys::HoldingSummary(account));
  if (!loaded.ok()) return loaded.status();
  AccountHoldings h(account);
  if (loaded->has_value()) h.summary_ = **loaded;
  h.ranges_at_load_ = h.summary_.ranges;
  return h;
}

Result<Holdings> AccountHoldings::TakeLowest(StateView& state, uint64_t quantity,
                                             uint32_t max_ranges) {
  if (quantity > summary_.units) {
    return Status(v1::INSUFFICIENT_UNITS, "holds " + std::to_string(summary_.units) +
                                              " units, needs " + std::to_string(quantity));
  }
  // Read first, write after: the visit must not see its own edits.
  Holdings moved;
  std::vector<uint64_t> consumed;       // keys of ranges taken whole
  std::optional<HeldRange> rest;        // what stays of a range taken in part
  std::optional<uint64_t> next_lowest;  // key of the lowest range left
  uint64_t need = quantity;
  bool too_many = false;
  Status st = VisitFrom(state, account_, summary_.lowest_last, [&](const HeldRange& r) {
    if (need == 0) {  // the quantity ended on a range boundary: this is the new lowest
      next_lowest = r.last;
      return false;
    }
    if (moved.size() == max_ranges) {
      too_many = true;
      return false;
    }
    if (r.count() <= need) {
      moved.push_back(r);
      consumed.push_back(r.last);
      need -= r.count();
      return true;
    }
    moved.push_back({r.first, r.first + need - 1, r.batch_id});
    rest = HeldRange{r.first + need, r.last, r.batch_id};
    next_lowest = r.last;
    need = 0;
    return false;
  });
  if (!st.ok()) return st;
  if (too_many) {
    return Status(v1::TOO_MANY_RANGES, "moving " + std::to_string(quantity) +
                                           " units lowest-first touches more than " +
                                           std::to_string(max_ranges) +
                                           " ranges, the most one transaction moves: split it");
  }
  if (need > 0) return Corrupt(account_, "the summary counts more units than the ranges hold");
  summary_.ranges -= consumed.size();
  if (summary_.ranges > 0 && !next_lowest) {
    return Corrupt(account_, "the summary counts more ranges than are stored");
  }
  for (uint64_t last : consumed) state.Delete(keys::Holding(account_, last));
  if (rest) PutRange(state, account_, *rest);  // same key: an overwrite, no tombstone
  summary_.units -= quantity;
  summary_.lowest_last = summary_.ranges > 0 ? *next_lowest : 0;
  StoreSummary(state);
  return moved;
}

Result<Holdings> AccountHoldings::TakeNamed(StateView& state, const Holdings& wanted) {
  Holdings moved;
  bool lowest_gone = false;
  for (const HeldRange& want : wanted) {
    auto found = FirstFrom(state, account_, want.first);
    if (!found.ok()) return found.status();
    const std::optional<HeldRange>& r = *found;
    if (!r || r->first > want.first || r->last < want.last) {
      return Status(v1::RANGE_NOT_HELD, "serials " + Span(want.first, want.last) +
                                            " are not held as one range by this account");
    }
    if (want.count() > summary_.units) {
      return Corrupt(account_, "the summary counts fewer units than the ranges hold");
    }
    moved.push_back({want.first, want.last, r->batch_id});
    const bool left = want.first > r->first;
    const bool right = want.last < r->last;
    if (right) {
      PutRange(state, account_, {want.last + 1, r->last, r->batch_id});
    } else {
      state.Delete(keys::Holding(account_, r->last));
    }
    if (left) PutRange(state, account_, {r->first, want.first - 1, r->batch_id});
    if (left && right) summary_.ranges += 1;
    if (!left && !right) summary_.ranges -= 1;
    summary_.units -= want.count();
    // Only a cut from the current lowest range moves the lowest key: down to
    // the part left below the cut, or, when the whole range went, to the
    // first range above it (found once, after the loop).
    if (r->last == summary_.lowest_last) {
      if (left) {
        summary_.lowest_last = want.first - 1;
      } else if (!right) {
        lowest_gone = true;
      }
    }
  }
  if (summary_.ranges == 0) {
    summary_.lowest_last = 0;
  } else if (lowest_gone) {
    // Ranges named later lie above the one that went, so the new lowest is
    // the first range left above it.
    auto next = FirstFrom(state, account_, summary_.lowest_last + 1);
    if (!next.ok()) return next.status();
    if (!*next) return Corrupt(account_, "the summary counts more ranges than are stored");
    summary_.lowest_last = (*next)->last;
  }
  StoreSummary(state);
  return moved;
}

Status AccountHoldings::Add(StateView& state, const Holdings& incoming) {
  // Join incoming ranges that touch (same batch) first, so that no key this
  // call writes is deleted again by it: the write set stays the plain
  // difference between the state before and after (docs/formats.md).
  Holdings joined;
  for (const HeldRange& in : incoming) {
    if (!joined.empty() && joined.back().batch_id == in.batch_id &&
        joined.back().last + 1 == in.first) {
      joined.back().last = in.last;
    } else {
      joined.push_back(in);
    }
  }
  for (const HeldRange& in : joined) {
    HeldRange merged = in;
    bool left_merged = false;
    const bool had_ranges = summary_.ranges > 0;
    // A range ending at in.first - 1 has that key; none can lie below the lowest.
    if (had_ranges && in.first > 1 && in.first - 1 >= summary_.lowest_last) {
      auto left = LoadRecord<HoldingRecord>(state, keys::Holding(account_, in.first - 1));
      if (!left.ok()) return left.status();
      if (left->has_value() && (*left)->batch_id == in.batch_id) {
        merged.first = (*left)->first;
        state.Delete(keys::Holding(account_, in.first - 1));
        summary_.ranges -= 1;
        left_merged = true;
      }
    }
    // The range starting at in.last + 1, if any, is the first one above.
    // When every range lies above (the lowest ends beyond in.last), that is
    // the lowest range itself: a point lookup instead of a seek.
    std::optional<HeldRange> right;
    if (summary_.ranges > 0) {
      if (!left_merged && summary_.lowest_last > in.last) {
        auto rec = LoadRecord<HoldingRecord>(state, keys::Holding(account_, summary_.lowest_last));
        if (!rec.ok()) return rec.status();
        if (!rec->has_value()) return Corrupt(account_, "the lowest range is missing");
        right = HeldRange{(*rec)->first, summary_.lowest_last, (*rec)->batch_id};
      } else {
        auto next = FirstFrom(state, account_, in.last + 1);
        if (!next.ok()) return next.status();
        right = *next;
      }
      if (right && right->first <= in.last) {
        return Corrupt(account_,
                       "incoming serials " + Span(in.first, in.last) + " overlap a held range");
      }
    }
    if (right && right->first == in.last + 1 && right->batch_id == in.batch_id) {
      merged.last = right->last;  // rewrites the right neighbour's key
    } else {
      summary_.ranges += 1;
    }
    PutRange(state, account_, merged);
    summary_.units += in.count();
    // The merged range is the new lowest when nothing was held, when it
    // swallowed the old lowest, or when it ends below it.
    if (!had_ranges || (left_merged && in.first - 1 == summary_.lowest_last) ||
        merged.last < summary_.lowest_last) {
      summary_.lowest_last = merged.last;
    }
  }
  StoreSummary(state);
  return Status::Ok();
}

Status AccountHoldings::CheckRangeLimit(uint32_t max_ranges) const {
  if (summary_.ranges <= max_ranges || summary_.ranges <= ranges_at_load_) return Status::Ok();
  return Status(v1::HOLDINGS_FRAGMENTED,
                "account '" + account_ + "' would hold " + std::to_string(summary_.ranges) +
                    " separate serial ranges; the chain allows " + std::to_string(max_ranges) +
                    " (max_ranges_per_account)");
}

void AccountHoldings::StoreSummary(StateView& state) const {
  if (summary_.ranges == 0 && summary_.units == 0) {
    state.Delete(keys::HoldingSummary(account_));
  } else {
    state.Put(keys::HoldingSummary(account_), summary_.Encode());
  }
}

Result<HoldingsPage> ReadHoldingsPage(const StateReader& state, std::string_view account,
                                      uint64_t after_serial, uint32_t limit) {
  auto holdings = AccountHoldings::Load(state, account);
  if (!holdings.ok()) return holdings.status();
  HoldingsPage page;
  page.summary = holdings->summary();
  // Nothing lies above the largest serial (and after_serial + 1 would wrap).
  if (page.summary.ranges == 0 || limit == 0 || after_serial >= kMaxSerial) return page;
  // Start at the lowest range at the earliest: below it are only the keys of
  // ranges consumed before, which a seek from the prefix would walk.
  const uint64_t from = std::max(page.summary.lowest_last, after_serial + 1);
  bool more = false;
  Status st = VisitFrom(state, account, from, [&](const HeldRange& r) {
    if (page.ranges.size() == limit) {
      more = true;
      return false;
    }
    page.ranges.push_back(r);
    return true;
  });
  if (!st.ok()) return st;
  if (more) page.next_after_serial = page.ranges.back().last;
  return page;
}

}  // namespace lincao
