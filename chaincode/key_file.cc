#include "chaincode/key_file.h"

#include <nlohmann/json.hpp>

namespace lincao {

Result<KeyFile> ParseKeyFile(std::string_view text) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(v1::INVALID_ARGUMENT, "key file is not a JSON object");
  }
  KeyFile k;
  try {
    k.kind = j.value("kind", "account");
    k.owner = j.at("owner").get<std::string>();
    k.key_id = j.value("key_id", 0u);
    k.suite = SuiteFromName(j.value("suite", "ed25519-blake2b"));
    auto pub = FromHex(j.at("public_key").get<std::string>());
    auto sec = FromHex(j.at("secret_key").get<std::string>());
    if (!pub || !sec) return Status(v1::INVALID_ARGUMENT, "key file: keys must be hex");
    k.public_key = *pub;
    k.secret_key = *sec;
  } catch (const json::exception& e) {
    return Status(v1::INVALID_ARGUMENT, std::string("key file: ") + e.what());
  }
  const SignatureSuite* suite = FindSuite(k.suite);
  if (suite == nullptr) return Status(v1::UNKNOWN_SUITE, "key file: unknown suite");
  if (k.public_key.size() != suite->public_key_bytes() ||
      k.secret_key.size() != suite->secret_key_bytes()) {
    return Status(v1::INVALID_ARGUMENT, "key file: key lengths do not match the suite");
  }
  return k;
}

std::string KeyFileToJson(const KeyFile& k) {
  nlohmann::json j = {{"kind", k.kind},
                      {"owner", k.owner},
                      {"key_id", k.key_id},
                      {"suite", std::string(SuiteName(k.suite))},
                      {"public_key", ToHex(k.public_key)},
                      {"secret_key", ToHex(k.secret_key)}};
  return j.dump(2) + "\n";
}

Result<KeyFile> GenerateKeyFile(std::string kind, std::string owner, uint32_t key_id,
                                v1::Suite suite_id) {
  const SignatureSuite* suite = FindSuite(suite_id);
  if (suite == nullptr) return Status(v1::UNKNOWN_SUITE, "suite not available in this build");
  KeyPair kp = suite->GenerateKeyPair();
  return KeyFile{std::move(kind), std::move(owner), key_id, suite_id, kp.public_key, kp.secret_key};
}

}  // namespace lincao
