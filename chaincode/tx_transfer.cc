#include "chaincode/freezes.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status Transfer(const ApplyContext& ctx, const AccountRecord& actor, const v1::Transfer& body,
                StateView& state) {
  if (body.to() == actor.id) {
    return Status(v1::SELF_TRANSFER, "account '" + actor.id + "' cannot transfer to itself");
  }
  auto to = LoadExistingAccount(state, body.to(), "receiving account");
  if (!to.ok()) return to.status();
  if (IsAuditorOnly(*to)) {
    return Status(v1::UNAUTHORIZED, "account '" + to->id + "' is an auditor and cannot hold units");
  }
  LINCAO_RETURN_IF_ERROR(CheckMayReceive(ctx, state, *to));
  LINCAO_RETURN_IF_ERROR(CheckText("memo", body.memo(), false));
  auto moved = TakeUnits(ctx, state, actor.id, body.quantity(), body.ranges());
  if (!moved.ok()) return moved.status();
  // Receiving into a frozen account is allowed; sending from one is not.
  LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, actor.id, *moved));
  auto receiver = AccountHoldings::Load(state, body.to());
  if (!receiver.ok()) return receiver.status();
  LINCAO_RETURN_IF_ERROR(receiver->Add(state, *moved));
  // A receiver cannot refuse units, so this bound is what stops a sender
  // from splitting another account's holdings without end.
  return receiver->CheckRangeLimit(ctx.params.max_ranges_per_account);
}

}  // namespace lincao::rules
