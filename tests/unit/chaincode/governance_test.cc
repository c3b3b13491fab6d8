// Governance and identity: cosigners and the signature order, the m-of-n
// quorum, roles granted and revoked, key rotation, sanctions, parameters,
// chaincode activation at a height, node membership. Every rejection is
// checked to leave state unchanged.
#include <gtest/gtest.h>

#include "chaincode/block.h"
#include "chaincode/governance_records.h"
#include "chaincode/parameters.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::AccountOf;
using testing::GovernanceOptions;
using testing::TestChain;
using testing::TestKey;

class GovernanceTest : public ::testing::Test {
 protected:
  GovernanceTest() : chain(GovernanceOptions()) {}

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
  v1::Tx Grant(std::vector<std::string> cosigners, const std::string& account, v1::Role role,
               std::vector<v1::Sector> sectors = {}, const std::string& actor = "bureau") {
    v1::Tx tx = chain.GovTx(actor, std::move(cosigners));
    tx.mutable_grant_role()->set_account(account);
    tx.mutable_grant_role()->set_role(role);
    for (auto s : sectors) tx.mutable_grant_role()->add_sectors(s);
    return tx;
  }
  v1::Tx Sanction(const std::string& account, v1::SanctionKind kind,
                  std::vector<uint32_t> allowed = {}) {
    v1::Tx tx = chain.NewTx("bureau");
    auto* b = tx.mutable_impose_sanction();
    b->set_account(account);
    b->set_kind(kind);
    for (uint32_t a : allowed) b->add_allowed_actions(a);
    b->set_reason("falsified monitoring data");
    return tx;
  }
  TestChain chain;
};

// ---- cosigners and signatures ------------------------------------------------

TEST_F(GovernanceTest, CosignersAreAscendingUniqueAndNotTheActor) {
  auto code = [&](std::vector<std::string> cos) {
    v1::Tx tx = chain.NewTx("bureau");
    for (auto& c : cos) tx.add_cosigners(c);
    tx.mutable_revoke_role()->set_account("alice");
    tx.mutable_revoke_role()->set_role(v1::PARTICIPANT);
    auto stx = SignTx(tx, {chain.Signer("bureau", 0)});
    return DecodeSignedTx(stx->SerializeAsString(), kMaxTxBytes, chain.suite()).status().code();
  };
  EXPECT_EQ(code({"ecology", "registrar"}), v1::OK);
  EXPECT_EQ(code({"registrar", "ecology"}), v1::BAD_COSIGNERS);
  EXPECT_EQ(code({"ecology", "ecology"}), v1::BAD_COSIGNERS);
  EXPECT_EQ(code({"bureau"}), v1::BAD_COSIGNERS);
  EXPECT_EQ(code({"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"}), v1::BAD_COSIGNERS);
}

TEST_F(GovernanceTest, EveryNamedAccountMeetsItsOwnThresholdInCanonicalOrder) {
  v1::Tx tx = Grant({"ecology"}, "alice", v1::FINANCE);
  auto verify = [&](const std::vector<SigningKey>& keys) {
    auto stx = SignTx(tx, keys);
    auto d = DecodeSignedTx(stx->SerializeAsString(), kMaxTxBytes, chain.suite());
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return VerifySignatures(*d, chain.state());
  };
  SigningKey b0 = chain.Signer("bureau", 0), e0 = chain.Signer("ecology", 0),
             e1 = chain.Signer("ecology", 1), a0 = chain.Signer("alice", 0);
  EXPECT_TRUE(verify({b0, e0, e1}).ok());
  // ecology needs 2 of its keys: the refusal names who and which keys.
  Status missing = verify({b0, e0});
  EXPECT_EQ(missing.code(), v1::THRESHOLD_NOT_MET);
  EXPECT_NE(missing.message().find("'ecology' needs 1 more of keys 1"), std::string::npos)
      << missing.message();
  EXPECT_EQ(verify({e0, e1}).code(), v1::THRESHOLD_NOT_MET);  // the actor did not sign
  EXPECT_EQ(verify({e0, e1, b0}).code(), v1::SIGNATURES_OUT_OF_ORDER);
  EXPECT_EQ(verify({b0, e1, e0}).code(), v1::SIGNATURES_OUT_OF_ORDER);
  EXPECT_EQ(verify({b0, e0, e0}).code(), v1::DUPLICATE_SIGNATURE);
  EXPECT_EQ(verify({b0, e0, e1, a0}).code(), v1::UNEXPECTED_SIGNER);
  v1::Tx ghost = chain.GovTx("bureau", {"nobody"});
  ghost.mutable_revoke_role()->set_account("alice");
  auto d = DecodeSignedTx(SignTx(ghost, {b0})->SerializeAsString(), kMaxTxBytes, chain.suite());
  EXPECT_EQ(VerifySignatures(*d, chain.state()).code(), v1::UNKNOWN_ACCOUNT);
}

