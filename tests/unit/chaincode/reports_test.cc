// Monitoring reports (chaincode version 3): submission by the owner of a
// registered project, periods inside the crediting period and never
// overlapping (checked through the i/ index), the verifier's attestation
// and the experts' evaluation after it. Every rejection writes nothing.
#include <gtest/gtest.h>

#include "chaincode/limits.h"
#include "tests/unit/chaincode/project_lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::AttestReportTx;
using testing::ChainOptions;
using testing::EvaluateReportTx;
using testing::kCst2025Ms;
using testing::kCst2026Ms;
using testing::LifecycleOptions;
using testing::ProjectLifecycleTest;
using testing::ProjectSpec;
using testing::SubmitReportTx;

constexpr char kProject[] = "SC-P-0001";
constexpr uint64_t kDayMs = 24ull * 60 * 60 * 1000;

class ReportTest : public ProjectLifecycleTest {
 protected:
  explicit ReportTest(ChainOptions options = LifecycleOptions())
      : ProjectLifecycleTest(std::move(options)) {
    driver.ApprovedMethodology("SC-FOR-001-V01", v1::FOREST, 1500);
    driver.RegisteredProject(ProjectSpec());
  }
  v1::Tx Submit(uint64_t start, uint64_t end, uint64_t claimed = 1000,
                const std::string& owner = "owner-a") {
    return SubmitReportTx(chain, owner, kProject, start, end, claimed);
  }
  v1::Tx Hold(const std::string& kind) {
    v1::Tx tx = chain.NewTx("bureau");
    if (kind == "hold") {
      tx.mutable_hold_project()->set_id(kProject);
      tx.mutable_hold_project()->set_reason("audit of the survey");
    } else if (kind == "resume") {
      tx.mutable_resume_project()->set_id(kProject);
      tx.mutable_resume_project()->set_reason("survey confirmed");
    } else {
      tx.mutable_terminate_project()->set_id(kProject);
      tx.mutable_terminate_project()->set_reason("owner withdrew");
    }
    return tx;
  }
};

TEST_F(ReportTest, SubmissionRules) {
  const uint64_t a = kCst2025Ms, b = kCst2026Ms;
  Expect(Submit(a, b, 1000, "alice"), v1::UNAUTHORIZED, "participant");
  Expect(Submit(a, b, 1000, "owner-b"), v1::UNAUTHORIZED, "another owner",
         "only the project's owner 'owner-a'");
  Expect(SubmitReportTx(chain, "owner-a", "SC-P-404", a, b, 1000), v1::UNKNOWN_PROJECT,
         "unknown project");
  v1::Tx no_hash = Submit(a, b);
  no_hash.mutable_submit_report()->set_evidence_hash("");
  Expect(no_hash, v1::INVALID_ARGUMENT, "evidence hash");
  Expect(Submit(a, b, 0), v1::ZERO_QUANTITY, "nothing claimed");
  Expect(Submit(a, b, kMaxQuantity + 1), v1::QUANTITY_OVERFLOW, "claim beyond a batch");
  Expect(Submit(b, b), v1::INVALID_ARGUMENT, "empty period");
  Expect(Submit(b, a), v1::INVALID_ARGUMENT, "reversed period");
  const ProjectRecord p = Project(kProject);
  Expect(Submit(p.crediting_start_ms - 1, b), v1::OUTSIDE_CREDITING_PERIOD,
         "starts before crediting", "not inside the crediting period");
  Expect(Submit(a, p.crediting_end_ms + 1), v1::OUTSIDE_CREDITING_PERIOD, "ends after crediting");
  const uint64_t now = chain.head().time_ms;
  Expect(Submit(now - kDayMs, now + 1), v1::OUTSIDE_CREDITING_PERIOD, "ends in the future",
         "ends after the chain's time");
  Expect(Submit(now - kDayMs, now, kMaxQuantity), v1::OK, "ends right now, the largest claim");
  Expect(Submit(p.crediting_start_ms, p.crediting_start_ms + kDayMs), v1::OK,
         "starts with the crediting period");
  EXPECT_EQ(Project(kProject).reports, 2u);
  const ReportRecord r = Report(kProject, 2);
  EXPECT_EQ(r.number, 2u);
  EXPECT_EQ(r.status, static_cast<uint32_t>(v1::REPORT_SUBMITTED));
  EXPECT_EQ(r.claimed_kg, 1000u);
  EXPECT_EQ(r.submitter, "owner-a");
  auto period = LoadRecord<ReportPeriodRecord>(
      chain.state(), keys::ReportPeriod(kProject, p.crediting_start_ms + kDayMs));
  ASSERT_TRUE(period.ok() && period.value());
  EXPECT_EQ((*period)->report, 2u);
  EXPECT_EQ((*period)->period_start_ms, p.crediting_start_ms);
}

