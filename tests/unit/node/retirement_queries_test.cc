// The Registry's retirement queries (node/retirement_queries.h) over a
// chaincode test chain: every filter walks its index and pages without
// skipping or repeating, pages stay right while retirements commit between
// them, bad filters and tokens are INVALID_ARGUMENT, totals add up (and
// name the retirements from before version 4), and a certificate checks
// against its block header by itself.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "chaincode/block.h"
#include "chaincode/merkle.h"
#include "chaincode/retirements.h"
#include "node/retirement_queries.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao::node {
namespace {

using lincao::testing::TestChain;

const std::string kAnna(32, '\xa1');  // two people, as their commitments
const std::string kBo(32, '\xb2');

class RetirementQueriesTest : public ::testing::Test {
 protected:
  RetirementQueriesTest() : chain(lincao::testing::UsingCreditsOptions()) {
    chain.IssueForProject("SC-P-0001", "owner-a", 100000, 0);  // serials 1-100000
    chain.IssueForProject("SC-P-0002", "owner-b", 100000, 0);  // 100001-200000
    EXPECT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 100000)).ok());
    EXPECT_TRUE(chain.Apply(chain.TransferTx("owner-b", "alice", 100000)).ok());
  }

  // A version-4 retirement by alice of `kg` (lowest first), for `who` (a
  // commitment; empty: an organisation), starting its period at `start`.
  uint64_t Retire(uint64_t kg, v1::RetirementPurpose purpose, const std::string& who,
                  uint64_t start, std::vector<std::pair<uint64_t, uint64_t>> ranges = {}) {
    v1::Tx tx = chain.RetireTx("alice", kg, ranges);
    v1::Retire* b = tx.mutable_retire();
    b->set_purpose(purpose);
    b->set_scenario_ref("");
    b->set_period_start_ms(start);
    b->set_period_end_ms(start + 86400000);
    if (!who.empty()) b->mutable_beneficiary()->set_person_commitment(who);
    if (purpose == v1::PERSONAL_FOOTPRINT) {
      b->mutable_footprint()->set_category(v1::FOOD);
    } else if (purpose == v1::LARGE_EVENT) {
      b->mutable_event()->set_name("Chengdu Marathon 2026");
      b->mutable_event()->set_kind(v1::COMPETITION);
    } else {
      b->set_note("other");
    }
    Status st = chain.Apply(tx);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return lincao::testing::CountersOf(chain.state()).next_retirement_id - 1;
  }

  // Every page of a query; the ids in order and the tokens.
  struct Walk {
    std::vector<uint64_t> ids;
    std::vector<std::string> tokens;
  };
  Walk All(v1::ListRetirementsRequest req, uint32_t page_size) {
    Walk w;
    req.mutable_page()->set_page_size(page_size);
    for (int pages = 0; pages < 1000; ++pages) {
      v1::Retirements out;
      auto next = ReadRetirementsPage(chain.state(), req, &out);
      EXPECT_TRUE(next.ok()) << next.status().ToString();
      if (!next.ok()) break;
      for (const auto& r : out.retirements()) w.ids.push_back(r.id());
      w.tokens.push_back(*next);
      if (next->empty()) break;
      req.mutable_page()->set_page_token(*next);
    }
    return w;
  }

  TestChain chain;
};

constexpr uint64_t kDay = 86400000;
constexpr uint64_t kJan = lincao::testing::kCst2025Ms;

