// Serial ranges as typed on the command line: "FIRST-LAST" (inclusive) or a
// single serial "N". Only the syntax is checked here; whether the ranges are
// held, how many a transaction may name and whether they add up to the
// quantity are the ledger's rules and come back from the node.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

// INVALID_ARGUMENT with a message naming `text` when it is not a range.
Result<v1::SerialRange> ParseRange(std::string_view text);
Result<std::vector<v1::SerialRange>> ParseRanges(const std::vector<std::string>& texts);

// Units covered by `ranges`; QUANTITY_OVERFLOW if the sum does not fit.
Result<uint64_t> RangesTotal(const std::vector<v1::SerialRange>& ranges);

// Units named by serial range, as holds and cancellations take them: at
// least one --range, and their total as the quantity. A quantity given too
// is a cross-check: it must equal the total (INVALID_ARGUMENT otherwise).
struct NamedUnits {
  std::vector<v1::SerialRange> ranges;
  uint64_t quantity = 0;
};
Result<NamedUnits> ParseNamedUnits(const std::vector<std::string>& texts,
                                   const std::optional<uint64_t>& quantity);

// "12-40" (or "12" for a single serial).
std::string FormatRange(uint64_t first, uint64_t last);

}  // namespace lincao::cli