TEST_F(GovernanceTest, ABlockDropsATxMissingACosignersSignature) {
  v1::Tx tx = Grant({"ecology"}, "alice", v1::FINANCE);
  auto partial = SignTx(tx, {chain.Signer("bureau", 0), chain.Signer("ecology", 0)});
  EXPECT_EQ(Committed(*partial), v1::THRESHOLD_NOT_MET);
  EXPECT_FALSE(AccountOf(chain.state(), "alice")->HasRole(v1::FINANCE));
  EXPECT_EQ(Committed(chain.Sign(tx)), v1::OK);
  EXPECT_TRUE(AccountOf(chain.state(), "alice")->HasRole(v1::FINANCE));
}

// ---- quorum and roles --------------------------------------------------------

TEST_F(GovernanceTest, RoleGrantNeedsTwoOfThreeGoverningAccounts) {
  Expect(Grant({}, "alice", v1::FINANCE), v1::GOVERNANCE_QUORUM_NOT_MET, "one of three");
  Expect(Grant({"alice"}, "alice", v1::FINANCE, {}, "bob"), v1::GOVERNANCE_QUORUM_NOT_MET,
         "no governing account");
  Expect(Grant({"registrar"}, "alice", v1::FINANCE), v1::OK, "bureau + registrar");
  Expect(Grant({"ecology"}, "alice", v1::FINANCE), v1::ROLE_ALREADY_HELD, "again");
  TestChain ungoverned;  // no policy in genesis
  v1::Tx tx = ungoverned.GovTx("registrar", {});
  tx.mutable_grant_role()->set_account("alice");
  tx.mutable_grant_role()->set_role(v1::FINANCE);
  EXPECT_EQ(ungoverned.Apply(tx).code(), v1::UNAUTHORIZED);
}

TEST_F(GovernanceTest, GrantRoleRules) {
  Expect(Grant({"ecology"}, "nobody", v1::FINANCE), v1::UNKNOWN_ACCOUNT, "unknown account");
  Expect(Grant({"ecology"}, "alice", static_cast<v1::Role>(13)), v1::INVALID_ARGUMENT, "role 13");
  Expect(Grant({"ecology"}, "alice", v1::ROLE_UNSPECIFIED), v1::INVALID_ARGUMENT, "role 0");
  Expect(Grant({"ecology"}, "alice", v1::VERIFIER), v1::INVALID_ARGUMENT, "verifier, no sector");
  Expect(Grant({"ecology"}, "alice", v1::FINANCE, {v1::FOREST}), v1::INVALID_ARGUMENT,
         "sectors for FINANCE");
  Expect(Grant({"ecology"}, "alice", v1::VERIFIER, {v1::WETLAND, v1::FOREST}), v1::INVALID_ARGUMENT,
         "sectors out of order");
  Expect(Grant({"ecology"}, "alice", v1::VERIFIER, {v1::FOREST, v1::WETLAND}), v1::OK, "verifier");
  auto sectors = LoadRecord<RoleSectorsRecord>(chain.state(), keys::RoleSectors("alice", 4));
  ASSERT_TRUE(sectors.ok() && sectors.value());
  EXPECT_EQ((*sectors)->sectors_mask, (1u << v1::FOREST) | (1u << v1::WETLAND));
  // Oversight roles never go to an account that holds units.
  ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 10)).ok());
  Expect(Grant({"ecology"}, "owner-a", v1::VERIFIER, {v1::FOREST}), v1::CONFLICT_OF_INTEREST,
         "verifier holding units");
}

