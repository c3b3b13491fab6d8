// Personal carbon points (chaincode/tx_points.cc): a table of every rule and
// error code of record_behaviour and redeem_points, the daily cap and its
// parameter, the recording window and the pruning of daily totals, and the
// movement records that list every change of a balance. Every rejection is
// checked to write nothing.
#include <gtest/gtest.h>

#include "chaincode/limits.h"
#include "chaincode/parameters.h"
#include "tests/unit/chaincode/claims_points_fixture.h"

namespace lincao {
namespace {

using testing::kDayMs;

class CarbonPointsTest : public testing::ClaimsPointsTest {
 protected:
  CarbonPointsTest() {
    OpenPersonal("p-1");
    OpenPersonal("p-2", "platform-b");
  }
  // Moves chain time on by `days` days, one block a day (block time moves
  // at most a day per block), each recording a point for p-2.
  void CommitDaysLater(uint64_t days) {
    for (uint64_t d = 0; d < days; ++d) {
      const uint64_t t = chain.head().time_ms + kDayMs;
      v1::Tx tx = Record("p-2", Today() + 1, 1);
      tx.set_expiry_ms(t + 60 * 60 * 1000);
      ASSERT_EQ(Committed(tx, t), v1::OK);
    }
  }
  size_t DailyRecords(const std::string& account) {
    size_t n = 0;
    chain.state().Scan(keys::DailyPointsPrefix(account),
                       [&](std::string_view, std::string_view) { return ++n, true; });
    return n;
  }
};

// ---- record_behaviour --------------------------------------------------------------

TEST_F(CarbonPointsTest, RecordRules) {
  const uint64_t today = Today();
  auto record = [&](auto edit) {
    v1::Tx tx = Record("p-1", today, 100);
    edit(*tx.mutable_record_behaviour());
    return tx;
  };
  Status st = Expect(Record("alice", today, 100), v1::NOT_CUSTODIAL, "an organisation");
  EXPECT_NE(st.message().find("not a custodial personal account"), std::string::npos);
  Expect(Record("platform", today, 100), v1::NOT_CUSTODIAL, "the platform itself");
  Expect(record([](v1::RecordBehaviour& b) { b.set_category(v1::FOOTPRINT_CATEGORY_UNSPECIFIED); }),
         v1::INVALID_ARGUMENT, "no category");
  Expect(
      record([](v1::RecordBehaviour& b) { b.set_category(static_cast<v1::FootprintCategory>(6)); }),
      v1::INVALID_ARGUMENT, "category 6");
  Expect(record([](v1::RecordBehaviour& b) { b.set_points(0); }), v1::INVALID_ARGUMENT,
         "zero points");
  Expect(record([](v1::RecordBehaviour& b) { b.clear_evidence_hash(); }), v1::INVALID_ARGUMENT,
         "no evidence");
  Expect(record([&](v1::RecordBehaviour& b) { b.set_day(static_cast<uint32_t>(today + 1)); }),
         v1::DAY_OUTSIDE_WINDOW, "tomorrow");
  Expect(record([&](v1::RecordBehaviour& b) { b.set_day(static_cast<uint32_t>(today - 7)); }),
         v1::DAY_OUTSIDE_WINDOW, "a week ago");
  Expect(record([](v1::RecordBehaviour& b) { b.set_day(0); }), v1::DAY_OUTSIDE_WINDOW,
         "1970-01-01");
  Expect(record([](v1::RecordBehaviour& b) { b.set_points(kDefaultPointsDailyCap + 1); }),
         v1::DAILY_POINTS_CAP, "more than a day's cap at once");
  Expect(record([&](v1::RecordBehaviour& b) { b.set_day(static_cast<uint32_t>(today - 6)); }),
         v1::OK, "six days ago");
  for (v1::FootprintCategory c : {v1::CLOTHING, v1::FOOD, v1::HOUSING, v1::TRAVEL, v1::USE}) {
    Expect(record([&](v1::RecordBehaviour& b) { b.set_category(c); }), v1::OK,
           "category " + v1::FootprintCategory_Name(c));
  }
  EXPECT_EQ(PointsOf("p-1").balance, 600u);
}

TEST_F(CarbonPointsTest, ADayIsCappedPerPerson) {
  const uint64_t today = Today();
  Expect(Record("p-1", today, 4000), v1::OK, "4000 today");
  Status st = Expect(Record("p-1", today, 1001), v1::DAILY_POINTS_CAP, "1001 more");
  EXPECT_NE(st.message().find("may earn 1000 more points"), std::string::npos) << st.message();
  Expect(Record("p-1", today, 1000), v1::OK, "exactly the cap");
  st = Expect(Record("p-1", today, 1), v1::DAILY_POINTS_CAP, "capped");
  EXPECT_NE(st.message().find("may earn 0 more points"), std::string::npos) << st.message();
  Expect(Record("p-1", today - 1, 5000), v1::OK, "another day has its own cap");
  Expect(Record("p-2", today, 5000), v1::OK, "another person has their own cap");

  // Governance raises the cap; lowering it below a day's total leaves 0.
  Expect(SetParam("points_daily_cap", 6000), v1::OK, "raise the cap");
  Expect(Record("p-1", today, 1000), v1::OK, "up to the new cap");
  Expect(SetParam("points_daily_cap", 10), v1::OK, "lower the cap");
  st = Expect(Record("p-1", today, 1), v1::DAILY_POINTS_CAP, "over the lowered cap");
  EXPECT_NE(st.message().find("may earn 0 more"), std::string::npos) << st.message();
  Expect(Record("p-1", today - 2, 10), v1::OK, "a fresh day under the lowered cap");
  EXPECT_EQ(PointsOf("p-1").earned, 4000u + 1000 + 5000 + 1000 + 10);
}

TEST_F(CarbonPointsTest, ARecordWritesAMovementAndTheBalance) {
  const uint64_t today = Today();
  uint64_t seq = 0;
  v1::Tx tx = Record("p-1", today - 1, 250, v1::FOOD);
  ASSERT_EQ(Committed(tx, std::nullopt, &seq), v1::OK);
  EXPECT_EQ(seq, 1u);
  ExpectPoints("p-1", 250, 250, 0, 1);
  auto m = MovementOf("p-1", 1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->seq, 1u);
  EXPECT_EQ(m->kind, static_cast<uint32_t>(v1::POINTS_EARNED));
  EXPECT_EQ(m->points, 250u);
  EXPECT_EQ(m->balance_after, 250u);
  EXPECT_EQ(m->day, today - 1);
  EXPECT_EQ(m->category, static_cast<uint32_t>(v1::FOOD));
  EXPECT_EQ(m->evidence_hash, Filled('\x33'));
  EXPECT_EQ(m->platform, "platform");
  EXPECT_EQ(m->height, chain.head().height);
  EXPECT_EQ(m->time_ms, chain.head().time_ms);
  EXPECT_EQ(m->tx_id, ComputeTxId(chain.suite(), tx.SerializeAsString()));
  v1::PointMovement view = m->ToProto("p-1");
  EXPECT_EQ(view.account(), "p-1");
  EXPECT_EQ(view.kind(), v1::POINTS_EARNED);
  EXPECT_EQ(view.category(), v1::FOOD);
  EXPECT_EQ(view.day(), today - 1);
  auto daily = LoadRecord<DailyPointsRecord>(chain.state(), keys::DailyPoints("p-1", today - 1));
  ASSERT_TRUE(daily.ok() && daily.value());
  EXPECT_EQ((*daily)->points, 250u);
}

TEST_F(CarbonPointsTest, DailyTotalsOutsideTheWindowAreDropped) {
  const uint64_t start = Today();
  Expect(Record("p-1", start - 6, 1), v1::OK, "six days ago");
  Expect(Record("p-1", start, 1), v1::OK, "today");
  EXPECT_EQ(DailyRecords("p-1"), 2u);
  CommitDaysLater(1);  // start - 6 leaves the window
  Expect(Record("p-1", Today(), 1), v1::OK, "the next day");
  EXPECT_EQ(DailyRecords("p-1"), 2u) << "start - 6 dropped, start + 1 added";
  EXPECT_FALSE(chain.state().Get(keys::DailyPoints("p-1", start - 6)).has_value());
  CommitDaysLater(7);
  Expect(Record("p-1", Today(), 1), v1::OK, "a week later");
  EXPECT_EQ(DailyRecords("p-1"), 1u);
  EXPECT_EQ(PointsOf("p-1").movements, 4u) << "movements are never dropped";
}

TEST_F(CarbonPointsTest, PointsAreBounded) {
  PointsAccountRecord near;
  near.earned = kMaxPoints - 5;
  near.balance = kMaxPoints - 5;
  chain.state().Put(keys::PointsAccount("p-1"), near.Encode());
  Expect(Record("p-1", Today(), 6), v1::POINTS_OVERFLOW, "past 2^62");
  Expect(Record("p-1", Today(), 5), v1::OK, "up to 2^62");
}

TEST_F(CarbonPointsTest, CustodyEndedMeansNoPoints) {
  Expect(Record("p-1", Today(), 100), v1::OK, "earned under custody");
  v1::Tx hand_over = chain.NewTx("p-1");
  auto* k = hand_over.mutable_update_keys()->add_add();
  k->set_key_id(0);
  k->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k->set_key(testing::TestKey("p-1 own key").public_key);
  Expect(hand_over, v1::OK, "the person takes their own key");
  Status st = Expect(Record("p-1", Today(), 1), v1::NOT_CUSTODIAL, "after the hand-over");
  EXPECT_NE(st.message().find("custody ended"), std::string::npos) << st.message();
  Expect(Benefit("p-1", "Metro ticket", 10), v1::NOT_CUSTODIAL, "redeem after the hand-over");
  EXPECT_EQ(PointsOf("p-1").balance, 100u) << "the points stay on record";
}

TEST_F(CarbonPointsTest, PointsNeedChaincodeVersion4) {
  testing::ChainOptions v3 = testing::ClaimsPointsOptions();
  v3.chaincode_version = 3;
  testing::TestChain old(v3);
  v1::Tx open = old.NewTx("platform");
  open.mutable_open_personal_account()->set_id("p-9");
  open.mutable_open_personal_account()->set_holder_commitment(CommitmentOf("p-9"));
  ASSERT_TRUE(old.Apply(open).ok());
  v1::Tx tx = old.NewTx("p-9");
  *tx.mutable_record_behaviour() = Record("p-9", Today(), 1).record_behaviour();
  EXPECT_EQ(old.Apply(tx).code(), v1::UNSUPPORTED_TX_TYPE);
  v1::Tx redeem = old.NewTx("p-9");
  *redeem.mutable_redeem_points() = Benefit("p-9", "x", 1).redeem_points();
  EXPECT_EQ(old.Apply(redeem).code(), v1::UNSUPPORTED_TX_TYPE);
}

// ---- parameters ----------------------------------------------------------------------

TEST_F(CarbonPointsTest, PointsParametersAreGovernedFromVersion4) {
  Expect(SetParam("points_daily_cap", 0), v1::PARAMETER_OUT_OF_BOUNDS, "cap 0");
  Expect(SetParam("points_daily_cap", kMaxPointsDailyCap + 1), v1::PARAMETER_OUT_OF_BOUNDS,
         "cap too high");
  Expect(SetParam("points_per_kg", 0), v1::PARAMETER_OUT_OF_BOUNDS, "0 points per kg");
  Expect(SetParam("points_per_kg", kMaxPointsPerKg + 1), v1::PARAMETER_OUT_OF_BOUNDS,
         "points per kg too high");
  Expect(SetParam("points_per_kg", 500), v1::OK, "points per kg");
  auto params = ListParameters(chain.params(), chain.state(), 4);
  ASSERT_TRUE(params.ok());
  bool seen_cap = false;
  for (const v1::Parameter& p : *params) {
    if (p.name() == "points_daily_cap") {
      seen_cap = true;
      EXPECT_EQ(p.default_value(), kDefaultPointsDailyCap);
      EXPECT_EQ(p.value(), kDefaultPointsDailyCap);
    }
    if (p.name() == "points_per_kg") {
      EXPECT_EQ(p.value(), 500u);
    }
  }
  EXPECT_TRUE(seen_cap);
  auto v3_params = ListParameters(chain.params(), chain.state(), 3);
  ASSERT_TRUE(v3_params.ok());
  for (const v1::Parameter& p : *v3_params) EXPECT_NE(p.name().substr(0, 7), "points_");

  testing::ChainOptions v3 = testing::ClaimsPointsOptions();
  v3.chaincode_version = 3;
  testing::TestChain old(v3);
  v1::Tx tx = old.GovTx("bureau", {"ecology"});
  tx.mutable_set_parameter()->set_name("points_daily_cap");
  tx.mutable_set_parameter()->set_value(10);
  EXPECT_EQ(old.Apply(tx).code(), v1::UNKNOWN_PARAMETER);
}

// ---- redeem_points for a benefit --------------------------------------------------------

TEST_F(CarbonPointsTest, BenefitRules) {
  Expect(Record("p-1", Today(), 300), v1::OK, "earn 300");
  Expect(Benefit("alice", "Metro ticket", 10), v1::NOT_CUSTODIAL, "an organisation");
  v1::Tx empty = chain.NewTx("p-1");
  empty.mutable_redeem_points();
  Expect(empty, v1::INVALID_ARGUMENT, "neither retirement nor benefit");
  Expect(Benefit("p-1", "", 10), v1::INVALID_ARGUMENT, "no name");
  Expect(Benefit("p-1", std::string(kMaxTextBytes + 1, 'b'), 10), v1::INVALID_ARGUMENT,
         "name too long");
  Expect(Benefit("p-1", "Metro ticket", 0), v1::INVALID_ARGUMENT, "zero points");
  Status st = Expect(Benefit("p-1", "Panda base ticket", 301), v1::INSUFFICIENT_POINTS, "301");
  EXPECT_NE(st.message().find("has 300 points"), std::string::npos) << st.message();
  Expect(Benefit("p-2", "Metro ticket", 1), v1::INSUFFICIENT_POINTS, "no points at all");
  uint64_t seq = 0;
  ASSERT_EQ(Committed(Benefit("p-1", "Panda base ticket", 300), std::nullopt, &seq), v1::OK);
  EXPECT_EQ(seq, 2u);
  ExpectPoints("p-1", 0, 300, 300, 2);
  auto m = MovementOf("p-1", 2);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, static_cast<uint32_t>(v1::POINTS_FOR_BENEFIT));
  EXPECT_EQ(m->points, 300u);
  EXPECT_EQ(m->balance_after, 0u);
  EXPECT_EQ(m->benefit, "Panda base ticket");
  EXPECT_EQ(m->day, 0u);
  EXPECT_TRUE(m->evidence_hash.empty());
}

// ---- redeem_points for a retirement ------------------------------------------------

TEST_F(CarbonPointsTest, RetirementRules) {
  chain.IssueTo("SC-P-0001", "platform", 100);  // serials 1-100
  Expect(Record("p-1", Today(), 5000), v1::OK, "earn 5000");
  Expect(Record("p-2", Today(), 5000), v1::OK, "p-2 earns 5000");
  Expect(RedeemRetirement("alice", 1), v1::NOT_CUSTODIAL, "an organisation");
  Expect(RedeemRetirement("p-1", 1, v1::FOOTPRINT_CATEGORY_UNSPECIFIED), v1::INVALID_ARGUMENT,
         "no category");
  Expect(RedeemRetirement("p-1", 0), v1::ZERO_QUANTITY, "zero kg");
  Expect(RedeemRetirement("p-1", kMaxQuantity + 1), v1::QUANTITY_OVERFLOW, "beyond 2^50");
  Status st = Expect(RedeemRetirement("p-1", 6), v1::INSUFFICIENT_POINTS, "6 kg = 6000 points");
  EXPECT_NE(st.message().find("has 5000 points; this redemption needs 6000"), std::string::npos)
      << st.message();
  Expect(RedeemRetirement("p-2", 1), v1::INSUFFICIENT_UNITS, "platform-b holds nothing");
  Expect(RedeemRetirement("p-1", 2, v1::TRAVEL, {{101, 102}}), v1::RANGE_NOT_HELD,
         "serials the platform does not hold");
  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "platform"), v1::OK, "freeze the platform");
  Expect(RedeemRetirement("p-1", 1), v1::FROZEN, "the platform's units are frozen");
  Expect(LiftFreeze("bureau", v1::FREEZE_ACCOUNT, "platform"), v1::OK, "lift");
  Expect(SetParam("points_per_kg", kMaxPointsPerKg), v1::OK, "points per kg at its bound");
  Expect(RedeemRetirement("p-1", kMaxQuantity), v1::POINTS_OVERFLOW, "2^50 kg x 10^6 points");
  EXPECT_EQ(PointsOf("p-1").balance, 5000u);
}

