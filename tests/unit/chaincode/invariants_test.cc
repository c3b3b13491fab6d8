// Property test of DOMAIN.md invariants 1-3 over random issue / transfer /
// retire traffic through BuildBlock (fixed seed: every run is the same run).
// After every block: per batch, units held + retired == issued, no serial is
// in two places, and state_root equals a full recomputation. At the end, a
// replay of the same batches from genesis reproduces every block hash and
// the final state exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "chaincode/state_root.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::CheckSupplyInvariants;
using testing::HoldingsOf;
using testing::TestChain;

const std::vector<std::string> kOwners = {"owner-a", "owner-b"};
const std::vector<std::string> kHolders = {"owner-a", "owner-b", "alice", "bob", "carol", "multi"};

class TrafficGenerator {
 public:
  explicit TrafficGenerator(uint64_t seed) : rng_(seed) {}

  // One random tx, chosen against the state at the start of the block (so
  // some fail on the state that earlier txs of the block left: realistic).
  v1::SignedTx Next(TestChain& chain) {
    const uint64_t pick = rng_() % 10;
    if (pick < 2) {
      const std::string& to = kOwners[rng_() % kOwners.size()];
      kind_.push_back('i');
      return chain.Sign(chain.IssueTx("registrar", to, 1 + rng_() % 3000, 2020 + rng_() % 6));
    }
    const std::string& from = kHolders[rng_() % kHolders.size()];
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    uint64_t quantity = 0;
    Holdings held = HoldingsOf(chain.state(), from);
    if (!held.empty() && rng_() % 2 == 0) {
      // Up to four named ranges inside distinct holdings.
      for (const HeldRange& r : held) {
        if (ranges.size() == 4 || rng_() % 2 == 0) continue;
        uint64_t a = r.first + rng_() % r.count();
        uint64_t b = a + rng_() % std::min<uint64_t>(r.last - a + 1, 400);
        ranges.emplace_back(a, b);
        quantity += b - a + 1;
      }
    }
    if (ranges.empty()) {
      quantity = 1 + rng_() % (TotalUnits(held) / 2 + 50);
    }
    if (pick < 7) {
      std::string to;
      do {
        to = kHolders[rng_() % kHolders.size()];
      } while (to == from);
      kind_.push_back('t');
      return chain.Sign(chain.TransferTx(from, to, quantity, ranges));
    }
    v1::Tx tx = chain.RetireTx(from, quantity, ranges);
    if (rng_() % 3 == 0) {
      tx.mutable_retire()->mutable_beneficiary()->set_person_commitment(
          AsBytes(chain.suite().Hash(testing::Cat("salt/", rng_()))));
      tx.mutable_retire()->set_purpose(v1::PERSONAL_FOOTPRINT);
    }
    kind_.push_back('r');
    return chain.Sign(tx);
  }

  // The kind of each generated tx, in order ('i', 't', 'r').
  const std::string& kinds() const { return kind_; }

 private:
  std::mt19937_64 rng_;
  std::string kind_;
};

TEST(InvariantProperty, RandomTrafficKeepsSupplyAndReplays) {
  constexpr int kBlocks = 40;
  constexpr int kTxsPerBlock = 12;
  TestChain chain;
  TrafficGenerator gen(0x1ca0c4a1);
  std::vector<Hash32> hashes;
  std::map<char, int> ok, refused;
  size_t kind_index = 0;
  for (int block = 0; block < kBlocks; ++block) {
    std::vector<v1::SignedTx> txs;
    for (int i = 0; i < kTxsPerBlock; ++i) txs.push_back(gen.Next(chain));
    BuiltBlock b = chain.Commit(txs);
    ASSERT_TRUE(b.made) << "block " << block;
    ASSERT_TRUE(b.dropped.empty()) << b.dropped[0].reason.ToString();
    ASSERT_EQ(b.block.results_size(), kTxsPerBlock);
    for (const auto& r : b.block.results()) {
      char kind = gen.kinds()[kind_index++];
      if (r.code() == v1::OK) {
        ok[kind]++;
      } else {
        refused[kind]++;
        // Only rule failures that the generator can provoke.
        ASSERT_TRUE(r.code() == v1::INSUFFICIENT_UNITS || r.code() == v1::RANGE_NOT_HELD ||
                    r.code() == v1::TOO_MANY_RANGES)
            << ErrorCodeName(r.code()) << ": " << r.message();
      }
    }
    hashes.push_back(b.hash);
    ASSERT_EQ(CheckSupplyInvariants(chain.state()), "") << "after block " << block + 1;
    ASSERT_EQ(b.block.header().state_root(),
              AsBytes(AccumulateAll(chain.state()).Root(DefaultSuite())))
        << "after block " << block + 1;
  }
  // The traffic did real work of every kind (the generator is not vacuous).
  EXPECT_GT(ok['i'], 30);
  EXPECT_GT(ok['t'], 100);
  EXPECT_GT(ok['r'], 40);
  EXPECT_GT(refused['t'] + refused['r'], 10);
  Counters c = testing::CountersOf(chain.state());
  EXPECT_EQ(c.next_batch_id, static_cast<uint64_t>(ok['i']) + 1);
  EXPECT_EQ(c.next_retirement_id, static_cast<uint64_t>(ok['r']) + 1);

  // Replay from genesis: same genesis, same blocks, same state.
  TestChain replay;
  ASSERT_EQ(replay.genesis_hash(), chain.genesis_hash());
  ASSERT_EQ(chain.batches().size(), hashes.size());
  for (size_t i = 0; i < chain.batches().size(); ++i) {
    const v1::Batch& batch = chain.batches()[i];
    std::vector<v1::SignedTx> txs;
    for (const std::string& bytes : batch.txs()) {
      ASSERT_TRUE(txs.emplace_back().ParseFromString(bytes));
    }
    BuiltBlock b = replay.Commit(txs, batch.leader_time_ms());
    ASSERT_TRUE(b.made);
    ASSERT_EQ(b.hash, hashes[i]) << "block " << i + 1 << " differs on replay";
  }
  EXPECT_EQ(replay.head().hash, chain.head().hash);
  EXPECT_EQ(replay.head().accumulator.Root(DefaultSuite()),
            chain.head().accumulator.Root(DefaultSuite()));
  EXPECT_EQ(replay.state().entries(), chain.state().entries());
  EXPECT_EQ(AccumulateAll(replay.state()), chain.head().accumulator);
}

}  // namespace
}  // namespace lincao
