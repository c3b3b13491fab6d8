// Accounts (issue #9): the identity hash of organisation accounts, custodial
// personal accounts opened and signed for by a service platform, the
// hand-over of a personal account to its holder's own keys, and closing an
// account. Every rejection is checked to leave state unchanged.
#include <gtest/gtest.h>

#include "chaincode/admission.h"
#include "chaincode/governance_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/tx_rules.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::AccountOf;
using testing::TestChain;
using testing::TestKey;

Bytes Commitment(std::string_view person) {
  return AsBytes(DefaultSuite().Hash({"salt-0042/", person}));
}

// The governance cast on chaincode version 2, with two service platforms
// ("platform" signs 2 of 3), a supervisor and a registrar that do not govern.
testing::ChainOptions AccountOptions(uint32_t version = 2) {
  testing::ChainOptions o = testing::GovernanceOptions();
  o.chaincode_version = version;
  o.accounts.push_back({"platform", {v1::SERVICE_PLATFORM}, /*threshold=*/2, /*num_keys=*/3});
  o.accounts.push_back({"platform-b", {v1::SERVICE_PLATFORM}});
  o.accounts.push_back({"inspector", {v1::SUPERVISOR}});
  o.accounts.push_back({"registrar-2", {v1::REGISTRAR}});
  return o;
}

class AccountsTest : public ::testing::Test {
 protected:
  AccountsTest() : chain(AccountOptions()) {}

  // Rules only; a rejection must leave state as it was.
  void Expect(const v1::Tx& tx, ErrorCode want, const std::string& what) {
    const auto before = chain.state().entries();
    Status st = chain.Apply(tx);
    EXPECT_EQ(st.code_name(), ErrorCodeName(want)) << what << ": " << st.ToString();
    if (!st.ok()) {
      EXPECT_EQ(chain.state().entries(), before) << what << ": rejection wrote";
    }
  }
  // Through BuildBlock: the code the block records, or the drop reason.
  ErrorCode Committed(const v1::SignedTx& stx) {
    BuiltBlock b = chain.Commit({stx});
    if (!b.made) return b.dropped.empty() ? v1::INTERNAL : b.dropped[0].reason.code();
    return static_cast<ErrorCode>(b.block.results(0).code());
  }
  Status Verify(const v1::Tx& tx, const std::vector<SigningKey>& keys) {
    auto stx = SignTx(tx, keys);
    auto d = DecodeSignedTx(stx->SerializeAsString(), kMaxTxBytes, chain.suite());
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return VerifySignatures(*d, chain.state());
  }
  v1::Tx OpenPersonal(const std::string& id, Bytes commitment,
                      const std::string& actor = "platform") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_open_personal_account()->set_id(id);
    tx.mutable_open_personal_account()->set_holder_commitment(commitment);
    return tx;
  }
  v1::Tx Close(const std::string& account, const std::string& actor = "") {
    v1::Tx tx = chain.NewTx(actor.empty() ? account : actor);
    tx.mutable_close_account()->set_account(account);
    return tx;
  }
  v1::Tx AddKeys(const std::string& account, const std::vector<Bytes>& keys,
                 std::vector<uint32_t> remove = {}, uint32_t threshold = 0) {
    v1::Tx tx = chain.NewTx(account);
    auto* b = tx.mutable_update_keys();
    for (size_t i = 0; i < keys.size(); ++i) {
      auto* k = b->add_add();
      k->set_key_id(static_cast<uint32_t>(i));
      k->set_suite(v1::SUITE_ED25519_BLAKE2B);
      k->set_key(keys[i]);
    }
    for (uint32_t r : remove) b->add_remove(r);
    b->set_threshold(threshold);
    return tx;
  }
  v1::Tx Gov(auto set_body) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    set_body(tx);
    return tx;
  }
  // A signature in `custodial`'s name made with key `key` of `custodian`.
  SigningKey AsCustodian(const std::string& custodial, const std::string& custodian, uint32_t key) {
    SigningKey s = chain.Signer(custodian, key);
    s.account = custodial;
    return s;
  }
  // Opens "p-1" under "platform" and gives it 100 units.
  void OpenFundedPersonal() {
    ASSERT_TRUE(chain.Apply(OpenPersonal("p-1", Commitment("p-1"))).ok());
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000)).ok());
    ASSERT_TRUE(chain.Apply(chain.TransferTx("owner-a", "p-1", 100)).ok());
  }
  TestChain chain;
};

