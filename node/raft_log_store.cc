#include "node/raft_log_store.h"

#include "chaincode/canonical.h"
#include "node/db_format.h"

namespace lincao::node {
namespace {

constexpr std::string_view kEntryPrefix = "e/";
constexpr std::string_view kHardStateKey = "hardstate";

std::string EntryKey(uint64_t index) { return std::string(kEntryPrefix) + BigEndian64(index); }

}  // namespace

Result<std::unique_ptr<RaftLogStore>> RaftLogStore::Open(const std::filesystem::path& path) {
  auto opened = OpenLincaoDb(path, rocksdb::DBOptions(),
                             {{rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}},
                             kRaftLogFormat);
  if (!opened.ok()) return opened.status();
  rocksdb::DB* raw = opened->db.get();
  // The default family's handle is not needed: the DB's own stays valid.
  raw->DestroyColumnFamilyHandle(opened->handles[0]).PermitUncheckedError();
  std::unique_ptr<RaftLogStore> store(new RaftLogStore(std::move(opened->db)));
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions()));
  it->SeekForPrev(EntryKey(UINT64_MAX));
  if (it->Valid() && it->key().starts_with(kEntryPrefix)) {
    store->last_index_ = ReadBigEndian64(it->key().ToStringView().substr(kEntryPrefix.size()));
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(it->status(), "scan raft log"));
  return store;
}

RaftLogStore::~RaftLogStore() {
  if (db_) db_->Close().PermitUncheckedError();
}

Status RaftLogStore::Append(const std::vector<v1::raft::Entry>& entries) {
  if (entries.empty()) return Status::Ok();
  uint64_t next = last_index_.load() + 1;
  rocksdb::WriteBatch batch;
  for (const auto& e : entries) {
    if (e.index() != next) {
      return Status(v1::INTERNAL, "raft log append out of order: got index " +
                                      std::to_string(e.index()) + ", expected " +
                                      std::to_string(next));
    }
    batch.Put(EntryKey(e.index()), e.SerializeAsString());
    ++next;
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;  // acknowledged means on disk
  LINCAO_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "append to raft log"));
  last_index_ = next - 1;
  return Status::Ok();
}

Result<v1::raft::Entry> RaftLogStore::Get(uint64_t index) const {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), EntryKey(index), &raw);
  if (s.IsNotFound()) {
    return Status(v1::NOT_FOUND, "raft log has no entry " + std::to_string(index));
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read raft log"));
  v1::raft::Entry e;
  if (!e.ParseFromString(raw) || e.index() != index) {
    return Status(v1::INTERNAL, "raft log entry " + std::to_string(index) + " is corrupt");
  }
  return e;
}

Status RaftLogStore::SaveHardState(const v1::raft::HardState& hs) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Put(wo, kHardStateKey, hs.SerializeAsString()), "save hard state");
}

Result<v1::raft::HardState> RaftLogStore::LoadHardState() const {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kHardStateKey, &raw);
  v1::raft::HardState hs;
  if (s.IsNotFound()) return hs;
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "load hard state"));
  if (!hs.ParseFromString(raw)) return Status(v1::INTERNAL, "hard state is corrupt");
  return hs;
}

}  // namespace lincao::node
