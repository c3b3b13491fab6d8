#include "node/raft_storage.h"

#include <cstdlib>

#include "chaincode/canonical.h"
#include "node/db_format.h"
#include "node/log.h"

namespace lincao::node {
namespace {

using consensus::Code;
namespace cs = consensus;

constexpr std::string_view kEntryPrefix = "e/";
constexpr std::string_view kHardStateKey = "hardstate";
constexpr std::string_view kSnapshotKey = "snapshot";

std::string EntryKey(uint64_t index) { return std::string(kEntryPrefix) + BigEndian64(index); }

[[noreturn]] void FatalRead(const rocksdb::Status& s, std::string_view what) {
  spdlog::critical("event=raft_storage_read_failed what={} error={}", what, Quoted(s.ToString()));
  std::abort();
}

}  // namespace

// One memtable of the raft log's database.
constexpr size_t kRaftWriteBufferBytes = 16u << 20;

Result<std::unique_ptr<RaftStorage>> RaftStorage::Open(const std::filesystem::path& path) {
  // The log is written once and read back only by followers that lag and
  // by recovery: a small memtable is enough, and it bounds what the log
  // holds in memory (RocksDB's default is up to 2 x 64 MiB).
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = kRaftWriteBufferBytes;
  cf.max_write_buffer_number = 2;
  auto opened = OpenLincaoDb(path, rocksdb::DBOptions(), {{rocksdb::kDefaultColumnFamilyName, cf}},
                             kRaftLogFormat);
  if (!opened.ok()) return opened.status();
  // The default family's handle is not needed: the DB's own stays valid.
  opened->db->DestroyColumnFamilyHandle(opened->handles[0]).PermitUncheckedError();
  std::unique_ptr<RaftStorage> store(new RaftStorage(std::move(opened->db)));
  LINCAO_RETURN_IF_ERROR(store->Load());
  return store;
}

RaftStorage::~RaftStorage() {
  if (db_) db_->Close().PermitUncheckedError();
}

Status RaftStorage::Load() {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kHardStateKey, &raw);
  if (s.ok()) {
    if (!hard_state_.ParseFromString(raw))
      return Status(v1::STORAGE_FORMAT, "raft hard state is corrupt");
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "load raft hard state");
  }
  s = db_->Get(rocksdb::ReadOptions(), kSnapshotKey, &raw);
  if (s.ok()) {
    cs::Snapshot snap;
    if (!snap.ParseFromString(raw)) return Status(v1::STORAGE_FORMAT, "raft snapshot is corrupt");
    snapshot_meta_ = snap.metadata();
    has_snapshot_ = true;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "load raft snapshot");
  }
  terms_.assign(1, snapshot_meta_.term());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  uint64_t expect = snapshot_meta_.index() + 1;
  for (it->Seek(EntryKey(expect)); it->Valid() && it->key().starts_with(kEntryPrefix); it->Next()) {
    uint64_t index = ReadBigEndian64(it->key().ToStringView().substr(kEntryPrefix.size()));
    cs::Entry e;
    if (index != expect ||
        !e.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        e.index() != index) {
      return Status(v1::STORAGE_FORMAT, "raft log entry " + std::to_string(index) +
                                            " is corrupt or out of sequence (expected " +
                                            std::to_string(expect) + ")");
    }
    terms_.push_back(e.term());
    ++expect;
  }
  return FromRocks(it->status(), "scan raft log");
}

cs::Status RaftStorage::InitialState(cs::HardState* hard_state, cs::ConfState* conf_state,
                                     uint64_t* conf_index) const {
  std::lock_guard<std::mutex> lock(mu_);
  *hard_state = hard_state_;
  *conf_state = snapshot_meta_.conf_state();
  *conf_index = snapshot_meta_.index();
  return cs::Status::Ok();
}

cs::Status RaftStorage::Entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                                std::vector<cs::Entry>* out) const {
  out->clear();
  uint64_t first, last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    first = snapshot_meta_.index() + 1;
    last = snapshot_meta_.index() + terms_.size() - 1;
  }
  if (lo < first) return cs::Status(Code::kCompacted, "entries compacted");
  if (hi > last + 1) return cs::Status(Code::kUnavailable, "entries beyond the last index");
  if (lo >= hi) return cs::Status::Ok();
  rocksdb::ReadOptions ro;
  std::string upper = EntryKey(hi);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  uint64_t bytes = 0;
  uint64_t expect = lo;
  for (it->Seek(EntryKey(lo)); it->Valid(); it->Next()) {
    cs::Entry e;
    if (!e.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        e.index() != expect) {
      spdlog::critical("event=raft_storage_corrupt index={}", expect);
      std::abort();
    }
    bytes += cs::PayloadBytes(e);
    if (!out->empty() && bytes > max_bytes) break;
    out->push_back(std::move(e));
    ++expect;
  }
  if (!it->status().ok()) FatalRead(it->status(), "entries");
  if (out->empty() || (expect < hi && bytes <= max_bytes)) {
    spdlog::critical("event=raft_storage_missing_entries lo={} hi={} got={}", lo, hi, out->size());
    std::abort();
  }
  return cs::Status::Ok();
}

