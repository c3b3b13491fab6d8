#include "tools/cli/submit.h"

#include <sodium.h>

#include <algorithm>
#include <optional>

#include "chaincode/governance_records.h"
#include "chaincode/limits.h"
#include "chaincode/tx.h"
#include "lincao/v1/registry.pb.h"
#include "tools/cli/format.h"
#include "tools/cli/json_out.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/tx_file.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

// What became of a submitted transaction.
struct Outcome {
  std::string tx_id_hex;
  v1::TxState state = v1::TX_STATE_UNSPECIFIED;
  uint64_t height = 0;
  int code = v1::OK;
  std::string message;
  std::optional<uint64_t> created_id;  // batch or retirement id, when found
};

// The node's message without the "[E402 INSUFFICIENT_UNITS] " it starts
// with: JSON carries the code in its own fields.
std::string PlainMessage(const std::string& message, int code) {
  const std::string prefix =
      Status(static_cast<ErrorCode>(code), "").ToString();  // "[E402 INSUFFICIENT_UNITS] "
  if (code != v1::OK && message.starts_with(prefix)) return message.substr(prefix.size());
  return message;
}

// What the record a transaction creates is called (SubmitResponse.created_id):
// the JSON key and the label of the human output. Nothing for bodies that
// create no numbered record.
struct CreatedName {
  const char* json_key;
  const char* label;
};
std::optional<CreatedName> CreatedOf(const v1::Tx& tx) {
  switch (tx.body_case()) {
    case v1::Tx::kIssueBatch:
    case v1::Tx::kIssueCredits:
      return CreatedName{"batch_id", "batch"};
    case v1::Tx::kRetire:
      return CreatedName{"retirement_id", "retirement"};
    case v1::Tx::kPledgeUnits:
    case v1::Tx::kFreezeUnits:
      return CreatedName{"hold_id", "hold"};
    case v1::Tx::kCancelUnits:
      return CreatedName{"cancellation_id", "cancellation"};
    case v1::Tx::kReportLoss:
      return CreatedName{"loss_id", "loss"};
    case v1::Tx::kSubmitReport:  // the project's report number (chaincode version 4)
      return CreatedName{"report", "report"};
    case v1::Tx::kDeclareClaim:
      return CreatedName{"claim_id", "claim"};
    case v1::Tx::kRecordBehaviour:
      return CreatedName{"movement", "movement"};
    case v1::Tx::kRedeemPoints:
      return tx.redeem_points().has_retirement() ? CreatedName{"retirement_id", "retirement"}
                                                 : CreatedName{"movement", "movement"};
    default:
      return std::nullopt;
  }
}

void Print(const Outcome& o, const v1::Tx& tx, bool json, const Io& io) {
  const std::string state =
      v1::TxState_IsValid(o.state) ? v1::TxState_Name(o.state) : std::to_string(o.state);
  if (json) {
    Json j{{"tx_id", o.tx_id_hex},  {"state", state},
           {"height", o.height},    {"code", ErrorCodeName(static_cast<ErrorCode>(o.code))},
           {"code_number", o.code}, {"message", PlainMessage(o.message, o.code)}};
    auto created = CreatedOf(tx);
    if (o.created_id && created) j[created->json_key] = *o.created_id;
    io.out << JsonLine(j);
    return;
  }
  io.out << "tx          " << o.tx_id_hex << "\n"
         << "state       " << state << "\n";
  if (o.state == v1::COMMITTED || o.state == v1::REJECTED) {
    io.out << "height      " << o.height << "\n";
  }
  if (o.code != v1::OK) {
    io.out << "code        " << ErrorCodeName(static_cast<ErrorCode>(o.code)) << "\n";
  }
  if (auto created = CreatedOf(tx); o.created_id && created) {
    std::string label = created->label;
    label.resize(12, ' ');
    io.out << label << *o.created_id << "\n";
  }
  if (o.state == v1::PENDING) {
    io.out << "not waiting for the commit; follow it with: lincao query tx " << o.tx_id_hex << "\n";
  }
}

}  // namespace

