// `lincao mandate grant|revoke` (set_settlement_mandate, tx.proto 65) and
// `lincao settle` (settle_trade, 64): exchange settlement, chaincode
// version 4. A client grants an EXCHANGE account a mandate to settle its
// trades; the exchange settles a trade of up to 64 legs, all or none.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddSettlementCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
