#include "chaincode/rule_set.h"

#include <string>

#include "chaincode/tx_rules.h"

namespace lincao {
namespace {

// Version 1: accounts, issuance, transfer, retirement.
Status ApplyV1(const ApplyContext& ctx, const v1::Tx& tx, StateView& state) {
  auto actor = rules::LoadExistingAccount(state, tx.account(), "acting account");
  if (!actor.ok()) return actor.status();
  if (rules::IsAuditorOnly(*actor)) {
    return Status(v1::UNAUTHORIZED, "account '" + actor->id +
                                        "' is an auditor: auditors read the ledger, never write");
  }
  switch (tx.body_case()) {
    case v1::Tx::kOpenAccount:
      return rules::OpenAccount(ctx, *actor, tx.open_account(), state);
    case v1::Tx::kIssueBatch:
      return rules::IssueBatch(ctx, *actor, tx.issue_batch(), state);
    case v1::Tx::kTransfer:
      return rules::Transfer(ctx, *actor, tx.transfer(), state);
    case v1::Tx::kRetire:
      return rules::Retire(ctx, *actor, tx.retire(), state);
    case v1::Tx::BODY_NOT_SET:
      return Status(v1::MISSING_BODY, "transaction has no body");
  }
  return Status(v1::UNSUPPORTED_TX_TYPE, "transaction type not supported by chaincode version 1");
}

constexpr RuleSet kRuleSets[] = {
    {1, &ApplyV1},
};

}  // namespace

const RuleSet* FindRuleSet(uint32_t version) {
  for (const RuleSet& r : kRuleSets) {
    if (r.version == version) return &r;
  }
  return nullptr;
}

Status CheckChaincodeVersion(uint32_t version, std::string_view what) {
  if (FindRuleSet(version) != nullptr) return Status::Ok();
  return Status(v1::UNSUPPORTED_CHAINCODE_VERSION,
                std::string(what) + " needs chaincode version " + std::to_string(version) +
                    ", but this lincaod implements versions 1.." +
                    std::to_string(kLatestChaincodeVersion) +
                    ": run a lincaod release that implements it");
}

}  // namespace lincao