// ---- identity hash -------------------------------------------------------------

TEST_F(AccountsTest, OpenAccountNeedsTheIdentityHashFromVersion2) {
  auto open = [&](const std::string& id, size_t hash_bytes) {
    v1::Tx tx = chain.OpenAccountTx("registrar", id, {v1::PARTICIPANT}, {TestKey(id)});
    tx.mutable_open_account()->set_identity_hash(Bytes(hash_bytes, '\x11'));
    return tx;
  };
  Expect(open("org-a", 0), v1::INVALID_ARGUMENT, "v2, no identity hash");
  Expect(open("org-a", 31), v1::INVALID_ARGUMENT, "v2, 31 bytes");
  Expect(open("org-a", 33), v1::INVALID_ARGUMENT, "v2, 33 bytes");
  Expect(open("org-a", 32), v1::OK, "v2, 32 bytes");
  EXPECT_EQ(AccountOf(chain.state(), "org-a")->identity_hash, Bytes(32, '\x11'));
  EXPECT_EQ(AccountOf(chain.state(), "org-a")->ToProto().identity_hash(), Bytes(32, '\x11'));

  // Version 1 keeps its rule: no hash is fine, a hash must be 32 bytes.
  TestChain v1_chain(AccountOptions(1));
  auto v1_open = [&](const std::string& id, size_t hash_bytes) {
    v1::Tx tx = v1_chain.OpenAccountTx("registrar", id, {v1::PARTICIPANT}, {TestKey(id)});
    tx.mutable_open_account()->set_identity_hash(Bytes(hash_bytes, '\x11'));
    return v1_chain.Apply(tx).code();
  };
  EXPECT_EQ(v1_open("org-a", 0), v1::OK);
  EXPECT_EQ(v1_open("org-b", 31), v1::INVALID_ARGUMENT);
  EXPECT_EQ(v1_open("org-b", 32), v1::OK);
  EXPECT_TRUE(AccountOf(v1_chain.state(), "org-a")->identity_hash.empty());
}

// ---- personal accounts -----------------------------------------------------------

TEST_F(AccountsTest, OpenPersonalAccountRules) {
  Expect(OpenPersonal("p-1", Commitment("p-1"), "registrar"), v1::UNAUTHORIZED, "not a platform");
  Expect(OpenPersonal("alice", Commitment("p-1")), v1::ACCOUNT_EXISTS, "id taken");
  Expect(OpenPersonal("P-1", Commitment("p-1")), v1::BAD_ACCOUNT_ID, "upper case");
  Expect(OpenPersonal("p", Commitment("p-1")), v1::BAD_ACCOUNT_ID, "one character");
  Expect(OpenPersonal("p-1", ""), v1::INVALID_ARGUMENT, "no commitment");
  Expect(OpenPersonal("p-1", Bytes(31, 'c')), v1::INVALID_ARGUMENT, "31-byte commitment");
  Expect(OpenPersonal("p-1", Bytes(33, 'c')), v1::INVALID_ARGUMENT, "33-byte commitment");
  Expect(OpenPersonal("p-1", Commitment("p-1")), v1::OK, "opened");
  auto rec = AccountOf(chain.state(), "p-1");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->roles_mask, 1u << v1::PARTICIPANT);
  EXPECT_EQ(rec->threshold, 0u);
  EXPECT_TRUE(rec->keys.empty());
  EXPECT_TRUE(rec->display_name.empty());
  EXPECT_EQ(rec->custodian, "platform");
  EXPECT_EQ(rec->holder_commitment, Commitment("p-1"));
  EXPECT_EQ(rec->opened_height, chain.head().height + 1);
  EXPECT_EQ(AccountOf(chain.state(), "platform")->accounts_in_custody, 1u);
  v1::Account view = rec->ToProto();
  EXPECT_EQ(view.custodian(), "platform");
  EXPECT_EQ(view.holder_commitment(), Commitment("p-1"));
  EXPECT_EQ(AccountOf(chain.state(), "platform")->ToProto().accounts_in_custody(), 1u);
  Expect(OpenPersonal("p-1", Commitment("p-1"), "platform-b"), v1::ACCOUNT_EXISTS, "again");
}

