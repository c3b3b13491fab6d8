#include "node/audit_history.h"

#include <limits>

#include "chaincode/bytes.h"
#include "chaincode/canonical.h"
#include "node/db_format.h"
#include "node/history_index.h"
#include "node/list_pages.h"

namespace lincao::node {
namespace {

using history::TxPos;

Status Invalid(std::string message) {
  return Status(v1::HISTORY_QUERY_INVALID, std::move(message));
}

// One listing: the entries under `prefix` with heights in [min, max],
// newest first, optionally only of one type.
struct Listing {
  std::string prefix;
  uint64_t min_height = 0;
  uint64_t max_height = std::numeric_limits<uint64_t>::max();
  uint32_t type = 0;   // 0: any
  std::string acting;  // only transactions this account signed as acting account; "": any
  bool empty = false;  // the range holds no block: nothing to list
};

Result<v1::HistoryPage> ReadPage(const LedgerStore::Snapshot& snap, const Listing& listing,
                                 uint32_t page_size, std::string_view token) {
  v1::HistoryPage page;
  page.set_head_height(snap.height());
  if (listing.empty) return page;
  std::string start = listing.prefix;
  if (token.empty()) {
    start += history::EncodePos({listing.max_height, std::numeric_limits<uint32_t>::max()});
  } else {
    auto pos = history::ParsePosToken(token);
    if (!pos) {
      return Invalid("page_token '" + std::string(token) +
                     "' is not one this listing returns (\"<height>:<index>\" from "
                     "next_page_token); omit it for the first page");
    }
    start += history::EncodePos(*pos);
  }
  const uint32_t limit = EffectivePageSize(page_size);
  auto it = snap.NewHistoryIterator();
  it->SeekForPrev(start);
  // A token names an entry already returned: start below it.
  if (!token.empty() && it->Valid() && it->key().ToStringView() == start) it->Prev();
  uint32_t scanned = 0;
  std::optional<TxPos> last;
  for (; it->Valid(); it->Prev()) {
    std::string_view key = it->key().ToStringView();
    if (key.size() != listing.prefix.size() + history::kPosBytes ||
        key.substr(0, listing.prefix.size()) != listing.prefix) {
      break;
    }
    const TxPos pos = history::DecodePos(key.substr(listing.prefix.size()));
    if (pos.height < listing.min_height) break;
    if (page.entries_size() >= static_cast<int>(limit) || scanned >= kMaxScannedPerPage) {
      // More remain: the token resumes after the last entry examined.
      page.set_next_page_token(history::PosToken(*last));
      break;
    }
    ++scanned;
    last = pos;
    auto raw = snap.GetHistory(history::AllPrefix() + history::EncodePos(pos));
    history::TxSummary summary;
    if (!raw || !history::TxSummary::Decode(*raw, &summary)) {
      return Status(v1::INTERNAL, "history index names transaction " + history::PosToken(pos) +
                                      " but its summary is missing or corrupt");
    }
    if (listing.type != 0 && summary.body_field != listing.type) continue;
    if (!listing.acting.empty() && summary.account != listing.acting) continue;
    v1::HistoryEntry* e = page.add_entries();
    e->set_tx_id(AsBytes(summary.tx_id));
    e->set_height(pos.height);
    e->set_index(pos.index);
    e->set_time_ms(summary.time_ms);
    e->set_account(summary.account);
    e->set_type(history::TypeOfBodyField(summary.body_field));
    e->set_code(static_cast<v1::ErrorCode>(summary.code));
    e->set_created_id(summary.created_id);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan history index");
  return page;
}

// Narrows `listing` to the blocks whose time lies in [from, to) (0: no
// bound). Block times never decrease with height, so the range is one run
// of heights, found with two seeks in the time index.
void LimitToTimes(const LedgerStore::Snapshot& snap, uint64_t from, uint64_t to, Listing* listing) {
  auto it = snap.NewHistoryIterator();
  const std::string prefix = history::TimeIndexPrefix();
  auto height_at = [&](std::string_view key) {
    return ReadBigEndian64(key.substr(prefix.size() + 8, 8));
  };
  auto in_index = [&] {
    return it->Valid() && it->key().size() == prefix.size() + 16 &&
           it->key().starts_with(rocksdb::Slice(prefix));
  };
  if (from != 0) {
    it->Seek(history::TimeIndexKey(from, 0));
    if (!in_index()) {
      listing->empty = true;
      return;
    }
    listing->min_height = height_at(it->key().ToStringView());
  }
  if (to != 0) {
    it->SeekForPrev(history::TimeIndexKey(to, 0));
    if (!in_index()) {
      listing->empty = true;
      return;
    }
    listing->max_height = height_at(it->key().ToStringView());
  }
  if (listing->min_height > listing->max_height) listing->empty = true;
}

}  // namespace

Result<v1::HistoryPage> ReadHistory(const LedgerStore::Snapshot& snap,
                                    const v1::GetHistoryRequest& req) {
  Listing listing;
  switch (req.subject_case()) {
    case v1::GetHistoryRequest::kAccount:
      if (req.account().empty()) return Invalid("account is empty; name the account id");
      listing.prefix = history::AccountPrefix(req.account());
      break;
    case v1::GetHistoryRequest::kBatchId:
      if (req.batch_id() == 0) return Invalid("batch_id 0 names no batch; batch ids start at 1");
      listing.prefix = history::BatchPrefix(req.batch_id());
      break;
    case v1::GetHistoryRequest::kProject:
      if (req.project().empty()) return Invalid("project is empty; name the project id");
      listing.prefix = history::ProjectPrefix(req.project());
      break;
    case v1::GetHistoryRequest::kKey:
      if (req.key().empty()) return Invalid("key is empty; give a state key (docs/formats.md)");
      listing.prefix = history::StateKeyPrefix(req.key());
      break;
    case v1::GetHistoryRequest::SUBJECT_NOT_SET:
      return Invalid("name one subject: account, batch_id, project or key");
  }
  return ReadPage(snap, listing, req.page_size(), req.page_token());
}

Result<v1::HistoryPage> ReadTransactions(const LedgerStore::Snapshot& snap,
                                         const v1::ListTransactionsRequest& req) {
  Listing listing;
  uint32_t type = 0;
  if (!req.type().empty()) {
    type = history::BodyFieldOfType(req.type());
    if (type == 0) {
      return Invalid("type '" + req.type() +
                     "' is not a transaction type; use a Tx body field name of tx.proto, "
                     "such as transfer, retire or issue_credits");
    }
  }
  if (req.to_time_ms() != 0 && req.to_time_ms() <= req.from_time_ms()) {
    return Invalid("to_time_ms (" + std::to_string(req.to_time_ms()) +
                   ") must be above from_time_ms (" + std::to_string(req.from_time_ms()) +
                   "), or 0 for no end");
  }
  if (!req.account().empty()) {
    // The account index also lists transactions that only changed the
    // account's records; this call lists those it signed.
    listing.prefix = history::AccountPrefix(req.account());
    listing.type = type;
    listing.acting = req.account();
  } else if (type != 0) {
    listing.prefix = history::TypePrefix(type);
  } else {
    listing.prefix = history::AllPrefix();
  }
  LimitToTimes(snap, req.from_time_ms(), req.to_time_ms(), &listing);
  return ReadPage(snap, listing, req.page_size(), req.page_token());
}

}  // namespace lincao::node
