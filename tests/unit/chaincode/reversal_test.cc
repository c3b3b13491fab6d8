// Reversal (chaincode/tx_reversal.cc): every rule and error code of
// report_loss and clear_shortfall; a loss covered from the project's own
// buffer contributions, then the pool oldest batch first, lowest serial
// first, the rest recorded as shortfall (with the exact serials and
// counters); the per-loss batch bound; clearing a shortfall by the
// governance quorum. Every rejection is checked to write nothing and every
// step to keep the supply invariants.
#include <gtest/gtest.h>

#include "chaincode/reversal_records.h"
#include "chaincode/tx_rules.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::BatchOf;
using testing::ShowHoldings;

constexpr char kFire[] = "SC-P-0001";  // the project that burns

class ReversalTest : public testing::LifecycleTest {
 protected:
  LossRecord LossOf(uint64_t id) {
    auto r = LoadRecord<LossRecord>(chain.state(), keys::Loss(id));
    EXPECT_TRUE(r.ok() && r->has_value()) << "loss " << id;
    return r.ok() && r->has_value() ? **r : LossRecord{};
  }
  std::optional<ShortfallRecord> ShortfallOf(const std::string& project) {
    auto r = LoadRecord<ShortfallRecord>(chain.state(), keys::Shortfall(project));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::nullopt;
  }
  uint64_t BufferOf(uint64_t batch) { return BatchOf(chain.state(), batch)->buffer; }
  uint64_t CancelledOf(uint64_t batch) { return BatchOf(chain.state(), batch)->cancelled; }
};

TEST_F(ReversalTest, ReportLossRules) {
  chain.IssueForProject(kFire, "owner-a", 1000, 100);
  Expect(Loss(kFire, 10, "registrar"), v1::UNAUTHORIZED, "registrar");
  Expect(Loss(kFire, 10, "court"), v1::UNAUTHORIZED, "court");
  Expect(Loss("SC-P-9999", 10), v1::UNKNOWN_PROJECT, "unknown project");
  Expect(Loss("", 10), v1::UNKNOWN_PROJECT, "no project");
  auto edited = [&](auto edit) {
    v1::Tx tx = Loss(kFire, 10);
    edit(*tx.mutable_report_loss());
    return tx;
  };
  Expect(edited([](v1::ReportLoss& b) { b.set_kind(v1::LOSS_UNSPECIFIED); }), v1::INVALID_ARGUMENT,
         "no kind");
  Expect(edited([](v1::ReportLoss& b) { b.set_kind(static_cast<v1::LossKind>(5)); }),
         v1::INVALID_ARGUMENT, "unknown kind");
  Expect(Loss(kFire, 0), v1::ZERO_QUANTITY, "no loss");
  Expect(Loss(kFire, kMaxQuantity + 1), v1::QUANTITY_OVERFLOW, "loss beyond the bound");
  Expect(edited([](v1::ReportLoss& b) { b.set_occurred_ms(0); }), v1::INVALID_ARGUMENT, "no date");
  Expect(edited([&](v1::ReportLoss& b) { b.set_occurred_ms(chain.head().time_ms + 1); }),
         v1::INVALID_ARGUMENT, "in the future");
  Expect(edited([](v1::ReportLoss& b) { b.set_evidence_hash(Bytes(31, 'e')); }),
         v1::INVALID_ARGUMENT, "short evidence hash");
  Expect(edited([](v1::ReportLoss& b) { b.clear_evidence_hash(); }), v1::INVALID_ARGUMENT,
         "no evidence");
  Expect(edited([](v1::ReportLoss& b) { b.set_note(std::string(1025, 'n')); }),
         v1::INVALID_ARGUMENT, "note too long");
  Expect(edited([&](v1::ReportLoss& b) { b.set_occurred_ms(chain.head().time_ms); }), v1::OK,
         "a loss today");
  LossRecord rec = LossOf(1);
  EXPECT_EQ(rec.project, kFire);
  EXPECT_EQ(rec.kind, static_cast<uint32_t>(v1::FIRE));
  EXPECT_EQ(rec.reporter, "bureau");
  EXPECT_EQ(rec.evidence_hash, ToHash32(Bytes(32, '\x11')));
  EXPECT_EQ(rec.note, "forest fire, compartments 12-14");
  EXPECT_EQ(rec.occurred_ms, chain.head().time_ms);
  EXPECT_EQ(testing::CountersOf(chain.state()).next_loss_id, 2u);
}

