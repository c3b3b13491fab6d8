// The commit path, on Raft: admission, batching, proposing, apply.
//
//   Submit (gRPC threads)   -> shape, chain, expiry, signature and replay
//                              checks; a bounded queue of admitted txs
//   Ready loop (RaftLoop)   -> the leader cuts a Batch (by count, bytes or
//                              delay) carrying the certificate of its head
//                              block and proposes it; a follower forwards
//                              its queue to the leader
//   apply thread            -> every node applies every committed entry:
//                              BuildBlock + one ledger write batch, then
//                              wakes the waiters of the txs it settled
//   after each apply        -> each voter signs its new head block and sends
//                              the vote to the leader (CommitVotes)
//
// A single node is a one-member cluster on the same path: it leads at once
// and its own vote is a majority.
//
// One batch is in flight at a time: the next is cut once the previous one is
// applied and a majority has certified the block it made, so every block
// carries the certificate of the one before. Transactions that arrive
// meanwhile wait in the queue and go into the next batch together (group
// commit, one fsync per Ready).
//
// A transaction is never applied twice: apply drops ids already committed,
// so a tx forwarded twice, re-queued after a leader change or retried on
// another node lands at most once. A waiter learns the outcome when its tx
// lands in a block applied here, is dropped at apply, or can no longer land
// (chain time passed its expiry).
//
// Thread-safety: Submit, the On* inbound handlers, NextBlockTimeMs,
// pending_count and replication() from any thread. Recover, SetTransport
// before Start; Stop once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "chaincode/block_builder.h"
#include "chaincode/key_file.h"
#include "chaincode/tx.h"
#include "chaincode/verified_signatures.h"
#include "node/commit_votes.h"
#include "node/config.h"
#include "node/ledger_store.h"
#include "node/members.h"
#include "node/peer_transport.h"
#include "node/raft_loop.h"
#include "node/raft_storage.h"

namespace lincao::node {

// Forwarded transactions per peer frame (a follower's queue drains in pieces).
inline constexpr size_t kMaxForwardTxsPerFrame = 1000;
// How often a voter re-sends its vote for its head to the leader.
inline constexpr uint32_t kVoteResendMs = 500;
// How long Stop waits for what is queued to commit.
inline constexpr uint32_t kStopDrainMs = 2000;

// What became of one submitted transaction.
struct TxOutcome {
  enum class Kind { kCommitted, kRejected, kDropped };
  Kind kind = Kind::kDropped;
  uint64_t height = 0;      // block height when committed or rejected
  Status status;            // chaincode result or drop reason
  uint64_t created_id = 0;  // TxResult.created_id when committed
};

// A submitter waits on its ticket; the apply thread completes it.
class TxTicket {
 public:
  void Complete(TxOutcome outcome);
  // nullopt on timeout (the tx may still commit later).
  std::optional<TxOutcome> Wait(std::chrono::milliseconds timeout);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<TxOutcome> outcome_;
};

struct Admitted {
  Hash32 tx_id{};
  std::shared_ptr<TxTicket> ticket;
};

// Replication as the node reports it (NodeStatus, `lincao query status`).
struct ReplicationView {
  consensus::NodeStatus raft;
  std::string leader_id;
  std::string leader_address;
  bool halted = false;
};

class Committer {
 public:
  Committer(const Config& config, LedgerStore& ledger, RaftStorage& storage, KeyFile node_key,
            Members members);
  ~Committer();

  // Boots the raft log from genesis on first start and checks that log and
  // ledger belong together. Committed entries the ledger has not applied
  // (after a crash) are applied by the Ready loop once started, with
  // progress lines. Call before Start.
  Status Recover();
  void SetTransport(PeerTransport* transport) { transport_ = transport; }
  void Start();
  // Stops admission, gives what is queued a moment to commit, stops.
  void Stop();

  // `forward`: a follower hands the tx to the leader; otherwise it answers
  // NOT_LEADER naming the leader's address.
  Result<Admitted> Submit(const v1::SignedTx& tx, bool forward = true);
  // Admits each of `txs` exactly as Submit would, in order (a later copy of
  // an earlier tx is DUPLICATE_TX), and wakes the Ready loop once for all.
  // (*ids)[i] is txs[i]'s id when it decoded, so a refusal can name it.
  std::vector<Result<Admitted>> SubmitMany(const std::vector<const v1::SignedTx*>& txs,
                                           bool forward, std::vector<std::optional<Hash32>>* ids);

