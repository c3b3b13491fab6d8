// Audit.Export (node/audit_export.h) over the state of a chaincode test
// chain with two projects' batches, transfers and retirements, stored in a
// LedgerStore: the tables reconcile (every batch's holdings add up to its
// tradable units, its counters to its quantity), filters by project, area and
// period select the right rows, every row carries the snapshot's height, a
// client that goes away stops the export, and filters a table cannot apply
// are refused with EXPORT_FILTER_UNSUPPORTED.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "node/audit_export.h"
#include "node/ledger_store.h"
#include "temp_chain.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao::node {
namespace {

using lincao::testing::TestChain;

class AuditExportTest : public ::testing::Test {
 protected:
  AuditExportTest() : chain_(lincao::testing::UsingCreditsOptions()) {}

  void SetUp() override {
    chain_.IssueForProject("SC-P-0001", "owner-a", 100000, 0);  // batch 1
    chain_.IssueForProject("SC-P-0002", "owner-b", 50000, 0);   // batch 2
    ASSERT_TRUE(chain_.Apply(chain_.TransferTx("owner-a", "alice", 30000)).ok());
    ASSERT_TRUE(chain_.Apply(chain_.TransferTx("owner-b", "alice", 20000)).ok());
    Retire(1000, 1767225600000);                                        // 2026-01-01
    Retire(2000, 1767225600000 + 40ull * 86400000);                     // February
    Retire(500, 1767225600000 + 40ull * 86400000, {{100001, 100500}});  // batch 2

    // The chain's whole state as one block of the ledger (how it got there
    // does not matter to an export: it reads the state at a snapshot).
    auto opened = LedgerStore::Open(dir_.dir() / "ledger");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ledger_ = std::move(*opened);
    BuiltBlock all;
    all.made = true;
    all.block.mutable_header()->set_height(chain_.head().height + 1);
    all.block.mutable_header()->set_time_ms(chain_.head().time_ms);
    for (const auto& [k, v] : chain_.state().entries()) all.writes.emplace(k, v);
    all.accumulator = chain_.head().accumulator;
    ASSERT_TRUE(ledger_->CommitBlock(all, 2).ok());
    height_ = chain_.head().height + 1;
  }