// DOMAIN.md: first the project's own buffer contributions, then the pool,
// oldest batch first, lowest serial first; the rest is shortfall.
TEST_F(ReversalTest, ALossIsCoveredFromOwnBufferThenPoolThenShortfall) {
  // Batch ids and serials, in issue order:
  //   b1 fire project   1-1000     buffer 1-100
  //   b2 SC-P-0002      1001-1500  buffer 1001-1050
  //   b3 fire project   1501-1800  buffer 1501-1530
  //   b4 SC-P-0003      1801-1900  buffer 1801-1820
  //   b5 SC-P-0004      1901-2000  no buffer (a project's buffer share is its
  //                                methodology's, so not SC-P-0002's)
  chain.IssueForProject(kFire, "owner-a", 1000, 100);
  chain.IssueForProject("SC-P-0002", "owner-b", 500, 50);
  chain.IssueForProject(kFire, "owner-a", 300, 30, 2026);
  chain.IssueForProject("SC-P-0003", "owner-b", 100, 20);
  chain.IssueForProject("SC-P-0004", "owner-b", 100, 0);

  // 1. 120 kg: the project's own buffers cover it, oldest batch first.
  uint64_t created = 0;
  ASSERT_EQ(Committed(Loss(kFire, 120), std::nullopt, &created), v1::OK);
  EXPECT_EQ(created, 1u);
  LossRecord first = LossOf(1);
  EXPECT_EQ(ShowHoldings(first.cancelled), "[1-100 b1][1501-1520 b3]");
  EXPECT_EQ(first.covered, 120u);
  EXPECT_EQ(first.shortfall_added, 0u);
  EXPECT_FALSE(first.batch_limit_reached);
  EXPECT_EQ(BufferOf(1), 0u);
  EXPECT_EQ(CancelledOf(1), 100u);
  EXPECT_EQ(BufferOf(3), 10u);
  EXPECT_EQ(CancelledOf(3), 20u);
  EXPECT_EQ(BufferOf(2), 50u) << "the pool is untouched while own buffers cover";
  EXPECT_FALSE(chain.state().Get(keys::BufferBatch(1)).has_value());
  EXPECT_FALSE(ShortfallOf(kFire).has_value());

  // 2. 100 kg: own buffer's last 10, then the pool oldest first, then
  //    shortfall.
  ASSERT_EQ(Committed(Loss(kFire, 100)), v1::OK);
  LossRecord second = LossOf(2);
  EXPECT_EQ(ShowHoldings(second.cancelled), "[1521-1530 b3][1001-1050 b2][1801-1820 b4]");
  EXPECT_EQ(second.covered, 80u);
  EXPECT_EQ(second.shortfall_added, 20u);
  for (uint64_t b : {1, 2, 3, 4, 5}) EXPECT_EQ(BufferOf(b), 0u) << "batch " << b;
  EXPECT_EQ(CancelledOf(2), 50u);
  EXPECT_EQ(CancelledOf(3), 30u);
  EXPECT_EQ(CancelledOf(4), 20u);
  std::optional<ShortfallRecord> owed = ShortfallOf(kFire);
  ASSERT_TRUE(owed.has_value());
  EXPECT_EQ(owed->units, 20u);
  EXPECT_EQ(owed->first_loss_id, 2u);
  EXPECT_EQ(owed->last_loss_id, 2u);
  EXPECT_EQ(owed->since_height, chain.head().height);
  EXPECT_EQ(CheckNoShortfall(chain.state(), kFire).code(), v1::SHORTFALL_OUTSTANDING);
  EXPECT_TRUE(CheckNoShortfall(chain.state(), "SC-P-0002").ok());

  // 3. The pool is empty: all of it is shortfall, added to the record.
  ASSERT_EQ(Committed(Loss(kFire, 5)), v1::OK);
  EXPECT_TRUE(LossOf(3).cancelled.empty());
  EXPECT_EQ(LossOf(3).shortfall_added, 5u);
  owed = ShortfallOf(kFire);
  EXPECT_EQ(owed->units, 25u);
  EXPECT_EQ(owed->first_loss_id, 2u);
  EXPECT_EQ(owed->last_loss_id, 3u);
  EXPECT_EQ(owed->updated_height, chain.head().height);
  v1::Shortfall view = owed->ToProto();
  EXPECT_EQ(view.units(), 25u);

  // Tradable units were never touched.
  EXPECT_EQ(testing::UnitsOf(chain.state(), "owner-a"), 900u + 270u);
  EXPECT_EQ(testing::UnitsOf(chain.state(), "owner-b"), 450u + 80u + 100u);
}

