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
#include <string>
#include <string_view>

#include "chaincode/block_builder.h"
#include "chaincode/suite.h"

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
