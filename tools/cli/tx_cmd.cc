#include "tools/cli/tx_cmd.h"

#include <memory>

#include "tools/cli/client.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

constexpr char kQuantityHelp[] = "units; 1 unit = 1 kg CO2e, 1000 units = 1 credit = 1 tCO2e";
constexpr char kTimeHelp[] = " (unix ms, or a UTC date like 2025-01-31)";

struct Period {
  uint64_t start = 0;
  uint64_t end = 0;
};

Result<Period> ParsePeriod(const PeriodOptions& p) {
  if (p.start.empty() != p.end.empty()) {
    return Status(v1::INVALID_ARGUMENT, "give both --period-start and --period-end, or neither");
  }
  Period out;
  if (p.start.empty()) return out;
  auto start = ParseTimeMs(p.start, "--period-start");
  if (!start.ok()) return start.status();
  auto end = ParseTimeMs(p.end, "--period-end");
  if (!end.ok()) return end.status();
  out.start = *start;
  out.end = *end;
  return out;
}

// Quantity from --quantity, or from the ranges when only those are given.
Result<uint64_t> QuantityOf(const std::optional<uint64_t>& quantity,
                            const std::vector<v1::SerialRange>& ranges) {
  if (quantity) return *quantity;
  if (ranges.empty()) {
    return Status(v1::INVALID_ARGUMENT, "give --quantity, or the exact serials with --range");
  }
  return RangesTotal(ranges);
}

void AddPeriodOptions(CLI::App* cmd, PeriodOptions* p, const std::string& what) {
  cmd->add_option("--period-start", p->start, "start of the " + what + kTimeHelp);
  cmd->add_option("--period-end", p->end, "end of the " + what + kTimeHelp);
}

// --quantity that may be left out when --range names the serials.
void AddQuantityOption(CLI::App* cmd, std::optional<uint64_t>* quantity) {
  cmd->add_option_function<uint64_t>(
      "--quantity", [quantity](const uint64_t& q) { *quantity = q; },
      std::string(kQuantityHelp) + " (default: the total of --range)");
}

template <typename Options>
void OnRun(CLI::App* cmd, Runner& runner, std::shared_ptr<Options> opts,
           int (*run)(const Options&, const Io&)) {
  cmd->callback([&runner, opts, run] {
    runner.action = [&runner, opts, run] { return run(*opts, runner.io); };
  });
}

int RunIssue(const IssueOptions& opts, const Io& io) {
  auto body = BuildIssue(opts);
  if (!body.ok()) return UsageError(io, body.status().message());
  v1::Tx tx;
  *tx.mutable_issue_batch() = *body;
  return SubmitTx(opts.tx, std::move(tx), io);
}

int RunTransfer(const TransferOptions& opts, const Io& io) {
  auto body = BuildTransfer(opts);
  if (!body.ok()) return UsageError(io, body.status().message());
  v1::Tx tx;
  *tx.mutable_transfer() = *body;
  return SubmitTx(opts.tx, std::move(tx), io);
}

// kg_per_planting_duty in force on the node's chain: how many kg a number
// of tree-planting duties retires, when the command line gives no quantity.
Result<uint64_t> KgPerPlantingDuty(const NodeOptions& node) {
  NodeClient client(node.node, node.timeout_ms, node.tls_ca);
  v1::Governance gov;
  if (auto err = client.GetGovernance(&gov)) {
    return Status(v1::INVALID_ARGUMENT,
                  "give --quantity (duties x kg_per_planting_duty): the node that would say the "
                  "parameter did not answer (" +
                      err->message + ")");
  }
  for (const auto& p : gov.parameters()) {
    if (p.name() != "kg_per_planting_duty") continue;
    if (p.value() == 0) {
      return Status(v1::INVALID_ARGUMENT,
                    "governance has not set kg_per_planting_duty, so the chain refuses "
                    "tree-planting retirements; governance sets it first (`lincao gov param set "
                    "kg_per_planting_duty KG`)");
    }
    return p.value();
  }
  return Status(v1::INVALID_ARGUMENT,
                "this chain has no kg_per_planting_duty: tree-planting duties need chaincode "
                "version 4 (`lincao query governance` shows the version)");
}

int RunRetire(const RetireOptions& opts, const Io& io) {
  RetireOptions resolved = opts;
  if (opts.duties && !opts.quantity && opts.ranges.empty()) {
    auto kg = KgPerPlantingDuty(opts.tx.node);
    if (!kg.ok()) return UsageError(io, kg.status().message());
    resolved.quantity = uint64_t{*opts.duties} * *kg;
  }
  auto body = BuildRetire(resolved);
  if (!body.ok()) return UsageError(io, body.status().message());
  v1::Tx tx;
  *tx.mutable_retire() = *body;
  // The court co-signs its eco-judicial order: SubmitTx adds it to the
  // --cosigner accounts.
  if (body->has_eco_judicial() && !body->eco_judicial().court().empty()) {
    tx.add_cosigners(body->eco_judicial().court());
  }
  return SubmitTx(opts.tx, std::move(tx), io);
}

