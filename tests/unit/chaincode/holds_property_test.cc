// Property test of the supply invariants under random holds, supervisory
// freezes, cancellations and reversals mixed with transfers and
// retirements, through BuildBlock (fixed seed: every run is the same run).
// Block time advances by a random step so that expiries pass. After every
// block the full invariant check runs (per batch: tradable + held + retired
// + cancelled + buffer + exported = issued, each term backed by records, no
// serial in two places, the w/ index exact). Two runs of the same seed end
// in the same state, byte for byte, and a replay of the blocks from genesis
// (issuance included: it runs the real lifecycle) gives the same chain.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::Cat;
using testing::CheckSupplyInvariants;
using testing::HoldingsOf;
using testing::Ranges;
using testing::TestChain;

const std::vector<std::string> kHolders = {"owner-a", "owner-b", "alice", "bob", "carol"};
const std::vector<std::string> kBanks = {"bank", "bank-b"};
const std::vector<std::string> kProjects = {"SC-P-0001", "SC-P-0002", "SC-P-0003"};
// A project has one owner (who must be a PROJECT_OWNER); transfers spread
// the units to the other holders.
const std::map<std::string, std::string> kOwners = {
    {"SC-P-0001", "owner-a"}, {"SC-P-0002", "owner-b"}, {"SC-P-0003", "owner-a"}};

class LifecycleTraffic : public testing::LifecycleTest {
 public:
  explicit LifecycleTraffic(uint64_t seed) : rng_(seed) {}
  void TestBody() override {}

  // Issues a batch for each project that may get one now: the traffic
  // freezes projects and leaves shortfalls, and then issuance waits.
  void IssueSome() {
    for (const std::string& p : kProjects) {
      const uint64_t quantity = 200 + rng_() % 2000;
      if (chain.state().Get(keys::Freeze('p', p)) || chain.state().Get(keys::Shortfall(p))) {
        continue;
      }
      codes_.push_back(chain.IssueForProject(p, kOwners.at(p), quantity, quantity / 10).code);
    }
  }

  // Runs `blocks` blocks of `per_block` random transactions; returns the
  // first invariant failure, or "".
  std::string Run(int blocks, int per_block) {
    IssueSome();
    for (int b = 0; b < blocks; ++b) {
      if (b % 40 == 39) IssueSome();
      std::vector<v1::SignedTx> txs;
      for (int i = 0; i < per_block; ++i) txs.push_back(chain.Sign(Next()));
      const uint64_t time = chain.head().time_ms + rng_() % 120000;
      BuiltBlock built = chain.Commit(txs, time);
      if (built.block.results_size() != per_block) return "a transaction was dropped";
      for (int i = 0; i < per_block; ++i) {
        const auto code = static_cast<ErrorCode>(built.block.results(i).code());
        ++outcomes_[Cat(kinds_[i], " ", ErrorCodeName(code))];
      }
      kinds_.clear();
      std::string broken = CheckSupplyInvariants(chain.state());
      if (!broken.empty()) return Cat("after block ", chain.head().height, ": ", broken);
    }
    return "";
  }

  const std::map<std::string, int>& outcomes() const { return outcomes_; }
  const MapState& state() { return chain.state(); }
  const TestChain& Chain() const { return chain; }

 private:
  std::string Pick(const std::vector<std::string>& from) { return from[rng_() % from.size()]; }

  // One to three ranges inside `holder`'s holdings (possibly none).
  Ranges SomeRanges(const std::string& holder) {
    Ranges out;
    const Holdings held = HoldingsOf(chain.state(), holder);
    for (const HeldRange& r : held) {
      if (out.size() == 3 || rng_() % 3 != 0) continue;
      const uint64_t a = r.first + rng_() % r.count();
      const uint64_t z = a + rng_() % std::min<uint64_t>(r.last - a + 1, 300);
      out.emplace_back(a, z);
    }
    return out;
  }

  uint64_t SomeHold() {
    const uint64_t next = testing::CountersOf(chain.state()).next_hold_id;
    return 1 + rng_() % next;  // sometimes one that does not exist yet
  }

  uint64_t Expiry() { return rng_() % 2 == 0 ? 0 : chain.head().time_ms + 1000 + rng_() % 600000; }

