// Chaincode apply rate of issuance (issue_credits, chaincode version 3):
// the rules alone on an overlay, and a block of signed issue_credits
// transactions built end to end (decode, signatures, rules, write sets,
// LtHash, roots). The workload is one registered forest project under a
// methodology with a 15 % buffer and a 30 % collective share (so each
// issuance writes the buffer, the owner's and the collective's holdings),
// with N monitoring reports attested and evaluated beforehand through the
// rules themselves (not timed). Keys come from fixed seeds.
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
#include "chaincode/genesis.h"
#include "chaincode/limits.h"
#include "chaincode/state_root.h"
#include "chaincode/tx.h"

namespace lincao {
namespace {

constexpr uint64_t kGenesisMs = 1767225600000;  // 2026-01-01T00:00Z
constexpr char kChain[] = "lincao-bench-lifecycle";
constexpr char kProject[] = "SC-P-BENCH";
constexpr char kMethodology[] = "SC-FOR-001-V01";
constexpr uint64_t kDayMs = 24ull * 60 * 60 * 1000;
constexpr uint64_t kCreditingStartMs = 1577808000000;  // 2020-01-01T00:00+08

KeyPair LifecycleKey(const std::string& label) {
  Hash32 seed = DefaultSuite().Hash({"lincao-bench-lifecycle-key/", label});
  KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                           reinterpret_cast<unsigned char*>(kp.secret_key.data()), seed.data());
  return kp;
}

void Fail(const Status& st, const std::string& what) {
  std::fprintf(stderr, "lincao-bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::abort();
}

class NothingCommitted final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32&) const override { return false; }
};

struct IssuanceWorkload {
  explicit IssuanceWorkload(int reports) {
    GenesisSpec spec;
    spec.params.chain_id = kChain;
    spec.params.suite = v1::SUITE_ED25519_BLAKE2B;
    spec.params.genesis_time_ms = kGenesisMs;
    spec.params.max_tx_horizon_ms = kMaxTxHorizonMs;
    spec.params.max_ranges_per_tx = kMaxRangesPerTx;
    spec.params.chaincode_version = 3;
    const std::vector<std::pair<std::string, v1::Role>> accounts = {
        {"registrar", v1::REGISTRAR},  {"bureau", v1::SUPERVISOR},
        {"ecology", v1::SUPERVISOR},   {"expert-1", v1::PARTICIPANT},
        {"expert-2", v1::PARTICIPANT}, {"verifier", v1::PARTICIPANT},
        {"owner", v1::PROJECT_OWNER},  {"collective", v1::PARTICIPANT}};
    for (const auto& [id, role] : accounts) {
      keys[id] = LifecycleKey(id);
      spec.accounts.push_back(
          {id, {role}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, keys[id].public_key}}, id});
    }
    spec.governance = {{"bureau", "ecology"}, 2};
    spec.nodes.push_back({"node-1", LifecycleKey("node-1").public_key});
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Fail(genesis.status(), "genesis");
    params = spec.params;
    state = genesis->state;

    for (const char* expert : {"expert-1", "expert-2"}) Grant(expert, v1::EXPERT);
    Grant("verifier", v1::VERIFIER);
    v1::Tx tx = Tx("owner");
    auto* m = tx.mutable_propose_methodology();
    m->set_id(kMethodology);
    m->set_sector(v1::FOREST);
    m->set_title("benchmark methodology");
    m->set_buffer_bps(1500);
    m->set_evidence_hash(Bytes(32, 'm'));
    Run(tx, "propose");
    for (const char* expert : {"expert-1", "expert-2"}) {
      tx = Tx(expert);
      tx.mutable_evaluate_methodology()->set_id(kMethodology);
      tx.mutable_evaluate_methodology()->set_approve(true);
      tx.mutable_evaluate_methodology()->set_opinion_hash(Bytes(32, 'o'));
      Run(tx, "evaluate methodology");
    }
    tx = Tx("bureau");
    tx.mutable_approve_methodology()->set_id(kMethodology);
    Run(tx, "approve methodology");

    tx = Tx("owner");
    auto* p = tx.mutable_submit_project();
    p->set_id(kProject);
    p->set_methodology(kMethodology);
    p->set_area_code("510722");
    for (int i = 0; i < 8; ++i) {  // a realistic record: eight compartments
      auto* parcel = p->add_parcels();
      parcel->set_area_code("510722");
      parcel->mutable_forest()->set_compartment(std::to_string(10 + i));
      parcel->mutable_forest()->set_sub_compartment("1");
      parcel->set_boundary_hash(Bytes(32, 'b'));
      parcel->set_area_centiha(12500);
    }
    p->set_crediting_start_ms(kCreditingStartMs);
    p->set_crediting_end_ms(kCreditingStartMs + 20 * 365 * kDayMs);
    p->add_tags(v1::GIANT_PANDA_NATIONAL_PARK);
    p->add_tags(v1::ENTRUSTED_COLLECTIVE_FOREST);
    p->set_collective("collective");
    p->set_collective_share_bps(3000);
    p->set_title("benchmark project");
    p->set_design_hash(Bytes(32, 'd'));
    p->set_survey_hash(Bytes(32, 's'));
    Run(tx, "submit project");
    for (const char* expert : {"expert-1", "expert-2"}) {
      tx = Tx(expert);
      tx.mutable_evaluate_project()->set_id(kProject);
      tx.mutable_evaluate_project()->set_approve(true);
      tx.mutable_evaluate_project()->set_opinion_hash(Bytes(32, 'o'));
      Run(tx, "evaluate project");
    }
    tx = Tx("bureau");
    tx.mutable_approve_project()->set_id(kProject);
    Run(tx, "approve project");
    tx = Tx("registrar");
    tx.mutable_register_project()->set_id(kProject);
    Run(tx, "register project");

    for (int i = 0; i < reports; ++i) {
      const uint32_t number = static_cast<uint32_t>(i + 1);
      tx = Tx("owner");
      auto* r = tx.mutable_submit_report();
      r->set_project(kProject);
      r->set_period_start_ms(kCreditingStartMs + i * kDayMs);
      r->set_period_end_ms(kCreditingStartMs + (i + 1) * kDayMs);
      r->set_claimed_kg(120000);
      r->set_evidence_hash(Bytes(32, 'e'));
      Run(tx, "submit report");
      tx = Tx("verifier");
      auto* a = tx.mutable_attest_report();
      a->set_project(kProject);
      a->set_report(number);
      a->set_verified_kg(100000);
      a->set_attestation_hash(Bytes(32, 'a'));
      Run(tx, "attest");
      for (const char* expert : {"expert-1", "expert-2"}) {
        tx = Tx(expert);
        auto* e = tx.mutable_evaluate_report();
        e->set_project(kProject);
        e->set_report(number);
        e->set_approve(true);
        e->set_opinion_hash(Bytes(32, 'o'));
        Run(tx, "evaluate report");
      }
      issue.push_back(IssueTx(number));
    }

    head.height = 1;
    head.time_ms = kGenesisMs;
    head.hash = genesis->hash;
    head.voters = genesis->voters;
    head.accumulator = AccumulateAll(state);
  }

  v1::Tx Tx(const std::string& account) {
    v1::Tx tx;
    tx.set_chain_id(kChain);
    ++nonce;
    tx.set_nonce(BigEndian64(nonce) + BigEndian64(~nonce));
    tx.set_expiry_ms(kGenesisMs + 3600 * 1000);
    tx.set_account(account);
    return tx;
  }
  v1::Tx IssueTx(uint32_t report) {
    v1::Tx tx = Tx("registrar");
    tx.mutable_issue_credits()->set_project(kProject);
    tx.mutable_issue_credits()->set_report(report);
    tx.mutable_issue_credits()->set_note("benchmark issuance");
    return tx;
  }
  void Grant(const std::string& account, v1::Role role) {
    v1::Tx tx = Tx("bureau");
    tx.add_cosigners("ecology");
    tx.mutable_grant_role()->set_account(account);
    tx.mutable_grant_role()->set_role(role);
    tx.mutable_grant_role()->add_sectors(v1::FOREST);
    Run(tx, "grant");
  }
  // Applies through the rules (signatures are not the point of the setup).
  void Run(const v1::Tx& tx, const std::string& what) {
    OverlayState overlay(state);
    Status st = ApplyTx({params, 1, kGenesisMs, Hash32{}}, tx, overlay);
    if (!st.ok()) Fail(st, what);
    overlay.MergeInto(state);
  }

  ChainParams params;
  MapState state;
  ChainHead head;
  std::map<std::string, KeyPair> keys;
  std::vector<v1::Tx> issue;  // one per evaluated report
  uint64_t nonce = 0;
};