// The purpose each detail option belongs to, for the check that a
// retirement carries only its own purpose's detail.
Status CheckDetailOptions(const RetireOptions& opts, v1::RetirementPurpose purpose) {
  struct Given {
    bool given;
    const char* options;
    bool fits;
    const char* purposes;
  };
  const bool neutrality = purpose == v1::ORGANISATION_NEUTRALITY ||
                          purpose == v1::PRODUCT_NEUTRALITY || purpose == v1::BUILDING_NEUTRALITY ||
                          purpose == v1::REGION_NEUTRALITY;
  const Given given[] = {
      {!opts.event.empty() || !opts.event_kind.empty(), "--event and --event-kind",
       purpose == v1::LARGE_EVENT, "large-event"},
      {opts.duties.has_value(), "--duties", purpose == v1::TREE_PLANTING_DUTY,
       "tree-planting-duty"},
      {!opts.case_number.empty() || !opts.court.empty() || !opts.court_order.empty(),
       "--case-number, --court and --court-order", purpose == v1::ECO_JUDICIAL, "eco-judicial"},
      {!opts.category.empty(), "--category", purpose == v1::PERSONAL_FOOTPRINT,
       "personal-footprint"},
      {!opts.subject.empty(), "--subject", neutrality, "organisation, product, building, region"},
  };
  for (const Given& g : given) {
    if (g.given && !g.fits) {
      return Status(v1::INVALID_ARGUMENT, std::string(g.options) + " belong to " + g.purposes +
                                              " retirements, not to --purpose " +
                                              PurposeShortName(purpose));
    }
  }
  return Status::Ok();
}

// The version-4 detail of a retirement from the options (none given: a
// body that chaincode versions 1-3 accept).
Status SetRetireDetail(const RetireOptions& opts, v1::Retire* body) {
  LINCAO_RETURN_IF_ERROR(CheckDetailOptions(opts, body->purpose()));
  if (!opts.event.empty() || !opts.event_kind.empty()) {
    if (opts.event.empty() || opts.event_kind.empty()) {
      return Status(v1::INVALID_ARGUMENT,
                    "an event retirement names the event with --event NAME and its kind with "
                    "--event-kind " +
                        EventKindChoices());
    }
    auto kind = ParseEventKind(opts.event_kind);
    if (!kind.ok()) return kind.status();
    body->mutable_event()->set_name(opts.event);
    body->mutable_event()->set_kind(*kind);
  }
  if (opts.duties) body->mutable_tree_planting()->set_duties(*opts.duties);
  if (!opts.case_number.empty() || !opts.court.empty() || !opts.court_order.empty()) {
    if (opts.case_number.empty() || opts.court.empty() == opts.court_order.empty()) {
      return Status(v1::INVALID_ARGUMENT,
                    "an eco-judicial retirement gives --case-number and either --court ACCOUNT "
                    "(the court co-signs) or --court-order REF (its written order)");
    }
    auto* j = body->mutable_eco_judicial();
    j->set_case_number(opts.case_number);
    if (!opts.court.empty()) {
      j->set_court(opts.court);
    } else {
      j->set_court_order_ref(opts.court_order);
    }
  }
  if (!opts.category.empty()) {
    auto category = ParseFootprintCategory(opts.category);
    if (!category.ok()) return category.status();
    body->mutable_footprint()->set_category(*category);
  }
  if (!opts.subject.empty()) body->mutable_subject()->set_name(opts.subject);
  body->set_claim_id(opts.claim);
  return Status::Ok();
}

}  // namespace

Result<v1::IssueBatch> BuildIssue(const IssueOptions& opts) {
  v1::IssueBatch body;
  body.set_to(opts.to);
  body.set_quantity(opts.quantity);
  body.set_project_id(opts.project);
  body.set_vintage(opts.vintage);
  auto period = ParsePeriod(opts.period);
  if (!period.ok()) return period.status();
  body.set_period_start_ms(period->start);
  body.set_period_end_ms(period->end);
  if (!opts.report_hash.empty()) {
    auto hash = ParseHexArg(opts.report_hash, "--report-hash");
    if (!hash.ok()) return hash.status();
    body.set_report_hash(*hash);
  }
  body.set_note(opts.note);
  return body;
}

