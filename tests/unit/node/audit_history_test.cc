// The audit history indexes (node/history_index.h) and their pages
// (node/audit_history.h) over real blocks: a chaincode test chain builds
// each block with BuildBlock and a LedgerStore commits it, as the node does.
// Checked: who is listed under an account, a batch, a state key and a type;
// newest first; time ranges; rejected transactions only under their actor
// and type; the indexes leave state and state_root alone; bad requests name
// the fix; and paging while another thread commits blocks neither repeats
// nor skips an entry.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "chaincode/records.h"
#include "node/audit_history.h"
#include "node/history_index.h"
#include "node/ledger_store.h"
#include "temp_chain.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao::node {
namespace {

using lincao::testing::TestChain;

class AuditHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = LedgerStore::Open(dir_.dir() / "ledger");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ledger_ = std::move(*opened);
    auto genesis = BuildGenesis(chain_.spec());
    ASSERT_TRUE(genesis.ok()) << genesis.status().ToString();
    Status st = ledger_->InitGenesis(*genesis);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // Builds and commits one block of `txs` (signed by their actors) at
  // leader time `time_ms` (default: head + 1 s).
  BuiltBlock Commit(const std::vector<v1::Tx>& txs, std::optional<uint64_t> time_ms = {}) {
    std::vector<v1::SignedTx> signed_txs;
    for (const auto& tx : txs) signed_txs.push_back(chain_.Sign(tx));
    BuiltBlock built = chain_.Commit(signed_txs, time_ms);
    EXPECT_TRUE(built.made);
    Status st = ledger_->CommitBlock(built, ++raft_index_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return built;
  }

  v1::HistoryPage History(v1::GetHistoryRequest req) {
    auto page = ReadHistory(*ledger_->TakeSnapshot(), req);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : v1::HistoryPage();
  }

  // Every page of a listing, in order.
  std::vector<v1::HistoryEntry> AllPages(v1::GetHistoryRequest req) {
    std::vector<v1::HistoryEntry> out;
    while (true) {
      v1::HistoryPage page = History(req);
      for (const auto& e : page.entries()) out.push_back(e);
      if (page.next_page_token().empty()) return out;
      req.set_page_token(page.next_page_token());
    }
  }

  static std::vector<std::string> Types(const std::vector<v1::HistoryEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.type());
    return out;
  }

  testing::TempChain dir_;
  TestChain chain_;
  std::unique_ptr<LedgerStore> ledger_;
  uint64_t raft_index_ = 1;
};

v1::GetHistoryRequest AccountHistory(const std::string& account, uint32_t page_size = 0) {
  v1::GetHistoryRequest req;
  req.set_account(account);
  req.set_page_size(page_size);
  return req;
}

TEST_F(AuditHistoryTest, ListsAnAccountsBatchAndKeyHistoryNewestFirst) {
  Commit({chain_.IssueTx("registrar", "owner-a", 1000)});  // block 1: batch 1
  Commit({chain_.TransferTx("owner-a", "alice", 300)});    // block 2
  Commit({chain_.TransferTx("bob", "bob", 1)});            // block 3: rejected
  Commit({chain_.TransferTx("alice", "bob", 100),          // block 4, two txs
          chain_.TransferTx("owner-a", "carol", 50)});

  // alice: received in block 2 (her holdings summary changed), sent in 4.
  auto alice = AllPages(AccountHistory("alice"));
  ASSERT_EQ(alice.size(), 2u);
  EXPECT_EQ(alice[0].height(), 4u);
  EXPECT_EQ(alice[0].index(), 0u);
  EXPECT_EQ(alice[0].account(), "alice");
  EXPECT_EQ(alice[1].height(), 2u);
  EXPECT_EQ(alice[1].account(), "owner-a");
  EXPECT_EQ(Types(alice), (std::vector<std::string>{"transfer", "transfer"}));

  // owner-a: its two transfers and the issuance to it.
  auto owner = AllPages(AccountHistory("owner-a"));
  ASSERT_EQ(owner.size(), 3u);
  EXPECT_EQ(owner[0].height(), 4u);
  EXPECT_EQ(owner[0].index(), 1u);
  EXPECT_EQ(owner[2].type(), "issue_batch");
  EXPECT_EQ(owner[2].created_id(), 1u);
  EXPECT_EQ(owner[2].code(), v1::OK);

  // bob's rejected self-transfer is his (he signed it) but changed no key.
  auto bob = AllPages(AccountHistory("bob"));
  ASSERT_EQ(bob.size(), 2u);
  EXPECT_EQ(bob[1].height(), 3u);
  EXPECT_EQ(bob[1].code(), v1::SELF_TRANSFER);

  // The batch record changed only at issuance (transfers leave it alone).
  v1::GetHistoryRequest batch;
  batch.set_batch_id(1);
  auto b = AllPages(batch);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].height(), 1u);

  // A state key: carol's holdings summary, written once.
  v1::GetHistoryRequest key;
  key.set_key(keys::HoldingSummary("carol"));
  auto k = AllPages(key);
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].height(), 4u);
  EXPECT_EQ(k[0].index(), 1u);
  // The same transaction is carol's history too, once however many of her
  // keys it wrote (a holding and the summary).
  EXPECT_EQ(AllPages(AccountHistory("carol")).size(), 1u);
  // Nobody's history: an empty listing, no token.
  v1::HistoryPage none = History(AccountHistory("nobody"));
  EXPECT_EQ(none.entries_size(), 0);
  EXPECT_TRUE(none.next_page_token().empty());
  EXPECT_EQ(none.head_height(), 4u);
}

