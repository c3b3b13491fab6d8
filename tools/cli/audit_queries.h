// Shared parts of the commands that query the Audit service's history and
// exports (`lincao audit history|transactions|export`, `lincao report
// issuance|holdings|retirements|sanctions|registry`): the auditor's client,
// the project / area / period filters, and an export run with progress on
// stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "tools/cli/audit_client.h"
#include "tools/cli/command.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

struct AuditAccess {
  NodeOptions node;
  std::string key_file;  // empty: unsigned calls (a public ledger)
};
// Adds --node, --timeout-ms, --json, --tls-ca and --key.
void AddAuditAccessOptions(CLI::App* cmd, AuditAccess* access);
// The client, after loading --key; on a bad key file prints the usage error
// and sets *exit_code.
std::optional<AuditClient> MakeAuditClient(const AuditAccess& access, const Io& io, int* exit_code);

struct ExportFilters {
  std::string project;
  std::string area;
  std::string from;  // dates: midnight China Standard Time, or date-times, or unix ms
  std::string to;
};
void AddExportFilterOptions(CLI::App* cmd, ExportFilters* filters);
Result<v1::ExportRequest> MakeExportRequest(v1::ExportTable table, const ExportFilters& filters);

// Streams the export, handing each row to `on_row`; progress ("progress: N
// rows at height H, R rows/s") on stderr every 2 s and a final line. Sets
// `*height` (when given) to the height the table was read at, also when it
// had no rows. Returns the exit code (after printing the error, if any).
int RunExport(AuditClient& client, const v1::ExportRequest& req, const Io& io,
              const std::function<void(const v1::ExportRow&)>& on_row, uint64_t* height = nullptr);

}  // namespace lincao::cli
