#include "tools/cli/keys_cmd.h"

#include <sys/stat.h>

#include <memory>

#include "tools/cli/files.h"
#include "tools/cli/json_out.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

constexpr unsigned kSecretFileMode = 0600;

Json KeyJson(const KeyFile& k, const std::string& path) {
  return Json{{"file", path},
              {"kind", k.kind},
              {"owner", k.owner},
              {"key_id", k.key_id},
              {"suite", std::string(SuiteName(k.suite))},
              {"public_key", ToHex(k.public_key)}};
}

void PrintKey(const KeyFile& k, const Io& io) {
  io.out << "owner       " << k.owner << "\n"
         << "kind        " << k.kind << "\n"
         << "key id      " << k.key_id << "\n"
         << "suite       " << SuiteName(k.suite) << "\n"
         << "public key  " << ToHex(k.public_key) << "\n";
}

}  // namespace

Result<KeyFile> LoadKeyFile(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  auto key = ParseKeyFile(*text);
  if (!key.ok()) return Status(key.status().code(), path + ": " + key.status().message());
  return key;
}

int RunKeysNew(const KeysNewOptions& opts, const Io& io) {
  if (!LooksLikeId(opts.owner)) {
    return UsageError(io, "--owner '" + opts.owner +
                              "' is not a valid id: 2-64 characters of a-z, 0-9, '.', '_', '-', "
                              "starting with a letter or digit");
  }
  auto key = GenerateKeyFile(opts.kind, opts.owner, opts.key_id, v1::SUITE_ED25519_BLAKE2B);
  if (!key.ok()) return Fail(io, key.status().ToString());
  Status st = WriteFile(opts.out, KeyFileToJson(*key), kSecretFileMode, Overwrite::kNever);
  if (!st.ok()) return Fail(io, st.message());
  if (opts.json) {
    io.out << JsonLine(KeyJson(*key, opts.out));
  } else {
    io.out << "wrote " << opts.out << " (mode 0600; keep it secret)\n";
    PrintKey(*key, io);
  }
  return kExitOk;
}

int RunKeysShow(const std::string& path, bool json, const Io& io) {
  auto key = LoadKeyFile(path);
  if (!key.ok()) return Fail(io, key.status().message());
  struct stat sb {};
  if (::stat(path.c_str(), &sb) == 0 && (sb.st_mode & 077) != 0) {
    io.err << "warning: " << path << " is readable by other users; run: chmod 600 " << path << "\n";
  }
  if (json) {
    io.out << JsonLine(KeyJson(*key, path));
  } else {
    PrintKey(*key, io);
  }
  return kExitOk;
}

void AddKeysCommand(CLI::App& app, Runner& runner) {
  CLI::App* keys = app.add_subcommand(
      "keys",
      "Create and inspect key files: one Ed25519 key pair per file, for an account or a node");
  keys->require_subcommand(1);
  keys->footer("Example:\n  lincao keys new --owner panda-coop --out data/dev/keys/panda-coop.key");

  auto nopts = std::make_shared<KeysNewOptions>();
  CLI::App* knew = keys->add_subcommand(
      "new",
      "Generate a new Ed25519 key pair and write it to a key file (mode 0600). The file holds "
      "the secret key: whoever has it can sign for the owner. An existing file is never "
      "overwritten.");
  knew->add_option("--owner", nopts->owner, "account or node id the key belongs to")->required();
  knew->add_option("--kind", nopts->kind, "account key (signs transactions) or node key")
      ->check(CLI::IsMember({"account", "node"}))
      ->capture_default_str();
  knew->add_option("--key-id", nopts->key_id, "key id within the owner's key set")
      ->capture_default_str();
  knew->add_option("--out", nopts->out, "key file to create (parent folders are created)")
      ->required();
  knew->add_flag("--json", nopts->json, "print the result as one JSON object");
  knew->footer(
      "Example:\n"
      "  lincao keys new --owner panda-coop --out data/dev/keys/panda-coop.key\n"
      "Then have the registrar open the account with --pubkey-file pointing at this file.");
  knew->callback([&runner, nopts] {
    runner.action = [&runner, nopts] { return RunKeysNew(*nopts, runner.io); };
  });

  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* kshow = keys->add_subcommand(
      "show", "Print a key file's owner, kind, key id, suite and public key (never the secret).");
  kshow->add_option("FILE", *path, "key file")->required();
  kshow->add_flag("--json", *json, "print the result as one JSON object");
  kshow->footer("Example:\n  lincao keys show data/dev/keys/registrar.key");
  kshow->callback([&runner, path, json] {
    runner.action = [&runner, path, json] { return RunKeysShow(*path, *json, runner.io); };
  });
}

}  // namespace lincao::cli
