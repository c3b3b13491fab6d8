// Raft: the consensus protocol of one lincao node, as a pure state machine.
//
// Inputs are method calls: Step(message from a peer), Tick() (one unit of
// logical time, driven by the caller's clock), Propose, ProposeConfChange,
// TransferLeadership, ReadIndex, Campaign, ReportSnapshot. Outputs accumulate
// inside (log entries to persist, messages to send, entries that became
// committed, read states) and are collected by RawNode as a Ready batch; see
// raw_node.h for the order in which the caller must act on them. There are
// no sockets, threads, clocks or files here, and the only randomness
// (election timeouts) comes from the injected RandomSource: the same inputs
// always give the same outputs.
//
// What is implemented (Raft paper and Ongaro's thesis):
// - Leader election with randomized timeouts, pre-vote (§9.6) and
//   check-quorum: a node cut off from the cluster cannot raise everyone's
//   term when it returns, and a leader that has not heard from a quorum for
//   an election timeout steps down. Followers that heard from a leader within
//   the timeout ignore vote requests (the leader's lease), except those of a
//   leadership transfer.
// - Replication through per-follower Progress (probe/replicate/snapshot,
//   progress.h), batching up to max_msg_bytes of entries per MsgApp, at most
//   max_inflight_msgs / max_inflight_bytes unacknowledged per follower, and
//   fast backtracking: a rejection carries the follower's hint (index and
//   term), so the leader skips a whole conflicting term per round trip.
// - Commitment: the leader commits the highest index stored on a majority of
//   voters only if that entry is of its current term (§5.4.2, Figure 8);
//   earlier entries commit with it. A new leader appends an empty entry at
//   the start of its term so this happens without waiting for a client.
// - Snapshots: when a follower needs entries compacted away, the leader sends
//   Storage's latest snapshot (opaque bytes) and resumes after its index.
// - Leadership transfer: the leader brings the target up to date, then sends
//   TimeoutNow; the target campaigns at once, bypassing leases.
// - ReadIndex (§6.4): a leader that committed an entry in its term answers a
//   read with its commit index after a heartbeat round confirms it still leads;
//   reads that arrive earlier wait for that first commit.
//
// Membership, and why it is safe. Configurations change one voter at a time
// (ADD_LEARNER, PROMOTE_LEARNER, REMOVE_NODE; a learner never counts toward a
// quorum, so adding or removing one changes no majority). A node uses the
// latest configuration in its log, committed or not (thesis §4.1); truncating
// the log reverts it. The argument:
//  1. Overlap. If voter sets C and C' differ by one node, every majority of C
//     shares a node with every majority of C': with |C| = n and C' = C + {x},
//     a majority of C' has at least floor((n+1)/2) + 1 nodes, at least
//     floor((n+1)/2) of them in C, and a majority of C has floor(n/2) + 1;
//     together more than n, so they meet. Removal is the same case reversed.
//  2. Only adjacent configurations are ever in play. A leader appends a
//     ConfChange only when (a) every configuration entry in its log is
//     committed and (b) it has already committed an entry of its own term;
//     otherwise the proposal is refused (kConfChangePending). By (a) a new
//     change is appended only after the previous one is stored on a majority
//     of the configuration that follows it, so any node still using an older
//     configuration cannot win an election (its log is behind that majority)
//     nor commit anything. Rule (b) closes the hole Ongaro described in 2015:
//     an uncommitted change left by a deposed leader (term t1) and a change
//     appended by a new leader (term t2 > t1) would be two different
//     successors of one configuration, whose majorities need not meet. A
//     leader that first commits its own no-op of term t2 through a majority
//     of the shared configuration makes every log that still ends with the
//     t1 change less up to date than that majority, so no leader using it can
//     be elected again.
//  3. Hence any two configurations used in the same term are equal or
//     adjacent; by 1 their majorities intersect, a node votes once per term,
//     and at most one leader is elected per term (Election Safety). Commitment
//     through one majority and election through another still meet, so the
//     Leader Completeness argument of §5.4.3 goes through unchanged.
//  4. A leader that removes itself keeps leading, without counting itself,
//     until the removal commits, then steps down and, no longer a voter,
//     never campaigns again. A removed node that never heard of its removal
//     campaigns with a stale configuration whose majority overlaps the one
//     that committed the removal and holds a longer log, so it cannot win;
//     pre-vote and leases stop it from disturbing terms meanwhile.
//
// Invariants are checked after every input in debug builds
// (LINCAO_DEBUG_INVARIANTS); see CheckInvariants.
//
// Thread-safety: none. One thread drives an instance (through RawNode).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "consensus/config.h"
#include "consensus/membership.h"
#include "consensus/progress.h"
#include "consensus/raft_log.h"
#include "consensus/read_only.h"
#include "consensus/status.h"
#include "consensus/types.h"

namespace lincao::consensus {

// The context a TimeoutNow-triggered campaign puts on its vote requests, so
// that voters skip the leader-lease check.
inline constexpr std::string_view kCampaignTransfer = "transfer";

class Raft {
 public:
  // `config` must have passed Validate().
  explicit Raft(const Config& config);

  Raft(const Raft&) = delete;
  Raft& operator=(const Raft&) = delete;

  // A message from a peer, or a local one (MSG_PROP, MSG_READ_INDEX,
  // MSG_TRANSFER_LEADER). Messages of old terms are answered or dropped.
  Status Step(const Message& m);
  void Tick();

