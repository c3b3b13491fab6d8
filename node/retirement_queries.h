// The Registry's retirement reads, as functions of the state (and of the
// block that holds a retirement), so that the gRPC handlers in
// registry_using_credits.cc are glue and the queries are tested over any
// StateReader: listing through the indexes of chaincode/retirements.h,
// totals per purpose, and a retirement's certificate.
//
// Thread-safety: none beyond the StateReader's; one call per request.
#pragma once

#include <string>

#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"
#include "lincao/v1/registry.pb.h"

namespace lincao::node {

// One page of ListRetirements into `out->retirements`; returns the next
// page token ("" when done). INVALID_ARGUMENT for a bad filter or token,
// UNKNOWN_PROJECT for a project filter naming no project. The first filter
// given of commitment, project, purpose, period is walked in its index
// (R/c/, R/j/, R/p/, R/s/); the others are checked on each record, so a
// page may hold fewer items than asked (node/list_pages.h). Without a
// filter: every retirement (r/), by id.
Result<std::string> ReadRetirementsPage(const StateReader& state,
                                        const v1::ListRetirementsRequest& req,
                                        v1::Retirements* out);

// Totals per purpose 1..9 (R/t/), their sums, and how many retirements
// came before chaincode version 4 (so are not in them).
Result<v1::RetirementTotals> ReadRetirementTotals(const StateReader& state);

// The certificate of retirement `rec`, committed as `tx` in `block`.
// INTERNAL when they do not belong together (a corrupt index).
Result<v1::RetirementCertificate> MakeRetirementCertificate(const SignatureSuite& suite,
                                                            const RetirementRecordData& rec,
                                                            const v1::TxRecord& tx,
                                                            const v1::Block& block);

}  // namespace lincao::node
