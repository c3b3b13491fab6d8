// Network: the simulated links between nodes. It decides, from the run's
// random source, whether a message is lost, duplicated or held back, and how
// long each copy takes (which reorders messages), and it holds the current
// partition: a matrix of cut directed links, checked when a copy is due.
//
// Partitions come in three shapes: symmetric (two groups that cannot talk),
// one-way (a cannot reach b, b still reaches a) and swizzled (each directed
// link cut at random, the asymmetric mess real networks make).
//
// Thread-safety: none; owned by one Simulation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consensus/random_source.h"
#include "consensus/types.h"
#include "sim_options.h"

namespace lincao::sim {

struct LinkFaults {
  double drop = 0;       // probability a message is lost
  double duplicate = 0;  // probability a second copy is sent
  double delay = 0;      // probability a copy is held back by up to max_extra_us
  SimTime min_latency_us = 500;
  SimTime max_latency_us = 8 * kMillis;
  SimTime max_extra_us = 80 * kMillis;
  // Probability a copy is held back beyond an election timeout (a stalled
  // socket buffer, a GC-paused proxy): it arrives after the cluster moved on.
  double long_delay = 0;
  SimTime min_long_us = 100 * kMillis;
  SimTime max_long_us = 1500 * kMillis;
};

class Network {
 public:
  explicit Network(int max_node_id);

  void set_faults(const LinkFaults& f) { faults_ = f; }
  const LinkFaults& faults() const { return faults_; }

  // Delivery delays of the copies of one message (empty when it is lost).
  std::vector<SimTime> Plan(consensus::RandomSource& rng) const;

  bool Connected(consensus::NodeId from, consensus::NodeId to) const;
  void Heal();
  void PartitionSymmetric(const std::vector<consensus::NodeId>& side);
  void CutOneWay(consensus::NodeId from, consensus::NodeId to);
  void Swizzle(consensus::RandomSource& rng);
  bool partitioned() const { return cuts_ > 0; }
  // The cut links as "a>b,c>d" for traces.
  std::string Describe() const;

 private:
  void Cut(consensus::NodeId from, consensus::NodeId to);
  size_t Slot(consensus::NodeId from, consensus::NodeId to) const {
    return static_cast<size_t>(from) * static_cast<size_t>(n_ + 1) + static_cast<size_t>(to);
  }

  int n_;
  LinkFaults faults_;
  std::vector<bool> cut_;  // [from][to]
  int cuts_ = 0;
};

// A probability draw from the run's random source.
inline bool Chance(consensus::RandomSource& rng, double p) {
  if (p <= 0) return false;
  return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53 < p;
}

}  // namespace lincao::sim
