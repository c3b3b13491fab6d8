// Methodologies (chaincode version 3): proposal rules, expert evaluation and
// its quorum, supervisor approval and deprecation, conflicts of interest,
// per-sector suspension of experts, and the expert_quorum parameter. Every
// rejection is checked to write nothing.
#include <gtest/gtest.h>

#include "chaincode/evaluations.h"
#include "chaincode/genesis.h"
#include "chaincode/parameters.h"
#include "tests/unit/chaincode/project_lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::EvaluateMethodologyTx;
using testing::ProjectLifecycleTest;
using testing::ProposeMethodologyTx;

constexpr char kForest[] = "SC-FOR-001-V01";

class MethodologyTest : public ProjectLifecycleTest {
 protected:
  v1::Tx Propose(const std::string& id = kForest, v1::Sector sector = v1::FOREST,
                 const std::string& actor = "registrar") {
    return ProposeMethodologyTx(chain, actor, id, sector, 1500);
  }
  v1::Tx Approve(const std::string& id, const std::string& actor = "bureau") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_approve_methodology()->set_id(id);
    return tx;
  }
  v1::Tx Deprecate(const std::string& id, const std::string& reason = "superseded by V02",
                   const std::string& actor = "bureau") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_deprecate_methodology()->set_id(id);
    tx.mutable_deprecate_methodology()->set_reason(reason);
    return tx;
  }
};

TEST_F(MethodologyTest, ProposalRules) {
  Expect(Propose(kForest, v1::FOREST, "alice"), v1::UNAUTHORIZED, "participant proposes");
  for (const char* bad :
       {"SC-FOR-001-V1", "sc-FOR-001-V01", "SC-XYZ-001-V01", "SC-FOR-01-V01", "SC-FOR-001-V01X",
        "S1-FOR-001-V01", "SC-FOR-001-X01", "SCFOR-001-V01", ""}) {
    Expect(Propose(bad), v1::INVALID_ARGUMENT, std::string("id '") + bad + "'", "not of the form");
  }
  Expect(Propose(kForest, v1::GRASSLAND), v1::INVALID_ARGUMENT, "sector against id",
         "does not match");
  Expect(Propose(kForest, v1::SECTOR_UNSPECIFIED), v1::INVALID_ARGUMENT, "no sector");
  Expect(Propose(kForest, static_cast<v1::Sector>(7)), v1::INVALID_ARGUMENT, "sector 7");

  auto with = [&](auto edit) {
    v1::Tx tx = Propose();
    edit(*tx.mutable_propose_methodology());
    return tx;
  };
  Expect(with([](auto& b) { b.clear_title(); }), v1::INVALID_ARGUMENT, "no title");
  Expect(with([](auto& b) { b.set_title(std::string(1025, 'x')); }), v1::INVALID_ARGUMENT,
         "long title");
  Expect(with([](auto& b) { b.set_buffer_bps(10001); }), v1::INVALID_ARGUMENT, "buffer > 100 %");
  Expect(with([](auto& b) {
           b.clear_factors();
           for (int i = 0; i < 33; ++i) {
             auto* f = b.add_factors();
             f->set_name(testing::Cat("f", 100 + i));
             f->set_unit("1");
           }
         }),
         v1::INVALID_ARGUMENT, "33 factors", "at most 32");
  for (const char* name :
       {"Carbon", "1st", "", "a-b", "x23456789012345678901234567890123456789012345678"}) {
    Expect(with([&](auto& b) { b.mutable_factors(0)->set_name(name); }), v1::INVALID_ARGUMENT,
           std::string("factor name '") + name + "'");
  }
  Expect(with([](auto& b) { b.mutable_factors(1)->set_name("aaa"); }), v1::INVALID_ARGUMENT,
         "factors not ascending", "ascending");
  Expect(with([](auto& b) { b.mutable_factors(1)->set_name(b.factors(0).name()); }),
         v1::INVALID_ARGUMENT, "factor twice");
  Expect(with([](auto& b) { b.mutable_factors(0)->clear_unit(); }), v1::INVALID_ARGUMENT,
         "factor without unit");
  Expect(with([](auto& b) { b.set_evidence_hash(Bytes(31, 'e')); }), v1::INVALID_ARGUMENT,
         "short evidence hash");
  Expect(with([](auto& b) { b.set_buffer_bps(10000); }), v1::OK, "buffer of 100 % is allowed");

  const MethodologyRecord m = Methodology(kForest);
  EXPECT_EQ(m.status, static_cast<uint32_t>(v1::METHODOLOGY_PROPOSED));
  EXPECT_EQ(m.proposer, "registrar");
  EXPECT_EQ(m.sector, static_cast<uint32_t>(v1::FOREST));
  ASSERT_EQ(m.factors.size(), 2u);
  EXPECT_EQ(m.factors[0].name, "carbon_fraction_permille");
  EXPECT_EQ(m.factors[0].value, 470u);
  EXPECT_EQ(m.ToProto().factors(1).unit(), "kg/m3");

  Expect(Propose(), v1::ID_TAKEN, "same id again", "never reused");
  Expect(Propose("SC-WET-002-V01", v1::WETLAND, "owner-a"), v1::OK, "a project owner proposes");
  Expect(Propose("SC-GRA-001-V03", v1::GRASSLAND), v1::OK, "grassland");
}

