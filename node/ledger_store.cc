#include "node/ledger_store.h"

#include <chrono>

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/table_properties_collectors.h>
#include <rocksdb/write_buffer_manager.h>

#include "chaincode/block.h"
#include "chaincode/canonical.h"
#include "chaincode/rule_set.h"
#include "node/db_format.h"
#include "node/history_index.h"
#include "node/log.h"

namespace lincao::node {
namespace {

constexpr std::string_view kGenesisKey = "genesis";
constexpr std::string_view kHeadKey = "head";  // height be64
constexpr std::string_view kAccumulatorKey = "accumulator";
constexpr std::string_view kAppliedKey = "applied";  // raft index be64
// The voting nodes in force for the head block (ChainHead::voters): u32 n,
// then n canonical NodeRecords as str(). Not hashed: a copy of what the
// state held after the block before the head.
constexpr std::string_view kHeadVotersKey = "head_voters";

Bytes EncodeVoters(const std::vector<NodeRecord>& voters) {
  CanonicalWriter w;
  w.U32(static_cast<uint32_t>(voters.size()));
  for (const auto& v : voters) w.Str(v.Encode());
  return w.Take();
}

bool DecodeVoters(std::string_view raw, std::vector<NodeRecord>* out) {
  CanonicalReader r(raw);
  uint32_t n = r.U32();
  if (!r.ok() || n > raw.size()) return false;
  out->clear();
  for (uint32_t i = 0; i < n; ++i) {
    NodeRecord rec;
    std::string enc = r.Str();
    if (!r.ok() || !NodeRecord::Decode(enc, &rec)) return false;
    out->push_back(std::move(rec));
  }
  return r.AtEnd();
}

std::string TxIndexValue(uint64_t height, uint32_t index) {
  return CanonicalWriter().U64(height).U32(index).Take();
}

// Bloom filter bits per key on the point-lookup column families: about 1%
// false positives, so a lookup of a key that is absent (a fresh tx id in the
// replay check, a holding's neighbour that is not there) is answered from
// the in-memory filter instead of reading a data block from disk.
constexpr double kBloomBitsPerKey = 10;
// State column family: an SST file in which at least kDeletionTrigger of any
// kDeletionWindow consecutive entries are deletions is compacted early, so
// tombstones left by consumed holdings do not linger between live keys.
constexpr size_t kDeletionWindow = 1024;
constexpr size_t kDeletionTrigger = 256;
// The state memtable's size whatever storage.write_buffer_mb allows (see Open).
constexpr size_t kStateMemtableBytes = 4u << 20;
// Share of a point-lookup family's memtable given to its Bloom filter.
constexpr double kMemtableBloomRatio = 0.05;

// Every column family's tables share `cache`; the point-lookup ones carry
// a Bloom filter.
rocksdb::ColumnFamilyOptions TableOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                          size_t write_buffer_bytes, bool bloom) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (bloom) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
    table.whole_key_filtering = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.write_buffer_size = write_buffer_bytes;
  if (bloom) {
    // Most point reads of new ids and absent records miss: a memtable Bloom
    // filter answers those without a walk down the skip list.
    cf.memtable_prefix_bloom_size_ratio = kMemtableBloomRatio;
    cf.memtable_whole_key_filtering = true;
  }
  return cf;
}

rocksdb::ColumnFamilyOptions StateOptions(rocksdb::ColumnFamilyOptions cf) {
  cf.table_properties_collector_factories.push_back(
      rocksdb::NewCompactOnDeletionCollectorFactory(kDeletionWindow, kDeletionTrigger));
  return cf;
}

// The smallest string above every string that starts with `prefix` (empty
// when there is none: a prefix of 0xff bytes only).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

[[noreturn]] void FatalStorageError(std::string_view what, const rocksdb::Status& s) {
  spdlog::critical("event=storage_fatal op={} error={}", what, Quoted(s.ToString()));
  std::abort();
}

