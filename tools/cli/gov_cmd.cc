#include "tools/cli/gov_cmd.h"

#include <algorithm>
#include <functional>
#include <memory>

#include "chaincode/parameters.h"
#include "tools/cli/describe.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/names.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

// Every governed parameter with its unit, bounds and first chaincode
// version, straight from the chaincode's table so the help never goes stale.
std::string ParameterNames() {
  std::string out;
  for (const ParameterDef& d : ParameterTable()) {
    if (!out.empty()) out += "; ";
    out += std::string(d.name) + " (" + std::to_string(d.min) + ".." + std::to_string(d.max) + " " +
           std::string(d.unit);
    if (d.since_version > 1) out += ", from chaincode version " + std::to_string(d.since_version);
    out += ")";
  }
  return out;
}

using Builder = std::function<Status(const GovOptions&, v1::Tx*)>;

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

// A public key from --pubkey-file (of `kind`, owned by `owner` when given)
// or --pubkey HEX with --key-id.
Result<v1::PublicKey> PublicKeyArg(const GovOptions& o, const std::string& kind,
                                   const std::string& owner) {
  if (o.pubkey_hex.empty() == o.pubkey_file.empty()) {
    return Invalid("give the new key with exactly one of --pubkey-file KEYFILE or --pubkey HEX");
  }
  v1::PublicKey key;
  key.set_suite(v1::SUITE_ED25519_BLAKE2B);
  if (!o.pubkey_file.empty()) {
    auto file = LoadKeyFile(o.pubkey_file);
    if (!file.ok()) return file.status();
    if (file->kind != kind) {
      return Invalid(o.pubkey_file + " is a " + file->kind + " key; a " + kind + " key is needed");
    }
    if (!owner.empty() && file->owner != owner) {
      return Invalid(o.pubkey_file + " is a key of '" + file->owner + "', not of '" + owner + "'");
    }
    key.set_key_id(file->key_id);
    key.set_suite(file->suite);
    key.set_key(file->public_key);
    return key;
  }
  auto pk = ParseHexArg(o.pubkey_hex, "--pubkey", 32);
  if (!pk.ok()) return pk.status();
  key.set_key(*pk);
  key.set_key_id(o.key_id.value_or(0));
  return key;
}

// Who acts: --for, --account, else the owner of --key (for checks on key
// files); empty when unknown.
std::string Actor(const GovOptions& o) {
  auto actor = ActingAccount(o.tx);
  return actor.ok() ? *actor : "";
}

Status AddKeysBody(const GovOptions& o, v1::Tx* tx) {
  auto key = PublicKeyArg(o, "account", Actor(o));
  if (!key.ok()) return key.status();
  auto* b = tx->mutable_update_keys();
  *b->add_add() = *key;
  b->set_threshold(o.threshold);
  return Status::Ok();
}

Status RemoveKeyBody(const GovOptions& o, v1::Tx* tx) {
  auto* b = tx->mutable_update_keys();
  b->add_remove(o.key_id.value_or(0));
  b->set_threshold(o.threshold);
  return Status::Ok();
}

Status RotateKeyBody(const GovOptions& o, v1::Tx* tx) {
  std::optional<uint32_t> old = o.key_id;
  if (!old && !o.tx.key_file.empty()) {
    auto k = LoadKeyFile(o.tx.key_file);
    if (k.ok()) old = k->key_id;
  }
  if (!old) return Invalid("name the key to replace with --replace KEY_ID");
  GovOptions add = o;
  add.key_id.reset();
  auto key = PublicKeyArg(add, "account", Actor(o));
  if (!key.ok()) return key.status();
  if (key->key_id() == *old) {
    return Invalid("the new key has key id " + std::to_string(*old) +
                   ", the id being retired; key ids are never reused: make the new key with "
                   "`lincao keys new --key-id N` for an unused N");
  }
  auto* b = tx->mutable_update_keys();
  b->add_remove(*old);
  *b->add_add() = *key;
  return Status::Ok();
}

