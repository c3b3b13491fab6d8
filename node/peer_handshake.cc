#include "node/peer_handshake.h"

#include <sodium.h>

#include "chaincode/canonical.h"

namespace lincao::node {

std::string NewPeerNonce() {
  std::string nonce(kPeerNonceBytes, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  return nonce;
}

Bytes PeerHandshakeMessage(std::string_view chain_id, std::string_view signer,
                           std::string_view other, std::string_view other_nonce,
                           std::string_view own_nonce) {
  CanonicalWriter w;
  w.Str("lincao/peer/v1").Str(chain_id).Str(signer).Str(other).Str(other_nonce).Str(own_nonce);
  return w.Take();
}

std::string SignPeerHandshake(const SignatureSuite& suite, const KeyFile& key,
                              std::string_view chain_id, std::string_view other,
                              std::string_view other_nonce, std::string_view own_nonce) {
  return suite.Sign(key.secret_key,
                    PeerHandshakeMessage(chain_id, key.owner, other, other_nonce, own_nonce));
}

bool VerifyPeerHandshake(const SignatureSuite& suite, const Member& signer,
                         std::string_view chain_id, std::string_view self,
                         std::string_view self_nonce, std::string_view signer_nonce,
                         std::string_view signature) {
  if (self_nonce.size() != kPeerNonceBytes || signer_nonce.size() != kPeerNonceBytes) return false;
  return suite.Verify(
      signer.record.public_key,
      PeerHandshakeMessage(chain_id, signer.node_id, self, self_nonce, signer_nonce), signature);
}

}  // namespace lincao::node
