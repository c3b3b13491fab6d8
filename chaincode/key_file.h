// Key files: one JSON object per key, written by `lincao keys new` and read
// by the CLI (account keys) and lincaod (node keys). Files hold the secret
// key in hex and are created with mode 0600 by the tools. The format is
// specified in docs/interfaces.md ("Key files").
//   {"kind": "account"|"node", "owner": "<account or node id>", "key_id": 0,
//    "suite": "ed25519-blake2b", "public_key": "<hex>", "secret_key": "<hex>"}
#pragma once

#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/status.h"
#include "chaincode/tx.h"

namespace lincao {

struct KeyFile {
  std::string kind = "account";
  std::string owner;
  uint32_t key_id = 0;
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  Bytes public_key;
  Bytes secret_key;

  SigningKey ToSigningKey() const { return {owner, key_id, suite, secret_key}; }
};

Result<KeyFile> ParseKeyFile(std::string_view json);
std::string KeyFileToJson(const KeyFile& key);
// A new key pair in `suite` (OS randomness: tools only).
Result<KeyFile> GenerateKeyFile(std::string kind, std::string owner, uint32_t key_id,
                                v1::Suite suite);

}  // namespace lincao
