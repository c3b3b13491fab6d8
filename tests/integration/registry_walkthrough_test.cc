// End to end, issue #10: the walkthrough of docs/registry.md against a real
// lincaod on a dev chain (chaincode version 3). A Giant Panda National Park
// forest project goes from methodology proposal through expert evaluation,
// approval, registration, a monitoring report, its verification and
// evaluation, to issuance with the buffer; then a pledge, a supervisory
// freeze and a fire loss that the buffer covers only in part, and the
// governance quorum clears the shortfall. Experts, the verifier and the
// bank get their roles through the 2-of-3 governance flow. Each step is
// checked through the Registry queries, paging included.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "chaincode/rule_set.h"
#include "tests/integration/walkthrough_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;

constexpr char kProject[] = "SC-P-2026-0001";
constexpr char kMethodology[] = "SC-FOR-001-V01";

using RegistryWalkthroughTest = WalkthroughTest;

TEST_F(RegistryWalkthroughTest, PandaForestFromMethodologyToIssuanceThenPledgeFreezeAndLoss) {
  json gov = NodeJson({"query", "governance"});
  ASSERT_EQ(gov["chaincode_version"], kLatestChaincodeVersion);

  // --- accounts, and their roles from governance ------------------------
  for (const char* a : {"panda-coop", "expert-zhang", "expert-li", "verifier-a", "green-bank"}) {
    ASSERT_EQ(Cli({"keys", "new", "--owner", a, "--out", Key(a)}).exit_code, 0);
  }
  // The registrar records the hash of the identity documents it checked.
  Tx({"account", "open", "--id", "panda-coop", "--role", "project_owner", "--pubkey-file",
      Key("panda-coop"), "--name", "Baoxing Panda Forest Cooperative", "--identity-file",
      Document("identity/panda-coop.pdf", "cooperative registration certificate")},
     "registrar");
  for (const char* a : {"expert-zhang", "expert-li", "verifier-a", "green-bank"}) {
    Tx({"account", "open", "--id", a, "--role", "participant", "--pubkey-file", Key(a),
        "--identity-file", Document(std::string("identity/") + a + ".pdf", a)},
       "registrar");
  }
  TwoOfThree({"gov", "role", "grant", "expert-zhang", "expert", "--sector", "forest"}, "g1.tx");
  TwoOfThree({"gov", "role", "grant", "expert-li", "expert", "--sector", "forest"}, "g2.tx");
  TwoOfThree({"gov", "role", "grant", "verifier-a", "verifier", "--sector", "forest"}, "g3.tx");
  TwoOfThree({"gov", "role", "grant", "green-bank", "finance"}, "g4.tx");

  // --- methodology: proposed, two experts approve, a supervisor approves --
  Tx({"methodology", "propose", kMethodology, "--sector", "forest", "--title",
      "Sichuan forest management carbon sink", "--buffer-bps", "2000", "--factor",
      "carbon_fraction_permille=470:permille", "--factor", "root_shoot_permille=260:permille",
      "--evidence-file", Document("docs/SC-FOR-001-V01.pdf", "methodology v1")},
     "registrar");
  json m = NodeJson({"query", "methodology", kMethodology});
  EXPECT_EQ(m["methodology"]["status"], "METHODOLOGY_PROPOSED");
  for (const char* expert : {"expert-zhang", "expert-li"}) {
    Tx({"methodology", "evaluate", kMethodology, "--approve", "--opinion-file",
        Document(std::string("docs/m-") + expert + ".pdf", expert)},
       expert);
  }
  // An expert evaluates once.
  json again = NodeJson({"methodology", "evaluate", kMethodology, "--approve", "--opinion-file",
                         File("docs/m-expert-li.pdf"), "--key", Key("expert-li")},
                        1);
  EXPECT_NE(again["stderr"].get<std::string>().find("ALREADY_EVALUATED"), std::string::npos)
      << again;
  Tx({"methodology", "approve", kMethodology}, "forestry-bureau");
  m = NodeJson({"query", "methodology", kMethodology});
  EXPECT_EQ(m["methodology"]["status"], "METHODOLOGY_APPROVED");
  EXPECT_EQ(m["methodology"]["buffer_bps"], 2000);
  EXPECT_EQ(m["methodology"]["approved_by"], "forestry-bureau");
  ASSERT_EQ(m["evaluations"].size(), 2u);
  EXPECT_EQ(m["evaluations"][0]["expert"], "expert-li");  // by account id
  EXPECT_EQ(m["evaluations"][0]["approve"], true);

  // --- project: submitted with its parcels file, evaluated, approved, registered
  Document("boundaries/12-3.geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[102.81,30.42]]]}");
  Document("boundaries/12-5.geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[102.84,30.45]]]}");
  const std::string parcels = Document("parcels.json", R"({"parcels": [
    {"label": "Fengtongzhai 12/5", "area_code": "511827", "compartment": "12",
     "sub_compartment": "5", "boundary_file": "boundaries/12-5.geojson", "area_ha": "86.25"},
    {"label": "Fengtongzhai 12/3", "area_code": "511827", "compartment": "12",
     "sub_compartment": "3", "boundary_file": "boundaries/12-3.geojson", "area_ha": "120.50"}
  ]})");
  Tx({"project",
      "submit",
      kProject,
      "--methodology",
      kMethodology,
      "--area-code",
      "511827",
      "--parcels",
      parcels,
      "--crediting-start",
      "2025-01-01",
      "--crediting-end",
      "2045-01-01",
      "--tag",
      "giant-panda-national-park",
      "--title",
      "Baoxing Fengtongzhai panda forest management",
      "--design-file",
      Document("docs/design.pdf", "design"),
      "--survey-file",
      Document("docs/survey.pdf", "survey")},
     "panda-coop");
  for (const char* expert : {"expert-zhang", "expert-li"}) {
    Tx({"project", "evaluate", kProject, "--approve", "--opinion-file",
        Document(std::string("docs/p-") + expert + ".pdf", expert)},
       expert);
  }
  Tx({"project", "approve", kProject}, "forestry-bureau");
  Tx({"project", "register", kProject}, "registrar");
  json p = NodeJson({"query", "project", kProject});
  EXPECT_EQ(p["project"]["status"], "PROJECT_REGISTERED");
  EXPECT_EQ(p["project"]["area_centiha"], 20675);
  ASSERT_EQ(p["project"]["parcels"].size(), 2u);
  EXPECT_EQ(p["project"]["parcels"][0]["forest"]["sub_compartment"], "3");  // sorted
  EXPECT_EQ(p["project"]["tags"], json({"GIANT_PANDA_NATIONAL_PARK"}));
  EXPECT_EQ(p["evaluations"].size(), 2u);
  // A parcel belongs to one live project: a second claim names the first.
  json twice = NodeJson({"project",
                         "submit",
                         "SC-P-2026-0002",
                         "--methodology",
                         kMethodology,
                         "--area-code",
                         "511827",
                         "--parcels",
                         parcels,
                         "--crediting-start",
                         "2025-01-01",
                         "--crediting-end",
                         "2045-01-01",
                         "--title",
                         "again",
                         "--design-hash",
                         std::string(64, 'a'),
                         "--survey-hash",
                         std::string(64, 'b'),
                         "--key",
                         Key("panda-coop")},
                        1);
  EXPECT_NE(twice["stderr"].get<std::string>().find("PARCEL_CLAIMED"), std::string::npos);
  EXPECT_NE(twice["stderr"].get<std::string>().find(kProject), std::string::npos);

  // --- monitoring report, verification, evaluation ----------------------
  Tx({"report", "submit", "--project", kProject, "--period-start", "2025-01-01", "--period-end",
      "2026-01-01", "--claimed-kg", "1250000", "--evidence-file",
      Document("docs/monitoring-2025.zip", "evidence")},
     "panda-coop");
  // A verifier may lower a claim, never raise it.
  json raised =
      NodeJson({"report", "attest", "--project", kProject, "--report", "1", "--verified-kg",
                "1250001", "--attestation-hash", std::string(64, 'c'), "--key", Key("verifier-a")},
               1);
  EXPECT_NE(raised["stderr"].get<std::string>().find("EXCEEDS_CLAIM"), std::string::npos);
  Tx({"report", "attest", "--project", kProject, "--report", "1", "--verified-kg", "1200000",
      "--attestation-file", Document("docs/verification-2025.pdf", "verified")},
     "verifier-a");
  for (const char* expert : {"expert-zhang", "expert-li"}) {
    Tx({"report", "evaluate", "--project", kProject, "--report", "1", "--approve", "--opinion-file",
        Document(std::string("docs/r-") + expert + ".pdf", expert)},
       expert);
  }
  json r = NodeJson({"query", "report", "--project", kProject, "--report", "1"});
  EXPECT_EQ(r["report"]["status"], "REPORT_EVALUATED");
  EXPECT_EQ(r["report"]["verified_kg"], 1200000);
  EXPECT_EQ(r["report"]["verifier"], "verifier-a");
  json reports = NodeJson({"query", "reports", "--project", kProject});
  EXPECT_EQ(reports["reports"].size(), 1u);

  // --- issuance: 20% to the buffer, the rest to the owner ----------------
  json issued = Tx({"issue", "--project", kProject, "--report", "1"}, "registrar");
  EXPECT_EQ(issued["batch_id"], 1);
  json batch = NodeJson({"query", "batch", "SC-P-2026-0001-2025-001"});
  EXPECT_EQ(batch["id"], 1);
  EXPECT_EQ(batch["vintage"], 2025);
  EXPECT_EQ(batch["quantity"], 1200000);
  EXPECT_EQ(batch["buffer"], 240000);
  EXPECT_EQ(batch["tradable"], 960000);
  EXPECT_EQ(NodeJson({"query", "holdings", "panda-coop"})["total"], 960000);
  json buffer = NodeJson({"query", "buffer"});
  EXPECT_EQ(buffer["total"], 240000);
  EXPECT_EQ(buffer["batch_count"], 1);
  // Once per report.
  json reissue =
      NodeJson({"issue", "--project", kProject, "--report", "1", "--key", Key("registrar")}, 1);
  EXPECT_NE(reissue["stderr"].get<std::string>().find("ALREADY_ISSUED"), std::string::npos);

  // --- a pledge to the bank: the pledgee co-signs ------------------------
  NodeJson({"hold", "pledge", "--pledgee", "green-bank", "--range", "240001-340000", "--reason",
            "GRB-2026-017", "--until", "2027-06-30", "--key", Key("panda-coop"), "--out",
            File("pledge.tx")});
  json inspected = NodeJson({"inspect", File("pledge.tx")});
  EXPECT_EQ(inspected["cosigners"], json({"green-bank"}));
  EXPECT_EQ(inspected["ready"], false);
  for (const char* signer : {"panda-coop", "green-bank"}) {
    ASSERT_EQ(Cli({"sign", File("pledge.tx"), "--key", Key(signer)}).exit_code, 0);
  }
  json pledged = NodeJson({"submit", File("pledge.tx")});
  EXPECT_EQ(pledged["hold_id"], 1);
  json holds = NodeJson({"query", "holds", "--holder", "panda-coop", "--active"});
  ASSERT_EQ(holds["holds"].size(), 1u);
  EXPECT_EQ(holds["holds"][0]["pledgee"], "green-bank");
  EXPECT_EQ(holds["holds"][0]["quantity"], 100000);
  EXPECT_EQ(NodeJson({"query", "holdings", "panda-coop"})["total"], 860000);

  // --- a supervisory freeze stops the project's units; lifting frees them --
  Tx({"freeze", "set", "project", kProject, "--reason", "boundary complaint under review"},
     "forestry-bureau");
  json frozen = NodeJson(
      {"tx", "transfer", "--to", "green-bank", "--quantity", "1000", "--key", Key("panda-coop")},
      1);
  EXPECT_NE(frozen["stderr"].get<std::string>().find("FROZEN"), std::string::npos) << frozen;
  json freezes = NodeJson({"query", "freezes", "--target", "project"});
  ASSERT_EQ(freezes["freezes"].size(), 1u);
  EXPECT_EQ(freezes["freezes"][0]["authority"], "forestry-bureau");
  Tx({"freeze", "lift", "project", kProject, "--reason", "boundary confirmed"}, "forestry-bureau");
  EXPECT_EQ(NodeJson({"query", "freezes"})["freezes"].size(), 0u);

  // --- a fire: the buffer covers what it can, the rest is a shortfall ----
  json loss = Tx({"loss", "report", "--project", kProject, "--kind", "fire", "--loss-kg", "300000",
                  "--occurred", "2026-03-14", "--evidence-file",
                  Document("docs/fire-2026.pdf", "fire survey")},
                 "forestry-bureau");
  EXPECT_EQ(loss["loss_id"], 1);
  json losses = NodeJson({"query", "losses", "--project", kProject});
  ASSERT_EQ(losses["losses"].size(), 1u);
  EXPECT_EQ(losses["losses"][0]["covered"], 240000);
  EXPECT_EQ(losses["losses"][0]["shortfall_added"], 60000);
  EXPECT_EQ(NodeJson({"query", "buffer"})["total"], 0);
  p = NodeJson({"query", "project", kProject});
  EXPECT_EQ(p["shortfall"]["units"], 60000);
  TwoOfThree({"loss", "clear-shortfall", "--project", kProject, "--reason", "owner replanted"},
             "clear.tx");
  EXPECT_EQ(NodeJson({"inspect", File("clear.tx")})["governance"], true);
  EXPECT_FALSE(NodeJson({"query", "project", kProject}).contains("shortfall"));
  json batches = NodeJson({"query", "batches", "--project", kProject});
  ASSERT_EQ(batches["batches"].size(), 1u);
  EXPECT_EQ(batches["batches"][0]["cancelled"], 240000);
  EXPECT_EQ(batches["batches"][0]["held"], 100000);
  EXPECT_EQ(batches["batches"][0]["tradable"], 860000);

  // --- paging and unknown ids ---------------------------------------------
  Tx({"methodology", "propose", "SC-GRA-001-V01", "--sector", "grassland", "--title",
      "Grassland restoration", "--buffer-bps", "1500", "--evidence-hash", std::string(64, 'd')},
     "registrar");
  json page1 = NodeJson({"query", "methodologies", "--page-size", "1"});
  ASSERT_EQ(page1["methodologies"].size(), 1u);
  EXPECT_EQ(page1["methodologies"][0]["id"], kMethodology);
  EXPECT_EQ(page1["next_page_token"], kMethodology);
  json page2 = NodeJson({"query", "methodologies", "--page-size", "1", "--page-token",
                         page1["next_page_token"].get<std::string>()});
  ASSERT_EQ(page2["methodologies"].size(), 1u);
  EXPECT_EQ(page2["methodologies"][0]["id"], "SC-GRA-001-V01");
  EXPECT_EQ(page2["next_page_token"], "");
  CommandResult human = Node({"query", "methodologies", "--page-size", "1"});
  EXPECT_NE(human.out.find("more: lincao query methodologies --page-token SC-FOR-001-V01"),
            std::string::npos)
      << human.out;
  EXPECT_EQ(NodeJson({"query", "projects", "--owner", "panda-coop"})["projects"].size(), 1u);
  ExpectRefused({"query", "project", "SC-P-9999"}, "UNKNOWN_PROJECT");
  ExpectRefused({"query", "methodology", "SC-WET-009-V01"}, "UNKNOWN_METHODOLOGY");
  ExpectRefused({"query", "report", "--project", kProject, "--report", "9"}, "UNKNOWN_REPORT");
  ExpectRefused({"query", "batch", "SC-P-2026-0001-2025-002"}, "UNKNOWN_BATCH");
  ExpectRefused({"query", "hold", "9"}, "UNKNOWN_HOLD");
  ExpectRefused({"query", "cancellation", "1"}, "UNKNOWN_CANCELLATION");
  ExpectRefused({"query", "holds", "--holder", "nobody"}, "UNKNOWN_ACCOUNT");
  ExpectRefused({"query", "holds", "--page-token", "x"}, "INVALID_ARGUMENT");
}

}  // namespace
}  // namespace lincao::itest
