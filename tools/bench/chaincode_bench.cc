// Chaincode hot paths: signing and verifying a tx, decoding it, a Merkle
// root over 1000 leaves, one LtHash update, a block's state commitment
// update over 1000 writes, and building a block of 500
// transfers (the apply cost every node pays per batch). Keys come from fixed
// seeds, so every run measures the same work.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
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
#include "chaincode/merkle.h"
#include "chaincode/state_root.h"
#include "chaincode/tx.h"
#include "chaincode/verified_signatures.h"

namespace lincao {
namespace {

constexpr uint64_t kGenesisMs = 1767225600000;
constexpr char kChain[] = "lincao-bench";

KeyPair SeededKey(const std::string& label) {
  Hash32 seed = DefaultSuite().Hash({"lincao-bench-key/", label});
  KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                           reinterpret_cast<unsigned char*>(kp.secret_key.data()), seed.data());
  return kp;
}

void Fail(const Status& st, const char* what) {
  std::fprintf(stderr, "lincao-bench: %s: %s\n", what, st.ToString().c_str());
  std::abort();
}

v1::Tx TransferTx(const std::string& from, const std::string& to, uint64_t quantity,
                  uint64_t nonce) {
  v1::Tx tx;
  tx.set_chain_id(kChain);
  tx.set_nonce(BigEndian64(nonce) + BigEndian64(~nonce));
  tx.set_expiry_ms(kGenesisMs + 3600 * 1000);
  tx.set_account(from);
  tx.mutable_transfer()->set_to(to);
  tx.mutable_transfer()->set_quantity(quantity);
  tx.mutable_transfer()->set_memo("benchmark transfer");
  return tx;
}

// A chain whose genesis has a registrar and `n` project owners, each issued
// 1000 units; the batch holds one transfer per owner to the next owner.
struct TransferWorkload {
  explicit TransferWorkload(int n) {
    GenesisSpec spec;
    spec.params = {kChain,          v1::SUITE_ED25519_BLAKE2B, kGenesisMs,
                   kMaxTxHorizonMs, kMaxRangesPerTx,           1};
    std::vector<std::string> ids = {"registrar"};
    for (int i = 0; i < n; ++i) ids.push_back("owner-" + std::to_string(i));
    for (const std::string& id : ids) {
      KeyPair kp = SeededKey(id);
      keys.push_back(kp);
      spec.accounts.push_back({id,
                               {id == "registrar" ? v1::REGISTRAR : v1::PROJECT_OWNER},
                               1,
                               {{0, v1::SUITE_ED25519_BLAKE2B, kp.public_key}},
                               id});
    }
    spec.nodes.push_back({"node-1", SeededKey("node-1").public_key});
    auto genesis = BuildGenesis(spec);
    if (!genesis.ok()) Fail(genesis.status(), "genesis");
    params = spec.params;
    state = genesis->state;
    // Issue through the rules directly (not timed).
    for (int i = 0; i < n; ++i) {
      v1::Tx tx;
      tx.set_account("registrar");
      auto* b = tx.mutable_issue_batch();
      b->set_to(ids[i + 1]);
      b->set_quantity(1000);
      b->set_project_id("SC-FOR-001-P001");
      b->set_vintage(2025);
      OverlayState overlay(state);
      Status st = ApplyTx({params, 1, kGenesisMs, Hash32{}}, tx, overlay);
      if (!st.ok()) Fail(st, "issue");
      overlay.MergeInto(state);
    }
    head.height = 1;
    head.time_ms = kGenesisMs;
    head.hash = genesis->hash;
    head.voters = genesis->voters;
    head.accumulator = AccumulateAll(state);
    batch.set_leader_time_ms(kGenesisMs + 1000);
    batch.set_proposer("node-1");
    for (int i = 0; i < n; ++i) {
      const std::string& from = ids[i + 1];
      const std::string& to = ids[(i + 1) % n + 1];
      auto stx = SignTx(TransferTx(from, to, 10 + i % 7, static_cast<uint64_t>(i)),
                        {{from, 0, v1::SUITE_ED25519_BLAKE2B, keys[i + 1].secret_key}});
      if (!stx.ok()) Fail(stx.status(), "sign");
      batch.add_txs(stx->SerializeAsString());
    }
  }

  ChainParams params;
  MapState state;
  ChainHead head;
  v1::Batch batch;
  std::string batch_bytes;  // as the Raft entry carries it
  std::vector<KeyPair> keys;
};

class NothingCommitted final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32&) const override { return false; }
};

// One realistic signed transfer, shared by the per-tx benchmarks.
struct OneTx {
  OneTx() : key(SeededKey("alice")) {
    auto stx = SignTx(TransferTx("alice", "bob", 1500, 1),
                      {{"alice", 0, v1::SUITE_ED25519_BLAKE2B, key.secret_key}});
    if (!stx.ok()) Fail(stx.status(), "sign");
    signed_tx = *stx;
    wire = signed_tx.SerializeAsString();
    message = TxSigningMessage(signed_tx.tx());
    AccountRecord alice;
    alice.id = "alice";
    alice.roles_mask = 1u << v1::PARTICIPANT;
    alice.keys = {{0, v1::SUITE_ED25519_BLAKE2B, key.public_key}};
    state.Put(keys::Account("alice"), alice.Encode());
  }
  KeyPair key;
  v1::SignedTx signed_tx;
  Bytes wire;
  Bytes message;
  MapState state;
};

