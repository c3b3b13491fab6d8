// Chaincode apply rate of opening accounts (chaincode version 4): the
// registrar opening an organisation account, and a service platform opening
// a custodial personal account (the step before a person's first small
// retirement). Rules only, as BM_ApplyTransferV4: one transaction through
// ApplyTx on a fresh overlay of the same state each iteration, so the same
// account id is new every time; items = transactions.
//
//   BM_ApplyOpenAccount           open_account: id and key checks, identity
//                                 hash, the account record.
//   BM_ApplyOpenPersonalAccount   open_personal_account: the holder's
//                                 commitment, the custodial record.
//
// Run: lincao-bench --benchmark_filter='ApplyOpen'
#include <benchmark/benchmark.h>

#include <string>

#include "chaincode/apply.h"
#include "tools/bench/bench_support.h"

namespace lincao {
namespace {

using bench::kGenesisMs;

const bench::HolderChain& Chain() {
  static const bench::HolderChain* chain = new bench::HolderChain(
      "accounts", "lincao-bench-accounts", "lincao-bench-accounts-key/", 4,
      {{"registrar", v1::REGISTRAR}, {"platform", v1::SERVICE_PLATFORM}}, 0, 0);
  return *chain;
}

Bytes Hash32Bytes(std::string_view label) {
  const Hash32 h = DefaultSuite().Hash({"lincao-bench-accounts/", label});
  return Bytes(reinterpret_cast<const char*>(h.data()), h.size());
}

void RunOpen(benchmark::State& state, const v1::Tx& tx) {
  const bench::HolderChain& chain = Chain();
  for (auto _ : state) {
    OverlayState overlay(chain.state);
    Status st = ApplyTx({chain.params, 1, kGenesisMs, Hash32{}}, tx, overlay);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(overlay.writes().size());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ApplyOpenAccount(benchmark::State& state) {
  v1::Tx tx = Chain().NewTx("registrar", 1);
  v1::OpenAccount* o = tx.mutable_open_account();
  o->set_id("chengdu-forestry-coop");
  o->add_roles(v1::PROJECT_OWNER);
  o->set_threshold(1);
  v1::PublicKey* k = o->add_keys();
  k->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k->set_key(bench::LabelKey("lincao-bench-accounts-key/", "coop").public_key);
  o->set_display_name("Chengdu forestry cooperative");
  o->set_identity_hash(Hash32Bytes("coop documents"));
  RunOpen(state, tx);
}
BENCHMARK(BM_ApplyOpenAccount);

void BM_ApplyOpenPersonalAccount(benchmark::State& state) {
  v1::Tx tx = Chain().NewTx("platform", 1);
  v1::OpenPersonalAccount* o = tx.mutable_open_personal_account();
  o->set_id("p-000001");
  o->set_holder_commitment(Hash32Bytes("salt || identity of person 1"));
  RunOpen(state, tx);
}
BENCHMARK(BM_ApplyOpenPersonalAccount);

}  // namespace
}  // namespace lincao
