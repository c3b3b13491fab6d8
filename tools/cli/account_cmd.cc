#include "tools/cli/account_cmd.h"

#include <memory>

#include "tools/cli/keys_cmd.h"
#include "tools/cli/names.h"
#include "tools/cli/values.h"

namespace lincao::cli {

Result<v1::OpenAccount> BuildOpenAccount(const AccountOpenOptions& opts, std::ostream& progress) {
  v1::OpenAccount body;
  body.set_id(opts.id);
  for (const std::string& name : opts.roles) {
    auto role = ParseRole(name);
    if (!role.ok()) return role.status();
    body.add_roles(*role);
  }
  if (opts.pubkey_hex.empty() == opts.pubkey_file.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "give the new account's public key with exactly one of --pubkey HEX or "
                  "--pubkey-file KEYFILE");
  }
  v1::PublicKey* key = body.add_keys();
  if (!opts.pubkey_file.empty()) {
    auto file = LoadKeyFile(opts.pubkey_file);
    if (!file.ok()) return file.status();
    if (file->owner != opts.id) {
      return Status(v1::INVALID_ARGUMENT, opts.pubkey_file + " is a key of '" + file->owner +
                                              "', not of '" + opts.id + "'");
    }
    key->set_key_id(file->key_id);
    key->set_suite(file->suite);
    key->set_key(file->public_key);
  } else {
    auto pk = ParseHexArg(opts.pubkey_hex, "--pubkey");
    if (!pk.ok()) return pk.status();
    key->set_key_id(opts.key_id);
    key->set_suite(v1::SUITE_ED25519_BLAKE2B);
    key->set_key(*pk);
  }
  body.set_threshold(opts.threshold);
  body.set_display_name(opts.name);
  // Optional here: version 1 did not ask for it; the chain says when it is
  // required.
  auto identity = ResolveDocumentHash(opts.identity, "identity", progress, DocumentHash::kOptional);
  if (!identity.ok()) return identity.status();
  body.set_identity_hash(*identity);
  return body;
}

Result<v1::OpenPersonalAccount> BuildOpenPersonalAccount(const AccountOpenPersonalOptions& opts) {
  v1::OpenPersonalAccount body;
  body.set_id(opts.id);
  auto commitment = ParseHexArg(opts.commitment_hex, "--commitment", 32);
  if (!commitment.ok()) return commitment.status();
  body.set_holder_commitment(*commitment);
  return body;
}

Result<v1::CloseAccount> BuildCloseAccount(const AccountCloseOptions& opts) {
  auto account = ActingAccount(opts.tx);
  if (!account.ok()) return account.status();
  v1::CloseAccount body;
  body.set_account(*account);
  return body;
}

int RunAccountOpen(const AccountOpenOptions& opts, const Io& io) {
  auto body = BuildOpenAccount(opts, io.err);
  if (!body.ok()) {
    // A wrong option is a usage error; an identity file that cannot be read,
    // a failure.
    if (body.status().code() != v1::INVALID_ARGUMENT) return Fail(io, body.status().message());
    return UsageError(io, body.status().message());
  }
  v1::Tx tx;
  *tx.mutable_open_account() = *body;
  return SubmitTx(opts.tx, std::move(tx), io);
}

namespace {

template <typename Options, typename Body>
void Submit(Runner& runner, std::shared_ptr<Options> opts, Result<Body> (*build)(const Options&),
            Body* (v1::Tx::*field)()) {
  runner.action = [&runner, opts, build, field] {
    auto body = build(*opts);
    if (!body.ok()) return UsageError(runner.io, body.status().message());
    v1::Tx tx;
    *(tx.*field)() = *body;
    return SubmitTx(opts->tx, std::move(tx), runner.io);
  };
}

}  // namespace

