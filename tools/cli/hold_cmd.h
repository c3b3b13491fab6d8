// `lincao hold pledge|freeze|release|enforce` (holds on named serial
// ranges, tx.proto 70-73) and `lincao freeze set|lift` (supervisory freeze
// of an account, project or batch, 74-75): chaincode version 3.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddHoldCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
