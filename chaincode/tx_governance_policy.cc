// set_governance_policy: governance replaces the policy itself (who governs,
// how many must sign), with the quorum of the policy in force.
#include "chaincode/governance_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status SetGovernancePolicy(const ApplyContext& ctx, const v1::SetGovernancePolicy& body,
                           StateView& state) {
  (void)ctx;
  if (body.accounts().empty() ||
      static_cast<size_t>(body.accounts_size()) > kMaxGoverningAccounts) {
    return Status(v1::INVALID_ARGUMENT, "a governance policy names 1 to " +
                                            std::to_string(kMaxGoverningAccounts) +
                                            " governing accounts");
  }
  GovernancePolicyRecord policy;
  for (int i = 0; i < body.accounts_size(); ++i) {
    const std::string& a = body.accounts(i);
    if (i > 0 && a <= body.accounts(i - 1)) {
      return Status(v1::INVALID_ARGUMENT, "governing accounts must be listed once, ascending");
    }
    auto account = LoadExistingAccount(state, a, "governing account");
    if (!account.ok()) return account.status();
    if (account->custodial()) {
      // Its custodian would cast its vote as well as its own.
      return Status(v1::INVALID_ARGUMENT, "governing account '" + a +
                                              "' is custodial: a governing account signs with "
                                              "keys of its own");
    }
    policy.accounts.push_back(a);
  }
  if (body.threshold() < 1 || body.threshold() > policy.accounts.size()) {
    return Status(v1::INVALID_ARGUMENT, "threshold " + std::to_string(body.threshold()) +
                                            " must be between 1 and the number of governing "
                                            "accounts (" +
                                            std::to_string(policy.accounts.size()) + ")");
  }
  policy.threshold = body.threshold();
  state.Put(keys::GovernancePolicy(), policy.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
