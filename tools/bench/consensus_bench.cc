// Benchmarks of the consensus library (part of lincao-bench; main.cc holds
// BENCHMARK_MAIN). A small in-memory cluster drives RawNodes through the
// Ready loop exactly as the node does, minus disks and sockets, so the
// figures are the library's own cost: proposing and committing entries
// through a 3-node cluster, the single-node Ready round trip, and a
// leader's catch-up of a lagging follower. Simulator throughput (events per
// second under faults) is reported by `lincao-sim`, which prints it.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
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

}  // namespace
