// Small deterministic hashes for the simulator: FNV-1a over bytes and a
// 64-bit mixer to chain values (log chains, state-machine digests). Not
// cryptographic; they only need to make accidental equality vanishingly
// rare within one run. Pure functions, safe anywhere.
#pragma once

#include <cstdint>
#include <string_view>

namespace lincao::sim {

inline uint64_t HashBytes(std::string_view bytes) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001B3ull;
  }
  return h;
}

// Folds `v` into `h` (the SplitMix64 finalizer applied to their combination).
inline uint64_t Chain(uint64_t h, uint64_t v) {
  uint64_t z = h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace lincao::sim
