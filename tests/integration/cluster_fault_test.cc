// Three real lincaod processes under faults. Clients submit transfers through
// different nodes while the harness SIGKILLs the leader, then random nodes,
// restarting each after a random pause, and cuts, stalls and half-cuts peer
// links through TCP proxies. Afterwards: every transaction acknowledged as
// committed is in the ledger exactly once; every node has the same block
// hashes and state roots at every height; the credits are conserved; every
// block carries a valid majority certificate of its predecessor. Also: a
// process holding a key outside the membership is refused by its peers.
//
// The fault phase lasts 20 s (LINCAO_SOAK_SECONDS for a soak run:
//   LINCAO_SOAK_SECONDS=600 build/bin/lincao_integration_tests --gtest_filter='*Kills*'). Figures
// (time to a new leader after a SIGKILL, cycles survived) are printed.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "chaincode/block.h"
#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "lincao/v1/peer.grpc.pb.h"
#include "lincao/v1/raft.pb.h"
#include "tests/support/local_cluster.h"

namespace lincao::itest {
namespace {

using namespace std::chrono_literals;
using testsupport::LocalCluster;
using testsupport::TcpProxy;
using Clock = std::chrono::steady_clock;

// The binaries under test; LINCAOD / LINCAO override them (a soak run can
// use copies while the tree rebuilds).
std::string Binary(const char* env, const char* built) {
  const char* v = getenv(env);
  return v != nullptr && *v != '\0' ? v : built;
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ClusterFaultTest : public ::testing::Test {
 protected:
  virtual int nodes() const { return 3; }
  void SetUp() override {
    if (Skipped()) GTEST_SKIP() << "figures only with LINCAO_MEASURE=1";
    ASSERT_TRUE(InitCrypto());
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() /
           ("lincao-cluster-" + std::to_string(::getpid()) + "-" + name);
    cluster_ = std::make_unique<LocalCluster>(dir_, nodes(), Binary("LINCAOD", LINCAOD_PATH),
                                              Binary("LINCAO", LINCAO_CLI_PATH));
    std::string error;
    ASSERT_TRUE(cluster_->Init(&error)) << error;
    for (int i = 1; i <= nodes(); ++i)
      ASSERT_TRUE(cluster_->Start(i)) << "node-" << i << " did not start";
    ASSERT_TRUE(WaitForLeader(20s)) << "no leader elected";
    auto spec = ParseGenesisJson(ReadAll(dir_ / "genesis.json"));
    ASSERT_TRUE(spec.ok());
    genesis_ = *spec;
  }
  virtual bool Skipped() const { return false; }
  void TearDown() override {
    cluster_.reset();
    if (!HasFailure() && !getenv("LINCAO_KEEP_TEST_DIR")) std::filesystem::remove_all(dir_);
  }

  bool WaitForLeader(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (cluster_->Leader() != 0) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  KeyFile Key(const std::string& name) {
    return *ParseKeyFile(ReadAll(dir_ / "keys" / (name + ".key")));
  }

  // Account setup through the CLI (node-2: a follower forwards).
  void OpenAndIssue(uint64_t quantity) {
    const int n2 = std::min(2, nodes()), n3 = std::min(3, nodes());
    for (const char* k : {"owner", "buyer"}) {
      auto r = cluster_->Cli({"keys", "new", "--owner", k, "--out",
                              (dir_ / "keys" / (std::string(k) + ".key")).string()});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto r = cluster_->Cli(
        {"account", "open", "--key", (dir_ / "keys/registrar.key").string(), "--id", "owner",
         "--role", "project_owner", "--pubkey-file", (dir_ / "keys/owner.key").string()},
        n2);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = cluster_->Cli(
        {"account", "open", "--key", (dir_ / "keys/registrar.key").string(), "--id", "buyer",
         "--role", "participant", "--pubkey-file", (dir_ / "keys/buyer.key").string()},
        n3);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = cluster_->Cli({"tx", "issue", "--key", (dir_ / "keys/registrar.key").string(), "--to",
                       "owner", "--quantity", std::to_string(quantity), "--project",
                       "SC-FOR-2025-0001", "--vintage", "2025"},
                      1);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  v1::SignedTx Transfer(const KeyFile& from, uint64_t expiry_ms, uint64_t nonce) {
    v1::Tx tx;
    tx.set_chain_id(genesis_.params.chain_id);
    tx.set_nonce(BigEndian64(nonce) + BigEndian64(::getpid()));
    tx.set_expiry_ms(expiry_ms);
    tx.set_account(from.owner);
    tx.mutable_transfer()->set_to("buyer");
    tx.mutable_transfer()->set_quantity(1);
    return *SignTx(tx, {from.ToSigningKey()});
  }

  std::filesystem::path dir_;
  std::unique_ptr<LocalCluster> cluster_;
  GenesisSpec genesis_;
};

struct LoadStats {
  std::mutex mu;
  std::set<std::string> acked;  // tx ids (bytes) acknowledged COMMITTED
  std::atomic<uint64_t> submitted{0};
  std::atomic<uint64_t> retries{0};
  std::atomic<uint64_t> unresolved{0};
};

TEST_F(ClusterFaultTest, KillsAndPartitionsLoseNothingAcknowledged) {
  constexpr uint64_t kIssued = 1000000;
  ASSERT_NO_FATAL_FAILURE(OpenAndIssue(kIssued));
  const KeyFile owner = Key("owner");
  const char* soak = getenv("LINCAO_SOAK_SECONDS");
  const int fault_seconds = soak != nullptr ? std::max(1, atoi(soak)) : 20;

  LoadStats stats;
  std::atomic<bool> stop_load{false};
  std::atomic<uint64_t> nonce{1};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 rng(c);
      while (!stop_load) {
        // Expiry from any node's next block time; retried on other nodes.
        uint64_t expiry = 0;
        for (int i = 1; i <= 3 && expiry == 0; ++i) {
          auto s = cluster_->Status(((c + i) % 3) + 1, 500);
          if (s.up) expiry = s.status.next_time_ms() + 600000;
        }
        if (expiry == 0) {
          std::this_thread::sleep_for(100ms);
          continue;
        }
        v1::SignedTx tx = Transfer(owner, expiry, nonce.fetch_add(1));
        ++stats.submitted;
        bool settled = false;
        for (int attempt = 0; attempt < 8 && !settled; ++attempt) {
          int node = ((c + attempt) % 3) + 1;
          if (!cluster_->running(node)) continue;
          auto stub = cluster_->Stub(node);
          grpc::ClientContext ctx;
          ctx.set_deadline(std::chrono::system_clock::now() + 4s);
          v1::SubmitRequest req;
          *req.mutable_tx() = tx;
          req.set_wait_for_commit(true);
          req.set_wait_timeout_ms(3000);
          v1::SubmitResponse resp;
          grpc::Status st = stub->Submit(&ctx, req, &resp);
          if (st.ok() && resp.state() == v1::COMMITTED) {
            std::lock_guard<std::mutex> lock(stats.mu);
            stats.acked.insert(resp.tx_id());
            settled = true;
          } else {
            ++stats.retries;
            std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 100));
          }
        }
        if (!settled) ++stats.unresolved;
      }
    });
  }

