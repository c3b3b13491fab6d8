#include "tools/cli/multisig_cmd.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "chaincode/tx_rules.h"
#include "tools/cli/describe.h"
#include "tools/cli/format.h"
#include "tools/cli/json_out.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/submit.h"
#include "tools/cli/tx_file.h"

namespace lincao::cli {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string JoinIds(const std::vector<uint32_t>& v) {
  std::string out;
  for (uint32_t id : v) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

std::string SigText(const v1::Signature& s) {
  return s.account() + " key " + std::to_string(s.key_id());
}

// How far one named account is from signing to its own threshold, by the
// node's view of its keys.
struct SignerState {
  std::string account;
  std::string custodian;  // a custodial account: whose keys sign for it
  uint64_t closed_height = 0;
  bool exists = false;
  uint32_t threshold = 0;
  std::vector<uint32_t> signed_ids;
  std::vector<uint32_t> missing_ids;  // its keys that have not signed
  bool met = false;
  bool governing = false;
};

struct Analysis {
  bool node_checked = false;
  std::string node_error;
  v1::NodeStatus status;
  std::vector<SignerState> signers;
  std::vector<std::string> problems;  // bad or unexpected signatures, wrong chain, expired
  // Whether the governance quorum is needed, as the chaincode decides it
  // (rules::NeedsGovernanceQuorum): for a lift_sanction it depends on the
  // sanction in force, which only the node knows.
  bool governance = false;
  bool governance_unknown = false;  // a lift_sanction inspected offline
  uint32_t quorum = 0;              // policy threshold
  std::vector<std::string> governing;
  uint32_t governing_named = 0;
  bool ready = false;
};

Analysis Analyse(const TxFile& f, const InspectOptions& opts) {
  Analysis a;
  // Offline, the sanction a lift_sanction lifts is unknown.
  a.governance = rules::NeedsGovernanceQuorum(f.tx, std::nullopt);
  a.governance_unknown = f.tx.has_lift_sanction();
  if (opts.offline) return a;
  NodeClient client(opts.node.node, opts.node.timeout_ms, opts.node.tls_ca);
  if (auto err = client.GetStatus(&a.status)) {
    a.node_error = err->message;
    return a;
  }
  a.node_checked = true;
  if (f.tx.has_lift_sanction()) {
    v1::GetAccountRequest req;
    req.set_id(f.tx.lift_sanction().account());
    v1::Account target;
    std::optional<v1::SanctionKind> in_force;
    if (!client.GetAccount(req, &target) && target.has_sanction()) {
      in_force = target.sanction().kind();
    }
    a.governance = rules::NeedsGovernanceQuorum(f.tx, in_force);
    a.governance_unknown = false;
  }
  if (a.status.chain_id() != f.tx.chain_id()) {
    a.problems.push_back("the node's chain is '" + a.status.chain_id() + "', the tx is for '" +
                         f.tx.chain_id() + "'");
  }
  if (a.status.next_time_ms() >= f.tx.expiry_ms()) {
    a.problems.push_back("expired: chain time is past the expiry; write a new proposal");
  }
  v1::Governance gov;
  std::optional<RpcError> gov_err = client.GetGovernance(&gov);
  if (!gov_err && gov.has_policy()) {
    a.quorum = gov.policy().threshold();
    a.governing.assign(gov.policy().accounts().begin(), gov.policy().accounts().end());
  }
  const SignatureSuite* suite = FindSuite(f.suite);
  const Bytes message = TxSigningMessage(f.tx_bytes);
  std::map<std::string, v1::Account> accounts;
  for (const std::string& name : f.NamedAccounts()) {
    SignerState s;
    s.account = name;
    s.governing = std::find(a.governing.begin(), a.governing.end(), name) != a.governing.end();
    v1::GetAccountRequest req;
    req.set_id(name);
    v1::Account acct;
    if (auto err = client.GetAccount(req, &acct)) {
      a.problems.push_back("account " + name + ": " + err->message);
    } else {
      s.exists = true;
      s.closed_height = acct.closed_height();
      if (s.closed_height != 0) {
        a.problems.push_back("account " + name + " was closed in block " +
                             std::to_string(s.closed_height) + ": it never signs again");
      }
      // A custodial account is signed for with its custodian's keys, to the
      // custodian's threshold (docs/formats.md "Transactions").
      if (!acct.custodian().empty()) {
        s.custodian = acct.custodian();
        v1::GetAccountRequest creq;
        creq.set_id(acct.custodian());
        v1::Account custodian;
        if (auto err = client.GetAccount(creq, &custodian)) {
          a.problems.push_back("custodian " + acct.custodian() + ": " + err->message);
        } else {
          acct.set_threshold(custodian.threshold());
          *acct.mutable_keys() = custodian.keys();
        }
      }
      s.threshold = acct.threshold();
      accounts[name] = acct;
    }
    a.signers.push_back(std::move(s));
  }
  for (const auto& sig : f.signatures) {
    auto it = std::find_if(a.signers.begin(), a.signers.end(),
                           [&](const SignerState& s) { return s.account == sig.account(); });
    if (it == a.signers.end()) {
      a.problems.push_back("signature by " + SigText(sig) + ": not a named account");
      continue;
    }
    if (!it->exists) continue;
    const auto& keys = accounts[it->account].keys();
    auto key = std::find_if(keys.begin(), keys.end(),
                            [&](const v1::PublicKey& k) { return k.key_id() == sig.key_id(); });
    if (key == keys.end()) {
      a.problems.push_back("signature by " + SigText(sig) + ": the account has no such key now");
    } else if (suite == nullptr || !suite->Verify(key->key(), message, sig.signature())) {
      a.problems.push_back("signature by " + SigText(sig) + " does not verify");
    } else {
      it->signed_ids.push_back(sig.key_id());
    }
  }
  bool all_met = true;
  for (auto& s : a.signers) {
    if (!s.exists) {
      all_met = false;
      continue;
    }
    for (const auto& k : accounts[s.account].keys()) {
      if (std::find(s.signed_ids.begin(), s.signed_ids.end(), k.key_id()) == s.signed_ids.end()) {
        s.missing_ids.push_back(k.key_id());
      }
    }
    s.met = s.signed_ids.size() >= s.threshold;
    all_met = all_met && s.met;
    if (s.governing) ++a.governing_named;
  }
  bool quorum_ok = true;
  if (a.governance) {
    quorum_ok = a.quorum != 0 && a.governing_named >= a.quorum;
  }
  a.ready = all_met && quorum_ok && a.problems.empty();
  return a;
}

std::string Until(uint64_t now_ms, uint64_t expiry_ms) {
  if (now_ms >= expiry_ms) return "expired";
  const uint64_t min = (expiry_ms - now_ms) / 60000;
  return "in " + std::to_string(min / 60) + " h " + std::to_string(min % 60) + " min of chain time";
}

void PrintInspect(const TxFile& f, const Analysis& a, const InspectOptions& opts, const Io& io) {
  const v1::Tx& tx = f.tx;
  const std::vector<std::string> what = DescribeBody(tx);
  if (opts.node.json) {
    Json j{{"file", opts.file},
           {"tx_id", ToHex(f.TxId())},
           {"chain_id", tx.chain_id()},
           {"account", tx.account()},
           {"cosigners", Json::array()},
           {"expiry_ms", tx.expiry_ms()},
           {"expiry", FormatTimeMs(tx.expiry_ms())},
           {"type", BodyType(tx)},
           {"governance", a.governance},
           {"governance_depends_on_sanction", a.governance_unknown},
           {"summary", what},
           {"body", Json::object()},
           {"signatures", Json::array()},
           {"node_checked", a.node_checked}};
    for (const auto& c : tx.cosigners()) j["cosigners"].push_back(c);
    const auto* field = tx.GetDescriptor()->FindFieldByName(BodyType(tx));
    if (field != nullptr) j["body"] = ProtoToJson(tx.GetReflection()->GetMessage(tx, field));
    for (const auto& s : f.signatures) {
      j["signatures"].push_back({{"account", s.account()}, {"key_id", s.key_id()}});
    }
    if (a.node_checked) {
      j["signers"] = Json::array();
      for (const auto& s : a.signers) {
        j["signers"].push_back({{"account", s.account},
                                {"custodian", s.custodian},
                                {"closed_height", s.closed_height},
                                {"exists", s.exists},
                                {"threshold", s.threshold},
                                {"signed_key_ids", s.signed_ids},
                                {"unsigned_key_ids", s.missing_ids},
                                {"met", s.met},
                                {"governing", s.governing}});
      }
      if (a.governance) {
        j["quorum"] = {{"threshold", a.quorum},
                       {"governing_accounts", a.governing},
                       {"named", a.governing_named},
                       {"met", a.quorum != 0 && a.governing_named >= a.quorum}};
      }
      j["problems"] = a.problems;
      j["ready"] = a.ready;
    } else if (!a.node_error.empty()) {
      j["node_error"] = a.node_error;
    }
    io.out << JsonLine(j);
    return;
  }
  Field(io.out, "file", opts.file);
  Field(io.out, "tx", ToHex(f.TxId()));
  Field(io.out, "chain", tx.chain_id());
  Field(io.out, "acting", tx.account());
  std::vector<std::string> cos(tx.cosigners().begin(), tx.cosigners().end());
  Field(io.out, "cosigners", cos.empty() ? "none" : Join(cos));
  std::string expiry = FormatTimeMs(tx.expiry_ms());
  if (a.node_checked) expiry += " (" + Until(a.status.next_time_ms(), tx.expiry_ms()) + ")";
  Field(io.out, "expires", expiry);
  std::string type = BodyType(tx);
  if (a.governance_unknown) {
    type +=
        " (needs the governance quorum if the sanction in force is a revocation; a node "
        "can tell)";
  } else if (a.governance && tx.has_lift_sanction()) {
    type += " (lifts a revocation: needs the governance quorum)";
  } else if (a.governance) {
    type += " (governance: needs the governance quorum)";
  }
  Field(io.out, "type", type);
  io.out << "what it does:\n";
  for (const auto& line : what) io.out << "  " << line << "\n";
  io.out << "signatures present: " << f.signatures.size() << "\n";
  for (const auto& s : f.signatures) io.out << "  " << SigText(s) << "\n";
  if (!a.node_checked) {
    if (!a.node_error.empty()) {
      io.out << "node: " << a.node_error << "\n"
             << "  (without a node this cannot tell which signatures are still missing)\n";
    }
    return;
  }
  io.out << "by the node " << opts.node.node << " at height " << a.status.height() << ":\n";
  for (const auto& s : a.signers) {
    std::string line = s.account;
    if (!s.custodian.empty()) line += " (signed by custodian " + s.custodian + ")";
    line += ": ";
    if (!s.exists) {
      line += "no such account";
    } else {
      line += std::to_string(s.signed_ids.size()) + " of " + std::to_string(s.threshold) +
              " key(s) signed";
      line += s.met ? ", enough" : ", short; keys not signed: " + JoinIds(s.missing_ids);
    }
    if (a.governance) line += s.governing ? " (governing)" : " (not governing)";
    io.out << "  " << line << "\n";
  }
  if (a.governance) {
    if (a.quorum == 0) {
      io.out << "  quorum: the chain has no governance policy; this will be refused\n";
    } else {
      io.out << "  quorum: " << a.quorum << " of the governing accounts (" << Join(a.governing)
             << ") needed, this tx names " << a.governing_named
             << (a.governing_named >= a.quorum ? ": enough" : ": add --cosigner accounts") << "\n";
    }
  }
  for (const auto& p : a.problems) io.out << "  problem: " << p << "\n";
  io.out << "ready to submit: " << (a.ready ? "yes" : "no") << "\n";
}

}  // namespace

int RunSign(const SignOptions& opts, const Io& io) {
  auto file = LoadTxFile(opts.file);
  if (!file.ok()) return Fail(io, file.status().message());
  auto key = LoadKeyFile(opts.key_file);
  if (!key.ok()) return Fail(io, key.status().message());
  auto outcome = AddSignature(*file, *key, opts.for_account);
  if (!outcome.ok()) return Fail(io, outcome.status().ToString());
  if (*outcome == SignOutcome::kAdded) {
    Status st = SaveTxFile(opts.file, *file, /*overwrite=*/true);
    if (!st.ok()) return Fail(io, st.message());
  }
  if (opts.json) {
    Json j{{"file", opts.file},
           {"tx_id", ToHex(file->TxId())},
           {"account", opts.for_account.empty() ? key->owner : opts.for_account},
           {"key_owner", key->owner},
           {"key_id", key->key_id},
           {"added", *outcome == SignOutcome::kAdded},
           {"signatures", Json::array()}};
    for (const auto& s : file->signatures) {
      j["signatures"].push_back({{"account", s.account()}, {"key_id", s.key_id()}});
    }
    io.out << JsonLine(j);
    return kExitOk;
  }
  const std::string as = opts.for_account.empty()
                             ? key->owner + " key " + std::to_string(key->key_id)
                             : opts.for_account + " with custodian " + key->owner + "'s key " +
                                   std::to_string(key->key_id);
  Field(io.out, *outcome == SignOutcome::kAdded ? "signed" : "already signed",
        opts.file + " as " + as);
  std::vector<std::string> sigs;
  for (const auto& s : file->signatures) sigs.push_back(SigText(s));
  Field(io.out, "tx", ToHex(file->TxId()));
  Field(io.out, "signatures", Join(sigs));
  Field(io.out, "expires", FormatTimeMs(file->tx.expiry_ms()));
  return kExitOk;
}

int RunInspect(const InspectOptions& opts, const Io& io) {
  auto file = LoadTxFile(opts.file);
  if (!file.ok()) return Fail(io, file.status().message());
  Analysis a = Analyse(*file, opts);
  PrintInspect(*file, a, opts, io);
  return kExitOk;
}

int RunSubmitFile(const SubmitFileOptions& opts, const Io& io) {
  auto file = LoadTxFile(opts.file);
  if (!file.ok()) return Fail(io, file.status().message());
  if (file->signatures.empty()) {
    return Fail(io,
                opts.file + " has no signatures yet: lincao sign " + opts.file + " --key KEYFILE");
  }
  SortSignatures(*file);
  return SubmitSignedTx(opts.node, opts.no_wait, file->ToSignedTx(), file->tx, ToHex(file->TxId()),
                        io);
}

void AddMultisigCommands(CLI::App& app, Runner& runner) {
  auto sign = std::make_shared<SignOptions>();
  CLI::App* sc = app.add_subcommand(
      "sign",
      "Add your signature to a transaction file written with --out. The key must belong to "
      "the acting account or a cosigner; signatures are kept in the order the chain requires. "
      "Read it with `lincao inspect FILE` first: you sign exactly what it shows.");
  sc->add_option("FILE", sign->file, "transaction file (from --out)")->required();
  sc->add_option("--key", sign->key_file, "your account key file")->required();
  sc->add_option("--for", sign->for_account,
                 "sign in the name of this custodial personal account, with --key of its "
                 "custodian (the service platform)");
  sc->add_flag("--json", sign->json, "print the result as one JSON object");
  sc->footer(
      "Example:\n"
      "  lincao inspect grant.tx\n"
      "  lincao sign grant.tx --key data/dev/keys/ecology-dept.key");
  sc->callback(
      [&runner, sign] { runner.action = [&runner, sign] { return RunSign(*sign, runner.io); }; });

  auto inspect = std::make_shared<InspectOptions>();
  CLI::App* ic = app.add_subcommand(
      "inspect",
      "Say in plain words what a transaction file does and who has signed it: chain, acting "
      "account, cosigners, expiry, the body, the tx id. When a node is reachable, also which "
      "accounts are still short of their key threshold and whether the governance quorum is "
      "met.");
  ic->add_option("FILE", inspect->file, "transaction file (from --out)")->required();
  AddNodeOptions(ic, &inspect->node);
  ic->add_flag("--offline", inspect->offline, "do not ask a node; show only what the file holds");
  ic->footer("Example:\n  lincao inspect grant.tx --node 127.0.0.1:7050");
  ic->callback([&runner, inspect] {
    runner.action = [&runner, inspect] { return RunInspect(*inspect, runner.io); };
  });

  auto submit = std::make_shared<SubmitFileOptions>();
  CLI::App* uc = app.add_subcommand(
      "submit",
      "Submit a signed transaction file and wait for its block, like the transaction "
      "commands. If signatures are missing the node refuses it with THRESHOLD_NOT_MET, naming "
      "each account and key still to sign.");
  uc->add_option("FILE", submit->file, "transaction file (from --out, signed)")->required();
  AddNodeOptions(uc, &submit->node);
  uc->add_flag("--no-wait", submit->no_wait,
               "return once the node admitted the tx, without waiting for its block");
  uc->footer("Example:\n  lincao submit grant.tx");
  uc->callback([&runner, submit] {
    runner.action = [&runner, submit] { return RunSubmitFile(*submit, runner.io); };
  });
}

}  // namespace lincao::cli
