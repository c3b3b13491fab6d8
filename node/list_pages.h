// Paging of the Registry's list queries (docs/interfaces.md "Paging"). A
// list walks one key prefix of the state in ascending key order; a page is
// at most `page_size` items (0 asks for kDefaultListPage, more than
// kMaxListPage gets kMaxListPage), and its page token is the key of the last
// item returned, in a form people can read: the id itself for text keys
// (methodology and project ids, "a/<account>" for freezes), the decimal
// number for numeric keys (stored as 8 big-endian bytes). The next page
// starts right after that key, so a token stays valid however the list grows.
//
// Lists with a filter (projects of one owner, holds of one holder) scan at
// most kMaxScannedPerPage entries per page: a page may then hold fewer items
// than asked, even none, and still carry a token. A client asks again until
// the token comes back empty.
//
// Thread-safety: none beyond the StateReader's; one call per request.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao::node {

inline constexpr uint32_t kDefaultListPage = 100;
inline constexpr uint32_t kMaxListPage = 1000;
inline constexpr uint32_t kMaxScannedPerPage = 10000;

enum class PageKey {
  kText,        // the key suffix is the id itself
  kNumber,      // the key suffix is a u64, big-endian
  kNumberPair,  // u64 "/" u64, big-endian; the token is "<a>:<b>" in decimal
};

struct PageQuery {
  std::string_view prefix;  // e.g. "t/", "y/<project>/"
  PageKey key = PageKey::kText;
  uint32_t page_size = 0;       // as requested
  std::string_view page_token;  // as requested: "" for the first page
  // A range of the list (suffixes): the first page starts at `from` (empty:
  // the first entry), and the list ends before `to` (empty: at the prefix's
  // end). A token outside the range still resumes after itself.
  std::string_view from;
  std::string_view to;
};

// Offered one entry: its key below the prefix and its value. Returns true
// when the entry went onto the page, false when the filter skipped it, or
// an error (a record that does not decode) that ends the listing.
using PageItemFn = std::function<Result<bool>(std::string_view suffix, std::string_view value)>;

// Runs one page; returns the next page token ("" when the list is done).
// INVALID_ARGUMENT for a token this list never returns (a numeric list's
// token that is not a number).
Result<std::string> ReadPage(const StateReader& state, const PageQuery& query,
                             const PageItemFn& take);

// The page size a request gets.
uint32_t EffectivePageSize(uint32_t requested);

}  // namespace lincao::node