const OneTx& SharedTx() {
  static const OneTx* tx = new OneTx();
  return *tx;
}

void BM_Sign(benchmark::State& state) {
  const OneTx& t = SharedTx();
  for (auto _ : state) {
    benchmark::DoNotOptimize(DefaultSuite().Sign(t.key.secret_key, t.message));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sign);

void BM_Verify(benchmark::State& state) {
  const OneTx& t = SharedTx();
  const Bytes& sig = t.signed_tx.signatures(0).signature();
  for (auto _ : state) {
    bool ok = DefaultSuite().Verify(t.key.public_key, t.message, sig);
    if (!ok) state.SkipWithError("signature did not verify");
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Verify);

// Wire bytes -> DecodedTx: protobuf parse, shape checks, tx id.
void BM_TxDecode(benchmark::State& state) {
  const OneTx& t = SharedTx();
  for (auto _ : state) {
    auto d = DecodeSignedTx(t.wire, kMaxTxBytes, DefaultSuite());
    if (!d.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(t.wire.size()));
}
BENCHMARK(BM_TxDecode);

// Decode plus the signature check against an account record in state: what
// admission pays per submitted tx.
void BM_TxDecodeAndVerify(benchmark::State& state) {
  const OneTx& t = SharedTx();
  for (auto _ : state) {
    auto d = DecodeSignedTx(t.wire, kMaxTxBytes, DefaultSuite());
    if (!d.ok() || !VerifySignatures(*d, t.state).ok()) state.SkipWithError("tx refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TxDecodeAndVerify);

void BM_MerkleRoot(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<Hash32> leaves;
  for (size_t i = 0; i < n; ++i) {
    leaves.push_back(MerkleLeafHash(DefaultSuite(), "leaf " + std::to_string(i)));
  }
  for (auto _ : state) benchmark::DoNotOptimize(MerkleRoot(DefaultSuite(), leaves));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
  state.SetLabel("leaves/s = items/s");
}
BENCHMARK(BM_MerkleRoot)->Arg(1000);

// One (key, value) pair into the state accumulator: expansion to 1024 lanes
// (BLAKE2b + ChaCha20) and the lane-wise sum.
void BM_LtHashAdd(benchmark::State& state) {
  StateAccumulator acc;
  const std::string key = keys::Holding("owner-42", 123456);
  const Bytes value = HoldingRecord{7, 200000}.Encode();
  for (auto _ : state) {
    acc.Add(key, value);
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(acc);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LtHashAdd);

// A block's state commitment update: N overwritten holdings entries (each
// removes its old pair from the accumulator and adds the new one), then the
// state root. BuildBlock pays this per block after the rules.
void BM_StateCommitmentUpdate(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  MapState before;
  WriteSet writes;
  for (int i = 0; i < n; ++i) {
    const std::string key = keys::Holding("owner-" + std::to_string(i), 1000 + i);
    before.Put(key, HoldingRecord{7, 200000}.Encode());
    writes[key] = HoldingRecord{7, 199990}.Encode();
  }
  const StateAccumulator acc = AccumulateAll(before);
  for (auto _ : state) {
    StateAccumulator next = acc;
    next.ApplyWrites(before, writes);
    benchmark::DoNotOptimize(next.Root(DefaultSuite()));
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetLabel("writes/s = items/s");
}
BENCHMARK(BM_StateCommitmentUpdate)->Arg(1000);

// A block of N transfers between distinct accounts: decode, duplicate and
// expiry checks, signature checks, rules, write sets, LtHash update, roots.
void BM_BuildBlockTransfers(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  static std::unique_ptr<TransferWorkload> work;
  if (!work || work->batch.txs_size() != n) {
    work = std::make_unique<TransferWorkload>(n);
    work->batch_bytes = work->batch.SerializeAsString();
  }
  NothingCommitted none;
  for (auto _ : state) {
    auto built = BuildBlock(work->params, work->head, work->state, none, work->batch_bytes);
    if (!built.ok() || !built->made || built->block.results_size() != n) {
      state.SkipWithError("block not built as expected");
      break;
    }
    for (const auto& r : built->block.results()) {
      if (r.code() != v1::OK) {
        state.SkipWithError("a transfer was rejected");
        break;
      }
    }
    benchmark::DoNotOptimize(built->hash);
  }
  state.counters["txs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_BuildBlockTransfers)->Arg(500)->Unit(benchmark::kMillisecond);

// The same block on a node that verified its signatures already (admission,
// or the verify threads): BuildBlock consults the cache of verified
// signatures instead of verifying again (chaincode/verified_signatures.h).
void BM_BuildBlockTransfersKnownSignatures(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  TransferWorkload work(n);
  const std::string batch_bytes = work.batch.SerializeAsString();
  NothingCommitted none;
  VerifiedSignatureCache facts(65536);
  for (const std::string& stx : work.batch.txs()) {
    auto d = DecodeSignedTx(stx, kMaxTxBytes, DefaultSuite());
    if (!d.ok() || !VerifySignatures(*d, work.state, &facts).ok()) {
      state.SkipWithError("a signature did not verify");
      return;
    }
  }
  for (auto _ : state) {
    auto built = BuildBlock(work.params, work.head, work.state, none, batch_bytes, &facts);
    if (!built.ok() || !built->made || built->block.results_size() != n) {
      state.SkipWithError("block not built as expected");
      break;
    }
    benchmark::DoNotOptimize(built->hash);
  }
  state.counters["txs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_BuildBlockTransfersKnownSignatures)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lincao
