// Benchmarks of the consensus library (part of lincao-bench; main.cc holds
// BENCHMARK_MAIN). A small in-memory cluster drives RawNodes through the
// Ready loop exactly as the node does, minus disks and sockets, so the
// figures are the library's own cost: proposing and committing entries
// through a 3-node cluster, the single-node Ready round trip, and a
// leader's catch-up of a lagging follower. Simulator throughput (events per
// second under faults) is reported by `lincao-sim`, which prints it.
//
// BM_ConsensusCommitLatency3Nodes models time instead of measuring it: an
// fsync costs a fixed delay of virtual time and a message a fixed one-way
// latency, so the figure it reports (`commit_latency_us`, virtual
// microseconds from a proposal to the leader applying it) shows how the
// Ready loop orders disk and network, which CPU time in one thread cannot.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "consensus/memory_storage.h"
#include "consensus/random_source.h"
#include "consensus/raw_node.h"

namespace {

using lincao::consensus::Config;
using lincao::consensus::ConfState;
using lincao::consensus::MemoryStorage;
using lincao::consensus::Message;
using lincao::consensus::NodeId;
using lincao::consensus::RawNode;
using lincao::consensus::Ready;
using lincao::consensus::Role;
using lincao::consensus::SplitMix64;

// N nodes, one FIFO network, Ready loop: persist, send, apply, advance.
class BenchCluster {
 public:
  explicit BenchCluster(int n) : nodes_(static_cast<size_t>(n) + 1) {
    ConfState conf;
    for (int i = 1; i <= n; ++i) conf.add_voters(static_cast<NodeId>(i));
    for (int i = 1; i <= n; ++i) {
      Node& node = nodes_[static_cast<size_t>(i)];
      node.disk = std::make_unique<MemoryStorage>();
      node.disk->Bootstrap(conf, "genesis");
      node.rng = std::make_unique<SplitMix64>(static_cast<uint64_t>(i));
      Config c;
      c.id = static_cast<NodeId>(i);
      c.storage = node.disk.get();
      c.random = node.rng.get();
      c.applied = 1;
      if (!RawNode::Create(c, &node.raft).ok()) std::abort();
    }
    (void)nodes_[1].raft->Campaign();
    Run();
    if (nodes_[1].raft->raft().role() != Role::kLeader) std::abort();
  }

  RawNode& leader() { return *nodes_[1].raft; }
  uint64_t applied(NodeId id) const { return nodes_[id].applied; }

  void Run() {
    for (size_t i = 1; i < nodes_.size(); ++i) Drain(static_cast<NodeId>(i));
    while (!queue_.empty()) {
      Message m = std::move(queue_.front());
      queue_.pop_front();
      if (m.to() == blocked_) continue;
      (void)nodes_[m.to()].raft->Step(m);
      Drain(m.to());
    }
  }

  void Drain(NodeId id) {
    Node& n = nodes_[id];
    while (n.raft->HasReady()) {
      Ready rd = n.raft->GetReady();
      for (Message& m : rd.early_messages) queue_.push_back(std::move(m));
      if (rd.snapshot) (void)n.disk->ApplySnapshot(*rd.snapshot);
      n.disk->Append(rd.entries);
      if (rd.hard_state) n.disk->SetHardState(*rd.hard_state);
      for (Message& m : rd.messages) queue_.push_back(std::move(m));
      if (!rd.committed_entries.empty()) n.applied = rd.committed_entries.back().index();
      n.raft->Advance(rd);
    }
  }

  void Tick(NodeId id) {
    nodes_[id].raft->Tick();
    Drain(id);
  }

  void Block(NodeId id) { blocked_ = id; }
  void Unblock() { blocked_ = 0; }

