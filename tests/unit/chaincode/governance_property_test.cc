// Seeded property test of governance and identity (issue #9): many actors,
// random governance and account operations, every transaction committed
// through BuildBlock. An independent model in this file follows who holds
// which keys, roles and sanctions, updated only by what actually applied
// (results with code OK), and after every block four properties are checked
// for every applied transaction, against the model as it stood just before
// that transaction:
//   P1 signatures: the acting account and each cosigner have signatures
//      that verify under keys the model says the account holds, at least its
//      threshold of distinct keys; a governance transaction (and lifting a
//      revocation) names the governance quorum;
//   P2 retired keys: no signature is by a key id the account retired, or
//      verifies under a retired public key of that account;
//   P3 sanctions: no named account is under a sanction that forbids this
//      transaction type, and no units go to a suspended or revoked account;
//   P4 roles: issue_batch and open_account come from a REGISTRAR, issuance
//      goes to a PROJECT_OWNER, sanctions are imposed and lifted by a
//      SUPERVISOR, per the model's roles (a revoked role counts as absent).
// Also after every block the supply invariants (CheckSupplyInvariants) hold;
// at the end the model agrees with state, and a replay of the same batches
// from genesis gives the same block hashes, state_root and state.
//
// The generator: std::mt19937_64 seeded explicitly. LINCAO_PROPERTY_SEED
// (decimal or 0x hex) and LINCAO_PROPERTY_TXS override the seed and the
// number of transactions (default 3,000 in ctest; run with
// LINCAO_PROPERTY_TXS=100000 for the issue's full run). Every failure
// message names the seed and the index of the failing transaction. The
// 100,000-tx run with the default seed passes in about 2 minutes (Release,
// two shared cores: 108 s for the run and checks, 15 s for the replay);
// the time grows faster than the count (3,000 txs take 0.8 s; not profiled).
//
// Planted bugs. Each was patched into production code by hand, the test run
// with the default seed (0x9c0de5eed) and 3,000 txs, and the patch
// reverted: none is in the tree. Each is caught by the property meant for
// it, at the first applied tx that exploits it ("tx" = generated index):
//   bug (the patch)                                  caught by, at, and what the test said
//   (a) VerifySignatures checks only the acting      P1, tx 113: 'registrar', cosigner of a
//       account's threshold (if (i > 0 || ...))      grant_role, has 0 valid signatures of 1
//   (b) update_keys writes the retired-key record    P2, tx 342: a transfer signed by key 0
//       but keeps the key on the account             of 'actor-08', retired at tx 338
//   (c) CheckSanctions always returns OK             P3, tx 26: 'inspector', RESTRICTED since
//                                                    tx 4, imposed a sanction (type 27)
//   (d) revoke_role leaves the role bit set          P4, tx 90: 'bureau' lifted a sanction,
//                                                    its SUPERVISOR revoked at tx 83
//   (e) the quorum counts one governing account      P1, tx 31: a grant_role naming 1
//       short (signed_by.size() + 1 >= threshold)    governing account, quorum 2
// To repeat one: apply the patch, build lincao_chaincode_tests, run it with
// --gtest_filter='GovernanceProperty*', revert.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "chaincode/state_root.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::Cat;
using testing::TestChain;
using testing::TestKey;

constexpr uint64_t kDefaultSeed = 0x9c0de5eed;
constexpr uint64_t kDefaultTxs = 3000;
constexpr int kTxsPerBlock = 40;
constexpr int kActors = 30;
constexpr int kMaxOpened = 60;

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 0);
}

uint32_t Bit(v1::Role r) { return 1u << r; }

// ---- the model ---------------------------------------------------------------

struct ModelAccount {
  std::map<uint32_t, Bytes> keys;     // key id -> public key, held now
  std::map<uint32_t, Bytes> retired;  // key id -> public key, retired
  std::map<uint32_t, uint64_t> retired_at;
  uint32_t threshold = 1;
  uint32_t roles = 0;
  std::map<int, uint64_t> role_revoked_at;  // role -> tx index of the revocation
};

struct ModelSanction {
  v1::SanctionKind kind = v1::SANCTION_UNSPECIFIED;
  std::vector<uint32_t> allowed;
  uint64_t at = 0;
};

