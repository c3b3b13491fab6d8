// RaftStorage: the raft/ RocksDB database behind consensus::Storage. It holds
// what Raft must not forget across a crash: the log entries, the hard state
// (term, vote, commit) and the latest snapshot (its metadata: index, term and
// configuration; and its data). The first boot of an initial member writes
// the genesis snapshot (index 1, term 1, the genesis membership); log entries
// therefore start at index 2.
//
// Persist() writes one Ready's durable part (snapshot, then entries replacing
// any held suffix from the first new index, then hard state) in ONE RocksDB
// write batch, synced when the Ready says must_sync. So a crash leaves all of
// a Ready or none of it: a torn write between the entries and the hard state
// cannot happen here (the library copes with one anyway, see consensus.md),
// and a whole Ready costs one fsync however many entries it carries (group
// commit).
//
// Keys (default column family): "lincao/format", "hardstate" (HardState),
// "snapshot" (Snapshot), "e/" + be64(index) (Entry). The terms of held
// entries are cached in memory, so Term() never reads the disk.
//
// A read that fails with an I/O error is fatal (the Storage contract has no
// way to report it and guessing would break Raft's safety): it logs and
// aborts the process.
//
// Thread-safety: Persist and Bootstrap from the thread that drives the
// RawNode (the Ready loop); the const readers from any thread (a mutex
// guards the cached cursors; RocksDB reads are thread-safe).
#pragma once

#include <rocksdb/db.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chaincode/status.h"
#include "consensus/storage.h"

namespace lincao::node {

class RaftStorage final : public consensus::Storage {
 public:
  static Result<std::unique_ptr<RaftStorage>> Open(const std::filesystem::path& path);
  ~RaftStorage() override;

  // consensus::Storage.
  consensus::Status InitialState(consensus::HardState* hard_state, consensus::ConfState* conf_state,
                                 uint64_t* conf_index) const override;
  consensus::Status Entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                            std::vector<consensus::Entry>* out) const override;
  consensus::Status Term(uint64_t index, uint64_t* term) const override;
  uint64_t FirstIndex() const override;
  uint64_t LastIndex() const override;
  consensus::Status GetSnapshot(consensus::Snapshot* out) const override;

  // True before the first Bootstrap or snapshot: nothing was ever persisted.
  bool empty() const;

  // First boot of an initial member: the genesis snapshot (index 1, term 1,
  // `conf`, `genesis_data`) and hard state (term 1, commit 1), synced.
  // Only on an empty store.
  Status Bootstrap(const consensus::ConfState& conf, std::string genesis_data);

  // Writes one Ready's durable part in one write batch (see the file
  // comment). `snapshot` and `hard_state` may be null. Entries must be
  // contiguous, start no later than LastIndex() + 1 and after the snapshot.
  Status Persist(const consensus::Snapshot* snapshot, const std::vector<consensus::Entry>& entries,
                 const consensus::HardState* hard_state, bool sync);

  consensus::HardState hard_state() const;

 private:
  explicit RaftStorage(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  Status Load();

  std::unique_ptr<rocksdb::DB> db_;

  mutable std::mutex mu_;
  consensus::HardState hard_state_;
  consensus::SnapshotMetadata snapshot_meta_;  // index 0 until bootstrapped
  bool has_snapshot_ = false;
  // terms_[i] is the term of index snapshot_meta_.index() + i; terms_[0] is
  // the snapshot's own term, so Term() answers at the snapshot index.
  std::vector<uint64_t> terms_{0};
};

}  // namespace lincao::node