// A ledger written before the history column family is refused (its blocks
// lack the per-transaction write keys the index needs, which only a replay
// recovers); the refusal says how to rebuild it: lincaod re-applies the
// whole raft log into a fresh ledger/ folder, with progress lines.
Status ExplainLedgerWithoutHistory(const std::filesystem::path& path, Status refused) {
  std::vector<std::string> found;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &found);
  const std::vector<std::string> old = {rocksdb::kDefaultColumnFamilyName, "blocks", "txindex",
                                        "state"};
  if (!s.ok() || found != old) return refused;
  // Only a real format-2 ledger gets the upgrade advice: a foreign database
  // with the same families keeps its own refusal.
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& name : old) cfs.push_back({name, rocksdb::ColumnFamilyOptions()});
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path.string(), cfs, &handles, &raw)
           .ok()) {
    return refused;
  }
  std::string stored;
  rocksdb::Status got =
      raw->Get(rocksdb::ReadOptions(), handles[0], rocksdb::Slice(kFormatKey), &stored);
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  raw->Close().PermitUncheckedError();
  delete raw;
  if (!got.ok() || stored != kLedgerFormatWithoutHistory) return refused;
  return Status(
      v1::STORAGE_FORMAT,
      "ledger " + path.string() + " has format '" + std::string(kLedgerFormatWithoutHistory) +
          "', without the history indexes of '" + std::string(kLedgerFormat) +
          "'; stop lincaod, move that folder aside (mv " + path.string() + " " + path.string() +
          ".v2) and start again: lincaod rebuilds the ledger and its indexes from the "
          "raft log (event=recovery_progress lines), then the old folder can go");
}

}  // namespace

Result<std::unique_ptr<LedgerStore>> LedgerStore::Open(const std::filesystem::path& path,
                                                       const LedgerMemory& memory) {
  auto cache = rocksdb::NewLRUCache(memory.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(memory.write_buffer_bytes);
  // One memtable may take at most a quarter of the shared budget (five
  // families, the busy ones being state and txindex).
  const size_t per_cf = std::max<size_t>(memory.write_buffer_bytes / 4, 1u << 20);
  // The state memtable stays small: under transfers most of its entries are
  // overwritten summaries and deleted holdings, which every seek through
  // them walks (a profile of 1-unit transfers showed 40% of the node's CPU
  // in such walks with 16 MiB). Once flushed, compaction drops them.
  const size_t state_cf = std::min(per_cf, kStateMemtableBytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, TableOptions(cache, per_cf, false)},
      {"blocks", TableOptions(cache, per_cf, false)},
      {"txindex", TableOptions(cache, per_cf, true)},
      {"state", StateOptions(TableOptions(cache, state_cf, true))},
      {"history", TableOptions(cache, per_cf, false)},
  };
  auto opened = OpenLincaoDb(path, db_options, cfs, kLedgerFormat);
  if (!opened.ok()) return ExplainLedgerWithoutHistory(path, opened.status());
  std::unique_ptr<LedgerStore> store(new LedgerStore());
  store->db_ = std::move(opened->db);
  store->handles_ = std::move(opened->handles);
  store->meta_ = store->handles_[0];
  store->blocks_ = store->handles_[1];
  store->txindex_ = store->handles_[2];
  store->state_ = store->handles_[3];
  store->history_ = store->handles_[4];
  LINCAO_RETURN_IF_ERROR(store->LoadMeta());
  return store;
}

LedgerStore::~LedgerStore() {
  if (!db_) return;
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db_->Close().PermitUncheckedError();
}

