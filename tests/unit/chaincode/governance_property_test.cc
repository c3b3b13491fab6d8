// Seeded property test of governance and identity (issue #9): many actors,
// random governance and account operations, every transaction committed
// through BuildBlock. An independent model in this file follows who holds
// which keys, roles and sanctions, who governs, the parameters, the
// chaincode activations, the node membership, which accounts are custodial
// (and whose) and which are closed, updated only by what actually applied
// (results with code OK). For every applied transaction, against the model
// as it stood just before it:
//   P1 signatures: each named account has signatures that verify under keys
//      the model says sign for it (its own, or for a custodial account its
//      custodian's), at least that key set's threshold of distinct keys; a
//      governance transaction (and lifting a revocation) names the quorum of
//      the policy in force at that transaction;
//   P2 retired keys: no signature is by a key id the signing key set retired
//      or verifies under one of its retired public keys;
//   P3 sanctions: no named account, nor the custodian of a custodial one, is
//      under a sanction that forbids this type; no units go to a suspended
//      or revoked account;
//   P4 roles: issue_batch and open_account come from a REGISTRAR, issuance
//      goes to a PROJECT_OWNER, sanctions are imposed and lifted by a
//      SUPERVISOR, personal accounts are opened by a SERVICE_PLATFORM, a
//      custodial account acts only while its custodian is a SERVICE_PLATFORM
//      and is never granted a role (a revoked role counts as absent);
//   P5 closing: no named account, custodian, receiver of units, grantee,
//      sanctioned or governing account is closed;
//   P6 policy: an applied set_governance_policy names 1-16 open,
//      non-custodial accounts, ascending, and 1 <= threshold <= n;
//   P7 parameters: an applied set_parameter names a governed parameter and a
//      value within its bounds; an applied retirement took at most the
//      max_ranges_per_tx in force for its block;
//   P8 versions: an applied activate_chaincode names a height above its own
//      block and a version above every version in force or scheduled;
//      open_personal_account and close_account apply only under version 2+.
// After every block: the block ran the chaincode version the model's
// activations put in force at its height (P8); the parameters in force for
// the next block are the model's, so a change applies from the next block
// on (P7); the membership keeps a voter and equals the model's (P9); a closed
// account holds no units (P5); and the supply invariants hold
// (CheckSupplyInvariants). At the end the model agrees with state, and a
// replay of the same batches from genesis gives the same block hashes,
// state_root and state.
//
// The chain starts on chaincode version 1; the generator schedules version 2
// at a near height (personal accounts and closing exist from then on), and
// once it is in force only schedules later versions far beyond the run's
// end, so the run never reaches a version that refuses issue_batch.
//
// The generator: std::mt19937_64 seeded explicitly. LINCAO_PROPERTY_SEED
// (decimal or 0x hex) and LINCAO_PROPERTY_TXS override the seed and the
// number of transactions (default 3,000 in ctest; run with
// LINCAO_PROPERTY_TXS=100000 for the issue's full run). Every failure
// message names the seed and the index of the failing transaction.
// Planted bugs. Each was patched into production code by hand, the test run
// with the default seed (0x9c0de5eed) and 3,000 txs, and the patch
// reverted: none is in the tree. Each is caught, at the first applied tx
// (or block) that exploits it ("tx" = generated index):
//   bug (the patch)                                  caught by, at, and what the test said
//   (a) VerifySignatures checks only the acting      P1, tx 62: 'bureau', cosigner of a
//       account's threshold (if (i > 0 || ...))      grant_role, 1 valid signature of 2
//   (b) update_keys writes the retired-key record    P2, tx 198: a close_account signed by
//       but keeps the key on the account             key 2 of 'actor-05', retired at tx 181
//   (c) no sanction forbids anything                 P3, tx 89: 'actor-19', SUSPENDED since
//                                                    tx 49, changed its keys (type 11)
//   (d) revoke_role leaves the role bit set          P4, tx 267: 'platform' opened a personal
//                                                    account, SERVICE_PLATFORM revoked at tx 180
//   (e) the quorum counts one governing account      P1, tx 36: a grant_role naming 1
//       short (signed_by.size() + 1 >= threshold)    governing account, quorum 2
//   (f) a custodial account is held to its own       P1, tx 982: 'person-33' (custodial), no
//       threshold (0), not its custodian's           signature in its group, custodian's 1
//   (g) the custodian's sanction is not checked      P3, tx 262: custodian 'platform-b',
//                                                    RESTRICTED, signed type 11 for 'person-3'
//   (h) the custodian need not hold SERVICE_PLATFORM P4, tx 1046: 'registrar-2' signed a
//                                                    transfer for 'person-23' after revocation
//   (i) LoadExistingAccount ignores closed_height    P5, tx 396: closed 'new-7' granted a role
//   (j) close_account does not check holdings        P5, after block 9: closed 'person-2' holds
//                                                    units
//   (k) set_governance_policy takes threshold n + 1  P6, tx 520: a policy "5 of 4" applied
//   (l) set_parameter's bound is off by one          P7, tx 53: max_tx_horizon_ms 86400001
//   (m) activate_chaincode takes the block's own     P8, tx 67: version 2 at height 2 applied
//       height (< instead of <=)                     in block 2
//   (n) no version gate for bodies 12 and 13         P8, tx 17: close_account under version 1
//   (o) set_node/remove_node may drop the last voter P9, after block 9: no voting node left
//   (p) the hand-over keeps the custodian            P1, tx 618: 'person-3' signed by its
//                                                    former custodian, not its own new key
//   (q) a parameter applies one block late           P7, after block 4: max_ranges_per_tx for
//       (ParamsInForce skips set_height = H - 1)     block 5 is 64, the model says 8
// To repeat one: apply the patch, build lincao_chaincode_tests, run it with
// --gtest_filter='GovernanceProperty*', revert.
//
// The 100,000-tx run with the default seed passes in about 2 min 13 s
// (Release, two cores shared with other builds: 99 s for the run and its
// checks, 34 s for the replay; 93 MB resident). It applies about a quarter
// of what it generates (the rest is refused or dropped on purpose), every
// kind of transaction included; the default 3,000 txs take about 1 s.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "chaincode/governance_records.h"
#include "chaincode/parameters.h"
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
constexpr size_t kMaxCustodial = 25;
// Versions scheduled once version 2 is in force go this far beyond the
// current height: never reached by a run.
constexpr uint64_t kFarHeights = 1000000;

