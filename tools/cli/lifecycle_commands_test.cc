// The credit lifecycle commands (methodology, project, report, issue, hold,
// freeze, cancel, loss), run in-process with --out so no node is needed:
// each writes its transaction file, and the test reads back the exact body
// it built, the cosigners, and what `inspect` says about it. Then the usage
// errors, each with a message that says what to fix.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "chaincode/suite.h"
#include "tools/cli/command.h"
#include "tools/cli/document_hash.h"
#include "tools/cli/files.h"
#include "tools/cli/json_out.h"
#include "tools/cli/run_cli_for_test.h"
#include "tools/cli/tx_command_fixture.h"
#include "tools/cli/tx_file.h"

namespace lincao::cli {
namespace {

namespace fs = std::filesystem;
using LifecycleCommandsTest = TxCommandTest;

TEST_F(LifecycleCommandsTest, MethodologyBodies) {
  const std::string doc = Write("SC-FOR-001-V01.pdf", "methodology text, version 1\n");
  v1::Tx tx = Build(
      {"methodology", "propose", "SC-FOR-001-V01", "--sector", "森林", "--title",
       "Sichuan forest management", "--buffer-bps", "2000", "--factor",
       "root_shoot_permille=260:permille", "--factor", "carbon_fraction_permille=470:permille",
       "--factor", "wood_density=500:kg/m3", "--evidence-file", doc},
      "registrar");
  v1::Tx want = Body(R"pb(
    propose_methodology {
      id: "SC-FOR-001-V01"
      sector: FOREST
      title: "Sichuan forest management"
      buffer_bps: 2000
      factors { name: "carbon_fraction_permille" value: 470 unit: "permille" }
      factors { name: "root_shoot_permille" value: 260 unit: "permille" }
      factors { name: "wood_density" value: 500 unit: "kg/m3" }
    })pb");
  want.mutable_propose_methodology()->set_evidence_hash(*FromHex(HashOf(doc)));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(tx.account(), "registrar");
  EXPECT_EQ(Summary(),
            "propose methodology SC-FOR-001-V01 (FOREST) \"Sichuan forest management\": 20.00% of "
            "each issuance to the pooled buffer, 3 conversion factor(s)");
  EXPECT_FALSE(InspectSaysGovernance());

  tx =
      Build({"methodology", "evaluate", "SC-FOR-001-V01", "--reject", "--opinion-hash", Hex32('c')},
            "expert-zhang");
  want = Body(R"pb(evaluate_methodology { id: "SC-FOR-001-V01" approve: false })pb");
  want.mutable_evaluate_methodology()->set_opinion_hash(Bytes32('c'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(Summary(), "as an expert of its sector, reject methodology SC-FOR-001-V01");

  tx = Build({"methodology", "approve", "SC-FOR-001-V01"}, "forestry-bureau");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(approve_methodology { id: "SC-FOR-001-V01" })pb")));

  tx = Build({"methodology", "deprecate", "SC-FOR-001-V01", "--reason", "superseded by V02"},
             "forestry-bureau");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(deprecate_methodology {
                                           id: "SC-FOR-001-V01"
                                           reason: "superseded by V02"
                                         })pb")));
}

TEST_F(LifecycleCommandsTest, ProjectSubmitReadsAndSortsTheParcelsFile) {
  fs::create_directories(dir_ / "boundaries");
  const std::string geometry =
      Write("boundaries/12-3.geojson", "{\"type\":\"Polygon\",\"coordinates\":[]}\n");
  const std::string design = Write("design.pdf", "project design\n");
  const std::string parcels = Write("parcels.json", R"({"parcels": [
    {"label": "Fengtongzhai 12/3", "area_code": "511827", "compartment": "12",
     "sub_compartment": "3", "boundary_file": "boundaries/12-3.geojson", "area_ha": 120.5},
    {"area_code": 511827, "real_estate_unit": "511827001001GB00001W00000000",
     "boundary_hash": ")" + Hex32('a') + R"(", "area_ha": "35"},
    {"area_code": "511827", "compartment": "12", "sub_compartment": "1",
     "boundary_hash": ")" + Hex32('b') + R"(", "area_ha": "0.07"},
    {"area_code": "511826", "real_estate_unit": "511826001001GB00001W00000000",
     "boundary_hash": ")" + Hex32('c') + R"(", "area_ha": "1"}
  ]})");
  v1::Tx tx = Build({"project",
                     "submit",
                     "SC-P-2026-0001",
                     "--methodology",
                     "SC-FOR-001-V01",
                     "--area-code",
                     "511827",
                     "--parcels",
                     parcels,
                     "--crediting-start",
                     "2025-01-01",
                     "--crediting-end",
                     "2045-01-01",
                     "--tag",
                     "public-benefit",
                     "--tag",
                     "大熊猫国家公园",
                     "--tag",
                     "GIANT_PANDA_NATIONAL_PARK",
                     "--title",
                     "Baoxing panda forest",
                     "--design-file",
                     design,
                     "--survey-hash",
                     Hex32('d')},
                    "panda-coop");
  v1::Tx want = Body(R"pb(
    submit_project {
      id: "SC-P-2026-0001"
      methodology: "SC-FOR-001-V01"
      area_code: "511827"
      parcels {
        area_code: "511826"
        real_estate_unit: "511826001001GB00001W00000000"
        area_centiha: 100
      }
      parcels {
        area_code: "511827"
        forest { compartment: "12" sub_compartment: "1" }
        area_centiha: 7
      }
      parcels {
        area_code: "511827"
        forest { compartment: "12" sub_compartment: "3" }
        area_centiha: 12050
      }
      parcels {
        area_code: "511827"
        real_estate_unit: "511827001001GB00001W00000000"
        area_centiha: 3500
      }
      crediting_start_ms: 1735660800000
      crediting_end_ms: 2366812800000
      tags: GIANT_PANDA_NATIONAL_PARK
      tags: PUBLIC_BENEFIT
      title: "Baoxing panda forest"
    })pb");
  auto* w = want.mutable_submit_project();
  // Sorted by parcel key: area code, then forest parcels before units.
  w->mutable_parcels(0)->set_boundary_hash(Bytes32('c'));
  w->mutable_parcels(1)->set_boundary_hash(Bytes32('b'));
  w->mutable_parcels(2)->set_boundary_hash(*FromHex(HashOf(geometry)));
  w->mutable_parcels(3)->set_boundary_hash(Bytes32('a'));
  w->set_design_hash(*FromHex(HashOf(design)));
  w->set_survey_hash(Bytes32('d'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(Summary(),
            "submit project SC-P-2026-0001 \"Baoxing panda forest\" owned by panda-coop on "
            "methodology SC-FOR-001-V01 in area 511827: 4 parcel(s), 156.57 ha, crediting period "
            "2025-01-01T00:00:00.000+08:00 to 2045-01-01T00:00:00.000+08:00 (end exclusive)");

  // An entrusted collective forest names the collective and its share.
  const std::string one = Write("one.json", R"([{"area_code": "510182", "compartment": "7",
      "sub_compartment": "2", "boundary_hash": ")" +
                                                Hex32('e') + R"(", "area_ha": 3}])");
  tx = Build({"project",
              "submit",
              "SC-P-2026-0002",
              "--methodology",
              "SC-FOR-001-V01",
              "--area-code",
              "510182",
              "--parcels",
              one,
              "--crediting-start",
              "2025-01-01",
              "--crediting-end",
              "2035-01-01",
              "--tag",
              "entrusted-collective-forest",
              "--collective",
              "jiguan-village",
              "--collective-share-bps",
              "3000",
              "--title",
              "t",
              "--design-hash",
              Hex32('1'),
              "--survey-hash",
              Hex32('2')},
             "panda-coop");
  EXPECT_EQ(tx.submit_project().collective(), "jiguan-village");
  EXPECT_EQ(tx.submit_project().collective_share_bps(), 3000u);
  ASSERT_EQ(tx.submit_project().tags_size(), 1);
  EXPECT_EQ(tx.submit_project().tags(0), v1::ENTRUSTED_COLLECTIVE_FOREST);
}

TEST_F(LifecycleCommandsTest, ProjectDecisionBodies) {
  v1::Tx tx =
      Build({"project", "evaluate", "SC-P-2026-0001", "--approve", "--opinion-hash", Hex32('f')},
            "expert-li");
  v1::Tx want = Body(R"pb(evaluate_project { id: "SC-P-2026-0001" approve: true })pb");
  want.mutable_evaluate_project()->set_opinion_hash(Bytes32('f'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));

  EXPECT_EQ(BodyOf(Build({"project", "approve", "SC-P-2026-0001"}, "forestry-bureau")),
            BodyOf(Body(R"pb(approve_project { id: "SC-P-2026-0001" })pb")));
  EXPECT_EQ(BodyOf(Build({"project", "register", "SC-P-2026-0001"}, "registrar")),
            BodyOf(Body(R"pb(register_project { id: "SC-P-2026-0001" })pb")));
  EXPECT_EQ(Summary(),
            "register project SC-P-2026-0001 (the registrar): its owner may submit "
            "monitoring reports");
  EXPECT_EQ(BodyOf(Build({"project", "hold", "SC-P-2026-0001", "--reason", "dispute"},
                         "forestry-bureau")),
            BodyOf(Body(R"pb(hold_project { id: "SC-P-2026-0001" reason: "dispute" })pb")));
  EXPECT_EQ(BodyOf(Build({"project", "resume", "SC-P-2026-0001", "--reason", "settled"},
                         "forestry-bureau")),
            BodyOf(Body(R"pb(resume_project { id: "SC-P-2026-0001" reason: "settled" })pb")));
  EXPECT_EQ(BodyOf(Build({"project", "terminate", "SC-P-2026-0001", "--reason", "withdrawn"},
                         "forestry-bureau")),
            BodyOf(Body(R"pb(terminate_project { id: "SC-P-2026-0001" reason: "withdrawn" })pb")));
}

TEST_F(LifecycleCommandsTest, ReportAndIssueBodies) {
  const std::string evidence = Write("monitoring-2025.zip", std::string(5000, 'x'));
  v1::Tx tx =
      Build({"report", "submit", "--project", "SC-P-2026-0001", "--period-start", "2025-01-01",
             "--period-end", "2026-01-01", "--claimed-kg", "1250000", "--evidence-file", evidence},
            "panda-coop");
  v1::Tx want = Body(R"pb(submit_report {
                            project: "SC-P-2026-0001"
                            period_start_ms: 1735660800000
                            period_end_ms: 1767196800000
                            claimed_kg: 1250000
                          })pb");
  want.mutable_submit_report()->set_evidence_hash(*FromHex(HashOf(evidence)));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(Summary(),
            "submit a monitoring report for project SC-P-2026-0001: period "
            "2025-01-01T00:00:00.000+08:00 to 2026-01-01T00:00:00.000+08:00 (end exclusive), "
            "claiming "
            "1250000 units (1250.000 tCO2e)");
  EXPECT_EQ(SummaryLine(1),
            "  its credits will be of vintage 2025 (the year, in China Standard Time, of the "
            "period's last moment)");
  // The same calendar year written in UTC ends on 1 January in Beijing: the
  // description says which vintage that gives before anyone signs.
  Build(
      {"report", "submit", "--project", "SC-P-2026-0001", "--period-start", "2025-01-01T00:00:00Z",
       "--period-end", "2026-01-01T00:00:00Z", "--claimed-kg", "1", "--evidence-hash", Hex32('9')},
      "panda-coop");
  EXPECT_NE(SummaryLine(1).find("vintage 2026"), std::string::npos) << SummaryLine(1);