struct Model {
  std::map<std::string, ModelAccount> accounts;
  std::map<std::string, ModelSanction> sanctions;
  std::set<std::string> governing;
  uint32_t quorum = 0;

  bool Forbids(const std::string& account, uint32_t action) const {
    auto it = sanctions.find(account);
    if (it == sanctions.end()) return false;
    if (it->second.kind == v1::RESTRICTED) {
      return std::find(it->second.allowed.begin(), it->second.allowed.end(), action) ==
             it->second.allowed.end();
    }
    return true;  // SUSPENDED (whole account) and REVOKED forbid everything
  }
  bool MayNotReceive(const std::string& account) const {
    auto it = sanctions.find(account);
    return it != sanctions.end() && it->second.kind != v1::RESTRICTED;
  }
  bool Has(const std::string& account, v1::Role role) const {
    auto it = accounts.find(account);
    return it != accounts.end() && (it->second.roles & Bit(role)) != 0;
  }
};

bool IsGovernanceBody(v1::Tx::BodyCase b) {
  return b == v1::Tx::kGrantRole || b == v1::Tx::kRevokeRole || b == v1::Tx::kSetGovernancePolicy ||
         b == v1::Tx::kSetParameter || b == v1::Tx::kActivateChaincode || b == v1::Tx::kSetNode ||
         b == v1::Tx::kRemoveNode;
}

// ---- the cast ----------------------------------------------------------------

std::string ActorId(int i) { return Cat("actor-", i / 10, i % 10); }

testing::ChainOptions PropertyOptions() {
  testing::ChainOptions o;
  o.accounts.push_back({"bureau", {v1::SUPERVISOR}, /*threshold=*/2, /*num_keys=*/2});
  o.accounts.push_back({"ecology", {v1::SUPERVISOR}, /*threshold=*/2, /*num_keys=*/3});
  o.accounts.push_back({"registrar-2", {v1::REGISTRAR}});
  o.accounts.push_back({"inspector", {v1::SUPERVISOR}, /*threshold=*/1, /*num_keys=*/2});
  for (int i = 0; i < kActors; ++i) {
    std::vector<v1::Role> roles = {v1::PARTICIPANT};
    if (i % 2 == 0) roles.insert(roles.begin(), v1::PROJECT_OWNER);
    const uint32_t shapes[4][2] = {{1, 1}, {1, 2}, {2, 2}, {2, 3}};
    o.accounts.push_back({ActorId(i), roles, shapes[i % 4][0], shapes[i % 4][1]});
  }
  o.governing = {"bureau", "ecology", "registrar"};
  o.governance_threshold = 2;
  return o;
}

// The model of genesis, built from the options (not from state).
Model ModelOf(const testing::ChainOptions& o) {
  Model m;
  std::vector<testing::AccountSpec> all = {{"registrar", {v1::REGISTRAR}}};
  all.insert(all.end(), o.accounts.begin(), o.accounts.end());
  for (const auto& a : all) {
    ModelAccount& ma = m.accounts[a.id];
    ma.threshold = a.threshold;
    for (v1::Role r : a.roles) ma.roles |= Bit(r);
    for (uint32_t k = 0; k < a.num_keys; ++k) {
      ma.keys[k] = TestKey(Cat(a.id, "/", k)).public_key;
    }
  }
  m.governing.insert(o.governing.begin(), o.governing.end());
  m.quorum = o.governance_threshold;
  return m;
}

// ---- the generator -----------------------------------------------------------

// How a generated tx is signed (for the statistics and for the reader: the
// properties never trust this label, only what applied).
enum class Signing { kProper, kActorShort, kCosignerShort, kRetiredKey, kForged };

struct Planned {
  v1::SignedTx stx;
  char kind = '?';
  Signing signing = Signing::kProper;
};

class Generator {
 public:
  Generator(uint64_t seed, TestChain& chain, const Model& model)
      : rng_(seed), chain_(chain), model_(model) {
    for (const auto& [id, a] : model.accounts) {
      next_key_id_[id] = a.keys.empty() ? 0 : a.keys.rbegin()->first + 1;
      for (const auto& [k, pub] : a.keys) secrets_[pub] = TestKey(Cat(id, "/", k)).secret_key;
    }
  }

  // Secret keys of every public key ever generated (the model signs nothing;
  // the generator needs them to sign as anyone, including with old keys).
  const std::map<Bytes, Bytes>& secrets() const { return secrets_; }

