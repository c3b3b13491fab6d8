// End to end, issue #11 (claims and points): a real lincaod on a dev chain
// (chaincode version 4) driven by the lincao CLI. Credits are issued for a
// forest project and part of them go to the "点点" service platform; an
// organisation declares neutrality claims, which are listed by entity with
// paging, refused a witness while open, covered by retirements of the
// declarant and of the platform it names, witnessed, and withdrawn; the
// platform records a person's low-carbon behaviour as points up to the
// daily cap and redeems them for a retirement from its holdings and for a
// benefit; the points query pages through every movement. The steps are those of
// docs/registry.md "Neutrality claims" and "Personal carbon accounts".
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/integration/walkthrough_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;

constexpr char kEntity[] = "Tianfu Software Park";

class ClaimsPointsCliTest : public WalkthroughTest {
 protected:
  // The date (China Standard Time) of the node's chain time, `back` days
  // before: the day a behaviour is recorded for.
  std::string ChainDate(int back = 0) {
    const uint64_t ms = NodeJson({"query", "status"})["chain_time_ms"].get<uint64_t>();
    const auto day = std::chrono::sys_days{
        std::chrono::days{static_cast<int>((ms + 8 * 3600 * 1000) / 86400000) - back}};
    const std::chrono::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
  }
  // A points transaction the platform signs for personal account `account`.
  json ForPerson(std::vector<std::string> args, const std::string& account, int exit = 0) {
    for (const std::string& a :
         {std::string("--for"), account, std::string("--key"), Key("dd-platform")}) {
      args.push_back(a);
    }
    json r = NodeJson(args, exit);
    if (exit == 0) {
      EXPECT_EQ(r.value("state", ""), "COMMITTED") << args[1] << ": " << r.dump();
    }
    return r;
  }
};

