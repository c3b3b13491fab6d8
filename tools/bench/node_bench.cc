// The commit path end to end, in process: admission checks, batching, the
// Ready loop with its synced RocksDB log writes, BuildBlock and the ledger
// write, on a single node and on three members passing messages in memory
// (each with its own raft/ and ledger/ databases, each applying every block,
// votes and certificates included). Reports committed transactions per
// second for a burst of pre-signed transfers submitted at once to the
// leader (so batching and group commit show).
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "node/committer.h"
#include "node/log.h"
#include "node/peer_transport.h"

#include <deque>
#include <thread>

namespace lincao::node {
namespace {

// This process's resident set (VmRSS in /proc/self/status), MiB; 0 if unknown.
double ResidentMiB() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmRSS: %lf kB", &kib) == 1) break;
  }
  std::fclose(f);
  return kib / 1024;
}

// Passes messages between the in-process members of a bench cluster: the
// Ready loops and apply run as in lincaod, only the sockets are left out.
class LoopbackTransport final : public PeerTransport {
 public:
  explicit LoopbackTransport(std::vector<Committer*>* members) : members_(members) {}
  void Send(std::vector<consensus::Message> messages) override {
    for (auto& m : messages) (*members_)[m.to() - 1]->OnRaftMessage(std::move(m));
  }
  void SendVote(consensus::NodeId to, const v1::CommitVote& vote) override {
    (*members_)[to - 1]->OnVote(vote);
  }
  void ForwardTxs(consensus::NodeId to, std::vector<std::string> txs) override {
    (*members_)[to - 1]->OnForwardedTxs(std::move(txs));
  }

 private:
  std::vector<Committer*>* members_;
};

