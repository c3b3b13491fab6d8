// Who may call the Audit service (docs/interfaces.md, "Audit access").
//
// With `[audit] public = true` in lincaod.toml anyone may: the ledger is
// public and every Audit call is answered. Otherwise each call must carry
// the four metadata entries of chaincode/audit_call.h, signed by a current
// key of an account that, in this node's committed state, holds the AUDITOR
// role, is open and has no sanction in force (a suspension limited to
// sectors concerns only expert and verifier work, so it does not count).
// The signed time must lie within kAuditMaxClockSkewMs of the node's clock:
// a captured call is worth something only for that long, only for that
// method and only on this chain. Streams are checked once, when they open.
//
// Refusals carry the 51x codes (docs/errors.md) and say what to fix.
//
// Thread-safety: Check and Authorize from any thread (reads the ledger's
// committed state, which is thread-safe).
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <optional>
#include <string>

#include "chaincode/audit_call.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"

namespace lincao::node {

// How far the signed lincao-time-ms may be from the node's clock, either way.
inline constexpr uint64_t kAuditMaxClockSkewMs = 60'000;

// The credentials of a call: nullopt when the call carries none of the four
// entries, AUDIT_CREDENTIALS_MALFORMED when it carries some but not all, or
// a value that does not parse.
Result<std::optional<AuditCallCredentials>> ReadAuditCredentials(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata);

class AuditAuth {
 public:
  // `state` is the node's committed state; `chain_id` and `suite` the chain's.
  AuditAuth(bool public_ledger, std::string chain_id, const SignatureSuite& suite,
            const StateReader& state)
      : public_(public_ledger), chain_id_(std::move(chain_id)), suite_(suite), state_(state) {}

  bool public_ledger() const { return public_; }

  // OK when a call of `method` (the full gRPC path) with `creds` may go on at
  // node time `now_ms`. In public mode every call may, credentials or not.
  Status Check(const std::optional<AuditCallCredentials>& creds, std::string_view method,
               uint64_t now_ms) const;

  // Check() on a server call: its metadata, the wall clock; logs refusals.
  Status Authorize(const grpc::ServerContext& ctx, std::string_view method) const;

 private:
  const bool public_;
  const std::string chain_id_;
  const SignatureSuite& suite_;
  const StateReader& state_;
};

}  // namespace lincao::node
