// What a transfer costs as holdings fragment and as an account keeps
// sending, on a real LedgerStore in a temporary directory (so RocksDB
// tombstones and overwrites behave as they do on a node).
//
//   BM_TransferVsFragments/N   sender and receiver each hold N ranges; one
//                              signed 1-unit transfer is built into a block
//                              (BuildBlock: checks, rules, LtHash) and
//                              committed. Reports the state entries the
//                              block read (keys_read) beside the time.
//   BM_OneSenderSixtyThousand  60,000 one-unit transfers from one sender
//                              through the node's commit path (admission,
//                              batching, synced log, apply, ledger write);
//                              tx/s for the first and the last 6,000, then
//                              the GetHoldings read for the sender, an
//                              account whose id sorts just before it and
//                              one that sorts after it.
//
// Run: lincao-bench --benchmark_filter='BM_(TransferVsFragments|OneSender)'
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "chaincode/block.h"
#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/holdings.h"
#include "chaincode/key_file.h"
#include "chaincode/limits.h"
#include "chaincode/tx.h"
#include "chaincode/tx_rules.h"
#include "node/committer.h"
#include "node/ledger_store.h"
#include "node/log.h"
#include "node/registry_service.h"

namespace lincao::node {
namespace {

constexpr uint64_t kGenesisMs = 1767225600000;
constexpr char kChain[] = "lincao-bench-holdings";
// Units in each planted range, and the gap of one serial between ranges that
// keeps them from merging.
constexpr uint64_t kFragmentUnits = 1000000;

[[noreturn]] void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "holdings bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::abort();
}

std::filesystem::path FreshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("lincao-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

GenesisAccount Account(const std::string& id, v1::Role role, const KeyFile& key) {
  return {id, {role}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, key.public_key}}, id};
}

// Counts the state entries a reader hands out: Gets that find a value and
// entries visited by scans.
class CountingReader final : public StateReader {
 public:
  explicit CountingReader(const StateReader& base) : base_(base) {}
  std::optional<Bytes> Get(std::string_view key) const override {
    auto v = base_.Get(key);
    if (v) ++reads_;
    return v;
  }
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override {
    base_.ScanFrom(prefix, start, [&](std::string_view k, std::string_view v) {
      ++reads_;
      return fn(k, v);
    });
  }
  uint64_t reads() const { return reads_; }
  void reset() { reads_ = 0; }

 private:
  const StateReader& base_;
  mutable uint64_t reads_ = 0;
};

// A ledger with a sender and a receiver each holding `fragments` ranges.
// The sender's lowest range sits right after a one-unit range the receiver
// holds in the same batch, so every lowest-first unit the sender moves
// merges into that receiver range: the counts stay put however many
// transfers run, and only the cost per transfer is measured.
class FragmentedLedger {
 public:
  explicit FragmentedLedger(uint64_t fragments) : dir_(FreshDir("frag")) {
    sender_ = *GenerateKeyFile("account", "sender", 0, v1::SUITE_ED25519_BLAKE2B);
    KeyFile registrar = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
    KeyFile receiver = *GenerateKeyFile("account", "receiver", 0, v1::SUITE_ED25519_BLAKE2B);
    GenesisSpec spec;
    spec.params = {kChain,          v1::SUITE_ED25519_BLAKE2B, kGenesisMs,
                   kMaxTxHorizonMs, kMaxRangesPerTx,           1};
    spec.accounts = {Account("registrar", v1::REGISTRAR, registrar),
                     Account("sender", v1::PARTICIPANT, sender_),
                     Account("receiver", v1::PARTICIPANT, receiver)};
    spec.nodes.push_back({"node-1", registrar.public_key});
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Die("genesis", genesis.status());
    params_ = spec.params;
    auto opened = LedgerStore::Open(dir_ / "ledger");
    if (!opened.ok()) Die("open", opened.status());
    ledger_ = std::move(*opened);
    if (Status st = ledger_->InitGenesis(*genesis); !st.ok()) Die("genesis write", st);
    head_ = ledger_->head();

    // Serials: batch 1 holds the sender's ranges (each kFragmentUnits long,
    // one serial apart) and the receiver's merge target just below them;
    // batch 2 holds the receiver's own ranges, elsewhere.
    const uint64_t stride = kFragmentUnits + 1;
    Holdings sender_ranges, receiver_ranges;
    receiver_ranges.push_back({1, 1, 1});
    for (uint64_t i = 0; i < fragments; ++i) {
      uint64_t first = 2 + i * stride;
      sender_ranges.push_back({first, first + kFragmentUnits - 1, 1});
    }
    const uint64_t batch2 = 2 + fragments * stride + 1000;
    for (uint64_t i = 0; i + 1 < std::max<uint64_t>(fragments, 2); ++i) {
      uint64_t first = batch2 + i * 2;
      receiver_ranges.push_back({first, first, 2});
    }
    Plant({{"sender", sender_ranges}, {"receiver", receiver_ranges}});
  }

