// Who may call the Audit service (node/audit_auth.h): an AUDITOR account
// signing the call for this chain, this method and about now; nobody else,
// unless the node makes the ledger public.
#include "node/audit_auth.h"

#include <gtest/gtest.h>

#include "chaincode/governance_records.h"
#include "chaincode/records.h"

namespace lincao::node {
namespace {

constexpr char kChain[] = "lincao-audit-test";
constexpr char kMethod[] = "/lincao.v1.Audit/GetProof";
constexpr uint64_t kNow = 1'767'225'600'000;

class AuditAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    auditor_ = AddAccount("auditor-1", 1u << v1::AUDITOR);
    AddAccount("registrar", 1u << v1::REGISTRAR);
    AddAccount("closed-auditor", 1u << v1::AUDITOR, /*closed_height=*/7);
    AddAccount("suspended-auditor", 1u << v1::AUDITOR);
    Sanction("suspended-auditor", /*sectors_mask=*/0);
    AddAccount("sector-suspended", 1u << v1::AUDITOR);
    Sanction("sector-suspended", /*sectors_mask=*/1);
  }

  KeyFile AddAccount(const std::string& id, uint32_t roles, uint64_t closed_height = 0) {
    KeyFile key = *GenerateKeyFile("account", id, 0, v1::SUITE_ED25519_BLAKE2B);
    AccountRecord acc;
    acc.id = id;
    acc.roles_mask = roles;
    acc.keys.push_back({0, v1::SUITE_ED25519_BLAKE2B, key.public_key});
    acc.closed_height = closed_height;
    state_.Put(keys::Account(id), acc.Encode());
    keys_[id] = key;
    return key;
  }

  void Sanction(const std::string& id, uint32_t sectors_mask) {
    SanctionRecord s;
    s.account = id;
    s.kind = v1::SUSPENDED;
    s.sectors_mask = sectors_mask;
    s.authority = "forestry-bureau";
    s.reason = "late reports";
    state_.Put(keys::Sanction(id), s.Encode());
  }

  std::optional<AuditCallCredentials> Signed(const KeyFile& key, std::string_view chain = kChain,
                                             std::string_view method = kMethod,
                                             uint64_t time_ms = kNow) {
    return *SignAuditCall(key, chain, method, time_ms);
  }

  ErrorCode Check(const std::optional<AuditCallCredentials>& creds, bool public_ledger = false) {
    AuditAuth auth(public_ledger, kChain, DefaultSuite(), state_);
    return auth.Check(creds, kMethod, kNow).code();
  }

  MapState state_;
  KeyFile auditor_;
  std::map<std::string, KeyFile> keys_;
};

TEST_F(AuditAuthTest, AnAuditorSigningThisCallIsAdmitted) {
  EXPECT_EQ(Check(Signed(auditor_)), v1::OK);
  // Within the window either way.
  EXPECT_EQ(Check(Signed(auditor_, kChain, kMethod, kNow - kAuditMaxClockSkewMs)), v1::OK);
  EXPECT_EQ(Check(Signed(auditor_, kChain, kMethod, kNow + kAuditMaxClockSkewMs)), v1::OK);
  // A sanction limited to sectors is about expert and verifier work only.
  EXPECT_EQ(Check(Signed(keys_["sector-suspended"])), v1::OK);
}

TEST_F(AuditAuthTest, NoCredentialsOnAPrivateLedger) {
  EXPECT_EQ(Check(std::nullopt), v1::AUDIT_CREDENTIALS_MISSING);
}

TEST_F(AuditAuthTest, PublicModeAdmitsAnyone) {
  EXPECT_EQ(Check(std::nullopt, /*public_ledger=*/true), v1::OK);
  EXPECT_EQ(Check(Signed(keys_["registrar"]), /*public_ledger=*/true), v1::OK);
}

TEST_F(AuditAuthTest, WrongKeyChainMethodOrAccountFailsTheSignature) {
  // Signed by another key that claims to be the auditor's key 0.
  KeyFile impostor = *GenerateKeyFile("account", "auditor-1", 0, v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(Check(Signed(impostor)), v1::AUDIT_SIGNATURE_INVALID);
  EXPECT_EQ(Check(Signed(auditor_, "another-chain")), v1::AUDIT_SIGNATURE_INVALID);
  EXPECT_EQ(Check(Signed(auditor_, kChain, "/lincao.v1.Audit/StreamBlocks")),
            v1::AUDIT_SIGNATURE_INVALID);
  auto unknown_key = Signed(auditor_);
  unknown_key->key_id = 3;
  EXPECT_EQ(Check(unknown_key), v1::AUDIT_SIGNATURE_INVALID);
  KeyFile stranger = *GenerateKeyFile("account", "nobody", 0, v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(Check(Signed(stranger)), v1::AUDIT_SIGNATURE_INVALID);
  // The time is signed: changing it after signing breaks the signature.
  auto moved = Signed(auditor_);
  moved->time_ms += 1;
  EXPECT_EQ(Check(moved), v1::AUDIT_SIGNATURE_INVALID);
}

TEST_F(AuditAuthTest, StaleOrFutureTimeIsRefused) {
  EXPECT_EQ(Check(Signed(auditor_, kChain, kMethod, kNow - kAuditMaxClockSkewMs - 1)),
            v1::AUDIT_TIME_SKEW);
  EXPECT_EQ(Check(Signed(auditor_, kChain, kMethod, kNow + kAuditMaxClockSkewMs + 1)),
            v1::AUDIT_TIME_SKEW);
}

TEST_F(AuditAuthTest, OnlyOpenUnsanctionedAuditors) {
  EXPECT_EQ(Check(Signed(keys_["registrar"])), v1::NOT_AUDITOR);
  EXPECT_EQ(Check(Signed(keys_["closed-auditor"])), v1::AUDITOR_DISABLED);
  EXPECT_EQ(Check(Signed(keys_["suspended-auditor"])), v1::AUDITOR_DISABLED);
}

TEST_F(AuditAuthTest, MetadataIsReadStrictly) {
  auto creds = *Signed(auditor_);
  std::map<std::string, std::string> entries = {
      {std::string(kAuditAccountHeader), creds.account},
      {std::string(kAuditKeyIdHeader), std::to_string(creds.key_id)},
      {std::string(kAuditTimeHeader), std::to_string(creds.time_ms)},
      {std::string(kAuditSignatureHeader), ToHex(creds.signature)}};
  auto read = [](const std::map<std::string, std::string>& e) {
    std::multimap<grpc::string_ref, grpc::string_ref> md;
    for (const auto& [k, v] : e) md.emplace(grpc::string_ref(k), grpc::string_ref(v));
    return ReadAuditCredentials(md);
  };
  auto ok = read(entries);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ(Check(*ok), v1::OK);

  auto none = read({});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto partial = entries;
  partial.erase(std::string(kAuditSignatureHeader));
  EXPECT_EQ(read(partial).status().code(), v1::AUDIT_CREDENTIALS_MALFORMED);
  auto bad_time = entries;
  bad_time[std::string(kAuditTimeHeader)] = "soon";
  EXPECT_EQ(read(bad_time).status().code(), v1::AUDIT_CREDENTIALS_MALFORMED);
  auto bad_sig = entries;
  bad_sig[std::string(kAuditSignatureHeader)] = "zz";
  EXPECT_EQ(read(bad_sig).status().code(), v1::AUDIT_CREDENTIALS_MALFORMED);
}

}  // namespace
}  // namespace lincao::node