class BenchChain {
 public:
  explicit BenchChain(int members) {
    spdlog::set_level(spdlog::level::warn);  // one line per block would drown the table
    dir_ = std::filesystem::temp_directory_path() /
           ("lincao-bench-node-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    registrar_ = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
    owner_ = *GenerateKeyFile("account", "owner", 0, v1::SUITE_ED25519_BLAKE2B);
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
    std::vector<KeyFile> node_keys;
    for (int i = 1; i <= members; ++i) {
      node_keys.push_back(
          *GenerateKeyFile("node", "node-" + std::to_string(i), 0, v1::SUITE_ED25519_BLAKE2B));
      spec.nodes.push_back({node_keys.back().owner, node_keys.back().public_key});
    }
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Die("genesis", genesis.status());
    for (int i = 0; i < members; ++i) {
      Member& m = members_.emplace_back();
      m.config.node_id = node_keys[i].owner;
      m.config.data_dir = dir_ / m.config.node_id;
      m.config.batch_max_txs = 500;
      m.config.batch_max_delay_ms = 2;
      m.config.max_pending_txs = 100000;
      m.config.tick_ms = 10;
      std::filesystem::create_directories(m.config.data_dir);
      m.log = std::move(*RaftStorage::Open(m.config.data_dir / "raft"));
      m.ledger = std::move(*LedgerStore::Open(m.config.data_dir / "ledger"));
      if (Status st = m.ledger->InitGenesis(*genesis); !st.ok()) Die("genesis write", st);
      m.committer = std::make_unique<Committer>(m.config, *m.ledger, *m.log, node_keys[i],
                                                Members(genesis->voters));
      if (Status st = m.committer->Recover(); !st.ok()) Die("recover", st);
      committers_.push_back(m.committer.get());
    }
    transport_ = std::make_unique<LoopbackTransport>(&committers_);
    for (Committer* c : committers_) {
      if (members > 1) c->SetTransport(transport_.get());
      c->Start();
    }
    for (int waited = 0; leader_ == nullptr; waited += 10) {
      if (waited > 10000) Die("election", Status(v1::TIMEOUT, "no leader within 10 s"));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      for (Committer* c : committers_) {
        if (c->replication().raft.role == consensus::Role::kLeader) leader_ = c;
      }
    }
    v1::Tx issue = NewTx(registrar_);
    issue.mutable_issue_batch()->set_to("owner");
    issue.mutable_issue_batch()->set_quantity(1ull << 40);
    issue.mutable_issue_batch()->set_project_id("SC-FOR-BENCH");
    issue.mutable_issue_batch()->set_vintage(2025);
    auto admitted = leader_->Submit(*SignTx(issue, {registrar_.ToSigningKey()}));
    if (!admitted.ok()) Die("issue", admitted.status());
    admitted->ticket->Wait(std::chrono::seconds(10));
  }
  ~BenchChain() {
    for (Member& m : members_) m.committer->Stop();
    members_.clear();
    std::filesystem::remove_all(dir_);
  }

  v1::Tx NewTx(const KeyFile& key) {
    v1::Tx tx;
    tx.set_chain_id("lincao-bench");
    tx.set_nonce(BigEndian64(++nonce_) + BigEndian64(::getpid()));
    tx.set_expiry_ms(leader_ ? leader_->NextBlockTimeMs() + 600000 : WallClockMs() + 600000);
    tx.set_account(key.owner);
    return tx;
  }

  v1::SignedTx Transfer() {
    v1::Tx tx = NewTx(owner_);
    tx.mutable_transfer()->set_to("buyer");
    tx.mutable_transfer()->set_quantity(1);
    return *SignTx(tx, {owner_.ToSigningKey()});
  }

  // Transactions go to the leader, as a client that followed NOT_LEADER would.
  Committer& committer() { return *leader_; }

 private:
  struct Member {
    Config config;
    std::unique_ptr<RaftStorage> log;
    std::unique_ptr<LedgerStore> ledger;
    std::unique_ptr<Committer> committer;
  };
  [[noreturn]] static void Die(const char* what, const Status& st) {
    std::fprintf(stderr, "bench setup: %s: %s\n", what, st.ToString().c_str());
    std::abort();
  }

  std::filesystem::path dir_;
  KeyFile registrar_, owner_;
  std::deque<Member> members_;
  std::vector<Committer*> committers_;
  std::unique_ptr<LoopbackTransport> transport_;
  Committer* leader_ = nullptr;
  uint64_t nonce_ = 0;
};

// Args: burst size, cluster members (1: the single node; 3: three members
// in process, messages passed in memory, every member applying every block).
void BM_CommitPathTransfers(benchmark::State& state) {
  BenchChain chain(static_cast<int>(state.range(1)));
  const int burst = static_cast<int>(state.range(0));
  uint64_t committed = 0;
  std::string first_failure;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<v1::SignedTx> txs;
    for (int i = 0; i < burst; ++i) txs.push_back(chain.Transfer());
    state.ResumeTiming();
    std::vector<std::shared_ptr<TxTicket>> tickets;
    for (const auto& tx : txs) {
      auto admitted = chain.committer().Submit(tx);
      if (admitted.ok()) {
        tickets.push_back(admitted->ticket);
      } else if (first_failure.empty()) {
        first_failure = "refused: " + admitted.status().ToString();
      }
    }
    for (auto& t : tickets) {
      auto out = t->Wait(std::chrono::seconds(30));
      if (out && out->kind == TxOutcome::Kind::kCommitted) {
        ++committed;
      } else if (first_failure.empty()) {
        first_failure = out ? "not committed: " + out->status.ToString() : "no outcome in 30 s";
      }
    }
  }
  state.counters["committed_tx/s"] =
      benchmark::Counter(static_cast<double>(committed), benchmark::Counter::kIsRate);
  // Every member's databases and caches live in this process.
  state.counters["rss_mib"] = ResidentMiB();
  state.counters["committed"] = static_cast<double>(committed);
  if (committed != static_cast<uint64_t>(burst) * state.iterations()) {
    state.SkipWithError(("not every transfer committed; first failure " + first_failure).c_str());
  }
}
BENCHMARK(BM_CommitPathTransfers)
    ->ArgNames({"burst", "members"})
    ->Args({1, 1})
    ->Args({500, 1})
    ->Args({2000, 1})
    ->Args({1, 3})
    ->Args({500, 3})
    ->Args({2000, 3})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace lincao::node