  ~FragmentedLedger() {
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  // One signed transfer of `units` lowest-first, sender -> receiver.
  v1::SignedTx NextTransfer(uint64_t units) {
    v1::Tx tx;
    tx.set_chain_id(kChain);
    tx.set_nonce(BigEndian64(++nonce_) + BigEndian64(0x5eed));
    tx.set_expiry_ms(kGenesisMs + kMaxTxHorizonMs - 1);
    tx.set_account("sender");
    tx.mutable_transfer()->set_to("receiver");
    tx.mutable_transfer()->set_quantity(units);
    return *SignTx(tx, {sender_.ToSigningKey()});
  }

  // Builds and commits a block of `txs`; returns the state entries read.
  uint64_t Commit(const std::vector<v1::SignedTx>& txs) {
    v1::Batch batch;
    batch.set_leader_time_ms(head_.time_ms + 1);
    batch.set_proposer("node-1");
    for (const auto& t : txs) batch.add_txs(t.SerializeAsString());
    CountingReader counting(*ledger_);
    auto built = BuildBlock(params_, head_, counting, *ledger_, batch.SerializeAsString());
    if (!built.ok()) Die("build", built.status());
    for (const auto& r : built->block.results()) {
      if (r.code() != v1::OK)
        Die("transfer", Status(static_cast<ErrorCode>(r.code()), r.message()));
    }
    if (Status st = ledger_->CommitBlock(*built, ++raft_index_); !st.ok()) Die("commit", st);
    head_ = HeadAfter(*built);
    return counting.reads();
  }

 private:
  // Writes holdings straight into state as one block (setup, not measured).
  void Plant(const std::vector<std::pair<std::string, Holdings>>& holdings) {
    OverlayState overlay(*ledger_);
    for (const auto& [account, ranges] : holdings) {
      auto h = AccountHoldings::Load(overlay, account);
      if (!h.ok()) Die("plant", h.status());
      if (Status st = h->Add(overlay, ranges); !st.ok()) Die("plant", st);
    }
    BuiltBlock built;
    built.made = true;
    built.writes = overlay.writes();
    built.accumulator = head_.accumulator;
    built.accumulator.ApplyWrites(*ledger_, built.writes);
    v1::BlockHeader* h = built.block.mutable_header();
    h->set_chain_id(kChain);
    h->set_height(head_.height + 1);
    h->set_time_ms(head_.time_ms);
    h->set_state_root(AsBytes(built.accumulator.Root(DefaultSuite())));
    built.hash = BlockHash(DefaultSuite(), *h);
    built.voters = head_.voters;
    if (Status st = ledger_->CommitBlock(built, ++raft_index_); !st.ok()) Die("plant", st);
    head_ = HeadAfter(built);
  }

  std::filesystem::path dir_;
  ChainParams params_;
  KeyFile sender_;
  std::unique_ptr<LedgerStore> ledger_;
  ChainHead head_;
  uint64_t raft_index_ = 0;
  uint64_t nonce_ = 0;
};

void BM_TransferVsFragments(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  FragmentedLedger ledger(static_cast<uint64_t>(state.range(0)));
  uint64_t reads = 0;
  for (auto _ : state) {
    state.PauseTiming();
    v1::SignedTx tx = ledger.NextTransfer(1);
    state.ResumeTiming();
    reads += ledger.Commit({tx});
  }
  state.counters["keys_read"] =
      static_cast<double>(reads) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransferVsFragments)
    ->Arg(1)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMicrosecond);