TEST_F(ReportTest, OnlyARegisteredProjectReports) {
  Expect(Hold("hold"), v1::OK, "hold");
  Expect(Submit(kCst2025Ms, kCst2026Ms), v1::INVALID_STATE, "on hold",
         "ON_HOLD (by 'bureau': audit of the survey)");
  Expect(Hold("resume"), v1::OK, "resume");
  Expect(Submit(kCst2025Ms, kCst2026Ms), v1::OK, "resumed");
  Expect(Hold("terminate"), v1::OK, "terminate");
  Expect(Submit(kCst2025Ms - kDayMs, kCst2025Ms), v1::INVALID_STATE, "terminated");
  ProjectSpec submitted;
  submitted.id = "SC-P-0002";
  submitted.parcels = {testing::ForestParcel("510722", "2", "2")};
  Expect(testing::SubmitProjectTx(chain, submitted), v1::OK, "a new project");
  Expect(SubmitReportTx(chain, "owner-a", "SC-P-0002", kCst2025Ms, kCst2026Ms, 10),
         v1::INVALID_STATE, "not yet registered", "is SUBMITTED");
}

TEST_F(ReportTest, PeriodsNeverOverlap) {
  // Two reports: [10, 20) and [30, 40) days after the start of 2025.
  auto day = [](uint64_t n) { return kCst2025Ms + n * kDayMs; };
  Expect(Submit(day(10), day(20)), v1::OK, "report 1");
  Expect(Submit(day(30), day(40)), v1::OK, "report 2");
  struct Case {
    uint64_t start, end;
    ErrorCode want;
    const char* names;
  } cases[] = {
      {day(10), day(20), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(5), day(11), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(19), day(25), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(12), day(15), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(5), day(45), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(25), day(31), v1::PERIOD_OVERLAP, "overlaps report 2"},
      {day(39), day(50), v1::PERIOD_OVERLAP, "overlaps report 2"},
      {day(15), day(35), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(20) - 1, day(20), v1::PERIOD_OVERLAP, "overlaps report 1"},
      {day(0), day(10), v1::OK, ""},   // touches report 1 from below
      {day(20), day(30), v1::OK, ""},  // fills the gap exactly
      {day(40), day(41), v1::OK, ""},  // touches report 2 from above
  };
  for (const Case& c : cases) {
    Expect(Submit(c.start, c.end), c.want,
           testing::Cat("[day ", (c.start - kCst2025Ms) / kDayMs, ", day ",
                        (c.end - kCst2025Ms) / kDayMs, ")"),
           c.names);
  }
  EXPECT_EQ(Project(kProject).reports, 5u);
}

TEST_F(ReportTest, ARejectedReportFreesItsPeriod) {
  Expect(Submit(kCst2025Ms, kCst2026Ms, 5000), v1::OK, "report 1");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 5000), v1::OK, "attest");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 1, false), v1::OK, "reject 1");
  Expect(Submit(kCst2025Ms, kCst2026Ms, 4000), v1::PERIOD_OVERLAP, "still pending");
  Expect(EvaluateReportTx(chain, "expert-2", kProject, 1, false), v1::OK, "reject 2");
  EXPECT_EQ(Report(kProject, 1).status, static_cast<uint32_t>(v1::REPORT_REJECTED));
  EXPECT_FALSE(chain.state().Get(keys::ReportPeriod(kProject, kCst2026Ms)).has_value());
  Expect(Submit(kCst2025Ms, kCst2026Ms, 4000), v1::OK, "the period again, as report 2");
  Expect(EvaluateReportTx(chain, "expert-3", kProject, 1), v1::INVALID_STATE,
         "evaluate the rejected one", "is REJECTED");
  Expect(testing::IssueCreditsTx(chain, kProject, 1), v1::INVALID_STATE, "issue a rejected one");
}