TEST_F(GovernanceTest, ARevokedRoleGrantsNothing) {
  Expect(chain.IssueTx("registrar", "owner-a", 10), v1::OK, "registrar issues");
  v1::Tx revoke = chain.GovTx("bureau", {"ecology"});
  revoke.mutable_revoke_role()->set_account("registrar");
  revoke.mutable_revoke_role()->set_role(v1::REGISTRAR);
  Expect(revoke, v1::OK, "revoke REGISTRAR");
  EXPECT_EQ(LoadRecord<RoleSectorsRecord>(chain.state(), keys::RoleSectors("registrar", 1))
                .value()
                .has_value(),
            false);
  Expect(chain.IssueTx("registrar", "owner-a", 10), v1::UNAUTHORIZED, "issue after revoke");
  Expect(revoke, v1::ROLE_NOT_HELD, "revoke again");
}

TEST_F(GovernanceTest, PolicyReplacedByQuorum) {
  auto policy = [&](std::vector<std::string> accounts, uint32_t m) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    for (auto& a : accounts) tx.mutable_set_governance_policy()->add_accounts(a);
    tx.mutable_set_governance_policy()->set_threshold(m);
    return tx;
  };
  Expect(policy({}, 1), v1::INVALID_ARGUMENT, "empty");
  Expect(policy({"ecology", "bureau"}, 1), v1::INVALID_ARGUMENT, "not ascending");
  Expect(policy({"bureau", "nobody"}, 1), v1::UNKNOWN_ACCOUNT, "unknown");
  Expect(policy({"bureau", "ecology"}, 3), v1::INVALID_ARGUMENT, "m > n");
  Expect(policy({"bureau", "ecology"}, 0), v1::INVALID_ARGUMENT, "m = 0");
  Expect(policy({"bureau", "ecology"}, 2), v1::OK, "2 of 2");
  // The registrar no longer governs: bureau + registrar is one of two.
  Expect(Grant({"registrar"}, "alice", v1::FINANCE), v1::GOVERNANCE_QUORUM_NOT_MET, "old quorum");
}

// ---- keys --------------------------------------------------------------------

TEST_F(GovernanceTest, KeyRotationRetiresTheOldKeyForGood) {
  auto update = [&](std::vector<std::pair<uint32_t, Bytes>> add, std::vector<uint32_t> remove,
                    uint32_t threshold = 0) {
    v1::Tx tx = chain.NewTx("alice");
    auto* b = tx.mutable_update_keys();
    for (auto& [id, key] : add) {
      auto* k = b->add_add();
      k->set_key_id(id);
      k->set_suite(v1::SUITE_ED25519_BLAKE2B);
      k->set_key(key);
    }
    for (uint32_t r : remove) b->add_remove(r);
    b->set_threshold(threshold);
    return tx;
  };
  const Bytes old_key = TestKey("alice/0").public_key, new_key = TestKey("alice/new").public_key;
  Expect(update({}, {}), v1::INVALID_ARGUMENT, "nothing");
  Expect(update({}, {0}), v1::BAD_KEY_SET, "no key left");
  Expect(update({}, {7}), v1::UNKNOWN_KEY, "remove unknown");
  Expect(update({{1, new_key}}, {}, 3), v1::BAD_KEY_SET, "threshold over keys");
  Expect(update({{0, new_key}}, {}), v1::KEY_REUSED, "id in use");
  Expect(update({{1, old_key}}, {}), v1::KEY_REUSED, "public key in use");
  Expect(update({{2, Bytes(32, '\0')}}, {}), v1::BAD_KEY_SET, "small-order key");
  Expect(update({{2, new_key}, {1, TestKey("x").public_key}}, {}), v1::INVALID_ARGUMENT,
         "added keys out of order");
  // Rotate through a block: the old key signs no more.
  v1::SignedTx rotate = chain.Sign(update({{1, new_key}}, {0}));
  BuiltBlock b = chain.Commit({rotate});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.block.results(0).code(), v1::OK);
  v1::SignedTx with_old = chain.Sign(chain.TransferTx("alice", "bob", 1));
  BuiltBlock dropped = chain.Commit({with_old});
  ASSERT_FALSE(dropped.made);
  EXPECT_EQ(dropped.dropped[0].reason.code(), v1::UNKNOWN_KEY);
  Expect(update({{0, TestKey("y").public_key}}, {}), v1::KEY_REUSED, "retired id");
  Expect(update({{2, old_key}}, {}), v1::KEY_REUSED, "retired public key");
}

