// pledge_units, freeze_units, release_hold and enforce_pledge: holds on
// named serial ranges (chaincode/hold_records.h). A pledge (质押) is the
// holder's act with the bank's co-signature; a judicial freeze (司法冻结) is a
// court's act on someone else's units, so it is neither stopped by a
// supervisory freeze nor by the holder's range limit. Units leave a hold only
// through it: back to the holder (release), to the pledgee (enforcement), or
// out of circulation (cancel_units of the hold, tx_cancel_units.cc).
#include <algorithm>

#include "chaincode/batch_counters.h"
#include "chaincode/freezes.h"
#include "chaincode/hold_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

Status CheckExpiry(const ApplyContext& ctx, uint64_t expiry_ms) {
  if (expiry_ms == 0 || expiry_ms > ctx.time_ms) return Status::Ok();
  return Status(v1::INVALID_ARGUMENT, "expiry_ms " + std::to_string(expiry_ms) +
                                          " is not after the chain time " +
                                          std::to_string(ctx.time_ms) + "; use 0 for none");
}

// Writes a new ACTIVE hold of `moved` (already taken from the holder's
// holdings), counts its units as held in their batches and takes the next
// hold id, which the transaction reports as its created id.
Status OpenHold(const ApplyContext& ctx, StateView& state, HoldRecord hold, const Holdings& moved) {
  auto counters = LoadCounters(state);
  if (!counters.ok()) return counters.status();
  hold.id = counters->next_hold_id;
  hold.ranges = moved;
  hold.status = v1::HOLD_ACTIVE;
  hold.height = ctx.height;
  hold.time_ms = ctx.time_ms;
  hold.tx_id = ctx.tx_id;
  LINCAO_RETURN_IF_ERROR(MoveBatchUnits(state, moved, BatchCounterMove::kTradableToHeld));
  StoreHold(state, hold);
  counters->next_hold_id += 1;
  state.Put(keys::Counters(), counters->Encode());
  if (ctx.output != nullptr) ctx.output->created_id = hold.id;
  return Status::Ok();
}

std::string ExpiryText(const HoldRecord& hold) {
  return hold.expiry_ms == 0 ? std::string("it has no expiry")
                             : "its expiry is " + std::to_string(hold.expiry_ms);
}

}  // namespace

Status PledgeUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                   StateView& state) {
  const v1::PledgeUnits& body = tx.pledge_units();
  auto pledgee = LoadExistingAccount(state, body.pledgee(), "pledgee");
  if (!pledgee.ok()) return pledgee.status();
  if (pledgee->id == actor.id) {
    return Status(v1::INVALID_ARGUMENT, "account '" + actor.id + "' cannot pledge units to itself");
  }
  LINCAO_RETURN_IF_ERROR(RequireRole(*pledgee, v1::FINANCE, "take pledges"));
  if (std::find(tx.cosigners().begin(), tx.cosigners().end(), pledgee->id) ==
      tx.cosigners().end()) {
    return Status(v1::UNAUTHORIZED, "the pledgee '" + pledgee->id +
                                        "' must co-sign the pledge: name it in the cosigners and "
                                        "collect its signatures");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  LINCAO_RETURN_IF_ERROR(CheckExpiry(ctx, body.expiry_ms()));
  auto moved =
      TakeNamedUnits(ctx, state, actor.id, body.quantity(), body.ranges(), RangeLimit::kEnforce);
  if (!moved.ok()) return moved.status();
  LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, actor.id, *moved));

  HoldRecord hold;
  hold.kind = v1::HOLD_PLEDGE;
  hold.holder = actor.id;
  hold.pledgee = pledgee->id;
  hold.authority = actor.id;
  hold.reason = body.reason();
  hold.expiry_ms = body.expiry_ms();
  hold.quantity = body.quantity();
  return OpenHold(ctx, state, std::move(hold), *moved);
}

