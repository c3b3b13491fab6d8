// A chaincode version 4 chain for the tests of neutrality claims and
// personal carbon points: the LifecycleTest fixture (rules-only Expect that
// checks a rejection wrote nothing and the supply invariants hold, and
// Committed through BuildBlock) on ClaimsPointsOptions() (two service
// platforms), with body builders for each transaction and readers of the
// records they write.
//
// Thread-safety: none; one test owns a fixture.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "chaincode/claim_records.h"
#include "chaincode/points_records.h"
#include "chaincode/vintage.h"
#include "tests/unit/chaincode/lifecycle_fixture.h"

namespace lincao::testing {

// The year 2026 in Beijing: [kCst2026Ms, kCst2027Ms). The genesis time lies
// inside it.
inline constexpr uint64_t kDayMs = 86400000;
inline constexpr uint64_t kCst2027Ms = kCst2026Ms + 365 * kDayMs;

// A record decodes from its encoding to one that encodes the same, and
// neither one byte less nor one byte more decodes (each record has one
// encoding).
template <typename Record>
void ExpectRoundTrip(const Record& rec) {
  const Bytes bytes = rec.Encode();
  Record back;
  ASSERT_TRUE(Record::Decode(bytes, &back));
  EXPECT_EQ(back.Encode(), bytes);
  EXPECT_FALSE(Record::Decode(bytes.substr(0, bytes.size() - 1), &back));
  Bytes longer = bytes;
  longer.push_back('x');
  EXPECT_FALSE(Record::Decode(longer, &back));
}

class ClaimsPointsTest : public LifecycleTest {
 protected:
  explicit ClaimsPointsTest(ChainOptions options = ClaimsPointsOptions())
      : LifecycleTest(std::move(options)) {}

  static Bytes Filled(char fill) { return Bytes(32, fill); }
  static Bytes CommitmentOf(const std::string& person) {
    return AsBytes(DefaultSuite().Hash({"salt-0042/", person}));
  }

  // Opens custodial personal account `id` under `platform`.
  void OpenPersonal(const std::string& id, const std::string& platform = "platform") {
    v1::Tx tx = chain.NewTx(platform);
    tx.mutable_open_personal_account()->set_id(id);
    tx.mutable_open_personal_account()->set_holder_commitment(CommitmentOf(id));
    ASSERT_TRUE(chain.Apply(tx).ok()) << "open " << id;
  }

  // --- claims ---
  v1::Tx Declare(const std::string& actor, v1::ClaimEntityKind kind, const std::string& entity,
                 uint64_t footprint_kg, const std::string& platform = "",
                 uint64_t start_ms = kCst2026Ms, uint64_t end_ms = kCst2027Ms) {
    v1::Tx tx = chain.NewTx(actor);
    v1::DeclareClaim* b = tx.mutable_declare_claim();
    b->set_entity_kind(kind);
    b->set_entity(entity);
    b->set_period_start_ms(start_ms);
    b->set_period_end_ms(end_ms);
    b->set_footprint_kg(footprint_kg);
    b->set_evidence_hash(Filled('\x31'));
    b->set_platform(platform);
    return tx;
  }
  v1::Tx Witness(const std::string& actor, uint64_t claim) {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_witness_claim()->set_claim(claim);
    tx.mutable_witness_claim()->set_statement_hash(Filled('\x32'));
    return tx;
  }
  v1::Tx Withdraw(const std::string& actor, uint64_t claim,
                  const std::string& reason = "footprint recounted") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_withdraw_claim()->set_claim(claim);
    tx.mutable_withdraw_claim()->set_reason(reason);
    return tx;
  }
  // A retirement by `holder` of `kg` covering claim `claim` about `entity`:
  // the purpose the claim's kind needs, the entity as its subject (or event
  // name) and a consumption period of one day inside 2026.
  v1::Tx RetireForClaim(const std::string& holder, uint64_t kg, uint64_t claim,
                        v1::RetirementPurpose purpose, const std::string& entity) {
    v1::Tx tx = RetireFor(holder, kg, purpose);
    v1::Retire* b = tx.mutable_retire();
    if (purpose == v1::LARGE_EVENT) {
      b->mutable_event()->set_name(entity);
    } else {
      b->mutable_subject()->set_name(entity);
    }
    b->set_period_start_ms(kCst2026Ms + 10 * kDayMs);
    b->set_period_end_ms(kCst2026Ms + 11 * kDayMs);
    b->set_claim_id(claim);
    return tx;
  }
  NeutralityClaimRecord ClaimOf(uint64_t id) {
    auto c = LoadClaim(chain.state(), id);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : NeutralityClaimRecord{};
  }

  // --- points (the acting account is the personal account) ---
  v1::Tx Record(const std::string& account, uint64_t day, uint64_t points,
                v1::FootprintCategory category = v1::TRAVEL) {
    v1::Tx tx = chain.NewTx(account);
    v1::RecordBehaviour* b = tx.mutable_record_behaviour();
    b->set_day(static_cast<uint32_t>(day));
    b->set_category(category);
    b->set_points(points);
    b->set_evidence_hash(Filled('\x33'));
    return tx;
  }
  v1::Tx RedeemRetirement(const std::string& account, uint64_t kg,
                          v1::FootprintCategory category = v1::TRAVEL, const Ranges& ranges = {}) {
    v1::Tx tx = chain.NewTx(account);
    v1::PointsRetirement* b = tx.mutable_redeem_points()->mutable_retirement();
    b->set_quantity(kg);
    AddRanges(b->mutable_ranges(), ranges);
    b->set_category(category);
    b->set_note("points exchanged on the Diandian app");
    return tx;
  }
  v1::Tx Benefit(const std::string& account, const std::string& name, uint64_t points) {
    v1::Tx tx = chain.NewTx(account);
    tx.mutable_redeem_points()->mutable_benefit()->set_name(name);
    tx.mutable_redeem_points()->mutable_benefit()->set_points(points);
    return tx;
  }
  // Today on the UTC+8 calendar at the next block's time (the head's).
  uint64_t Today() { return DayInChinaStandardTime(chain.head().time_ms); }
  PointsAccountRecord PointsOf(const std::string& account) {
    auto p = LoadPointsAccount(chain.state(), account);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : PointsAccountRecord{};
  }
  // The account's points record holds exactly these totals.
  void ExpectPoints(const std::string& account, uint64_t balance, uint64_t earned,
                    uint64_t redeemed, uint64_t movements) {
    PointsAccountRecord p = PointsOf(account);
    EXPECT_EQ(p.balance, balance) << account;
    EXPECT_EQ(p.earned, earned) << account;
    EXPECT_EQ(p.redeemed, redeemed) << account;
    EXPECT_EQ(p.movements, movements) << account;
  }
  std::optional<PointMovementRecord> MovementOf(const std::string& account, uint64_t seq) {
    auto m = LoadRecord<PointMovementRecord>(chain.state(), keys::PointMovement(account, seq));
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : std::nullopt;
  }
};

}  // namespace lincao::testing
