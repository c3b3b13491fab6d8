// The single-node commit path end to end, in process: admission checks,
// batching, a synced RocksDB log append per batch, BuildBlock and the ledger
// write. Reports committed transactions per second for a burst of
// pre-signed transfers submitted at once (so batching and group commit show).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>

#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "node/committer.h"
#include "node/log.h"

namespace lincao::node {
namespace {

class BenchChain {
 public:
  BenchChain() {
    spdlog::set_level(spdlog::level::warn);  // one line per block would drown the table
    dir_ = std::filesystem::temp_directory_path() /
           ("lincao-bench-node-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    registrar_ = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
    owner_ = *GenerateKeyFile("account", "owner", 0, v1::SUITE_ED25519_BLAKE2B);
    KeyFile node_key = *GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B);
    GenesisSpec spec;
    spec.params.chain_id = "lincao-bench";
    spec.params.genesis_time_ms = WallClockMs();
    spec.params.max_tx_horizon_ms = 24ull * 3600 * 1000;
    spec.params.max_ranges_per_tx = 64;
    spec.accounts.push_back({"registrar",
                             {v1::REGISTRAR},
                             1,
                             {{0, v1::SUITE_ED25519_BLAKE2B, registrar_.public_key}},
                             ""});
    spec.accounts.push_back(
        {"owner", {v1::PROJECT_OWNER}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, owner_.public_key}}, ""});
    spec.accounts.push_back({"buyer",
                             {v1::PARTICIPANT},
                             1,
                             {{0, v1::SUITE_ED25519_BLAKE2B, registrar_.public_key}},
                             ""});
    spec.nodes.push_back({"node-1", node_key.public_key});
    config_.data_dir = dir_;
    config_.batch_max_txs = 500;
    config_.batch_max_delay_ms = 2;
    config_.max_pending_txs = 100000;
    log_ = std::move(*RaftStorage::Open(dir_ / "raft"));
    ledger_ = std::move(*LedgerStore::Open(dir_ / "ledger"));
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok() || !ledger_->InitGenesis(*genesis).ok()) {
      std::fprintf(stderr, "bench setup: genesis failed: %s\n",
                   genesis.status().ToString().c_str());
      std::abort();
    }
    committer_ =
        std::make_unique<Committer>(config_, *ledger_, *log_, node_key, Members(genesis->voters));
    if (Status st = committer_->Recover(); !st.ok()) {
      std::fprintf(stderr, "bench setup: %s\n", st.ToString().c_str());
      std::abort();
    }
    committer_->Start();
    v1::Tx issue = NewTx(registrar_);
    issue.mutable_issue_batch()->set_to("owner");
    issue.mutable_issue_batch()->set_quantity(1ull << 40);
    issue.mutable_issue_batch()->set_project_id("SC-FOR-BENCH");
    issue.mutable_issue_batch()->set_vintage(2025);
    auto admitted = committer_->Submit(*SignTx(issue, {registrar_.ToSigningKey()}));
    if (!admitted.ok()) {
      std::fprintf(stderr, "bench setup: %s\n", admitted.status().ToString().c_str());
      std::abort();
    }
    admitted->ticket->Wait(std::chrono::seconds(10));
  }
  ~BenchChain() {
    committer_.reset();
    ledger_.reset();
    log_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::Tx NewTx(const KeyFile& key) {
    v1::Tx tx;
    tx.set_chain_id("lincao-bench");
    tx.set_nonce(BigEndian64(++nonce_) + BigEndian64(::getpid()));
    tx.set_expiry_ms(committer_ ? committer_->NextBlockTimeMs() + 600000 : WallClockMs() + 600000);
    tx.set_account(key.owner);
    return tx;
  }

  v1::SignedTx Transfer() {
    v1::Tx tx = NewTx(owner_);
    tx.mutable_transfer()->set_to("buyer");
    tx.mutable_transfer()->set_quantity(1);
    return *SignTx(tx, {owner_.ToSigningKey()});
  }

  Committer& committer() { return *committer_; }

 private:
  std::filesystem::path dir_;
  Config config_;
  KeyFile registrar_, owner_;
  std::unique_ptr<RaftStorage> log_;
  std::unique_ptr<LedgerStore> ledger_;
  std::unique_ptr<Committer> committer_;
  uint64_t nonce_ = 0;
};

void BM_CommitPathTransfers(benchmark::State& state) {
  BenchChain chain;
  const int burst = static_cast<int>(state.range(0));
  uint64_t committed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<v1::SignedTx> txs;
    for (int i = 0; i < burst; ++i) txs.push_back(chain.Transfer());
    state.ResumeTiming();
    std::vector<std::shared_ptr<TxTicket>> tickets;
    for (const auto& tx : txs) {
      auto admitted = chain.committer().Submit(tx);
      if (admitted.ok()) tickets.push_back(admitted->ticket);
    }
    for (auto& t : tickets) {
      auto out = t->Wait(std::chrono::seconds(30));
      if (out && out->kind == TxOutcome::Kind::kCommitted) ++committed;
    }
  }
  state.counters["committed_tx/s"] =
      benchmark::Counter(static_cast<double>(committed), benchmark::Counter::kIsRate);
  if (committed != static_cast<uint64_t>(burst) * state.iterations()) {
    state.SkipWithError("not every transfer committed");
  }
}
BENCHMARK(BM_CommitPathTransfers)
    ->Arg(1)
    ->Arg(500)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace lincao::node