  tx = Build({"report", "attest", "--project", "SC-P-2026-0001", "--report", "1", "--verified-kg",
              "1200000", "--attestation-hash", Hex32('3')},
             "verifier-a");
  want = Body(R"pb(attest_report { project: "SC-P-2026-0001" report: 1 verified_kg: 1200000 })pb");
  want.mutable_attest_report()->set_attestation_hash(Bytes32('3'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));

  tx = Build({"report", "evaluate", "--project", "SC-P-2026-0001", "--report", "1", "--approve",
              "--opinion-hash", Hex32('4')},
             "expert-zhang");
  want = Body(R"pb(evaluate_report { project: "SC-P-2026-0001" report: 1 approve: true })pb");
  want.mutable_evaluate_report()->set_opinion_hash(Bytes32('4'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));

  tx = Build({"issue", "--project", "SC-P-2026-0001", "--report", "1", "--note", "first"},
             "registrar");
  EXPECT_EQ(
      BodyOf(tx),
      BodyOf(Body(R"pb(issue_credits { project: "SC-P-2026-0001" report: 1 note: "first" })pb")));
  EXPECT_EQ(Summary(),
            "issue credits for report 1 of project SC-P-2026-0001: the verified quantity, the "
            "methodology's buffer share to the pooled buffer, the rest to the project owner");
}

TEST_F(LifecycleCommandsTest, HoldAndFreezeBodies) {
  // The pledgee co-signs: named for the clerk, sorted in with --cosigner.
  v1::Tx tx =
      Build({"hold", "pledge", "--pledgee", "green-bank", "--range", "401-900", "--range", "1001",
             "--reason", "loan 2026-017", "--until", "2027-06-30", "--cosigner", "audit-witness"},
            "panda-coop");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(pledge_units {
                                           pledgee: "green-bank"
                                           quantity: 501
                                           ranges { first: 401 last: 900 }
                                           ranges { first: 1001 last: 1001 }
                                           reason: "loan 2026-017"
                                           expiry_ms: 1814284800000
                                         })pb")));
  EXPECT_EQ(std::vector<std::string>(tx.cosigners().begin(), tx.cosigners().end()),
            (std::vector<std::string>{"audit-witness", "green-bank"}));
  EXPECT_EQ(Summary(),
            "pledge 501 units (0.501 tCO2e) held by panda-coop, serials 401-900, 1001, to "
            "green-bank (which co-signs), until 2027-06-30T00:00:00.000+08:00");

  tx = Build({"hold", "freeze", "--holder", "panda-coop", "--range", "901-1000", "--quantity",
              "100", "--reason", "(2026) 川0105 民初 1234"},
             "chengdu-court");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(freeze_units {
                                           holder: "panda-coop"
                                           quantity: 100
                                           ranges { first: 901 last: 1000 }
                                           reason: "(2026) 川0105 民初 1234"
                                         })pb")));
  EXPECT_TRUE(tx.cosigners().empty());

  EXPECT_EQ(BodyOf(Build({"hold", "release", "7", "--reason", "repaid"}, "green-bank")),
            BodyOf(Body(R"pb(release_hold { hold: 7 reason: "repaid" })pb")));
  EXPECT_EQ(BodyOf(Build({"hold", "enforce", "7", "--reason", "default"}, "green-bank")),
            BodyOf(Body(R"pb(enforce_pledge { hold: 7 reason: "default" })pb")));
  EXPECT_EQ(Summary(), "enforce pledge 7: its units move to the pledgee");

  tx = Build({"freeze", "set", "batch", "SC-P-2026-0001-2025-001", "--reason", "audit", "--until",
              "1800000000000"},
             "forestry-bureau");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(set_supervisory_freeze {
                                           target: FREEZE_BATCH
                                           id: "SC-P-2026-0001-2025-001"
                                           reason: "audit"
                                           expiry_ms: 1800000000000
                                         })pb")));
  tx = Build({"freeze", "set", "Account", "panda-coop", "--reason", "audit"}, "forestry-bureau");
  EXPECT_EQ(tx.set_supervisory_freeze().target(), v1::FREEZE_ACCOUNT);
  EXPECT_EQ(tx.set_supervisory_freeze().expiry_ms(), 0u);
  EXPECT_EQ(Summary(),
            "freeze account panda-coop (supervisory): none of its units moves or retires, until "
            "lifted");
  EXPECT_EQ(BodyOf(Build({"freeze", "lift", "project", "SC-P-2026-0001", "--reason", "closed"},
                         "forestry-bureau")),
            BodyOf(Body(R"pb(lift_supervisory_freeze {
                               target: FREEZE_PROJECT
                               id: "SC-P-2026-0001"
                               reason: "closed"
                             })pb")));
}

TEST_F(LifecycleCommandsTest, CancellationAndReversalBodies) {
  v1::Tx tx = Build({"cancel", "--holder", "panda-coop", "--range", "1-10", "--reason", "fraud",
                     "--note", "double-counted parcel", "--cosigner", "forestry-bureau"},
                    "registrar");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(cancel_units {
                                           holder: "panda-coop"
                                           quantity: 10
                                           ranges { first: 1 last: 10 }
                                           reason: FRAUD
                                           note: "double-counted parcel"
                                         })pb")));
  EXPECT_EQ(std::vector<std::string>(tx.cosigners().begin(), tx.cosigners().end()),
            (std::vector<std::string>{"forestry-bureau"}));
  tx = Build({"cancel", "--hold", "3", "--reason", "correction", "--note", "wrong batch",
              "--cosigner", "ecology-dept"},
             "registrar");
  EXPECT_EQ(BodyOf(tx),
            BodyOf(Body(R"pb(cancel_units { hold: 3 reason: CORRECTION note: "wrong batch" })pb")));
  EXPECT_EQ(Summary(),
            "cancel all units of hold 3 for correction (the registrar, with a supervisor "
            "co-signing); cancelled units never move again");

  tx = Build(
      {"loss", "report", "--project", "SC-P-2026-0001", "--kind", "land_use_change", "--loss-kg",
       "300000", "--occurred", "2026-03-14", "--evidence-hash", Hex32('5'), "--note", "road"},
      "forestry-bureau");
  v1::Tx want = Body(R"pb(report_loss {
                            project: "SC-P-2026-0001"
                            kind: LAND_USE_CHANGE
                            loss_kg: 300000
                            occurred_ms: 1773417600000
                            note: "road"
                          })pb");
  want.mutable_report_loss()->set_evidence_hash(Bytes32('5'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));

  tx = Build({"loss", "clear-shortfall", "--project", "SC-P-2026-0001", "--reason", "replanted",
              "--cosigner", "ecology-dept"},
             "forestry-bureau");
  EXPECT_EQ(
      BodyOf(tx),
      BodyOf(Body(R"pb(clear_shortfall { project: "SC-P-2026-0001" reason: "replanted" })pb")));
  EXPECT_EQ(Summary(),
            "clear the shortfall of project SC-P-2026-0001: it may be issued credits again");
}

// Each wrong command line exits 2 before anything is written, with a message
// that names what to fix.
TEST_F(LifecycleCommandsTest, UsageErrorsSayWhatToFix) {
  const std::string good_parcels =
      Write("p.json", R"([{"area_code": "511827", "compartment": "1", "sub_compartment": "1",
                     "boundary_hash": ")" +
                          Hex32('a') + R"(", "area_ha": 1}])");
  const std::vector<std::string> submit = {"project",
                                           "submit",
                                           "SC-P-1",
                                           "--methodology",
                                           "SC-FOR-001-V01",
                                           "--area-code",
                                           "511827",
                                           "--title",
                                           "t",
                                           "--design-hash",
                                           Hex32('1'),
                                           "--survey-hash",
                                           Hex32('2'),
                                           "--crediting-start",
                                           "2025-01-01",
                                           "--crediting-end",
                                           "2035-01-01"};
  const std::vector<UsageCase> cases = {
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "ocean", "--title", "t",
        "--buffer-bps", "1", "--evidence-hash", Hex32('a')},
       "unknown sector 'ocean'; choose one of forest, grassland, wetland"},
      {{"methodology", "propose", "SC-FOREST-1", "--sector", "forest", "--title", "t",
        "--buffer-bps", "1", "--evidence-hash", Hex32('a')},
       "'SC-FOREST-1' is not a methodology id: SC-<FOR|GRA|WET>-<3 digits>-V<2 digits>"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "wetland", "--title", "t",
        "--buffer-bps", "1", "--evidence-hash", Hex32('a')},
       "named for sector FOREST but --sector says WETLAND"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title", "t",
        "--buffer-bps", "10001", "--evidence-hash", Hex32('a')},
       "0..10000 (2000 = 20%)"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title", "t",
        "--buffer-bps", "1", "--factor", "carbon=0.47:fraction", "--evidence-hash", Hex32('a')},
       "not a whole number"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title", "t",
        "--buffer-bps", "1", "--factor", "a=1:x", "--factor", "a=2:x", "--evidence-hash",
        Hex32('a')},
       "--factor a is given twice"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title", "t",
        "--buffer-bps", "1"},
       "give exactly one of --evidence-file FILE"},
      {{"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title", "t",
        "--buffer-bps", "1", "--evidence-hash", "abcd"},
       "--evidence-hash must be 32 bytes"},
      {{"methodology", "evaluate", "SC-FOR-001-V01", "--opinion-hash", Hex32('a')},
       "give the verdict: --approve or --reject"},
      {With(submit, {"--parcels", Path("missing.json")}), ""},  // exit 1: see below
      {With(submit, {"--parcels", good_parcels, "--tag", "panda"}), "unknown project tag 'panda'"},
      {With(submit, {"--parcels", good_parcels, "--tag", "entrusted-collective-forest"}),
       "--collective ACCOUNT --collective-share-bps N"},
      {With(submit, {"--parcels", good_parcels, "--collective", "village"}),
       "go only with --tag entrusted-collective-forest"},
      {{"project", "submit", "SC-P-1", "--methodology", "M", "--area-code", "511827", "--title",
        "t", "--design-hash", Hex32('1'), "--survey-hash", Hex32('2'), "--parcels", good_parcels,
        "--crediting-start", "2035-01-01", "--crediting-end", "2025-01-01"},
       "the end must come after the start"},
      {{"report", "submit", "--project", "P", "--period-start", "2025-01-01", "--period-end",
        "2026-01-01", "--claimed-kg", "0", "--evidence-hash", Hex32('1')},
       "--claimed-kg is at least 1"},
      {{"report", "attest", "--project", "P", "--report", "0", "--verified-kg", "5",
        "--attestation-hash", Hex32('1')},
       "--report"},
      {{"issue", "--project", "P"}, "--report is required"},
      {{"hold", "pledge", "--pledgee", "bank", "--range", "1-10", "--quantity", "9", "--reason",
        "loan"},
       "--quantity 9 differs from the 10 units the --range options cover"},
      {{"hold", "pledge", "--pledgee", "bank", "--range", "10-1", "--reason", "loan"},
       "ends before it starts"},
      {{"hold", "freeze", "--holder", "h", "--range", "1-10", "--reason", "case", "--until",
        "next week"},
       "--until 'next week' is neither unix milliseconds nor a date"},
      {{"freeze", "set", "forest", "x", "--reason", "r"},
       "unknown freeze target 'forest'; choose one of account, project, batch"},
      {{"cancel", "--holder", "h", "--range", "1-2", "--reason", "fraud", "--note", "n"},
       "needs a SUPERVISOR's co-signature: add --cosigner"},
      {{"cancel", "--holder", "h", "--range", "1-2", "--hold", "4", "--reason", "fraud", "--note",
        "n", "--cosigner", "s"},
       "not both"},
      {{"cancel", "--hold", "4", "--reason", "mistake", "--note", "n", "--cosigner", "s"},
       "unknown cancellation reason 'mistake'; choose one of fraud, reversal, correction"},
      {{"loss", "report", "--project", "P", "--kind", "flood", "--loss-kg", "5", "--occurred",
        "2026-01-01", "--evidence-hash", Hex32('1')},
       "unknown loss kind 'flood'; choose one of fire, pests, land-use-change, other"},
      {{"hold", "pledge", "--pledgee", "panda-coop", "--range", "1-2", "--reason", "r"},
       "cosigner panda-coop is the acting account"},
  };
  for (const UsageCase& c : cases) ExpectUsageError(c.args, c.says);
}

