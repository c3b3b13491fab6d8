// RaftLog: one node's view of its replicated log.
//
// The log is the persisted prefix held by Storage followed by an "unstable"
// tail that lives only in memory until the caller persists it (a Ready hands
// the tail out, Advance marks it stable). A snapshot received from the leader
// also waits here, unstable, until persisted. RaftLog tracks two cursors:
//   committed  highest index known to be stored on a quorum;
//   applied    highest index the application has been handed and acknowledged.
// with applied <= committed <= LastIndex() at all times, and entries at or
// below `committed` never truncated.
//
// Committed entries are handed out only once they are also stable on this
// node (see NextCommittedEntries), so an application may apply them before,
// during or after persisting the Ready that carries them.
//
// Thread-safety: none; owned by one Raft instance.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "consensus/status.h"
#include "consensus/storage.h"
#include "consensus/types.h"

namespace lincao::consensus {

class RaftLog {
 public:
  RaftLog(const Storage* storage, uint64_t max_committed_bytes_per_ready);

  uint64_t FirstIndex() const;
  uint64_t LastIndex() const;
  uint64_t LastTerm() const;
  Status Term(uint64_t index, uint64_t* term) const;
  // The term at index, or 0 when it is compacted or not yet written.
  uint64_t TermOrZero(uint64_t index) const;
  bool MatchTerm(uint64_t index, uint64_t term) const;

  // Whether a log ending at (last_index, last_term) is at least as up to date
  // as this one (Raft §5.4.1): a later last term wins, an equal one needs an
  // index at least as long.
  bool IsUpToDate(uint64_t last_index, uint64_t last_term) const;

  // Follower append: if the entry at `prev_index` has `prev_term`, writes the
  // entries (truncating a conflicting suffix), advances committed to
  // min(leader_commit, last new index) and returns true with the last new
  // index in *last_new and the first index actually (re)written in
  // *first_written (0 if every entry was already present).
  bool MaybeAppend(uint64_t prev_index, uint64_t prev_term, uint64_t leader_commit,
                   const google::protobuf::RepeatedPtrField<Entry>& entries, uint64_t* last_new,
                   uint64_t* first_written);

  // Leader append of entries that follow LastIndex(). Returns the new last index.
  uint64_t Append(const std::vector<Entry>& entries);

  // First index whose entry differs from the given ones (0 if none do).
  uint64_t FindConflict(const google::protobuf::RepeatedPtrField<Entry>& entries) const;
  // Largest index <= `index` whose term is <= `term`: the fast backtracking
  // hint, skipping whole terms that cannot match.
  uint64_t FindConflictByTerm(uint64_t index, uint64_t term) const;

  // Entries in [lo, hi) with payload bytes bounded by max_bytes (at least one
  // entry when lo < hi).
  Status Slice(uint64_t lo, uint64_t hi, uint64_t max_bytes, std::vector<Entry>* out) const;

  // Commit rules. CommitTo never moves backwards. MaybeCommit commits
  // `index` only when it carries `term` (the leader's current term), unless
  // `ignore_term` (a planted bug for tests).
  void CommitTo(uint64_t index);
  bool MaybeCommit(uint64_t index, uint64_t term, bool ignore_term);
  void AppliedTo(uint64_t index);

  // Ready support.
  const std::vector<Entry>& UnstableEntries() const { return unstable_; }
  const std::optional<Snapshot>& UnstableSnapshot() const { return unstable_snapshot_; }
  // Highest index already persisted (handed out in an acknowledged Ready).
  uint64_t StableIndex() const { return unstable_offset_ - 1; }
  bool HasNextCommittedEntries(bool allow_unstable) const;
  std::vector<Entry> NextCommittedEntries(bool allow_unstable) const;
  void StableTo(uint64_t index, uint64_t term);
  void StableSnapshotTo(uint64_t index);

  // Replaces the log with a snapshot (follower catch-up).
  void Restore(const Snapshot& snapshot);
  Status GetSnapshot(Snapshot* out) const;

  uint64_t committed() const { return committed_; }
  uint64_t applied() const { return applied_; }
  // Restart support: sets the cursors recovered from durable state.
  void InitCursors(uint64_t committed, uint64_t applied);

 private:
  void TruncateAndAppend(const google::protobuf::RepeatedPtrField<Entry>& entries, int from);
  uint64_t CommittedBound(bool allow_unstable) const;

  const Storage* storage_;
  const uint64_t max_committed_bytes_;
  std::optional<Snapshot> unstable_snapshot_;
  std::vector<Entry> unstable_;  // entries at unstable_offset_, unstable_offset_ + 1, ...
  uint64_t unstable_offset_;
  uint64_t committed_;
  uint64_t applied_;
};

}  // namespace lincao::consensus
