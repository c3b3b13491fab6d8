// The Audit service of a real in-process lincaod: block streams from the
// start, from the middle, following new commits, and resumed after a cancel
// with no gap or duplicate; proofs that verify and catch tampering; state
// roots; and who may call (an auditor in genesis signing its calls).
#include <gtest/gtest.h>

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <thread>

#include "chaincode/audit_call.h"
#include "chaincode/audit_proofs.h"
#include "chaincode/block.h"
#include "lincao/v1/audit.grpc.pb.h"
#include "lincao/v1/registry.grpc.pb.h"
#include "node/committer.h"
#include "node/grpc_status.h"
#include "node/node.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

// A bound on waits that should end at once, so a bug fails the test instead
// of hanging it; never a measure of speed.
constexpr auto kSafetyDeadline = std::chrono::seconds(60);

int LincaoCode(const grpc::ClientContext& ctx) {
  auto trailers = ctx.GetServerTrailingMetadata();
  auto it = trailers.find(std::string(kErrorCodeTrailer));
  if (it == trailers.end()) return -1;
  return std::stoi(std::string(it->second.data(), it->second.size()));
}

class AuditServiceTest : public ::testing::Test {
 protected:
  // Starts the node; `public_ledger` sets [audit] public. Genesis gains an
  // AUDITOR account, "auditor-1".
  void StartNode(bool public_ledger) {
    auditor_ = chain_.NewAccountKey("auditor-1");
    GenesisSpec spec = chain_.spec();
    spec.accounts.push_back(
        {"auditor-1", {v1::AUDITOR}, 1, {{0, v1::SUITE_ED25519_BLAKE2B, auditor_.public_key}}, ""});
    std::ofstream(chain_.dir() / "genesis.json") << GenesisToJson(spec);
    chain_.mutable_config().audit_public = public_ledger;
    node_ = std::make_unique<Node>(chain_.config());
    lincao::Status st = node_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(node_->grpc_port()),
                                       grpc::InsecureChannelCredentials());
    registry_ = v1::Registry::NewStub(channel);
    audit_ = v1::Audit::NewStub(channel);
  }
  void TearDown() override { node_.reset(); }

  v1::NodeStatus NodeStatus() {
    grpc::ClientContext ctx;
    v1::NodeStatus st;
    EXPECT_TRUE(registry_->GetStatus(&ctx, v1::GetStatusRequest(), &st).ok());
    return st;
  }

  // Commits one block holding one transaction (a self-transfer, which
  // chaincode rejects: it still enters the block) and returns its id.
  std::string CommitBlock() {
    v1::Tx tx = chain_.NewTx(chain_.registrar(), NodeStatus().next_time_ms());
    tx.mutable_transfer()->set_to(chain_.registrar().owner);
    tx.mutable_transfer()->set_quantity(1);
    v1::SubmitRequest req;
    *req.mutable_tx() = chain_.Sign(tx, chain_.registrar());
    req.set_wait_for_commit(true);
    grpc::ClientContext ctx;
    v1::SubmitResponse resp;
    // Recorded as rejected (SELF_TRANSFER): a non-OK status, with the tx id
    // and its block in the trailers.
    grpc::Status s = registry_->Submit(&ctx, req, &resp);
    EXPECT_NE(s.error_message().find("SELF_TRANSFER"), std::string::npos) << s.error_message();
    auto trailers = ctx.GetServerTrailingMetadata();
    auto it = trailers.find("lincao-tx-id");
    if (it == trailers.end()) {
      ADD_FAILURE() << "no lincao-tx-id trailer";
      return "";
    }
    return *FromHex(std::string(it->second.data(), it->second.size()));
  }

  // Signs `ctx` for `method` as `key`.
  void Sign(grpc::ClientContext& ctx, const KeyFile& key, const std::string& method,
            int64_t clock_offset_ms = 0) {
    auto creds = *SignAuditCall(
        key, chain_.spec().params.chain_id, method,
        static_cast<uint64_t>(static_cast<int64_t>(WallClockMs()) + clock_offset_ms));
    ctx.AddMetadata(std::string(kAuditAccountHeader), creds.account);
    ctx.AddMetadata(std::string(kAuditKeyIdHeader), std::to_string(creds.key_id));
    ctx.AddMetadata(std::string(kAuditTimeHeader), std::to_string(creds.time_ms));
    ctx.AddMetadata(std::string(kAuditSignatureHeader), ToHex(creds.signature));
  }

  // Streams without follow; returns what came and the final status.
  std::pair<std::vector<v1::StreamedBlock>, grpc::Status> Stream(uint64_t from) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kSafetyDeadline);
    v1::StreamBlocksRequest req;
    req.set_from_height(from);
    auto reader = audit_->StreamBlocks(&ctx, req);
    std::vector<v1::StreamedBlock> out;
    v1::StreamedBlock b;
    while (reader->Read(&b)) out.push_back(b);
    return {out, reader->Finish()};
  }

  testing::TempChain chain_;
  KeyFile auditor_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<v1::Registry::Stub> registry_;
  std::unique_ptr<v1::Audit::Stub> audit_;
};

