#include "tools/cli/audit_queries.h"

#include <chrono>
#include <cstdio>

#include "chaincode/key_file.h"
#include "tools/cli/client.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

constexpr auto kProgressEvery = std::chrono::seconds(2);

}  // namespace

void AddAuditAccessOptions(CLI::App* cmd, AuditAccess* access) {
  AddNodeOptions(cmd, &access->node);
  cmd->add_option("--key", access->key_file,
                  "key file of an AUDITOR account: signs each call (not needed when the node's "
                  "ledger is public)");
}

std::optional<AuditClient> MakeAuditClient(const AuditAccess& access, const Io& io,
                                           int* exit_code) {
  std::optional<KeyFile> key;
  if (!access.key_file.empty()) {
    auto k = LoadKeyFile(access.key_file);
    if (!k.ok()) {
      *exit_code = UsageError(io, k.status().message());
      return std::nullopt;
    }
    key = *k;
  }
  return AuditClient(access.node, std::move(key));
}

void AddExportFilterOptions(CLI::App* cmd, ExportFilters* f) {
  cmd->add_option("--project", f->project, "only this project (its batches, their units)");
  cmd->add_option("--area", f->area, "only projects of this area code (exact match, e.g. 510000)");
  cmd->add_option("--from", f->from,
                  "period start, inclusive: a date like 2025-01-01 (midnight China Standard "
                  "Time), a date-time with its zone, or unix ms");
  cmd->add_option("--to", f->to, "period end, exclusive (same forms as --from)");
}

Result<v1::ExportRequest> MakeExportRequest(v1::ExportTable table, const ExportFilters& f) {
  v1::ExportRequest req;
  req.set_table(table);
  req.set_project(f.project);
  req.set_area_code(f.area);
  if (!f.from.empty()) {
    auto from = ParseChinaTimeMs(f.from, "--from");
    if (!from.ok()) return from.status();
    req.set_from_time_ms(*from);
  }
  if (!f.to.empty()) {
    auto to = ParseChinaTimeMs(f.to, "--to");
    if (!to.ok()) return to.status();
    req.set_to_time_ms(*to);
  }
  if (req.to_time_ms() != 0 && req.to_time_ms() <= req.from_time_ms()) {
    return Status(v1::INVALID_ARGUMENT,
                  "the period [--from, --to) is empty: --to must come after --from");
  }
  return req;
}

int RunExport(AuditClient& client, const v1::ExportRequest& req, const Io& io,
              const std::function<void(const v1::ExportRow&)>& on_row, uint64_t* read_height) {
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  uint64_t rows = 0, height = 0, trailer_height = 0;
  auto report = [&](const char* what) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", secs > 0 ? rows / secs : 0.0);
    io.err << what << ": " << rows << " rows"
           << (height ? " at height " + std::to_string(height) : "") << ", " << rate << " rows/s\n";
  };
  auto err = client.Export(
      req,
      [&](const v1::ExportRow& row) {
        height = row.height();
        on_row(row);
        ++rows;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_report >= kProgressEvery) {
          report("progress");
          last_report = now;
        }
        return true;
      },
      &trailer_height);
  if (err) {
    report("stopped");
    return ReportRpcError(io, *err);
  }
  if (height == 0) height = trailer_height;  // no rows: the trailer still says where
  if (read_height != nullptr) *read_height = height;
  report("done");
  return kExitOk;
}

}  // namespace lincao::cli
