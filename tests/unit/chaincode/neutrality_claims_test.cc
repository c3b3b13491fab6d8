// Neutrality claims (chaincode/tx_claims.cc, chaincode/neutrality_claims.cc):
// a table of every rule and error code of declare_claim, witness_claim,
// withdraw_claim and of the link a retirement makes to a claim; then the
// flows: declared -> partly covered -> covered -> witnessed, and withdrawn.
// Every rejection is checked to write nothing.
#include <gtest/gtest.h>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"
#include "chaincode/neutrality_claims.h"
#include "tests/unit/chaincode/claims_points_fixture.h"

namespace lincao {
namespace {

using testing::kCst2026Ms;
using testing::kCst2027Ms;
using testing::kDayMs;

class NeutralityClaimsTest : public testing::ClaimsPointsTest {
 protected:
  // Declares through a block and returns the created claim id.
  uint64_t Declared(const v1::Tx& tx) {
    uint64_t id = 0;
    EXPECT_EQ(Committed(tx, std::nullopt, &id), v1::OK);
    return id;
  }
  // The link hook as the retirement rules call it, on an overlay kept only
  // when it succeeds (a rejected retirement writes nothing).
  // The retirement names the claim's entity unless `named` says otherwise.
  Status Link(uint64_t claim, const std::string& holder, uint64_t kg,
              v1::RetirementPurpose purpose = v1::ORGANISATION_NEUTRALITY,
              uint64_t start_ms = kCst2026Ms, uint64_t end_ms = kCst2027Ms,
              std::optional<std::string> named = std::nullopt) {
    RetirementRecordData rec;
    auto c = LoadRecord<NeutralityClaimRecord>(chain.state(), keys::Claim(claim));
    const std::string entity = c.ok() && c.value() ? (*c)->entity : "";
    (purpose == v1::LARGE_EVENT ? rec.event_name : rec.subject) = named.value_or(entity);
    rec.id = next_retirement_++;
    rec.holder = holder;
    rec.quantity = kg;
    rec.purpose = static_cast<uint32_t>(purpose);
    rec.period_start_ms = start_ms;
    rec.period_end_ms = end_ms;
    OverlayState overlay(chain.state());
    Status st = LinkRetirementToClaim(overlay, claim, rec);
    if (st.ok()) overlay.MergeInto(chain.state());
    return st;
  }
  uint64_t next_retirement_ = 1;
};

// ---- declare_claim ---------------------------------------------------------------

TEST_F(NeutralityClaimsTest, DeclareRules) {
  OpenPersonal("p-1");
  auto declare = [&](auto edit) {
    v1::Tx tx = Declare("alice", v1::ENTITY_ORGANISATION, "Chengdu Tianfu Software Park", 1000);
    edit(*tx.mutable_declare_claim());
    return tx;
  };
  Expect(Declare("p-1", v1::ENTITY_EVENT, "Wedding", 10), v1::UNAUTHORIZED, "personal account");
  Expect(Declare("bureau", v1::ENTITY_REGION, "Pingwu", 10), v1::CONFLICT_OF_INTEREST,
         "supervisor");
  Expect(Declare("registrar", v1::ENTITY_REGION, "Pingwu", 10), v1::CONFLICT_OF_INTEREST,
         "registrar");
  Expect(declare([](v1::DeclareClaim& b) { b.set_entity_kind(v1::CLAIM_ENTITY_UNSPECIFIED); }),
         v1::INVALID_ARGUMENT, "no kind");
  Expect(
      declare([](v1::DeclareClaim& b) { b.set_entity_kind(static_cast<v1::ClaimEntityKind>(6)); }),
      v1::INVALID_ARGUMENT, "kind 6");
  for (const std::string& name :
       {std::string(), std::string(kMaxEntityNameBytes + 1, 'x'), std::string("Tab\there"),
        std::string("Del\x7f"), std::string(" Leading"), std::string("Trailing "),
        std::string("Two  spaces")}) {
    Expect(declare([&](v1::DeclareClaim& b) { b.set_entity(name); }), v1::INVALID_ARGUMENT,
           "entity name '" + name + "'");
  }
  Expect(declare([](v1::DeclareClaim& b) { b.set_period_end_ms(b.period_start_ms()); }),
         v1::INVALID_ARGUMENT, "empty period");
  Expect(declare([](v1::DeclareClaim& b) { b.set_period_end_ms(b.period_start_ms() - 1); }),
         v1::INVALID_ARGUMENT, "period ends before it starts");
  Expect(declare([](v1::DeclareClaim& b) { b.set_footprint_kg(0); }), v1::ZERO_QUANTITY,
         "zero footprint");
  Expect(declare([](v1::DeclareClaim& b) { b.set_footprint_kg(kMaxQuantity + 1); }),
         v1::QUANTITY_OVERFLOW, "footprint beyond 2^50");
  Expect(declare([](v1::DeclareClaim& b) { b.set_evidence_hash(Bytes(31, 'e')); }),
         v1::INVALID_ARGUMENT, "31-byte evidence hash");
  Expect(declare([](v1::DeclareClaim& b) { b.set_platform("nobody"); }), v1::UNKNOWN_ACCOUNT,
         "unknown platform");
  Expect(declare([](v1::DeclareClaim& b) { b.set_platform("alice"); }), v1::INVALID_ARGUMENT,
         "platform is the declarant");
  Expect(declare([](v1::DeclareClaim& b) { b.set_platform("bob"); }), v1::UNAUTHORIZED,
         "platform without SERVICE_PLATFORM");
  v1::Tx close = chain.NewTx("p-1");
  close.mutable_close_account()->set_account("p-1");
  Expect(close, v1::OK, "close p-1");
  Expect(declare([](v1::DeclareClaim& b) { b.set_platform("p-1"); }), v1::ACCOUNT_CLOSED,
         "closed platform");
  EXPECT_FALSE(chain.state().Get(keys::ClaimCounter()).has_value()) << "nothing was declared";

  // The largest footprint and name, and a UTF-8 name, are fine.
  Expect(declare([](v1::DeclareClaim& b) {
           b.set_footprint_kg(kMaxQuantity);
           b.set_entity(std::string(kMaxEntityNameBytes, 'n'));
         }),
         v1::OK, "bounds");
  Expect(Declare("owner-a", v1::ENTITY_EVENT, "第31届世界大学生夏季运动会", 5000), v1::OK,
         "a project owner, a Chinese name");
  Expect(Declare("platform", v1::ENTITY_PRODUCT, "Panda tea 250 g", 3, "platform-b"), v1::OK,
         "a platform declares for itself, another platform may cover it");
}

TEST_F(NeutralityClaimsTest, ClaimsNeedChaincodeVersion4) {
  testing::ChainOptions v3 = testing::ClaimsPointsOptions();
  v3.chaincode_version = 3;
  testing::TestChain old(v3);
  v1::Tx tx = old.NewTx("alice");
  *tx.mutable_declare_claim() =
      Declare("alice", v1::ENTITY_ORGANISATION, "Org", 10).declare_claim();
  EXPECT_EQ(old.Apply(tx).code(), v1::UNSUPPORTED_TX_TYPE);
  v1::Tx witness = old.NewTx("platform");
  *witness.mutable_witness_claim() = Witness("platform", 1).witness_claim();
  EXPECT_EQ(old.Apply(witness).code(), v1::UNSUPPORTED_TX_TYPE);
}

TEST_F(NeutralityClaimsTest, ADeclarationRecordsTheClaimAndIndexesItsEntity) {
  const uint64_t first =
      Declared(Declare("alice", v1::ENTITY_EVENT, "Chengdu Marathon 2026", 1200, "platform"));
  EXPECT_EQ(first, 1u);
  const uint64_t second = Declared(Declare("bob", v1::ENTITY_EVENT, "Chengdu Marathon 2026", 300));
  EXPECT_EQ(second, 2u);
  NeutralityClaimRecord c = ClaimOf(first);
  EXPECT_EQ(c.id, 1u);
  EXPECT_EQ(c.declarant, "alice");
  EXPECT_EQ(c.entity_kind, static_cast<uint32_t>(v1::ENTITY_EVENT));
  EXPECT_EQ(c.entity, "Chengdu Marathon 2026");
  EXPECT_EQ(c.period_start_ms, kCst2026Ms);
  EXPECT_EQ(c.period_end_ms, kCst2027Ms);
  EXPECT_EQ(c.footprint_kg, 1200u);
  EXPECT_EQ(AsBytes(c.evidence_hash), Filled('\x31'));
  EXPECT_EQ(c.platform, "platform");
  EXPECT_EQ(c.height, chain.head().height - 1);
  EXPECT_EQ(c.time_ms, chain.head().time_ms - 1000);
  EXPECT_TRUE(c.active());
  EXPECT_EQ(c.coverage(), v1::CLAIM_OPEN);
  EXPECT_EQ(c.closed_height, 0u);
  // Both are under the entity's prefix, and nothing else is.
  std::vector<uint64_t> ids;
  chain.state().Scan(keys::EntityClaimPrefix(v1::ENTITY_EVENT, "Chengdu Marathon 2026"),
                     [&](std::string_view key, std::string_view) {
                       ids.push_back(ReadBigEndian64(key.substr(key.size() - 8)));
                       return true;
                     });
  EXPECT_EQ(ids, (std::vector<uint64_t>{1, 2}));
  // A name that extends another's is a different prefix (the name carries
  // its length).
  Declared(Declare("carol", v1::ENTITY_EVENT, "Chengdu Marathon 2026 relay", 10));
  size_t under = 0;
  chain.state().Scan(keys::EntityClaimPrefix(v1::ENTITY_EVENT, "Chengdu Marathon 2026"),
                     [&](std::string_view, std::string_view) { return ++under, true; });
  EXPECT_EQ(under, 2u);
  v1::NeutralityClaim view = c.ToProto();
  EXPECT_EQ(view.state(), v1::CLAIM_ACTIVE);
  EXPECT_EQ(view.coverage(), v1::CLAIM_OPEN);
  EXPECT_TRUE(view.closed_tx_id().empty());
}

// ---- links ------------------------------------------------------------------------

TEST_F(NeutralityClaimsTest, LinkRules) {
  const uint64_t id = Declared(Declare("alice", v1::ENTITY_ORGANISATION, "Org A", 100, "platform"));
  const uint64_t closed = Declared(Declare("alice", v1::ENTITY_ORGANISATION, "Org A", 100));
  Expect(Withdraw("alice", closed), v1::OK, "withdraw the second");
  const auto before = chain.state().entries();
  auto expect = [&](Status st, ErrorCode want, const std::string& what) {
    EXPECT_EQ(st.code_name(), ErrorCodeName(want)) << what << ": " << st.ToString();
    EXPECT_EQ(chain.state().entries(), before) << what << ": rejection wrote";
  };
  expect(Link(99, "alice", 10), v1::UNKNOWN_CLAIM, "no such claim");
  expect(Link(id, "bob", 10), v1::NOT_DECLARANT, "another holder");
  expect(Link(id, "platform-b", 10), v1::NOT_DECLARANT, "a platform the claim does not name");
  expect(Link(closed, "alice", 10), v1::CLAIM_CLOSED, "withdrawn claim");
  expect(Link(id, "alice", 10, v1::PRODUCT_NEUTRALITY), v1::PURPOSE_MISMATCH, "product purpose");
  expect(Link(id, "alice", 10, v1::PERSONAL_FOOTPRINT), v1::PURPOSE_MISMATCH, "personal");
  expect(Link(id, "alice", 10, v1::ORGANISATION_NEUTRALITY, kCst2026Ms, kCst2027Ms, "Org B"),
         v1::ENTITY_MISMATCH, "another subject");
  expect(Link(id, "alice", 10, v1::ORGANISATION_NEUTRALITY, kCst2026Ms, kCst2027Ms, "org a"),
         v1::ENTITY_MISMATCH, "another spelling");
  expect(Link(id, "alice", 10, v1::ORGANISATION_NEUTRALITY, kCst2026Ms - 1, kCst2027Ms),
         v1::OUTSIDE_CLAIM_PERIOD, "starts before the claim");
  expect(Link(id, "alice", 10, v1::ORGANISATION_NEUTRALITY, kCst2026Ms, kCst2027Ms + 1),
         v1::OUTSIDE_CLAIM_PERIOD, "ends after the claim");
  expect(Link(id, "alice", 10, v1::ORGANISATION_NEUTRALITY, 0, 0), v1::OUTSIDE_CLAIM_PERIOD,
         "no consumption period");

  // The bounds: links per claim and covered kg.
  NeutralityClaimRecord full = ClaimOf(id);
  full.retirements = kMaxClaimRetirements;
  chain.state().Put(keys::Claim(id), full.Encode());
  EXPECT_EQ(Link(id, "alice", 10).code(), v1::CLAIM_FULL);
  full.retirements = kMaxClaimRetirements - 1;
  full.covered_kg = kMaxCoveredKg - 5;
  chain.state().Put(keys::Claim(id), full.Encode());
  EXPECT_EQ(Link(id, "alice", 6).code(), v1::QUANTITY_OVERFLOW);
  EXPECT_TRUE(Link(id, "alice", 5).ok());
  EXPECT_EQ(ClaimOf(id).retirements, kMaxClaimRetirements);
}

TEST_F(NeutralityClaimsTest, EachKindIsCoveredByItsOwnPurpose) {
  const std::pair<v1::ClaimEntityKind, v1::RetirementPurpose> pairs[] = {
      {v1::ENTITY_ORGANISATION, v1::ORGANISATION_NEUTRALITY},
      {v1::ENTITY_EVENT, v1::LARGE_EVENT},
      {v1::ENTITY_PRODUCT, v1::PRODUCT_NEUTRALITY},
      {v1::ENTITY_BUILDING, v1::BUILDING_NEUTRALITY},
      {v1::ENTITY_REGION, v1::REGION_NEUTRALITY},
  };
  for (const auto& [kind, purpose] : pairs) {
    const uint64_t id = Declared(Declare("alice", kind, "Entity", 10));
    EXPECT_EQ(PurposeCovering(kind), purpose);
    EXPECT_EQ(Link(id, "alice", 10, v1::OTHER).code(), v1::PURPOSE_MISMATCH) << kind;
    EXPECT_TRUE(Link(id, "alice", 10, purpose).ok()) << kind;
  }
  EXPECT_EQ(PurposeCovering(0), v1::PURPOSE_UNSPECIFIED);
  EXPECT_EQ(PurposeCovering(6), v1::PURPOSE_UNSPECIFIED);
}

TEST_F(NeutralityClaimsTest, LinksAddUpToCoverage) {
  const uint64_t id = Declared(Declare("alice", v1::ENTITY_ORGANISATION, "Org A", 100, "platform"));
  ASSERT_TRUE(Link(id, "alice", 40, v1::ORGANISATION_NEUTRALITY, kCst2026Ms + kDayMs,
                   kCst2026Ms + 2 * kDayMs)
                  .ok());
  EXPECT_EQ(ClaimOf(id).coverage(), v1::CLAIM_PARTLY_COVERED);
  EXPECT_EQ(ClaimOf(id).covered_kg, 40u);
  ASSERT_TRUE(Link(id, "platform", 59).ok()) << "the named platform covers for the declarant";
  EXPECT_EQ(ClaimOf(id).coverage(), v1::CLAIM_PARTLY_COVERED);
  ASSERT_TRUE(Link(id, "alice", 1).ok());
  EXPECT_EQ(ClaimOf(id).coverage(), v1::CLAIM_COVERED);
  ASSERT_TRUE(Link(id, "alice", 50).ok()) << "covering more than the footprint is allowed";
  NeutralityClaimRecord c = ClaimOf(id);
  EXPECT_EQ(c.covered_kg, 150u);
  EXPECT_EQ(c.retirements, 4u);
  for (uint64_t r = 1; r <= 4; ++r) {
    EXPECT_TRUE(chain.state().Get(keys::ClaimLink(id, r)).has_value()) << r;
  }
  EXPECT_EQ(c.ToProto().coverage(), v1::CLAIM_COVERED);
}

// Through the retire transaction: the link is the last rule of a retirement
// (chaincode/retirements.h), so the holding rules decide first, and a
// refused link leaves the units where they were.
TEST_F(NeutralityClaimsTest, RetirementsNamingAClaimCoverIt) {
  chain.IssueTo("SC-P-0001", "alice", 1000);     // serials 1-1000
  chain.IssueTo("SC-P-0002", "platform", 1000);  // serials 1001-2000
  chain.IssueTo("SC-P-0003", "bob", 100);        // serials 2001-2100
  const uint64_t id =
      Declared(Declare("alice", v1::ENTITY_EVENT, "2026 Chengdu Marathon", 100, "platform"));
  auto retire = [&](const std::string& holder, uint64_t kg, uint64_t claim,
                    const std::string& entity = "2026 Chengdu Marathon") {
    return RetireForClaim(holder, kg, claim, v1::LARGE_EVENT, entity);
  };
  Expect(retire("alice", 10, 99), v1::UNKNOWN_CLAIM, "no such claim");
  Expect(retire("bob", 10, id), v1::NOT_DECLARANT, "bob's units");
  Expect(retire("alice", 10, id, "2026 Chengdu Half Marathon"), v1::ENTITY_MISMATCH,
         "another event");
  Expect(RetireForClaim("alice", 10, id, v1::ORGANISATION_NEUTRALITY, "2026 Chengdu Marathon"),
         v1::PURPOSE_MISMATCH, "organisation purpose for an event");
  Expect(retire("alice", 1001, id), v1::INSUFFICIENT_UNITS, "the holding rules decide first");
  EXPECT_EQ(ClaimOf(id).covered_kg, 0u);

  uint64_t first = 0;
  ASSERT_EQ(Committed(retire("alice", 60, id), std::nullopt, &first), v1::OK);
  EXPECT_EQ(ClaimOf(id).covered_kg, 60u);
  EXPECT_EQ(ClaimOf(id).coverage(), v1::CLAIM_PARTLY_COVERED);
  EXPECT_TRUE(chain.state().Get(keys::ClaimLink(id, first)).has_value());
  EXPECT_EQ(testing::RetirementOf(chain.state(), first)->claim_id, id);
  Expect(Witness("platform-b", id), v1::CLAIM_NOT_COVERED, "60 of 100");
  Expect(retire("platform", 40, id), v1::OK, "the named platform covers the rest");
  EXPECT_EQ(ClaimOf(id).coverage(), v1::CLAIM_COVERED);
  EXPECT_EQ(ClaimOf(id).retirements, 2u);
  Expect(Witness("platform-b", id), v1::OK, "witnessed");
  Expect(retire("alice", 5, id), v1::CLAIM_CLOSED, "closed to links");
  EXPECT_EQ(testing::UnitsOf(chain.state(), "alice"), 940u);
  // A retirement without a claim is untouched by all this.
  v1::Tx plain = RetireFor("alice", 5, v1::LARGE_EVENT);
  Expect(plain, v1::OK, "no claim");
}

// ---- witness_claim and withdraw_claim ------------------------------------------------

TEST_F(NeutralityClaimsTest, WitnessRules) {
  const uint64_t id = Declared(Declare("alice", v1::ENTITY_ORGANISATION, "Org A", 100));
  const uint64_t own = Declared(Declare("platform", v1::ENTITY_PRODUCT, "Panda tea", 10));
  const uint64_t gone = Declared(Declare("alice", v1::ENTITY_ORGANISATION, "Org B", 10));
  ASSERT_TRUE(Link(own, "platform", 10, v1::PRODUCT_NEUTRALITY).ok());
  ASSERT_TRUE(Link(gone, "alice", 10).ok());
  Expect(Withdraw("alice", gone), v1::OK, "withdraw a covered claim");
  Expect(Witness("alice", id), v1::UNAUTHORIZED, "not a platform");
  v1::Tx bad_hash = Witness("platform", id);
  bad_hash.mutable_witness_claim()->set_statement_hash(Bytes(33, 's'));
  Expect(bad_hash, v1::INVALID_ARGUMENT, "33-byte statement hash");
  Expect(Witness("platform", 99), v1::UNKNOWN_CLAIM, "no such claim");
  Expect(Witness("platform", own), v1::CONFLICT_OF_INTEREST, "its own claim");
  Status st = Expect(Witness("platform", gone), v1::CLAIM_CLOSED, "withdrawn");
  EXPECT_NE(st.message().find("withdrawn by 'alice'"), std::string::npos) << st.message();
  st = Expect(Witness("platform", id), v1::CLAIM_NOT_COVERED, "open");
  EXPECT_NE(st.message().find("0 of its 100 kg"), std::string::npos) << st.message();
  ASSERT_TRUE(Link(id, "alice", 99).ok());
  st = Expect(Witness("platform", id), v1::CLAIM_NOT_COVERED, "partly covered");
  EXPECT_NE(st.message().find("99 of its 100 kg"), std::string::npos) << st.message();
  ASSERT_TRUE(Link(id, "alice", 1).ok());
  Expect(Witness("platform", id), v1::OK, "covered");
  Expect(Witness("platform-b", own), v1::OK, "another platform witnesses the platform's claim");
  st = Expect(Witness("platform-b", id), v1::CLAIM_CLOSED, "witnessed twice");
  EXPECT_NE(st.message().find("witnessed by 'platform'"), std::string::npos) << st.message();
  Expect(Withdraw("alice", id), v1::CLAIM_CLOSED, "withdraw after the witness");
  EXPECT_EQ(Link(id, "alice", 1).code(), v1::CLAIM_CLOSED) << "no links after the witness";
}

TEST_F(NeutralityClaimsTest, AWitnessClosesTheClaimWithItsRecord) {
  const uint64_t id = Declared(Declare("alice", v1::ENTITY_BUILDING, "Tower 1", 10));
  ASSERT_TRUE(Link(id, "alice", 10, v1::BUILDING_NEUTRALITY).ok());
  v1::Tx tx = Witness("platform", id);
  ASSERT_EQ(Committed(tx), v1::OK);
  NeutralityClaimRecord c = ClaimOf(id);
  EXPECT_EQ(c.state, static_cast<uint32_t>(v1::CLAIM_WITNESSED));
  EXPECT_EQ(c.closed_by, "platform");
  EXPECT_EQ(c.closed_height, chain.head().height);
  EXPECT_EQ(c.closed_time_ms, chain.head().time_ms);
  EXPECT_EQ(c.closed_tx_id, ComputeTxId(chain.suite(), tx.SerializeAsString()));
  EXPECT_EQ(c.statement_hash, Filled('\x32'));
  EXPECT_EQ(c.coverage(), v1::CLAIM_COVERED);
  v1::NeutralityClaim view = c.ToProto();
  EXPECT_EQ(view.state(), v1::CLAIM_WITNESSED);
  EXPECT_EQ(view.closed_by(), "platform");
  EXPECT_EQ(view.statement_hash(), Filled('\x32'));
  EXPECT_TRUE(view.withdraw_reason().empty());
}

TEST_F(NeutralityClaimsTest, WithdrawRules) {
  const uint64_t id = Declared(Declare("alice", v1::ENTITY_REGION, "Pingwu county", 100));
  Expect(Withdraw("alice", id, ""), v1::INVALID_ARGUMENT, "no reason");
  Expect(Withdraw("alice", id, std::string(kMaxTextBytes + 1, 'r')), v1::INVALID_ARGUMENT,
         "reason too long");
  Expect(Withdraw("alice", 99), v1::UNKNOWN_CLAIM, "no such claim");
  Expect(Withdraw("bob", id), v1::NOT_DECLARANT, "not the declarant");
  Expect(Withdraw("platform", id), v1::NOT_DECLARANT, "a platform");
  Expect(Withdraw("alice", id, "double counted with the county's own claim"), v1::OK, "withdrawn");
  NeutralityClaimRecord c = ClaimOf(id);
  EXPECT_EQ(c.state, static_cast<uint32_t>(v1::CLAIM_WITHDRAWN));
  EXPECT_EQ(c.closed_by, "alice");
  EXPECT_EQ(c.withdraw_reason, "double counted with the county's own claim");
  EXPECT_TRUE(c.statement_hash.empty());
  Expect(Withdraw("alice", id), v1::CLAIM_CLOSED, "twice");
  // The entity index keeps withdrawn claims: they are history.
  EXPECT_TRUE(
      chain.state().Get(keys::EntityClaim(v1::ENTITY_REGION, "Pingwu county", id)).has_value());
}

TEST_F(NeutralityClaimsTest, RecordsRoundTrip) {
  NeutralityClaimRecord c;
  c.id = 7;
  c.tx_id.fill(3);
  c.declarant = "alice";
  c.entity_kind = v1::ENTITY_EVENT;
  c.entity = "2026 Chengdu Marathon";
  c.footprint_kg = 9;
  c.state = v1::CLAIM_WITHDRAWN;
  c.withdraw_reason = "footprint recounted";
  testing::ExpectRoundTrip(c);
  testing::ExpectRoundTrip(ClaimCounterRecord{42});
}

}  // namespace
}  // namespace lincao