  Planned Next() {
    Planned p;
    const uint64_t r = Roll(100);
    v1::Tx tx;
    if (r < 28) {
      tx = Transfer(), p.kind = 't';
    } else if (r < 36) {
      tx = Retire(), p.kind = 'r';
    } else if (r < 45) {
      tx = Issue(), p.kind = 'i';
    } else if (r < 48) {
      tx = Open(), p.kind = 'o';
    } else if (r < 60) {
      tx = UpdateKeys(), p.kind = 'k';
    } else if (r < 76) {
      tx = Role(), p.kind = 'g';
    } else if (r < 86) {
      tx = Sanction(), p.kind = 's';
    } else {
      tx = Lift(), p.kind = 'l';
    }
    const uint64_t s = Roll(100);
    p.signing = s < 78   ? Signing::kProper
                : s < 85 ? Signing::kActorShort
                : s < 92 ? Signing::kCosignerShort
                : s < 98 ? Signing::kRetiredKey
                         : Signing::kForged;
    p.stx = SignAs(tx, p.signing);
    return p;
  }

 private:
  uint64_t Roll(uint64_t n) { return rng_() % n; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Roll(v.size())];
  }
  // Fisher-Yates on this generator (std::shuffle differs between standard
  // libraries; a seed must mean the same run everywhere).
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Roll(i)]);
  }

  // Accounts that hold units: the actors and the accounts opened since.
  std::vector<std::string> Holders() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (id.rfind("actor-", 0) == 0 || id.rfind("new-", 0) == 0) out.push_back(id);
    }
    return out;
  }
  std::vector<std::string> WithRole(v1::Role role) const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (a.roles & Bit(role)) out.push_back(id);
    }
    return out;
  }
  std::vector<std::string> Sanctioned() const {
    std::vector<std::string> out;
    for (const auto& [id, s] : model_.sanctions) out.push_back(id);
    return out;
  }
  std::vector<std::string> All() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) out.push_back(id);
    return out;
  }
  // A holder, often a sanctioned one (so that sanctions are tested).
  std::string Holder() {
    auto sanctioned = Sanctioned();
    if (!sanctioned.empty() && Roll(4) == 0) return Pick(sanctioned);
    return Pick(Holders());
  }
  // Someone whose `role` may or may not be in force (revoked roles too).
  std::string Claimant(v1::Role role, std::vector<std::string> usual) {
    auto holders = WithRole(role);
    const uint64_t r = Roll(10);
    if (r < 6) return Pick(usual);
    if (r < 9 && !holders.empty()) return Pick(holders);
    return Pick(All());
  }

  v1::Tx Transfer() {
    std::string from = Holder();
    std::string to;
    auto sanctioned = Sanctioned();
    do {
      to = !sanctioned.empty() && Roll(10) == 0 ? Pick(sanctioned) : Pick(Holders());
    } while (to == from);
    const uint64_t units = testing::UnitsOf(chain_.state(), from);
    return chain_.TransferTx(from, to, 1 + Roll(units / 2 + 20));
  }
  v1::Tx Retire() {
    std::string from = Holder();
    const uint64_t units = testing::UnitsOf(chain_.state(), from);
    return chain_.RetireTx(from, 1 + Roll(units / 3 + 10));
  }
  v1::Tx Issue() {
    std::string actor = Claimant(v1::REGISTRAR, {"registrar", "registrar-2"});
    auto owners = WithRole(v1::PROJECT_OWNER);
    std::string to = Roll(8) == 0 || owners.empty() ? Holder() : Pick(owners);
    return chain_.IssueTx(actor, to, 1 + Roll(5000), 2020 + static_cast<uint32_t>(Roll(6)));
  }
  v1::Tx Open() {
    std::string actor = Claimant(v1::REGISTRAR, {"registrar", "registrar-2"});
    std::string id = Cat("new-", opened_ < kMaxOpened ? opened_++ : Roll(kMaxOpened));
    std::vector<v1::Role> roles = {Roll(2) ? v1::PROJECT_OWNER : v1::PARTICIPANT};
    KeyPair kp = TestKey(Cat(id, "/0"));
    secrets_[kp.public_key] = kp.secret_key;
    return chain_.OpenAccountTx(actor, id, roles, {kp}, 1);
  }
  v1::Tx UpdateKeys() {
    std::string actor = Roll(6) == 0 ? Pick(All()) : Holder();
    const ModelAccount& a = model_.accounts.at(actor);
    v1::Tx tx = chain_.NewTx(actor);
    v1::UpdateKeys* b = tx.mutable_update_keys();
    const uint64_t op = Roll(10);
    const bool add = op < 7 && a.keys.size() < 5;
    const bool remove = (op < 5 || op == 7) && (a.keys.size() > 1 || add);
    if (add) {
      const uint32_t id = next_key_id_[actor]++;
      KeyPair kp = TestKey(Cat(actor, "/", id));
      secrets_[kp.public_key] = kp.secret_key;
      v1::PublicKey* pk = b->add_add();
      pk->set_key_id(id);
      pk->set_suite(v1::SUITE_ED25519_BLAKE2B);
      pk->set_key(kp.public_key);
    }
    if (remove) {
      auto it = a.keys.begin();
      std::advance(it, Roll(a.keys.size()));
      b->add_remove(it->first);
    }
    const size_t after = a.keys.size() + (add ? 1 : 0) - (remove ? 1 : 0);
    if (op >= 8 || (!add && !remove)) {
      b->set_threshold(1 + static_cast<uint32_t>(Roll(std::max<size_t>(after, 1))));
    } else if (a.threshold > after) {
      b->set_threshold(static_cast<uint32_t>(after));
    }
    return tx;
  }
  // Cosigners for a quorum action by `actor`: usually enough governing
  // accounts, sometimes none, sometimes a non-governing account.
  std::vector<std::string> Cosigners(const std::string& actor) {
    std::vector<std::string> others;
    for (const auto& g : model_.governing) {
      if (g != actor) others.push_back(g);
    }
    Shuffle(others);
    const uint64_t r = Roll(20);
    std::vector<std::string> out;
    if (r < 12) {
      out = {others[0]};
    } else if (r < 14) {
      out = others;
    } else if (r < 17) {
      out = {};
    } else {
      std::string outsider = Pick(Holders());
      if (outsider != actor) out = {outsider};
    }
    return out;
  }
  v1::Tx Role() {
    std::vector<std::string> governing(model_.governing.begin(), model_.governing.end());
    std::string actor = Roll(12) == 0 ? Pick(Holders()) : Pick(governing);
    const std::vector<std::string> special = {"registrar", "registrar-2", "inspector", "bureau",
                                              "ecology"};
    std::string target = Roll(2) == 0 ? Pick(special) : Pick(All());
    const v1::Role roles[] = {v1::REGISTRAR, v1::SUPERVISOR, v1::PROJECT_OWNER, v1::PARTICIPANT};
    v1::Role role = roles[Roll(4)];
    bool held = model_.Has(target, role);
    if (Roll(8) == 0) held = !held;  // sometimes the wrong way round (a rule refusal)
    v1::Tx tx = chain_.GovTx(actor, Cosigners(actor));
    if (held) {
      tx.mutable_revoke_role()->set_account(target);
      tx.mutable_revoke_role()->set_role(role);
    } else {
      tx.mutable_grant_role()->set_account(target);
      tx.mutable_grant_role()->set_role(role);
    }
    return tx;
  }
  v1::Tx Sanction() {
    std::string actor = Claimant(v1::SUPERVISOR, {"bureau", "ecology", "inspector"});
    std::string target = Roll(10) == 0 ? Pick(std::vector<std::string>{"registrar-2", "inspector"})
                                       : Pick(Holders());
    v1::Tx tx = chain_.NewTx(actor);
    auto* b = tx.mutable_impose_sanction();
    b->set_account(target);
    const uint64_t k = Roll(10);
    if (k < 4) {
      b->set_kind(v1::SUSPENDED);
    } else if (k < 9) {
      b->set_kind(v1::RESTRICTED);
      const uint32_t actions[] = {v1::Tx::kUpdateKeys, v1::Tx::kTransfer, v1::Tx::kRetire};
      const uint64_t mask = 1 + Roll(7);
      for (int i = 0; i < 3; ++i) {
        if (mask & (1u << i)) b->add_allowed_actions(actions[i]);
      }
    } else {
      b->set_kind(v1::REVOKED);
    }
    b->set_reason("monitoring data under review");
    return tx;
  }
  v1::Tx Lift() {
    std::string actor = Claimant(v1::SUPERVISOR, {"bureau", "ecology", "inspector"});
    auto sanctioned = Sanctioned();
    std::string target = sanctioned.empty() || Roll(10) == 0 ? Holder() : Pick(sanctioned);
    std::vector<std::string> cos;
    auto it = model_.sanctions.find(target);
    if (it != model_.sanctions.end() && it->second.kind == v1::REVOKED) {
      cos = Cosigners(actor);
    }
    cos.erase(std::remove(cos.begin(), cos.end(), actor), cos.end());
    v1::Tx tx = chain_.GovTx(actor, cos);
    tx.mutable_lift_sanction()->set_account(target);
    tx.mutable_lift_sanction()->set_reason("review closed");
    return tx;
  }

  // Keys chosen by the model as it stood at the start of the block (a
  // rotation earlier in the same block makes a "proper" signature stale).
  std::vector<uint32_t> Choose(const ModelAccount& a, size_t n) {
    std::vector<uint32_t> ids;
    for (const auto& [k, pub] : a.keys) ids.push_back(k);
    Shuffle(ids);
    ids.resize(std::min(n, ids.size()));
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  v1::SignedTx SignAs(const v1::Tx& tx, Signing mode) {
    std::vector<std::string> named = {tx.account()};
    named.insert(named.end(), tx.cosigners().begin(), tx.cosigners().end());
    // Which named account the deviation applies to.
    const size_t victim =
        mode == Signing::kCosignerShort && named.size() > 1 ? 1 + Roll(named.size() - 1) : 0;
    std::vector<SigningKey> signers;
    for (size_t i = 0; i < named.size(); ++i) {
      auto it = model_.accounts.find(named[i]);
      if (it == model_.accounts.end()) continue;
      const ModelAccount& a = it->second;
      size_t n = a.threshold;
      // An unsigned tx is only a shape drop: mostly sign single-signer txs.
      const bool lone = named.size() == 1 && a.threshold == 1 && Roll(4) != 0;
      const bool deviate = i == victim && mode != Signing::kProper && !lone;
      if (deviate && (mode == Signing::kActorShort || mode == Signing::kCosignerShort)) {
        n = n == 0 ? 0 : n - 1;  // an unsigned tx is a shape drop
      }
      std::vector<uint32_t> ids = Choose(a, n);
      std::map<uint32_t, Bytes> secret;  // key id -> secret used
      for (uint32_t k : ids) secret[k] = secrets_.at(a.keys.at(k));
      if (deviate && mode == Signing::kRetiredKey && !a.retired.empty()) {
        auto r = a.retired.begin();
        std::advance(r, Roll(a.retired.size()));
        if (!ids.empty()) secret.erase(ids.front());  // a retired key in place of a held one
        secret[r->first] = secrets_.at(r->second);
      }
      if (deviate && mode == Signing::kForged && !secret.empty()) {
        secret.begin()->second = TestKey(Cat("forger/", Roll(1000))).secret_key;
      }
      for (const auto& [k, s] : secret)
        signers.push_back({named[i], k, v1::SUITE_ED25519_BLAKE2B, s});
    }
    auto stx = SignTx(tx, signers);
    EXPECT_TRUE(stx.ok()) << stx.status().ToString();
    return stx.ok() ? *stx : v1::SignedTx();
  }

  std::mt19937_64 rng_;
  TestChain& chain_;
  const Model& model_;
  std::map<std::string, uint32_t> next_key_id_;
  std::map<Bytes, Bytes> secrets_;  // public key -> secret key
  int opened_ = 0;
};

