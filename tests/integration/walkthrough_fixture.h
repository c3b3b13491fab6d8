// The fixture of the walkthrough tests (registry_walkthrough_test.cc,
// using_credits_walkthrough_test.cc): DevNodeTest with a node started, and
// the steps every walkthrough takes: documents that only their hash goes
// on chain, committed transactions, the 2-of-3 governance flow through a
// file, and refusals by code.
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

  // A query refused with `code` (exit 1, the code in the message).
  void ExpectRefused(std::vector<std::string> args, const std::string& code) {
    CommandResult r = Node(args);
    EXPECT_EQ(r.exit_code, 1) << args[1] << ": " << r.out;
    EXPECT_NE(r.err.find(code), std::string::npos) << args[1] << ": " << r.err;
  }
};

}  // namespace lincao::itest
