// Issuance (chaincode version 3): the full path from a methodology proposal
// to a credit batch through signed blocks, then issue_credits' rules: the
// report must be evaluated and not issued, the project registered, not
// frozen and owing no shortfall; the buffer share rounds down and takes the
// lowest serials; an entrusted collective gets its share of the rest (the
// highest serials); vintage in UTC+8; the batch code's sequence.
#include <gtest/gtest.h>

#include "chaincode/block.h"
#include "chaincode/canonical.h"
#include "chaincode/freezes.h"
#include "chaincode/governance_records.h"
#include "tests/unit/chaincode/project_lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::AttestReportTx;
using testing::BatchOf;
using testing::CheckSupplyInvariants;
using testing::EvaluateMethodologyTx;
using testing::EvaluateProjectTx;
using testing::EvaluateReportTx;
using testing::ForestParcel;
using testing::HoldingsOf;
using testing::IssueCreditsTx;
using testing::kCst2025Ms;
using testing::kCst2026Ms;
using testing::ProjectLifecycleTest;
using testing::ProjectSpec;
using testing::SubmitReportTx;
using testing::UnitsOf;

constexpr char kMethodology[] = "SC-FOR-001-V01";
constexpr char kProject[] = "SC-P-0001";
constexpr uint64_t kHourMs = 60ull * 60 * 1000;

class IssueCreditsTest : public ProjectLifecycleTest {
 protected:
  // Through BuildBlock, signed: the code the block records (or the drop
  // reason), and the transaction's result.
  ErrorCode Commit(const v1::Tx& tx, v1::TxResult* result = nullptr) {
    BuiltBlock b = chain.CommitTx(tx);
    if (!b.made) return b.dropped.empty() ? v1::INTERNAL : b.dropped[0].reason.code();
    if (result != nullptr) *result = b.block.results(0);
    return static_cast<ErrorCode>(b.block.results(0).code());
  }
  void Registered(const std::string& project, const std::string& methodology, uint32_t buffer_bps,
                  ProjectSpec spec = ProjectSpec()) {
    driver.ApprovedMethodology(methodology, v1::FOREST, buffer_bps);
    spec.id = project;
    spec.methodology = methodology;
    driver.RegisteredProject(spec);
  }
};

