// A chaincode version 3 chain for the tests of holds, supervisory freezes,
// cancellation and reversal: the LifecycleOptions() cast of test_chain.h
// (governance 2 of 3, two banks, a court, ...), and body builders for each
// transaction. Expect() applies one
// transaction's rules and checks that a rejection wrote nothing and that the
// supply invariants hold after every step.
//
// Thread-safety: none; one test owns a fixture.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "chaincode/hold_records.h"
#include "chaincode/lifecycle_keys.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao::testing {

using Ranges = std::vector<std::pair<uint64_t, uint64_t>>;

inline void AddRanges(google::protobuf::RepeatedPtrField<v1::SerialRange>* out,
                      const Ranges& ranges) {
  for (const auto& [first, last] : ranges) {
    v1::SerialRange* r = out->Add();
    r->set_first(first);
    r->set_last(last);
  }
}

inline uint64_t Units(const Ranges& ranges) {
  uint64_t n = 0;
  for (const auto& [first, last] : ranges) n += last - first + 1;
  return n;
}

class LifecycleTest : public ::testing::Test {
 protected:
  explicit LifecycleTest(ChainOptions options = LifecycleOptions()) : chain(std::move(options)) {}

  // Rules only. A rejection must leave state as it was; the supply
  // invariants hold after every step. Returns the status for more checks.
  Status Expect(const v1::Tx& tx, ErrorCode want, const std::string& what) {
    const auto before = chain.state().entries();
    Status st = chain.Apply(tx);
    EXPECT_EQ(st.code_name(), ErrorCodeName(want)) << what << ": " << st.ToString();
    if (!st.ok()) {
      EXPECT_EQ(chain.state().entries(), before) << what << ": rejection wrote";
    }
    EXPECT_EQ(CheckSupplyInvariants(chain.state()), "") << what;
    return st;
  }
  // Through BuildBlock at `time_ms` (signed by every named account): the
  // recorded code, or the drop reason; `created` gets the result's created id.
  ErrorCode Committed(const v1::Tx& tx, std::optional<uint64_t> time_ms = std::nullopt,
                      uint64_t* created = nullptr) {
    BuiltBlock b = chain.Commit({chain.Sign(tx)}, time_ms);
    EXPECT_EQ(CheckSupplyInvariants(chain.state()), "");
    if (!b.made) return b.dropped.empty() ? v1::INTERNAL : b.dropped[0].reason.code();
    if (created != nullptr) *created = b.block.results(0).created_id();
    return static_cast<ErrorCode>(b.block.results(0).code());
  }

  uint64_t NextHoldId() { return CountersOf(chain.state()).next_hold_id; }
  HoldRecord HoldOf(uint64_t id) {
    auto h = LoadHold(chain.state(), id);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? *h : HoldRecord{};
  }
  bool Indexed(const std::string& holder, uint64_t hold) {
    return chain.state().Get(keys::HolderHold(holder, hold)).has_value();
  }

