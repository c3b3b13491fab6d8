// Retirements under chaincode version 4 (chaincode/retirements.h): a table
// of every rule and error code of the per-purpose detail, the record in
// format 2 with its indexes and totals, and the guarantee that versions 1-3
// refuse the new fields and keep writing format-1 bytes. Every rejection is
// checked to write nothing and every step to keep the supply invariants.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"
#include "chaincode/parameters.h"
#include "chaincode/retirements.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::LifecycleOptions;
using testing::Ranges;
using testing::RetirementOf;
using testing::UsingCreditsOptions;

constexpr char kProject[] = "SC-P-0001";

class RetirementsTest : public testing::LifecycleTest {
 protected:
  explicit RetirementsTest(testing::ChainOptions options = UsingCreditsOptions())
      : LifecycleTest(std::move(options)) {
    // Batch 1: serials 1-1000, 1-100 in the buffer, owner-a holds 101-1000;
    // alice holds 101-600.
    batch = chain.IssueForProject(kProject, "owner-a", 1000, 100);
    EXPECT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 500)).ok());
  }
  CreditBatchRecord batch;
};

class RetirementsV3Test : public RetirementsTest {
 protected:
  RetirementsV3Test() : RetirementsTest(LifecycleOptions()) {}
};

TEST_F(RetirementsV3Test, RefusesEveryVersion4FieldNamingVersion4) {
  const std::pair<const char*, std::function<void(v1::Retire&)>> fields[] = {
      {"event", [](v1::Retire& r) { r.mutable_event()->set_name("expo"); }},
      {"tree_planting", [](v1::Retire& r) { r.mutable_tree_planting()->set_duties(1); }},
      {"eco_judicial", [](v1::Retire& r) { r.mutable_eco_judicial()->set_case_number("c"); }},
      {"footprint", [](v1::Retire& r) { r.mutable_footprint()->set_category(v1::FOOD); }},
      {"subject", [](v1::Retire& r) { r.mutable_subject()->set_name("hall 3"); }},
      {"claim_id", [](v1::Retire& r) { r.set_claim_id(7); }},
  };
  for (const auto& [name, edit] : fields) {
    v1::Tx tx = chain.RetireTx("alice", 10);
    edit(*tx.mutable_retire());
    Status st = Expect(tx, v1::INVALID_ARGUMENT, name);
    EXPECT_NE(st.message().find("needs chaincode version 4"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find(name), std::string::npos) << st.message();
  }
  // An empty detail message is present on the wire, and refused too.
  v1::Tx empty = chain.RetireTx("alice", 10);
  empty.mutable_retire()->mutable_subject();
  Expect(empty, v1::INVALID_ARGUMENT, "empty subject message");
}

TEST_F(RetirementsV3Test, WritesTheFormat1BytesAndNoIndexes) {
  v1::Tx tx = chain.RetireTx("alice", 10);
  tx.mutable_retire()->set_period_start_ms(5);
  tx.mutable_retire()->set_period_end_ms(5);  // an empty period was valid and stays so
  Expect(tx, v1::OK, "v3 retirement");
  const Bytes stored = *chain.state().Get(keys::Retirement(1));

  // The layout of docs/formats.md, record 'R' version 1, written by hand.
  CanonicalWriter w;
  w.U8('R').U8(1).U64(1).Raw(AsView(ComputeTxId(DefaultSuite(), tx.SerializeAsString())));
  w.U64(chain.head().height + 1).U64(chain.head().time_ms).Str("alice").U64(10);
  w.U32(1).U64(batch.id).U64(101).U64(110);
  w.Str("Chengdu Expo Centre").Str("").U32(v1::LARGE_EVENT).Str("expo-2026").Str("510100");
  w.U64(5).U64(5).Str("");
  EXPECT_EQ(ToHex(stored), ToHex(w.bytes()));
  auto rec = RetirementOf(chain.state(), 1);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->format, 1);
  EXPECT_EQ(rec->ToProto().format_version(), 1u);
  // Nothing under R/: indexes and totals are version 4's.
  bool any = false;
  chain.state().Scan("R/", [&](std::string_view, std::string_view) { return !(any = true); });
  EXPECT_FALSE(any);
}

