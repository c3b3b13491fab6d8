// Signatures known to verify, so that apply does not check them twice.
//
// A node verifies each transaction's signatures at admission, or on its
// verify threads before a committed batch is applied, and remembers the facts
// in a bounded cache (chaincode/verified_signatures.h). An auditor replaying a
// ledger (tools/audit/chain_verifier.h) checks the signatures of the blocks
// ahead on every core. Either way BuildBlock then runs with the memo: it still
// runs every rule (key lookup, suite, order, threshold, against state at that
// point), and only the signature equation of a signature the memo holds is
// not computed again.
//
// A memo answers true only for a tuple that verifies (Verify is a pure
// function of suite, key, message and signature), so blocks are
// byte-identical with or without one; a wrong "false" only costs time.
//
// Thread-safety: implementations say; Verified and Learn may be called from
// several threads at once on a node.
#pragma once

#include <string_view>

#include "lincao/v1/tx.pb.h"

namespace lincao {

class SignatureMemo {
 public:
  virtual ~SignatureMemo() = default;
  // True when `suite`'s Verify(public_key, message, signature) is known to hold.
  virtual bool Verified(v1::Suite suite, std::string_view public_key, std::string_view message,
                        std::string_view signature) const = 0;
  // Told of a signature that has just verified. A memo that learns keeps
  // this as its own internal, synchronised bookkeeping, which is why the call
  // is const: a caller's view of the memo does not change. Default: nothing.
  virtual void Learn(v1::Suite /*suite*/, std::string_view /*public_key*/,
                     std::string_view /*message*/, std::string_view /*signature*/) const {}
};

}  // namespace lincao
