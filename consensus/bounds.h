// Named limits of the consensus library.
//
// Every queue, batch and message the library builds has a bound here, so that
// a slow follower, a flood of proposals or a long outage costs a known amount
// of memory. Config copies the tunable ones and lets a caller lower them;
// the rest are fixed. Constants only: safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lincao::consensus {

// Replication flow control, per follower.
inline constexpr size_t kMaxInflightMsgs = 256;             // MsgApp not yet acknowledged
inline constexpr uint64_t kMaxInflightBytes = 32ull << 20;  // their entry bytes
inline constexpr uint64_t kMaxMsgBytes = 1ull << 20;        // entry bytes in one MsgApp

// Size of a single proposal's payload (a lincao.v1.Batch or a ConfChange).
inline constexpr uint64_t kMaxEntryBytes = 8ull << 20;

// Leader-side bytes appended but not yet committed; proposals beyond it are
// dropped so that a leader without a quorum cannot grow its log without end.
inline constexpr uint64_t kMaxUncommittedBytes = 64ull << 20;

// Committed entry bytes handed out in one Ready (at least one entry is always
// handed out, whatever its size).
inline constexpr uint64_t kMaxCommittedBytesPerReady = 16ull << 20;

// ReadIndex requests waiting for their heartbeat quorum on a leader.
inline constexpr size_t kMaxPendingReadIndex = 4096;
// Bytes of one ReadIndex context.
inline constexpr size_t kMaxReadContextBytes = 256;

// Ticks: the election timeout is drawn from [election, 2 * election).
inline constexpr int kMinElectionTicks = 2;
inline constexpr int kMaxElectionTicks = 10'000;

// Members of one configuration (voters plus learners).
inline constexpr size_t kMaxMembers = 64;

}  // namespace lincao::consensus
