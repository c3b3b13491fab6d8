#include "chaincode/tx.h"

#include <set>

#include "chaincode/custody.h"
#include "chaincode/governance_records.h"
#include "chaincode/limits.h"
#include "chaincode/signature_memo.h"
#include "chaincode/strict_protobuf.h"

namespace lincao {
namespace {

// Tx fields 1-9 are the header (5-9 reserved); bodies start at 10 (tx.proto).
constexpr uint32_t kFirstBodyField = 10;

}  // namespace

Status CheckCosigners(const v1::Tx& tx) {
  if (static_cast<size_t>(tx.cosigners_size()) > kMaxCosigners) {
    return Status(v1::BAD_COSIGNERS,
                  "at most " + std::to_string(kMaxCosigners) + " cosigners per transaction");
  }
  for (int i = 0; i < tx.cosigners_size(); ++i) {
    const std::string& c = tx.cosigners(i);
    if (c == tx.account()) {
      return Status(v1::BAD_COSIGNERS, "the acting account '" + c + "' is not also a cosigner");
    }
    // One order only: two lists naming the same accounts would be two
    // different transactions meaning the same thing.
    if (i > 0 && c <= tx.cosigners(i - 1)) {
      return Status(v1::BAD_COSIGNERS, "cosigners must be listed once each, in ascending order");
    }
  }
  return Status::Ok();
}

Hash32 ComputeTxId(const SignatureSuite& suite, std::string_view tx_bytes) {
  return suite.Hash(tx_bytes);
}

Bytes TxSigningMessage(std::string_view tx_bytes) {
  Bytes m;
  m.reserve(kTxSigningTag.size() + tx_bytes.size());
  m.append(kTxSigningTag);
  m.append(tx_bytes);
  return m;
}

Result<DecodedTx> DecodeSignedTx(std::string_view bytes, size_t max_tx_bytes,
                                 const SignatureSuite& suite) {
  if (bytes.size() > max_tx_bytes) {
    return Status(v1::TX_TOO_LARGE, "signed transaction is " + std::to_string(bytes.size()) +
                                        " bytes; this node accepts at most " +
                                        std::to_string(max_tx_bytes));
  }
  LINCAO_RETURN_IF_ERROR(CheckCanonicalProtobuf(*v1::SignedTx::descriptor(), bytes));
  DecodedTx d;
  // Cannot fail after the canonical check, which is stricter than the parser.
  if (!d.signed_tx.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status(v1::MALFORMED_TX, "bytes are not a valid lincao.v1.SignedTx protobuf");
  }
  const std::string& tx_bytes = d.signed_tx.tx();
  if (tx_bytes.empty()) return Status(v1::MALFORMED_TX, "SignedTx.tx is empty");
  uint32_t unknown_field = 0;
  Status canonical = CheckCanonicalProtobuf(*v1::Tx::descriptor(), tx_bytes, &unknown_field);
  if (!canonical.ok()) {
    // Tx fields from kFirstBodyField on are bodies (tx.proto): an unknown one
    // is a transaction type this build does not know. Say so.
    if (unknown_field >= kFirstBodyField) {
      return Status(v1::UNSUPPORTED_TX_TYPE, "transaction body type (Tx field " +
                                                 std::to_string(unknown_field) +
                                                 ") is not supported by this chaincode version");
    }
    return canonical;
  }
  if (!d.tx.ParseFromString(tx_bytes)) {
    return Status(v1::MALFORMED_TX, "SignedTx.tx is not a valid lincao.v1.Tx protobuf");
  }
  if (d.tx.body_case() == v1::Tx::BODY_NOT_SET) {
    return Status(v1::MISSING_BODY, "transaction has no body (open_account, issue_batch, ...)");
  }
  if (d.tx.nonce().size() != kNonceBytes) {
    return Status(v1::BAD_NONCE, "nonce must be exactly 16 random bytes, got " +
                                     std::to_string(d.tx.nonce().size()));
  }
  if (d.signed_tx.signatures().empty()) {
    return Status(v1::NO_SIGNATURES, "transaction is not signed");
  }
  if (static_cast<size_t>(d.signed_tx.signatures_size()) > kMaxSignaturesPerTx) {
    return Status(v1::TOO_MANY_SIGNATURES,
                  "at most " + std::to_string(kMaxSignaturesPerTx) + " signatures per transaction");
  }
  LINCAO_RETURN_IF_ERROR(CheckCosigners(d.tx));
  d.id = ComputeTxId(suite, tx_bytes);
  return d;
}

Result<DecodedTx> DecodeSignedTx(const v1::SignedTx& signed_tx, size_t max_tx_bytes,
                                 const SignatureSuite& suite) {
  // A message that arrived already parsed (gRPC) is judged by the bytes it
  // re-encodes to: those are what the batch carries. Fields the parser kept
  // as unknown, or enum values it kept without knowing them, re-encode too,
  // so the canonical check still refuses them.
  std::string bytes;
  if (!signed_tx.SerializeToString(&bytes)) {
    return Status(v1::MALFORMED_TX, "SignedTx does not serialize");
  }
  return DecodeSignedTx(bytes, max_tx_bytes, suite);
}

Status CheckChainAndExpiry(const v1::Tx& tx, std::string_view chain_id, uint64_t now_ms,
                           uint64_t horizon_ms) {
  if (tx.chain_id() != chain_id) {
    return Status(v1::WRONG_CHAIN, "transaction is for chain '" + tx.chain_id() +
                                       "' but this ledger is '" + std::string(chain_id) + "'");
  }
  if (tx.expiry_ms() <= now_ms) {
    return Status(v1::EXPIRED, "transaction expired at " + std::to_string(tx.expiry_ms()) +
                                   " ms; chain time is " + std::to_string(now_ms) +
                                   " ms: sign it again with a later expiry");
  }
  if (tx.expiry_ms() - now_ms > horizon_ms) {
    return Status(v1::EXPIRY_TOO_FAR, "expiry is " + std::to_string(tx.expiry_ms() - now_ms) +
                                          " ms ahead of chain time; at most " +
                                          std::to_string(horizon_ms) + " ms is allowed");
  }
  return Status::Ok();
}

Status VerifySignatures(const DecodedTx& dtx, const StateReader& state, const SignatureMemo* memo) {
  // The accounts that must sign, in signing order: the acting account, then
  // the cosigners as listed.
  std::vector<std::string> named = {dtx.tx.account()};
  named.insert(named.end(), dtx.tx.cosigners().begin(), dtx.tx.cosigners().end());
  // accounts[i] is the key set that signs for named[i]: its own, or its
  // custodian's (chaincode/custody.h); `via` names the custodian for messages.
  std::vector<AccountRecord> accounts;
  std::vector<std::string> via(named.size());
  for (size_t i = 0; i < named.size(); ++i) {
    auto loaded = LoadRecord<AccountRecord>(state, keys::Account(named[i]));
    if (!loaded.ok()) return loaded.status();
    if (!loaded.value()) {
      return Status(v1::UNKNOWN_ACCOUNT, std::string(i == 0 ? "acting account" : "cosigner") +
                                             " '" + named[i] + "' does not exist");
    }
    auto signing = SigningAccountOf(state, **loaded);
    if (!signing.ok()) return signing.status();
    if ((*loaded)->custodial()) via[i] = " (signed by its custodian '" + signing->id + "')";
    accounts.push_back(std::move(*signing));
  }
  Bytes message = TxSigningMessage(dtx.signed_tx.tx());
  std::vector<std::set<uint32_t>> signed_keys(named.size());
  // Signatures come grouped by account in the order above, key ids strictly
  // ascending within an account: one SignedTx per set of signatures.
  std::pair<size_t, uint32_t> previous{0, 0};
  bool first = true;
  for (const auto& sig : dtx.signed_tx.signatures()) {
    size_t pos = 0;
    while (pos < named.size() && named[pos] != sig.account()) ++pos;
    if (pos == named.size()) {
      return Status(v1::UNEXPECTED_SIGNER, "signature by account '" + sig.account() +
                                               "', which is neither the acting account '" +
                                               dtx.tx.account() + "' nor a cosigner");
    }
    const AccountRecord& account = accounts[pos];
    const AccountKeyRecord* key = account.FindKey(sig.key_id());
    if (key == nullptr) {
      return Status(v1::UNKNOWN_KEY, "account '" + named[pos] + "'" + via[pos] +
                                         " has no key with id " + std::to_string(sig.key_id()));
    }
    const SignatureSuite* suite = FindSuite(sig.suite());
    if (suite == nullptr || sig.suite() != key->suite) {
      return Status(v1::UNKNOWN_SUITE, "signature suite " + std::string(SuiteName(sig.suite())) +
                                           " is unknown or does not match key " +
                                           std::to_string(key->key_id));
    }
    const std::pair<size_t, uint32_t> here{pos, sig.key_id()};
    if (!first && here == previous) {
      return Status(v1::DUPLICATE_SIGNATURE, "key " + std::to_string(sig.key_id()) +
                                                 " of account '" + named[pos] + "'" + via[pos] +
                                                 " signed more than once");
    }
    if (!first && here < previous) {
      return Status(v1::SIGNATURES_OUT_OF_ORDER,
                    "signatures must be grouped by account (acting account first, then the "
                    "cosigners as listed) with key ids ascending; `lincao sign` orders them");
    }
    first = false;
    previous = here;
    const bool known_good =
        memo != nullptr && memo->Verified(key->suite, key->public_key, message, sig.signature());
    if (!known_good) {
      if (!suite->Verify(key->public_key, message, sig.signature())) {
        return Status(v1::BAD_SIGNATURE, "signature by key " + std::to_string(sig.key_id()) +
                                             " of account '" + named[pos] + "'" + via[pos] +
                                             " does not verify");
      }
      if (memo != nullptr) memo->Learn(key->suite, key->public_key, message, sig.signature());
    }
    signed_keys[pos].insert(sig.key_id());
  }
  std::string missing;
  for (size_t i = 0; i < named.size(); ++i) {
    if (signed_keys[i].size() >= accounts[i].threshold) continue;
    std::string unsigned_ids;
    for (const auto& k : accounts[i].keys) {
      if (!signed_keys[i].count(k.key_id)) {
        unsigned_ids += (unsigned_ids.empty() ? "" : ", ") + std::to_string(k.key_id);
      }
    }
    missing += (missing.empty() ? "" : "; ") + std::string("'") + named[i] + "'" + via[i] +
               " needs " + std::to_string(accounts[i].threshold - signed_keys[i].size()) +
               " more of keys " + unsigned_ids + " (threshold " +
               std::to_string(accounts[i].threshold) + ")";
  }
  if (!missing.empty()) {
    return Status(v1::THRESHOLD_NOT_MET, "signatures still missing: " + missing);
  }
  return Status::Ok();
}

Result<v1::SignedTx> SignTx(const v1::Tx& tx, const std::vector<SigningKey>& keys) {
  v1::SignedTx st;
  if (!tx.SerializeToString(st.mutable_tx())) {
    return Status(v1::INTERNAL, "could not serialize transaction");
  }
  Bytes message = TxSigningMessage(st.tx());
  for (const SigningKey& k : keys) {
    const SignatureSuite* suite = FindSuite(k.suite);
    if (suite == nullptr) {
      return Status(v1::UNKNOWN_SUITE,
                    "suite " + std::string(SuiteName(k.suite)) + " is not available in this build");
    }
    if (k.secret_key.size() != suite->secret_key_bytes()) {
      return Status(v1::INVALID_ARGUMENT, "secret key has the wrong length for its suite");
    }
    auto* sig = st.add_signatures();
    sig->set_account(k.account);
    sig->set_key_id(k.key_id);
    sig->set_suite(k.suite);
    sig->set_signature(suite->Sign(k.secret_key, message));
  }
  return st;
}

}  // namespace lincao
