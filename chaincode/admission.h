// Admission against current state: what Submit decides before queueing a
// transaction, so that one chaincode would certainly refuse takes no block
// space. Runs, against the node's committed state and the rules in force
// for the next block: chain id and expiry (governed horizon), signatures,
// then the transaction's rules on a discarded overlay. A rejection whose
// code is in the "certain" set (unknown account, unauthorized, sanctioned,
// quorum not met, and argument errors that no earlier transaction can
// change) is returned; any other outcome admits the transaction, and apply
// decides it again at its block (the state may differ by then).
//
// Thread-safety: pure; the caller supplies a consistent state snapshot.
#pragma once

#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "chaincode/tx.h"

namespace lincao {

// Whether a chaincode rejection with `code` is refused at admission.
bool RefusedAtAdmission(ErrorCode code);

// `genesis` is the chain's `p` record; `next_height` and `next_time_ms` the
// block the transaction would most likely join.
// Signatures it verifies are told to `memo` when given (chaincode/signature_memo.h).
Status CheckAdmission(const ChainParams& genesis, const StateReader& state, uint64_t next_height,
                      uint64_t next_time_ms, const DecodedTx& dtx,
                      const SignatureMemo* memo = nullptr);

}  // namespace lincao
