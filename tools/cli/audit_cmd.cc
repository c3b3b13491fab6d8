#include "tools/cli/audit_cmd.h"

#include <chrono>
#include <fstream>
#include <memory>

#include "chaincode/audit_proofs.h"
#include "tools/cli/audit_client.h"
#include "tools/cli/audit_history_cmd.h"
#include "tools/cli/certificate_check.h"
#include "tools/cli/json_out.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

// How often `audit stream` reports progress on stderr.
constexpr auto kProgressEvery = std::chrono::seconds(2);

struct AuditOptions {
  NodeOptions node;
  std::string key_file;  // empty: unsigned calls (a public ledger)
  std::string text;      // TXID or HEIGHT
  uint64_t from = 1;
  bool follow = false;
  std::string out;
  std::string format = "jsonl";
};

void AddAuditOptions(CLI::App* cmd, AuditOptions* o) {
  AddNodeOptions(cmd, &o->node);
  cmd->add_option("--key", o->key_file,
                  "key file of an AUDITOR account: signs each call (not needed when the node's "
                  "ledger is public)");
}

// The client, after loading --key; a usage error names the file.
std::optional<AuditClient> MakeClient(const AuditOptions& o, const Io& io, int* exit_code) {
  std::optional<KeyFile> key;
  if (!o.key_file.empty()) {
    auto k = LoadKeyFile(o.key_file);
    if (!k.ok()) {
      *exit_code = UsageError(io, k.status().message());
      return std::nullopt;
    }
    key = *k;
  }
  return AuditClient(o.node, std::move(key));
}

// Whether a stream that failed before its first block broke on the way
// (the node stopped, the network dropped, the node is busy): then running
// again from the same height helps. A refusal of the request itself (a height
// beyond the head, missing or wrong credentials) fails the same way again,
// so the CLI must not suggest resuming from it.
bool StreamBroke(const RpcError& err) {
  switch (err.grpc_code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

int RunStream(const AuditOptions& o, const Io& io) {
  if (o.format != "jsonl" && o.format != "delimited") {
    return UsageError(io, "--format must be jsonl or delimited");
  }
  int code = kExitOk;
  auto client = MakeClient(o, io, &code);
  if (!client) return code;
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(io, "cannot write " + o.out + "; check the folder exists");
  }
  std::ostream& sink = o.out.empty() ? io.out : file;

  v1::StreamBlocksRequest req;
  req.set_from_height(o.from);
  req.set_follow(o.follow);
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  uint64_t blocks = 0, next = std::max<uint64_t>(1, o.from);
  auto report = [&](const char* what) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", secs > 0 ? blocks / secs : 0.0);
    io.err << what << ": " << blocks << " blocks, next height " << next << ", " << rate
           << " blocks/s\n";
  };
  auto err = client->StreamBlocks(req, [&](const v1::StreamedBlock& b) {
    if (o.format == "jsonl") {
      sink << JsonLine(ProtoToJson(b));
    } else {
      const std::string bytes = b.SerializeAsString();
      std::string len;
      for (uint64_t n = bytes.size();; n >>= 7) {  // varint length, as protobuf delimits
        if (n < 0x80) {
          len.push_back(static_cast<char>(n));
          break;
        }
        len.push_back(static_cast<char>((n & 0x7f) | 0x80));
      }
      sink << len << bytes;
    }
    sink.flush();  // a following stream is usually ended by Ctrl-C
    ++blocks;
    next = b.block().header().height() + 1;
    if (std::chrono::steady_clock::now() - last_report >= kProgressEvery) {
      last_report = std::chrono::steady_clock::now();
      report("progress");
    }
    return static_cast<bool>(sink);
  });
  if (!sink)
    return Fail(io,
                "writing blocks failed (disk full?); resume with --from " + std::to_string(next));
  if (err) {
    report("stopped");
    if (blocks > 0 || StreamBroke(*err)) {
      err->message += "; resume with `lincao audit stream --from " + std::to_string(next) + "`";
    }
    return ReportRpcError(io, *err);
  }
  report("done");
  return kExitOk;
}

int RunProof(const AuditOptions& o, const Io& io) {
  auto id = ParseHexArg(o.text, "TXID", 32);
  if (!id.ok()) return UsageError(io, id.status().message());
  int code = kExitOk;
  auto client = MakeClient(o, io, &code);
  if (!client) return code;
  v1::GetProofRequest req;
  req.set_tx_id(*id);
  v1::TxProof proof;
  if (auto err = client->GetProof(req, &proof)) return ReportRpcError(io, *err);
  // Suite 1 is the only one implemented (docs/formats.md).
  auto check = CheckTxProof(DefaultSuite(), proof);
  if (!check.ok()) return Fail(io, check.status().ToString());
  NodeClient node(o.node.node, o.node.timeout_ms, o.node.tls_ca);
  auto note = CheckNodeCertificate(node, proof.header(),
                                   proof.has_certificate() ? &proof.certificate() : nullptr);
  if (!note.ok()) return Fail(io, note.status().ToString());
  const std::string summary =
      "verified: tx " + ToHex(check->tx_id) + " is transaction " +
      std::to_string(check->index + 1) + " of " + std::to_string(check->tx_count) + " in block " +
      std::to_string(check->height) + " (hash " + ToHex(check->block_hash) + "), result " +
      ErrorCodeName(check->result_code) +
      "; its leaf folds to the header's txs_root and its result's leaf to results_root; " + *note;
  if (o.node.json) {
    Json j;
    j["verified"] = true;
    j["summary"] = summary;
    j["proof"] = ProtoToJson(proof);
    io.out << JsonLine(j);
  } else {
    io.out << summary << "\n";
  }
  return kExitOk;
}

