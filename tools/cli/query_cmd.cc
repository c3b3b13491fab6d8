#include "tools/cli/query_cmd.h"

#include <memory>
#include <type_traits>

#include "tools/cli/claims_points_queries.h"
#include "tools/cli/json_out.h"
#include "tools/cli/names.h"
#include "tools/cli/node_options.h"
#include "tools/cli/query_helpers.h"
#include "tools/cli/render.h"
#include "tools/cli/using_credits_queries.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

int QueryStatus(const QuerySpec& s, const Io& io) {
  NodeClient client(s.node.node, s.node.timeout_ms, s.node.tls_ca);
  v1::NodeStatus resp;
  if (auto err = client.GetStatus(&resp)) return ReportRpcError(io, *err);
  if (s.node.json) {
    io.out << JsonLine(ProtoToJson(resp));
  } else {
    RenderStatus(resp, io.out);
  }
  return kExitOk;
}

int QueryTx(const QuerySpec& s, const Io& io) {
  auto id = ParseHexArg(s.text, "TXID", 32);
  if (!id.ok()) return UsageError(io, id.status().message());
  v1::GetTxRequest req;
  req.set_tx_id(*id);
  return Query(s.node, io, &NodeClient::GetTx, req, &RenderTx);
}

int QueryBlock(const QuerySpec& s, const Io& io) {
  v1::GetBlockRequest req;
  if (s.latest) {
    req.set_latest(true);
  } else {
    auto height = ParseUint(s.text);
    if (!height) return UsageError(io, "give a block HEIGHT (a number) or --latest");
    req.set_height(*height);
  }
  return Query(s.node, io, &NodeClient::GetBlock, req, &RenderBlock);
}

int QueryAccount(const QuerySpec& s, const Io& io) {
  v1::GetAccountRequest req;
  req.set_id(s.text);
  return Query(s.node, io, &NodeClient::GetAccount, req, &RenderAccount);
}

int QueryHoldings(const QuerySpec& s, const Io& io) {
  v1::GetHoldingsRequest req;
  req.set_account(s.text);
  req.set_after_serial(s.after);
  req.set_limit(s.limit);
  return Query(s.node, io, &NodeClient::GetHoldings, req, &RenderHoldings);
}

int QueryBatch(const QuerySpec& s, const Io& io) {
  v1::GetBatchRequest req;
  if (auto id = ParseUint(s.text)) {
    req.set_id(*id);
  } else {
    req.set_code(s.text);
  }
  return Query(s.node, io, &NodeClient::GetBatch, req, &RenderBatch);
}

int QueryBatches(const QuerySpec& s, const Io& io) {
  v1::ListBatchesRequest req;
  req.set_project(s.project);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListBatches, req,
               [&](const v1::CreditBatches& r, std::ostream& out) {
                 RenderBatches(r.batches(), out);
                 MorePages(r.next_page_token(), "lincao query batches --project " + s.project, out);
               });
}

int QueryMethodology(const QuerySpec& s, const Io& io) {
  v1::GetMethodologyRequest req;
  req.set_id(s.text);
  return Query(s.node, io, &NodeClient::GetMethodology, req, &RenderMethodology);
}

int QueryMethodologies(const QuerySpec& s, const Io& io) {
  v1::ListMethodologiesRequest req;
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListMethodologies, req,
               [&](const v1::Methodologies& r, std::ostream& out) {
                 RenderMethodologies(r, out);
                 MorePages(r.next_page_token(), "lincao query methodologies", out);
               });
}

int QueryProject(const QuerySpec& s, const Io& io) {
  v1::GetProjectRequest req;
  req.set_id(s.text);
  return Query(s.node, io, &NodeClient::GetProject, req, &RenderProject);
}

int QueryProjects(const QuerySpec& s, const Io& io) {
  v1::ListProjectsRequest req;
  req.set_owner(s.owner);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListProjects, req,
               [&](const v1::Projects& r, std::ostream& out) {
                 RenderProjects(r, out);
                 MorePages(r.next_page_token(),
                           "lincao query projects" + OptionText("--owner", s.owner), out);
               });
}

