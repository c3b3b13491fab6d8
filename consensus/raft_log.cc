#include "consensus/raft_log.h"

#include <algorithm>

#include "consensus/check.h"

namespace lincao::consensus {

RaftLog::RaftLog(const Storage* storage, uint64_t max_committed_bytes_per_ready)
    : storage_(storage),
      max_committed_bytes_(max_committed_bytes_per_ready),
      unstable_offset_(storage->LastIndex() + 1),
      committed_(storage->FirstIndex() - 1),
      applied_(storage->FirstIndex() - 1) {}

void RaftLog::InitCursors(uint64_t committed, uint64_t applied) {
  LINCAO_CHECK(committed <= LastIndex(), "persisted commit index beyond the persisted log");
  LINCAO_CHECK(applied <= committed, "applied index beyond the commit index");
  committed_ = std::max(committed_, committed);
  applied_ = std::max(applied_, applied);
}

uint64_t RaftLog::FirstIndex() const {
  if (unstable_snapshot_) return unstable_snapshot_->metadata().index() + 1;
  return storage_->FirstIndex();
}

uint64_t RaftLog::LastIndex() const {
  if (!unstable_.empty()) return unstable_offset_ + unstable_.size() - 1;
  if (unstable_snapshot_) return unstable_snapshot_->metadata().index();
  return storage_->LastIndex();
}

uint64_t RaftLog::LastTerm() const {
  uint64_t t = 0;
  Status s = Term(LastIndex(), &t);
  LINCAO_CHECK(s.ok(), "term of the last entry is unknown");
  return t;
}

Status RaftLog::Term(uint64_t index, uint64_t* term) const {
  *term = 0;
  const uint64_t dummy = FirstIndex() - 1;
  if (index < dummy) return Status(Code::kCompacted, "term compacted");
  if (index > LastIndex()) return Status(Code::kUnavailable, "term unavailable");
  if (unstable_snapshot_ && index == unstable_snapshot_->metadata().index()) {
    *term = unstable_snapshot_->metadata().term();
    return Status::Ok();
  }
  if (index >= unstable_offset_) {
    *term = unstable_[index - unstable_offset_].term();
    return Status::Ok();
  }
  Status s = storage_->Term(index, term);
  LINCAO_CHECK(s.ok() || s.code() == Code::kCompacted, "storage failed to answer a term");
  return s;
}

uint64_t RaftLog::TermOrZero(uint64_t index) const {
  uint64_t t = 0;
  return Term(index, &t).ok() ? t : 0;
}

bool RaftLog::MatchTerm(uint64_t index, uint64_t term) const {
  uint64_t t = 0;
  return Term(index, &t).ok() && t == term;
}

bool RaftLog::IsUpToDate(uint64_t last_index, uint64_t last_term) const {
  const uint64_t my_term = LastTerm();
  return last_term > my_term || (last_term == my_term && last_index >= LastIndex());
}

uint64_t RaftLog::FindConflict(const google::protobuf::RepeatedPtrField<Entry>& entries) const {
  for (const Entry& e : entries) {
    if (!MatchTerm(e.index(), e.term())) return e.index();
  }
  return 0;
}

uint64_t RaftLog::FindConflictByTerm(uint64_t index, uint64_t term) const {
  index = std::min(index, LastIndex());
  for (; index > 0; --index) {
    uint64_t t = 0;
    if (!Term(index, &t).ok()) return index;  // compacted: cannot look further back
    if (t <= term) return index;
  }
  return 0;
}

bool RaftLog::MaybeAppend(uint64_t prev_index, uint64_t prev_term, uint64_t leader_commit,
                          const google::protobuf::RepeatedPtrField<Entry>& entries,
                          uint64_t* last_new, uint64_t* first_written) {
  *first_written = 0;
  if (!MatchTerm(prev_index, prev_term)) return false;
  *last_new = prev_index + static_cast<uint64_t>(entries.size());
  const uint64_t conflict = FindConflict(entries);
  if (conflict != 0) {
    LINCAO_CHECK(conflict > committed_, "leader overwrites a committed entry");
    TruncateAndAppend(entries, static_cast<int>(conflict - prev_index - 1));
    *first_written = conflict;
  }
  CommitTo(std::min(leader_commit, *last_new));
  return true;
}

uint64_t RaftLog::Append(const std::vector<Entry>& entries) {
  if (entries.empty()) return LastIndex();
  LINCAO_CHECK(entries.front().index() == LastIndex() + 1, "leader append is not contiguous");
  for (const Entry& e : entries) unstable_.push_back(e);
  return LastIndex();
}

void RaftLog::TruncateAndAppend(const google::protobuf::RepeatedPtrField<Entry>& entries,
                                int from) {
  const uint64_t start = entries[from].index();
  if (start == unstable_offset_ + unstable_.size()) {
    // Plain extension of the unstable tail.
  } else if (start <= unstable_offset_) {
    // Replaces the unstable tail and part of the persisted log; the caller
    // persists the new entries, which truncates storage from `start`.
    unstable_offset_ = start;
    unstable_.clear();
  } else {
    unstable_.resize(start - unstable_offset_);
  }
  for (int i = from; i < entries.size(); ++i) unstable_.push_back(entries[i]);
}

Status RaftLog::Slice(uint64_t lo, uint64_t hi, uint64_t max_bytes, std::vector<Entry>* out) const {
  out->clear();
  if (lo >= hi) return Status::Ok();
  if (lo < FirstIndex()) return Status(Code::kCompacted, "slice compacted");
  LINCAO_CHECK(hi <= LastIndex() + 1, "slice beyond the last index");
  uint64_t bytes = 0;
  if (lo < unstable_offset_) {
    const uint64_t stable_hi = std::min(hi, unstable_offset_);
    Status s = storage_->Entries(lo, stable_hi, max_bytes, out);
    if (s.code() == Code::kCompacted) return s;
    LINCAO_CHECK(s.ok(), "storage failed to return entries");
    if (out->size() < stable_hi - lo) return Status::Ok();  // byte limit reached
    for (const Entry& e : *out) bytes += PayloadBytes(e);
  }
  for (uint64_t i = std::max(lo, unstable_offset_); i < hi; ++i) {
    const Entry& e = unstable_[i - unstable_offset_];
    bytes += PayloadBytes(e);
    if (!out->empty() && bytes > max_bytes) break;
    out->push_back(e);
  }
  return Status::Ok();
}

void RaftLog::CommitTo(uint64_t index) {
  if (index <= committed_) return;
  LINCAO_CHECK(index <= LastIndex(), "commit index beyond the last index");
  committed_ = index;
}

bool RaftLog::MaybeCommit(uint64_t index, uint64_t term, bool ignore_term) {
  if (index <= committed_) return false;
  if (!ignore_term && TermOrZero(index) != term) return false;
  CommitTo(index);
  return true;
}

void RaftLog::AppliedTo(uint64_t index) {
  if (index == 0) return;
  LINCAO_CHECK(index <= committed_ && index >= applied_, "applied index out of range");
  applied_ = index;
}

uint64_t RaftLog::CommittedBound(bool allow_unstable) const {
  return allow_unstable ? committed_ : std::min(committed_, StableIndex());
}

bool RaftLog::HasNextCommittedEntries(bool allow_unstable) const {
  if (unstable_snapshot_) return false;
  const uint64_t lo = std::max(applied_ + 1, FirstIndex());
  return lo <= CommittedBound(allow_unstable);
}

std::vector<Entry> RaftLog::NextCommittedEntries(bool allow_unstable) const {
  std::vector<Entry> out;
  if (!HasNextCommittedEntries(allow_unstable)) return out;
  const uint64_t lo = std::max(applied_ + 1, FirstIndex());
  const uint64_t hi = CommittedBound(allow_unstable) + 1;
  Status s = Slice(lo, hi, max_committed_bytes_, &out);
  LINCAO_CHECK(s.ok(), "committed entries are unavailable");
  return out;
}

void RaftLog::StableTo(uint64_t index, uint64_t term) {
  if (index < unstable_offset_ || index >= unstable_offset_ + unstable_.size()) return;
  if (unstable_[index - unstable_offset_].term() != term) return;  // rewritten meanwhile
  const uint64_t n = index - unstable_offset_ + 1;
  unstable_.erase(unstable_.begin(), unstable_.begin() + static_cast<std::ptrdiff_t>(n));
  unstable_offset_ = index + 1;
}

void RaftLog::StableSnapshotTo(uint64_t index) {
  if (unstable_snapshot_ && unstable_snapshot_->metadata().index() == index) {
    unstable_snapshot_.reset();
  }
}

void RaftLog::Restore(const Snapshot& snapshot) {
  const uint64_t index = snapshot.metadata().index();
  LINCAO_CHECK(index > committed_, "restoring a snapshot older than the commit index");
  committed_ = index;
  unstable_.clear();
  unstable_offset_ = index + 1;
  unstable_snapshot_ = snapshot;
}

Status RaftLog::GetSnapshot(Snapshot* out) const {
  if (unstable_snapshot_) {
    *out = *unstable_snapshot_;
    return Status::Ok();
  }
  return storage_->GetSnapshot(out);
}

}  // namespace lincao::consensus
