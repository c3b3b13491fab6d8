// Vocabulary shared by the consensus library: the protobuf records it speaks
// (lincao/v1/raft.proto), node ids, and the role a node plays in a term.
// Declarations only; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "lincao/v1/raft.pb.h"

namespace lincao::consensus {

namespace pb = ::lincao::v1::raft;
using Entry = pb::Entry;
using HardState = pb::HardState;
using ConfState = pb::ConfState;
using ConfChange = pb::ConfChange;
using Snapshot = pb::Snapshot;
using SnapshotMetadata = pb::SnapshotMetadata;
using Message = pb::Message;
using MessageType = pb::MessageType;

// Node ids are positive; 0 means "nobody" (no vote, no known leader).
using NodeId = uint64_t;
inline constexpr NodeId kNone = 0;

enum class Role : uint8_t { kFollower, kPreCandidate, kCandidate, kLeader };

constexpr std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kFollower:
      return "follower";
    case Role::kPreCandidate:
      return "pre-candidate";
    case Role::kCandidate:
      return "candidate";
    case Role::kLeader:
      return "leader";
  }
  return "?";
}

// Bytes an entry counts for in flow-control and size bounds: its payload.
inline uint64_t PayloadBytes(const Entry& e) { return e.data().size(); }

inline bool IsEmptyHardState(const HardState& hs) {
  return hs.term() == 0 && hs.vote() == 0 && hs.commit() == 0;
}
inline bool SameHardState(const HardState& a, const HardState& b) {
  return a.term() == b.term() && a.vote() == b.vote() && a.commit() == b.commit();
}

}  // namespace lincao::consensus