// ---- sanctions ---------------------------------------------------------------

TEST_F(GovernanceTest, SanctionsForbidWhatTheySay) {
  ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 100)).ok());
  ASSERT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 50)).ok());
  Expect(Sanction("alice", v1::SUSPENDED), v1::OK, "suspend");
  auto rec = LoadRecord<SanctionRecord>(chain.state(), keys::Sanction("alice"));
  ASSERT_TRUE(rec.ok() && rec.value());
  EXPECT_EQ((*rec)->authority, "bureau");
  EXPECT_EQ((*rec)->reason, "falsified monitoring data");
  Expect(chain.TransferTx("alice", "bob", 1), v1::SANCTIONED, "suspended sender");
  Expect(chain.TransferTx("owner-a", "alice", 1), v1::SANCTIONED, "suspended receiver");
  // Restricted to retirement (Tx field 62) only.
  Expect(Sanction("alice", v1::RESTRICTED, {62}), v1::OK, "restrict");
  Expect(chain.TransferTx("alice", "bob", 1), v1::SANCTIONED, "restricted transfer");
  Expect(chain.RetireTx("alice", 1), v1::OK, "restricted retire");
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_sanction()->set_account("alice");
  lift.mutable_lift_sanction()->set_reason("data corrected");
  Expect(lift, v1::OK, "lift");
  Expect(chain.TransferTx("alice", "bob", 1), v1::OK, "after lift");
  Expect(lift, v1::NOT_SANCTIONED, "lift again");
}

TEST_F(GovernanceTest, SanctionRules) {
  v1::Tx by_alice = Sanction("bob", v1::SUSPENDED);
  by_alice.set_account("alice");
  Expect(by_alice, v1::UNAUTHORIZED, "not a supervisor");
  Expect(Sanction("nobody", v1::SUSPENDED), v1::UNKNOWN_ACCOUNT, "unknown");
  Expect(Sanction("bureau", v1::SUSPENDED), v1::INVALID_ARGUMENT, "itself");
  Expect(Sanction("bob", v1::SANCTION_UNSPECIFIED), v1::INVALID_ARGUMENT, "no kind");
  Expect(Sanction("bob", v1::RESTRICTED), v1::INVALID_ARGUMENT, "restricted to nothing");
  Expect(Sanction("bob", v1::SUSPENDED, {61}), v1::INVALID_ARGUMENT, "actions on suspension");
  Expect(Sanction("bob", v1::RESTRICTED, {62, 61}), v1::INVALID_ARGUMENT, "not ascending");
  Expect(Sanction("bob", v1::RESTRICTED, {5}), v1::INVALID_ARGUMENT, "not a tx type");
  v1::Tx sector = Sanction("bob", v1::SUSPENDED);
  sector.mutable_impose_sanction()->add_sectors(v1::FOREST);
  Expect(sector, v1::INVALID_ARGUMENT, "sector suspension of a non-verifier");
  v1::Tx no_reason = Sanction("bob", v1::SUSPENDED);
  no_reason.mutable_impose_sanction()->clear_reason();
  Expect(no_reason, v1::INVALID_ARGUMENT, "no reason");
}

TEST_F(GovernanceTest, ARevocationIsLiftedOnlyByTheQuorum) {
  Expect(Sanction("bob", v1::REVOKED), v1::OK, "revoke");
  Expect(Sanction("bob", v1::SUSPENDED), v1::UNAUTHORIZED, "replace a revocation");
  v1::Tx lift = chain.NewTx("bureau");
  lift.mutable_lift_sanction()->set_account("bob");
  lift.mutable_lift_sanction()->set_reason("appeal upheld");
  Expect(lift, v1::GOVERNANCE_QUORUM_NOT_MET, "one supervisor");
  lift.add_cosigners("ecology");
  Expect(lift, v1::OK, "with the quorum");
}

TEST_F(GovernanceTest, ASanctionedCosignerCannotGovern) {
  v1::Tx tx = chain.NewTx("ecology");
  tx.mutable_impose_sanction()->set_account("registrar");
  tx.mutable_impose_sanction()->set_kind(v1::SUSPENDED);
  tx.mutable_impose_sanction()->set_reason("audit");
  Expect(tx, v1::OK, "suspend the registrar");
  Expect(Grant({"registrar"}, "alice", v1::FINANCE), v1::SANCTIONED, "suspended cosigner");
}