 private:
  struct Node {
    std::unique_ptr<MemoryStorage> disk;
    std::unique_ptr<SplitMix64> rng;
    std::unique_ptr<RawNode> raft;
    uint64_t applied = 0;
  };
  std::vector<Node> nodes_;
  std::deque<Message> queue_;
  NodeId blocked_ = 0;
};

// Propose N entries of 256 bytes, one Ready round each, through 3 nodes.
void BM_ConsensusProposeCommit3Nodes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string payload(256, 'x');
  for (auto _ : state) {
    state.PauseTiming();
    BenchCluster c(3);
    state.ResumeTiming();
    for (int i = 0; i < n; ++i) {
      (void)c.leader().Propose(payload);
      c.Run();
    }
    benchmark::DoNotOptimize(c.applied(3));
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * static_cast<int64_t>(payload.size()));
}
BENCHMARK(BM_ConsensusProposeCommit3Nodes)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// Propose N entries back to back, then let them replicate in batches.
void BM_ConsensusBatchedCommit3Nodes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string payload(256, 'x');
  for (auto _ : state) {
    state.PauseTiming();
    BenchCluster c(3);
    state.ResumeTiming();
    for (int i = 0; i < n; ++i) (void)c.leader().Propose(payload);
    c.Run();
    benchmark::DoNotOptimize(c.applied(2));
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_ConsensusBatchedCommit3Nodes)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// A follower that missed N entries catches up (probe, then streaming).
void BM_ConsensusFollowerCatchUp(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string payload(128, 'y');
  for (auto _ : state) {
    state.PauseTiming();
    BenchCluster c(3);
    c.Block(3);
    for (int i = 0; i < n; ++i) (void)c.leader().Propose(payload);
    c.Run();
    c.Unblock();
    state.ResumeTiming();
    for (int round = 0; round < 1000 && c.applied(3) < c.applied(1); ++round) {
      c.Tick(1);
      c.Run();
    }
    benchmark::DoNotOptimize(c.applied(3));
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_ConsensusFollowerCatchUp)->Arg(5000)->Unit(benchmark::kMillisecond);

// A 3-node cluster on a virtual clock: each Ready that must sync occupies the
// node's disk for fsync_us, each message takes net_us, CPU is free. A node
// steps no input between GetReady and Advance (the contract), so inputs that
// arrive while its disk is busy wait in its inbox.
class TimedCluster {
 public:
  TimedCluster(uint64_t fsync_us, uint64_t net_us)
      : cluster_nodes_(4), fsync_us_(fsync_us), net_us_(net_us) {
    ConfState conf;
    for (NodeId i = 1; i <= 3; ++i) conf.add_voters(i);
    for (NodeId i = 1; i <= 3; ++i) {
      Node& n = cluster_nodes_[i];
      n.disk = std::make_unique<MemoryStorage>();
      n.disk->Bootstrap(conf, "genesis");
      n.rng = std::make_unique<SplitMix64>(i);
      Config c;
      c.id = i;
      c.storage = n.disk.get();
      c.random = n.rng.get();
      c.applied = 1;
      if (!RawNode::Create(c, &n.raft).ok()) std::abort();
    }
    (void)cluster_nodes_[1].raft->Campaign();
    Pump(1);
    RunUntil([&] { return cluster_nodes_[1].applied >= 2 && events_.empty(); });
    if (cluster_nodes_[1].raft->raft().role() != Role::kLeader) std::abort();
  }

  // Proposes one entry on the leader and returns the virtual microseconds
  // until the leader applies it.
  uint64_t ProposeAndWait(const std::string& payload) {
    Node& leader = cluster_nodes_[1];
    const uint64_t start = now_;
    const uint64_t target = leader.raft->raft().log().LastIndex() + 1;
    if (!leader.raft->Propose(payload).ok()) std::abort();
    Pump(1);
    RunUntil([&] { return leader.applied >= target; });
    const uint64_t latency = now_ - start;
    RunUntil([&] { return events_.empty(); });  // let followers settle
    return latency;
  }

 private:
  struct Node {
    std::unique_ptr<MemoryStorage> disk;
    std::unique_ptr<SplitMix64> rng;
    std::unique_ptr<RawNode> raft;
    std::deque<Message> inbox;
    bool busy = false;  // a Ready is between GetReady and Advance
    Ready pending;
    uint64_t applied = 0;
  };
  struct Event {
    NodeId node = 0;
    bool disk_done = false;
    Message msg;
  };

  void Send(std::vector<Message>& msgs) {
    for (Message& m : msgs) {
      Event e;
      e.node = m.to();
      e.msg = std::move(m);
      events_.emplace(std::make_pair(now_ + net_us_, seq_++), std::move(e));
    }
    msgs.clear();
  }

  // Runs the node's Ready loop as far as it can go without waiting on disk.
  void Pump(NodeId id) {
    Node& n = cluster_nodes_[id];
    while (!n.busy) {
      while (!n.inbox.empty() && !n.busy) {
        (void)n.raft->Step(n.inbox.front());
        n.inbox.pop_front();
      }
      if (!n.raft->HasReady()) return;
      n.pending = n.raft->GetReady();
      n.busy = true;
      Send(n.pending.early_messages);  // a leader's appends overlap its write
      if (n.pending.must_sync) {
        Event e;
        e.node = id;
        e.disk_done = true;
        events_.emplace(std::make_pair(now_ + fsync_us_, seq_++), std::move(e));
        return;
      }
      Finish(id);
    }
  }

  // The write of the pending Ready is durable: send, apply, advance.
  void Finish(NodeId id) {
    Node& n = cluster_nodes_[id];
    Ready& rd = n.pending;
    if (rd.snapshot) (void)n.disk->ApplySnapshot(*rd.snapshot);
    n.disk->Append(rd.entries);
    if (rd.hard_state) n.disk->SetHardState(*rd.hard_state);
    Send(rd.messages);
    if (!rd.committed_entries.empty()) n.applied = rd.committed_entries.back().index();
    n.raft->Advance(rd);
    n.busy = false;
  }

  template <typename Done>
  void RunUntil(Done done) {
    while (!done()) {
      if (events_.empty()) std::abort();
      auto it = events_.begin();
      now_ = it->first.first;
      Event e = std::move(it->second);
      events_.erase(it);
      if (e.disk_done) {
        Finish(e.node);
      } else {
        cluster_nodes_[e.node].inbox.push_back(std::move(e.msg));
      }
      Pump(e.node);
    }
  }

  std::vector<Node> cluster_nodes_;
  uint64_t fsync_us_;
  uint64_t net_us_;
  uint64_t now_ = 0;
  uint64_t seq_ = 0;
  std::map<std::pair<uint64_t, uint64_t>, Event> events_;
};

// Commit latency of one proposal at a time through 3 nodes, with fsync and
// network delays modelled on a virtual clock (args: fsync_us, net_us one way).
void BM_ConsensusCommitLatency3Nodes(benchmark::State& state) {
  const auto fsync_us = static_cast<uint64_t>(state.range(0));
  const auto net_us = static_cast<uint64_t>(state.range(1));
  const std::string payload(256, 'x');
  TimedCluster c(fsync_us, net_us);
  uint64_t total_us = 0;
  uint64_t proposals = 0;
  for (auto _ : state) {
    total_us += c.ProposeAndWait(payload);
    ++proposals;
  }
  state.counters["commit_latency_us"] =
      static_cast<double>(total_us) / static_cast<double>(proposals == 0 ? 1 : proposals);
}
BENCHMARK(BM_ConsensusCommitLatency3Nodes)
    ->Args({2000, 250})    // SSD fsync, LAN
    ->Args({500, 250})     // fast NVMe fsync, LAN
    ->Args({2000, 5000});  // SSD fsync, cross-region

}  // namespace