TEST_F(MethodologyTest, ExpertQuorumEvaluatesThenASupervisorApproves) {
  Expect(Propose(), v1::OK, "propose");
  Expect(EvaluateMethodologyTx(chain, "alice", kForest), v1::UNAUTHORIZED, "not an expert");
  Expect(EvaluateMethodologyTx(chain, "expert-1", "SC-FOR-009-V01"), v1::UNKNOWN_METHODOLOGY,
         "unknown");
  Grant("carol", v1::EXPERT, {v1::GRASSLAND});
  Expect(EvaluateMethodologyTx(chain, "carol", kForest), v1::UNAUTHORIZED, "grassland expert",
         "does not cover sector FOREST");
  v1::Tx short_hash = EvaluateMethodologyTx(chain, "expert-1", kForest);
  short_hash.mutable_evaluate_methodology()->set_opinion_hash("x");
  Expect(short_hash, v1::INVALID_ARGUMENT, "opinion hash");
  Expect(Approve(kForest), v1::EXPERT_QUORUM_NOT_MET, "approve with no evaluation",
         "has 0 expert approvals");
  Expect(Deprecate(kForest), v1::INVALID_STATE, "deprecate a proposal", "is PROPOSED");

  Expect(EvaluateMethodologyTx(chain, "expert-1", kForest), v1::OK, "first approval");
  EXPECT_EQ(Methodology(kForest).status, static_cast<uint32_t>(v1::METHODOLOGY_PROPOSED));
  EXPECT_EQ(Methodology(kForest).approvals, 1u);
  Expect(EvaluateMethodologyTx(chain, "expert-1", kForest, false), v1::ALREADY_EVALUATED,
         "expert-1 again");
  Expect(Approve(kForest), v1::EXPERT_QUORUM_NOT_MET, "one of two", "has 1 expert approval;");
  Expect(EvaluateMethodologyTx(chain, "expert-3", kForest, false), v1::OK, "a rejection");
  Expect(EvaluateMethodologyTx(chain, "expert-2", kForest), v1::OK, "second approval");
  MethodologyRecord m = Methodology(kForest);
  EXPECT_EQ(m.status, static_cast<uint32_t>(v1::METHODOLOGY_EVALUATED));
  EXPECT_EQ(m.approvals, 2u);
  EXPECT_EQ(m.rejections, 1u);
  Expect(EvaluateMethodologyTx(chain, "carol", kForest), v1::UNAUTHORIZED, "still wrong sector");
  Grant("bob", v1::EXPERT, {v1::FOREST});
  Expect(EvaluateMethodologyTx(chain, "bob", kForest), v1::INVALID_STATE, "after the quorum",
         "is EVALUATED");

  auto eval = LoadRecord<EvaluationRecord>(
      chain.state(), keys::Evaluation(keys::MethodologySubject(kForest), "expert-3"));
  ASSERT_TRUE(eval.ok() && eval.value());
  EXPECT_FALSE((*eval)->approve);
  EXPECT_EQ((*eval)->subject, "m:SC-FOR-001-V01");
  EXPECT_EQ((*eval)->opinion_hash.size(), 32u);

  Expect(Approve(kForest, "alice"), v1::UNAUTHORIZED, "participant approves");
  Expect(Approve("SC-FOR-009-V01"), v1::UNKNOWN_METHODOLOGY, "approve unknown");
  Expect(Approve(kForest), v1::OK, "bureau approves");
  m = Methodology(kForest);
  EXPECT_EQ(m.status, static_cast<uint32_t>(v1::METHODOLOGY_APPROVED));
  EXPECT_EQ(m.approved_by, "bureau");
  Expect(Approve(kForest, "ecology"), v1::INVALID_STATE, "approve twice", "is APPROVED");

  Expect(Deprecate(kForest, "", "bureau"), v1::INVALID_ARGUMENT, "no reason");
  Expect(Deprecate(kForest, "old", "alice"), v1::UNAUTHORIZED, "participant deprecates");
  Expect(Deprecate("SC-FOR-009-V01"), v1::UNKNOWN_METHODOLOGY, "deprecate unknown");
  Expect(Deprecate(kForest), v1::OK, "deprecate");
  m = Methodology(kForest);
  EXPECT_EQ(m.status, static_cast<uint32_t>(v1::METHODOLOGY_DEPRECATED));
  EXPECT_EQ(m.deprecated_by, "bureau");
  EXPECT_EQ(m.deprecation_reason, "superseded by V02");
  EXPECT_EQ(m.buffer_bps, 1500u);
  Expect(Deprecate(kForest), v1::INVALID_STATE, "deprecate twice", "is DEPRECATED");
  Expect(Approve(kForest), v1::INVALID_STATE, "approve a deprecated one");
}

