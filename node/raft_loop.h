// RaftLoop: drives one consensus::RawNode on the node's Ready-loop thread
// (a Boost.Asio io_context run by one thread, which is therefore its
// strand). Ticks come from a steady timer every `tick_ms`. Each Ready is
// handled in the order docs/consensus.md and consensus/raw_node.h require:
//
//   early messages (a leader's appends)  -> sent at once (parallel append)
//   committed entries                    -> handed to the apply thread now,
//                                           so the ledger write overlaps...
//   snapshot, entries, hard state        -> ...this one RocksDB write batch,
//                                           fsynced when must_sync
//   messages                             -> sent only after that write
//   wait for apply, then Advance
//
// So a Ready costs one fsync however many proposals it carries (group
// commit), and apply and fsync run side by side. Apply failing (a ledger
// that diverged from a certified block, a storage error) halts the loop: no
// Advance, no more ticks; the node keeps serving reads and says so in its
// status.
//
// Thread-safety: Start and Stop from the owner's thread; raw() and Drive()
// only on the loop thread; status() and halted() from any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "chaincode/status.h"
#include "consensus/random_source.h"
#include "consensus/raw_node.h"
#include "node/raft_storage.h"

namespace lincao::node {

struct RaftLoopOptions {
  consensus::NodeId id = consensus::kNone;
  uint32_t tick_ms = 50;
  int election_ticks = 10;
  int heartbeat_ticks = 1;
  uint64_t applied = 0;       // the index the ledger has applied (at least the genesis index)
  uint64_t seed = 0;          // election jitter
  bool campaign_now = false;  // the only voter: lead at once instead of after a timeout
};

class RaftLoop {
 public:
  struct Hooks {
    // Loop thread: messages to other members (never blocks).
    std::function<void(std::vector<consensus::Message>)> send;
    // Apply thread: committed entries, in order. An error halts the loop.
    std::function<Status(const std::vector<consensus::Entry>&)> apply;
    // Loop thread: after every Ready round and tick (propose, send votes...).
    std::function<void()> after_ready;
  };

  RaftLoop(boost::asio::io_context& io, RaftStorage& storage, RaftLoopOptions options, Hooks hooks);
  ~RaftLoop();

  Status Start();
  void Stop();

  consensus::RawNode& raw() { return *raw_; }
  // Handles every pending Ready (loop thread).
  void Drive();

  consensus::NodeStatus status() const;
  bool halted() const { return halted_.load(); }
  uint64_t fsyncs() const { return fsyncs_.load(); }

 private:
  void ArmTick();
  void HandleReadies();
  void Halt(const Status& why);
  void CacheStatus();

  boost::asio::io_context& io_;
  RaftStorage& storage_;
  const RaftLoopOptions options_;
  const Hooks hooks_;
  consensus::SplitMix64 random_;
  std::unique_ptr<consensus::RawNode> raw_;
  boost::asio::steady_timer tick_timer_;
  boost::asio::thread_pool apply_pool_{1};
  std::atomic<bool> halted_{false};
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> fsyncs_{0};

  mutable std::mutex status_mu_;
  consensus::NodeStatus status_;
};

}  // namespace lincao::node