// ---- the checker -------------------------------------------------------------

// Checks the four properties for one applied tx against the model before
// it; returns "" or which property failed and why.
std::string CheckApplied(const Model& m, const v1::SignedTx& stx, const v1::Tx& tx) {
  const SignatureSuite& suite = DefaultSuite();
  const Bytes message = TxSigningMessage(stx.tx());
  std::vector<std::string> named = {tx.account()};
  named.insert(named.end(), tx.cosigners().begin(), tx.cosigners().end());
  const uint32_t action = static_cast<uint32_t>(tx.body_case());

  // P2 first: it names the sharper fault.
  for (const auto& sig : stx.signatures()) {
    auto it = m.accounts.find(sig.account());
    if (it == m.accounts.end()) continue;
    const ModelAccount& a = it->second;
    if (a.retired.count(sig.key_id())) {
      return Cat("P2: signature by key ", sig.key_id(), " of '", sig.account(), "', retired at tx ",
                 a.retired_at.at(sig.key_id()));
    }
    for (const auto& [k, pub] : a.retired) {
      if (suite.Verify(pub, message, sig.signature())) {
        return Cat("P2: signature verifies under retired key ", k, " of '", sig.account(), "'");
      }
    }
  }
  // P1: every named account meets its threshold with keys it holds.
  for (const std::string& n : named) {
    auto it = m.accounts.find(n);
    if (it == m.accounts.end()) return Cat("P1: named account '", n, "' does not exist");
    std::set<uint32_t> good;
    for (const auto& sig : stx.signatures()) {
      if (sig.account() != n) continue;
      auto k = it->second.keys.find(sig.key_id());
      if (k != it->second.keys.end() && suite.Verify(k->second, message, sig.signature())) {
        good.insert(sig.key_id());
      }
    }
    if (good.size() < it->second.threshold) {
      return Cat("P1: '", n, "' has ", good.size(), " valid signatures by held keys, threshold ",
                 it->second.threshold);
    }
  }
  const bool lifts_revocation = tx.has_lift_sanction() &&
                                m.sanctions.count(tx.lift_sanction().account()) &&
                                m.sanctions.at(tx.lift_sanction().account()).kind == v1::REVOKED;
  if (IsGovernanceBody(tx.body_case()) || lifts_revocation) {
    uint32_t governing = 0;
    for (const std::string& n : named) governing += m.governing.count(n);
    if (governing < m.quorum) {
      return Cat("P1: governance tx (type ", action, ") names ", governing,
                 " governing accounts; quorum ", m.quorum);
    }
  }
  // P3: sanctions.
  for (const std::string& n : named) {
    if (m.Forbids(n, action)) {
      const ModelSanction& s = m.sanctions.at(n);
      return Cat("P3: '", n, "' is ", v1::SanctionKind_Name(s.kind), " since tx ", s.at,
                 " and may not do type ", action);
    }
  }
  std::string to = tx.has_transfer()      ? tx.transfer().to()
                   : tx.has_issue_batch() ? tx.issue_batch().to()
                                          : "";
  if (!to.empty() && m.MayNotReceive(to)) {
    return Cat("P3: units went to '", to, "', which is ",
               v1::SanctionKind_Name(m.sanctions.at(to).kind));
  }
  // P4: roles.
  auto need = [&](const std::string& who, v1::Role role) -> std::string {
    if (m.Has(who, role)) return "";
    auto a = m.accounts.find(who);
    std::string when = "never held";
    if (a != m.accounts.end() && a->second.role_revoked_at.count(role)) {
      when = Cat("revoked at tx ", a->second.role_revoked_at.at(role));
    }
    return Cat("P4: '", who, "' used role ", v1::Role_Name(role), " (", when, ") for type ",
               action);
  };
  std::string e;
  if (tx.has_issue_batch()) {
    if (!(e = need(tx.account(), v1::REGISTRAR)).empty()) return e;
    if (!(e = need(tx.issue_batch().to(), v1::PROJECT_OWNER)).empty()) return e;
  }
  if (tx.has_open_account() && !(e = need(tx.account(), v1::REGISTRAR)).empty()) return e;
  if ((tx.has_impose_sanction() || tx.has_lift_sanction()) &&
      !(e = need(tx.account(), v1::SUPERVISOR)).empty()) {
    return e;
  }
  return "";
}

