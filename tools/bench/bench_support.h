// What the chaincode benchmarks share: deterministic keys from labels, a
// fatal stop for a workload that cannot be built, an empty committed-tx
// lookup, and the loop that builds one signed block again and again.
//
// Thread-safety: none; benchmarks run on one thread.
#pragma once

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chaincode/block_builder.h"
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/genesis.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/limits.h"
#include "chaincode/state_root.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"

namespace lincao::bench {

// An Ed25519 key pair whose seed is H(prefix || label): the same keys on
// every run, so every run measures the same work.
inline KeyPair LabelKey(std::string_view prefix, const std::string& label) {
  Hash32 seed = DefaultSuite().Hash({prefix, label});
  KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                           reinterpret_cast<unsigned char*>(kp.secret_key.data()), seed.data());
  return kp;
}

[[noreturn]] inline void Die(std::string_view bench, const Status& st, const char* what) {
  std::fprintf(stderr, "%.*s bench: %s: %s\n", static_cast<int>(bench.size()), bench.data(), what,
               st.ToString().c_str());
  std::abort();
}

class NoneCommitted final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32&) const override { return false; }
};

inline constexpr uint64_t kGenesisMs = 1767225600000;  // 2026-01-01T00:00Z

// A chain for the chaincode benchmarks: a genesis with `accounts` and
// `holders` PARTICIPANT accounts "holder-<i>" (one key each, from
// LabelKey(key_prefix, id)) and node-1, at chaincode `version`; each holder
// holds one batch of `units` of project kProject, written straight into
// the state (issuance is not what is measured). A workload adds what else
// it needs to `state`, then calls Seal().
struct HolderChain {
  static constexpr char kProject[] = "SC-P-BENCH";

  HolderChain(std::string_view bench, std::string chain, std::string key_prefix, uint32_t version,
              const std::vector<std::pair<std::string, v1::Role>>& accounts, int holders,
              uint64_t units)
      : bench_(bench), chain_(std::move(chain)), key_prefix_(std::move(key_prefix)) {
    GenesisSpec spec;
    spec.params = {chain_,          v1::SUITE_ED25519_BLAKE2B, kGenesisMs,
                   kMaxTxHorizonMs, kMaxRangesPerTx,           version};
    std::vector<std::pair<std::string, v1::Role>> ids = accounts;
    for (int i = 0; i < holders; ++i) ids.emplace_back(Holder(i), v1::PARTICIPANT);
    for (const auto& [id, role] : ids) {
      keys[id] = LabelKey(key_prefix_, id);
      spec.accounts.push_back(
          {id, {role}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, keys[id].public_key}}, id});
    }
    spec.nodes.push_back({"node-1", LabelKey(key_prefix_, "node-1").public_key});
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Die(bench_, genesis.status(), "genesis");
    params = spec.params;
    state = genesis->state;
    state.Put(keys::Project(kProject), "bench project");
    for (int i = 0; i < holders; ++i) {
      NewBatch b;
      b.project_id = kProject;
      b.code = std::string(kProject) + "-2025-" + std::to_string(i + 1);
      b.vintage = 2025;
      b.quantity = units;
      b.owner = Holder(i);
      auto made = CreateBatch({params, 1, kGenesisMs, Hash32{}}, state, b);
      if (!made.ok()) Die(bench_, made.status(), "batch");
      first_serial.push_back(made->first_serial);
    }
    head.height = 0;
    head.time_ms = kGenesisMs;
    head.hash = genesis->hash;
    head.voters = genesis->voters;
    Seal();
  }

  static std::string Holder(int i) { return "holder-" + std::to_string(i); }
  // The head's state commitment after writes made straight into `state`.
  void Seal() { head.accumulator = AccumulateAll(state); }

  v1::Tx NewTx(const std::string& account, uint64_t nonce) const {
    v1::Tx tx;
    tx.set_chain_id(chain_);
    tx.set_nonce(BigEndian64(nonce) + BigEndian64(~nonce));
    tx.set_expiry_ms(kGenesisMs + 3600 * 1000);
    tx.set_account(account);
    return tx;
  }
  SigningKey Signer(const std::string& id) const {
    return {id, 0, v1::SUITE_ED25519_BLAKE2B, keys.at(id).secret_key};
  }

  ChainParams params;
  MapState state;
  ChainHead head;
  std::map<std::string, KeyPair> keys;
  std::vector<uint64_t> first_serial;

 private:
  std::string bench_;
  std::string chain_;
  std::string key_prefix_;
};

// Builds the block of `batch` (n transactions, every one expected OK) over
// `base` each iteration: decode, checks, signatures, rules, write sets,
// LtHash, roots. Reports txs/s.
inline void RunBlock(benchmark::State& state, const ChainParams& params, const ChainHead& head,
                     const StateReader& base, const std::string& batch, int n) {
  NoneCommitted none;
  for (auto _ : state) {
    auto built = BuildBlock(params, head, base, none, batch);
    if (!built.ok() || !built->made || built->block.results_size() != n) {
      state.SkipWithError("block not built as expected");
      break;
    }
    for (const auto& r : built->block.results()) {
      if (r.code() != v1::OK) {
        state.SkipWithError(("a transaction was rejected: " + r.message()).c_str());
        break;
      }
    }
    benchmark::DoNotOptimize(built->hash);
  }
  state.counters["txs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(state.iterations() * n);
}

}  // namespace lincao::bench
