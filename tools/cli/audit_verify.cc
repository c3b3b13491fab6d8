#include "tools/cli/audit_verify.h"

#include <chrono>
#include <cstdio>
#include <memory>

#include "chaincode/genesis.h"
#include "tools/audit/chain_verifier.h"
#include "tools/audit/retirement_certificate.h"
#include "tools/cli/audit_client.h"
#include "tools/cli/files.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

constexpr auto kProgressEvery = std::chrono::seconds(2);

struct VerifyOptions {
  NodeOptions node;
  std::string key_file;
  std::string genesis_file = "genesis.json";
  std::string genesis_hash;
  uint64_t from = 1;
  uint64_t to = 0;  // 0: the head when the command starts
  unsigned threads = 0;
  std::string out;  // membership: the file to write
};

std::string Rate(double n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", n);
  return buf;
}

// Streams and verifies blocks 1..to (the head when `to` is 0). Returns the
// verifier after success, or nullptr after printing the failure.
std::unique_ptr<audit::ChainVerifier> StreamAndVerify(const VerifyOptions& o, const Io& io,
                                                      int* exit_code) {
  auto fail = [&](int code, const std::string& message) {
    *exit_code = code == kExitUsage ? UsageError(io, message) : Fail(io, message);
    return nullptr;
  };
  auto hash_bytes = ParseHexArg(o.genesis_hash, "--genesis-hash", 32);
  if (!hash_bytes.ok()) return fail(kExitUsage, hash_bytes.status().message());
  auto text = ReadTextFile(o.genesis_file);
  if (!text.ok()) return fail(kExitUsage, text.status().message());
  auto spec = ParseGenesisJson(*text);
  if (!spec.ok()) return fail(kExitUsage, o.genesis_file + ": " + spec.status().ToString());
  if (o.to != 0 && o.to < o.from) return fail(kExitUsage, "--to must not be below --from");
  std::optional<KeyFile> key;
  if (!o.key_file.empty()) {
    auto k = LoadKeyFile(o.key_file);
    if (!k.ok()) return fail(kExitUsage, k.status().message());
    key = *k;
  }
  auto verifier = audit::ChainVerifier::Create(*spec, *ToHash32(*hash_bytes),
                                               {.from_height = o.from, .threads = o.threads});
  if (!verifier.ok()) return fail(kExitFailed, verifier.status().ToString());
  audit::ChainVerifier& v = **verifier;

  // The last height to verify: --to, or the head now (for the ETA too).
  uint64_t target = o.to;
  if (target == 0) {
    NodeClient node(o.node.node, o.node.timeout_ms, o.node.tls_ca);
    v1::NodeStatus status;
    if (auto err = node.GetStatus(&status)) {
      *exit_code = ReportRpcError(io, *err);
      return nullptr;
    }
    target = status.height();
  }
  AuditClient client(o.node, std::move(key));
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  uint64_t received = 0;
  auto report = [&](const char* what) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& p = v.progress();
    const double bps = secs > 0 ? p.blocks / secs : 0;
    std::string line = std::string(what) + ": verified height " + std::to_string(p.height) +
                       " of " + std::to_string(target) + ", " + std::to_string(p.txs) + " tx, " +
                       Rate(bps) + " blocks/s, " + Rate(secs > 0 ? p.txs / secs : 0) + " tx/s";
    if (bps > 0 && p.height < target) {
      line += ", ETA " + Rate((target - p.height) / bps) + " s";
    }
    io.err << line << "\n";
  };
  Status verdict = Status::Ok();
  std::optional<RpcError> err;
  if (target > 0) {
    v1::StreamBlocksRequest req;
    req.set_from_height(1);  // state is always replayed from genesis
    err = client.StreamBlocks(req, [&](const v1::StreamedBlock& b) {
      received = b.block().header().height();
      verdict = v.Add(b);
      if (std::chrono::steady_clock::now() - last_report >= kProgressEvery) {
        last_report = std::chrono::steady_clock::now();
        report("progress");
      }
      return verdict.ok() && received < target;
    });
  }
  if (verdict.ok()) verdict = v.Finish();
  if (!verdict.ok()) {
    report("stopped");
    return fail(kExitFailed, verdict.ToString());
  }
  if (err) {
    report("stopped");
    err->message += "; blocks up to height " + std::to_string(v.progress().height) +
                    " verified before the stream broke";
    *exit_code = ReportRpcError(io, *err);
    return nullptr;
  }
  if (v.progress().height < target) {
    return fail(kExitFailed, "the node's stream ended at height " +
                                 std::to_string(v.progress().height) + ", below " +
                                 std::to_string(target) + " (--to beyond the head?)");
  }
  report("done");
  return std::move(*verifier);
}

