// SimOptions: what one simulated run is made of. The seed alone decides
// everything else (fault rates, schedule, timings), so a run is replayed by
// giving the same seed, node count and planted bugs. Plain values, safe to
// copy between threads.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "consensus/config.h"

namespace lincao::sim {

// Simulated time is in microseconds.
using SimTime = uint64_t;
inline constexpr SimTime kMillis = 1000;

struct SimOptions {
  uint64_t seed = 1;
  int nodes = 3;   // initial voters: 1, 3, 5 or 7
  int spares = 3;  // extra nodes that may join as learners and be promoted

  SimTime tick_us = 10 * kMillis;            // nominal tick; each node's clock runs skewed
  SimTime safety_phase_us = 4000 * kMillis;  // faults happen only in this phase
  int liveness_ticks = 400;                  // bound for electing and committing afterwards

  int election_ticks = 10;
  int heartbeat_ticks = 2;

  consensus::PlantedBugs planted_bugs;  // tests only

  std::ostream* trace = nullptr;  // one event per line, key=value, when set

  // A per-run fault mix is drawn from the seed; these scale it.
  double fault_scale = 1.0;
};

// The planted bugs by their command-line names (lincao-sim --bug NAME).
struct PlantedBugName {
  const char* name;
  bool consensus::PlantedBugs::*flag;
};
inline constexpr PlantedBugName kPlantedBugNames[] = {
    {"commit-by-count", &consensus::PlantedBugs::commit_without_current_term},
    {"double-vote", &consensus::PlantedBugs::grant_second_vote},
    {"forget-vote", &consensus::PlantedBugs::forget_to_persist_vote},
    {"apply-before-persist", &consensus::PlantedBugs::apply_before_persist},
    {"concurrent-conf-changes", &consensus::PlantedBugs::concurrent_conf_changes},
    {"read-without-quorum", &consensus::PlantedBugs::read_without_quorum},
    {"read-any-ack", &consensus::PlantedBugs::read_any_heartbeat_ack},
    {"leader-acks-before-persist", &consensus::PlantedBugs::leader_acks_before_persist},
    {"accept-stale-append", &consensus::PlantedBugs::accept_stale_append},
    {"ignore-stale-leader", &consensus::PlantedBugs::ignore_stale_leader},
    {"timeout-now-to-lagging", &consensus::PlantedBugs::timeout_now_to_lagging},
    {"precandidate-raises-term", &consensus::PlantedBugs::precandidate_raises_term},
    {"removed-leader-keeps-leading", &consensus::PlantedBugs::removed_leader_keeps_leading},
    {"replay-conf-inside-snapshot", &consensus::PlantedBugs::replay_conf_inside_snapshot},
};

// Outcome of one run.
struct SimResult {
  bool ok = true;
  std::string violation;   // first broken property, with context
  uint64_t events = 0;     // events processed
  uint64_t ticks = 0;      // node ticks processed
  uint64_t messages = 0;   // messages delivered
  uint64_t committed = 0;  // highest commit index observed
  uint64_t elections = 0;  // distinct (term, leader) pairs observed
  uint64_t crashes = 0;
  uint64_t pauses = 0;
  uint64_t id_reuses = 0;           // removed node ids added back
  uint64_t late_messages = 0;       // delivered after a pause or a delay beyond an election timeout
  uint64_t terms_after_faults = 0;  // terms begun after the faults stopped
  uint64_t conf_changes = 0;        // configuration changes applied
  uint64_t snapshots_sent = 0;
  SimTime end_time_us = 0;
  SimTime liveness_us = 0;  // time from the end of faults to the liveness proof
};

// The command line that replays a run with its full trace.
std::string ReplayCommand(const SimOptions& options);

}  // namespace lincao::sim
