#include "node/node.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>

#include <fstream>
#include <sstream>

#include "chaincode/limits.h"
#include "node/error_code_interceptor.h"
#include "node/log.h"
#include "node/tls_credentials.h"

namespace lincao::node {

// Transport bound on one gRPC request (see SetMaxReceiveMessageSize below).
// 4 MiB, gRPC's own default: a SubmitBatch of limits.max_submit_batch (1,000)
// typical transfers is some 300 KiB.
constexpr uint32_t kMaxGrpcRequestBytes = 4 * 1024 * 1024;

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(v1::NOT_FOUND, "cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// Writes then renames, so a reader never sees a half-written port.
Status WritePortFile(const std::filesystem::path& path, int port) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << port << "\n";
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return Status(v1::STORAGE_IO, "cannot write port file " + path.string() + ": " + ec.message());
  return Status::Ok();
}

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address.rfind("localhost:", 0) == 0 ||
         address.rfind("[::1]:", 0) == 0 || address.rfind("unix:", 0) == 0;
}

// TLS is not built yet: a plaintext listener off loopback needs the
// operator's explicit consent, and is logged.
Status CheckPlaintext(const Config& config, const std::string& address, const char* what) {
  if (config.tls() || IsLoopback(address)) return Status::Ok();
  if (!config.allow_plaintext) {
    return Status(v1::INVALID_ARGUMENT,
                  std::string(what) + " " + address +
                      " is not on loopback: configure [tls] (cert_file, key_file, ca_file), or "
                      "set cluster.allow_plaintext = true only on a network you trust");
  }
  spdlog::warn("event=plaintext_listener what={} address={}", what, address);
  return Status::Ok();
}

}  // namespace

Node::~Node() { Stop(); }

