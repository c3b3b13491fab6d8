#include "tools/cli/report_cmd.h"

#include <memory>

#include "tools/cli/document_hash.h"
#include "tools/cli/lifecycle_options.h"
#include "tools/cli/registry_report_cmd.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct ReportOptions {
  TxOptions tx;
  std::string project;
  uint32_t report = 0;
  // submit
  std::string period_start;
  std::string period_end;
  uint64_t claimed_kg = 0;
  DocumentHashOptions evidence;
  // attest
  uint64_t verified_kg = 0;
  DocumentHashOptions attestation;
  // evaluate
  VerdictOptions verdict;
  DocumentHashOptions opinion;
  // issue
  std::string note;
};

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

Status SubmitBody(const ReportOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_submit_report();
  b->set_project(o.project);
  auto start = ParseChinaTimeMs(o.period_start, "--period-start");
  if (!start.ok()) return start.status();
  auto end = ParseChinaTimeMs(o.period_end, "--period-end");
  if (!end.ok()) return end.status();
  if (*end <= *start) {
    return Invalid(
        "the monitoring period [--period-start, --period-end) is empty: the end must "
        "come after the start");
  }
  b->set_period_start_ms(*start);
  b->set_period_end_ms(*end);
  if (o.claimed_kg == 0) return Invalid("--claimed-kg is at least 1 (kg CO2e)");
  b->set_claimed_kg(o.claimed_kg);
  auto evidence = ResolveDocumentHash(o.evidence, "evidence", io.err);
  if (!evidence.ok()) return evidence.status();
  b->set_evidence_hash(*evidence);
  return Status::Ok();
}

Status AttestBody(const ReportOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_attest_report();
  b->set_project(o.project);
  b->set_report(o.report);
  if (o.verified_kg == 0) return Invalid("--verified-kg is at least 1 (kg CO2e)");
  b->set_verified_kg(o.verified_kg);
  auto attestation = ResolveDocumentHash(o.attestation, "attestation", io.err);
  if (!attestation.ok()) return attestation.status();
  b->set_attestation_hash(*attestation);
  return Status::Ok();
}

Status EvaluateBody(const ReportOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_evaluate_report();
  b->set_project(o.project);
  b->set_report(o.report);
  return SetEvaluation(o.verdict, o.opinion, io.err, b);
}

Status IssueBody(const ReportOptions& o, const Io&, v1::Tx* tx) {
  auto* b = tx->mutable_issue_credits();
  b->set_project(o.project);
  b->set_report(o.report);
  b->set_note(o.note);
  return Status::Ok();
}

void AddProjectOption(CLI::App* cmd, ReportOptions* o) {
  cmd->add_option("--project", o->project, "project id, e.g. SC-P-2026-0001")->required();
}

void AddReportNumberOption(CLI::App* cmd, ReportOptions* o) {
  cmd->add_option("--report", o->report,
                  "the report's number within the project (1, 2, ...; printed by `report submit`)")
      ->required()
      ->check(CLI::PositiveNumber);
}

}  // namespace

