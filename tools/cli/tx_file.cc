#include "tools/cli/tx_file.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "tools/cli/files.h"

namespace lincao::cli {
namespace {

using OJson = nlohmann::ordered_json;

Status Bad(const std::string& what) {
  return Status(v1::INVALID_ARGUMENT, "not a lincao transaction file: " + what);
}

const SignatureSuite* SuiteOf(const TxFile& f) { return FindSuite(f.suite); }

}  // namespace

std::vector<std::string> TxFile::NamedAccounts() const {
  std::vector<std::string> out{tx.account()};
  for (const auto& c : tx.cosigners()) out.push_back(c);
  return out;
}

Hash32 TxFile::TxId() const {
  const SignatureSuite* s = FindSuite(suite);
  return s == nullptr ? Hash32{} : ComputeTxId(*s, tx_bytes);
}

v1::SignedTx TxFile::ToSignedTx() const {
  v1::SignedTx st;
  st.set_tx(tx_bytes);
  for (const auto& sig : signatures) *st.add_signatures() = sig;
  return st;
}

Result<TxFile> NewTxFile(const v1::Tx& tx, v1::Suite suite) {
  TxFile f;
  f.suite = suite;
  if (SuiteOf(f) == nullptr) {
    return Status(v1::UNKNOWN_SUITE,
                  "suite " + std::string(SuiteName(suite)) + " is not available in this build");
  }
  if (!tx.SerializeToString(&f.tx_bytes)) {
    return Status(v1::INTERNAL, "could not serialize transaction");
  }
  f.tx = tx;
  return f;
}

Result<TxFile> ParseTxFile(std::string_view text) {
  OJson j = OJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  if (!j.contains("format") || j["format"] != kTxFileFormat) {
    return Bad("\"format\" is not \"" + std::string(kTxFileFormat) + "\"");
  }
  auto str = [&](const char* k) -> std::string {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
  };
  TxFile f;
  f.suite = SuiteFromName(str("suite"));
  if (SuiteOf(f) == nullptr) return Bad("unknown suite '" + str("suite") + "'");
  auto bytes = FromHex(str("tx"));
  if (!bytes || bytes->empty()) return Bad("\"tx\" is not hex of a transaction");
  f.tx_bytes = *bytes;
  if (!f.tx.ParseFromString(f.tx_bytes)) return Bad("\"tx\" does not decode as a Tx");
  if (j.contains("tx_id") && str("tx_id") != ToHex(f.TxId())) {
    return Bad("\"tx_id\" is not the hash of \"tx\" (the file was altered)");
  }
  if (j.contains("signatures")) {
    if (!j["signatures"].is_array()) return Bad("\"signatures\" is not a list");
    for (const auto& s : j["signatures"]) {
      if (!s.is_object() || !s.contains("account") || !s["account"].is_string() ||
          !s.contains("key_id") || !s["key_id"].is_number_unsigned() || !s.contains("signature") ||
          !s["signature"].is_string()) {
        return Bad("a signature needs \"account\", \"key_id\" and \"signature\"");
      }
      auto sig = FromHex(s["signature"].get<std::string>());
      if (!sig) return Bad("a signature is not hex");
      v1::Signature out;
      out.set_account(s["account"].get<std::string>());
      out.set_key_id(s["key_id"].get<uint32_t>());
      out.set_suite(f.suite);
      out.set_signature(*sig);
      f.signatures.push_back(std::move(out));
    }
  }
  return f;
}

std::string TxFileToJson(const TxFile& f) {
  OJson j{{"format", kTxFileFormat},
          {"suite", std::string(SuiteName(f.suite))},
          {"tx_id", ToHex(f.TxId())},
          {"tx", ToHex(f.tx_bytes)},
          {"signatures", OJson::array()}};
  for (const auto& s : f.signatures) {
    j["signatures"].push_back(
        {{"account", s.account()}, {"key_id", s.key_id()}, {"signature", ToHex(s.signature())}});
  }
  return j.dump(2) + "\n";
}

Result<TxFile> LoadTxFile(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  auto f = ParseTxFile(*text);
  if (!f.ok()) return Status(f.status().code(), path + ": " + f.status().message());
  return f;
}

Status SaveTxFile(const std::string& path, const TxFile& file, bool overwrite) {
  return WriteFile(path, TxFileToJson(file), 0644,
                   overwrite ? Overwrite::kAllowed : Overwrite::kNever);
}

void SortSignatures(TxFile& file) {
  const std::vector<std::string> named = file.NamedAccounts();
  auto pos = [&](const v1::Signature& s) {
    auto it = std::find(named.begin(), named.end(), s.account());
    return std::make_tuple(static_cast<size_t>(it - named.begin()), s.account(), s.key_id());
  };
  std::stable_sort(file.signatures.begin(), file.signatures.end(),
                   [&](const v1::Signature& a, const v1::Signature& b) { return pos(a) < pos(b); });
}

Result<SignOutcome> AddSignature(TxFile& file, const KeyFile& key, const std::string& for_account) {
  if (key.kind != "account") {
    return Status(v1::INVALID_ARGUMENT,
                  "this is a " + key.kind + " key; transactions are signed with account keys");
  }
  const std::string name = for_account.empty() ? key.owner : for_account;
  const std::vector<std::string> named = file.NamedAccounts();
  if (std::find(named.begin(), named.end(), name) == named.end()) {
    std::string list;
    for (const auto& n : named) list += (list.empty() ? "" : ", ") + n;
    return Status(v1::UNEXPECTED_SIGNER,
                  (for_account.empty() ? "the key is of '" + key.owner + "', who"
                                       : "--for '" + for_account + "'") +
                      " is not named by this transaction (named: " + list + ")");
  }
  if (key.suite != file.suite) {
    return Status(v1::UNKNOWN_SUITE, "the key's suite is " + std::string(SuiteName(key.suite)) +
                                         ", the transaction's " +
                                         std::string(SuiteName(file.suite)));
  }
  const SignatureSuite* suite = SuiteOf(file);
  if (key.secret_key.size() != suite->secret_key_bytes()) {
    return Status(v1::INVALID_ARGUMENT, "the key file's secret key has the wrong length");
  }
  v1::Signature sig;
  sig.set_account(name);
  sig.set_key_id(key.key_id);
  sig.set_suite(key.suite);
  sig.set_signature(suite->Sign(key.secret_key, TxSigningMessage(file.tx_bytes)));
  for (auto& s : file.signatures) {
    if (s.account() == sig.account() && s.key_id() == sig.key_id()) {
      if (s.signature() == sig.signature()) return SignOutcome::kAlreadyPresent;
      s = sig;
      SortSignatures(file);
      return SignOutcome::kAdded;
    }
  }
  file.signatures.push_back(std::move(sig));
  SortSignatures(file);
  return SignOutcome::kAdded;
}

}  // namespace lincao::cli