  v1::Tx Next() {
    const uint64_t pick = rng_() % 100;
    const std::string holder = Pick(kHolders);
    if (pick < 20) {
      kinds_.push_back("transfer");
      Ranges r = SomeRanges(holder);
      std::string to = rng_() % 4 == 0 ? Pick(kBanks) : Pick(kHolders);
      if (to == holder) to = "carol" == holder ? "alice" : "carol";
      return chain.TransferTx(holder, to, r.empty() ? 1 + rng_() % 200 : testing::Units(r), r);
    }
    if (pick < 28) {
      kinds_.push_back("retire");
      Ranges r = SomeRanges(holder);
      return chain.RetireTx(holder, r.empty() ? 1 + rng_() % 100 : testing::Units(r), r);
    }
    if (pick < 42) {
      kinds_.push_back("pledge");
      return Pledge(holder, Pick(kBanks), SomeRanges(holder), Expiry(), rng_() % 10 != 0);
    }
    if (pick < 50) {
      kinds_.push_back("freeze_units");
      return Freeze("court", holder, SomeRanges(holder), Expiry());
    }
    if (pick < 62) {
      kinds_.push_back("release");
      const uint64_t id = SomeHold();
      auto hold = LoadHold(chain.state(), id);
      std::string actor = holder;
      if (hold.ok() && rng_() % 4 != 0) {
        actor = rng_() % 3 == 0 ? hold->holder
                                : (hold->kind == v1::HOLD_PLEDGE ? hold->pledgee : hold->authority);
      }
      return Release(actor, id);
    }
    if (pick < 70) {
      kinds_.push_back("enforce");
      const uint64_t id = SomeHold();
      auto hold = LoadHold(chain.state(), id);
      return Enforce(hold.ok() && !hold->pledgee.empty() ? hold->pledgee : Pick(kBanks), id);
    }
    if (pick < 78) {
      const uint64_t which = rng_() % 3;
      const v1::FreezeTarget target = which == 0   ? v1::FREEZE_ACCOUNT
                                      : which == 1 ? v1::FREEZE_PROJECT
                                                   : v1::FREEZE_BATCH;
      const std::string id = which == 0   ? holder
                             : which == 1 ? Pick(kProjects)
                                          : codes_[rng_() % codes_.size()];
      // Lifted twice as often as set, so that most of the time most units move.
      if (rng_() % 3 == 0) {
        kinds_.push_back("set_freeze");
        return SetFreeze("bureau", target, id, Expiry());
      }
      kinds_.push_back("lift_freeze");
      return LiftFreeze("ecology", target, id);
    }
    if (pick < 88) {
      if (rng_() % 2 == 0) {
        kinds_.push_back("cancel_hold");
        return CancelHold(SomeHold());
      }
      kinds_.push_back("cancel_ranges");
      return CancelRanges(holder, SomeRanges(holder), {"bureau"},
                          static_cast<v1::CancellationReason>(1 + rng_() % 3));
    }
    if (pick < 97) {
      kinds_.push_back("report_loss");
      return Loss(Pick(kProjects), 1 + rng_() % 400);
    }
    kinds_.push_back("clear_shortfall");
    return Clear(Pick(kProjects));
  }

  std::mt19937_64 rng_;
  std::vector<std::string> codes_;
  std::vector<std::string> kinds_;  // of the transactions in the block being built
  std::map<std::string, int> outcomes_;
};

TEST(HoldsProperty, RandomLifecycleTrafficKeepsSupply) {
  constexpr uint64_t kSeed = 20261124;
  LifecycleTraffic run(kSeed);
  const std::string broken = run.Run(/*blocks=*/250, /*per_block=*/12);
  ASSERT_EQ(broken, "") << "seed " << kSeed;
  // Every kind of transaction succeeded at least once, so the run covered
  // each rule's writes, not just its refusals.
  for (const char* kind :
       {"transfer", "retire", "pledge", "freeze_units", "release", "enforce", "set_freeze",
        "lift_freeze", "cancel_hold", "cancel_ranges", "report_loss", "clear_shortfall"}) {
    EXPECT_GT(run.outcomes().count(Cat(kind, " OK")), 0u) << kind << " never succeeded";
  }
  EXPECT_GT(run.outcomes().count("transfer FROZEN"), 0u);
  for (const auto& [outcome, n] : run.outcomes()) {
    EXPECT_EQ(outcome.find("INTERNAL"), std::string::npos) << outcome;
  }

  // Same seed, same state.
  LifecycleTraffic again(kSeed);
  ASSERT_EQ(again.Run(250, 12), "");
  EXPECT_EQ(run.state().entries(), again.state().entries());

  // Replay from genesis: every block, issuance included, gives the same chain.
  TestChain replay(testing::LifecycleOptions());
  EXPECT_EQ(testing::ReplayBatches(replay, run.Chain()), "");
  EXPECT_EQ(replay.state().entries(), run.state().entries());
}

}  // namespace
}  // namespace lincao