// Heights in order from `first`, each block hashing to what it claims and
// chained to the one before.
void ExpectChain(const std::vector<v1::StreamedBlock>& blocks, uint64_t first,
                 const std::string& prev_hash) {
  const SignatureSuite& suite = DefaultSuite();
  std::string prev = prev_hash;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const v1::Block& b = blocks[i].block();
    EXPECT_EQ(b.header().height(), first + i);
    EXPECT_EQ(blocks[i].block_hash(), AsBytes(BlockHash(suite, b.header())));
    if (!prev.empty()) {
      EXPECT_EQ(b.header().prev_hash(), prev) << "height " << first + i;
    }
    prev = blocks[i].block_hash();
  }
}

TEST_F(AuditServiceTest, StreamsFromTheStartAndFromTheMiddle) {
  StartNode(/*public_ledger=*/true);
  for (int i = 0; i < 4; ++i) CommitBlock();
  const v1::NodeStatus st = NodeStatus();
  ASSERT_GE(st.height(), 4u);

  auto [all, status] = Stream(0);  // 0 means 1
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(all.size(), st.height());
  ExpectChain(all, 1, st.genesis_hash());
  // Every block but the last streamed came with its certificate, the next
  // block's last_commit, naming it.
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    ASSERT_TRUE(all[i].has_certificate()) << "height " << i + 1;
    EXPECT_EQ(all[i].certificate().height(), i + 1);
    EXPECT_EQ(all[i].certificate().block_hash(), all[i].block_hash());
    EXPECT_EQ(all[i + 1].block().last_commit().SerializeAsString(),
              all[i].certificate().SerializeAsString());
  }

  auto [middle, middle_status] = Stream(3);
  ASSERT_TRUE(middle_status.ok());
  ASSERT_EQ(middle.size(), st.height() - 2);
  ExpectChain(middle, 3, all[1].block_hash());

  // Just past the head: an empty stream (nothing new yet); beyond: NOT_FOUND.
  auto [none, none_status] = Stream(st.height() + 1);
  EXPECT_TRUE(none_status.ok());
  EXPECT_TRUE(none.empty());
  grpc::ClientContext ctx;
  v1::StreamBlocksRequest far;
  far.set_from_height(st.height() + 5);
  auto reader = audit_->StreamBlocks(&ctx, far);
  v1::StreamedBlock b;
  EXPECT_FALSE(reader->Read(&b));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LincaoCode(ctx), v1::NOT_FOUND);
}

