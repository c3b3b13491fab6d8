#include "tools/cli/account_cmd.h"

#include <memory>

#include "tools/cli/keys_cmd.h"
#include "tools/cli/names.h"
#include "tools/cli/values.h"

namespace lincao::cli {

Result<v1::OpenAccount> BuildOpenAccount(const AccountOpenOptions& opts) {
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
  return body;
}

int RunAccountOpen(const AccountOpenOptions& opts, const Io& io) {
  auto body = BuildOpenAccount(opts);
  if (!body.ok()) return UsageError(io, body.status().message());
  v1::Tx tx;
  *tx.mutable_open_account() = *body;
  return SubmitTx(opts.tx, std::move(tx), io);
}

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
  AddTxOptions(open, &opts->tx);
  open->footer(
      "Example:\n"
      "  lincao keys new --owner panda-coop --out data/dev/keys/panda-coop.key\n"
      "  lincao account open --key data/dev/keys/registrar.key --id panda-coop \\\n"
      "      --role project_owner --role participant \\\n"
      "      --pubkey-file data/dev/keys/panda-coop.key --name \"Panda Valley forest co-op\"");
  open->callback([&runner, opts] {
    runner.action = [&runner, opts] { return RunAccountOpen(*opts, runner.io); };
  });
}

}  // namespace lincao::cli