  Status Propose(std::string data);
  Status ProposeConfChange(const ConfChange& change);
  Status TransferLeadership(NodeId to);
  Status ReadIndex(std::string context);
  // Starts an election now (pre-vote first if enabled).
  Status Campaign();
  // The transport's verdict on a snapshot sent to `to`.
  void ReportSnapshot(NodeId to, bool delivered);
  // The transport could not reach `to`; stop streaming to it optimistically.
  void ReportUnreachable(NodeId to);

  // State.
  NodeId id() const { return id_; }
  uint64_t term() const { return term_; }
  NodeId vote() const { return vote_; }
  NodeId leader() const { return lead_; }
  Role role() const { return role_; }
  NodeId lead_transferee() const { return lead_transferee_; }
  HardState hard_state() const;
  const RaftLog& log() const { return log_; }
  const ConfState& conf_state() const { return membership_.Current(); }
  // The configuration in force at `index`; kCompacted below the latest
  // snapshot's index (entries kept below it are not replayed, see Storage).
  Status ConfStateAt(uint64_t index, ConfState* out) const { return membership_.At(index, out); }
  const std::map<NodeId, Progress>& progress() const { return progress_; }
  const PlantedBugs& planted_bugs() const { return config_.planted_bugs; }
  bool Promotable() const;

  // For RawNode.
  RaftLog& mutable_log() { return log_; }
  std::vector<Message> TakeMessages();
  std::vector<Message> TakeEarlyMessages();
  bool HasEarlyMessages() const { return !early_msgs_.empty(); }
  // The caller persisted entries up to log().StableIndex(): a leader now
  // counts its own copy of them toward commitment.
  void OnStable();
  std::vector<ReadState> TakeReadStates();
  bool HasMessages() const { return !msgs_.empty(); }
  bool HasReadStates() const { return !read_states_.empty(); }
  // The application applied entries with this many payload bytes.
  void ReduceUncommittedBytes(uint64_t bytes);

  // Aborts if a protocol invariant does not hold. Run after every input in
  // debug builds; tests and the simulator call it directly in any build.
  // The log is checked over its last `tail_entries` entries.
  void CheckInvariants(uint64_t tail_entries = 64) const;

 private:
  enum class CampaignKind { kPreElection, kElection, kTransfer };
  enum class VoteResult { kPending, kWon, kLost };

  void BecomeFollower(uint64_t term, NodeId lead);
  void BecomePreCandidate();
  void BecomeCandidate();
  void BecomeLeader();
  void ResetForTerm(uint64_t term);
  void ResetRandomizedElectionTimeout();
  void StartCampaign(CampaignKind kind);
  VoteResult Poll(NodeId from, bool granted);

  Status StepLeader(const Message& m);
  Status StepCandidate(const Message& m);
  Status StepFollower(const Message& m);
  void HandleVoteRequest(const Message& m);
  void HandleAppend(const Message& m);
  void HandleHeartbeat(const Message& m);
  void HandleSnapshot(const Message& m);
  bool Restore(const Snapshot& snapshot);
  Status LeaderPropose(const Message& m);
  // `queued`: the request waited for the first commit, and its caller was
  // already told OK.
  Status LeaderReadIndex(const Message& m, bool queued);
  void FailRead(NodeId from, std::string context, const char* why);
  // A read that reached a node which cannot serve it: refused to whoever asked.
  Status RefuseForwardedRead(const Message& m, const char* why);
  void LeaderAppendResponse(const Message& m, Progress& pr);
  void LeaderHeartbeatResponse(const Message& m, Progress& pr);
  void LeaderTransfer(const Message& m);

  void TickElection();
  void TickHeartbeat();

  void Send(Message m);
  bool AppendEntries(std::vector<Entry> entries);
  void SendAppend(NodeId to) { MaybeSendAppend(to, true); }
  bool MaybeSendAppend(NodeId to, bool send_if_empty);
  bool SendSnapshot(NodeId to, Progress& pr);
  void SendHeartbeat(NodeId to, const std::string& context);
  void SendTimeoutNow(NodeId to);
  void BcastAppend();
  void BcastHeartbeat(const std::string& context);
  // Commits the quorum index if the current-term rule allows; steps down a
  // leader whose own removal just committed. Returns true if commit moved.
  bool MaybeCommit();
  bool QuorumActive() const;
  void ResetProgress();
  void SyncProgressWithMembership();
  void OnMembershipChanged();
  void AbortLeaderTransfer() { lead_transferee_ = kNone; }
  void ReleaseReads(uint64_t round);
  void MaybeReleaseReads();
  void ReleasePendingReads();
  void ReplayConfEntries(uint64_t from);

  const NodeId id_;
  const Config config_;
  RandomSource* random_;
  RaftLog log_;
  Membership membership_;
  ReadOnly read_only_;

  uint64_t term_ = 0;
  NodeId vote_ = kNone;
  NodeId lead_ = kNone;
  Role role_ = Role::kFollower;
  NodeId lead_transferee_ = kNone;

  std::map<NodeId, Progress> progress_;  // leader only; ordered for determinism
  std::map<NodeId, bool> votes_;         // candidate only

  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int randomized_election_timeout_ = 0;
  int transfer_elapsed_ = 0;  // ticks since the current transfer began
  uint64_t uncommitted_bytes_ = 0;

  std::vector<Message> msgs_;        // sent once the Ready is persisted
  std::vector<Message> early_msgs_;  // a leader's; may be sent before persisting
  std::vector<ReadState> read_states_;
  // ReadIndex requests that arrived before this leader's first commit in its
  // term; bounded by max_pending_read_index.
  std::vector<Message> pending_reads_;
};

}  // namespace lincao::consensus
