// cancel_units: the registrar cancels units (注销) for fraud, reversal or
// correction, with a supervisor co-signing so that no single body removes
// credits. Either named ranges of a holder's tradable holdings (subject to
// supervisory freezes, like any other movement out of holdings) or every
// unit of one active hold (the hold's own way out, so freezes do not stop
// it). The holder's range limit does not apply: the holder cannot block a
// cancellation by fragmenting its holdings.
#include "chaincode/batch_counters.h"
#include "chaincode/cancellation_records.h"
#include "chaincode/freezes.h"
#include "chaincode/hold_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// The first cosigner (ascending) holding SUPERVISOR, or UNAUTHORIZED.
Result<std::string> CosigningSupervisor(const StateReader& state, const v1::Tx& tx) {
  for (const std::string& c : tx.cosigners()) {
    auto account = LoadExistingAccount(state, c, "cosigner");
    if (!account.ok()) return account.status();
    if (account->HasRole(v1::SUPERVISOR)) return account->id;
  }
  return Status(v1::UNAUTHORIZED,
                "cancelling units needs a SUPERVISOR as cosigner besides the registrar: name one "
                "in the cosigners and collect its signatures");
}

bool IsCancellationReason(v1::CancellationReason r) {
  return r == v1::FRAUD || r == v1::REVERSAL || r == v1::CORRECTION;
}

}  // namespace

Status CancelUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                   StateView& state) {
  const v1::CancelUnits& body = tx.cancel_units();
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "cancel units"));
  auto supervisor = CosigningSupervisor(state, tx);
  if (!supervisor.ok()) return supervisor.status();
  if (!IsCancellationReason(body.reason())) {
    return Status(v1::INVALID_ARGUMENT, "reason must be FRAUD, REVERSAL or CORRECTION");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("note", body.note(), true));
  const bool of_hold = body.hold() != 0;
  if (of_hold && (!body.holder().empty() || body.quantity() != 0 || body.ranges_size() != 0)) {
    return Status(v1::INVALID_ARGUMENT,
                  "cancel either one hold (hold alone) or named ranges of a holder (holder, "
                  "quantity, ranges), not both");
  }
  if (!of_hold && body.holder().empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "name the holder, quantity and ranges to cancel, or the hold whose units to "
                  "cancel");
  }

  auto counters = LoadCounters(state);
  if (!counters.ok()) return counters.status();
  CancellationRecord rec;
  rec.id = counters->next_cancellation_id;
  rec.tx_id = ctx.tx_id;
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.reason = static_cast<uint32_t>(body.reason());
  rec.note = body.note();
  rec.registrar = actor.id;
  rec.supervisor = *supervisor;
  if (of_hold) {
    auto hold = LoadHold(state, body.hold());
    if (!hold.ok()) return hold.status();
    if (!hold->active()) {
      return Status(v1::INVALID_STATE, "hold " + std::to_string(hold->id) + " is already " +
                                           HoldStatusName(hold->status) + " (block " +
                                           std::to_string(hold->closed_height) +
                                           "); only the units of an active hold are cancelled");
    }
    LINCAO_RETURN_IF_ERROR(MoveBatchUnits(state, hold->ranges, BatchCounterMove::kHeldToCancelled));
    CloseHold(ctx, state, *hold, v1::HOLD_CANCELLED, actor.id, body.note());
    rec.holder = hold->holder;
    rec.quantity = hold->quantity;
    rec.ranges = hold->ranges;
    rec.hold_id = hold->id;
  } else {
    auto holder = LoadExistingAccount(state, body.holder(), "holder");
    if (!holder.ok()) return holder.status();
    auto moved =
        TakeNamedUnits(ctx, state, holder->id, body.quantity(), body.ranges(), RangeLimit::kExempt);
    if (!moved.ok()) return moved.status();
    LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, holder->id, *moved));
    LINCAO_RETURN_IF_ERROR(MoveBatchUnits(state, *moved, BatchCounterMove::kTradableToCancelled));
    rec.holder = holder->id;
    rec.quantity = body.quantity();
    rec.ranges = std::move(*moved);
  }
  state.Put(keys::Cancellation(rec.id), rec.Encode());
  counters->next_cancellation_id += 1;
  state.Put(keys::Counters(), counters->Encode());
  if (ctx.output != nullptr) ctx.output->created_id = rec.id;
  return Status::Ok();
}

}  // namespace lincao::rules
