#include "node/grpc_status.h"

namespace lincao::node {

grpc::StatusCode GrpcCodeFor(ErrorCode code) {
  switch (code) {
    case v1::OK:
      return grpc::StatusCode::OK;
    case v1::TX_TOO_LARGE:
    case v1::OVERLOADED:
    case v1::SUBMIT_BATCH_TOO_LARGE:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case v1::BAD_SIGNATURE:
    case v1::UNKNOWN_KEY:
    case v1::THRESHOLD_NOT_MET:
    case v1::UNEXPECTED_SIGNER:
    case v1::DUPLICATE_SIGNATURE:
    case v1::SIGNATURES_OUT_OF_ORDER:
    case v1::AUDIT_CREDENTIALS_MISSING:
    case v1::AUDIT_CREDENTIALS_MALFORMED:
    case v1::AUDIT_TIME_SKEW:
    case v1::AUDIT_SIGNATURE_INVALID:
      return grpc::StatusCode::UNAUTHENTICATED;
    case v1::UNAUTHORIZED:
    case v1::PEER_REFUSED:
    case v1::GOVERNANCE_QUORUM_NOT_MET:
    case v1::SANCTIONED:
    case v1::CONFLICT_OF_INTEREST:
    case v1::EXPERT_QUORUM_NOT_MET:
    case v1::NOT_AUDITOR:
    case v1::AUDITOR_DISABLED:
      return grpc::StatusCode::PERMISSION_DENIED;
    case v1::WRONG_CHAIN:
    case v1::EXPIRED:
    case v1::EXPIRY_TOO_FAR:
    case v1::INSUFFICIENT_UNITS:
    case v1::RANGE_NOT_HELD:
    case v1::HOLDINGS_FRAGMENTED:
    case v1::ROLE_NOT_HELD:
    case v1::NOT_SANCTIONED:
    case v1::BAD_ACTIVATION:
    case v1::LAST_VOTER:
    case v1::INVALID_STATE:
    case v1::PARCEL_CLAIMED:
    case v1::PERIOD_OVERLAP:
    case v1::OUTSIDE_CREDITING_PERIOD:
    case v1::FROZEN:
    case v1::SHORTFALL_OUTSTANDING:
    case v1::NOT_FROZEN:
    case v1::NOT_HOME_REGISTRY:
    case v1::ACCOUNT_CLOSED:
    case v1::NOT_EMPTY:
    case v1::HOLDS_AUTHORITY:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case v1::DUPLICATE_TX:
    case v1::ACCOUNT_EXISTS:
    case v1::ROLE_ALREADY_HELD:
    case v1::KEY_REUSED:
    case v1::ID_TAKEN:
    case v1::ALREADY_EVALUATED:
    case v1::ALREADY_ISSUED:
      return grpc::StatusCode::ALREADY_EXISTS;
    case v1::UNKNOWN_ACCOUNT:
    case v1::UNKNOWN_BATCH:
    case v1::UNKNOWN_RETIREMENT:
    case v1::UNKNOWN_PARAMETER:
    case v1::UNKNOWN_NODE:
    case v1::UNKNOWN_METHODOLOGY:
    case v1::UNKNOWN_PROJECT:
    case v1::UNKNOWN_REPORT:
    case v1::UNKNOWN_HOLD:
    case v1::UNKNOWN_CANCELLATION:
    case v1::NOT_FOUND:
      return grpc::StatusCode::NOT_FOUND;
    case v1::INTERNAL:
    case v1::STORAGE_FORMAT:
    case v1::LEDGER_DIVERGED:
    case v1::UNSUPPORTED_CHAINCODE_VERSION:
      return grpc::StatusCode::INTERNAL;
    case v1::STORAGE_IO:
    case v1::NOT_READY:
    case v1::NOT_LEADER:
      return grpc::StatusCode::UNAVAILABLE;
    case v1::TIMEOUT:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    // Using credits: retirements and exchange settlement (443-459).
    case v1::PARAMETER_NOT_SET:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case v1::NO_MANDATE:
      return grpc::StatusCode::PERMISSION_DENIED;
    case v1::TRADE_ALREADY_SETTLED:
      return grpc::StatusCode::ALREADY_EXISTS;
    case v1::UNKNOWN_SETTLEMENT:
      return grpc::StatusCode::NOT_FOUND;
    // CONVERSION_MISMATCH and TOO_MANY_LEGS are argument errors (default).
    // Neutrality claims and personal carbon points (chaincode version 4).
    case v1::UNKNOWN_CLAIM:
      return grpc::StatusCode::NOT_FOUND;
    case v1::NOT_DECLARANT:
      return grpc::StatusCode::PERMISSION_DENIED;
    case v1::CLAIM_CLOSED:
    case v1::CLAIM_NOT_COVERED:
    case v1::OUTSIDE_CLAIM_PERIOD:
    case v1::CLAIM_FULL:
    case v1::NOT_CUSTODIAL:
    case v1::DAILY_POINTS_CAP:
    case v1::DAY_OUTSIDE_WINDOW:
    case v1::INSUFFICIENT_POINTS:
    case v1::CERTIFICATE_PENDING:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case v1::PURPOSE_MISMATCH:
    case v1::ENTITY_MISMATCH:
    case v1::POINTS_OVERFLOW:
      return grpc::StatusCode::INVALID_ARGUMENT;
    // Audit history and exports (530-539): the request is malformed.
    case v1::HISTORY_QUERY_INVALID:
    case v1::EXPORT_FILTER_UNSUPPORTED:
      return grpc::StatusCode::INVALID_ARGUMENT;
    default:
      // 1xx shape errors, UNKNOWN_SUITE and the remaining 4xx argument errors.
      return grpc::StatusCode::INVALID_ARGUMENT;
  }
}

grpc::Status ToGrpc(grpc::ServerContext* ctx, const Status& status) {
  if (status.ok()) return grpc::Status::OK;
  ctx->AddTrailingMetadata(std::string(kErrorCodeTrailer),
                           std::to_string(static_cast<int>(status.code())));
  return grpc::Status(GrpcCodeFor(status.code()), status.ToString());
}

}  // namespace lincao::node
