// `lincao audit history|transactions|export`: committed transactions of an
// account, batch, project or state key, transactions by account, type and
// time, and registry tables as CSV or JSON lines (docs/audit.md, "History
// and transactions", "Exports and reports").
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

// Adds the three subcommands under `audit`.
void AddAuditHistoryCommands(CLI::App* audit, Runner& runner);

}  // namespace lincao::cli
