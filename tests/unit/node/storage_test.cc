// The two databases: round trips, ordering, and the format-version refusal.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>

#include <algorithm>
#include <functional>
#include <map>

#include "chaincode/canonical.h"
#include "chaincode/rule_set.h"
#include "node/db_format.h"
#include "node/ledger_store.h"
#include "node/raft_storage.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

v1::raft::Entry MakeEntry(uint64_t index, const std::string& data) {
  v1::raft::Entry e;
  e.set_term(1);
  e.set_index(index);
  e.set_data(data);
  return e;
}

// Opens a database behind lincao's back (creating it if missing), with the
// default column family and, when `with_ledger_cfs`, the ledger's others;
// runs `edit` on it and closes it. What a hand edit, bit rot or another tool
// would do.
void EditRawDb(
    const std::filesystem::path& path, bool with_ledger_cfs,
    const std::function<void(rocksdb::DB*, std::vector<rocksdb::ColumnFamilyHandle*>&)>& edit) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {{rocksdb::kDefaultColumnFamilyName, {}}};
  if (with_ledger_cfs) {
    for (const char* n : {"blocks", "txindex", "state", "history"}) cfs.push_back({n, {}});
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, path.string(), cfs, &handles, &db).ok());
  edit(db, handles);
  for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  delete db;
}

// Rewrites the format key of a closed database (column family "default").
void OverwriteFormat(const std::filesystem::path& path, const std::string& value,
                     bool with_ledger_cfs) {
  EditRawDb(path, with_ledger_cfs, [&](rocksdb::DB* db, auto&) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), std::string(kFormatKey), value).ok());
  });
}

TEST(RaftStorage, RefusesOtherFormatVersion) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  { ASSERT_TRUE(RaftStorage::Open(path).ok()); }
  OverwriteFormat(path, "lincao-raft-log/99", false);
  auto log = RaftStorage::Open(path);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), v1::STORAGE_FORMAT);
  EXPECT_NE(log.status().message().find("lincao-raft-log/99"), std::string::npos);
  EXPECT_NE(log.status().message().find(std::string(kRaftLogFormat)), std::string::npos);
}

TEST(LedgerStore, GenesisRoundTripAndFormatRefusal) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  auto genesis = BuildGenesis(chain.spec());
  ASSERT_TRUE(genesis.ok());
  {
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    EXPECT_TRUE((*ledger)->empty());
    ASSERT_TRUE((*ledger)->InitGenesis(*genesis).ok());
  }
  {
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    EXPECT_FALSE((*ledger)->empty());
    EXPECT_EQ((*ledger)->head().height, 0u);
    EXPECT_EQ((*ledger)->head().hash, genesis->hash);
    EXPECT_EQ((*ledger)->genesis_hash(), genesis->hash);
    EXPECT_TRUE((*ledger)->CheckGenesis(genesis->hash).ok());
    Hash32 other = genesis->hash;
    other[0] ^= 1;
    EXPECT_EQ((*ledger)->CheckGenesis(other).code(), v1::STORAGE_FORMAT);
    // The stored state is exactly the genesis state.
    size_t n = 0;
    (*ledger)->Scan("", [&](std::string_view k, std::string_view v) {
      EXPECT_EQ(genesis->state.Get(k), std::optional<Bytes>(Bytes(v)));
      ++n;
      return true;
    });
    EXPECT_EQ(n, genesis->state.entries().size());
    EXPECT_EQ((*ledger)->params().chain_id, "lincao-node-test");
  }
  OverwriteFormat(path, "lincao-ledger/99", true);
  auto ledger = LedgerStore::Open(path);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), v1::STORAGE_FORMAT);
  EXPECT_NE(ledger.status().message().find("lincao-ledger/99"), std::string::npos);
}

// Lists the column families of a closed database.
std::vector<std::string> Families(const std::filesystem::path& path) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &names).ok());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(LedgerStore, RefusesTheRaftLogFolderAndLeavesItUsable) {
  // The data directory mix-up: the ledger opened on the raft log's folder.
  // It must be refused before any column family is added, so the log still opens.
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto log = RaftStorage::Open(path);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->Persist(nullptr, {MakeEntry(1, "a")}, nullptr, true).ok());
  }
  auto ledger = LedgerStore::Open(path);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), v1::STORAGE_FORMAT);
  EXPECT_NE(ledger.status().message().find("column families"), std::string::npos)
      << ledger.status().ToString();
  EXPECT_EQ(Families(path), std::vector<std::string>{"default"});
  auto log = RaftStorage::Open(path);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ((*log)->LastIndex(), 1u);

  // And the other way round: the raft log opened on a ledger folder.
  auto ledger_path = chain.dir() / "ledger";
  ASSERT_TRUE(LedgerStore::Open(ledger_path).ok());
  auto wrong = RaftStorage::Open(ledger_path);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), v1::STORAGE_FORMAT);
  EXPECT_EQ(Families(ledger_path).size(), 5u);  // default, blocks, txindex, state, history
}

