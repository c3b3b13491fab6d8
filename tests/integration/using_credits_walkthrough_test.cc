// End to end, issue #11: section 9 of docs/registry.md against a real
// lincaod on a dev chain (chaincode version 4). After one issuance, an
// exchange settles a four-leg trade for a client that gave it a mandate (a
// replayed trade and a leg without a mandate are refused and move nothing);
// then credits are retired for each scenario of the guidance: a large event,
// tree-planting duties once governance sets the conversion, an eco-judicial
// order co-signed by the court, a person's footprint through the service
// platform, building and organisation neutrality. The Registry's queries
// find them by person, purpose, project and period, page through them, total
// them, and give each a certificate whose transaction and result match the
// block.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "chaincode/bytes.h"
#include "chaincode/suite.h"
#include "tests/integration/walkthrough_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;

constexpr char kProject[] = "SC-P-2026-0001";
const std::string kPerson = "5d1e0c8f3a9b27e4c6f1d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7";

class UsingCreditsWalkthroughTest : public WalkthroughTest {
 protected:
  // The organisations of section 9, their roles from governance, and a
  // personal account in the service platform's custody.
  void OpenUsers() {
    for (const char* a : {"chengdu-expo", "metro-group", "timber-co", "west-exchange",
                          "dd-platform", "pingwu-court"}) {
      ASSERT_EQ(Cli({"keys", "new", "--owner", a, "--out", Key(a)}).exit_code, 0);
      Tx({"account", "open", "--id", a, "--role", "participant", "--pubkey-file", Key(a),
          "--identity-file", Document(std::string("identity/") + a, a)},
         "registrar");
    }
    TwoOfThree({"gov", "role", "grant", "west-exchange", "exchange"}, "g4.tx");
    TwoOfThree({"gov", "role", "grant", "dd-platform", "service_platform"}, "g5.tx");
    TwoOfThree({"gov", "role", "grant", "pingwu-court", "judicial"}, "g6.tx");
    Tx({"account", "open-personal", "--id", "p-3f9a2c", "--commitment", kPerson}, "dd-platform");
  }

  // A query's --json, or the refusal's stderr.
  json Query(std::vector<std::string> args) {
    args.insert(args.begin(), "query");
    return NodeJson(args);
  }
  std::vector<int> Ids(const json& retirements) {
    std::vector<int> ids;
    for (const auto& r : retirements["retirements"]) ids.push_back(r["id"].get<int>());
    return ids;
  }
  // A transaction refused by the chain with `code` (exit 1, recorded as rejected).
  void ExpectRejected(std::vector<std::string> args, const std::string& signer,
                      const std::string& code) {
    args.push_back("--key");
    args.push_back(Key(signer));
    ExpectRefused(args, code);
  }
};

