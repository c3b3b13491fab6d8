// Building, signing and submitting one transaction, and reporting its fate.
// Shared by `account open` and `tx issue|transfer|retire`: they fill the
// body, this adds chain id, nonce, expiry and acting account (docs/
// interfaces.md, "Transactions from the CLI"), signs once with the key file
// and submits, waiting for the commit unless told not to.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

inline constexpr uint64_t kDefaultTtlMs = 10 * 60 * 1000;

struct TxOptions {
  NodeOptions node;
  std::string key_file;
  uint64_t ttl_ms = kDefaultTtlMs;
  std::string chain_id;  // empty: the node's
  bool no_wait = false;
};

// Adds --key and the node, expiry, chain and waiting options to `cmd`.
void AddTxOptions(CLI::App* cmd, TxOptions* opts);

// `tx` has its body set. Prints the outcome (one JSON object with --json)
// and returns the exit code: 0 committed (or admitted, with --no-wait),
// 1 rejected or failed, 2 for a key file that cannot sign transactions.
int SubmitTx(const TxOptions& opts, v1::Tx tx, const Io& io);

}  // namespace lincao::cli