TEST_F(ReportTest, AttestationRules) {
  Expect(Submit(kCst2025Ms, kCst2026Ms, 1000), v1::OK, "report 1");
  Expect(AttestReportTx(chain, "alice", kProject, 1, 900), v1::UNAUTHORIZED, "not a verifier");
  Expect(AttestReportTx(chain, "verifier-1", "SC-P-404", 1, 900), v1::UNKNOWN_PROJECT,
         "unknown project");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 2, 900), v1::UNKNOWN_REPORT,
         "unknown report", "has no report 2");
  Grant("carol", v1::VERIFIER, {v1::GRASSLAND, v1::WETLAND});
  Expect(AttestReportTx(chain, "carol", kProject, 1, 900), v1::UNAUTHORIZED, "wrong sector",
         "does not cover sector FOREST");
  Grant("owner-a", v1::VERIFIER, {v1::FOREST});
  Expect(AttestReportTx(chain, "owner-a", kProject, 1, 900), v1::CONFLICT_OF_INTEREST,
         "the owner verifies");
  v1::Tx no_hash = AttestReportTx(chain, "verifier-1", kProject, 1, 900);
  no_hash.mutable_attest_report()->set_attestation_hash("abc");
  Expect(no_hash, v1::INVALID_ARGUMENT, "attestation hash");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 0), v1::ZERO_QUANTITY, "zero");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 1001), v1::EXCEEDS_CLAIM,
         "raises the claim", "never raise it");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 1), v1::INVALID_STATE,
         "evaluate before attestation", "after the verifier");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 1000), v1::OK, "the whole claim");
  const ReportRecord r = Report(kProject, 1);
  EXPECT_EQ(r.status, static_cast<uint32_t>(v1::REPORT_ATTESTED));
  EXPECT_EQ(r.verifier, "verifier-1");
  EXPECT_EQ(r.verified_kg, 1000u);
  EXPECT_EQ(r.attestation_hash.size(), 32u);
  Grant("bob", v1::VERIFIER, {v1::FOREST});
  Expect(AttestReportTx(chain, "bob", kProject, 1, 500), v1::INVALID_STATE, "attest twice",
         "is ATTESTED");
}

TEST_F(ReportTest, ASectorSuspendedVerifierCannotAttest) {
  Expect(Submit(kCst2025Ms, kCst2026Ms, 1000), v1::OK, "report 1");
  v1::Tx suspend = chain.NewTx("ecology");
  suspend.mutable_impose_sanction()->set_account("verifier-1");
  suspend.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  suspend.mutable_impose_sanction()->add_sectors(v1::FOREST);
  suspend.mutable_impose_sanction()->set_reason("attested a burnt stand as intact");
  Expect(suspend, v1::OK, "suspend in FOREST");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 800), v1::SANCTIONED, "suspended",
         "SUSPENDED in sector FOREST");
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_sanction()->set_account("verifier-1");
  lift.mutable_lift_sanction()->set_reason("retrained");
  Expect(lift, v1::OK, "lift");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 800), v1::OK, "after the lift");
}

