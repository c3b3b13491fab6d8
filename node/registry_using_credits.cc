// The Registry's reads for using credits (chaincode version 4): retirements
// listed through their indexes, their totals per purpose and a retirement's
// certificate (node/retirement_queries.h has the logic), and exchange
// settlements and mandates. Lists page through node/list_pages.h: a token
// is the key of the last entry read, so pages stay right while blocks
// commit between them.
#include "chaincode/retirements.h"
#include "chaincode/settlement_records.h"
#include "node/grpc_status.h"
#include "node/list_pages.h"
#include "node/registry_reads.h"
#include "node/registry_service.h"
#include "node/retirement_queries.h"

namespace lincao::node {

grpc::Status RegistryService::ListRetirements(grpc::ServerContext* ctx,
                                              const v1::ListRetirementsRequest* req,
                                              v1::Retirements* resp) {
  LabelRead(ctx);
  return FinishPage(ctx, ReadRetirementsPage(ledger_, *req, resp), resp);
}

grpc::Status RegistryService::GetRetirementTotals(grpc::ServerContext* ctx,
                                                  const v1::GetRetirementTotalsRequest* /*req*/,
                                                  v1::RetirementTotals* resp) {
  LabelRead(ctx);
  auto totals = ReadRetirementTotals(ledger_);
  if (!totals.ok()) return ToGrpc(ctx, totals.status());
  *resp = std::move(*totals);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetRetirementCertificate(
    grpc::ServerContext* ctx, const v1::GetRetirementCertificateRequest* req,
    v1::RetirementCertificate* resp) {
  LabelRead(ctx);
  auto rec = LoadRetirement(ledger_, req->id());
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  auto tx = ledger_.GetTx(rec->tx_id);
  if (!tx.ok()) {
    return ToGrpc(ctx, Status(v1::INTERNAL,
                              "retirement " + std::to_string(req->id()) + " names transaction " +
                                  ToHex(rec->tx_id) +
                                  ", which this ledger does not index: " + tx.status().message()));
  }
  auto block = ledger_.GetBlock(tx->height());
  if (!block.ok()) return ToGrpc(ctx, block.status());
  const SignatureSuite* suite = FindSuite(ledger_.params().suite);
  if (suite == nullptr) {
    return ToGrpc(ctx, Status(v1::INTERNAL, "ledger suite not available in this build"));
  }
  auto cert = MakeRetirementCertificate(*suite, *rec, *tx, *block);
  if (!cert.ok()) return ToGrpc(ctx, cert.status());
  *resp = std::move(*cert);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetSettlement(grpc::ServerContext* ctx,
                                            const v1::GetSettlementRequest* req,
                                            v1::Settlement* resp) {
  LabelRead(ctx);
  // A trade reference never holds '/', so exchange and reference split the
  // key one way only.
  if (!IsValidTradeRef(req->trade_ref())) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT,
                              "trade_ref is 1-64 characters of A-Z a-z 0-9 . _ : - (the "
                              "exchange's own reference)"));
  }
  auto rec = LoadSettlement(ledger_, req->exchange(), req->trade_ref());
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  *resp = rec->ToProto();
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListSettlements(grpc::ServerContext* ctx,
                                              const v1::ListSettlementsRequest* req,
                                              v1::Settlements* resp) {
  LabelRead(ctx);
  if (Status st = RequireAccount(ledger_, req->exchange()); !st.ok()) return ToGrpc(ctx, st);
  const std::string prefix = keys::SettlementPrefix(req->exchange());
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kText, req->page()),
                       AppendRecords<SettlementRecord>("settlement", resp->mutable_settlements()));
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::ListMandates(grpc::ServerContext* ctx,
                                           const v1::ListMandatesRequest* req,
                                           v1::SettlementMandates* resp) {
  LabelRead(ctx);
  if (Status st = RequireAccount(ledger_, req->exchange()); !st.ok()) return ToGrpc(ctx, st);
  const std::string prefix = keys::MandatePrefix(req->exchange());
  auto next =
      ReadPage(ledger_, PageOf(prefix, PageKey::kText, req->page()),
               AppendRecords<MandateRecord>("settlement mandate", resp->mutable_mandates()));
  return FinishPage(ctx, next, resp);
}

}  // namespace lincao::node
