// `lincao points record|redeem`: personal carbon points (个人碳账户,
// tx.proto 95-96), chaincode version 4. The platform acts for a custodial
// personal account with --for and its own key.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddPointsCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
