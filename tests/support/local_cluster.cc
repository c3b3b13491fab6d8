#include "tests/support/local_cluster.h"

#include <fstream>
#include <thread>

namespace lincao::testsupport {

using namespace std::chrono_literals;

LocalCluster::LocalCluster(std::filesystem::path dir, int nodes, std::string lincaod,
                           std::string lincao)
    : dir_(std::move(dir)),
      nodes_(nodes),
      lincaod_(std::move(lincaod)),
      lincao_(std::move(lincao)) {
  for (int i = 1; i <= nodes_; ++i) daemons_[i] = nullptr;
}

LocalCluster::~LocalCluster() {
  for (auto& [i, d] : daemons_) {
    if (d) {
      d->Signal(15);
      d->Wait(5s);
    }
  }
  daemons_.clear();
  proxies_.clear();
}

bool LocalCluster::running(int i) const {
  std::lock_guard<std::mutex> lock(mu_);
  return daemons_.at(i) != nullptr;
}

int LocalCluster::PeerPort(int i) {
  std::ifstream in(NodeDir(i) / "peer.port");
  int port = 0;
  in >> port;
  return running(i) ? port : 0;
}

bool LocalCluster::Init(std::string* error, int tick_ms) {
  std::filesystem::remove_all(dir_);
  itest::CommandResult r =
      itest::RunCommand({lincao_, "genesis", "init", "--dev", "--dir", dir_.string(), "--nodes",
                         std::to_string(nodes_), "--chaincode-version", "1"});
  if (r.exit_code != 0) {
    *error = "genesis init failed: " + r.err;
    return false;
  }
  for (int a = 1; a <= nodes_; ++a) {
    for (int b = a + 1; b <= nodes_; ++b) {
      proxies_[{a, b}] = std::make_unique<TcpProxy>([this, b] { return PeerPort(b); });
    }
  }
  for (int i = 1; i <= nodes_; ++i) {
    std::string id = "node-" + std::to_string(i);
    std::filesystem::create_directories(NodeDir(i));
    std::ofstream out(NodeDir(i) / "lincaod.toml");
    out << "[node]\nid = \"" << id << "\"\ndata_dir = \".\"\ngenesis = \"../genesis.json\"\n"
        << "node_key = \"../keys/" << id << ".key\"\n\n"
        << "[grpc]\nlisten = \"127.0.0.1:0\"\nport_file = \"grpc.port\"\n\n"
        << "[limits]\nbatch_max_txs = 500\nbatch_max_delay_ms = 2\nwait_timeout_ms = 5000\n\n"
        << "[log]\nlevel = \""
        << (getenv("LINCAO_TEST_LOG_LEVEL") ? getenv("LINCAO_TEST_LOG_LEVEL") : "info") << "\"\n\n"
        << "[cluster]\nlisten = \"127.0.0.1:0\"\nport_file = \"peer.port\"\ntick_ms = " << tick_ms
        << "\nelection_ticks = 10\n";
    for (int j = 1; j <= nodes_; ++j) {
      if (j == i) continue;
      int port = Link(i, j).port();
      out << "\n[[cluster.peers]]\nid = \"node-" << j << "\"\npeer = \"127.0.0.1:" << port
          << "\"\ngrpc = \"\"\n";
    }
  }
  return true;
}

TcpProxy& LocalCluster::Link(int a, int b) {
  return *proxies_.at({std::min(a, b), std::max(a, b)});
}

void LocalCluster::HealAll() {
  for (auto& [pair, proxy] : proxies_) proxy->SetMode(TcpProxy::Mode::kPass);
}

bool LocalCluster::Start(int i) {
  if (running(i)) return true;
  std::filesystem::remove(NodeDir(i) / "grpc.port");
  std::filesystem::remove(NodeDir(i) / "peer.port");
  auto d = std::make_unique<itest::Daemon>(
      std::vector<std::string>{lincaod_, "--config", (NodeDir(i) / "lincaod.toml").string()},
      NodeDir(i) / "lincaod.log");
  {
    std::lock_guard<std::mutex> lock(mu_);
    daemons_[i] = std::move(d);
  }
  std::string port = itest::WaitForFile(NodeDir(i) / "grpc.port", 30s);
  if (port.empty()) return false;
  std::lock_guard<std::mutex> lock(mu_);
  addresses_[i] = "127.0.0.1:" + port;
  return true;
}

void LocalCluster::Kill(int i, int sig) {
  std::unique_ptr<itest::Daemon> d;
  {
    std::lock_guard<std::mutex> lock(mu_);
    d = std::move(daemons_.at(i));
  }
  if (!d) return;
  d->Signal(sig);
  d->Wait(10s);
}

std::string LocalCluster::Address(int i) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = addresses_.find(i);
  return it == addresses_.end() ? "" : it->second;
}

std::unique_ptr<v1::Registry::Stub> LocalCluster::Stub(int i) {
  return v1::Registry::NewStub(grpc::CreateChannel(Address(i), grpc::InsecureChannelCredentials()));
}

ClusterStatus LocalCluster::Status(int i, int timeout_ms) {
  ClusterStatus out;
  if (!running(i)) return out;
  auto stub = Stub(i);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  out.up = stub->GetStatus(&ctx, v1::GetStatusRequest(), &out.status).ok();
  return out;
}

int LocalCluster::Leader() {
  for (int i = 1; i <= nodes_; ++i) {
    ClusterStatus s = Status(i);
    if (s.up && s.status.role() == "leader") return i;
  }
  return 0;
}

itest::CommandResult LocalCluster::Cli(std::vector<std::string> args, int node) {
  args.insert(args.begin(), lincao_);
  if (node > 0) {
    args.push_back("--node");
    args.push_back(Address(node));
  }
  return itest::RunCommand(args);
}

}  // namespace lincao::testsupport
