// Pledges and judicial freezes (chaincode/tx_holds.cc): a table of every
// rule and error code of pledge_units, freeze_units, release_hold and
// enforce_pledge, then the flows: pledge -> release, pledge -> enforce,
// freeze -> release by the court, release by the holder after expiry, and
// held units that nothing else moves. Every rejection is checked to write
// nothing and every step to keep the supply invariants.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::HoldingsOf;
using testing::LifecycleOptions;
using testing::Ranges;
using testing::ShowHoldings;

constexpr char kProject[] = "SC-P-0001";

class HoldsTest : public testing::LifecycleTest {
 protected:
  explicit HoldsTest(testing::ChainOptions options = LifecycleOptions())
      : LifecycleTest(std::move(options)) {
    // Batch 1: serials 1-1000, 1-100 in the buffer, owner-a holds 101-1000.
    batch = chain.IssueForProject(kProject, "owner-a", 1000, 100);
  }
  uint64_t HeldOf(uint64_t batch_id) { return testing::BatchOf(chain.state(), batch_id)->held; }
  CreditBatchRecord batch;
};

// ---- pledge_units ------------------------------------------------------------

TEST_F(HoldsTest, PledgeRules) {
  auto pledge = [&](auto edit) {
    v1::Tx tx = Pledge("owner-a", "bank", {{101, 200}});
    edit(tx);
    return tx;
  };
  Expect(Pledge("owner-a", "nobody", {{101, 200}}), v1::UNKNOWN_ACCOUNT, "unknown pledgee");
  Expect(Pledge("bank", "bank", {{101, 200}}, 0, false), v1::INVALID_ARGUMENT, "to itself");
  Expect(Pledge("owner-a", "alice", {{101, 200}}), v1::UNAUTHORIZED, "pledgee lacks FINANCE");
  Status st = Expect(Pledge("owner-a", "bank", {{101, 200}}, 0, /*cosign=*/false), v1::UNAUTHORIZED,
                     "pledgee did not co-sign");
  EXPECT_NE(st.message().find("must co-sign"), std::string::npos) << st.message();
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->clear_reason(); }), v1::INVALID_ARGUMENT,
         "no reason");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->set_reason(std::string(1025, 'r')); }),
         v1::INVALID_ARGUMENT, "reason too long");
  Expect(
      pledge([](v1::Tx& t) { t.mutable_pledge_units()->set_expiry_ms(testing::kGenesisTimeMs); }),
      v1::INVALID_ARGUMENT, "expiry not after chain time");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->set_quantity(0); }), v1::ZERO_QUANTITY,
         "zero quantity");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->set_quantity(kMaxQuantity + 1); }),
         v1::QUANTITY_OVERFLOW, "quantity beyond the bound");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->clear_ranges(); }), v1::INVALID_ARGUMENT,
         "no ranges named");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->set_quantity(99); }),
         v1::INVALID_ARGUMENT, "quantity differs from the ranges");
  Expect(pledge([](v1::Tx& t) { t.mutable_pledge_units()->mutable_ranges(0)->set_first(0); }),
         v1::INVALID_ARGUMENT, "serial 0");
  Expect(pledge([](v1::Tx& t) {
           t.mutable_pledge_units()->set_quantity(150);
           testing::AddRanges(t.mutable_pledge_units()->mutable_ranges(), {{150, 199}});
         }),
         v1::INVALID_ARGUMENT, "overlapping ranges");
  Expect(pledge([](v1::Tx& t) {
           auto* b = t.mutable_pledge_units();
           b->clear_ranges();
           Ranges many;
           for (uint64_t i = 0; i < 65; ++i) many.push_back({101 + 2 * i, 101 + 2 * i});
           testing::AddRanges(b->mutable_ranges(), many);
           b->set_quantity(65);
         }),
         v1::TOO_MANY_RANGES, "65 ranges");
  Expect(Pledge("owner-a", "bank", {{50, 150}}), v1::RANGE_NOT_HELD, "buffer serials");
  Expect(Pledge("owner-b", "bank", {{101, 200}}), v1::RANGE_NOT_HELD, "another's serials");
}

