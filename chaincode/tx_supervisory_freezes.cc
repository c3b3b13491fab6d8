// set_supervisory_freeze and lift_supervisory_freeze: a SUPERVISOR flags an
// account, a project or a batch (监管冻结; chaincode/freezes.h). One record per
// target; a lifted freeze is deleted, the lifting transaction is its history.
// An expired freeze no longer applies and may be replaced or lifted.
#include "chaincode/freezes.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// The key letter of a valid target, or INVALID_ARGUMENT.
Result<char> TargetLetter(v1::FreezeTarget target) {
  const char letter = FreezeTargetLetter(target);
  if (letter == 0) {
    return Status(v1::INVALID_ARGUMENT,
                  "target must be FREEZE_ACCOUNT, FREEZE_PROJECT or "
                  "FREEZE_BATCH");
  }
  return letter;
}

// The frozen subject exists: an account, a project, or a batch by its code.
Status CheckTargetExists(const StateReader& state, v1::FreezeTarget target, std::string_view id) {
  switch (target) {
    case v1::FREEZE_ACCOUNT:
      return LoadExistingAccount(state, id, "account").status();
    case v1::FREEZE_PROJECT:
      if (state.Get(keys::Project(id))) return Status::Ok();
      return Status(v1::UNKNOWN_PROJECT, "no project '" + std::string(id) + "'");
    default:  // FREEZE_BATCH
      if (state.Get(keys::BatchCode(id))) return Status::Ok();
      return Status(v1::UNKNOWN_BATCH, "no credit batch with code '" + std::string(id) + "'");
  }
}

}  // namespace

Status SetSupervisoryFreeze(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::SetSupervisoryFreeze& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "impose supervisory freezes"));
  auto letter = TargetLetter(body.target());
  if (!letter.ok()) return letter.status();
  LINCAO_RETURN_IF_ERROR(CheckText("id", body.id(), true));
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  if (body.expiry_ms() != 0 && body.expiry_ms() <= ctx.time_ms) {
    return Status(v1::INVALID_ARGUMENT, "expiry_ms " + std::to_string(body.expiry_ms()) +
                                            " is not after the chain time " +
                                            std::to_string(ctx.time_ms) +
                                            "; use 0 for a freeze until lifted");
  }
  LINCAO_RETURN_IF_ERROR(CheckTargetExists(state, body.target(), body.id()));
  const std::string key = keys::Freeze(*letter, body.id());
  auto existing = LoadRecord<FreezeRecord>(state, key);
  if (!existing.ok()) return existing.status();
  if (existing.value() && (*existing)->InForce(ctx.time_ms)) {
    return Status(v1::INVALID_STATE,
                  "'" + body.id() + "' is already under a supervisory freeze by '" +
                      (*existing)->authority + "' since block " +
                      std::to_string((*existing)->height) + "; lift it first to change it");
  }
  FreezeRecord rec;
  rec.target = static_cast<uint32_t>(body.target());
  rec.id = body.id();
  rec.authority = actor.id;
  rec.reason = body.reason();
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.expiry_ms = body.expiry_ms();
  rec.tx_id = ctx.tx_id;
  state.Put(key, rec.Encode());
  return Status::Ok();
}

Status LiftSupervisoryFreeze(const ApplyContext& ctx, const AccountRecord& actor,
                             const v1::LiftSupervisoryFreeze& body, StateView& state) {
  (void)ctx;
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "lift supervisory freezes"));
  auto letter = TargetLetter(body.target());
  if (!letter.ok()) return letter.status();
  LINCAO_RETURN_IF_ERROR(CheckText("id", body.id(), true));
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  const std::string key = keys::Freeze(*letter, body.id());
  if (!state.Get(key)) {
    return Status(v1::NOT_FROZEN, "'" + body.id() + "' has no supervisory freeze to lift");
  }
  state.Delete(key);
  return Status::Ok();
}

}  // namespace lincao::rules