void AddTxOptions(CLI::App* cmd, TxOptions* opts) {
  cmd->add_option("--key", opts->key_file,
                  "key file of the acting account: it signs the tx (with --out it only names "
                  "the account; nothing is signed)");
  CLI::Option* out = cmd->add_option(
      "--out", opts->out,
      "write the unsigned tx to this file instead of submitting it; then `lincao sign FILE "
      "--key KEYFILE` by each signer and `lincao submit FILE`");
  CLI::Option* account =
      cmd->add_option("--account", opts->account,
                      "acting account of an --out file, when you do not hold its key")
          ->needs(out);
  cmd->add_option("--for", opts->for_account,
                  "act for this custodial personal account: it is the acting account, and "
                  "--key is the key of its custodian (the service platform), which signs in "
                  "its name")
      ->excludes(account);
  cmd->add_option("--cosigner", opts->cosigners,
                  "another account that must sign too (repeatable; sorted for you): for "
                  "governance, the other governing bodies that approve");
  AddNodeOptions(cmd, &opts->node);
  CLI::Option* expires = cmd->add_option(
      "--expires", opts->expires,
      "expiry as unix ms or a UTC date like 2026-03-01T12:00:00Z, instead of --ttl-ms; with "
      "--out and --chain-id no node is asked at all");
  cmd->add_option_function<uint64_t>(
         "--ttl-ms", [opts](const uint64_t& v) { opts->ttl_ms = v; },
         "the tx expires this long after the node's current chain time (default " +
             std::to_string(kDefaultTtlMs) +
             "; with --out the longest the chain allows, max_tx_horizon_ms)")
      ->check(CLI::Range(uint64_t{1}, kMaxTxHorizonMs))
      ->excludes(expires);
  cmd->add_option("--chain-id", opts->chain_id, "chain id to sign for (default: the node's)");
  cmd->add_flag("--no-wait", opts->no_wait,
                "return once the node admitted the tx, without waiting for its block");
}

Result<std::vector<std::string>> CanonicalCosigners(std::vector<std::string> cosigners,
                                                    const std::string& account) {
  std::sort(cosigners.begin(), cosigners.end());
  cosigners.erase(std::unique(cosigners.begin(), cosigners.end()), cosigners.end());
  for (const auto& c : cosigners) {
    if (c == account) {
      return Status(v1::INVALID_ARGUMENT, "cosigner " + c +
                                              " is the acting account; it signs anyway: name "
                                              "only the other accounts with --cosigner");
    }
  }
  if (cosigners.size() > kMaxCosigners) {
    return Status(v1::INVALID_ARGUMENT,
                  "at most " + std::to_string(kMaxCosigners) + " --cosigner accounts");
  }
  return cosigners;
}

namespace {

int WriteUnsigned(const TxOptions& opts, const v1::Tx& tx, v1::Suite suite, const Io& io) {
  auto file = NewTxFile(tx, suite);
  if (!file.ok()) return Fail(io, file.status().ToString());
  Status st = SaveTxFile(opts.out, *file, /*overwrite=*/false);
  if (!st.ok()) return Fail(io, st.message());
  const std::string id = ToHex(file->TxId());
  const std::vector<std::string> named = file->NamedAccounts();
  if (opts.node.json) {
    Json j{{"file", opts.out},
           {"tx_id", id},
           {"account", tx.account()},
           {"cosigners", Json::array()},
           {"expiry_ms", tx.expiry_ms()},
           {"signatures", 0}};
    for (const auto& c : tx.cosigners()) j["cosigners"].push_back(c);
    io.out << JsonLine(j);
    return kExitOk;
  }
  std::string signers;
  for (const auto& n : named) signers += (signers.empty() ? "" : ", ") + n;
  io.out << "wrote       " << opts.out << " (unsigned)\n"
         << "tx          " << id << "\n"
         << "signers     " << signers << "\n"
         << "expires     " << FormatTimeMs(tx.expiry_ms())
         << " (unsigned or short of signatures by then, it changes nothing)\n"
         << "next        lincao inspect " << opts.out << "\n"
         << "            lincao sign " << opts.out << " --key KEYFILE   (once per signing key)\n"
         << "            lincao submit " << opts.out << "\n";
  return kExitOk;
}

}  // namespace