Status FreezeUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::FreezeUnits& body,
                   StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::JUDICIAL, "freeze units"));
  auto holder = LoadExistingAccount(state, body.holder(), "holder");
  if (!holder.ok()) return holder.status();
  if (holder->id == actor.id) {
    return Status(v1::INVALID_ARGUMENT, "a court cannot freeze its own units");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  LINCAO_RETURN_IF_ERROR(CheckExpiry(ctx, body.expiry_ms()));
  auto moved =
      TakeNamedUnits(ctx, state, holder->id, body.quantity(), body.ranges(), RangeLimit::kExempt);
  if (!moved.ok()) return moved.status();

  HoldRecord hold;
  hold.kind = v1::HOLD_JUDICIAL_FREEZE;
  hold.holder = holder->id;
  hold.authority = actor.id;
  hold.reason = body.reason();
  hold.expiry_ms = body.expiry_ms();
  hold.quantity = body.quantity();
  return OpenHold(ctx, state, std::move(hold), *moved);
}

Status ReleaseHold(const ApplyContext& ctx, const AccountRecord& actor, const v1::ReleaseHold& body,
                   StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto hold = LoadHold(state, body.hold());
  if (!hold.ok()) return hold.status();
  const std::string& releaser = hold->kind == v1::HOLD_PLEDGE ? hold->pledgee : hold->authority;
  const bool by_holder = actor.id == hold->holder && hold->ExpiredAt(ctx.time_ms);
  if (actor.id != releaser && !by_holder) {
    return Status(v1::UNAUTHORIZED,
                  "hold " + std::to_string(hold->id) + " (" + HoldKindName(hold->kind) +
                      ") is released by '" + releaser + "', or by its holder '" + hold->holder +
                      "' once chain time passes its expiry (" + ExpiryText(*hold) + "); account '" +
                      actor.id + "' may not");
  }
  if (!hold->active()) {
    return Status(v1::INVALID_STATE, "hold " + std::to_string(hold->id) + " is already " +
                                         HoldStatusName(hold->status) + " (block " +
                                         std::to_string(hold->closed_height) + ")");
  }
  // Returning units must never fail: the holder's range limit does not apply.
  auto holder = AccountHoldings::Load(state, hold->holder);
  if (!holder.ok()) return holder.status();
  LINCAO_RETURN_IF_ERROR(holder->Add(state, hold->ranges));
  LINCAO_RETURN_IF_ERROR(MoveBatchUnits(state, hold->ranges, BatchCounterMove::kHeldToTradable));
  CloseHold(ctx, state, *hold, v1::HOLD_RELEASED, actor.id, body.reason());
  return Status::Ok();
}

Status EnforcePledge(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::EnforcePledge& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto hold = LoadHold(state, body.hold());
  if (!hold.ok()) return hold.status();
  if (hold->kind != v1::HOLD_PLEDGE) {
    return Status(v1::INVALID_ARGUMENT, "hold " + std::to_string(hold->id) + " is a " +
                                            HoldKindName(hold->kind) +
                                            "; only pledges are enforced");
  }
  if (actor.id != hold->pledgee) {
    return Status(v1::UNAUTHORIZED, "pledge " + std::to_string(hold->id) +
                                        " is enforced only by its pledgee '" + hold->pledgee + "'");
  }
  if (!hold->active()) {
    return Status(v1::INVALID_STATE, "pledge " + std::to_string(hold->id) + " is already " +
                                         HoldStatusName(hold->status) + " (block " +
                                         std::to_string(hold->closed_height) + ")");
  }
  LINCAO_RETURN_IF_ERROR(CheckMayReceive(ctx, state, actor));
  auto pledgee = AccountHoldings::Load(state, actor.id);
  if (!pledgee.ok()) return pledgee.status();
  LINCAO_RETURN_IF_ERROR(pledgee->Add(state, hold->ranges));
  LINCAO_RETURN_IF_ERROR(pledgee->CheckRangeLimit(ctx.params.max_ranges_per_account));
  LINCAO_RETURN_IF_ERROR(MoveBatchUnits(state, hold->ranges, BatchCounterMove::kHeldToTradable));
  CloseHold(ctx, state, *hold, v1::HOLD_ENFORCED, actor.id, body.reason());
  return Status::Ok();
}

}  // namespace lincao::rules
