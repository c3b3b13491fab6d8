// End to end, issue #9: a real lincaod on a dev chain whose three founding
// bodies govern 2 of 3, driven by the lincao CLI through the multi-signature
// file flow (--out, sign, inspect, submit): a role grant, a key rotation, a
// sanction and a parameter change; then a chaincode activation, node
// membership, a policy change, the account flow of chaincode version 2
// (identity, personal accounts, hand-over, closing) and the sanctions with a
// revocation lifted 2 of 3. Each is checked through the queries. The steps
// are those of docs/governance.md's two sessions.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/integration/dev_node_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class GovernanceCliTest : public DevNodeTest {
 protected:
  // The walkthroughs start where docs/governance.md does: a chain at
  // chaincode version 1, upgraded by governance.
  std::vector<std::string> GenesisOptions() const override { return {"--chaincode-version", "1"}; }
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

  // A governance transaction through the file flow: written by --out with
  // `actor` acting and `cosigners`, signed by each (their dev key files),
  // submitted. Returns the submit's JSON outcome (or {"stderr": ...}).
  json Decide(std::vector<std::string> command, const std::string& actor,
              const std::vector<std::string>& cosigners, const std::string& file,
              int expect_exit = 0) {
    command.insert(command.end(), {"--account", actor, "--out", File(file)});
    for (const auto& c : cosigners) command.insert(command.end(), {"--cosigner", c});
    json written = NodeJson(command);
    EXPECT_EQ(written["signatures"], 0) << written.dump();
    EXPECT_EQ(Sign(File(file), Key(actor)), 0);
    for (const auto& c : cosigners) EXPECT_EQ(Sign(File(file), Key(c)), 0);
    return NodeJson({"submit", File(file)}, expect_exit);
  }
  static bool Says(const json& j, const std::string& what) {
    return j.contains("stderr") && j["stderr"].get<std::string>().find(what) != std::string::npos;
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

// The rest of issue #9 end to end: a chaincode activation taking effect at
// its height, node membership (set, the last voter kept, remove), a policy
// change moving the quorum, the three sanctions with a revocation lifted only
// by 2 of 3 (and `inspect` saying so), then the account flow of chaincode
// version 2: an organisation opened with its identity documents' hash, a
// service platform opening custodial personal accounts and acting for them
// (--for), a hand-over to the holder's own key, and closing. docs/governance.md
// shows the same commands.
TEST_F(GovernanceCliTest, ActivationMembershipPolicySanctionsAndAccounts) {
  // 1. Chaincode version 2 from block 4 on, 2 of 3.
  json act = Decide({"gov", "chaincode", "activate", "--version", "2", "--height", "4"},
                    "forestry-bureau", {"ecology-dept"}, "activate.tx");
  ASSERT_EQ(act["state"], "COMMITTED") << act.dump();
  ASSERT_EQ(act["height"], 1);
  json gov = NodeJson({"query", "governance"});
  ASSERT_EQ(gov["activations"].size(), 1u);
  EXPECT_EQ(gov["activations"][0]["version"], 2);
  EXPECT_EQ(gov["activations"][0]["height"], 4);
  EXPECT_EQ(gov["chaincode_version"], 1);

  // 2. Membership: a non-voting node joins (block 2); the last voter stays.
  ASSERT_EQ(
      Cli({"keys", "new", "--kind", "node", "--owner", "node-2", "--out", Key("node-2")}).exit_code,
      0);
  json set = Decide({"gov", "node", "set", "node-2", "--pubkey-file", Key("node-2"), "--address",
                     "127.0.0.1:7999", "--non-voter"},
                    "registrar", {"forestry-bureau"}, "node-set.tx");
  EXPECT_EQ(set["state"], "COMMITTED") << set.dump();
  gov = NodeJson({"query", "governance"});
  ASSERT_EQ(gov["members"].size(), 2u);
  EXPECT_EQ(gov["members"][1]["id"], "node-2");
  EXPECT_EQ(gov["members"][1]["voter"], false);
  EXPECT_EQ(gov["members"][1]["address"], "127.0.0.1:7999");
  json last = Decide({"gov", "node", "remove", "node-1"}, "registrar", {"ecology-dept"},
                     "remove-last.tx", 1);  // block 3, rejected
  EXPECT_TRUE(Says(last, "LAST_VOTER")) << last.dump();
  json removed = Decide({"gov", "node", "remove", "node-2"}, "registrar", {"ecology-dept"},
                        "node-remove.tx");  // block 4: version 2 in force
  EXPECT_EQ(removed["state"], "COMMITTED") << removed.dump();
  EXPECT_EQ(NodeJson({"query", "governance"})["members"].size(), 1u);
  // The activation took effect at exactly its height.
  EXPECT_EQ(NodeJson({"query", "block", "3"})["header"]["chaincode_version"], 1);
  EXPECT_EQ(NodeJson({"query", "block", "4"})["header"]["chaincode_version"], 2);
  EXPECT_EQ(NodeJson({"query", "governance"})["chaincode_version"], 2);

  // 3. The policy: all three must now sign; two no longer decide.
  json all3 = Decide(
      {"gov", "policy", "set", "--threshold", "3", "ecology-dept", "forestry-bureau", "registrar"},
      "forestry-bureau", {"ecology-dept"}, "policy-3.tx");
  EXPECT_EQ(all3["state"], "COMMITTED") << all3.dump();
  EXPECT_EQ(NodeJson({"query", "governance"})["policy"]["threshold"], 3);
  json two = Decide({"gov", "param", "set", "max_ranges_per_tx", "16"}, "forestry-bureau",
                    {"ecology-dept"}, "param-2.tx", 1);
  EXPECT_TRUE(Says(two, "GOVERNANCE_QUORUM_NOT_MET")) << two.dump();
  json back = Decide(
      {"gov", "policy", "set", "--threshold", "2", "ecology-dept", "forestry-bureau", "registrar"},
      "forestry-bureau", {"ecology-dept", "registrar"}, "policy-2.tx");
  EXPECT_EQ(back["state"], "COMMITTED") << back.dump();
  EXPECT_EQ(NodeJson({"query", "governance"})["policy"]["threshold"], 2);

  // 4. Accounts under version 2. An organisation without its identity
  // documents' hash is refused; with --identity-file it opens.
  ASSERT_EQ(Cli({"keys", "new", "--owner", "dd-platform", "--out", Key("dd-platform")}).exit_code,
            0);
  json no_identity = NodeJson({"account", "open", "--key", Key("registrar"), "--id", "dd-platform",
                               "--role", "participant", "--pubkey-file", Key("dd-platform")},
                              1);
  EXPECT_TRUE(Says(no_identity, "identity_hash")) << no_identity.dump();
  {
    std::ofstream doc(File("dd-platform-licence.pdf"), std::ios::binary);
    doc << "business licence of the carbon-neutral service platform (dev)";
  }
  json opened = NodeJson({"account", "open", "--key", Key("registrar"), "--id", "dd-platform",
                          "--role", "participant", "--pubkey-file", Key("dd-platform"), "--name",
                          "Diandian carbon-neutral platform (dev)", "--identity-file",
                          File("dd-platform-licence.pdf")});
  EXPECT_EQ(opened["state"], "COMMITTED") << opened.dump();
  json platform = NodeJson({"query", "account", "dd-platform"});
  EXPECT_EQ(platform["identity_hash"].get<std::string>().size(), 64u);
  json granted = Decide({"gov", "role", "grant", "dd-platform", "service_platform"},
                        "forestry-bureau", {"ecology-dept"}, "grant-platform.tx");
  EXPECT_EQ(granted["state"], "COMMITTED") << granted.dump();

  // The platform opens a custodial personal account and acts for it.
  const std::string commitment = "24e33f7f22e6e969219c06431cd86dd26e5384f48e4956323cd54228b8e34bd3";
  json personal = NodeJson({"account", "open-personal", "--key", Key("dd-platform"), "--id",
                            "p-0001", "--commitment", commitment});
  EXPECT_EQ(personal["state"], "COMMITTED") << personal.dump();
  json p1 = NodeJson({"query", "account", "p-0001"});
  EXPECT_EQ(p1["custodian"], "dd-platform");
  EXPECT_EQ(p1["holder_commitment"], commitment);
  EXPECT_EQ(p1["roles"], json({"PARTICIPANT"}));
  EXPECT_EQ(p1["keys"].size(), 0u);
  EXPECT_EQ(NodeJson({"query", "account", "dd-platform"})["accounts_in_custody"], 1);
  CommandResult human = Node({"query", "account", "p-0001"});
  EXPECT_NE(human.out.find("custodian       dd-platform"), std::string::npos) << human.out;

  // A second one, handed over to its holder's own key through a file
  // signed --for it: inspect names the custodian whose keys sign.
  ASSERT_EQ(NodeJson({"account", "open-personal", "--key", Key("dd-platform"), "--id", "p-0002",
                      "--commitment", std::string(64, 'b')})["state"],
            "COMMITTED");
  ASSERT_EQ(Cli({"keys", "new", "--owner", "p-0002", "--out", Key("p-0002")}).exit_code, 0);
  NodeJson({"account", "keys", "add", "--account", "p-0002", "--pubkey-file", Key("p-0002"),
            "--out", File("handover.tx")});
  ASSERT_EQ(
      Cli({"sign", File("handover.tx"), "--key", Key("dd-platform"), "--for", "p-0002"}).exit_code,
      0);
  json look = NodeJson({"inspect", File("handover.tx")});
  EXPECT_EQ(look["signers"][0]["custodian"], "dd-platform") << look.dump();
  EXPECT_EQ(look["ready"], true) << look.dump();
  EXPECT_EQ(NodeJson({"submit", File("handover.tx")})["state"], "COMMITTED");
  json p2 = NodeJson({"query", "account", "p-0002"});
  EXPECT_EQ(p2["custodian"], "");
  EXPECT_EQ(p2["keys"].size(), 1u);

  // Closing: the platform still has p-0001 in its care; p-0001 closes
  // (the platform signs for it), then nothing is left to act for it.
  json busy = NodeJson({"account", "close", "--key", Key("dd-platform")}, 1);
  EXPECT_TRUE(Says(busy, "NOT_EMPTY")) << busy.dump();
  json closed = NodeJson({"account", "close", "--for", "p-0001", "--key", Key("dd-platform")});
  EXPECT_EQ(closed["state"], "COMMITTED") << closed.dump();
  EXPECT_EQ(NodeJson({"query", "account", "p-0001"})["closed_height"], closed["height"]);
  json again = NodeJson({"account", "close", "--for", "p-0001", "--key", Key("dd-platform")}, 1);
  EXPECT_TRUE(Says(again, "ACCOUNT_CLOSED")) << again.dump();
  human = Node({"query", "account", "p-0001"});
  EXPECT_NE(human.out.find("closed          block"), std::string::npos) << human.out;

  // 5. Sanctions: restrict, revoke; a revocation is lifted only by 2 of 3.
  json restricted =
      NodeJson({"sanction", "restrict", "p-0002", "--allow", "retire", "--allow", "transfer",
                "--reason", "footprint claims under review", "--key", Key("forestry-bureau")});
  EXPECT_EQ(restricted["state"], "COMMITTED") << restricted.dump();
  json revoked = NodeJson({"sanction", "revoke", "p-0002", "--reason", "fraudulent claims", "--key",
                           Key("forestry-bureau")});
  EXPECT_EQ(revoked["state"], "COMMITTED") << revoked.dump();
  gov = NodeJson({"query", "governance"});
  ASSERT_EQ(gov["sanctions"].size(), 1u);
  EXPECT_EQ(gov["sanctions"][0]["kind"], "REVOKED");
  json alone = NodeJson(
      {"sanction", "lift", "p-0002", "--reason", "appeal upheld", "--key", Key("forestry-bureau")},
      1);
  EXPECT_TRUE(Says(alone, "GOVERNANCE_QUORUM_NOT_MET")) << alone.dump();
  NodeJson({"sanction", "lift", "p-0002", "--reason", "appeal upheld", "--account",
            "forestry-bureau", "--cosigner", "ecology-dept", "--out", File("lift.tx")});
  json lift = NodeJson({"inspect", File("lift.tx")});
  EXPECT_EQ(lift["governance"], true) << "lifting a revocation needs the quorum";
  EXPECT_EQ(lift["quorum"]["met"], true);
  json offline = NodeJson({"inspect", File("lift.tx"), "--offline"});
  EXPECT_EQ(offline["governance_depends_on_sanction"], true);
  ASSERT_EQ(Sign(File("lift.tx"), Key("forestry-bureau")), 0);
  ASSERT_EQ(Sign(File("lift.tx"), Key("ecology-dept")), 0);
  EXPECT_EQ(NodeJson({"submit", File("lift.tx")})["state"], "COMMITTED");
  EXPECT_EQ(NodeJson({"query", "governance"})["sanctions"].size(), 0u);
  // A suspension is lifted by one supervisor, and inspect says no quorum.
  ASSERT_EQ(NodeJson({"sanction", "suspend", "p-0002", "--reason", "late report", "--key",
                      Key("forestry-bureau")})["state"],
            "COMMITTED");
  NodeJson({"sanction", "lift", "p-0002", "--reason", "report filed", "--key", Key("ecology-dept"),
            "--out", File("lift-suspension.tx")});
  EXPECT_EQ(NodeJson({"inspect", File("lift-suspension.tx")})["governance"], false);
  ASSERT_EQ(Sign(File("lift-suspension.tx"), Key("ecology-dept")), 0);
  EXPECT_EQ(NodeJson({"submit", File("lift-suspension.tx")})["state"], "COMMITTED");
}

}  // namespace
}  // namespace lincao::itest
