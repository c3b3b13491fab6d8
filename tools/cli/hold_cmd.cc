#include "tools/cli/hold_cmd.h"

#include <memory>
#include <optional>
#include <vector>

#include "tools/cli/lifecycle_options.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/tx_subcommand.h"

namespace lincao::cli {
namespace {

struct HoldOptions {
  TxOptions tx;
  std::string party;  // pledge: the pledgee; freeze: the holder
  std::optional<uint64_t> quantity;
  std::vector<std::string> ranges;
  std::string reason;
  std::string until;   // the hold's or freeze's expiry in chain time
  uint64_t hold = 0;   // release, enforce
  std::string target;  // freeze set|lift: account, project, batch
  std::string id;
};

constexpr char kUntilHelp[] =
    " (a date like 2027-01-01, midnight China Standard Time, a date-time with its zone, or unix "
    "ms; default: none)";

Status PledgeBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  auto units = ParseNamedUnits(o.ranges, o.quantity);
  if (!units.ok()) return units.status();
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the loan contract reference"));
  auto until = OptionalTimeMs(o.until, "--until");
  if (!until.ok()) return until.status();
  auto* b = tx->mutable_pledge_units();
  b->set_pledgee(o.party);
  b->set_quantity(units->quantity);
  for (const auto& r : units->ranges) *b->add_ranges() = r;
  b->set_reason(o.reason);
  b->set_expiry_ms(*until);
  // The pledgee co-signs: SubmitTx adds it to the --cosigner accounts.
  tx->add_cosigners(o.party);
  return Status::Ok();
}

Status FreezeUnitsBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  auto units = ParseNamedUnits(o.ranges, o.quantity);
  if (!units.ok()) return units.status();
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the court case number"));
  auto until = OptionalTimeMs(o.until, "--until");
  if (!until.ok()) return until.status();
  auto* b = tx->mutable_freeze_units();
  b->set_holder(o.party);
  b->set_quantity(units->quantity);
  for (const auto& r : units->ranges) *b->add_ranges() = r;
  b->set_reason(o.reason);
  b->set_expiry_ms(*until);
  return Status::Ok();
}

Status ReleaseBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the reason for the release"));
  tx->mutable_release_hold()->set_hold(o.hold);
  tx->mutable_release_hold()->set_reason(o.reason);
  return Status::Ok();
}

Status EnforceBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the reason for enforcing the pledge"));
  tx->mutable_enforce_pledge()->set_hold(o.hold);
  tx->mutable_enforce_pledge()->set_reason(o.reason);
  return Status::Ok();
}

Status FreezeSetBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  auto target = ParseFreezeTarget(o.target);
  if (!target.ok()) return target.status();
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the reason for the freeze"));
  auto until = OptionalTimeMs(o.until, "--until");
  if (!until.ok()) return until.status();
  auto* b = tx->mutable_set_supervisory_freeze();
  b->set_target(*target);
  b->set_id(o.id);
  b->set_reason(o.reason);
  b->set_expiry_ms(*until);
  return Status::Ok();
}

Status FreezeLiftBody(const HoldOptions& o, const Io&, v1::Tx* tx) {
  auto target = ParseFreezeTarget(o.target);
  if (!target.ok()) return target.status();
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the reason for lifting the freeze"));
  auto* b = tx->mutable_lift_supervisory_freeze();
  b->set_target(*target);
  b->set_id(o.id);
  b->set_reason(o.reason);
  return Status::Ok();
}

void AddRangeOptions(CLI::App* cmd, HoldOptions* o, const std::string& whose) {
  cmd->add_option("--range", o->ranges,
                  "serial range FIRST-LAST of " + whose + " holdings, repeatable (required)")
      ->required();
  cmd->add_option_function<uint64_t>(
      "--quantity", [o](const uint64_t& q) { o->quantity = q; },
      "units, as a check: must equal the total of --range (1 unit = 1 kg CO2e)");
}

void AddTargetOptions(CLI::App* cmd, HoldOptions* o) {
  cmd->add_option("TARGET", o->target, "what is frozen: " + FreezeTargetChoices())->required();
  cmd->add_option("ID", o->id,
                  "account id, project id, or batch code (e.g. SC-P-2026-0001-2025-001)")
      ->required();
  cmd->add_option("--reason", o->reason, "public reason (required)")->required();
}

}  // namespace

