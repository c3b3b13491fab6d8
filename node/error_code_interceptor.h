// Every non-OK answer of a lincaod gRPC listener carries a lincao error code.
//
// Handlers answer through ToGrpc (grpc_status.h), which adds the code. Some
// answers never reach a handler: a request whose bytes are not a valid
// message of its method fails in gRPC's own deserializer with an empty
// INTERNAL status. This server interceptor sees every status before it is
// sent; one without the "lincao-error-code" trailer gets a code and a message
// a person can act on (MALFORMED_REQUEST for undecodable requests, INTERNAL
// otherwise). A request over the transport's size bound is cut by gRPC's core
// before any interceptor runs; docs/interfaces.md says what that looks like.
//
// Thread-safety: one interceptor per call, created by the factory on gRPC's
// threads; no shared state.
#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace lincao::node {

class ErrorCodeInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace lincao::node