uint32_t Bit(v1::Role r) { return 1u << r; }

// ---- the model ---------------------------------------------------------------

struct ModelAccount {
  std::map<uint32_t, Bytes> keys;     // key id -> public key, held now
  std::map<uint32_t, Bytes> retired;  // key id -> public key, retired
  std::map<uint32_t, uint64_t> retired_at;
  uint32_t threshold = 1;
  uint32_t roles = 0;
  std::map<int, uint64_t> role_revoked_at;  // role -> tx index of the revocation
  std::string custodian;                    // custodial: whose keys sign for it
  uint64_t in_custody = 0;
  std::optional<uint64_t> closed_at;  // tx index of the close
};

struct ModelSanction {
  v1::SanctionKind kind = v1::SANCTION_UNSPECIFIED;
  std::vector<uint32_t> allowed;
  uint64_t at = 0;
};

// The governed parameters, their bounds (docs/formats.md "Rules in force"),
// written here again rather than read from the chaincode's table.
struct ModelParameter {
  const char* name;
  uint64_t min, max;
};
constexpr ModelParameter kParameters[] = {
    {"max_ranges_per_account", 1, 1000000},
    {"max_ranges_per_tx", 1, 64},
    {"max_tx_horizon_ms", 1, 86400000},
};
const ModelParameter* FindModelParameter(const std::string& name) {
  for (const auto& p : kParameters) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

struct Model {
  std::map<std::string, ModelAccount> accounts;
  std::map<std::string, ModelSanction> sanctions;
  std::set<std::string> governing;
  uint32_t quorum = 0;
  std::map<std::string, uint64_t> params;       // in force for the block being applied
  std::map<std::string, uint64_t> params_next;  // in force from the next block
  uint32_t genesis_version = 1;
  std::map<uint64_t, uint32_t> activations;  // height -> version
  std::map<std::string, bool> nodes;         // node id -> voter

  // The account whose keys sign for `id` (itself, or its custodian).
  const ModelAccount* SignerOf(const std::string& id) const {
    auto it = accounts.find(id);
    if (it == accounts.end()) return nullptr;
    if (it->second.custodian.empty()) return &it->second;
    return &accounts.at(it->second.custodian);
  }
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
  bool Closed(const std::string& account) const {
    auto it = accounts.find(account);
    return it != accounts.end() && it->second.closed_at.has_value();
  }
  bool Custodial(const std::string& account) const {
    auto it = accounts.find(account);
    return it != accounts.end() && !it->second.custodian.empty();
  }
  uint32_t VersionAt(uint64_t height) const {
    uint32_t v = genesis_version;
    for (const auto& [h, version] : activations) {
      if (h <= height) v = version;
    }
    return v;
  }
  uint32_t HighestVersion() const {
    uint32_t v = genesis_version;
    for (const auto& [h, version] : activations) v = std::max(v, version);
    return v;
  }
};

bool IsGovernanceBody(v1::Tx::BodyCase b) {
  return b == v1::Tx::kGrantRole || b == v1::Tx::kRevokeRole || b == v1::Tx::kSetGovernancePolicy ||
         b == v1::Tx::kSetParameter || b == v1::Tx::kActivateChaincode || b == v1::Tx::kSetNode ||
         b == v1::Tx::kRemoveNode;
}

// ---- the cast ----------------------------------------------------------------

std::string ActorId(int i) { return Cat("actor-", i / 10, i % 10); }

// The governing bodies, never sanctioned or closed by the generator, so a
// quorum can always form; policies always keep enough of them.
const std::vector<std::string>& CoreGoverning() {
  static const std::vector<std::string> kCore = {"bureau", "ecology", "registrar"};
  return kCore;
}
bool IsCore(const std::string& id) {
  return std::find(CoreGoverning().begin(), CoreGoverning().end(), id) != CoreGoverning().end();
}

testing::ChainOptions PropertyOptions() {
  testing::ChainOptions o;
  o.accounts.push_back({"bureau", {v1::SUPERVISOR}, /*threshold=*/2, /*num_keys=*/2});
  o.accounts.push_back({"ecology", {v1::SUPERVISOR}, /*threshold=*/2, /*num_keys=*/3});
  o.accounts.push_back({"registrar-2", {v1::REGISTRAR}});
  o.accounts.push_back({"inspector", {v1::SUPERVISOR}, /*threshold=*/1, /*num_keys=*/2});
  o.accounts.push_back({"platform", {v1::SERVICE_PLATFORM}, /*threshold=*/2, /*num_keys=*/3});
  o.accounts.push_back({"platform-b", {v1::SERVICE_PLATFORM}});
  for (int i = 0; i < kActors; ++i) {
    std::vector<v1::Role> roles = {v1::PARTICIPANT};
    if (i % 2 == 0) roles.insert(roles.begin(), v1::PROJECT_OWNER);
    const uint32_t shapes[4][2] = {{1, 1}, {1, 2}, {2, 2}, {2, 3}};
    o.accounts.push_back({ActorId(i), roles, shapes[i % 4][0], shapes[i % 4][1]});
  }
  o.governing = CoreGoverning();
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
  m.params = {{"max_ranges_per_account", o.max_ranges_per_account},
              {"max_ranges_per_tx", o.max_ranges_per_tx},
              {"max_tx_horizon_ms", o.max_tx_horizon_ms}};
  m.params_next = m.params;
  m.genesis_version = o.chaincode_version;
  for (const auto& n : o.nodes) m.nodes[n] = true;
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

  Planned Next() {
    Planned p;
    const uint64_t r = Roll(100);
    v1::Tx tx;
    if (r < 24) {
      tx = Transfer(), p.kind = 't';
    } else if (r < 31) {
      tx = Retire(), p.kind = 'r';
    } else if (r < 40) {
      tx = Issue(), p.kind = 'i';
    } else if (r < 43) {
      tx = Open(), p.kind = 'o';
    } else if (r < 53) {
      tx = UpdateKeys(), p.kind = 'k';
    } else if (r < 65) {
      tx = Role(), p.kind = 'g';
    } else if (r < 73) {
      tx = Sanction(), p.kind = 's';
    } else if (r < 81) {
      tx = Lift(), p.kind = 'l';
    } else if (r < 84) {
      tx = Policy(), p.kind = 'p';
    } else if (r < 88) {
      tx = Parameter(), p.kind = 'm';
    } else if (r < 90) {
      tx = Activate(), p.kind = 'a';
    } else if (r < 93) {
      tx = Node(), p.kind = 'n';
    } else if (r < 97) {
      tx = OpenPersonal(), p.kind = 'q';
    } else {
      tx = Close(), p.kind = 'c';
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
  // The height of the block the generated txs will most likely join.
  uint64_t NextHeight() const { return chain_.head().height + 1; }

  static bool HoldsUnits(const std::string& id) {
    return id.starts_with("actor-") || id.starts_with("new-") || id.starts_with("person-");
  }
  // Open accounts that hold units: the actors, the accounts opened since
  // and the personal accounts.
  std::vector<std::string> Holders() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (HoldsUnits(id) && !a.closed_at) out.push_back(id);
    }
    return out;
  }
  std::vector<std::string> ClosedHolders() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (HoldsUnits(id) && a.closed_at) out.push_back(id);
    }
    return out;
  }
  std::vector<std::string> Personal() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (id.starts_with("person-")) out.push_back(id);
    }
    return out;
  }
  std::vector<std::string> OpenCustodialAccounts() const {
    std::vector<std::string> out;
    for (const auto& [id, a] : model_.accounts) {
      if (!a.custodian.empty() && !a.closed_at) out.push_back(id);
    }
    return out;
  }
  size_t OpenCustodial() const { return OpenCustodialAccounts().size(); }
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
  // A holder, often a sanctioned one and now and then a closed one (so
  // that sanctions and closing are tested).
  std::string Holder() {
    auto sanctioned = Sanctioned();
    if (!sanctioned.empty() && Roll(4) == 0) return Pick(sanctioned);
    auto closed = ClosedHolders();
    if (!closed.empty() && Roll(20) == 0) return Pick(closed);
    auto custodial = OpenCustodialAccounts();
    if (!custodial.empty() && Roll(5) == 0) return Pick(custodial);
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
    auto closed = ClosedHolders();
    do {
      const uint64_t r = Roll(20);
      to = !sanctioned.empty() && r < 2 ? Pick(sanctioned)
           : !closed.empty() && r == 2  ? Pick(closed)
                                        : Pick(Holders());
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
    v1::Tx tx = chain_.OpenAccountTx(actor, id, roles, {kp}, 1);
    if (Roll(10) == 0) tx.mutable_open_account()->clear_identity_hash();  // refused from v2
    return tx;
  }
  v1::Tx UpdateKeys() {
    std::string actor = Roll(6) == 0 ? Pick(All()) : Holder();
    const ModelAccount& a = model_.accounts.at(actor);
    v1::Tx tx = chain_.NewTx(actor);
    v1::UpdateKeys* b = tx.mutable_update_keys();
    auto add_key = [&] {
      const uint32_t id = next_key_id_[actor]++;
      KeyPair kp = TestKey(Cat(actor, "/", id));
      secrets_[kp.public_key] = kp.secret_key;
      v1::PublicKey* pk = b->add_add();
      pk->set_key_id(id);
      pk->set_suite(v1::SUITE_ED25519_BLAKE2B);
      pk->set_key(kp.public_key);
    };
    if (!a.custodian.empty()) {
      // The hand-over to the holder's own keys, signed by the custodian;
      // sometimes what a custodial account may not do.
      const uint64_t op = Roll(8);
      if (op == 0) {
        b->add_remove(0);
      } else if (op == 1) {
        b->set_threshold(1);
      } else {
        add_key();
        if (op == 2) add_key();
        if (op == 3) b->set_threshold(2);  // over the one key added
      }
      return tx;
    }
    const uint64_t op = Roll(10);
    const bool add = op < 7 && a.keys.size() < 5;
    const bool remove = (op < 5 || op == 7) && (a.keys.size() > 1 || add);
    if (add) add_key();
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
  // Cosigners for a quorum action by `actor`: usually just enough governing
  // accounts, sometimes all, none, or a non-governing account.
  std::vector<std::string> Cosigners(const std::string& actor) {
    std::vector<std::string> others;
    for (const auto& g : model_.governing) {
      if (g != actor) others.push_back(g);
    }
    Shuffle(others);
    const size_t needed = model_.quorum - (model_.governing.count(actor) ? 1 : 0);
    const uint64_t r = Roll(20);
    std::vector<std::string> out;
    if (r < 12) {
      out.assign(others.begin(), others.begin() + std::min(needed, others.size()));
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
  // A governing account acting, now and then someone else.
  std::string GovActor() {
    std::vector<std::string> governing(model_.governing.begin(), model_.governing.end());
    return Roll(12) == 0 ? Pick(Holders()) : Pick(governing);
  }
  v1::Tx Role() {
    std::string actor = GovActor();
    const std::vector<std::string> special = {"registrar", "registrar-2", "inspector", "bureau",
                                              "ecology",   "platform",    "platform-b"};
    std::string target = Roll(2) == 0 ? Pick(special) : Pick(All());
    const v1::Role roles[] = {v1::REGISTRAR, v1::SUPERVISOR, v1::PROJECT_OWNER, v1::PARTICIPANT,
                              v1::SERVICE_PLATFORM};
    v1::Role role = roles[Roll(5)];
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
    // Now and then an oversight account or a platform (whose sanction binds
    // its custodial accounts too).
    const uint64_t who = Roll(10);
    std::string target =
        who == 0   ? Pick(std::vector<std::string>{"registrar-2", "inspector", "platform"})
        : who == 1 ? Pick(std::vector<std::string>{"platform", "platform-b"})
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
  // A new policy: a subset of the bodies that always keeps `threshold` of
  // the core governing accounts; sometimes a malformed one.
  v1::Tx Policy() {
    std::string actor = GovActor();
    v1::Tx tx = chain_.GovTx(actor, Cosigners(actor));
    auto* b = tx.mutable_set_governance_policy();
    std::vector<std::string> accounts;
    uint32_t core = 0;
    for (const char* a : {"bureau", "ecology", "inspector", "registrar", "registrar-2"}) {
      if (Roll(3) != 0) {
        accounts.push_back(a);
        core += IsCore(a) ? 1 : 0;
      }
    }
    if (core == 0) {
      accounts.push_back(Pick(CoreGoverning()));
      std::sort(accounts.begin(), accounts.end());
      core = 1;
    }
    uint32_t threshold = 1 + static_cast<uint32_t>(Roll(core));
    switch (Roll(10)) {
      case 0:
        threshold = 0;
        break;
      case 1:
        threshold = static_cast<uint32_t>(accounts.size()) + 1;
        break;
      case 2:  // a personal (custodial, perhaps closed) account
        if (!Personal().empty()) accounts.push_back(Pick(Personal()));
        std::sort(accounts.begin(), accounts.end());
        break;
      case 3:
        std::reverse(accounts.begin(), accounts.end());
        break;
      case 4:
        accounts.push_back("zz-ghost");
        break;
      default:
        break;
    }
    for (const auto& a : accounts) b->add_accounts(a);
    b->set_threshold(threshold);
    return tx;
  }
  v1::Tx Parameter() {
    std::string actor = GovActor();
    v1::Tx tx = chain_.GovTx(actor, Cosigners(actor));
    auto* b = tx.mutable_set_parameter();
    // Values keep the chain moving: transactions expire an hour after the
    // head, so the horizon stays above that.
    switch (Roll(7)) {
      case 0:
      case 1:
        b->set_name("max_ranges_per_tx");
        b->set_value(Pick(std::vector<uint64_t>{1, 8, 32, 64, 64, 0, 65}));
        break;
      case 2:
      case 3:
        b->set_name("max_ranges_per_account");
        b->set_value(Pick(std::vector<uint64_t>{8, 100, 10000, 1000000, 0, 1000001}));
        break;
      case 4:
      case 5:
        b->set_name("max_tx_horizon_ms");
        b->set_value(Pick(std::vector<uint64_t>{3600000, 7200000, 86400000, 0, 86400001}));
        break;
      default:
        b->set_name("max_holdings");  // not a governed parameter
        b->set_value(5);
    }
    return tx;
  }
  v1::Tx Activate() {
    std::string actor = GovActor();
    v1::Tx tx = chain_.GovTx(actor, Cosigners(actor));
    auto* b = tx.mutable_activate_chaincode();
    const uint64_t next = NextHeight();
    const uint32_t highest = model_.HighestVersion();
    if (highest < 2) {
      // Version 2 near: below, at (often: the boundary) or a little above
      // the next block.
      b->set_version(Roll(6) == 0 ? static_cast<uint32_t>(Roll(2)) : 2);
      b->set_height(next + Pick(std::vector<uint64_t>{0, 0, 1, 2, 4}) - (Roll(6) == 0 ? 1 : 0));
    } else if (model_.VersionAt(next) < 2) {
      // Version 2 scheduled, not yet in force: nothing valid to add near.
      b->set_version(2);
      b->set_height(next + Roll(5));
    } else {
      // Later versions only far beyond the run (a version 3 in force would
      // refuse issue_batch); sometimes not an upgrade, or not in the future.
      b->set_version(highest + (Roll(4) == 0 ? 0 : 1));
      b->set_height(Roll(5) == 0 ? next - Roll(2) : next + kFarHeights + Roll(1000));
    }
    return tx;
  }
  v1::Tx Node() {
    std::string actor = GovActor();
    v1::Tx tx = chain_.GovTx(actor, Cosigners(actor));
    const std::vector<std::string> ids = {"node-1", "node-2", "node-3", "node-4"};
    const std::string id = Pick(ids);
    if (model_.nodes.count(id) && Roll(3) == 0) {
      tx.mutable_remove_node()->set_id(id);
      return tx;
    }
    auto* b = tx.mutable_set_node();
    b->set_id(id);
    b->set_suite(v1::SUITE_ED25519_BLAKE2B);
    // Another node's key now and then: refused (BAD_KEY_SET).
    b->set_public_key(TestKey(Cat("node/", Roll(10) == 0 ? Pick(ids) : id)).public_key);
    b->set_address(Roll(12) == 0 ? "" : Cat("10.0.0.", id.back(), ":7000"));
    b->set_voter(Roll(2) == 0);
    return tx;
  }
  v1::Tx OpenPersonal() {
    std::string actor = Claimant(v1::SERVICE_PLATFORM, {"platform", "platform-b"});
    // Fresh ids while few custodial accounts are open, else a taken one
    // (ACCOUNT_EXISTS): custody stays in play for the whole run.
    std::string id =
        Cat("person-",
            OpenCustodial() < kMaxCustodial || personal_ == 0 ? personal_++ : Roll(personal_));
    v1::Tx tx = chain_.NewTx(actor);
    tx.mutable_open_personal_account()->set_id(id);
    Bytes commitment = AsBytes(DefaultSuite().Hash({"salt/", id}));
    if (Roll(12) == 0) commitment.pop_back();
    tx.mutable_open_personal_account()->set_holder_commitment(commitment);
    return tx;
  }
  v1::Tx Close() {
    const uint64_t r = Roll(10);
    std::string actor;
    std::vector<std::string> empty;  // open holders that hold nothing: a close can apply
    for (const auto& h : Holders()) {
      if (testing::UnitsOf(chain_.state(), h) == 0) empty.push_back(h);
    }
    if (r < 4 && !empty.empty()) {
      actor = Pick(empty);
    } else if (r < 6 && !Personal().empty()) {
      actor = Pick(Personal());
    } else if (r < 9) {
      actor = Pick(Holders());
    } else {
      actor = Pick(std::vector<std::string>{"platform", "platform-b", "registrar-2", "inspector"});
    }
    v1::Tx tx = chain_.NewTx(actor);
    tx.mutable_close_account()->set_account(Roll(20) == 0 ? Pick(Holders()) : actor);
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
      // A custodial account is signed for with its custodian's keys.
      const ModelAccount* signer = model_.SignerOf(named[i]);
      if (signer == nullptr) continue;
      const ModelAccount& a = *signer;
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
  int personal_ = 0;
};

// ---- the checker -------------------------------------------------------------

// Checks the properties for one applied tx against the model before it, in
// a block at `height` whose result is `result`; returns "" or which property
// failed and why.
std::string CheckApplied(const Model& m, const v1::SignedTx& stx, const v1::Tx& tx, uint64_t height,
                         const v1::TxResult& result, const StateReader& after) {
  const SignatureSuite& suite = DefaultSuite();
  const Bytes message = TxSigningMessage(stx.tx());
  std::vector<std::string> named = {tx.account()};
  named.insert(named.end(), tx.cosigners().begin(), tx.cosigners().end());
  const uint32_t action = static_cast<uint32_t>(tx.body_case());

  // P2 first: it names the sharper fault.
  for (const auto& sig : stx.signatures()) {
    const ModelAccount* a = m.SignerOf(sig.account());
    if (a == nullptr) continue;
    if (a->retired.count(sig.key_id())) {
      return Cat("P2: signature for '", sig.account(), "' by retired key ", sig.key_id(),
                 " (retired at tx ", a->retired_at.at(sig.key_id()), ")");
    }
    for (const auto& [k, pub] : a->retired) {
      if (suite.Verify(pub, message, sig.signature())) {
        return Cat("P2: signature for '", sig.account(), "' verifies under retired key ", k);
      }
    }
  }
  // P1: every named account meets the threshold of the keys that sign for it.
  for (const std::string& n : named) {
    const ModelAccount* a = m.SignerOf(n);
    if (a == nullptr) return Cat("P1: named account '", n, "' does not exist");
    std::set<uint32_t> good;
    for (const auto& sig : stx.signatures()) {
      if (sig.account() != n) continue;
      auto k = a->keys.find(sig.key_id());
      if (k != a->keys.end() && suite.Verify(k->second, message, sig.signature())) {
        good.insert(sig.key_id());
      }
    }
    if (good.size() < a->threshold) {
      return Cat("P1: '", n, "'", m.Custodial(n) ? " (custodial)" : "", " has ", good.size(),
                 " valid signatures by the keys that sign for it, threshold ", a->threshold);
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
  // P5 (acting): nobody closed acts or signs for anyone.
  for (const std::string& n : named) {
    if (m.Closed(n))
      return Cat("P5: '", n, "', closed at tx ", *m.accounts.at(n).closed_at, " acts");
    if (m.Custodial(n) && m.Closed(m.accounts.at(n).custodian)) {
      return Cat("P5: the custodian of '", n, "' is closed");
    }
  }
  // P3: sanctions, on the account and on its custodian.
  for (const std::string& n : named) {
    std::vector<std::string> parties = {n};
    if (m.Custodial(n)) parties.push_back(m.accounts.at(n).custodian);
    for (const std::string& p : parties) {
      if (m.Forbids(p, action)) {
        const ModelSanction& s = m.sanctions.at(p);
        return Cat("P3: '", p, "'", p == n ? "" : Cat(" (custodian of '", n, "')"), " is ",
                   v1::SanctionKind_Name(s.kind), " since tx ", s.at, " and may not do type ",
                   action);
      }
    }
  }
  std::string to = tx.has_transfer()      ? tx.transfer().to()
                   : tx.has_issue_batch() ? tx.issue_batch().to()
                                          : "";
  if (!to.empty() && m.MayNotReceive(to)) {
    return Cat("P3: units went to '", to, "', which is ",
               v1::SanctionKind_Name(m.sanctions.at(to).kind));
  }
  if (!to.empty() && m.Closed(to)) return Cat("P5: units went to closed account '", to, "'");
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
  if (tx.has_open_personal_account() && !(e = need(tx.account(), v1::SERVICE_PLATFORM)).empty()) {
    return e;
  }
  for (const std::string& n : named) {
    if (m.Custodial(n) && !(e = need(m.accounts.at(n).custodian, v1::SERVICE_PLATFORM)).empty()) {
      return e + Cat(" (custodian of '", n, "')");
    }
  }
  if (tx.has_grant_role()) {
    const std::string& g = tx.grant_role().account();
    if (m.Custodial(g)) return Cat("P4: custodial account '", g, "' was granted a role");
    if (m.Closed(g)) return Cat("P5: closed account '", g, "' was granted a role");
  }
  if (tx.has_impose_sanction() && m.Closed(tx.impose_sanction().account())) {
    return Cat("P5: closed account '", tx.impose_sanction().account(), "' was sanctioned");
  }
  // P6: the policy is well formed.
  if (tx.has_set_governance_policy()) {
    const auto& b = tx.set_governance_policy();
    if (b.accounts().empty() || b.accounts_size() > 16 || b.threshold() < 1 ||
        b.threshold() > static_cast<uint32_t>(b.accounts_size())) {
      return Cat("P6: policy ", b.threshold(), " of ", b.accounts_size(), " applied");
    }
    for (int i = 0; i < b.accounts_size(); ++i) {
      const std::string& a = b.accounts(i);
      if (i > 0 && a <= b.accounts(i - 1)) return "P6: policy accounts not ascending";
      if (!m.accounts.count(a) || m.Closed(a) || m.Custodial(a)) {
        return Cat("P6: policy names '", a, "', which is missing, closed or custodial");
      }
    }
  }
  // P7: parameters within bounds; retirements within the range bound in force.
  if (tx.has_set_parameter()) {
    const ModelParameter* p = FindModelParameter(tx.set_parameter().name());
    if (p == nullptr) return Cat("P7: unknown parameter '", tx.set_parameter().name(), "' set");
    const uint64_t v = tx.set_parameter().value();
    if (v < p->min || v > p->max) {
      return Cat("P7: ", p->name, " set to ", v, ", outside ", p->min, "..", p->max);
    }
  }
  if (tx.has_retire()) {
    auto rec = testing::RetirementOf(after, result.created_id());
    if (!rec) return Cat("P7: retirement ", result.created_id(), " not recorded");
    if (rec->ranges.size() > m.params.at("max_ranges_per_tx")) {
      return Cat("P7: a retirement took ", rec->ranges.size(), " ranges; max_ranges_per_tx is ",
                 m.params.at("max_ranges_per_tx"), " for this block");
    }
  }
  // P8: activations in the future and upgrades only; new bodies from v2.
  if (tx.has_activate_chaincode()) {
    const auto& b = tx.activate_chaincode();
    uint64_t latest = 0;
    for (const auto& [h, v] : m.activations) latest = std::max(latest, h);
    if (b.height() <= height || b.height() <= latest) {
      return Cat("P8: activation at height ", b.height(), " applied in block ", height,
                 " (latest scheduled ", latest, ")");
    }
    if (b.version() <= std::max(m.VersionAt(height), m.HighestVersion())) {
      return Cat("P8: activation of version ", b.version(), " is no upgrade");
    }
  }
  if ((tx.has_open_personal_account() || tx.has_close_account()) && m.VersionAt(height) < 2) {
    return Cat("P8: type ", action, " applied under chaincode version ", m.VersionAt(height));
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
      if (tx.update_keys().threshold() != 0) {
        a.threshold = tx.update_keys().threshold();
      } else if (!a.custodian.empty()) {
        a.threshold = 1;
      }
      if (!a.custodian.empty()) {  // the hand-over: custody ends
        m.accounts.at(a.custodian).in_custody--;
        a.custodian.clear();
      }
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
    case v1::Tx::kOpenPersonalAccount: {
      ModelAccount& a = m.accounts[tx.open_personal_account().id()];
      a.threshold = 0;
      a.roles = Bit(v1::PARTICIPANT);
      a.custodian = tx.account();
      m.accounts.at(tx.account()).in_custody++;
      break;
    }
    case v1::Tx::kCloseAccount: {
      ModelAccount& a = m.accounts.at(tx.account());
      a.closed_at = index;
      if (!a.custodian.empty()) m.accounts.at(a.custodian).in_custody--;
      break;
    }
    case v1::Tx::kSetGovernancePolicy:
      m.governing = {tx.set_governance_policy().accounts().begin(),
                     tx.set_governance_policy().accounts().end()};
      m.quorum = tx.set_governance_policy().threshold();
      break;
    case v1::Tx::kSetParameter:
      m.params_next[tx.set_parameter().name()] = tx.set_parameter().value();
      break;
    case v1::Tx::kActivateChaincode:
      m.activations[tx.activate_chaincode().height()] = tx.activate_chaincode().version();
      break;
    case v1::Tx::kSetNode:
      m.nodes[tx.set_node().id()] = tx.set_node().voter();
      break;
    case v1::Tx::kRemoveNode:
      m.nodes.erase(tx.remove_node().id());
      break;
    default:
      break;
  }
}

// After a block: what the next block will run under, the membership, and
// that closed accounts hold nothing (P5, P7, P9).
std::string CheckAfterBlock(const Model& m, TestChain& chain) {
  const uint64_t next = chain.head().height + 1;
  auto params = ParamsInForce(chain.params(), chain.state(), next);
  if (!params.ok()) return params.status().ToString();
  const std::map<std::string, uint64_t> in_force = {
      {"max_ranges_per_account", params->max_ranges_per_account},
      {"max_ranges_per_tx", params->max_ranges_per_tx},
      {"max_tx_horizon_ms", params->max_tx_horizon_ms}};
  if (in_force != m.params) {
    for (const auto& [name, value] : m.params) {
      if (in_force.at(name) != value) {
        return Cat("P7: ", name, " in force for block ", next, " is ", in_force.at(name),
                   "; the model says ", value);
      }
    }
  }
  if (params->chaincode_version != m.VersionAt(next)) {
    return Cat("P8: block ", next, " would run version ", params->chaincode_version,
               "; the model says ", m.VersionAt(next));
  }
  std::map<std::string, bool> nodes;
  chain.state().Scan(keys::NodePrefix(), [&](std::string_view, std::string_view value) {
    NodeRecord n;
    if (NodeRecord::Decode(value, &n)) nodes[n.id] = n.voter;
    return true;
  });
  if (std::none_of(nodes.begin(), nodes.end(), [](const auto& n) { return n.second; })) {
    return Cat("P9: after block ", chain.head().height, " no voting node is left");
  }
  if (nodes != m.nodes) return Cat("P9: the membership differs from the model's");
  for (const auto& [id, a] : m.accounts) {
    if (a.closed_at && testing::UnitsOf(chain.state(), id) != 0) {
      return Cat("P5: closed account '", id, "' (tx ", *a.closed_at, ") holds units");
    }
  }
  return "";
}

// The model agrees with state: keys, thresholds, roles, custody, closing,
// sanctions and the policy.
std::string CompareModel(const Model& m, const StateReader& state) {
  for (const auto& [id, a] : m.accounts) {
    auto rec = testing::AccountOf(state, id);
    if (!rec) return Cat("model has '", id, "', state does not");
    if (rec->roles_mask != a.roles) return Cat("roles of '", id, "' differ");
    if (rec->threshold != a.threshold) return Cat("threshold of '", id, "' differs");
    std::map<uint32_t, Bytes> keys;
    for (const auto& k : rec->keys) keys[k.key_id] = k.public_key;
    if (keys != a.keys) return Cat("keys of '", id, "' differ");
    if (rec->custodian != a.custodian) return Cat("custodian of '", id, "' differs");
    if (rec->accounts_in_custody != a.in_custody) return Cat("custody count of '", id, "' differs");
    if (rec->closed() != a.closed_at.has_value()) return Cat("'", id, "' open/closed differs");
  }
  size_t sanctions = 0;
  state.Scan("x/", [&](std::string_view, std::string_view) {
    ++sanctions;
    return true;
  });
  if (sanctions != m.sanctions.size()) {
    return Cat("state has ", sanctions, " sanctions, model ", m.sanctions.size());
  }
  auto policy = LoadGovernancePolicy(state);
  if (!policy.ok() || !policy.value()) return "no governance policy in state";
  if (std::set<std::string>((*policy)->accounts.begin(), (*policy)->accounts.end()) !=
          m.governing ||
      (*policy)->threshold != m.quorum) {
    return "the governance policy differs";
  }
  return "";
}

TEST(GovernanceProperty, SignaturesKeysSanctionsRolesCustodyAndGovernanceHoldUnderRandomTraffic) {
  const testing::PropertyRun env = testing::PropertyRunFromEnv(kDefaultSeed, kDefaultTxs);
  SCOPED_TRACE(env.where);
  const uint64_t seed = env.seed, total = env.txs;
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
  uint64_t v2_from = 0;  // first block under version 2
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
    const uint64_t height = b.block.header().height();
    ASSERT_EQ(b.block.header().chaincode_version(), model.VersionAt(height))
        << "P8: block " << height << " ran another chaincode version than the model's";
    if (v2_from == 0 && model.VersionAt(height) >= 2) v2_from = height;
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
      const std::string violation = CheckApplied(model, stx, tx, height, r, chain.state());
      ASSERT_EQ(violation, "") << "tx index " << index << " (block " << height << ", position " << i
                               << ", kind '" << p.kind << "')";
      ApplyToModel(model, tx, index);
      applied[p.kind]++;
      signing_applied[p.signing]++;
    }
    model.params = model.params_next;  // set in this block: in force from the next
    ASSERT_EQ(CheckAfterBlock(model, chain), "") << "after block " << height;
    hashes.push_back(b.hash);
    // Supply conservation: every block in small runs, every few in big ones.
    if (hashes.size() % check_every == 0 || generated == total) {
      ASSERT_EQ(testing::CheckSupplyInvariants(chain.state()), "")
          << "after block " << height << " (txs up to " << generated - 1 << ")";
    }
  }
  ASSERT_EQ(CompareModel(model, chain.state()), "") << "model and state after the run";
  ASSERT_EQ(chain.head().accumulator.Root(DefaultSuite()),
            AccumulateAll(chain.state()).Root(DefaultSuite()));

  // Not vacuous: every kind applied and every kind of bad signing was
  // refused, over runs of the default size or larger.
  if (total >= kDefaultTxs) {
    for (char k : std::string("triokgslpmanqc")) EXPECT_GT(applied[k], 0) << "kind " << k;
    EXPECT_GT(refused['g'], 0);
    EXPECT_GT(v2_from, 0u) << "version 2 never came into force";
    for (ErrorCode c :
         {v1::SANCTIONED, v1::UNAUTHORIZED, v1::GOVERNANCE_QUORUM_NOT_MET, v1::THRESHOLD_NOT_MET,
          v1::UNKNOWN_KEY, v1::BAD_SIGNATURE, v1::ACCOUNT_CLOSED, v1::NOT_EMPTY, v1::BAD_ACTIVATION,
          v1::PARAMETER_OUT_OF_BOUNDS, v1::UNKNOWN_PARAMETER, v1::LAST_VOTER,
          v1::UNSUPPORTED_TX_TYPE}) {
      EXPECT_GT(codes[c], 0) << ErrorCodeName(c);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Replay from genesis: the same batches give the same chain.
  TestChain replay(options);
  ASSERT_EQ(chain.block_hashes(), hashes);
  ASSERT_EQ(testing::ReplayBatches(replay, chain), "");
  EXPECT_EQ(replay.state().entries(), chain.state().entries());

  std::cout << "[ property ] " << generated << " txs in " << hashes.size() << " blocks, " << seconds
            << " s (replay not counted); version 2 from block " << v2_from << "; applied";
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
