// `lincao audit verify`'s engine (tools/audit/chain_verifier.h) over an
// in-memory ledger: LINCAO_AUDIT_BENCH_TXS transfers (default 100,000) in
// blocks of 500, each block carrying the 2-of-3 majority certificate of the
// one before, as a cluster writes them. The ledger is built once, outside
// the timing; each iteration verifies it from genesis with every signature
// checked on the thread pool and every block replayed. Reports blocks/s and
// tx/s. What the network adds (a node streaming from RocksDB over gRPC) is
// measured end to end with a real node, docs/audit.md says how.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "chaincode/block.h"
#include "tools/audit/chain_verifier.h"
#include "tools/bench/bench_support.h"

namespace lincao::bench {
namespace {

constexpr int kBlockTxs = 500;

struct Ledger {
  GenesisSpec spec;
  Hash32 genesis_hash{};
  std::vector<v1::StreamedBlock> stream;
  uint64_t txs = 0;
};

const Ledger& BuildLedger() {
  static const Ledger ledger = [] {
    Ledger l;
    uint64_t target = 100000;
    if (const char* env = std::getenv("LINCAO_AUDIT_BENCH_TXS"))
      target = std::strtoull(env, nullptr, 10);
    const KeyPair registrar = LabelKey("audit-bench/", "registrar");
    const KeyPair owner = LabelKey("audit-bench/", "owner");
    l.spec.params.chain_id = "lincao-audit-bench";
    l.spec.params.genesis_time_ms = kGenesisMs;
    l.spec.params.max_tx_horizon_ms = 24ull * 3600 * 1000;
    l.spec.params.max_ranges_per_tx = 64;
    l.spec.params.chaincode_version = 1;
    l.spec.accounts.push_back({"registrar",
                               {v1::REGISTRAR},
                               1,
                               {{0, v1::SUITE_ED25519_BLAKE2B, registrar.public_key}},
                               ""});
    l.spec.accounts.push_back(
        {"owner", {v1::PROJECT_OWNER}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, owner.public_key}}, ""});
    for (int i = 0; i < 10; ++i) {
      l.spec.accounts.push_back(
          {"buyer-" + std::to_string(i),
           {v1::PARTICIPANT},
           1,
           {{0, v1::SUITE_ED25519_BLAKE2B,
             LabelKey("audit-bench/", "buyer-" + std::to_string(i)).public_key}},
           ""});
    }
    std::vector<KeyPair> nodes;
    for (int i = 1; i <= 3; ++i) {
      nodes.push_back(LabelKey("audit-bench/node/", std::to_string(i)));
      l.spec.nodes.push_back({"node-" + std::to_string(i), nodes.back().public_key});
    }
    auto genesis = BuildGenesis(l.spec);
    if (!genesis.ok()) Die("audit", genesis.status(), "genesis");
    l.genesis_hash = genesis->hash;
    MapState state = std::move(genesis->state);
    ChainHead head = genesis->Head();
    NoneCommitted none;  // every transaction is fresh
    uint64_t nonce = 0;
    auto sign = [&](v1::Tx tx, const std::string& account, const KeyPair& key) {
      tx.set_chain_id(l.spec.params.chain_id);
      ++nonce;
      tx.set_nonce(BigEndian64(nonce) + BigEndian64(~nonce));
      tx.set_expiry_ms(head.time_ms + 3600000);
      tx.set_account(account);
      auto signed_tx = SignTx(tx, {{account, 0, v1::SUITE_ED25519_BLAKE2B, key.secret_key}});
      if (!signed_tx.ok()) Die("audit", signed_tx.status(), "sign");
      return signed_tx->SerializeAsString();
    };
    std::vector<v1::Block> blocks;
    auto commit = [&](const std::vector<std::string>& txs) {
      v1::Batch batch;
      batch.set_leader_time_ms(head.time_ms + 1000);
      batch.set_proposer("node-1");
      for (const auto& t : txs) batch.add_txs(t);
      if (head.height > 0) {
        v1::Commit* c = batch.mutable_last_commit();
        c->set_height(head.height);
        c->set_block_hash(AsBytes(head.hash));
        const Bytes msg = CommitSigningMessage(l.spec.params.chain_id, head.height, head.hash);
        for (int i = 0; i < 2; ++i) {
          auto* s = c->add_signatures();
          s->set_node_id("node-" + std::to_string(i + 1));
          s->set_suite(v1::SUITE_ED25519_BLAKE2B);
          s->set_signature(DefaultSuite().Sign(nodes[i].secret_key, msg));
        }
      }
      auto built = BuildBlock(l.spec.params, head, state, none, batch.SerializeAsString());
      if (!built.ok() || !built->made || !built->dropped.empty()) {
        Die("audit",
            built.ok() ? Status(v1::INTERNAL, "a transaction was dropped") : built.status(),
            "block");
      }
      for (const auto& [key, value] : built->writes) {
        if (value) {
          state.Put(key, *value);
        } else {
          state.Delete(key);
        }
      }
      head = HeadAfter(*built);
      blocks.push_back(std::move(built->block));
    };
    v1::Tx issue;
    issue.mutable_issue_batch()->set_to("owner");
    issue.mutable_issue_batch()->set_quantity(1ull << 40);
    issue.mutable_issue_batch()->set_project_id("SC-FOR-BENCH");
    issue.mutable_issue_batch()->set_vintage(2025);
    commit({sign(issue, "registrar", registrar)});
    l.txs = 1;
    while (l.txs < target) {
      std::vector<std::string> txs;
      for (int i = 0; i < kBlockTxs && l.txs < target; ++i, ++l.txs) {
        v1::Tx t;
        t.mutable_transfer()->set_to("buyer-" + std::to_string(l.txs % 10));
        t.mutable_transfer()->set_quantity(1 + l.txs % 7);
        txs.push_back(sign(t, "owner", owner));
      }
      commit(txs);
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
      v1::StreamedBlock sb;
      *sb.mutable_block() = blocks[i];
      sb.set_block_hash(AsBytes(BlockHash(DefaultSuite(), blocks[i].header())));
      if (i + 1 < blocks.size()) *sb.mutable_certificate() = blocks[i + 1].last_commit();
      l.stream.push_back(std::move(sb));
    }
    return l;
  }();
  return ledger;
}

// Arg: verifier threads (0: one per core).
void BM_AuditVerify(benchmark::State& state) {
  const Ledger& l = BuildLedger();
  for (auto _ : state) {
    auto v = audit::ChainVerifier::Create(l.spec, l.genesis_hash,
                                          {.threads = static_cast<unsigned>(state.range(0))});
    if (!v.ok()) Die("audit", v.status(), "create");
    for (const auto& sb : l.stream) {
      if (Status st = (*v)->Add(sb); !st.ok()) Die("audit", st, "verify");
    }
    if (Status st = (*v)->Finish(); !st.ok()) Die("audit", st, "verify");
  }
  state.counters["blocks/s"] = benchmark::Counter(
      static_cast<double>(l.stream.size() * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["tx/s"] = benchmark::Counter(static_cast<double>(l.txs * state.iterations()),
                                              benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AuditVerify)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace lincao::bench
