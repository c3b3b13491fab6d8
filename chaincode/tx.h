// The transaction model at the byte level: decoding a SignedTx with shape
// checks, the tx id, the signing message, signing, and signature checks
// against account key sets in state.
//
// A Tx is serialized once by its author; SignedTx.tx carries those bytes.
// tx id = H(SignedTx.tx) in the chain's suite; each signature is over
// "lincao/tx/v1" || SignedTx.tx. Nothing here re-serializes a Tx.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

class SignatureMemo;

inline constexpr std::string_view kTxSigningTag = "lincao/tx/v1";

struct DecodedTx {
  v1::SignedTx signed_tx;
  v1::Tx tx;
  Hash32 id{};
};

Hash32 ComputeTxId(const SignatureSuite& suite, std::string_view tx_bytes);
Bytes TxSigningMessage(std::string_view tx_bytes);

// Parses SignedTx bytes and the Tx inside and checks shape: size bound, both
// the canonical protobuf encoding (strict_protobuf.h: one valid byte string
// per transaction), nonce length, body present, 1..kMaxSignaturesPerTx
// signatures. No state, no clock. The second form judges an already parsed
// SignedTx by the bytes it re-encodes to.
Result<DecodedTx> DecodeSignedTx(std::string_view bytes, size_t max_tx_bytes,
                                 const SignatureSuite& suite);
Result<DecodedTx> DecodeSignedTx(const v1::SignedTx& signed_tx, size_t max_tx_bytes,
                                 const SignatureSuite& suite);

// Chain id and the expiry window against chain time `now_ms`:
// now_ms < expiry_ms <= now_ms + horizon_ms.
Status CheckChainAndExpiry(const v1::Tx& tx, std::string_view chain_id, uint64_t now_ms,
                           uint64_t horizon_ms);

// Cosigners (Tx field 5) are at most kMaxCosigners, strictly ascending and
// never the acting account (BAD_COSIGNERS). Part of the shape check.
Status CheckCosigners(const v1::Tx& tx);

// The acting account and every cosigner exist; every signature is in the
// name of one of them (made with its keys, or for a custodial account with
// its custodian's keys: chaincode/custody.h), grouped by account in that
// order with key ids strictly ascending (SIGNATURES_OUT_OF_ORDER,
// DUPLICATE_SIGNATURE), with a known key of the right suite, and verifies;
// each account's distinct keys meet its own threshold, or its custodian's
// (THRESHOLD_NOT_MET names every account still short, and which of its keys
// have not signed). `memo`, when given, names signatures already verified
// (chaincode/signature_memo.h): those skip the signature equation, every other
// rule runs as without it, and each signature verified here is told to it.
Status VerifySignatures(const DecodedTx& dtx, const StateReader& state,
                        const SignatureMemo* memo = nullptr);

// Builds a SignedTx: serializes `tx` once and signs with each key.
struct SigningKey {
  std::string account;
  uint32_t key_id = 0;
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  Bytes secret_key;
};
Result<v1::SignedTx> SignTx(const v1::Tx& tx, const std::vector<SigningKey>& keys);

}  // namespace lincao
