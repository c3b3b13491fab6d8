// cancel_units (chaincode/tx_cancel_units.cc): every rule and error code,
// cancellation of named ranges from a holder's holdings and of a whole hold,
// the cancellation record, and the co-signatures a block needs. Every
// rejection is checked to write nothing and every step to keep the supply
// invariants.
#include <gtest/gtest.h>

#include "chaincode/cancellation_records.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::BatchOf;
using testing::HoldingsOf;
using testing::ShowHoldings;

class CancelUnitsTest : public testing::LifecycleTest {
 protected:
  CancelUnitsTest() {
    // Batch 1: serials 1-1000, 1-100 in the buffer, owner-a holds 101-1000.
    chain.IssueForProject("SC-P-0001", "owner-a", 1000, 100);
  }
  CancellationRecord CancellationOf(uint64_t id) {
    auto r = LoadRecord<CancellationRecord>(chain.state(), keys::Cancellation(id));
    EXPECT_TRUE(r.ok() && r->has_value()) << "cancellation " << id;
    return r.ok() && r->has_value() ? **r : CancellationRecord{};
  }
};

TEST_F(CancelUnitsTest, Rules) {
  const testing::Ranges some = {{101, 200}};
  v1::Tx by_owner = CancelRanges("owner-a", some);
  by_owner.set_account("owner-b");
  Expect(by_owner, v1::UNAUTHORIZED, "not the registrar");
  Expect(CancelRanges("owner-a", some, {}), v1::UNAUTHORIZED, "no cosigner");
  Status st = Expect(CancelRanges("owner-a", some, {"alice", "bank"}), v1::UNAUTHORIZED,
                     "cosigners without SUPERVISOR");
  EXPECT_NE(st.message().find("SUPERVISOR"), std::string::npos) << st.message();
  Expect(CancelRanges("owner-a", some, {"bureau"}, v1::CANCELLATION_UNSPECIFIED),
         v1::INVALID_ARGUMENT, "no reason");
  Expect(CancelRanges("owner-a", some, {"bureau"}, static_cast<v1::CancellationReason>(9)),
         v1::INVALID_ARGUMENT, "unknown reason");
  v1::Tx no_note = CancelRanges("owner-a", some);
  no_note.mutable_cancel_units()->clear_note();
  Expect(no_note, v1::INVALID_ARGUMENT, "no note");
  v1::Tx both = CancelRanges("owner-a", some);
  both.mutable_cancel_units()->set_hold(1);
  Expect(both, v1::INVALID_ARGUMENT, "ranges and a hold");
  v1::Tx hold_and_quantity = CancelHold(1);
  hold_and_quantity.mutable_cancel_units()->set_quantity(5);
  Expect(hold_and_quantity, v1::INVALID_ARGUMENT, "a hold with a quantity");
  v1::Tx neither = CancelRanges("owner-a", some);
  neither.mutable_cancel_units()->clear_holder();
  Expect(neither, v1::INVALID_ARGUMENT, "no holder, no hold");
  Expect(CancelRanges("nobody", some), v1::UNKNOWN_ACCOUNT, "unknown holder");
  Expect(CancelRanges("owner-a", {}), v1::ZERO_QUANTITY, "nothing named");
  v1::Tx no_ranges = CancelRanges("owner-a", {});
  no_ranges.mutable_cancel_units()->set_quantity(10);
  Expect(no_ranges, v1::INVALID_ARGUMENT, "a quantity without ranges");
  v1::Tx wrong_total = CancelRanges("owner-a", some);
  wrong_total.mutable_cancel_units()->set_quantity(99);
  Expect(wrong_total, v1::INVALID_ARGUMENT, "quantity differs");
  Expect(CancelRanges("owner-a", {{1, 10}}), v1::RANGE_NOT_HELD, "buffer serials");
  Expect(CancelRanges("owner-b", some), v1::RANGE_NOT_HELD, "another holder's serials");
  Expect(CancelHold(7), v1::UNKNOWN_HOLD, "no such hold");
  const uint64_t released = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{900, 1000}}), v1::OK, "pledge");
  Expect(Release("bank", released), v1::OK, "release");
  Expect(CancelHold(released), v1::INVALID_STATE, "a released hold");
  Expect(CancelRanges("owner-a", some, {"bank", "ecology"}, v1::CORRECTION), v1::OK,
         "ecology co-signs");
  EXPECT_EQ(CancellationOf(1).supervisor, "ecology");
}

