// The using-credits commands (tx retire with the chaincode-4 detail of each
// purpose, mandate grant|revoke, settle with its legs file), run in-process
// with --out so no node is needed: the test reads back the exact body and
// cosigners each built and what `inspect` says, then the usage errors, each
// with a message that says what to fix.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tools/cli/settlement_legs.h"
#include "tools/cli/tx_command_fixture.h"

namespace lincao::cli {
namespace {

using UsingCreditsCommandsTest = TxCommandTest;

const std::vector<std::string> kRetire = {
    "tx",           "retire",     "--quantity",     "800",   "--period-start", "2026-05-01",
    "--period-end", "2026-05-06", "--jurisdiction", "510100"};

std::vector<std::string> Retire(std::vector<std::string> more) {
  std::vector<std::string> args = kRetire;
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(UsingCreditsCommandsTest, RetireBodiesCarryTheirPurposesDetail) {
  v1::Tx tx = Build(Retire({"--beneficiary-org", "Chengdu Expo Centre", "--purpose", "large-event",
                            "--event", "2026 Western China Expo", "--event-kind", "展览"}),
                    "chengdu-expo");
  EXPECT_EQ(tx.retire().event().name(), "2026 Western China Expo");
  EXPECT_EQ(tx.retire().event().kind(), v1::EXHIBITION);
  EXPECT_EQ(tx.retire().period_start_ms(), 1777593600000u);  // 2026-05-01T00:00Z
  EXPECT_NE(Summary().find("retire 800 units"), std::string::npos) << Summary();
  EXPECT_EQ(SummaryLine(1), "  exhibition \"2026 Western China Expo\"");

  tx = Build(Retire({"--beneficiary-commitment", Hex32('c'), "--purpose", "tree-planting-duty",
                     "--duties", "40"}),
             "p-7f3a");
  EXPECT_EQ(tx.retire().tree_planting().duties(), 40u);
  EXPECT_EQ(tx.retire().quantity(), 800u);

  tx = Build(Retire({"--beneficiary-org", "Offender Co.", "--purpose", "eco-judicial",
                     "--case-number", "(2026) Chuan 0722 Xing Chu 15", "--court", "pingwu-court"}),
             "offender-co");
  EXPECT_EQ(tx.retire().eco_judicial().case_number(), "(2026) Chuan 0722 Xing Chu 15");
  EXPECT_EQ(tx.retire().eco_judicial().court(), "pingwu-court");
  ASSERT_EQ(tx.cosigners_size(), 1);  // the court co-signs
  EXPECT_EQ(tx.cosigners(0), "pingwu-court");

  tx = Build(
      Retire({"--beneficiary-org", "Offender Co.", "--purpose", "eco-judicial", "--case-number",
              "(2026) Chuan 0722 Xing Chu 15", "--court-order", "Pingwu court order 2026-015"}),
      "offender-co");
  EXPECT_EQ(tx.retire().eco_judicial().court_order_ref(), "Pingwu court order 2026-015");
  EXPECT_EQ(tx.cosigners_size(), 0);

  tx = Build(Retire({"--beneficiary-commitment", Hex32('d'), "--purpose", "personal-footprint",
                     "--category", "行", "--claim", "0"}),
             "p-7f3a");
  EXPECT_EQ(tx.retire().footprint().category(), v1::TRAVEL);

  tx = Build(Retire({"--beneficiary-org", "Chengdu Tianfu Airport", "--purpose", "building",
                     "--subject", "Terminal 2"}),
             "airport");
  EXPECT_EQ(tx.retire().subject().name(), "Terminal 2");
  EXPECT_EQ(SummaryLine(1), "  subject \"Terminal 2\"");

  // No detail at all: the body older chains accept.
  tx = Build(Retire({"--beneficiary-org", "Acme", "--purpose", "other", "--note", "staff travel"}),
             "acme");
  EXPECT_EQ(tx.retire().detail_case(), v1::Retire::DETAIL_NOT_SET);
  EXPECT_EQ(tx.retire().claim_id(), 0u);
}

TEST_F(UsingCreditsCommandsTest, MandateAndSettleBodies) {
  v1::Tx tx = Build({"mandate", "grant", "--exchange", "west-exchange"}, "panda-coop");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(
              set_settlement_mandate { exchange: "west-exchange" enabled: true }
            )pb")));
  EXPECT_EQ(Summary(), "let exchange west-exchange settle the trades of panda-coop");
  tx = Build({"mandate", "revoke", "--exchange", "west-exchange"}, "panda-coop");
  EXPECT_FALSE(tx.set_settlement_mandate().enabled());

  const std::string legs = Write("trade.json", R"([
    {"from": "panda-coop", "to": "chengdu-expo", "quantity": 800},
    {"from": "panda-coop", "to": "metro-group", "ranges": ["2001-2300", "2401-2500"]}
  ])");
  tx = Build({"settle", "--exchange-ref", "WX-2026-000381", "--legs", legs}, "west-exchange");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(
              settle_trade {
                trade_ref: "WX-2026-000381"
                legs { from: "panda-coop" to: "chengdu-expo" quantity: 800 }
                legs {
                  from: "panda-coop"
                  to: "metro-group"
                  quantity: 400
                  ranges { first: 2001 last: 2300 }
                  ranges { first: 2401 last: 2500 }
                }
              }
            )pb")));
  EXPECT_EQ(Summary(),
            "as exchange west-exchange, settle trade WX-2026-000381 in 2 leg(s), all "
            "or none:");
  EXPECT_NE(SummaryLine(2).find("leg 1: 400 units"), std::string::npos) << SummaryLine(2);
}

TEST(SettlementLegs, FileMistakesNameTheLegAndField) {
  struct Case {
    std::string json;
    std::string says;
  };
  std::string many = "[";
  for (int i = 0; i < 65; ++i)
    many += (i ? "," : "") + std::string(R"({"from":"a","to":"b","quantity":1})");
  many += "]";
  const Case cases[] = {
      {"not json", "is not valid JSON"},
      {"[]", "lists no legs"},
      {R"({"legs": [], "memo": 1})", "must hold {\"legs\": [...]}"},
      {many, "lists 65 legs; a settlement has at most 64"},
      {R"([{"from": "a", "to": "b", "qty": 5}])", "leg 1: unknown field \"qty\""},
      {R"([{"from": "a", "quantity": 5}])", "leg 1: \"to\" is required"},
      {R"([{"from": "a", "to": "b"}])", "leg 1: give \"quantity\", or the exact serials"},
      {R"([{"from": "a", "to": "b", "quantity": -5}])", "leg 1: \"quantity\" is a whole number"},
      {R"([{"from": "a", "to": "b", "quantity": 1}, {"from": "a", "to": "b", "ranges": ["9-1"]}])",
       "leg 2:"},
  };
  for (const Case& c : cases) {
    auto legs = ParseSettlementLegs(c.json, "trade.json");
    ASSERT_FALSE(legs.ok()) << c.json;
    EXPECT_EQ(legs.status().code(), v1::INVALID_ARGUMENT);
    EXPECT_NE(legs.status().message().find(c.says), std::string::npos)
        << c.json << ": " << legs.status().message();
  }
  auto ok = ParseSettlementLegs(R"({"legs": [{"from": "a", "to": "b", "quantity": 7}]})", "t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->size(), 1u);
}

TEST_F(UsingCreditsCommandsTest, UsageErrorsSayWhatToFix) {
  const UsageCase cases[] = {
      {Retire({"--beneficiary-org", "A", "--purpose", "large-event", "--duties", "3"}),
       "--duties belong to tree-planting-duty retirements, not to --purpose large-event"},
      {Retire({"--beneficiary-org", "A", "--purpose", "large-event", "--event", "Expo"}),
       "--event-kind meeting, exhibition, competition"},
      {Retire({"--beneficiary-org", "A", "--purpose", "large-event", "--event", "Expo",
               "--event-kind", "party"}),
       "unknown event kind 'party'; choose one of meeting, exhibition, competition"},
      {Retire({"--beneficiary-org", "A", "--purpose", "eco-judicial", "--court", "c"}),
       "gives --case-number and either --court ACCOUNT"},
      {Retire({"--beneficiary-org", "A", "--purpose", "eco-judicial", "--case-number", "1",
               "--court", "c", "--court-order", "o"}),
       "excludes"},
      {Retire({"--beneficiary-commitment", Hex32('a'), "--purpose", "personal-footprint",
               "--category", "fun"}),
       "unknown footprint category 'fun'; choose one of clothing, food, housing, travel, use"},
      {Retire({"--beneficiary-org", "A", "--purpose", "other", "--subject", "x"}),
       "--subject belong to organisation, product, building, region retirements"},
      {{"settle", "--exchange-ref", "R-1", "--legs", Path("missing.json")}, ""},
      {{"mandate", "grant"}, "--exchange is required"},
  };
  for (const UsageCase& c : cases) ExpectUsageError(c.args, c.says);
}

TEST_F(UsingCreditsCommandsTest, HelpNamesEachPurposesOptions) {
  CmdResult r = Lincao({"tx", "retire", "--help"});
  EXPECT_EQ(r.code, kExitOk);
  for (const char* want :
       {"--event NAME --event-kind", "--duties N", "--court ACCOUNT", "--court-order REF",
        "--category clothing", "--subject NAME", "--claim"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want;
  }
  r = Lincao({"settle", "--help"});
  EXPECT_NE(r.out.find("\"from\""), std::string::npos) << r.out;
  r = Lincao({"query", "retirements", "--help"});
  for (const char* want :
       {"--purpose", "--commitment", "--project", "--from", "--to", "--limit", "--page-token"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want;
  }
}

}  // namespace
}  // namespace lincao::cli
