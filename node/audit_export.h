// Audit.Export: one registry table (issuance, holdings, retirements,
// sanctions, projects) as rows read from one ledger snapshot, filtered by
// project, area code or period (proto/lincao/v1/audit.proto, ExportRequest,
// says which filter applies to which table).
//
// Why a stream and not pages: every row of an export comes from the same
// committed state (the snapshot's height, on every row), so issuance,
// holdings and retirements reconcile exactly (tradable = the sum of the
// holdings of the batch). Pages would each read a later state, and an
// auditor could not tell a real discrepancy from a block that committed
// between two pages. The stream holds only the row being sent plus a cache
// of the projects, methodologies and batches it has met.
//
// Thread-safety: pure function over a snapshot; one call per request.
#pragma once

#include <functional>

#include "lincao/v1/audit.pb.h"
#include "node/ledger_store.h"

namespace lincao::node {

// Takes one row; returns false when the client went away (the export stops
// without error).
using ExportSink = std::function<bool(const v1::ExportRow&)>;

// EXPORT_FILTER_UNSUPPORTED for no table or a filter the table does not
// apply; INTERNAL for a record that does not decode.
Status ExportTable(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                   const ExportSink& sink);

}  // namespace lincao::node
