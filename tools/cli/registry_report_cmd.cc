#include "tools/cli/registry_report_cmd.h"

#include <fstream>
#include <map>
#include <memory>
#include <tuple>

#include "tools/cli/audit_queries.h"
#include "tools/cli/csv.h"
#include "tools/cli/export_rows.h"
#include "tools/cli/json_out.h"

namespace lincao::cli {
namespace {

struct ReportOptions {
  AuditAccess access;
  ExportFilters filters;
  std::string format = "csv";
  std::string out;
};

// The report's sink: --out or stdout.
class Output {
 public:
  bool Open(const std::string& path) {
    if (path.empty()) return true;
    file_.open(path, std::ios::binary | std::ios::trunc);
    return static_cast<bool>(file_);
  }
  std::ostream& stream(const Io& io) { return file_.is_open() ? file_ : io.out; }

 private:
  std::ofstream file_;
};

Json FiltersJson(const ExportFilters& f) {
  Json j = Json::object();
  j["project"] = f.project;
  j["area_code"] = f.area;
  j["from"] = f.from;
  j["to"] = f.to;
  return j;
}

const google::protobuf::Message& RowMessage(const v1::ExportRow& row) {
  switch (row.row_case()) {
    case v1::ExportRow::kIssuance:
      return row.issuance();
    case v1::ExportRow::kHolding:
      return row.holding();
    case v1::ExportRow::kRetirement:
      return row.retirement();
    case v1::ExportRow::kSanction:
      return row.sanction();
    case v1::ExportRow::kProject:
      return row.project();
    default:
      return row;
  }
}

// Running totals a report prints after its rows (the quantities an auditor
// reconciles against the registry's own figures).
struct Totals {
  uint64_t rows = 0;
  std::map<std::string, uint64_t> sums;

  void Add(const v1::ExportRow& row) {
    ++rows;
    switch (row.row_case()) {
      case v1::ExportRow::kIssuance: {
        const auto& r = row.issuance();
        sums["quantity"] += r.quantity();
        sums["buffer"] += r.buffer();
        sums["retired"] += r.retired();
        sums["cancelled"] += r.cancelled();
        sums["held"] += r.held();
        sums["exported"] += r.exported();
        sums["tradable"] += r.tradable();
        break;
      }
      case v1::ExportRow::kHolding:
        sums["quantity"] += row.holding().quantity();
        break;
      case v1::ExportRow::kRetirement:
        sums["quantity"] += row.retirement().quantity();
        break;
      default:
        break;
    }
  }
  Json ToJson() const {
    Json j = Json::object();
    j["rows"] = rows;
    for (const auto& [k, v] : sums) j[k] = v;
    return j;
  }
  std::string Line() const {
    std::string s = "totals: " + std::to_string(rows) + " rows";
    for (const auto& [k, v] : sums) s += ", " + k + " " + std::to_string(v);
    return s;
  }
};

int RunTableReport(v1::ExportTable table, const ReportOptions& o, const Io& io) {
  if (o.format != "csv" && o.format != "json") return UsageError(io, "--format is csv or json");
  auto req = MakeExportRequest(table, o.filters);
  if (!req.ok()) return UsageError(io, req.status().message());
  int code = kExitOk;
  auto client = MakeAuditClient(o.access, io, &code);
  if (!client) return code;
  Output output;
  if (!output.Open(o.out)) return Fail(io, "cannot write " + o.out + "; check the folder exists");
  std::ostream& sink = output.stream(io);
  const bool csv = o.format == "csv";
  if (csv) WriteCsvRecord(sink, ExportHeader(table));
  Totals totals;
  Json rows = Json::array();
  uint64_t height = 0;
  code = RunExport(
      *client, *req, io,
      [&](const v1::ExportRow& row) {
        totals.Add(row);
        if (csv) {
          WriteCsvRecord(sink, ExportCells(row));
        } else {
          rows.push_back(ProtoToJson(RowMessage(row)));
        }
      },
      &height);
  if (code != kExitOk) return code;
  if (csv) {
    io.err << totals.Line() << "\n";
    return kExitOk;
  }
  Json doc;
  doc["report"] = ExportTableName(table);
  doc["height"] = height;
  doc["filters"] = FiltersJson(o.filters);
  doc["totals"] = totals.ToJson();
  doc["rows"] = std::move(rows);
  sink << doc.dump(2) << "\n";
  return kExitOk;
}

// Units by (sector, vintage), from the issuance rows.
struct UnitTotals {
  uint64_t batches = 0, issued = 0, retired = 0, cancelled = 0, buffered = 0, tradable = 0;
};

int RunRegistryReport(const ReportOptions& o, const Io& io) {
  if (o.format != "csv" && o.format != "json") return UsageError(io, "--format is csv or json");
  // Projects stand as they are: the period narrows the issuance only.
  ExportFilters project_filters = o.filters;
  project_filters.from.clear();
  project_filters.to.clear();
  auto projects_req = MakeExportRequest(v1::EXPORT_PROJECTS, project_filters);
  if (!projects_req.ok()) return UsageError(io, projects_req.status().message());
  auto issuance_req = MakeExportRequest(v1::EXPORT_ISSUANCE, o.filters);
  if (!issuance_req.ok()) return UsageError(io, issuance_req.status().message());
  int code = kExitOk;
  auto client = MakeAuditClient(o.access, io, &code);
  if (!client) return code;
  Output output;
  if (!output.Open(o.out)) return Fail(io, "cannot write " + o.out + "; check the folder exists");

  std::map<std::string, uint64_t> by_status;
  uint64_t projects_height = 0;
  io.err << "projects:\n";
  code = RunExport(
      *client, *projects_req, io,
      [&](const v1::ExportRow& row) {
        ++by_status[v1::ProjectStatus_Name(row.project().status())];
      },
      &projects_height);
  if (code != kExitOk) return code;
  std::map<std::tuple<std::string, uint32_t>, UnitTotals> units;
  uint64_t issuance_height = 0;
  io.err << "issuance:\n";
  code = RunExport(
      *client, *issuance_req, io,
      [&](const v1::ExportRow& row) {
        const auto& r = row.issuance();
        UnitTotals& t = units[{v1::Sector_Name(r.sector()), r.vintage()}];
        ++t.batches;
        t.issued += r.quantity();
        t.retired += r.retired();
        t.cancelled += r.cancelled();
        t.buffered += r.buffer();
        t.tradable += r.tradable();
      },
      &issuance_height);
  if (code != kExitOk) return code;

  std::ostream& sink = output.stream(io);
  if (o.format == "csv") {
    // One table for both parts, so that the file stays one CSV table:
    // `kind` says which columns are filled.
    WriteCsvRecord(sink, {"kind", "status", "projects", "sector", "vintage", "batches", "issued",
                          "retired", "cancelled", "buffered", "tradable"});
    for (const auto& [status, n] : by_status) {
      WriteCsvRecord(sink, {"projects", status, std::to_string(n), "", "", "", "", "", "", "", ""});
    }
    for (const auto& [key, t] : units) {
      WriteCsvRecord(sink, {"units", "", "", std::get<0>(key), std::to_string(std::get<1>(key)),
                            std::to_string(t.batches), std::to_string(t.issued),
                            std::to_string(t.retired), std::to_string(t.cancelled),
                            std::to_string(t.buffered), std::to_string(t.tradable)});
    }
    io.err << "heights: projects at " << projects_height << ", units at " << issuance_height
           << "\n";
    return kExitOk;
  }
  Json doc;
  doc["report"] = "registry";
  doc["filters"] = FiltersJson(o.filters);
  doc["projects_height"] = projects_height;
  doc["units_height"] = issuance_height;
  Json statuses = Json::object();
  for (const auto& [status, n] : by_status) statuses[status] = n;
  doc["projects_by_status"] = statuses;
  Json rows = Json::array();
  for (const auto& [key, t] : units) {
    Json j;
    j["sector"] = std::get<0>(key);
    j["vintage"] = std::get<1>(key);
    j["batches"] = t.batches;
    j["issued"] = t.issued;
    j["retired"] = t.retired;
    j["cancelled"] = t.cancelled;
    j["buffered"] = t.buffered;
    j["tradable"] = t.tradable;
    rows.push_back(j);
  }
  doc["units"] = rows;
  sink << doc.dump(2) << "\n";
  return kExitOk;
}

CLI::App* Sub(CLI::App* parent, Runner& runner, const std::string& name, const std::string& help,
              const std::string& example, std::function<int(const ReportOptions&, const Io&)> run) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = parent->add_subcommand(name, help);
  AddAuditAccessOptions(cmd, &o->access);
  AddExportFilterOptions(cmd, &o->filters);
  cmd->add_option("--format", o->format, "csv (RFC 4180) or json (one document)")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "write the report to this file instead of stdout");
  cmd->footer("Example:\n  " + example);
  cmd->callback(
      [&runner, o, run] { runner.action = [&runner, o, run] { return run(*o, runner.io); }; });
  return cmd;
}

}  // namespace

