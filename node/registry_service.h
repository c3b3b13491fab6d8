// The lincao.v1.Registry gRPC service: Submit goes to the Committer (on a
// follower it is forwarded to the leader unless the request says not to);
// every read goes to this node's LedgerStore. Handlers run on gRPC's
// synchronous thread pool; Submit calls that wait for their commit hold a
// thread each, so at most `limits.max_waiting_submits` wait at once and the
// next one is refused with OVERLOADED (RESOURCE_EXHAUSTED) instead.
#pragma once

#include <atomic>

#include "lincao/v1/registry.grpc.pb.h"
#include "node/committer.h"
#include "node/config.h"
#include "node/ledger_store.h"

namespace lincao::node {

// GetHoldings pages: ranges per response when the request names no limit,
// and the most any request gets (an account may hold up to the chain's
// max_ranges_per_account ranges; one response never carries them all).
inline constexpr uint32_t kDefaultHoldingsPage = 1000;
inline constexpr uint32_t kMaxHoldingsPage = 10000;

// Reads are answered from this node's ledger, which may trail the leader's:
// every read response carries trailing metadata "lincao-applied-height" (the
// node's head height when it answered), so a client can tell how fresh it is.
inline constexpr std::string_view kAppliedHeightTrailer = "lincao-applied-height";

class RegistryService final : public v1::Registry::Service {
 public:
  RegistryService(const Config& config, LedgerStore& ledger, Committer& committer)
      : config_(config), ledger_(ledger), committer_(committer) {}

