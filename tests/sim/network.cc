#include "network.h"

#include <algorithm>

namespace lincao::sim {

using consensus::NodeId;

Network::Network(int max_node_id)
    : n_(max_node_id), cut_(static_cast<size_t>((max_node_id + 1) * (max_node_id + 1)), false) {}

std::vector<SimTime> Network::Plan(consensus::RandomSource& rng) const {
  std::vector<SimTime> out;
  if (Chance(rng, faults_.drop)) return out;
  const int copies = Chance(rng, faults_.duplicate) ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    SimTime d =
        faults_.min_latency_us + rng.Uniform(faults_.max_latency_us - faults_.min_latency_us + 1);
    if (Chance(rng, faults_.delay)) d += rng.Uniform(faults_.max_extra_us + 1);
    if (Chance(rng, faults_.long_delay)) {
      d += faults_.min_long_us + rng.Uniform(faults_.max_long_us - faults_.min_long_us + 1);
    }
    out.push_back(d);
  }
  return out;
}

bool Network::Connected(NodeId from, NodeId to) const {
  return cuts_ == 0 || !cut_[Slot(from, to)];
}

void Network::Heal() {
  std::fill(cut_.begin(), cut_.end(), false);
  cuts_ = 0;
}

void Network::Cut(NodeId from, NodeId to) {
  if (from == to || cut_[Slot(from, to)]) return;
  cut_[Slot(from, to)] = true;
  ++cuts_;
}

void Network::PartitionSymmetric(const std::vector<NodeId>& side) {
  Heal();
  for (NodeId a = 1; a <= static_cast<NodeId>(n_); ++a) {
    const bool a_in = std::find(side.begin(), side.end(), a) != side.end();
    for (NodeId b = 1; b <= static_cast<NodeId>(n_); ++b) {
      const bool b_in = std::find(side.begin(), side.end(), b) != side.end();
      if (a_in != b_in) Cut(a, b);
    }
  }
}

void Network::CutOneWay(NodeId from, NodeId to) { Cut(from, to); }

void Network::Swizzle(consensus::RandomSource& rng) {
  Heal();
  for (NodeId a = 1; a <= static_cast<NodeId>(n_); ++a) {
    for (NodeId b = 1; b <= static_cast<NodeId>(n_); ++b) {
      if (a != b && Chance(rng, 0.35)) Cut(a, b);
    }
  }
}

std::string Network::Describe() const {
  std::string out;
  for (NodeId a = 1; a <= static_cast<NodeId>(n_); ++a) {
    for (NodeId b = 1; b <= static_cast<NodeId>(n_); ++b) {
      if (a != b && cut_[Slot(a, b)]) {
        if (!out.empty()) out += ',';
        out += std::to_string(a) + '>' + std::to_string(b);
      }
    }
  }
  return out.empty() ? "none" : out;
}

}  // namespace lincao::sim
