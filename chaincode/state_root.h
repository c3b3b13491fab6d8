// The state commitment: an LtHash (lattice-based homomorphic set hash, as in
// Bellare-Micciancio and Facebook's LtHash16) over every (key, value) pair of
// the registry state. Each pair is expanded to 1024 16-bit lanes; the
// accumulator is their lane-wise sum mod 2^16. Adding or removing a pair is a
// lane-wise add or subtract, so a block updates the commitment in time
// proportional to its writes, in any order, and a node that receives a
// snapshot recomputes it from a plain scan. state_root = H("lincao/state/v1"
// || accumulator). docs/architecture.md explains the choice over a Merkle
// tree (no per-key proofs yet; those come from the results tree).
//
// Thread-safety: a plain value.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/state_view.h"
#include "chaincode/suite.h"

namespace lincao {

class StateAccumulator {
 public:
  static constexpr size_t kLanes = 1024;
  static constexpr size_t kBytes = kLanes * 2;

  StateAccumulator() { lanes_.fill(0); }

  void Add(std::string_view key, std::string_view value);
  void Remove(std::string_view key, std::string_view value);
  // Applies a write set given each key's previous value in `before`.
  void ApplyWrites(const StateReader& before, const WriteSet& writes);

  Hash32 Root(const SignatureSuite& suite) const;

  Bytes Serialize() const;  // kBytes, lanes little-endian
  static bool Parse(std::string_view bytes, StateAccumulator* out);

  bool operator==(const StateAccumulator&) const = default;

 private:
  using Lanes = std::array<uint16_t, kLanes>;
  static Lanes Expand(std::string_view key, std::string_view value);
  Lanes lanes_;
};

// Recomputes the accumulator from a full scan of `state` (snapshots, audits).
StateAccumulator AccumulateAll(const StateReader& state);

}  // namespace lincao
