#include "tests/unit/chaincode/test_chain.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "chaincode/cancellation_records.h"
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/governance_records.h"
#include "chaincode/hold_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/parameters.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/reversal_records.h"

namespace lincao::testing {

namespace {
uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 0);
}
}  // namespace

PropertyRun PropertyRunFromEnv(uint64_t default_seed, uint64_t default_txs) {
  PropertyRun run;
  run.seed = EnvOr("LINCAO_PROPERTY_SEED", default_seed);
  run.txs = EnvOr("LINCAO_PROPERTY_TXS", default_txs);
  run.where = Cat("LINCAO_PROPERTY_SEED=0x", std::hex, run.seed, std::dec,
                  " LINCAO_PROPERTY_TXS=", run.txs);
  std::cout << "[ seed     ] " << run.where << std::endl;
  return run;
}

KeyPair KeyFromSeed(const std::array<uint8_t, 32>& seed) {
  KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                           reinterpret_cast<unsigned char*>(kp.secret_key.data()), seed.data());
  return kp;
}

KeyPair TestKey(std::string_view label) {
  Hash32 seed = DefaultSuite().Hash({"lincao-test-key/", label});
  return KeyFromSeed(seed);
}

ChainOptions DefaultOptions() {
  ChainOptions o;
  o.accounts = {
      {"owner-a", {v1::PROJECT_OWNER}},
      {"owner-b", {v1::PROJECT_OWNER, v1::PARTICIPANT}},
      {"alice", {v1::PARTICIPANT}},
      {"bob", {v1::PARTICIPANT}},
      {"carol", {v1::PARTICIPANT}},
      {"multi", {v1::PARTICIPANT}, /*threshold=*/2, /*num_keys=*/2},
  };
  return o;
}

ChainOptions GovernanceOptions() {
  ChainOptions o = DefaultOptions();
  o.accounts.push_back({"bureau", {v1::SUPERVISOR}});
  o.accounts.push_back({"ecology", {v1::SUPERVISOR}, /*threshold=*/2, /*num_keys=*/2});
  o.governing = {"bureau", "ecology", "registrar"};
  o.governance_threshold = 2;
  return o;
}

TestChain::TestChain(ChainOptions options) {
  spec_.params.chain_id = kChainId;
  spec_.params.suite = v1::SUITE_ED25519_BLAKE2B;
  spec_.params.genesis_time_ms = kGenesisTimeMs;
  spec_.params.max_tx_horizon_ms = options.max_tx_horizon_ms;
  spec_.params.max_ranges_per_tx = options.max_ranges_per_tx;
  spec_.params.max_ranges_per_account = options.max_ranges_per_account;
  spec_.params.chaincode_version = options.chaincode_version;
  spec_.governance = {options.governing, options.governance_threshold};

  std::vector<AccountSpec> accounts = {{"registrar", {v1::REGISTRAR}}};
  accounts.insert(accounts.end(), options.accounts.begin(), options.accounts.end());
  for (const AccountSpec& a : accounts) {
    GenesisAccount ga;
    ga.id = a.id;
    ga.roles = a.roles;
    ga.threshold = a.threshold;
    ga.display_name = a.id;
    std::vector<KeyPair>& kps = keys_[a.id];
    for (uint32_t k = 0; k < a.num_keys; ++k) {
      kps.push_back(TestKey(Cat(a.id, "/", k)));
      ga.keys.push_back({k, v1::SUITE_ED25519_BLAKE2B, kps.back().public_key});
    }
    spec_.accounts.push_back(std::move(ga));
  }
  for (const std::string& n : options.nodes) {
    spec_.nodes.push_back({n, NodeKey(n).public_key});
  }
  auto genesis = BuildGenesis(spec_);
  if (!genesis.ok()) {
    ADD_FAILURE() << "genesis failed: " << genesis.status().ToString();
    return;
  }
  state_ = genesis->state;
  genesis_hash_ = genesis->hash;
  head_ = genesis->Head();
}

const std::vector<KeyPair>& TestChain::keys(const std::string& account) const {
  static const std::vector<KeyPair> kNone;
  auto it = keys_.find(account);
  return it == keys_.end() ? kNone : it->second;
}

SigningKey TestChain::Signer(const std::string& account, uint32_t key_id) const {
  const auto& kps = keys(account);
  Bytes secret = key_id < kps.size() ? kps[key_id].secret_key : Bytes();
  return {account, key_id, v1::SUITE_ED25519_BLAKE2B, secret};
}

v1::Tx TestChain::NewTx(const std::string& account) {
  v1::Tx tx;
  tx.set_chain_id(spec_.params.chain_id);
  tx.set_nonce("testnonc" + BigEndian64(++nonce_counter_));
  tx.set_expiry_ms(head_.time_ms + 60 * 60 * 1000);
  tx.set_account(account);
  return tx;
}

