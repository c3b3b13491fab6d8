// The legs file of `lincao settle` (docs/cli.md, "Exchange settlement"):
// JSON, {"legs": [...]} or a bare array, each leg an object
//   {"from": "panda-coop", "to": "chengdu-expo", "quantity": 1200,
//    "ranges": ["1-500", "901-1000"]}
// where "ranges" is optional (lowest serials first without it) and
// "quantity" may be left out when "ranges" names the serials. Unknown
// fields are refused, so a misspelt one is not silently ignored.
//
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

// The legs in file order. INVALID_ARGUMENT naming the leg (1-based, as
// people count) and the field that is wrong; `source` names the file.
Result<std::vector<v1::SettlementLeg>> ParseSettlementLegs(std::string_view json_text,
                                                           const std::string& source);

// Reads and parses a legs file (a read failure is not INVALID_ARGUMENT).
Result<std::vector<v1::SettlementLeg>> LoadSettlementLegs(const std::filesystem::path& path);

}  // namespace lincao::cli
