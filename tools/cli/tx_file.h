// Transaction files: a transaction written by `lincao ... --out FILE` for
// several accounts to sign before it is submitted (docs/cli.md, "Signing a
// transaction with several accounts"). One JSON object:
//   {"format": "lincao-tx/1", "suite": "ed25519-blake2b",
//    "tx_id": "<hex>", "tx": "<hex of the serialized Tx>",
//    "signatures": [{"account": "...", "key_id": 0, "signature": "<hex>"}]}
// `tx` is the exact byte string every signature covers; nothing here
// re-serializes it. `tx_id` is H(tx) in `suite`, kept so a reader can
// compare it with what the author announced; it is checked on reading.
// Signatures are kept in the order the chain requires (docs/formats.md,
// "Transactions"): grouped by named account (the acting account, then the
// cosigners as listed), key ids ascending in each group.
#pragma once

#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/key_file.h"
#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

inline constexpr char kTxFileFormat[] = "lincao-tx/1";

struct TxFile {
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  std::string tx_bytes;  // the serialized Tx, as signed
  v1::Tx tx;             // parsed from tx_bytes
  std::vector<v1::Signature> signatures;

  // The acting account, then the cosigners as listed.
  std::vector<std::string> NamedAccounts() const;
  Hash32 TxId() const;
  v1::SignedTx ToSignedTx() const;
};

// Serializes `tx` once; no signatures yet.
Result<TxFile> NewTxFile(const v1::Tx& tx, v1::Suite suite);

Result<TxFile> ParseTxFile(std::string_view json);
std::string TxFileToJson(const TxFile& file);

Result<TxFile> LoadTxFile(const std::string& path);
// Replaces the file at `path` (written whole, mode 0644).
Status SaveTxFile(const std::string& path, const TxFile& file, bool overwrite);

enum class SignOutcome { kAdded, kAlreadyPresent };

// Signs with `key` and puts the signature in its place. The signature is in
// the name of the key's owner, or of `for_account` (a custodial account the
// key's owner signs for); that account must be named (UNEXPECTED_SIGNER) and
// the key of the file's suite. A signature in the same name and key id
// already present is kept (kAlreadyPresent) if it is the same, else replaced.
Result<SignOutcome> AddSignature(TxFile& file, const KeyFile& key,
                                 const std::string& for_account = "");

// Puts signatures in the chain's order. Signatures by accounts that are not
// named sort last (the node will refuse them: UNEXPECTED_SIGNER).
void SortSignatures(TxFile& file);

}  // namespace lincao::cli