TEST_F(RetirementsTest, EventRetirementWritesFormat2IndexesAndTotals) {
  v1::Tx tx = RetireFor("alice", 250, v1::LARGE_EVENT);
  tx.mutable_retire()->set_jurisdiction("510100");
  Expect(tx, v1::OK, "event");
  auto rec = RetirementOf(chain.state(), 1);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->format, 2);
  EXPECT_EQ(rec->event_name, "2026 Chengdu Western China Expo");
  EXPECT_EQ(rec->event_kind, static_cast<uint32_t>(v1::EXHIBITION));
  EXPECT_EQ(rec->claim_id, 0u);
  v1::RetirementRecord view = rec->ToProto();
  EXPECT_EQ(view.format_version(), 2u);
  EXPECT_EQ(view.event().name(), "2026 Chengdu Western China Expo");

  EXPECT_TRUE(chain.state().Get(keys::RetirementByPurpose(v1::LARGE_EVENT, 1)));
  EXPECT_TRUE(chain.state().Get(keys::RetirementByProject(kProject, 1)));
  EXPECT_TRUE(chain.state().Get(keys::RetirementByPeriod(testing::kCst2025Ms, 1)));
  auto totals =
      LoadRecord<RetirementTotalsRecord>(chain.state(), keys::RetirementTotals(v1::LARGE_EVENT));
  ASSERT_TRUE(totals.ok() && totals.value());
  EXPECT_EQ((*totals)->kg, 250u);
  EXPECT_EQ((*totals)->count, 1u);
}

TEST_F(RetirementsTest, EveryPurposeRetiresWithItsDetail) {
  Expect(SetParam("kg_per_planting_duty", 20), v1::OK, "governance sets the conversion");
  uint64_t id = 0;
  for (int p = v1::LARGE_EVENT; p <= v1::OTHER; ++p) {
    const auto purpose = static_cast<v1::RetirementPurpose>(p);
    Expect(RetireFor("alice", 20, purpose), v1::OK, v1::RetirementPurpose_Name(purpose));
    auto rec = RetirementOf(chain.state(), ++id);
    ASSERT_TRUE(rec) << p;
    EXPECT_EQ(rec->format, 2);
    EXPECT_EQ(rec->purpose, static_cast<uint32_t>(p));
    // The read view carries the detail the purpose needs, and it alone.
    v1::RetirementRecord view = rec->ToProto();
    v1::Retire body = RetireFor("alice", 20, purpose).retire();
    // The view's oneof (fields 15-19) lists the details in the body's order (10-14).
    const int body_case = static_cast<int>(body.detail_case());
    EXPECT_EQ(static_cast<int>(view.detail_case()), body_case == 0 ? 0 : body_case + 5) << p;
  }
  auto duty = RetirementOf(chain.state(), 2);
  EXPECT_EQ(duty->planting_duties, 1u);
  EXPECT_EQ(duty->kg_per_planting_duty, 20u);
  EXPECT_EQ(duty->ToProto().kg_per_planting_duty(), 20u);
  auto court = RetirementOf(chain.state(), 3);
  EXPECT_EQ(court->case_number, "(2026) Chuan 0722 Xing Chu 15");
  EXPECT_EQ(court->court_order_ref, "Pingwu court order 2026-015");
  EXPECT_EQ(court->ToProto().eco_judicial().court_order_ref(), "Pingwu court order 2026-015");
  auto person = RetirementOf(chain.state(), 4);
  EXPECT_EQ(person->footprint_category, static_cast<uint32_t>(v1::TRAVEL));
  EXPECT_EQ(RetirementOf(chain.state(), 8)->subject, "Chengdu Expo Centre, hall 3");
  EXPECT_EQ(RetirementOf(chain.state(), 9)->note, "staff commuting, 2025");
}

