#include "node/error_code_interceptor.h"

#include <string>

#include "node/grpc_status.h"

namespace lincao::node {
namespace {

using grpc::experimental::InterceptionHookPoints;

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
    Status status;
    if (sent.error_code() == grpc::StatusCode::INTERNAL && sent.error_message().empty()) {
      // gRPC's deserializer refused the request bytes.
      status = Status(v1::MALFORMED_REQUEST, "the request is not a valid message for " + method_ +
                                                 "; build it from proto/lincao/v1/registry.proto");
    } else {
      status = Status(v1::INTERNAL, "gRPC answered " + method_ + " with status " +
                                        std::to_string(static_cast<int>(sent.error_code())) + ": " +
                                        sent.error_message());
    }
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