void AddHoldCommands(CLI::App& app, Runner& runner) {
  // --- lincao hold ------------------------------------------------------
  CLI::App* h = app.add_subcommand(
      "hold",
      "Holds on named serial ranges, chaincode version 3: a holder pledges units to a bank "
      "(质押), a court freezes a holder's units (司法冻结); the pledgee or court releases them, "
      "a pledgee may enforce its pledge. Held units cannot move, retire or be cancelled except "
      "through their hold. `lincao freeze` is the supervisory freeze of a whole account, project "
      "or batch.");
  h->require_subcommand(1);
  h->footer(
      "Example (a pledge needs the pledgee's signature too):\n"
      "  lincao hold pledge --pledgee green-bank --range 401-900 --reason \"loan 2026-017\" \\\n"
      "      --key data/dev/keys/panda-coop.key --out pledge.tx\n"
      "  lincao sign pledge.tx --key data/dev/keys/panda-coop.key\n"
      "  lincao sign pledge.tx --key data/dev/keys/green-bank.key\n"
      "  lincao submit pledge.tx");

  auto pledge = std::make_shared<HoldOptions>();
  CLI::App* pc = AddTxSubcommand<HoldOptions>(
      h, runner, "pledge",
      "Pledge named serial ranges of the acting account (the holder) to a FINANCE account as loan "
      "collateral. The pledgee must co-sign: it is added as a cosigner for you, so write the "
      "transaction with --out and collect both signatures. The node answers with the hold id.",
      "  lincao hold pledge --pledgee green-bank --range 401-900 --reason \"loan 2026-017\" \\\n"
      "      --until 2027-06-30 --key data/dev/keys/panda-coop.key --out pledge.tx\n"
      "  lincao sign pledge.tx --key data/dev/keys/panda-coop.key\n"
      "  lincao sign pledge.tx --key data/dev/keys/green-bank.key\n"
      "  lincao submit pledge.tx",
      pledge, PledgeBody);
  pc->add_option("--pledgee", pledge->party, "the FINANCE account the units are pledged to")
      ->required();
  AddRangeOptions(pc, pledge.get(), "the acting account's");
  pc->add_option("--reason", pledge->reason, "loan contract reference (required, public)")
      ->required();
  pc->add_option(
      "--until", pledge->until,
      std::string("chain time after which the holder may release the pledge itself") + kUntilHelp);

  auto freeze = std::make_shared<HoldOptions>();
  CLI::App* fc = AddTxSubcommand<HoldOptions>(
      h, runner, "freeze",
      "Freeze named serial ranges of a holder by court order (a JUDICIAL account, 司法冻结). The "
      "node answers with the hold id.",
      "  lincao hold freeze --holder panda-coop --range 901-1000 \\\n"
      "      --reason \"(2026) 川0105 民初 1234\" --key data/dev/keys/chengdu-court.key",
      freeze, FreezeUnitsBody);
  fc->add_option("--holder", freeze->party, "the account whose units are frozen")->required();
  AddRangeOptions(fc, freeze.get(), "the holder's");
  fc->add_option("--reason", freeze->reason, "court case number (required, public)")->required();
  fc->add_option(
      "--until", freeze->until,
      std::string("chain time after which the holder may release the freeze") + kUntilHelp);

  auto release = std::make_shared<HoldOptions>();
  CLI::App* rc = AddTxSubcommand<HoldOptions>(
      h, runner, "release",
      "Release hold HOLD back to its holder: by the pledgee or the freezing court, or by the "
      "holder once the hold's expiry has passed.",
      "  lincao hold release 1 --reason \"loan repaid\" --key data/dev/keys/green-bank.key",
      release, ReleaseBody);
  rc->add_option("HOLD", release->hold, "hold id")->required();
  rc->add_option("--reason", release->reason, "public reason (required)")->required();

  auto enforce = std::make_shared<HoldOptions>();
  CLI::App* ec = AddTxSubcommand<HoldOptions>(
      h, runner, "enforce", "Enforce pledge HOLD (the pledgee): its units move to the pledgee.",
      "  lincao hold enforce 1 --reason \"loan 2026-017 in default\" \\\n"
      "      --key data/dev/keys/green-bank.key",
      enforce, EnforceBody);
  ec->add_option("HOLD", enforce->hold, "hold id of a pledge")->required();
  ec->add_option("--reason", enforce->reason, "public reason (required)")->required();

  // --- lincao freeze ----------------------------------------------------
  CLI::App* f = app.add_subcommand(
      "freeze",
      "Supervisory freeze (监管冻结), chaincode version 3: a SUPERVISOR flags an account, a "
      "project "
      "or a batch; while the flag is in force none of its units moves, retires or is cancelled "
      "except through a hold, and a frozen project gets no issuance.");
  f->require_subcommand(1);
  f->footer(
      "Example:\n"
      "  lincao freeze set project SC-P-2026-0001 --reason \"suspected double claim\" \\\n"
      "      --key data/dev/keys/forestry-bureau.key");

  auto set = std::make_shared<HoldOptions>();
  CLI::App* sc = AddTxSubcommand<HoldOptions>(
      f, runner, "set",
      "Freeze TARGET ID (a SUPERVISOR): an account, a project, or a batch by its code; until "
      "lifted, or until --until.",
      "  lincao freeze set project SC-P-2026-0001 --reason \"suspected double claim\" \\\n"
      "      --until 2026-09-30 --key data/dev/keys/forestry-bureau.key",
      set, FreezeSetBody);
  AddTargetOptions(sc, set.get());
  sc->add_option("--until", set->until,
                 std::string("chain time at which the freeze stops applying") + kUntilHelp);

  auto lift = std::make_shared<HoldOptions>();
  CLI::App* lc = AddTxSubcommand<HoldOptions>(
      f, runner, "lift", "Lift the supervisory freeze on TARGET ID (a SUPERVISOR).",
      "  lincao freeze lift project SC-P-2026-0001 --reason \"review closed\" \\\n"
      "      --key data/dev/keys/forestry-bureau.key",
      lift, FreezeLiftBody);
  AddTargetOptions(lc, lift.get());
}

}  // namespace lincao::cli
