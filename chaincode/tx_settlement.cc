// Exchange settlement (chaincode version 4): set_settlement_mandate, by
// which a client lets an EXCHANGE account settle its trades, and
// settle_trade, by which the exchange moves the units of one trade in up to
// kMaxSettlementLegs legs, all or none. Atomicity needs nothing here: the
// transaction runs on its own overlay, so a failing leg discards the legs
// before it with everything else. docs/formats.md has the rules in order.
#include <string>

#include "chaincode/limits.h"
#include "chaincode/settlement_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// "leg 3: <message>", keeping the code: a failing leg names its index
// (0-based, as the legs are listed in the body).
Status AboutLeg(int index, const Status& st) {
  if (st.ok() || st.code() == v1::INTERNAL) return st;
  return Status(st.code(), "leg " + std::to_string(index) + ": " + st.message());
}

// The checks and the movement of one leg; returns what moved.
Result<SettledLegRecord> SettleLeg(const ApplyContext& ctx, StateView& state,
                                   const AccountRecord& exchange, const v1::SettlementLeg& leg) {
  if (leg.from() == leg.to()) {
    return Status(v1::SELF_TRANSFER, "account '" + leg.from() + "' cannot transfer to itself");
  }
  auto from = LoadExistingAccount(state, leg.from(), "sending account");
  if (!from.ok()) return from.status();
  // The exchange signed the transaction, so its own units need no mandate.
  if (from->id != exchange.id) {
    if (!state.Get(keys::Mandate(exchange.id, from->id))) {
      return Status(v1::NO_MANDATE, "account '" + from->id + "' has given exchange '" +
                                        exchange.id +
                                        "' no settlement mandate (the client grants it: "
                                        "`lincao mandate grant --exchange " +
                                        exchange.id + "`)");
    }
    LINCAO_RETURN_IF_ERROR(
        CheckAccountMayAct(state, *from, static_cast<uint32_t>(v1::Tx::kSettleTrade)));
  }
  auto to = LoadReceiver(ctx, state, leg.to());
  if (!to.ok()) return to.status();
  auto moved = MoveUnits(ctx, state, leg.from(), leg.to(), leg.quantity(), leg.ranges());
  if (!moved.ok()) return moved.status();
  return SettledLegRecord{leg.from(), leg.to(), leg.quantity(), std::move(*moved)};
}

}  // namespace

Status SetSettlementMandate(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::SetSettlementMandate& body, StateView& state) {
  if (body.exchange().empty()) {
    return Status(v1::INVALID_ARGUMENT, "name the exchange (an EXCHANGE account)");
  }
  const std::string key = keys::Mandate(body.exchange(), actor.id);
  const bool in_force = state.Get(key).has_value();
  if (!body.enabled()) {
    // Withdrawing asks nothing of the exchange: a client can always take
    // back its mandate, from an exchange that closed or lost its role too.
    if (!in_force) {
      return Status(v1::NO_MANDATE, "account '" + actor.id + "' has no settlement mandate for '" +
                                        body.exchange() + "' to withdraw");
    }
    state.Delete(key);
    return Status::Ok();
  }
  if (body.exchange() == actor.id) {
    return Status(v1::INVALID_ARGUMENT,
                  "an exchange settles its own units without a mandate; name another exchange");
  }
  auto exchange = LoadExistingAccount(state, body.exchange(), "exchange");
  if (!exchange.ok()) return exchange.status();
  LINCAO_RETURN_IF_ERROR(RequireRole(*exchange, v1::EXCHANGE, "settle trades for clients"));
  if (in_force) {
    return Status(v1::INVALID_STATE, "account '" + actor.id +
                                         "' already has a settlement mandate for '" +
                                         body.exchange() + "' in force");
  }
  MandateRecord rec{actor.id, body.exchange(), ctx.height, ctx.time_ms, ctx.tx_id};
  state.Put(key, rec.Encode());
  return Status::Ok();
}

Status SettleTrade(const ApplyContext& ctx, const AccountRecord& actor, const v1::SettleTrade& body,
                   StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::EXCHANGE, "settle trades"));
  if (!IsValidTradeRef(body.trade_ref())) {
    return Status(v1::INVALID_ARGUMENT,
                  "trade_ref is the exchange's trade reference: 1-64 characters of A-Z a-z 0-9 "
                  ". _ : -, starting with a letter or digit");
  }
  if (body.legs().empty()) {
    return Status(v1::INVALID_ARGUMENT, "a settlement moves units in at least one leg");
  }
  if (static_cast<size_t>(body.legs_size()) > kMaxSettlementLegs) {
    return Status(v1::TOO_MANY_LEGS, std::to_string(body.legs_size()) +
                                         " legs; a settlement has "
                                         "at most " +
                                         std::to_string(kMaxSettlementLegs) + ": split the trade");
  }
  const std::string key = keys::Settlement(actor.id, body.trade_ref());
  if (state.Get(key)) {
    return Status(v1::TRADE_ALREADY_SETTLED, "exchange '" + actor.id + "' settled trade '" +
                                                 body.trade_ref() +
                                                 "' before; a trade settles once");
  }
  SettlementRecord rec;
  rec.exchange = actor.id;
  rec.trade_ref = body.trade_ref();
  rec.tx_id = ctx.tx_id;
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  for (int i = 0; i < body.legs_size(); ++i) {
    auto leg = SettleLeg(ctx, state, actor, body.legs(i));
    if (!leg.ok()) return AboutLeg(i, leg.status());
    rec.legs.push_back(std::move(*leg));
  }
  state.Put(key, rec.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
