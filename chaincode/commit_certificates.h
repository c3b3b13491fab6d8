// Checking a commit certificate against the voters in force for its block
// (docs/formats.md, "Commit certificates"), with a reason a person can act
// on when it fails. BuildBlock judges the certificate a batch carries with
// the same rule but only needs yes or no; auditors and the CLI need to know
// which signature failed, so this is the explaining form. Used by `lincao
// audit verify`, the offline retirement certificate and every CLI path that
// receives a certificate.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"
#include "lincao/v1/block.pb.h"

namespace lincao {

class SignatureMemo;

// Checks that `commit` certifies block `height` with hash `block_hash` of
// chain `chain_id`: it names that height and hash, its signatures are in
// strictly ascending node id order, each by a voter of `voters` (the voters
// in force for block `height`: the state after height - 1) with that
// voter's suite, each verifies over CommitSigningMessage, and more than half
// of the voters signed. Returns the number of signatures, or
// CERTIFICATE_INVALID naming the first failed rule (the empty certificate
// fails: it certifies nothing). `memo` (chaincode/signature_memo.h) may
// vouch for signatures already verified.
Result<uint32_t> VerifyCommitCertificate(const SignatureSuite& suite, std::string_view chain_id,
                                         uint64_t height, const Hash32& block_hash,
                                         const v1::Commit& commit,
                                         const std::vector<NodeRecord>& voters,
                                         const SignatureMemo* memo = nullptr);

}  // namespace lincao
