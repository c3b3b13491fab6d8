// RawNode: the interface node/ drives. It wraps a Raft instance and turns
// its pending outputs into Ready batches.
//
// The Ready loop, and the order correctness hangs on:
//
//   while (node.HasReady()) {
//     Ready rd = node.GetReady();
//     0. Send rd.early_messages; this may happen before, during or after
//        step 1 (sending them after it is correct too, only slower).
//     1. Persist rd.snapshot (if set), then append rd.entries (truncating any
//        persisted entry at or after the first one's index), then write
//        rd.hard_state (if set). Sync to disk when rd.must_sync.
//     2. Only then send rd.messages. They may promise what step 1 stores: a
//        vote granted, an append acknowledged. Sending first and crashing
//        before the write would let a node vote twice in a term or let a
//        leader count an entry that no disk holds.
//     3. Apply rd.snapshot (if set) to the state machine, then
//        rd.committed_entries in order. These entries are already durable
//        in Storage (persisted by an earlier Ready), so step 3 may also run
//        before or alongside step 1.
//     4. Serve rd.read_states once the applied index reaches their index.
//     5. node.Advance(rd).
//   }
//
// Parallel append (thesis §10.2.1, as etcd does it). early_messages are a
// leader's MsgApp, heartbeats and snapshots. They promise nothing about the
// leader's own disk: its term and vote were durable before it could win, and
// a follower acknowledges only what its own disk holds. So the leader's
// write and the followers' writes overlap, and a commit costs
// max(leader fsync, round trip + follower fsync) instead of their sum. The
// leader counts its own copy of an entry toward a quorum only after Advance
// reports it persisted; if it crashes first, the entry commits through the
// followers or not at all, and the leader, back as a follower, learns it
// from the next leader. Followers' and candidates' messages stay in
// rd.messages, after step 1: the follower-side contract is unchanged.
//
// Between GetReady() and Advance() no other method may be called. Inputs
// (Step, Tick, Propose...) may come in any number between Ready rounds.
// After Advance, the application may snapshot its state at the applied
// index with ConfStateAt(applied) and compact Storage behind it.
//
// Thread-safety: none. One thread (the node's Ready-loop strand, or the
// simulator) owns a RawNode and its Storage writes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "consensus/config.h"
#include "consensus/node_status.h"
#include "consensus/raft.h"
#include "consensus/read_only.h"
#include "consensus/status.h"
#include "consensus/types.h"

namespace lincao::consensus {

// Volatile state worth reporting (leadership); never persisted.
struct SoftState {
  NodeId leader = kNone;
  Role role = Role::kFollower;
  friend bool operator==(const SoftState&, const SoftState&) = default;
};

struct Ready {
  std::optional<SoftState> soft_state;   // set when it changed
  std::optional<HardState> hard_state;   // set when it must be persisted
  std::optional<Snapshot> snapshot;      // to persist and install
  std::vector<Entry> entries;            // to append to the durable log
  std::vector<Message> early_messages;   // may be sent before persisting (a leader's)
  std::vector<Message> messages;         // to send after persisting
  std::vector<Entry> committed_entries;  // to apply, in order
  std::vector<ReadState> read_states;    // reads that may be served
  // Whether step 1 must reach the disk before step 2 (new entries, or a new
  // term or vote). A commit-only change may be written lazily.
  bool must_sync = false;
};

class RawNode {
 public:
  // Validates the config and builds the node from what Storage holds.
  static consensus::Status Create(const Config& config, std::unique_ptr<RawNode>* out);

  consensus::Status Step(const Message& m) { return raft_.Step(m); }
  void Tick() { raft_.Tick(); }
  consensus::Status Campaign() { return raft_.Campaign(); }
  consensus::Status Propose(std::string data) { return raft_.Propose(std::move(data)); }
  // `change.payload` carries the governance transaction authorising it.
  consensus::Status ProposeConfChange(const ConfChange& change) {
    return raft_.ProposeConfChange(change);
  }
  // The same, with the governance transaction given separately.
  consensus::Status ProposeConfChange(ConfChange change, std::string payload) {
    change.set_payload(std::move(payload));
    return raft_.ProposeConfChange(change);
  }
  consensus::Status TransferLeadership(NodeId to) { return raft_.TransferLeadership(to); }
  consensus::Status ReadIndex(std::string context) { return raft_.ReadIndex(std::move(context)); }
  void ReportSnapshot(NodeId to, bool delivered) { raft_.ReportSnapshot(to, delivered); }
  void ReportUnreachable(NodeId to) { raft_.ReportUnreachable(to); }

  bool HasReady() const;
  Ready GetReady();
  void Advance(const Ready& rd);

  // The configuration in force at `index` (for snapshots at the applied
  // index); kCompacted below the latest snapshot's index.
  consensus::Status ConfStateAt(uint64_t index, ConfState* out) const {
    return raft_.ConfStateAt(index, out);
  }
  // What this node knows, for operators and metrics (see node_status.h).
  // Named like etcd's; inside this class `Status` is therefore the method,
  // and the error type is spelled consensus::Status.
  NodeStatus Status() const;

  const Raft& raft() const { return raft_; }

 private:
  explicit RawNode(const Config& config);
  SoftState CurrentSoftState() const;

  Raft raft_;
  SoftState prev_soft_;
  HardState prev_hard_;  // as last handed out (before any planted bug)
  bool ready_pending_ = false;
};

}  // namespace lincao::consensus