TEST_F(RetirementQueriesTest, EachFilterWalksItsIndexAndPages) {
  // id: purpose, who, period start day, project
  Retire(10, v1::PERSONAL_FOOTPRINT, kAnna, kJan + 3 * kDay);         // 1 P1
  Retire(10, v1::LARGE_EVENT, "", kJan + 1 * kDay);                   // 2 P1
  Retire(10, v1::PERSONAL_FOOTPRINT, kBo, kJan + 2 * kDay);           // 3 P1
  Retire(10, v1::OTHER, kAnna, kJan + 5 * kDay, {{100001, 100010}});  // 4 P2
  Retire(10, v1::PERSONAL_FOOTPRINT, kAnna, kJan + 1 * kDay,
         {{99995, 100000}, {100011, 100014}});       // 5 P1 and P2
  Retire(10, v1::LARGE_EVENT, "", kJan + 9 * kDay);  // 6 P1

  v1::ListRetirementsRequest req;
  EXPECT_EQ(All(req, 4).ids, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(All(req, 4).tokens, (std::vector<std::string>{"4", ""}));

  req.set_purpose(v1::PERSONAL_FOOTPRINT);
  EXPECT_EQ(All(req, 2).ids, (std::vector<uint64_t>{1, 3, 5}));

  req = {};
  req.set_beneficiary_commitment(kAnna);
  EXPECT_EQ(All(req, 1).ids, (std::vector<uint64_t>{1, 4, 5}));
  req.set_purpose(v1::PERSONAL_FOOTPRINT);  // a second filter on the commitment's index
  EXPECT_EQ(All(req, 1).ids, (std::vector<uint64_t>{1, 5}));

  req = {};
  req.set_project("SC-P-0002");
  EXPECT_EQ(All(req, 10).ids, (std::vector<uint64_t>{4, 5}));
  req.set_project("SC-P-0001");
  EXPECT_EQ(All(req, 10).ids, (std::vector<uint64_t>{1, 2, 3, 5, 6}));
  req.set_beneficiary_commitment(kAnna);  // project checked on anna's records
  EXPECT_EQ(All(req, 10).ids, (std::vector<uint64_t>{1, 5}));

  // Period: by start, [from, to), in order of start then id; tokens "start:id".
  req = {};
  req.set_period_from_ms(kJan + 1 * kDay);
  req.set_period_to_ms(kJan + 5 * kDay);
  Walk period = All(req, 2);
  EXPECT_EQ(period.ids, (std::vector<uint64_t>{2, 5, 3, 1}));
  // The second page ends the list: the next entry starts at day 5, past `to`.
  EXPECT_EQ(period.tokens, (std::vector<std::string>{std::to_string(kJan + kDay) + ":5", ""}));
  req.set_purpose(v1::LARGE_EVENT);  // purpose index, period filtered
  EXPECT_EQ(All(req, 2).ids, (std::vector<uint64_t>{2}));
}

TEST_F(RetirementQueriesTest, PagesStayRightWhileRetirementsCommit) {
  for (int i = 0; i < 5; ++i) Retire(1, v1::PERSONAL_FOOTPRINT, kAnna, kJan + 10 * kDay + i);
  v1::ListRetirementsRequest by_period;
  by_period.set_period_from_ms(kJan);
  by_period.set_period_to_ms(kJan + 100 * kDay);
  by_period.mutable_page()->set_page_size(2);
  v1::ListRetirementsRequest by_person;
  by_person.set_beneficiary_commitment(kAnna);
  by_person.mutable_page()->set_page_size(2);

  std::vector<uint64_t> period_ids, person_ids;
  auto page = [&](v1::ListRetirementsRequest& req, std::vector<uint64_t>* ids) {
    v1::Retirements out;
    auto next = ReadRetirementsPage(chain.state(), req, &out);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    for (const auto& r : out.retirements()) ids->push_back(r.id());
    req.mutable_page()->set_page_token(next.ok() ? *next : "");
    return next.ok() && !next->empty();
  };
  ASSERT_TRUE(page(by_period, &period_ids));
  ASSERT_TRUE(page(by_person, &person_ids));
  // Between pages: one retirement before the token (period start earlier),
  // one after it.
  Retire(1, v1::PERSONAL_FOOTPRINT, kAnna, kJan + 1 * kDay);   // 6: sorts first by period
  Retire(1, v1::PERSONAL_FOOTPRINT, kAnna, kJan + 50 * kDay);  // 7: sorts last
  while (page(by_period, &period_ids)) {
  }
  while (page(by_person, &person_ids)) {
  }
  // Nothing skipped or repeated; what sorts after the token shows up.
  EXPECT_EQ(period_ids, (std::vector<uint64_t>{1, 2, 3, 4, 5, 7}));
  EXPECT_EQ(person_ids, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST_F(RetirementQueriesTest, BadFiltersAndTokensAreRefused) {
  Retire(1, v1::OTHER, "", kJan);
  auto code = [&](const v1::ListRetirementsRequest& req) {
    v1::Retirements out;
    return ReadRetirementsPage(chain.state(), req, &out).status().code();
  };
  v1::ListRetirementsRequest req;
  req.set_beneficiary_commitment(std::string(31, 'c'));
  EXPECT_EQ(code(req), v1::INVALID_ARGUMENT);
  req = {};
  req.set_purpose(static_cast<v1::RetirementPurpose>(42));
  EXPECT_EQ(code(req), v1::INVALID_ARGUMENT);
  req = {};
  req.set_project("SC-P-9999");
  EXPECT_EQ(code(req), v1::UNKNOWN_PROJECT);
  req = {};
  req.set_period_from_ms(5);
  req.set_period_to_ms(5);
  EXPECT_EQ(code(req), v1::INVALID_ARGUMENT);
  req.set_period_from_ms(0);
  req.set_period_to_ms(9);
  req.mutable_page()->set_page_token("7");  // a number where "start:id" belongs
  EXPECT_EQ(code(req), v1::INVALID_ARGUMENT);
  req = {};
  req.mutable_page()->set_page_token("seven");
  EXPECT_EQ(code(req), v1::INVALID_ARGUMENT);
}

TEST_F(RetirementQueriesTest, TotalsPerPurpose) {
  Retire(10, v1::PERSONAL_FOOTPRINT, kAnna, kJan);
  Retire(15, v1::PERSONAL_FOOTPRINT, kBo, kJan);
  Retire(700, v1::LARGE_EVENT, "", kJan);
  auto totals = ReadRetirementTotals(chain.state());
  ASSERT_TRUE(totals.ok()) << totals.status().ToString();
  ASSERT_EQ(totals->purposes_size(), 9);
  EXPECT_EQ(totals->purposes(0).purpose(), v1::LARGE_EVENT);
  EXPECT_EQ(totals->purposes(0).kg(), 700u);
  EXPECT_EQ(totals->purposes(0).count(), 1u);
  EXPECT_EQ(totals->purposes(3).purpose(), v1::PERSONAL_FOOTPRINT);
  EXPECT_EQ(totals->purposes(3).kg(), 25u);
  EXPECT_EQ(totals->purposes(3).count(), 2u);
  EXPECT_EQ(totals->purposes(8).kg(), 0u);
  EXPECT_EQ(totals->total_kg(), 725u);
  EXPECT_EQ(totals->total_count(), 3u);
  EXPECT_EQ(totals->retirements_before_v4(), 0u);
}

// A chain upgraded from version 3: its retirement stays format 1, outside
// the indexes and totals, and is counted as such.
TEST(RetirementQueriesUpgrade, RetirementsBeforeVersion4AreNamed) {
  TestChain chain(lincao::testing::LifecycleOptions());  // version 3
  chain.IssueForProject("SC-P-0001", "owner-a", 1000, 0);
  ASSERT_EQ(chain.CommitTx(chain.RetireTx("owner-a", 10)).block.results(0).code(), v1::OK);
  v1::Tx activate = chain.GovTx("bureau", {"ecology"});
  activate.mutable_activate_chaincode()->set_version(4);
  activate.mutable_activate_chaincode()->set_height(chain.head().height + 2);
  ASSERT_EQ(chain.CommitTx(activate).block.results(0).code(), v1::OK);
  v1::Tx v4 = chain.RetireTx("owner-a", 20);
  v4.mutable_retire()->set_purpose(v1::OTHER);
  v4.mutable_retire()->set_note("upgrade test");
  v4.mutable_retire()->set_period_start_ms(1);
  v4.mutable_retire()->set_period_end_ms(2);
  BuiltBlock b = chain.CommitTx(v4);
  ASSERT_EQ(b.block.header().chaincode_version(), 4u);
  ASSERT_EQ(b.block.results(0).code(), v1::OK) << b.block.results(0).message();
  EXPECT_EQ(lincao::testing::RetirementOf(chain.state(), 1)->format, 1);
  EXPECT_EQ(lincao::testing::RetirementOf(chain.state(), 2)->format, 2);
  auto totals = ReadRetirementTotals(chain.state());
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->total_count(), 1u);
  EXPECT_EQ(totals->total_kg(), 20u);
  EXPECT_EQ(totals->retirements_before_v4(), 1u);
}

TEST_F(RetirementQueriesTest, ACertificateChecksAgainstItsBlockHeader) {
  // Three transactions in the block, the retirement second, so the proof
  // has siblings on both sides.
  v1::Tx retire = chain.RetireTx("alice", 42);
  retire.mutable_retire()->set_purpose(v1::OTHER);
  retire.mutable_retire()->set_note("certificate test");
  retire.mutable_retire()->set_scenario_ref("");
  retire.mutable_retire()->set_period_start_ms(kJan);
  retire.mutable_retire()->set_period_end_ms(kJan + kDay);
  BuiltBlock built =
      chain.Commit({chain.Sign(chain.TransferTx("alice", "bob", 5)), chain.Sign(retire),
                    chain.Sign(chain.TransferTx("alice", "carol", 5))});
  ASSERT_TRUE(built.made);
  ASSERT_EQ(built.block.results(1).code(), v1::OK) << built.block.results(1).message();
  const uint64_t id = built.block.results(1).created_id();
  auto rec = LoadRetirement(chain.state(), id);
  ASSERT_TRUE(rec.ok());
  v1::TxRecord tx;
  tx.set_tx_id(built.block.results(1).tx_id());
  tx.set_height(built.block.header().height());
  tx.set_index(1);
  *tx.mutable_tx() = built.block.txs(1);
  *tx.mutable_result() = built.block.results(1);

  auto cert = MakeRetirementCertificate(chain.suite(), *rec, tx, built.block);
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  // What a reader checks, from the certificate alone.
  const SignatureSuite& suite = chain.suite();
  EXPECT_EQ(AsBytes(suite.Hash(cert->tx().tx())), cert->tx_id());
  EXPECT_EQ(cert->retirement().tx_id(), cert->tx_id());
  EXPECT_EQ(cert->result().created_id(), cert->retirement().id());
  EXPECT_EQ(AsBytes(BlockHash(suite, cert->header())), cert->block_hash());
  EXPECT_EQ(cert->block_hash(), AsBytes(chain.head().hash));
  std::vector<Hash32> proof;
  for (const auto& p : cert->results_proof()) proof.push_back(*ToHash32(p));
  EXPECT_EQ(cert->results_count(), 3u);
  EXPECT_TRUE(VerifyMerkleProof(suite, MerkleLeafHash(suite, ResultLeafData(cert->result())),
                                cert->tx_index(), cert->results_count(), proof,
                                *ToHash32(cert->header().results_root())));
  // A result that is not the one committed fails the proof.
  v1::TxResult forged = cert->result();
  forged.set_created_id(forged.created_id() + 1);
  EXPECT_FALSE(VerifyMerkleProof(suite, MerkleLeafHash(suite, ResultLeafData(forged)),
                                 cert->tx_index(), cert->results_count(), proof,
                                 *ToHash32(cert->header().results_root())));
  // A record that is not this transaction's is refused.
  tx.set_index(0);
  EXPECT_EQ(MakeRetirementCertificate(suite, *rec, tx, built.block).status().code(), v1::INTERNAL);
}

}  // namespace
}  // namespace lincao::node