TEST_F(AccountsTest, PersonalAccountsAndClosingNeedVersion2) {
  TestChain old(AccountOptions(1));
  v1::Tx open = old.NewTx("platform");
  open.mutable_open_personal_account()->set_id("p-1");
  open.mutable_open_personal_account()->set_holder_commitment(Commitment("p-1"));
  EXPECT_EQ(old.Apply(open).code(), v1::UNSUPPORTED_TX_TYPE);
  v1::Tx close = old.NewTx("alice");
  close.mutable_close_account()->set_account("alice");
  EXPECT_EQ(old.Apply(close).code(), v1::UNSUPPORTED_TX_TYPE);
}

TEST_F(AccountsTest, TheCustodianSignsUnderThePersonalAccountsName) {
  OpenFundedPersonal();
  v1::Tx move = chain.TransferTx("p-1", "bob", 10);
  EXPECT_TRUE(
      Verify(move, {AsCustodian("p-1", "platform", 0), AsCustodian("p-1", "platform", 2)}).ok());
  // The custodian's threshold (2 of 3) applies, and the refusal says whose keys.
  Status short_one = Verify(move, {AsCustodian("p-1", "platform", 1)});
  EXPECT_EQ(short_one.code(), v1::THRESHOLD_NOT_MET);
  EXPECT_NE(short_one.message().find("'p-1' (signed by its custodian 'platform') needs 1 more"),
            std::string::npos)
      << short_one.message();
  // Signed in the platform's own name: the platform is not a named account.
  EXPECT_EQ(Verify(move, {chain.Signer("platform", 0), chain.Signer("platform", 1)}).code(),
            v1::UNEXPECTED_SIGNER);
  // Another platform's key 0 is not the custodian's key 0.
  EXPECT_EQ(
      Verify(move, {AsCustodian("p-1", "platform-b", 0), AsCustodian("p-1", "platform", 1)}).code(),
      v1::BAD_SIGNATURE);
  SigningKey key_5{"p-1", 5, v1::SUITE_ED25519_BLAKE2B, TestKey("platform/5").secret_key};
  EXPECT_EQ(Verify(move, {AsCustodian("p-1", "platform", 0), key_5}).code(), v1::UNKNOWN_KEY);
  // Custodial cosigner: the custodian signs once in each group.
  v1::Tx cosigned = chain.GovTx("platform", {"p-1"});
  cosigned.mutable_revoke_role()->set_account("alice");
  cosigned.mutable_revoke_role()->set_role(v1::PARTICIPANT);
  EXPECT_TRUE(
      Verify(cosigned, {chain.Signer("platform", 0), chain.Signer("platform", 1),
                        AsCustodian("p-1", "platform", 0), AsCustodian("p-1", "platform", 1)})
          .ok());
  // Through a block, TestChain::Sign signs as the custodian.
  EXPECT_EQ(Committed(chain.Sign(move)), v1::OK);
  EXPECT_EQ(testing::UnitsOf(chain.state(), "p-1"), 90u);
}