TEST_F(HoldsTest, APledgeMovesNamedRangesIntoTheHold) {
  const uint64_t id = NextHoldId();
  v1::Tx tx = Pledge("owner-a", "bank", {{501, 600}, {101, 150}}, testing::kGenesisTimeMs + 1);
  Expect(tx, v1::OK, "pledge");
  HoldRecord hold = HoldOf(id);
  EXPECT_EQ(hold.kind, static_cast<uint32_t>(v1::HOLD_PLEDGE));
  EXPECT_EQ(hold.holder, "owner-a");
  EXPECT_EQ(hold.pledgee, "bank");
  EXPECT_EQ(hold.authority, "owner-a");
  EXPECT_EQ(hold.quantity, 150u);
  EXPECT_EQ(ShowHoldings(hold.ranges), "[101-150 b1][501-600 b1]");  // sorted by serial
  EXPECT_TRUE(hold.active());
  EXPECT_EQ(hold.expiry_ms, testing::kGenesisTimeMs + 1);
  EXPECT_EQ(hold.height, chain.head().height + 1);
  EXPECT_EQ(hold.reason, "loan contract ICBC-SC-2026-0042");
  EXPECT_TRUE(Indexed("owner-a", id));
  EXPECT_EQ(HeldOf(batch.id), 150u);
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[151-500 b1][601-1000 b1]");
  EXPECT_EQ(testing::CountersOf(chain.state()).next_hold_id, id + 1);
  // The read view carries the same.
  v1::Hold view = hold.ToProto();
  EXPECT_EQ(view.status(), v1::HOLD_ACTIVE);
  ASSERT_EQ(view.ranges_size(), 2);
  EXPECT_EQ(view.ranges(1).range().first(), 501u);
  EXPECT_EQ(view.closed_height(), 0u);
}

TEST_F(HoldsTest, HeldUnitsMoveOnlyThroughTheirHold) {
  const uint64_t id = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 900}}), v1::OK, "pledge most");
  Expect(chain.TransferTx("owner-a", "alice", 10, {{101, 110}}), v1::RANGE_NOT_HELD,
         "transfer pledged serials");
  Expect(chain.RetireTx("owner-a", 10, {{101, 110}}), v1::RANGE_NOT_HELD, "retire pledged");
  Expect(chain.TransferTx("owner-a", "alice", 101), v1::INSUFFICIENT_UNITS,
         "lowest-first counts only tradable units");
  Expect(Pledge("owner-a", "bank-b", {{101, 110}}), v1::RANGE_NOT_HELD, "pledge twice");
  Expect(Freeze("court", "owner-a", {{101, 110}}), v1::RANGE_NOT_HELD, "freeze pledged serials");
  Expect(CancelRanges("owner-a", {{101, 110}}), v1::RANGE_NOT_HELD, "cancel pledged serials");
  Expect(chain.TransferTx("owner-a", "alice", 100), v1::OK, "the free units still move");
  Expect(Release("bank", id), v1::OK, "release");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[101-900 b1]");
}

// ---- freeze_units ------------------------------------------------------------

TEST_F(HoldsTest, FreezeRules) {
  Expect(Freeze("bureau", "owner-a", {{101, 200}}), v1::UNAUTHORIZED, "supervisor is no court");
  Expect(Freeze("bank", "owner-a", {{101, 200}}), v1::UNAUTHORIZED, "bank is no court");
  Expect(Freeze("court", "nobody", {{101, 200}}), v1::UNKNOWN_ACCOUNT, "unknown holder");
  Expect(Freeze("court", "court", {{101, 200}}), v1::INVALID_ARGUMENT, "court's own units");
  v1::Tx no_reason = Freeze("court", "owner-a", {{101, 200}});
  no_reason.mutable_freeze_units()->clear_reason();
  Expect(no_reason, v1::INVALID_ARGUMENT, "no case number");
  Expect(Freeze("court", "owner-a", {{101, 200}}, 1), v1::INVALID_ARGUMENT, "expiry passed");
  Expect(Freeze("court", "owner-a", {}), v1::ZERO_QUANTITY, "nothing named");
  v1::Tx no_ranges = Freeze("court", "owner-a", {});
  no_ranges.mutable_freeze_units()->set_quantity(5);
  Expect(no_ranges, v1::INVALID_ARGUMENT, "quantity without ranges");
  Expect(Freeze("court", "owner-a", {{1, 10}}), v1::RANGE_NOT_HELD, "buffer serials");
  const uint64_t id = NextHoldId();
  Expect(Freeze("court", "owner-a", {{201, 300}}, testing::kGenesisTimeMs + 3600000), v1::OK,
         "freeze");
  HoldRecord hold = HoldOf(id);
  EXPECT_EQ(hold.kind, static_cast<uint32_t>(v1::HOLD_JUDICIAL_FREEZE));
  EXPECT_EQ(hold.authority, "court");
  EXPECT_EQ(hold.pledgee, "");
  EXPECT_EQ(hold.holder, "owner-a");
  EXPECT_TRUE(Indexed("owner-a", id));
  EXPECT_EQ(HeldOf(batch.id), 100u);
}