  // A retirement by alice whose consumption period starts at `start_ms`
  // (the record's own time is the head's).
  void Retire(uint64_t kg, uint64_t start_ms, std::vector<std::pair<uint64_t, uint64_t>> r = {}) {
    v1::Tx tx = chain_.RetireTx("alice", kg, r);
    v1::Retire* b = tx.mutable_retire();
    b->set_purpose(v1::OTHER);
    b->set_scenario_ref("");
    b->set_note("audit export test, with \"quotes\", and commas");
    b->set_period_start_ms(start_ms);
    b->set_period_end_ms(start_ms + 86400000);
    Status st = chain_.Apply(tx);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  Result<std::vector<v1::ExportRow>> Export(v1::ExportRequest req) {
    std::vector<v1::ExportRow> rows;
    Status st = ExportTable(*ledger_->TakeSnapshot(), req, [&](const v1::ExportRow& row) {
      rows.push_back(row);
      return true;
    });
    if (!st.ok()) return st;
    return rows;
  }

  std::vector<v1::ExportRow> Rows(v1::ExportTable table, const std::string& project = "",
                                  const std::string& area = "") {
    v1::ExportRequest req;
    req.set_table(table);
    req.set_project(project);
    req.set_area_code(area);
    auto rows = Export(req);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<v1::ExportRow>();
  }

  testing::TempChain dir_;
  TestChain chain_;
  std::unique_ptr<LedgerStore> ledger_;
  uint64_t height_ = 0;
};

TEST_F(AuditExportTest, IssuanceHoldingsAndRetirementsReconcile) {
  auto issuance = Rows(v1::EXPORT_ISSUANCE);
  auto holdings = Rows(v1::EXPORT_HOLDINGS);
  auto retirements = Rows(v1::EXPORT_RETIREMENTS);
  ASSERT_EQ(issuance.size(), 2u);
  ASSERT_EQ(retirements.size(), 3u);
  ASSERT_FALSE(holdings.empty());
  std::map<uint64_t, uint64_t> held, retired;
  for (const auto& row : holdings) {
    EXPECT_EQ(row.height(), height_);
    const auto& h = row.holding();
    EXPECT_EQ(h.quantity(), h.last() - h.first() + 1);
    held[h.batch_id()] += h.quantity();
  }
  for (const auto& row : retirements) {
    for (const auto& r : row.retirement().ranges()) {
      retired[r.batch_id()] += r.range().last() - r.range().first() + 1;
    }
  }
  for (const auto& row : issuance) {
    EXPECT_EQ(row.height(), height_);
    const auto& b = row.issuance();
    EXPECT_EQ(b.tradable(), held[b.batch_id()]) << b.batch_id();
    EXPECT_EQ(b.retired(), retired[b.batch_id()]) << b.batch_id();
    EXPECT_EQ(b.tradable() + b.held() + b.retired() + b.cancelled() + b.buffer() + b.exported(),
              b.quantity());
    EXPECT_EQ(b.last_serial() - b.first_serial() + 1, b.quantity());
    EXPECT_EQ(b.area_code(), "510722");
    EXPECT_EQ(b.sector(), v1::FOREST);
  }
  EXPECT_EQ(issuance[0].issuance().project(), "SC-P-0001");
  EXPECT_EQ(issuance[0].issuance().retired(), 3000u);
  EXPECT_EQ(issuance[1].issuance().retired(), 500u);
}

TEST_F(AuditExportTest, FiltersByProjectAreaAndPeriod) {
  auto p2 = Rows(v1::EXPORT_ISSUANCE, "SC-P-0002");
  ASSERT_EQ(p2.size(), 1u);
  EXPECT_EQ(p2[0].issuance().batch_id(), 2u);
  for (const auto& row : Rows(v1::EXPORT_HOLDINGS, "SC-P-0002")) {
    EXPECT_EQ(row.holding().project(), "SC-P-0002");
    EXPECT_EQ(row.holding().batch_id(), 2u);
  }
  auto r2 = Rows(v1::EXPORT_RETIREMENTS, "SC-P-0002");
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].retirement().quantity(), 500u);
  EXPECT_EQ(Rows(v1::EXPORT_ISSUANCE, "", "510722").size(), 2u);
  EXPECT_TRUE(Rows(v1::EXPORT_ISSUANCE, "", "999999").empty());
  EXPECT_TRUE(Rows(v1::EXPORT_RETIREMENTS, "", "999999").empty());
  auto projects = Rows(v1::EXPORT_PROJECTS, "SC-P-0001");
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].project().status(), v1::PROJECT_REGISTERED);

  // Retirements by the time they were recorded: all in the chain's blocks,
  // none a year later.
  v1::ExportRequest later;
  later.set_table(v1::EXPORT_RETIREMENTS);
  later.set_from_time_ms(chain_.head().time_ms + 365ull * 86400000);
  auto none = Export(later);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  later.set_from_time_ms(chain_.head().time_ms);
  auto all = Export(later);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(AuditExportTest, RefusesFiltersATableCannotApplyAndStopsWhenTheClientGoes) {
  v1::ExportRequest req;
  EXPECT_EQ(Export(req).status().code(), v1::EXPORT_FILTER_UNSUPPORTED);
  req.set_table(v1::EXPORT_SANCTIONS);
  req.set_project("SC-P-0001");
  EXPECT_EQ(Export(req).status().code(), v1::EXPORT_FILTER_UNSUPPORTED);
  req.set_table(v1::EXPORT_PROJECTS);
  req.clear_project();
  req.set_from_time_ms(1);
  EXPECT_EQ(Export(req).status().code(), v1::EXPORT_FILTER_UNSUPPORTED);
  req.set_table(v1::EXPORT_ISSUANCE);
  req.set_from_time_ms(5);
  req.set_to_time_ms(5);
  EXPECT_EQ(Export(req).status().code(), v1::EXPORT_FILTER_UNSUPPORTED);

  v1::ExportRequest holdings;
  holdings.set_table(v1::EXPORT_HOLDINGS);
  int taken = 0;
  Status st = ExportTable(*ledger_->TakeSnapshot(), holdings, [&](const v1::ExportRow&) {
    ++taken;
    return false;  // the client went away
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(taken, 1);
}

}  // namespace
}  // namespace lincao::node
