// Simulation: a deterministic lincao cluster in one thread.
//
// Nodes, network, disks and clocks are simulated; every choice (message fate,
// fault, timing, election jitter) comes from random sources seeded by
// SimOptions::seed, and events are ordered by (time, sequence), so a seed
// replays exactly. A run has two phases:
//   safety    client proposals throughout, while faults strike: message loss,
//             duplication, delay and reordering; symmetric, one-way and
//             swizzled partitions; crashes (including in the middle of a
//             Ready, losing what was not yet persisted) and restarts; skewed
//             clocks; membership changes and leadership transfers;
//   liveness  faults stop, partitions heal, every node restarts; a leader
//             must then commit a new proposal within liveness_ticks.
// After every event the Checker verifies the Raft safety properties.
//
// Thread-safety: none. Independent Simulations may run on different threads
// only if no planted check handler is shared (Run installs one globally).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "checker.h"
#include "consensus/random_source.h"
#include "consensus/types.h"
#include "network.h"
#include "sim_node.h"
#include "sim_options.h"

namespace lincao::sim {

// Terms that may begin after the faults stop before liveness is proven.
// Correct code needs one or two (an election, the transfer) and a few more
// after split votes (at most 5 seen in 26,000 seeds); a node whose term grows
// while it is cut off (planted bug precandidate-raises-term) needs dozens.
inline constexpr uint64_t kMaxTermsAfterFaults = 10;

class Simulation {
 public:
  explicit Simulation(const SimOptions& options);
  SimResult Run();

 private:
  enum class EventKind : uint8_t {
    kTick,
    kDeliver,
    kSnapshotReport,
    kChaos,
    kHeal,
    kRestart,
    kStop,
    kCrash,
    kPropose,
    kRead,
    kLivenessStart,
    kLivenessProbe,
    kResume,
    kUnreachable,
    kConfStorm,
  };
  struct Event {
    explicit Event(EventKind k, consensus::NodeId n = consensus::kNone, bool f = false,
                   consensus::Message m = consensus::Message())
        : kind(k), node(n), flag(f), msg(std::move(m)) {}
    EventKind kind;
    consensus::NodeId node;
    bool flag;
    consensus::Message msg;
  };
  struct Profile {
    LinkFaults faults;
    double crash_in_ready = 0;
    double crash_after_commit = 0;  // a leader dies right after its commit moves
    SimTime chaos_gap_us = 0;
    SimTime propose_gap_us = 0;
    uint64_t snapshot_every = 0;
    uint64_t compact_keep = 0;
    uint64_t max_msg_bytes = 0;
    size_t max_inflight_msgs = 0;
    int min_voters = 3;             // removals stop at this many voters
    SimTime conf_storm_gap_us = 0;  // if set, an operator changes membership this often
    int w_crash = 0, w_partition = 0, w_conf = 0, w_transfer = 0, w_campaign = 0, w_pause = 0;
  };
  // Liveness proceeds in stages once faults stop: a leader commits a new
  // proposal; every live member catches up to it; a leadership transfer to a
  // lagging voter completes. The terms begun meanwhile are bounded.
  enum class LiveStage : uint8_t { kCommit, kCatchUp, kTransfer, kDone };

  void Setup();
  void Schedule(SimTime at, Event e);
  void Handle(Event& e);
  void Drive(SimNode& n);
  void Persist(SimNode& n, const consensus::Ready& rd, bool torn);
  void CheckReads(SimNode& n, const consensus::Ready& rd);
  void ApplyEntries(SimNode& n, const consensus::Ready& rd);
  void InstallSnapshot(SimNode& n, const consensus::Snapshot& s);
  void SendAll(SimNode& n, std::vector<consensus::Message> msgs);
  void MaybeSnapshot(SimNode& n);
  void Crash(SimNode& n, const char* why);
  void Restart(SimNode& n);
  void Deliver(Event& e);
  void Chaos();
  void Pause(SimNode& n);
  void Resume(SimNode& n);
  void IssueRead(SimNode& n);
  void ProposeConfChange();
  void StartLiveness();
  void LivenessProbe();
  void ObserveRoles();
  uint64_t MaxTerm() const;
  void CheckConfiguration(const SimNode& n);
  SimNode* Leader();
  std::vector<consensus::NodeId> UpMembers() const;
  void OnCommittedConfChange(const consensus::Entry& e);
  void Trace(const std::string& line);

  SimOptions opt_;
  Profile profile_;
  consensus::SplitMix64 rng_;
  Network net_;
  Checker checker_;
  std::vector<std::unique_ptr<SimNode>> nodes_;  // index = node id; [0] unused
  std::map<std::pair<SimTime, uint64_t>, Event> queue_;
  uint64_t seq_ = 0;
  SimTime now_ = 0;
  bool liveness_ = false;
  SimTime liveness_start_ = 0;
  bool live_proven_ = false;
  LiveStage live_stage_ = LiveStage::kCommit;
  uint64_t live_index_ = 0;      // index of the liveness proposal
  uint64_t live_base_term_ = 0;  // highest term any node held when faults stopped
  consensus::NodeId transfer_to_ = consensus::kNone;
  SimTime transfer_start_ = 0;
  uint64_t proposal_counter_ = 0;
  uint64_t read_counter_ = 0;
  // ReadIndex requests in flight, by (node, context). must_cover is the
  // highest index known committed when a read was asked. Contexts repeat and
  // may be empty, and requests and answers are reordered and duplicated, so
  // an answer at index x is matched with the outstanding read of largest
  // must_cover <= x (the matching that leaves the others easiest to
  // satisfy). An answer no outstanding read can take may still answer a
  // duplicated request of an earlier read of the same context; only an
  // answer below every read ever asked with that context is a violation.
  // Unique contexts are thus checked exactly, reused ones loosely.
  struct ReadBook {
    std::multiset<uint64_t> outstanding;  // must_cover of each unanswered read
    uint64_t first_must_cover = 0;        // of the first read with this context
  };
  std::map<std::pair<consensus::NodeId, std::string>, ReadBook> reads_;
  uint64_t conf_applied_index_ = 0;  // highest conf entry applied anywhere
  consensus::ConfState conf_;        // committed configuration (as applied)
  // The committed configuration after each configuration entry, by index.
  std::map<uint64_t, consensus::ConfState> conf_history_;
  SimResult result_;
};

// Runs one seed with everything else default; convenience for drivers.
SimResult RunSeed(SimOptions options);

}  // namespace lincao::sim