// ---- parameters --------------------------------------------------------------

TEST_F(GovernanceTest, ParametersChangeFromTheNextBlock) {
  auto set = [&](const std::string& name, uint64_t value) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_set_parameter()->set_name(name);
    tx.mutable_set_parameter()->set_value(value);
    return tx;
  };
  Expect(set("no_such_thing", 1), v1::UNKNOWN_PARAMETER, "unknown");
  Expect(set("max_ranges_per_tx", 0), v1::PARAMETER_OUT_OF_BOUNDS, "below");
  Expect(set("max_ranges_per_tx", 65), v1::PARAMETER_OUT_OF_BOUNDS, "above");
  ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 100)).ok());
  ASSERT_EQ(Committed(chain.Sign(set("max_ranges_per_tx", 1))), v1::OK);
  auto listed = ListParameters(chain.params(), chain.state());
  ASSERT_TRUE(listed.ok());
  bool found = false;
  for (const auto& p : *listed) {
    if (p.name() == "max_ranges_per_tx") {
      found = true;
      EXPECT_EQ(p.value(), 1u);
      EXPECT_EQ(p.default_value(), 64u);
      EXPECT_EQ(p.set_height(), 1u);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(Committed(chain.Sign(chain.TransferTx("owner-a", "alice", 2, {{1, 1}, {3, 3}}))),
            v1::TOO_MANY_RANGES);
}

// ---- nodes -------------------------------------------------------------------

TEST_F(GovernanceTest, NodeMembershipRecords) {
  auto set = [&](const std::string& id, const Bytes& key, bool voter) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    auto* b = tx.mutable_set_node();
    b->set_id(id);
    b->set_suite(v1::SUITE_ED25519_BLAKE2B);
    b->set_public_key(key);
    b->set_address("10.0.0.2:7001");
    b->set_voter(voter);
    return tx;
  };
  auto remove = [&](const std::string& id) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_remove_node()->set_id(id);
    return tx;
  };
  Expect(set("Node-2", TestKey("node/node-2").public_key, true), v1::INVALID_ARGUMENT, "bad id");
  Expect(set("node-2", chain.NodeKey("node-1").public_key, true), v1::BAD_KEY_SET, "shared key");
  Expect(set("node-2", Bytes(32, '\0'), true), v1::BAD_KEY_SET, "identity key");
  Expect(remove("node-9"), v1::UNKNOWN_NODE, "unknown");
  Expect(remove("node-1"), v1::LAST_VOTER, "last voter");
  Expect(set("node-1", chain.NodeKey("node-1").public_key, false), v1::LAST_VOTER, "demote last");
  ASSERT_EQ(Committed(chain.Sign(set("node-2", TestKey("node/node-2").public_key, true))), v1::OK);
  // Membership at height H is the state after H - 1: the next block counts two.
  BuiltBlock next = chain.Commit({chain.Sign(chain.TransferTx("alice", "bob", 0))});
  ASSERT_TRUE(next.made);
  EXPECT_EQ(next.voters.size(), 2u);
  auto addr = LoadRecord<NodeAddressRecord>(chain.state(), keys::NodeAddress("node-2"));
  ASSERT_TRUE(addr.ok() && addr.value());
  EXPECT_EQ((*addr)->address, "10.0.0.2:7001");
  Expect(remove("node-1"), v1::OK, "remove the first");
}

// ---- chaincode versions ------------------------------------------------------

TEST_F(GovernanceTest, ActivationRules) {
  auto activate = [&](uint32_t version, uint64_t height) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_activate_chaincode()->set_version(version);
    tx.mutable_activate_chaincode()->set_height(height);
    return tx;
  };
  Expect(activate(2, 1), v1::BAD_ACTIVATION, "this block");
  Expect(activate(1, 5), v1::BAD_ACTIVATION, "not an upgrade");
  Expect(activate(2, 5), v1::OK, "v2 at 5");
  Expect(activate(2, 9), v1::BAD_ACTIVATION, "same version again");
  Expect(activate(3, 4), v1::BAD_ACTIVATION, "before the scheduled one");
  Expect(activate(3, 9), v1::OK, "v3 at 9 (this binary lacks it: it will stop there)");
  EXPECT_EQ(*ChaincodeVersionAt(1, chain.state(), 4), 1u);
  EXPECT_EQ(*ChaincodeVersionAt(1, chain.state(), 5), 2u);
  EXPECT_EQ(*ChaincodeVersionAt(1, chain.state(), 8), 2u);
  EXPECT_EQ(*ChaincodeVersionAt(1, chain.state(), 9), 3u);
}

