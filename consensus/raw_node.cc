#include "consensus/raw_node.h"

#include <utility>

#include "consensus/check.h"

namespace lincao::consensus {

Status RawNode::Create(const Config& config, std::unique_ptr<RawNode>* out) {
  Status s = config.Validate();
  if (!s.ok()) return s;
  out->reset(new RawNode(config));
  return Status::Ok();
}

RawNode::RawNode(const Config& config) : raft_(config) {
  prev_soft_ = CurrentSoftState();
  // Compare against what is on disk: a term or commit the library raised at
  // start-up (see Raft::Raft) is written by the first Ready.
  ConfState unused;
  LINCAO_CHECK(config.storage->InitialState(&prev_hard_, &unused).ok(),
               "storage has no initial state");
}

SoftState RawNode::CurrentSoftState() const { return SoftState{raft_.leader(), raft_.role()}; }

bool RawNode::HasReady() const {
  LINCAO_CHECK(!ready_pending_, "HasReady between GetReady and Advance");
  const RaftLog& log = raft_.log();
  const bool allow_unstable = raft_.planted_bugs().apply_before_persist;
  return !(CurrentSoftState() == prev_soft_) || !SameHardState(raft_.hard_state(), prev_hard_) ||
         log.UnstableSnapshot().has_value() || !log.UnstableEntries().empty() ||
         raft_.HasMessages() || raft_.HasReadStates() ||
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
  if (!rd.entries.empty()) log.StableTo(rd.entries.back().index(), rd.entries.back().term());
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