TEST(LedgerStore, RefusesADatabaseWithoutAFormatInsteadOfStampingIt) {
  testing::TempChain chain;
  auto path = chain.dir() / "foreign";
  // A RocksDB database with the ledger's families that lincaod never wrote.
  EditRawDb(path, true, [](rocksdb::DB*, auto&) {});
  for (int attempt = 0; attempt < 2; ++attempt) {  // refused again: nothing was stamped
    auto ledger = LedgerStore::Open(path);
    ASSERT_FALSE(ledger.ok());
    EXPECT_EQ(ledger.status().code(), v1::STORAGE_FORMAT);
    EXPECT_NE(ledger.status().message().find("no lincao format"), std::string::npos)
        << ledger.status().ToString();
  }
}

TEST(LedgerStore, RefusesAChaincodeVersionThisBinaryLacks) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  GenesisSpec spec = chain.spec();
  {
    auto genesis = BuildGenesis(spec);
    ASSERT_TRUE(genesis.ok());
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok());
    // Write a ledger whose parameters name a newer version, as a newer release would.
    GenesisResult g = std::move(*genesis);
    ChainParams params = spec.params;
    params.chaincode_version = kLatestChaincodeVersion + 1;
    g.state.Put(keys::Params(), params.Encode());
    g.accumulator = AccumulateAll(g.state);
    g.block.mutable_header()->set_state_root(AsBytes(g.accumulator.Root(DefaultSuite())));
    ASSERT_TRUE((*ledger)->InitGenesis(g).code() == v1::UNSUPPORTED_CHAINCODE_VERSION);
  }
  auto reopened = LedgerStore::Open(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), v1::UNSUPPORTED_CHAINCODE_VERSION);
  EXPECT_NE(reopened.status().message().find("chaincode version " +
                                             std::to_string(kLatestChaincodeVersion + 1)),
            std::string::npos)
      << reopened.status().ToString();
}

TEST(LedgerStore, RefusesTheFormatBeforeHoldingsKeyedByLastSerial) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  {
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  }
  OverwriteFormat(path, "lincao-ledger/1", true);
  auto ledger = LedgerStore::Open(path);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), v1::STORAGE_FORMAT);
}

// A ledger of format 2 (before the history column family) is refused with
// the way to rebuild it from the raft log, and left exactly as it was.
TEST(LedgerStore, RefusesALedgerWithoutHistoryIndexesAndSaysHowToRebuild) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "blocks", "txindex", "state"}) cfs.push_back({n, {}});
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, path.string(), cfs, &handles, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), std::string(kFormatKey), "lincao-ledger/2").ok());
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
    delete db;
  }
  auto ledger = LedgerStore::Open(path);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), v1::STORAGE_FORMAT);
  EXPECT_NE(ledger.status().message().find("move that folder aside"), std::string::npos)
      << ledger.status().ToString();
  EXPECT_NE(ledger.status().message().find("raft log"), std::string::npos);
  std::vector<std::string> families;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &families).ok());
  EXPECT_EQ(families.size(), 4u);  // no "history" was added to the refused folder
}

// The options RocksDB recorded for the ledger (its OPTIONS file), by column
// family name: what LedgerStore::Open really configured.
std::map<std::string, rocksdb::ColumnFamilyOptions> RecordedOptions(
    const std::filesystem::path& path) {
  rocksdb::ConfigOptions config;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  rocksdb::Status s = rocksdb::LoadLatestOptions(config, path.string(), &db_options, &cfs);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::map<std::string, rocksdb::ColumnFamilyOptions> out;
  for (const auto& cf : cfs) out[cf.name] = cf.options;
  return out;
}

std::string FilterPolicyName(const rocksdb::ColumnFamilyOptions& cf) {
  if (!cf.table_factory) return "";
  const auto* table = cf.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  if (table == nullptr || !table->filter_policy) return "";
  return table->filter_policy->CompatibilityName();
}

