// SimNode: one simulated lincao node: its durable disk (a MemoryStorage
// holding only what the Ready loop persisted), its durable state machine (a
// digest chain over applied entries, standing in for the ledger database)
// and, while it is up, the RawNode in memory. A crash destroys the RawNode
// and everything not on the disk or in the ledger; a restart rebuilds it
// from them.
//
// Thread-safety: none; owned by one Simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "consensus/memory_storage.h"
#include "consensus/random_source.h"
#include "consensus/raw_node.h"
#include "sim_options.h"

namespace lincao::sim {

// The durable application state: how far it applied and a digest of it.
struct Ledger {
  uint64_t applied = 0;
  uint64_t digest = 0;

  std::string Encode() const;
  static bool Decode(const std::string& bytes, Ledger* out);
};

struct SimNode {
  consensus::NodeId id = consensus::kNone;
  bool up = false;
  bool removed = false;  // removed from the configuration; stopped unless added back
  bool paused = false;   // stop-the-world: clock and inbox frozen
  std::vector<consensus::Message> held;  // delivered to a paused node, handled on resume
  uint64_t incarnation = 0;
  double clock_rate = 1.0;  // ticks per nominal tick (clock skew)
  consensus::MemoryStorage disk;
  Ledger ledger;
  std::unique_ptr<consensus::SplitMix64> rng;  // election jitter, per incarnation
  std::unique_ptr<consensus::RawNode> raft;
  consensus::Role last_role = consensus::Role::kFollower;
  uint64_t last_term = 0;
  bool touched = false;       // driven by the current event
  bool snapshot_due = false;  // applied a configuration change since the last snapshot
};

}  // namespace lincao::sim
