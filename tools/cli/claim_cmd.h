// `lincao claim declare|witness|withdraw`: neutrality claims (碳中和见证,
// tx.proto 90-92), chaincode version 4.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddClaimCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
