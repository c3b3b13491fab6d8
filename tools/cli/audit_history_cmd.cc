#include "tools/cli/audit_history_cmd.h"

#include <fstream>
#include <memory>
#include <utility>

#include "tools/cli/audit_queries.h"
#include "tools/cli/client.h"
#include "tools/cli/csv.h"
#include "tools/cli/export_rows.h"
#include "tools/cli/format.h"
#include "tools/cli/json_out.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct PagingOptions {
  uint32_t page_size = 0;
  std::string page_token;
  bool all = false;
};

void AddPagingOptions(CLI::App* cmd, PagingOptions* p) {
  cmd->add_option("--page-size", p->page_size, "entries per page (default 100, at most 1000)");
  cmd->add_option("--page-token", p->page_token,
                  "continue a listing: the token the previous page printed");
  cmd->add_flag("--all", p->all,
                "fetch every page, newest first, to the oldest (progress on stderr)");
}

struct HistoryOptions {
  AuditAccess access;
  PagingOptions paging;
  // history
  std::string account;
  uint64_t batch = 0;
  std::string project;
  std::string state_key;
  std::string state_key_hex;
  // transactions
  std::string type;
  std::string from;
  std::string to;
};

// Prints a page's entries (a table, or JSON lines with --json).
void PrintEntries(const v1::HistoryPage& page, bool json, bool header, const Io& io) {
  if (json) {
    for (const auto& e : page.entries()) io.out << JsonLine(ProtoToJson(e));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  if (header) rows.push_back({"HEIGHT", "IDX", "TIME", "TYPE", "ACCOUNT", "RESULT", "TX"});
  for (const auto& e : page.entries()) {
    rows.push_back({std::to_string(e.height()), std::to_string(e.index()),
                    FormatTimeMs(e.time_ms()), e.type(), e.account(), v1::ErrorCode_Name(e.code()),
                    ToHex(e.tx_id())});
  }
  if (!rows.empty()) Table(rows, io.out);
}

// Runs one page, or with --all every page; `fetch` asks for one page.
int RunPages(const PagingOptions& p, const Io& io, bool json,
             const std::function<std::optional<RpcError>(const std::string& token,
                                                         v1::HistoryPage* page)>& fetch) {
  std::string token = p.page_token;
  uint64_t total = 0;
  bool first = true;
  while (true) {
    v1::HistoryPage page;
    if (auto err = fetch(token, &page)) return ReportRpcError(io, *err);
    PrintEntries(page, json, first, io);
    first = false;
    total += static_cast<uint64_t>(page.entries_size());
    token = page.next_page_token();
    if (token.empty()) {
      if (p.all) io.err << "done: " << total << " transactions\n";
      return kExitOk;
    }
    if (!p.all) {
      io.err << "more: run again with --page-token " << token << " (or --all)\n";
      return kExitOk;
    }
    io.err << "progress: " << total << " transactions, next page " << token << "\n";
  }
}

// Pages through one Audit listing of HistoryPages: `call` is
// AuditClient::GetHistory or AuditClient::ListTransactions.
template <typename Request>
int RunHistoryPages(const HistoryOptions& o, const Io& io, Request req,
                    std::optional<RpcError> (AuditClient::*call)(const Request&,
                                                                 v1::HistoryPage*)) {
  int code = kExitOk;
  auto client = MakeAuditClient(o.access, io, &code);
  if (!client) return code;
  req.set_page_size(o.paging.page_size);
  return RunPages(o.paging, io, o.access.node.json,
                  [&](const std::string& token, v1::HistoryPage* page) {
                    req.set_page_token(token);
                    return ((*client).*call)(req, page);
                  });
}

int RunHistory(const HistoryOptions& o, const Io& io) {
  v1::GetHistoryRequest req;
  int subjects = 0;
  if (!o.account.empty()) ++subjects, req.set_account(o.account);
  if (o.batch != 0) ++subjects, req.set_batch_id(o.batch);
  if (!o.project.empty()) ++subjects, req.set_project(o.project);
  if (!o.state_key.empty()) ++subjects, req.set_key(o.state_key);
  if (!o.state_key_hex.empty()) {
    ++subjects;
    auto key = ParseHexArg(o.state_key_hex, "--state-key-hex");
    if (!key.ok()) return UsageError(io, key.status().message());
    req.set_key(*key);
  }
  if (subjects != 1) {
    return UsageError(io,
                      "name exactly one of --account, --batch, --project, --state-key or "
                      "--state-key-hex");
  }
  return RunHistoryPages(o, io, std::move(req), &AuditClient::GetHistory);
}

int RunTransactions(const HistoryOptions& o, const Io& io) {
  v1::ListTransactionsRequest req;
  req.set_account(o.account);
  req.set_type(o.type);
  if (!o.from.empty()) {
    auto from = ParseChinaTimeMs(o.from, "--from");
    if (!from.ok()) return UsageError(io, from.status().message());
    req.set_from_time_ms(*from);
  }
  if (!o.to.empty()) {
    auto to = ParseChinaTimeMs(o.to, "--to");
    if (!to.ok()) return UsageError(io, to.status().message());
    req.set_to_time_ms(*to);
  }
  return RunHistoryPages(o, io, std::move(req), &AuditClient::ListTransactions);
}

struct ExportOptions {
  AuditAccess access;
  ExportFilters filters;
  std::string table;
  std::string format = "csv";
  std::string out;
};

int RunExportCmd(const ExportOptions& o, const Io& io) {
  auto table = ParseExportTable(o.table);
  if (!table) {
    return UsageError(io, "TABLE is issuance, holdings, retirements, sanctions or projects");
  }
  if (o.format != "csv" && o.format != "jsonl") return UsageError(io, "--format is csv or jsonl");
  auto req = MakeExportRequest(*table, o.filters);
  if (!req.ok()) return UsageError(io, req.status().message());
  int code = kExitOk;
  auto client = MakeAuditClient(o.access, io, &code);
  if (!client) return code;
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(io, "cannot write " + o.out + "; check the folder exists");
  }
  std::ostream& sink = o.out.empty() ? io.out : file;
  if (o.format == "csv") WriteCsvRecord(sink, ExportHeader(*table));
  return RunExport(*client, *req, io, [&](const v1::ExportRow& row) {
    if (o.format == "csv") {
      WriteCsvRecord(sink, ExportCells(row));
    } else {
      sink << JsonLine(ProtoToJson(row));
    }
  });
}