int QueryReport(const QuerySpec& s, const Io& io) {
  v1::GetReportRequest req;
  req.set_project(s.project);
  req.set_number(s.report);
  return Query(s.node, io, &NodeClient::GetReport, req, &RenderReport);
}

int QueryReports(const QuerySpec& s, const Io& io) {
  v1::ListReportsRequest req;
  req.set_project(s.project);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListReports, req,
               [&](const v1::MonitoringReports& r, std::ostream& out) {
                 RenderReports(r, out);
                 MorePages(r.next_page_token(), "lincao query reports --project " + s.project, out);
               });
}

int QueryHold(const QuerySpec& s, const Io& io) {
  v1::GetHoldRequest req;
  req.set_id(s.number);
  return Query(s.node, io, &NodeClient::GetHold, req, &RenderHold);
}

int QueryHolds(const QuerySpec& s, const Io& io) {
  v1::ListHoldsRequest req;
  req.set_holder(s.holder);
  req.set_active_only(s.active_only);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListHolds, req, [&](const v1::Holds& r, std::ostream& out) {
    RenderHolds(r, out);
    MorePages(r.next_page_token(),
              "lincao query holds" + OptionText("--holder", s.holder) +
                  (s.active_only ? " --active" : ""),
              out);
  });
}

int QueryFreezes(const QuerySpec& s, const Io& io) {
  v1::ListFreezesRequest req;
  if (!s.target.empty()) {
    auto target = ParseFreezeTarget(s.target);
    if (!target.ok()) return UsageError(io, target.status().message());
    req.set_target(*target);
  }
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListFreezes, req,
               [&](const v1::SupervisoryFreezes& r, std::ostream& out) {
                 RenderFreezes(r, out);
                 MorePages(r.next_page_token(),
                           "lincao query freezes" + OptionText("--target", s.target), out);
               });
}

int QueryCancellation(const QuerySpec& s, const Io& io) {
  v1::GetCancellationRequest req;
  req.set_id(s.number);
  return Query(s.node, io, &NodeClient::GetCancellation, req, &RenderCancellation);
}

int QueryCancellations(const QuerySpec& s, const Io& io) {
  v1::ListCancellationsRequest req;
  req.set_holder(s.holder);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListCancellations, req,
               [&](const v1::Cancellations& r, std::ostream& out) {
                 RenderCancellations(r, out);
                 MorePages(r.next_page_token(),
                           "lincao query cancellations" + OptionText("--holder", s.holder), out);
               });
}

int QueryLosses(const QuerySpec& s, const Io& io) {
  v1::ListLossesRequest req;
  req.set_project(s.project);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListLosses, req,
               [&](const v1::Losses& r, std::ostream& out) {
                 RenderLosses(r, out);
                 MorePages(r.next_page_token(),
                           "lincao query losses" + OptionText("--project", s.project), out);
               });
}

int QueryBuffer(const QuerySpec& s, const Io& io) {
  v1::GetBufferRequest req;
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::GetBuffer, req,
               [&](const v1::BufferPool& r, std::ostream& out) {
                 RenderBuffer(r, out);
                 MorePages(r.next_page_token(), "lincao query buffer", out);
               });
}

int QueryRetirement(const QuerySpec& s, const Io& io) {
  v1::GetRetirementRequest req;
  req.set_id(s.number);
  return Query(s.node, io, &NodeClient::GetRetirement, req, &RenderRetirement);
}

int QueryGovernance(const QuerySpec& s, const Io& io) {
  NodeClient client(s.node.node, s.node.timeout_ms, s.node.tls_ca);
  v1::Governance resp;
  if (auto err = client.GetGovernance(&resp)) return ReportRpcError(io, *err);
  if (s.node.json) {
    io.out << JsonLine(ProtoToJson(resp));
  } else {
    RenderGovernance(resp, io.out);
  }
  return kExitOk;
}

}  // namespace

