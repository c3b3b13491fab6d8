#include <gtest/gtest.h>

#include <fstream>

#include "node/config.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

std::filesystem::path WriteConfig(const std::filesystem::path& dir, const std::string& text) {
  auto p = dir / "lincaod.toml";
  std::ofstream(p) << text;
  return p;
}

TEST(Config, ResolvesRelativePathsAgainstTheFile) {
  testing::TempChain chain;
  auto path = WriteConfig(chain.dir(), R"(
[node]
id = "node-7"
data_dir = "."
genesis = "genesis.json"
node_key = "/abs/node.key"
[grpc]
listen = "127.0.0.1:0"
port_file = "port"
[limits]
batch_max_txs = 100
[storage]
verify_state_on_start = true
[log]
level = "debug"
)");
  auto c = LoadConfig(path);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->node_id, "node-7");
  EXPECT_EQ(c->genesis, chain.dir() / "genesis.json");
  EXPECT_EQ(c->node_key, std::filesystem::path("/abs/node.key"));
  EXPECT_EQ(c->port_file, chain.dir() / "port");
  EXPECT_EQ(c->batch_max_txs, 100u);
  EXPECT_EQ(c->max_pending_txs, 10000u);  // default kept
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_TRUE(c->verify_state_on_start);
}

TEST(Config, NamesTheBadKey) {
  testing::TempChain chain;
  auto c = LoadConfig(WriteConfig(chain.dir(), "[limits]\nbatch_max_txs = \"many\"\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_NE(c.status().message().find("limits.batch_max_txs"), std::string::npos);

  c = LoadConfig(WriteConfig(chain.dir(), "[limits]\nbatch_max_txs = 0\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("batch_max_txs"), std::string::npos);

  c = LoadConfig(WriteConfig(chain.dir(), "[storage]\nverify_state_on_start = 1\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("storage.verify_state_on_start"), std::string::npos);

  c = LoadConfig(WriteConfig(chain.dir(), "[log]\nlevel = \"loud\"\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("log.level"), std::string::npos);
}

TEST(Config, ReportsSyntaxErrorLine) {
  testing::TempChain chain;
  auto c = LoadConfig(WriteConfig(chain.dir(), "[node]\nid = \n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("line 2"), std::string::npos) << c.status().message();
}

TEST(Config, ReadsTheClusterSection) {
  testing::TempChain chain;
  auto path = WriteConfig(chain.dir(), R"(
[node]
id = "node-1"
[cluster]
listen = "127.0.0.1:7150"
port_file = "peer.port"
tick_ms = 20
election_ticks = 12
[[cluster.peers]]
id = "node-2"
peer = "127.0.0.1:7151"
grpc = "127.0.0.1:7051"
[[cluster.peers]]
id = "node-3"
peer = "127.0.0.1:7152"
)");
  auto c = LoadConfig(path);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->peer_listen, "127.0.0.1:7150");
  EXPECT_EQ(c->peer_port_file, chain.dir() / "peer.port");
  EXPECT_EQ(c->tick_ms, 20u);
  EXPECT_EQ(c->election_ticks, 12u);
  ASSERT_EQ(c->peers.size(), 2u);
  EXPECT_EQ(c->peers[0].node_id, "node-2");
  EXPECT_EQ(c->peers[0].grpc_address, "127.0.0.1:7051");
  EXPECT_EQ(c->peers[1].peer_address, "127.0.0.1:7152");
}

TEST(Config, RefusesPeersWithoutAListenerOrAnAddress) {
  testing::TempChain chain;
  auto no_listen = LoadConfig(WriteConfig(chain.dir(), R"(
[[cluster.peers]]
id = "node-2"
peer = "127.0.0.1:7151"
)"));
  ASSERT_FALSE(no_listen.ok());
  EXPECT_NE(no_listen.status().message().find("cluster.listen"), std::string::npos);
  auto no_address = LoadConfig(WriteConfig(chain.dir(), R"(
[cluster]
listen = "127.0.0.1:7150"
[[cluster.peers]]
id = "node-2"
)"));
  ASSERT_FALSE(no_address.ok());
  auto itself = LoadConfig(WriteConfig(chain.dir(), R"(
[node]
id = "node-2"
[cluster]
listen = "127.0.0.1:7150"
[[cluster.peers]]
id = "node-2"
peer = "127.0.0.1:7151"
)"));
  ASSERT_FALSE(itself.ok());
}

TEST(Config, MaxSubmitBatchIsBounded) {
  Config c;
  c.max_submit_batch = 0;
  EXPECT_EQ(ValidateConfig(c).code(), v1::INVALID_ARGUMENT);
  c.max_submit_batch = kMaxSubmitBatchLimit + 1;
  c.max_pending_txs = 100000;
  EXPECT_EQ(ValidateConfig(c).code(), v1::INVALID_ARGUMENT);
  c.max_submit_batch = 2000;
  c.max_pending_txs = 1000;
  EXPECT_NE(ValidateConfig(c).message().find("max_pending_txs"), std::string::npos);
  c.max_pending_txs = 2000;
  EXPECT_TRUE(ValidateConfig(c).ok()) << ValidateConfig(c).ToString();
}

}  // namespace
}  // namespace lincao::node
