#include "tools/cli/genesis_cmd.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "chaincode/limits.h"
#include "tools/cli/files.h"
#include "tools/cli/json_out.h"

namespace lincao::cli {
namespace {

namespace fs = std::filesystem;

struct DevAccount {
  const char* id;
  v1::Role role;
  const char* display_name;
};

constexpr DevAccount kDevAccounts[] = {
    {"registrar", v1::REGISTRAR, "Provincial carbon-inclusive registry (dev)"},
    {"forestry-bureau", v1::SUPERVISOR, "Provincial forestry and grassland bureau (dev)"},
    {"ecology-dept", v1::SUPERVISOR, "Provincial ecology and environment department (dev)"},
};
std::string DevNodeId(int index) { return "node-" + std::to_string(index); }

struct PlannedFile {
  fs::path path;
  std::string content;
  unsigned mode;
};

}  // namespace

std::string DevNodeConfig(int port) {
  return R"(# lincaod configuration for a development chain (lincao genesis init --dev).
# Paths are relative to this file's folder.

[node]
id = "node-1"                 # must be a node in genesis
data_dir = "."                # raft/ and ledger/ live here
genesis = "genesis.json"
node_key = "keys/node-1.key"

[grpc]
listen = "127.0.0.1:)" +
         std::to_string(port) +
         R"("     # port 0 = pick a free port
port_file = ""                # when set, the bound port is written here once serving

[limits]
max_tx_bytes = 65536          # <= chaincode kMaxTxBytes
max_pending_txs = 10000       # admission queue bound; beyond it Submit says OVERLOADED
batch_max_txs = 500
batch_max_delay_ms = 5
wait_timeout_ms = 10000       # default for Submit(wait_for_commit)

[log]
level = "info"                # trace, debug, info, warn, error
)";
}

std::string DevClusterNodeConfig(int index, int nodes, int base_port, int peer_base_port) {
  auto addr = [](int port) { return "127.0.0.1:" + std::to_string(port); };
  std::string c = "# lincaod configuration for member " + DevNodeId(index) +
                  " of a local dev cluster\n"
                  "# (lincao genesis init --dev --nodes " +
                  std::to_string(nodes) +
                  "). Paths are relative to this file's folder.\n\n"
                  "[node]\n"
                  "id = \"" +
                  DevNodeId(index) +
                  "\"\n"
                  "data_dir = \".\"\n"
                  "genesis = \"../genesis.json\"\n"
                  "node_key = \"../keys/" +
                  DevNodeId(index) +
                  ".key\"\n\n"
                  "[grpc]\n"
                  "listen = \"" +
                  addr(base_port + index - 1) +
                  "\"\n"
                  "port_file = \"grpc.port\"\n\n"
                  "[limits]\n"
                  "batch_max_txs = 500\n"
                  "batch_max_delay_ms = 5\n"
                  "wait_timeout_ms = 10000\n\n"
                  "[log]\n"
                  "level = \"info\"\n\n"
                  "[cluster]\n"
                  "listen = \"" +
                  addr(peer_base_port + index - 1) +
                  "\"   # Peer service\n"
                  "tick_ms = 50\n"
                  "election_ticks = 10\n";
  for (int j = 1; j <= nodes; ++j) {
    if (j == index) continue;
    c += "\n[[cluster.peers]]\nid = \"" + DevNodeId(j) + "\"\npeer = \"" +
         addr(peer_base_port + j - 1) + "\"\ngrpc = \"" + addr(base_port + j - 1) + "\"\n";
  }
  return c;
}

