// Paging of the Registry's list queries over an in-memory state: tokens are
// the last key returned (readable: ids and decimal numbers), pages never
// skip or repeat an entry, filtered lists stop at the scan budget with a
// token, and a bad token is INVALID_ARGUMENT.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chaincode/canonical.h"
#include "node/list_pages.h"

namespace lincao::node {
namespace {

PageQuery Query(std::string_view prefix, PageKey key, uint32_t page_size = 0,
                std::string_view token = "") {
  PageQuery q;
  q.prefix = prefix;
  q.key = key;
  q.page_size = page_size;
  q.page_token = token;
  return q;
}

// Every page of a list, concatenated; the tokens seen on the way.
struct Walk {
  std::vector<std::string> items;
  std::vector<std::string> tokens;
  int pages = 0;
};

Walk WalkAll(
    const StateReader& state, PageQuery q,
    const std::function<bool(std::string_view)>& keep = [](std::string_view) { return true; }) {
  Walk w;
  std::string token;
  do {
    q.page_token = token;
    auto next =
        ReadPage(state, q, [&](std::string_view suffix, std::string_view value) -> Result<bool> {
          if (!keep(value)) return false;
          w.items.push_back(std::string(value));
          (void)suffix;
          return true;
        });
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok()) break;
    token = *next;
    w.tokens.push_back(token);
    ++w.pages;
  } while (!token.empty() && w.pages < 100000);
  return w;
}

TEST(ListPages, NumericKeysPageByTheLastIdReturned) {
  MapState state;
  for (uint64_t id = 1; id <= 250; ++id) state.Put("z/" + BigEndian64(id), std::to_string(id));
  state.Put("y/other", "not in the list");
  Walk w = WalkAll(state, Query("z/", PageKey::kNumber));  // default page: 100
  ASSERT_EQ(w.items.size(), 250u);
  for (uint64_t id = 1; id <= 250; ++id) EXPECT_EQ(w.items[id - 1], std::to_string(id));
  EXPECT_EQ(w.tokens, (std::vector<std::string>{"100", "200", ""}));

  // A token from people: the next page starts after it, wherever it lies.
  std::vector<std::string> got;
  auto next = ReadPage(state, Query("z/", PageKey::kNumber, 3, "247"),
                       [&](std::string_view, std::string_view v) -> Result<bool> {
                         got.emplace_back(v);
                         return true;
                       });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(got, (std::vector<std::string>{"248", "249", "250"}));
  EXPECT_EQ(*next, "");  // exactly full and nothing after: no extra empty page
}

TEST(ListPages, TextKeysAndPageSizeBounds) {
  MapState state;
  for (const char* id : {"SC-FOR-001-V01", "SC-FOR-001-V02", "SC-GRA-001-V01", "SC-WET-003-V01"}) {
    state.Put(std::string("t/") + id, id);
  }
  Walk w = WalkAll(state, Query("t/", PageKey::kText, 3));
  EXPECT_EQ(w.items.size(), 4u);
  EXPECT_EQ(w.tokens, (std::vector<std::string>{"SC-GRA-001-V01", ""}));
  EXPECT_EQ(EffectivePageSize(0), kDefaultListPage);
  EXPECT_EQ(EffectivePageSize(5000), kMaxListPage);
  EXPECT_EQ(EffectivePageSize(7), 7u);
}

TEST(ListPages, FilteredListsStopAtTheScanBudgetWithAToken) {
  MapState state;
  const uint64_t n = kMaxScannedPerPage + 5000;
  for (uint64_t id = 1; id <= n; ++id) {
    state.Put("j/" + BigEndian64(id), id % 7000 == 0 ? "mine" : "other");
  }
  Walk w = WalkAll(state, Query("j/", PageKey::kNumber, 10),
                   [](std::string_view v) { return v == "mine"; });
  EXPECT_EQ(w.items.size(), n / 7000);
  // The first page scanned its budget and found one match, short of 10: it
  // still says where to go on.
  ASSERT_GE(w.tokens.size(), 2u);
  EXPECT_EQ(w.tokens[0], std::to_string(kMaxScannedPerPage));
  EXPECT_EQ(w.tokens.back(), "");
}

TEST(ListPages, BadTokensAreInvalidArgument) {
  MapState state;
  state.Put("z/" + BigEndian64(1), "1");
  for (const char* bad : {"x", "-1", "1.5", "99999999999999999999", " 1"}) {
    auto r = ReadPage(state, Query("z/", PageKey::kNumber, 0, bad),
                      [](std::string_view, std::string_view) -> Result<bool> { return true; });
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
    EXPECT_NE(r.status().message().find("next_page_token"), std::string::npos);
  }
  // An error while taking an entry ends the page with that error.
  auto r = ReadPage(state, Query("z/", PageKey::kNumber),
                    [](std::string_view, std::string_view) -> Result<bool> {
                      return Status(v1::INTERNAL, "record does not decode");
                    });
  EXPECT_EQ(r.status().code(), v1::INTERNAL);
}

}  // namespace
}  // namespace lincao::node
