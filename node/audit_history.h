// Audit.GetHistory and Audit.ListTransactions: pages of committed
// transactions, newest first, read from the history indexes
// (node/history_index.h) at one ledger snapshot.
//
// Paging: a page token is "<height>:<index>" of the last index entry the
// page examined; the next page starts strictly below it. Entries are never
// removed and new blocks only add entries above the head, so a listing paged
// while blocks commit neither repeats nor skips an entry (it also does not
// grow: newer entries belong to a listing started later). A page holds at
// most kMaxListPage entries and examines at most kMaxScannedPerPage index
// entries (a type filter on an account's entries may skip many), so a page
// may be short, even empty, and still carry a token.
//
// Thread-safety: pure functions over a snapshot; one call per request.
#pragma once

#include "lincao/v1/audit.pb.h"
#include "node/ledger_store.h"

namespace lincao::node {

Result<v1::HistoryPage> ReadHistory(const LedgerStore::Snapshot& snap,
                                    const v1::GetHistoryRequest& req);

Result<v1::HistoryPage> ReadTransactions(const LedgerStore::Snapshot& snap,
                                         const v1::ListTransactionsRequest& req);

}  // namespace lincao::node