Status LedgerStore::LoadMeta() {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_, kGenesisKey, &raw);
  if (s.IsNotFound()) return Status::Ok();
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read genesis hash"));
  auto gh = ToHash32(raw);
  if (!gh) return Status(v1::INTERNAL, "ledger genesis hash is corrupt");
  genesis_hash_ = *gh;

  auto params = LoadRecord<ChainParams>(*this, keys::Params());
  if (!params.ok()) return params.status();
  if (!params.value()) return Status(v1::INTERNAL, "ledger has no chain parameters");
  params_ = **params;
  LINCAO_RETURN_IF_ERROR(CheckChaincodeVersion(params_.chaincode_version, "this ledger"));

  std::string head_raw, acc_raw, applied_raw, voters_raw;
  LINCAO_RETURN_IF_ERROR(
      FromRocks(db_->Get(rocksdb::ReadOptions(), meta_, kHeadKey, &head_raw), "read head"));
  LINCAO_RETURN_IF_ERROR(FromRocks(
      db_->Get(rocksdb::ReadOptions(), meta_, kAccumulatorKey, &acc_raw), "read accumulator"));
  LINCAO_RETURN_IF_ERROR(FromRocks(
      db_->Get(rocksdb::ReadOptions(), meta_, kAppliedKey, &applied_raw), "read applied index"));
  LINCAO_RETURN_IF_ERROR(FromRocks(
      db_->Get(rocksdb::ReadOptions(), meta_, kHeadVotersKey, &voters_raw), "read head voters"));
  if (!DecodeVoters(voters_raw, &head_.voters)) {
    return Status(v1::INTERNAL, "ledger head voters are corrupt");
  }
  uint64_t height = ReadBigEndian64(head_raw);
  auto block = GetBlock(height);
  if (!block.ok()) return block.status();
  const SignatureSuite* suite = FindSuite(params_.suite);
  if (suite == nullptr) return Status(v1::INTERNAL, "ledger suite not available in this build");
  head_.height = height;
  head_.hash = BlockHash(*suite, block->header());
  head_.time_ms = block->header().time_ms();
  if (!StateAccumulator::Parse(acc_raw, &head_.accumulator)) {
    return Status(v1::INTERNAL, "ledger state accumulator is corrupt");
  }
  if (AsBytes(head_.accumulator.Root(*suite)) != block->header().state_root()) {
    return Status(v1::INTERNAL, "ledger accumulator does not match the head block's state_root");
  }
  LINCAO_RETURN_IF_ERROR(CheckChaincodeVersion(block->header().chaincode_version(),
                                               "head block " + std::to_string(height)));
  head_header_ = block->header();
  applied_index_ = ReadBigEndian64(applied_raw);
  has_genesis_ = true;
  return Status::Ok();
}

Status LedgerStore::InitGenesis(const GenesisResult& genesis) {
  if (has_genesis_) return Status(v1::INTERNAL, "ledger already has a genesis block");
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : genesis.state.entries()) batch.Put(state_, key, value);
  batch.Put(blocks_, BigEndian64(0), genesis.block.SerializeAsString());
  batch.Put(meta_, kGenesisKey, std::string(AsView(genesis.hash)));
  batch.Put(meta_, kHeadKey, BigEndian64(0));
  batch.Put(meta_, kAccumulatorKey, genesis.accumulator.Serialize());
  batch.Put(meta_, kAppliedKey, BigEndian64(0));
  batch.Put(meta_, kHeadVotersKey, EncodeVoters(genesis.voters));
  rocksdb::WriteOptions wo;
  wo.sync = true;  // genesis is not in the raft log: it must be durable itself
  LINCAO_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "write genesis"));
  return LoadMeta();
}

Status LedgerStore::CheckGenesis(const Hash32& genesis_hash) const {
  if (genesis_hash == genesis_hash_) return Status::Ok();
  return Status(v1::STORAGE_FORMAT, "the genesis file hashes to " + ToHex(genesis_hash) +
                                        " but this ledger began from " + ToHex(genesis_hash_) +
                                        "; point the config at the original genesis file");
}

ChainHead LedgerStore::head() const {
  std::lock_guard<std::mutex> lock(mu_);
  return head_;
}

uint64_t LedgerStore::head_time_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return head_.time_ms;
}

v1::BlockHeader LedgerStore::head_header() const {
  std::lock_guard<std::mutex> lock(mu_);
  return head_header_;
}

uint64_t LedgerStore::applied_index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return applied_index_;
}

Status LedgerStore::CommitBlock(const BuiltBlock& built, uint64_t raft_index) {
  const uint64_t height = built.block.header().height();
  rocksdb::WriteBatch batch;
  batch.Put(blocks_, BigEndian64(height), built.block.SerializeAsString());
  for (size_t i = 0; i < built.tx_ids.size(); ++i) {
    batch.Put(txindex_, AsView(built.tx_ids[i]), TxIndexValue(height, static_cast<uint32_t>(i)));
  }
  for (const auto& [key, value] : built.writes) {
    if (value) {
      batch.Put(state_, key, *value);
    } else {
      batch.Delete(state_, key);
    }
  }
  // The audit history indexes: not consensus state, but in the block's own
  // write batch, so they are never ahead of or behind the blocks.
  auto history = history::EntriesForBlock(built);
  if (!history.ok()) return history.status();
  for (const auto& [key, value] : *history) batch.Put(history_, key, value);
  batch.Put(meta_, kHeadKey, BigEndian64(height));
  batch.Put(meta_, kAccumulatorKey, built.accumulator.Serialize());
  batch.Put(meta_, kAppliedKey, BigEndian64(raft_index));
  batch.Put(meta_, kHeadVotersKey, EncodeVoters(built.voters));
  LINCAO_RETURN_IF_ERROR(FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "write block"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    head_ = HeadAfter(built);
    head_header_ = built.block.header();
    applied_index_ = raft_index;
  }
  head_moved_.notify_all();
  return Status::Ok();
}

