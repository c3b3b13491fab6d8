// `lincao audit verify` and `lincao audit membership`: the whole-ledger
// check from a trusted genesis hash (tools/audit/chain_verifier.h) as a
// command, with progress on stderr; and the voters in force at a height,
// exported from such a verified replay for offline certificate checks
// (docs/audit.md, "Verifying the whole chain").
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

// Adds `verify` and `membership` under the existing `audit` command.
void AddAuditVerifyCommands(CLI::App& audit, Runner& runner);

}  // namespace lincao::cli
