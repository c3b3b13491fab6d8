// Retirements under chaincode version 4 (chaincode/retirements.h): a table
// of every rule and error code of the per-purpose detail, the record in
// format 2 with its indexes and totals, and the guarantee that versions 1-3
// refuse the new fields and keep writing format-1 bytes. Every rejection is
// checked to write nothing and every step to keep the supply invariants.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"
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

}  // namespace
}  // namespace lincao