// What an applied tx changes in the model (the model's own reading of the
// body, never state).
void ApplyToModel(Model& m, const v1::Tx& tx, uint64_t index) {
  switch (tx.body_case()) {
    case v1::Tx::kUpdateKeys: {
      ModelAccount& a = m.accounts.at(tx.account());
      for (const auto& k : tx.update_keys().add()) a.keys[k.key_id()] = k.key();
      for (uint32_t k : tx.update_keys().remove()) {
        a.retired[k] = a.keys.at(k);
        a.retired_at[k] = index;
        a.keys.erase(k);
      }
      if (tx.update_keys().threshold() != 0) a.threshold = tx.update_keys().threshold();
      break;
    }
    case v1::Tx::kGrantRole:
      m.accounts.at(tx.grant_role().account()).roles |= Bit(tx.grant_role().role());
      break;
    case v1::Tx::kRevokeRole: {
      ModelAccount& a = m.accounts.at(tx.revoke_role().account());
      a.roles &= ~Bit(tx.revoke_role().role());
      a.role_revoked_at[tx.revoke_role().role()] = index;
      break;
    }
    case v1::Tx::kImposeSanction: {
      const auto& b = tx.impose_sanction();
      m.sanctions[b.account()] = {
          b.kind(), {b.allowed_actions().begin(), b.allowed_actions().end()}, index};
      break;
    }
    case v1::Tx::kLiftSanction:
      m.sanctions.erase(tx.lift_sanction().account());
      break;
    case v1::Tx::kOpenAccount: {
      const auto& b = tx.open_account();
      ModelAccount& a = m.accounts[b.id()];
      a.threshold = b.threshold();
      for (int r : b.roles()) a.roles |= 1u << r;
      for (const auto& k : b.keys()) a.keys[k.key_id()] = k.key();
      break;
    }
    default:
      break;
  }
}

