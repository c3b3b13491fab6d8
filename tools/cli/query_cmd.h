// `lincao query status|tx|block|account|holdings|batch|retirement`: read
// the ledger through a node. Human output by default, the response message
// as JSON with --json.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddQueryCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