TEST_F(AccountsTest, CustodialSignaturesFollowTheCustodiansKeyRotation) {
  OpenFundedPersonal();
  v1::Tx rotate = chain.NewTx("platform");
  rotate.mutable_update_keys()->add_remove(0);
  auto* k = rotate.mutable_update_keys()->add_add();
  k->set_key_id(3);
  k->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k->set_key(TestKey("platform/3").public_key);
  ASSERT_EQ(Committed(chain.Sign(rotate)), v1::OK);
  v1::Tx move = chain.TransferTx("p-1", "bob", 1);
  EXPECT_EQ(
      Verify(move, {AsCustodian("p-1", "platform", 0), AsCustodian("p-1", "platform", 1)}).code(),
      v1::UNKNOWN_KEY);
  SigningKey new_key{"p-1", 3, v1::SUITE_ED25519_BLAKE2B, TestKey("platform/3").secret_key};
  EXPECT_TRUE(Verify(move, {AsCustodian("p-1", "platform", 1), new_key}).ok());
}

TEST_F(AccountsTest, ACustodianUnderSanctionCannotActForItsAccounts) {
  OpenFundedPersonal();
  auto sanction = [&](const std::string& account, v1::SanctionKind kind,
                      std::vector<uint32_t> allowed = {}) {
    v1::Tx tx = chain.NewTx("bureau");
    tx.mutable_impose_sanction()->set_account(account);
    tx.mutable_impose_sanction()->set_kind(kind);
    for (uint32_t a : allowed) tx.mutable_impose_sanction()->add_allowed_actions(a);
    tx.mutable_impose_sanction()->set_reason("complaints about the platform");
    return tx;
  };
  Expect(sanction("platform", v1::SUSPENDED), v1::OK, "suspend the platform");
  Expect(chain.TransferTx("p-1", "bob", 1), v1::SANCTIONED, "custodian suspended");
  Status st = chain.Apply(chain.RetireTx("p-1", 1));
  EXPECT_NE(st.message().find("custodian 'platform' of account 'p-1'"), std::string::npos)
      << st.ToString();
  // Receiving needs nothing of the custodian.
  Expect(chain.TransferTx("owner-a", "p-1", 1), v1::OK, "receive");
  Expect(sanction("platform", v1::RESTRICTED, {v1::Tx::kTransfer}), v1::OK, "restrict");
  Expect(chain.TransferTx("p-1", "bob", 1), v1::OK, "an allowed action");
  Expect(chain.RetireTx("p-1", 1), v1::SANCTIONED, "a forbidden action");
  // The personal account's own sanction counts too.
  Expect(sanction("p-1", v1::SUSPENDED), v1::OK, "suspend the person");
  Expect(chain.TransferTx("p-1", "bob", 1), v1::SANCTIONED, "account suspended");
}

TEST_F(AccountsTest, ARevokedPlatformRoleEndsItsCustodialActions) {
  OpenFundedPersonal();
  Expect(Gov([](v1::Tx& tx) {
           tx.mutable_revoke_role()->set_account("platform");
           tx.mutable_revoke_role()->set_role(v1::SERVICE_PLATFORM);
         }),
         v1::OK, "revoke SERVICE_PLATFORM");
  Expect(chain.TransferTx("p-1", "bob", 1), v1::UNAUTHORIZED, "acting for p-1");
  Expect(OpenPersonal("p-2", Commitment("p-2")), v1::UNAUTHORIZED, "opening another");
}

TEST_F(AccountsTest, CustodialAccountsNeitherTakeRolesNorGovern) {
  OpenFundedPersonal();
  Expect(Gov([](v1::Tx& tx) {
           tx.mutable_grant_role()->set_account("p-1");
           tx.mutable_grant_role()->set_role(v1::PROJECT_OWNER);
         }),
         v1::INVALID_ARGUMENT, "grant to a custodial account");
  Expect(Gov([](v1::Tx& tx) {
           auto* b = tx.mutable_set_governance_policy();
           for (const char* a : {"bureau", "ecology", "p-1"}) b->add_accounts(a);
           b->set_threshold(2);
         }),
         v1::INVALID_ARGUMENT, "custodial governing account");
}