uint64_t LedgerStore::WaitForHeadAbove(uint64_t height, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  head_moved_.wait_for(lock, timeout, [&] { return head_.height > height; });
  return head_.height;
}

Status LedgerStore::MarkApplied(uint64_t raft_index) {
  LINCAO_RETURN_IF_ERROR(
      FromRocks(db_->Put(rocksdb::WriteOptions(), meta_, kAppliedKey, BigEndian64(raft_index)),
                "record applied index"));
  std::lock_guard<std::mutex> lock(mu_);
  applied_index_ = raft_index;
  return Status::Ok();
}

// A StateReader pinned to one RocksDB snapshot (LedgerStore::ReadSnapshot).
class LedgerSnapshot final : public StateReader {
 public:
  explicit LedgerSnapshot(const LedgerStore& store)
      : store_(store), snap_(store.db_->GetSnapshot()) {}
  ~LedgerSnapshot() override { store_.db_->ReleaseSnapshot(snap_); }
  std::optional<Bytes> Get(std::string_view key) const override { return store_.GetAt(snap_, key); }
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override {
    store_.ScanFromAt(snap_, prefix, start, fn);
  }

 private:
  const LedgerStore& store_;
  const rocksdb::Snapshot* snap_;
};

std::unique_ptr<StateReader> LedgerStore::ReadSnapshot() const {
  return std::make_unique<LedgerSnapshot>(*this);
}

std::optional<Bytes> LedgerStore::Get(std::string_view key) const { return GetAt(nullptr, key); }

void LedgerStore::ScanFrom(std::string_view prefix, std::string_view start,
                           const ScanFn& fn) const {
  ScanFromAt(nullptr, prefix, start, fn);
}

std::optional<Bytes> LedgerStore::GetAt(const rocksdb::Snapshot* snap, std::string_view key) const {
  std::string value;
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  rocksdb::Status s = db_->Get(ro, state_, rocksdb::Slice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  // Apply must never see a guess: a state read that fails cannot be told
  // apart from "absent", so the node stops instead of diverging.
  if (!s.ok()) FatalStorageError("read state", s);
  return value;
}

void LedgerStore::ScanFromAt(const rocksdb::Snapshot* snap, std::string_view prefix,
                             std::string_view start, const ScanFn& fn) const {
  // The upper bound stops the iterator at the end of the prefix inside
  // RocksDB: without it, the step past the prefix's last live key walks every
  // deleted key that follows (another account's consumed holdings, say)
  // before it finds a live one to compare.
  const std::string end = PrefixEnd(prefix);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  if (!end.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, state_));
  for (it->Seek(rocksdb::Slice(start < prefix ? prefix : start)); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  if (!it->status().ok()) FatalStorageError("scan state", it->status());
}

bool LedgerStore::IsCommitted(const Hash32& tx_id) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), txindex_, rocksdb::Slice(AsView(tx_id)), &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) FatalStorageError("read tx index", s);
  return true;
}

Status LedgerStore::VerifyState() const {
  const SignatureSuite* suite = FindSuite(params_.suite);
  if (suite == nullptr) return Status(v1::INTERNAL, "ledger suite not available in this build");
  const ChainHead expected = head();
  spdlog::info("event=verify_state_start height={}", expected.height);
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  StateAccumulator recomputed;
  uint64_t entries = 0, bytes = 0;
  Scan("", [&](std::string_view key, std::string_view value) {
    recomputed.Add(key, value);
    ++entries;
    bytes += key.size() + value.size();
    auto now = std::chrono::steady_clock::now();
    if (now - last_report > std::chrono::seconds(2)) {
      spdlog::info("event=verify_state_progress entries={} bytes={}", entries, bytes);
      last_report = now;
    }
    return true;
  });
  const Hash32 root = recomputed.Root(*suite);
  const Hash32 want = expected.accumulator.Root(*suite);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  if (root != want) {
    spdlog::critical("event=verify_state_mismatch height={} recomputed={} head={}", expected.height,
                     ToHex(root), ToHex(want));
    return Status(v1::STORAGE_FORMAT,
                  "the state column family hashes to state_root " + ToHex(root) +
                      " but head block " + std::to_string(expected.height) + " commits to " +
                      ToHex(want) +
                      ": the ledger's state is damaged; restore the data directory from a "
                      "backup or a healthy node");
  }
  spdlog::info("event=verify_state_done height={} entries={} bytes={} ms={} state_root={}",
               expected.height, entries, bytes, ms, ToHex(root));
  return Status::Ok();
}

