// Storage: the durable half of a Raft node's log, as the library sees it.
//
// The library reads persisted entries, the persisted hard state and the
// latest snapshot through this interface and never writes to it: writing is
// the caller's job, driven by Ready (see raw_node.h). An implementation must
// therefore reflect every Ready the caller has persisted and acknowledged
// with Advance(). Indexes start at 1; index 0 is the empty prefix of term 0.
//
// Errors: Entries and Term answer kCompacted for an index before
// FirstIndex() - 1 (whose term stays known: it is the snapshot's) and
// kUnavailable past LastIndex(). Any other failure is fatal to the node.
//
// Thread-safety: the library calls Storage only from the thread that drives
// its RawNode. An implementation shared with other threads (the node's
// RocksDB log) synchronizes on its own.
#pragma once

#include <cstdint>
#include <vector>

#include "consensus/status.h"
#include "consensus/types.h"

namespace lincao::consensus {

// The genesis snapshot every initial member boots from (see
// MemoryStorage::Bootstrap): index 1, term 1, the initial configuration.
inline constexpr uint64_t kGenesisIndex = 1;
inline constexpr uint64_t kGenesisTerm = 1;

class Storage {
 public:
  virtual ~Storage() = default;

  // The persisted hard state, and the configuration of the latest snapshot
  // with the index it is in force at (the snapshot's index). The library
  // replays configuration entries after that index only: an implementation
  // may keep entries at or below it (MemoryStorage::CreateSnapshot does not
  // compact), and changes already inside the snapshot must not apply twice.
  virtual Status InitialState(HardState* hard_state, ConfState* conf_state,
                              uint64_t* conf_index) const = 0;

  // Entries in [lo, hi). Payload bytes stop at max_bytes, but at least one
  // entry is returned when lo < hi.
  virtual Status Entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                         std::vector<Entry>* out) const = 0;

  // Term of the entry at index, for index in [FirstIndex() - 1, LastIndex()].
  virtual Status Term(uint64_t index, uint64_t* term) const = 0;

  // Index of the first entry still held (snapshot index + 1).
  virtual uint64_t FirstIndex() const = 0;
  // Index of the last entry held (the snapshot index when the log is empty).
  virtual uint64_t LastIndex() const = 0;

  // The latest snapshot. kSnapshotTemporarilyUnavailable lets the leader
  // retry later.
  virtual Status GetSnapshot(Snapshot* out) const = 0;
};

}  // namespace lincao::consensus
