// The fixture of the integration tests that drive registry transactions
// through the CLI against one real lincaod (registry_walkthrough_test.cc,
// claims_points_cli_test.cc): DevNodeTest with the node started, committed
// transactions signed by a dev key, the 2-of-3 governance file flow,
// documents whose hash the ledger keeps, refusals checked by code, and a
// project taken from methodology to issuance for tests that need credits.
//
// Thread-safety: as DevNodeTest; helpers run on the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/dev_node_fixture.h"

namespace lincao::itest {

class RegistryNodeTest : public DevNodeTest {
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

  // A query refused with `code` (exit 1, the code in the message).
  void ExpectRefused(std::vector<std::string> args, const std::string& code) {
    CommandResult r = Node(args);
    EXPECT_EQ(r.exit_code, 1) << args[1] << ": " << r.out;
    EXPECT_NE(r.err.find(code), std::string::npos) << args[1] << ": " << r.err;
  }

  // Takes a forest project of `owner` (a PROJECT_OWNER account opened here,
  // with its key in keys/) from methodology to issuance with the minimum of
  // steps: two experts and a verifier (opened and granted through
  // governance), methodology SC-FOR-001-V01 with no buffer, project
  // SC-P-2026-0001, a 2025 report of `kg`. Every step must commit.
  void IssueCredits(const std::string& owner, uint64_t kg) {
    for (const std::string& a : {owner, std::string("expert-zhang"), std::string("expert-li"),
                                 std::string("verifier-a")}) {
      ASSERT_EQ(Cli({"keys", "new", "--owner", a, "--out", Key(a)}).exit_code, 0);
      Tx({"account", "open", "--id", a, "--role", a == owner ? "project_owner" : "participant",
          "--pubkey-file", Key(a), "--identity-file", Document("identity/" + a + ".pdf", a)},
         "registrar");
    }
    TwoOfThree({"gov", "role", "grant", "expert-zhang", "expert", "--sector", "forest"}, "g1.tx");
    TwoOfThree({"gov", "role", "grant", "expert-li", "expert", "--sector", "forest"}, "g2.tx");
    TwoOfThree({"gov", "role", "grant", "verifier-a", "verifier", "--sector", "forest"}, "g3.tx");
    const std::vector<std::string> experts = {"expert-zhang", "expert-li"};
    Tx({"methodology", "propose", "SC-FOR-001-V01", "--sector", "forest", "--title",
        "Sichuan forest management carbon sink", "--buffer-bps", "0", "--evidence-hash",
        std::string(64, 'a')},
       "registrar");
    for (const std::string& e : experts) {
      Tx({"methodology", "evaluate", "SC-FOR-001-V01", "--approve", "--opinion-hash",
          std::string(64, 'b')},
         e);
    }
    Tx({"methodology", "approve", "SC-FOR-001-V01"}, "forestry-bureau");
    const std::string parcels = Document("parcels.json", R"({"parcels": [
      {"area_code": "511827", "compartment": "12", "sub_compartment": "3",
       "boundary_hash": ")" + std::string(64, 'c') + R"(", "area_ha": "120.50"}]})");
    Tx({"project", "submit", "SC-P-2026-0001", "--methodology", "SC-FOR-001-V01", "--area-code",
        "511827", "--parcels", parcels, "--crediting-start", "2025-01-01", "--crediting-end",
        "2045-01-01", "--title", "Baoxing panda forest", "--design-hash", std::string(64, 'd'),
        "--survey-hash", std::string(64, 'e')},
       owner);
    for (const std::string& e : experts) {
      Tx({"project", "evaluate", "SC-P-2026-0001", "--approve", "--opinion-hash",
          std::string(64, 'f')},
         e);
    }
    Tx({"project", "approve", "SC-P-2026-0001"}, "forestry-bureau");
    Tx({"project", "register", "SC-P-2026-0001"}, "registrar");
    Tx({"report", "submit", "--project", "SC-P-2026-0001", "--period-start", "2025-01-01",
        "--period-end", "2026-01-01", "--claimed-kg", std::to_string(kg), "--evidence-hash",
        std::string(64, '1')},
       owner);
    Tx({"report", "attest", "--project", "SC-P-2026-0001", "--report", "1", "--verified-kg",
        std::to_string(kg), "--attestation-hash", std::string(64, '2')},
       "verifier-a");
    for (const std::string& e : experts) {
      Tx({"report", "evaluate", "--project", "SC-P-2026-0001", "--report", "1", "--approve",
          "--opinion-hash", std::string(64, '3')},
         e);
    }
    Tx({"issue", "--project", "SC-P-2026-0001", "--report", "1"}, "registrar");
  }
};

}  // namespace lincao::itest