void AddRegistryReportCommands(CLI::App* report, Runner& runner) {
  auto table = [](v1::ExportTable t) {
    return [t](const ReportOptions& o, const Io& io) { return RunTableReport(t, o, io); };
  };
  Sub(report, runner, "issuance",
      "Registry report: every batch issued (project, vintage, serial range, quantity, buffer, "
      "retired, cancelled, held, exported, tradable, issuing tx), with totals; --from/--to select "
      "batches issued in the period. Needs an AUDITOR key or a public ledger.",
      "lincao report issuance --area 513200 --from 2026-01-01 --to 2027-01-01 --key "
      "keys/auditor.key --out issuance-2026.csv",
      table(v1::EXPORT_ISSUANCE));
  Sub(report, runner, "holdings",
      "Registry report: every held serial range (account, batch, project, vintage, quantity); "
      "--from/--to select batches issued in the period.",
      "lincao report holdings --project SC-P-2026-0001 --key keys/auditor.key",
      table(v1::EXPORT_HOLDINGS));
  Sub(report, runner, "retirements",
      "Registry report: every retirement (holder, ranges, projects, purpose, beneficiary, "
      "period), with totals; --from/--to select retirements recorded in the period.",
      "lincao report retirements --from 2026-01-01 --format json --key keys/auditor.key",
      table(v1::EXPORT_RETIREMENTS));
  Sub(report, runner, "sanctions",
      "Registry report: the sanctions in force (account, kind, authority, reason, when); "
      "--from/--to select those imposed in the period (no project or area filter).",
      "lincao report sanctions --key keys/auditor.key", table(v1::EXPORT_SANCTIONS));
  Sub(report, runner, "registry",
      "Registry summary: projects by status, and units issued, retired, cancelled, buffered and "
      "tradable by sector and vintage; --project/--area narrow both, --from/--to the batches "
      "(by issuance time).",
      "lincao report registry --format json --key keys/auditor.key", &RunRegistryReport);
}

}  // namespace lincao::cli