TEST_F(CancelUnitsTest, CancellingRangesFromHoldings) {
  const uint64_t id = testing::CountersOf(chain.state()).next_cancellation_id;
  Expect(CancelRanges("owner-a", {{801, 900}, {101, 110}}, {"bureau"}, v1::FRAUD), v1::OK,
         "cancel");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[111-800 b1][901-1000 b1]");
  CreditBatchRecord b = *BatchOf(chain.state(), 1);
  EXPECT_EQ(b.cancelled, 110u);
  EXPECT_EQ(b.tradable(), 790u);
  CancellationRecord rec = CancellationOf(id);
  EXPECT_EQ(rec.id, id);
  EXPECT_EQ(rec.holder, "owner-a");
  EXPECT_EQ(rec.quantity, 110u);
  EXPECT_EQ(ShowHoldings(rec.ranges), "[101-110 b1][801-900 b1]");
  EXPECT_EQ(rec.reason, static_cast<uint32_t>(v1::FRAUD));
  EXPECT_EQ(rec.note, "monitoring data falsified");
  EXPECT_EQ(rec.hold_id, 0u);
  EXPECT_EQ(rec.registrar, "registrar");
  EXPECT_EQ(rec.supervisor, "bureau");
  EXPECT_EQ(rec.height, chain.head().height + 1);
  EXPECT_EQ(testing::CountersOf(chain.state()).next_cancellation_id, id + 1);
  v1::Cancellation view = rec.ToProto();
  EXPECT_EQ(view.reason(), v1::FRAUD);
  ASSERT_EQ(view.ranges_size(), 2);
  EXPECT_EQ(view.ranges(1).range().last(), 900u);
  // Cancelled serials are gone for good.
  Expect(chain.TransferTx("owner-a", "alice", 10, {{101, 110}}), v1::RANGE_NOT_HELD, "move them");
  Expect(CancelRanges("owner-a", {{101, 110}}), v1::RANGE_NOT_HELD, "cancel them again");
}

TEST_F(CancelUnitsTest, CancellingAHoldTakesAllItsUnits) {
  const uint64_t hold = NextHoldId();
  Expect(Freeze("court", "owner-a", {{301, 350}, {601, 650}}), v1::OK, "court freezes");
  const uint64_t id = testing::CountersOf(chain.state()).next_cancellation_id;
  Expect(CancelHold(hold), v1::OK, "cancel the frozen units");
  HoldRecord h = HoldOf(hold);
  EXPECT_EQ(h.status, static_cast<uint32_t>(v1::HOLD_CANCELLED));
  EXPECT_EQ(h.closed_by, "registrar");
  EXPECT_FALSE(Indexed("owner-a", hold));
  CreditBatchRecord b = *BatchOf(chain.state(), 1);
  EXPECT_EQ(b.held, 0u);
  EXPECT_EQ(b.cancelled, 100u);
  CancellationRecord rec = CancellationOf(id);
  EXPECT_EQ(rec.hold_id, hold);
  EXPECT_EQ(rec.holder, "owner-a");
  EXPECT_EQ(rec.quantity, 100u);
  EXPECT_EQ(ShowHoldings(rec.ranges), "[301-350 b1][601-650 b1]");
  // The holder's tradable units were not touched.
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")),
            "[101-300 b1][351-600 b1][651-1000 b1]");
  Expect(CancelHold(hold), v1::INVALID_STATE, "cancelled twice");
  Expect(Release("court", hold), v1::INVALID_STATE, "release after cancellation");
}

TEST_F(CancelUnitsTest, AHoldIsCancelledEvenUnderASupervisoryFreeze) {
  const uint64_t hold = NextHoldId();
  Expect(Pledge("owner-a", "bank", {{101, 200}}), v1::OK, "pledge");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a"), v1::OK, "freeze the holder");
  Expect(CancelRanges("owner-a", {{201, 210}}), v1::FROZEN, "ranges of a frozen holder");
  Expect(CancelHold(hold), v1::OK, "the hold's own way out");
}

TEST_F(CancelUnitsTest, ABlockNeedsTheSupervisorsSignature) {
  v1::Tx tx = CancelRanges("owner-a", {{101, 200}}, {"ecology"});
  // ecology signs 2-of-2: one key is not enough, and the tx is dropped.
  auto partial = SignTx(tx, {chain.Signer("registrar"), chain.Signer("ecology", 0)});
  ASSERT_TRUE(partial.ok());
  BuiltBlock b = chain.Commit({*partial});
  ASSERT_FALSE(b.made);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::THRESHOLD_NOT_MET);
  uint64_t created = 0;
  EXPECT_EQ(Committed(tx, std::nullopt, &created), v1::OK);
  EXPECT_EQ(created, 1u);  // the cancellation id
  EXPECT_EQ(BatchOf(chain.state(), 1)->cancelled, 100u);
}

}  // namespace
}  // namespace lincao
