// End to end, issue #9: a real lincaod on a dev chain whose three founding
// bodies govern 2 of 3, driven by the lincao CLI through the multi-signature
// file flow (--out, sign, inspect, submit): a role grant, a key rotation, a
// sanction and a parameter change, each checked through the queries. The
// steps are those of docs/governance.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/dev_node_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class GovernanceCliTest : public DevNodeTest {
 protected:
  void SetUp() override {
    DevNodeTest::SetUp();
    if (!HasFatalFailure()) StartNode();
  }
  int Sign(const std::string& file, const std::string& key) {
    CommandResult r = Cli({"sign", file, "--key", key});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code;
  }

  static const json* Param(const json& gov, const std::string& name) {
    for (const auto& p : gov["parameters"]) {
      if (p["name"] == name) return &p;
    }
    return nullptr;
  }
};

TEST_F(GovernanceCliTest, TwoOfThreeGrantRotationSanctionAndParameter) {
  json gov = NodeJson({"query", "governance"});
  EXPECT_EQ(gov["policy"]["threshold"], 2);
  EXPECT_EQ(gov["policy"]["accounts"], json({"ecology-dept", "forestry-bureau", "registrar"}));

  ASSERT_EQ(Cli({"keys", "new", "--owner", "verifier-a", "--out", Key("verifier-a")}).exit_code, 0);
  json opened = NodeJson({"account", "open", "--key", Key("registrar"), "--id", "verifier-a",
                          "--role", "participant", "--pubkey-file", Key("verifier-a")});
  EXPECT_EQ(opened["state"], "COMMITTED");

  // 1. A role grant, 2 of 3: written unsigned, signed by two bodies.
  const std::string grant = File("grant.tx");
  json written =
      NodeJson({"gov", "role", "grant", "verifier-a", "verifier", "--sector", "forest", "--account",
                "forestry-bureau", "--cosigner", "ecology-dept", "--out", grant});
  ASSERT_EQ(written["signatures"], 0);
  ASSERT_EQ(Sign(grant, Key("ecology-dept")), 0);
  json half = NodeJson({"inspect", grant});
  EXPECT_EQ(half["ready"], false);
  EXPECT_EQ(half["quorum"]["met"], true);
  EXPECT_EQ(half["signers"][0]["account"], "forestry-bureau");
  EXPECT_EQ(half["signers"][0]["met"], false);
  EXPECT_EQ(half["signers"][0]["unsigned_key_ids"], json({0}));
  EXPECT_EQ(half["signers"][1]["met"], true);
  // Submitted one signature short: refused, and the refusal names who is missing.
  CommandResult early = Node({"submit", grant});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.err.find("THRESHOLD_NOT_MET"), std::string::npos) << early.err;
  EXPECT_NE(early.err.find("forestry-bureau"), std::string::npos) << early.err;

  ASSERT_EQ(Sign(grant, Key("forestry-bureau")), 0);
  json ready = NodeJson({"inspect", grant});
  EXPECT_EQ(ready["ready"], true) << ready.dump();
  json granted = NodeJson({"submit", grant});
  EXPECT_EQ(granted["state"], "COMMITTED");
  EXPECT_EQ(granted["tx_id"], written["tx_id"]);
  json verifier = NodeJson({"query", "account", "verifier-a"});
  EXPECT_EQ(verifier["roles"], json({"VERIFIER", "PARTICIPANT"}));
  ASSERT_EQ(verifier["role_sectors"].size(), 1u);
  EXPECT_EQ(verifier["role_sectors"][0]["sectors"], json({"FOREST"}));

  // One governing body alone is not a quorum: the chain rejects it.
  json alone =
      NodeJson({"gov", "param", "set", "max_ranges_per_tx", "32", "--key", Key("registrar")}, 1);
  EXPECT_NE(alone["stderr"].get<std::string>().find("GOVERNANCE_QUORUM_NOT_MET"), std::string::npos)
      << alone["stderr"];

  // 2. The registrar rotates its key 0 to a new key 1.
  const std::string new_key = (dir_ / "keys" / "registrar-1.key").string();
  ASSERT_EQ(
      Cli({"keys", "new", "--owner", "registrar", "--key-id", "1", "--out", new_key}).exit_code, 0);
  json rotated =
      NodeJson({"account", "keys", "rotate", "--key", Key("registrar"), "--pubkey-file", new_key});
  EXPECT_EQ(rotated["state"], "COMMITTED");
  json registrar = NodeJson({"query", "account", "registrar"});
  ASSERT_EQ(registrar["keys"].size(), 1u);
  EXPECT_EQ(registrar["keys"][0]["key_id"], 1);
  EXPECT_EQ(registrar["retired_key_ids"], json({0}));
  // The old key no longer signs for the registrar.
  json old = NodeJson({"account", "keys", "threshold", "1", "--key", Key("registrar")}, 1);
  EXPECT_NE(old["stderr"].get<std::string>().find("UNKNOWN_KEY"), std::string::npos)
      << old["stderr"];

  // 3. A supervisor suspends the verifier, publicly and with a reason.
  json suspended = NodeJson({"sanction", "suspend", "verifier-a", "--reason",
                             "verification report under review", "--key", Key("forestry-bureau")});
  EXPECT_EQ(suspended["state"], "COMMITTED");

  // 4. A parameter change by the registrar (its new key) and the ecology department.
  const std::string param = File("param.tx");
  NodeJson({"gov", "param", "set", "max_ranges_per_tx", "32", "--key", new_key, "--cosigner",
            "ecology-dept", "--out", param});
  ASSERT_EQ(Sign(param, new_key), 0);
  ASSERT_EQ(Sign(param, Key("ecology-dept")), 0);
  json changed = NodeJson({"submit", param});
  EXPECT_EQ(changed["state"], "COMMITTED");

  gov = NodeJson({"query", "governance"});
  ASSERT_EQ(gov["sanctions"].size(), 1u);
  EXPECT_EQ(gov["sanctions"][0]["account"], "verifier-a");
  EXPECT_EQ(gov["sanctions"][0]["kind"], "SUSPENDED");
  EXPECT_EQ(gov["sanctions"][0]["authority"], "forestry-bureau");
  EXPECT_EQ(gov["sanctions"][0]["reason"], "verification report under review");
  EXPECT_EQ(gov["sanctions"][0]["height"], suspended["height"]);
  const json* p = Param(gov, "max_ranges_per_tx");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ((*p)["value"], 32);
  EXPECT_EQ((*p)["default_value"], 64);
  EXPECT_EQ((*p)["set_height"], changed["height"]);
  CommandResult human = Node({"query", "governance"});
  EXPECT_NE(human.out.find("SUSPENDED by forestry-bureau"), std::string::npos) << human.out;
}

}  // namespace
}  // namespace lincao::itest
