#include "tools/cli/client.h"

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>

namespace lincao::cli {
namespace {

constexpr char kCodeKey[] = "lincao-error-code";
constexpr char kTxIdKey[] = "lincao-tx-id";
constexpr char kHeightKey[] = "lincao-height";
// Extra time a waiting Submit gets beyond what the node is asked to wait.
constexpr uint32_t kSubmitSlackMs = 2000;
// Blocks can be large; stay well above the 4 MiB gRPC default.
constexpr int kMaxReceiveBytes = 64 * 1024 * 1024;

std::optional<std::string> Trailer(
    const std::multimap<grpc::string_ref, grpc::string_ref>& trailers, std::string_view key) {
  auto it = trailers.find(grpc::string_ref(key.data(), key.size()));
  if (it == trailers.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

template <typename T>
std::optional<T> Number(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  T v{};
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || ptr != s->data() + s->size()) return std::nullopt;
  return v;
}

}  // namespace

RpcError MakeRpcError(const grpc::Status& status,
                      const std::multimap<grpc::string_ref, grpc::string_ref>& trailers,
                      const std::string& address, uint32_t timeout_ms) {
  RpcError e;
  e.grpc_code = status.error_code();
  e.lincao_code = Number<int>(Trailer(trailers, kCodeKey));
  e.tx_id_hex = Trailer(trailers, kTxIdKey).value_or("");
  e.height = Number<uint64_t>(Trailer(trailers, kHeightKey));
  if (e.lincao_code) {
    e.message = status.error_message();
    return e;
  }
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      e.message = "cannot reach lincaod at " + address + " (" + status.error_message() +
                  "). Is the node running? Start a dev node with tools/run.sh, or point the "
                  "CLI at another one with --node HOST:PORT or LINCAO_NODE. A node with [tls] "
                  "in its lincaod.toml closes plaintext connections: pass --tls-ca CA.pem (or "
                  "set LINCAO_TLS_CA).";
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      e.message = "lincaod at " + address + " did not answer within " + std::to_string(timeout_ms) +
                  " ms; try a larger --timeout-ms, or check the node's log";
      break;
    default:
      e.message = "call to lincaod at " + address + " failed (gRPC status " +
                  std::to_string(static_cast<int>(status.error_code())) +
                  "): " + status.error_message();
      break;
  }
  return e;
}

int ReportRpcError(const Io& io, const RpcError& error) { return Fail(io, error.message); }

std::shared_ptr<grpc::Channel> MakeNodeChannel(const std::string& address,
                                               const std::string& tls_ca) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
  if (!tls_ca.empty()) {
    std::ifstream in(tls_ca, std::ios::binary);
    std::ostringstream pem;
    pem << in.rdbuf();
    grpc::SslCredentialsOptions opts;
    opts.pem_root_certs = pem.str();  // unreadable: the handshake fails and says so
    creds = grpc::SslCredentials(opts);
  }
  return grpc::CreateCustomChannel(address, creds, args);
}

NodeClient::NodeClient(std::string address, uint32_t timeout_ms, const std::string& tls_ca)
    : address_(std::move(address)), timeout_ms_(timeout_ms) {
  stub_ = v1::Registry::NewStub(MakeNodeChannel(address_, tls_ca));
}

template <typename Req, typename Resp>
std::optional<RpcError> NodeClient::Call(Method<Req, Resp> method, const Req& req, Resp* out,
                                         uint32_t deadline_ms) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
  grpc::Status st = (stub_.get()->*method)(&ctx, req, out);
  if (st.ok()) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), address_, deadline_ms);
}

std::optional<RpcError> NodeClient::GetStatus(v1::NodeStatus* out) {
  return Call(&v1::Registry::Stub::GetStatus, v1::GetStatusRequest(), out, timeout_ms_);
}

std::optional<RpcError> NodeClient::Submit(const v1::SubmitRequest& req, v1::SubmitResponse* out) {
  const uint32_t deadline = req.wait_for_commit() ? timeout_ms_ + kSubmitSlackMs : timeout_ms_;
  return Call(&v1::Registry::Stub::Submit, req, out, deadline);
}

