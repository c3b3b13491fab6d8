// Undecodable requests to a lincaod gRPC listener get a lincao error code.
//
// Handlers answer through ToGrpc (grpc_status.h), which adds the code. Some
// answers never reach a handler: a request whose bytes are not a valid
// message of its method fails in gRPC's own deserializer with an empty
// INTERNAL status, which reads like a node bug. This server interceptor sees
// every status before it is sent and turns that one into MALFORMED_REQUEST
// with a message a person can act on. gRPC's other statuses (UNIMPLEMENTED
// for a method the node does not serve, above all) pass through unchanged
// and carry no lincao code: clients test for those gRPC codes. A request over
// the transport's size bound is cut by gRPC's core before any interceptor
// runs. docs/interfaces.md ("gRPC errors") says what each looks like.
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