void AddQueryCommand(CLI::App& app, Runner& runner) {
  CLI::App* query = app.add_subcommand(
      "query", "Read the ledger through a node; --json prints the response as one JSON object");
  query->require_subcommand(1);
  query->footer("Example:\n  lincao query holdings panda-coop --node 127.0.0.1:7050");

  auto status = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "status",
           "Show the node's chain: id, height, head hash, state root, chain time, suite.",
           "lincao query status", QueryStatus, status);

  auto governance = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "governance",
           "Show what governance decides: the policy (m of n governing accounts), the chain "
           "parameters with unit, bounds, default and where set, the sanctions in force with "
           "authority, reason and time, the chaincode version and scheduled activations, and "
           "the node members.",
           "lincao query governance    or    lincao query governance --json", QueryGovernance,
           governance);

  auto tx = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "tx",
           "Show a committed transaction: its block, result code, signer and decoded body.",
           "lincao query tx 3f0c...e2 (the 64 hex digits printed by the tx commands)", QueryTx, tx)
      ->add_option("TXID", tx->text, "transaction id, hex")
      ->required();

  auto block = std::make_shared<QuerySpec>();
  CLI::App* bc =
      AddQuery(query, runner, "block",
               "Show a block: header fields in hex and the result of each transaction in it.",
               "lincao query block 3    or    lincao query block --latest", QueryBlock, block);
  CLI::Option* height = bc->add_option("HEIGHT", block->text, "block height (0 = genesis)");
  CLI::Option* latest = bc->add_flag("--latest", block->latest, "the newest block");
  height->excludes(latest);

  auto account = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "account", "Show an account: name, roles, threshold and public keys.",
           "lincao query account panda-coop", QueryAccount, account)
      ->add_option("ID", account->text, "account id")
      ->required();

  auto holdings = std::make_shared<QuerySpec>();
  CLI::App* hc = AddQuery(query, runner, "holdings",
                          "Show the serial ranges an account holds, per batch, and the total "
                          "(1 unit = 1 kg CO2e; 1000 units = 1 tCO2e). Long holdings come in "
                          "pages; the output says how to ask for the next one.",
                          "lincao query holdings panda-coop", QueryHoldings, holdings);
  hc->add_option("ID", holdings->text, "account id")->required();
  hc->add_option("--after", holdings->after, "list ranges above this serial (the next page)");
  hc->add_option("--limit", holdings->limit, "ranges per page (default: the node's, 1000)");

  auto batch = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "batch",
           "Show a credit batch, by id or by code: project, report, vintage, serials, who it was "
           "issued to, and where its units are (tradable, held, retired, cancelled, in the "
           "buffer, exported).",
           "lincao query batch 1    or    lincao query batch SC-P-2026-0001-2025-001", QueryBatch,
           batch)
      ->add_option("BATCH", batch->text, "batch id (a number) or batch code")
      ->required();

  auto methodology = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "methodology",
           "Show a methodology: sector, status, buffer share, conversion factors, who proposed "
           "and approved it, and each expert's evaluation.",
           "lincao query methodology SC-FOR-001-V01", QueryMethodology, methodology)
      ->add_option("ID", methodology->text, "methodology id")
      ->required();

  auto methodologies = std::make_shared<QuerySpec>();
  AddPageOptions(AddQuery(query, runner, "methodologies",
                          "List the methodologies by id: sector, status, buffer share, votes.",
                          "lincao query methodologies", QueryMethodologies, methodologies),
                 methodologies.get());

  auto project = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "project",
           "Show a project: owner, status, methodology, parcels, crediting period, tags, the "
           "expert evaluations, and any supervisory freeze or shortfall on it.",
           "lincao query project SC-P-2026-0001", QueryProject, project)
      ->add_option("ID", project->text, "project id")
      ->required();

  auto projects = std::make_shared<QuerySpec>();
  CLI::App* psc = AddQuery(query, runner, "projects",
                           "List projects by id, or one owner's: status, methodology, area, "
                           "reports and batches.",
                           "lincao query projects --owner panda-coop", QueryProjects, projects);
  psc->add_option("--owner", projects->owner, "only this owner's projects");
  AddPageOptions(psc, projects.get());

  auto report = std::make_shared<QuerySpec>();
  CLI::App* rc =
      AddQuery(query, runner, "report",
               "Show a monitoring report: period and vintage, claimed and verified "
               "quantities, the verifier, each expert's evaluation, the batch issued.",
               "lincao query report --project SC-P-2026-0001 --report 1", QueryReport, report);
  rc->add_option("--project", report->project, "project id")->required();
  rc->add_option("--report", report->report, "report number within the project")->required();

  auto reports = std::make_shared<QuerySpec>();
  CLI::App* rsc = AddQuery(query, runner, "reports", "List a project's monitoring reports.",
                           "lincao query reports --project SC-P-2026-0001", QueryReports, reports);
  rsc->add_option("--project", reports->project, "project id")->required();
  AddPageOptions(rsc, reports.get());

  auto batches = std::make_shared<QuerySpec>();
  CLI::App* bsc = AddQuery(query, runner, "batches",
                           "List the credit batches issued for a project, oldest first, with "
                           "where their units are.",
                           "lincao query batches --project SC-P-2026-0001", QueryBatches, batches);
  bsc->add_option("--project", batches->project, "project id")->required();
  AddPageOptions(bsc, batches.get());

  auto hold = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "hold",
           "Show a pledge or judicial freeze: holder, pledgee or court, reason, expiry, the "
           "serials held, and how it closed (released, enforced, cancelled).",
           "lincao query hold 1", QueryHold, hold)
      ->add_option("ID", hold->number, "hold id")
      ->required();

  auto holds = std::make_shared<QuerySpec>();
  CLI::App* hsc = AddQuery(query, runner, "holds",
                           "List pledges and judicial freezes, oldest first: all, or one "
                           "holder's, or only those still holding units.",
                           "lincao query holds --holder panda-coop --active", QueryHolds, holds);
  hsc->add_option("--holder", holds->holder, "only this holder's holds");
  hsc->add_flag("--active", holds->active_only, "only holds whose units are still held");
  AddPageOptions(hsc, holds.get());

  auto freezes = std::make_shared<QuerySpec>();
  CLI::App* fsc = AddQuery(query, runner, "freezes",
                           "List the supervisory freezes recorded on accounts, projects and "
                           "batches, in force or expired, with authority and reason.",
                           "lincao query freezes --target project", QueryFreezes, freezes);
  fsc->add_option("--target", freezes->target,
                  "only freezes of this target: " + FreezeTargetChoices());
  AddPageOptions(fsc, freezes.get());

  auto cancellation = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "cancellation",
           "Show an administrative cancellation: holder, units, reason, note, registrar and "
           "co-signing supervisor, the serials cancelled.",
           "lincao query cancellation 1", QueryCancellation, cancellation)
      ->add_option("ID", cancellation->number, "cancellation id")
      ->required();

  auto cancellations = std::make_shared<QuerySpec>();
  CLI::App* csc =
      AddQuery(query, runner, "cancellations", "List administrative cancellations, oldest first.",
               "lincao query cancellations --holder panda-coop", QueryCancellations, cancellations);
  csc->add_option("--holder", cancellations->holder, "only this holder's");
  AddPageOptions(csc, cancellations.get());

  auto losses = std::make_shared<QuerySpec>();
  CLI::App* lsc = AddQuery(query, runner, "losses",
                           "List loss events (reversals), oldest first: what was lost, how much "
                           "the buffer covered and the shortfall left to the project.",
                           "lincao query losses --project SC-P-2026-0001", QueryLosses, losses);
  lsc->add_option("--project", losses->project, "only this project's");
  AddPageOptions(lsc, losses.get());

  auto buffer = std::make_shared<QuerySpec>();
  AddPageOptions(AddQuery(query, runner, "buffer",
                          "Show the pooled buffer against reversals: its total and the batches "
                          "that still have units in it, oldest first (the order a loss takes "
                          "them in after the project's own).",
                          "lincao query buffer", QueryBuffer, buffer),
                 buffer.get());

  auto retirement = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "retirement",
           "Show a retirement record: holder, beneficiary, purpose, the serials retired and the "
           "transaction that recorded it.",
           "lincao query retirement 1", QueryRetirement, retirement)
      ->add_option("ID", retirement->number, "retirement id")
      ->required();

  AddUsingCreditsQueries(query, runner);
  AddClaimsPointsQueries(query, runner);
}

}  // namespace lincao::cli
