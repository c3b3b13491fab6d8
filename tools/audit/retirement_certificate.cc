#include "tools/audit/retirement_certificate.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "chaincode/audit_proofs.h"
#include "chaincode/block.h"
#include "chaincode/commit_certificates.h"
#include "chaincode/genesis.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"

namespace lincao::audit {
namespace {

using Json = nlohmann::json;

Status Malformed(const std::string& what) { return Status(v1::INVALID_ARGUMENT, what); }
Status Invalid(const std::string& what) { return Status(v1::CERTIFICATE_INVALID, what); }

// Protobuf's canonical JSON mapping (bytes as base64, field names as in
// the .proto files), so that any protobuf library reads it back.
Json ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, opts);
  return Json::parse(out);
}

Status FromJson(const Json& j, google::protobuf::Message* m, const std::string& what) {
  google::protobuf::util::JsonParseOptions opts;
  auto st = google::protobuf::util::JsonStringToMessage(j.dump(), m, opts);
  if (!st.ok())
    return Malformed(what + " is not a valid " + m->GetTypeName() + ": " +
                     std::string(st.message()));
  return Status::Ok();
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string BeneficiaryText(const v1::Beneficiary& b) {
  if (b.has_person_commitment())
    return "a person (commitment " + ToHex(b.person_commitment()) + ")";
  if (!b.organisation().empty()) return "'" + b.organisation() + "'";
  return "no named beneficiary";
}

}  // namespace

std::string RetirementCertificateToJson(const RetirementCertificate& cert) {
  Json j;
  j["format"] = std::string(kRetirementCertificateFormat);
  j["retirement_id"] = cert.retirement_id;
  j["chain_id"] = cert.chain_id;
  j["retirement"] = ToJson(cert.record);
  j["proof"] = ToJson(cert.proof);
  if (!cert.genesis_json.empty()) j["genesis"] = Json::parse(cert.genesis_json);
  return j.dump(2) + "\n";
}

Result<RetirementCertificate> ParseRetirementCertificate(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Malformed("the certificate file is not JSON");
  if (j.value("format", "") != kRetirementCertificateFormat) {
    return Malformed("the certificate file's format is not " +
                     std::string(kRetirementCertificateFormat));
  }
  RetirementCertificate cert;
  if (!j.contains("retirement_id") || !j["retirement_id"].is_number_unsigned() ||
      !j.contains("chain_id") || !j["chain_id"].is_string() || !j.contains("proof")) {
    return Malformed("the certificate file needs retirement_id, chain_id and proof");
  }
  cert.retirement_id = j["retirement_id"].get<uint64_t>();
  cert.chain_id = j["chain_id"].get<std::string>();
  LINCAO_RETURN_IF_ERROR(FromJson(j["proof"], &cert.proof, "proof"));
  if (j.contains("retirement")) {
    LINCAO_RETURN_IF_ERROR(FromJson(j["retirement"], &cert.record, "retirement"));
  }
  if (j.contains("genesis")) cert.genesis_json = j["genesis"].dump();
  return cert;
}

std::string MembershipToJson(const Membership& m) {
  Json j;
  j["format"] = std::string(kMembershipFormat);
  j["chain_id"] = m.chain_id;
  j["genesis_hash"] = ToHex(m.genesis_hash);
  j["height"] = m.height;
  Json voters = Json::array();
  for (const NodeRecord& v : m.voters) {
    voters.push_back({{"id", v.id},
                      {"suite", std::string(SuiteName(v.suite))},
                      {"public_key", ToHex(v.public_key)}});
  }
  j["voters"] = voters;
  j["membership_hash"] = ToHex(MembershipHash(DefaultSuite(), m.voters));
  return j.dump(2) + "\n";
}

Result<Membership> ParseMembership(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Malformed("the membership file is not JSON");
  if (j.value("format", "") != kMembershipFormat) {
    return Malformed("the membership file's format is not " + std::string(kMembershipFormat));
  }
  Membership m;
  m.chain_id = j.value("chain_id", "");
  auto genesis = FromHex(j.value("genesis_hash", ""));
  auto gh = genesis ? ToHash32(*genesis) : std::nullopt;
  if (m.chain_id.empty() || !gh) {
    return Malformed("the membership file needs chain_id and genesis_hash (64 hex digits)");
  }
  m.genesis_hash = *gh;
  m.height = j.value("height", uint64_t{0});
  if (!j.contains("voters") || !j["voters"].is_array() || j["voters"].empty()) {
    return Malformed("the membership file lists no voters");
  }
  for (const Json& v : j["voters"]) {
    NodeRecord n;
    n.id = v.value("id", "");
    n.suite = SuiteFromName(v.value("suite", "ed25519-blake2b"));
    auto pk = FromHex(v.value("public_key", ""));
    if (n.id.empty() || !pk || n.suite == v1::SUITE_UNSPECIFIED) {
      return Malformed("a voter of the membership file needs id, suite and public_key (hex)");
    }
    n.public_key = *pk;
    if (!m.voters.empty() && !(m.voters.back().id < n.id)) {
      return Malformed("the membership file's voters must be in strictly ascending id order");
    }
    m.voters.push_back(std::move(n));
  }
  return m;
}