int RunGenesisInit(const GenesisInitOptions& opts, const Io& io) {
  if (!opts.dev) {
    return UsageError(io,
                      "only development chains are supported for now: use `lincao genesis init "
                      "--dev --dir DIR`. A production genesis needs a key ceremony among the "
                      "registry, the forestry bureau and the ecology department, which is not "
                      "implemented yet.");
  }
  if (opts.chaincode_version < 1 || opts.chaincode_version > kLatestChaincodeVersion) {
    return UsageError(io, "--chaincode-version must be 1.." +
                              std::to_string(kLatestChaincodeVersion) +
                              " (the versions this lincao implements)");
  }
  const fs::path dir(opts.dir);
  GenesisSpec spec;
  spec.params.chaincode_version = opts.chaincode_version;
  spec.params.chain_id = opts.chain_id;
  spec.params.suite = v1::SUITE_ED25519_BLAKE2B;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  spec.params.genesis_time_ms =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count()) * 1000;
  spec.params.max_tx_horizon_ms = kMaxTxHorizonMs;
  spec.params.max_ranges_per_tx = kMaxRangesPerTx;

  std::vector<PlannedFile> files;
  for (const DevAccount& a : kDevAccounts) {
    auto key = GenerateKeyFile("account", a.id, 0, spec.params.suite);
    if (!key.ok()) return Fail(io, key.status().ToString());
    spec.accounts.push_back(
        {a.id, {a.role}, 1, {{0, spec.params.suite, key->public_key}}, a.display_name});
    files.push_back({dir / "keys" / (std::string(a.id) + ".key"), KeyFileToJson(*key), 0600});
  }
  // The three founding bodies govern together, any two of them deciding.
  spec.governance.accounts = {"ecology-dept", "forestry-bureau", "registrar"};
  spec.governance.threshold = 2;
  if (opts.nodes < 1 || opts.nodes > 9) return UsageError(io, "--nodes must be 1..9");
  for (int i = 1; i <= opts.nodes; ++i) {
    auto node_key = GenerateKeyFile("node", DevNodeId(i), 0, spec.params.suite);
    if (!node_key.ok()) return Fail(io, node_key.status().ToString());
    spec.nodes.push_back({DevNodeId(i), node_key->public_key});
    files.push_back({dir / "keys" / (DevNodeId(i) + ".key"), KeyFileToJson(*node_key), 0600});
  }

  auto genesis = BuildGenesis(spec);
  if (!genesis.ok()) return Fail(io, genesis.status().ToString());
  // genesis.json goes last: its presence means the folder is complete.
  if (opts.nodes == 1) {
    files.push_back({dir / "lincaod.toml", DevNodeConfig(opts.base_port), 0644});
  } else {
    for (int i = 1; i <= opts.nodes; ++i) {
      files.push_back({dir / DevNodeId(i) / "lincaod.toml",
                       DevClusterNodeConfig(i, opts.nodes, opts.base_port, opts.peer_base_port),
                       0644});
    }
  }
  files.push_back({dir / "genesis.json", GenesisToJson(spec), 0644});

  if (!opts.force) {
    std::error_code ec;
    if (fs::exists(dir / "genesis.json", ec)) {
      return Fail(io, (dir / "genesis.json").string() +
                          " already exists; use --force to replace the chain's genesis and keys");
    }
    for (const auto& f : files) {
      if (fs::exists(f.path, ec)) {
        return Fail(io, f.path.string() + " already exists; use --force to replace it");
      }
    }
  }
  for (const auto& f : files) {
    Status st =
        WriteFile(f.path, f.content, f.mode, opts.force ? Overwrite::kAllowed : Overwrite::kNever);
    if (!st.ok()) return Fail(io, st.message());
  }
  for (int i = 0; i <= opts.nodes; ++i) {
    if (i == 0 && opts.nodes > 1) continue;
    fs::path node_dir = i == 0 ? dir : dir / DevNodeId(i);
    for (const char* db : {"raft", "ledger"}) {
      std::error_code ec;
      if (fs::exists(node_dir / db, ec)) {
        io.err << "warning: " << (node_dir / db).string()
               << " holds the previous chain; remove it before starting lincaod\n";
      }
    }
  }

  const std::string hash = ToHex(genesis->hash);
  const std::string state_root = ToHex(genesis->block.header().state_root());
  if (opts.json) {
    Json j{{"dir", dir.string()},
           {"chain_id", spec.params.chain_id},
           {"chaincode_version", spec.params.chaincode_version},
           {"genesis_hash", hash},
           {"state_root", state_root},
           {"files", Json::array()}};
    for (const auto& f : files) j["files"].push_back(f.path.string());
    io.out << JsonLine(j);
    return kExitOk;
  }
  io.out << "dev chain '" << spec.params.chain_id << "' created in " << dir.string() << "\n"
         << "chaincode     version " << spec.params.chaincode_version << "\n"
         << "genesis hash  " << hash << "\n"
         << "state root    " << state_root << "\n"
         << "files written:\n";
  for (const auto& f : files) io.out << "  " << f.path.string() << "\n";
  if (opts.nodes == 1) {
    io.out << "start a node:  lincaod --config " << (dir / "lincaod.toml").string() << "\n";
  } else {
    io.out << "start the cluster:  deploy/local/cluster.sh start --nodes " << opts.nodes
           << " --dir " << dir.string() << "\n";
  }
  return kExitOk;
}

