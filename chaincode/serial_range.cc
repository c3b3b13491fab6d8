#include "chaincode/serial_range.h"

#include <algorithm>
#include <string>

namespace lincao {

uint64_t TotalUnits(const Holdings& h) {
  uint64_t total = 0;
  for (const auto& r : h) total += r.count();
  return total;
}

Result<Taken> TakeLowest(const Holdings& held, uint64_t quantity, uint32_t max_ranges) {
  Taken out;
  uint64_t need = quantity;
  for (const HeldRange& r : held) {
    if (need == 0) {
      out.remaining.push_back(r);
      continue;
    }
    if (r.count() <= need) {
      out.taken.push_back(r);
      need -= r.count();
    } else {
      out.taken.push_back({r.first, r.first + need - 1, r.batch_id});
      out.remaining.push_back({r.first + need, r.last, r.batch_id});
      need = 0;
    }
  }
  if (need > 0) {
    return Status(v1::INSUFFICIENT_UNITS, "holds " + std::to_string(TotalUnits(held)) +
                                              " units, needs " + std::to_string(quantity));
  }
  if (out.taken.size() > max_ranges) {
    return Status(v1::TOO_MANY_RANGES,
                  "moving " + std::to_string(quantity) + " units lowest-first touches " +
                      std::to_string(out.taken.size()) + " ranges; at most " +
                      std::to_string(max_ranges) + " per transaction: split it");
  }
  return out;
}

Result<Holdings> NormalizeNamedRanges(Holdings wanted, uint32_t max_ranges) {
  if (wanted.size() > max_ranges) {
    return Status(v1::TOO_MANY_RANGES, std::to_string(wanted.size()) + " ranges named; at most " +
                                           std::to_string(max_ranges) + " per transaction");
  }
  std::sort(wanted.begin(), wanted.end(),
            [](const HeldRange& a, const HeldRange& b) { return a.first < b.first; });
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (wanted[i].first == 0 || wanted[i].first > wanted[i].last) {
      return Status(v1::INVALID_ARGUMENT, "range " + std::to_string(wanted[i].first) + "-" +
                                              std::to_string(wanted[i].last) +
                                              " is empty or starts at 0");
    }
    if (i > 0 && wanted[i].first <= wanted[i - 1].last) {
      return Status(v1::INVALID_ARGUMENT,
                    "named ranges overlap at serial " + std::to_string(wanted[i].first));
    }
  }
  return wanted;
}

Result<Taken> TakeNamed(const Holdings& held, Holdings requested, uint32_t max_ranges) {
  auto normalized = NormalizeNamedRanges(std::move(requested), max_ranges);
  if (!normalized.ok()) return normalized.status();
  const Holdings& wanted = *normalized;
  Taken out;
  size_t w = 0;
  for (const HeldRange& r : held) {
    uint64_t cursor = r.first;  // first serial of r not yet assigned
    while (w < wanted.size() && wanted[w].first <= r.last) {
      const HeldRange& want = wanted[w];
      if (want.first < r.first || want.last > r.last) break;  // not inside r
      if (want.first > cursor) out.remaining.push_back({cursor, want.first - 1, r.batch_id});
      out.taken.push_back({want.first, want.last, r.batch_id});
      cursor = want.last + 1;
      ++w;
    }
    if (w < wanted.size() && wanted[w].first <= r.last && wanted[w].first >= r.first &&
        wanted[w].last > r.last) {
      break;  // straddles the end of a held range
    }
    if (cursor <= r.last) out.remaining.push_back({cursor, r.last, r.batch_id});
  }
  if (w < wanted.size()) {
    return Status(v1::RANGE_NOT_HELD, "serials " + std::to_string(wanted[w].first) + "-" +
                                          std::to_string(wanted[w].last) +
                                          " are not held as one range by this account");
  }
  return out;
}

Holdings AddRanges(const Holdings& held, const Holdings& incoming) {
  Holdings all = held;
  all.insert(all.end(), incoming.begin(), incoming.end());
  std::sort(all.begin(), all.end(),
            [](const HeldRange& a, const HeldRange& b) { return a.first < b.first; });
  Holdings merged;
  for (const HeldRange& r : all) {
    if (!merged.empty() && merged.back().batch_id == r.batch_id &&
        merged.back().last + 1 == r.first) {
      merged.back().last = r.last;
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace lincao
