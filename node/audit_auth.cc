#include "node/audit_auth.h"

#include <charconv>

#include "chaincode/governance_records.h"
#include "chaincode/records.h"
#include "node/committer.h"
#include "node/log.h"

namespace lincao::node {
namespace {

std::optional<std::string> Entry(const std::multimap<grpc::string_ref, grpc::string_ref>& md,
                                 std::string_view key) {
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

template <typename T>
std::optional<T> Decimal(const std::string& s) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

Status Malformed(const std::string& what) {
  return Status(v1::AUDIT_CREDENTIALS_MALFORMED,
                what +
                    "; an audit call carries lincao-account, lincao-key-id (decimal), "
                    "lincao-time-ms (decimal unix ms) and lincao-signature (hex), as "
                    "`lincao audit ... --key KEYFILE` sends them (docs/interfaces.md)");
}

}  // namespace

Result<std::optional<AuditCallCredentials>> ReadAuditCredentials(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  auto account = Entry(metadata, kAuditAccountHeader);
  auto key_id = Entry(metadata, kAuditKeyIdHeader);
  auto time_ms = Entry(metadata, kAuditTimeHeader);
  auto signature = Entry(metadata, kAuditSignatureHeader);
  if (!account && !key_id && !time_ms && !signature) return std::optional<AuditCallCredentials>();
  if (!account || !key_id || !time_ms || !signature) {
    return Malformed("the call carries only some of the audit metadata");
  }
  AuditCallCredentials c;
  c.account = *account;
  auto k = Decimal<uint32_t>(*key_id);
  if (!k) return Malformed("lincao-key-id is not a decimal number");
  c.key_id = *k;
  auto t = Decimal<uint64_t>(*time_ms);
  if (!t) return Malformed("lincao-time-ms is not a decimal number");
  c.time_ms = *t;
  auto sig = FromHex(*signature);
  if (!sig) return Malformed("lincao-signature is not hex");
  c.signature = std::move(*sig);
  return std::optional<AuditCallCredentials>(std::move(c));
}

Status AuditAuth::Check(const std::optional<AuditCallCredentials>& creds, std::string_view method,
                        uint64_t now_ms) const {
  if (public_) return Status::Ok();
  if (!creds) {
    return Status(v1::AUDIT_CREDENTIALS_MISSING,
                  "this node serves the Audit service to AUDITOR accounts only; sign the call "
                  "with an auditor's key (`lincao audit ... --key KEYFILE`), or ask the operator "
                  "to set [audit] public = true");
  }
  const uint64_t skew = now_ms > creds->time_ms ? now_ms - creds->time_ms : creds->time_ms - now_ms;
  if (skew > kAuditMaxClockSkewMs) {
    return Status(v1::AUDIT_TIME_SKEW,
                  "lincao-time-ms " + std::to_string(creds->time_ms) + " is " +
                      std::to_string(skew) + " ms from this node's clock (" +
                      std::to_string(now_ms) + "); at most " +
                      std::to_string(kAuditMaxClockSkewMs) +
                      " ms are accepted: sign each call afresh and keep the client's clock in "
                      "sync (NTP)");
  }
  auto account = LoadRecord<AccountRecord>(state_, keys::Account(creds->account));
  if (!account.ok()) return account.status();
  if (!account->has_value()) {
    return Status(v1::AUDIT_SIGNATURE_INVALID,
                  "account '" + creds->account + "' does not exist on chain " + chain_id_);
  }
  const AccountRecord& acc = **account;
  const AccountKeyRecord* key = acc.FindKey(creds->key_id);
  if (key == nullptr || key->suite != suite_.id()) {
    return Status(v1::AUDIT_SIGNATURE_INVALID, "key id " + std::to_string(creds->key_id) +
                                                   " is not a current key of '" + creds->account +
                                                   "'; `lincao query account " + creds->account +
                                                   "` lists its keys");
  }
  const Bytes message =
      AuditCallMessage(chain_id_, method, creds->time_ms, creds->account, creds->key_id);
  if (!suite_.Verify(key->public_key, message, creds->signature)) {
    return Status(v1::AUDIT_SIGNATURE_INVALID,
                  "the signature does not verify with key " + std::to_string(creds->key_id) +
                      " of '" + creds->account + "' over chain " + chain_id_ + ", method " +
                      std::string(method) +
                      " and the time sent: sign with that key's file, for this chain");
  }
  if (acc.closed()) {
    return Status(v1::AUDITOR_DISABLED, "account '" + creds->account + "' was closed in block " +
                                            std::to_string(acc.closed_height) +
                                            "; a closed account reads nothing");
  }
  if (!acc.HasRole(v1::AUDITOR)) {
    return Status(v1::NOT_AUDITOR,
                  "account '" + creds->account +
                      "' does not hold the AUDITOR role; governance grants it (`lincao gov "
                      "role grant " +
                      creds->account + " auditor`, docs/governance.md)");
  }
  auto sanction = LoadRecord<SanctionRecord>(state_, keys::Sanction(creds->account));
  if (!sanction.ok()) return sanction.status();
  if (sanction->has_value() && (*sanction)->sectors_mask == 0) {
    return Status(v1::AUDITOR_DISABLED,
                  "account '" + creds->account + "' is under a sanction imposed by " +
                      (*sanction)->authority + " (reason: " + (*sanction)->reason +
                      "); `lincao query governance` shows it");
  }
  return Status::Ok();
}

Status AuditAuth::Authorize(const grpc::ServerContext& ctx, std::string_view method) const {
  if (public_) return Status::Ok();
  auto creds = ReadAuditCredentials(ctx.client_metadata());
  Status st = creds.ok() ? Check(*creds, method, WallClockMs()) : creds.status();
  if (!st.ok()) {
    spdlog::info("event=audit_refused method={} peer={} account={} code={}", method, ctx.peer(),
                 creds.ok() && *creds ? Quoted((*creds)->account) : "-", st.code_name());
  }
  return st;
}

}  // namespace lincao::node
