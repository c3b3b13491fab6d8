// The source of randomness the library may use: only election timeouts are
// randomized, and they are drawn from a RandomSource the caller injects, so
// that a seed replays a whole cluster exactly. The library owns no generator
// of its own and never reads the clock or std::random_device.
//
// A RandomSource is used by one Raft instance from its owning thread only.
// SplitMix64 is a small deterministic implementation for the node and tests.
#pragma once

#include <cstdint>

namespace lincao::consensus {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Returns 64 uniformly distributed bits.
  virtual uint64_t Next() = 0;

  // Returns a value in [0, n); n must be positive. Modulo bias is below
  // 2^-50 for the small ranges the library asks for.
  uint64_t Uniform(uint64_t n) { return Next() % n; }
};

// Steele, Lea and Flood's SplitMix64: one 64-bit word of state, full period.
class SplitMix64 final : public RandomSource {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() override {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace lincao::consensus
