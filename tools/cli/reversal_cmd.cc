#include "tools/cli/reversal_cmd.h"

#include <memory>
#include <optional>
#include <vector>

#include "tools/cli/document_hash.h"
#include "tools/cli/lifecycle_options.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct ReversalOptions {
  TxOptions tx;
  // cancel
  std::string holder;
  std::optional<uint64_t> quantity;
  std::vector<std::string> ranges;
  uint64_t hold = 0;
  std::string cancel_reason;  // fraud, reversal, correction
  std::string note;
  // loss
  std::string project;
  std::string kind;
  uint64_t loss_kg = 0;
  std::string occurred;
  DocumentHashOptions evidence;
  std::string reason;  // clear-shortfall
};

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

Status CancelBody(const ReversalOptions& o, const Io&, v1::Tx* tx) {
  auto* b = tx->mutable_cancel_units();
  const bool by_ranges = !o.holder.empty() || !o.ranges.empty();
  if (by_ranges == (o.hold != 0)) {
    return Invalid(
        "cancel either a holder's serials (--holder ACCOUNT --range FIRST-LAST ...) or "
        "all units of one hold (--hold ID), not both");
  }
  if (by_ranges) {
    if (o.holder.empty()) return Invalid("name whose units are cancelled with --holder ACCOUNT");
    auto units = ParseNamedUnits(o.ranges, o.quantity);
    if (!units.ok()) return units.status();
    b->set_holder(o.holder);
    b->set_quantity(units->quantity);
    for (const auto& r : units->ranges) *b->add_ranges() = r;
  } else {
    if (o.quantity) return Invalid("--quantity goes with --range, not with --hold");
    b->set_hold(o.hold);
  }
  auto reason = ParseCancellationReason(o.cancel_reason);
  if (!reason.ok()) return reason.status();
  b->set_reason(*reason);
  if (o.note.empty()) return Invalid("say what was wrong with --note TEXT (required, public)");
  b->set_note(o.note);
  if (o.tx.cosigners.empty()) {
    return Invalid(
        "a cancellation needs a SUPERVISOR's co-signature: add --cosigner "
        "SUPERVISOR_ACCOUNT (e.g. forestry-bureau) and collect both signatures "
        "with --out, `lincao sign` and `lincao submit`");
  }
  return Status::Ok();
}

Status LossBody(const ReversalOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_report_loss();
  b->set_project(o.project);
  auto kind = ParseLossKind(o.kind);
  if (!kind.ok()) return kind.status();
  b->set_kind(*kind);
  if (o.loss_kg == 0) return Invalid("--loss-kg is at least 1 (kg CO2e)");
  b->set_loss_kg(o.loss_kg);
  auto occurred = ParseChinaTimeMs(o.occurred, "--occurred");
  if (!occurred.ok()) return occurred.status();
  b->set_occurred_ms(*occurred);
  b->set_note(o.note);
  auto evidence = ResolveDocumentHash(o.evidence, "evidence", io.err);
  if (!evidence.ok()) return evidence.status();
  b->set_evidence_hash(*evidence);
  return Status::Ok();
}

Status ClearShortfallBody(const ReversalOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "why the shortfall is cleared"));
  tx->mutable_clear_shortfall()->set_project(o.project);
  tx->mutable_clear_shortfall()->set_reason(o.reason);
  return Status::Ok();
}

}  // namespace

