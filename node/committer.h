// The single-node commit path: admission, batching, log append, apply.
//
//   Submit (gRPC threads)      -> shape, chain, expiry, signature and replay
//                                 checks; a bounded admission queue
//   commit thread (Asio)       -> cuts a Batch (by count, bytes or delay),
//                                 appends it to the raft/ log and syncs,
//                                 then applies it: BuildBlock + one ledger
//                                 write batch; then wakes the waiters
//
// While a batch is being synced, new submissions queue up and go into the
// next batch together (group commit). The replicated node replaces only
// "append to the local log" with proposing to Raft; apply stays the same.
//
// Thread-safety: Submit, NextBlockTimeMs and pending_count from any thread.
// Recover before Start; Stop once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "chaincode/block_builder.h"
#include "chaincode/key_file.h"
#include "chaincode/tx.h"
#include "node/config.h"
#include "node/ledger_store.h"
#include "node/raft_log_store.h"

namespace lincao::node {

// What became of one submitted transaction.
struct TxOutcome {
  enum class Kind { kCommitted, kRejected, kDropped };
  Kind kind = Kind::kDropped;
  uint64_t height = 0;      // block height when committed or rejected
  Status status;            // chaincode result or drop reason
  uint64_t created_id = 0;  // TxResult.created_id when committed
};

// A submitter waits on its ticket; the commit thread completes it.
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

class Committer {
 public:
  Committer(const Config& config, LedgerStore& ledger, RaftLogStore& log, KeyFile node_key);
  ~Committer();

  // Applies raft log entries that the ledger has not applied yet (after a
  // crash). Logs progress. Call before Start.
  Status Recover();
  void Start();
  // Stops admission, commits what is queued, stops the commit thread.
  void Stop();

  Result<Admitted> Submit(const v1::SignedTx& tx);

  // The time the next block would get if cut now.
  uint64_t NextBlockTimeMs() const;
  size_t pending_count() const;

 private:
  struct Pending {
    std::string bytes;  // the SignedTx exactly as admitted and batched
    Hash32 id{};
    std::shared_ptr<TxTicket> ticket;
  };

  void Kick();          // commit thread: cut now or arm the delay timer
  void CutAndCommit();  // commit thread
  Result<BuiltBlock> ApplyEntry(const v1::raft::Entry& entry);
  v1::Commit SignHead(const ChainHead& head) const;
  void FailAll(std::vector<Pending>& batch, const Status& why);

  const Config config_;
  LedgerStore& ledger_;
  RaftLogStore& log_;
  const KeyFile node_key_;
  const SignatureSuite& suite_;

  mutable std::mutex mu_;
  std::deque<Pending> queue_;
  std::set<Hash32> pending_ids_;
  bool accepting_ = true;  // admission queues even before Start; Stop ends it
  Status failed_;          // set once a storage error stops the commit path

  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;  // commit thread only
  std::thread thread_;
};

uint64_t WallClockMs();

}  // namespace lincao::node
