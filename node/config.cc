#include "node/config.h"

#include <toml++/toml.h>

#include "chaincode/limits.h"

namespace lincao::node {
namespace {

Status Bad(const std::filesystem::path& file, const std::string& what) {
  return Status(v1::INVALID_ARGUMENT, "config " + file.string() + ": " + what);
}

template <typename T>
Status ReadInt(const toml::table& t, const std::filesystem::path& file, std::string_view path,
               T* out) {
  toml::node_view<const toml::node> v = t.at_path(path);
  if (!v) return Status::Ok();
  auto i = v.value<int64_t>();
  if (!i || *i < 0 || static_cast<uint64_t>(*i) > std::numeric_limits<T>::max()) {
    return Bad(file, std::string(path) + " must be a non-negative integer");
  }
  *out = static_cast<T>(*i);
  return Status::Ok();
}

Status ReadString(const toml::table& t, const std::filesystem::path& file, std::string_view path,
                  std::string* out) {
  toml::node_view<const toml::node> v = t.at_path(path);
  if (!v) return Status::Ok();
  auto s = v.value<std::string>();
  if (!s) return Bad(file, std::string(path) + " must be a string");
  *out = *s;
  return Status::Ok();
}

Status ReadBool(const toml::table& t, const std::filesystem::path& file, std::string_view path,
                bool* out) {
  toml::node_view<const toml::node> v = t.at_path(path);
  if (!v) return Status::Ok();
  auto b = v.value<bool>();
  if (!b || !v.is_boolean()) return Bad(file, std::string(path) + " must be true or false");
  *out = *b;
  return Status::Ok();
}

Status ReadPath(const toml::table& t, const std::filesystem::path& file, std::string_view path,
                std::filesystem::path* out) {
  std::string s;
  bool present = static_cast<bool>(t.at_path(path));
  LINCAO_RETURN_IF_ERROR(ReadString(t, file, path, &s));
  if (!present) return Status::Ok();
  if (s.empty()) {
    *out = std::filesystem::path();
    return Status::Ok();
  }
  std::filesystem::path p(s);
  *out = (p.is_absolute() ? p : file.parent_path() / p).lexically_normal();
  return Status::Ok();
}

}  // namespace

Result<Config> LoadConfig(const std::filesystem::path& path) {
  toml::table t;
  try {
    t = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return Bad(path,
               std::string(e.description()) + " at line " + std::to_string(e.source().begin.line));
  }
  Config c;
  std::filesystem::path dir = path.parent_path();
  c.data_dir = (dir / c.data_dir).lexically_normal();
  c.genesis = (dir / c.genesis).lexically_normal();
  c.node_key = (dir / c.node_key).lexically_normal();
  LINCAO_RETURN_IF_ERROR(ReadString(t, path, "node.id", &c.node_id));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "node.data_dir", &c.data_dir));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "node.genesis", &c.genesis));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "node.node_key", &c.node_key));
  LINCAO_RETURN_IF_ERROR(ReadString(t, path, "grpc.listen", &c.grpc_listen));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "grpc.port_file", &c.port_file));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.max_tx_bytes", &c.max_tx_bytes));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.max_pending_txs", &c.max_pending_txs));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.batch_max_txs", &c.batch_max_txs));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.batch_max_delay_ms", &c.batch_max_delay_ms));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.batch_max_bytes", &c.batch_max_bytes));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.wait_timeout_ms", &c.wait_timeout_ms));
  LINCAO_RETURN_IF_ERROR(
      ReadBool(t, path, "storage.verify_state_on_start", &c.verify_state_on_start));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "storage.block_cache_mb", &c.block_cache_mb));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "storage.write_buffer_mb", &c.write_buffer_mb));
  LINCAO_RETURN_IF_ERROR(ReadString(t, path, "log.level", &c.log_level));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.max_waiting_submits", &c.max_waiting_submits));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.max_submit_batch", &c.max_submit_batch));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "limits.verify_threads", &c.verify_threads));
  LINCAO_RETURN_IF_ERROR(
      ReadInt(t, path, "limits.signature_cache_entries", &c.signature_cache_entries));
  LINCAO_RETURN_IF_ERROR(ReadBool(t, path, "audit.public", &c.audit_public));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "tls.cert_file", &c.tls_cert_file));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "tls.key_file", &c.tls_key_file));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "tls.ca_file", &c.tls_ca_file));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "tls.client_ca_file", &c.tls_client_ca_file));
  LINCAO_RETURN_IF_ERROR(ReadString(t, path, "cluster.listen", &c.peer_listen));
  LINCAO_RETURN_IF_ERROR(ReadPath(t, path, "cluster.port_file", &c.peer_port_file));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "cluster.tick_ms", &c.tick_ms));
  LINCAO_RETURN_IF_ERROR(ReadInt(t, path, "cluster.election_ticks", &c.election_ticks));
  LINCAO_RETURN_IF_ERROR(ReadBool(t, path, "cluster.allow_plaintext", &c.allow_plaintext));
  if (auto peers = t.at_path("cluster.peers")) {
    const toml::array* arr = peers.as_array();
    if (arr == nullptr) return Bad(path, "cluster.peers must be an array of tables");
    for (const toml::node& n : *arr) {
      const toml::table* pt = n.as_table();
      if (pt == nullptr) return Bad(path, "cluster.peers must be an array of tables");
      PeerConfig peer;
      LINCAO_RETURN_IF_ERROR(ReadString(*pt, path, "id", &peer.node_id));
      LINCAO_RETURN_IF_ERROR(ReadString(*pt, path, "peer", &peer.peer_address));
      LINCAO_RETURN_IF_ERROR(ReadString(*pt, path, "grpc", &peer.grpc_address));
      if (peer.node_id.empty() || peer.peer_address.empty()) {
        return Bad(path, "every cluster.peers entry needs id and peer (host:port)");
      }
      c.peers.push_back(std::move(peer));
    }
  }
  LINCAO_RETURN_IF_ERROR(ValidateConfig(c));
  return c;
}