std::optional<RpcError> NodeClient::GetTx(const v1::GetTxRequest& req, v1::TxRecord* out) {
  return Call(&v1::Registry::Stub::GetTx, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetBlock(const v1::GetBlockRequest& req, v1::Block* out) {
  return Call(&v1::Registry::Stub::GetBlock, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetAccount(const v1::GetAccountRequest& req, v1::Account* out) {
  return Call(&v1::Registry::Stub::GetAccount, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetHoldings(const v1::GetHoldingsRequest& req,
                                                v1::Holdings* out) {
  return Call(&v1::Registry::Stub::GetHoldings, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetBatch(const v1::GetBatchRequest& req, v1::CreditBatch* out) {
  return Call(&v1::Registry::Stub::GetBatch, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetRetirement(const v1::GetRetirementRequest& req,
                                                  v1::RetirementRecord* out) {
  return Call(&v1::Registry::Stub::GetRetirement, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetGovernance(v1::Governance* out) {
  return Call(&v1::Registry::Stub::GetGovernance, v1::GetGovernanceRequest{}, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetMethodology(const v1::GetMethodologyRequest& req,
                                                   v1::MethodologyDetail* out) {
  return Call(&v1::Registry::Stub::GetMethodology, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListMethodologies(const v1::ListMethodologiesRequest& req,
                                                      v1::Methodologies* out) {
  return Call(&v1::Registry::Stub::ListMethodologies, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetProject(const v1::GetProjectRequest& req,
                                               v1::ProjectDetail* out) {
  return Call(&v1::Registry::Stub::GetProject, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListProjects(const v1::ListProjectsRequest& req,
                                                 v1::Projects* out) {
  return Call(&v1::Registry::Stub::ListProjects, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetReport(const v1::GetReportRequest& req,
                                              v1::ReportDetail* out) {
  return Call(&v1::Registry::Stub::GetReport, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListReports(const v1::ListReportsRequest& req,
                                                v1::MonitoringReports* out) {
  return Call(&v1::Registry::Stub::ListReports, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListBatches(const v1::ListBatchesRequest& req,
                                                v1::CreditBatches* out) {
  return Call(&v1::Registry::Stub::ListBatches, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetBuffer(const v1::GetBufferRequest& req,
                                              v1::BufferPool* out) {
  return Call(&v1::Registry::Stub::GetBuffer, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetHold(const v1::GetHoldRequest& req, v1::Hold* out) {
  return Call(&v1::Registry::Stub::GetHold, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListHolds(const v1::ListHoldsRequest& req, v1::Holds* out) {
  return Call(&v1::Registry::Stub::ListHolds, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListFreezes(const v1::ListFreezesRequest& req,
                                                v1::SupervisoryFreezes* out) {
  return Call(&v1::Registry::Stub::ListFreezes, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetCancellation(const v1::GetCancellationRequest& req,
                                                    v1::Cancellation* out) {
  return Call(&v1::Registry::Stub::GetCancellation, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListCancellations(const v1::ListCancellationsRequest& req,
                                                      v1::Cancellations* out) {
  return Call(&v1::Registry::Stub::ListCancellations, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListLosses(const v1::ListLossesRequest& req, v1::Losses* out) {
  return Call(&v1::Registry::Stub::ListLosses, req, out, timeout_ms_);
}

// --- using credits (chaincode version 4) ---

std::optional<RpcError> NodeClient::ListRetirements(const v1::ListRetirementsRequest& req,
                                                    v1::Retirements* out) {
  return Call(&v1::Registry::Stub::ListRetirements, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetRetirementTotals(const v1::GetRetirementTotalsRequest& req,
                                                        v1::RetirementTotals* out) {
  return Call(&v1::Registry::Stub::GetRetirementTotals, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetRetirementCertificate(
    const v1::GetRetirementCertificateRequest& req, v1::RetirementCertificate* out) {
  return Call(&v1::Registry::Stub::GetRetirementCertificate, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetSettlement(const v1::GetSettlementRequest& req,
                                                  v1::Settlement* out) {
  return Call(&v1::Registry::Stub::GetSettlement, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListSettlements(const v1::ListSettlementsRequest& req,
                                                    v1::Settlements* out) {
  return Call(&v1::Registry::Stub::ListSettlements, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListMandates(const v1::ListMandatesRequest& req,
                                                 v1::SettlementMandates* out) {
  return Call(&v1::Registry::Stub::ListMandates, req, out, timeout_ms_);
}

// --- neutrality claims and personal carbon points (chaincode version 4) ---

std::optional<RpcError> NodeClient::GetClaim(const v1::GetClaimRequest& req, v1::ClaimDetail* out) {
  return Call(&v1::Registry::Stub::GetClaim, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListClaims(const v1::ListClaimsRequest& req,
                                               v1::NeutralityClaims* out) {
  return Call(&v1::Registry::Stub::ListClaims, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::GetPoints(const v1::GetPointsRequest& req,
                                              v1::PointsAccount* out) {
  return Call(&v1::Registry::Stub::GetPoints, req, out, timeout_ms_);
}

std::optional<RpcError> NodeClient::ListPointMovements(const v1::ListPointMovementsRequest& req,
                                                       v1::PointMovements* out) {
  return Call(&v1::Registry::Stub::ListPointMovements, req, out, timeout_ms_);
}

}  // namespace lincao::cli
