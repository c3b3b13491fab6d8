// The raft/ database: the log of Raft entries (each a serialized Batch for
// now) and the hard state. Every append is synced before it returns: an
// entry acknowledged by this node survives a crash. The single-node commit
// path appends here and then applies; the replicated node (built on
// consensus/) will persist Ready entries through the same store.
//
// Thread-safety: Append and SaveHardState from one thread (the commit
// thread); reads from any thread.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>

#include "chaincode/status.h"
#include "lincao/v1/raft.pb.h"

namespace lincao::node {

class RaftLogStore {
 public:
  static Result<std::unique_ptr<RaftLogStore>> Open(const std::filesystem::path& path);
  ~RaftLogStore();

  uint64_t LastIndex() const { return last_index_.load(); }
  // Entries must continue the log: the first index is LastIndex() + 1.
  Status Append(const std::vector<v1::raft::Entry>& entries);
  Result<v1::raft::Entry> Get(uint64_t index) const;
  Status SaveHardState(const v1::raft::HardState& hs);
  Result<v1::raft::HardState> LoadHardState() const;

 private:
  explicit RaftLogStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  std::unique_ptr<rocksdb::DB> db_;
  std::atomic<uint64_t> last_index_{0};
};

}  // namespace lincao::node
