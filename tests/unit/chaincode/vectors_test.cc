// Fixed test vectors for the formats that reach hashes and signatures.
//
// A CHANGE IN ANY PINNED VALUE BELOW IS A FORMAT CHANGE: signed transactions,
// tx ids, block hashes and state roots of existing chains would no longer
// verify. Change a literal only together with a deliberate, documented change
// of the format (docs/formats.md) and a new version tag.
//
// Every literal was derived twice: by this code and, independently of it, by
// vectors.py in this folder (Python hashlib + cryptography, following the
// written formats: protobuf wire form, canonical records, write sets, RFC
// 6962 trees, LtHash, and the holdings changes of each transaction type as
// docs/formats.md describes them). Run vectors.py after a deliberate format
// change.
//
// Changed on purpose (issue #6): ChainParams version 2 (max_ranges_per_account)
// changed the genesis state root and hash; holdings keyed by last serial and
// the per-account summary records changed block 1's results root (write
// sets), state root and hash. The tx, Merkle and LtHash vectors did not move.
// Changed on purpose (issue #10): CreditBatchRecord version 2 (the credit
// lifecycle's counters) changed block 1's results root, state root and hash.
// Changed on purpose (issue #10, holds): Counters version 2 (next hold,
// cancellation and loss ids) changed the genesis state root and hash, and
// block 1's results root (its write sets rewrite `c`), state root and hash.
// Changed on purpose (issue #9): AccountRecord version 2 (identity hash,
// custodian, holder commitment, accounts in custody, closed height) changed
// the genesis state root and hash, and block 1's state root and hash (its
// results root did not move: block 1 writes no account record).
#include <gtest/gtest.h>
#include <sodium.h>

#include "chaincode/block.h"
#include "chaincode/block_builder.h"
#include "chaincode/canonical.h"
#include "chaincode/genesis.h"
#include "chaincode/limits.h"
#include "chaincode/merkle.h"
#include "chaincode/state_root.h"
#include "chaincode/tx.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::KeyFromSeed;

std::array<uint8_t, 32> SeedFilled(uint8_t b) {
  std::array<uint8_t, 32> s;
  s.fill(b);
  return s;
}

// The vector key: seed bytes 0x40, 0x41, ..., 0x5f.
KeyPair VectorKey() {
  std::array<uint8_t, 32> seed;
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(0x40 + i);
  return KeyFromSeed(seed);
}

Bytes Nonce(uint8_t fill) { return Bytes(16, static_cast<char>(fill)); }

v1::Tx VectorTx() {
  v1::Tx tx;
  tx.set_chain_id("lincao-vectors");
  Bytes nonce;
  for (int i = 0; i < 16; ++i) nonce.push_back(static_cast<char>(i));
  tx.set_nonce(nonce);
  tx.set_expiry_ms(1767229200000);
  tx.set_account("alice");
  v1::Transfer* t = tx.mutable_transfer();
  t->set_to("bob");
  t->set_quantity(1500);
  v1::SerialRange* r = t->add_ranges();
  r->set_first(1001);
  r->set_last(2500);
  t->set_memo("vector");
  return tx;
}

std::string Hex(const Hash32& h) { return ToHex(h); }

// ---- Known answers from outside this project --------------------------------

