// Exchange settlement (chaincode/tx_settlement.cc): a table of every rule
// and error code of set_settlement_mandate and settle_trade, then the flows:
// a multi-leg trade that settles whole, one that fails in its last leg and
// moves nothing, legs that build on each other, the exchange's own units,
// and a replayed trade. Every rejection is checked to write nothing and
// every step to keep the supply invariants.
#include <gtest/gtest.h>

#include "chaincode/limits.h"
#include "chaincode/settlement_records.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::HoldingsOf;
using testing::LifecycleOptions;
using testing::Ranges;
using testing::ShowHoldings;
using testing::UsingCreditsOptions;

constexpr char kProject[] = "SC-P-0001";

class SettlementTest : public testing::LifecycleTest {
 protected:
  explicit SettlementTest(testing::ChainOptions options = UsingCreditsOptions())
      : LifecycleTest(std::move(options)) {
    // Batch 1: serials 1-1000, 1-100 in the buffer, owner-a holds 101-1000,
    // then alice 801-1000.
    chain.IssueForProject(kProject, "owner-a", 1000, 100);
    EXPECT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 200, {{801, 1000}})).ok());
  }
  void Grant(const std::string& client, const std::string& exchange = "exchange") {
    Expect(Mandate(client, exchange), v1::OK, client + " grants " + exchange);
  }
  // The usual trade: owner-a sells 100 to bob, alice sells 50 to carol.
  v1::Tx Trade(const std::string& ref = "T-2026-0001") {
    return Settle("exchange", ref, {{"owner-a", "bob", 100, {}}, {"alice", "carol", 50, {}}});
  }
  std::string Holds(const std::string& account) {
    return ShowHoldings(HoldingsOf(chain.state(), account));
  }
};

// ---- set_settlement_mandate -------------------------------------------------

TEST_F(SettlementTest, MandateRules) {
  Expect(Mandate("owner-a", ""), v1::INVALID_ARGUMENT, "no exchange named");
  Expect(Mandate("exchange", "exchange"), v1::INVALID_ARGUMENT, "an exchange mandating itself");
  Expect(Mandate("owner-a", "nobody"), v1::UNKNOWN_ACCOUNT, "unknown exchange");
  Status st = Expect(Mandate("owner-a", "bob"), v1::UNAUTHORIZED, "bob is no exchange");
  EXPECT_NE(st.message().find("EXCHANGE"), std::string::npos) << st.message();
  Expect(Mandate("owner-a", "exchange", false), v1::NO_MANDATE, "withdraw what was never given");

  Expect(Mandate("owner-a", "exchange"), v1::OK, "grant");
  auto rec = LoadRecord<MandateRecord>(chain.state(), keys::Mandate("exchange", "owner-a"));
  ASSERT_TRUE(rec.ok() && rec.value());
  EXPECT_EQ((*rec)->client, "owner-a");
  EXPECT_EQ((*rec)->exchange, "exchange");
  EXPECT_EQ((*rec)->height, chain.head().height + 1);
  Expect(Mandate("owner-a", "exchange"), v1::INVALID_STATE, "granted twice");
  Expect(Mandate("owner-a", "exchange", false), v1::OK, "withdraw");
  EXPECT_FALSE(chain.state().Get(keys::Mandate("exchange", "owner-a")));

  // A client may withdraw from an exchange that has since closed.
  Grant("alice", "exchange-b");
  v1::Tx close = chain.NewTx("exchange-b");
  close.mutable_close_account()->set_account("exchange-b");
  Expect(close, v1::OK, "exchange-b closes");
  Expect(Mandate("bob", "exchange-b"), v1::ACCOUNT_CLOSED, "grant to a closed exchange");
  Expect(Mandate("alice", "exchange-b", false), v1::OK, "withdraw from a closed exchange");
}

// ---- settle_trade -------------------------------------------------------------

