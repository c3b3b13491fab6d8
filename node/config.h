// lincaod's configuration, read from a TOML file (docs/interfaces.md shows
// every key with its default). Relative paths are resolved against the
// folder holding the config file, so a data directory can be moved whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "chaincode/status.h"

namespace lincao::node {

// Another member of the cluster, as this node reaches it.
struct PeerConfig {
  std::string node_id;       // as in genesis
  std::string peer_address;  // its Peer listener (host:port)
  std::string grpc_address;  // its Registry listener, named to clients in NOT_LEADER
};

// The most limits.max_submit_batch may be set to: a request of that many
// typical transfers (~300 bytes) stays well inside the gRPC request bound.
inline constexpr uint32_t kMaxSubmitBatchLimit = 10000;

struct Config {
  std::string node_id = "node-1";
  std::filesystem::path data_dir = ".";
  std::filesystem::path genesis = "genesis.json";
  std::filesystem::path node_key = "keys/node-1.key";

  std::string grpc_listen = "127.0.0.1:7050";
  std::filesystem::path port_file;  // empty: none

  uint32_t max_tx_bytes = 64 * 1024;
  uint32_t max_pending_txs = 10000;
  uint32_t batch_max_txs = 500;
  uint32_t batch_max_delay_ms = 5;
  // Bytes of transactions in one proposed batch (at most the chain-wide
  // kMaxBatchBytes, which apply enforces whatever the proposer sent).
  uint32_t batch_max_bytes = 3 * 1024 * 1024;
  uint32_t wait_timeout_ms = 10000;

  // Recompute the state commitment from the state column family on start and
  // refuse to serve if it differs from the head block's state_root.
  bool verify_state_on_start = false;
  // [storage] memory of the ledger database (node/ledger_store.h,
  // LedgerMemory): the shared block cache and the memtable budget, MiB.
  uint32_t block_cache_mb = 32;
  uint32_t write_buffer_mb = 64;

  std::string log_level = "info";

  // [cluster]: empty peers = a one-member cluster (no peer listener).
  std::string peer_listen;               // this node's Peer listener, e.g. 127.0.0.1:7150
  std::filesystem::path peer_port_file;  // when set, the bound peer port is written here
  std::vector<PeerConfig> peers;         // the other members
  uint32_t tick_ms = 50;                 // Raft tick
  uint32_t election_ticks = 10;          // election timeout in ticks (drawn from [n, 2n))
  // Plaintext peer or client listeners off loopback are refused unless this
  // is set (TLS is not built yet: see docs/operations.md).
  bool allow_plaintext = false;

  // [tls]: when cert_file and key_file are set, every listener serves TLS
  // with them, and peer streams are dialled with TLS, checking the peer's
  // certificate against ca_file. With client_ca_file the Peer listener also
  // requires and verifies a client certificate (mutual TLS between members).
  std::filesystem::path tls_cert_file;
  std::filesystem::path tls_key_file;
  std::filesystem::path tls_ca_file;
  std::filesystem::path tls_client_ca_file;
  bool tls() const { return !tls_cert_file.empty(); }

  // Submit and SubmitBatch calls waiting for their commit at once (a
  // waiting call holds one gRPC thread, whatever it carries); beyond it,
  // OVERLOADED.
  uint32_t max_waiting_submits = 256;
  // Transactions in one SubmitBatch request; a larger request is refused
  // whole (SUBMIT_BATCH_TOO_LARGE).
  uint32_t max_submit_batch = 1000;
  // Threads that verify a committed batch's signatures before it is applied
  // (0: one per core, std::thread::hardware_concurrency). 1..64 otherwise.
  uint32_t verify_threads = 0;
  // Signatures remembered as verified (chaincode/verified_signatures.h), so
  // apply does not verify again what admission or the verify threads did.
  // About 100 bytes each; 0 turns the cache off.
  uint32_t signature_cache_entries = 65536;

  // [audit] public: anyone may call the Audit service, not only AUDITOR
  // accounts signing their calls (node/audit_auth.h).
  bool audit_public = false;
};

// Parses `path`; every error names the file, the key and what is expected.
Result<Config> LoadConfig(const std::filesystem::path& path);

// Checks bounds (batch sizes, tx size against the chaincode ceiling, ...).
Status ValidateConfig(const Config& config);

}  // namespace lincao::node
