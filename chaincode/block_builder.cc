#include "chaincode/block_builder.h"

#include <set>

#include "chaincode/apply.h"
#include "chaincode/block.h"
#include "chaincode/limits.h"
#include "chaincode/tx.h"

namespace lincao {
namespace {

// Keeps the batch's commit certificate only if it certifies the previous
// block with valid signatures of a majority of the voting nodes (the
// membership in force for that block: the state before this one); otherwise
// the block carries an empty one. Deterministic either way.
v1::Commit CheckedCommit(const SignatureSuite& suite, const ChainParams& params,
                         const ChainHead& prev, const std::vector<NodeRecord>& voters,
                         const v1::Commit& commit) {
  if (commit.signatures().empty() || commit.height() != prev.height ||
      commit.block_hash() != AsView(prev.hash)) {
    return v1::Commit();
  }
  Bytes message = CommitSigningMessage(params.chain_id, prev.height, prev.hash);
  std::set<std::string> signers;
  for (const auto& sig : commit.signatures()) {
    const NodeRecord* node = nullptr;
    for (const auto& v : voters) {
      if (v.id == sig.node_id()) node = &v;
    }
    if (node == nullptr || sig.suite() != node->suite || !signers.insert(node->id).second ||
        !suite.Verify(node->public_key, message, sig.signature())) {
      return v1::Commit();
    }
  }
  if (signers.size() * 2 <= voters.size()) return v1::Commit();  // no quorum
  return commit;
}

}  // namespace

uint64_t ClampBlockTime(uint64_t leader_time_ms, uint64_t prev_time_ms) {
  if (leader_time_ms < prev_time_ms) return prev_time_ms;
  if (leader_time_ms - prev_time_ms > kMaxBlockStepMs) return prev_time_ms + kMaxBlockStepMs;
  return leader_time_ms;
}

Result<BuiltBlock> BuildBlock(const ChainParams& params, const ChainHead& prev,
                              const StateReader& state, const CommittedTxLookup& committed,
                              const v1::Batch& batch) {
  const SignatureSuite* suite = FindSuite(params.suite);
  if (suite == nullptr) return Status(v1::INTERNAL, "chain suite not available");
  BuiltBlock out;
  const uint64_t height = prev.height + 1;
  const uint64_t time_ms = ClampBlockTime(batch.leader_time_ms(), prev.time_ms);

  auto voters = LoadVoters(state);
  if (!voters.ok()) return voters.status();

  OverlayState block_state(state);
  std::set<Hash32> in_batch;
  size_t batch_bytes = 0;
  for (const v1::SignedTx& stx : batch.txs()) {
    // The batch bounds hold at apply too, whatever the proposer did.
    batch_bytes += stx.ByteSizeLong();
    if (out.tx_ids.size() + out.dropped.size() >= kMaxBatchTxs || batch_bytes > kMaxBatchBytes) {
      out.dropped.push_back({Hash32{}, Status(v1::OVERLOADED, "beyond the batch bounds")});
      continue;
    }
    auto decoded = DecodeSignedTx(stx, kMaxTxBytes, *suite);
    if (!decoded.ok()) {
      out.dropped.push_back({Hash32{}, decoded.status()});
      continue;
    }
    const DecodedTx& dtx = *decoded;
    if (committed.IsCommitted(dtx.id)) {
      out.dropped.push_back({dtx.id, Status(v1::DUPLICATE_TX, "transaction already committed")});
      continue;
    }
    if (in_batch.count(dtx.id) > 0) {
      out.dropped.push_back(
          {dtx.id, Status(v1::DUPLICATE_TX, "transaction repeated in the same batch")});
      continue;
    }
    Status valid = CheckChainAndExpiry(dtx.tx, params.chain_id, time_ms, params.max_tx_horizon_ms);
    if (valid.ok()) valid = VerifySignatures(dtx, block_state);
    if (!valid.ok()) {
      if (valid.code() == v1::INTERNAL) return valid;
      out.dropped.push_back({dtx.id, valid});
      continue;
    }
    // Only a tx that enters the block makes later copies duplicates: a
    // dropped copy (say, with a broken signature) must not shut out a valid one.
    in_batch.insert(dtx.id);
    OverlayState tx_state(block_state);
    TxOutput output;
    ApplyContext ctx{params, height, time_ms, dtx.id, &output};
    Status result = ApplyTx(ctx, dtx.tx, tx_state);
    if (result.code() == v1::INTERNAL) return result;  // corruption: stop the node
    v1::TxResult* r = out.block.add_results();
    r->set_tx_id(AsBytes(dtx.id));
    r->set_code(result.code());
    r->set_message(result.message());
    if (result.ok()) {
      r->set_writes_hash(AsBytes(WriteSetHash(*suite, tx_state.writes())));
      r->set_created_id(output.created_id);
      tx_state.MergeInto(block_state);
    } else {
      r->set_writes_hash(AsBytes(WriteSetHash(*suite, WriteSet{})));
    }
    *out.block.add_txs() = stx;
    out.tx_ids.push_back(dtx.id);
  }
  if (out.tx_ids.empty()) return out;  // nothing survived: no block

  out.made = true;
  out.writes = block_state.writes();
  out.accumulator = prev.accumulator;
  out.accumulator.ApplyWrites(state, out.writes);
  *out.block.mutable_last_commit() =
      CheckedCommit(*suite, params, prev, *voters, batch.last_commit());

  v1::BlockHeader* h = out.block.mutable_header();
  h->set_chain_id(params.chain_id);
  h->set_height(height);
  h->set_prev_hash(AsBytes(prev.hash));
  h->set_time_ms(time_ms);
  h->set_proposer(batch.proposer());
  h->set_txs_root(AsBytes(TxsRoot(*suite, out.block.txs())));
  h->set_results_root(AsBytes(ResultsRoot(*suite, out.block.results())));
  h->set_state_root(AsBytes(out.accumulator.Root(*suite)));
  // Membership in force after this block (it changes only by governance txs).
  auto voters_after = LoadVoters(block_state);
  if (!voters_after.ok()) return voters_after.status();
  h->set_membership_hash(AsBytes(MembershipHash(*suite, *voters_after)));
  h->set_chaincode_version(params.chaincode_version);
  h->set_last_commit_hash(AsBytes(CommitHash(*suite, out.block.last_commit())));
  out.hash = BlockHash(*suite, *h);
  return out;
}

}  // namespace lincao
