// Checking, in the CLI, a block certificate that a node sent with an answer
// (`lincao audit proof`, `lincao audit state-root`): its signatures against
// the voters the block's header commits to (membership_hash). The voters'
// keys come from the node's current membership and count only when they
// hash to the header's membership_hash, so a node cannot pass off other
// keys; whether those voters are the chain's own is what `lincao audit
// verify` (from the genesis) or `lincao verify certificate` (genesis or
// membership file) settles.
#pragma once

#include <string>

#include "chaincode/status.h"
#include "lincao/v1/block.pb.h"
#include "tools/cli/client.h"

namespace lincao::cli {

// A sentence for the user about `certificate` (nullptr or empty: none yet),
// or CERTIFICATE_INVALID when its signatures do not check out.
Result<std::string> CheckNodeCertificate(NodeClient& node, const v1::BlockHeader& header,
                                         const v1::Commit* certificate);

}  // namespace lincao::cli