TEST_F(RetirementsTest, DetailRules) {
  auto with = [&](v1::RetirementPurpose purpose, auto edit) {
    v1::Tx tx = RetireFor("alice", 10, purpose);
    edit(*tx.mutable_retire());
    return tx;
  };
  auto none = [](v1::Retire&) {};
  // The detail must match the purpose.
  Expect(with(v1::LARGE_EVENT, [](v1::Retire& r) { r.clear_event(); }), v1::INVALID_ARGUMENT,
         "event without its detail");
  Expect(with(v1::LARGE_EVENT, [](v1::Retire& r) { r.mutable_subject()->set_name("x"); }),
         v1::INVALID_ARGUMENT, "event with a subject");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.mutable_footprint()->set_category(v1::FOOD); }),
         v1::INVALID_ARGUMENT, "OTHER with a detail");
  Expect(with(v1::REGION_NEUTRALITY, [](v1::Retire& r) { r.clear_subject(); }),
         v1::INVALID_ARGUMENT, "region without its subject");
  // Event.
  Expect(with(v1::LARGE_EVENT, [](v1::Retire& r) { r.mutable_event()->clear_name(); }),
         v1::INVALID_ARGUMENT, "event without a name");
  Expect(with(v1::LARGE_EVENT,
              [](v1::Retire& r) { r.mutable_event()->set_name(std::string(1025, 'e')); }),
         v1::INVALID_ARGUMENT, "event name too long");
  Expect(with(v1::LARGE_EVENT,
              [](v1::Retire& r) { r.mutable_event()->set_kind(v1::EVENT_KIND_UNSPECIFIED); }),
         v1::INVALID_ARGUMENT, "event kind missing");
  Expect(with(v1::LARGE_EVENT,
              [](v1::Retire& r) { r.mutable_event()->set_kind(static_cast<v1::EventKind>(4)); }),
         v1::INVALID_ARGUMENT, "event kind unknown");
  // Eco-judicial.
  Expect(
      with(v1::ECO_JUDICIAL, [](v1::Retire& r) { r.mutable_eco_judicial()->clear_case_number(); }),
      v1::INVALID_ARGUMENT, "no case number");
  Expect(with(v1::ECO_JUDICIAL,
              [](v1::Retire& r) { r.mutable_eco_judicial()->clear_court_order_ref(); }),
         v1::INVALID_ARGUMENT, "neither court nor order");
  Expect(with(v1::ECO_JUDICIAL,
              [](v1::Retire& r) { r.mutable_eco_judicial()->set_court_order_ref(""); }),
         v1::INVALID_ARGUMENT, "empty order reference");
  Expect(with(v1::ECO_JUDICIAL,
              [](v1::Retire& r) { r.mutable_eco_judicial()->set_court("no-such-court"); }),
         v1::UNKNOWN_ACCOUNT, "unknown court");
  Expect(with(v1::ECO_JUDICIAL, [](v1::Retire& r) { r.mutable_eco_judicial()->set_court("bob"); }),
         v1::UNAUTHORIZED, "a court without JUDICIAL");
  Status st = Expect(
      with(v1::ECO_JUDICIAL, [](v1::Retire& r) { r.mutable_eco_judicial()->set_court("court"); }),
      v1::UNAUTHORIZED, "the court did not co-sign");
  EXPECT_NE(st.message().find("co-sign"), std::string::npos) << st.message();
  // Footprint.
  Expect(with(v1::PERSONAL_FOOTPRINT,
              [](v1::Retire& r) {
                r.mutable_footprint()->set_category(v1::FOOTPRINT_CATEGORY_UNSPECIFIED);
              }),
         v1::INVALID_ARGUMENT, "no category");
  Expect(with(v1::PERSONAL_FOOTPRINT,
              [](v1::Retire& r) {
                r.mutable_footprint()->set_category(static_cast<v1::FootprintCategory>(6));
              }),
         v1::INVALID_ARGUMENT, "unknown category");
  Expect(with(v1::PERSONAL_FOOTPRINT,
              [](v1::Retire& r) { r.mutable_beneficiary()->set_organisation("Acme"); }),
         v1::INVALID_ARGUMENT, "a footprint for an organisation");
  // Subject and OTHER.
  Expect(with(v1::PRODUCT_NEUTRALITY, [](v1::Retire& r) { r.mutable_subject()->clear_name(); }),
         v1::INVALID_ARGUMENT, "subject without a name");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.clear_note(); }), v1::INVALID_ARGUMENT,
         "OTHER without a note");
  // The fields every purpose shares.
  // A claim link is checked last (neutrality_claims_test.cc has its rules).
  st = Expect(with(v1::OTHER, [](v1::Retire& r) { r.set_claim_id(3); }), v1::UNKNOWN_CLAIM,
              "a link to a claim that does not exist");
  EXPECT_NE(st.message().find("claim 3"), std::string::npos) << st.message();
  for (const char* bad : {"51010", "5101000", "51010a", "５１０１００"}) {
    Expect(with(v1::OTHER, [bad](v1::Retire& r) { r.set_jurisdiction(bad); }), v1::INVALID_ARGUMENT,
           std::string("jurisdiction ") + bad);
  }
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.set_jurisdiction(""); }), v1::OK, "no jurisdiction");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.set_period_end_ms(r.period_start_ms()); }),
         v1::INVALID_ARGUMENT, "empty period");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.set_period_end_ms(r.period_start_ms() - 1); }),
         v1::INVALID_ARGUMENT, "period backwards");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.clear_beneficiary(); }), v1::INVALID_ARGUMENT,
         "no beneficiary");
  Expect(with(v1::OTHER, [](v1::Retire& r) { r.set_purpose(v1::PURPOSE_UNSPECIFIED); }),
         v1::INVALID_ARGUMENT, "no purpose");
  Expect(with(v1::OTHER, none), v1::OK, "the good one");
}

