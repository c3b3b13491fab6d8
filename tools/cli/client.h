// The gRPC channel to one lincaod and the translation of its failures into
// what the CLI prints. Every call carries a deadline. A failure the node
// explains carries trailing metadata `lincao-error-code` (and, for a Submit
// whose transaction a block rejected, `lincao-tx-id` and `lincao-height`);
// a failure without it is a transport problem, reported with the address.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lincao/v1/registry.grpc.pb.h"
#include "tools/cli/command.h"

namespace lincao::cli {

inline constexpr char kDefaultNode[] = "127.0.0.1:7050";
inline constexpr uint32_t kDefaultTimeoutMs = 15000;

struct RpcError {
  grpc::StatusCode grpc_code = grpc::StatusCode::UNKNOWN;
  std::optional<int> lincao_code;  // from lincao-error-code
  std::string tx_id_hex;           // from lincao-tx-id, when present
  std::optional<uint64_t> height;  // from lincao-height, when present
  std::string message;             // printed after "error: "
};

// Turns a gRPC status and the trailing metadata into an RpcError. With a
// lincao code the node's message ("[E402 INSUFFICIENT_UNITS] ...") is kept
// as it is; without one the message says what went wrong on the way and
// what to try (for an unreachable node: start one with tools/run.sh).
RpcError MakeRpcError(const grpc::Status& status,
                      const std::multimap<grpc::string_ref, grpc::string_ref>& trailers,
                      const std::string& address, uint32_t timeout_ms);

// Prints "error: <message>" and returns kExitFailed.
int ReportRpcError(const Io& io, const RpcError& error);

// A channel to the node at `address`: TLS trusting the PEM CA file
// `tls_ca`, or plaintext when it is empty; receives large blocks.
std::shared_ptr<grpc::Channel> MakeNodeChannel(const std::string& address,
                                               const std::string& tls_ca);

class NodeClient {
 public:
  // `timeout_ms` bounds every call; Submit waiting for a commit gets a
  // little more, so the node's own wait ends first.
  // `tls_ca`: a PEM file to trust for TLS; empty for plaintext.
  NodeClient(std::string address, uint32_t timeout_ms, const std::string& tls_ca = "");

  const std::string& address() const { return address_; }
  uint32_t timeout_ms() const { return timeout_ms_; }

  // Each returns the error, or nullopt after filling `out`.
  std::optional<RpcError> GetStatus(v1::NodeStatus* out);
  std::optional<RpcError> Submit(const v1::SubmitRequest& req, v1::SubmitResponse* out);
  std::optional<RpcError> GetTx(const v1::GetTxRequest& req, v1::TxRecord* out);
  std::optional<RpcError> GetBlock(const v1::GetBlockRequest& req, v1::Block* out);
  std::optional<RpcError> GetAccount(const v1::GetAccountRequest& req, v1::Account* out);
  std::optional<RpcError> GetHoldings(const v1::GetHoldingsRequest& req, v1::Holdings* out);
  std::optional<RpcError> GetBatch(const v1::GetBatchRequest& req, v1::CreditBatch* out);
  std::optional<RpcError> GetRetirement(const v1::GetRetirementRequest& req,
                                        v1::RetirementRecord* out);
  std::optional<RpcError> GetGovernance(v1::Governance* out);
  std::optional<RpcError> GetMethodology(const v1::GetMethodologyRequest& req,
                                         v1::MethodologyDetail* out);
  std::optional<RpcError> ListMethodologies(const v1::ListMethodologiesRequest& req,
                                            v1::Methodologies* out);
  std::optional<RpcError> GetProject(const v1::GetProjectRequest& req, v1::ProjectDetail* out);
  std::optional<RpcError> ListProjects(const v1::ListProjectsRequest& req, v1::Projects* out);
  std::optional<RpcError> GetReport(const v1::GetReportRequest& req, v1::ReportDetail* out);
  std::optional<RpcError> ListReports(const v1::ListReportsRequest& req,
                                      v1::MonitoringReports* out);
  std::optional<RpcError> ListBatches(const v1::ListBatchesRequest& req, v1::CreditBatches* out);
  std::optional<RpcError> GetBuffer(const v1::GetBufferRequest& req, v1::BufferPool* out);
  std::optional<RpcError> GetHold(const v1::GetHoldRequest& req, v1::Hold* out);
  std::optional<RpcError> ListHolds(const v1::ListHoldsRequest& req, v1::Holds* out);
  std::optional<RpcError> ListFreezes(const v1::ListFreezesRequest& req,
                                      v1::SupervisoryFreezes* out);
  std::optional<RpcError> GetCancellation(const v1::GetCancellationRequest& req,
                                          v1::Cancellation* out);
  std::optional<RpcError> ListCancellations(const v1::ListCancellationsRequest& req,
                                            v1::Cancellations* out);
  std::optional<RpcError> ListLosses(const v1::ListLossesRequest& req, v1::Losses* out);
  // Using credits (chaincode version 4).
  std::optional<RpcError> ListRetirements(const v1::ListRetirementsRequest& req,
                                          v1::Retirements* out);
  std::optional<RpcError> GetRetirementTotals(const v1::GetRetirementTotalsRequest& req,
                                              v1::RetirementTotals* out);
  std::optional<RpcError> GetRetirementCertificate(const v1::GetRetirementCertificateRequest& req,
                                                   v1::RetirementCertificate* out);
  std::optional<RpcError> GetSettlement(const v1::GetSettlementRequest& req, v1::Settlement* out);
  std::optional<RpcError> ListSettlements(const v1::ListSettlementsRequest& req,
                                          v1::Settlements* out);
  std::optional<RpcError> ListMandates(const v1::ListMandatesRequest& req,
                                       v1::SettlementMandates* out);
  // Neutrality claims and personal carbon points (chaincode version 4).
  std::optional<RpcError> GetClaim(const v1::GetClaimRequest& req, v1::ClaimDetail* out);
  std::optional<RpcError> ListClaims(const v1::ListClaimsRequest& req, v1::NeutralityClaims* out);
  std::optional<RpcError> GetPoints(const v1::GetPointsRequest& req, v1::PointsAccount* out);
  std::optional<RpcError> ListPointMovements(const v1::ListPointMovementsRequest& req,
                                             v1::PointMovements* out);

 private:
  template <typename Req, typename Resp>
  using Method = grpc::Status (v1::Registry::Stub::*)(grpc::ClientContext*, const Req&, Resp*);

  template <typename Req, typename Resp>
  std::optional<RpcError> Call(Method<Req, Resp> method, const Req& req, Resp* out,
                               uint32_t deadline_ms);

  std::string address_;
  uint32_t timeout_ms_;
  std::unique_ptr<v1::Registry::Stub> stub_;
};

}  // namespace lincao::cli
