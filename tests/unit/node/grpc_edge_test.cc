// The gRPC edge of a real in-process lincaod: requests that never reach a
// handler (bytes that are not a message of the method) still get a lincao
// error code, and the largest block a node can make fits a client with
// gRPC's default 4 MiB receive limit.
#include <gtest/gtest.h>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <future>
#include <thread>

#include "chaincode/limits.h"
#include "lincao/v1/registry.grpc.pb.h"
#include "node/grpc_status.h"
#include "node/node.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

class GrpcEdgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chain_.mutable_config().grpc_listen = "127.0.0.1:0";
    // Long enough for concurrent submissions to share a batch.
    chain_.mutable_config().batch_max_delay_ms = 300;
    node_ = std::make_unique<Node>(chain_.config());
    Status st = node_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(node_->grpc_port()),
                                   grpc::InsecureChannelCredentials());
  }
  void TearDown() override { node_.reset(); }

  // Calls `method` with raw request bytes; returns the status and the
  // lincao code from the trailers (-1 when absent).
  std::pair<grpc::Status, int> CallRaw(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext ctx;
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) { done.set_value(std::move(s)); });
    grpc::Status status = done.get_future().get();
    int code = -1;
    auto trailers = ctx.GetServerTrailingMetadata();
    auto it = trailers.find(std::string(kErrorCodeTrailer));
    if (it != trailers.end()) code = std::stoi(std::string(it->second.data(), it->second.size()));
    return {status, code};
  }

  // Calls a server-streaming `method` with raw request bytes; reads every
  // response and returns the final status and the lincao code (-1 when
  // absent).
  std::pair<grpc::Status, int> CallRawStream(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext ctx;
    grpc::CompletionQueue cq;
    auto call = stub.PrepareCall(&ctx, method, &cq);
    void* tag = nullptr;
    bool ok = false;
    call->StartCall(nullptr);
    cq.Next(&tag, &ok);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    call->Write(request, nullptr);
    cq.Next(&tag, &ok);
    call->WritesDone(nullptr);
    cq.Next(&tag, &ok);
    do {
      call->Read(&response, nullptr);
    } while (cq.Next(&tag, &ok) && ok);
    grpc::Status status;
    call->Finish(&status, nullptr);
    cq.Next(&tag, &ok);
    int code = -1;
    auto trailers = ctx.GetServerTrailingMetadata();
    auto it = trailers.find(std::string(kErrorCodeTrailer));
    if (it != trailers.end()) code = std::stoi(std::string(it->second.data(), it->second.size()));
    return {status, code};
  }

  testing::TempChain chain_;
  std::unique_ptr<Node> node_;
  std::shared_ptr<grpc::Channel> channel_;
};

// One request on the server reflection stream (grpc.reflection.v1alpha,
// what grpcurl speaks), through the generic API so the test needs no copy
// of the reflection protos; returns the response's bytes.
std::string Reflect(const std::shared_ptr<grpc::Channel>& channel, const std::string& request) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  grpc::CompletionQueue cq;
  auto call =
      stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&] { return cq.Next(&tag, &ok) && ok; };
  call->StartCall(nullptr);
  EXPECT_TRUE(step());
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1), in;
  call->Write(out, nullptr);
  EXPECT_TRUE(step());
  call->WritesDone(nullptr);
  EXPECT_TRUE(step());
  call->Read(&in, nullptr);
  EXPECT_TRUE(step());
  grpc::Status status;
  call->Finish(&status, nullptr);
  EXPECT_TRUE(step());
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(in.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes;
}
// The length-delimited fields numbered `number` of an encoded message,
// read without its schema.
std::vector<std::string> Fields(const std::string& message, int number) {
  google::protobuf::UnknownFieldSet set;
  EXPECT_TRUE(set.ParseFromString(message));
  std::vector<std::string> out;
  for (int i = 0; i < set.field_count(); ++i) {
    if (set.field(i).number() == number &&
        set.field(i).type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      out.push_back(set.field(i).length_delimited());
    }
  }
  return out;
}

