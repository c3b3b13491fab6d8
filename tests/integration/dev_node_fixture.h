// The fixture shared by the single-node integration tests: a dev chain made
// by `lincao genesis init --dev` in a fresh temp folder, one real lincaod on
// it (any free port, written to a port file), and helpers that run the lincao
// CLI against it. LINCAOD_PATH and LINCAO_CLI_PATH come from this folder's
// CMakeLists.txt. The folder is kept when a test fails (or with
// LINCAO_KEEP_TEST_DIR set) so that its lincaod.log can be read.
//
// Thread-safety: Cli/Node/NodeJson may run from several threads; the rest
// from the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace lincao::itest {

class DevNodeTest : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("lincao-itest-" + std::to_string(::getpid()) + "-" + info->test_suite_name());
    std::filesystem::remove_all(dir_);
    std::vector<std::string> init_args = {"genesis", "init", "--dev", "--dir", dir_.string()};
    for (const auto& a : GenesisOptions()) init_args.push_back(a);
    CommandResult init = Cli(init_args);
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  // Extra options of `lincao genesis init --dev` (e.g. an older chaincode
  // version for a test of `tx issue`, which version 3 refuses).
  virtual std::vector<std::string> GenesisOptions() const { return {}; }
  void TearDown() override {
    node_.reset();
    if (!HasFailure() && !getenv("LINCAO_KEEP_TEST_DIR")) std::filesystem::remove_all(dir_);
  }

  // Starts (or restarts) lincaod on the dev chain and learns its address.
  void StartNode() {
    using namespace std::chrono_literals;
    auto port_file = dir_ / "port";
    std::filesystem::remove(port_file);
    node_ = std::make_unique<Daemon>(
        std::vector<std::string>{LINCAOD_PATH, "--config", (dir_ / "lincaod.toml").string(),
                                 "--listen", "127.0.0.1:0", "--port-file", port_file.string()},
        dir_ / "lincaod.log");
    std::string port = WaitForFile(port_file, 20s);
    ASSERT_FALSE(port.empty()) << "lincaod did not write its port; see " << dir_ / "lincaod.log";
    address_ = "127.0.0.1:" + port;
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), LINCAO_CLI_PATH);
    return RunCommand(args);
  }
  // A CLI command against the running node.
  CommandResult Node(std::vector<std::string> args) {
    args.push_back("--node");
    args.push_back(address_);
    return Cli(args);
  }
  // A CLI command against the node with --json, its stdout parsed.
  json NodeJson(std::vector<std::string> args, int expect_exit = 0) {
    args.push_back("--json");
    CommandResult r = Node(args);
    EXPECT_EQ(r.exit_code, expect_exit) << args[0] << " " << args[1] << ": " << r.err;
    if (r.exit_code != 0) return json{{"stderr", r.err}};
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out;
    return j;
  }

  std::string Key(const std::string& name) { return (dir_ / "keys" / (name + ".key")).string(); }
  std::string File(const std::string& name) { return (dir_ / name).string(); }

  std::filesystem::path dir_;
  std::unique_ptr<Daemon> node_;
  std::string address_;
};

}  // namespace lincao::itest
