// How an auditor signs an Audit call (docs/interfaces.md, "Audit access").
// Each call carries four metadata entries; the signature covers a
// domain-separated message naming the chain, the gRPC method and the time,
// so a signature made for one chain, one method or one moment is worth
// nothing for another. The node checks it (node/audit_auth.h); the CLI
// makes it. Kept here, beside the other signing messages, because client and
// node must build exactly the same bytes.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/key_file.h"
#include "chaincode/status.h"

namespace lincao {

// Metadata keys of a signed Audit call (values are ASCII).
inline constexpr std::string_view kAuditAccountHeader = "lincao-account";      // account id
inline constexpr std::string_view kAuditKeyIdHeader = "lincao-key-id";         // decimal
inline constexpr std::string_view kAuditTimeHeader = "lincao-time-ms";         // decimal unix ms
inline constexpr std::string_view kAuditSignatureHeader = "lincao-signature";  // hex

// What the auditor's key signs:
//   str("lincao/audit-call/v1") str(chain_id) str(method) u64(time_ms)
//   str(account) u32(key_id)
// where `method` is the full gRPC path, e.g. "/lincao.v1.Audit/GetProof".
Bytes AuditCallMessage(std::string_view chain_id, std::string_view method, uint64_t time_ms,
                       std::string_view account, uint32_t key_id);

// The four metadata values of one signed call.
struct AuditCallCredentials {
  std::string account;
  uint32_t key_id = 0;
  uint64_t time_ms = 0;
  Bytes signature;
};

// Signs a call with an account key file (INVALID_ARGUMENT for a node key or
// an unknown suite).
Result<AuditCallCredentials> SignAuditCall(const KeyFile& key, std::string_view chain_id,
                                           std::string_view method, uint64_t time_ms);

}  // namespace lincao