  // Faults.
  std::mt19937 rng(static_cast<uint32_t>(::getpid()));
  int cycles = 0;
  std::vector<double> failover_ms;
  auto fault_end = Clock::now() + std::chrono::seconds(fault_seconds);
  while (Clock::now() < fault_end) {
    const int kind = cycles % 5;
    auto pause = std::chrono::milliseconds(200 + rng() % 1300);
    if (kind == 0 || kind == 1) {
      int victim = kind == 0 ? cluster_->Leader() : static_cast<int>(1 + rng() % 3);
      if (victim == 0) victim = static_cast<int>(1 + rng() % 3);
      uint64_t old_term = 0;
      if (auto s = cluster_->Status(victim); s.up) old_term = s.status.term();
      const bool was_leader = kind == 0;
      auto killed_at = Clock::now();
      cluster_->Kill(victim, SIGKILL);
      if (was_leader) {
        // Time until another member leads in a newer term.
        while (Clock::now() - killed_at < 10s) {
          int l = cluster_->Leader();
          if (l != 0 && l != victim && cluster_->Status(l).status.term() > old_term) {
            failover_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - killed_at).count());
            break;
          }
          std::this_thread::sleep_for(10ms);
        }
      }
      std::this_thread::sleep_for(pause);
      ASSERT_TRUE(cluster_->Start(victim)) << "node-" << victim << " did not restart";
    } else {
      int a = static_cast<int>(1 + rng() % 3);
      int b = a % 3 + 1;
      TcpProxy::Mode mode =
          kind == 2   ? TcpProxy::Mode::kDrop
          : kind == 3 ? TcpProxy::Mode::kStall
                      : (rng() % 2 ? TcpProxy::Mode::kForwardOnly : TcpProxy::Mode::kBackwardOnly);
      // Sometimes isolate a whole node (both of its links).
      const bool isolate = rng() % 3 == 0;
      cluster_->Link(a, b).SetMode(mode);
      if (isolate) cluster_->Link(a, b % 3 + 1).SetMode(mode);
      std::this_thread::sleep_for(pause + 500ms);
      cluster_->HealAll();
      std::this_thread::sleep_for(300ms);
    }
    ++cycles;
  }
  cluster_->HealAll();
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(cluster_->Start(i));
  std::this_thread::sleep_for(1s);
  stop_load = true;
  for (auto& t : clients) t.join();

  // Converge: every node at the same applied height.
  uint64_t height = 0;
  bool converged = false;
  for (auto deadline = Clock::now() + 30s; Clock::now() < deadline && !converged;) {
    std::set<uint64_t> heights;
    std::set<std::string> heads;
    for (int i = 1; i <= 3; ++i) {
      auto s = cluster_->Status(i);
      if (!s.up) break;
      heights.insert(s.status.height());
      heads.insert(s.status.head_hash());
      height = s.status.height();
    }
    converged = heights.size() == 1 && heads.size() == 1;
    if (!converged) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(converged) << "nodes did not converge to one head";
  for (int i = 1; i <= 3; ++i) EXPECT_FALSE(cluster_->Status(i).status.halted()) << "node-" << i;

  // Blocks: identical on every node; each tx once; valid certificates.
  const SignatureSuite& suite = DefaultSuite();
  std::map<std::string, NodeRecord> voters;
  for (const auto& n : genesis_.nodes)
    voters[n.id] = NodeRecord{n.id, genesis_.params.suite, n.public_key, true};
  std::map<std::string, int> seen;
  std::vector<std::unique_ptr<v1::Registry::Stub>> stubs;
  for (int i = 1; i <= 3; ++i) stubs.push_back(cluster_->Stub(i));
  Hash32 prev_hash{};
  for (uint64_t h = 0; h <= height; ++h) {
    std::vector<v1::Block> blocks(3);
    for (int i = 0; i < 3; ++i) {
      grpc::ClientContext ctx;
      v1::GetBlockRequest req;
      req.set_height(h);
      ASSERT_TRUE(stubs[i]->GetBlock(&ctx, req, &blocks[i]).ok()) << "block " << h;
    }
    for (int i = 1; i < 3; ++i) {
      ASSERT_EQ(blocks[i].header().SerializeAsString(), blocks[0].header().SerializeAsString())
          << "node-" << i + 1 << " differs from node-1 at height " << h;
    }
    const v1::Block& b = blocks[0];
    Hash32 hash = BlockHash(suite, b.header());
    if (h > 0) {
      const v1::Commit& c = b.last_commit();
      EXPECT_EQ(c.height(), h - 1) << "block " << h << " certifies the wrong height";
      EXPECT_EQ(c.block_hash(), AsBytes(prev_hash)) << "block " << h;
      EXPECT_GE(c.signatures_size() * 2, 3 + 1) << "block " << h << " has no majority certificate";
      for (const auto& sig : c.signatures()) {
        ASSERT_TRUE(voters.count(sig.node_id()));
        EXPECT_TRUE(suite.Verify(voters[sig.node_id()].public_key,
                                 CommitSigningMessage(genesis_.params.chain_id, h - 1, prev_hash),
                                 sig.signature()))
            << "block " << h << " signature of " << sig.node_id();
      }
      for (const auto& r : b.results()) ++seen[r.tx_id()];
    }
    prev_hash = hash;
  }
  for (const auto& [id, n] : seen)
    EXPECT_EQ(n, 1) << "tx " << ToHex(id) << " in " << n << " blocks";
  for (const auto& id : stats.acked) {
    EXPECT_EQ(seen.count(id), 1u) << "acknowledged tx " << ToHex(id) << " is not in the ledger";
  }

  // Conservation: the batch's units are all held by owner or buyer, on every node.
  for (int i = 0; i < 3; ++i) {
    uint64_t total = 0;
    for (const char* who : {"owner", "buyer"}) {
      grpc::ClientContext ctx;
      v1::GetHoldingsRequest req;
      req.set_account(who);
      v1::Holdings hold;
      ASSERT_TRUE(stubs[i]->GetHoldings(&ctx, req, &hold).ok());
      total += hold.total();
    }
    EXPECT_EQ(total, kIssued) << "node-" << i + 1;
  }
  uint64_t buyer_units = 0;
  {
    grpc::ClientContext ctx;
    v1::GetHoldingsRequest req;
    req.set_account("buyer");
    v1::Holdings hold;
    ASSERT_TRUE(stubs[0]->GetHoldings(&ctx, req, &hold).ok());
    buyer_units = hold.total();
  }
  EXPECT_GE(buyer_units, stats.acked.size());
  EXPECT_GT(stats.acked.size(), 0u);

  std::sort(failover_ms.begin(), failover_ms.end());
  std::printf(
      "figure: fault cycles=%d seconds=%d submitted=%llu acknowledged=%zu retries=%llu "
      "unresolved=%llu height=%llu\n",
      cycles, fault_seconds, static_cast<unsigned long long>(stats.submitted.load()),
      stats.acked.size(), static_cast<unsigned long long>(stats.retries.load()),
      static_cast<unsigned long long>(stats.unresolved.load()),
      static_cast<unsigned long long>(height));
  if (!failover_ms.empty()) {
    std::printf(
        "figure: new leader after SIGKILL of the leader: n=%zu min=%.0f ms median=%.0f ms max=%.0f "
        "ms\n",
        failover_ms.size(), failover_ms.front(), failover_ms[failover_ms.size() / 2],
        failover_ms.back());
  }
}