// A holder cannot shield units from a court (or the registrar) by
// fragmenting its holdings up to max_ranges_per_account; a pledge, its own
// act, is held to the limit like a transfer.
class HoldsAtRangeLimitTest : public HoldsTest {
 protected:
  HoldsAtRangeLimitTest() : HoldsTest(Options()) {}
  static testing::ChainOptions Options() {
    testing::ChainOptions o = LifecycleOptions();
    o.max_ranges_per_account = 1;
    return o;
  }
};

TEST_F(HoldsAtRangeLimitTest, OnlyTheHoldersOwnPledgeIsBoundByTheRangeLimit) {
  Expect(Pledge("owner-a", "bank", {{501, 600}}), v1::HOLDINGS_FRAGMENTED, "pledge splits");
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::OK, "pledge from the end");
  const uint64_t freeze = NextHoldId();
  Expect(Freeze("court", "owner-a", {{501, 600}}), v1::OK, "court splits");
  EXPECT_EQ(HoldingsOf(chain.state(), "owner-a").size(), 2u);
  Expect(CancelRanges("owner-a", {{301, 310}}), v1::OK, "registrar splits");
  // Returning units never fails, whatever the holder's range count.
  Expect(Release("court", freeze), v1::OK, "release into fragmented holdings");
}

TEST_F(HoldsAtRangeLimitTest, EnforcementHoldsThePledgeeToTheRangeLimit) {
  chain.IssueForProject("SC-P-0002", "owner-b", 100, 0);  // serials 1001-1100
  Expect(chain.TransferTx("owner-b", "bank", 10), v1::OK, "bank holds 1001-1010");
  const uint64_t id = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::OK, "pledge");
  Expect(Enforce("bank", id), v1::HOLDINGS_FRAGMENTED, "a second range for the bank");
}

// ---- release_hold ------------------------------------------------------------

TEST_F(HoldsTest, ReleaseRules) {
  const uint64_t pledge = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 200}}, testing::kGenesisTimeMs + 600000), v1::OK,
         "pledge");
  const uint64_t freeze = NextHoldId();
  Expect(Freeze("court", "owner-a", {{301, 400}}), v1::OK, "freeze");
  Expect(Release("bank", pledge, ""), v1::INVALID_ARGUMENT, "no reason");
  Expect(Release("bank", 99), v1::UNKNOWN_HOLD, "no such hold");
  Status st = Expect(Release("owner-a", pledge), v1::UNAUTHORIZED, "holder before expiry");
  EXPECT_NE(st.message().find("once chain time passes its expiry"), std::string::npos)
      << st.message();
  Expect(Release("owner-a", freeze), v1::UNAUTHORIZED, "holder of a freeze without expiry");
  Expect(Release("bank-b", pledge), v1::UNAUTHORIZED, "another bank");
  Expect(Release("court", pledge), v1::UNAUTHORIZED, "a court releasing a pledge");
  Expect(Release("bank", freeze), v1::UNAUTHORIZED, "a bank releasing a freeze");
  Expect(Release("bureau", freeze), v1::UNAUTHORIZED, "a supervisor releasing a freeze");
  Expect(Release("bank", pledge), v1::OK, "pledgee releases");
  Expect(Release("court", freeze), v1::OK, "court releases");
  Expect(Release("bank", pledge), v1::INVALID_STATE, "released twice");
  Expect(Enforce("bank", pledge), v1::INVALID_STATE, "enforce after release");
}

