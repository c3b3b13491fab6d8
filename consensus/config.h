// Config: everything a Raft instance is built from.
//
// The caller provides the node id, the Storage holding what it persisted, a
// RandomSource for election timeouts and the index it last applied; the
// rest are tunables with safe defaults drawn from bounds.h. Validate() before
// use; RawNode::Create does so.
//
// PlantedBugs exists for the simulator's self-test only: each flag breaks one
// rule on purpose so a test can show the safety checks catch it. Production
// code never sets them; Validate() leaves them alone so tests can.
//
// A Config is a plain value, copied into the Raft instance.
#pragma once

#include <cstddef>
#include <cstdint>

#include "consensus/bounds.h"
#include "consensus/random_source.h"
#include "consensus/status.h"
#include "consensus/storage.h"
#include "consensus/types.h"

namespace lincao::consensus {

struct PlantedBugs {
  // Leader commits the majority-replicated index whatever its term (ignores
  // the Figure 8 rule).
  bool commit_without_current_term = false;
  // A node grants its vote to any up-to-date candidate of its term, even
  // after voting for another.
  bool grant_second_vote = false;
  // The hard state handed out for persisting never carries the vote.
  bool forget_to_persist_vote = false;
  // Committed entries are handed out for applying before they are durable
  // on this node.
  bool apply_before_persist = false;
  // A leader accepts a configuration change while another is uncommitted
  // (breaks the one-change-at-a-time rule of the membership argument).
  bool concurrent_conf_changes = false;
  // A leader answers ReadIndex at once, without confirming with a quorum
  // that it still leads (a deposed leader serves stale reads).
  bool read_without_quorum = false;
  // Any heartbeat answer counts as confirming every pending read, whatever
  // round it answers (a late answer from before a new leader was elected
  // releases a read at a stale index).
  bool read_any_heartbeat_ack = false;
  // A leader counts its own copy of an entry toward commitment as soon as
  // it appends it, before it is durable; with appends sent in parallel with
  // the leader's write, a crash can lose an entry already committed.
  bool leader_acks_before_persist = false;
  // A follower appends a MsgApp from a lower term (a deposed leader's, late).
  bool accept_stale_append = false;
  // Heartbeats and appends of a lower term go unanswered, so a stale leader
  // never learns the term that deposed it and a node stuck in a higher term
  // never rejoins.
  bool ignore_stale_leader = false;
  // A leader sends TimeoutNow to a transfer target before it caught up.
  bool timeout_now_to_lagging = false;
  // A pre-candidate raises its own term (so a partitioned node's term grows
  // and disrupts the cluster when it returns).
  bool precandidate_raises_term = false;
  // A leader whose own removal committed keeps leading.
  bool removed_leader_keeps_leading = false;
  // Restart replays configuration entries from the first kept entry over the
  // snapshot's configuration (finding 1 of the review).
  bool replay_conf_inside_snapshot = false;

  bool any() const {
    return commit_without_current_term || grant_second_vote || forget_to_persist_vote ||
           apply_before_persist || concurrent_conf_changes || read_without_quorum ||
           read_any_heartbeat_ack || leader_acks_before_persist || accept_stale_append ||
           ignore_stale_leader || timeout_now_to_lagging || precandidate_raises_term ||
           removed_leader_keeps_leading || replay_conf_inside_snapshot;
  }
};

struct Config {
  NodeId id = kNone;

  // Ticks without hearing from a leader before campaigning; the actual timeout
  // is drawn from [election_ticks, 2 * election_ticks).
  int election_ticks = 10;
  // Ticks between a leader's heartbeats; must be below election_ticks.
  int heartbeat_ticks = 1;

  // Durable state; must outlive the Raft instance.
  const Storage* storage = nullptr;
  // Source of election-timeout jitter; must outlive the Raft instance.
  RandomSource* random = nullptr;

  // Highest index the application applied before this start (0 on first boot).
  uint64_t applied = 0;

  // Pre-vote round before a real election, so that a node rejoining from a
  // partition cannot bump everyone's term (thesis §9.6).
  bool pre_vote = true;
  // A leader steps down when it has not heard from a quorum for an election
  // timeout, and followers that heard from a leader recently ignore votes.
  bool check_quorum = true;

  size_t max_inflight_msgs = kMaxInflightMsgs;
  uint64_t max_inflight_bytes = kMaxInflightBytes;
  uint64_t max_msg_bytes = kMaxMsgBytes;
  uint64_t max_entry_bytes = kMaxEntryBytes;
  uint64_t max_uncommitted_bytes = kMaxUncommittedBytes;
  uint64_t max_committed_bytes_per_ready = kMaxCommittedBytesPerReady;
  size_t max_pending_read_index = kMaxPendingReadIndex;

  PlantedBugs planted_bugs;  // tests only

  Status Validate() const {
    if (id == kNone) return Status(Code::kInvalidArgument, "node id must be positive");
    if (storage == nullptr) return Status(Code::kInvalidArgument, "storage is required");
    if (random == nullptr) return Status(Code::kInvalidArgument, "random source is required");
    if (heartbeat_ticks <= 0) return Status(Code::kInvalidArgument, "heartbeat_ticks <= 0");
    if (election_ticks < kMinElectionTicks || election_ticks > kMaxElectionTicks) {
      return Status(Code::kInvalidArgument, "election_ticks out of range");
    }
    if (election_ticks <= heartbeat_ticks) {
      return Status(Code::kInvalidArgument, "election_ticks must exceed heartbeat_ticks");
    }
    if (max_inflight_msgs == 0 || max_inflight_msgs > kMaxInflightMsgs) {
      return Status(Code::kInvalidArgument, "max_inflight_msgs out of range");
    }
    if (max_inflight_bytes == 0 || max_inflight_bytes > kMaxInflightBytes) {
      return Status(Code::kInvalidArgument, "max_inflight_bytes out of range");
    }
    if (max_msg_bytes == 0 || max_msg_bytes > kMaxMsgBytes) {
      return Status(Code::kInvalidArgument, "max_msg_bytes out of range");
    }
    if (max_entry_bytes == 0 || max_entry_bytes > kMaxEntryBytes) {
      return Status(Code::kInvalidArgument, "max_entry_bytes out of range");
    }
    if (max_uncommitted_bytes == 0 || max_uncommitted_bytes > kMaxUncommittedBytes) {
      return Status(Code::kInvalidArgument, "max_uncommitted_bytes out of range");
    }
    if (max_committed_bytes_per_ready == 0 ||
        max_committed_bytes_per_ready > kMaxCommittedBytesPerReady) {
      return Status(Code::kInvalidArgument, "max_committed_bytes_per_ready out of range");
    }
    if (max_pending_read_index == 0 || max_pending_read_index > kMaxPendingReadIndex) {
      return Status(Code::kInvalidArgument, "max_pending_read_index out of range");
    }
    return Status::Ok();
  }
};

}  // namespace lincao::consensus
