#include "tools/cli/certificate_cmd.h"

#include <chrono>
#include <memory>
#include <thread>

#include "chaincode/audit_proofs.h"
#include "chaincode/tx.h"
#include "tools/audit/retirement_certificate.h"
#include "tools/cli/client.h"
#include "tools/cli/files.h"
#include "tools/cli/node_options.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

constexpr auto kWaitPoll = std::chrono::milliseconds(500);

struct GetOptions {
  NodeOptions node;
  uint64_t id = 0;
  std::string out;
  std::string genesis_file;
  bool wait = false;
  uint32_t wait_s = 60;
};

struct VerifyOptions {
  std::string file;
  std::string genesis_hash;
  std::string membership_file;
  std::string genesis_file;
};

bool IsNotFound(const RpcError& e) {
  return e.lincao_code == v1::NOT_FOUND || e.grpc_code == grpc::StatusCode::NOT_FOUND;
}

int RunGet(const GetOptions& o, const Io& io) {
  audit::RetirementCertificate cert;
  cert.retirement_id = o.id;
  if (!o.genesis_file.empty()) {
    auto text = ReadTextFile(o.genesis_file);
    if (!text.ok()) return UsageError(io, text.status().message());
    cert.genesis_json = *text;
  }
  NodeClient node(o.node.node, o.node.timeout_ms, o.node.tls_ca);
  v1::GetRetirementRequest rreq;
  rreq.set_id(o.id);
  if (auto err = node.GetRetirement(rreq, &cert.record)) return ReportRpcError(io, *err);
  v1::GetBlockRequest breq;
  breq.set_height(cert.record.height());
  v1::Block block;
  if (auto err = node.GetBlock(breq, &block)) return ReportRpcError(io, *err);
  cert.chain_id = block.header().chain_id();
  int index = 0;
  while (index < block.txs_size() &&
         ComputeTxId(DefaultSuite(), block.txs(index).tx()) != ToHash32(cert.record.tx_id())) {
    ++index;
  }
  if (index == block.txs_size()) {
    return Fail(io, "block " + std::to_string(cert.record.height()) +
                        " does not hold the retirement's transaction: the node is inconsistent");
  }
  // The next block carries this block's majority certificate.
  v1::Block next;
  breq.set_height(cert.record.height() + 1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
  bool have_next = false;
  for (;;) {
    auto err = node.GetBlock(breq, &next);
    if (!err) {
      have_next = true;
      break;
    }
    if (!IsNotFound(*err)) return ReportRpcError(io, *err);
    if (!o.wait || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kWaitPoll);
  }
  if (!have_next) {
    return Fail(io, Status(v1::CERTIFICATE_PENDING,
                           "retirement " + std::to_string(o.id) + " is in block " +
                               std::to_string(cert.record.height()) +
                               ", the head: its certificate comes with the next block, which "
                               "has not committed yet; run again later, or with --wait")
                        .ToString());
  }
  const v1::Commit* commit = CertificateOf(cert.record.height(), &next);
  auto proof = BuildTxProof(DefaultSuite(), block, static_cast<uint32_t>(index), commit);
  if (!proof.ok()) return Fail(io, proof.status().ToString());
  cert.proof = *proof;
  auto check = CheckTxProof(DefaultSuite(), cert.proof);
  if (!check.ok()) return Fail(io, check.status().ToString());
  if (commit == nullptr) {
    return Fail(
        io, Status(v1::CERTIFICATE_PENDING, "block " + std::to_string(cert.record.height() + 1) +
                                                " carries no certificate of block " +
                                                std::to_string(cert.record.height()))
                .ToString());
  }
  const std::string json = audit::RetirementCertificateToJson(cert);
  if (o.out.empty()) {
    io.out << json;
    return kExitOk;
  }
  Status st = WriteFile(o.out, json, 0644, Overwrite::kAllowed);
  if (!st.ok()) return Fail(io, st.ToString());
  io.out << "wrote " << o.out << ": retirement " << o.id << ", transaction " << check->index + 1
         << " of " << check->tx_count << " in block " << check->height << ", with its certificate ("
         << commit->signatures_size() << " voter signature"
         << (commit->signatures_size() == 1 ? "" : "s") << ") from block " << check->height + 1
         << (cert.genesis_json.empty() ? "; no genesis bundled: verify it with --membership FILE"
                                       : "; genesis bundled")
         << ". Check it offline: lincao verify certificate " << o.out << " --genesis-hash HASH\n";
  return kExitOk;
}

int RunVerify(const VerifyOptions& o, const Io& io) {
  auto hash = ParseHexArg(o.genesis_hash, "--genesis-hash", 32);
  if (!hash.ok()) return UsageError(io, hash.status().message());
  auto text = ReadTextFile(o.file);
  if (!text.ok()) return UsageError(io, text.status().message());
  auto cert = audit::ParseRetirementCertificate(*text);
  if (!cert.ok()) return Fail(io, o.file + ": " + cert.status().ToString());
  if (!o.genesis_file.empty()) {
    auto g = ReadTextFile(o.genesis_file);
    if (!g.ok()) return UsageError(io, g.status().message());
    cert->genesis_json = *g;
  }
  std::optional<audit::Membership> membership;
  if (!o.membership_file.empty()) {
    auto m = ReadTextFile(o.membership_file);
    if (!m.ok()) return UsageError(io, m.status().message());
    auto parsed = audit::ParseMembership(*m);
    if (!parsed.ok()) return Fail(io, o.membership_file + ": " + parsed.status().ToString());
    membership = *parsed;
  }
  auto verdict = audit::VerifyRetirementCertificate(*cert, *ToHash32(*hash),
                                                    membership ? &*membership : nullptr);
  if (!verdict.ok()) return Fail(io, verdict.status().ToString());
  io.out << "verified: " << verdict->statement << "\n";
  return kExitOk;
}

}  // namespace