Result<std::string> ActingAccount(const TxOptions& opts) {
  if (!opts.for_account.empty()) return opts.for_account;
  if (!opts.account.empty()) return opts.account;
  if (opts.key_file.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "name the acting account: --key KEYFILE, --for ACCOUNT or (with --out) "
                  "--account ID");
  }
  auto key = LoadKeyFile(opts.key_file);
  if (!key.ok()) return key.status();
  return key->owner;
}

namespace {

// With --for: the node must know ACCOUNT as custodial under the key's owner;
// saying so here beats the chain's UNKNOWN_KEY or BAD_SIGNATURE.
std::optional<std::string> CheckCustody(NodeClient& client, const std::string& account,
                                        const std::string& key_owner) {
  v1::GetAccountRequest req;
  req.set_id(account);
  v1::Account acct;
  if (auto err = client.GetAccount(req, &acct)) return "--for " + account + ": " + err->message;
  if (acct.custodian().empty()) {
    return "--for " + account + ": the account is not custodial; it signs with its own keys";
  }
  if (acct.custodian() != key_owner) {
    return "--for " + account + ": its custodian is '" + acct.custodian() + "', but --key is a " +
           "key of '" + key_owner + "'";
  }
  return std::nullopt;
}

}  // namespace

int SubmitTx(const TxOptions& opts, v1::Tx tx, const Io& io) {
  std::optional<KeyFile> key;
  if (!opts.key_file.empty()) {
    auto loaded = LoadKeyFile(opts.key_file);
    if (!loaded.ok()) return Fail(io, loaded.status().message());
    if (loaded->kind != "account") {
      return UsageError(io, opts.key_file + " is a " + loaded->kind +
                                " key; transactions are signed with an account key");
    }
    key = *loaded;
  }
  std::string account = opts.account;
  if (!opts.for_account.empty()) {
    if (!key && opts.out.empty()) {
      return UsageError(io, "--for " + opts.for_account +
                                " needs --key KEYFILE: a key of the account's custodian");
    }
    account = opts.for_account;
  } else if (opts.out.empty()) {
    if (!key) return UsageError(io, "give --key KEYFILE (the acting account's key), or --out FILE");
    account = key->owner;
  } else if (account.empty()) {
    if (!key) return UsageError(io, "with --out, name the acting account: --account ID or --key");
    account = key->owner;
  } else if (key && key->owner != account) {
    return UsageError(
        io, opts.key_file + " is a key of '" + key->owner + "', not of --account " + account);
  }
  // Bodies that name who must co-sign (a pledge: its pledgee) have put them
  // in tx.cosigners already; --cosigner adds the others.
  std::vector<std::string> named = opts.cosigners;
  named.insert(named.end(), tx.cosigners().begin(), tx.cosigners().end());
  tx.clear_cosigners();
  auto cosigners = CanonicalCosigners(std::move(named), account);
  if (!cosigners.ok()) return UsageError(io, cosigners.status().message());

  std::optional<uint64_t> expiry;
  if (!opts.expires.empty()) {
    auto t = ParseTimeMs(opts.expires, "--expires");
    if (!t.ok()) return UsageError(io, t.status().message());
    expiry = *t;
  }
  // An --out file with its chain and expiry given is written without a node
  // (for signers away from the network); everything else asks the node.
  v1::NodeStatus status;
  status.set_suite(v1::SUITE_ED25519_BLAKE2B);
  if (opts.out.empty() || opts.chain_id.empty() || !expiry) {
    NodeClient client(opts.node.node, opts.node.timeout_ms, opts.node.tls_ca);
    if (auto err = client.GetStatus(&status)) return ReportRpcError(io, *err);
    if (!opts.for_account.empty() && key) {
      if (auto wrong = CheckCustody(client, opts.for_account, key->owner)) {
        return UsageError(io, *wrong);
      }
    }
  }

  tx.set_chain_id(opts.chain_id.empty() ? status.chain_id() : opts.chain_id);
  std::string nonce(kNonceBytes, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  tx.set_nonce(nonce);
  uint64_t ttl = kDefaultTtlMs;
  if (opts.ttl_ms) {
    ttl = *opts.ttl_ms;
  } else if (!opts.out.empty() && status.max_tx_horizon_ms() != 0) {
    ttl = status.max_tx_horizon_ms();
  }
  tx.set_expiry_ms(expiry ? *expiry : status.next_time_ms() + ttl);
  tx.set_account(account);
  for (const auto& c : *cosigners) tx.add_cosigners(c);

  if (!opts.out.empty()) {
    const v1::Suite suite =
        status.suite() == v1::SUITE_UNSPECIFIED ? v1::SUITE_ED25519_BLAKE2B : status.suite();
    return WriteUnsigned(opts, tx, suite, io);
  }

  SigningKey signer = key->ToSigningKey();
  signer.account = account;  // --for: the custodian's key signs in the account's name
  auto signed_tx = SignTx(tx, {signer});
  if (!signed_tx.ok()) return Fail(io, signed_tx.status().ToString());
  const SignatureSuite* suite = FindSuite(key->suite);
  if (suite == nullptr) return Fail(io, "the key file's suite is not available in this build");
  const Hash32 id = ComputeTxId(*suite, signed_tx->tx());
  if (!cosigners->empty()) {
    io.err << "note: the cosigners must sign too; this submission carries only " << key->owner
           << "'s signature (use --out, `lincao sign` and `lincao submit FILE`)\n";
  }
  return SubmitSignedTx(opts.node, opts.no_wait, *signed_tx, tx, ToHex(id), io);
}

int SubmitSignedTx(const NodeOptions& node, bool no_wait, const v1::SignedTx& signed_tx,
                   const v1::Tx& tx, const std::string& tx_id_hex, const Io& io) {
  NodeClient client(node.node, node.timeout_ms, node.tls_ca);
  TxOptions opts;
  opts.node = node;
  opts.no_wait = no_wait;
  v1::SubmitRequest req;
  *req.mutable_tx() = signed_tx;
  req.set_wait_for_commit(!opts.no_wait);
  req.set_wait_timeout_ms(opts.node.timeout_ms);
  v1::SubmitResponse resp;
  Outcome o;
  o.tx_id_hex = tx_id_hex;
  if (auto err = client.Submit(req, &resp)) {
    // Rejected by chaincode in a block: the node names the tx and the block.
    if (!err->tx_id_hex.empty() && err->height) {
      o.tx_id_hex = err->tx_id_hex;
      o.state = v1::REJECTED;
      o.height = *err->height;
      o.code = err->lincao_code.value_or(v1::INTERNAL);
      o.message = err->message;
      Print(o, tx, opts.node.json, io);
    }
    return ReportRpcError(io, *err);
  }
  if (!resp.tx_id().empty()) o.tx_id_hex = ToHex(resp.tx_id());
  o.state = resp.state();
  o.height = resp.height();
  o.code = resp.code();
  o.message = resp.message();
  if (o.state == v1::COMMITTED && resp.created_id() != 0) o.created_id = resp.created_id();
  Print(o, tx, opts.node.json, io);
  if (o.code != v1::OK) {
    return Fail(io, Status(static_cast<ErrorCode>(o.code), o.message).ToString());
  }
  if (o.state == v1::PENDING && !opts.no_wait) {
    return Fail(io, "the tx was admitted but not committed within " +
                        std::to_string(opts.node.timeout_ms) +
                        " ms; it may still commit: lincao query tx " + o.tx_id_hex);
  }
  return kExitOk;
}

}  // namespace lincao::cli
