// The neutrality claim and personal carbon points commands (lincao claim,
// lincao points), run in-process with --out so no node is needed
// (tools/cli/tx_command_fixture.h): the exact body each builds, what
// `inspect` says about it, and the usage errors, each saying what to fix.
// tests/integration/claims_points_cli_test.cc runs them against a node.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cli/tx_command_fixture.h"

namespace lincao::cli {
namespace {

using ClaimsPointsCommandsTest = TxCommandTest;

// 2026-01-01T00:00Z and 2027-01-01T00:00Z: claim periods read dates as UTC
// midnight, like the consumption periods of `tx retire`.
constexpr uint64_t kUtc2026Ms = 1767225600000;
constexpr uint64_t kUtc2027Ms = 1798761600000;

TEST_F(ClaimsPointsCommandsTest, ClaimBodies) {
  const std::string footprint = Write("footprint-2026.pdf", "scope 1 and 2, 2026\n");
  v1::Tx tx = Build(
      {"claim", "declare", "--entity-kind", "organisation", "--entity", "Tianfu Software Park",
       "--period-start", "2026-01-01", "--period-end", "2027-01-01", "--footprint-kg", "1250000",
       "--evidence-file", footprint, "--platform", "dd-platform"},
      "tianfu-park");
  v1::Tx want = Body(R"pb(declare_claim {
                            entity_kind: ENTITY_ORGANISATION
                            entity: "Tianfu Software Park"
                            footprint_kg: 1250000
                            platform: "dd-platform"
                          })pb");
  want.mutable_declare_claim()->set_period_start_ms(kUtc2026Ms);
  want.mutable_declare_claim()->set_period_end_ms(kUtc2027Ms);
  want.mutable_declare_claim()->set_evidence_hash(*FromHex(HashOf(footprint)));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(tx.account(), "tianfu-park");
  EXPECT_EQ(Summary(),
            "declare a neutrality claim for organisation \"Tianfu Software Park\": footprint "
            "1250000 units (1250.000 tCO2e) over 2026-01-01T00:00:00.000Z to "
            "2027-01-01T00:00:00.000Z (end exclusive), declared by tianfu-park");
  EXPECT_EQ(SummaryLine(2), "  covered by retirements of the declarant or of platform dd-platform");

  // The Chinese term names the kind too.
  tx = Build({"claim", "declare", "--entity-kind", "活动", "--entity", "2026 Chengdu Marathon",
              "--period-start", "2026-04-12", "--period-end", "2026-04-13", "--footprint-kg",
              "18500", "--evidence-hash", Hex32('e')},
             "chengdu-sports");
  EXPECT_EQ(tx.declare_claim().entity_kind(), v1::ENTITY_EVENT);
  EXPECT_TRUE(tx.declare_claim().platform().empty());

