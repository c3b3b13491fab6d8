// TestCluster: a few RawNodes wired together in memory for unit tests.
//
// Each node has a MemoryStorage "disk"; HandleReady follows the Ready
// contract (persist, then queue messages, then record applied entries,
// then Advance). Messages wait in one FIFO queue until Deliver/Stabilize;
// a filter can drop them (partitions, black holes). Everything is
// deterministic: node i draws election jitter from SplitMix64(i).
//
// Thread-safety: none; one test owns a cluster.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "consensus/memory_storage.h"
#include "consensus/random_source.h"
#include "consensus/raw_node.h"

namespace lincao::consensus::testing {

struct TestNode {
  std::unique_ptr<MemoryStorage> disk;
  std::unique_ptr<SplitMix64> rng;
  std::unique_ptr<RawNode> node;
  std::vector<Entry> applied;  // committed entries applied, in order
  std::vector<ReadState> reads;
  const Raft& raft() const { return node->raft(); }
};

class TestCluster {
 public:
  // Drops a message when it returns true.
  using Filter = std::function<bool(const Message&)>;

  // Nodes 1..voters boot from the same genesis; `tweak` adjusts each config.
  explicit TestCluster(int voters, std::function<void(Config&)> tweak = nullptr) {
    ConfState conf;
    for (int i = 1; i <= voters; ++i) conf.add_voters(static_cast<NodeId>(i));
    for (int i = 1; i <= voters; ++i) {
      auto disk = std::make_unique<MemoryStorage>();
      disk->Bootstrap(conf, "genesis");
      Add(static_cast<NodeId>(i), std::move(disk), tweak);
    }
  }

  // Adds node `id` over an existing disk (tests that craft logs, or joiners).
  TestNode& Add(NodeId id, std::unique_ptr<MemoryStorage> disk,
                std::function<void(Config&)> tweak = nullptr) {
    TestNode& n = nodes_[id];
    n.disk = std::move(disk);
    n.rng = std::make_unique<SplitMix64>(id);
    Config c;
    c.id = id;
    c.storage = n.disk.get();
    c.random = n.rng.get();
    c.applied = n.disk->snapshot().metadata().index();
    if (tweak) tweak(c);
    tweaks_[id] = tweak;
    Status s = RawNode::Create(c, &n.node);
    if (!s.ok()) throw std::runtime_error(std::string(s.message()));
    return n;
  }

  // The application snapshots its state at its applied index (no compaction).
  void SnapshotAtApplied(NodeId id) {
    TestNode& n = nodes_.at(id);
    if (n.applied.empty()) return;
    const uint64_t index = n.applied.back().index();
    ConfState conf;
    if (!n.node->ConfStateAt(index, &conf).ok()) throw std::runtime_error("no configuration");
    (void)n.disk->CreateSnapshot(index, conf, "state");
  }

  // Restart from the disk only (volatile state lost).
  void Restart(NodeId id) {
    std::unique_ptr<MemoryStorage> disk = std::move(nodes_[id].disk);
    nodes_.erase(id);
    Add(id, std::move(disk), tweaks_[id]);
  }

  TestNode& operator[](NodeId id) { return nodes_.at(id); }
  const Raft& raft(NodeId id) { return nodes_.at(id).raft(); }

  void HandleReady(NodeId id) {
    TestNode& n = nodes_.at(id);
    while (n.node->HasReady()) {
      Ready rd = n.node->GetReady();
      // A leader's appends leave before its own write (parallel append).
      for (Message& m : rd.early_messages) {
        ++sent_[m.type()];
        queue_.push_back(std::move(m));
      }
      if (rd.snapshot) (void)n.disk->ApplySnapshot(*rd.snapshot);
      n.disk->Append(rd.entries);
      if (rd.hard_state) n.disk->SetHardState(*rd.hard_state);
      for (Message& m : rd.messages) {
        ++sent_[m.type()];
        queue_.push_back(std::move(m));
      }
      for (const Entry& e : rd.committed_entries) n.applied.push_back(e);
      for (ReadState& r : rd.read_states) n.reads.push_back(std::move(r));
      n.node->Advance(rd);
    }
  }

