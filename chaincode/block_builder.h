// Builds the block for one committed Raft batch entry, identically on every
// node. Steps, in order:
//   1. block time = leader time clamped to [prev.time, prev.time + kMaxBlockStepMs];
//   2. drop transactions that are duplicates (committed before, or earlier in
//      this batch), that do not decode, that are expired or for another chain,
//      or whose signatures do not verify against state at that point: dropped
//      transactions never enter a block, so a client's retry after a leader
//      change cannot apply twice;
//   3. run the rest through chaincode in order, each on its own overlay:
//      a rejection stays in the block with its code and changes nothing;
//   0. before any of it, judge the batch's certificate of the previous block:
//      a majority-signed certificate of another hash is fatal (LEDGER_DIVERGED);
//   4. compute txs_root, results_root, the state commitment, membership hash
//      and the header, and the block hash.
// If every transaction was dropped, no block is made (made == false).
//
// Pure: the caller supplies the state at the previous block and a lookup of
// committed tx ids; the caller persists the result atomically.
#pragma once

#include <utility>
#include <vector>

#include "chaincode/records.h"
#include "chaincode/state_root.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/block.pb.h"

namespace lincao {

class SignatureMemo;

struct ChainHead {
  uint64_t height = 0;
  Hash32 hash{};
  uint64_t time_ms = 0;
  StateAccumulator accumulator;
  // The voting nodes in force for block `height` (the state after height - 1;
  // for genesis, its own): the nodes whose majority certifies it.
  std::vector<NodeRecord> voters;
};

class CommittedTxLookup {
 public:
  virtual ~CommittedTxLookup() = default;
  virtual bool IsCommitted(const Hash32& tx_id) const = 0;
};

struct DroppedTx {
  Hash32 tx_id{};  // zero when the tx did not decode
  Status reason;
};

struct BuiltBlock {
  bool made = false;
  v1::Block block;
  Hash32 hash{};
  WriteSet writes;  // the whole block's state changes
  StateAccumulator accumulator;
  std::vector<Hash32> tx_ids;  // block order
  // Per transaction, in block order: the keys of its write set as
  // formats.md defines it (the keys whose value it changed; none when
  // rejected). Not hashed here beyond writes_hash; the node indexes it for
  // Audit.GetHistory.
  std::vector<std::vector<std::string>> tx_written_keys;
  std::vector<DroppedTx> dropped;
  std::vector<NodeRecord> voters;  // in force for this block (membership_hash)
};

// The chain head once `built` (made == true) is the latest block.
ChainHead HeadAfter(const BuiltBlock& built);

uint64_t ClampBlockTime(uint64_t leader_time_ms, uint64_t prev_time_ms);

// `batch_bytes` is the Raft entry's payload, a serialized v1::Batch. A batch
// that is not canonically encoded makes no block (one DroppedTx says why);
// each transaction in it is judged on its own bytes. Transactions are bounded
// by the chain-wide ceiling kMaxTxBytes, never a node's admission limit:
// apply must not depend on node configuration. `params` is the chain's
// genesis record (`p`); governed parameters and the chaincode version in
// force for the block come from `state` (chaincode/parameters.h).
// `memo` (optional) names signatures of transactions and of the certificate
// already verified: by this node at admission or on its verify threads
// (chaincode/verified_signatures.h), or by an auditor's thread pool. The
// block is byte-identical with or without it (chaincode/signature_memo.h).
Result<BuiltBlock> BuildBlock(const ChainParams& params, const ChainHead& prev,
                              const StateReader& state, const CommittedTxLookup& committed,
                              std::string_view batch_bytes, const SignatureMemo* memo = nullptr);

}  // namespace lincao
