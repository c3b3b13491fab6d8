// Fixed vectors of the credit lifecycle's state records and keys (chaincode
// version 3) and of using credits' (version 4). A change in a pinned value is a format change:
// state roots of existing chains would move. Each literal was derived twice: by this code and,
// independently, by lifecycle_vectors.py in this folder from the field lists of docs/formats.md;
// run it after a deliberate format change.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/claim_records.h"
#include "chaincode/evaluations.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/points_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/retirements.h"
#include "chaincode/settlement_records.h"
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

// Using credits (chaincode version 4): docs/formats.md "Chaincode version 4".
TEST(LifecycleVectors, RetirementFormat2AndTotals) {
  RetirementRecordData r;
  r.id = 7;
  r.tx_id.fill(0x61);
  r.height = 40;
  r.time_ms = 1767225601000;
  r.holder = "timber-co";
  r.quantity = 10000;
  r.ranges = {{1, 1100001, 1110000}};
  r.beneficiary_organisation = "Pingwu Timber Co.";
  r.purpose = v1::ECO_JUDICIAL;
  r.jurisdiction = "510727";
  r.period_start_ms = 1767225600000;
  r.period_end_ms = 1798761600000;
  r.note = "substitute restoration";
  r.format = 2;
  r.case_number = "(2026) Chuan 0727 Xing Chu 15";
  r.court = "pingwu-court";
  EXPECT_EQ(HashHex(r.Encode()),
            "d4ff5441fb0504dba8bc1ad3403b0d44bfed5aaae5416347259f556fdc0f1734");
  EXPECT_EQ(HashHex(RetirementTotalsRecord{10000, 1}.Encode()),
            "42646b753b94755d81f9e55a8fb92519c09c2ae86be1cdb98148ba6092d58399");
  const std::string commitment(32, '\xc0');
  EXPECT_EQ(ToHex(keys::RetirementByCommitment(commitment, 7)),
            "522f632fc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0"
            "2f0000000000000007");
  EXPECT_EQ(ToHex(keys::RetirementByPurpose(v1::ECO_JUDICIAL, 7)),
            "522f702f000000032f0000000000000007");
  EXPECT_EQ(ToHex(keys::RetirementByProject("SC-P-2026-0001", 7)),
            "522f6a2f53432d502d323032362d303030312f0000000000000007");
  EXPECT_EQ(ToHex(keys::RetirementByPeriod(1767225600000, 7)),
            "522f732f0000019b76daa8002f0000000000000007");
  EXPECT_EQ(ToHex(keys::RetirementTotals(v1::ECO_JUDICIAL)), "522f742f00000003");
}

TEST(LifecycleVectors, MandateAndSettlement) {
  MandateRecord m{"panda-coop", "west-exchange", 32, 1767225602000, {}};
  m.tx_id.fill(0x62);
  EXPECT_EQ(HashHex(m.Encode()),
            "857621f282c2eeddf40fe11bbbccb1a0f8fd3e3c6cf49fc0035868919a015d5f");
  SettlementRecord s;
  s.exchange = "west-exchange";
  s.trade_ref = "WX-2026-000381";
  s.tx_id.fill(0x63);
  s.height = 33;
  s.time_ms = 1767225603000;
  s.legs = {{"panda-coop", "chengdu-expo", 500, {{240001, 240500, 1}}},
            {"panda-coop", "metro-group", 300, {{240501, 240600, 1}, {1200001, 1200200, 2}}}};
  EXPECT_EQ(HashHex(s.Encode()),
            "30467025b377ff50fde871d49974cba766b346d6ded2b298a4c6ba404766daaf");
  EXPECT_EQ(keys::Mandate("west-exchange", "panda-coop"), "T/m/west-exchange/panda-coop");
  EXPECT_EQ(keys::Settlement("west-exchange", "WX-2026-000381"),
            "T/s/west-exchange/WX-2026-000381");
}

// Neutrality claims and personal carbon points (chaincode version 4): the
// records and keys of docs/formats.md "State keys and records", derived
// again by lifecycle_vectors.py.
TEST(LifecycleVectors, ClaimAndPoints) {
  NeutralityClaimRecord c;
  c.id = 1;
  c.tx_id.fill(0x71);
  c.height = 27;
  c.time_ms = 1767225604000;
  c.declarant = "tianfu-park";
  c.entity_kind = v1::ENTITY_ORGANISATION;
  c.entity = "Tianfu Software Park";
  c.period_start_ms = 1767225600000;
  c.period_end_ms = 1798761600000;
  c.footprint_kg = 3000;
  c.evidence_hash.fill(0x72);
  c.platform = "dd-platform";
  c.covered_kg = 3000;
  c.retirements = 2;
  c.state = v1::CLAIM_WITNESSED;
  c.closed_by = "dd-platform";
  c.closed_height = 31;
  c.closed_time_ms = 1767225605000;
  c.closed_tx_id.fill(0x73);
  c.statement_hash = std::string(32, '\x74');
  EXPECT_EQ(HashHex(c.Encode()),
            "9468b07a13ea00bf2444650ea307c52918abdae2c4491290a7dd0963728bc768");
  EXPECT_EQ(HashHex(ClaimCounterRecord{2}.Encode()),
            "f7a3724346daccb09a1b8ea4c96555ddf9dce9fe085da17b4dda2b86329bb8d5");
  EXPECT_EQ(HashHex(PointsAccountRecord{500, 6500, 6000, 5}.Encode()),
            "8a878e218b6e1f7c8457772660b7176304672154aac3136b1d15e41677c7f249");
  PointMovementRecord m;
  m.seq = 1;
  m.kind = v1::POINTS_EARNED;
  m.points = 3000;
  m.balance_after = 3000;
  m.height = 35;
  m.time_ms = 1767225606000;
  m.tx_id.fill(0x75);
  m.platform = "dd-platform";
  m.day = 20454;
  m.category = v1::TRAVEL;
  m.evidence_hash = std::string(32, '\x76');
  EXPECT_EQ(HashHex(m.Encode()),
            "fb5e5da62e4a8cc15956f367278d936f87674f3e73664ca4ea8acfa22702c392");
  EXPECT_EQ(HashHex(DailyPointsRecord{5000}.Encode()),
            "8276736530175d56de223e9b96e846a1ec5a857e3f1c5ed9250a8e33add424e5");
  EXPECT_EQ(ToHex(keys::ClaimCounter()), "4e");
  EXPECT_EQ(ToHex(keys::Claim(1)), "4e2f0000000000000001");
  EXPECT_EQ(ToHex(keys::EntityClaim(v1::ENTITY_ORGANISATION, "Tianfu Software Park", 1)),
            "452f00000001000000145469616e667520536f667477617265205061726b0000000000000001");
  EXPECT_EQ(ToHex(keys::ClaimLink(1, 2)), "4b2f00000000000000012f0000000000000002");
  EXPECT_EQ(keys::PointsAccount("p-0001"), "P/p-0001");
  EXPECT_EQ(ToHex(keys::PointMovement("p-0001", 1)), "4d2f702d303030312f0000000000000001");
  EXPECT_EQ(ToHex(keys::DailyPoints("p-0001", 20454)), "442f702d303030312f0000000000004fe6");
}

}  // namespace
}  // namespace lincao