TEST_F(ReportTest, EvaluationRules) {
  Expect(Submit(kCst2025Ms, kCst2026Ms, 1000), v1::OK, "report 1");
  Grant("carol", v1::VERIFIER, {v1::FOREST});
  Grant("carol", v1::EXPERT, {v1::FOREST});
  Expect(AttestReportTx(chain, "carol", kProject, 1, 800), v1::OK, "carol attests");
  Expect(EvaluateReportTx(chain, "alice", kProject, 1), v1::UNAUTHORIZED, "not an expert");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 9), v1::UNKNOWN_REPORT, "unknown report");
  Expect(EvaluateReportTx(chain, "carol", kProject, 1), v1::CONFLICT_OF_INTEREST,
         "the verifier evaluates its own attestation");
  v1::Tx no_hash = EvaluateReportTx(chain, "expert-1", kProject, 1);
  no_hash.mutable_evaluate_report()->clear_opinion_hash();
  Expect(no_hash, v1::INVALID_ARGUMENT, "opinion hash");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 1), v1::OK, "e1");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 1), v1::ALREADY_EVALUATED, "e1 again");
  Expect(EvaluateReportTx(chain, "expert-2", kProject, 1), v1::OK, "e2");
  ReportRecord r = Report(kProject, 1);
  EXPECT_EQ(r.status, static_cast<uint32_t>(v1::REPORT_EVALUATED));
  EXPECT_EQ(r.approvals, 2u);
  Expect(EvaluateReportTx(chain, "expert-3", kProject, 1), v1::INVALID_STATE, "closed",
         "is EVALUATED");
  // Review goes on while the project is on hold; it stops once terminated.
  Expect(Submit(kCst2025Ms - kDayMs, kCst2025Ms, 10), v1::OK, "report 2");
  Expect(Hold("hold"), v1::OK, "hold");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 2, 10), v1::OK, "attest on hold");
  Expect(EvaluateReportTx(chain, "expert-1", kProject, 2), v1::OK, "evaluate on hold");
  Expect(Hold("terminate"), v1::OK, "terminate");
  Expect(EvaluateReportTx(chain, "expert-2", kProject, 2), v1::INVALID_STATE, "terminated",
         "is TERMINATED");
}

// The report number is the created id from chaincode version 4 on, so the
// owner learns which number the verifier and experts will name; version 3
// results keep created_id 0 and hash as they did.
class ReportV4Test : public ReportTest {
 protected:
  ReportV4Test() : ReportTest(testing::UsingCreditsOptions()) {}
};

TEST_F(ReportTest, VersionThreeCreatesNoId) {
  BuiltBlock b = chain.CommitTx(Submit(kCst2025Ms, kCst2026Ms));
  ASSERT_EQ(b.block.results_size(), 1);
  EXPECT_EQ(b.block.results(0).code(), v1::OK);
  EXPECT_EQ(b.block.results(0).created_id(), 0u);
}

TEST_F(ReportV4Test, TheReportNumberIsTheCreatedId) {
  for (uint32_t n = 1; n <= 2; ++n) {
    BuiltBlock b = chain.CommitTx(Submit(kCst2025Ms + (n - 1) * kDayMs, kCst2025Ms + n * kDayMs));
    ASSERT_EQ(b.block.results_size(), 1);
    EXPECT_EQ(b.block.results(0).code(), v1::OK) << b.block.results(0).message();
    EXPECT_EQ(b.block.results(0).created_id(), n);
  }
}

TEST_F(ReportTest, RecordsRoundTrip) {
  Expect(Submit(kCst2025Ms, kCst2026Ms, 1000), v1::OK, "report 1");
  Expect(AttestReportTx(chain, "verifier-1", kProject, 1, 700), v1::OK, "attest");
  const ReportRecord r = Report(kProject, 1);
  ReportRecord back;
  ASSERT_TRUE(ReportRecord::Decode(r.Encode(), &back));
  EXPECT_EQ(back.Encode(), r.Encode());
  EXPECT_EQ(r.Encode()[0], 'Y');
  EXPECT_FALSE(ReportRecord::Decode(r.Encode() + "?", &back));
  v1::MonitoringReport view = r.ToProto();
  EXPECT_EQ(view.project(), kProject);
  EXPECT_EQ(view.number(), 1u);
  EXPECT_EQ(view.status(), v1::REPORT_ATTESTED);
  EXPECT_EQ(view.verified_kg(), 700u);
  EXPECT_EQ(view.period_end_ms(), kCst2026Ms);
}

}  // namespace
}  // namespace lincao
