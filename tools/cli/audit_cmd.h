// `lincao audit stream|proof|state-root`: an auditor's read-only view of the
// ledger through the Audit service (docs/audit.md). Proofs and state roots
// are checked locally against the header they came with before anything is
// printed as verified.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddAuditCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