std::vector<SigningKey> TestChain::SignersFor(const std::string& account,
                                              std::optional<uint32_t> num_signers) const {
  // A custodial account signs with its custodian's keys, under its own name.
  // (Read leniently: tests sign over deliberately corrupted state too.)
  auto read = [this](const std::string& id) {
    auto r = LoadRecord<AccountRecord>(state_, keys::Account(id));
    return r.ok() ? *r : std::nullopt;
  };
  std::string key_owner = account;
  uint32_t n = 1;
  if (auto acc = read(account)) {
    n = acc->threshold;
    if (acc->custodial()) {
      key_owner = acc->custodian;
      auto custodian = read(key_owner);
      n = custodian ? custodian->threshold : 1;
    }
  }
  if (num_signers) n = *num_signers;
  std::vector<SigningKey> signers;
  for (uint32_t k = 0; k < n; ++k) {
    SigningKey s = Signer(key_owner, k);
    s.account = account;
    signers.push_back(std::move(s));
  }
  return signers;
}

v1::SignedTx TestChain::Sign(const v1::Tx& tx, std::optional<uint32_t> num_signers) const {
  std::vector<SigningKey> signers = SignersFor(tx.account(), num_signers);
  for (const std::string& c : tx.cosigners()) {
    std::vector<SigningKey> more = SignersFor(c);
    signers.insert(signers.end(), more.begin(), more.end());
  }
  auto signed_tx = SignTx(tx, signers);
  EXPECT_TRUE(signed_tx.ok()) << signed_tx.status().ToString();
  return signed_tx.ok() ? *signed_tx : v1::SignedTx();
}

v1::Tx TestChain::GovTx(const std::string& actor, std::vector<std::string> cosigners) {
  v1::Tx tx = NewTx(actor);
  std::sort(cosigners.begin(), cosigners.end());
  for (const auto& c : cosigners) tx.add_cosigners(c);
  return tx;
}

v1::Tx TestChain::OpenAccountTx(const std::string& actor, const std::string& id,
                                std::vector<v1::Role> roles, const std::vector<KeyPair>& keys,
                                uint32_t threshold) {
  v1::Tx tx = NewTx(actor);
  v1::OpenAccount* b = tx.mutable_open_account();
  b->set_id(id);
  for (v1::Role r : roles) b->add_roles(r);
  b->set_threshold(threshold);
  for (size_t i = 0; i < keys.size(); ++i) {
    v1::PublicKey* pk = b->add_keys();
    pk->set_key_id(static_cast<uint32_t>(i));
    pk->set_suite(v1::SUITE_ED25519_BLAKE2B);
    pk->set_key(keys[i].public_key);
  }
  b->set_display_name("opened by test");
  // The registrar's record of the identity documents (required from
  // chaincode version 2 on, accepted by version 1).
  b->set_identity_hash(AsBytes(DefaultSuite().Hash({"identity documents of ", id})));
  return tx;
}

v1::Tx TestChain::IssueTx(const std::string& actor, const std::string& to, uint64_t quantity,
                          uint32_t vintage) {
  v1::Tx tx = NewTx(actor);
  v1::IssueBatch* b = tx.mutable_issue_batch();
  b->set_to(to);
  b->set_quantity(quantity);
  b->set_project_id("SC-FOR-001-P001");
  b->set_vintage(vintage);
  b->set_period_start_ms(1700000000000);
  b->set_period_end_ms(1730000000000);
  b->set_report_hash(Bytes(32, '\x5a'));
  b->set_note("test issuance");
  return tx;
}

v1::Tx TestChain::TransferTx(const std::string& actor, const std::string& to, uint64_t quantity,
                             const std::vector<std::pair<uint64_t, uint64_t>>& ranges) {
  v1::Tx tx = NewTx(actor);
  v1::Transfer* b = tx.mutable_transfer();
  b->set_to(to);
  b->set_quantity(quantity);
  for (const auto& [first, last] : ranges) {
    v1::SerialRange* r = b->add_ranges();
    r->set_first(first);
    r->set_last(last);
  }
  return tx;
}

v1::Tx TestChain::RetireTx(const std::string& actor, uint64_t quantity,
                           const std::vector<std::pair<uint64_t, uint64_t>>& ranges) {
  v1::Tx tx = NewTx(actor);
  v1::Retire* b = tx.mutable_retire();
  b->set_quantity(quantity);
  for (const auto& [first, last] : ranges) {
    v1::SerialRange* r = b->add_ranges();
    r->set_first(first);
    r->set_last(last);
  }
  b->mutable_beneficiary()->set_organisation("Chengdu Expo Centre");
  b->set_purpose(v1::LARGE_EVENT);
  b->set_scenario_ref("expo-2026");
  b->set_jurisdiction("510100");
  return tx;
}

ApplyContext TestChain::Context(const Hash32& tx_id) const {
  // The rules in force for the next block, as BuildBlock derives them.
  auto in_force = ParamsInForce(spec_.params, state_, head_.height + 1);
  EXPECT_TRUE(in_force.ok()) << in_force.status().ToString();
  in_force_ = in_force.ok() ? *in_force : spec_.params;
  return ApplyContext{in_force_, head_.height + 1, head_.time_ms, tx_id};
}

