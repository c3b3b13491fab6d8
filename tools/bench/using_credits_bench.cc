// Chaincode apply rate of using credits (chaincode version 4): transfers,
// retirements (with their indexes and totals) and exchange settlements.
//
//   BM_ApplyTransferV4           rules only: one 100-unit transfer through
//                                ApplyTx on an overlay over an in-memory
//                                state (the work every node repeats per tx,
//                                without signatures); items = transactions.
//   BM_ApplyRetireV4             rules only: one 100-unit event retirement
//                                (record format 2, four index entries, the
//                                purpose's totals).
//   BM_ApplySettleTwoLegs        rules only: one settlement of two legs, each
//                                sender under a mandate.
//   BM_BuildBlockTransfersV4/N   a block of N signed transfers through
//                                BuildBlock: decode, checks, signatures,
//                                rules, write sets, LtHash, roots.
//   BM_BuildBlockRetirementsV4/N a block of N signed retirements, one per
//                                holder.
//
// Batches, mandates and the project record are written straight into the
// genesis state: issuance is not what is measured. Keys come from fixed
// seeds, so every run measures the same work.
//
// Run: lincao-bench --benchmark_filter='V4|SettleTwoLegs'
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chaincode/apply.h"
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/genesis.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/limits.h"
#include "chaincode/settlement_records.h"
#include "chaincode/tx.h"
#include "tools/bench/bench_support.h"

namespace lincao {
namespace {

using bench::kGenesisMs;
constexpr char kChain[] = "lincao-bench-using-credits";
constexpr uint64_t kUnitsPerHolder = 1000000;

void Fail(const Status& st, const char* what) { bench::Die("using credits", st, what); }

// A version 4 chain with a registrar, an exchange and `n` holders, each
// holding one batch of kUnitsPerHolder units of one project and each
// having given the exchange a settlement mandate.
struct UsingCreditsWorkload : bench::HolderChain {
  explicit UsingCreditsWorkload(int n)
      : HolderChain("using credits", kChain, "lincao-bench-using-credits-key/", 4,
                    {{"registrar", v1::REGISTRAR}, {"exchange", v1::EXCHANGE}}, n,
                    kUnitsPerHolder) {
    for (int i = 0; i < n; ++i) {
      MandateRecord m{Holder(i), "exchange", 0, kGenesisMs, Hash32{}};
      state.Put(keys::Mandate("exchange", Holder(i)), m.Encode());
    }
    Seal();
  }

  v1::Tx TransferTx(int from, int to, uint64_t nonce) const {
    v1::Tx tx = NewTx(Holder(from), nonce);
    tx.mutable_transfer()->set_to(Holder(to));
    tx.mutable_transfer()->set_quantity(100);
    return tx;
  }
  // A large-event retirement of 100 units, consumption period 2025 in Beijing.
  v1::Tx RetireTx(int holder, uint64_t nonce) const {
    v1::Tx tx = NewTx(Holder(holder), nonce);
    v1::Retire* r = tx.mutable_retire();
    r->set_quantity(100);
    r->mutable_beneficiary()->set_organisation("Chengdu Expo Centre");
    r->set_purpose(v1::LARGE_EVENT);
    r->mutable_event()->set_name("2026 Western China Expo");
    r->mutable_event()->set_kind(v1::EXHIBITION);
    r->set_jurisdiction("510100");
    r->set_period_start_ms(1735660800000);
    r->set_period_end_ms(1767196800000);
    return tx;
  }
  v1::Tx SettleTx(uint64_t nonce) const {
    v1::Tx tx = NewTx("exchange", nonce);
    v1::SettleTrade* s = tx.mutable_settle_trade();
    s->set_trade_ref("T-" + std::to_string(nonce));
    for (const auto& [from, to] : {std::pair{0, 1}, std::pair{1, 0}}) {
      v1::SettlementLeg* leg = s->add_legs();
      leg->set_from(Holder(from));
      leg->set_to(Holder(to));
      leg->set_quantity(100);
    }
    return tx;
  }
  std::string SignedBatch(const std::vector<v1::Tx>& txs) const {
    v1::Batch batch;
    batch.set_leader_time_ms(kGenesisMs + 1000);
    batch.set_proposer("node-1");
    for (const v1::Tx& tx : txs) {
      auto stx = SignTx(tx, {Signer(tx.account())});
      if (!stx.ok()) Fail(stx.status(), "sign");
      batch.add_txs(stx->SerializeAsString());
    }
    return batch.SerializeAsString();
  }
};

const UsingCreditsWorkload& Two() {
  static const UsingCreditsWorkload* work = new UsingCreditsWorkload(2);
  return *work;
}

// Applies one transaction per iteration on a fresh overlay of the same
// state: the per-tx cost of the rules, nothing else. The overlay is
// discarded, so the same transaction applies every time.
template <typename MakeTx>
void RunRules(benchmark::State& state, const MakeTx& make) {
  const UsingCreditsWorkload& work = Two();
  const v1::Tx tx = make(work, 1);
  for (auto _ : state) {
    OverlayState overlay(work.state);
    Status st = ApplyTx({work.params, 1, kGenesisMs, Hash32{}}, tx, overlay);
    if (!st.ok()) Fail(st, "apply");
    benchmark::DoNotOptimize(overlay.writes().size());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ApplyTransferV4(benchmark::State& state) {
  RunRules(state, [](const UsingCreditsWorkload& w, uint64_t i) { return w.TransferTx(0, 1, i); });
}
BENCHMARK(BM_ApplyTransferV4);

void BM_ApplyRetireV4(benchmark::State& state) {
  RunRules(state, [](const UsingCreditsWorkload& w, uint64_t i) { return w.RetireTx(0, i); });
}
BENCHMARK(BM_ApplyRetireV4);

void BM_ApplySettleTwoLegs(benchmark::State& state) {
  RunRules(state, [](const UsingCreditsWorkload& w, uint64_t i) { return w.SettleTx(i); });
}
BENCHMARK(BM_ApplySettleTwoLegs);

// One workload and its signed batch per (kind, n), built once.
struct BlockWork {
  std::unique_ptr<UsingCreditsWorkload> work;
  std::string batch;
};

const BlockWork& Blocks(const std::string& kind, int n) {
  static std::map<std::pair<std::string, int>, BlockWork> cache;
  BlockWork& b = cache[{kind, n}];
  if (!b.work) {
    b.work = std::make_unique<UsingCreditsWorkload>(n);
    std::vector<v1::Tx> txs;
    for (int i = 0; i < n; ++i) {
      txs.push_back(kind == "transfer" ? b.work->TransferTx(i, (i + 1) % n, i)
                                       : b.work->RetireTx(i, i));
    }
    b.batch = b.work->SignedBatch(txs);
  }
  return b;
}

void BM_BuildBlockTransfersV4(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const BlockWork& b = Blocks("transfer", n);
  bench::RunBlock(state, b.work->params, b.work->head, b.work->state, b.batch, n);
}
BENCHMARK(BM_BuildBlockTransfersV4)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_BuildBlockRetirementsV4(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const BlockWork& b = Blocks("retire", n);
  bench::RunBlock(state, b.work->params, b.work->head, b.work->state, b.batch, n);
}
BENCHMARK(BM_BuildBlockRetirementsV4)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lincao
