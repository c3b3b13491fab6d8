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

// Governed parameters of the credit lifecycle (chaincode version 3). They
// came after the 'P' record's format, so genesis does not carry them: their
// genesis value is this fixed default, and set_parameter changes them.
inline constexpr uint32_t kDefaultExpertQuorum = 2;     // expert approvals a subject needs
inline constexpr uint32_t kMaxExpertQuorum = 15;        // bound of expert_quorum
inline constexpr uint32_t kDefaultHomeAreaPrefix = 51;  // Sichuan (50 is Chongqing)

// Using credits (chaincode version 4).
// Bound of the governed kg_per_planting_duty (its default 0 means "not
// set"): 1 t CO2e per duty is far above any conversion the policy would
// choose, and keeps duties x kg below kMaxQuantity for any uint32 duties.
inline constexpr uint64_t kMaxKgPerPlantingDuty = 1000 * 1000;
// Legs of one exchange settlement (settle_trade): each moves up to
// max_ranges_per_tx ranges, so a settlement's work stays bounded.
inline constexpr uint32_t kMaxSettlementLegs = 64;
// Governed parameters of personal carbon points (chaincode version 4), not
// in genesis either. By default a point stands for one gram of CO2e the
// platform accounts as avoided: 1,000 points buy the retirement of 1 kg, and
// one person earns at most 5 kg worth a day.
inline constexpr uint32_t kDefaultPointsDailyCap = 5000;
inline constexpr uint32_t kDefaultPointsPerKg = 1000;
inline constexpr uint32_t kMaxPointsDailyCap = 1000000;  // bound of points_daily_cap
inline constexpr uint32_t kMaxPointsPerKg = 1000000;     // bound of points_per_kg

inline constexpr size_t kMaxTextBytes = 1024;  // notes, memos, names
inline constexpr size_t kMaxIdBytes = 64;      // account / node ids
inline constexpr size_t kMaxNodes = 64;        // nodes in genesis or the membership
// Serials stay far below 2^64 so that first + quantity never overflows.
inline constexpr uint64_t kMaxSerial = 1ull << 62;
inline constexpr uint64_t kMaxQuantity = 1ull << 50;  // one tx, in kg CO2e
inline constexpr size_t kMaxBatchTxs = 1000;          // txs in one Raft entry
// SignedTx bytes in one batch, and so in one block. With the bounds below a
// whole Block message stays under kMaxBlockBytes, so GetBlock's answer fits
// a client's default 4 MiB receive limit:
//   txs      <= kMaxBatchBytes + kMaxBatchTxs * 4 (tag and length of each)
//   results  <= kMaxBatchTxs * (89 + kMaxResultMessageBytes)
//   commit   <= kMaxNodes * 140, header < 1 KiB
inline constexpr size_t kMaxBatchBytes = 3 * 1024 * 1024;
inline constexpr size_t kMaxResultMessageBytes = 256;  // TxResult.message, cut at a UTF-8 boundary
inline constexpr size_t kMaxBlockBytes = 4 * 1024 * 1024 - 64 * 1024;
static_assert(kMaxBatchBytes + kMaxBatchTxs * (4 + 89 + kMaxResultMessageBytes) + kMaxNodes * 140 +
                      1024 <=
                  kMaxBlockBytes,
              "a full block must fit a default gRPC client's 4 MiB receive limit");

}  // namespace lincao