TEST_F(AuditServiceTest, FollowReceivesABlockCommittedAfterTheCallStarted) {
  StartNode(/*public_ledger=*/true);
  CommitBlock();
  const uint64_t head = NodeStatus().height();

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kSafetyDeadline);
  v1::StreamBlocksRequest req;
  req.set_from_height(1);
  req.set_follow(true);
  auto reader = audit_->StreamBlocks(&ctx, req);
  std::vector<v1::StreamedBlock> got;
  v1::StreamedBlock b;
  while (got.size() < head && reader->Read(&b)) got.push_back(b);
  ASSERT_EQ(got.size(), head);  // caught up; the stream stays open

  const std::string tx_id = CommitBlock();  // committed after the call started
  ASSERT_TRUE(reader->Read(&b));
  EXPECT_EQ(b.block().header().height(), head + 1);
  ASSERT_EQ(b.block().txs_size(), 1);
  EXPECT_EQ(b.block().results(0).tx_id(), tx_id);
  // Its predecessor's certificate arrives inside it.
  EXPECT_EQ(b.block().last_commit().block_hash(), got.back().block_hash());

  ctx.TryCancel();
  while (reader->Read(&b)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(AuditServiceTest, ResumingAfterACancelHasNoGapOrDuplicate) {
  StartNode(/*public_ledger=*/true);
  for (int i = 0; i < 5; ++i) CommitBlock();
  std::vector<uint64_t> heights;
  uint64_t last = 0;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kSafetyDeadline);
    v1::StreamBlocksRequest req;
    req.set_follow(true);
    auto reader = audit_->StreamBlocks(&ctx, req);
    v1::StreamedBlock b;
    for (int i = 0; i < 2 && reader->Read(&b); ++i) {
      heights.push_back(b.block().header().height());
      last = b.block().header().height();
    }
    ctx.TryCancel();
    reader->Finish();
  }
  CommitBlock();  // the chain moves on while the client is away
  auto [rest, status] = Stream(last + 1);
  ASSERT_TRUE(status.ok());
  for (const auto& b : rest) heights.push_back(b.block().header().height());
  const uint64_t head = NodeStatus().height();
  ASSERT_EQ(heights.size(), head);
  for (uint64_t i = 0; i < head; ++i) EXPECT_EQ(heights[i], i + 1);
}

TEST_F(AuditServiceTest, ProofsVerifyAndTamperingIsCaught) {
  StartNode(/*public_ledger=*/true);
  CommitBlock();
  const std::string tx_id = CommitBlock();
  CommitBlock();

  grpc::ClientContext ctx;
  v1::GetProofRequest req;
  req.set_tx_id(tx_id);
  v1::TxProof proof;
  grpc::Status s = audit_->GetProof(&ctx, req, &proof);
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto check = CheckTxProof(DefaultSuite(), proof);
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(AsBytes(check->tx_id), tx_id);
  EXPECT_EQ(check->result_code, v1::SELF_TRANSFER);
  EXPECT_TRUE(check->certified);  // a later block carries its certificate
  // The proof is about the block the ledger has at that height.
  grpc::ClientContext bctx;
  v1::GetBlockRequest breq;
  breq.set_height(check->height);
  v1::Block block;
  ASSERT_TRUE(registry_->GetBlock(&bctx, breq, &block).ok());
  EXPECT_EQ(AsBytes(check->block_hash), AsBytes(BlockHash(DefaultSuite(), block.header())));

  v1::TxProof bad_leaf = proof;
  bad_leaf.mutable_result()->set_code(v1::OK);  // claims it succeeded
  EXPECT_EQ(CheckTxProof(DefaultSuite(), bad_leaf).status().code(), v1::PROOF_INVALID);
  v1::TxProof bad_path = proof;
  bad_path.add_tx_path(std::string(32, 'x'));
  EXPECT_EQ(CheckTxProof(DefaultSuite(), bad_path).status().code(), v1::PROOF_INVALID);

  grpc::ClientContext missing_ctx;
  req.set_tx_id(std::string(32, '\x01'));
  EXPECT_EQ(audit_->GetProof(&missing_ctx, req, &proof).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LincaoCode(missing_ctx), v1::NOT_FOUND);
  grpc::ClientContext short_ctx;
  req.set_tx_id("short");
  EXPECT_EQ(audit_->GetProof(&short_ctx, req, &proof).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(LincaoCode(short_ctx), v1::INVALID_ARGUMENT);
}

TEST_F(AuditServiceTest, StateRootsOfCommittedHeightsOnly) {
  StartNode(/*public_ledger=*/true);
  CommitBlock();
  CommitBlock();
  const v1::NodeStatus st = NodeStatus();
  for (uint64_t h = 0; h <= st.height(); ++h) {
    grpc::ClientContext ctx;
    v1::GetStateRootRequest req;
    req.set_height(h);
    v1::StateRootInfo info;
    ASSERT_TRUE(audit_->GetStateRoot(&ctx, req, &info).ok()) << h;
    EXPECT_TRUE(CheckStateRootInfo(DefaultSuite(), info).ok()) << h;
    EXPECT_EQ(info.height(), h);
    EXPECT_EQ(info.has_certificate(), h < st.height()) << h;
    if (h == 0) {
      EXPECT_EQ(info.block_hash(), st.genesis_hash());
    }
    if (h == st.height()) {
      EXPECT_EQ(info.state_root(), st.state_root());
    }
  }
  grpc::ClientContext ctx;
  v1::GetStateRootRequest req;
  req.set_height(st.height() + 10);
  v1::StateRootInfo info;
  grpc::Status s = audit_->GetStateRoot(&ctx, req, &info);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LincaoCode(ctx), v1::NOT_FOUND);
  EXPECT_NE(s.error_message().find("head is at height"), std::string::npos) << s.error_message();
}