  grpc::Status Submit(grpc::ServerContext* ctx, const v1::SubmitRequest* req,
                      v1::SubmitResponse* resp) override;
  // Many transactions in one call (at most limits.max_submit_batch, else
  // SUBMIT_BATCH_TOO_LARGE for the whole request): results[i] is txs[i]'s
  // outcome, each judged as Submit judges it; the call is OK whatever its
  // transactions became. With wait_for_commit it holds one thread and one
  // waiting slot, and returns when every admitted tx has an outcome or the
  // wait ends (those still waiting are PENDING).
  grpc::Status SubmitBatch(grpc::ServerContext* ctx, const v1::SubmitBatchRequest* req,
                           v1::SubmitBatchResponse* resp) override;
  grpc::Status GetStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest* req,
                         v1::NodeStatus* resp) override;
  grpc::Status GetTx(grpc::ServerContext* ctx, const v1::GetTxRequest* req,
                     v1::TxRecord* resp) override;
  grpc::Status GetBlock(grpc::ServerContext* ctx, const v1::GetBlockRequest* req,
                        v1::Block* resp) override;
  grpc::Status GetAccount(grpc::ServerContext* ctx, const v1::GetAccountRequest* req,
                          v1::Account* resp) override;
  grpc::Status GetHoldings(grpc::ServerContext* ctx, const v1::GetHoldingsRequest* req,
                           v1::Holdings* resp) override;
  grpc::Status GetRetirement(grpc::ServerContext* ctx, const v1::GetRetirementRequest* req,
                             v1::RetirementRecord* resp) override;
  // registry_governance.cc
  grpc::Status GetGovernance(grpc::ServerContext* ctx, const v1::GetGovernanceRequest* req,
                             v1::Governance* resp) override;
  // registry_lifecycle.cc: the credit lifecycle's records, paged lists
  // (node/list_pages.h).
  grpc::Status GetMethodology(grpc::ServerContext* ctx, const v1::GetMethodologyRequest* req,
                              v1::MethodologyDetail* resp) override;
  grpc::Status ListMethodologies(grpc::ServerContext* ctx, const v1::ListMethodologiesRequest* req,
                                 v1::Methodologies* resp) override;
  grpc::Status GetProject(grpc::ServerContext* ctx, const v1::GetProjectRequest* req,
                          v1::ProjectDetail* resp) override;
  grpc::Status ListProjects(grpc::ServerContext* ctx, const v1::ListProjectsRequest* req,
                            v1::Projects* resp) override;
  grpc::Status GetReport(grpc::ServerContext* ctx, const v1::GetReportRequest* req,
                         v1::ReportDetail* resp) override;
  grpc::Status ListReports(grpc::ServerContext* ctx, const v1::ListReportsRequest* req,
                           v1::MonitoringReports* resp) override;
  grpc::Status GetBatch(grpc::ServerContext* ctx, const v1::GetBatchRequest* req,
                        v1::CreditBatch* resp) override;
  grpc::Status ListBatches(grpc::ServerContext* ctx, const v1::ListBatchesRequest* req,
                           v1::CreditBatches* resp) override;
  grpc::Status GetBuffer(grpc::ServerContext* ctx, const v1::GetBufferRequest* req,
                         v1::BufferPool* resp) override;
  grpc::Status GetHold(grpc::ServerContext* ctx, const v1::GetHoldRequest* req,
                       v1::Hold* resp) override;
  grpc::Status ListHolds(grpc::ServerContext* ctx, const v1::ListHoldsRequest* req,
                         v1::Holds* resp) override;
  grpc::Status ListFreezes(grpc::ServerContext* ctx, const v1::ListFreezesRequest* req,
                           v1::SupervisoryFreezes* resp) override;
  grpc::Status GetCancellation(grpc::ServerContext* ctx, const v1::GetCancellationRequest* req,
                               v1::Cancellation* resp) override;
  grpc::Status ListCancellations(grpc::ServerContext* ctx, const v1::ListCancellationsRequest* req,
                                 v1::Cancellations* resp) override;
  grpc::Status ListLosses(grpc::ServerContext* ctx, const v1::ListLossesRequest* req,
                          v1::Losses* resp) override;
  // registry_using_credits.cc: retirements, their totals and certificates,
  // exchange settlements and mandates (chaincode version 4).
  grpc::Status ListRetirements(grpc::ServerContext* ctx, const v1::ListRetirementsRequest* req,
                               v1::Retirements* resp) override;
  grpc::Status GetRetirementTotals(grpc::ServerContext* ctx,
                                   const v1::GetRetirementTotalsRequest* req,
                                   v1::RetirementTotals* resp) override;
  grpc::Status GetRetirementCertificate(grpc::ServerContext* ctx,
                                        const v1::GetRetirementCertificateRequest* req,
                                        v1::RetirementCertificate* resp) override;
  grpc::Status GetSettlement(grpc::ServerContext* ctx, const v1::GetSettlementRequest* req,
                             v1::Settlement* resp) override;
  grpc::Status ListSettlements(grpc::ServerContext* ctx, const v1::ListSettlementsRequest* req,
                               v1::Settlements* resp) override;
  grpc::Status ListMandates(grpc::ServerContext* ctx, const v1::ListMandatesRequest* req,
                            v1::SettlementMandates* resp) override;
  // registry_claims_points.cc: neutrality claims and personal carbon points
  // (chaincode version 4).
  grpc::Status GetClaim(grpc::ServerContext* ctx, const v1::GetClaimRequest* req,
                        v1::ClaimDetail* resp) override;
  grpc::Status ListClaims(grpc::ServerContext* ctx, const v1::ListClaimsRequest* req,
                          v1::NeutralityClaims* resp) override;
  grpc::Status GetPoints(grpc::ServerContext* ctx, const v1::GetPointsRequest* req,
                         v1::PointsAccount* resp) override;
  grpc::Status ListPointMovements(grpc::ServerContext* ctx,
                                  const v1::ListPointMovementsRequest* req,
                                  v1::PointMovements* resp) override;

 private:
  class WaitSlot {
   public:
    WaitSlot() = default;
    WaitSlot(const WaitSlot&) = delete;
    WaitSlot& operator=(const WaitSlot&) = delete;
    ~WaitSlot();

   private:
    friend class RegistryService;
    std::atomic<uint32_t>* n_ = nullptr;
  };
  // OVERLOADED when limits.max_waiting_submits calls already wait.
  Status TakeWaitSlot(WaitSlot* slot);
  // The outcome recorded for a committed tx (a retry gets the original's).
  std::optional<TxOutcome> CommittedOutcome(const Hash32& id) const;
  // A SubmitBatch result from an outcome (no gRPC status: the call is OK).
  static void Describe(const TxOutcome& outcome, v1::SubmitResponse* out);
  // Adds what governance decided about one account (registry_governance.cc) to `resp`: the sectors
  // of its EXPERT and VERIFIER roles, its retired key ids, the sanction in force.
  grpc::Status FillAccountGovernance(grpc::ServerContext* ctx, v1::Account* resp);
  grpc::Status Respond(grpc::ServerContext* ctx, const Hash32& id, const TxOutcome& outcome,
                       v1::SubmitResponse* resp);
  void LabelRead(grpc::ServerContext* ctx) const;

  const Config& config_;
  LedgerStore& ledger_;
  Committer& committer_;
  std::atomic<uint32_t> waiting_{0};  // Submit calls blocked in wait_for_commit
};

}  // namespace lincao::node