TEST_F(ClusterFaultTest, AKeyOutsideTheMembershipIsRefused) {
  // 1. lincaod refuses to start as node-1 with a key genesis does not record.
  KeyFile impostor = *GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B);
  std::filesystem::path other = dir_ / "impostor";
  std::filesystem::create_directories(other);
  {
    std::ofstream(other / "node-1.key") << KeyFileToJson(impostor);
    std::ofstream out(other / "lincaod.toml");
    out << "[node]\nid = \"node-1\"\ndata_dir = \".\"\ngenesis = \"../genesis.json\"\n"
        << "node_key = \"node-1.key\"\n[grpc]\nlisten = \"127.0.0.1:0\"\n";
  }
  CommandResult r =
      RunCommand({Binary("LINCAOD", LINCAOD_PATH), "--config", (other / "lincaod.toml").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("is not the key genesis records"), std::string::npos) << r.err;

  // 2. A process that claims node-1 on the peer port, without its key, is refused.
  const int target = 2;  // node-1 dials node-2, so node-2 accepts node-1's streams
  std::string peer_port;
  {
    std::ifstream in(cluster_->NodeDir(target) / "peer.port");
    in >> peer_port;
  }
  auto height_before = cluster_->Status(target).status.height();
  auto term_before = cluster_->Status(target).status.term();
  auto stub = v1::Peer::NewStub(
      grpc::CreateChannel("127.0.0.1:" + peer_port, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  auto rw = stub->Stream(&ctx);
  v1::PeerFrame hello;
  hello.mutable_hello()->set_chain_id(genesis_.params.chain_id);
  hello.mutable_hello()->set_node_id("node-1");
  hello.mutable_hello()->set_nonce(std::string(32, 'n'));
  ASSERT_TRUE(rw->Write(hello));
  v1::PeerFrame answer;
  ASSERT_TRUE(rw->Read(&answer));
  EXPECT_EQ(answer.hello().node_id(), "node-2");
  v1::PeerFrame proof;
  proof.mutable_hello()->set_signature(
      DefaultSuite().Sign(impostor.secret_key, "anything: not the right key"));
  // A Raft message riding along must change nothing.
  v1::raft::Message vote;
  vote.set_type(v1::raft::MSG_VOTE);
  vote.set_from(1);
  vote.set_to(2);
  vote.set_term(term_before + 100);
  proof.add_raft_messages(vote.SerializeAsString());
  rw->Write(proof);
  rw->WritesDone();
  v1::PeerFrame ignored;
  while (rw->Read(&ignored)) {
  }
  grpc::Status st = rw->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
  EXPECT_NE(st.error_message().find("PEER_REFUSED"), std::string::npos) << st.error_message();
  auto after = cluster_->Status(target).status;
  EXPECT_LT(after.term(), term_before + 100) << "a refused stream moved the term";
  EXPECT_GE(after.height(), height_before);
}

TEST_F(ClusterFaultTest, FollowersForwardOrNameTheLeaderAndRetriesKeepTheFirstOutcome) {
  ASSERT_NO_FATAL_FAILURE(OpenAndIssue(1000));
  const KeyFile owner = Key("owner");
  const int leader = cluster_->Leader();
  ASSERT_NE(leader, 0);
  const int follower = leader % 3 + 1;
  const uint64_t expiry = cluster_->Status(leader).status.next_time_ms() + 600000;

  // no_forward on a follower: NOT_LEADER naming the leader's id.
  v1::SubmitRequest req;
  *req.mutable_tx() = Transfer(owner, expiry, 1);
  req.set_wait_for_commit(true);
  req.set_no_forward(true);
  {
    grpc::ClientContext ctx;
    v1::SubmitResponse resp;
    grpc::Status st = cluster_->Stub(follower)->Submit(&ctx, req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_NE(st.error_message().find("NOT_LEADER"), std::string::npos) << st.error_message();
    EXPECT_NE(st.error_message().find("node-" + std::to_string(leader)), std::string::npos)
        << st.error_message();
  }
  // Forwarded by the follower: committed, with height.
  req.set_no_forward(false);
  v1::SubmitResponse first;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(cluster_->Stub(follower)->Submit(&ctx, req, &first).ok());
    EXPECT_EQ(first.state(), v1::COMMITTED);
    EXPECT_GT(first.height(), 0u);
  }
  // The same tx again on every node: the first outcome, never a second apply.
  for (int i = 1; i <= 3; ++i) {
    grpc::ClientContext ctx;
    v1::SubmitResponse again;
    ASSERT_TRUE(cluster_->Stub(i)->Submit(&ctx, req, &again).ok()) << "node-" << i;
    EXPECT_EQ(again.state(), v1::COMMITTED);
    EXPECT_EQ(again.height(), first.height());
    EXPECT_EQ(again.tx_id(), first.tx_id());
  }
  grpc::ClientContext ctx;
  v1::GetHoldingsRequest hreq;
  hreq.set_account("buyer");
  v1::Holdings h;
  ASSERT_TRUE(cluster_->Stub(follower)->GetHoldings(&ctx, hreq, &h).ok());
  EXPECT_EQ(h.total(), 1u) << "the transfer applied more than once";
  // Reads say how fresh they are.
  auto trailer = ctx.GetServerTrailingMetadata().find("lincao-applied-height");
  ASSERT_NE(trailer, ctx.GetServerTrailingMetadata().end());
  EXPECT_GE(std::stoull(std::string(trailer->second.data(), trailer->second.size())),
            first.height());
}

// Figures for the issue note, printed, never asserted (timing belongs to
// benchmarks): commit latency at low load, and committed tx/s of a burst of
// pre-signed transfers, on 1 and on 3 nodes. Run with
//   LINCAO_MEASURE=1 build/bin/lincao_integration_tests --gtest_filter='Figures*'
class FiguresTest : public ClusterFaultTest, public ::testing::WithParamInterface<int> {
 protected:
  int nodes() const override { return GetParam(); }
  bool Skipped() const override { return getenv("LINCAO_MEASURE") == nullptr; }
};

TEST_P(FiguresTest, CommitLatencyAndBurstThroughput) {
  ASSERT_NO_FATAL_FAILURE(OpenAndIssue(1000000));
  const KeyFile owner = Key("owner");
  const int leader = cluster_->Leader();
  ASSERT_NE(leader, 0);
  const int follower = nodes() > 1 ? leader % nodes() + 1 : leader;
  uint64_t nonce = 1000000;
  auto expiry = [&] { return cluster_->Status(leader).status.next_time_ms() + 600000; };
  for (int via : {leader, follower}) {
    auto stub = cluster_->Stub(via);
    std::vector<double> ms;
    for (int i = 0; i < 200; ++i) {
      v1::SubmitRequest req;
      *req.mutable_tx() = Transfer(owner, expiry(), ++nonce);
      req.set_wait_for_commit(true);
      grpc::ClientContext ctx;
      v1::SubmitResponse resp;
      auto t0 = Clock::now();
      ASSERT_TRUE(stub->Submit(&ctx, req, &resp).ok());
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "figure: nodes=%d commit latency via %s, 200 sequential transfers: p50=%.2f ms "
        "p99=%.2f ms\n",
        nodes(), via == leader ? "leader" : "follower", ms[ms.size() / 2],
        ms[ms.size() * 99 / 100]);
  }
  // Burst: 4000 transfers pre-signed, submitted without waiting by 8
  // threads to the leader; time until the last one is in a block.
  constexpr int kBurst = 4000;
  std::vector<v1::SignedTx> txs;
  const uint64_t exp = expiry();
  for (int i = 0; i < kBurst; ++i) txs.push_back(Transfer(owner, exp, ++nonce));
  auto buyer_units = [&] {
    auto stub = cluster_->Stub(leader);
    grpc::ClientContext ctx;
    v1::GetHoldingsRequest req;
    req.set_account("buyer");
    v1::Holdings h;
    (void)stub->GetHoldings(&ctx, req, &h);
    return h.total();
  };
  const uint64_t before = buyer_units();
  auto t0 = Clock::now();
  std::vector<std::thread> senders;
  std::atomic<int> refused{0};
  for (int t = 0; t < 8; ++t) {
    senders.emplace_back([&, t] {
      auto stub = cluster_->Stub(leader);
      for (int i = t; i < kBurst; i += 8) {
        v1::SubmitRequest req;
        *req.mutable_tx() = txs[i];
        grpc::ClientContext ctx;
        v1::SubmitResponse resp;
        if (!stub->Submit(&ctx, req, &resp).ok()) ++refused;
      }
    });
  }
  for (auto& s : senders) s.join();
  while (buyer_units() < before + kBurst - refused && Clock::now() - t0 < 60s) {
    std::this_thread::sleep_for(5ms);
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf(
      "figure: nodes=%d burst of %d transfers (gRPC, no wait): %.0f committed tx/s "
      "(refused %d)\n",
      nodes(), kBurst, (buyer_units() - before) / secs, refused.load());
}

INSTANTIATE_TEST_SUITE_P(Figures, FiguresTest, ::testing::Values(1, 3));

}  // namespace
}  // namespace lincao::itest
