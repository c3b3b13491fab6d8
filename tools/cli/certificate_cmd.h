// `lincao certificate get` and `lincao verify certificate`: the offline
// retirement certificate (tools/audit/retirement_certificate.h). `get`
// bundles what a node has (the record, its block, the next block's
// certificate); `verify` checks the bundle with no node at all
// (docs/audit.md, "Offline retirement certificates").
#pragma once

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"

namespace lincao::cli {

void AddCertificateCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
