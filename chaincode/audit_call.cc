#include "chaincode/audit_call.h"

#include "chaincode/canonical.h"
#include "chaincode/suite.h"

namespace lincao {

Bytes AuditCallMessage(std::string_view chain_id, std::string_view method, uint64_t time_ms,
                       std::string_view account, uint32_t key_id) {
  return CanonicalWriter()
      .Str("lincao/audit-call/v1")
      .Str(chain_id)
      .Str(method)
      .U64(time_ms)
      .Str(account)
      .U32(key_id)
      .Take();
}

Result<AuditCallCredentials> SignAuditCall(const KeyFile& key, std::string_view chain_id,
                                           std::string_view method, uint64_t time_ms) {
  if (key.kind != "account") {
    return Status(v1::INVALID_ARGUMENT, "the key file of '" + key.owner + "' is a " + key.kind +
                                            " key; audit calls are signed with an account key");
  }
  const SignatureSuite* suite = FindSuite(key.suite);
  if (suite == nullptr) return Status(v1::UNKNOWN_SUITE, "the key file's suite is not implemented");
  AuditCallCredentials c;
  c.account = key.owner;
  c.key_id = key.key_id;
  c.time_ms = time_ms;
  c.signature = suite->Sign(key.secret_key,
                            AuditCallMessage(chain_id, method, time_ms, key.owner, key.key_id));
  return c;
}

}  // namespace lincao