TEST_F(HoldsTest, PledgeThenReleaseRestoresTheHoldings) {
  const Holdings before = HoldingsOf(chain.state(), "owner-a");
  const uint64_t id = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 150}, {400, 449}}), v1::OK, "pledge");
  Expect(Release("bank", id, "loan repaid"), v1::OK, "release");
  EXPECT_EQ(HoldingsOf(chain.state(), "owner-a"), before);  // merged back into one range
  EXPECT_EQ(HeldOf(batch.id), 0u);
  HoldRecord hold = HoldOf(id);
  EXPECT_EQ(hold.status, static_cast<uint32_t>(v1::HOLD_RELEASED));
  EXPECT_EQ(hold.closed_by, "bank");
  EXPECT_EQ(hold.close_reason, "loan repaid");
  EXPECT_EQ(hold.closed_height, chain.head().height + 1);
  EXPECT_FALSE(Indexed("owner-a", id));
}

TEST_F(HoldsTest, FreezeThenReleaseByTheCourt) {
  const uint64_t id = NextHoldId();
  Expect(Freeze("court", "owner-a", {{700, 799}}), v1::OK, "freeze");
  Expect(Release("court", id, "case closed"), v1::OK, "court releases");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[101-1000 b1]");
  EXPECT_EQ(HoldOf(id).status, static_cast<uint32_t>(v1::HOLD_RELEASED));
  EXPECT_FALSE(Indexed("owner-a", id));
}

TEST_F(HoldsTest, TheHolderReleasesOnlyAfterTheExpiry) {
  const uint64_t t0 = chain.head().time_ms;
  const uint64_t id = NextHoldId();
  uint64_t created = 0;
  ASSERT_EQ(Committed(Pledge("owner-a", "bank", {{101, 200}}, t0 + 600000), t0 + 1000, &created),
            v1::OK);
  EXPECT_EQ(created, id);  // the block result names the new hold
  EXPECT_EQ(Committed(Release("owner-a", id), t0 + 600000), v1::UNAUTHORIZED)
      << "at the expiry itself the hold still binds";
  EXPECT_TRUE(Indexed("owner-a", id));
  EXPECT_EQ(Committed(Release("owner-a", id, "loan term over"), t0 + 600001), v1::OK);
  EXPECT_EQ(HoldOf(id).closed_by, "owner-a");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[101-1000 b1]");
}

// ---- enforce_pledge ----------------------------------------------------------

TEST_F(HoldsTest, EnforceRules) {
  const uint64_t pledge = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::OK, "pledge");
  const uint64_t freeze = NextHoldId();
  Expect(Freeze("court", "owner-a", {{301, 400}}), v1::OK, "freeze");
  Expect(Enforce("bank", pledge, ""), v1::INVALID_ARGUMENT, "no reason");
  Expect(Enforce("bank", 42), v1::UNKNOWN_HOLD, "no such hold");
  Expect(Enforce("court", freeze), v1::INVALID_ARGUMENT, "a freeze is not enforced");
  Expect(Enforce("bank-b", pledge), v1::UNAUTHORIZED, "another bank");
  Expect(Enforce("owner-a", pledge), v1::UNAUTHORIZED, "the holder");
  Expect(Enforce("bank", pledge), v1::OK, "enforce");
  Expect(Enforce("bank", pledge), v1::INVALID_STATE, "enforced twice");
  Expect(Release("bank", pledge), v1::INVALID_STATE, "release after enforcement");
}

TEST_F(HoldsTest, PledgeThenEnforceMovesTheUnitsToThePledgee) {
  const uint64_t id = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 150}, {900, 1000}}), v1::OK, "pledge");
  Expect(Enforce("bank", id), v1::OK, "enforce");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "bank")), "[101-150 b1][900-1000 b1]");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[151-899 b1]");
  EXPECT_EQ(HeldOf(batch.id), 0u);
  HoldRecord hold = HoldOf(id);
  EXPECT_EQ(hold.status, static_cast<uint32_t>(v1::HOLD_ENFORCED));
  EXPECT_EQ(hold.closed_by, "bank");
  EXPECT_FALSE(Indexed("owner-a", id));
  // The bank's units are tradable like any others.
  Expect(chain.TransferTx("bank", "alice", 151), v1::OK, "bank sells them");
}