Result<v1::Transfer> BuildTransfer(const TransferOptions& opts) {
  v1::Transfer body;
  body.set_to(opts.to);
  auto ranges = ParseRanges(opts.ranges);
  if (!ranges.ok()) return ranges.status();
  auto quantity = QuantityOf(opts.quantity, *ranges);
  if (!quantity.ok()) return quantity.status();
  body.set_quantity(*quantity);
  for (const auto& r : *ranges) *body.add_ranges() = r;
  body.set_memo(opts.memo);
  return body;
}

Result<v1::Retire> BuildRetire(const RetireOptions& opts) {
  v1::Retire body;
  auto ranges = ParseRanges(opts.ranges);
  if (!ranges.ok()) return ranges.status();
  auto quantity = QuantityOf(opts.quantity, *ranges);
  if (!quantity.ok()) return quantity.status();
  body.set_quantity(*quantity);
  for (const auto& r : *ranges) *body.add_ranges() = r;
  if (opts.beneficiary_org.empty() == opts.beneficiary_commitment.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "name the beneficiary with exactly one of --beneficiary-org NAME (an "
                  "organisation) or --beneficiary-commitment HEX32 (a person, as a salted hash)");
  }
  if (!opts.beneficiary_org.empty()) {
    body.mutable_beneficiary()->set_organisation(opts.beneficiary_org);
  } else {
    auto c = ParseHexArg(opts.beneficiary_commitment, "--beneficiary-commitment", 32);
    if (!c.ok()) return c.status();
    body.mutable_beneficiary()->set_person_commitment(*c);
  }
  auto purpose = ParsePurpose(opts.purpose);
  if (!purpose.ok()) return purpose.status();
  body.set_purpose(*purpose);
  body.set_scenario_ref(opts.scenario_ref);
  body.set_jurisdiction(opts.jurisdiction);
  auto period = ParsePeriod(opts.period);
  if (!period.ok()) return period.status();
  body.set_period_start_ms(period->start);
  body.set_period_end_ms(period->end);
  body.set_note(opts.note);
  LINCAO_RETURN_IF_ERROR(SetRetireDetail(opts, &body));
  return body;
}

