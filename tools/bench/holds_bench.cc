// Chaincode apply rate of holds (chaincode version 3): a pledge of named
// ranges to a bank and its release, the pair a loan opens and closes with.
//
//   BM_ApplyPledgeRelease      rules only: one pledge and its release run
//                              through ApplyTx on overlays over an in-memory
//                              state (the work every node repeats per tx,
//                              without signatures); items = transactions.
//   BM_BuildBlockPledges/N     a block of N signed pledges (holder and bank
//                              signatures, 2 per tx) through BuildBlock:
//                              decode, checks, signatures, rules, write sets,
//                              LtHash, roots.
//   BM_BuildBlockReleases/N    the block of N releases after it.
//
// Batches and the project record are written straight into the genesis
// state: issuance is not what is measured. Keys come from fixed seeds, so
// every run measures the same work.
//
// Run: lincao-bench --benchmark_filter='BM_(ApplyPledgeRelease|BuildBlock(Pledges|Releases))'
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "chaincode/apply.h"
#include "chaincode/block_builder.h"
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/genesis.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/limits.h"
#include "chaincode/tx.h"
#include "tools/bench/bench_support.h"

namespace lincao {
namespace {

using bench::kGenesisMs;
constexpr char kChain[] = "lincao-bench-holds";
constexpr uint64_t kUnitsPerHolder = 100000;

[[noreturn]] void Die(const Status& st, const char* what) { bench::Die("holds", st, what); }

using bench::NoneCommitted;

// A version 3 chain with a registrar, a bank and `n` holders, each holding
// one batch of kUnitsPerHolder units of one project.
struct HoldsWorkload : bench::HolderChain {
  explicit HoldsWorkload(int n)
      : HolderChain("holds", kChain, "lincao-bench-holds-key/", 3,
                    {{"registrar", v1::REGISTRAR}, {"bank", v1::FINANCE}}, n, kUnitsPerHolder) {}

  // Holder i pledges the 100 serials at `offset` of its batch to the bank.
  v1::Tx PledgeTx(int i, uint64_t offset, uint64_t nonce) const {
    v1::Tx tx = NewTx("holder-" + std::to_string(i), nonce);
    tx.add_cosigners("bank");
    v1::PledgeUnits* p = tx.mutable_pledge_units();
    p->set_pledgee("bank");
    p->set_quantity(100);
    v1::SerialRange* r = p->add_ranges();
    r->set_first(first_serial[i] + offset);
    r->set_last(first_serial[i] + offset + 99);
    p->set_reason("loan contract BENCH-" + std::to_string(i));
    return tx;
  }
  v1::Tx ReleaseTx(uint64_t hold, uint64_t nonce) const {
    v1::Tx tx = NewTx("bank", nonce);
    tx.mutable_release_hold()->set_hold(hold);
    tx.mutable_release_hold()->set_reason("loan repaid");
    return tx;
  }
};

void BM_ApplyPledgeRelease(benchmark::State& state) {
  static const HoldsWorkload* work = new HoldsWorkload(1);
  const uint64_t next_hold = 1;  // the overlays are discarded: every pledge gets hold id 1
  uint64_t i = 0;
  for (auto _ : state) {
    // A different range each time, inside the holder's one range.
    const v1::Tx pledge = work->PledgeTx(0, (i * 100) % (kUnitsPerHolder - 100), i);
    const v1::Tx release = work->ReleaseTx(next_hold, i);
    OverlayState pledged(work->state);
    Status st = ApplyTx({work->params, 1, kGenesisMs, Hash32{}}, pledge, pledged);
    if (!st.ok()) Die(st, "pledge");
    OverlayState released(pledged);
    st = ApplyTx({work->params, 1, kGenesisMs, Hash32{}}, release, released);
    if (!st.ok()) Die(st, "release");
    benchmark::DoNotOptimize(released.writes().size());
    ++i;
  }
  state.SetItemsProcessed(state.iterations() * 2);
  state.SetLabel("items = transactions (pledge, release)");
}
BENCHMARK(BM_ApplyPledgeRelease);

// The pledge block and, applied to a copy of the state, the release block.
struct PledgeReleaseBlocks {
  explicit PledgeReleaseBlocks(int n) : work(n) {
    v1::Batch pledges;
    pledges.set_leader_time_ms(kGenesisMs + 1000);
    pledges.set_proposer("node-1");
    for (int i = 0; i < n; ++i) {
      auto stx = SignTx(work.PledgeTx(i, 500, static_cast<uint64_t>(i)),
                        {work.Signer("holder-" + std::to_string(i)), work.Signer("bank")});
      if (!stx.ok()) Die(stx.status(), "sign pledge");
      pledges.add_txs(stx->SerializeAsString());
    }
    pledge_bytes = pledges.SerializeAsString();
    NoneCommitted none;
    auto built = BuildBlock(work.params, work.head, work.state, none, pledge_bytes);
    if (!built.ok() || !built->made) Die(built.status(), "pledge block");
    after_pledges = work.state;
    for (const auto& [key, value] : built->writes) {
      if (value) {
        after_pledges.Put(key, *value);
      } else {
        after_pledges.Delete(key);
      }
    }
    head_after_pledges = HeadAfter(*built);
    v1::Batch releases;
    releases.set_leader_time_ms(kGenesisMs + 2000);
    releases.set_proposer("node-1");
    for (int i = 0; i < n; ++i) {
      auto stx =
          SignTx(work.ReleaseTx(static_cast<uint64_t>(i + 1), 1000000 + i), {work.Signer("bank")});
      if (!stx.ok()) Die(stx.status(), "sign release");
      releases.add_txs(stx->SerializeAsString());
    }
    release_bytes = releases.SerializeAsString();
  }
  HoldsWorkload work;
  std::string pledge_bytes;
  std::string release_bytes;
  MapState after_pledges;
  ChainHead head_after_pledges;
};

using bench::RunBlock;

const PledgeReleaseBlocks& Blocks(int n) {
  static std::unique_ptr<PledgeReleaseBlocks> blocks;
  if (!blocks || static_cast<int>(blocks->work.first_serial.size()) != n) {
    blocks = std::make_unique<PledgeReleaseBlocks>(n);
  }
  return *blocks;
}

void BM_BuildBlockPledges(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PledgeReleaseBlocks& b = Blocks(n);
  RunBlock(state, b.work.params, b.work.head, b.work.state, b.pledge_bytes, n);
}
BENCHMARK(BM_BuildBlockPledges)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_BuildBlockReleases(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PledgeReleaseBlocks& b = Blocks(n);
  RunBlock(state, b.work.params, b.head_after_pledges, b.after_pledges, b.release_bytes, n);
}
BENCHMARK(BM_BuildBlockReleases)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lincao
