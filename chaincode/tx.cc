#include "chaincode/tx.h"

#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include "chaincode/limits.h"

namespace lincao {
namespace {

// True when `msg` or any message inside it carries fields this build does
// not know. Such a tx is refused: every signed byte must be understood.
bool HasUnknownFields(const google::protobuf::Message& msg) {
  const auto* refl = msg.GetReflection();
  if (!refl->GetUnknownFields(msg).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  refl->ListFields(msg, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < refl->FieldSize(msg, f); ++i) {
        if (HasUnknownFields(refl->GetRepeatedMessage(msg, f, i))) return true;
      }
    } else if (HasUnknownFields(refl->GetMessage(msg, f))) {
      return true;
    }
  }
  return false;
}

}  // namespace

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
  v1::SignedTx st;
  if (!st.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status(v1::MALFORMED_TX, "bytes are not a valid lincao.v1.SignedTx protobuf");
  }
  return DecodeSignedTx(st, max_tx_bytes, suite);
}

Result<DecodedTx> DecodeSignedTx(const v1::SignedTx& signed_tx, size_t max_tx_bytes,
                                 const SignatureSuite& suite) {
  size_t size = signed_tx.ByteSizeLong();
  if (size > max_tx_bytes) {
    return Status(v1::TX_TOO_LARGE, "signed transaction is " + std::to_string(size) +
                                        " bytes; this node accepts at most " +
                                        std::to_string(max_tx_bytes));
  }
  if (HasUnknownFields(signed_tx)) {
    return Status(v1::MALFORMED_TX, "SignedTx carries fields this node does not know");
  }
  DecodedTx d;
  d.signed_tx = signed_tx;
  if (signed_tx.tx().empty() || !d.tx.ParseFromString(signed_tx.tx())) {
    return Status(v1::MALFORMED_TX, "SignedTx.tx is not a valid lincao.v1.Tx protobuf");
  }
  if (d.tx.body_case() == v1::Tx::BODY_NOT_SET) {
    if (!d.tx.GetReflection()->GetUnknownFields(d.tx).empty()) {
      return Status(v1::UNSUPPORTED_TX_TYPE,
                    "transaction body type is not supported by this chaincode version");
    }
    return Status(v1::MISSING_BODY, "transaction has no body (open_account, issue_batch, ...)");
  }
  if (HasUnknownFields(d.tx)) {
    return Status(v1::MALFORMED_TX, "transaction carries fields this node does not know");
  }
  if (d.tx.nonce().size() != kNonceBytes) {
    return Status(v1::BAD_NONCE, "nonce must be exactly 16 random bytes, got " +
                                     std::to_string(d.tx.nonce().size()));
  }
  if (signed_tx.signatures().empty()) {
    return Status(v1::NO_SIGNATURES, "transaction is not signed");
  }
  if (static_cast<size_t>(signed_tx.signatures_size()) > kMaxSignaturesPerTx) {
    return Status(v1::TOO_MANY_SIGNATURES,
                  "at most " + std::to_string(kMaxSignaturesPerTx) + " signatures per transaction");
  }
  d.id = ComputeTxId(suite, signed_tx.tx());
  return d;
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

Status VerifySignatures(const DecodedTx& dtx, const StateReader& state) {
  const std::string& account_id = dtx.tx.account();
  auto loaded = LoadRecord<AccountRecord>(state, keys::Account(account_id));
  if (!loaded.ok()) return loaded.status();
  if (!loaded.value()) {
    return Status(v1::UNKNOWN_ACCOUNT, "acting account '" + account_id + "' does not exist");
  }
  const AccountRecord& account = **loaded;
  Bytes message = TxSigningMessage(dtx.signed_tx.tx());
  std::set<uint32_t> signed_keys;
  for (const auto& sig : dtx.signed_tx.signatures()) {
    if (sig.account() != account_id) {
      return Status(v1::UNEXPECTED_SIGNER, "signature by account '" + sig.account() +
                                               "' but the acting account is '" + account_id + "'");
    }
    const AccountKeyRecord* key = account.FindKey(sig.key_id());
    if (key == nullptr) {
      return Status(v1::UNKNOWN_KEY, "account '" + account_id + "' has no key with id " +
                                         std::to_string(sig.key_id()));
    }
    const SignatureSuite* suite = FindSuite(sig.suite());
    if (suite == nullptr || sig.suite() != key->suite) {
      return Status(v1::UNKNOWN_SUITE, "signature suite " + std::string(SuiteName(sig.suite())) +
                                           " is unknown or does not match key " +
                                           std::to_string(key->key_id));
    }
    if (!signed_keys.insert(sig.key_id()).second) {
      return Status(v1::DUPLICATE_SIGNATURE,
                    "key " + std::to_string(sig.key_id()) + " signed more than once");
    }
    if (!suite->Verify(key->public_key, message, sig.signature())) {
      return Status(v1::BAD_SIGNATURE, "signature by key " + std::to_string(sig.key_id()) +
                                           " of account '" + account_id + "' does not verify");
    }
  }
  if (signed_keys.size() < account.threshold) {
    return Status(v1::THRESHOLD_NOT_MET,
                  "account '" + account_id + "' needs " + std::to_string(account.threshold) +
                      " distinct key signatures, got " + std::to_string(signed_keys.size()));
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
