#include "chaincode/freezes.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Result<AccountRecord> LoadReceiver(const ApplyContext& ctx, const StateReader& state,
                                   std::string_view to) {
  auto account = LoadExistingAccount(state, to, "receiving account");
  if (!account.ok()) return account.status();
  if (IsAuditorOnly(*account)) {
    return Status(v1::UNAUTHORIZED,
                  "account '" + account->id + "' is an auditor and cannot hold units");
  }
  LINCAO_RETURN_IF_ERROR(CheckMayReceive(ctx, state, *account));
  return account;
}

Result<Holdings> MoveUnits(const ApplyContext& ctx, StateView& state, std::string_view from,
                           std::string_view to, uint64_t quantity,
                           const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges) {
  auto moved = TakeUnits(ctx, state, from, quantity, ranges);
  if (!moved.ok()) return moved.status();
  // Receiving into a frozen account is allowed; sending from one is not.
  LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, from, *moved));
  auto receiver = AccountHoldings::Load(state, to);
  if (!receiver.ok()) return receiver.status();
  LINCAO_RETURN_IF_ERROR(receiver->Add(state, *moved));
  // A receiver cannot refuse units, so this bound is what stops a sender
  // from splitting another account's holdings without end.
  LINCAO_RETURN_IF_ERROR(receiver->CheckRangeLimit(ctx.params.max_ranges_per_account));
  return moved;
}

Status Transfer(const ApplyContext& ctx, const AccountRecord& actor, const v1::Transfer& body,
                StateView& state) {
  if (body.to() == actor.id) {
    return Status(v1::SELF_TRANSFER, "account '" + actor.id + "' cannot transfer to itself");
  }
  auto to = LoadReceiver(ctx, state, body.to());
  if (!to.ok()) return to.status();
  LINCAO_RETURN_IF_ERROR(CheckText("memo", body.memo(), false));
  auto moved = MoveUnits(ctx, state, actor.id, body.to(), body.quantity(), body.ranges());
  return moved.ok() ? Status::Ok() : moved.status();
}

}  // namespace lincao::rules
