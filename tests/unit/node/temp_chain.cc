#include "temp_chain.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "chaincode/canonical.h"
#include "node/committer.h"

namespace lincao::node::testing {
namespace {

void WriteText(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p);
  out << text;
}

}  // namespace

TempChain::TempChain() {
  EXPECT_TRUE(InitCrypto());
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
  dir_ = std::filesystem::temp_directory_path() /
         ("lincao-node-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);

  registrar_ = *GenerateKeyFile("account", "registrar", 0, v1::SUITE_ED25519_BLAKE2B);
  node_key_ = *GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B);
  spec_.params.chain_id = "lincao-node-test";
  // Genesis "now": chain time may step at most kMaxBlockStepMs per block, so
  // a genesis far in the past would hold chain time back for many blocks.
  spec_.params.genesis_time_ms = WallClockMs() - 60000;
  spec_.params.max_tx_horizon_ms = 24ull * 3600 * 1000;
  spec_.params.max_ranges_per_tx = 64;
  spec_.accounts.push_back({"registrar",
                            {v1::REGISTRAR},
                            1,
                            {{0, v1::SUITE_ED25519_BLAKE2B, registrar_.public_key}},
                            ""});
  spec_.nodes.push_back({"node-1", node_key_.public_key});
  WriteText(dir_ / "genesis.json", GenesisToJson(spec_));
  WriteText(dir_ / "keys" / "node-1.key", KeyFileToJson(node_key_));

  config_.node_id = "node-1";
  config_.data_dir = dir_;
  config_.genesis = dir_ / "genesis.json";
  config_.node_key = dir_ / "keys" / "node-1.key";
  config_.grpc_listen = "127.0.0.1:0";
  config_.batch_max_delay_ms = 1;
}

TempChain::~TempChain() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

v1::Tx TempChain::NewTx(const KeyFile& key, uint64_t now_ms, uint64_t ttl_ms) {
  v1::Tx tx;
  tx.set_chain_id(spec_.params.chain_id);
  tx.set_nonce(BigEndian64(++nonce_) + BigEndian64(now_ms));
  tx.set_expiry_ms(now_ms + ttl_ms);
  tx.set_account(key.owner);
  return tx;
}

v1::SignedTx TempChain::Sign(const v1::Tx& tx, const KeyFile& key) const {
  auto st = SignTx(tx, {key.ToSigningKey()});
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  return *st;
}

KeyFile TempChain::NewAccountKey(const std::string& owner) const {
  return *GenerateKeyFile("account", owner, 0, v1::SUITE_ED25519_BLAKE2B);
}

v1::SignedTx TempChain::OpenAccountTx(const KeyFile& key, v1::Role role, uint64_t now_ms) {
  v1::Tx tx = NewTx(registrar_, now_ms);
  auto* body = tx.mutable_open_account();
  body->set_id(key.owner);
  body->add_roles(role);
  body->set_threshold(1);
  auto* pk = body->add_keys();
  pk->set_key_id(0);
  pk->set_suite(key.suite);
  pk->set_key(key.public_key);
  return Sign(tx, registrar_);
}

v1::SignedTx TempChain::IssueTx(const std::string& to, uint64_t quantity, uint64_t now_ms) {
  v1::Tx tx = NewTx(registrar_, now_ms);
  auto* body = tx.mutable_issue_batch();
  body->set_to(to);
  body->set_quantity(quantity);
  body->set_project_id("SC-FOR-2025-001");
  body->set_vintage(2025);
  return Sign(tx, registrar_);
}

v1::SignedTx TempChain::TransferTx(const KeyFile& from, const std::string& to, uint64_t quantity,
                                   uint64_t now_ms) {
  v1::Tx tx = NewTx(from, now_ms);
  tx.mutable_transfer()->set_to(to);
  tx.mutable_transfer()->set_quantity(quantity);
  return Sign(tx, from);
}

}  // namespace lincao::node::testing
