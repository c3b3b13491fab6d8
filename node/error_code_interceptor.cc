#include "node/error_code_interceptor.h"

#include <cctype>
#include <string>

#include "node/grpc_status.h"

namespace lincao::node {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The proto file that defines `method`'s service ("/lincao.v1.Audit/GetProof"
// -> proto/lincao/v1/audit.proto), so a client that sent bad bytes is pointed
// at the schema it should have used.
std::string ProtoFileOf(const std::string& method) {
  const std::string prefix = "/lincao.v1.";
  if (method.rfind(prefix, 0) != 0) return "proto/lincao/v1/";
  size_t end = method.find('/', prefix.size());
  std::string service = method.substr(prefix.size(), end - prefix.size());
  for (char& c : service) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "proto/lincao/v1/" + service + ".proto";
}

class ErrorCodeInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit ErrorCodeInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Amend(methods);
    }
    methods->Proceed();
  }

 private:
  void Amend(grpc::experimental::InterceptorBatchMethods* methods) {
    grpc::Status sent = methods->GetSendStatus();
    if (sent.ok()) return;
    std::multimap<std::string, std::string>* trailers = methods->GetSendTrailingMetadata();
    if (trailers == nullptr || trailers->count(std::string(kErrorCodeTrailer)) > 0) return;
    // Every handler answers through ToGrpc, so a status without the trailer
    // was made by gRPC itself. Only the deserializer's empty INTERNAL needs a
    // lincao code (the bytes are the client's fault, not a node bug); gRPC's
    // other statuses (UNIMPLEMENTED for a method this node does not serve,
    // RESOURCE_EXHAUSTED, CANCELLED, ...) already say what happened, and
    // clients test for their codes, so they pass through unchanged.
    if (sent.error_code() != grpc::StatusCode::INTERNAL || !sent.error_message().empty()) return;
    const Status status(v1::MALFORMED_REQUEST, "the request is not a valid message for " + method_ +
                                                   "; build it from " + ProtoFileOf(method_));
    trailers->emplace(std::string(kErrorCodeTrailer),
                      std::to_string(static_cast<int>(status.code())));
    methods->ModifySendStatus(grpc::Status(GrpcCodeFor(status.code()), status.ToString()));
  }

  const std::string method_;
};

}  // namespace

grpc::experimental::Interceptor* ErrorCodeInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ErrorCodeInterceptor(info->method());
}

}  // namespace lincao::node
