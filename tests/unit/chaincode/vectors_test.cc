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
            "b0ddf2e24fd4f80879e20c316b10d958095992cc67cda65fa9cba8a8c97b3288");
  EXPECT_EQ(Hex(g->hash), "039db9aa9ec18e68d5e28f768077c7cbe8a33a051f6e8d7be15048072acc2bb4");
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
            "eb90db71e9f2050f31fa79b2710cc71af969c857b628c4bcede23b11aecee726");
  EXPECT_EQ(Hex(built->hash), "f27d7720a4fff3afc5887f3d20bc5d4499e33942e1719e2448d7867318b4b2d0");
  EXPECT_EQ(built->hash, BlockHash(DefaultSuite(), h));
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