TEST_F(AuditHistoryTest, PagesResumeBelowTheTokenWithoutRepeatsOrGaps) {
  Commit({chain_.IssueTx("registrar", "owner-a", 1000)});
  for (int i = 0; i < 7; ++i) Commit({chain_.TransferTx("owner-a", "alice", 1)});
  // 8 entries for owner-a in pages of 3: 3, 3, 2, and no token after.
  std::vector<int> sizes;
  std::vector<std::pair<uint64_t, uint32_t>> seen;
  v1::GetHistoryRequest req = AccountHistory("owner-a", 3);
  while (true) {
    v1::HistoryPage page = History(req);
    sizes.push_back(page.entries_size());
    for (const auto& e : page.entries()) seen.push_back({e.height(), e.index()});
    if (page.next_page_token().empty()) break;
    req.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(sizes, (std::vector<int>{3, 3, 2}));
  ASSERT_EQ(seen.size(), 8u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].first, 8 - i);
}

TEST_F(AuditHistoryTest, ListsTransactionsByTypeAccountAndBlockTime) {
  const uint64_t t0 = chain_.head().time_ms;
  Commit({chain_.IssueTx("registrar", "owner-a", 1000)}, t0 + 10000);  // block 1
  Commit({chain_.TransferTx("owner-a", "alice", 10)}, t0 + 20000);     // block 2
  Commit({chain_.TransferTx("alice", "bob", 5)}, t0 + 30000);          // block 3
  Commit({chain_.IssueTx("registrar", "owner-b", 500)}, t0 + 40000);   // block 4
  auto list = [&](v1::ListTransactionsRequest req) {
    auto page = ReadTransactions(*ledger_->TakeSnapshot(), req);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<uint64_t> heights;
    if (page.ok()) {
      for (const auto& e : page->entries()) heights.push_back(e.height());
    }
    return heights;
  };
  v1::ListTransactionsRequest all;
  EXPECT_EQ(list(all), (std::vector<uint64_t>{4, 3, 2, 1}));
  v1::ListTransactionsRequest issues;
  issues.set_type("issue_batch");
  EXPECT_EQ(list(issues), (std::vector<uint64_t>{4, 1}));
  // alice signed block 3 only; she received in block 2 but did not sign it.
  v1::ListTransactionsRequest by_alice;
  by_alice.set_account("alice");
  EXPECT_EQ(list(by_alice), (std::vector<uint64_t>{3}));
  v1::ListTransactionsRequest window;
  window.set_from_time_ms(t0 + 20000);
  window.set_to_time_ms(t0 + 40000);  // exclusive
  EXPECT_EQ(list(window), (std::vector<uint64_t>{3, 2}));
  window.set_type("transfer");
  window.set_account("owner-a");
  EXPECT_EQ(list(window), (std::vector<uint64_t>{2}));
  v1::ListTransactionsRequest later;
  later.set_from_time_ms(t0 + 50000);
  EXPECT_EQ(list(later), (std::vector<uint64_t>{}));
}