template <typename Options>
CLI::App* Sub(CLI::App* parent, Runner& runner, const std::string& name, const std::string& help,
              const std::string& example, std::shared_ptr<Options> o,
              int (*run)(const Options&, const Io&)) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  AddAuditAccessOptions(cmd, &o->access);
  cmd->footer("Example:\n  " + example);
  cmd->callback(
      [&runner, o, run] { runner.action = [&runner, o, run] { return run(*o, runner.io); }; });
  return cmd;
}

}  // namespace

void AddAuditHistoryCommands(CLI::App* audit, Runner& runner) {
  auto h = std::make_shared<HistoryOptions>();
  CLI::App* hc = Sub<HistoryOptions>(
      audit, runner, "history",
      "The committed transactions of one account, batch, project or state key, newest first, "
      "one page at a time (docs/audit.md, \"History and transactions\"). Paging is stable while "
      "blocks commit: no entry repeats or goes missing.",
      "lincao audit history --account panda-coop --key keys/auditor.key --all", h, &RunHistory);
  hc->add_option("--account", h->account,
                 "an account: what it signed, and what changed its account, holdings, sanction "
                 "or points");
  hc->add_option("--batch", h->batch, "a batch id: what changed the batch record");
  hc->add_option("--project", h->project,
                 "a project id: what changed its record, reports, batches or shortfall");
  hc->add_option("--state-key", h->state_key, "a state key as text, such as a/panda-coop");
  hc->add_option("--state-key-hex", h->state_key_hex,
                 "a state key in hex (keys with binary numbers, such as b/<be64 id>)");
  AddPagingOptions(hc, &h->paging);

  auto t = std::make_shared<HistoryOptions>();
  CLI::App* tc = Sub<HistoryOptions>(
      audit, runner, "transactions",
      "Committed transactions, newest first, by acting account, type and block time; paged "
      "like `audit history`.",
      "lincao audit transactions --type retire --from 2026-01-01 --key keys/auditor.key", t,
      &RunTransactions);
  tc->add_option("--account", t->account, "only transactions this account signed as actor");
  tc->add_option("--type", t->type,
                 "only this type: the Tx body field name (transfer, retire, issue_credits, ...)");
  tc->add_option("--from", t->from,
                 "only blocks at or after this time: a date (midnight China Standard Time), a "
                 "date-time with its zone, or unix ms");
  tc->add_option("--to", t->to, "only blocks before this time (same forms as --from)");
  AddPagingOptions(tc, &t->paging);

  auto e = std::make_shared<ExportOptions>();
  CLI::App* ec = Sub<ExportOptions>(
      audit, runner, "export",
      "Stream one registry table, all of it read at one height, as CSV (a header, then one "
      "record per row, RFC 4180 quoting) or JSON lines; progress on stderr. Tables: issuance "
      "(one row per batch), holdings (per held serial range), retirements, sanctions (in "
      "force), projects.",
      "lincao audit export issuance --project SC-P-2026-0001 --key keys/auditor.key --out "
      "issuance.csv",
      e, &RunExportCmd);
  ec->add_option("TABLE", e->table, "issuance, holdings, retirements, sanctions or projects")
      ->required();
  AddExportFilterOptions(ec, &e->filters);
  ec->add_option("--format", e->format, "csv or jsonl (one ExportRow as JSON per line)")
      ->capture_default_str();
  ec->add_option("--out", e->out, "write to this file instead of stdout");
}

}  // namespace lincao::cli
