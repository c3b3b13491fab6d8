// Signatures known to verify, so that apply can skip checking them again.
// An auditor replaying a ledger (chaincode/chain_verifier.h) checks the
// signatures of the blocks ahead on every core, then replays sequentially
// through BuildBlock with the memo: BuildBlock still runs every rule (key
// lookup, suite, order, threshold), and only the Ed25519 equation of a
// signature the memo holds is not computed twice. A memo must answer true
// only for a triple that verifies; a wrong "false" only costs time.
//
// Thread-safety: implementations say; BuildBlock only reads.
#pragma once

#include <string_view>

namespace lincao {

class SignatureMemo {
 public:
  virtual ~SignatureMemo() = default;
  // True when Verify(public_key, message, signature) is known to hold.
  virtual bool Verified(std::string_view public_key, std::string_view message,
                        std::string_view signature) const = 0;
};

}  // namespace lincao