TEST_F(RetirementsTest, TreePlantingWaitsForGovernanceAndConvertsExactly) {
  v1::Tx three = RetireFor("alice", 60, v1::TREE_PLANTING_DUTY);
  three.mutable_retire()->mutable_tree_planting()->set_duties(3);
  Status st = Expect(three, v1::PARAMETER_NOT_SET, "before governance decides");
  EXPECT_NE(st.message().find("kg_per_planting_duty"), std::string::npos) << st.message();
  v1::Tx zero = three;
  zero.mutable_retire()->mutable_tree_planting()->set_duties(0);
  Expect(zero, v1::INVALID_ARGUMENT, "no duties");

  Expect(SetParam("kg_per_planting_duty", 0), v1::PARAMETER_OUT_OF_BOUNDS, "0 is not a value");
  Expect(SetParam("kg_per_planting_duty", kMaxKgPerPlantingDuty + 1), v1::PARAMETER_OUT_OF_BOUNDS,
         "above the bound");
  Expect(SetParam("kg_per_planting_duty", 20), v1::OK, "20 kg per duty");
  st = Expect(RetireFor("alice", 59, v1::TREE_PLANTING_DUTY), v1::CONVERSION_MISMATCH,
              "1 duty is 20 kg, not 59");
  EXPECT_NE(st.message().find("20 kg"), std::string::npos) << st.message();
  Expect(three, v1::OK, "3 duties, 60 kg");
  EXPECT_EQ(RetirementOf(chain.state(), 1)->planting_duties, 3u);
  EXPECT_EQ(RetirementOf(chain.state(), 1)->kg_per_planting_duty, 20u);
  // Largest duties at the largest parameter: no wrap, only a mismatch.
  Expect(SetParam("kg_per_planting_duty", kMaxKgPerPlantingDuty), v1::OK, "1 t per duty");
  v1::Tx huge = RetireFor("alice", 1, v1::TREE_PLANTING_DUTY);
  huge.mutable_retire()->mutable_tree_planting()->set_duties(UINT32_MAX);
  Expect(huge, v1::CONVERSION_MISMATCH, "2^32-1 duties");
}