TEST_F(ReversalTest, AProjectWithoutBatchesDrawsOnThePool) {
  chain.IssueForProject("SC-P-0002", "owner-b", 500, 50);  // b1: buffer 1-50
  chain.IssueForProject("SC-P-0003", "owner-b", 100, 0);   // makes the project exist
  Expect(Loss("SC-P-0003", 30), v1::OK, "loss on a project with no buffer of its own");
  EXPECT_EQ(ShowHoldings(LossOf(1).cancelled), "[1-30 b1]");
  EXPECT_EQ(BufferOf(1), 20u);
  EXPECT_TRUE(chain.state().Get(keys::BufferBatch(1)).has_value());
  v1::Loss view = LossOf(1).ToProto();
  ASSERT_EQ(view.cancelled_size(), 1);
  EXPECT_EQ(view.cancelled(0).range().last(), 30u);
}

// One loss reads at most kMaxLossBatches batch records; the rest is
// shortfall and the record says why.
TEST_F(ReversalTest, ALossTouchesAtMostTheBoundOfBatches) {
  chain.IssueForProject(kFire, "owner-a", 10, 0);  // the project, no buffer: read, counts
  for (uint32_t i = 0; i < kMaxLossBatches; ++i) {
    chain.IssueForProject("SC-P-POOL", "owner-b", 2, 1);
  }
  Expect(Loss(kFire, 5000), v1::OK, "a loss larger than the pool");
  LossRecord rec = LossOf(1);
  EXPECT_TRUE(rec.batch_limit_reached);
  EXPECT_EQ(rec.covered, kMaxLossBatches - 1u);  // one read went to the project's own batch
  EXPECT_EQ(rec.cancelled.size(), kMaxLossBatches - 1u);
  EXPECT_EQ(rec.shortfall_added, 5000u - (kMaxLossBatches - 1));
  EXPECT_EQ(BufferOf(kMaxLossBatches + 1), 1u) << "the newest pool batch is beyond the bound";
  EXPECT_EQ(rec.cancelled.front().batch_id, 2u);
  EXPECT_EQ(rec.cancelled.back().batch_id, kMaxLossBatches);
}

TEST_F(ReversalTest, ClearShortfallRules) {
  chain.IssueForProject(kFire, "owner-a", 100, 0);
  chain.IssueForProject("SC-P-0002", "owner-b", 100, 0);
  Expect(Loss(kFire, 40), v1::OK, "no buffer anywhere: all shortfall");
  ASSERT_TRUE(ShortfallOf(kFire).has_value());
  Expect(Clear(kFire, {}), v1::GOVERNANCE_QUORUM_NOT_MET, "one governing account");
  v1::Tx outsiders = chain.GovTx("owner-a", {"bank"});
  outsiders.mutable_clear_shortfall()->set_project(kFire);
  outsiders.mutable_clear_shortfall()->set_reason("we paid");
  Expect(outsiders, v1::GOVERNANCE_QUORUM_NOT_MET, "no governing account");
  v1::Tx no_reason = Clear(kFire);
  no_reason.mutable_clear_shortfall()->clear_reason();
  Expect(no_reason, v1::INVALID_ARGUMENT, "no reason");
  Expect(Clear("SC-P-9999"), v1::UNKNOWN_PROJECT, "unknown project");
  Expect(Clear("SC-P-0002"), v1::INVALID_STATE, "a project that owes nothing");
  Expect(Clear(kFire), v1::OK, "bureau + ecology");
  EXPECT_FALSE(ShortfallOf(kFire).has_value());
  EXPECT_TRUE(CheckNoShortfall(chain.state(), kFire).ok());
  Expect(Clear(kFire, {"registrar"}), v1::INVALID_STATE, "cleared twice");
  // A later loss starts a new shortfall.
  Expect(Loss(kFire, 3), v1::OK, "another loss");
  EXPECT_EQ(ShortfallOf(kFire)->first_loss_id, 2u);
  EXPECT_EQ(ShortfallOf(kFire)->units, 3u);
}

TEST_F(ReversalTest, ClearShortfallIsAGovernanceBody) {
  EXPECT_TRUE(rules::IsGovernanceBody(v1::Tx::kClearShortfall));
  EXPECT_FALSE(rules::IsGovernanceBody(v1::Tx::kReportLoss));
  EXPECT_FALSE(rules::IsGovernanceBody(v1::Tx::kCancelUnits));
}

}  // namespace
}  // namespace lincao