TEST_F(AccountsTest, TheHolderTakesTheirOwnKeysAndCustodyEnds) {
  OpenFundedPersonal();
  const Bytes own = TestKey("p-1/own").public_key;
  Expect(AddKeys("p-1", {}, {0}), v1::INVALID_ARGUMENT, "remove from a custodial account");
  Expect(AddKeys("p-1", {}, {}, 1), v1::INVALID_ARGUMENT, "threshold only");
  Expect(AddKeys("p-1", {own}, {}, 2), v1::BAD_KEY_SET, "threshold over the keys added");
  Expect(AddKeys("p-1", {Bytes(32, '\0')}), v1::BAD_KEY_SET, "small-order key");
  // Signed by the custodian: the hand-over.
  ASSERT_EQ(Committed(chain.Sign(AddKeys("p-1", {own}))), v1::OK);
  auto rec = AccountOf(chain.state(), "p-1");
  EXPECT_FALSE(rec->custodial());
  EXPECT_EQ(rec->threshold, 1u);
  ASSERT_EQ(rec->keys.size(), 1u);
  EXPECT_EQ(rec->keys[0].public_key, own);
  EXPECT_EQ(rec->holder_commitment, Commitment("p-1"));  // still a person's account
  EXPECT_EQ(AccountOf(chain.state(), "platform")->accounts_in_custody, 0u);
  // From now on the person signs; the platform no longer can.
  v1::Tx move = chain.TransferTx("p-1", "bob", 1);
  EXPECT_EQ(
      Verify(move, {AsCustodian("p-1", "platform", 0), AsCustodian("p-1", "platform", 1)}).code(),
      v1::BAD_SIGNATURE);
  SigningKey own_key{"p-1", 0, v1::SUITE_ED25519_BLAKE2B, TestKey("p-1/own").secret_key};
  EXPECT_EQ(Committed(*SignTx(move, {own_key})), v1::OK);
  // An ordinary account now: the platform could close, roles may be granted.
  Expect(Close("platform"), v1::OK, "platform closes, nobody in custody");
}

// ---- closing ---------------------------------------------------------------------

TEST_F(AccountsTest, CloseAccountRules) {
  OpenFundedPersonal();
  Expect(Close("bob", "alice"), v1::INVALID_ARGUMENT, "another account");
  Expect(Close("p-1"), v1::NOT_EMPTY, "holds units");
  chain.state().Put(keys::HolderHold("alice", 7), "");
  Expect(Close("alice"), v1::NOT_EMPTY, "a hold on its units");
  chain.state().Delete(keys::HolderHold("alice", 7));
  Expect(Close("platform"), v1::NOT_EMPTY, "custodial accounts in its care");
  Expect(Close("bureau"), v1::HOLDS_AUTHORITY, "governing account");
  Expect(Close("inspector"), v1::HOLDS_AUTHORITY, "supervisor");
  Expect(Close("registrar-2"), v1::HOLDS_AUTHORITY, "registrar");
  Expect(Close("alice"), v1::OK, "alice holds nothing");
  EXPECT_EQ(AccountOf(chain.state(), "alice")->closed_height, chain.head().height + 1);
  EXPECT_EQ(AccountOf(chain.state(), "alice")->ToProto().closed_height(), chain.head().height + 1);
  Expect(Close("alice"), v1::ACCOUNT_CLOSED, "twice");
}