TEST_F(ClaimsPointsCliTest, ClaimsByEntityAndPointsFromBehaviourToRetirement) {
  ASSERT_EQ(NodeJson({"query", "governance"})["chaincode_version"], 4);
  IssueBatch();  // panda-coop holds 960,000 units
  ASSERT_FALSE(HasFailure());
  for (const char* a : {"tianfu-park", "dd-platform"}) {
    ASSERT_EQ(Cli({"keys", "new", "--owner", a, "--out", Key(a)}).exit_code, 0);
    Tx({"account", "open", "--id", a, "--role", "participant", "--pubkey-file", Key(a),
        "--identity-file", Document(std::string("identity/") + a + ".pdf", a)},
       "registrar");
  }
  TwoOfThree({"gov", "role", "grant", "dd-platform", "service_platform"}, "g-platform.tx");
  Tx({"tx", "transfer", "--to", "dd-platform", "--quantity", "20000"}, "panda-coop");

  // --- neutrality claims --------------------------------------------------
  json declared = Tx(
      {"claim", "declare", "--entity-kind", "organisation", "--entity", kEntity, "--period-start",
       "2026-01-01", "--period-end", "2027-01-01", "--footprint-kg", "3000", "--evidence-file",
       Document("docs/footprint-2026.pdf", "footprint 2026"), "--platform", "dd-platform"},
      "tianfu-park");
  EXPECT_EQ(declared["claim_id"], 1);
  Tx({"claim", "declare", "--entity-kind", "organisation", "--entity", kEntity, "--period-start",
      "2026-01-01", "--period-end", "2026-07-01", "--footprint-kg", "800", "--evidence-hash",
      std::string(64, '8')},
     "tianfu-park");
  Tx({"claim", "declare", "--entity-kind", "event", "--entity", kEntity, "--period-start",
      "2026-05-01", "--period-end", "2026-05-02", "--footprint-kg", "50", "--evidence-hash",
      std::string(64, '9')},
     "tianfu-park");
  json claim = NodeJson({"query", "claim", "1"});
  EXPECT_EQ(claim["claim"]["declarant"], "tianfu-park");
  EXPECT_EQ(claim["claim"]["platform"], "dd-platform");
  EXPECT_EQ(claim["claim"]["footprint_kg"], 3000);
  EXPECT_EQ(claim["claim"]["coverage"], "CLAIM_OPEN");
  EXPECT_EQ(claim["claim"]["state"], "CLAIM_ACTIVE");
  EXPECT_EQ(claim["retirements"].size(), 0u);

  // Claims by entity: kind and name, one page at a time.
  json page1 = NodeJson({"query", "claims", "--entity-kind", "organisation", "--entity", kEntity,
                         "--page-size", "1"});
  ASSERT_EQ(page1["claims"].size(), 1u);
  EXPECT_EQ(page1["claims"][0]["id"], 1);
  EXPECT_EQ(page1["next_page_token"], "1");
  json page2 = NodeJson({"query", "claims", "--entity-kind", "organisation", "--entity", kEntity,
                         "--page-size", "1", "--page-token", "1"});
  ASSERT_EQ(page2["claims"].size(), 1u);
  EXPECT_EQ(page2["claims"][0]["id"], 2);
  json page3 = NodeJson({"query", "claims", "--entity-kind", "organisation", "--entity", kEntity,
                         "--page-size", "1", "--page-token", "2"});
  EXPECT_EQ(page3["claims"].size(), 0u);
  EXPECT_EQ(page3["next_page_token"], "");
  json events = NodeJson({"query", "claims", "--entity-kind", "event", "--entity", kEntity});
  ASSERT_EQ(events["claims"].size(), 1u);
  EXPECT_EQ(events["claims"][0]["id"], 3);
  EXPECT_EQ(NodeJson({"query", "claims"})["claims"].size(), 3u);
  CommandResult human = Node({"query", "claims", "--entity-kind", "organisation", "--entity",
                              kEntity, "--page-size", "1"});
  EXPECT_NE(human.out.find("more: lincao query claims --entity-kind organisation --entity "
                           "\"Tianfu Software Park\" --page-token 1"),
            std::string::npos)
      << human.out;

  // An open claim is not witnessed; the declarant withdraws, once.
  json early = NodeJson({"claim", "witness", "1", "--statement-hash", std::string(64, '7'), "--key",
                         Key("dd-platform")},
                        1);
  EXPECT_NE(early["stderr"].get<std::string>().find("CLAIM_NOT_COVERED"), std::string::npos);
  EXPECT_NE(early["stderr"].get<std::string>().find("0 of its 3000 kg"), std::string::npos);
  // Retirements naming the claim cover it: the declarant's and the platform's
  // own, with the purpose and subject of the entity, inside the period.
  auto retire = [&](const std::string& holder, const std::string& kg, const std::string& subject) {
    return NodeJson({"tx", "retire", "--quantity", kg, "--beneficiary-org", kEntity, "--purpose",
                     "organisation", "--subject", subject, "--period-start", "2026-01-01",
                     "--period-end", "2026-07-01", "--claim", "1", "--key", Key(holder)},
                    subject == kEntity ? 0 : 1);
  };
  Tx({"tx", "transfer", "--to", "tianfu-park", "--quantity", "5000"}, "panda-coop");
  json mismatch = retire("tianfu-park", "2000", "Tianfu Park");
  EXPECT_NE(mismatch["stderr"].get<std::string>().find("ENTITY_MISMATCH"), std::string::npos)
      << mismatch;
  json own = retire("tianfu-park", "2000", kEntity);
  EXPECT_EQ(own["state"], "COMMITTED") << own;
  json partly = NodeJson({"query", "claim", "1"});
  EXPECT_EQ(partly["claim"]["coverage"], "CLAIM_PARTLY_COVERED");
  EXPECT_EQ(partly["claim"]["covered_kg"], 2000);
  json by_platform = retire("dd-platform", "1000", kEntity);
  EXPECT_EQ(by_platform["state"], "COMMITTED") << by_platform;
  json covered = NodeJson({"query", "claim", "1", "--page-size", "1"});
  EXPECT_EQ(covered["claim"]["coverage"], "CLAIM_COVERED");
  EXPECT_EQ(covered["claim"]["retirements"], 2);
  ASSERT_EQ(covered["retirements"].size(), 1u);
  EXPECT_EQ(covered["retirements"][0]["id"], own["retirement_id"]);
  EXPECT_EQ(covered["retirements"][0]["holder"], "tianfu-park");
  json linked2 = NodeJson({"query", "claim", "1", "--page-size", "1", "--page-token",
                           std::to_string(own["retirement_id"].get<uint64_t>())});
  ASSERT_EQ(linked2["retirements"].size(), 1u);
  EXPECT_EQ(linked2["retirements"][0]["holder"], "dd-platform");
  EXPECT_EQ(linked2["next_page_token"], "");
  Tx({"claim", "witness", "1", "--statement-file", Document("docs/witness-1.pdf", "witnessed")},
     "dd-platform");
  json witnessed = NodeJson({"query", "claim", "1"});
  EXPECT_EQ(witnessed["claim"]["state"], "CLAIM_WITNESSED");
  EXPECT_EQ(witnessed["claim"]["closed_by"], "dd-platform");
  json late =
      NodeJson({"tx", "retire", "--quantity", "1", "--beneficiary-org", kEntity, "--purpose",
                "organisation", "--subject", kEntity, "--period-start", "2026-01-01",
                "--period-end", "2026-07-01", "--claim", "1", "--key", Key("tianfu-park")},
               1);
  EXPECT_NE(late["stderr"].get<std::string>().find("CLAIM_CLOSED"), std::string::npos) << late;

  json other = NodeJson(
      {"claim", "withdraw", "2", "--reason", "merged into claim 1", "--key", Key("dd-platform")},
      1);
  EXPECT_NE(other["stderr"].get<std::string>().find("NOT_DECLARANT"), std::string::npos);
  Tx({"claim", "withdraw", "2", "--reason", "merged into claim 1"}, "tianfu-park");
  EXPECT_EQ(NodeJson({"query", "claim", "2"})["claim"]["state"], "CLAIM_WITHDRAWN");
  EXPECT_EQ(NodeJson({"query", "claim", "2"})["claim"]["withdraw_reason"], "merged into claim 1");
  json again =
      NodeJson({"claim", "withdraw", "2", "--reason", "again", "--key", Key("tianfu-park")}, 1);
  EXPECT_NE(again["stderr"].get<std::string>().find("CLAIM_CLOSED"), std::string::npos);
  ExpectRefused({"query", "claim", "9"}, "UNKNOWN_CLAIM");

  // --- personal carbon points ----------------------------------------------
  Tx({"account", "open-personal", "--id", "p-0001", "--commitment", std::string(64, 'c')},
     "dd-platform");
  const std::string today = ChainDate();
  json earned = ForPerson({"points", "record", "--day", today, "--category", "travel", "--points",
                           "3000", "--evidence-hash", std::string(64, 'a')},
                          "p-0001");
  EXPECT_EQ(earned["movement"], 1);
  json capped = ForPerson({"points", "record", "--day", today, "--category", "food", "--points",
                           "2500", "--evidence-hash", std::string(64, 'a')},
                          "p-0001", 1);
  EXPECT_NE(capped["stderr"].get<std::string>().find("DAILY_POINTS_CAP"), std::string::npos);
  EXPECT_NE(capped["stderr"].get<std::string>().find("may earn 2000 more points"),
            std::string::npos)
      << capped;
  ForPerson({"points", "record", "--day", today, "--category", "food", "--points", "2000",
             "--evidence-hash", std::string(64, 'a')},
            "p-0001");
  ForPerson({"points", "record", "--day", ChainDate(1), "--category", "住", "--points", "1500",
             "--evidence-hash", std::string(64, 'a')},
            "p-0001");
  json stale = ForPerson({"points", "record", "--day", ChainDate(7), "--category", "use",
                          "--points", "1", "--evidence-hash", std::string(64, 'a')},
                         "p-0001", 1);
  EXPECT_NE(stale["stderr"].get<std::string>().find("DAY_OUTSIDE_WINDOW"), std::string::npos);

  // 5 kg retired from the platform's holdings for the person: 5000 points.
  json redeemed = ForPerson(
      {"points", "redeem", "--retire-kg", "5", "--category", "travel", "--note", "app exchange"},
      "p-0001");
  const uint64_t retirement = redeemed["retirement_id"].get<uint64_t>();
  json r = NodeJson({"query", "retirement", std::to_string(retirement)});
  EXPECT_EQ(r["holder"], "dd-platform");
  EXPECT_EQ(r["quantity"], 5);
  EXPECT_EQ(r["purpose"], "PERSONAL_FOOTPRINT");
  EXPECT_EQ(r["beneficiary"]["person_commitment"], std::string(64, 'c'));
  EXPECT_EQ(NodeJson({"query", "holdings", "dd-platform"})["total"], 18995);
  ForPerson({"points", "redeem", "--benefit", "Chengdu metro day ticket", "--points", "1000"},
            "p-0001");
  json broke = ForPerson({"points", "redeem", "--benefit", "Panda base ticket", "--points", "501"},
                         "p-0001", 1);
  EXPECT_NE(broke["stderr"].get<std::string>().find("INSUFFICIENT_POINTS"), std::string::npos);
  // The platform acting as itself is no personal account: the ledger says so.
  NodeJson({"points", "redeem", "--benefit", "x", "--points", "1", "--account", "dd-platform",
            "--out", File("self.tx")});
  ASSERT_EQ(Cli({"sign", File("self.tx"), "--key", Key("dd-platform")}).exit_code, 0);
  json self = NodeJson({"submit", File("self.tx")}, 1);
  EXPECT_NE(self["stderr"].get<std::string>().find("NOT_CUSTODIAL"), std::string::npos) << self;

  json points = NodeJson({"query", "points", "p-0001", "--page-size", "3"});
  EXPECT_EQ(points["custodian"], "dd-platform");
  EXPECT_EQ(points["balance"], 500);
  EXPECT_EQ(points["earned"], 6500);
  EXPECT_EQ(points["redeemed"], 6000);
  EXPECT_EQ(points["movement_count"], 5);
  ASSERT_EQ(points["movements"].size(), 3u);
  EXPECT_EQ(points["movements"][0]["kind"], "POINTS_EARNED");
  EXPECT_EQ(points["movements"][0]["points"], 3000);
  EXPECT_EQ(points["movements"][0]["category"], "TRAVEL");
  EXPECT_EQ(points["movements"][0]["platform"], "dd-platform");
  EXPECT_EQ(points["next_page_token"], "3");
  json rest = NodeJson({"query", "points", "p-0001", "--page-size", "3", "--page-token", "3"});
  ASSERT_EQ(rest["movements"].size(), 2u);
  EXPECT_EQ(rest["movements"][0]["kind"], "POINTS_FOR_RETIREMENT");
  EXPECT_EQ(rest["movements"][0]["retirement_id"], retirement);
  EXPECT_EQ(rest["movements"][0]["quantity_kg"], 5);
  EXPECT_EQ(rest["movements"][1]["kind"], "POINTS_FOR_BENEFIT");
  EXPECT_EQ(rest["movements"][1]["balance_after"], 500);
  EXPECT_EQ(rest["next_page_token"], "");
  CommandResult table = Node({"query", "points", "p-0001"});
  EXPECT_NE(table.out.find("balance         500 points"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("retirement " + std::to_string(retirement)), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("benefit: Chengdu metro day ticket"), std::string::npos) << table.out;
  ExpectRefused({"query", "points", "nobody"}, "UNKNOWN_ACCOUNT");
}

}  // namespace
}  // namespace lincao::itest