Status Node::StartPeers(const KeyFile& node_key) {
  if (config_.peers.empty()) return Status::Ok();
  LINCAO_RETURN_IF_ERROR(CheckPlaintext(config_, config_.peer_listen, "cluster.listen"));
  auto dial_creds = PeerChannelCredentials(config_);
  if (!dial_creds.ok()) return dial_creds.status();
  auto listen_creds = ListenerCredentials(config_, /*peer_listener=*/true);
  if (!listen_creds.ok()) return listen_creds.status();
  peers_ = std::make_unique<PeerNetwork>(config_, members_, node_key_, *dial_creds,
                                         *FindSuite(ledger_->params().suite),
                                         ledger_->params().chain_id, *committer_);
  committer_->SetTransport(peers_.get());
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.peer_listen, *listen_creds, &peer_port_);
  builder.RegisterService(peers_.get());
  builder.SetMaxReceiveMessageSize(static_cast<int>(2 * kMaxPeerFrameBytes));
  builder.SetMaxSendMessageSize(static_cast<int>(2 * kMaxPeerFrameBytes));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  peer_server_ = builder.BuildAndStart();
  if (!peer_server_ || peer_port_ == 0) {
    return Status(v1::NOT_READY, "cannot listen for peers on " + config_.peer_listen +
                                     " (address in use or not valid?)");
  }
  if (!config_.peer_port_file.empty()) {
    LINCAO_RETURN_IF_ERROR(WritePortFile(config_.peer_port_file, peer_port_));
  }
  peers_->Start();
  (void)node_key;
  return Status::Ok();
}

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

  LedgerMemory memory;
  memory.block_cache_bytes = size_t{config_.block_cache_mb} << 20;
  memory.write_buffer_bytes = size_t{config_.write_buffer_mb} << 20;
  auto ledger = LedgerStore::Open(config_.data_dir / "ledger", memory);
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

  // The key must be the one genesis records for this node: a process with
  // another key could not prove membership to its peers anyway.
  const Member* me = members_.ByNodeId(config_.node_id);
  if (me == nullptr) {
    return Status(v1::INVALID_ARGUMENT,
                  "node '" + config_.node_id + "' is not a node of this chain's genesis");
  }
  if (me->record.public_key != node_key->public_key || me->record.suite != node_key->suite) {
    return Status(v1::INVALID_ARGUMENT, "node key " + config_.node_key.string() +
                                            " is not the key genesis records for '" +
                                            config_.node_id + "'");
  }
  node_key_ = *node_key;
  committer_ = std::make_unique<Committer>(config_, *ledger_, *log_, *node_key, members_);
  LINCAO_RETURN_IF_ERROR(committer_->Recover());
  LINCAO_RETURN_IF_ERROR(StartPeers(*node_key));
  committer_->Start();

  service_ = std::make_unique<RegistryService>(config_, *ledger_, *committer_);
  grpc::ServerBuilder builder;
  LINCAO_RETURN_IF_ERROR(CheckPlaintext(config_, config_.grpc_listen, "grpc.listen"));
  auto client_creds = ListenerCredentials(config_, /*peer_listener=*/false);
  if (!client_creds.ok()) return client_creds.status();
  builder.AddListeningPort(config_.grpc_listen, *client_creds, &grpc_port_);
  builder.RegisterService(service_.get());
  // Auditors read the whole ledger on the same listener (node/audit_auth.h
  // decides who may).
  audit_ = std::make_unique<AuditService>(config_, *ledger_);
  builder.RegisterService(audit_.get());
  if (config_.audit_public) spdlog::info("event=audit_public");
  // Server reflection: grpcurl and other generic clients list and call every
  // service without our .proto files (docs/interfaces.md). Read-only, it
  // tells nothing the published protos do not.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<ErrorCodeInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // Well above max_tx_bytes, so that an oversized transaction reaches
  // Submit and is refused with TX_TOO_LARGE and a lincao code; only requests
  // beyond this transport bound are cut by gRPC itself (RESOURCE_EXHAUSTED).
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::max<uint32_t>(kMaxGrpcRequestBytes, 2 * config_.max_tx_bytes)));
  builder.SetMaxSendMessageSize(64 * 1024 * 1024);
  // gRPC's sync server ends a handler thread that finds more than MAX_POLLERS
  // threads waiting for work, and starts one when fewer than MIN_POLLERS are.
  // Submit calls hold their thread until commit, so at the default of 2 a
  // block that settles 64 waiting calls ended about 62 threads, and the next
  // 64 calls started them again: thread churn was a large part of the CPU a
  // call cost. Up to max_waiting_submits threads now stay for the next call.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              static_cast<int>(config_.max_waiting_submits));
  server_ = builder.BuildAndStart();
  if (!server_ || grpc_port_ == 0) {
    return Status(v1::NOT_READY,
                  "cannot listen on " + config_.grpc_listen + " (address in use or not valid?)");
  }
  if (!config_.port_file.empty())
    LINCAO_RETURN_IF_ERROR(WritePortFile(config_.port_file, grpc_port_));
  ChainHead head = ledger_->head();
  spdlog::info(
      "event=serving node_id={} chain_id={} grpc_port={} peer_port={} members={} height={} "
      "data_dir={}",
      config_.node_id, ledger_->params().chain_id, grpc_port_, peer_port_, members_.all().size(),
      head.height, Quoted(config_.data_dir.string()));
  return Status::Ok();
}

void Node::Stop() {
  // Following block streams end first, naming where to resume, so the
  // server's shutdown does not wait for them.
  if (audit_) audit_->Stop();
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    server_.reset();
  }
  if (peers_) peers_->Stop();  // cancels the peer streams, so the server can stop
  if (peer_server_) {
    peer_server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    peer_server_.reset();
  }
  if (committer_) {
    committer_->Stop();
    committer_.reset();
  }
  peers_.reset();
  audit_.reset();
  if (ledger_ || log_) {
    ledger_.reset();
    log_.reset();
    spdlog::info("event=stopped");
  }
}

}  // namespace lincao::node