Status ThresholdBody(const GovOptions& o, v1::Tx* tx) {
  if (o.threshold == 0) return Invalid("the threshold is at least 1");
  tx->mutable_update_keys()->set_threshold(o.threshold);
  return Status::Ok();
}

Status SetParamBody(const GovOptions& o, v1::Tx* tx) {
  tx->mutable_set_parameter()->set_name(o.name);
  tx->mutable_set_parameter()->set_value(o.value);
  return Status::Ok();
}

Status ActivateBody(const GovOptions& o, v1::Tx* tx) {
  tx->mutable_activate_chaincode()->set_version(o.version);
  tx->mutable_activate_chaincode()->set_height(o.height);
  return Status::Ok();
}

Status RemoveNodeBody(const GovOptions& o, v1::Tx* tx) {
  if (!LooksLikeId(o.node_id)) return Invalid("'" + o.node_id + "' is not a node id");
  tx->mutable_remove_node()->set_id(o.node_id);
  return Status::Ok();
}

Status LiftBody(const GovOptions& o, v1::Tx* tx) {
  if (o.reason.empty()) return Invalid("give the public reason with --reason");
  tx->mutable_lift_sanction()->set_account(o.account);
  tx->mutable_lift_sanction()->set_reason(o.reason);
  return Status::Ok();
}

template <typename Body>
Builder Wrap(Result<Body> (*build)(const GovOptions&), Body* (v1::Tx::*field)()) {
  return [build, field](const GovOptions& o, v1::Tx* tx) {
    auto b = build(o);
    if (!b.ok()) return b.status();
    *(tx->*field)() = *b;
    return Status::Ok();
  };
}

Builder SanctionOf(v1::SanctionKind kind) {
  return [kind](const GovOptions& o, v1::Tx* tx) {
    auto b = BuildSanction(o, kind);
    if (!b.ok()) return b.status();
    *tx->mutable_impose_sanction() = *b;
    return Status::Ok();
  };
}

int Run(const GovOptions& o, const Builder& build, const Io& io) {
  v1::Tx tx;
  Status st = build(o, &tx);
  if (!st.ok()) return UsageError(io, st.message());
  return SubmitTx(o.tx, std::move(tx), io);
}

CLI::App* Sub(CLI::App* parent, Runner& runner, const std::string& name, const std::string& help,
              const std::string& example, std::shared_ptr<GovOptions> o, Builder build) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  AddTxOptions(cmd, &o->tx);
  cmd->footer("Example:\n" + example);
  cmd->callback([&runner, o, build] {
    runner.action = [&runner, o, build] { return Run(*o, build, runner.io); };
  });
  return cmd;
}

constexpr char kQuorumNote[] =
    "A governance transaction: the acting account and its --cosigner accounts must include "
    "the governance policy's quorum of governing accounts (see `lincao query governance`), "
    "each signing to its own key threshold. Write it with --out, collect signatures with "
    "`lincao sign`, then `lincao submit`.";

constexpr char kGovFlow[] =
    "  lincao {CMD} --account forestry-bureau --cosigner ecology-dept --out p.tx\n"
    "  lincao sign p.tx --key data/dev/keys/forestry-bureau.key\n"
    "  lincao sign p.tx --key data/dev/keys/ecology-dept.key\n"
    "  lincao submit p.tx";

std::string GovExample(const std::string& cmd) {
  std::string s = kGovFlow;
  s.replace(s.find("{CMD}"), 5, cmd);
  return s;
}

void AddSectorOption(CLI::App* cmd, GovOptions* o, const std::string& help) {
  cmd->add_option("--sector", o->sectors, help + " (" + SectorChoices() + "; repeatable)");
}