TEST_F(IssueCreditsTest, FromProposalToIssuanceThroughSignedBlocks) {
  // Reviewers are granted by the fixture (through Apply); everything after
  // goes through signed blocks.
  auto expect_ok = [&](const v1::Tx& tx, const std::string& what) {
    EXPECT_EQ(ErrorCodeName(Commit(tx)), "OK") << what;
  };
  expect_ok(testing::ProposeMethodologyTx(chain, "registrar", kMethodology, v1::FOREST, 1500),
            "propose");
  expect_ok(EvaluateMethodologyTx(chain, "expert-1", kMethodology), "m e1");
  expect_ok(EvaluateMethodologyTx(chain, "expert-2", kMethodology), "m e2");
  v1::Tx approve_m = chain.NewTx("bureau");
  approve_m.mutable_approve_methodology()->set_id(kMethodology);
  expect_ok(approve_m, "approve methodology");

  ProjectSpec spec;
  spec.tags = {v1::GIANT_PANDA_NATIONAL_PARK, v1::ENTRUSTED_COLLECTIVE_FOREST};
  spec.collective = "collective";
  spec.collective_share_bps = 3000;
  spec.parcels = {ForestParcel("510722", "12", "3", 4200), ForestParcel("510722", "12", "4", 800)};
  expect_ok(testing::SubmitProjectTx(chain, spec), "submit project");
  expect_ok(EvaluateProjectTx(chain, "expert-1", kProject), "p e1");
  expect_ok(EvaluateProjectTx(chain, "expert-3", kProject), "p e3");
  v1::Tx approve_p = chain.NewTx("ecology");
  approve_p.mutable_approve_project()->set_id(kProject);
  expect_ok(approve_p, "approve project");
  v1::Tx reg = chain.NewTx("registrar");
  reg.mutable_register_project()->set_id(kProject);
  expect_ok(reg, "register");

  expect_ok(SubmitReportTx(chain, "owner-a", kProject, kCst2025Ms, kCst2026Ms, 120000), "report");
  expect_ok(AttestReportTx(chain, "verifier-1", kProject, 1, 100000), "attest");
  expect_ok(EvaluateReportTx(chain, "expert-2", kProject, 1), "r e2");
  expect_ok(EvaluateReportTx(chain, "expert-3", kProject, 1), "r e3");
  v1::TxResult result;
  ASSERT_EQ(ErrorCodeName(Commit(IssueCreditsTx(chain, kProject, 1), &result)), "OK");
  EXPECT_EQ(result.created_id(), 1u);

  // 100,000 kg verified: 15 % = 15,000 to the buffer (serials 1-15,000);
  // of the 85,000 left, 30 % = 25,500 to the collective (the highest
  // serials), 59,500 to the owner.
  auto batch = BatchOf(chain.state(), 1);
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->code, "SC-P-0001-2025-001");
  EXPECT_EQ(batch->project_id, kProject);
  EXPECT_EQ(batch->vintage, 2025u);
  EXPECT_EQ(batch->report, 1u);
  EXPECT_EQ(batch->first_serial, 1u);
  EXPECT_EQ(batch->quantity, 100000u);
  EXPECT_EQ(batch->buffer_issued, 15000u);
  EXPECT_EQ(batch->buffer, 15000u);
  EXPECT_EQ(batch->tradable(), 85000u);
  EXPECT_EQ(batch->issued_to, "owner-a");
  EXPECT_EQ(batch->period_start_ms, kCst2025Ms);
  EXPECT_EQ(batch->period_end_ms, kCst2026Ms);
  EXPECT_EQ(batch->note, "issued by test");
  EXPECT_EQ(testing::ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[15001-74500 b1]");
  EXPECT_EQ(testing::ShowHoldings(HoldingsOf(chain.state(), "collective")), "[74501-100000 b1]");
  EXPECT_TRUE(chain.state().Get(keys::BufferBatch(1)).has_value());
  EXPECT_TRUE(chain.state().Get(keys::ProjectBatch(kProject, 1)).has_value());
  EXPECT_EQ(chain.state().Get(keys::BatchCode("SC-P-0001-2025-001")), BigEndian64(1));
  const ReportRecord r = Report(kProject, 1);
  EXPECT_EQ(r.status, static_cast<uint32_t>(v1::REPORT_ISSUED));
  EXPECT_EQ(r.batch_id, 1u);
  EXPECT_EQ(Project(kProject).batches, 1u);
  EXPECT_EQ(Project(kProject).AreaCentiha(), 5000u);
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");

  // Issued once: a second try is recorded as rejected with nothing written.
  const auto before = chain.state().entries();
  ASSERT_EQ(ErrorCodeName(Commit(IssueCreditsTx(chain, kProject, 1), &result)), "ALREADY_ISSUED");
  EXPECT_EQ(result.writes_hash(), AsBytes(WriteSetHash(chain.suite(), WriteSet{})));
  EXPECT_EQ(result.created_id(), 0u);
  EXPECT_EQ(chain.state().entries(), before);

  // A second report, the first hour of 2026 in Beijing: vintage 2026,
  // sequence 002, serials after the first batch.
  expect_ok(SubmitReportTx(chain, "owner-a", kProject, kCst2026Ms, kCst2026Ms + kHourMs, 1000),
            "report 2");
  expect_ok(AttestReportTx(chain, "verifier-1", kProject, 2, 1000), "attest 2");
  expect_ok(EvaluateReportTx(chain, "expert-1", kProject, 2), "r2 e1");
  expect_ok(EvaluateReportTx(chain, "expert-2", kProject, 2), "r2 e2");
  ASSERT_EQ(ErrorCodeName(Commit(IssueCreditsTx(chain, kProject, 2), &result)), "OK");
  EXPECT_EQ(result.created_id(), 2u);
  auto second = BatchOf(chain.state(), 2);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->code, "SC-P-0001-2026-002");
  EXPECT_EQ(second->vintage, 2026u);
  EXPECT_EQ(second->first_serial, 100001u);
  EXPECT_EQ(second->buffer, 150u);
  // 850 tradable: 255 to the collective, 595 to the owner.
  EXPECT_EQ(UnitsOf(chain.state(), "collective"), 25500u + 255u);
  EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), 59500u + 595u);
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");
}