TEST_F(LifecycleCommandsTest, ParcelsFileMistakesNameTheParcel) {
  const std::string h = Hex32('a');
  struct Case {
    std::string json;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"{\"parcel\": []}", "must hold {\"parcels\": [...]}"},
      {"[]", "lists no parcels"},
      {"not json", "is not valid JSON"},
      {"[{\"label\": \"A\", \"area_code\": \"5118\", \"compartment\": \"1\", \"sub_compartment\": "
       "\"1\", \"boundary_hash\": \"" +
           h + "\", \"area_ha\": 1}]",
       "parcel 1 (A) \"area_code\" '5118' is not a 6-digit administrative code"},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"boundary_hash\": \"" + h +
           "\", \"area_ha\": 1}]",
       "\"compartment\" and \"sub_compartment\" only together"},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"real_estate_unit\": \"X\", \"boundary_hash\": \"" +
           h + "\", \"area_ha\": 1}]",
       "exactly one of \"real_estate_unit\""},
      {"[{\"area_code\": \"511827\", \"real_estate_unit\": \"511827\", \"boundary_hash\": \"" + h +
           "\", \"area_ha\": 1}]",
       "not a real-estate unit code (28 characters"},
      {"[{\"area_code\": \"511827\", \"real_estate_unit\": \"510100001001GB00001W00000000\", "
       "\"boundary_hash\": \"" +
           h + "\", \"area_ha\": 1}]",
       "does not begin with its \"area_code\" 511827"},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"area_ha\": 1}]",
       "exactly one of \"boundary_file\""},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"boundary_hash\": \"" +
           h + "\", \"area_ha\": 1.234}]",
       "at most two decimals"},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"boundary_hash\": \"" +
           h + "\", \"area\": 1}]",
       "unknown field \"area\""},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"boundary_hash\": \"" +
           h +
           "\", \"area_ha\": 1}, {\"label\": \"again\", \"area_code\": "
           "\"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", \"boundary_hash\": \"" +
           h + "\", \"area_ha\": 2}]",
       "parcel 1 and " + Path("p.json") + ": parcel 2 (again) are the same parcel"},
      {"[{\"area_code\": \"511827\", \"compartment\": \"1\", \"sub_compartment\": \"1\", "
       "\"boundary_hash\": \"" +
           h + "\", \"area_ha\": 0}]",
       "at least 0.01 ha"},
  };
  // An offline project submission (--out with --chain-id and --expires: no
  // node) with the parcels file `parcels`.
  auto submit = [&](const std::string& parcels) {
    return Lincao({"project",    "submit",
                   "SC-P-1",     "--methodology",
                   "M",          "--area-code",
                   "511827",     "--title",
                   "t",          "--design-hash",
                   Hex32('1'),   "--survey-hash",
                   Hex32('2'),   "--crediting-start",
                   "2025-01-01", "--crediting-end",
                   "2035-01-01", "--parcels",
                   parcels,      "--account",
                   "a1",         "--out",
                   Path("x.tx"), "--chain-id",
                   "c",          "--expires",
                   "2030-01-01"});
  };
  for (const Case& c : cases) {
    CmdResult r = submit(Write("p.json", c.json));
    EXPECT_EQ(r.code, kExitUsage) << c.json << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.json << ": " << r.err;
  }
  // A boundary file that cannot be read fails (exit 1), naming the parcel.
  const std::string parcels =
      Write("p.json", R"([{"area_code": "511827", "compartment": "1", "sub_compartment": "1",
                     "boundary_file": "nowhere.geojson", "area_ha": 1}])");
  CmdResult r = submit(parcels);
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_NE(r.err.find("parcel 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nowhere.geojson"), std::string::npos) << r.err;
}

