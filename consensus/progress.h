// Progress: what a leader knows about one follower's log, and how it feeds it.
//
//   match  highest index known to be replicated on the follower;
//   next   index of the next entry to send (match < next always).
//
// Three states decide the flow of MsgApp:
//   kProbe      the leader does not know where the logs agree. It sends one
//               MsgApp and waits (paused) until a response or the next
//               heartbeat response; rejections move `next` back, skipping
//               whole terms using the follower's hint (fast backtracking).
//   kReplicate  the logs agree up to `match`; the leader streams entries,
//               advancing `next` optimistically, bounded by the Inflights
//               window (kMaxInflightMsgs messages, kMaxInflightBytes bytes).
//   kSnapshot   the entries the follower needs are compacted away; a
//               snapshot is on its way and nothing else is sent until the
//               follower acknowledges it or the transport reports failure.
//
// Thread-safety: none; owned by a leader's Raft instance.
#pragma once

#include <cstdint>
#include <string_view>

#include "consensus/inflights.h"

namespace lincao::consensus {

enum class ProgressState : uint8_t { kProbe, kReplicate, kSnapshot };

constexpr std::string_view ProgressStateName(ProgressState s) {
  switch (s) {
    case ProgressState::kProbe:
      return "probe";
    case ProgressState::kReplicate:
      return "replicate";
    case ProgressState::kSnapshot:
      return "snapshot";
  }
  return "?";
}

class Progress {
 public:
  Progress(uint64_t next, size_t max_inflight_msgs, uint64_t max_inflight_bytes, bool is_learner)
      : next_(next), inflights_(max_inflight_msgs, max_inflight_bytes), is_learner_(is_learner) {}

  void BecomeProbe();
  void BecomeReplicate();
  void BecomeSnapshot(uint64_t snapshot_index);

  // An acknowledgment of `index`. Returns false if it tells nothing new.
  bool MaybeUpdate(uint64_t index);
  // A rejection of the MsgApp whose previous index was `rejected`; `hint` is
  // where the follower suggests to retry. Returns false for a stale one.
  bool MaybeDecrTo(uint64_t rejected, uint64_t hint);
  // Book-keeping after sending a MsgApp with `entries` entries and `bytes`
  // payload bytes.
  void SentEntries(uint64_t entries, uint64_t bytes);

  // Whether sending MsgApp to this follower is on hold.
  bool IsPaused() const;

  uint64_t match() const { return match_; }
  uint64_t next() const { return next_; }
  ProgressState state() const { return state_; }
  uint64_t pending_snapshot() const { return pending_snapshot_; }
  bool recent_active() const { return recent_active_; }
  void set_recent_active(bool v) { recent_active_ = v; }
  bool is_learner() const { return is_learner_; }
  void set_is_learner(bool v) { is_learner_ = v; }
  void set_probe_paused(bool v) { probe_paused_ = v; }
  const Inflights& inflights() const { return inflights_; }
  Inflights& inflights() { return inflights_; }

 private:
  void ResetState(ProgressState state);

  uint64_t match_ = 0;
  uint64_t next_;
  ProgressState state_ = ProgressState::kProbe;
  uint64_t pending_snapshot_ = 0;
  bool recent_active_ = false;
  bool probe_paused_ = false;
  Inflights inflights_;
  bool is_learner_;
};

}  // namespace lincao::consensus
