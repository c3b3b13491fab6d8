#include "consensus/raw_node.h"

#include <utility>

#include "consensus/check.h"

namespace lincao::consensus {

Status RawNode::Create(const Config& config, std::unique_ptr<RawNode>* out) {
  consensus::Status s = config.Validate();
  if (!s.ok()) return s;
  out->reset(new RawNode(config));
  return Status::Ok();
}

RawNode::RawNode(const Config& config) : raft_(config) {
  prev_soft_ = CurrentSoftState();
  // Compare against what is on disk: a term or commit the library raised at
  // start-up (see Raft::Raft) is written by the first Ready.
  ConfState unused;
  uint64_t unused_index = 0;
  LINCAO_CHECK(config.storage->InitialState(&prev_hard_, &unused, &unused_index).ok(),
               "storage has no initial state");
}

NodeStatus RawNode::Status() const {
  NodeStatus s;
  const RaftLog& log = raft_.log();
  s.id = raft_.id();
  s.term = raft_.term();
  s.vote = raft_.vote();
  s.commit = log.committed();
  s.applied = log.applied();
  s.last_index = log.LastIndex();
  s.stable_index = log.StableIndex();
  s.leader = raft_.leader();
  s.role = raft_.role();
  s.lead_transferee = raft_.lead_transferee();
  for (const auto& [id, pr] : raft_.progress()) {
    if (id == raft_.id()) continue;
    FollowerStatus f;
    f.id = id;
    f.match = pr.match();
    f.next = pr.next();
    f.state = pr.state();
    f.learner = pr.is_learner();
    f.recent_active = pr.recent_active();
    f.inflight_msgs = pr.inflights().count();
    s.progress.push_back(f);
  }
  return s;
}

SoftState RawNode::CurrentSoftState() const { return SoftState{raft_.leader(), raft_.role()}; }

bool RawNode::HasReady() const {
  LINCAO_CHECK(!ready_pending_, "HasReady between GetReady and Advance");
  const RaftLog& log = raft_.log();
  const bool allow_unstable = raft_.planted_bugs().apply_before_persist;
  return !(CurrentSoftState() == prev_soft_) || !SameHardState(raft_.hard_state(), prev_hard_) ||
         log.UnstableSnapshot().has_value() || !log.UnstableEntries().empty() ||
         raft_.HasMessages() || raft_.HasEarlyMessages() || raft_.HasReadStates() ||
         log.HasNextCommittedEntries(allow_unstable);
}

Ready RawNode::GetReady() {
  LINCAO_CHECK(!ready_pending_, "GetReady called twice without Advance");
  ready_pending_ = true;
  Ready rd;
  const SoftState soft = CurrentSoftState();
  if (!(soft == prev_soft_)) rd.soft_state = soft;
  const HardState hard = raft_.hard_state();
  if (!SameHardState(hard, prev_hard_)) {
    rd.hard_state = hard;
    if (raft_.planted_bugs().forget_to_persist_vote) rd.hard_state->set_vote(kNone);  // BUG
  }
  RaftLog& log = raft_.mutable_log();
  if (log.UnstableSnapshot()) rd.snapshot = *log.UnstableSnapshot();
  rd.entries = log.UnstableEntries();
  rd.early_messages = raft_.TakeEarlyMessages();
  rd.messages = raft_.TakeMessages();
  rd.committed_entries = log.NextCommittedEntries(raft_.planted_bugs().apply_before_persist);
  rd.read_states = raft_.TakeReadStates();
  rd.must_sync = !rd.entries.empty() || rd.snapshot.has_value() ||
                 hard.term() != prev_hard_.term() || hard.vote() != prev_hard_.vote();
  return rd;
}

void RawNode::Advance(const Ready& rd) {
  LINCAO_CHECK(ready_pending_, "Advance without GetReady");
  ready_pending_ = false;
  if (rd.soft_state) prev_soft_ = *rd.soft_state;
  if (rd.hard_state) {
    prev_hard_ = *rd.hard_state;
    // Compare later against what the library holds, not what a planted bug
    // handed out, so the loop settles.
    prev_hard_.set_vote(raft_.vote());
    if (prev_hard_.term() != raft_.term()) prev_hard_ = raft_.hard_state();
  }
  RaftLog& log = raft_.mutable_log();
  if (rd.snapshot) {
    log.StableSnapshotTo(rd.snapshot->metadata().index());
    log.AppliedTo(rd.snapshot->metadata().index());
  }
  if (!rd.entries.empty()) {
    log.StableTo(rd.entries.back().index(), rd.entries.back().term());
    raft_.OnStable();
  }
  if (!rd.committed_entries.empty()) {
    uint64_t bytes = 0;
    for (const Entry& e : rd.committed_entries) bytes += PayloadBytes(e);
    log.AppliedTo(rd.committed_entries.back().index());
    raft_.ReduceUncommittedBytes(bytes);
  }
#if LINCAO_DEBUG_INVARIANTS_ON
  raft_.CheckInvariants();
#endif
}

}  // namespace lincao::consensus
