// Writes a real node's data folder holding a ledger of many transfers, for
// measuring `lincao audit verify` end to end (docs/audit.md, "Verifying
// the whole chain"): the same committer, Raft log and RocksDB ledger as
// lincaod, in process, with the dev layout around them (genesis.json,
// keys/node-1.key, lincaod.toml with `[audit] public = true`), so that
// `lincaod --config DIR/lincaod.toml` serves it afterwards. Not a timing:
// it runs only when LINCAO_AUDIT_LEDGER_DIR names the folder to write
// (LINCAO_AUDIT_LEDGER_TXS transfers, default 100,000):
//   LINCAO_AUDIT_LEDGER_DIR=/tmp/ledger100k lincao-bench --benchmark_filter=WriteAuditLedger
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "node/committer.h"
#include "node/ledger_store.h"
#include "node/members.h"
#include "node/raft_storage.h"

namespace lincao::node {
namespace {

void WriteText(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

void BM_WriteAuditLedger(benchmark::State& state) {
  const char* dir_env = std::getenv("LINCAO_AUDIT_LEDGER_DIR");
  if (dir_env == nullptr) {
    state.SkipWithError("set LINCAO_AUDIT_LEDGER_DIR to the folder to write");
    for (auto _ : state) {
    }
    return;
  }
  uint64_t target = 100000;
  if (const char* n = std::getenv("LINCAO_AUDIT_LEDGER_TXS"))
    target = std::strtoull(n, nullptr, 10);
  const std::filesystem::path dir = dir_env;
  std::filesystem::remove_all(dir);
  spdlog::set_level(spdlog::level::warn);
  KeyFile registrar = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
  KeyFile owner = *GenerateKeyFile("account", "owner", 0, v1::SUITE_ED25519_BLAKE2B);
  KeyFile node_key = *GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B);
  GenesisSpec spec;
  spec.params.chain_id = "lincao-audit-ledger";
  spec.params.genesis_time_ms = WallClockMs();
  spec.params.max_tx_horizon_ms = 24ull * 3600 * 1000;
  spec.params.max_ranges_per_tx = 64;
  spec.params.chaincode_version = 1;
  spec.accounts.push_back({"registrar",
                           {v1::REGISTRAR},
                           1,
                           {{0, v1::SUITE_ED25519_BLAKE2B, registrar.public_key}},
                           ""});
  spec.accounts.push_back(
      {"owner", {v1::PROJECT_OWNER}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, owner.public_key}}, ""});
  for (int i = 0; i < 10; ++i) {
    spec.accounts.push_back({"buyer-" + std::to_string(i),
                             {v1::PARTICIPANT},
                             1,
                             {{0, v1::SUITE_ED25519_BLAKE2B, registrar.public_key}},
                             ""});
  }
  spec.nodes.push_back({"node-1", node_key.public_key});
  auto genesis = BuildGenesis(spec);
  if (!genesis.ok()) {
    state.SkipWithError(genesis.status().ToString().c_str());
    return;
  }
  WriteText(dir / "genesis.json", GenesisToJson(spec));
  WriteText(dir / "keys" / "node-1.key", KeyFileToJson(node_key));
  WriteText(dir / "lincaod.toml",
            "[node]\nid = \"node-1\"\ndata_dir = \".\"\ngenesis = \"genesis.json\"\n"
            "node_key = \"keys/node-1.key\"\n\n[grpc]\nlisten = \"127.0.0.1:0\"\n\n"
            "[audit]\npublic = true\n");
  WriteText(dir / "genesis-hash", ToHex(genesis->hash) + "\n");

  Config config;
  config.data_dir = dir;
  config.batch_max_txs = 500;
  config.batch_max_delay_ms = 5;
  config.max_pending_txs = 100000;
  config.tick_ms = 10;
  auto log = RaftStorage::Open(dir / "raft");
  auto ledger = LedgerStore::Open(dir / "ledger");
  if (!log.ok() || !ledger.ok() || !(*ledger)->InitGenesis(*genesis).ok()) {
    state.SkipWithError("could not open the data folder");
    return;
  }
  Committer committer(config, **ledger, **log, node_key, Members(genesis->voters));
  if (!committer.Recover().ok()) {
    state.SkipWithError("recover failed");
    return;
  }
  committer.Start();
  while (committer.replication().raft.role != consensus::Role::kLeader) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  uint64_t nonce = 0;
  auto sign = [&](v1::Tx tx, const KeyFile& key) {
    tx.set_chain_id(spec.params.chain_id);
    ++nonce;
    tx.set_nonce(BigEndian64(nonce) + BigEndian64(~nonce));
    tx.set_expiry_ms(committer.NextBlockTimeMs() + 600000);
    tx.set_account(key.owner);
    return *SignTx(tx, {key.ToSigningKey()});
  };
  uint64_t committed = 0;
  auto submit_all = [&](const std::vector<v1::SignedTx>& txs) {
    std::vector<std::shared_ptr<TxTicket>> tickets;
    for (const auto& tx : txs) {
      auto admitted = committer.Submit(tx);
      if (admitted.ok()) tickets.push_back(admitted->ticket);
    }
    for (auto& t : tickets) {
      auto out = t->Wait(std::chrono::seconds(60));
      if (out && out->kind == TxOutcome::Kind::kCommitted) ++committed;
    }
  };
  for (auto _ : state) {
    v1::Tx issue;
    issue.mutable_issue_batch()->set_to("owner");
    issue.mutable_issue_batch()->set_quantity(1ull << 40);
    issue.mutable_issue_batch()->set_project_id("SC-FOR-LEDGER");
    issue.mutable_issue_batch()->set_vintage(2025);
    submit_all({sign(issue, registrar)});
    while (committed < target) {
      std::vector<v1::SignedTx> burst;
      for (uint64_t i = 0; i < 5000 && committed + burst.size() < target; ++i) {
        v1::Tx t;
        t.mutable_transfer()->set_to("buyer-" + std::to_string((committed + i) % 10));
        t.mutable_transfer()->set_quantity(1 + (committed + i) % 7);
        burst.push_back(sign(t, owner));
      }
      const uint64_t before = committed;
      submit_all(burst);
      if (committed == before) break;
    }
  }
  committer.Stop();
  state.counters["committed_tx"] = static_cast<double>(committed);
  std::fprintf(stderr, "wrote %s: %llu transactions committed; genesis hash %s\n", dir.c_str(),
               static_cast<unsigned long long>(committed), ToHex(genesis->hash).c_str());
}
BENCHMARK(BM_WriteAuditLedger)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace lincao::node