TEST_F(IssueCreditsTest, IssuanceRules) {
  Registered(kProject, kMethodology, 1500);
  const uint32_t evaluated = driver.EvaluatedReport(kProject, kCst2025Ms, kCst2026Ms, 500, 400);
  Expect(SubmitReportTx(chain, "owner-a", kProject, kCst2025Ms - kHourMs, kCst2025Ms, 10), v1::OK,
         "report 2");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 2, 10), v1::OK, "report 2 attested");

  v1::Tx by_owner = IssueCreditsTx(chain, kProject, evaluated);
  by_owner.set_account("owner-a");
  Expect(by_owner, v1::UNAUTHORIZED, "the owner issues");
  v1::Tx long_note = IssueCreditsTx(chain, kProject, evaluated);
  long_note.mutable_issue_credits()->set_note(std::string(1025, 'n'));
  Expect(long_note, v1::INVALID_ARGUMENT, "note bound");
  Expect(IssueCreditsTx(chain, "SC-P-404", 1), v1::UNKNOWN_PROJECT, "unknown project");
  Expect(IssueCreditsTx(chain, kProject, 7), v1::UNKNOWN_REPORT, "unknown report");
  Expect(IssueCreditsTx(chain, kProject, 2), v1::INVALID_STATE, "attested, not evaluated",
         "is ATTESTED; issuance needs it EVALUATED");

  // A supervisory freeze of the project (the holds rules write it).
  FreezeRecord freeze;
  freeze.target = v1::FREEZE_PROJECT;
  freeze.id = kProject;
  freeze.authority = "bureau";
  freeze.reason = "fire investigation";
  freeze.expiry_ms = chain.head().time_ms + kHourMs;
  chain.state().Put(keys::Freeze('p', kProject), freeze.Encode());
  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::FROZEN, "frozen", "fire investigation");
  freeze.expiry_ms = chain.head().time_ms - 1;  // expired: no longer in force
  chain.state().Put(keys::Freeze('p', kProject), freeze.Encode());
  EXPECT_TRUE(chain.DryRun(IssueCreditsTx(chain, kProject, evaluated)).ok());
  chain.state().Delete(keys::Freeze('p', kProject));

  // A shortfall from a reported loss (the reversal rules write it).
  chain.state().Put(keys::Shortfall(kProject), "shortfall");
  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::SHORTFALL_OUTSTANDING, "shortfall");
  chain.state().Delete(keys::Shortfall(kProject));

  // The owner must be able to receive units.
  v1::Tx suspend = chain.NewTx("bureau");
  suspend.mutable_impose_sanction()->set_account("owner-a");
  suspend.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  suspend.mutable_impose_sanction()->set_reason("unpaid registry fees");
  Expect(suspend, v1::OK, "suspend the owner");
  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::SANCTIONED, "owner suspended");
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_sanction()->set_account("owner-a");
  lift.mutable_lift_sanction()->set_reason("paid");
  Expect(lift, v1::OK, "lift");

  v1::Tx hold = chain.NewTx("bureau");
  hold.mutable_hold_project()->set_id(kProject);
  hold.mutable_hold_project()->set_reason("parcel audit");
  Expect(hold, v1::OK, "hold");
  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::INVALID_STATE, "on hold",
         "ON_HOLD (by 'bureau': parcel audit)");
  v1::Tx resume = chain.NewTx("bureau");
  resume.mutable_resume_project()->set_id(kProject);
  resume.mutable_resume_project()->set_reason("audit passed");
  Expect(resume, v1::OK, "resume");

  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::OK, "issue");
  Expect(IssueCreditsTx(chain, kProject, evaluated), v1::ALREADY_ISSUED, "again",
         "was issued as batch 1");
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");

  v1::Tx terminate = chain.NewTx("bureau");
  terminate.mutable_terminate_project()->set_id(kProject);
  terminate.mutable_terminate_project()->set_reason("owner withdrew");
  Expect(terminate, v1::OK, "terminate");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 2, 10), v1::INVALID_STATE,
         "review after termination");
  // Issued credits stay.
  EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), 400u - 60u);
}

TEST_F(IssueCreditsTest, AnOversightOwnerReceivesNothing) {
  Registered(kProject, kMethodology, 0);
  const uint32_t n = driver.EvaluatedReport(kProject, kCst2025Ms, kCst2026Ms, 50, 50);
  Grant("owner-a", v1::EXPERT, {v1::GRASSLAND});
  Expect(IssueCreditsTx(chain, kProject, n), v1::CONFLICT_OF_INTEREST, "the owner became expert");
}