  // Inbound from authenticated peers (any thread).
  void OnRaftMessage(consensus::Message message);
  void OnVote(v1::CommitVote vote);
  void OnForwardedTxs(std::vector<std::string> txs);

  uint64_t NextBlockTimeMs() const;
  size_t pending_count() const;
  // Entries of the expiry index (for tests: one per waiting transaction).
  size_t expiry_entries() const;
  ReplicationView replication() const;
  uint64_t fsyncs() const { return loop_ ? loop_->fsyncs() : 0; }
  const Members& members() const { return members_; }
  consensus::NodeId raft_id() const { return self_ ? self_->raft_id : 0; }

 private:
  struct Pending {
    std::string bytes;  // the SignedTx exactly as admitted and batched
    Hash32 id{};
  };
  // Waiting transactions by expiry, so apply can drop the ones chain time
  // passed. Each waiter owns its one entry and erases it when it settles:
  // left behind, entries of settled transactions piled up until their
  // expiry (an hour ahead, say), a growth of ~100 bytes per transaction that
  // a 10-minute load showed as RSS without a plateau.
  using ExpiryIndex = std::multimap<uint64_t, Hash32>;
  struct Waiter {
    std::shared_ptr<TxTicket> ticket;
    ExpiryIndex::iterator expiry_at;
  };
  using WaiterMap = std::map<Hash32, Waiter>;
  // Completes the waiter with `outcome` and forgets it. Under mu_.
  void FinishWaiter(WaiterMap::iterator it, TxOutcome outcome);

  // Submit without waking the Ready loop; `id` gets the tx id once decoded.
  Result<Admitted> Admit(const v1::SignedTx& tx, bool forward, std::optional<Hash32>* id);
  Status AlreadyCommitted(const Hash32& id) const;  // DUPLICATE_TX naming the block

  // Loop thread.
  void AfterReady();
  void Kick();
  void MaybePropose(const consensus::NodeStatus& st);
  void ForwardQueued(consensus::NodeId leader);
  void OnHeadMoved(const ChainHead& head);
  void SendOwnVote(consensus::NodeId leader);
  // Apply thread.
  Status ApplyEntries(const std::vector<consensus::Entry>& entries);
  Result<BuiltBlock> ApplyEntry(const consensus::Entry& entry);
  // Verifies the signatures of a committed batch on verify_pool_ against
  // the state apply is about to start from, recording the valid ones in
  // verified_ (a follower's and a recovering node's counterpart of
  // admission); returns when all are done. Outcomes are left to BuildBlock.
  void PreVerify(const std::string& batch_bytes);
  void Settle(const BuiltBlock& built);

  std::string AddressOf(consensus::NodeId id) const;

  const Config config_;
  LedgerStore& ledger_;
  RaftStorage& storage_;
  const KeyFile node_key_;
  const SignatureSuite& suite_;
  // Filled by admission and the verify threads, consulted by BuildBlock.
  VerifiedSignatureCache verified_;
  boost::asio::thread_pool verify_pool_;
  const size_t verify_threads_;
  const Members members_;
  const Member* self_ = nullptr;
  PeerTransport* transport_ = nullptr;

  mutable std::mutex mu_;
  std::deque<Pending> queue_;  // to batch (leader) or forward (follower)
  std::set<Hash32> queued_ids_;
  WaiterMap waiters_;          // admitted here, outcome not known yet
  ExpiryIndex waiter_expiry_;  // one entry per waiter
  bool accepting_ = true;

  // Loop thread only.
  boost::asio::io_context io_;
  std::unique_ptr<RaftLoop> loop_;
  boost::asio::steady_timer batch_timer_;
  bool batch_timer_armed_ = false;
  bool batch_delay_elapsed_ = false;
  std::vector<Pending> in_flight_;  // the proposed batch, until applied
  uint64_t in_flight_index_ = 0;
  consensus::NodeId last_leader_ = consensus::kNone;
  CommitVotes votes_;
  std::optional<v1::CommitVote> own_vote_;
  uint64_t head_seen_height_ = UINT64_MAX;
  Hash32 head_seen_hash_{};
  std::chrono::steady_clock::time_point last_vote_sent_{};
  bool stopping_ = false;

  // Apply thread only.
  uint64_t recovery_target_ = 0;
  std::chrono::steady_clock::time_point last_progress_log_{};

  std::thread thread_;
};

uint64_t WallClockMs();

}  // namespace lincao::node
