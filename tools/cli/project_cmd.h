// `lincao project submit|evaluate|approve|register|hold|resume|terminate`:
// the project transactions of the credit lifecycle (tx.proto 40-46,
// chaincode version 3). Parcels come from a parcels file (parcels.h).
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddProjectCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
