#include "chaincode/apply.h"

#include "chaincode/rule_set.h"

namespace lincao {

Status ApplyTx(const ApplyContext& ctx, const v1::Tx& tx, StateView& state) {
  const RuleSet* rules = FindRuleSet(ctx.params.chaincode_version);
  if (rules == nullptr) {
    // Callers check the version before apply; reaching here is a bug, and
    // INTERNAL stops the node rather than recording a rejection.
    Status st = CheckChaincodeVersion(ctx.params.chaincode_version, "the chain");
    return Status(v1::INTERNAL, st.message());
  }
  return rules->apply(ctx, tx, state);
}

}  // namespace lincao