// The CLI hashes documents in chunks; the result must be the suite's own H
// of the whole file, across chunk boundaries.
TEST_F(LifecycleCommandsTest, ChunkedDocumentHashIsTheSuitesHash) {
  std::string content;
  for (int i = 0; content.size() < (3u << 20) + 17; ++i) content += std::to_string(i * 7919);
  const std::string file = Write("big.bin", content);
  std::ostringstream progress;
  auto h = HashFile(file, progress);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(ToHex(*h), ToHex(DefaultSuite().Hash(content)));
  auto empty = HashFile(Write("empty", ""), progress);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(ToHex(*empty), ToHex(DefaultSuite().Hash("")));
  EXPECT_EQ(HashFile(Path("absent"), progress).status().code(), v1::STORAGE_IO);
}

TEST_F(LifecycleCommandsTest, HelpTellsTheTwoIssuancesApart) {
  CmdResult lifecycle = Lincao({"issue", "--help"});
  EXPECT_EQ(lifecycle.code, kExitOk);
  EXPECT_NE(lifecycle.out.find("chaincode version 3"), std::string::npos);
  EXPECT_NE(lifecycle.out.find("lincao tx issue"), std::string::npos);
  CmdResult old = Lincao({"tx", "issue", "--help"});
  EXPECT_NE(old.out.find("version 1 or 2"), std::string::npos) << old.out;
  EXPECT_NE(old.out.find("lincao issue --project P --report N"), std::string::npos);
  for (const char* cmd : {"methodology", "project", "report", "hold", "freeze", "loss"}) {
    CmdResult r = Lincao({cmd, "--help"});
    EXPECT_EQ(r.code, kExitOk) << cmd;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << cmd;
  }
}

}  // namespace
}  // namespace lincao::cli