IssuanceWorkload& Workload(int reports) {
  static std::unique_ptr<IssuanceWorkload> work;
  if (!work || static_cast<int>(work->issue.size()) != reports) {
    work = std::make_unique<IssuanceWorkload>(reports);
  }
  return *work;
}

// The rules of one issue_credits on an overlay that is then discarded, so
// every iteration issues a fresh evaluated report against the same state.
void BM_ApplyIssueCredits(benchmark::State& state) {
  IssuanceWorkload& work = Workload(500);
  size_t i = 0;
  TxOutput out;
  for (auto _ : state) {
    OverlayState overlay(work.state);
    Status st = ApplyTx({work.params, 2, kGenesisMs + 1000, Hash32{}, &out},
                        work.issue[i++ % work.issue.size()], overlay);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(overlay.writes().size());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyIssueCredits);

// A block of N signed issue_credits: what every node pays to apply it.
void BM_BuildBlockIssueCredits(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  IssuanceWorkload& work = Workload(n);
  v1::Batch batch;
  batch.set_leader_time_ms(kGenesisMs + 1000);
  batch.set_proposer("node-1");
  for (const v1::Tx& tx : work.issue) {
    auto stx = SignTx(
        tx, {{"registrar", 0, v1::SUITE_ED25519_BLAKE2B, work.keys["registrar"].secret_key}});
    if (!stx.ok()) Fail(stx.status(), "sign");
    batch.add_txs(stx->SerializeAsString());
  }
  const std::string bytes = batch.SerializeAsString();
  NothingCommitted none;
  for (auto _ : state) {
    auto built = BuildBlock(work.params, work.head, work.state, none, bytes);
    if (!built.ok() || !built->made || built->block.results_size() != n) {
      state.SkipWithError("block not built as expected");
      break;
    }
    for (const auto& r : built->block.results()) {
      if (r.code() != v1::OK) {
        state.SkipWithError(("an issuance was rejected: " + r.message()).c_str());
        break;
      }
    }
    benchmark::DoNotOptimize(built->hash);
  }
  state.counters["txs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_BuildBlockIssueCredits)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lincao