  void HandleAllReady() {
    for (auto& [id, n] : nodes_) HandleReady(id);
  }

  // Delivers queued messages (and what they cause) until none is left.
  void Stabilize(int max_messages = 100000) {
    HandleAllReady();
    for (int i = 0; i < max_messages && !queue_.empty(); ++i) DeliverOne();
  }

  // Delivers the oldest queued message; returns false if the queue is empty.
  bool DeliverOne() {
    if (queue_.empty()) return false;
    Message m = std::move(queue_.front());
    queue_.pop_front();
    if ((filter_ && filter_(m)) || nodes_.count(m.to()) == 0) return true;
    ++delivered_[m.type()];
    (void)nodes_.at(m.to()).node->Step(m);
    HandleReady(m.to());
    return true;
  }

  void Tick(NodeId id, int times = 1) {
    for (int i = 0; i < times; ++i) {
      nodes_.at(id).node->Tick();
      HandleReady(id);
    }
  }
  void TickAll(int times = 1) {
    for (int i = 0; i < times; ++i) {
      for (auto& [id, n] : nodes_) Tick(id);
    }
  }

  // Campaigns on `id` and delivers until quiet.
  void Elect(NodeId id) {
    (void)nodes_.at(id).node->Campaign();
    Stabilize();
  }

  Status Propose(NodeId id, const std::string& data) {
    Status s = nodes_.at(id).node->Propose(data);
    HandleReady(id);
    return s;
  }

  void set_filter(Filter f) { filter_ = std::move(f); }
  // Cuts `id` off from everyone (both directions).
  void Isolate(NodeId id) {
    set_filter([id](const Message& m) { return m.from() == id || m.to() == id; });
  }
  void Heal() { filter_ = nullptr; }

  std::deque<Message>& queue() { return queue_; }
  int sent(MessageType t) const { return sent_.count(t) ? sent_.at(t) : 0; }
  int delivered(MessageType t) const { return delivered_.count(t) ? delivered_.at(t) : 0; }
  void ResetCounters() {
    sent_.clear();
    delivered_.clear();
  }

  // Number of nodes that currently believe they lead.
  int Leaders() const {
    int n = 0;
    for (const auto& [id, node] : nodes_) n += node.raft().role() == Role::kLeader;
    return n;
  }

 private:
  std::map<NodeId, TestNode> nodes_;
  std::map<NodeId, std::function<void(Config&)>> tweaks_;
  std::deque<Message> queue_;
  Filter filter_;
  std::map<MessageType, int> sent_;
  std::map<MessageType, int> delivered_;
};

// "prefix<i>", built piecewise: GCC 12 misreports `"p" + std::to_string(i)`
// under -O3 (-Wrestrict).
inline std::string Numbered(const char* prefix, int i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

// Terms of the entries of a durable log from `from` to its end.
inline std::vector<uint64_t> DiskTerms(const MemoryStorage& disk, uint64_t from = 1) {
  std::vector<uint64_t> out;
  for (uint64_t i = from; i <= disk.LastIndex(); ++i) {
    uint64_t t = 0;
    if (disk.Term(i, &t).ok()) out.push_back(t);
  }
  return out;
}

// Appends entries with the given terms after the disk's last index.
inline void AppendTerms(MemoryStorage& disk, const std::vector<uint64_t>& terms) {
  std::vector<Entry> ents;
  uint64_t index = disk.LastIndex();
  for (uint64_t t : terms) {
    Entry e;
    e.set_index(++index);
    e.set_term(t);
    std::string data = "t";  // built piecewise: GCC 12 misreports operator+ (-Wrestrict)
    data += std::to_string(t);
    data += 'i';
    data += std::to_string(index);
    e.set_data(std::move(data));
    ents.push_back(std::move(e));
  }
  disk.Append(ents);
}

}  // namespace lincao::consensus::testing