// The model agrees with state: keys, thresholds, roles, sanctions.
std::string CompareModel(const Model& m, const StateReader& state) {
  for (const auto& [id, a] : m.accounts) {
    auto rec = testing::AccountOf(state, id);
    if (!rec) return Cat("model has '", id, "', state does not");
    if (rec->roles_mask != a.roles) return Cat("roles of '", id, "' differ");
    if (rec->threshold != a.threshold) return Cat("threshold of '", id, "' differs");
    std::map<uint32_t, Bytes> keys;
    for (const auto& k : rec->keys) keys[k.key_id] = k.public_key;
    if (keys != a.keys) return Cat("keys of '", id, "' differ");
  }
  size_t sanctions = 0;
  state.Scan("x/", [&](std::string_view, std::string_view) {
    ++sanctions;
    return true;
  });
  if (sanctions != m.sanctions.size()) {
    return Cat("state has ", sanctions, " sanctions, model ", m.sanctions.size());
  }
  return "";
}

TEST(GovernanceProperty, SignaturesKeysSanctionsAndRolesHoldUnderRandomTraffic) {
  const uint64_t seed = EnvOr("LINCAO_PROPERTY_SEED", kDefaultSeed);
  const uint64_t total = EnvOr("LINCAO_PROPERTY_TXS", kDefaultTxs);
  const std::string where =
      Cat("LINCAO_PROPERTY_SEED=0x", std::hex, seed, std::dec, " LINCAO_PROPERTY_TXS=", total);
  SCOPED_TRACE(where);
  std::cout << "[ seed     ] " << where << std::endl;
  const auto started = std::chrono::steady_clock::now();

  const testing::ChainOptions options = PropertyOptions();
  TestChain chain(options);
  Model model = ModelOf(options);
  ASSERT_EQ(CompareModel(model, chain.state()), "") << "genesis";
  Generator gen(seed, chain, model);

  std::vector<Hash32> hashes;
  std::map<char, int> applied, refused, dropped;
  std::map<Signing, int> signing_dropped, signing_applied;
  std::map<int, int> codes;
  uint64_t generated = 0;
  const size_t check_every = std::max<uint64_t>(1, total / 20000);
  while (generated < total) {
    std::vector<v1::SignedTx> txs;
    std::map<Hash32, uint64_t> index_of;  // tx id -> generated index
    std::vector<Planned> plans;
    for (int i = 0; i < kTxsPerBlock && generated < total; ++i, ++generated) {
      Planned p = gen.Next();
      index_of[ComputeTxId(DefaultSuite(), p.stx.tx())] = generated;
      txs.push_back(p.stx);
      plans.push_back(std::move(p));
    }
    const uint64_t first_index = generated - plans.size();
    BuiltBlock b = chain.Commit(txs);
    for (const DroppedTx& d : b.dropped) {
      codes[d.reason.code()]++;
      auto it = index_of.find(d.tx_id);
      if (it == index_of.end()) {  // did not decode (an unsigned tx): no id
        ASSERT_EQ(d.reason.code(), v1::NO_SIGNATURES) << d.reason.ToString();
        dropped['-']++;
        continue;
      }
      const Planned& p = plans[it->second - first_index];
      dropped[p.kind]++;
      signing_dropped[p.signing]++;
    }
    if (!b.made) continue;
    for (int i = 0; i < b.block.results_size(); ++i) {
      const v1::TxResult& r = b.block.results(i);
      const v1::SignedTx& stx = b.block.txs(i);
      const uint64_t index = index_of.at(ComputeTxId(DefaultSuite(), stx.tx()));
      const Planned& p = plans[index - first_index];
      codes[r.code()]++;
      if (r.code() != v1::OK) {
        ASSERT_NE(r.code(), v1::INTERNAL) << "tx " << index << ": " << r.message();
        refused[p.kind]++;
        continue;
      }
      v1::Tx tx;
      ASSERT_TRUE(tx.ParseFromString(stx.tx()));
      const std::string violation = CheckApplied(model, stx, tx);
      ASSERT_EQ(violation, "") << "tx index " << index << " (block " << b.block.header().height()
                               << ", position " << i << ", kind '" << p.kind << "')";
      ApplyToModel(model, tx, index);
      applied[p.kind]++;
      signing_applied[p.signing]++;
    }
    hashes.push_back(b.hash);
    // Supply conservation: every block in small runs, every few in big ones.
    if (hashes.size() % check_every == 0 || generated == total) {
      ASSERT_EQ(testing::CheckSupplyInvariants(chain.state()), "")
          << "after block " << b.block.header().height() << " (txs up to " << generated - 1 << ")";
    }
  }
  ASSERT_EQ(CompareModel(model, chain.state()), "") << "model and state after the run";
  ASSERT_EQ(chain.head().accumulator.Root(DefaultSuite()),
            AccumulateAll(chain.state()).Root(DefaultSuite()));

  // Not vacuous: every kind applied and every kind of bad signing was
  // refused, over runs of the default size or larger.
  if (total >= kDefaultTxs) {
    for (char k : std::string("trioksgl")) EXPECT_GT(applied[k], 0) << "kind " << k;
    EXPECT_GT(refused['g'], 0);
    EXPECT_GT(codes[v1::SANCTIONED], 0);
    EXPECT_GT(codes[v1::UNAUTHORIZED], 0);
    EXPECT_GT(codes[v1::GOVERNANCE_QUORUM_NOT_MET], 0);
    EXPECT_GT(codes[v1::THRESHOLD_NOT_MET], 0);
    EXPECT_GT(codes[v1::UNKNOWN_KEY], 0);
    EXPECT_GT(codes[v1::BAD_SIGNATURE], 0);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Replay from genesis: the same batches give the same chain.
  TestChain replay(options);
  ASSERT_EQ(replay.genesis_hash(), chain.genesis_hash());
  ASSERT_EQ(chain.batches().size(), hashes.size());
  for (size_t i = 0; i < chain.batches().size(); ++i) {
    const v1::Batch& batch = chain.batches()[i];
    std::vector<v1::SignedTx> txs;
    for (const std::string& bytes : batch.txs())
      ASSERT_TRUE(txs.emplace_back().ParseFromString(bytes));
    BuiltBlock b = replay.Commit(txs, batch.leader_time_ms());
    ASSERT_TRUE(b.made);
    ASSERT_EQ(b.hash, hashes[i]) << "block " << i + 1 << " differs on replay";
  }
  EXPECT_EQ(replay.head().hash, chain.head().hash);
  EXPECT_EQ(replay.head().accumulator.Root(DefaultSuite()),
            chain.head().accumulator.Root(DefaultSuite()));
  EXPECT_EQ(replay.state().entries(), chain.state().entries());

  std::cout << "[ property ] " << generated << " txs in " << hashes.size() << " blocks, " << seconds
            << " s (replay not counted); applied";
  for (const auto& [k, n] : applied) std::cout << ' ' << k << '=' << n;
  std::cout << "; refused";
  for (const auto& [k, n] : refused) std::cout << ' ' << k << '=' << n;
  std::cout << "; dropped";
  for (const auto& [k, n] : dropped) std::cout << ' ' << k << '=' << n;
  std::cout << "\n[ codes    ]";
  for (const auto& [c, n] : codes)
    std::cout << ' ' << ErrorCodeName(static_cast<ErrorCode>(c)) << '=' << n;
  std::cout << std::endl;
}

}  // namespace
}  // namespace lincao
