// `lincao query claim|claims|points`: the reads of neutrality claims and
// personal carbon points (chaincode version 4), added to `lincao query` by
// query_cmd.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddClaimsPointsQueries(CLI::App* query, Runner& runner);

}  // namespace lincao::cli
