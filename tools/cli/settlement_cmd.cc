#include "tools/cli/settlement_cmd.h"

#include <memory>
#include <string>

#include "tools/cli/settlement_legs.h"
#include "tools/cli/tx_subcommand.h"

namespace lincao::cli {
namespace {

struct SettlementOptions {
  TxOptions tx;
  std::string exchange;   // mandate grant|revoke
  std::string trade_ref;  // settle
  std::string legs_file;  // settle
};

Status MandateBody(const SettlementOptions& o, bool enabled, v1::Tx* tx) {
  tx->mutable_set_settlement_mandate()->set_exchange(o.exchange);
  tx->mutable_set_settlement_mandate()->set_enabled(enabled);
  return Status::Ok();
}

Status GrantBody(const SettlementOptions& o, const Io&, v1::Tx* tx) {
  return MandateBody(o, true, tx);
}

Status RevokeBody(const SettlementOptions& o, const Io&, v1::Tx* tx) {
  return MandateBody(o, false, tx);
}

Status SettleBody(const SettlementOptions& o, const Io&, v1::Tx* tx) {
  auto legs = LoadSettlementLegs(o.legs_file);
  if (!legs.ok()) return legs.status();
  auto* b = tx->mutable_settle_trade();
  b->set_trade_ref(o.trade_ref);
  for (auto& leg : *legs) *b->add_legs() = std::move(leg);
  return Status::Ok();
}

}  // namespace

void AddSettlementCommands(CLI::App& app, Runner& runner) {
  CLI::App* m = app.add_subcommand(
      "mandate",
      "Settlement mandates, chaincode version 4: the acting account (the client, owner of the "
      "units) lets an EXCHANGE account settle its trades, or withdraws that. Without a mandate "
      "in force an exchange cannot move the client's units.");
  m->require_subcommand(1);
  m->footer(
      "Example:\n  lincao mandate grant --exchange west-exchange --key "
      "data/dev/keys/panda-coop.key");

  auto grant = std::make_shared<SettlementOptions>();
  AddTxSubcommand<SettlementOptions>(
      m, runner, "grant",
      "Let an EXCHANGE account settle the acting account's trades (a second grant while one is "
      "in force is refused).",
      "  lincao mandate grant --exchange west-exchange --key data/dev/keys/panda-coop.key", grant,
      GrantBody)
      ->add_option("--exchange", grant->exchange, "the EXCHANGE account")
      ->required();

  auto revoke = std::make_shared<SettlementOptions>();
  AddTxSubcommand<SettlementOptions>(
      m, runner, "revoke",
      "Withdraw the mandate given to an exchange; it settles none of the account's trades after "
      "this. Works even if the exchange has closed.",
      "  lincao mandate revoke --exchange west-exchange --key data/dev/keys/panda-coop.key", revoke,
      RevokeBody)
      ->add_option("--exchange", revoke->exchange, "the exchange the mandate was given to")
      ->required();

  auto settle = std::make_shared<SettlementOptions>();
  CLI::App* sc = AddTxSubcommand<SettlementOptions>(
      &app, runner, "settle",
      "Settle a trade as an EXCHANGE account, chaincode version 4: every leg moves units from "
      "a client that gave this exchange a mandate (or from the exchange itself) to another "
      "account, all legs or none, in the order listed. A trade reference settles once; a "
      "failing leg is named by its index (0-based, as the chain counts). The legs file is JSON: "
      "[{\"from\": ID, \"to\": ID, \"quantity\": N, \"ranges\": [\"FIRST-LAST\", ...]}, ...] "
      "(ranges optional; quantity optional when ranges are given), at most 64 legs.",
      "  lincao settle --exchange-ref WX-2026-000381 --legs trade-381.json \\\n"
      "      --key data/dev/keys/west-exchange.key\n"
      "with trade-381.json:\n"
      "  [{\"from\": \"panda-coop\", \"to\": \"chengdu-expo\", \"quantity\": 800},\n"
      "   {\"from\": \"panda-coop\", \"to\": \"metro-group\", \"ranges\": [\"2001-2300\"]}]",
      settle, SettleBody);
  sc->add_option("--exchange-ref", settle->trade_ref,
                 "the exchange's trade reference: 1-64 characters of A-Z a-z 0-9 . _ : -")
      ->required();
  sc->add_option("--legs", settle->legs_file, "JSON file of the legs (see above)")->required();
}

}  // namespace lincao::cli