TEST_F(HoldsTest, APledgeeThatMayNoLongerHoldUnitsCannotEnforce) {
  const uint64_t id = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::OK, "pledge");
  v1::Tx grant = chain.GovTx("bureau", {"ecology"});
  grant.mutable_grant_role()->set_account("bank");
  grant.mutable_grant_role()->set_role(v1::AUDITOR);
  Expect(grant, v1::OK, "bank becomes an auditor too");
  Expect(Enforce("bank", id), v1::CONFLICT_OF_INTEREST, "oversight roles hold no units");
  Expect(Release("bank", id), v1::OK, "it can still release");
}

TEST_F(HoldsTest, ASanctionedPledgeeCannotCosign) {
  v1::Tx sanction = chain.NewTx("bureau");
  sanction.mutable_impose_sanction()->set_account("bank");
  sanction.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  sanction.mutable_impose_sanction()->set_reason("licence suspended");
  Expect(sanction, v1::OK, "suspend the bank");
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::SANCTIONED, "suspended cosigner");
}

TEST_F(HoldsTest, HoldsIndexPerHolderListsExactlyTheActiveOnes) {
  chain.IssueForProject("SC-P-0002", "owner-b", 100, 0);  // serials 1001-1100
  const uint64_t a = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 110}}), v1::OK, "a");
  const uint64_t b = NextHoldId();
  Expect(Freeze("court", "owner-a", {{111, 120}}), v1::OK, "b");
  const uint64_t c = NextHoldId();
  Expect(Pledge("owner-b", "bank-b", {{1001, 1010}}), v1::OK, "c");
  auto index = [&](const std::string& holder) {
    std::vector<uint64_t> ids;
    chain.state().Scan(keys::HolderHoldPrefix(holder), [&](std::string_view key, std::string_view) {
      ids.push_back(ReadBigEndian64(key.substr(key.size() - 8)));
      return true;
    });
    return ids;
  };
  EXPECT_EQ(index("owner-a"), (std::vector<uint64_t>{a, b}));
  EXPECT_EQ(index("owner-b"), (std::vector<uint64_t>{c}));
  Expect(Release("bank", a), v1::OK, "release a");
  EXPECT_EQ(index("owner-a"), (std::vector<uint64_t>{b}));
  Expect(CancelHold(b), v1::OK, "cancel b");
  EXPECT_TRUE(index("owner-a").empty());
  Expect(Enforce("bank-b", c), v1::OK, "enforce c");
  EXPECT_TRUE(index("owner-b").empty());
  EXPECT_EQ(HeldOf(batch.id), 0u);
}

TEST_F(HoldsTest, APledgeNeedsThePledgeesSignatureInTheBlock) {
  v1::Tx tx = Pledge("owner-a", "bank", {{101, 200}});
  auto only_holder = SignTx(tx, {chain.Signer("owner-a")});
  ASSERT_TRUE(only_holder.ok());
  BuiltBlock b = chain.Commit({*only_holder});
  ASSERT_FALSE(b.made);
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::THRESHOLD_NOT_MET);
  EXPECT_EQ(Committed(tx), v1::OK);
  EXPECT_EQ(HeldOf(batch.id), 100u);
}

// Before chaincode version 3 none of these types exists.
TEST(HoldsVersionGate, TheBodiesOfThisSliceNeedVersionThree) {
  testing::ChainOptions options = LifecycleOptions();
  options.chaincode_version = 2;
  testing::TestChain chain(options);
  std::vector<v1::Tx> txs(9, chain.NewTx("bureau"));
  txs[0].mutable_pledge_units()->set_pledgee("bank");
  txs[1].mutable_freeze_units()->set_holder("alice");
  txs[2].mutable_release_hold()->set_hold(1);
  txs[3].mutable_enforce_pledge()->set_hold(1);
  txs[4].mutable_set_supervisory_freeze()->set_id("alice");
  txs[5].mutable_lift_supervisory_freeze()->set_id("alice");
  txs[6].mutable_cancel_units()->set_hold(1);
  txs[7].mutable_report_loss()->set_project("SC-P-0001");
  txs[8].mutable_clear_shortfall()->set_project("SC-P-0001");
  for (const v1::Tx& tx : txs) {
    EXPECT_EQ(chain.Apply(tx).code(), v1::UNSUPPORTED_TX_TYPE) << tx.body_case();
  }
}

}  // namespace
}  // namespace lincao
