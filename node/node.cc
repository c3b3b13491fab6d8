#include "node/node.h"

#include <fstream>
#include <sstream>

#include "chaincode/limits.h"
#include "node/error_code_interceptor.h"
#include "node/log.h"

namespace lincao::node {

// Transport bound on one gRPC request (see SetMaxReceiveMessageSize below).
constexpr uint32_t kMaxGrpcRequestBytes = 1024 * 1024;

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(v1::NOT_FOUND, "cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Node::~Node() { Stop(); }

Status Node::OpenLedger() {
  auto genesis_text = ReadFile(config_.genesis);
  if (!genesis_text.ok()) {
    return Status(v1::NOT_FOUND, "genesis file " + config_.genesis.string() +
                                     " not found; create a dev chain with `lincao genesis init "
                                     "--dev --dir <dir>`");
  }
  auto spec = ParseGenesisJson(*genesis_text);
  if (!spec.ok()) return spec.status();
  auto genesis = BuildGenesis(*spec);
  if (!genesis.ok()) return genesis.status();

  auto ledger = LedgerStore::Open(config_.data_dir / "ledger");
  if (!ledger.ok()) return ledger.status();
  ledger_ = std::move(*ledger);
  if (ledger_->empty()) {
    LINCAO_RETURN_IF_ERROR(ledger_->InitGenesis(*genesis));
    spdlog::info("event=genesis_written chain_id={} genesis_hash={}", spec->params.chain_id,
                 ToHex(genesis->hash));
  }
  LINCAO_RETURN_IF_ERROR(ledger_->CheckGenesis(genesis->hash));
  members_ = Members(genesis->voters);
  if (config_.verify_state_on_start) LINCAO_RETURN_IF_ERROR(ledger_->VerifyState());
  return Status::Ok();
}

Status Node::Start() {
  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec) {
    return Status(v1::STORAGE_IO,
                  "cannot create data dir " + config_.data_dir.string() + ": " + ec.message());
  }
  auto key_text = ReadFile(config_.node_key);
  if (!key_text.ok()) return key_text.status();
  auto node_key = ParseKeyFile(*key_text);
  if (!node_key.ok()) return node_key.status();
  if (node_key->kind != "node" || node_key->owner != config_.node_id) {
    return Status(v1::INVALID_ARGUMENT, "node key " + config_.node_key.string() +
                                            " is not the node key of '" + config_.node_id + "'");
  }

  auto log = RaftStorage::Open(config_.data_dir / "raft");
  if (!log.ok()) return log.status();
  log_ = std::move(*log);
  LINCAO_RETURN_IF_ERROR(OpenLedger());

  committer_ = std::make_unique<Committer>(config_, *ledger_, *log_, *node_key, members_);
  LINCAO_RETURN_IF_ERROR(committer_->Recover());
  committer_->Start();

  service_ = std::make_unique<RegistryService>(config_, *ledger_, *committer_);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.grpc_listen, grpc::InsecureServerCredentials(), &grpc_port_);
  builder.RegisterService(service_.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<ErrorCodeInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // Well above max_tx_bytes, so that an oversized transaction reaches
  // Submit and is refused with TX_TOO_LARGE and a lincao code; only requests
  // beyond this transport bound are cut by gRPC itself (RESOURCE_EXHAUSTED).
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::max<uint32_t>(kMaxGrpcRequestBytes, 2 * config_.max_tx_bytes)));
  builder.SetMaxSendMessageSize(64 * 1024 * 1024);
  server_ = builder.BuildAndStart();
  if (!server_ || grpc_port_ == 0) {
    return Status(v1::NOT_READY,
                  "cannot listen on " + config_.grpc_listen + " (address in use or not valid?)");
  }
  if (!config_.port_file.empty()) {
    // Write then rename, so a reader never sees a half-written port.
    std::filesystem::path tmp = config_.port_file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp);
      out << grpc_port_ << "\n";
    }
    std::filesystem::rename(tmp, config_.port_file, ec);
    if (ec) return Status(v1::STORAGE_IO, "cannot write port file: " + ec.message());
  }
  ChainHead head = ledger_->head();
  spdlog::info("event=serving node_id={} chain_id={} grpc_port={} height={} data_dir={}",
               config_.node_id, ledger_->params().chain_id, grpc_port_, head.height,
               Quoted(config_.data_dir.string()));
  return Status::Ok();
}

void Node::Stop() {
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    server_.reset();
  }
  if (committer_) {
    committer_->Stop();
    committer_.reset();
  }
  if (ledger_ || log_) {
    ledger_.reset();
    log_.reset();
    spdlog::info("event=stopped");
  }
}

}  // namespace lincao::node