TEST_F(SettlementTest, SettleRules) {
  Grant("owner-a");
  Grant("alice");
  Grant("bob", "exchange-b");
  auto trade = [&](auto edit) {
    v1::Tx tx = Trade();
    edit(*tx.mutable_settle_trade());
    return tx;
  };
  auto leg = [&](int i, auto edit) {
    return trade([i, edit](v1::SettleTrade& t) { edit(*t.mutable_legs(i)); });
  };
  Expect(Settle("alice", "T-1", {{"owner-a", "bob", 1, {}}}), v1::UNAUTHORIZED,
         "a participant is no exchange");
  for (const char* ref : {"", "-leading-dash", "has/slash", "has space", "\xe4\xb8\x80"}) {
    Expect(trade([ref](v1::SettleTrade& t) { t.set_trade_ref(ref); }), v1::INVALID_ARGUMENT,
           std::string("trade_ref '") + ref + "'");
  }
  Expect(trade([](v1::SettleTrade& t) { t.set_trade_ref(std::string(65, 'r')); }),
         v1::INVALID_ARGUMENT, "trade_ref of 65 characters");
  Expect(trade([](v1::SettleTrade& t) { t.clear_legs(); }), v1::INVALID_ARGUMENT, "no legs");
  Expect(trade([](v1::SettleTrade& t) {
           t.clear_legs();
           for (uint32_t i = 0; i <= kMaxSettlementLegs; ++i) {
             v1::SettlementLeg* l = t.add_legs();
             l->set_from("owner-a");
             l->set_to("bob");
             l->set_quantity(1);
           }
         }),
         v1::TOO_MANY_LEGS, "65 legs");

  // Per leg; each message names the failing leg.
  struct LegCase {
    const char* what;
    int index;
    std::function<void(v1::SettlementLeg&)> edit;
    ErrorCode want;
  };
  const LegCase cases[] = {
      {"to itself", 1, [](v1::SettlementLeg& l) { l.set_to("alice"); }, v1::SELF_TRANSFER},
      {"unknown sender", 0, [](v1::SettlementLeg& l) { l.set_from("nobody"); },
       v1::UNKNOWN_ACCOUNT},
      {"sender without a mandate", 0, [](v1::SettlementLeg& l) { l.set_from("carol"); },
       v1::NO_MANDATE},
      {"mandate for another exchange", 1,
       [](v1::SettlementLeg& l) {
         l.set_from("bob");
         l.set_to("carol");
       },
       v1::NO_MANDATE},
      {"unknown receiver", 1, [](v1::SettlementLeg& l) { l.set_to("nobody"); },
       v1::UNKNOWN_ACCOUNT},
      {"supervisor receives", 1, [](v1::SettlementLeg& l) { l.set_to("bureau"); },
       v1::CONFLICT_OF_INTEREST},
      {"zero", 1, [](v1::SettlementLeg& l) { l.set_quantity(0); }, v1::ZERO_QUANTITY},
      {"beyond the bound", 1, [](v1::SettlementLeg& l) { l.set_quantity(kMaxQuantity + 1); },
       v1::QUANTITY_OVERFLOW},
      {"more than held", 1, [](v1::SettlementLeg& l) { l.set_quantity(201); },
       v1::INSUFFICIENT_UNITS},
      {"named range not held", 1,
       [](v1::SettlementLeg& l) {
         testing::AddRanges(l.mutable_ranges(), {{101, 150}});
       },
       v1::RANGE_NOT_HELD},
      {"ranges differ from quantity", 1,
       [](v1::SettlementLeg& l) {
         testing::AddRanges(l.mutable_ranges(), {{801, 820}});
       },
       v1::INVALID_ARGUMENT},
      {"65 ranges", 1,
       [](v1::SettlementLeg& l) {
         Ranges many;
         for (uint64_t i = 0; i < 65; ++i) many.push_back({801 + 2 * i, 801 + 2 * i});
         testing::AddRanges(l.mutable_ranges(), many);
         l.set_quantity(65);
       },
       v1::TOO_MANY_RANGES},
  };
  for (const LegCase& c : cases) {
    Status st = Expect(leg(c.index, c.edit), c.want, c.what);
    EXPECT_EQ(st.message().rfind("leg " + std::to_string(c.index) + ": ", 0), 0u)
        << c.what << ": " << st.message();
  }

  Expect(Trade("T-1"), v1::OK, "settles");
  Status st = Expect(Trade("T-1"), v1::TRADE_ALREADY_SETTLED, "the same trade again");
  EXPECT_NE(st.message().find("T-1"), std::string::npos) << st.message();
  // Another exchange may use the same reference: references are per exchange.
  Expect(Settle("exchange-b", "T-1", {{"bob", "carol", 1, {}}}), v1::OK, "T-1 at exchange-b");
}