TEST_F(RetirementsV3Test, Version3DoesNotKnowThePlantingParameter) {
  Expect(SetParam("kg_per_planting_duty", 20), v1::UNKNOWN_PARAMETER, "v3");
  auto listed = ListParameters(chain.params(), chain.state(), 3);
  ASSERT_TRUE(listed.ok());
  for (const auto& p : *listed) EXPECT_NE(p.name(), "kg_per_planting_duty");
}

TEST_F(RetirementsTest, Version4ListsThePlantingParameterUnset) {
  auto listed = ListParameters(chain.params(), chain.state(), 4);
  ASSERT_TRUE(listed.ok());
  bool found = false;
  for (const auto& p : *listed) {
    if (p.name() != "kg_per_planting_duty") continue;
    found = true;
    EXPECT_EQ(p.value(), 0u);
    EXPECT_EQ(p.default_value(), 0u);
    EXPECT_EQ(p.min(), 1u);  // governance sets a conversion, never "unset" again
    EXPECT_EQ(p.max(), kMaxKgPerPlantingDuty);
    EXPECT_EQ(p.unit(), "kg");
  }
  EXPECT_TRUE(found);
}

TEST_F(RetirementsTest, TheCourtCoSignsInABlock) {
  v1::Tx tx = RetireFor("alice", 100, v1::ECO_JUDICIAL);
  v1::Tx cosigned = chain.GovTx("alice", {"court"});
  *cosigned.mutable_retire() = tx.retire();
  cosigned.mutable_retire()->mutable_eco_judicial()->set_court("court");
  uint64_t created = 0;
  EXPECT_EQ(Committed(cosigned, std::nullopt, &created), v1::OK);
  EXPECT_EQ(created, 1u);
  auto rec = RetirementOf(chain.state(), 1);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->court, "court");
  EXPECT_TRUE(rec->court_order_ref.empty());
  EXPECT_EQ(rec->ToProto().eco_judicial().court(), "court");
}

TEST_F(RetirementsTest, UnitRulesStillApply) {
  Expect(RetireFor("alice", 0, v1::OTHER), v1::ZERO_QUANTITY, "zero");
  Expect(RetireFor("alice", 501, v1::OTHER), v1::INSUFFICIENT_UNITS, "more than held");
  Expect(RetireFor("alice", 10, v1::OTHER, {{50, 59}}), v1::RANGE_NOT_HELD, "buffer serials");
  Expect(RetireFor("alice", 10, v1::OTHER, {{101, 109}}), v1::INVALID_ARGUMENT,
         "ranges differ from quantity");
  Expect(SetFreeze("bureau", v1::FREEZE_BATCH, batch.code), v1::OK, "freeze the batch");
  Expect(RetireFor("alice", 10, v1::OTHER), v1::FROZEN, "frozen batch");
  Expect(LiftFreeze("bureau", v1::FREEZE_BATCH, batch.code), v1::OK, "lift");
  Expect(Pledge("alice", "bank", {{101, 200}}), v1::OK, "pledge");
  Expect(RetireFor("alice", 10, v1::OTHER, {{101, 110}}), v1::RANGE_NOT_HELD, "pledged serials");
  Expect(SetParam("max_ranges_per_account", 1), v1::OK, "1 range per account");
  Expect(RetireFor("alice", 10, v1::OTHER, {{301, 310}}), v1::HOLDINGS_FRAGMENTED,
         "a hole in alice's range");
  Expect(RetireFor("alice", 10, v1::OTHER, {{201, 210}}), v1::OK, "from the bottom");
}