Result<std::vector<v1::Sector>> Sectors(const std::vector<std::string>& names) {
  std::vector<v1::Sector> out;
  for (const auto& n : names) {
    auto s = ParseSector(n);
    if (!s.ok()) return s.status();
    out.push_back(*s);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
}  // namespace

Result<v1::GrantRole> BuildGrantRole(const GovOptions& o) {
  v1::GrantRole b;
  b.set_account(o.account);
  auto role = ParseRole(o.role);
  if (!role.ok()) return role.status();
  b.set_role(*role);
  auto sectors = Sectors(o.sectors);
  if (!sectors.ok()) return sectors.status();
  const bool needs = *role == v1::EXPERT || *role == v1::VERIFIER;
  if (needs && sectors->empty()) {
    return Invalid("EXPERT and VERIFIER are granted for sectors: add --sector (" + SectorChoices() +
                   ")");
  }
  if (!needs && !sectors->empty()) {
    return Invalid("--sector goes only with EXPERT and VERIFIER");
  }
  for (auto s : *sectors) b.add_sectors(s);
  return b;
}

Result<v1::RevokeRole> BuildRevokeRole(const GovOptions& o) {
  v1::RevokeRole b;
  b.set_account(o.account);
  auto role = ParseRole(o.role);
  if (!role.ok()) return role.status();
  b.set_role(*role);
  return b;
}

Result<v1::SetGovernancePolicy> BuildPolicy(const GovOptions& o) {
  std::vector<std::string> accounts = o.accounts;
  std::sort(accounts.begin(), accounts.end());
  if (std::adjacent_find(accounts.begin(), accounts.end()) != accounts.end()) {
    return Invalid("a governing account is named twice");
  }
  if (o.threshold == 0 || o.threshold > accounts.size()) {
    return Invalid("--threshold must be 1.." + std::to_string(accounts.size()) +
                   " (how many of the governing accounts must approve)");
  }
  v1::SetGovernancePolicy b;
  for (const auto& a : accounts) b.add_accounts(a);
  b.set_threshold(o.threshold);
  return b;
}

Result<v1::SetNode> BuildSetNode(const GovOptions& o) {
  if (!LooksLikeId(o.node_id)) return Invalid("'" + o.node_id + "' is not a node id");
  if (o.address.empty()) return Invalid("give the node's peer endpoint with --address HOST:PORT");
  auto key = PublicKeyArg(o, "node", o.node_id);
  if (!key.ok()) return key.status();
  v1::SetNode b;
  b.set_id(o.node_id);
  b.set_suite(key->suite());
  b.set_public_key(key->key());
  b.set_address(o.address);
  b.set_voter(!o.non_voter);
  return b;
}

Result<v1::ImposeSanction> BuildSanction(const GovOptions& o, v1::SanctionKind kind) {
  if (o.reason.empty()) return Invalid("give the public reason with --reason");
  v1::ImposeSanction b;
  b.set_account(o.account);
  b.set_kind(kind);
  b.set_reason(o.reason);
  if (kind == v1::RESTRICTED) {
    if (o.allow.empty()) {
      return Invalid("name what the account may still do with --allow (e.g. transfer, retire)");
    }
    std::vector<uint32_t> numbers;
    for (const auto& a : o.allow) {
      int n = BodyNumber(a);
      if (n == 0) return Invalid("--allow " + a + ": not a transaction type");
      numbers.push_back(static_cast<uint32_t>(n));
    }
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    for (uint32_t n : numbers) b.add_allowed_actions(n);
  }
  if (kind == v1::SUSPENDED) {
    auto sectors = Sectors(o.sectors);
    if (!sectors.ok()) return sectors.status();
    for (auto s : *sectors) b.add_sectors(s);
  }
  return b;
}

void AddGovCommands(CLI::App& app, Runner& runner) {
  // --- lincao gov ---------------------------------------------------------
  CLI::App* gov = app.add_subcommand(
      "gov",
      "Governance transactions, approved by the governance policy's quorum of governing "
      "accounts (m of n): roles, the policy itself, chain parameters, chaincode versions, "
      "node membership.");
  gov->require_subcommand(1);
  gov->footer(std::string(kQuorumNote) + "\nExample (2 of 3):\n" +
              GovExample("gov role grant verifier-a verifier --sector forest"));

  CLI::App* role = gov->add_subcommand("role", "Grant or revoke a role");
  role->require_subcommand(1);
  auto grant = std::make_shared<GovOptions>();
  CLI::App* gc = Sub(role, runner, "grant",
                     "Grant ROLE to ACCOUNT. EXPERT and VERIFIER need --sector. Oversight roles "
                     "go only to accounts that hold no units. " +
                         std::string(kQuorumNote),
                     GovExample("gov role grant verifier-a verifier --sector forest --sector "
                                "wetland"),
                     grant, Wrap(&BuildGrantRole, &v1::Tx::mutable_grant_role));
  gc->add_option("ACCOUNT", grant->account, "account to receive the role")->required();
  gc->add_option("ROLE", grant->role, "role, any case (" + RoleChoices() + ")")->required();
  AddSectorOption(gc, grant.get(), "sector of expertise, for EXPERT and VERIFIER");

  auto revoke = std::make_shared<GovOptions>();
  CLI::App* rc = Sub(role, runner, "revoke",
                     "Revoke ROLE from ACCOUNT; from the next transaction on it authorizes "
                     "nothing. " +
                         std::string(kQuorumNote),
                     GovExample("gov role revoke verifier-a verifier"), revoke,
                     Wrap(&BuildRevokeRole, &v1::Tx::mutable_revoke_role));
  rc->add_option("ACCOUNT", revoke->account, "account losing the role")->required();
  rc->add_option("ROLE", revoke->role, "role, any case")->required();

  CLI::App* policy = gov->add_subcommand("policy", "Replace the governance policy");
  policy->require_subcommand(1);
  auto pol = std::make_shared<GovOptions>();
  CLI::App* pc =
      Sub(policy, runner, "set",
          "Make ACCOUNTS the governing accounts, THRESHOLD of which must approve each "
          "governance transaction (the current quorum approves this change). " +
              std::string(kQuorumNote),
          GovExample("gov policy set --threshold 2 ecology-dept forestry-bureau registrar"), pol,
          Wrap(&BuildPolicy, &v1::Tx::mutable_set_governance_policy));
  pc->add_option("ACCOUNTS", pol->accounts, "governing accounts (any order)")->required();
  pc->add_option("--threshold", pol->threshold, "how many of them must approve")->required();

  CLI::App* param = gov->add_subcommand("param", "Change a governed chain parameter");
  param->require_subcommand(1);
  auto ps = std::make_shared<GovOptions>();
  CLI::App* psc = Sub(param, runner, "set",
                      "Set parameter NAME to VALUE from the next block on. `lincao query "
                      "governance` lists the parameters the chain's version knows, with value, "
                      "unit and bounds. Parameters: " +
                          ParameterNames() + ". " + std::string(kQuorumNote),
                      GovExample("gov param set max_ranges_per_tx 32"), ps, SetParamBody);
  psc->add_option("NAME", ps->name, "parameter name")->required();
  psc->add_option("VALUE", ps->value, "new value, in the parameter's unit")->required();

  CLI::App* cc = gov->add_subcommand("chaincode", "Schedule a chaincode version");
  cc->require_subcommand(1);
  auto act = std::make_shared<GovOptions>();
  CLI::App* ac =
      Sub(cc, runner, "activate",
          "Run chaincode --version from block --height on (above the current height "
          "and every scheduled activation). Every node must implement the version by "
          "then, or it stops at that height. " +
              std::string(kQuorumNote),
          GovExample("gov chaincode activate --version 2 --height 500"), act, ActivateBody);
  ac->add_option("--version", act->version, "chaincode version")->required();
  ac->add_option("--height", act->height, "first block to run it")->required();

  CLI::App* node = gov->add_subcommand("node", "Add, replace or remove a node's membership record");
  node->require_subcommand(1);
  auto ns = std::make_shared<GovOptions>();
  CLI::App* nsc =
      Sub(node, runner, "set",
          "Add node ID to the membership, or replace its record: its public key, peer address "
          "and whether it votes. " +
              std::string(kQuorumNote),
          GovExample("gov node set node-4 --pubkey-file keys/node-4.key --address "
                     "10.0.0.4:7101"),
          ns, Wrap(&BuildSetNode, &v1::Tx::mutable_set_node));
  nsc->add_option("ID", ns->node_id, "node id")->required();
  CLI::Option* nk =
      nsc->add_option("--pubkey-file", ns->pubkey_file,
                      "the node's key file (kind node); only its public part is used");
  nsc->add_option("--pubkey", ns->pubkey_hex, "the node's public key, hex")->excludes(nk);
  nsc->add_option("--address", ns->address, "host:port of its peer endpoint")->required();
  nsc->add_flag("--non-voter", ns->non_voter, "a member that replicates but does not vote");
  auto nr = std::make_shared<GovOptions>();
  Sub(node, runner, "remove",
      "Remove node ID from the membership (another voter must remain). " + std::string(kQuorumNote),
      GovExample("gov node remove node-4"), nr, RemoveNodeBody)
      ->add_option("ID", nr->node_id, "node id")
      ->required();

  // --- lincao account keys -------------------------------------------------
  CLI::App* account = app.get_subcommand("account");  // AddAccountCommand came first
  CLI::App* keys = account->add_subcommand(
      "keys",
      "Change the acting account's own key set (update_keys), signed by its current keys to "
      "their threshold. Removed keys, their ids and public keys, are never valid again.");
  keys->require_subcommand(1);
  keys->footer(
      "Example (rotate registrar's key 0 to a new key 1):\n"
      "  lincao keys new --owner registrar --key-id 1 --out registrar-1.key\n"
      "  lincao account keys rotate --key data/dev/keys/registrar.key --pubkey-file "
      "registrar-1.key");
  auto ka = std::make_shared<GovOptions>();
  CLI::App* kac = Sub(keys, runner, "add",
                      "Add a key to the account (optionally a new threshold). For a custodial "
                      "personal account (--for ID, signed by its custodian) this hands the "
                      "account to its holder: the key is the person's own, and custody ends.",
                      "  lincao account keys add --key ops.key --pubkey-file ops-2.key "
                      "--threshold 2\n"
                      "  lincao account keys add --for p-0001 --key dd-platform.key "
                      "--pubkey-file p-0001.key",
                      ka, AddKeysBody);
  CLI::Option* kaf = kac->add_option("--pubkey-file", ka->pubkey_file,
                                     "key file of the new key (from `lincao keys new --key-id N`)");
  CLI::Option* kah =
      kac->add_option("--pubkey", ka->pubkey_hex, "the new public key, hex")->excludes(kaf);
  kac->add_option_function<uint32_t>(
         "--key-id", [k = ka.get()](const uint32_t& v) { k->key_id = v; },
         "key id of --pubkey (never used before by the account)")
      ->needs(kah);
  kac->add_option("--threshold", ka->threshold, "new threshold (default: keep it)");

  auto kr = std::make_shared<GovOptions>();
  CLI::App* krc = Sub(keys, runner, "remove", "Remove key KEY_ID from the account for good.",
                      "  lincao account keys remove 0 --key ops-2.key", kr, RemoveKeyBody);
  krc->add_option_function<uint32_t>(
         "KEY_ID", [k = kr.get()](const uint32_t& v) { k->key_id = v; }, "key id to remove")
      ->required();
  krc->add_option("--threshold", kr->threshold, "new threshold (default: keep it)");

  auto kt = std::make_shared<GovOptions>();
  Sub(keys, runner, "rotate",
      "Replace one key with a new one in a single transaction: removes --replace (default: the "
      "id of --key) and adds the new key.",
      "  lincao keys new --owner registrar --key-id 1 --out registrar-1.key\n"
      "  lincao account keys rotate --key data/dev/keys/registrar.key --pubkey-file "
      "registrar-1.key",
      kt, RotateKeyBody);
  CLI::App* ktc = keys->get_subcommand("rotate");
  ktc->add_option("--pubkey-file", kt->pubkey_file,
                  "key file of the new key (from `lincao keys new --key-id N`, N unused)")
      ->required();
  ktc->add_option_function<uint32_t>(
      "--replace", [k = kt.get()](const uint32_t& v) { k->key_id = v; },
      "key id to retire (default: the key id of --key)");

  auto kh = std::make_shared<GovOptions>();
  Sub(keys, runner, "threshold", "Set how many distinct keys must sign for the account.",
      "  lincao account keys threshold 2 --key ops.key", kh, ThresholdBody)
      ->add_option("N", kh->threshold, "distinct keys needed, 1..keys held")
      ->required();

  // --- lincao sanction -----------------------------------------------------
  CLI::App* sanction = app.add_subcommand(
      "sanction",
      "Sanctions by a SUPERVISOR (--key of a supervisor account): suspend (暂停), restrict "
      "(限制), revoke (取消) and lift. A sanction is public, with its reason; a new one "
      "replaces the one in force, except that a revocation is lifted only with the governance "
      "quorum.");
  sanction->require_subcommand(1);
  sanction->footer(
      "Example:\n  lincao sanction suspend panda-coop --reason \"monitoring report under "
      "review\" --key data/dev/keys/forestry-bureau.key");
  struct Kind {
    const char* name;
    v1::SanctionKind kind;
    const char* help;
    const char* example;
  };
  const Kind kinds[] = {
      {"suspend", v1::SUSPENDED,
       "Suspend ACCOUNT: it may do nothing, or, with --sector for a VERIFIER, no verifier "
       "work in those sectors.",
       "  lincao sanction suspend panda-coop --reason \"report under review\" --key "
       "data/dev/keys/forestry-bureau.key"},
      {"restrict", v1::RESTRICTED, "Restrict ACCOUNT to the transaction types named by --allow.",
       "  lincao sanction restrict panda-coop --allow retire --reason \"sell-off halted\" "
       "--key data/dev/keys/forestry-bureau.key"},
      {"revoke", v1::REVOKED,
       "Revoke ACCOUNT (取消): it may do nothing; only the governance quorum lifts this.",
       "  lincao sanction revoke panda-coop --reason \"fraudulent report\" --key "
       "data/dev/keys/forestry-bureau.key"},
  };
  for (const Kind& k : kinds) {
    auto o = std::make_shared<GovOptions>();
    CLI::App* sc = Sub(sanction, runner, k.name, k.help, k.example, o, SanctionOf(k.kind));
    sc->add_option("ACCOUNT", o->account, "account to sanction")->required();
    sc->add_option("--reason", o->reason, "public reason (required)")->required();
    if (k.kind == v1::RESTRICTED) {
      sc->add_option("--allow", o->allow,
                     "transaction type still allowed, by name or number (transfer, retire, "
                     "...; repeatable)")
          ->required();
    }
    if (k.kind == v1::SUSPENDED) {
      AddSectorOption(sc, o.get(), "suspend only the verifier work in this sector");
    }
  }
  auto lift = std::make_shared<GovOptions>();
  CLI::App* lc = Sub(sanction, runner, "lift",
                     "Lift the sanction in force on ACCOUNT. Lifting a revocation needs the "
                     "governance quorum: the supervisor acts and governing accounts cosign.",
                     "  lincao sanction lift panda-coop --reason \"review closed\" --key "
                     "data/dev/keys/forestry-bureau.key",
                     lift, LiftBody);
  lc->add_option("ACCOUNT", lift->account, "sanctioned account")->required();
  lc->add_option("--reason", lift->reason, "public reason (required)")->required();
}

}  // namespace lincao::cli
