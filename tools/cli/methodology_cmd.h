// `lincao methodology propose|evaluate|approve|deprecate`: the methodology
// transactions of the credit lifecycle (tx.proto 30-33, chaincode version
// 3). Syntax checks only; the ledger applies the rules.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddMethodologyCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