int RunStateRoot(const AuditOptions& o, const Io& io) {
  auto height = ParseUint(o.text);
  if (!height) return UsageError(io, "give a block HEIGHT (a number, 0 for genesis)");
  int code = kExitOk;
  auto client = MakeClient(o, io, &code);
  if (!client) return code;
  v1::GetStateRootRequest req;
  req.set_height(*height);
  v1::StateRootInfo info;
  if (auto err = client->GetStateRoot(req, &info)) return ReportRpcError(io, *err);
  Status st = CheckStateRootInfo(DefaultSuite(), info);
  if (!st.ok()) return Fail(io, st.ToString());
  NodeClient node(o.node.node, o.node.timeout_ms, o.node.tls_ca);
  auto note = CheckNodeCertificate(node, info.header(),
                                   info.has_certificate() ? &info.certificate() : nullptr);
  if (!note.ok()) return Fail(io, note.status().ToString());
  const std::string checked =
      "checked: the header hashes to the block hash and carries these roots; " + *note;
  if (o.node.json) {
    Json j = ProtoToJson(info);
    j["checked"] = checked;
    io.out << JsonLine(j);
    return kExitOk;
  }
  io.out << "height       " << info.height() << "\n"
         << "block hash   " << ToHex(info.block_hash()) << "\n"
         << "state_root   " << ToHex(info.state_root()) << "\n"
         << "results_root " << ToHex(info.results_root()) << "\n"
         << "txs_root     " << ToHex(info.txs_root()) << "\n"
         << checked << "\n";
  return kExitOk;
}

CLI::App* Sub(CLI::App* parent, Runner& runner, const std::string& name, const std::string& help,
              const std::string& example, std::shared_ptr<AuditOptions> o,
              int (*run)(const AuditOptions&, const Io&)) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  AddAuditOptions(cmd, o.get());
  cmd->footer("Example:\n  " + example);
  cmd->callback(
      [&runner, o, run] { runner.action = [&runner, o, run] { return run(*o, runner.io); }; });
  return cmd;
}

}  // namespace

void AddAuditCommands(CLI::App& app, Runner& runner) {
  CLI::App* audit = app.add_subcommand(
      "audit",
      "Read the ledger as an auditor through the Audit service: stream blocks, fetch and check "
      "inclusion proofs and state roots, list history and transactions, export tables. Sign with "
      "--key KEYFILE of an AUDITOR account unless "
      "the node's ledger is public (docs/audit.md).");
  audit->require_subcommand(1);

  auto stream = std::make_shared<AuditOptions>();
  CLI::App* s = Sub(audit, runner, "stream",
                    "Stream committed blocks from --from to the head (and, with --follow, each new "
                    "block as it commits) as JSON lines or length-delimited StreamedBlock "
                    "messages; progress on stderr. After an interruption, run again with --from "
                    "the height it names: no gap, no duplicate.",
                    "lincao audit stream --key keys/auditor.key --from 1 --out blocks.jsonl",
                    stream, &RunStream);
  s->add_option("--from", stream->from, "first height to send (1-based)")->capture_default_str();
  s->add_flag("--follow", stream->follow, "keep streaming new blocks until interrupted");
  s->add_option("--out", stream->out, "write the blocks to this file instead of stdout");
  s->add_option("--format", stream->format,
                "jsonl (one StreamedBlock as JSON per line) or delimited (varint length, then "
                "the StreamedBlock's protobuf bytes)")
      ->capture_default_str();

  auto proof = std::make_shared<AuditOptions>();
  Sub(audit, runner, "proof",
      "Fetch the inclusion proof of a committed transaction and of its result, and check it "
      "against the block header it came with (docs/formats.md, \"Inclusion proofs\").",
      "lincao audit proof 3f0c...e2 --key keys/auditor.key", proof, &RunProof)
      ->add_option("TXID", proof->text, "transaction id, 64 hex digits")
      ->required();

  auto root = std::make_shared<AuditOptions>();
  Sub(audit, runner, "state-root",
      "Show the state root, results root and txs root of block HEIGHT, checked against its "
      "header and block hash, and whether a certificate names it.",
      "lincao audit state-root 42 --key keys/auditor.key", root, &RunStateRoot)
      ->add_option("HEIGHT", root->text, "block height (0: genesis)")
      ->required();
  AddAuditHistoryCommands(audit, runner);
}

}  // namespace lincao::cli
