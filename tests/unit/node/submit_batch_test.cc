// Registry.SubmitBatch on a real in-process lincaod, over gRPC: one result
// per transaction in request order, each judged as Submit judges it
// (REFUSED with the admission code, the original outcome for a committed
// duplicate, REJECTED and DROPPED from apply), and the request bound
// limits.max_submit_batch refusing a larger request whole.
#include <gtest/gtest.h>

#include <grpcpp/grpcpp.h>

#include "lincao/v1/registry.grpc.pb.h"
#include "node/grpc_status.h"
#include "node/node.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

class SubmitBatchTest : public ::testing::Test {
 protected:
  void Start() {
    node_ = std::make_unique<Node>(chain_.config());
    Status st = node_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    stub_ = v1::Registry::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(node_->grpc_port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { node_.reset(); }

  uint64_t Now() {
    grpc::ClientContext ctx;
    v1::NodeStatus status;
    EXPECT_TRUE(stub_->GetStatus(&ctx, v1::GetStatusRequest(), &status).ok());
    return status.next_time_ms();
  }

  // Submit with wait_for_commit; returns the committed response.
  v1::SubmitResponse Commit(const v1::SignedTx& tx) {
    grpc::ClientContext ctx;
    v1::SubmitRequest req;
    *req.mutable_tx() = tx;
    req.set_wait_for_commit(true);
    v1::SubmitResponse resp;
    grpc::Status st = stub_->Submit(&ctx, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(resp.state(), v1::COMMITTED);
    return resp;
  }

  grpc::Status Batch(const std::vector<v1::SignedTx>& txs, bool wait, v1::SubmitBatchResponse* resp,
                     int* lincao_code = nullptr) {
    grpc::ClientContext ctx;
    v1::SubmitBatchRequest req;
    for (const auto& tx : txs) *req.add_txs() = tx;
    req.set_wait_for_commit(wait);
    grpc::Status st = stub_->SubmitBatch(&ctx, req, resp);
    if (lincao_code != nullptr) {
      auto trailers = ctx.GetServerTrailingMetadata();
      auto it = trailers.find(std::string(kErrorCodeTrailer));
      *lincao_code =
          it == trailers.end() ? -1 : std::stoi(std::string(it->second.data(), it->second.size()));
    }
    return st;
  }

  v1::SignedTx OpenAccount(const KeyFile& key, v1::Role role) {
    return chain_.OpenAccountTx(key, role, Now());
  }

  v1::SignedTx Issue(const std::string& to, uint64_t quantity) {
    return chain_.IssueTx(to, quantity, Now());
  }

  v1::SignedTx Transfer(const KeyFile& from, const std::string& to, uint64_t quantity) {
    return chain_.TransferTx(from, to, quantity, Now());
  }

  static std::string IdOf(const v1::SignedTx& tx) {
    return AsBytes(ComputeTxId(DefaultSuite(), tx.tx()));
  }

  testing::TempChain chain_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<v1::Registry::Stub> stub_;
};

TEST_F(SubmitBatchTest, OneResultPerTransactionInRequestOrder) {
  // Long enough that the request's transactions share blocks.
  chain_.mutable_config().batch_max_delay_ms = 100;
  Start();
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  KeyFile buyer = chain_.NewAccountKey("chengdu-expo");
  Commit(OpenAccount(owner, v1::PROJECT_OWNER));
  Commit(OpenAccount(buyer, v1::PARTICIPANT));
  const v1::SignedTx issue = Issue(owner.owner, 100);
  const uint64_t issue_height = Commit(issue).height();

  KeyFile new_key = chain_.NewAccountKey(owner.owner);
  new_key.key_id = 1;
  v1::Tx rotate = chain_.NewTx(owner, Now());
  rotate.mutable_update_keys()->add_remove(0);
  auto* added = rotate.mutable_update_keys()->add_add();
  added->set_key_id(1);
  added->set_suite(new_key.suite);
  added->set_key(new_key.public_key);

  v1::SignedTx forged = Transfer(owner, buyer.owner, 1);
  forged.mutable_signatures(0)->mutable_signature()->at(5) ^= 0x10;
  const v1::SignedTx good = Transfer(owner, buyer.owner, 10);
  const std::vector<v1::SignedTx> txs = {
      good,                               // 0: committed
      forged,                             // 1: refused at admission
      good,                               // 2: a second copy in the same request
      issue,                              // 3: committed before: the original outcome
      Transfer(owner, buyer.owner, 500),  // 4: more than held: rejected at apply
      chain_.Sign(rotate, owner),         // 5: rotates key 0 out
      Transfer(owner, buyer.owner, 1),    // 6: signed by key 0, admitted, dropped at apply
  };
  v1::SubmitBatchResponse resp;
  grpc::Status st = Batch(txs, true, &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(resp.results_size(), 7);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(resp.results(i).tx_id(), IdOf(txs[i])) << i;

  EXPECT_EQ(resp.results(0).state(), v1::COMMITTED);
  EXPECT_GT(resp.results(0).height(), issue_height);
  EXPECT_EQ(resp.results(1).state(), v1::REFUSED);
  EXPECT_EQ(resp.results(1).code(), v1::BAD_SIGNATURE);
  EXPECT_EQ(resp.results(2).state(), v1::REFUSED);
  EXPECT_EQ(resp.results(2).code(), v1::DUPLICATE_TX);
  EXPECT_EQ(resp.results(3).state(), v1::COMMITTED);
  EXPECT_EQ(resp.results(3).height(), issue_height);
  EXPECT_EQ(resp.results(4).state(), v1::REJECTED);
  EXPECT_EQ(resp.results(4).code(), v1::INSUFFICIENT_UNITS);
  EXPECT_EQ(resp.results(5).state(), v1::COMMITTED) << resp.results(5).message();
  EXPECT_EQ(resp.results(6).state(), v1::DROPPED);
  EXPECT_EQ(resp.results(6).code(), v1::UNKNOWN_KEY) << resp.results(6).message();

  // A retry of the whole request: everything that landed reports its
  // original outcome, nothing applies twice.
  v1::SubmitBatchResponse again;
  ASSERT_TRUE(Batch({good, txs[4]}, false, &again).ok());
  EXPECT_EQ(again.results(0).state(), v1::COMMITTED);
  EXPECT_EQ(again.results(0).height(), resp.results(0).height());
  EXPECT_EQ(again.results(1).state(), v1::REJECTED);
  EXPECT_EQ(again.results(1).code(), v1::INSUFFICIENT_UNITS);
}

TEST_F(SubmitBatchTest, WithoutWaitingAdmittedArePendingAndRefusedSayWhy) {
  Start();
  v1::SignedTx garbage;
  garbage.set_tx("\xff\xff not a protobuf");
  garbage.add_signatures()->set_account("registrar");
  KeyFile owner = chain_.NewAccountKey("zoige-wetland");
  const v1::SignedTx open = OpenAccount(owner, v1::PROJECT_OWNER);
  v1::SubmitBatchResponse resp;
  ASSERT_TRUE(Batch({garbage, open}, false, &resp).ok());
  ASSERT_EQ(resp.results_size(), 2);
  EXPECT_EQ(resp.results(0).state(), v1::REFUSED);
  EXPECT_EQ(resp.results(0).code(), v1::MALFORMED_TX);
  EXPECT_TRUE(resp.results(0).tx_id().empty()) << "no id for bytes that did not decode";
  EXPECT_EQ(resp.results(1).state(), v1::PENDING);
  EXPECT_EQ(resp.results(1).tx_id(), IdOf(open));
}

TEST_F(SubmitBatchTest, ARequestBeyondTheBoundIsRefusedWhole) {
  chain_.mutable_config().max_submit_batch = 2;
  Start();
  KeyFile a = chain_.NewAccountKey("account-a");
  KeyFile b = chain_.NewAccountKey("account-b");
  KeyFile c = chain_.NewAccountKey("account-c");
  const std::vector<v1::SignedTx> txs = {OpenAccount(a, v1::PARTICIPANT),
                                         OpenAccount(b, v1::PARTICIPANT),
                                         OpenAccount(c, v1::PARTICIPANT)};
  v1::SubmitBatchResponse resp;
  int code = 0;
  grpc::Status st = Batch(txs, true, &resp, &code);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(code, v1::SUBMIT_BATCH_TOO_LARGE);
  EXPECT_NE(st.error_message().find("at most 2"), std::string::npos) << st.error_message();
  EXPECT_EQ(resp.results_size(), 0);
  // Nothing of it was admitted: the first two, sent again within the bound,
  // are fresh (PENDING, not DUPLICATE_TX).
  ASSERT_TRUE(Batch({txs[0], txs[1]}, false, &resp).ok());
  EXPECT_EQ(resp.results(0).state(), v1::PENDING);
  EXPECT_EQ(resp.results(1).state(), v1::PENDING);
}

}  // namespace
}  // namespace lincao::node