TEST_F(GrpcEdgeTest, ServerReflectionListsAndDescribesTheServices) {
  // ServerReflectionRequest.list_services (field 7) = "".
  auto response = Fields(Reflect(channel_, std::string("\x3a\x00", 2)), 6);
  ASSERT_EQ(response.size(), 1u);  // list_services_response
  std::vector<std::string> names;
  for (const std::string& service : Fields(response[0], 1)) {
    for (const std::string& name : Fields(service, 1)) names.push_back(name);
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "lincao.v1.Registry"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "grpc.reflection.v1alpha.ServerReflection"),
            names.end());

  // file_containing_symbol (field 4) answers with the file that defines the
  // service, so a generic client can build every request of it.
  const std::string symbol = "lincao.v1.Registry";
  auto files =
      Fields(Reflect(channel_, std::string("\x22") + static_cast<char>(symbol.size()) + symbol), 4);
  ASSERT_EQ(files.size(), 1u);  // file_descriptor_response
  bool found = false;
  for (const std::string& file : Fields(files[0], 1)) {
    google::protobuf::FileDescriptorProto proto;
    ASSERT_TRUE(proto.ParseFromString(file));
    if (proto.name() == "lincao/v1/registry.proto") {
      found = true;
      ASSERT_GT(proto.service_size(), 0);
      EXPECT_EQ(proto.service(0).name(), "Registry");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(GrpcEdgeTest, GarbageRequestBytesGetALincaoCode) {
  for (const char* method : {"/lincao.v1.Registry/GetBlock", "/lincao.v1.Registry/Submit",
                             "/lincao.v1.Registry/GetStatus"}) {
    auto [status, code] = CallRaw(method, std::string("\xff\xff\xff\xff\x0f", 5));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(code, v1::MALFORMED_REQUEST) << method;
    EXPECT_NE(status.error_message().find("E109 MALFORMED_REQUEST"), std::string::npos)
        << status.error_message();
    EXPECT_NE(status.error_message().find(method), std::string::npos) << status.error_message();
    EXPECT_NE(status.error_message().find("proto/lincao/v1/registry.proto"), std::string::npos)
        << status.error_message();
  }
  // The Audit service's calls, unary and streaming, name their own proto.
  const std::string garbage("\xff\xff\xff\xff\x0f", 5);
  for (const char* method : {"/lincao.v1.Audit/GetProof", "/lincao.v1.Audit/GetStateRoot",
                             "/lincao.v1.Audit/GetHistory", "/lincao.v1.Audit/ListTransactions"}) {
    auto [status, code] = CallRaw(method, garbage);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(code, v1::MALFORMED_REQUEST) << method;
    EXPECT_NE(status.error_message().find("proto/lincao/v1/audit.proto"), std::string::npos)
        << status.error_message();
  }
  for (const char* method : {"/lincao.v1.Audit/StreamBlocks", "/lincao.v1.Audit/Export"}) {
    auto [status, code] = CallRawStream(method, garbage);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(code, v1::MALFORMED_REQUEST) << method;
    EXPECT_NE(status.error_message().find(method), std::string::npos) << status.error_message();
    EXPECT_NE(status.error_message().find("proto/lincao/v1/audit.proto"), std::string::npos)
        << status.error_message();
  }
  // Beyond the transport bound (4 MiB, or twice max_tx_bytes) gRPC's core
  // answers before any lincao code can be added (docs/interfaces.md).
  auto [big_status, big_code] =
      CallRaw("/lincao.v1.Registry/Submit", std::string(5 * 1024 * 1024, '\0'));
  EXPECT_EQ(big_status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(big_code, -1);
  // A valid request still works, and a handler's own errors keep their code.
  auto [ok_status, ok_code] =
      CallRaw("/lincao.v1.Registry/GetStatus", v1::GetStatusRequest().SerializeAsString());
  EXPECT_TRUE(ok_status.ok()) << ok_status.error_message();
  EXPECT_EQ(ok_code, -1);
  v1::GetBlockRequest missing;
  missing.set_height(999);
  auto [nf_status, nf_code] = CallRaw("/lincao.v1.Registry/GetBlock", missing.SerializeAsString());
  EXPECT_EQ(nf_status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(nf_code, v1::NOT_FOUND);
}

// A method the node does not serve (an older node asked for a newer call,
// a typo, another service) is gRPC's own UNIMPLEMENTED, passed through as
// gRPC made it: clients such as `lincao-bench load` (its SubmitBatch probe)
// test for that code, so it must not become a lincao INTERNAL.
TEST_F(GrpcEdgeTest, AnUnknownMethodIsUnimplementedNotALincaoError) {
  const std::string empty = v1::GetStatusRequest().SerializeAsString();
  for (const char* method : {"/lincao.v1.Registry/NoSuchMethod", "/lincao.v1.Audit/NoSuchMethod",
                             "/lincao.v1.NoSuchService/GetStatus"}) {
    auto [status, code] = CallRaw(method, empty);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << method << ": " << status.error_message();
    EXPECT_EQ(code, -1) << method << ": " << status.error_message();
    EXPECT_EQ(status.error_message().find("E502"), std::string::npos) << status.error_message();
  }
  auto [stream_status, stream_code] = CallRawStream("/lincao.v1.Audit/NoSuchStream", empty);
  EXPECT_EQ(stream_status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
      << stream_status.error_message();
  EXPECT_EQ(stream_code, -1) << stream_status.error_message();
  // The node still serves the methods it has on the same channel.
  auto [ok_status, ok_code] = CallRaw("/lincao.v1.Registry/GetStatus", empty);
  EXPECT_TRUE(ok_status.ok()) << ok_status.error_message();
}

TEST_F(GrpcEdgeTest, TheLargestBlockFitsADefaultClient) {
  // Transactions of almost kMaxTxBytes that chaincode rejects (a memo over
  // the text bound) still enter the block; fill a batch with them.
  auto stub = v1::Registry::NewStub(channel_);  // default 4 MiB receive limit
  v1::GetStatusRequest sreq;
  v1::NodeStatus st;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->GetStatus(&ctx, sreq, &st).ok());
  }
  const size_t per_tx = kMaxTxBytes - 400;
  const size_t count = kMaxBatchBytes / per_tx + 4;  // more than one batch can hold
  std::vector<v1::SubmitResponse> responses(count);  // unused on rejection
  std::vector<v1::SubmitRequest> requests(count);
  for (size_t i = 0; i < count; ++i) {
    v1::Tx tx = chain_.NewTx(chain_.registrar(), st.next_time_ms());
    // Rejected at apply (admission lets holdings rules through).
    tx.mutable_transfer()->set_to(chain_.registrar().owner);
    tx.mutable_transfer()->set_quantity(1);
    tx.mutable_transfer()->set_memo(std::string(per_tx, 'm'));
    *requests[i].mutable_tx() = chain_.Sign(tx, chain_.registrar());
    ASSERT_LE(requests[i].tx().ByteSizeLong(), kMaxTxBytes);
  }
  // Submit all at once so that they share batches.
  std::vector<std::thread> threads;
  std::vector<grpc::Status> results(count);
  for (size_t i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      grpc::ClientContext ctx;
      requests[i].set_wait_for_commit(true);
      results[i] = stub->Submit(&ctx, requests[i], &responses[i]);
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < count; ++i) {
    // Recorded as rejected: Submit answers with the chaincode's code.
    EXPECT_NE(results[i].error_message().find("SELF_TRANSFER"), std::string::npos)
        << results[i].error_message();
  }
  uint64_t max_height = 0;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->GetStatus(&ctx, sreq, &st).ok());
    max_height = st.height();
  }
  ASSERT_GE(max_height, 2u);  // more than one batch could hold
  size_t largest = 0;
  for (uint64_t h = 1; h <= max_height; ++h) {
    grpc::ClientContext ctx;
    v1::GetBlockRequest req;
    req.set_height(h);
    v1::Block block;
    grpc::Status s = stub->GetBlock(&ctx, req, &block);
    ASSERT_TRUE(s.ok()) << "block " << h << ": " << s.error_message();
    largest = std::max(largest, block.ByteSizeLong());
  }
  EXPECT_LE(largest, kMaxBlockBytes);
  // Sanity: the node did fill a block close to the batch bound.
  EXPECT_GT(largest, kMaxBatchBytes / 2);
}

}  // namespace
}  // namespace lincao::node
