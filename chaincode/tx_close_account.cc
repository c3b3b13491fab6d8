// close_account: an account that holds nothing closes itself (a custodial
// one through its custodian). The record stays, marked with the closing
// height, so history and queries keep it; the account never acts, signs,
// receives units or takes a role again, and its id is never reused.
#include "chaincode/governance_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

bool AnyKeyUnder(const StateReader& state, const std::string& prefix) {
  bool found = false;
  state.Scan(prefix, [&](std::string_view, std::string_view) {
    found = true;
    return false;
  });
  return found;
}

}  // namespace

Status CloseAccount(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::CloseAccount& body, StateView& state) {
  if (body.account() != actor.id) {
    return Status(v1::INVALID_ARGUMENT, "close_account names '" + body.account() +
                                            "', but an account closes only itself: the acting "
                                            "account is '" +
                                            actor.id + "'");
  }
  const std::string who = "account '" + actor.id + "' ";
  if (state.Get(keys::HoldingSummary(actor.id))) {
    return Status(v1::NOT_EMPTY, who + "still holds units: transfer or retire them first");
  }
  if (AnyKeyUnder(state, keys::HolderHoldPrefix(actor.id))) {
    return Status(v1::NOT_EMPTY, who +
                                     "has units in a pledge or judicial freeze: they must be "
                                     "released or enforced first");
  }
  if (actor.accounts_in_custody > 0) {
    return Status(v1::NOT_EMPTY, who + "signs for " + std::to_string(actor.accounts_in_custody) +
                                     " custodial personal account(s): they must be closed or "
                                     "take their own keys first");
  }
  auto policy = LoadGovernancePolicy(state);
  if (!policy.ok()) return policy.status();
  if (policy.value() && (*policy)->Includes(actor.id)) {
    return Status(v1::HOLDS_AUTHORITY, who +
                                           "is a governing account: a set_governance_policy "
                                           "without it must come first");
  }
  for (v1::Role role : {v1::REGISTRAR, v1::SUPERVISOR}) {
    if (actor.HasRole(role)) {
      return Status(v1::HOLDS_AUTHORITY, who + "holds role " + v1::Role_Name(role) +
                                             ": governance revokes it (revoke_role) first");
    }
  }
  AccountRecord closed = actor;
  closed.closed_height = ctx.height;
  state.Put(keys::Account(closed.id), closed.Encode());
  if (actor.custodial()) {
    auto custodian = LoadRecord<AccountRecord>(state, keys::Account(actor.custodian));
    if (!custodian.ok()) return custodian.status();
    if (!custodian.value() || (*custodian)->accounts_in_custody == 0) {
      return Status(v1::INTERNAL, "custodian record of '" + actor.id + "' is inconsistent");
    }
    (*custodian)->accounts_in_custody -= 1;
    state.Put(keys::Account(actor.custodian), (*custodian)->Encode());
  }
  return Status::Ok();
}

}  // namespace lincao::rules