TEST_F(CarbonPointsTest, PointsBuyARetirementForThePerson) {
  chain.IssueTo("SC-P-0001", "platform", 100);  // serials 1-100
  Expect(Record("p-1", Today(), 4500), v1::OK, "earn 4500");
  v1::Tx tx = RedeemRetirement("p-1", 4, v1::FOOD, {{11, 14}});
  uint64_t created = 0;
  ASSERT_EQ(Committed(tx, std::nullopt, &created), v1::OK);
  auto r = testing::RetirementOf(chain.state(), created);
  ASSERT_TRUE(r.has_value()) << "created id is the retirement id";
  EXPECT_EQ(r->holder, "platform");
  EXPECT_EQ(r->quantity, 4u);
  EXPECT_EQ(r->beneficiary_commitment, CommitmentOf("p-1"));
  EXPECT_EQ(r->purpose, static_cast<uint32_t>(v1::PERSONAL_FOOTPRINT));
  EXPECT_EQ(r->footprint_category, static_cast<uint32_t>(v1::FOOD));
  EXPECT_EQ(r->note, "points exchanged on the Diandian app");
  // The consumption period is the redeeming block's day in UTC+8.
  const uint64_t day = DayInChinaStandardTime(chain.head().time_ms);
  EXPECT_EQ(r->period_start_ms, day * kDayMs - kChinaStandardTimeOffsetMs);
  EXPECT_EQ(r->period_end_ms, r->period_start_ms + kDayMs);
  ASSERT_EQ(r->ranges.size(), 1u);
  EXPECT_EQ(r->ranges[0].first, 11u);
  EXPECT_EQ(r->ranges[0].last, 14u);
  EXPECT_EQ(testing::UnitsOf(chain.state(), "platform"), 96u);

  ExpectPoints("p-1", 500, 4500, 4000, 2);
  auto m = MovementOf("p-1", 2);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, static_cast<uint32_t>(v1::POINTS_FOR_RETIREMENT));
  EXPECT_EQ(m->points, 4000u);
  EXPECT_EQ(m->balance_after, 500u);
  EXPECT_EQ(m->retirement_id, created);
  EXPECT_EQ(m->quantity_kg, 4u);
  EXPECT_EQ(m->category, static_cast<uint32_t>(v1::FOOD));

  // The price follows points_per_kg in force.
  Expect(SetParam("points_per_kg", 100), v1::OK, "100 points a kg");
  Expect(RedeemRetirement("p-1", 5), v1::OK, "5 kg for 500 points, lowest serials first");
  EXPECT_EQ(PointsOf("p-1").balance, 0u);
  EXPECT_EQ(MovementOf("p-1", 3)->points, 500u);
}

TEST_F(CarbonPointsTest, RecordsRoundTrip) {
  PointMovementRecord m;
  m.seq = 3;
  m.kind = v1::POINTS_FOR_RETIREMENT;
  m.points = 1000;
  m.retirement_id = 4;
  m.quantity_kg = 1;
  m.category = v1::TRAVEL;
  testing::ExpectRoundTrip(m);
  testing::ExpectRoundTrip(PointsAccountRecord{1, 2, 1, 5});
  testing::ExpectRoundTrip(DailyPointsRecord{77});
}

}  // namespace
}  // namespace lincao