TEST_F(RetirementsTest, IndexesAndTotalsFollowEveryRetirement) {
  // A second project's batch: alice holds units of both.
  chain.IssueForProject("SC-P-0002", "owner-b", 100, 0);
  ASSERT_TRUE(chain.Apply(chain.TransferTx("owner-b", "alice", 100)).ok());
  Expect(RetireFor("alice", 10, v1::PERSONAL_FOOTPRINT), v1::OK, "person 1");
  v1::Tx second = RetireFor("alice", 500, v1::PERSONAL_FOOTPRINT);  // 490 of batch 1, 10 of 2
  second.mutable_retire()->set_period_start_ms(testing::kCst2026Ms);
  second.mutable_retire()->set_period_end_ms(testing::kCst2026Ms + 86400000);
  Expect(second, v1::OK, "person 2, two projects");
  Expect(RetireFor("alice", 5, v1::LARGE_EVENT), v1::OK, "event, of SC-P-0002 alone");

  const std::string person(32, '\xc0');
  std::vector<std::string> seen;
  chain.state().Scan("R/", [&](std::string_view key, std::string_view) {
    seen.push_back(ToHex(key));
    return true;
  });
  const std::vector<std::string> want = {
      ToHex(keys::RetirementByCommitment(person, 1)),
      ToHex(keys::RetirementByCommitment(person, 2)),
      ToHex(keys::RetirementByProject(kProject, 1)),
      ToHex(keys::RetirementByProject(kProject, 2)),
      ToHex(keys::RetirementByProject("SC-P-0002", 2)),
      ToHex(keys::RetirementByProject("SC-P-0002", 3)),
      ToHex(keys::RetirementByPurpose(v1::LARGE_EVENT, 3)),
      ToHex(keys::RetirementByPurpose(v1::PERSONAL_FOOTPRINT, 1)),
      ToHex(keys::RetirementByPurpose(v1::PERSONAL_FOOTPRINT, 2)),
      ToHex(keys::RetirementByPeriod(testing::kCst2025Ms, 1)),
      ToHex(keys::RetirementByPeriod(testing::kCst2025Ms, 3)),
      ToHex(keys::RetirementByPeriod(testing::kCst2026Ms, 2)),
      ToHex(keys::RetirementTotals(v1::LARGE_EVENT)),
      ToHex(keys::RetirementTotals(v1::PERSONAL_FOOTPRINT)),
  };
  EXPECT_EQ(seen, want);
  auto totals = LoadRecord<RetirementTotalsRecord>(chain.state(),
                                                   keys::RetirementTotals(v1::PERSONAL_FOOTPRINT));
  ASSERT_TRUE(totals.ok() && totals.value());
  EXPECT_EQ((*totals)->kg, 510u);
  EXPECT_EQ((*totals)->count, 2u);
}

TEST(RetirementRecordCodec, Format2RoundTripsAndFormatsAreNotConfused) {
  RetirementRecordData r;
  r.id = 7;
  r.holder = "alice";
  r.quantity = 20;
  r.ranges = {{1, 101, 120}};
  r.beneficiary_organisation = "Acme";
  r.purpose = v1::TREE_PLANTING_DUTY;
  r.period_start_ms = 1;
  r.period_end_ms = 2;
  r.format = 2;
  r.planting_duties = 1;
  r.kg_per_planting_duty = 20;
  r.claim_id = 0;
  RetirementRecordData back;
  ASSERT_TRUE(RetirementRecordData::Decode(r.Encode(), &back));
  EXPECT_EQ(back.Encode(), r.Encode());
  EXPECT_EQ(back.format, 2);
  EXPECT_EQ(back.kg_per_planting_duty, 20u);
  // A format-1 record is a prefix of its format-2 bytes (after the version
  // byte): each decoder reads exactly its own length, never the other's.
  RetirementRecordData v1rec = r;
  v1rec.format = 1;
  Bytes one = v1rec.Encode();
  Bytes two = r.Encode();
  EXPECT_EQ(one[1], 1);
  EXPECT_EQ(two[1], 2);
  Bytes mislabelled = two;
  mislabelled[1] = 1;
  EXPECT_FALSE(RetirementRecordData::Decode(mislabelled, &back));
  mislabelled = one;
  mislabelled[1] = 2;
  EXPECT_FALSE(RetirementRecordData::Decode(mislabelled, &back));
  mislabelled[1] = 3;
  EXPECT_FALSE(RetirementRecordData::Decode(mislabelled, &back));
}

}  // namespace
}  // namespace lincao