TEST_F(IssueCreditsTest, TheBufferShareRoundsDownAndTakesTheLowestSerials) {
  struct Case {
    uint32_t buffer_bps;
    uint64_t verified;
    uint64_t want_buffer;
  } cases[] = {
      {1500, 999, 149}, {0, 1000, 0}, {10000, 1000, 1000}, {1, 9999, 0},
      {1, 10000, 1},    {3333, 3, 0}, {2000, 1, 0},        {9999, 1, 0},
  };
  int i = 0;
  uint64_t next_serial = 1;
  for (const Case& c : cases) {
    ++i;
    const std::string methodology = testing::Cat("SC-FOR-", 100 + i, "-V01");
    const std::string project = testing::Cat("SC-P-", 100 + i);
    ProjectSpec spec;
    spec.parcels = {ForestParcel("510722", testing::Cat(i), "1")};
    Registered(project, methodology, c.buffer_bps, spec);
    const uint64_t id =
        driver.IssuedReport(project, kCst2025Ms, kCst2026Ms, c.verified, c.verified);
    auto batch = BatchOf(chain.state(), id);
    ASSERT_TRUE(batch.has_value()) << project;
    EXPECT_EQ(batch->buffer, c.want_buffer) << project;
    EXPECT_EQ(batch->buffer_first(), next_serial) << project;
    EXPECT_EQ(chain.state().Get(keys::BufferBatch(id)).has_value(), c.want_buffer > 0) << project;
    next_serial += c.verified;
  }
  EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), (999 - 149) + 1000 + 0 + 9999 + 9999 + 3 + 1 + 1);
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");
}

TEST_F(IssueCreditsTest, TheCollectiveShareRoundsDownAndTakesTheHighestSerials) {
  struct Case {
    uint32_t share_bps;
    uint64_t verified;  // buffer 10 %
    uint64_t want_collective;
  } cases[] = {{3000, 1000, 270}, {3000, 95, 25}, {1, 1000, 0}, {10000, 1000, 900}, {5000, 1, 0}};
  int i = 0;
  uint64_t collective = 0, owner = 0;
  for (const Case& c : cases) {
    ++i;
    ProjectSpec spec;
    spec.parcels = {ForestParcel("510722", testing::Cat(i), "1")};
    spec.tags = {v1::ENTRUSTED_COLLECTIVE_FOREST};
    spec.collective = "collective";
    spec.collective_share_bps = c.share_bps;
    Registered(testing::Cat("SC-P-", 200 + i), testing::Cat("SC-FOR-", 200 + i, "-V01"), 1000,
               spec);
    const uint64_t id = driver.IssuedReport(testing::Cat("SC-P-", 200 + i), kCst2025Ms, kCst2026Ms,
                                            c.verified, c.verified);
    auto batch = BatchOf(chain.state(), id);
    ASSERT_TRUE(batch.has_value());
    collective += c.want_collective;
    owner += batch->tradable() - c.want_collective;
    EXPECT_EQ(UnitsOf(chain.state(), "collective"), collective) << i;
    EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), owner) << i;
    if (c.want_collective > 0) {
      const Holdings held = HoldingsOf(chain.state(), "collective");
      EXPECT_EQ(held.back().last, batch->last_serial()) << i;
      EXPECT_EQ(held.back().first, batch->last_serial() - c.want_collective + 1) << i;
    }
  }
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");
}

TEST_F(IssueCreditsTest, VintageIsTheYearOfTheLastMillisecondInBeijing) {
  Registered(kProject, kMethodology, 0);
  struct Case {
    uint64_t start, end;
    uint32_t vintage;
  } cases[] = {
      // Ends exactly at 2026-01-01T00:00+08: its last millisecond is 23:59:59.999
      // on 31 December 2025 in Beijing.
      {kCst2026Ms - kHourMs, kCst2026Ms, 2025},
      // One millisecond more reaches 2026 in Beijing (16:00 on 31 December UTC).
      {kCst2026Ms, kCst2026Ms + 1, 2026},
      // A period ending at 2025-01-01T00:00Z is 08:00 on New Year's Day in
      // Beijing: already 2025.
      {kCst2025Ms - kHourMs, kCst2025Ms + 8 * kHourMs, 2025},
      {kCst2025Ms - 2 * kHourMs, kCst2025Ms - kHourMs, 2024},
  };
  uint32_t seq = 0;
  for (const Case& c : cases) {
    const uint64_t id = driver.IssuedReport(kProject, c.start, c.end, 10, 10);
    auto batch = BatchOf(chain.state(), id);
    ASSERT_TRUE(batch.has_value());
    EXPECT_EQ(batch->vintage, c.vintage) << c.end;
    EXPECT_EQ(batch->code, testing::Cat(kProject, "-", c.vintage, "-00", ++seq));
  }
}

