#include "consensus/progress.h"

#include <algorithm>

#include "consensus/check.h"

namespace lincao::consensus {

void Progress::ResetState(ProgressState state) {
  probe_paused_ = false;
  pending_snapshot_ = 0;
  state_ = state;
  inflights_.Reset();
}

void Progress::BecomeProbe() {
  if (state_ == ProgressState::kSnapshot) {
    // The snapshot was delivered (or we are told to retry): probe right after it.
    const uint64_t pending = pending_snapshot_;
    ResetState(ProgressState::kProbe);
    next_ = std::max(match_ + 1, pending + 1);
  } else {
    ResetState(ProgressState::kProbe);
    next_ = match_ + 1;
  }
}

void Progress::BecomeReplicate() {
  ResetState(ProgressState::kReplicate);
  next_ = match_ + 1;
}

void Progress::BecomeSnapshot(uint64_t snapshot_index) {
  ResetState(ProgressState::kSnapshot);
  pending_snapshot_ = snapshot_index;
}

bool Progress::MaybeUpdate(uint64_t index) {
  bool updated = false;
  if (match_ < index) {
    match_ = index;
    updated = true;
    probe_paused_ = false;
  }
  next_ = std::max(next_, index + 1);
  return updated;
}

bool Progress::MaybeDecrTo(uint64_t rejected, uint64_t hint) {
  if (state_ == ProgressState::kReplicate) {
    // Entries up to match are known good: a rejection at or below is stale.
    if (rejected <= match_) return false;
    next_ = match_ + 1;
    return true;
  }
  // In probe only one MsgApp is outstanding, for next - 1; anything else is stale.
  if (next_ - 1 != rejected) return false;
  next_ = std::max(std::min(rejected, hint + 1), match_ + 1);
  probe_paused_ = false;
  return true;
}

void Progress::SentEntries(uint64_t entries, uint64_t bytes) {
  switch (state_) {
    case ProgressState::kReplicate:
      if (entries > 0) {
        next_ += entries;
        inflights_.Add(next_ - 1, bytes);
      }
      break;
    case ProgressState::kProbe:
      // Every MsgApp sent while probing is a probe: wait for its answer.
      probe_paused_ = true;
      break;
    case ProgressState::kSnapshot:
      LINCAO_CHECK(false, "sending entries to a follower awaiting a snapshot");
  }
}

bool Progress::IsPaused() const {
  switch (state_) {
    case ProgressState::kProbe:
      return probe_paused_;
    case ProgressState::kReplicate:
      return inflights_.Full();
    case ProgressState::kSnapshot:
      return true;
  }
  return true;
}

}  // namespace lincao::consensus
