// impose_sanction and lift_sanction: a supervisor suspends, restricts or
// revokes an account (暂停、限制、取消) and lifts it again. Sanctions are
// public records with authority, reason and time. A revocation is lifted
// only with the governance quorum: one supervisor cannot undo it alone.
#include "chaincode/governance_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// A transaction type, named by its Tx body field number.
bool IsTxType(uint32_t number) {
  const auto* field = v1::Tx::descriptor()->FindFieldByNumber(static_cast<int>(number));
  return field != nullptr && field->containing_oneof() != nullptr;
}

}  // namespace

Status ImposeSanction(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::ImposeSanction& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "impose sanctions"));
  auto account = LoadExistingAccount(state, body.account(), "sanctioned account");
  if (!account.ok()) return account.status();
  if (account->id == actor.id) {
    return Status(v1::INVALID_ARGUMENT, "a supervisor cannot sanction itself");
  }
  if (body.kind() != v1::SUSPENDED && body.kind() != v1::RESTRICTED && body.kind() != v1::REVOKED) {
    return Status(v1::INVALID_ARGUMENT, "kind must be SUSPENDED, RESTRICTED or REVOKED");
  }
  SanctionRecord rec;
  rec.account = account->id;
  rec.kind = body.kind();
  for (int i = 0; i < body.allowed_actions_size(); ++i) {
    uint32_t a = body.allowed_actions(i);
    if (!IsTxType(a) || (i > 0 && a <= body.allowed_actions(i - 1))) {
      return Status(v1::INVALID_ARGUMENT,
                    "allowed_actions must be transaction types (Tx body "
                    "field numbers), each once, ascending; " +
                        std::to_string(a) + " is not");
    }
    rec.allowed_actions.push_back(a);
  }
  if ((body.kind() == v1::RESTRICTED) != !rec.allowed_actions.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "a RESTRICTED sanction names the actions still allowed; others name none");
  }
  auto sectors = SectorsMask(body.sectors(), "sectors");
  if (!sectors.ok()) return sectors.status();
  // Per-sector suspension: of a VERIFIER in versions 1 and 2; from version
  // 3, when experts' work is sector-bound too, of an EXPERT as well.
  const bool sector_bound =
      account->HasRole(v1::VERIFIER) ||
      (ctx.params.chaincode_version >= kCreditLifecycleVersion && account->HasRole(v1::EXPERT));
  if (*sectors != 0 && (body.kind() != v1::SUSPENDED || !sector_bound)) {
    return Status(v1::INVALID_ARGUMENT,
                  ctx.params.chaincode_version >= kCreditLifecycleVersion
                      ? "sectors apply only to suspending a VERIFIER or an EXPERT"
                      : "sectors apply only to suspending a VERIFIER");
  }
  rec.sectors_mask = *sectors;
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto existing = LoadRecord<SanctionRecord>(state, keys::Sanction(account->id));
  if (!existing.ok()) return existing.status();
  if (existing.value() && (*existing)->kind == v1::REVOKED) {
    return Status(v1::UNAUTHORIZED, "account '" + account->id +
                                        "' is revoked; only the governance quorum lifts a "
                                        "revocation, and nothing replaces it before");
  }
  rec.authority = actor.id;
  rec.reason = body.reason();
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.tx_id = ctx.tx_id;
  state.Put(keys::Sanction(rec.account), rec.Encode());
  return Status::Ok();
}

Status LiftSanction(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                    StateView& state) {
  (void)ctx;
  const v1::LiftSanction& body = tx.lift_sanction();
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "lift sanctions"));
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto existing = LoadRecord<SanctionRecord>(state, keys::Sanction(body.account()));
  if (!existing.ok()) return existing.status();
  if (!existing.value()) {
    return Status(v1::NOT_SANCTIONED, "account '" + body.account() + "' has no sanction in force");
  }
  if (LiftNeedsQuorum(static_cast<v1::SanctionKind>((*existing)->kind))) {
    LINCAO_RETURN_IF_ERROR(CheckGovernanceQuorum(state, tx, "lifting a revocation"));
  }
  state.Delete(keys::Sanction(body.account()));
  return Status::Ok();
}

}  // namespace lincao::rules
