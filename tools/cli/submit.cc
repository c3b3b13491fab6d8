#include "tools/cli/submit.h"

#include <sodium.h>

#include <optional>

#include "chaincode/limits.h"
#include "chaincode/tx.h"
#include "lincao/v1/registry.pb.h"
#include "tools/cli/json_out.h"
#include "tools/cli/keys_cmd.h"

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

const char* CreatedKey(const v1::Tx& tx) {
  if (tx.has_issue_batch()) return "batch_id";
  if (tx.has_retire()) return "retirement_id";
  return nullptr;
}

void Print(const Outcome& o, const v1::Tx& tx, bool json, const Io& io) {
  const std::string state =
      v1::TxState_IsValid(o.state) ? v1::TxState_Name(o.state) : std::to_string(o.state);
  if (json) {
    Json j{{"tx_id", o.tx_id_hex},  {"state", state},
           {"height", o.height},    {"code", ErrorCodeName(static_cast<ErrorCode>(o.code))},
           {"code_number", o.code}, {"message", PlainMessage(o.message, o.code)}};
    if (o.created_id) j[CreatedKey(tx)] = *o.created_id;
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
  if (o.created_id) {
    io.out << (tx.has_issue_batch() ? "batch       " : "retirement  ") << *o.created_id << "\n";
  }
  if (o.state == v1::PENDING) {
    io.out << "not waiting for the commit; follow it with: lincao query tx " << o.tx_id_hex << "\n";
  }
}

}  // namespace

void AddTxOptions(CLI::App* cmd, TxOptions* opts) {
  cmd->add_option("--key", opts->key_file, "key file of the acting account (it signs the tx)")
      ->required();
  AddNodeOptions(cmd, &opts->node);
  cmd->add_option("--ttl-ms", opts->ttl_ms,
                  "the tx expires this long after the node's current chain time")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, kMaxTxHorizonMs));
  cmd->add_option("--chain-id", opts->chain_id, "chain id to sign for (default: the node's)");
  cmd->add_flag("--no-wait", opts->no_wait,
                "return once the node admitted the tx, without waiting for its block");
}

int SubmitTx(const TxOptions& opts, v1::Tx tx, const Io& io) {
  auto key = LoadKeyFile(opts.key_file);
  if (!key.ok()) return Fail(io, key.status().message());
  if (key->kind != "account") {
    return UsageError(io, opts.key_file + " is a " + key->kind +
                              " key; transactions are signed with an account key");
  }

  NodeClient client(opts.node.node, opts.node.timeout_ms, opts.node.tls_ca);
  v1::NodeStatus status;
  if (auto err = client.GetStatus(&status)) return ReportRpcError(io, *err);

  tx.set_chain_id(opts.chain_id.empty() ? status.chain_id() : opts.chain_id);
  std::string nonce(kNonceBytes, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  tx.set_nonce(nonce);
  tx.set_expiry_ms(status.next_time_ms() + opts.ttl_ms);
  tx.set_account(key->owner);

  auto signed_tx = SignTx(tx, {key->ToSigningKey()});
  if (!signed_tx.ok()) return Fail(io, signed_tx.status().ToString());
  const SignatureSuite* suite = FindSuite(key->suite);
  if (suite == nullptr) return Fail(io, "the key file's suite is not available in this build");
  const Hash32 id = ComputeTxId(*suite, signed_tx->tx());

  v1::SubmitRequest req;
  *req.mutable_tx() = *signed_tx;
  req.set_wait_for_commit(!opts.no_wait);
  req.set_wait_timeout_ms(opts.node.timeout_ms);
  v1::SubmitResponse resp;
  Outcome o;
  o.tx_id_hex = ToHex(id);
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