TEST_F(AuditServiceTest, APrivateLedgerAnswersSignedAuditorsOnly) {
  StartNode(/*public_ledger=*/false);
  const std::string method = "/lincao.v1.Audit/GetStateRoot";
  v1::GetStateRootRequest req;
  v1::StateRootInfo info;
  {
    grpc::ClientContext ctx;
    Sign(ctx, auditor_, method);
    grpc::Status s = audit_->GetStateRoot(&ctx, req, &info);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  {
    grpc::ClientContext ctx;  // unsigned
    EXPECT_EQ(audit_->GetStateRoot(&ctx, req, &info).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(LincaoCode(ctx), v1::AUDIT_CREDENTIALS_MISSING);
  }
  {
    grpc::ClientContext ctx;  // signed for another method
    Sign(ctx, auditor_, "/lincao.v1.Audit/GetProof");
    EXPECT_EQ(audit_->GetStateRoot(&ctx, req, &info).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(LincaoCode(ctx), v1::AUDIT_SIGNATURE_INVALID);
  }
  {
    grpc::ClientContext ctx;  // the registrar is no auditor
    Sign(ctx, chain_.registrar(), method);
    EXPECT_EQ(audit_->GetStateRoot(&ctx, req, &info).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(LincaoCode(ctx), v1::NOT_AUDITOR);
  }
  {
    grpc::ClientContext ctx;  // the auditor's clock five minutes behind
    Sign(ctx, auditor_, method, -5 * 60 * 1000);
    grpc::Status s = audit_->GetStateRoot(&ctx, req, &info);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(LincaoCode(ctx), v1::AUDIT_TIME_SKEW);
    EXPECT_NE(s.error_message().find("NTP"), std::string::npos) << s.error_message();
  }
  {
    grpc::ClientContext ctx;  // a signature header that is not hex
    ctx.AddMetadata(std::string(kAuditAccountHeader), "auditor-1");
    ctx.AddMetadata(std::string(kAuditKeyIdHeader), "0");
    ctx.AddMetadata(std::string(kAuditTimeHeader), std::to_string(WallClockMs()));
    ctx.AddMetadata(std::string(kAuditSignatureHeader), "not-hex");
    grpc::Status s = audit_->GetStateRoot(&ctx, req, &info);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(LincaoCode(ctx), v1::AUDIT_CREDENTIALS_MALFORMED) << s.error_message();
  }
  {
    grpc::ClientContext ctx;  // streams are checked when they open
    v1::StreamBlocksRequest sreq;
    auto reader = audit_->StreamBlocks(&ctx, sreq);
    v1::StreamedBlock b;
    EXPECT_FALSE(reader->Read(&b));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
}

TEST_F(AuditServiceTest, StoppingTheNodeEndsAFollowingStreamWithWhereToResume) {
  StartNode(/*public_ledger=*/true);
  CommitBlock();
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kSafetyDeadline);
  v1::StreamBlocksRequest req;
  req.set_follow(true);
  auto reader = audit_->StreamBlocks(&ctx, req);
  v1::StreamedBlock b;
  uint64_t last = 0;
  while (last < 1 && reader->Read(&b)) last = b.block().header().height();
  ASSERT_EQ(last, 1u);
  std::thread stopper([&] { node_->Stop(); });
  while (reader->Read(&b)) last = b.block().header().height();
  grpc::Status s = reader->Finish();
  stopper.join();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_NE(s.error_message().find("from_height " + std::to_string(last + 1)), std::string::npos)
      << s.error_message();
}

}  // namespace
}  // namespace lincao::node