  tx = Build({"claim", "witness", "7", "--statement-hash", Hex32('5')}, "dd-platform");
  want = Body(R"pb(witness_claim { claim: 7 })pb");
  want.mutable_witness_claim()->set_statement_hash(Bytes32('5'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(Summary(),
            "witness neutrality claim 7 as covered (a service platform); it then takes no more "
            "retirements");

  tx = Build({"claim", "withdraw", "7", "--reason", "footprint recounted"}, "tianfu-park");
  EXPECT_EQ(BodyOf(tx),
            BodyOf(Body(R"pb(withdraw_claim { claim: 7 reason: "footprint recounted" })pb")));
}

TEST_F(ClaimsPointsCommandsTest, PointsBodies) {
  v1::Tx tx = Build({"points", "record", "--day", "2026-03-15", "--category", "行", "--points",
                     "120", "--evidence-hash", Hex32('b')},
                    "p-0001");
  v1::Tx want = Body(R"pb(record_behaviour { day: 20527 category: TRAVEL points: 120 })pb");
  want.mutable_record_behaviour()->set_evidence_hash(Bytes32('b'));
  EXPECT_EQ(BodyOf(tx), BodyOf(want));
  EXPECT_EQ(tx.account(), "p-0001");
  EXPECT_EQ(Summary(),
            "record 120 points for travel (行) on 2026-03-15 to personal account p-0001 (its "
            "custodian signs)");

  tx = Build({"points", "redeem", "--retire-kg", "2", "--category", "food", "--range", "11-12",
              "--note", "app exchange"},
             "p-0001");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(redeem_points {
                                           retirement {
                                             quantity: 2
                                             ranges { first: 11 last: 12 }
                                             category: FOOD
                                             note: "app exchange"
                                           }
                                         })pb")));
  EXPECT_EQ(Summary(),
            "redeem points of p-0001 for the retirement of 2 units (0.002 tCO2e) from its "
            "custodian's holdings, for food (食) (quantity x points_per_kg points), serials 11-12");

  tx = Build({"points", "redeem", "--benefit", "Chengdu metro day ticket", "--points", "100"},
             "p-0001");
  EXPECT_EQ(BodyOf(tx), BodyOf(Body(R"pb(redeem_points {
                                           benefit { name: "Chengdu metro day ticket" points: 100 }
                                         })pb")));
  EXPECT_EQ(Summary(), "redeem 100 points of p-0001 for the benefit \"Chengdu metro day ticket\"");
}

TEST_F(ClaimsPointsCommandsTest, UsageErrorsSayWhatToFix) {
  const std::vector<std::string> declare = {
      "claim",        "declare",    "--entity",       "E", "--period-start",  "2026-01-01",
      "--period-end", "2027-01-01", "--footprint-kg", "5", "--evidence-hash", Hex32('e')};
  const std::vector<UsageCase> cases = {
      {With(declare, {"--entity-kind", "person"}),
       "unknown entity kind 'person'; choose one of organisation, event, product, building, "
       "region"},
      {{"claim", "declare", "--entity-kind", "event", "--entity", "E", "--period-start",
        "2026-01-02", "--period-end", "2026-01-01", "--footprint-kg", "5", "--evidence-hash",
        Hex32('e')},
       "the end must come after the start"},
      {{"claim", "declare", "--entity-kind", "event", "--entity", "E", "--period-start",
        "2026-01-01", "--period-end", "2026-01-02", "--footprint-kg", "0", "--evidence-hash",
        Hex32('e')},
       "--footprint-kg is at least 1"},
      {{"claim", "witness", "1"}, "--statement-hash"},
      {{"claim", "withdraw", "1", "--reason", ""}, "--reason"},
      {{"points", "record", "--day", "2026-03-15", "--category", "sport", "--points", "1",
        "--evidence-hash", Hex32('b')},
       "unknown footprint category 'sport'; choose one of clothing, food, housing, travel, use"},
      {{"points", "record", "--day", "ides of march", "--category", "food", "--points", "1",
        "--evidence-hash", Hex32('b')},
       "--day 'ides of march' is neither unix milliseconds nor a date"},
      {{"points", "record", "--day", "2026-03-15", "--category", "food", "--points", "0",
        "--evidence-hash", Hex32('b')},
       "--points is at least 1"},
      {{"points", "redeem"}, "redeem for exactly one thing"},
      {{"points", "redeem", "--retire-kg", "1", "--benefit", "b", "--points", "1"},
       "redeem for exactly one thing"},
      {{"points", "redeem", "--retire-kg", "1", "--category", "food", "--points", "5"},
       "--points is the price of a --benefit"},
      {{"points", "redeem", "--benefit", "b", "--points", "5", "--range", "1-2"},
       "--range, --category and --note belong to a retirement"},
      {{"points", "redeem", "--retire-kg", "1"}, "--retire-kg needs --category"},
  };
  for (const UsageCase& c : cases) ExpectUsageError(c.args, c.says);

  // Points are signed by the platform for a personal account: --for is the
  // fix when it is missing.
  CmdResult r = Lincao({"points", "record", "--day", "2026-03-15", "--category", "food", "--points",
                        "1", "--evidence-hash", Hex32('b'), "--key", Path("platform.key")});
  EXPECT_EQ(r.code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("--for ACCOUNT"), std::string::npos) << r.err;
  // A claims list by entity names its kind.
  r = Lincao({"query", "claims", "--entity", "Tianfu Software Park"});
  EXPECT_EQ(r.code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("--entity needs --entity-kind"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lincao::cli
