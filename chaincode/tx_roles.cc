// grant_role and revoke_role: governance gives and takes roles. grant_role gives an account a role
// (with sectors for EXPERT and VERIFIER). An oversight role goes only to an account holding no
// units: a verifier holding credits of projects it attests is a conflict of interest.
#include "chaincode/governance_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

Status CheckRoleNumber(int role) {
  if (!v1::Role_IsValid(role) || role == v1::ROLE_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT, "unknown role number " + std::to_string(role));
  }
  return Status::Ok();
}

}  // namespace

Status GrantRole(const ApplyContext& ctx, const v1::GrantRole& body, StateView& state) {
  (void)ctx;
  auto account = LoadExistingAccount(state, body.account(), "account");
  if (!account.ok()) return account.status();
  LINCAO_RETURN_IF_ERROR(CheckRoleNumber(body.role()));
  if (account->custodial()) {
    // Its custodian signs for it: any role would be the platform's.
    return Status(v1::INVALID_ARGUMENT,
                  "account '" + account->id + "' is a custodial personal account (signed for by '" +
                      account->custodian +
                      "'); it takes roles only after its holder takes keys of their own");
  }
  const bool sectored = body.role() == v1::EXPERT || body.role() == v1::VERIFIER;
  auto sectors = SectorsMask(body.sectors(), "sectors");
  if (!sectors.ok()) return sectors.status();
  if (sectored != (*sectors != 0)) {
    return Status(v1::INVALID_ARGUMENT, sectored ? "EXPERT and VERIFIER are granted for named "
                                                   "sectors (FOREST, GRASSLAND, WETLAND)"
                                                 : "only EXPERT and VERIFIER take sectors");
  }
  if (account->HasRole(body.role())) {
    return Status(v1::ROLE_ALREADY_HELD, "account '" + account->id + "' already has role " +
                                             v1::Role_Name(body.role()) +
                                             "; revoke it first to change its sectors");
  }
  AccountRecord updated = *account;
  updated.roles_mask |= 1u << body.role();
  if (HasOversightRole(updated) && state.Get(keys::HoldingSummary(account->id))) {
    return Status(v1::CONFLICT_OF_INTEREST,
                  "account '" + account->id + "' holds units; role " + v1::Role_Name(body.role()) +
                      " is an oversight role, and oversight accounts never hold units");
  }
  state.Put(keys::Account(updated.id), updated.Encode());
  if (sectored) {
    state.Put(keys::RoleSectors(updated.id, body.role()), RoleSectorsRecord{*sectors}.Encode());
  }
  return Status::Ok();
}

Status RevokeRole(const ApplyContext& ctx, const v1::RevokeRole& body, StateView& state) {
  (void)ctx;
  auto account = LoadExistingAccount(state, body.account(), "account");
  if (!account.ok()) return account.status();
  LINCAO_RETURN_IF_ERROR(CheckRoleNumber(body.role()));
  if (!account->HasRole(body.role())) {
    return Status(v1::ROLE_NOT_HELD,
                  "account '" + account->id + "' does not have role " + v1::Role_Name(body.role()));
  }
  AccountRecord updated = *account;
  updated.roles_mask &= ~(1u << body.role());
  state.Put(keys::Account(updated.id), updated.Encode());
  state.Delete(keys::RoleSectors(updated.id, body.role()));
  return Status::Ok();
}

}  // namespace lincao::rules
