// Human-readable output of query results. Amounts show units and tCO2e,
// times show UTC, hashes show hex. Scripts should use --json instead: this
// layout may change.
#pragma once

#include <ostream>
#include <string>

#include "lincao/v1/registry.pb.h"

namespace lincao::cli {

// render_chain.cc
void RenderStatus(const v1::NodeStatus& s, std::ostream& out);
void RenderTx(const v1::TxRecord& r, std::ostream& out);
void RenderBlock(const v1::Block& b, std::ostream& out);

// render_state.cc
void RenderAccount(const v1::Account& a, std::ostream& out);
void RenderHoldings(const v1::Holdings& h, std::ostream& out);
void RenderBatch(const v1::CreditBatch& b, std::ostream& out);
void RenderRetirement(const v1::RetirementRecord& r, std::ostream& out);
void RenderGovernance(const v1::Governance& g, std::ostream& out);

// render_lifecycle.cc: the credit lifecycle's records and lists.
void RenderMethodology(const v1::MethodologyDetail& m, std::ostream& out);
void RenderMethodologies(const v1::Methodologies& m, std::ostream& out);
void RenderProject(const v1::ProjectDetail& p, std::ostream& out);
void RenderProjects(const v1::Projects& p, std::ostream& out);
void RenderReport(const v1::ReportDetail& r, std::ostream& out);
void RenderReports(const v1::MonitoringReports& r, std::ostream& out);
void RenderBatches(const google::protobuf::RepeatedPtrField<v1::CreditBatch>& batches,
                   std::ostream& out);
void RenderBuffer(const v1::BufferPool& b, std::ostream& out);
void RenderHold(const v1::Hold& h, std::ostream& out);
void RenderHolds(const v1::Holds& h, std::ostream& out);
void RenderFreezes(const v1::SupervisoryFreezes& f, std::ostream& out);
void RenderCancellation(const v1::Cancellation& c, std::ostream& out);
void RenderCancellations(const v1::Cancellations& c, std::ostream& out);
void RenderLosses(const v1::Losses& l, std::ostream& out);
// render_claims_points.cc: neutrality claims and personal carbon points.
void RenderClaim(const v1::ClaimDetail& d, std::ostream& out);
void RenderClaims(const v1::NeutralityClaims& c, std::ostream& out);
// A personal account's points and one page of its movements.
void RenderPoints(const v1::PointsAccount& p, const v1::PointMovements& m, std::ostream& out);

// render_using_credits.cc: retirements, certificates, settlements (chaincode 4).
// A format-2 retirement's detail in words ("exhibition \"Chengdu Expo\""); "" for none.
std::string RetirementDetailText(const v1::RetirementRecord& r);
void RenderRetirements(const v1::Retirements& r, std::ostream& out);
void RenderRetirementTotals(const v1::RetirementTotals& t, std::ostream& out);
void RenderRetirementCertificate(const v1::RetirementCertificate& c, std::ostream& out);
void RenderSettlement(const v1::Settlement& s, std::ostream& out);
void RenderSettlements(const v1::Settlements& s, std::ostream& out);
void RenderMandates(const v1::SettlementMandates& m, std::ostream& out);

}  // namespace lincao::cli