void AddCertificateCommands(CLI::App& app, Runner& runner) {
  CLI::App* certificate = app.add_subcommand(
      "certificate", "Retirement certificates that anyone can check offline (docs/audit.md).");
  certificate->require_subcommand(1);
  auto g = std::make_shared<GetOptions>();
  CLI::App* get = certificate->add_subcommand(
      "get",
      "Bundle retirement ID's record, its signed transaction, the inclusion proofs of the "
      "transaction and its result, its block header and the next block's majority certificate "
      "into one JSON file (docs/formats.md, \"Retirement certificate file\"). Fails with "
      "CERTIFICATE_PENDING while the retirement's block is the head, unless --wait.");
  AddNodeOptions(get, &g->node);
  get->add_option("RETIREMENT_ID", g->id, "the retirement's id")->required();
  get->add_option("--out", g->out, "write the certificate here (default: stdout)");
  get->add_option("--genesis", g->genesis_file,
                  "bundle this genesis.json, so that verifying needs only the genesis hash");
  get->add_flag("--wait", g->wait, "wait for the next block when the retirement's is the head");
  get->add_option("--wait-s", g->wait_s, "how long --wait waits, in seconds")
      ->capture_default_str();
  get->footer(
      "Example:\n  lincao certificate get 42 --genesis dev/genesis.json --out cert-42.json");
  get->callback([&runner, g] { runner.action = [&runner, g] { return RunGet(*g, runner.io); }; });

  CLI::App* verify = app.add_subcommand("verify", "Check evidence offline, with no node.");
  verify->require_subcommand(1);
  auto v = std::make_shared<VerifyOptions>();
  CLI::App* vc = verify->add_subcommand(
      "certificate",
      "Check a retirement certificate file with no node: the inclusion proofs against the "
      "header, the header hash, the next block's certificate signed by a majority of the "
      "voters in force (from the bundled genesis, --genesis, or --membership FILE), the chain. "
      "Prints one line saying what it proves; exits 1 naming the first failed check.");
  vc->add_option("FILE", v->file, "the certificate file (cert.json)")->required();
  vc->add_option("--genesis-hash", v->genesis_hash, "the genesis hash you trust (64 hex digits)")
      ->required();
  vc->add_option("--membership", v->membership_file,
                 "voters in force for the block (`lincao audit membership --height N`); needed "
                 "once membership changed since genesis");
  vc->add_option("--genesis", v->genesis_file,
                 "the chain's genesis.json, when the certificate does not bundle it");
  vc->footer("Example:\n  lincao verify certificate cert-42.json --genesis-hash 603e...c1");
  vc->callback([&runner, v] { runner.action = [&runner, v] { return RunVerify(*v, runner.io); }; });
}

}  // namespace lincao::cli