TEST_F(UsingCreditsWalkthroughTest, SettlementThenARetirementOfEveryScenarioThenTheQueries) {
  IssueBatch();
  OpenUsers();
  if (HasFatalFailure()) return;
  ASSERT_EQ(Query({"holdings", "panda-coop"})["total"], 960000);

  // --- settlement: a mandate, four legs, a replay, a leg without mandate ---
  Tx({"mandate", "grant", "--exchange", "west-exchange"}, "panda-coop");
  EXPECT_EQ(Query({"mandates", "west-exchange"})["mandates"][0]["client"], "panda-coop");
  const std::string trade = Document("trade-381.json", R"([
    {"from": "panda-coop", "to": "chengdu-expo", "quantity": 50000},
    {"from": "panda-coop", "to": "metro-group", "quantity": 120000},
    {"from": "panda-coop", "to": "timber-co", "ranges": ["1100001-1110000"]},
    {"from": "panda-coop", "to": "p-3f9a2c", "quantity": 100}])");
  Tx({"settle", "--exchange-ref", "WX-2026-000381", "--legs", trade}, "west-exchange");
  json settled = Query({"settlement", "west-exchange", "WX-2026-000381"});
  ASSERT_EQ(settled["legs"].size(), 4u);
  EXPECT_EQ(settled["legs"][1]["ranges"][0]["range"]["first"], 290001);
  EXPECT_EQ(Query({"holdings", "timber-co"})["total"], 10000);
  EXPECT_EQ(Query({"holdings", "panda-coop"})["total"], 960000 - 180100);
  ExpectRejected({"settle", "--exchange-ref", "WX-2026-000381", "--legs", trade}, "west-exchange",
                 "TRADE_ALREADY_SETTLED");
  const std::string unmandated = Document("trade-382.json", R"([
    {"from": "panda-coop", "to": "chengdu-expo", "quantity": 1000},
    {"from": "metro-group", "to": "chengdu-expo", "quantity": 1000}])");
  ExpectRejected({"settle", "--exchange-ref", "WX-2026-000382", "--legs", unmandated},
                 "west-exchange", "leg 1: account 'metro-group' has given exchange");
  EXPECT_EQ(Query({"holdings", "chengdu-expo"})["total"], 50000);  // leg 0 did not move
  EXPECT_EQ(Query({"settlements", "west-exchange"})["settlements"].size(), 1u);

  // --- a large event ----------------------------------------------------
  json event =
      Tx({"tx", "retire", "--quantity", "50000", "--beneficiary-org", "Western China Expo Centre",
          "--purpose", "large-event", "--event", "2026 Western China International Expo",
          "--event-kind", "exhibition", "--jurisdiction", "510100", "--period-start", "2026-05-22",
          "--period-end", "2026-05-27"},
         "chengdu-expo");
  EXPECT_EQ(event["retirement_id"], 1);

  // --- tree-planting duties: refused until governance sets the conversion --
  const std::vector<std::string> duty = {"tx",
                                         "retire",
                                         "--for",
                                         "p-3f9a2c",
                                         "--duties",
                                         "2",
                                         "--beneficiary-commitment",
                                         kPerson,
                                         "--purpose",
                                         "tree-planting-duty",
                                         "--period-start",
                                         "2026-01-01",
                                         "--period-end",
                                         "2027-01-01",
                                         "--key",
                                         Key("dd-platform")};
  CommandResult unset = Node(duty);
  EXPECT_EQ(unset.exit_code, 2) << unset.err;  // the CLI cannot compute the quantity
  EXPECT_NE(unset.err.find("kg_per_planting_duty"), std::string::npos) << unset.err;
  std::vector<std::string> with_quantity = duty;
  with_quantity.insert(with_quantity.end(), {"--quantity", "40"});
  ExpectRefused(with_quantity, "PARAMETER_NOT_SET");
  TwoOfThree({"gov", "param", "set", "kg_per_planting_duty", "20"}, "duty.tx");
  json planted = NodeJson(duty);
  EXPECT_EQ(planted["state"], "COMMITTED") << planted;
  json rec = Query({"retirement", "2"});
  EXPECT_EQ(rec["quantity"], 40);
  EXPECT_EQ(rec["tree_planting"]["duties"], 2);
  EXPECT_EQ(rec["kg_per_planting_duty"], 20);

  // --- eco-judicial: the court co-signs ----------------------------------
  NodeJson({"tx",
            "retire",
            "--range",
            "1100001-1110000",
            "--beneficiary-org",
            "Pingwu Timber Co.",
            "--purpose",
            "eco-judicial",
            "--case-number",
            "(2026)川0727刑初15号",
            "--court",
            "pingwu-court",
            "--period-start",
            "2026-01-01",
            "--period-end",
            "2027-01-01",
            "--key",
            Key("timber-co"),
            "--out",
            File("eco.tx")});
  EXPECT_EQ(NodeJson({"inspect", File("eco.tx")})["cosigners"], json({"pingwu-court"}));
  for (const char* signer : {"timber-co", "pingwu-court"}) {
    ASSERT_EQ(Cli({"sign", File("eco.tx"), "--key", Key(signer)}).exit_code, 0);
  }
  EXPECT_EQ(NodeJson({"submit", File("eco.tx")})["retirement_id"], 3);

  // --- a person's footprint, through the platform ------------------------
  Tx({"tx", "retire", "--for", "p-3f9a2c", "--quantity", "12", "--beneficiary-commitment", kPerson,
      "--purpose", "personal-footprint", "--category", "travel", "--period-start", "2026-11-01",
      "--period-end", "2026-12-01"},
     "dd-platform");

  // --- building and organisation neutrality ------------------------------
  const std::vector<std::string> building = {"tx",
                                             "retire",
                                             "--quantity",
                                             "80000",
                                             "--beneficiary-org",
                                             "Chengdu Tianfu Property Group",
                                             "--purpose",
                                             "building",
                                             "--period-start",
                                             "2025-01-01",
                                             "--period-end",
                                             "2026-01-01"};
  ExpectRejected(building, "metro-group", "needs its subject");
  std::vector<std::string> with_subject = building;
  with_subject.insert(with_subject.end(), {"--subject", "Tianfu Financial Tower"});
  Tx(with_subject, "metro-group");
  Tx({"tx", "retire", "--quantity", "30000", "--beneficiary-org", "Chengdu Tianfu Property Group",
      "--purpose", "organisation", "--subject", "Chengdu Tianfu Property Group", "--period-start",
      "2025-01-01", "--period-end", "2026-01-01"},
     "metro-group");

  // --- queries -------------------------------------------------------------
  EXPECT_EQ(Ids(Query({"retirements"})), (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Ids(Query({"retirements", "--commitment", kPerson})), (std::vector<int>{2, 4}));
  EXPECT_EQ(Ids(Query({"retirements", "--commitment", kPerson, "--purpose", "personal-footprint"})),
            (std::vector<int>{4}));
  EXPECT_EQ(Ids(Query({"retirements", "--from", "2026-01-01", "--to", "2027-01-01"})),
            (std::vector<int>{2, 3, 1, 4}));  // by period start
  std::vector<int> paged;
  std::string token;
  for (int pages = 0; pages < 10; ++pages) {
    std::vector<std::string> args = {"retirements", "--project", kProject, "--limit", "2"};
    if (!token.empty()) args.insert(args.end(), {"--page-token", token});
    json page = Query(args);
    for (int id : Ids(page)) paged.push_back(id);
    token = page["next_page_token"].get<std::string>();
    if (token.empty()) break;
  }
  EXPECT_EQ(paged, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  json totals = Query({"retirement-totals"});
  EXPECT_EQ(totals["total_count"], 6);
  EXPECT_EQ(totals["total_kg"], 50000 + 40 + 10000 + 12 + 80000 + 30000);
  EXPECT_EQ(totals["purposes"][2]["purpose"], "ECO_JUDICIAL");
  EXPECT_EQ(totals["purposes"][2]["kg"], 10000);
  ExpectRefused({"query", "retirements", "--project", "SC-P-9999"}, "UNKNOWN_PROJECT");
  ExpectRefused({"query", "settlement", "west-exchange", "WX-0"}, "UNKNOWN_SETTLEMENT");

  // --- a certificate matches its transaction and block ---------------------
  json cert = Query({"certificate", "3"});
  EXPECT_EQ(cert["retirement"]["eco_judicial"]["court"], "pingwu-court");
  EXPECT_EQ(cert["result"]["created_id"], 3);
  EXPECT_EQ(cert["tx_id"], cert["retirement"]["tx_id"]);
  auto signed_bytes = FromHex(cert["tx"]["tx"].get<std::string>());
  ASSERT_TRUE(signed_bytes.has_value());
  EXPECT_EQ(ToHex(DefaultSuite().Hash({*signed_bytes})), cert["tx_id"]);
  json tx = Query({"tx", cert["tx_id"].get<std::string>()});
  EXPECT_EQ(tx["height"], cert["height"]);
  json block = Query({"block", std::to_string(cert["height"].get<int>())});
  EXPECT_EQ(block["header"], cert["header"]);
  ExpectRefused({"query", "certificate", "99"}, "UNKNOWN_RETIREMENT");
  CommandResult words = Node({"query", "certificate", "3"});
  EXPECT_NE(words.out.find("Retirement 3: 10,000 kg CO2e retired by timber-co for Pingwu Timber "
                           "Co. (eco-judicial: case (2026)川0727刑初15号, co-signed by court "
                           "pingwu-court); tx "),
            std::string::npos)
      << words.out;
}

}  // namespace
}  // namespace lincao::itest