TEST(KnownAnswers, Blake2b256) {
  const SignatureSuite& s = DefaultSuite();
  // BLAKE2b with 32-byte output, no key (RFC 7693 parameters).
  EXPECT_EQ(Hex(s.Hash("")), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(Hex(s.Hash("abc")), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  // Hashing parts is hashing their concatenation.
  EXPECT_EQ(s.Hash({"a", "", "bc"}), s.Hash("abc"));
}

TEST(KnownAnswers, Ed25519Rfc8032Test1) {
  // RFC 8032 section 7.1, TEST 1: empty message.
  auto seed_bytes = FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  ASSERT_TRUE(seed_bytes);
  std::array<uint8_t, 32> seed;
  std::copy(seed_bytes->begin(), seed_bytes->end(), seed.begin());
  KeyPair kp = KeyFromSeed(seed);
  EXPECT_EQ(ToHex(kp.public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Bytes sig = DefaultSuite().Sign(kp.secret_key, "");
  EXPECT_EQ(ToHex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(DefaultSuite().Verify(kp.public_key, "", sig));
  sig[0] ^= 1;
  EXPECT_FALSE(DefaultSuite().Verify(kp.public_key, "", sig));
}

TEST(KnownAnswers, Rfc6962Structure) {
  const SignatureSuite& s = DefaultSuite();
  // Empty tree: H(""). One leaf: the root is the leaf hash itself.
  EXPECT_EQ(MerkleRoot(s, {}), s.Hash(""));
  Hash32 leaf = MerkleLeafHash(s, "only");
  EXPECT_EQ(leaf, s.Hash({std::string_view("\x00", 1), "only"}));
  EXPECT_EQ(MerkleRoot(s, {leaf}), leaf);
  // Two leaves: H(0x01 || l0 || l1).
  Hash32 l0 = MerkleLeafHash(s, "l0"), l1 = MerkleLeafHash(s, "l1"), l2 = MerkleLeafHash(s, "l2");
  Hash32 n01 = s.Hash({"\x01", AsView(l0), AsView(l1)});
  EXPECT_EQ(MerkleRoot(s, {l0, l1}), n01);
  // Three leaves split at 2: H(0x01 || H(0x01||l0||l1) || l2).
  EXPECT_EQ(MerkleRoot(s, {l0, l1, l2}), s.Hash({"\x01", AsView(n01), AsView(l2)}));
}

// ---- Pinned lincao formats ---------------------------------------------------

TEST(Vectors, SignedTxAndTxId) {
  KeyPair key = VectorKey();
  EXPECT_EQ(ToHex(key.public_key),
            "2543b92ff1095511476adc8369db6ddc933665a11978dda1404ee1066ca9559d");
  v1::Tx tx = VectorTx();
  auto stx = SignTx(tx, {{"alice", 0, v1::SUITE_ED25519_BLAKE2B, key.secret_key}});
  ASSERT_TRUE(stx.ok()) << stx.status().ToString();
  EXPECT_EQ(ToHex(stx->tx()),
            "0a0e6c696e63616f2d766563746f72731210000102030405060708090a0b0c0d0e0f1880adc6b8b7332205"
            "616c696365ea03180a03626f6210dc0b1a0608e90710c4132206766563746f72");
  EXPECT_EQ(ToHex(stx->SerializeAsString()),
            "0a4b0a0e6c696e63616f2d766563746f72731210000102030405060708090a0b0c0d0e0f1880adc6b8b733"
            "2205616c696365ea03180a03626f6210dc0b1a0608e90710c4132206766563746f72124b0a05616c696365"
            "180122409eab4d6d8da322161d366e6cd745d2099796e5ee15fef1dd6bacad38c62d4aee29d01045ff1390"
            "799e2f980680234db99de756d9caacf02ea6ab7615247a500a");
  EXPECT_EQ(Hex(ComputeTxId(DefaultSuite(), stx->tx())),
            "38ff070bc5f50d21a61b80ca6d4eaf4b766bbb9f1711e53a90158084b373faca");
  // The id is the plain hash of the tx bytes; the signing message is tag || bytes.
  EXPECT_EQ(ComputeTxId(DefaultSuite(), stx->tx()), DefaultSuite().Hash(stx->tx()));
  EXPECT_EQ(TxSigningMessage(stx->tx()), "lincao/tx/v1" + stx->tx());
  EXPECT_TRUE(DefaultSuite().Verify(key.public_key, TxSigningMessage(stx->tx()),
                                    stx->signatures(0).signature()));
  // Decoding the pinned bytes gives back the same tx and id.
  auto decoded = DecodeSignedTx(stx->SerializeAsString(), kMaxTxBytes, DefaultSuite());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(Hex(decoded->id), "38ff070bc5f50d21a61b80ca6d4eaf4b766bbb9f1711e53a90158084b373faca");
  EXPECT_EQ(decoded->tx.SerializeAsString(), tx.SerializeAsString());
}

TEST(Vectors, MerkleRoots) {
  const SignatureSuite& s = DefaultSuite();
  std::vector<Hash32> leaves;
  for (int i = 0; i < 5; ++i) leaves.push_back(MerkleLeafHash(s, testing::Cat("leaf-", i)));
  EXPECT_EQ(Hex(MerkleRoot(s, {leaves.begin(), leaves.begin() + 3})),
            "55d054ebeb3152b0ccc9ee37e2bf2565344fc079e77b61dc0509c7c1d91dd9f5");
  EXPECT_EQ(Hex(MerkleRoot(s, leaves)),
            "9c479a1682024f7632444814bfd09270da9b382047184a2ece72fb3ca875fc7b");
}

TEST(Vectors, LtHashStateRoot) {
  MapState state;
  state.Put("a/alice", "first value");
  state.Put("b/" + BigEndian64(1), "batch one");  // key bytes 62 2f 00..00 01
  state.Put("c", "");
  StateAccumulator acc = AccumulateAll(state);
  EXPECT_EQ(Hex(acc.Root(DefaultSuite())),
            "4a9e5af27b619b1f66657b46b0e0983ec75022c4d85c6065c9938c4ce148dc4e");
  // The empty state's root is the hash of 2048 zero bytes under the tag.
  EXPECT_EQ(StateAccumulator().Root(DefaultSuite()),
            DefaultSuite().Hash({"lincao/state/v1", Bytes(2048, '\0')}));
}

GenesisSpec VectorGenesisSpec() {
  GenesisSpec spec;
  spec.params.chain_id = "lincao-vectors";
  spec.params.suite = v1::SUITE_ED25519_BLAKE2B;
  spec.params.genesis_time_ms = 1767225600000;
  spec.params.max_tx_horizon_ms = 86400000;
  spec.params.max_ranges_per_tx = 64;
  spec.params.chaincode_version = 1;
  auto account = [](std::string id, v1::Role role, const KeyPair& kp) {
    GenesisAccount a;
    a.id = std::move(id);
    a.roles = {role};
    a.threshold = 1;
    a.keys = {{0, v1::SUITE_ED25519_BLAKE2B, kp.public_key}};
    a.display_name = a.id;
    return a;
  };
  spec.accounts = {account("registrar", v1::REGISTRAR, KeyFromSeed(SeedFilled(1))),
                   account("owner", v1::PROJECT_OWNER, KeyFromSeed(SeedFilled(2))),
                   account("alice", v1::PARTICIPANT, VectorKey()),
                   account("bob", v1::PARTICIPANT, KeyFromSeed(SeedFilled(4)))};
  spec.nodes = {{"node-1", KeyFromSeed(SeedFilled(5)).public_key}};
  return spec;
}

TEST(Vectors, GenesisHash) {
  auto g = BuildGenesis(VectorGenesisSpec());
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(Hex(g->accumulator.Root(DefaultSuite())),
            "125c990a62d29e88f40fbd41e1f6325a269699dd1c642266e1d8621b23d88afd");
  EXPECT_EQ(Hex(g->hash), "7da075c1bcc59e98e0bb3ef030f5434e30a7b6d62f74810d164d7402d1503124");
  // The JSON form of the spec builds the same block.
  auto parsed = ParseGenesisJson(GenesisToJson(VectorGenesisSpec()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto g2 = BuildGenesis(*parsed);
  ASSERT_TRUE(g2.ok());
  EXPECT_EQ(g2->hash, g->hash);
}

class NoneCommitted final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32&) const override { return false; }
};

TEST(Vectors, BuildBlockHash) {
  auto g = BuildGenesis(VectorGenesisSpec());
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const uint64_t expiry = 1767225600000 + 3600000;
  auto make = [&](std::string account, uint8_t nonce, const std::array<uint8_t, 32>& seed,
                  auto set_body) {
    v1::Tx tx;
    tx.set_chain_id("lincao-vectors");
    tx.set_nonce(Nonce(nonce));
    tx.set_expiry_ms(expiry);
    tx.set_account(account);
    set_body(tx);
    auto stx = SignTx(tx, {{account, 0, v1::SUITE_ED25519_BLAKE2B, KeyFromSeed(seed).secret_key}});
    EXPECT_TRUE(stx.ok());
    return stx->SerializeAsString();
  };
  std::array<uint8_t, 32> alice_seed;
  for (size_t i = 0; i < 32; ++i) alice_seed[i] = static_cast<uint8_t>(0x40 + i);
  v1::Batch batch;
  batch.set_leader_time_ms(1767225601000);
  batch.set_proposer("node-1");
  // 1. registrar issues 5000 units to owner; 2. owner moves 1500 to alice;
  // 3. alice retires 100 for an event; 4. bob (holding nothing) tries to
  // transfer: rejected, kept with INSUFFICIENT_UNITS.
  batch.add_txs(make("registrar", 1, SeedFilled(1), [](v1::Tx& tx) {
    auto* b = tx.mutable_issue_batch();
    b->set_to("owner");
    b->set_quantity(5000);
    b->set_project_id("SC-FOR-001-P001");
    b->set_vintage(2025);
  }));
  batch.add_txs(make("owner", 2, SeedFilled(2), [](v1::Tx& tx) {
    tx.mutable_transfer()->set_to("alice");
    tx.mutable_transfer()->set_quantity(1500);
  }));
  batch.add_txs(make("alice", 3, alice_seed, [](v1::Tx& tx) {
    auto* r = tx.mutable_retire();
    r->set_quantity(100);
    r->mutable_beneficiary()->set_organisation("Chengdu Expo Centre");
    r->set_purpose(v1::LARGE_EVENT);
    r->set_scenario_ref("expo-2026");
  }));
  batch.add_txs(make("bob", 4, SeedFilled(4), [](v1::Tx& tx) {
    tx.mutable_transfer()->set_to("alice");
    tx.mutable_transfer()->set_quantity(1);
  }));

  ChainHead head = g->Head();
  NoneCommitted none;
  const ChainParams params = VectorGenesisSpec().params;
  auto built = BuildBlock(params, head, g->state, none, batch.SerializeAsString());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_TRUE(built->made);
  ASSERT_EQ(built->block.results_size(), 4);
  EXPECT_EQ(built->block.results(0).code(), v1::OK);
  EXPECT_EQ(built->block.results(1).code(), v1::OK);
  EXPECT_EQ(built->block.results(2).code(), v1::OK);
  EXPECT_EQ(built->block.results(3).code(), v1::INSUFFICIENT_UNITS);
  const v1::BlockHeader& h = built->block.header();
  EXPECT_EQ(h.height(), 1u);
  EXPECT_EQ(h.time_ms(), 1767225601000u);
  EXPECT_EQ(ToHex(h.txs_root()),
            "95dc9506043e5985cc72683d05f5402a3eb769b76456a355af47a8ae591b1a0d");
  EXPECT_EQ(ToHex(h.results_root()),
            "b2c43a5eb28c8bb7945c4760e6e6c62203bc03249c9cfc4148497e5980532cc2");
  EXPECT_EQ(ToHex(h.state_root()),
            "b4354e0d09ab7a60899d4478aed307f09e61853a5b9043626229aeeea6a34a91");
  EXPECT_EQ(Hex(built->hash), "f5f0b7232c8018d0b5d6e4ab4405a6b0daf03ba535a536b9eebf41de54f33a9a");
  EXPECT_EQ(built->hash, BlockHash(DefaultSuite(), h));
}

// A governed chain (issue #9): genesis with a 2-of-3 governance policy on
// chaincode version 2, then one block: a role grant by two governing
// accounts (one of them signing 2 of 2), a parameter change, a sector
// suspension, a custodial personal account opened and closed (the close
// signed by the custodian's key in the personal account's name), an
// organisation opened with its identity hash, and a grant by one governing
// account alone (rejected). vectors.py derives every literal.
GenesisSpec GovernedGenesisSpec() {
  GenesisSpec spec;
  spec.params.chain_id = "lincao-gov-vectors";
  spec.params.suite = v1::SUITE_ED25519_BLAKE2B;
  spec.params.genesis_time_ms = 1767225600000;
  spec.params.max_tx_horizon_ms = 86400000;
  spec.params.max_ranges_per_tx = 64;
  spec.params.chaincode_version = 2;
  auto account = [](std::string id, v1::Role role, std::vector<uint8_t> seeds) {
    GenesisAccount a;
    a.id = std::move(id);
    a.roles = {role};
    a.threshold = static_cast<uint32_t>(seeds.size());
    for (size_t k = 0; k < seeds.size(); ++k) {
      a.keys.push_back({static_cast<uint32_t>(k), v1::SUITE_ED25519_BLAKE2B,
                        KeyFromSeed(SeedFilled(seeds[k])).public_key});
    }
    a.display_name = a.id;
    return a;
  };
  spec.accounts = {
      account("registrar", v1::REGISTRAR, {0x11}), account("bureau", v1::SUPERVISOR, {0x12}),
      account("ecology", v1::SUPERVISOR, {0x13, 0x14}),
      account("platform", v1::SERVICE_PLATFORM, {0x15}), account("vera", v1::PARTICIPANT, {0x16})};
  spec.nodes = {{"node-1", KeyFromSeed(SeedFilled(0x17)).public_key}};
  spec.governance = {{"bureau", "ecology", "registrar"}, 2};
  return spec;
}

TEST(Vectors, GovernedBlock) {
  auto g = BuildGenesis(GovernedGenesisSpec());
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(Hex(g->hash), "0997fa500fa0ba2555259f8b0f3c36850a208dc0924f34babac328a50b2e78a2");

  const uint64_t expiry = 1767225600000 + 3600000;
  auto key = [](std::string account, uint32_t key_id, uint8_t seed) {
    return SigningKey{std::move(account), key_id, v1::SUITE_ED25519_BLAKE2B,
                      KeyFromSeed(SeedFilled(seed)).secret_key};
  };
  auto make = [&](std::string account, std::vector<std::string> cosigners, uint8_t nonce,
                  auto set_body, std::vector<SigningKey> signers) {
    v1::Tx tx;
    tx.set_chain_id("lincao-gov-vectors");
    tx.set_nonce(Nonce(nonce));
    tx.set_expiry_ms(expiry);
    tx.set_account(account);
    for (auto& c : cosigners) tx.add_cosigners(c);
    set_body(tx);
    auto stx = SignTx(tx, signers);
    EXPECT_TRUE(stx.ok());
    return *stx;
  };
  std::vector<v1::SignedTx> txs;
  txs.push_back(make("bureau", {"ecology"}, 1,
                     [](v1::Tx& tx) {
                       auto* b = tx.mutable_grant_role();
                       b->set_account("vera");
                       b->set_role(v1::VERIFIER);
                       b->add_sectors(v1::FOREST);
                       b->add_sectors(v1::WETLAND);
                     },
                     {key("bureau", 0, 0x12), key("ecology", 0, 0x13), key("ecology", 1, 0x14)}));
  txs.push_back(make("registrar", {"bureau"}, 2,
                     [](v1::Tx& tx) {
                       tx.mutable_set_parameter()->set_name("max_ranges_per_tx");
                       tx.mutable_set_parameter()->set_value(32);
                     },
                     {key("registrar", 0, 0x11), key("bureau", 0, 0x12)}));
  txs.push_back(make("bureau", {}, 3,
                     [](v1::Tx& tx) {
                       auto* b = tx.mutable_impose_sanction();
                       b->set_account("vera");
                       b->set_kind(v1::SUSPENDED);
                       b->add_sectors(v1::FOREST);
                       b->set_reason("attestation under review");
                     },
                     {key("bureau", 0, 0x12)}));
  txs.push_back(make("platform", {}, 4,
                     [](v1::Tx& tx) {
                       tx.mutable_open_personal_account()->set_id("p-0001");
                       tx.mutable_open_personal_account()->set_holder_commitment(
                           AsBytes(DefaultSuite().Hash("salt-0042/person-0001")));
                     },
                     {key("platform", 0, 0x15)}));
  txs.push_back(
      make("p-0001", {}, 5, [](v1::Tx& tx) { tx.mutable_close_account()->set_account("p-0001"); },
           {key("p-0001", 0, 0x15)}));  // the custodian's key, in the personal account's name
  txs.push_back(make("registrar", {}, 6,
                     [](v1::Tx& tx) {
                       auto* b = tx.mutable_open_account();
                       b->set_id("acme");
                       b->add_roles(v1::PARTICIPANT);
                       b->set_threshold(1);
                       auto* k = b->add_keys();
                       k->set_suite(v1::SUITE_ED25519_BLAKE2B);
                       k->set_key(KeyFromSeed(SeedFilled(0x18)).public_key);
                       b->set_display_name("Acme Forest Products");
                       b->set_identity_hash(
                           AsBytes(DefaultSuite().Hash("acme identity documents")));
                     },
                     {key("registrar", 0, 0x11)}));
  txs.push_back(make("bureau", {}, 7,
                     [](v1::Tx& tx) {
                       tx.mutable_grant_role()->set_account("vera");
                       tx.mutable_grant_role()->set_role(v1::FINANCE);
                     },
                     {key("bureau", 0, 0x12)}));

  // The 2-of-3 grant: its bytes pin the signature order (bureau, then
  // ecology's keys 0 and 1) and its id.
  EXPECT_EQ(ToHex(txs[0].SerializeAsString()),
            "0a4d0a126c696e63616f2d676f762d766563746f72731210010101010101010101010101010101011880"
            "adc6b8b73322066275726561752a0765636f6c6f6779a2010c0a047665726110041a020103124c0a0662"
            "757265617518012240af5f3804efdc60726ed15bbaf40f56a54097526a2a382fbb5f50edb91663985"
            "9b25c8a7b34409c5f1f856d82d077189812148433bb01c63c3fcb4c1575186505124d0a0765636f6c6f"
            "677918012240a7bcf2230a2831118b9b768ddb799ad2d5e892a97374d5ffe56bc4de2f4f162138093a"
            "36fc68a8509f2be99fa0b6a11ce22df43219cc8a827f267b3b3475f60d124f0a0765636f6c6f677910"
            "01180122401c38d4119f015bd0e8ff3beedcdc9ddaa80e4be9188d73eefc96dba717dc27894ce03be2"
            "09a65ed86117c0f91bd16abed879dbd081b49d320dfbdab9e4e0e609");
  EXPECT_EQ(Hex(ComputeTxId(DefaultSuite(), txs[0].tx())),
            "37bf6ecb7b2e020863b1524a5e1e1ba956a3eaac9a0d9acda37849670c5ede16");

  v1::Batch batch;
  batch.set_leader_time_ms(1767225601000);
  batch.set_proposer("node-1");
  for (const auto& stx : txs) batch.add_txs(stx.SerializeAsString());
  NoneCommitted none;
  auto built = BuildBlock(GovernedGenesisSpec().params, g->Head(), g->state, none,
                          batch.SerializeAsString());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_TRUE(built->made);
  ASSERT_EQ(built->block.results_size(), 7);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(built->block.results(i).code(), v1::OK) << i << built->block.results(i).message();
  }
  EXPECT_EQ(built->block.results(6).code(), v1::GOVERNANCE_QUORUM_NOT_MET);

  // The records the block wrote, as stored.
  MapState state = g->state;
  testing::ApplyWriteSet(state, built->writes);
  const std::vector<std::pair<std::string, std::string>> records = {
      {"a/vera",
       "41020000000476657261000000500000000100000001000000000000000100000020511c34a1a2cb521df1"
       "6bb246b8de8e7997ce235c7e76b22a3d7503a24819dd8a00000004766572610000000000000000000000"
       "00000000000000000000000000000000000000000000000000"},
      {"e/vera/" + BigEndian64(v1::VERIFIER), "45010000000a"},
      {"m/max_ranges_per_tx", "4d0100000000000000200000000000000001"},
      {"x/vera",
       "5801000000047665726100000001000000000000000200000006627572656175000000186174746573746174"
       "696f6e20756e6465722072657669657700000000000000010000019b76daabe810e5e7c7917b09c0b8b2b4"
       "c93771a79bd70247aa94b75c0f84899147d554fa84"},
      {"a/p-0001",
       "410200000006702d303030310000004000000000000000000000000000000000000000010000000000000008"
       "706c6174666f726d0000002024e33f7f22e6e969219c06431cd86dd26e5384f48e4956323cd54228b8e34b"
       "d300000000000000000000000000000001"},
      {"a/acme",
       "41020000000461636d6500000040000000010000000100000000000000010000002053470962558a6e083902"
       "2ae65c6b2723b32772e5c0c5f4776cb8e6a3e10ba2f30000001441636d6520466f726573742050726f6475"
       "637473000000000000000100000020a390b63001c26d081253b197340e96c839a3163f2aa85f8f23ec8689"
       "b565c138000000000000000000000000000000000000000000000000"},
  };
  for (const auto& [key, hex] : records) {
    auto value = state.Get(key);
    ASSERT_TRUE(value.has_value()) << ToHex(key);
    EXPECT_EQ(ToHex(*value), hex) << ToHex(key);
  }
  const v1::BlockHeader& h = built->block.header();
  EXPECT_EQ(h.chaincode_version(), 2u);
  EXPECT_EQ(ToHex(h.txs_root()),
            "c510bf08e27b42ddfbaea639dceab941a2389d929cdcff104d4a35a55c6f9fd3");
  EXPECT_EQ(ToHex(h.results_root()),
            "3f8f3cba1d8a2b1e78b2a3ce29d09bc5ef27cddfd05836556e070c257f03ac99");
  EXPECT_EQ(ToHex(h.state_root()),
            "02acaff5567ac3fae14ded3fe7613e17ecff7873d1bfdd93606728e50d1fa54e");
  EXPECT_EQ(Hex(built->hash), "e710f4134709c42e8b211d482c7afa1e300a02655fee8bae1a174194e41398a9");
  EXPECT_EQ(AccumulateAll(state).Root(DefaultSuite()), ToHash32(h.state_root()).value());
}

}  // namespace
}  // namespace lincao

namespace lincao {
namespace {

Bytes Hex(std::string_view hex) {
  auto b = FromHex(hex);
  EXPECT_TRUE(b.has_value()) << hex;
  return b.value_or(Bytes());
}

// Public keys that a lenient verifier might accept and that lincao refuses
// everywhere a key enters state (open_account, genesis accounts and nodes).
// docs/formats.md lists the same encodings; vectors.py derives each verdict
// from the curve arithmetic alone.
const std::vector<std::pair<std::string, std::string>>& RefusedKeys() {
  static const std::vector<std::pair<std::string, std::string>> kKeys = {
      {"identity (order 1)", "0100000000000000000000000000000000000000000000000000000000000000"},
      {"order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"order 4, y = 0", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"order 4, y = 0, sign bit",
       "0000000000000000000000000000000000000000000000000000000000000080"},
      {"order 8 (a)", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"},
      {"order 8 (b)", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"},
      {"order 8 (c)", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"},
      {"order 8 (d)", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"},
      {"y = p (non-canonical 0)",
       "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"y = p + 1 (non-canonical identity)",
       "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"y not on the curve", "0200000000000000000000000000000000000000000000000000000000000000"},
      // The vector key plus the order-8 point (a): on the curve, canonical,
      // but not in the prime-order subgroup.
      {"mixed order", "3af65527a5e289fd6f661607a1256139c4f559caf1dce5160cc16abe1d8ee251"},
  };
  return kKeys;
}

TEST(Vectors, Ed25519KeysRefused) {
  const SignatureSuite& suite = DefaultSuite();
  EXPECT_TRUE(suite.IsValidPublicKey(VectorKey().public_key));
  for (const auto& [name, hex] : RefusedKeys()) {
    EXPECT_FALSE(suite.IsValidPublicKey(Hex(hex))) << name;
  }
  // The mixed-order literal is what it claims: vector key + order-8 point (a).
  Bytes sum(32, '\0');
  ASSERT_EQ(crypto_core_ed25519_add(
                reinterpret_cast<unsigned char*>(sum.data()),
                reinterpret_cast<const unsigned char*>(VectorKey().public_key.data()),
                reinterpret_cast<const unsigned char*>(Hex(RefusedKeys()[4].second).data())),
            0);
  EXPECT_EQ(ToHex(sum), RefusedKeys().back().second);
}

TEST(Vectors, Ed25519SignaturesRefused) {
  const SignatureSuite& suite = DefaultSuite();
  const KeyPair key = VectorKey();
  const Bytes message = "lincao/tx/v1 edge cases";
  const Bytes good = suite.Sign(key.secret_key, message);
  ASSERT_TRUE(suite.Verify(key.public_key, message, good));

  // S + L: the same equation holds modulo L, but S is not below L.
  const uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                          0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  Bytes high_s = good;
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    unsigned v = static_cast<uint8_t>(high_s[32 + i]) + kL[i] + carry;
    high_s[32 + i] = static_cast<char>(v & 0xff);
    carry = v >> 8;
  }
  ASSERT_EQ(carry, 0u);
  EXPECT_FALSE(suite.Verify(key.public_key, message, high_s));

  // R of small order (the identity) with S = 0 verifies for A = identity under
  // a cofactorless equation; both the key and R are refused.
  const Bytes identity = Hex(RefusedKeys()[0].second);
  Bytes r_identity = identity + Bytes(32, '\0');
  EXPECT_FALSE(suite.Verify(identity, message, r_identity));
  EXPECT_FALSE(suite.Verify(key.public_key, message, r_identity));
  // Wrong lengths.
  EXPECT_FALSE(suite.Verify(key.public_key, message, good.substr(0, 63)));
  EXPECT_FALSE(suite.Verify(key.public_key.substr(0, 31), message, good));
}

}  // namespace
}  // namespace lincao
