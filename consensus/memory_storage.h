// MemoryStorage: a Storage kept in memory, for tests, the simulator and
// benchmarks. It plays the disk: what the caller wrote through Append,
// SetHardState and ApplySnapshot "survives" a simulated crash, everything
// else of a node does not.
//
// The log is a vector whose element 0 is a placeholder carrying the index
// and term of the latest snapshot, so Term() answers for the snapshot index
// even after compaction.
//
// Thread-safety: none. One thread (the simulator, a test, or the node's
// Ready loop) owns an instance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consensus/storage.h"

namespace lincao::consensus {

class MemoryStorage final : public Storage {
 public:
  MemoryStorage();

  // Storage.
  Status InitialState(HardState* hard_state, ConfState* conf_state,
                      uint64_t* conf_index) const override;
  Status Entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                 std::vector<Entry>* out) const override;
  Status Term(uint64_t index, uint64_t* term) const override;
  uint64_t FirstIndex() const override;
  uint64_t LastIndex() const override;
  Status GetSnapshot(Snapshot* out) const override;

  // First boot of an initial member: installs the genesis snapshot (index 1,
  // term 1, the initial configuration, the application's genesis state) and
  // hard state (term 1, commit 1). Every initial member boots from the same
  // genesis; a node joining later starts empty and receives a snapshot, so
  // every log in the cluster begins from a configuration all nodes agree on.
  // Only on an empty storage.
  void Bootstrap(const ConfState& conf, std::string genesis_data);

  // Writers, called by the owner while handling a Ready.
  void SetHardState(const HardState& hs) { hard_state_ = hs; }
  const HardState& hard_state() const { return hard_state_; }

  // Replaces the whole log with a snapshot. kSnapshotOutOfDate if it is not
  // newer than the current one.
  Status ApplySnapshot(const Snapshot& snapshot);

  // Records a snapshot of the application's state at `index` (which must be
  // held in the log) with the configuration in force there. The log is not
  // compacted; call Compact for that.
  Status CreateSnapshot(uint64_t index, const ConfState& conf_state, std::string data);

  // Drops entries before `index`; the entry at `index` becomes the
  // placeholder. kCompacted if already compacted that far.
  Status Compact(uint64_t index);

  // Appends entries, first truncating any held entry at or after the first
  // new index. Entries must be contiguous and not start beyond LastIndex()+1
  // nor before FirstIndex().
  void Append(const std::vector<Entry>& entries);

  const Snapshot& snapshot() const { return snapshot_; }

 private:
  uint64_t offset() const { return entries_[0].index(); }

  HardState hard_state_;
  Snapshot snapshot_;
  std::vector<Entry> entries_;  // entries_[0] is the snapshot placeholder
};

}  // namespace lincao::consensus