Status TestChain::Apply(const v1::Tx& tx) {
  OverlayState overlay(state_);
  Status st = ApplyTx(Context(ComputeTxId(suite(), tx.SerializeAsString())), tx, overlay);
  if (st.ok()) overlay.MergeInto(state_);
  return st;
}

Status TestChain::DryRun(const v1::Tx& tx) const {
  OverlayState overlay(state_);
  return ApplyTx(Context(ComputeTxId(suite(), tx.SerializeAsString())), tx, overlay);
}

v1::Batch TestChain::MakeBatch(const std::vector<v1::SignedTx>& txs, uint64_t time_ms) const {
  v1::Batch batch;
  batch.set_leader_time_ms(time_ms);
  batch.set_proposer("node-1");
  for (const auto& t : txs) batch.add_txs(t.SerializeAsString());
  return batch;
}

BuiltBlock TestChain::Commit(const std::vector<v1::SignedTx>& txs, std::optional<uint64_t> time_ms,
                             WriteSet* before) {
  v1::Batch batch = MakeBatch(txs, time_ms.value_or(head_.time_ms + 1000));
  auto built = BuildBlock(spec_.params, head_, state_, committed_, batch.SerializeAsString());
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  if (!built.ok()) return BuiltBlock();
  if (built->made) {
    if (before != nullptr) {
      before->clear();
      for (const auto& [key, value] : built->writes) before->emplace(key, state_.Get(key));
    }
    ApplyWriteSet(state_, built->writes);
    head_ = HeadAfter(*built);
    for (const Hash32& id : built->tx_ids) committed_.ids.insert(id);
    batches_.push_back(batch);
    block_hashes_.push_back(built->hash);
  }
  return std::move(built).value();
}

std::string ReplayBatches(TestChain& replay, const TestChain& original) {
  if (replay.genesis_hash() != original.genesis_hash()) return "the genesis blocks differ";
  for (size_t i = 0; i < original.batches().size(); ++i) {
    const v1::Batch& batch = original.batches()[i];
    std::vector<v1::SignedTx> txs;
    for (const std::string& bytes : batch.txs()) {
      if (!txs.emplace_back().ParseFromString(bytes)) return Cat("batch ", i, " does not parse");
    }
    BuiltBlock b = replay.Commit(txs, batch.leader_time_ms());
    if (!b.made) return Cat("batch ", i, " made no block on replay");
    if (b.hash != original.block_hashes()[i]) {
      return Cat("block ", b.block.header().height(), " differs on replay: ", ToHex(b.hash),
                 " against ", ToHex(original.block_hashes()[i]));
    }
  }
  if (replay.head().hash != original.head().hash) return "the heads differ after replay";
  const SignatureSuite& suite = replay.suite();
  if (replay.head().accumulator.Root(suite) != original.head().accumulator.Root(suite)) {
    return "the state roots differ after replay";
  }
  return "";
}

void ApplyWriteSet(StateView& state, const WriteSet& writes) {
  for (const auto& [key, value] : writes) {
    if (value) {
      state.Put(key, *value);
    } else {
      state.Delete(key);
    }
  }
}

Holdings HoldingsOf(const StateReader& state, const std::string& account) {
  Holdings out;
  const std::string prefix = "h/" + account + "/";
  state.Scan(prefix, [&](std::string_view key, std::string_view value) {
    HoldingRecord rec;
    std::string_view suffix = key.substr(prefix.size());
    EXPECT_EQ(suffix.size(), 8u) << "holding key of " << account;
    EXPECT_TRUE(HoldingRecord::Decode(value, &rec)) << "holding of " << account;
    out.push_back({rec.first, ReadBigEndian64(suffix), rec.batch_id});
    return true;
  });
  return out;
}

std::string ShowHoldings(const Holdings& h) {
  std::ostringstream out;
  for (const auto& r : h) out << '[' << r.first << '-' << r.last << " b" << r.batch_id << ']';
  return out.str();
}

uint64_t UnitsOf(const StateReader& state, const std::string& account) {
  return TotalUnits(HoldingsOf(state, account));
}

