// Supervisory freezes (chaincode/tx_supervisory_freezes.cc, freezes.h): the
// rules and error codes of set_supervisory_freeze and
// lift_supervisory_freeze, and what a freeze of an account, a project or a
// batch stops: transfer, retire, pledge and cancel_units of ranges refuse
// with FROZEN, while a court's freeze, receiving, and other projects' units
// go on. Every rejection is checked to write nothing.
#include <gtest/gtest.h>

#include "chaincode/credit_batches.h"
#include "chaincode/freezes.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::HoldingsOf;
using testing::UnitsOf;

constexpr char kProject[] = "SC-P-0001";
constexpr char kBatchCode[] = "SC-P-0001-2025-001";
constexpr char kOtherProject[] = "SC-P-0002";

class SupervisoryFreezeTest : public testing::LifecycleTest {
 protected:
  SupervisoryFreezeTest() {
    chain.IssueForProject(kProject, "owner-a", 1000, 100);    // b1: 1-1000, owner-a 101-1000
    chain.IssueForProject(kOtherProject, "owner-a", 500, 0);  // b2: 1001-1500 to owner-a
    chain.IssueForProject("SC-P-0003", "owner-b", 100, 0);    // b3: 1501-1600 to owner-b
  }
  std::optional<FreezeRecord> FreezeOf(char letter, const std::string& id) {
    auto r = LoadRecord<FreezeRecord>(chain.state(), keys::Freeze(letter, id));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::nullopt;
  }
};

TEST_F(SupervisoryFreezeTest, SetRules) {
  Expect(SetFreeze("registrar", v1::FREEZE_ACCOUNT, "owner-a"), v1::UNAUTHORIZED, "registrar");
  Expect(SetFreeze("court", v1::FREEZE_ACCOUNT, "owner-a"), v1::UNAUTHORIZED, "court");
  Expect(SetFreeze("bureau", v1::FREEZE_TARGET_UNSPECIFIED, "owner-a"), v1::INVALID_ARGUMENT,
         "no target");
  Expect(SetFreeze("bureau", static_cast<v1::FreezeTarget>(7), "owner-a"), v1::INVALID_ARGUMENT,
         "unknown target");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, ""), v1::INVALID_ARGUMENT, "no id");
  v1::Tx no_reason = SetFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a");
  no_reason.mutable_set_supervisory_freeze()->clear_reason();
  Expect(no_reason, v1::INVALID_ARGUMENT, "no reason");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a", testing::kGenesisTimeMs),
         v1::INVALID_ARGUMENT, "expiry not in the future");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "nobody"), v1::UNKNOWN_ACCOUNT, "account");
  Expect(SetFreeze("bureau", v1::FREEZE_PROJECT, "SC-P-9999"), v1::UNKNOWN_PROJECT, "project");
  Expect(SetFreeze("bureau", v1::FREEZE_BATCH, "1"), v1::UNKNOWN_BATCH, "a batch by id, not code");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a"), v1::OK, "account");
  Expect(SetFreeze("ecology", v1::FREEZE_PROJECT, kProject, testing::kGenesisTimeMs + 1), v1::OK,
         "project");
  Expect(SetFreeze("bureau", v1::FREEZE_BATCH, kBatchCode), v1::OK, "batch");
  Status again = Expect(SetFreeze("ecology", v1::FREEZE_ACCOUNT, "owner-a"), v1::INVALID_STATE,
                        "already frozen");
  EXPECT_NE(again.message().find("'bureau'"), std::string::npos) << again.message();

  std::optional<FreezeRecord> f = FreezeOf('p', kProject);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->target, static_cast<uint32_t>(v1::FREEZE_PROJECT));
  EXPECT_EQ(f->id, kProject);
  EXPECT_EQ(f->authority, "ecology");
  EXPECT_EQ(f->expiry_ms, testing::kGenesisTimeMs + 1);
  EXPECT_EQ(f->height, chain.head().height + 1);
  EXPECT_EQ(f->time_ms, chain.head().time_ms);
  v1::SupervisoryFreeze view = f->ToProto();
  EXPECT_EQ(view.target(), v1::FREEZE_PROJECT);
  EXPECT_EQ(view.reason(), "suspected double counting");
  EXPECT_EQ(view.tx_id().size(), 32u);
}