TEST_F(AccountsTest, AClosedAccountNeverActsReceivesOrReturns) {
  ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 100)).ok());
  ASSERT_EQ(Committed(chain.Sign(Close("alice"))), v1::OK);
  // Its keys still verify; the chaincode refuses, in the block, and at admission.
  v1::SignedTx acts = chain.Sign(chain.TransferTx("alice", "bob", 1));
  auto decoded = DecodeSignedTx(acts.SerializeAsString(), kMaxTxBytes, chain.suite());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(CheckAdmission(chain.params(), chain.state(), chain.head().height + 1,
                           chain.head().time_ms, *decoded)
                .code(),
            v1::ACCOUNT_CLOSED);
  EXPECT_EQ(Committed(acts), v1::ACCOUNT_CLOSED);
  Expect(chain.TransferTx("owner-a", "alice", 1), v1::ACCOUNT_CLOSED, "receive");
  v1::Tx cosigned = chain.TransferTx("owner-a", "bob", 1);
  cosigned.add_cosigners("alice");
  Expect(cosigned, v1::ACCOUNT_CLOSED, "co-sign");
  Expect(Gov([](v1::Tx& tx) {
           tx.mutable_grant_role()->set_account("alice");
           tx.mutable_grant_role()->set_role(v1::FINANCE);
         }),
         v1::ACCOUNT_CLOSED, "granted a role");
  Expect(Gov([](v1::Tx& tx) {
           auto* b = tx.mutable_set_governance_policy();
           for (const char* a : {"alice", "bureau", "ecology"}) b->add_accounts(a);
           b->set_threshold(2);
         }),
         v1::ACCOUNT_CLOSED, "made a governing account");
  v1::Tx sanction = chain.NewTx("bureau");
  sanction.mutable_impose_sanction()->set_account("alice");
  sanction.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  sanction.mutable_impose_sanction()->set_reason("late");
  Expect(sanction, v1::ACCOUNT_CLOSED, "sanctioned");
  Expect(chain.OpenAccountTx("registrar", "alice", {v1::PARTICIPANT}, {TestKey("alice-again")}),
         v1::ACCOUNT_EXISTS, "reopened");
  Expect(OpenPersonal("alice", Commitment("alice")), v1::ACCOUNT_EXISTS, "reopened as personal");
}

TEST_F(AccountsTest, ClosingACustodialAccountReleasesItsCustodian) {
  ASSERT_TRUE(chain.Apply(OpenPersonal("p-1", Commitment("p-1"))).ok());
  ASSERT_TRUE(chain.Apply(OpenPersonal("p-2", Commitment("p-2"))).ok());
  EXPECT_EQ(AccountOf(chain.state(), "platform")->accounts_in_custody, 2u);
  ASSERT_EQ(Committed(chain.Sign(Close("p-1"))), v1::OK);  // the platform's signatures
  EXPECT_EQ(AccountOf(chain.state(), "platform")->accounts_in_custody, 1u);
  Expect(Close("platform"), v1::NOT_EMPTY, "p-2 still in custody");
  Expect(Close("p-2"), v1::OK, "p-2 closed");
  Expect(Close("platform"), v1::OK, "then the platform");
  EXPECT_TRUE(AccountOf(chain.state(), "p-2")->closed());
  EXPECT_EQ(AccountOf(chain.state(), "p-2")->custodian, "platform");  // history stays
}

// ---- which transactions need the quorum (asked by `lincao inspect`) ----------------

TEST(QuorumRule, LiftingARevocationNeedsTheQuorumAndNothingElseDoes) {
  v1::Tx lift;
  lift.mutable_lift_sanction()->set_account("x");
  EXPECT_TRUE(rules::NeedsGovernanceQuorum(lift, v1::REVOKED));
  EXPECT_FALSE(rules::NeedsGovernanceQuorum(lift, v1::SUSPENDED));
  EXPECT_FALSE(rules::NeedsGovernanceQuorum(lift, v1::RESTRICTED));
  EXPECT_FALSE(rules::NeedsGovernanceQuorum(lift, std::nullopt));
  v1::Tx grant;
  grant.mutable_grant_role()->set_account("x");
  EXPECT_TRUE(rules::NeedsGovernanceQuorum(grant, std::nullopt));
  v1::Tx close;
  close.mutable_close_account()->set_account("x");
  EXPECT_FALSE(rules::NeedsGovernanceQuorum(close, v1::REVOKED));
}

}  // namespace
}  // namespace lincao
