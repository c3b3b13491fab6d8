// NodeStatus: a snapshot of what one Raft node knows, for operators and
// metrics (`lincao query status`, the node's gauges): its term, commit and
// applied cursors, who leads, and, on a leader, where each follower stands
// (match, next, flow-control state). A plain value copied out of the node
// by RawNode::Status(); it never feeds back into the protocol, so reading it
// cannot change what the node does. Safe to copy between threads once taken.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "consensus/progress.h"
#include "consensus/types.h"

namespace lincao::consensus {

struct FollowerStatus {
  NodeId id = kNone;
  uint64_t match = 0;  // highest index known replicated there
  uint64_t next = 0;   // next index the leader will send
  ProgressState state = ProgressState::kProbe;
  bool learner = false;
  bool recent_active = false;  // heard from within the current election timeout
  size_t inflight_msgs = 0;    // MsgApp sent and not yet acknowledged
};

struct NodeStatus {
  NodeId id = kNone;
  uint64_t term = 0;
  NodeId vote = kNone;
  uint64_t commit = 0;
  uint64_t applied = 0;
  uint64_t last_index = 0;
  NodeId leader = kNone;
  Role role = Role::kFollower;
  NodeId lead_transferee = kNone;  // leadership transfer under way, if any
  // Leader only: every member but the leader itself, in id order. The
  // leader's own entry would say how far its disk has caught up (see the
  // parallel append in raw_node.h); it is reported as `stable_index`.
  std::vector<FollowerStatus> progress;
  uint64_t stable_index = 0;  // highest index persisted on this node
};

}  // namespace lincao::consensus