void AddGenesisCommand(CLI::App& app, Runner& runner) {
  CLI::App* genesis = app.add_subcommand(
      "genesis", "Create a chain's genesis: founding accounts, keys, voting nodes, node config");
  genesis->require_subcommand(1);
  genesis->footer("Example:\n  lincao genesis init --dev --dir data/dev");
  auto opts = std::make_shared<GenesisInitOptions>();
  CLI::App* init = genesis->add_subcommand(
      "init",
      "Create a development chain in DIR: genesis.json with the accounts registrar (REGISTRAR), "
      "forestry-bureau and ecology-dept (SUPERVISOR), a governance policy under which any 2 of "
      "these 3 approve governance transactions, and the voting node node-1 (or node-1.."
      "node-N with --nodes N), their key files under DIR/keys/, and a lincaod.toml with default "
      "settings (one per node under DIR/node-<i>/ for a cluster). The chain runs the latest "
      "chaincode version unless --chaincode-version says otherwise.");
  init->add_flag("--dev", opts->dev, "development chain with fresh keys (the only kind for now)");
  init->add_option("--dir", opts->dir, "folder to create the chain in")->required();
  init->add_option("--chain-id", opts->chain_id, "chain id")->capture_default_str();
  init->add_flag("--force", opts->force, "replace an existing genesis and its keys");
  init->add_option("--chaincode-version", opts->chaincode_version,
                   "chaincode version in force from genesis; 3 has the credit lifecycle "
                   "(methodologies to reversal) and refuses `tx issue`, 1 and 2 accept `tx issue` "
                   "(2: governance grants every role but project_owner and participant)")
      ->capture_default_str();
  init->add_flag("--json", opts->json, "print the result as one JSON object");
  init->add_option("--nodes", opts->nodes,
                   "voting nodes node-1..node-N; with N > 1 each gets DIR/node-<i>/lincaod.toml "
                   "for a local cluster on 127.0.0.1 (one node: DIR/lincaod.toml, no peers)")
      ->capture_default_str();
  init->add_option("--base-port", opts->base_port,
                   "client (Registry) port of node-1; node-i uses +i-1")
      ->capture_default_str();
  init->add_option("--peer-base-port", opts->peer_base_port,
                   "peer port of node-1; node-i uses +i-1 (unused with one node)")
      ->capture_default_str();
  init->footer(
      "Example:\n"
      "  lincao genesis init --dev --dir data/dev\n"
      "  lincaod --config data/dev/lincaod.toml");
  init->callback([&runner, opts] {
    runner.action = [&runner, opts] { return RunGenesisInit(*opts, runner.io); };
  });
}

}  // namespace lincao::cli
