// A throwaway single-node chain on disk for node tests: a temp data dir with
// a genesis file (registrar + node-1, fresh keys), a node key file and a
// Config pointing at them; plus helpers to sign transactions for it.
#pragma once

#include <filesystem>
#include <string>

#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "chaincode/tx.h"
#include "node/config.h"

namespace lincao::node::testing {

class TempChain {
 public:
  TempChain();
  ~TempChain();

  const std::filesystem::path& dir() const { return dir_; }
  const Config& config() const { return config_; }
  Config& mutable_config() { return config_; }
  const KeyFile& registrar() const { return registrar_; }
  const KeyFile& node_key() const { return node_key_; }
  const GenesisSpec& spec() const { return spec_; }

  // A Tx for this chain, acting as `key.owner`, expiring `ttl_ms` after `now_ms`.
  v1::Tx NewTx(const KeyFile& key, uint64_t now_ms, uint64_t ttl_ms = 600000);
  v1::SignedTx Sign(const v1::Tx& tx, const KeyFile& key) const;
  // A fresh account key (not yet on chain).
  KeyFile NewAccountKey(const std::string& owner) const;

  // Signed transactions of the kinds node tests submit: the registrar opens
  // `key.owner`'s account with one role, issues `quantity` units to `to`
  // (chaincode version 1's issue_batch), and `from` transfers to `to`.
  v1::SignedTx OpenAccountTx(const KeyFile& key, v1::Role role, uint64_t now_ms);
  v1::SignedTx IssueTx(const std::string& to, uint64_t quantity, uint64_t now_ms);
  v1::SignedTx TransferTx(const KeyFile& from, const std::string& to, uint64_t quantity,
                          uint64_t now_ms);

 private:
  std::filesystem::path dir_;
  Config config_;
  KeyFile registrar_;
  KeyFile node_key_;
  GenesisSpec spec_;
  uint64_t nonce_ = 0;
};

}  // namespace lincao::node::testing