TEST_F(SupervisoryFreezeTest, LiftRules) {
  Expect(SetFreeze("bureau", v1::FREEZE_BATCH, kBatchCode), v1::OK, "freeze");
  Expect(LiftFreeze("registrar", v1::FREEZE_BATCH, kBatchCode), v1::UNAUTHORIZED, "registrar");
  Expect(LiftFreeze("bureau", v1::FREEZE_TARGET_UNSPECIFIED, kBatchCode), v1::INVALID_ARGUMENT,
         "no target");
  Expect(LiftFreeze("bureau", v1::FREEZE_BATCH, ""), v1::INVALID_ARGUMENT, "no id");
  v1::Tx no_reason = LiftFreeze("bureau", v1::FREEZE_BATCH, kBatchCode);
  no_reason.mutable_lift_supervisory_freeze()->clear_reason();
  Expect(no_reason, v1::INVALID_ARGUMENT, "no reason");
  Expect(LiftFreeze("bureau", v1::FREEZE_PROJECT, kBatchCode), v1::NOT_FROZEN,
         "the same id under another target");
  Expect(LiftFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a"), v1::NOT_FROZEN, "never frozen");
  Expect(LiftFreeze("ecology", v1::FREEZE_BATCH, kBatchCode), v1::OK, "any supervisor lifts it");
  EXPECT_FALSE(FreezeOf('b', kBatchCode).has_value());
  Expect(LiftFreeze("bureau", v1::FREEZE_BATCH, kBatchCode), v1::NOT_FROZEN, "lifted twice");
}

// What each kind of freeze stops, and what it leaves alone.
TEST_F(SupervisoryFreezeTest, AFreezeStopsUnitsLeavingTheHoldings) {
  struct Case {
    v1::FreezeTarget target;
    std::string id;
    bool other_project_frozen;  // does it stop owner-a's units of batch 2 too?
  };
  const Case cases[] = {
      {v1::FREEZE_ACCOUNT, "owner-a", true},
      {v1::FREEZE_PROJECT, kProject, false},
      {v1::FREEZE_BATCH, kBatchCode, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    const Holdings before = HoldingsOf(chain.state(), "owner-a");
    Expect(SetFreeze("bureau", c.target, c.id), v1::OK, "freeze");
    Status st = Expect(chain.TransferTx("owner-a", "alice", 10, {{101, 110}}), v1::FROZEN,
                       "transfer named");
    EXPECT_NE(st.message().find("'bureau'"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("suspected double counting"), std::string::npos) << st.message();
    Expect(chain.TransferTx("owner-a", "alice", 10), v1::FROZEN, "transfer lowest-first");
    Expect(chain.RetireTx("owner-a", 10, {{101, 110}}), v1::FROZEN, "retire");
    Expect(chain.RetireTx("owner-a", 10), v1::FROZEN, "retire lowest-first");
    Expect(Pledge("owner-a", "bank", {{101, 110}}), v1::FROZEN, "pledge");
    Expect(CancelRanges("owner-a", {{101, 110}}), v1::FROZEN, "cancel ranges");
    Expect(chain.TransferTx("owner-a", "alice", 20, {{1001, 1010}, {101, 110}}), v1::FROZEN,
           "one frozen batch among several");
    Expect(chain.TransferTx("owner-a", "alice", 10, {{1001, 1010}}),
           c.other_project_frozen ? v1::FROZEN : v1::OK, "another project's units");
    // A court acts on frozen units, and units flow in.
    const uint64_t court_hold = NextHoldId();
    Expect(Freeze("court", "owner-a", {{101, 110}}), v1::OK, "court freeze of frozen units");
    Expect(Release("court", court_hold), v1::OK, "court releases");
    Expect(chain.TransferTx("owner-b", "owner-a", 5), v1::OK, "receiving into the frozen account");
    Expect(LiftFreeze("ecology", c.target, c.id), v1::OK, "lift");
    Expect(chain.TransferTx("owner-a", "alice", 10, {{101, 110}}), v1::OK, "after the lift");
    // Put the units back for the next case.
    Expect(chain.TransferTx("alice", "owner-a", UnitsOf(chain.state(), "alice")), v1::OK, "return");
    EXPECT_EQ(HoldingsOf(chain.state(), "owner-a").front().first, before.front().first);
  }
}

TEST_F(SupervisoryFreezeTest, AnExpiredFreezeNoLongerApplies) {
  const uint64_t t0 = chain.head().time_ms;
  ASSERT_EQ(Committed(SetFreeze("bureau", v1::FREEZE_PROJECT, kProject, t0 + 60000), t0 + 1000),
            v1::OK);
  EXPECT_EQ(Committed(chain.TransferTx("owner-a", "alice", 10), t0 + 60000), v1::FROZEN)
      << "in force up to and including its expiry";
  EXPECT_EQ(Committed(chain.TransferTx("owner-a", "alice", 10), t0 + 60001), v1::OK);
  // The expired record stays (public history) until replaced or lifted.
  EXPECT_TRUE(FreezeOf('p', kProject).has_value());
  EXPECT_EQ(Committed(SetFreeze("ecology", v1::FREEZE_PROJECT, kProject)), v1::OK)
      << "an expired freeze may be replaced";
  EXPECT_EQ(FreezeOf('p', kProject)->authority, "ecology");
  EXPECT_EQ(Committed(chain.TransferTx("owner-a", "alice", 10)), v1::FROZEN);
}

// Batches without a code (issue_batch, before version 3) belong to no
// project the chain knows: only an account freeze reaches them.
TEST_F(SupervisoryFreezeTest, ABatchWithoutCodeIsStoppedOnlyByAnAccountFreeze) {
  NewBatch spec;
  spec.project_id = kProject;  // free text in issue_batch batches
  spec.vintage = 2024;
  spec.quantity = 50;
  spec.owner = "carol";
  auto uncoded = CreateBatch(chain.Context(Hash32{}), chain.state(), spec);
  ASSERT_TRUE(uncoded.ok());
  const uint64_t first = uncoded->first_serial;
  Expect(SetFreeze("bureau", v1::FREEZE_PROJECT, kProject), v1::OK, "project");
  Expect(chain.TransferTx("carol", "alice", 5, {{first, first + 4}}), v1::OK, "uncoded batch");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "carol"), v1::OK, "account");
  Expect(chain.TransferTx("carol", "alice", 5), v1::FROZEN, "account frozen");
}

// Reads one key for the account and, per distinct batch moved, its record
// and its batch and project freeze keys.
class CountingReader final : public StateReader {
 public:
  explicit CountingReader(const StateReader& base) : base_(base) {}
  std::optional<Bytes> Get(std::string_view key) const override {
    ++reads_;
    return base_.Get(key);
  }
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override {
    ++reads_;
    base_.ScanFrom(prefix, start, fn);
  }
  uint64_t reads() const { return reads_; }

 private:
  const StateReader& base_;
  mutable uint64_t reads_ = 0;
};

TEST_F(SupervisoryFreezeTest, TheFreezeCheckReadsPerDistinctBatch) {
  const ApplyContext ctx = chain.Context(Hash32{});
  CountingReader counting(chain.state());
  Holdings moved = {{101, 110, 1}, {500, 510, 1}, {1001, 1001, 2}};
  ASSERT_TRUE(CheckUnitsMayMove(ctx, counting, "owner-a", moved).ok());
  EXPECT_EQ(counting.reads(), 1u + 2 * 3);
}

TEST_F(SupervisoryFreezeTest, BeforeVersionThreeNothingIsRead) {
  testing::ChainOptions o = testing::GovernanceOptions();
  o.chaincode_version = 2;
  testing::TestChain v2(o);
  ASSERT_TRUE(v2.Apply(v2.IssueTx("registrar", "owner-a", 10)).ok());
  CountingReader counting(v2.state());
  EXPECT_TRUE(CheckUnitsMayMove(v2.Context(Hash32{}), counting, "owner-a", {{1, 10, 1}}).ok());
  EXPECT_EQ(counting.reads(), 0u);
}

}  // namespace
}  // namespace lincao