int RunVerify(const VerifyOptions& o, const Io& io) {
  int code = kExitOk;
  auto v = StreamAndVerify(o, io, &code);
  if (!v) return code;
  const auto& p = v->progress();
  std::string what = "verified: blocks 1-" + std::to_string(p.height) + " of chain " +
                     v->params().chain_id + " from genesis " + o.genesis_hash.substr(0, 16) +
                     "...: hash chain, " + std::to_string(p.signatures) +
                     " signatures (transactions and certificates), " + std::to_string(p.certified) +
                     " majority certificates";
  if (p.uncertified > 0) {
    what += " (" + std::to_string(p.uncertified) + " block" + (p.uncertified == 1 ? "" : "s") +
            " with no certificate carried)";
  }
  what += ", " + std::to_string(p.txs) + " transactions replayed: every result and header " +
          "field agrees; state_root " + ToHex(v->head().accumulator.Root(DefaultSuite()));
  if (o.from > 1) {
    what += "; signatures below height " + std::to_string(o.from) + " were not checked (--from)";
  }
  io.out << what << "\n";
  return kExitOk;
}

int RunMembership(const VerifyOptions& o, const Io& io) {
  if (o.to == 0) return UsageError(io, "give --height N");
  int code = kExitOk;
  auto v = StreamAndVerify(o, io, &code);
  if (!v) return code;
  audit::Membership m;
  m.chain_id = v->params().chain_id;
  m.genesis_hash = *ToHash32(*FromHex(o.genesis_hash));
  m.height = o.to;
  m.voters = v->voters();
  const std::string json = audit::MembershipToJson(m);
  if (o.out.empty()) {
    io.out << json;
    return kExitOk;
  }
  Status st = WriteFile(o.out, json, 0644, Overwrite::kAllowed);
  if (!st.ok()) return Fail(io, st.ToString());
  io.out << "wrote " << o.out << ": the " << m.voters.size() << " voters in force for block "
         << m.height << ", from a verified replay\n";
  return kExitOk;
}

void AddVerifyOptions(CLI::App* cmd, VerifyOptions* o) {
  AddNodeOptions(cmd, &o->node);
  cmd->add_option("--key", o->key_file,
                  "key file of an AUDITOR account: signs each call (not needed when the node's "
                  "ledger is public)");
  cmd->add_option("--genesis", o->genesis_file,
                  "the chain's genesis.json (its block 0 must hash to --genesis-hash)")
      ->capture_default_str();
  cmd->add_option("--genesis-hash", o->genesis_hash,
                  "the genesis hash you trust (64 hex digits), e.g. from the registry's "
                  "publication")
      ->required();
  cmd->add_option("--threads", o->threads, "threads verifying signatures (0: one per core)")
      ->capture_default_str();
}

}  // namespace

void AddAuditVerifyCommands(CLI::App& audit, Runner& runner) {
  auto vo = std::make_shared<VerifyOptions>();
  CLI::App* verify = audit.add_subcommand(
      "verify",
      "Verify the whole ledger from a trusted genesis hash without trusting the node: stream "
      "every block, check the hash chain, every transaction signature, every certificate "
      "against the voters in force, replay every transaction through chaincode into a scratch "
      "state and compare every result and header field (results_root, state_root, ...). "
      "Progress on stderr; exits 1 naming the first bad height and the check that failed.");
  AddVerifyOptions(verify, vo.get());
  verify
      ->add_option("--from", vo->from,
                   "check signatures from this height on; blocks below it are still replayed "
                   "and hash-chained (state always replays from genesis), their signatures "
                   "taken as checked by an earlier run")
      ->capture_default_str();
  verify->add_option("--to", vo->to, "stop after this height (default: the head at start)");
  verify->footer(
      "Example:\n  lincao audit verify --key keys/auditor.key --genesis genesis.json "
      "--genesis-hash 603e...c1\nSee docs/audit.md, \"Verifying the whole chain\".");
  verify->callback(
      [&runner, vo] { runner.action = [&runner, vo] { return RunVerify(*vo, runner.io); }; });

  auto mo = std::make_shared<VerifyOptions>();
  CLI::App* membership = audit.add_subcommand(
      "membership",
      "Write the voters in force for block --height N as a membership file (docs/formats.md, "
      "\"Membership file\"), after verifying the chain up to N as `audit verify` does: what "
      "`lincao verify certificate --membership FILE` trusts once membership has changed.");
  AddVerifyOptions(membership, mo.get());
  membership->add_option("--height", mo->to, "the block whose voters to export")->required();
  membership->add_option("--out", mo->out, "write the file here (default: stdout)");
  membership->footer(
      "Example:\n  lincao audit membership --height 17 --genesis genesis.json --genesis-hash "
      "603e...c1 --out members-17.json");
  membership->callback(
      [&runner, mo] { runner.action = [&runner, mo] { return RunMembership(*mo, runner.io); }; });
}

}  // namespace lincao::cli