Result<v1::Block> LedgerStore::GetBlock(uint64_t height) const {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), blocks_, BigEndian64(height), &raw);
  if (s.IsNotFound()) {
    return Status(v1::NOT_FOUND, "no block at height " + std::to_string(height));
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read block"));
  v1::Block block;
  if (!block.ParseFromString(raw)) {
    return Status(v1::INTERNAL, "block " + std::to_string(height) + " is corrupt");
  }
  return block;
}

Result<v1::TxRecord> LedgerStore::GetTx(const Hash32& tx_id) const {
  std::string raw;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), txindex_, rocksdb::Slice(AsView(tx_id)), &raw);
  if (s.IsNotFound()) {
    return Status(v1::NOT_FOUND, "no committed transaction " + ToHex(tx_id));
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read tx index"));
  CanonicalReader r(raw);
  uint64_t height = r.U64();
  uint32_t index = r.U32();
  if (!r.AtEnd()) return Status(v1::INTERNAL, "tx index entry is corrupt");
  auto block = GetBlock(height);
  if (!block.ok()) return block.status();
  if (index >= static_cast<uint32_t>(block->txs_size())) {
    return Status(v1::INTERNAL, "tx index points past the end of block " + std::to_string(height));
  }
  v1::TxRecord rec;
  rec.set_tx_id(AsBytes(tx_id));
  rec.set_height(height);
  rec.set_index(index);
  *rec.mutable_tx() = block->txs(index);
  *rec.mutable_result() = block->results(index);
  rec.set_time_ms(block->header().time_ms());
  return rec;
}

}  // namespace lincao::node

namespace lincao::node {

LedgerStore::Snapshot::Snapshot(const LedgerStore& store)
    : store_(store), snap_(store.db_->GetSnapshot()) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  std::string raw;
  rocksdb::Status s = store_.db_->Get(ro, store_.meta_, rocksdb::Slice(kHeadKey), &raw);
  if (s.ok() && raw.size() == 8)
    height_ = ReadBigEndian64(raw);
  else if (!s.ok() && !s.IsNotFound())
    FatalStorageError("read head", s);
}

LedgerStore::Snapshot::~Snapshot() { store_.db_->ReleaseSnapshot(snap_); }

std::optional<Bytes> LedgerStore::Snapshot::Get(std::string_view key) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  std::string value;
  rocksdb::Status s = store_.db_->Get(ro, store_.state_, rocksdb::Slice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) FatalStorageError("read state", s);
  return value;
}

void LedgerStore::Snapshot::ScanFrom(std::string_view prefix, std::string_view start,
                                     const ScanFn& fn) const {
  const std::string end = PrefixEnd(prefix);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  if (!end.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_.db_->NewIterator(ro, store_.state_));
  for (it->Seek(rocksdb::Slice(start < prefix ? prefix : start)); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  if (!it->status().ok()) FatalStorageError("scan state", it->status());
}

std::optional<Bytes> LedgerStore::Snapshot::GetHistory(std::string_view key) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  std::string value;
  rocksdb::Status s = store_.db_->Get(ro, store_.history_, rocksdb::Slice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) FatalStorageError("read history index", s);
  return value;
}

std::unique_ptr<rocksdb::Iterator> LedgerStore::Snapshot::NewHistoryIterator() const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  return std::unique_ptr<rocksdb::Iterator>(store_.db_->NewIterator(ro, store_.history_));
}

std::unique_ptr<LedgerStore::Snapshot> LedgerStore::TakeSnapshot() const {
  return std::unique_ptr<Snapshot>(new Snapshot(*this));
}

}  // namespace lincao::node
