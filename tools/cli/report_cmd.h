// `lincao report submit|attest|evaluate` (monitoring and verification,
// tx.proto 50-52) and `lincao issue` (issue_credits, 63): chaincode
// version 3. A report is named by its project and its number within the
// project (1, 2, ...), as --project P --report N.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddReportCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