Result<CertificateVerdict> VerifyRetirementCertificate(const RetirementCertificate& cert,
                                                       const Hash32& genesis_hash,
                                                       const Membership* membership) {
  const SignatureSuite& suite = DefaultSuite();  // suite 1, the only one implemented
  const v1::TxProof& proof = cert.proof;
  // 1. Inclusion: header hash, tx leaf to txs_root, result leaf to results_root.
  auto check = CheckTxProof(suite, proof);
  if (!check.ok()) return Invalid("the inclusion proof fails: " + check.status().message());
  const v1::BlockHeader& header = proof.header();
  // 2. Chain and the retirement itself, from the signed transaction.
  if (header.chain_id() != cert.chain_id) {
    return Invalid("the certificate names chain '" + cert.chain_id + "' but its block is of '" +
                   header.chain_id() + "'");
  }
  v1::Tx tx;
  if (!tx.ParseFromString(proof.tx().tx())) return Invalid("the transaction does not decode");
  if (tx.chain_id() != header.chain_id()) {
    return Invalid("the transaction is for chain '" + tx.chain_id() + "', its block of '" +
                   header.chain_id() + "'");
  }
  if (!tx.has_retire()) return Invalid("the transaction is not a retirement (retire)");
  if (proof.result().code() != v1::OK) {
    return Invalid("the transaction's result is " +
                   ErrorCodeName(static_cast<ErrorCode>(proof.result().code())) +
                   ": it retired nothing");
  }
  if (proof.result().created_id() != cert.retirement_id) {
    return Invalid("the transaction created retirement " +
                   std::to_string(proof.result().created_id()) + ", not " +
                   std::to_string(cert.retirement_id));
  }
  const v1::Retire& retire = tx.retire();
  if (cert.record.id() != 0) {  // the node's record, when bundled, must agree
    if (cert.record.id() != cert.retirement_id || cert.record.tx_id() != AsView(check->tx_id) ||
        cert.record.holder() != tx.account() || cert.record.quantity() != retire.quantity() ||
        cert.record.height() != header.height()) {
      return Invalid(
          "the bundled retirement record disagrees with the signed transaction "
          "(id, tx id, holder, quantity or height)");
    }
  }
  // 3. Voters: the trusted genesis's, or a membership file for it; either
  // way the ones the header commits to.
  std::vector<NodeRecord> voters;
  std::string voters_from;
  if (membership != nullptr) {
    if (membership->genesis_hash != genesis_hash || membership->chain_id != header.chain_id()) {
      return Invalid("the membership file is for chain '" + membership->chain_id +
                     "' with genesis " + ToHex(membership->genesis_hash) +
                     ", not the trusted genesis " + ToHex(genesis_hash));
    }
    voters = membership->voters;
    voters_from = "the membership file";
  } else {
    if (cert.genesis_json.empty()) {
      return Invalid("the certificate bundles no genesis: give --membership FILE");
    }
    auto spec = ParseGenesisJson(cert.genesis_json);
    if (!spec.ok()) return Invalid("the bundled genesis: " + spec.status().message());
    auto genesis = BuildGenesis(*spec);
    if (!genesis.ok()) return Invalid("the bundled genesis: " + genesis.status().message());
    if (genesis->hash != genesis_hash) {
      return Invalid("the bundled genesis hashes to " + ToHex(genesis->hash) +
                     ", not the trusted genesis hash " + ToHex(genesis_hash) +
                     ": the certificate is of another chain");
    }
    voters = genesis->voters;
    voters_from = "genesis";
  }
  if (header.membership_hash() != AsView(MembershipHash(suite, voters))) {
    return Invalid("the voters of " + voters_from + " are not those in force for block " +
                   std::to_string(header.height()) +
                   " (its membership_hash differs): membership changed; give --membership "
                   "FILE for that height (`lincao audit membership --height " +
                   std::to_string(header.height()) + "`)");
  }
  // 4. The majority certificate of the block (the next block's last_commit).
  if (!proof.has_certificate() || proof.certificate().signatures_size() == 0) {
    return Status(v1::CERTIFICATE_PENDING,
                  "the certificate file has no commit certificate: block " +
                      std::to_string(header.height()) +
                      " was the head when it was fetched; fetch it again once the next block "
                      "has committed (`lincao certificate get ... --wait`)");
  }
  auto signers = VerifyCommitCertificate(suite, header.chain_id(), header.height(),
                                         check->block_hash, proof.certificate(), voters);
  if (!signers.ok()) return Invalid(signers.status().message());

  CertificateVerdict v;
  v.retirement_id = cert.retirement_id;
  v.height = header.height();
  v.block_hash = check->block_hash;
  v.signers = *signers;
  v.voters = static_cast<uint32_t>(voters.size());
  v.statement =
      "retirement " + std::to_string(cert.retirement_id) + ": " + Thousands(retire.quantity()) +
      " kg retired by '" + tx.account() + "' for " + BeneficiaryText(retire.beneficiary()) +
      " (purpose " + v1::RetirementPurpose_Name(retire.purpose()) + "), in block " +
      std::to_string(v.height) + " (hash " + ToHex(v.block_hash).substr(0, 16) + "...) of chain " +
      header.chain_id() + " (genesis " + ToHex(genesis_hash).substr(0, 16) + "...), certified by " +
      std::to_string(v.signers) + " of " + std::to_string(v.voters) + " voters";
  return v;
}

}  // namespace lincao::audit