// The node's commit path with one busy sender, as in the report behind
// issue #6.
class OneSenderChain {
 public:
  OneSenderChain() : dir_(FreshDir("one-sender")) {
    spdlog::set_level(spdlog::level::warn);
    registrar_ = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
    owner_ = *GenerateKeyFile("account", "owner", 0, v1::SUITE_ED25519_BLAKE2B);
    KeyFile node_key = *GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B);
    GenesisSpec spec;
    spec.params.chain_id = kChain;
    spec.params.genesis_time_ms = WallClockMs();
    spec.params.max_tx_horizon_ms = kMaxTxHorizonMs;
    spec.params.max_ranges_per_tx = kMaxRangesPerTx;
    // "own" sorts just before "owner" (h/own/ < h/owner/), "zed" after.
    spec.accounts = {
        Account("registrar", v1::REGISTRAR, registrar_),
        Account("owner", v1::PROJECT_OWNER, owner_), Account("own", v1::PROJECT_OWNER, owner_),
        Account("zed", v1::PROJECT_OWNER, owner_), Account("buyer", v1::PARTICIPANT, owner_)};
    spec.nodes.push_back({"node-1", node_key.public_key});
    config_.data_dir = dir_;
    config_.batch_max_txs = 500;
    config_.batch_max_delay_ms = 2;
    config_.max_pending_txs = 100000;
    log_ = std::move(*RaftStorage::Open(dir_ / "raft"));
    ledger_ = std::move(*LedgerStore::Open(dir_ / "ledger"));
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Die("genesis", genesis.status());
    if (Status st = ledger_->InitGenesis(*genesis); !st.ok()) Die("genesis write", st);
    committer_ =
        std::make_unique<Committer>(config_, *ledger_, *log_, node_key, Members(genesis->voters));
    if (Status st = committer_->Recover(); !st.ok()) {
      std::fprintf(stderr, "bench setup: %s\n", st.ToString().c_str());
      std::abort();
    }
    committer_->Start();
    for (const char* to : {"owner", "own", "zed"}) {
      v1::Tx issue = NewTx("registrar");
      issue.mutable_issue_batch()->set_to(to);
      issue.mutable_issue_batch()->set_quantity(1ull << 40);
      issue.mutable_issue_batch()->set_project_id("SC-FOR-BENCH");
      issue.mutable_issue_batch()->set_vintage(2025);
      SubmitAndWait({*SignTx(issue, {registrar_.ToSigningKey()})});
    }
  }
  ~OneSenderChain() {
    committer_.reset();
    ledger_.reset();
    log_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::Tx NewTx(const std::string& account) {
    v1::Tx tx;
    tx.set_chain_id(kChain);
    tx.set_nonce(BigEndian64(++nonce_) + BigEndian64(::getpid()));
    tx.set_expiry_ms(committer_->NextBlockTimeMs() + 600000);
    tx.set_account(account);
    return tx;
  }

  v1::SignedTx OneUnit() {
    v1::Tx tx = NewTx("owner");
    tx.mutable_transfer()->set_to("buyer");
    tx.mutable_transfer()->set_quantity(1);
    return *SignTx(tx, {owner_.ToSigningKey()});
  }

  // Submits and waits for every tx; aborts unless all commit.
  void SubmitAndWait(const std::vector<v1::SignedTx>& txs) {
    std::vector<std::shared_ptr<TxTicket>> tickets;
    for (const auto& tx : txs) {
      auto admitted = committer_->Submit(tx);
      if (!admitted.ok()) Die("submit", admitted.status());
      tickets.push_back(admitted->ticket);
    }
    for (auto& t : tickets) {
      auto out = t->Wait(std::chrono::seconds(60));
      if (!out || out->kind != TxOutcome::Kind::kCommitted) {
        Die("wait", out ? out->status : Status(v1::TIMEOUT, "no outcome"));
      }
    }
  }

  // Median wall time of the holdings query for `account`, in ms.
  double HoldingsMs(const std::string& account) {
    std::vector<double> ms;
    for (int i = 0; i < 21; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto held = ReadHoldingsPage(*ledger_, account, 0, kDefaultHoldingsPage);
      auto t1 = std::chrono::steady_clock::now();
      if (!held.ok()) Die("holdings", held.status());
      benchmark::DoNotOptimize(held);
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  }

 private:
  std::filesystem::path dir_;
  Config config_;
  KeyFile registrar_, owner_;
  std::unique_ptr<RaftStorage> log_;
  std::unique_ptr<LedgerStore> ledger_;
  std::unique_ptr<Committer> committer_;
  uint64_t nonce_ = 0;
};

void BM_OneSenderSixtyThousand(benchmark::State& state) {
  constexpr int kTotal = 60000;
  constexpr int kWave = 6000;
  for (auto _ : state) {
    OneSenderChain chain;
    std::vector<double> wave_tx_per_s;
    for (int done = 0; done < kTotal; done += kWave) {
      std::vector<v1::SignedTx> txs;
      for (int i = 0; i < kWave; ++i) txs.push_back(chain.OneUnit());
      auto t0 = std::chrono::steady_clock::now();
      chain.SubmitAndWait(txs);
      auto t1 = std::chrono::steady_clock::now();
      wave_tx_per_s.push_back(kWave / std::chrono::duration<double>(t1 - t0).count());
    }
    state.counters["first_6k_tx/s"] = wave_tx_per_s.front();
    state.counters["last_6k_tx/s"] = wave_tx_per_s.back();
    state.counters["holdings_ms_sender"] = chain.HoldingsMs("owner");
    state.counters["holdings_ms_before"] = chain.HoldingsMs("own");
    state.counters["holdings_ms_after"] = chain.HoldingsMs("zed");
    state.counters["holdings_ms_receiver"] = chain.HoldingsMs("buyer");
  }
}
BENCHMARK(BM_OneSenderSixtyThousand)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace lincao::node