Status ValidateConfig(const Config& c) {
  auto bad = [](const std::string& what) {
    return Status(v1::INVALID_ARGUMENT, "config: " + what);
  };
  if (c.node_id.empty()) return bad("node.id is required");
  if (c.max_tx_bytes < 256 || c.max_tx_bytes > kMaxTxBytes) {
    return bad("limits.max_tx_bytes must be 256.." + std::to_string(kMaxTxBytes));
  }
  if (c.batch_max_txs < 1 || c.batch_max_txs > kMaxBatchTxs) {
    return bad("limits.batch_max_txs must be 1.." + std::to_string(kMaxBatchTxs));
  }
  if (c.max_pending_txs < c.batch_max_txs) {
    return bad("limits.max_pending_txs must be at least limits.batch_max_txs");
  }
  if (c.batch_max_delay_ms > 1000) return bad("limits.batch_max_delay_ms must be <= 1000");
  if (c.batch_max_bytes < c.max_tx_bytes || c.batch_max_bytes > kMaxBatchBytes) {
    return bad("limits.batch_max_bytes must be limits.max_tx_bytes.." +
               std::to_string(kMaxBatchBytes) + " (one transaction must fit a batch)");
  }
  if (c.wait_timeout_ms < 1 || c.wait_timeout_ms > 600000) {
    return bad("limits.wait_timeout_ms must be 1..600000");
  }
  if (c.tick_ms < 1 || c.tick_ms > 10000) return bad("cluster.tick_ms must be 1..10000");
  if (c.election_ticks < 2 || c.election_ticks > 10000) {
    return bad("cluster.election_ticks must be 2..10000");
  }
  if (!c.peers.empty() && c.peer_listen.empty()) {
    return bad("cluster.listen is required when cluster.peers lists other members");
  }
  for (const PeerConfig& p : c.peers) {
    if (p.node_id == c.node_id) return bad("cluster.peers must not list this node itself");
  }
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    return bad("tls.cert_file and tls.key_file go together");
  }
  if (!c.tls() && (!c.tls_ca_file.empty() || !c.tls_client_ca_file.empty())) {
    return bad("tls.ca_file and tls.client_ca_file need tls.cert_file and tls.key_file");
  }
  if (c.tls() && !c.peers.empty() && c.tls_ca_file.empty()) {
    return bad("tls.ca_file is required to check the other members' certificates");
  }
  if (c.max_waiting_submits < 1 || c.max_waiting_submits > 100000) {
    return bad("limits.max_waiting_submits must be 1..100000");
  }
  if (c.max_submit_batch < 1 || c.max_submit_batch > kMaxSubmitBatchLimit) {
    return bad("limits.max_submit_batch must be 1.." + std::to_string(kMaxSubmitBatchLimit));
  }
  if (c.max_submit_batch > c.max_pending_txs) {
    return bad("limits.max_submit_batch must be at most limits.max_pending_txs");
  }
  if (c.verify_threads > 64) return bad("limits.verify_threads must be 0 (one per core)..64");
  if (c.signature_cache_entries > 10000000) {
    return bad("limits.signature_cache_entries must be 0..10000000");
  }
  if (c.block_cache_mb < 1 || c.block_cache_mb > 65536) {
    return bad("storage.block_cache_mb must be 1..65536");
  }
  if (c.write_buffer_mb < 4 || c.write_buffer_mb > 65536) {
    return bad("storage.write_buffer_mb must be 4..65536");
  }
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok = level_ok || c.log_level == l;
  if (!level_ok) return bad("log.level must be one of trace, debug, info, warn, error");
  return Status::Ok();
}

}  // namespace lincao::node