TEST_F(SettlementTest, SenderSanctionsFreezesHoldsAndRangeLimitRefuseTheLeg) {
  Grant("owner-a");
  Grant("alice");
  v1::Tx suspend = chain.NewTx("bureau");
  suspend.mutable_impose_sanction()->set_account("alice");
  suspend.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  suspend.mutable_impose_sanction()->set_reason("false footprint claims");
  Expect(suspend, v1::OK, "suspend alice");
  Status st = Expect(Trade(), v1::SANCTIONED, "a suspended sender");
  EXPECT_EQ(st.message().rfind("leg 1: ", 0), 0u) << st.message();
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_sanction()->set_account("alice");
  lift.mutable_lift_sanction()->set_reason("cleared");
  Expect(lift, v1::OK, "lift");

  Expect(SetFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a"), v1::OK, "freeze owner-a");
  Expect(Trade(), v1::FROZEN, "a frozen sender");
  Expect(LiftFreeze("bureau", v1::FREEZE_ACCOUNT, "owner-a"), v1::OK, "lift the freeze");
  Expect(SetFreeze("bureau", v1::FREEZE_PROJECT, kProject), v1::OK, "freeze the project");
  Expect(Trade(), v1::FROZEN, "units of a frozen project");
  Expect(LiftFreeze("bureau", v1::FREEZE_PROJECT, kProject), v1::OK, "lift it");

  // Pledged units are out of the holder's holdings.
  Expect(Pledge("alice", "bank", {{801, 900}}), v1::OK, "alice pledges 801-900");
  Expect(Settle("exchange", "T-held", {{"alice", "carol", 100, {{801, 900}}}}), v1::RANGE_NOT_HELD,
         "pledged serials");

  // carol may hold 1 range; a scattered second one is refused.
  Expect(SetParam("max_ranges_per_account", 1), v1::OK, "limit 1 range");
  Expect(Settle("exchange", "T-frag",
                {{"owner-a", "carol", 10, {{101, 110}}}, {"owner-a", "carol", 10, {{201, 210}}}}),
         v1::HOLDINGS_FRAGMENTED, "a second range at carol");
}

TEST_F(SettlementTest, AllLegsOrNone) {
  Grant("owner-a");
  Grant("alice");
  const auto before = chain.state().entries();
  // The last leg asks alice for more than she holds: nothing moves.
  Status st = Expect(
      Settle("exchange", "T-2",
             {{"owner-a", "bob", 100, {}}, {"alice", "carol", 50, {}}, {"alice", "bob", 151, {}}}),
      v1::INSUFFICIENT_UNITS, "last leg short");
  EXPECT_EQ(st.message().rfind("leg 2: ", 0), 0u) << st.message();
  EXPECT_EQ(chain.state().entries(), before);
  EXPECT_FALSE(chain.state().Get(keys::Settlement("exchange", "T-2")));
  // The reference stays free for the corrected trade.
  Expect(Settle("exchange", "T-2", {{"owner-a", "bob", 100, {}}, {"alice", "carol", 50, {}}}),
         v1::OK, "corrected");
  EXPECT_EQ(Holds("bob"), "[101-200 b1]");
  EXPECT_EQ(Holds("carol"), "[801-850 b1]");
  EXPECT_EQ(Holds("alice"), "[851-1000 b1]");
  EXPECT_EQ(Holds("owner-a"), "[201-800 b1]");
}

TEST_F(SettlementTest, RecordLegsInOrderAndTheExchangesOwnUnits) {
  Grant("owner-a");
  // The exchange buys 300 for its own book, then sells on within the same
  // settlement: later legs see what earlier legs moved.
  Expect(Settle("exchange", "T-3",
                {{"owner-a", "exchange", 300, {}},
                 {"exchange", "bob", 120, {{151, 270}}},
                 {"exchange", "carol", 10, {}}}),
         v1::OK, "three legs");
  EXPECT_EQ(Holds("exchange"), "[111-150 b1][271-400 b1]");
  EXPECT_EQ(Holds("bob"), "[151-270 b1]");
  EXPECT_EQ(Holds("carol"), "[101-110 b1]");

  auto rec = LoadSettlement(chain.state(), "exchange", "T-3");
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->exchange, "exchange");
  EXPECT_EQ(rec->trade_ref, "T-3");
  EXPECT_EQ(rec->height, chain.head().height + 1);
  ASSERT_EQ(rec->legs.size(), 3u);
  EXPECT_EQ(rec->legs[0].from, "owner-a");
  EXPECT_EQ(rec->legs[0].to, "exchange");
  EXPECT_EQ(rec->legs[0].quantity, 300u);
  EXPECT_EQ(ShowHoldings(rec->legs[0].ranges), "[101-400 b1]");
  EXPECT_EQ(ShowHoldings(rec->legs[1].ranges), "[151-270 b1]");
  EXPECT_EQ(ShowHoldings(rec->legs[2].ranges), "[101-110 b1]");
  v1::Settlement view = rec->ToProto();
  ASSERT_EQ(view.legs_size(), 3);
  EXPECT_EQ(view.legs(1).ranges(0).range().first(), 151u);

  SettlementRecord back;
  ASSERT_TRUE(SettlementRecord::Decode(rec->Encode(), &back));
  EXPECT_EQ(back.Encode(), rec->Encode());
  EXPECT_EQ(LoadSettlement(chain.state(), "exchange", "T-4").status().code(),
            v1::UNKNOWN_SETTLEMENT);
}

TEST_F(SettlementTest, SettlesInABlockSignedByTheExchangeAlone) {
  Grant("owner-a");
  Grant("alice");
  EXPECT_EQ(Committed(Trade("T-blk")), v1::OK);
  EXPECT_EQ(Committed(Trade("T-blk")), v1::TRADE_ALREADY_SETTLED);
  EXPECT_EQ(Holds("bob"), "[101-200 b1]");
}

class SettlementV3Test : public SettlementTest {
 protected:
  SettlementV3Test() : SettlementTest(LifecycleOptions()) {}
};

TEST_F(SettlementV3Test, Version3RefusesTheTypes) {
  Expect(Mandate("owner-a", "bank"), v1::UNSUPPORTED_TX_TYPE, "mandate");
  Expect(Settle("bank", "T-1", {{"owner-a", "bob", 1, {}}}), v1::UNSUPPORTED_TX_TYPE, "settle");
}

}  // namespace
}  // namespace lincao