void AddReportCommands(CLI::App& app, Runner& runner) {
  CLI::App* r = app.add_subcommand(
      "report",
      "Monitoring reports and registry reports. Monitoring (submit, attest, evaluate; chaincode "
      "version 3): the owner of a registered project reports a monitoring period and its claimed "
      "reductions (kg CO2e); a VERIFIER of the sector attests it (may lower the quantity, never "
      "raise it); experts evaluate it; then `lincao issue`. Registry reports (issuance, "
      "holdings, retirements, sanctions, registry): tables and totals as CSV or JSON by project, "
      "area code or period, read through the Audit service (an AUDITOR key or a public ledger).");
  r->require_subcommand(1);
  r->footer(
      "Example:\n"
      "  lincao report submit --project SC-P-2026-0001 --period-start 2025-01-01 \\\n"
      "      --period-end 2026-01-01 --claimed-kg 1250000 --evidence-file monitoring-2025.zip \\\n"
      "      --key data/dev/keys/panda-coop.key\n"
      "  lincao report issuance --area 513200 --format csv --key data/dev/keys/auditor-1.key");
  AddRegistryReportCommands(r, runner);

  auto submit = std::make_shared<ReportOptions>();
  CLI::App* sc = AddTxSubcommand<ReportOptions>(
      r, runner, "submit",
      "Submit a monitoring report for a registered project (its owner). Periods of one project "
      "never overlap and lie inside its crediting period. Reports are numbered 1, 2, ... within "
      "their project, in the order submitted.",
      "  lincao report submit --project SC-P-2026-0001 --period-start 2025-01-01 \\\n"
      "      --period-end 2026-01-01 --claimed-kg 1250000 --evidence-file monitoring-2025.zip \\\n"
      "      --key data/dev/keys/panda-coop.key",
      submit, SubmitBody);
  AddProjectOption(sc, submit.get());
  sc->add_option(
        "--period-start", submit->period_start,
        "start of the monitoring period: a date like 2025-01-01 (midnight China Standard Time, the "
        "calendar vintages are counted in), a date-time with its zone, or unix ms")
      ->required();
  sc->add_option(
        "--period-end", submit->period_end,
        "end of the monitoring period, exclusive (2026-01-01 ends it with 2025: vintage 2025)")
      ->required();
  sc->add_option("--claimed-kg", submit->claimed_kg,
                 "claimed reductions in kg CO2e = units (1000 = 1 credit = 1 tCO2e)")
      ->required();
  AddDocumentHashOptions(sc, &submit->evidence, "evidence", "the monitoring evidence");

  auto attest = std::make_shared<ReportOptions>();
  CLI::App* ac = AddTxSubcommand<ReportOptions>(
      r, runner, "attest",
      "Attest a monitoring report (a VERIFIER of the methodology's sector, not suspended there; "
      "once): the verified quantity, at most the claimed one, and the verification report's "
      "hash.",
      "  lincao report attest --project SC-P-2026-0001 --report 1 --verified-kg 1200000 \\\n"
      "      --attestation-file verification-2025.pdf --key data/dev/keys/verifier-a.key",
      attest, AttestBody);
  AddProjectOption(ac, attest.get());
  AddReportNumberOption(ac, attest.get());
  ac->add_option("--verified-kg", attest->verified_kg,
                 "verified reductions in kg CO2e, 1..the claimed quantity")
      ->required();
  AddDocumentHashOptions(ac, &attest->attestation, "attestation", "the verification report");

  auto evaluate = std::make_shared<ReportOptions>();
  CLI::App* ec = AddTxSubcommand<ReportOptions>(
      r, runner, "evaluate",
      "Record an expert's evaluation of a monitoring report (an EXPERT of the sector; once per "
      "expert).",
      "  lincao report evaluate --project SC-P-2026-0001 --report 1 --approve \\\n"
      "      --opinion-file opinion-2025.pdf --key data/dev/keys/expert-zhang.key",
      evaluate, EvaluateBody);
  AddProjectOption(ec, evaluate.get());
  AddReportNumberOption(ec, evaluate.get());
  AddVerdictOptions(ec, &evaluate->verdict, "the report");
  AddDocumentHashOptions(ec, &evaluate->opinion, "opinion", "the expert's written opinion");

  auto issue = std::make_shared<ReportOptions>();
  CLI::App* ic = AddTxSubcommand<ReportOptions>(
      &app, runner, "issue",
      "Issue credits (减排量签发) for a monitoring report that a verifier attested and the expert "
      "quorum approved (the REGISTRAR; once per report; chaincode version 3). Quantity, vintage "
      "and period come from the report; the methodology's buffer share goes to the pooled "
      "buffer, the rest to the project owner. The node answers with the new batch id. (`lincao "
      "tx issue` is the free-form issue_batch of chains before version 3.)",
      "  lincao issue --project SC-P-2026-0001 --report 1 --key data/dev/keys/registrar.key", issue,
      IssueBody);
  AddProjectOption(ic, issue.get());
  AddReportNumberOption(ic, issue.get());
  ic->add_option("--note", issue->note, "free text stored with the batch");
}

}  // namespace lincao::cli
