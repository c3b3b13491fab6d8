// Fixed vectors of the credit lifecycle's state records and keys (chaincode
// version 3). A change in a pinned value is a format change: state roots of
// existing chains would move. Each literal was derived twice: by this code
// and, independently, by lifecycle_vectors.py in this folder from the field
// lists of docs/formats.md; run it after a deliberate format change.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/evaluations.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/suite.h"
#include "chaincode/vintage.h"

namespace lincao {
namespace {

std::string HashHex(const Bytes& b) { return ToHex(DefaultSuite().Hash({b})); }

TEST(LifecycleVectors, MethodologyAndEvaluation) {
  MethodologyRecord m;
  m.id = "SC-FOR-001-V01";
  m.sector = v1::FOREST;
  m.title = "Afforestation carbon sink";
  m.buffer_bps = 1500;
  m.factors = {{"carbon_fraction_permille", 470, "permille"}, {"wood_density_kg_m3", 450, "kg/m3"}};
  m.evidence_hash = Bytes(32, '\x31');
  m.proposer = "registrar";
  m.proposed_height = 3;
  m.status = v1::METHODOLOGY_APPROVED;
  m.approvals = 2;
  m.rejections = 1;
  m.status_height = 7;
  m.approved_by = "bureau";
  EXPECT_EQ(HashHex(m.Encode()),
            "2e486316fdf51e899e0e1f4faef6940f0d846b8575f5388b051e80cc52d98104");

  EvaluationRecord e;
  e.subject = keys::MethodologySubject("SC-FOR-001-V01");
  e.expert = "expert-1";
  e.approve = true;
  e.opinion_hash = Bytes(32, '\x32');
  e.height = 5;
  e.time_ms = 1767225601000;
  e.tx_id.fill(0xab);
  EXPECT_EQ(HashHex(e.Encode()),
            "f405cf118dea84a8e69d15c54b525bf23c13840f24b9e029f0e89c044579d30b");
  EXPECT_EQ(keys::Evaluation(e.subject, e.expert), "u/m:SC-FOR-001-V01/expert-1");
  EXPECT_EQ(keys::ReportSubject("SC-P-0001", 12), "r:SC-P-0001:12");
  EXPECT_EQ(keys::Methodology("SC-FOR-001-V01"), "t/SC-FOR-001-V01");
}

TEST(LifecycleVectors, ProjectParcelsAndClaim) {
  ProjectRecord p;
  p.id = "SC-P-0001";
  p.owner = "owner-a";
  p.methodology = "SC-FOR-001-V01";
  p.area_code = "510722";
  ParcelRecord forest;
  forest.area_code = "510722";
  forest.compartment = "12";
  forest.sub_compartment = "3";
  forest.boundary_hash = Bytes(32, '\x21');
  forest.area_centiha = 4200;
  ParcelRecord unit;
  unit.area_code = "510722";
  unit.real_estate_unit = "510722GB00001W00000001000000";
  unit.boundary_hash = Bytes(32, '\x22');
  unit.area_centiha = 800;
  p.parcels = {forest, unit};
  p.crediting_start_ms = 1577808000000;
  p.crediting_end_ms = 2208960000000;
  p.tags = {v1::GIANT_PANDA_NATIONAL_PARK, v1::ENTRUSTED_COLLECTIVE_FOREST};
  p.collective = "collective";
  p.collective_share_bps = 3000;
  p.title = "Pingwu panda habitat";
  p.design_hash = Bytes(32, '\x41');
  p.survey_hash = Bytes(32, '\x42');
  p.submitted_height = 10;
  p.status = v1::PROJECT_REGISTERED;
  p.approvals = 2;
  p.status_height = 14;
  p.approved_by = "bureau";
  p.registered_by = "registrar";
  p.reports = 1;
  p.batches = 1;
  EXPECT_EQ(HashHex(p.Encode()),
            "ddc6c70b2bdaad1e795aa0680a1d6e196856517cae1e835bef3dd8741ca89db9");
  EXPECT_EQ(forest.Key(), "510722/f/12/3");
  EXPECT_EQ(unit.Key(), "510722/u/510722GB00001W00000001000000");
  EXPECT_EQ(keys::ParcelClaim(forest.Key()), "l/510722/f/12/3");
  EXPECT_EQ(keys::Project(p.id), "j/SC-P-0001");
  EXPECT_EQ(HashHex(ParcelClaimRecord{p.id}.Encode()),
            "210e3b0f09310ad982cb78e005a01deddfb392f62ee09e1f9ffd5893624821da");
}

TEST(LifecycleVectors, ReportAndPeriodIndex) {
  ReportRecord r;
  r.project = "SC-P-0001";
  r.number = 1;
  r.submitter = "owner-a";
  r.period_start_ms = 1735660800000;
  r.period_end_ms = 1767196800000;
  r.claimed_kg = 120000;
  r.evidence_hash = Bytes(32, '\x51');
  r.submitted_height = 15;
  r.status = v1::REPORT_ISSUED;
  r.verifier = "verifier-1";
  r.verified_kg = 100000;
  r.attestation_hash = Bytes(32, '\x52');
  r.attested_height = 16;
  r.approvals = 2;
  r.status_height = 19;
  r.batch_id = 1;
  EXPECT_EQ(HashHex(r.Encode()),
            "00310dca96876ef9d2b413330300807395817da4e983b2f20baef611f07f4e23");
  EXPECT_EQ(HashHex(ReportPeriodRecord{1, r.period_start_ms}.Encode()),
            "f497693f7d506ac0476c74c590faaede3d70e8df4b20d3b3642dd62e715b235d");
  EXPECT_EQ(keys::Report(r.project, 1), "y/SC-P-0001/" + BigEndian64(1));
  EXPECT_EQ(keys::ReportPeriod(r.project, r.period_end_ms),
            "i/SC-P-0001/" + BigEndian64(1767196800000));
}

TEST(LifecycleVectors, Vintages) {
  EXPECT_EQ(VintageOfPeriod(1767196800000), 2025u);
  EXPECT_EQ(VintageOfPeriod(1767196800001), 2026u);
  EXPECT_EQ(VintageOfPeriod(951782400000), 2000u);
  EXPECT_EQ(VintageOfPeriod(4133952000000), 2100u);
}

}  // namespace
}  // namespace lincao
