// The auditor's whole-ledger check behind `lincao audit verify`
// (docs/audit.md, "Verifying the whole chain"). Fed the blocks of a stream
// in height order, it checks, for every block, from a trusted genesis hash:
//   - the hash chain: height, chain id, prev_hash = the hash of the block
//     before (as recomputed here, never as a node states it);
//   - the certificate the block carries (last_commit, the previous block's)
//     and the one sent with it (StreamedBlock.certificate, its own): the
//     signatures of a majority of the voters in force for that block, and
//     that they name the hash recomputed here;
//   - every transaction's signatures, and everything else about it, by
//     replaying the block through BuildBlock, exactly as nodes apply it
//     (chaincode versions, parameters and membership in force follow from
//     the replayed state), into a scratch state held in memory;
//   - every result (code, writes_hash, created_id) and every header field
//     (time, txs_root, results_root, state_root, membership_hash,
//     chaincode_version, last_commit_hash) against the replay's.
// The first failure stops it: LEDGER_VERIFY_FAILED "block H: <check>: ...".
//
// Signature checks (the costly part) run ahead of replay on a thread pool:
// when a block is added, its signatures are looked up against the replayed
// state so far and verified on the pool; replay then runs sequentially with
// those results as a SignatureMemo, so the Ed25519 work is spread over all
// cores while replay itself stays deterministic and single-threaded. A key
// looked up too early (a key change in a block still waiting for replay)
// only means BuildBlock verifies that signature itself.
//
// Thread-safety: one thread drives a ChainVerifier; it owns its pool.
#pragma once

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chaincode/block_builder.h"
#include "chaincode/genesis.h"
#include "chaincode/status.h"
#include "lincao/v1/audit.pb.h"

namespace boost::asio {
class thread_pool;
}

namespace lincao::audit {

struct ChainVerifierOptions {
  // Blocks below this height are replayed and hash-chained like every
  // other, but their signatures (transactions and certificates) are taken
  // as valid without the Ed25519 check: for an auditor who checked them in
  // an earlier run. State is always replayed from genesis.
  uint64_t from_height = 1;
  // Threads verifying signatures; 0: one per core.
  unsigned threads = 0;
  // How many transactions' signatures may be checked ahead of replay.
  size_t lookahead_txs = 8000;
};

// Where and why verification stopped.
struct VerifyFailure {
  uint64_t height = 0;
  // Which check: "height", "chain_id", "hash chain", "certificate",
  // "certificate hash", "signature", "transaction", "result", "replay", or
  // "header.<field>" (e.g. "header.state_root").
  std::string check;
  std::string detail;  // expected vs got, in words
};

struct VerifyProgress {
  uint64_t height = 0;       // last block verified (0: none yet)
  uint64_t blocks = 0;       // blocks verified
  uint64_t txs = 0;          // transactions replayed
  uint64_t signatures = 0;   // signatures verified on the pool
  uint64_t certified = 0;    // blocks whose majority certificate was checked
  uint64_t uncertified = 0;  // blocks with no certificate (the head, or an empty one)
};

class ChainVerifier {
 public:
  // Builds block 0 from `spec` and refuses (INVALID_ARGUMENT) when its hash
  // is not `trusted_genesis_hash`.
  static Result<std::unique_ptr<ChainVerifier>> Create(const GenesisSpec& spec,
                                                       const Hash32& trusted_genesis_hash,
                                                       ChainVerifierOptions options = {});
  ~ChainVerifier();
  ChainVerifier(const ChainVerifier&) = delete;
  ChainVerifier& operator=(const ChainVerifier&) = delete;

  // Queues the next block of the stream (height = the last one added + 1)
  // and verifies queued blocks whose signatures are done. OK, or the first
  // failure (also kept in failure()); after a failure every call returns it.
  Status Add(const v1::StreamedBlock& block);
  // Verifies every block still queued.
  Status Finish();

  const VerifyProgress& progress() const { return progress_; }
  const std::optional<VerifyFailure>& failure() const { return failure_; }
  // The last verified block's hash and state root (genesis before any).
  const ChainHead& head() const { return head_; }
  const ChainParams& params() const { return params_; }
  // The replayed state (after the last verified block).
  const MapState& state() const { return state_; }
  // The voters in force for the last verified block.
  const std::vector<NodeRecord>& voters() const { return head_.voters; }

 private:
  struct Pending;
  class Memo;

  ChainVerifier(GenesisResult genesis, ChainParams params, ChainVerifierOptions options);
  Status Fail(uint64_t height, std::string check, std::string detail);
  void Dispatch(Pending& pending);
  Status VerifyFront();
  Status VerifyBlock(const v1::StreamedBlock& sb, const Memo& memo);

  ChainParams params_;
  ChainVerifierOptions options_;
  MapState state_;
  ChainHead head_;
  std::unique_ptr<CommittedTxLookup> committed_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
  std::deque<std::unique_ptr<Pending>> queue_;
  size_t queued_txs_ = 0;
  uint64_t next_height_ = 1;  // the height Add expects
  VerifyProgress progress_;
  std::optional<VerifyFailure> failure_;
};

}  // namespace lincao::audit