TEST_F(AuditHistoryTest, IndexesLeaveTheStateAndItsRootAlone) {
  Commit({chain_.IssueTx("registrar", "owner-a", 1000)});
  BuiltBlock last = Commit({chain_.TransferTx("owner-a", "alice", 10)});
  // The ledger's state is exactly the chain's, key for key: no index key
  // leaked into it, so the accumulator matches the header's state_root.
  std::map<std::string, Bytes, std::less<>> stored;
  ledger_->ScanFrom("", "", [&](std::string_view k, std::string_view v) {
    stored.emplace(std::string(k), std::string(v));
    return true;
  });
  for (const auto& [k, v] : chain_.state().entries()) {
    auto it = stored.find(k);
    ASSERT_NE(it, stored.end()) << ToHex(k);
    EXPECT_EQ(it->second, v);
  }
  Status verified = ledger_->VerifyState();
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  EXPECT_EQ(ledger_->head().hash, last.hash);
}

TEST_F(AuditHistoryTest, BadRequestsNameTheFix) {
  Commit({chain_.IssueTx("registrar", "owner-a", 1000)});
  auto snap = ledger_->TakeSnapshot();
  auto code = [&](const v1::GetHistoryRequest& req) {
    auto page = ReadHistory(*snap, req);
    return page.ok() ? v1::OK : page.status().code();
  };
  EXPECT_EQ(code(v1::GetHistoryRequest()), v1::HISTORY_QUERY_INVALID);
  v1::GetHistoryRequest bad_token = AccountHistory("owner-a");
  for (const char* token : {"x", "1:", ":1", "1:2:3", "-1:0", "1:99999999999"}) {
    bad_token.set_page_token(token);
    EXPECT_EQ(code(bad_token), v1::HISTORY_QUERY_INVALID) << token;
  }
  v1::GetHistoryRequest zero_batch;
  zero_batch.set_batch_id(0);
  EXPECT_EQ(code(zero_batch), v1::HISTORY_QUERY_INVALID);
  v1::ListTransactionsRequest bad_type;
  bad_type.set_type("teleport");
  auto page = ReadTransactions(*snap, bad_type);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), v1::HISTORY_QUERY_INVALID);
  EXPECT_NE(page.status().message().find("transfer"), std::string::npos);
  v1::ListTransactionsRequest backwards;
  backwards.set_from_time_ms(2000);
  backwards.set_to_time_ms(1000);
  EXPECT_EQ(ReadTransactions(*snap, backwards).status().code(), v1::HISTORY_QUERY_INVALID);
}

// Pages read while another thread commits blocks: the pages together are
// exactly the listing as it stood at the first page (newer entries belong
// to a later listing), strictly newest first, nothing twice, nothing
// missing.
TEST_F(AuditHistoryTest, PagingIsStableUnderConcurrentCommits) {
  Commit({chain_.IssueTx("registrar", "owner-a", 100000)});
  for (int i = 0; i < 40; ++i) Commit({chain_.TransferTx("owner-a", "alice", 1)});

  std::atomic<bool> reading{true};
  std::atomic<int> committed_meanwhile{0};
  // The chain and ledger are written by this thread only (one writer, as in
  // the node); the reader pages through the ledger concurrently.
  std::vector<v1::HistoryEntry> paged;
  uint64_t first_head = 0;
  std::thread reader([&] {
    v1::GetHistoryRequest req = AccountHistory("alice", 3);
    while (true) {
      auto page = ReadHistory(*ledger_->TakeSnapshot(), req);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      if (first_head == 0) first_head = page->head_height();
      for (const auto& e : page->entries()) paged.push_back(e);
      if (page->next_page_token().empty()) break;
      req.set_page_token(page->next_page_token());
      // Let the writer commit between pages.
      const int before = committed_meanwhile.load();
      while (committed_meanwhile.load() == before && reading.load()) std::this_thread::yield();
    }
    reading = false;
  });
  int extra = 0;
  while (reading.load() && extra < 200) {
    Commit({chain_.TransferTx("owner-a", "alice", 1)});
    ++extra;
    committed_meanwhile.fetch_add(1);
  }
  reading = false;
  reader.join();
  ASSERT_GT(extra, 0);

  // The listing as it stood at the first page: every alice entry up to
  // that height, read after all commits.
  std::vector<v1::HistoryEntry> expected;
  for (const auto& e : AllPages(AccountHistory("alice", 1000))) {
    if (e.height() <= first_head) expected.push_back(e);
  }
  ASSERT_EQ(paged.size(), expected.size());
  for (size_t i = 0; i < paged.size(); ++i) {
    EXPECT_EQ(paged[i].height(), expected[i].height()) << i;
    EXPECT_EQ(paged[i].index(), expected[i].index()) << i;
    if (i > 0) {
      EXPECT_GT(paged[i - 1].height(), paged[i].height()) << i;
    }
  }
  EXPECT_GE(paged.size(), 40u);
}

}  // namespace
}  // namespace lincao::node
