// The chaincode version gate of the credit lifecycle, and CreateBatch's
// buffer: the lowest serials stay in the batch record, the rest go to the
// owner, and the pool index f/ follows the buffer.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/holdings.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::DefaultOptions;
using testing::HoldingsOf;
using testing::TestChain;

TestChain ChainAt(uint32_t version) {
  testing::ChainOptions options = DefaultOptions();
  options.chaincode_version = version;
  return TestChain(options);
}

TEST(CreditLifecycleVersionGate, LifecycleBodiesNeedVersionThree) {
  for (uint32_t version : {1u, 2u}) {
    TestChain chain = ChainAt(version);
    v1::Tx tx = chain.NewTx("owner-a");
    tx.mutable_submit_report()->set_project("SC-P-0001");
    Status st = chain.Apply(tx);
    EXPECT_EQ(st.code(), v1::UNSUPPORTED_TX_TYPE) << version;
    EXPECT_NE(st.message().find("chaincode version 3"), std::string::npos) << st.message();
  }
}

TEST(CreditLifecycleVersionGate, IssueBatchEndsAtVersionThree) {
  EXPECT_TRUE(ChainAt(2).Apply(ChainAt(2).IssueTx("registrar", "owner-a", 10)).ok());
  TestChain chain = ChainAt(3);
  Status st = chain.Apply(chain.IssueTx("registrar", "owner-a", 10));
  EXPECT_EQ(st.code(), v1::UNSUPPORTED_TX_TYPE);
  EXPECT_NE(st.message().find("issue_credits"), std::string::npos) << st.message();
}

TEST(CreateBatch, BufferTakesTheLowestSerialsAndIsIndexed) {
  TestChain chain = ChainAt(3);
  MapState& state = chain.state();
  const ApplyContext ctx = chain.Context(Hash32{});
  NewBatch spec;
  spec.project_id = "SC-P-0001";
  spec.code = "SC-P-0001-2025-001";
  spec.report = 1;
  spec.vintage = 2025;
  spec.quantity = 1000;
  spec.buffer = 150;
  spec.owner = "owner-a";
  auto batch = CreateBatch(ctx, state, spec);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->buffer_first(), batch->first_serial);
  EXPECT_EQ(batch->tradable(), 850u);
  Holdings held = HoldingsOf(state, "owner-a");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].first, batch->first_serial + 150);
  EXPECT_EQ(held[0].last, batch->last_serial());
  EXPECT_TRUE(state.Get(keys::BufferBatch(batch->id)).has_value());
  EXPECT_TRUE(state.Get(keys::ProjectBatch("SC-P-0001", batch->id)).has_value());
  EXPECT_EQ(state.Get(keys::BatchCode(spec.code)), BigEndian64(batch->id));
  EXPECT_EQ(testing::CheckSupplyInvariants(state), "");

  // Emptying the buffer drops the batch from the pool index. (Set by hand,
  // without the loss record a reversal writes, so the supply invariants
  // would rightly fail from here on: reversal_test.cc covers the real path.)
  CreditBatchRecord b = *batch;
  b.buffer = 0;
  b.cancelled = 150;
  StoreBatch(state, b);
  EXPECT_FALSE(state.Get(keys::BufferBatch(b.id)).has_value());
}

TEST(CreateBatch, AnAllBufferBatchGivesTheOwnerNothing) {
  TestChain chain = ChainAt(3);
  NewBatch spec;
  spec.project_id = "SC-P-0002";
  spec.code = "SC-P-0002-2025-001";
  spec.vintage = 2025;
  spec.quantity = 40;
  spec.buffer = 40;
  spec.owner = "owner-b";
  ASSERT_TRUE(CreateBatch(chain.Context(Hash32{}), chain.state(), spec).ok());
  EXPECT_TRUE(HoldingsOf(chain.state(), "owner-b").empty());
}

}  // namespace
}  // namespace lincao
