#include "chaincode/commit_certificates.h"

#include <algorithm>
#include <string>

#include "chaincode/block.h"
#include "chaincode/signature_memo.h"

namespace lincao {

Result<uint32_t> VerifyCommitCertificate(const SignatureSuite& suite, std::string_view chain_id,
                                         uint64_t height, const Hash32& block_hash,
                                         const v1::Commit& commit,
                                         const std::vector<NodeRecord>& voters,
                                         const SignatureMemo* memo) {
  auto invalid = [&](const std::string& why) {
    return Status(v1::CERTIFICATE_INVALID,
                  "the certificate of block " + std::to_string(height) + " " + why);
  };
  if (commit.signatures().empty()) return invalid("carries no signatures");
  if (commit.height() != height) {
    return invalid("names height " + std::to_string(commit.height()));
  }
  if (commit.block_hash() != AsView(block_hash)) {
    return invalid("names block hash " + ToHex(commit.block_hash()) + ", not " + ToHex(block_hash));
  }
  const Bytes message = CommitSigningMessage(chain_id, height, block_hash);
  const std::string* last_signer = nullptr;
  for (const auto& sig : commit.signatures()) {
    if (last_signer != nullptr && !(*last_signer < sig.node_id())) {
      return invalid("lists node '" + sig.node_id() + "' after '" + *last_signer +
                     "': signatures must be in strictly ascending node id order");
    }
    last_signer = &sig.node_id();
    auto node = std::find_if(voters.begin(), voters.end(),
                             [&](const NodeRecord& v) { return v.id == sig.node_id(); });
    if (node == voters.end()) {
      return invalid("carries a signature by '" + sig.node_id() +
                     "', which is not a voter in force for that block");
    }
    if (sig.suite() != node->suite) {
      return invalid("carries a signature by '" + sig.node_id() + "' in suite " +
                     std::string(SuiteName(sig.suite())) + ", not the node's suite");
    }
    const bool known_good =
        memo != nullptr && memo->Verified(node->suite, node->public_key, message, sig.signature());
    if (!known_good && !suite.Verify(node->public_key, message, sig.signature())) {
      return invalid("carries a signature by '" + sig.node_id() +
                     "' that does not verify over (chain " + std::string(chain_id) +
                     ", height, block hash)");
    }
  }
  const auto n = static_cast<uint32_t>(commit.signatures_size());
  if (static_cast<size_t>(n) * 2 <= voters.size()) {
    return invalid("is signed by " + std::to_string(n) + " of " + std::to_string(voters.size()) +
                   " voters, not a majority");
  }
  return n;
}

}  // namespace lincao
