// The offline retirement certificate (cert.json) and the membership file:
// what `lincao certificate get` writes, what `lincao verify certificate`
// checks without any node, and what `lincao audit membership` exports.
// Formats in docs/formats.md ("Retirement certificate file", "Membership
// file"); the walkthrough in docs/audit.md ("Offline retirement
// certificates").
//
// What a verified certificate proves: the retiring transaction, as signed
// by its authors, and its result (OK, created_id = the retirement id) are
// in a block whose header hashes to the block hash that a majority of the
// chain's voters in force signed; the voters are those of the trusted
// genesis (its hash given by the auditor) or of a membership file for that
// genesis, and they are the voters the header itself commits to
// (membership_hash). The quantity, holder, beneficiary and purpose come
// from the signed transaction; the serial ranges in the node's record are
// shown but are state, which no proof here covers.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/records.h"
#include "chaincode/status.h"
#include "lincao/v1/audit.pb.h"
#include "lincao/v1/state.pb.h"

namespace lincao::audit {

inline constexpr std::string_view kRetirementCertificateFormat = "lincao-retirement-certificate/1";
inline constexpr std::string_view kMembershipFormat = "lincao-membership/1";

struct RetirementCertificate {
  uint64_t retirement_id = 0;
  std::string chain_id;
  v1::RetirementRecord record;  // as the node stated it (informational)
  v1::TxProof proof;            // tx, result, paths, header, next block's last_commit
  std::string genesis_json;     // the chain's genesis.json, when bundled (else empty)
};

std::string RetirementCertificateToJson(const RetirementCertificate& cert);
// INVALID_ARGUMENT naming what is missing or malformed.
Result<RetirementCertificate> ParseRetirementCertificate(std::string_view json);

// The voters in force for block `height` of the chain with `genesis_hash`.
struct Membership {
  std::string chain_id;
  Hash32 genesis_hash{};
  uint64_t height = 0;
  std::vector<NodeRecord> voters;  // ascending node id
};

std::string MembershipToJson(const Membership& m);
Result<Membership> ParseMembership(std::string_view json);

struct CertificateVerdict {
  uint64_t retirement_id = 0;
  uint64_t height = 0;
  Hash32 block_hash{};
  uint32_t signers = 0;
  uint32_t voters = 0;
  // One line saying what was proven.
  std::string statement;
};

// Checks `cert` fully offline against the trusted genesis hash. Voters come
// from `membership` when given, else from the genesis bundled in the
// certificate (which must hash to `genesis_hash`). CERTIFICATE_INVALID
// naming the first failed check; CERTIFICATE_PENDING when the certificate
// carries no commit certificate (its block was the head when fetched).
Result<CertificateVerdict> VerifyRetirementCertificate(const RetirementCertificate& cert,
                                                       const Hash32& genesis_hash,
                                                       const Membership* membership);

}  // namespace lincao::audit