TEST_F(MethodologyTest, TheQuorumOfRejectionsRejects) {
  Expect(Propose(), v1::OK, "propose");
  Expect(EvaluateMethodologyTx(chain, "expert-1", kForest, false), v1::OK, "reject 1");
  Expect(EvaluateMethodologyTx(chain, "expert-2", kForest, false), v1::OK, "reject 2");
  EXPECT_EQ(Methodology(kForest).status, static_cast<uint32_t>(v1::METHODOLOGY_REJECTED));
  Expect(EvaluateMethodologyTx(chain, "expert-3", kForest), v1::INVALID_STATE, "after rejection",
         "is REJECTED");
  Expect(Approve(kForest), v1::INVALID_STATE, "approve a rejected one");
  Expect(Propose(), v1::ID_TAKEN, "the id stays taken");
}

TEST_F(MethodologyTest, StakeholdersNeitherEvaluateNorApprove) {
  Grant("owner-b", v1::EXPERT, {v1::FOREST});
  Expect(Propose(kForest, v1::FOREST, "owner-b"), v1::OK, "owner-b proposes");
  Expect(EvaluateMethodologyTx(chain, "owner-b", kForest), v1::CONFLICT_OF_INTEREST,
         "its own proposal", "has a stake");

  Grant("registrar", v1::SUPERVISOR);
  Expect(Propose("SC-FOR-002-V01"), v1::OK, "registrar proposes");
  Expect(EvaluateMethodologyTx(chain, "expert-1", "SC-FOR-002-V01"), v1::OK, "e1");
  Expect(EvaluateMethodologyTx(chain, "expert-2", "SC-FOR-002-V01"), v1::OK, "e2");
  Expect(Approve("SC-FOR-002-V01", "registrar"), v1::CONFLICT_OF_INTEREST, "the proposer approves");
  Expect(Approve("SC-FOR-002-V01", "bureau"), v1::OK, "another supervisor approves");
}

TEST_F(MethodologyTest, ASectorSuspensionBarsExpertWorkInThatSectorOnly) {
  Expect(Propose(), v1::OK, "forest");
  Expect(Propose("SC-GRA-001-V01", v1::GRASSLAND), v1::OK, "grassland");
  v1::Tx suspend = chain.NewTx("bureau");
  suspend.mutable_impose_sanction()->set_account("expert-1");
  suspend.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  suspend.mutable_impose_sanction()->add_sectors(v1::FOREST);
  suspend.mutable_impose_sanction()->set_reason("undeclared consultancy for a forest developer");
  Expect(suspend, v1::OK, "suspend an expert in FOREST (chaincode v3)");
  Expect(EvaluateMethodologyTx(chain, "expert-1", kForest), v1::SANCTIONED, "forest work",
         "SUSPENDED in sector FOREST");
  Expect(EvaluateMethodologyTx(chain, "expert-1", "SC-GRA-001-V01"), v1::OK, "grassland work");

  // Before version 3 an expert's work was not sector-bound: the same
  // sanction stays refused there, as it was when those rules were written.
  testing::ChainOptions v2 = testing::LifecycleOptions();
  v2.chaincode_version = 2;
  testing::TestChain old(v2);
  v1::Tx grant = old.GovTx("bureau", {"ecology"});
  grant.mutable_grant_role()->set_account("expert-1");
  grant.mutable_grant_role()->set_role(v1::EXPERT);
  grant.mutable_grant_role()->add_sectors(v1::FOREST);
  ASSERT_TRUE(old.Apply(grant).ok());
  v1::Tx old_suspend = old.NewTx("bureau");
  *old_suspend.mutable_impose_sanction() = suspend.impose_sanction();
  EXPECT_EQ(old.Apply(old_suspend).code(), v1::INVALID_ARGUMENT);
}