  // --- bodies ---
  v1::Tx Pledge(const std::string& holder, const std::string& pledgee, const Ranges& ranges,
                uint64_t expiry_ms = 0, bool cosign = true) {
    v1::Tx tx = chain.GovTx(
        holder, cosign ? std::vector<std::string>{pledgee} : std::vector<std::string>{});
    v1::PledgeUnits* b = tx.mutable_pledge_units();
    b->set_pledgee(pledgee);
    b->set_quantity(Units(ranges));
    AddRanges(b->mutable_ranges(), ranges);
    b->set_reason("loan contract ICBC-SC-2026-0042");
    b->set_expiry_ms(expiry_ms);
    return tx;
  }
  v1::Tx Freeze(const std::string& court, const std::string& holder, const Ranges& ranges,
                uint64_t expiry_ms = 0) {
    v1::Tx tx = chain.NewTx(court);
    v1::FreezeUnits* b = tx.mutable_freeze_units();
    b->set_holder(holder);
    b->set_quantity(Units(ranges));
    AddRanges(b->mutable_ranges(), ranges);
    b->set_reason("(2026) Chuan 01 Zhi Bao 123");
    b->set_expiry_ms(expiry_ms);
    return tx;
  }
  v1::Tx Release(const std::string& actor, uint64_t hold, const std::string& reason = "repaid") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_release_hold()->set_hold(hold);
    tx.mutable_release_hold()->set_reason(reason);
    return tx;
  }
  v1::Tx Enforce(const std::string& actor, uint64_t hold,
                 const std::string& reason = "loan in default") {
    v1::Tx tx = chain.NewTx(actor);
    tx.mutable_enforce_pledge()->set_hold(hold);
    tx.mutable_enforce_pledge()->set_reason(reason);
    return tx;
  }
  v1::Tx SetFreeze(const std::string& actor, v1::FreezeTarget target, const std::string& id,
                   uint64_t expiry_ms = 0) {
    v1::Tx tx = chain.NewTx(actor);
    v1::SetSupervisoryFreeze* b = tx.mutable_set_supervisory_freeze();
    b->set_target(target);
    b->set_id(id);
    b->set_reason("suspected double counting");
    b->set_expiry_ms(expiry_ms);
    return tx;
  }
  v1::Tx LiftFreeze(const std::string& actor, v1::FreezeTarget target, const std::string& id) {
    v1::Tx tx = chain.NewTx(actor);
    v1::LiftSupervisoryFreeze* b = tx.mutable_lift_supervisory_freeze();
    b->set_target(target);
    b->set_id(id);
    b->set_reason("investigation closed");
    return tx;
  }
  v1::Tx CancelRanges(const std::string& holder, const Ranges& ranges,
                      std::vector<std::string> cosigners = {"bureau"},
                      v1::CancellationReason reason = v1::FRAUD) {
    v1::Tx tx = chain.GovTx("registrar", std::move(cosigners));
    v1::CancelUnits* b = tx.mutable_cancel_units();
    b->set_holder(holder);
    b->set_quantity(Units(ranges));
    AddRanges(b->mutable_ranges(), ranges);
    b->set_reason(reason);
    b->set_note("monitoring data falsified");
    return tx;
  }
  v1::Tx CancelHold(uint64_t hold, std::vector<std::string> cosigners = {"bureau"}) {
    v1::Tx tx = chain.GovTx("registrar", std::move(cosigners));
    v1::CancelUnits* b = tx.mutable_cancel_units();
    b->set_hold(hold);
    b->set_reason(v1::FRAUD);
    b->set_note("court judgment: credits obtained by fraud");
    return tx;
  }
  v1::Tx Loss(const std::string& project, uint64_t kg, const std::string& actor = "bureau") {
    v1::Tx tx = chain.NewTx(actor);
    v1::ReportLoss* b = tx.mutable_report_loss();
    b->set_project(project);
    b->set_kind(v1::FIRE);
    b->set_loss_kg(kg);
    b->set_occurred_ms(kGenesisTimeMs - 86400000);
    b->set_evidence_hash(Bytes(32, '\x11'));
    b->set_note("forest fire, compartments 12-14");
    return tx;
  }
  // --- using credits (chaincode version 4) ---

  // A retirement by `holder` with the detail `purpose` needs under
  // version 4 (tree-planting: 1 duty; the caller matches the quantity to
  // the parameter), an organisation beneficiary (a person's commitment for
  // PERSONAL_FOOTPRINT) and the consumption period 2025 in Beijing.
  v1::Tx RetireFor(const std::string& holder, uint64_t quantity, v1::RetirementPurpose purpose,
                   const Ranges& ranges = {}) {
    v1::Tx tx = chain.RetireTx(holder, quantity);
    v1::Retire* b = tx.mutable_retire();
    AddRanges(b->mutable_ranges(), ranges);
    b->set_purpose(purpose);
    b->set_scenario_ref("");
    b->set_period_start_ms(kCst2025Ms);
    b->set_period_end_ms(kCst2026Ms);
    switch (purpose) {
      case v1::LARGE_EVENT:
        b->mutable_event()->set_name("2026 Chengdu Western China Expo");
        b->mutable_event()->set_kind(v1::EXHIBITION);
        break;
      case v1::TREE_PLANTING_DUTY:
        b->mutable_tree_planting()->set_duties(1);
        break;
      case v1::ECO_JUDICIAL:
        b->mutable_eco_judicial()->set_case_number("(2026) Chuan 0722 Xing Chu 15");
        b->mutable_eco_judicial()->set_court_order_ref("Pingwu court order 2026-015");
        break;
      case v1::PERSONAL_FOOTPRINT:
        b->mutable_beneficiary()->set_person_commitment(Bytes(32, '\xc0'));
        b->mutable_footprint()->set_category(v1::TRAVEL);
        break;
      case v1::ORGANISATION_NEUTRALITY:
      case v1::PRODUCT_NEUTRALITY:
      case v1::BUILDING_NEUTRALITY:
      case v1::REGION_NEUTRALITY:
        b->mutable_subject()->set_name("Chengdu Expo Centre, hall 3");
        break;
      default:
        b->set_note("staff commuting, 2025");
        break;
    }
    return tx;
  }
  v1::Tx Mandate(const std::string& client, const std::string& exchange, bool enabled = true) {
    v1::Tx tx = chain.NewTx(client);
    tx.mutable_set_settlement_mandate()->set_exchange(exchange);
    tx.mutable_set_settlement_mandate()->set_enabled(enabled);
    return tx;
  }
  struct Leg {
    std::string from;
    std::string to;
    uint64_t quantity = 0;
    Ranges ranges;
  };
  v1::Tx Settle(const std::string& exchange, const std::string& trade_ref,
                const std::vector<Leg>& legs) {
    v1::Tx tx = chain.NewTx(exchange);
    v1::SettleTrade* b = tx.mutable_settle_trade();
    b->set_trade_ref(trade_ref);
    for (const Leg& leg : legs) {
      v1::SettlementLeg* l = b->add_legs();
      l->set_from(leg.from);
      l->set_to(leg.to);
      l->set_quantity(leg.quantity);
      AddRanges(l->mutable_ranges(), leg.ranges);
    }
    return tx;
  }
  // Governance (bureau and ecology) sets a parameter; it applies from the
  // next transaction applied through the rules.
  v1::Tx SetParam(const std::string& name, uint64_t value) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_set_parameter()->set_name(name);
    tx.mutable_set_parameter()->set_value(value);
    return tx;
  }

  v1::Tx Clear(const std::string& project, std::vector<std::string> cosigners = {"ecology"}) {
    v1::Tx tx = chain.GovTx("bureau", std::move(cosigners));
    tx.mutable_clear_shortfall()->set_project(project);
    tx.mutable_clear_shortfall()->set_reason("owner replanted and surrendered credits");
    return tx;
  }

  TestChain chain;
};

}  // namespace lincao::testing
