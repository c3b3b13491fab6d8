// `lincao cancel` (administrative cancellation, tx.proto 80) and `lincao
// loss report|clear-shortfall` (reversal, 81-82): chaincode version 3.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddReversalCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