void AddAccountCommand(CLI::App& app, Runner& runner) {
  CLI::App* account = app.add_subcommand(
      "account", "Manage registry accounts (the registrar opens them after identity checks)");
  account->require_subcommand(1);
  account->footer(
      "Example:\n  lincao account open --key data/dev/keys/registrar.key --id panda-coop "
      "--role project_owner --pubkey-file data/dev/keys/panda-coop.key");
  auto opts = std::make_shared<AccountOpenOptions>();
  CLI::App* open = account->add_subcommand(
      "open",
      "Open a new account (the registrar's job: --key is the registrar's key file). The new "
      "account gets the roles named and one public key; its owner signs with the matching "
      "key file.");
  open->add_option("--id", opts->id, "new account id: 2-64 characters of a-z, 0-9, '.', '_', '-'")
      ->required();
  open->add_option("--role", opts->roles,
                   "role, repeatable, any case (" + RoleChoices() +
                       "); REGISTRAR, SUPERVISOR, EXPERT and PARTNER_REGISTRY are granted "
                       "only by genesis or governance")
      ->required();
  CLI::Option* pk =
      open->add_option("--pubkey", opts->pubkey_hex, "public key of the account, hex");
  CLI::Option* pkf = open->add_option(
      "--pubkey-file", opts->pubkey_file,
      "key file of the new account (from `lincao keys new`); only its public part is used");
  pk->excludes(pkf);
  open->add_option("--key-id", opts->key_id, "key id of --pubkey")
      ->needs(pk)
      ->capture_default_str();
  open->add_option("--threshold", opts->threshold, "distinct keys needed to act")
      ->capture_default_str();
  open->add_option("--name", opts->name, "display name for organisations (never a person's name)");
  AddDocumentHashOptions(open, &opts->identity, "identity",
                         "the identity documents the registrar checked (one file, e.g. a PDF; "
                         "required from chaincode version 2 on, the file stays off chain)");
  AddTxOptions(open, &opts->tx);
  open->footer(
      "Example:\n"
      "  lincao keys new --owner panda-coop --out data/dev/keys/panda-coop.key\n"
      "  lincao account open --key data/dev/keys/registrar.key --id panda-coop \\\n"
      "      --role project_owner --role participant \\\n"
      "      --pubkey-file data/dev/keys/panda-coop.key --name \"Panda Valley forest co-op\" \\\n"
      "      --identity-file panda-coop-registration.pdf");
  open->callback([&runner, opts] {
    runner.action = [&runner, opts] { return RunAccountOpen(*opts, runner.io); };
  });

  auto personal = std::make_shared<AccountOpenPersonalOptions>();
  CLI::App* op = account->add_subcommand(
      "open-personal",
      "Open a custodial personal carbon account (个人碳账户): the service platform's job "
      "(--key is a SERVICE_PLATFORM account's key; chaincode version 2 on). The account holds "
      "PARTICIPANT and no keys: the platform signs for it with its own keys (--for ID). The "
      "person appears only as a salted commitment, never by name or id number.");
  op->add_option("--id", personal->id, "new account id: 2-64 characters of a-z, 0-9, '.', '_', '-'")
      ->required();
  op->add_option("--commitment", personal->commitment_hex,
                 "32-byte salted hash of the person's identity, hex (made and kept by the "
                 "platform)")
      ->required();
  AddTxOptions(op, &personal->tx);
  op->footer(
      "Example:\n"
      "  lincao account open-personal --key data/dev/keys/dd-platform.key --id p-0001 \\\n"
      "      --commitment 24e33f7f22e6e969219c06431cd86dd26e5384f48e4956323cd54228b8e34bd3\n"
      "Acting for it later (the platform signs in its name):\n"
      "  lincao tx retire --for p-0001 --key data/dev/keys/dd-platform.key ...\n"
      "The person takes their own key (custody ends):\n"
      "  lincao account keys add --for p-0001 --key data/dev/keys/dd-platform.key "
      "--pubkey-file p-0001.key");
  op->callback([&runner, personal] {
    Submit(runner, personal, &BuildOpenPersonalAccount, &v1::Tx::mutable_open_personal_account);
  });

  auto close = std::make_shared<AccountCloseOptions>();
  CLI::App* cl = account->add_subcommand(
      "close",
      "Close the acting account for good (the owner of --key, or --for a custodial account, "
      "signed by its custodian). Only an account that holds nothing: no units, no pledged or "
      "frozen units, no personal accounts in its custody; a governing account, a registrar or "
      "a supervisor first loses that authority by governance. A closed account never acts, "
      "signs or receives again; its id is never reused; queries show it closed.");
  AddTxOptions(cl, &close->tx);
  cl->footer(
      "Example:\n"
      "  lincao account close --key data/dev/keys/panda-coop.key\n"
      "  lincao account close --for p-0001 --key data/dev/keys/dd-platform.key");
  cl->callback([&runner, close] {
    Submit(runner, close, &BuildCloseAccount, &v1::Tx::mutable_close_account);
  });
}

}  // namespace lincao::cli
