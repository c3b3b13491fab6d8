// The fixture of the walkthrough tests (registry_walkthrough_test.cc,
// using_credits_walkthrough_test.cc): DevNodeTest with a node started, and
// the steps every walkthrough takes: documents that only their hash goes
// on chain, committed transactions, the 2-of-3 governance flow through a
// file, refusals by code, and a project taken to issuance for walkthroughs
// that start from credits (using_credits_walkthrough_test.cc,
// claims_points_cli_test.cc).
//
// Thread-safety: from the test's thread.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/dev_node_fixture.h"

namespace lincao::itest {

class WalkthroughTest : public DevNodeTest {
 protected:
  void SetUp() override {
    DevNodeTest::SetUp();
    if (!HasFatalFailure()) StartNode();
  }

  // A document the ledger keeps only the hash of.
  std::string Document(const std::string& name, const std::string& text) {
    std::filesystem::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
    return File(name);
  }

  // A committed transaction (as --json); its outcome otherwise fails the test.
  json Tx(std::vector<std::string> args, const std::string& signer) {
    args.push_back("--key");
    args.push_back(Key(signer));
    json r = NodeJson(args);
    EXPECT_EQ(r.value("state", ""), "COMMITTED") << args[0] << " " << args[1] << ": " << r.dump();
    return r;
  }

  // A transaction the forestry bureau and the ecology department approve
  // together (2 of 3), through a file: --out, two signatures, submit.
  json TwoOfThree(std::vector<std::string> args, const std::string& file) {
    for (const char* a : {"--account", "forestry-bureau", "--cosigner", "ecology-dept", "--out"}) {
      args.push_back(a);
    }
    args.push_back(File(file));
    NodeJson(args);
    for (const char* signer : {"forestry-bureau", "ecology-dept"}) {
      EXPECT_EQ(Cli({"sign", File(file), "--key", Key(signer)}).exit_code, 0);
    }
    json r = NodeJson({"submit", File(file)});
    EXPECT_EQ(r.value("state", ""), "COMMITTED") << file << ": " << r.dump();
    return r;
  }

  // Steps 1-5 of docs/registry.md without their checks: panda-coop holds
  // 240001-1200000 of batch 1 (1-240000 are in the buffer).
  void IssueBatch() {
    const std::string project = "SC-P-2026-0001";
    for (const char* a : {"panda-coop", "expert-zhang", "expert-li", "verifier-a"}) {
      ASSERT_EQ(Cli({"keys", "new", "--owner", a, "--out", Key(a)}).exit_code, 0);
      Tx({"account", "open", "--id", a, "--role",
          std::string(a) == "panda-coop" ? "project_owner" : "participant", "--pubkey-file", Key(a),
          "--identity-file", Document(std::string("identity/") + a, a)},
         "registrar");
    }
    TwoOfThree({"gov", "role", "grant", "expert-zhang", "expert", "--sector", "forest"}, "g1.tx");
    TwoOfThree({"gov", "role", "grant", "expert-li", "expert", "--sector", "forest"}, "g2.tx");
    TwoOfThree({"gov", "role", "grant", "verifier-a", "verifier", "--sector", "forest"}, "g3.tx");
    const std::string m = "SC-FOR-001-V01";
    const std::string hash(64, '1');
    const std::vector<std::string> experts = {"expert-zhang", "expert-li"};
    Tx({"methodology", "propose", m, "--sector", "forest", "--title", "forest carbon sink",
        "--buffer-bps", "2000", "--evidence-hash", hash},
       "registrar");
    for (const auto& e : experts)
      Tx({"methodology", "evaluate", m, "--approve", "--opinion-hash", hash}, e);
    Tx({"methodology", "approve", m}, "forestry-bureau");
    const std::string parcels = Document(
        "parcels.json", R"([{"area_code": "511827", "compartment": "12", "sub_compartment": "3",
          "boundary_hash": ")" +
                            hash + R"(", "area_ha": "120.50"}])");
    Tx({"project", "submit", project, "--methodology", m, "--area-code", "511827", "--parcels",
        parcels, "--crediting-start", "2025-01-01", "--crediting-end", "2045-01-01", "--title",
        "Fengtongzhai", "--design-hash", hash, "--survey-hash", hash},
       "panda-coop");
    for (const auto& e : experts)
      Tx({"project", "evaluate", project, "--approve", "--opinion-hash", hash}, e);
    Tx({"project", "approve", project}, "forestry-bureau");
    Tx({"project", "register", project}, "registrar");
    Tx({"report", "submit", "--project", project, "--period-start", "2025-01-01", "--period-end",
        "2026-01-01", "--claimed-kg", "1200000", "--evidence-hash", hash},
       "panda-coop");
    Tx({"report", "attest", "--project", project, "--report", "1", "--verified-kg", "1200000",
        "--attestation-hash", hash},
       "verifier-a");
    for (const auto& e : experts) {
      Tx({"report", "evaluate", "--project", project, "--report", "1", "--approve",
          "--opinion-hash", hash},
         e);
    }
    Tx({"issue", "--project", project, "--report", "1"}, "registrar");
  }

  // A query refused with `code` (exit 1, the code in the message).
  void ExpectRefused(std::vector<std::string> args, const std::string& code) {
    CommandResult r = Node(args);
    EXPECT_EQ(r.exit_code, 1) << args[1] << ": " << r.out;
    EXPECT_NE(r.err.find(code), std::string::npos) << args[1] << ": " << r.err;
  }
};

}  // namespace lincao::itest
