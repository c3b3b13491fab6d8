// Projects and parcels (chaincode version 3): submission rules, parcel keys
// and uniqueness (唯一性), the home registry, tags and the entrusted
// collective, and the project lifecycle up to registration, hold, resume
// and termination. Every rejection is checked to write nothing.
#include <gtest/gtest.h>

#include "tests/unit/chaincode/project_lifecycle_fixture.h"

namespace lincao {
namespace {

using testing::ChainOptions;
using testing::EvaluateProjectTx;
using testing::ForestParcel;
using testing::LifecycleOptions;
using testing::ProjectLifecycleTest;
using testing::ProjectSpec;
using testing::SubmitProjectTx;
using testing::UnitParcel;
using testing::UsingCreditsOptions;

constexpr char kForest[] = "SC-FOR-001-V01";

class ProjectTest : public ProjectLifecycleTest {
 protected:
  explicit ProjectTest(ChainOptions options = LifecycleOptions())
      : ProjectLifecycleTest(std::move(options)) {
    driver.ApprovedMethodology(kForest, v1::FOREST, 1500);
  }

  v1::Tx Submit(const ProjectSpec& spec = ProjectSpec()) { return SubmitProjectTx(chain, spec); }
  template <typename Edit>
  v1::Tx SubmitWith(Edit edit) {
    v1::Tx tx = Submit();
    edit(*tx.mutable_submit_project());
    return tx;
  }
  v1::Tx Step(const std::string& kind, const std::string& id, const std::string& actor,
              const std::string& reason = "routine inspection") {
    v1::Tx tx = chain.NewTx(actor);
    if (kind == "approve") tx.mutable_approve_project()->set_id(id);
    if (kind == "register") tx.mutable_register_project()->set_id(id);
    if (kind == "hold") {
      tx.mutable_hold_project()->set_id(id);
      tx.mutable_hold_project()->set_reason(reason);
    }
    if (kind == "resume") {
      tx.mutable_resume_project()->set_id(id);
      tx.mutable_resume_project()->set_reason(reason);
    }
    if (kind == "terminate") {
      tx.mutable_terminate_project()->set_id(id);
      tx.mutable_terminate_project()->set_reason(reason);
    }
    return tx;
  }
  uint32_t StatusOf(const std::string& id) { return Project(id).status; }
};

TEST_F(ProjectTest, SubmissionRules) {
  v1::Tx by_alice = Submit();
  by_alice.set_account("alice");
  Expect(by_alice, v1::UNAUTHORIZED, "participant submits");
  for (const char* bad : {"", "AB", "-SC-P-1", "sc-p-0001", "SC_P_0001", "SC P",
                          "A123456789012345678901234567890123456789X"}) {
    Expect(SubmitWith([&](auto& b) { b.set_id(bad); }), v1::INVALID_ARGUMENT,
           std::string("project id '") + bad + "'");
  }
  Expect(SubmitWith([](auto& b) { b.clear_title(); }), v1::INVALID_ARGUMENT, "no title");
  Expect(SubmitWith([](auto& b) { b.set_design_hash(""); }), v1::INVALID_ARGUMENT, "design hash");
  Expect(SubmitWith([](auto& b) { b.set_survey_hash(Bytes(33, 's')); }), v1::INVALID_ARGUMENT,
         "survey hash");
  Expect(SubmitWith([](auto& b) { b.set_methodology("SC-FOR-404-V01"); }), v1::UNKNOWN_METHODOLOGY,
         "unknown methodology");
  Expect(testing::ProposeMethodologyTx(chain, "registrar", "SC-FOR-002-V01", v1::FOREST, 0), v1::OK,
         "a second, only proposed");
  Expect(SubmitWith([](auto& b) { b.set_methodology("SC-FOR-002-V01"); }), v1::INVALID_STATE,
         "proposed methodology", "is PROPOSED");
  for (const char* bad : {"51072", "5107222", "51072a", ""}) {
    Expect(SubmitWith([&](auto& b) { b.set_area_code(bad); }), v1::INVALID_ARGUMENT,
           std::string("area code '") + bad + "'", "6-digit");
  }
  Expect(SubmitWith([](auto& b) { b.set_area_code("500101"); }), v1::NOT_HOME_REGISTRY,
         "Chongqing project", "lies in province 50");
  Expect(SubmitWith([](auto& b) { b.set_crediting_end_ms(b.crediting_start_ms()); }),
         v1::INVALID_ARGUMENT, "empty crediting period");
  Expect(SubmitWith([](auto& b) {
           b.add_tags(v1::ZOIGE_WETLAND);
           b.add_tags(v1::ZOIGE_WETLAND);
         }),
         v1::INVALID_ARGUMENT, "tag twice");
  Expect(SubmitWith([](auto& b) {
           b.clear_tags();
           b.add_tags(v1::PUBLIC_BENEFIT);
           b.add_tags(v1::GIANT_PANDA_NATIONAL_PARK);
         }),
         v1::INVALID_ARGUMENT, "tags descending");
  Expect(SubmitWith([](auto& b) { b.add_tags(static_cast<v1::ProjectTag>(9)); }),
         v1::INVALID_ARGUMENT, "unknown tag");
  Expect(SubmitWith([](auto& b) { b.add_tags(v1::TAG_UNSPECIFIED); }), v1::INVALID_ARGUMENT,
         "tag 0");
  Expect(SubmitWith([](auto& b) { b.clear_parcels(); }), v1::INVALID_ARGUMENT, "no parcel",
         "1..64 parcels");
  Expect(SubmitWith([](auto& b) {
           b.clear_parcels();
           for (int i = 0; i < 65; ++i) {
             *b.add_parcels() = ForestParcel("510722", testing::Cat(100 + i), "1");
           }
         }),
         v1::INVALID_ARGUMENT, "65 parcels");
  Expect(Submit(), v1::OK, "valid");
  Expect(Submit(), v1::ID_TAKEN, "same id", "never reused");
}

TEST_F(ProjectTest, ParcelRules) {
  auto parcels = [&](std::vector<v1::Parcel> list) {
    return SubmitWith([&](auto& b) {
      b.clear_parcels();
      for (auto& p : list) *b.add_parcels() = p;
    });
  };
  v1::Parcel neither = ForestParcel("510722", "1", "1");
  neither.clear_forest();
  Expect(parcels({neither}), v1::INVALID_ARGUMENT, "no identification", "exactly one");
  Expect(parcels({ForestParcel("51072", "1", "1")}), v1::INVALID_ARGUMENT, "parcel area code");
  Expect(parcels({ForestParcel("510722", "", "1")}), v1::INVALID_ARGUMENT, "empty compartment");
  Expect(parcels({ForestParcel("510722", "1", "1/2")}), v1::INVALID_ARGUMENT, "slash");
  Expect(parcels({ForestParcel("510722", "12345678901234567", "1")}), v1::INVALID_ARGUMENT,
         "17-character compartment");
  v1::Parcel short_unit = UnitParcel("510722", "1");
  short_unit.set_real_estate_unit("510722");
  Expect(parcels({short_unit}), v1::INVALID_ARGUMENT, "short real-estate unit", "28 characters");
  v1::Parcel lower_unit = UnitParcel("510722", "gb");
  Expect(parcels({lower_unit}), v1::INVALID_ARGUMENT, "lower-case unit code");
  v1::Parcel elsewhere = UnitParcel("510722", "GB00001");
  elsewhere.set_area_code("510723");
  Expect(parcels({elsewhere}), v1::INVALID_ARGUMENT, "unit code of another county",
         "does not begin with its area code");
  v1::Parcel no_boundary = ForestParcel("510722", "1", "1");
  no_boundary.set_boundary_hash("");
  Expect(parcels({no_boundary}), v1::INVALID_ARGUMENT, "boundary hash");
  Expect(parcels({ForestParcel("510722", "1", "1", 0)}), v1::INVALID_ARGUMENT, "zero area");
  Expect(parcels({ForestParcel("510722", "1", "1", kMaxParcelAreaCentiha + 1)}),
         v1::INVALID_ARGUMENT, "area beyond the bound");
  // Ascending by parcel key: compartments before units ('f' < 'u'), then by
  // area code, compartment, sub-compartment.
  Expect(parcels({UnitParcel("510722", "GB1"), ForestParcel("510722", "1", "1")}),
         v1::INVALID_ARGUMENT, "unit before compartment", "ascending by parcel key");
  Expect(parcels({ForestParcel("510722", "2", "1"), ForestParcel("510722", "10", "1")}),
         v1::INVALID_ARGUMENT, "byte order, not numeric order");
  Expect(parcels({ForestParcel("510722", "1", "1"), ForestParcel("510722", "1", "1")}),
         v1::INVALID_ARGUMENT, "the same parcel twice");
  Expect(parcels({ForestParcel("510722", "1", "1"), ForestParcel("500101", "1", "1")}),
         v1::INVALID_ARGUMENT, "area codes descending");
  Expect(parcels({ForestParcel("500101", "1", "1"), ForestParcel("510722", "1", "1")}),
         v1::NOT_HOME_REGISTRY, "a Chongqing parcel", "parcel 500101/f/1/1");

  Expect(parcels({ForestParcel("510722", "10", "1", 250), ForestParcel("510722", "2", "1", 150),
                  UnitParcel("510722", "GB00001W00000001", 600)}),
         v1::OK, "three parcels, ascending");
  const ProjectRecord p = Project("SC-P-0001");
  ASSERT_EQ(p.parcels.size(), 3u);
  EXPECT_EQ(p.parcels[0].Key(), "510722/f/10/1");
  EXPECT_EQ(p.parcels[2].Key(), "510722/u/510722GB00001W00000001000000");
  EXPECT_EQ(p.AreaCentiha(), 1000u);
  v1::Project view = p.ToProto(v1::FOREST);
  EXPECT_EQ(view.area_centiha(), 1000u);
  EXPECT_EQ(view.parcels(0).forest().compartment(), "10");
  EXPECT_EQ(view.parcels(2).real_estate_unit(), "510722GB00001W00000001000000");
  EXPECT_EQ(view.sector(), v1::FOREST);
  for (const auto& parcel : p.parcels) {
    auto claim = LoadRecord<ParcelClaimRecord>(chain.state(), keys::ParcelClaim(parcel.Key()));
    ASSERT_TRUE(claim.ok() && claim.value()) << parcel.Key();
    EXPECT_EQ((*claim)->project, "SC-P-0001");
  }
}

// Chaincode version 4: a parcel lies inside the project's area code.
class ProjectV4Test : public ProjectTest {
 protected:
  ProjectV4Test() : ProjectTest(UsingCreditsOptions()) {}
  v1::Tx InArea(const std::string& project_area, const std::string& id,
                std::vector<v1::Parcel> parcels) {
    return SubmitWith([&](auto& b) {
      b.set_id(id);
      b.set_area_code(project_area);
      b.clear_parcels();
      for (auto& p : parcels) *b.add_parcels() = p;
    });
  }
};

TEST_F(ProjectV4Test, AParcelLiesInsideTheProjectsArea) {
  // County 510722 (Pingwu) holds only its own parcels.
  Expect(InArea("510722", "SC-P-0001", {ForestParcel("510723", "1", "1")}), v1::INVALID_ARGUMENT,
         "a parcel of the next county",
         "parcel 510723/f/1/1 lies in area 510723, outside the project's area 510722");
  Expect(InArea("510722", "SC-P-0001",
                {ForestParcel("510722", "1", "1"), ForestParcel("510781", "1", "1")}),
         v1::INVALID_ARGUMENT, "the second parcel elsewhere in the city", "510781");
  // City 510700 (Mianyang) covers its counties, not another city's.
  Expect(InArea("510700", "SC-P-0002", {ForestParcel("511826", "1", "1")}), v1::INVALID_ARGUMENT,
         "a Ya'an parcel under a Mianyang project", "outside");
  // Province 510000 covers every Sichuan parcel.
  Expect(InArea("510700", "SC-P-0002",
                {ForestParcel("510722", "2", "1"), ForestParcel("510781", "1", "1")}),
         v1::OK, "two counties of the city");
  Expect(InArea("510000", "SC-P-0003",
                {ForestParcel("510722", "3", "1"), ForestParcel("511826", "1", "1")}),
         v1::OK, "two cities under a province-wide project");
  Expect(InArea("510722", "SC-P-0001", {ForestParcel("510722", "1", "1")}), v1::OK,
         "its own county");
}

TEST_F(ProjectTest, VersionThreeDoesNotCheckTheParcelsArea) {
  Expect(SubmitWith([&](auto& b) {
           b.clear_parcels();
           *b.add_parcels() = ForestParcel("510723", "1", "1");
         }),
         v1::OK, "version 3 decides as it did when it was written");
}

TEST_F(ProjectTest, AParcelBelongsToOneLiveProject) {
  ProjectSpec first;
  first.parcels = {ForestParcel("510722", "1", "1"), ForestParcel("510722", "1", "2")};
  Expect(Submit(first), v1::OK, "first");
  ProjectSpec second;
  second.id = "SC-P-0002";
  second.owner = "owner-b";
  second.parcels = {ForestParcel("510722", "1", "2"), ForestParcel("510722", "1", "3")};
  Expect(Submit(second), v1::PARCEL_CLAIMED, "overlapping claim",
         "parcel 510722/f/1/2 belongs to live project 'SC-P-0001'");
  EXPECT_FALSE(chain.state().Get(keys::Project("SC-P-0002")).has_value());
  // Registered and on hold: still live.
  Expect(EvaluateProjectTx(chain, "expert-1", "SC-P-0001"), v1::OK, "e1");
  Expect(EvaluateProjectTx(chain, "expert-2", "SC-P-0001"), v1::OK, "e2");
  Expect(Step("approve", "SC-P-0001", "bureau"), v1::OK, "approve");
  Expect(Step("register", "SC-P-0001", "registrar"), v1::OK, "register");
  Expect(Submit(second), v1::PARCEL_CLAIMED, "claimed while registered");
  Expect(Step("hold", "SC-P-0001", "bureau"), v1::OK, "hold");
  Expect(Submit(second), v1::PARCEL_CLAIMED, "claimed while on hold");
  Expect(Step("terminate", "SC-P-0001", "bureau", "boundary dispute upheld"), v1::OK, "terminate");
  EXPECT_FALSE(chain.state().Get(keys::ParcelClaim("510722/f/1/1")).has_value());
  Expect(Submit(second), v1::OK, "free after termination");
  // A terminated project's id is never used again.
  ProjectSpec reuse;
  reuse.parcels = {ForestParcel("510722", "9", "9")};
  Expect(Submit(reuse), v1::ID_TAKEN, "terminated id");
}

TEST_F(ProjectTest, RejectionByTheQuorumFreesTheParcels) {
  Expect(Submit(), v1::OK, "submit");
  Expect(EvaluateProjectTx(chain, "expert-1", "SC-P-0001", false), v1::OK, "reject 1");
  Expect(EvaluateProjectTx(chain, "expert-2", "SC-P-0001", false), v1::OK, "reject 2");
  EXPECT_EQ(StatusOf("SC-P-0001"), static_cast<uint32_t>(v1::PROJECT_REJECTED));
  EXPECT_FALSE(chain.state().Get(keys::ParcelClaim("510722/f/1/1")).has_value());
  Expect(Step("approve", "SC-P-0001", "bureau"), v1::INVALID_STATE, "approve rejected",
         "is REJECTED");
  Expect(Step("terminate", "SC-P-0001", "bureau"), v1::INVALID_STATE, "terminate rejected");
  ProjectSpec again;
  again.id = "SC-P-0002";
  Expect(Submit(again), v1::OK, "the parcel under another id");
}

TEST_F(ProjectTest, LifecycleSteps) {
  Expect(Submit(), v1::OK, "submit");
  const std::string id = "SC-P-0001";
  Expect(EvaluateProjectTx(chain, "alice", id), v1::UNAUTHORIZED, "participant evaluates");
  Expect(EvaluateProjectTx(chain, "expert-1", "SC-P-404"), v1::UNKNOWN_PROJECT, "unknown");
  Grant("carol", v1::EXPERT, {v1::WETLAND});
  Expect(EvaluateProjectTx(chain, "carol", id), v1::UNAUTHORIZED, "wetland expert",
         "does not cover sector FOREST");
  Grant("owner-a", v1::EXPERT, {v1::FOREST});
  Expect(EvaluateProjectTx(chain, "owner-a", id), v1::CONFLICT_OF_INTEREST, "the owner");
  Expect(Step("approve", id, "bureau"), v1::EXPERT_QUORUM_NOT_MET, "approve early");
  Expect(Step("register", id, "registrar"), v1::INVALID_STATE, "register early", "is SUBMITTED");
  Expect(EvaluateProjectTx(chain, "expert-1", id), v1::OK, "e1");
  Expect(EvaluateProjectTx(chain, "expert-1", id), v1::ALREADY_EVALUATED, "e1 again");
  Expect(EvaluateProjectTx(chain, "expert-2", id), v1::OK, "e2");
  EXPECT_EQ(StatusOf(id), static_cast<uint32_t>(v1::PROJECT_EVALUATED));
  Expect(EvaluateProjectTx(chain, "expert-3", id), v1::INVALID_STATE, "e3 late", "is EVALUATED");
  Expect(Step("approve", id, "registrar"), v1::UNAUTHORIZED, "registrar approves");
  Expect(Step("approve", "SC-P-404", "bureau"), v1::UNKNOWN_PROJECT, "approve unknown");
  Expect(Step("hold", id, "bureau"), v1::INVALID_STATE, "hold before registration");
  Expect(Step("approve", id, "bureau"), v1::OK, "approve");
  EXPECT_EQ(Project(id).approved_by, "bureau");
  Expect(Step("approve", id, "bureau"), v1::INVALID_STATE, "approve twice", "is APPROVED");
  Expect(Step("register", id, "bureau"), v1::UNAUTHORIZED, "supervisor registers");
  Expect(Step("register", "SC-P-404", "registrar"), v1::UNKNOWN_PROJECT, "register unknown");
  Expect(Step("register", id, "registrar"), v1::OK, "register");
  EXPECT_EQ(Project(id).registered_by, "registrar");
  Expect(Step("register", id, "registrar"), v1::INVALID_STATE, "register twice");

  Expect(Step("resume", id, "bureau"), v1::INVALID_STATE, "resume a registered one");
  Expect(Step("hold", id, "registrar"), v1::UNAUTHORIZED, "registrar holds");
  Expect(Step("hold", id, "bureau", ""), v1::INVALID_ARGUMENT, "hold without reason");
  Expect(Step("hold", "SC-P-404", "bureau"), v1::UNKNOWN_PROJECT, "hold unknown");
  Expect(Step("hold", id, "bureau", "suspected double counting"), v1::OK, "hold");
  ProjectRecord p = Project(id);
  EXPECT_EQ(p.status, static_cast<uint32_t>(v1::PROJECT_ON_HOLD));
  EXPECT_EQ(p.status_by, "bureau");
  EXPECT_EQ(p.status_reason, "suspected double counting");
  Expect(Step("hold", id, "ecology"), v1::INVALID_STATE, "hold twice",
         "ON_HOLD (by 'bureau': suspected double counting)");
  Expect(Step("resume", id, "ecology", "cleared"), v1::OK, "resume");
  EXPECT_EQ(StatusOf(id), static_cast<uint32_t>(v1::PROJECT_REGISTERED));
  Expect(Step("terminate", id, "registrar"), v1::UNAUTHORIZED, "registrar terminates");
  Expect(Step("terminate", id, "bureau", ""), v1::INVALID_ARGUMENT, "terminate without reason");
  Expect(Step("terminate", id, "bureau", "land-use change"), v1::OK, "terminate");
  Expect(Step("terminate", id, "bureau"), v1::INVALID_STATE, "terminate twice", "TERMINATED");
  Expect(Step("resume", id, "bureau"), v1::INVALID_STATE, "resume terminated");
}

TEST_F(ProjectTest, StakeholdersNeitherEvaluateNorApprove) {
  Grant("owner-b", v1::SUPERVISOR);
  ProjectSpec spec;
  spec.owner = "owner-b";
  Expect(Submit(spec), v1::OK, "a supervisor that also owns a project");
  v1::Tx bad_hash = EvaluateProjectTx(chain, "expert-1", spec.id);
  bad_hash.mutable_evaluate_project()->set_opinion_hash(Bytes(64, 'o'));
  Expect(bad_hash, v1::INVALID_ARGUMENT, "opinion hash");
  Expect(EvaluateProjectTx(chain, "expert-1", spec.id), v1::OK, "e1");
  Expect(EvaluateProjectTx(chain, "expert-2", spec.id), v1::OK, "e2");
  Expect(Step("approve", spec.id, "owner-b"), v1::CONFLICT_OF_INTEREST, "approves its own",
         "has a stake");
  Expect(Step("approve", spec.id, "bureau"), v1::OK, "another supervisor");
}

TEST_F(ProjectTest, TerminationFromEveryLiveState) {
  const std::vector<std::string> steps = {"", "evaluate", "approve", "register", "hold"};
  for (size_t n = 0; n < steps.size(); ++n) {
    ProjectSpec spec;
    spec.id = testing::Cat("SC-P-10", n);
    spec.parcels = {ForestParcel("510722", testing::Cat(n + 1), "1")};
    Expect(Submit(spec), v1::OK, spec.id);
    for (size_t i = 1; i <= n; ++i) {
      if (steps[i] == "evaluate") {
        Expect(EvaluateProjectTx(chain, "expert-1", spec.id), v1::OK, "e1");
        Expect(EvaluateProjectTx(chain, "expert-2", spec.id), v1::OK, "e2");
      } else {
        Expect(Step(steps[i], spec.id, steps[i] == "register" ? "registrar" : "bureau"), v1::OK,
               steps[i]);
      }
    }
    Expect(Step("terminate", spec.id, "bureau"), v1::OK, "terminate after " + steps[n]);
    EXPECT_FALSE(chain.state().Get(keys::ParcelClaim(testing::Cat("510722/f/", n + 1, "/1"))));
  }
}

TEST_F(ProjectTest, DeprecatedMethodologyTakesNoNewProjects) {
  Expect(Submit(), v1::OK, "before deprecation");
  v1::Tx deprecate = chain.NewTx("bureau");
  deprecate.mutable_deprecate_methodology()->set_id(kForest);
  deprecate.mutable_deprecate_methodology()->set_reason("V02 published");
  Expect(deprecate, v1::OK, "deprecate");
  ProjectSpec late;
  late.id = "SC-P-0002";
  late.parcels = {ForestParcel("510722", "2", "1")};
  Expect(Submit(late), v1::INVALID_STATE, "after deprecation", "no new project may use it");
  // The project submitted before goes on.
  Expect(EvaluateProjectTx(chain, "expert-1", "SC-P-0001"), v1::OK, "evaluate the old one");
}

TEST_F(ProjectTest, EntrustedCollectiveForest) {
  auto entrusted = [&](std::string collective, uint32_t share) {
    ProjectSpec spec;
    spec.tags = {v1::GIANT_PANDA_NATIONAL_PARK, v1::ENTRUSTED_COLLECTIVE_FOREST};
    spec.collective = std::move(collective);
    spec.collective_share_bps = share;
    return Submit(spec);
  };
  Expect(entrusted("", 3000), v1::INVALID_ARGUMENT, "no collective");
  Expect(entrusted("collective", 0), v1::INVALID_ARGUMENT, "no share");
  Expect(entrusted("collective", 10001), v1::INVALID_ARGUMENT, "share above 100 %");
  Expect(entrusted("nobody", 3000), v1::UNKNOWN_ACCOUNT, "unknown collective");
  Expect(entrusted("owner-a", 3000), v1::INVALID_ARGUMENT, "the owner as collective");
  Expect(entrusted("expert-3", 3000), v1::CONFLICT_OF_INTEREST, "an expert as collective");
  v1::Tx revoke = chain.NewTx("bureau");
  revoke.mutable_impose_sanction()->set_account("bob");
  revoke.mutable_impose_sanction()->set_kind(v1::REVOKED);
  revoke.mutable_impose_sanction()->set_reason("forged collective resolution");
  Expect(revoke, v1::OK, "revoke bob");
  Expect(entrusted("bob", 3000), v1::SANCTIONED, "a revoked collective", "cannot receive");
  ProjectSpec plain;
  plain.collective = "collective";
  Expect(Submit(plain), v1::INVALID_ARGUMENT, "collective without the tag");
  plain.collective.clear();
  plain.collective_share_bps = 100;
  Expect(Submit(plain), v1::INVALID_ARGUMENT, "share without the tag");
  Expect(entrusted("collective", 10000), v1::OK, "entrusted, all to the collective");
  const ProjectRecord p = Project("SC-P-0001");
  EXPECT_TRUE(p.HasTag(v1::ENTRUSTED_COLLECTIVE_FOREST));
  EXPECT_EQ(p.collective, "collective");
  EXPECT_EQ(p.collective_share_bps, 10000u);
  // The collective has a stake: it may not evaluate the project.
  Grant("collective", v1::EXPERT, {v1::FOREST});
  Expect(EvaluateProjectTx(chain, "collective", "SC-P-0001"), v1::CONFLICT_OF_INTEREST,
         "the collective evaluates");
}

TEST_F(ProjectTest, TheHomePrefixIsAGovernedParameter) {
  ProjectSpec chongqing;
  chongqing.area_code = "500101";
  chongqing.parcels = {ForestParcel("500101", "1", "1")};
  Expect(Submit(chongqing), v1::NOT_HOME_REGISTRY, "Chongqing in Sichuan's registry");
  SetParameter("home_area_prefix", 50);
  Expect(Submit(chongqing), v1::OK, "Chongqing in Chongqing's registry");
  ProjectSpec sichuan;
  sichuan.id = "SC-P-0002";
  Expect(Submit(sichuan), v1::NOT_HOME_REGISTRY, "now Sichuan is elsewhere");
}

TEST_F(ProjectTest, RecordsRoundTrip) {
  ProjectSpec spec;
  spec.tags = {v1::GIANT_PANDA_NATIONAL_PARK, v1::PUBLIC_BENEFIT, v1::ENTRUSTED_COLLECTIVE_FOREST};
  spec.collective = "collective";
  spec.collective_share_bps = 2500;
  Expect(Submit(spec), v1::OK, "submit");
  const ProjectRecord p = Project("SC-P-0001");
  ProjectRecord back;
  ASSERT_TRUE(ProjectRecord::Decode(p.Encode(), &back));
  EXPECT_EQ(back.Encode(), p.Encode());
  EXPECT_EQ(p.Encode()[0], 'J');
  EXPECT_FALSE(ProjectRecord::Decode(p.Encode() + "!", &back));
  v1::Project view = p.ToProto(v1::FOREST);
  EXPECT_EQ(view.owner(), "owner-a");
  EXPECT_EQ(view.tags_size(), 3);
  EXPECT_EQ(view.status(), v1::PROJECT_SUBMITTED);
  EXPECT_EQ(view.collective_share_bps(), 2500u);
  auto claim = chain.state().Get(keys::ParcelClaim("510722/f/1/1"));
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ((*claim)[0], 'l');
}

}  // namespace
}  // namespace lincao
