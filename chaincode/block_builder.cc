#include "chaincode/block_builder.h"

#include <algorithm>
#include <set>

#include "chaincode/apply.h"
#include "chaincode/block.h"
#include "chaincode/limits.h"
#include "chaincode/parameters.h"
#include "chaincode/rule_set.h"
#include "chaincode/signature_memo.h"
#include "chaincode/strict_protobuf.h"
#include "chaincode/tx.h"

namespace lincao {
namespace {

// Judges the batch's certificate of the previous block against the voters
// in force for that block (`prev.voters`: the state after prev.height - 1).
// A certificate counts only if it names prev's height and hash and carries
// valid signatures, in ascending node id order, of a majority of those
// voters; otherwise the block carries an empty one. One case is fatal: a
// majority validly signed a *different* hash at prev's height. Then this
// node's ledger disagrees with the cluster's, and applying more would only
// build on the fork.
Result<v1::Commit> CheckCommit(const SignatureSuite& suite, const ChainParams& params,
                               const ChainHead& prev, const v1::Commit& commit,
                               const SignatureMemo* memo) {
  if (commit.signatures().empty() || commit.height() != prev.height ||
      commit.block_hash().size() != prev.hash.size()) {
    return v1::Commit();
  }
  Hash32 certified;
  std::copy(commit.block_hash().begin(), commit.block_hash().end(), certified.begin());
  Bytes message = CommitSigningMessage(params.chain_id, prev.height, certified);
  const std::string* last_signer = nullptr;
  for (const auto& sig : commit.signatures()) {
    if (last_signer != nullptr && !(*last_signer < sig.node_id())) return v1::Commit();
    last_signer = &sig.node_id();
    auto node = std::find_if(prev.voters.begin(), prev.voters.end(),
                             [&](const NodeRecord& v) { return v.id == sig.node_id(); });
    if (node == prev.voters.end() || sig.suite() != node->suite) return v1::Commit();
    const bool known_good =
        memo != nullptr && memo->Verified(node->suite, node->public_key, message, sig.signature());
    if (!known_good && !suite.Verify(node->public_key, message, sig.signature())) {
      return v1::Commit();
    }
  }
  if (static_cast<size_t>(commit.signatures_size()) * 2 <= prev.voters.size()) {
    return v1::Commit();  // no majority
  }
  if (certified != prev.hash) {
    return Status(v1::LEDGER_DIVERGED,
                  "a majority of the voting nodes certified block " + std::to_string(prev.height) +
                      " with hash " + ToHex(certified) + ", but this node's block " +
                      std::to_string(prev.height) + " has hash " + ToHex(prev.hash) +
                      ": this node's ledger has forked from the cluster's; it stops applying. "
                      "Restore its data from a healthy node");
  }
  return commit;
}

// A transaction's write set as formats.md defines it: the difference
// between the state before and after it. A rule may store a key with the
// value it already has (StoreBatch keeps f/<batch> present by writing it
// again whenever units of a batch with buffer move); such a write changes
// nothing, and writes_hash must not depend on whether a rule made it.
WriteSet ChangedWrites(const StateReader& before, const WriteSet& writes) {
  WriteSet changed;
  for (const auto& [key, value] : writes) {
    if (before.Get(key) != value) changed.emplace(key, value);
  }
  return changed;
}

}  // namespace

ChainHead HeadAfter(const BuiltBlock& built) {
  return ChainHead{built.block.header().height(), built.hash, built.block.header().time_ms(),
                   built.accumulator, built.voters};
}

uint64_t ClampBlockTime(uint64_t leader_time_ms, uint64_t prev_time_ms) {
  if (leader_time_ms < prev_time_ms) return prev_time_ms;
  if (leader_time_ms - prev_time_ms > kMaxBlockStepMs) return prev_time_ms + kMaxBlockStepMs;
  return leader_time_ms;
}

Result<BuiltBlock> BuildBlock(const ChainParams& genesis_params, const ChainHead& prev,
                              const StateReader& state, const CommittedTxLookup& committed,
                              std::string_view batch_bytes, const SignatureMemo* memo) {
  const SignatureSuite* suite = FindSuite(genesis_params.suite);
  if (suite == nullptr) return Status(v1::INTERNAL, "chain suite not available");
  // The rules in force for this block: governed parameters and the
  // chaincode version, both read from the state after the previous block.
  auto in_force = ParamsInForce(genesis_params, state, prev.height + 1);
  if (!in_force.ok()) return in_force.status();
  const ChainParams& params = *in_force;
  LINCAO_RETURN_IF_ERROR(
      CheckChaincodeVersion(params.chaincode_version, "block " + std::to_string(prev.height + 1)));
  BuiltBlock out;
  // A batch that is not canonical as a whole makes no block: which copy of
  // a repeated field counts must not be up to each node's parser.
  v1::Batch batch;
  Status canonical = CheckCanonicalProtobuf(*v1::Batch::descriptor(), batch_bytes);
  if (!canonical.ok()) {
    out.dropped.push_back({Hash32{}, canonical});
    return out;
  }
  batch.ParseFromArray(batch_bytes.data(), static_cast<int>(batch_bytes.size()));
  // Before anything else: a certificate that contradicts this node's ledger
  // stops apply even when no transaction of the batch survives.
  auto last_commit = CheckCommit(*suite, params, prev, batch.last_commit(), memo);
  if (!last_commit.ok()) return last_commit.status();

  const uint64_t height = prev.height + 1;
  const uint64_t time_ms = ClampBlockTime(batch.leader_time_ms(), prev.time_ms);
  // Membership in force for this block: the state after the previous one.
  auto voters = LoadVoters(state);
  if (!voters.ok()) return voters.status();

  OverlayState block_state(state);
  std::set<Hash32> in_batch;
  size_t txs_bytes = 0;
  for (const std::string& stx_bytes : batch.txs()) {
    // The batch bounds hold at apply too, whatever the proposer did.
    txs_bytes += stx_bytes.size();
    if (out.tx_ids.size() + out.dropped.size() >= kMaxBatchTxs || txs_bytes > kMaxBatchBytes) {
      out.dropped.push_back({Hash32{}, Status(v1::OVERLOADED, "beyond the batch bounds")});
      continue;
    }
    auto decoded = DecodeSignedTx(stx_bytes, kMaxTxBytes, *suite);
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
    if (valid.ok()) valid = VerifySignatures(dtx, block_state, memo);
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
    // Not hashed, but stored and served: bounded so that blocks stay small.
    r->set_message(std::string(TruncateUtf8(result.message(), kMaxResultMessageBytes)));
    std::vector<std::string> written_keys;
    if (result.ok()) {
      const WriteSet changed = ChangedWrites(block_state, tx_state.writes());
      r->set_writes_hash(AsBytes(WriteSetHash(*suite, changed)));
      r->set_created_id(output.created_id);
      written_keys.reserve(changed.size());
      for (const auto& entry : changed) written_keys.push_back(entry.first);
      tx_state.MergeInto(block_state);
    } else {
      r->set_writes_hash(AsBytes(WriteSetHash(*suite, WriteSet{})));
    }
    out.tx_written_keys.push_back(std::move(written_keys));
    *out.block.add_txs() = dtx.signed_tx;
    out.tx_ids.push_back(dtx.id);
  }
  if (out.tx_ids.empty()) return out;  // nothing survived: no block

  out.made = true;
  out.writes = block_state.writes();
  out.accumulator = prev.accumulator;
  out.accumulator.ApplyWrites(state, out.writes);
  *out.block.mutable_last_commit() = std::move(*last_commit);

  v1::BlockHeader* h = out.block.mutable_header();
  h->set_chain_id(params.chain_id);
  h->set_height(height);
  h->set_prev_hash(AsBytes(prev.hash));
  h->set_time_ms(time_ms);
  h->set_proposer(batch.proposer());
  h->set_txs_root(AsBytes(TxsRoot(*suite, out.block.txs())));
  h->set_results_root(AsBytes(ResultsRoot(*suite, out.block.results())));
  h->set_state_root(AsBytes(out.accumulator.Root(*suite)));
  h->set_membership_hash(AsBytes(MembershipHash(*suite, *voters)));
  h->set_chaincode_version(params.chaincode_version);
  h->set_last_commit_hash(AsBytes(CommitHash(*suite, out.block.last_commit())));
  out.hash = BlockHash(*suite, *h);
  out.voters = std::move(*voters);
  return out;
}

}  // namespace lincao
