#include "node/list_pages.h"

#include <algorithm>
#include <optional>

#include "chaincode/canonical.h"

namespace lincao::node {
namespace {

// A token names a key of the list: bounded like the ids it carries.
constexpr size_t kMaxTokenBytes = 256;

// A u64 in decimal digits (no sign).
std::optional<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

Result<std::string> TokenToSuffix(PageKey key, std::string_view token) {
  auto bad = [&] {
    return Status(v1::INVALID_ARGUMENT,
                  "page_token '" + std::string(token.substr(0, 64)) +
                      "' is not a token this list returns; pass the next_page_token of the "
                      "previous page, or nothing for the first page");
  };
  if (token.size() > kMaxTokenBytes) return bad();
  if (key == PageKey::kText) return std::string(token);
  if (key == PageKey::kNumberPair) {
    const size_t colon = token.find(':');
    if (colon == std::string_view::npos) return bad();
    auto a = ParseDecimal(token.substr(0, colon));
    auto b = ParseDecimal(token.substr(colon + 1));
    if (!a || !b) return bad();
    return BigEndian64(*a) + "/" + BigEndian64(*b);
  }
  auto n = ParseDecimal(token);
  if (!n) return bad();
  return BigEndian64(*n);
}

std::string SuffixToToken(PageKey key, std::string_view suffix) {
  if (key == PageKey::kNumber && suffix.size() == 8) {
    return std::to_string(ReadBigEndian64(suffix));
  }
  if (key == PageKey::kNumberPair && suffix.size() == 17) {
    return std::to_string(ReadBigEndian64(suffix.substr(0, 8))) + ":" +
           std::to_string(ReadBigEndian64(suffix.substr(9)));
  }
  return std::string(suffix);
}

}  // namespace

uint32_t EffectivePageSize(uint32_t requested) {
  return requested == 0 ? kDefaultListPage : std::min(requested, kMaxListPage);
}

Result<std::string> ReadPage(const StateReader& state, const PageQuery& query,
                             const PageItemFn& take) {
  std::string start(query.prefix);
  start += query.from;
  if (!query.page_token.empty()) {
    start.assign(query.prefix);
    auto suffix = TokenToSuffix(query.key, query.page_token);
    if (!suffix.ok()) return suffix.status();
    // The smallest key after prefix + suffix: the page starts past the last
    // item of the previous one.
    start += *suffix;
    start.push_back('\0');
  }
  const uint32_t size = EffectivePageSize(query.page_size);
  uint32_t taken = 0;
  uint32_t scanned = 0;
  std::string last;  // suffix of the last entry taken (or scanned, when the budget ran out)
  bool more = false;
  Status failed;
  state.ScanFrom(query.prefix, start, [&](std::string_view key, std::string_view value) {
    const std::string_view suffix = key.substr(query.prefix.size());
    if (!query.to.empty() && suffix >= query.to) return false;  // past the range: done
    if (taken == size || scanned == kMaxScannedPerPage) {
      more = true;  // an entry beyond this page exists
      return false;
    }
    ++scanned;
    auto took = take(suffix, value);
    if (!took.ok()) {
      failed = took.status();
      return false;
    }
    if (*took) ++taken;
    last.assign(suffix);
    return true;
  });
  if (!failed.ok()) return failed;
  return more ? SuffixToToken(query.key, last) : std::string();
}

}  // namespace lincao::node