TEST_F(IssueCreditsTest, DeprecationKeepsTheBufferShareOfExistingProjects) {
  Registered(kProject, kMethodology, 2000);
  v1::Tx deprecate = chain.NewTx("bureau");
  deprecate.mutable_deprecate_methodology()->set_id(kMethodology);
  deprecate.mutable_deprecate_methodology()->set_reason("V02 published");
  Expect(deprecate, v1::OK, "deprecate");
  const uint64_t id = driver.IssuedReport(kProject, kCst2025Ms, kCst2026Ms, 1000, 1000);
  auto batch = BatchOf(chain.state(), id);
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->buffer, 200u);
}

// The other half of the lifecycle through its own transactions: a
// supervisory freeze of the project and a shortfall left by a loss the
// buffer could not cover both stop issuance until lifted or cleared.
TEST_F(IssueCreditsTest, FreezesAndShortfallsFromTheReversalRulesStopIssuance) {
  Registered(kProject, kMethodology, 1000);
  const uint64_t first = driver.IssuedReport(kProject, kCst2025Ms, kCst2026Ms, 1000, 1000);
  ASSERT_EQ(BatchOf(chain.state(), first)->buffer, 100u);
  const uint32_t next =
      driver.EvaluatedReport(kProject, kCst2025Ms - kHourMs, kCst2025Ms, 500, 500);

  v1::Tx freeze = chain.NewTx("bureau");
  freeze.mutable_set_supervisory_freeze()->set_target(v1::FREEZE_PROJECT);
  freeze.mutable_set_supervisory_freeze()->set_id(kProject);
  freeze.mutable_set_supervisory_freeze()->set_reason("fire investigation");
  Expect(freeze, v1::OK, "freeze the project");
  Expect(IssueCreditsTx(chain, kProject, next), v1::FROZEN, "frozen", "fire investigation");
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_supervisory_freeze()->set_target(v1::FREEZE_PROJECT);
  lift.mutable_lift_supervisory_freeze()->set_id(kProject);
  lift.mutable_lift_supervisory_freeze()->set_reason("investigation closed");
  Expect(lift, v1::OK, "lift the freeze");

  // A loss of 150 kg: the project's own buffer (100) covers part, the pool
  // has nothing else, 50 kg remain as the project's shortfall.
  v1::Tx loss = chain.NewTx("bureau");
  loss.mutable_report_loss()->set_project(kProject);
  loss.mutable_report_loss()->set_kind(v1::FIRE);
  loss.mutable_report_loss()->set_loss_kg(150);
  loss.mutable_report_loss()->set_occurred_ms(chain.head().time_ms - kHourMs);
  loss.mutable_report_loss()->set_evidence_hash(Bytes(32, '\x11'));
  Expect(loss, v1::OK, "report the loss");
  EXPECT_EQ(BatchOf(chain.state(), first)->buffer, 0u);
  EXPECT_TRUE(chain.state().Get(keys::Shortfall(kProject)).has_value());
  Expect(IssueCreditsTx(chain, kProject, next), v1::SHORTFALL_OUTSTANDING, "shortfall");
  v1::Tx clear = chain.GovTx("bureau", {"ecology"});
  clear.mutable_clear_shortfall()->set_project(kProject);
  clear.mutable_clear_shortfall()->set_reason("owner surrendered 50 credits off chain");
  Expect(clear, v1::OK, "clear the shortfall");
  Expect(IssueCreditsTx(chain, kProject, next), v1::OK, "issue after clearing");
  EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");
}

TEST_F(IssueCreditsTest, IssueBatchIsNoLongerAccepted) {
  Expect(chain.IssueTx("registrar", "owner-a", 10), v1::UNSUPPORTED_TX_TYPE, "issue_batch in v3",
         "issue_credits");
}

}  // namespace
}  // namespace lincao