void AddTxCommand(CLI::App& app, Runner& runner) {
  CLI::App* txc = app.add_subcommand(
      "tx",
      "Issue (chains before chaincode version 3), transfer and retire credits: build a "
      "transaction, sign it with --key, submit it and wait for its block. 1 unit = 1 kg CO2e; "
      "1000 units = 1 credit = 1 tCO2e.");
  txc->require_subcommand(1);
  txc->footer(
      "Example:\n  lincao tx transfer --key data/dev/keys/panda-coop.key --to chengdu-expo "
      "--quantity 1200");

  auto issue = std::make_shared<IssueOptions>();
  CLI::App* ic = txc->add_subcommand(
      "issue",
      "Issue a new credit batch to a project owner (registrar only): issue_batch, the free-form "
      "issuance of chains that run chaincode version 1 or 2 (`lincao query governance` shows "
      "the version). From version 3 on the chain refuses it: credits are issued for a verified "
      "monitoring report with `lincao issue --project P --report N`. The batch gets fresh serial "
      "numbers, one per unit.");
  ic->add_option("--to", issue->to, "receiving account (needs role PROJECT_OWNER)")->required();
  ic->add_option("--quantity", issue->quantity,
                 "units to issue; 1 unit = 1 kg CO2e, 1000 units = 1 credit = 1 tCO2e")
      ->required();
  ic->add_option("--project", issue->project, "project id, e.g. SC-FOR-2025-0007")->required();
  ic->add_option("--vintage", issue->vintage, "year of the reductions")->required();
  AddPeriodOptions(ic, &issue->period, "monitoring period");
  ic->add_option("--report-hash", issue->report_hash,
                 "hash of the off-chain monitoring evidence (32 bytes, hex)");
  ic->add_option("--note", issue->note, "free text");
  AddTxOptions(ic, &issue->tx);
  ic->footer(
      "Example (5 tCO2e):\n"
      "  lincao tx issue --key data/dev/keys/registrar.key --to panda-coop \\\n"
      "      --quantity 5000 --project SC-FOR-2025-0007 --vintage 2025");
  OnRun(ic, runner, issue, &RunIssue);

  auto transfer = std::make_shared<TransferOptions>();
  CLI::App* tc = txc->add_subcommand(
      "transfer",
      "Move units from the key's account to another account: the lowest serials held, or "
      "exactly the ranges named with --range.");
  tc->add_option("--to", transfer->to, "receiving account")->required();
  AddQuantityOption(tc, &transfer->quantity);
  tc->add_option("--range", transfer->ranges, "serial range FIRST-LAST to move, repeatable");
  tc->add_option("--memo", transfer->memo, "free text");
  AddTxOptions(tc, &transfer->tx);
  tc->footer(
      "Examples:\n"
      "  lincao tx transfer --key data/dev/keys/panda-coop.key --to chengdu-expo --quantity 1200\n"
      "  lincao tx transfer --key data/dev/keys/panda-coop.key --to chengdu-expo "
      "--range 1-500 --range 901-1000");
  OnRun(tc, runner, transfer, &RunTransfer);

  auto retire = std::make_shared<RetireOptions>();
  CLI::App* rc = txc->add_subcommand(
      "retire",
      "Retire units for an offset claim (lowest serials first, or the ranges named) and store a "
      "retirement record with beneficiary and purpose.");
  AddQuantityOption(rc, &retire->quantity);
  rc->add_option("--range", retire->ranges, "serial range FIRST-LAST to retire, repeatable");
  CLI::Option* org = rc->add_option("--beneficiary-org", retire->beneficiary_org,
                                    "organisation the offset is for");
  CLI::Option* commit =
      rc->add_option("--beneficiary-commitment", retire->beneficiary_commitment,
                     "a person the offset is for, as a 32-byte salted hash (hex); never a name");
  org->excludes(commit);
  rc->add_option("--purpose", retire->purpose, "why the units are retired: " + PurposeChoices())
      ->required();
  rc->add_option("--scenario-ref", retire->scenario_ref,
                 "free reference: event name, ...; before chaincode 4 the court case number "
                 "of an eco-judicial retirement");
  rc->add_option("--jurisdiction", retire->jurisdiction,
                 "administrative area code, e.g. 510100 (Chengdu)");
  AddPeriodOptions(rc, &retire->period, "consumption period covered");
  rc->add_option("--note", retire->note, "free text (required for purpose other, chaincode 4)");
  // Chaincode version 4: each purpose's detail (formats.md "Retirements (v4)").
  rc->add_option("--event", retire->event, "large-event: the event's name (v4)");
  rc->add_option("--event-kind", retire->event_kind,
                 "large-event: " + EventKindChoices() + " (会议、展览、赛事; v4)");
  rc->add_option("--duties", retire->duties,
                 "tree-planting-duty: duties covered; --quantity defaults to duties x the "
                 "chain's kg_per_planting_duty (v4)");
  rc->add_option("--case-number", retire->case_number, "eco-judicial: the court case number (v4)");
  CLI::Option* court = rc->add_option(
      "--court", retire->court, "eco-judicial: the court's JUDICIAL account, which co-signs (v4)");
  CLI::Option* order = rc->add_option("--court-order", retire->court_order,
                                      "eco-judicial: the court order's reference, instead of "
                                      "--court (v4)");
  court->excludes(order);
  rc->add_option("--category", retire->category,
                 "personal-footprint: " + FootprintCategoryChoices() + " (衣食住行用; v4)");
  rc->add_option("--subject", retire->subject,
                 "organisation, product, building, region: what is made neutral (v4)");
  rc->add_option("--claim", retire->claim, "neutrality claim id this retirement covers (v4)");
  AddTxOptions(rc, &retire->tx);
  rc->footer(
      "Each purpose names its detail on chains of chaincode version 4:\n"
      "  large-event          --event NAME --event-kind meeting|exhibition|competition\n"
      "  tree-planting-duty   --duties N (the quantity is N x kg_per_planting_duty)\n"
      "  eco-judicial         --case-number NO and --court ACCOUNT (it co-signs: collect its\n"
      "                       signature with --out and `lincao sign`) or --court-order REF\n"
      "  personal-footprint   --category clothing|food|housing|travel|use, and\n"
      "                       --beneficiary-commitment\n"
      "  organisation, product, building, region   --subject NAME\n"
      "  other                --note TEXT\n"
      "and a consumption period (--period-start before --period-end). Older chains take none\n"
      "of these.\n"
      "Examples:\n"
      "  lincao tx retire --key data/dev/keys/chengdu-expo.key --quantity 800 \\\n"
      "      --beneficiary-org \"Chengdu Expo 2026\" --purpose large-event \\\n"
      "      --event \"Chengdu Expo 2026\" --event-kind exhibition --jurisdiction 510100 \\\n"
      "      --period-start 2026-05-01 --period-end 2026-05-06\n"
      "  lincao tx retire --key data/dev/keys/platform.key --for p-7f3a --duties 3 \\\n"
      "      --beneficiary-commitment 5d1e...c9 --purpose tree-planting-duty \\\n"
      "      --period-start 2026-01-01 --period-end 2027-01-01");
  OnRun(rc, runner, retire, &RunRetire);
}

}  // namespace lincao::cli