TEST_F(MethodologyTest, TheExpertQuorumIsAGovernedParameter) {
  SetParameter("expert_quorum", 0, v1::PARAMETER_OUT_OF_BOUNDS);
  SetParameter("expert_quorum", 16, v1::PARAMETER_OUT_OF_BOUNDS);
  SetParameter("home_area_prefix", 9, v1::PARAMETER_OUT_OF_BOUNDS);
  SetParameter("home_area_prefix", 100, v1::PARAMETER_OUT_OF_BOUNDS);
  SetParameter("expert_quorum", 3);
  Expect(Propose(), v1::OK, "propose");
  Expect(EvaluateMethodologyTx(chain, "expert-1", kForest), v1::OK, "1 of 3");
  Expect(EvaluateMethodologyTx(chain, "expert-2", kForest), v1::OK, "2 of 3");
  EXPECT_EQ(Methodology(kForest).status, static_cast<uint32_t>(v1::METHODOLOGY_PROPOSED));
  Expect(Approve(kForest), v1::EXPERT_QUORUM_NOT_MET, "2 of 3", "asks for 3");
  // Lowered: the approvals already recorded meet it, and the supervisor
  // need not wait for another evaluation.
  SetParameter("expert_quorum", 2);
  Expect(Approve(kForest), v1::OK, "2 of 2 after lowering");

  auto listed = ListParameters(chain.params(), chain.state());
  ASSERT_TRUE(listed.ok());
  std::map<std::string, v1::Parameter> by_name;
  for (const auto& p : *listed) by_name[p.name()] = p;
  EXPECT_EQ(by_name["expert_quorum"].default_value(), 2u);
  EXPECT_EQ(by_name["expert_quorum"].value(), 2u);
  EXPECT_EQ(by_name["expert_quorum"].max(), 15u);
  EXPECT_EQ(by_name["home_area_prefix"].default_value(), 51u);
  EXPECT_EQ(by_name["home_area_prefix"].value(), 51u);
  EXPECT_EQ(by_name["home_area_prefix"].set_height(), 0u);

  // Chains before version 3 do not know these names, as before.
  testing::ChainOptions v2 = testing::LifecycleOptions();
  v2.chaincode_version = 2;
  testing::TestChain old(v2);
  v1::Tx tx = old.GovTx("bureau", {"ecology"});
  tx.mutable_set_parameter()->set_name("expert_quorum");
  tx.mutable_set_parameter()->set_value(3);
  Status st = old.Apply(tx);
  EXPECT_EQ(st.code(), v1::UNKNOWN_PARAMETER);
  auto old_listed = ListParameters(old.params(), old.state(), 2);
  ASSERT_TRUE(old_listed.ok());
  EXPECT_EQ(old_listed->size(), 3u) << "a version 2 chain lists only what it can set";
  EXPECT_EQ(st.message().find("expert_quorum"), st.message().rfind("expert_quorum"))
      << "the list of known names must not offer it: " << st.message();
}

TEST_F(MethodologyTest, GenesisNeitherWritesNorAcceptsTheLifecycleParameters) {
  const std::string json = GenesisToJson(chain.spec());
  EXPECT_EQ(json.find("expert_quorum"), std::string::npos);
  EXPECT_EQ(json.find("home_area_prefix"), std::string::npos);
  auto parsed = ParseGenesisJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->params.expert_quorum, 2u);
  EXPECT_EQ(parsed->params.home_area_prefix, 51u);
  // kg_per_planting_duty (chaincode version 4) is governed the same way.
  EXPECT_EQ(json.find("kg_per_planting_duty"), std::string::npos);
  for (const char* name : {"expert_quorum", "home_area_prefix", "kg_per_planting_duty"}) {
    std::string edited = json;
    const std::string anchor = "\"params\": {";
    const size_t at = edited.find(anchor);
    ASSERT_NE(at, std::string::npos) << json;
    edited.insert(at + anchor.size(), testing::Cat("\"", name, "\":3,"));
    auto refused = ParseGenesisJson(edited);
    EXPECT_EQ(refused.status().code(), v1::INVALID_ARGUMENT) << name;
    EXPECT_NE(refused.status().message().find("set_parameter"), std::string::npos)
        << refused.status().message();
  }
}

TEST_F(MethodologyTest, RecordsRoundTripAndConvert) {
  Expect(Propose(), v1::OK, "propose");
  MethodologyRecord m = Methodology(kForest);
  MethodologyRecord back;
  ASSERT_TRUE(MethodologyRecord::Decode(m.Encode(), &back));
  EXPECT_EQ(back.Encode(), m.Encode());
  Bytes bytes = m.Encode();
  EXPECT_EQ(bytes[0], 'T');
  EXPECT_EQ(bytes[1], 1);
  EXPECT_FALSE(MethodologyRecord::Decode(bytes + "x", &back));
  EXPECT_FALSE(MethodologyRecord::Decode(bytes.substr(0, bytes.size() - 1), &back));
  v1::Methodology view = m.ToProto();
  EXPECT_EQ(view.id(), kForest);
  EXPECT_EQ(view.status(), v1::METHODOLOGY_PROPOSED);
  EXPECT_EQ(view.buffer_bps(), 1500u);
  EXPECT_EQ(view.sector(), v1::FOREST);
}

}  // namespace
}  // namespace lincao
