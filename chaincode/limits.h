// Named bounds of the transaction model. Nodes may configure lower limits
// (node config [limits]); these are the ceilings the formats allow.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lincao {

inline constexpr size_t kMaxTxBytes = 64 * 1024;  // one SignedTx on the wire
inline constexpr size_t kMaxSignaturesPerTx = 16;
inline constexpr size_t kNonceBytes = 16;
inline constexpr uint64_t kMaxTxHorizonMs = 24ull * 60 * 60 * 1000;  // expiry ahead of chain time
inline constexpr uint64_t kMaxBlockStepMs = 24ull * 60 * 60 * 1000;  // block time step bound
inline constexpr uint32_t kMaxRangesPerTx = 64;  // serial ranges moved by one tx
inline constexpr uint32_t kMaxKeysPerAccount = 16;
// Serial ranges one account may hold (chain parameter max_ranges_per_account):
// the default, and the ceiling genesis accepts. The bound is what stops
// anyone from splitting another account's holdings without limit by sending
// it scattered units; reads never depend on it (they seek to what they need).
inline constexpr uint32_t kDefaultMaxRangesPerAccount = 10000;
inline constexpr uint32_t kMaxRangesPerAccount = 1000000;
inline constexpr size_t kMaxTextBytes = 1024;  // notes, memos, names
inline constexpr size_t kMaxIdBytes = 64;      // account / node ids
// Serials stay far below 2^64 so that first + quantity never overflows.
inline constexpr uint64_t kMaxSerial = 1ull << 62;
inline constexpr uint64_t kMaxQuantity = 1ull << 50;  // one tx, in kg CO2e
inline constexpr size_t kMaxBatchTxs = 1000;          // txs in one Raft entry
inline constexpr size_t kMaxBatchBytes = 4 * 1024 * 1024;

}  // namespace lincao
