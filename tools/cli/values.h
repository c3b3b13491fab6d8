// Scalar command-line values: times, hex strings and ids. Syntax only;
// meaning is checked by the ledger.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/status.h"

namespace lincao::cli {

// Unix milliseconds, a date "2025-01-31" (midnight, `date_offset_ms` ahead
// of UTC: UTC by default), or a date-time with its zone,
// "2025-01-31T08:00:00Z" or "2025-01-31T08:00:00+08:00".
Result<uint64_t> ParseTimeMs(std::string_view text, std::string_view what,
                             int64_t date_offset_ms = 0);

// As ParseTimeMs, but a bare date is midnight China Standard Time (UTC+8):
// the calendar of the credit lifecycle commands, in which the chain counts
// vintages (chaincode/vintage.h). "2025-01-01" is 2024-12-31T16:00:00Z.
Result<uint64_t> ParseChinaTimeMs(std::string_view text, std::string_view what);

// Hex of any even length (`bytes` = 0) or of exactly `bytes` bytes.
Result<Bytes> ParseHexArg(std::string_view text, std::string_view what, size_t bytes = 0);

// A decimal unsigned number and nothing else.
std::optional<uint64_t> ParseUint(std::string_view text);

// [a-z0-9][a-z0-9._-]{1,63}: the ledger's rule for account and node ids.
bool LooksLikeId(std::string_view id);

}  // namespace lincao::cli