std::optional<CreditBatchRecord> BatchOf(const StateReader& state, uint64_t batch_id) {
  auto r = LoadRecord<CreditBatchRecord>(state, keys::Batch(batch_id));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

std::optional<RetirementRecordData> RetirementOf(const StateReader& state, uint64_t id) {
  auto r = LoadRecord<RetirementRecordData>(state, keys::Retirement(id));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

std::optional<AccountRecord> AccountOf(const StateReader& state, const std::string& id) {
  auto r = LoadRecord<AccountRecord>(state, keys::Account(id));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

Counters CountersOf(const StateReader& state) {
  auto r = LoadRecord<Counters>(state, keys::Counters());
  EXPECT_TRUE(r.ok() && r->has_value());
  return r.ok() && r->has_value() ? **r : Counters{};
}

std::string CheckSupplyInvariants(const StateReader& state) {
  std::map<uint64_t, CreditBatchRecord> batches;
  std::string error;
  state.Scan("b/", [&](std::string_view key, std::string_view value) {
    CreditBatchRecord b;
    if (!CreditBatchRecord::Decode(value, &b) || key.size() != 10 ||
        ReadBigEndian64(key.substr(2)) != b.id) {
      error = Cat("batch record at ", ToHex(key), " does not decode or sits under the wrong key");
      return false;
    }
    batches[b.id] = b;
    return true;
  });
  if (!error.empty()) return error;

  struct Placed {
    uint64_t first, last, batch_id;
    std::string where;
  };
  std::vector<Placed> placed;
  std::map<uint64_t, uint64_t> tradable_per_batch;   // h/ ranges
  std::map<uint64_t, uint64_t> retired_per_batch;    // r/ records
  std::map<uint64_t, uint64_t> held_per_batch;       // ACTIVE z/ records
  std::map<uint64_t, uint64_t> cancelled_per_batch;  // X/ and L/ records
  // Places `ranges` and checks that they add up to `quantity`.
  auto place = [&](const Holdings& ranges, uint64_t quantity, const std::string& where,
                   std::map<uint64_t, uint64_t>* per_batch) {
    uint64_t sum = 0;
    for (const HeldRange& r : ranges) {
      placed.push_back({r.first, r.last, r.batch_id, where});
      if (per_batch != nullptr) (*per_batch)[r.batch_id] += r.count();
      sum += r.count();
    }
    if (sum != quantity) {
      error = Cat(where, ": ranges sum to ", sum, " but its quantity is ", quantity);
    }
    return sum == quantity;
  };
  std::map<std::string, HoldingSummaryRecord> summaries;  // computed from the ranges
  state.Scan("h/", [&](std::string_view key, std::string_view value) {
    HoldingRecord rec;
    if (key.size() < 2 + 8 || !HoldingRecord::Decode(value, &rec)) {
      error = Cat("holding at ", ToHex(key), " does not decode");
      return false;
    }
    const uint64_t last = ReadBigEndian64(key.substr(key.size() - 8));
    std::string owner(key.substr(2, key.size() - 2 - 9));
    placed.push_back({rec.first, last, rec.batch_id, Cat("held by ", owner)});
    tradable_per_batch[rec.batch_id] += last - rec.first + 1;
    HoldingSummaryRecord& sum = summaries[owner];
    if (sum.ranges == 0) sum.lowest_last = last;  // keys ascend: the first seen is the lowest
    sum.ranges += 1;
    sum.units += last - rec.first + 1;
    return true;
  });
  if (!error.empty()) return error;
  // Each holder's summary record matches its ranges; nobody else has one.
  std::map<std::string, HoldingSummaryRecord> stored;
  state.Scan("s/", [&](std::string_view key, std::string_view value) {
    HoldingSummaryRecord rec;
    if (!HoldingSummaryRecord::Decode(value, &rec)) {
      error = Cat("holdings summary at ", ToHex(key), " does not decode");
      return false;
    }
    stored[std::string(key.substr(2))] = rec;
    return true;
  });
  if (!error.empty()) return error;
  for (const auto& [owner, want] : summaries) {
    auto it = stored.find(owner);
    if (it == stored.end() || !(it->second == want)) {
      return Cat("summary of ", owner, " is wrong or missing: want units=", want.units,
                 " ranges=", want.ranges, " lowest=", want.lowest_last);
    }
    stored.erase(it);
  }
  if (!stored.empty()) return Cat("summary of ", stored.begin()->first, " but it holds nothing");
  state.Scan("r/", [&](std::string_view key, std::string_view value) {
    RetirementRecordData rec;
    if (!RetirementRecordData::Decode(value, &rec)) {
      error = Cat("retirement at ", ToHex(key), " does not decode");
      return false;
    }
    Holdings ranges;
    for (const auto& r : rec.ranges) ranges.push_back({r.first, r.last, r.batch_id});
    return place(ranges, rec.quantity, Cat("retired #", rec.id), &retired_per_batch);
  });
  if (!error.empty()) return error;

  // Holds: the ranges of ACTIVE ones are placed; the w/ index lists exactly those.
  std::set<std::string> active_index;  // the w/ keys the active holds need
  state.Scan(keys::HoldPrefix(), [&](std::string_view key, std::string_view value) {
    HoldRecord rec;
    if (!HoldRecord::Decode(value, &rec) || key != keys::Hold(rec.id)) {
      error = Cat("hold at ", ToHex(key), " does not decode or sits under the wrong key");
      return false;
    }
    if (!rec.active()) {
      // Closed: its units are elsewhere now; the ranges still add up.
      uint64_t sum = 0;
      for (const HeldRange& r : rec.ranges) sum += r.count();
      if (sum != rec.quantity) error = Cat("closed hold #", rec.id, " ranges sum to ", sum);
      return error.empty();
    }
    active_index.insert(keys::HolderHold(rec.holder, rec.id));
    return place(rec.ranges, rec.quantity, Cat("in hold #", rec.id), &held_per_batch);
  });
  if (!error.empty()) return error;
  std::set<std::string> index;
  state.Scan("w/", [&](std::string_view key, std::string_view value) {
    if (!value.empty()) error = Cat("hold index ", ToHex(key), " has a value");
    index.insert(std::string(key));
    return error.empty();
  });
  if (!error.empty()) return error;
  if (index != active_index) {
    return Cat("the hold index w/ has ", index.size(), " entries but ", active_index.size(),
               " holds are active, or they name different holds");
  }
  state.Scan(keys::CancellationPrefix(), [&](std::string_view key, std::string_view value) {
    CancellationRecord rec;
    if (!CancellationRecord::Decode(value, &rec) || key != keys::Cancellation(rec.id)) {
      error = Cat("cancellation at ", ToHex(key), " does not decode or sits under the wrong key");
      return false;
    }
    return place(rec.ranges, rec.quantity, Cat("cancelled #", rec.id), &cancelled_per_batch);
  });
  if (!error.empty()) return error;
  state.Scan(keys::LossPrefix(), [&](std::string_view key, std::string_view value) {
    LossRecord rec;
    if (!LossRecord::Decode(value, &rec) || key != keys::Loss(rec.id)) {
      error = Cat("loss at ", ToHex(key), " does not decode or sits under the wrong key");
      return false;
    }
    if (rec.covered + rec.shortfall_added != rec.loss_kg) {
      error = Cat("loss #", rec.id, ": covered ", rec.covered, " + shortfall ", rec.shortfall_added,
                  " != loss ", rec.loss_kg);
      return false;
    }
    return place(rec.cancelled, rec.covered, Cat("lost #", rec.id), &cancelled_per_batch);
  });
  if (!error.empty()) return error;

  for (const auto& [id, b] : batches) {
    if (b.buffer > b.buffer_issued) return Cat("batch ", id, " has more buffer than it issued");
    if (b.buffer > 0) {
      placed.push_back({b.buffer_first(), b.first_serial + b.buffer_issued - 1, id,
                        Cat("in the buffer of batch ", id)});
    }
    if (state.Get(keys::BufferBatch(id)).has_value() != (b.buffer > 0)) {
      return Cat("pool index f/ of batch ", id, " disagrees with its buffer ", b.buffer);
    }
  }
  for (const Placed& p : placed) {
    auto it = batches.find(p.batch_id);
    if (it == batches.end()) return Cat("range ", p.where, " names unknown batch");
    if (p.first > p.last || p.first < it->second.first_serial ||
        p.last > it->second.last_serial()) {
      return Cat("range ", p.first, "-", p.last, " ", p.where, " lies outside batch ", p.batch_id);
    }
  }
  std::sort(placed.begin(), placed.end(),
            [](const Placed& a, const Placed& b) { return a.first < b.first; });
  for (size_t i = 1; i < placed.size(); ++i) {
    if (placed[i].first <= placed[i - 1].last) {
      return Cat("serial ", placed[i].first, " is both ", placed[i - 1].where, " and ",
                 placed[i].where);
    }
  }
  for (const auto& [id, b] : batches) {
    if (retired_per_batch[id] != b.retired) {
      return Cat("batch ", id, " says retired=", b.retired, " but retirement records hold ",
                 retired_per_batch[id]);
    }
    if (held_per_batch[id] != b.held) {
      return Cat("batch ", id, " says held=", b.held, " but active holds hold ",
                 held_per_batch[id]);
    }
    if (cancelled_per_batch[id] != b.cancelled) {
      return Cat("batch ", id, " says cancelled=", b.cancelled,
                 " but cancellation and loss records hold ", cancelled_per_batch[id]);
    }
    const uint64_t accounted = b.retired + b.cancelled + b.held + b.buffer + b.exported;
    if (accounted > b.quantity || tradable_per_batch[id] != b.tradable()) {
      return Cat("batch ", id, ": tradable ", tradable_per_batch[id], " + retired ", b.retired,
                 " + cancelled ", b.cancelled, " + held ", b.held, " + buffer ", b.buffer,
                 " + exported ", b.exported, " != issued ", b.quantity);
    }
  }
  return "";
}

// ---- credit lifecycle ----------------------------------------------------------

namespace {
Bytes Filler(char c) { return Bytes(32, c); }
}  // namespace

ChainOptions LifecycleOptions() {
  ChainOptions o = GovernanceOptions();
  o.chaincode_version = 3;
  o.accounts.push_back({"bank", {v1::FINANCE}});
  o.accounts.push_back({"bank-b", {v1::FINANCE}});
  o.accounts.push_back({"court", {v1::JUDICIAL}});
  for (const char* id : {"expert-1", "expert-2", "expert-3", "verifier-1", "collective"}) {
    o.accounts.push_back({id, {v1::PARTICIPANT}});
  }
  return o;
}

ChainOptions UsingCreditsOptions() {
  ChainOptions o = LifecycleOptions();
  o.chaincode_version = 4;
  o.accounts.push_back({"exchange", {v1::EXCHANGE}});
  o.accounts.push_back({"exchange-b", {v1::EXCHANGE}});
  return o;
}

ChainOptions ClaimsPointsOptions() {
  ChainOptions o = UsingCreditsOptions();
  o.accounts.push_back({"platform", {v1::PARTICIPANT, v1::SERVICE_PLATFORM}});
  o.accounts.push_back({"platform-b", {v1::SERVICE_PLATFORM}});
  return o;
}

v1::Parcel ForestParcel(const std::string& area_code, const std::string& compartment,
                        const std::string& sub_compartment, uint64_t area_centiha) {
  v1::Parcel p;
  p.set_area_code(area_code);
  p.mutable_forest()->set_compartment(compartment);
  p.mutable_forest()->set_sub_compartment(sub_compartment);
  p.set_boundary_hash(Filler('\x21'));
  p.set_area_centiha(area_centiha);
  return p;
}

v1::Parcel UnitParcel(const std::string& area_code, const std::string& unit,
                      uint64_t area_centiha) {
  v1::Parcel p;
  p.set_area_code(area_code);
  std::string code = area_code + unit;
  if (code.size() < kRealEstateUnitChars) code.append(kRealEstateUnitChars - code.size(), '0');
  p.set_real_estate_unit(code);
  p.set_boundary_hash(Filler('\x22'));
  p.set_area_centiha(area_centiha);
  return p;
}

v1::Tx ProposeMethodologyTx(TestChain& chain, const std::string& actor, const std::string& id,
                            v1::Sector sector, uint32_t buffer_bps) {
  v1::Tx tx = chain.NewTx(actor);
  v1::ProposeMethodology* b = tx.mutable_propose_methodology();
  b->set_id(id);
  b->set_sector(sector);
  b->set_title("Carbon sink of afforestation, Sichuan");
  b->set_buffer_bps(buffer_bps);
  v1::ConversionFactor* f = b->add_factors();
  f->set_name("carbon_fraction_permille");
  f->set_value(470);
  f->set_unit("permille");
  f = b->add_factors();
  f->set_name("wood_density_kg_m3");
  f->set_value(450);
  f->set_unit("kg/m3");
  b->set_evidence_hash(Filler('\x31'));
  return tx;
}

v1::Tx EvaluateMethodologyTx(TestChain& chain, const std::string& expert, const std::string& id,
                             bool approve) {
  v1::Tx tx = chain.NewTx(expert);
  tx.mutable_evaluate_methodology()->set_id(id);
  tx.mutable_evaluate_methodology()->set_approve(approve);
  tx.mutable_evaluate_methodology()->set_opinion_hash(Filler('\x32'));
  return tx;
}

v1::Tx SubmitProjectTx(TestChain& chain, const ProjectSpec& spec) {
  v1::Tx tx = chain.NewTx(spec.owner);
  v1::SubmitProject* b = tx.mutable_submit_project();
  b->set_id(spec.id);
  b->set_methodology(spec.methodology);
  b->set_area_code(spec.area_code);
  if (spec.parcels.empty()) {
    *b->add_parcels() = ForestParcel(spec.area_code, "1", "1");
  } else {
    for (const auto& p : spec.parcels) *b->add_parcels() = p;
  }
  b->set_crediting_start_ms(spec.crediting_start_ms);
  b->set_crediting_end_ms(spec.crediting_end_ms);
  for (v1::ProjectTag t : spec.tags) b->add_tags(t);
  b->set_collective(spec.collective);
  b->set_collective_share_bps(spec.collective_share_bps);
  b->set_title("Pingwu giant panda habitat forest carbon sink");
  b->set_design_hash(Filler('\x41'));
  b->set_survey_hash(Filler('\x42'));
  return tx;
}

v1::Tx EvaluateProjectTx(TestChain& chain, const std::string& expert, const std::string& id,
                         bool approve) {
  v1::Tx tx = chain.NewTx(expert);
  tx.mutable_evaluate_project()->set_id(id);
  tx.mutable_evaluate_project()->set_approve(approve);
  tx.mutable_evaluate_project()->set_opinion_hash(Filler('\x43'));
  return tx;
}

v1::Tx SubmitReportTx(TestChain& chain, const std::string& owner, const std::string& project,
                      uint64_t start_ms, uint64_t end_ms, uint64_t claimed_kg) {
  v1::Tx tx = chain.NewTx(owner);
  v1::SubmitReport* b = tx.mutable_submit_report();
  b->set_project(project);
  b->set_period_start_ms(start_ms);
  b->set_period_end_ms(end_ms);
  b->set_claimed_kg(claimed_kg);
  b->set_evidence_hash(Filler('\x51'));
  return tx;
}

v1::Tx AttestReportTx(TestChain& chain, const std::string& verifier, const std::string& project,
                      uint32_t report, uint64_t verified_kg) {
  v1::Tx tx = chain.NewTx(verifier);
  v1::AttestReport* b = tx.mutable_attest_report();
  b->set_project(project);
  b->set_report(report);
  b->set_verified_kg(verified_kg);
  b->set_attestation_hash(Filler('\x52'));
  return tx;
}

v1::Tx EvaluateReportTx(TestChain& chain, const std::string& expert, const std::string& project,
                        uint32_t report, bool approve) {
  v1::Tx tx = chain.NewTx(expert);
  v1::EvaluateReport* b = tx.mutable_evaluate_report();
  b->set_project(project);
  b->set_report(report);
  b->set_approve(approve);
  b->set_opinion_hash(Filler('\x53'));
  return tx;
}

v1::Tx IssueCreditsTx(TestChain& chain, const std::string& project, uint32_t report) {
  v1::Tx tx = chain.NewTx("registrar");
  tx.mutable_issue_credits()->set_project(project);
  tx.mutable_issue_credits()->set_report(report);
  tx.mutable_issue_credits()->set_note("issued by test");
  return tx;
}

void LifecycleDriver::Run(const Steps& steps) {
  std::vector<v1::SignedTx> txs;
  std::map<Hash32, const std::string*> what;  // tx id -> step
  for (const auto& [tx, step] : steps) {
    txs.push_back(chain_.Sign(tx));
    what[ComputeTxId(chain_.suite(), txs.back().tx())] = &step;
  }
  BuiltBlock b = chain_.Commit(txs, chain_.head().time_ms);
  for (const DroppedTx& d : b.dropped) {
    auto it = what.find(d.tx_id);
    ADD_FAILURE() << (it == what.end() ? std::string("a step") : *it->second)
                  << " was dropped: " << d.reason.ToString();
  }
  for (const v1::TxResult& r : b.block.results()) {
    Hash32 id{};
    std::copy(r.tx_id().begin(), r.tx_id().end(), id.begin());
    EXPECT_EQ(r.code(), v1::OK) << *what.at(id) << ": "
                                << ErrorCodeName(static_cast<ErrorCode>(r.code())) << " "
                                << r.message();
  }
}

std::string LifecycleDriver::Owner(const std::string& project) {
  auto p = LoadProject(chain_.state(), project);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? p->owner : std::string();
}

void LifecycleDriver::GrantReviewers() {
  Steps steps;
  auto grant = [&](const std::string& account, v1::Role role) {
    v1::Tx tx = chain_.GovTx("bureau", {"ecology"});
    tx.mutable_grant_role()->set_account(account);
    tx.mutable_grant_role()->set_role(role);
    for (v1::Sector s : {v1::FOREST, v1::GRASSLAND, v1::WETLAND}) {
      tx.mutable_grant_role()->add_sectors(s);
    }
    steps.emplace_back(tx, Cat("grant ", v1::Role_Name(role), " to ", account));
  };
  for (const char* e : {"expert-1", "expert-2", "expert-3"}) grant(e, v1::EXPERT);
  grant("verifier-1", v1::VERIFIER);
  Run(steps);
}

void LifecycleDriver::ApprovedMethodology(const std::string& id, v1::Sector sector,
                                          uint32_t buffer_bps) {
  v1::Tx approve = chain_.NewTx("bureau");
  approve.mutable_approve_methodology()->set_id(id);
  Run({{ProposeMethodologyTx(chain_, "registrar", id, sector, buffer_bps), "propose " + id},
       {EvaluateMethodologyTx(chain_, "expert-1", id), "expert-1 evaluates " + id},
       {EvaluateMethodologyTx(chain_, "expert-2", id), "expert-2 evaluates " + id},
       {approve, "approve " + id}});
}

void LifecycleDriver::RegisteredProject(const ProjectSpec& spec) {
  v1::Tx approve = chain_.NewTx("bureau");
  approve.mutable_approve_project()->set_id(spec.id);
  v1::Tx reg = chain_.NewTx("registrar");
  reg.mutable_register_project()->set_id(spec.id);
  Run({{SubmitProjectTx(chain_, spec), "submit " + spec.id},
       {EvaluateProjectTx(chain_, "expert-1", spec.id), "expert-1 evaluates " + spec.id},
       {EvaluateProjectTx(chain_, "expert-2", spec.id), "expert-2 evaluates " + spec.id},
       {approve, "approve " + spec.id},
       {reg, "register " + spec.id}});
}

uint32_t LifecycleDriver::ReportSteps(const std::string& project, uint64_t start_ms,
                                      uint64_t end_ms, uint64_t claimed_kg, uint64_t verified_kg,
                                      Steps& steps) {
  auto before = LoadProject(chain_.state(), project);
  EXPECT_TRUE(before.ok()) << before.status().ToString();
  const uint32_t number = before.ok() ? before->reports + 1 : 0;
  steps.emplace_back(SubmitReportTx(chain_, Owner(project), project, start_ms, end_ms, claimed_kg),
                     Cat("submit report ", number, " of ", project));
  steps.emplace_back(AttestReportTx(chain_, "verifier-1", project, number, verified_kg),
                     Cat("attest report ", number));
  steps.emplace_back(EvaluateReportTx(chain_, "expert-1", project, number),
                     Cat("expert-1 on report ", number));
  steps.emplace_back(EvaluateReportTx(chain_, "expert-2", project, number),
                     Cat("expert-2 on report ", number));
  return number;
}

uint32_t LifecycleDriver::EvaluatedReport(const std::string& project, uint64_t start_ms,
                                          uint64_t end_ms, uint64_t claimed_kg,
                                          uint64_t verified_kg) {
  Steps steps;
  const uint32_t number = ReportSteps(project, start_ms, end_ms, claimed_kg, verified_kg, steps);
  Run(steps);
  return number;
}

uint64_t LifecycleDriver::IssuedReport(const std::string& project, uint64_t start_ms,
                                       uint64_t end_ms, uint64_t claimed_kg, uint64_t verified_kg) {
  Steps steps;
  const uint32_t number = ReportSteps(project, start_ms, end_ms, claimed_kg, verified_kg, steps);
  steps.emplace_back(IssueCreditsTx(chain_, project, number),
                     Cat("issue report ", number, " of ", project));
  Run(steps);
  auto report = LoadReport(chain_.state(), project, number);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? report->batch_id : 0;
}

uint64_t YearStartCstMs(uint32_t year) {
  uint64_t days = 0;  // from 1970-01-01
  for (uint32_t y = 1970; y < year; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    days += leap ? 366 : 365;
  }
  return days * 86400000 - 8 * 3600000;
}

CreditBatchRecord TestChain::IssueForProject(const std::string& project, const std::string& owner,
                                             uint64_t quantity, uint64_t buffer, uint32_t vintage) {
  LifecycleDriver driver(*this);
  if (!state_.Get(keys::RoleSectors("verifier-1", v1::VERIFIER))) driver.GrantReviewers();
  auto existing = LoadProject(state_, project);
  std::string methodology_id;
  if (existing.ok()) {
    EXPECT_EQ(existing->owner, owner)
        << "IssueForProject: " << project << " belongs to " << existing->owner;
    methodology_id = existing->methodology;
  } else {
    // The roundest share whose floor gives `buffer` (10 % for a tenth, so
    // that later batches of other sizes can get their tenth too). Shares
    // from lo to hi give it; above 10,000 kg there may be none.
    const uint64_t q = std::max<uint64_t>(quantity, 1);
    const uint64_t lo = (buffer * kBasisPoints + q - 1) / q;
    const uint64_t hi = ((buffer + 1) * kBasisPoints - 1) / q;
    uint64_t bps = lo;
    for (uint64_t step : {1000, 100, 10}) {
      const uint64_t round = (lo + step - 1) / step * step;
      if (round <= hi && round <= kBasisPoints) {
        bps = round;
        break;
      }
    }
    char id[32];
    std::snprintf(id, sizeof id, "TS-FOR-%03u-V%02u", static_cast<unsigned>(bps / 100),
                  static_cast<unsigned>(bps % 100));
    methodology_id = id;
    if (!state_.Get(keys::Methodology(methodology_id))) {
      driver.ApprovedMethodology(methodology_id, v1::FOREST, static_cast<uint32_t>(bps));
    }
    ProjectSpec spec;
    spec.id = project;
    spec.owner = owner;
    spec.methodology = methodology_id;
    // A parcel of its own: the compartment spells the project id.
    std::string compartment;
    for (char c : project) {
      if (std::isalnum(static_cast<unsigned char>(c)) && compartment.size() < 16) compartment += c;
    }
    spec.parcels = {ForestParcel(spec.area_code, compartment, "1")};
    driver.RegisteredProject(spec);
  }
  auto methodology = LoadMethodology(state_, methodology_id);
  EXPECT_TRUE(methodology.ok()) << methodology.status().ToString();
  if (methodology.ok()) {
    EXPECT_EQ(quantity * methodology->buffer_bps / kBasisPoints, buffer)
        << "IssueForProject: the buffer share of " << project << " (" << methodology->buffer_bps
        << " bp) cannot give " << buffer << " of " << quantity << " units";
  }
  auto p = LoadProject(state_, project);
  const uint64_t minute = 60000, n = p.ok() ? p->reports + 1 : 1;
  const uint64_t start = YearStartCstMs(vintage) + (n - 1) * minute;
  const uint64_t batch_id = driver.IssuedReport(project, start, start + minute, quantity, quantity);
  auto batch = BatchOf(state_, batch_id);
  EXPECT_TRUE(batch.has_value() && batch->vintage == vintage && batch->buffer == buffer)
      << "IssueForProject: batch " << batch_id << " of " << project;
  return batch.value_or(CreditBatchRecord{});
}

CreditBatchRecord TestChain::IssueTo(const std::string& project, const std::string& holder,
                                     uint64_t quantity) {
  CreditBatchRecord batch = IssueForProject(project, "owner-a", quantity, 0);
  BuiltBlock b = CommitTx(
      TransferTx("owner-a", holder, quantity, {{batch.first_serial, batch.last_serial()}}));
  EXPECT_TRUE(b.made && b.block.results(0).code() == v1::OK)
      << "IssueTo: transfer to " << holder << ": "
      << (b.made ? b.block.results(0).message() : "no block");
  return batch;
}

}  // namespace lincao::testing

namespace {

// libsodium picks its fastest implementations in sodium_init(); run it once
// before any test, as programs do at start.
class CryptoEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(lincao::InitCrypto()); }
};

[[maybe_unused]] ::testing::Environment* const kCryptoEnv =
    ::testing::AddGlobalTestEnvironment(new CryptoEnvironment);

}  // namespace
