// `lincao query retirements|retirement-totals|certificate|settlement|
// settlements|mandates`: the reads of using credits (chaincode version 4),
// added to `lincao query` by query_cmd.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddUsingCreditsQueries(CLI::App* query, Runner& runner);

}  // namespace lincao::cli