cs::Status RaftStorage::Term(uint64_t index, uint64_t* term) const {
  std::lock_guard<std::mutex> lock(mu_);
  *term = 0;
  const uint64_t offset = snapshot_meta_.index();
  if (index < offset) return cs::Status(Code::kCompacted, "term compacted");
  if (index - offset >= terms_.size()) return cs::Status(Code::kUnavailable, "term unavailable");
  *term = terms_[index - offset];
  return cs::Status::Ok();
}

uint64_t RaftStorage::FirstIndex() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_meta_.index() + 1;
}

uint64_t RaftStorage::LastIndex() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_meta_.index() + terms_.size() - 1;
}

cs::Status RaftStorage::GetSnapshot(cs::Snapshot* out) const {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kSnapshotKey, &raw);
  if (s.IsNotFound()) {
    *out = cs::Snapshot();
    return cs::Status::Ok();
  }
  if (!s.ok()) FatalRead(s, "snapshot");
  if (!out->ParseFromString(raw)) {
    spdlog::critical("event=raft_storage_corrupt what=snapshot");
    std::abort();
  }
  return cs::Status::Ok();
}

bool RaftStorage::empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !has_snapshot_ && cs::IsEmptyHardState(hard_state_) && terms_.size() == 1;
}

cs::HardState RaftStorage::hard_state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hard_state_;
}

Status RaftStorage::Bootstrap(const cs::ConfState& conf, std::string genesis_data) {
  if (!empty()) return Status(v1::INTERNAL, "raft storage bootstrap on a non-empty log");
  cs::Snapshot genesis;
  genesis.mutable_metadata()->set_index(cs::kGenesisIndex);
  genesis.mutable_metadata()->set_term(cs::kGenesisTerm);
  *genesis.mutable_metadata()->mutable_conf_state() = conf;
  genesis.set_data(std::move(genesis_data));
  cs::HardState hs;
  hs.set_term(cs::kGenesisTerm);
  hs.set_commit(cs::kGenesisIndex);
  return Persist(&genesis, {}, &hs, /*sync=*/true);
}

Status RaftStorage::Persist(const cs::Snapshot* snapshot, const std::vector<cs::Entry>& entries,
                            const cs::HardState* hard_state, bool sync) {
  rocksdb::WriteBatch batch;
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t offset = snapshot_meta_.index();
  uint64_t last = offset + terms_.size() - 1;
  if (snapshot != nullptr) {
    if (has_snapshot_ && snapshot->metadata().index() <= offset) {
      return Status(v1::INTERNAL,
                    "raft snapshot at " + std::to_string(snapshot->metadata().index()) +
                        " is not newer than the stored one at " + std::to_string(offset));
    }
    batch.DeleteRange(EntryKey(0), EntryKey(UINT64_MAX));
    batch.Put(kSnapshotKey, snapshot->SerializeAsString());
    offset = snapshot->metadata().index();
    last = offset;
  }
  if (!entries.empty()) {
    const uint64_t first = entries.front().index();
    if (first <= offset || first > last + 1) {
      return Status(v1::INTERNAL, "raft append at " + std::to_string(first) +
                                      " outside the held log (" + std::to_string(offset + 1) +
                                      ".." + std::to_string(last + 1) + ")");
    }
    // The replaced suffix goes in the same batch as its replacement.
    if (first <= last) batch.DeleteRange(EntryKey(first), EntryKey(last + 1));
    uint64_t expect = first;
    for (const cs::Entry& e : entries) {
      if (e.index() != expect) {
        return Status(v1::INTERNAL, "raft append is not contiguous at " + std::to_string(expect));
      }
      batch.Put(EntryKey(e.index()), e.SerializeAsString());
      ++expect;
    }
  }
  if (hard_state != nullptr) batch.Put(kHardStateKey, hard_state->SerializeAsString());
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  // The lock is released for the write: only this thread writes, readers see
  // the old cursors until the cache is updated below.
  lock.unlock();
  LINCAO_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "persist raft ready"));
  lock.lock();
  if (snapshot != nullptr) {
    snapshot_meta_ = snapshot->metadata();
    has_snapshot_ = true;
    terms_.assign(1, snapshot->metadata().term());
  }
  if (!entries.empty()) {
    terms_.resize(entries.front().index() - snapshot_meta_.index());
    for (const cs::Entry& e : entries) terms_.push_back(e.term());
  }
  if (hard_state != nullptr) hard_state_ = *hard_state;
  return Status::Ok();
}

}  // namespace lincao::node