void AddReversalCommands(CLI::App& app, Runner& runner) {
  // --- lincao cancel ------------------------------------------------------
  auto cancel = std::make_shared<ReversalOptions>();
  CLI::App* cc = AddTxSubcommand<ReversalOptions>(
      &app, runner, "cancel",
      "Cancel units administratively (注销 for fraud, reversal or a correction; not a retirement): "
      "named serial ranges of a holder's tradable units, or all units of one hold. The "
      "REGISTRAR acts and a SUPERVISOR co-signs (--cosigner; collect both signatures with --out). "
      "Chaincode version 3. The node answers with the cancellation id.",
      "  lincao cancel --holder panda-coop --range 901-1000 --reason fraud \\\n"
      "      --note \"parcel 12/3 double-counted\" --account registrar --cosigner forestry-bureau "
      "\\\n      --out cancel.tx\n"
      "  lincao sign cancel.tx --key data/dev/keys/registrar.key\n"
      "  lincao sign cancel.tx --key data/dev/keys/forestry-bureau.key\n"
      "  lincao submit cancel.tx",
      cancel, CancelBody);
  cc->add_option("--holder", cancel->holder, "account whose tradable units are cancelled");
  cc->add_option("--range", cancel->ranges, "serial range FIRST-LAST to cancel, repeatable");
  cc->add_option_function<uint64_t>(
      "--quantity", [o = cancel.get()](const uint64_t& q) { o->quantity = q; },
      "units, as a check: must equal the total of --range");
  cc->add_option("--hold", cancel->hold, "cancel all units of this hold instead");
  cc->add_option("--reason", cancel->cancel_reason, "why: " + CancellationReasonChoices())
      ->required();
  cc->add_option("--note", cancel->note, "what was wrong (required, public)")->required();

  // --- lincao loss ----------------------------------------------------------
  CLI::App* loss = app.add_subcommand(
      "loss",
      "Reversals, chaincode version 3: a SUPERVISOR records a loss on a project (fire, pests, "
      "land-use change); the loss is cancelled from the buffer, the project's own contributions "
      "first, then the pool, oldest batch first. What the buffer cannot cover is the project's "
      "shortfall, which blocks its issuance until governance clears it.");
  loss->require_subcommand(1);
  loss->footer(
      "Example:\n"
      "  lincao loss report --project SC-P-2026-0001 --kind fire --loss-kg 300000 \\\n"
      "      --occurred 2026-03-14 --evidence-file fire-report.pdf \\\n"
      "      --key data/dev/keys/forestry-bureau.key");

  auto report = std::make_shared<ReversalOptions>();
  CLI::App* rc = AddTxSubcommand<ReversalOptions>(
      loss, runner, "report",
      "Record a loss event on project PROJECT (a SUPERVISOR). The node answers with the loss id.",
      "  lincao loss report --project SC-P-2026-0001 --kind fire --loss-kg 300000 \\\n"
      "      --occurred 2026-03-14 --evidence-file fire-report.pdf --note \"Fengtongzhai 12/3\" "
      "\\\n      --key data/dev/keys/forestry-bureau.key",
      report, LossBody);
  rc->add_option("--project", report->project, "project id")->required();
  rc->add_option("--kind", report->kind, "what happened: " + LossKindChoices())->required();
  rc->add_option("--loss-kg", report->loss_kg, "reductions lost, kg CO2e = units")->required();
  rc->add_option(
        "--occurred", report->occurred,
        "when it happened, not in the future: a date like 2026-03-14 (China Standard Time), a "
        "date-time with its zone, or unix ms")
      ->required();
  AddDocumentHashOptions(rc, &report->evidence, "evidence", "the loss evidence (survey, report)");
  rc->add_option("--note", report->note, "free text");

  auto clear = std::make_shared<ReversalOptions>();
  CLI::App* sc = AddTxSubcommand<ReversalOptions>(
      loss, runner, "clear-shortfall",
      "Clear project PROJECT's shortfall, e.g. after the owner made it good off chain, so it may "
      "be issued credits again. A governance decision: the acting account and its --cosigner "
      "accounts must include the governance policy's quorum (`lincao query governance`).",
      "  lincao loss clear-shortfall --project SC-P-2026-0001 --reason \"owner replanted 40 ha\" "
      "\\\n      --account forestry-bureau --cosigner ecology-dept --out clear.tx\n"
      "  lincao sign clear.tx --key data/dev/keys/forestry-bureau.key\n"
      "  lincao sign clear.tx --key data/dev/keys/ecology-dept.key\n"
      "  lincao submit clear.tx",
      clear, ClearShortfallBody);
  sc->add_option("--project", clear->project, "project id")->required();
  sc->add_option("--reason", clear->reason, "public reason (required)")->required();
}

}  // namespace lincao::cli
