// Maps lincao error codes to gRPC statuses at the edge. The message is
// Status::ToString() ("[E402 INSUFFICIENT_UNITS] ..."); the code number also
// travels in trailing metadata "lincao-error-code" (docs/interfaces.md).
#pragma once

#include <grpcpp/grpcpp.h>

#include "chaincode/status.h"

namespace lincao::node {

// The trailing metadata key that carries the lincao error code number.
inline constexpr std::string_view kErrorCodeTrailer = "lincao-error-code";

grpc::StatusCode GrpcCodeFor(ErrorCode code);

// Adds the trailing metadata and returns the gRPC status for `status`.
grpc::Status ToGrpc(grpc::ServerContext* ctx, const Status& status);

}  // namespace lincao::node
