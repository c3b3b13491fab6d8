// retire: the acting account retires its own units. Who may retire is the
// acting account's checks (rule_set.cc, "all types"); everything about the
// retirement itself is chaincode/retirements.h, shared with the rules that
// retire on someone's behalf.
#include "chaincode/retirements.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status Retire(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
              StateView& state) {
  const std::vector<std::string> cosigners(tx.cosigners().begin(), tx.cosigners().end());
  auto rec = RecordRetirement(ctx, state, actor.id, tx.retire(), cosigners);
  return rec.ok() ? Status::Ok() : rec.status();
}

}  // namespace lincao::rules
