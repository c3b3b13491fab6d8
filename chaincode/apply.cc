#include "chaincode/apply.h"

#include "chaincode/tx_rules.h"

namespace lincao {

Status ApplyTx(const ApplyContext& ctx, const v1::Tx& tx, StateView& state) {
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
  return Status(v1::UNSUPPORTED_TX_TYPE, "transaction type not supported by this chaincode");
}

}  // namespace lincao