// Version 2 changes one rule: open_account no longer grants VERIFIER. The
// change takes effect at exactly the activation height, and replaying the
// batches from genesis gives the same state root at every height.
TEST_F(GovernanceTest, AVersionTakesEffectAtExactlyItsHeight) {
  const uint64_t kActivation = 4;
  v1::Tx activate = chain.GovTx("bureau", {"ecology"});
  activate.mutable_activate_chaincode()->set_version(2);
  activate.mutable_activate_chaincode()->set_height(kActivation);
  ASSERT_EQ(Committed(chain.Sign(activate)), v1::OK);  // height 1
  std::vector<std::string> original;
  auto root_of = [](const BuiltBlock& b) { return b.block.header().state_root(); };
  std::vector<std::string> roots;
  int opened = 0;
  for (uint64_t h = 2; h <= kActivation + 1; ++h) {
    v1::Tx open = chain.OpenAccountTx("registrar", "verifier-" + std::to_string(h), {v1::VERIFIER},
                                      {TestKey("v" + std::to_string(h))});
    BuiltBlock b = chain.Commit({chain.Sign(open)});
    ASSERT_TRUE(b.made);
    original.push_back(root_of(b));
    EXPECT_EQ(b.block.header().chaincode_version(), h < kActivation ? 1u : 2u) << h;
    const auto code = b.block.results(0).code();
    EXPECT_EQ(code, h < kActivation ? v1::OK : v1::UNAUTHORIZED) << "height " << h;
    opened += code == v1::OK;
  }
  EXPECT_EQ(opened, 2);
  // Replay: a fresh chain from the same genesis, the same batches.
  TestChain replay(GovernanceOptions());
  ASSERT_EQ(replay.genesis_hash(), chain.genesis_hash());
  ChainHead head = replay.head();
  MapState state = replay.state();
  testing::CommittedSet committed;
  for (const v1::Batch& batch : chain.batches()) {
    auto built = BuildBlock(replay.params(), head, state, committed, batch.SerializeAsString());
    ASSERT_TRUE(built.ok());
    ASSERT_TRUE(built->made);
    testing::ApplyWriteSet(state, built->writes);
    for (const Hash32& id : built->tx_ids) committed.ids.insert(id);
    head = HeadAfter(*built);
    roots.push_back(root_of(*built));
  }
  // Height 1 (the activation) then 2..5: compare from height 2 on.
  ASSERT_EQ(roots.size(), original.size() + 1);
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(ToHex(roots[i + 1]), ToHex(original[i])) << "state_root at height " << i + 2;
  }
  EXPECT_EQ(head.hash, chain.head().hash);
  EXPECT_EQ(head.height, kActivation + 1);
  EXPECT_EQ(state.entries(), chain.state().entries());
}

TEST(GovernanceV2, OversightAccountsNeverReceiveUnits) {
  testing::ChainOptions o = GovernanceOptions();
  o.chaincode_version = 2;
  o.accounts.push_back({"verifier", {v1::VERIFIER}});
  TestChain chain(o);
  ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 10)).ok());
  EXPECT_EQ(chain.Apply(chain.TransferTx("owner-a", "verifier", 1)).code(),
            v1::CONFLICT_OF_INTEREST);
  EXPECT_EQ(chain.Apply(chain.TransferTx("owner-a", "registrar", 1)).code(),
            v1::CONFLICT_OF_INTEREST);
  EXPECT_EQ(
      chain.Apply(chain.OpenAccountTx("registrar", "newbank", {v1::FINANCE}, {TestKey("newbank")}))
          .code(),
      v1::UNAUTHORIZED);
  EXPECT_EQ(
      chain.Apply(chain.OpenAccountTx("registrar", "newco", {v1::PARTICIPANT}, {TestKey("newco")}))
          .code(),
      v1::OK);
}

}  // namespace
}  // namespace lincao
