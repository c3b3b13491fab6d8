// `lincao report issuance|holdings|retirements|sanctions|registry`: registry
// reports for auditors and supervisors, built from Audit.Export (so they need
// an AUDITOR key, or a public ledger), as CSV or one JSON document, by
// project, area code or period (docs/audit.md, "Exports and reports").
// They sit beside the monitoring-report commands (report_cmd.h) under
// `lincao report`.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

// Adds the five subcommands under `report`.
void AddRegistryReportCommands(CLI::App* report, Runner& runner);

}  // namespace lincao::cli
