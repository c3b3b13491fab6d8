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
  int nodes = 3;   // initial voters: 3, 5 or 7
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
  uint64_t conf_changes = 0;  // configuration changes applied
  uint64_t snapshots_sent = 0;
  SimTime end_time_us = 0;
  SimTime liveness_us = 0;  // time from the end of faults to the liveness proof
};

// The command line that replays a run with its full trace.
std::string ReplayCommand(const SimOptions& options);

}  // namespace lincao::sim
