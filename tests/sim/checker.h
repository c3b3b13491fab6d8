// Checker: the safety properties of Raft (paper, Figure 3), checked by the
// simulator after every event against what nodes persist, apply and claim.
//
//   Election Safety     at most one leader per term, over the whole run.
//   Log Matching        two logs holding an entry with the same index and
//                       term hold the same entries up to it. Each node's
//                       durable log is summarized by a hash chain; every
//                       (index, term) ever persisted maps to one chain value.
//   Leader Completeness a leader of term T holds every entry committed in a
//                       term before T (checked when the leader first appears).
//   State Machine Safety every node applies the same entry (and reaches the
//                       same state digest) at each index; an entry known
//                       committed never changes.
//   Durability          after a crash and restart, a node's durable log
//                       still holds everything it applied and committed;
//                       the applied index never moves backwards.
//
// The first violation is kept with its context. Thread-safety: none; owned
// by one Simulation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "consensus/memory_storage.h"
#include "consensus/types.h"

namespace lincao::sim {

class Checker {
 public:
  explicit Checker(int max_node_id);

  // Node n booted from the genesis snapshot (same on every initial member).
  void OnBootstrap(consensus::NodeId n, const consensus::SnapshotMetadata& md,
                   uint64_t state_digest);
  // Durable log writes of node n.
  void OnPersistSnapshot(consensus::NodeId n, const consensus::SnapshotMetadata& md);
  void OnPersistEntries(consensus::NodeId n, const std::vector<consensus::Entry>& entries);
  void OnPersistHardState(consensus::NodeId n, const consensus::HardState& hs);
  // State-machine steps of node n.
  void OnApplyEntry(consensus::NodeId n, const consensus::Entry& e, uint64_t prev_applied,
                    uint64_t state_digest);
  void OnInstallSnapshot(consensus::NodeId n, uint64_t prev_applied, uint64_t index,
                         uint64_t state_digest);
  // A live node's role after an event.
  void OnRole(consensus::NodeId n, consensus::Role role, uint64_t term, uint64_t last_index);
  // Node n is about to restart from its durable state.
  void OnRestart(consensus::NodeId n, const consensus::MemoryStorage& disk, uint64_t applied);

  bool failed() const { return !violation_.empty(); }
  const std::string& violation() const { return violation_; }
  void Fail(const std::string& what) {
    if (violation_.empty()) violation_ = what;
  }

  uint64_t max_committed() const { return committed_.size() - 1; }
  uint64_t elections() const { return leaders_.size(); }
  // Chain value of node n's durable log at `index` (0 if unknown).
  uint64_t ChainAt(consensus::NodeId n, uint64_t index) const;

 private:
  struct NodeLog {
    uint64_t base = 0;               // index of chain[0]
    std::vector<uint64_t> chain{0};  // chain[k]: digest of the log up to base + k
    uint64_t last() const { return base + chain.size() - 1; }
  };
  struct Committed {
    uint64_t chain = 0;  // 0 = not observed
    uint64_t term = 0;   // earliest term in which it was seen committed
  };

  std::vector<NodeLog> logs_;
  std::vector<uint64_t> seen_commit_;                        // per node
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> entry_;  // (index, term) -> chain
  std::vector<Committed> committed_{Committed{}};            // by index
  std::map<uint64_t, uint64_t> state_;                       // index -> state digest
  std::map<uint64_t, consensus::NodeId> leaders_;            // term -> leader
  std::string violation_;
};

}  // namespace lincao::sim
