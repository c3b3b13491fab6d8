// Building, signing and submitting one transaction, and reporting its fate.
// Shared by every transaction command: it fills the body, this adds chain
// id, nonce, expiry, acting account and cosigners (docs/interfaces.md,
// "Transactions from the CLI"), then either signs once with the key file and
// submits, waiting for the commit unless told not to, or (with --out) writes
// the unsigned transaction to a file for `lincao sign` and `lincao submit`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

inline constexpr uint64_t kDefaultTtlMs = 10 * 60 * 1000;

struct TxOptions {
  NodeOptions node;
  std::string key_file;
  std::string account;  // --account: the acting account of an --out file
  // --for: a custodial personal account acting; --key is its custodian's key,
  // and the signature is made in the personal account's name.
  std::string for_account;
  std::vector<std::string> cosigners;
  std::optional<uint64_t> ttl_ms;  // default: kDefaultTtlMs, or the chain's horizon with --out
  std::string expires;             // --expires: absolute expiry (unix ms or UTC date)
  std::string chain_id;            // empty: the node's
  bool no_wait = false;
  std::string out;  // --out FILE: write the unsigned tx there instead of submitting
};

// Adds --key, --account, --for, --cosigner, --out and the node, expiry,
// chain and waiting options to `cmd`.
void AddTxOptions(CLI::App* cmd, TxOptions* opts);

// The acting account the options name: --for, else --account, else the
// owner of --key (INVALID_ARGUMENT when none is given or the key file does
// not load). Commands whose body names the acting account use it.
Result<std::string> ActingAccount(const TxOptions& opts);

// Cosigners as the chain wants them: ascending, each once, never the
// acting account (INVALID_ARGUMENT).
Result<std::vector<std::string>> CanonicalCosigners(std::vector<std::string> cosigners,
                                                    const std::string& account);

// `tx` has its body set. Prints the outcome (one JSON object with --json)
// and returns the exit code: 0 committed (or admitted, with --no-wait, or
// written, with --out), 1 rejected or failed, 2 for a wrong command line
// (no key, a key file that cannot sign transactions).
int SubmitTx(const TxOptions& opts, v1::Tx tx, const Io& io);

// Submits a signed transaction and reports its fate as SubmitTx does.
int SubmitSignedTx(const NodeOptions& node, bool no_wait, const v1::SignedTx& signed_tx,
                   const v1::Tx& tx, const std::string& tx_id_hex, const Io& io);

}  // namespace lincao::cli
