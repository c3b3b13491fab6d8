#include "tools/cli/claim_cmd.h"

#include <memory>

#include "tools/cli/document_hash.h"
#include "tools/cli/lifecycle_options.h"
#include "tools/cli/names.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct ClaimOptions {
  TxOptions tx;
  uint64_t claim = 0;  // witness, withdraw
  // declare
  std::string entity_kind;
  std::string entity;
  std::string period_start;
  std::string period_end;
  uint64_t footprint_kg = 0;
  DocumentHashOptions evidence;
  std::string platform;
  // witness
  DocumentHashOptions statement;
  // withdraw
  std::string reason;
};

Status DeclareBody(const ClaimOptions& o, const Io& io, v1::Tx* tx) {
  auto kind = ParseEntityKind(o.entity_kind);
  if (!kind.ok()) return kind.status();
  auto start = ParseTimeMs(o.period_start, "--period-start");
  if (!start.ok()) return start.status();
  auto end = ParseTimeMs(o.period_end, "--period-end");
  if (!end.ok()) return end.status();
  if (*end <= *start) {
    return Status(v1::INVALID_ARGUMENT,
                  "the footprint period [--period-start, --period-end) is empty: the end must "
                  "come after the start");
  }
  if (o.footprint_kg == 0) {
    return Status(v1::INVALID_ARGUMENT, "--footprint-kg is at least 1 (kg CO2e)");
  }
  auto evidence = ResolveDocumentHash(o.evidence, "evidence", io.err);
  if (!evidence.ok()) return evidence.status();
  auto* b = tx->mutable_declare_claim();
  b->set_entity_kind(*kind);
  b->set_entity(o.entity);
  b->set_period_start_ms(*start);
  b->set_period_end_ms(*end);
  b->set_footprint_kg(o.footprint_kg);
  b->set_evidence_hash(*evidence);
  b->set_platform(o.platform);
  return Status::Ok();
}

Status WitnessBody(const ClaimOptions& o, const Io& io, v1::Tx* tx) {
  auto statement = ResolveDocumentHash(o.statement, "statement", io.err);
  if (!statement.ok()) return statement.status();
  tx->mutable_witness_claim()->set_claim(o.claim);
  tx->mutable_witness_claim()->set_statement_hash(*statement);
  return Status::Ok();
}

Status WithdrawBody(const ClaimOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "why the claim is withdrawn"));
  tx->mutable_withdraw_claim()->set_claim(o.claim);
  tx->mutable_withdraw_claim()->set_reason(o.reason);
  return Status::Ok();
}

}  // namespace

void AddClaimCommands(CLI::App& app, Runner& runner) {
  CLI::App* c = app.add_subcommand(
      "claim",
      "Neutrality claims (碳中和见证), chaincode version 4: an account declares the footprint of "
      "an organisation, event, product, building or region for a period; retirements that name "
      "the claim (`tx retire --claim ID`) cover it; once covered, a service platform witnesses "
      "it. `lincao query claim ID` shows its status: open, partly covered or covered.");
  c->require_subcommand(1);
  c->footer(
      "Example:\n"
      "  lincao claim declare --entity-kind event --entity \"2026 Chengdu Marathon\" \\\n"
      "      --period-start 2026-04-01 --period-end 2026-04-02 --footprint-kg 18500 \\\n"
      "      --evidence-file marathon-footprint.pdf --platform dd-platform \\\n"
      "      --key data/dev/keys/chengdu-sports.key\n"
      "  lincao tx retire --claim 1 ...      (the declarant's, or the platform's, retirements)\n"
      "  lincao claim witness 1 --statement-file witness-1.pdf --key "
      "data/dev/keys/dd-platform.key");

  auto declare = std::make_shared<ClaimOptions>();
  CLI::App* dc = AddTxSubcommand<ClaimOptions>(
      c, runner, "declare",
      "Declare the footprint of an entity for a period (the acting account is the declarant: "
      "any account that may hold units, not a personal account). The node answers with the "
      "claim id. Retirements covering it must have the purpose of the entity kind "
      "(organisation, large-event, product, building, region) and a consumption period inside "
      "the claim's.",
      "  lincao claim declare --entity-kind organisation --entity \"Tianfu Software Park\" \\\n"
      "      --period-start 2026-01-01 --period-end 2027-01-01 --footprint-kg 1250000 \\\n"
      "      --evidence-file footprint-2026.pdf --key data/dev/keys/tianfu-park.key",
      declare, DeclareBody);
  dc->add_option("--entity-kind", declare->entity_kind,
                 "what the claim is about: " + EntityKindChoices())
      ->required();
  dc->add_option("--entity", declare->entity,
                 "the entity's public name, 1-256 bytes, one spelling (no spaces at either end, "
                 "never two in a row): its claims are listed under it")
      ->required();
  dc->add_option("--period-start", declare->period_start,
                 "start of the footprint period: a date (UTC midnight, as `tx retire` reads "
                 "consumption periods), a date-time with its zone, or unix ms")
      ->required();
  dc->add_option("--period-end", declare->period_end,
                 "end of the footprint period (exclusive), as --period-start")
      ->required();
  dc->add_option("--footprint-kg", declare->footprint_kg,
                 "the footprint to cover, kg CO2e (1 kg = 1 unit)")
      ->required();
  AddDocumentHashOptions(dc, &declare->evidence, "evidence",
                         "the footprint accounting (碳核算) (required)");
  dc->add_option("--platform", declare->platform,
                 "a SERVICE_PLATFORM whose own retirements may also cover the claim (footprint "
                 "offset on your behalf); default: only yours");

  auto witness = std::make_shared<ClaimOptions>();
  CLI::App* wc = AddTxSubcommand<ClaimOptions>(
      c, runner, "witness",
      "Witness claim CLAIM (a SERVICE_PLATFORM, not its declarant): only once its linked "
      "retirements cover the whole footprint. After the witness it takes no more retirements.",
      "  lincao claim witness 1 --statement-file witness-1.pdf --key data/dev/keys/dd-platform.key",
      witness, WitnessBody);
  wc->add_option("CLAIM", witness->claim, "claim id (printed by `claim declare`)")->required();
  AddDocumentHashOptions(wc, &witness->statement, "statement", "the witness statement (required)");

  auto withdraw = std::make_shared<ClaimOptions>();
  CLI::App* xc = AddTxSubcommand<ClaimOptions>(
      c, runner, "withdraw",
      "Withdraw claim CLAIM (its declarant), while it is not witnessed. Retirements already "
      "linked stay retired and linked.",
      "  lincao claim withdraw 1 --reason \"footprint recounted\" \\\n"
      "      --key data/dev/keys/tianfu-park.key",
      withdraw, WithdrawBody);
  xc->add_option("CLAIM", withdraw->claim, "claim id")->required();
  xc->add_option("--reason", withdraw->reason, "public reason (required)")->required();
}

}  // namespace lincao::cli
