// The peer handshake: how two registry nodes prove to each other, when a
// peer stream opens, that each holds the node key genesis records for the
// node id it claims. Each side sends a fresh 32-byte nonce and signs
//
//   str("lincao/peer/v1") str(chain_id) str(signer id) str(other id)
//   str(other's nonce) str(own nonce)
//
// with its node key; each checks the other's signature over its own nonce.
// A recorded handshake is useless later (the nonce is fresh), on another
// chain (chain id), or towards another node (both ids are signed).
//
// Thread-safety: stateless functions over immutable inputs.
#pragma once

#include <string>

#include "chaincode/key_file.h"
#include "chaincode/suite.h"
#include "lincao/v1/peer.pb.h"
#include "node/members.h"

namespace lincao::node {

inline constexpr size_t kPeerNonceBytes = 32;

std::string NewPeerNonce();

Bytes PeerHandshakeMessage(std::string_view chain_id, std::string_view signer,
                           std::string_view other, std::string_view other_nonce,
                           std::string_view own_nonce);

// Signs for `self` (its node key) towards `other`.
std::string SignPeerHandshake(const SignatureSuite& suite, const KeyFile& key,
                              std::string_view chain_id, std::string_view other,
                              std::string_view other_nonce, std::string_view own_nonce);

// Checks `signature` by member `signer` (its genesis key) towards `self`,
// over `self_nonce` (ours) and `signer_nonce` (theirs).
bool VerifyPeerHandshake(const SignatureSuite& suite, const Member& signer,
                         std::string_view chain_id, std::string_view self,
                         std::string_view self_nonce, std::string_view signer_nonce,
                         std::string_view signature);

}  // namespace lincao::node