TEST(LedgerStore, TxIndexAndStateCarryBloomFilters) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  {
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  }
  auto recorded = RecordedOptions(path);
  ASSERT_TRUE(recorded.count("txindex") && recorded.count("state") && recorded.count("blocks"));
  EXPECT_EQ(FilterPolicyName(recorded["txindex"]), "rocksdb.BuiltinBloomFilter");
  EXPECT_EQ(FilterPolicyName(recorded["state"]), "rocksdb.BuiltinBloomFilter");
  // Blocks are read by height, always present: no filter needed there.
  EXPECT_EQ(FilterPolicyName(recorded["blocks"]), "");
  // State also compacts files dense with deletions early.
  EXPECT_FALSE(recorded["state"].table_properties_collector_factories.empty());
}

TEST(LedgerStore, ScanFromStartsInsideAPrefixAndStopsAtItsEnd) {
  testing::TempChain chain;
  auto genesis = BuildGenesis(chain.spec());
  ASSERT_TRUE(genesis.ok());
  // Keys that sort around the scanned prefix "h/bob/".
  for (const char* k : {"h/bo/1", "h/bob/1", "h/bob/3", "h/bob/5", "h/bob0/1", "h/boc/1"}) {
    genesis->state.Put(k, "v");
  }
  auto ledger = LedgerStore::Open(chain.dir() / "ledger");
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  ASSERT_TRUE((*ledger)->InitGenesis(*genesis).ok());
  auto keys_from = [&](std::string_view start) {
    std::vector<std::string> seen;
    (*ledger)->ScanFrom("h/bob/", start, [&](std::string_view k, std::string_view) {
      seen.emplace_back(k);
      return true;
    });
    return seen;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(keys_from("h/bob/2"), V({"h/bob/3", "h/bob/5"}));
  EXPECT_EQ(keys_from("h/bob/3"), V({"h/bob/3", "h/bob/5"}));
  EXPECT_EQ(keys_from(""), V({"h/bob/1", "h/bob/3", "h/bob/5"})) << "below the prefix: all of it";
  EXPECT_EQ(keys_from("h/bob/6"), V());
}

TEST(LedgerStore, ReadSnapshotKeepsSeeingTheStateItWasTakenAt) {
  testing::TempChain chain;
  auto genesis = BuildGenesis(chain.spec());
  ASSERT_TRUE(genesis.ok());
  genesis->state.Put("h/bob/1", "old");
  auto ledger = LedgerStore::Open(chain.dir() / "ledger");
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  ASSERT_TRUE((*ledger)->InitGenesis(*genesis).ok());
  std::unique_ptr<StateReader> before = (*ledger)->ReadSnapshot();

  // A block lands while the snapshot is held: it changes one key and adds one.
  BuiltBlock built;
  built.made = true;
  built.block.mutable_header()->set_height(1);
  built.writes.emplace("h/bob/1", Bytes("new"));
  built.writes.emplace("h/bob/2", Bytes("added"));
  built.accumulator = (*ledger)->head().accumulator;
  built.voters = genesis->voters;
  ASSERT_TRUE((*ledger)->CommitBlock(built, 2).ok());

  EXPECT_EQ((*ledger)->Get("h/bob/1"), Bytes("new"));
  EXPECT_EQ(before->Get("h/bob/1"), Bytes("old"));
  EXPECT_EQ(before->Get("h/bob/2"), std::nullopt);
  std::vector<std::string> seen;
  before->Scan("h/bob/", [&](std::string_view k, std::string_view v) {
    seen.push_back(std::string(k) + "=" + std::string(v));
    return true;
  });
  EXPECT_EQ(seen, std::vector<std::string>({"h/bob/1=old"}));
  EXPECT_EQ((*ledger)->ReadSnapshot()->Get("h/bob/2"), Bytes("added"));
}

}  // namespace
}  // namespace lincao::node

namespace lincao::node {
namespace {

TEST(LedgerStore, VerifyStateFindsADamagedStateColumnFamily) {
  testing::TempChain chain;
  auto path = chain.dir() / "ledger";
  auto genesis = BuildGenesis(chain.spec());
  ASSERT_TRUE(genesis.ok());
  {
    auto ledger = LedgerStore::Open(path);
    ASSERT_TRUE(ledger.ok());
    ASSERT_TRUE((*ledger)->InitGenesis(*genesis).ok());
    Status st = (*ledger)->VerifyState();
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  // A state entry the blocks never wrote (bit rot, a hand edit, a bad restore).
  EditRawDb(path, true, [](rocksdb::DB* db, auto& handles) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[3], "a/intruder", "x").ok());
  });
  auto ledger = LedgerStore::Open(path);
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();  // the cheap checks pass
  Status st = (*ledger)->VerifyState();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), v1::STORAGE_FORMAT);
  EXPECT_NE(st.message().find(ToHex((*ledger)->head().accumulator.Root(DefaultSuite()))),
            std::string::npos)
      << st.ToString();
}

}  // namespace
}  // namespace lincao::node
