// The ledger/ database: blocks, the tx index, registry state and the
// metadata that ties them together (head, state accumulator, the Raft index
// applied last, genesis hash). A block is written with its results, state
// changes and index entries in one RocksDB write batch, so a reader or a
// crash sees either all of a block or none of it.
//
// Ledger writes are not synced: the raft/ log is, and on start the node
// re-applies any log entry after applied_index(). So a crash can lose only
// ledger work that the log can redo.
//
// Column families: default (meta), "blocks" (height be64 -> Block),
// "txindex" (tx id -> height be64 || index be32), "state" (chaincode keys),
// "history" (node-side indexes for the Audit service, node/history_index.h;
// not consensus state). A ledger of format lincao-ledger/2 (no "history")
// is refused with the way to rebuild it from the raft log.
// txindex and state carry Bloom filters, so lookups of absent keys (the
// replay check of a fresh tx id, a missing holdings neighbour) stay in
// memory as they grow; state scans are bounded to their prefix.
//
// Thread-safety: one writer thread (the committer); readers on any thread.
// Head fields are guarded by a mutex; RocksDB reads are thread-safe.
#pragma once

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "chaincode/block_builder.h"
#include "chaincode/genesis.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "lincao/v1/registry.pb.h"

namespace lincao::node {

// What the ledger database may hold in memory (config [storage]): one block
// cache shared by its column families, and one budget for all their
// memtables (a RocksDB WriteBufferManager: beyond it, the largest memtable
// is flushed). RocksDB's defaults are a cache per column family and 64 MiB
// memtables, two each, per column family: bounded, but some 500 MiB.
struct LedgerMemory {
  size_t block_cache_bytes = 32u << 20;
  size_t write_buffer_bytes = 64u << 20;
};

class LedgerStore final : public StateReader, public CommittedTxLookup {
 public:
  static Result<std::unique_ptr<LedgerStore>> Open(const std::filesystem::path& path,
                                                   const LedgerMemory& memory = LedgerMemory());
  ~LedgerStore() override;

  // True until InitGenesis has run.
  bool empty() const { return !has_genesis_; }
  // Writes block 0 and the genesis state.
  Status InitGenesis(const GenesisResult& genesis);
  // Refuses a genesis file that differs from the one this ledger began with.
  Status CheckGenesis(const Hash32& genesis_hash) const;

  ChainHead head() const;  // copies the 2 KiB accumulator: not for hot paths
  uint64_t head_time_ms() const;
  v1::BlockHeader head_header() const;
  uint64_t applied_index() const;
  // Waits until the head passes `height` or `timeout` elapses (CommitBlock
  // wakes the waiters); returns the head height then. For readers that
  // follow the chain (Audit.StreamBlocks) without polling.
  uint64_t WaitForHeadAbove(uint64_t height, std::chrono::milliseconds timeout) const;
  const ChainParams& params() const { return params_; }
  Hash32 genesis_hash() const { return genesis_hash_; }

  // Atomically writes a block and everything it changes, and records that
  // Raft entry `raft_index` is applied.
  Status CommitBlock(const BuiltBlock& built, uint64_t raft_index);
  // Records that entry `raft_index` is applied without a block (no-op entry
  // or a batch whose transactions were all dropped).
  Status MarkApplied(uint64_t raft_index);

  // StateReader over the latest committed state. Each call reads whatever is
  // committed at that moment: for the apply thread (the only writer) that is
  // one state; a reader on another thread that reads several keys wants
  // ReadSnapshot instead.
  std::optional<Bytes> Get(std::string_view key) const override;
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override;
  // The committed state as of now, frozen: every read through it sees the
  // same blocks, whatever apply commits meanwhile (a RocksDB snapshot,
  // released with the reader). Admission judges a transaction on one of
  // these, so a block committed half-way through its reads cannot show it a
  // holdings summary from one block and the ranges from the next.
  std::unique_ptr<StateReader> ReadSnapshot() const;
  // CommittedTxLookup.
  bool IsCommitted(const Hash32& tx_id) const override;

  // Recomputes the state accumulator from a full scan of the state column
  // family and compares its root with the head block's state_root. Logs
  // progress (event=verify_state_progress) every few seconds. STORAGE_FORMAT
  // naming both roots on a mismatch. Reads only; call before serving.
  Status VerifyState() const;

  Result<v1::Block> GetBlock(uint64_t height) const;
  Result<v1::TxRecord> GetTx(const Hash32& tx_id) const;

  // The committed state and history frozen at one moment (a RocksDB
  // snapshot): every read sees the same block, `height()`. For reads that
  // must be consistent across many keys (Audit.Export).
  class Snapshot final : public StateReader {
   public:
    ~Snapshot() override;
    uint64_t height() const { return height_; }
    std::optional<Bytes> Get(std::string_view key) const override;
    void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override;
    std::optional<Bytes> GetHistory(std::string_view key) const;
    // An iterator over the history column family at this snapshot.
    std::unique_ptr<rocksdb::Iterator> NewHistoryIterator() const;

   private:
    friend class LedgerStore;
    Snapshot(const LedgerStore& store);
    const LedgerStore& store_;
    const rocksdb::Snapshot* snap_ = nullptr;
    uint64_t height_ = 0;
  };
  std::unique_ptr<Snapshot> TakeSnapshot() const;

 private:
  LedgerStore() = default;
  Status LoadMeta();
  std::optional<Bytes> GetAt(const rocksdb::Snapshot* snap, std::string_view key) const;
  void ScanFromAt(const rocksdb::Snapshot* snap, std::string_view prefix, std::string_view start,
                  const ScanFn& fn) const;
  friend class LedgerSnapshot;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* blocks_ = nullptr;
  rocksdb::ColumnFamilyHandle* txindex_ = nullptr;
  rocksdb::ColumnFamilyHandle* state_ = nullptr;
  rocksdb::ColumnFamilyHandle* history_ = nullptr;

  bool has_genesis_ = false;
  ChainParams params_;
  Hash32 genesis_hash_{};

  mutable std::mutex mu_;
  mutable std::condition_variable head_moved_;  // notified by CommitBlock
  ChainHead head_;
  v1::BlockHeader head_header_;
  uint64_t applied_index_ = 0;
};

}  // namespace lincao::node
