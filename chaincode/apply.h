// Deterministic apply: runs one transaction's registry rules against a state
// view. Pure: no clock (time comes from the block), no randomness, no I/O,
// integer arithmetic with overflow checks. A non-OK status means the
// transaction is rejected and the caller must discard every write it made
// (run it on an OverlayState and drop the overlay).
//
// Signatures, chain id and expiry are checked before apply (chaincode/tx.h);
// apply checks roles and the rules of each body type.
#pragma once

#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

// What a successful transaction produced besides its state writes.
struct TxOutput {
  // New batch id (issue_batch), retirement id (retire), hold id (pledge_units,
  // freeze_units), cancellation id (cancel_units), loss id (report_loss).
  uint64_t created_id = 0;
};

struct ApplyContext {
  const ChainParams& params;
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};
  TxOutput* output = nullptr;  // optional; filled on success
};

// Runs `tx` under the rule set of ctx.params.chaincode_version
// (chaincode/rule_set.h). A version this binary lacks is INTERNAL: callers
// check it first (BuildBlock does), so that it stops the node.
Status ApplyTx(const ApplyContext& ctx, const v1::Tx& tx, StateView& state);

}  // namespace lincao
