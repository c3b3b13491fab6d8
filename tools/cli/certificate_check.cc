#include "tools/cli/certificate_check.h"

#include <algorithm>
#include "chaincode/block.h"

#include "chaincode/commit_certificates.h"

namespace lincao::cli {

Result<std::string> CheckNodeCertificate(NodeClient& node, const v1::BlockHeader& header,
                                         const v1::Commit* certificate) {
  if (certificate == nullptr || certificate->signatures_size() == 0) {
    return std::string("no certificate yet (the block is the head; ask again later)");
  }
  const SignatureSuite& suite = DefaultSuite();
  v1::Governance gov;
  if (auto err = node.GetGovernance(&gov)) {
    return Status(v1::CERTIFICATE_INVALID,
                  "could not read the node's membership to check the certificate: " + err->message);
  }
  std::vector<NodeRecord> voters;
  for (const auto& m : gov.members()) {
    if (m.voter()) voters.push_back({m.id(), m.suite(), m.public_key(), true});
  }
  std::sort(voters.begin(), voters.end(),
            [](const NodeRecord& a, const NodeRecord& b) { return a.id < b.id; });
  if (header.membership_hash() != AsView(MembershipHash(suite, voters))) {
    return std::string(
        "a certificate with " + std::to_string(certificate->signatures_size()) +
        " signatures came with it, not checked here: the voters in force for that block are "
        "not today's (membership changed); `lincao audit verify` checks it");
  }
  auto signers = VerifyCommitCertificate(suite, header.chain_id(), header.height(),
                                         BlockHash(suite, header), *certificate, voters);
  if (!signers.ok()) return signers.status();
  return std::string("certified by " + std::to_string(*signers) + " of " +
                     std::to_string(voters.size()) +
                     " voters (signatures checked against the voters the header commits to; "
                     "that they are the chain's own is what `lincao audit verify` settles from "
                     "the genesis)");
}

}  // namespace lincao::cli
