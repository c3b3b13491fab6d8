// record_behaviour and redeem_points (chaincode version 4): personal carbon
// points (个人碳账户). The custodian service platform records a person's
// low-carbon behaviour as points, at most points_daily_cap a day, and
// redeems them (权益兑换) for a retirement on the person's behalf from the
// platform's own holdings or for a named benefit. The acting account is the
// custodial personal account itself: its custodian's keys signed it, which
// is what makes the platform the author. Every movement is a numbered
// record. docs/formats.md "Personal carbon points".
#include <vector>

#include "chaincode/canonical.h"
#include "chaincode/points_records.h"
#include "chaincode/retirements.h"
#include "chaincode/tx_rules.h"
#include "chaincode/vintage.h"

namespace lincao::rules {
namespace {

Status RequireCustodial(const AccountRecord& actor) {
  if (actor.custodial()) return Status::Ok();
  if (!actor.holder_commitment.empty()) {
    return Status(v1::NOT_CUSTODIAL,
                  "account '" + actor.id +
                      "' holds its own keys (custody ended): points are recorded and redeemed "
                      "only by a personal account's custodian platform");
  }
  return Status(v1::NOT_CUSTODIAL,
                "account '" + actor.id +
                    "' is not a custodial personal account: points belong to personal accounts, "
                    "and their platform acts for them (lincao points ... --for ACCOUNT)");
}

bool IsCategory(v1::FootprintCategory c) { return c >= v1::CLOTHING && c <= v1::USE; }

Status CheckCategory(v1::FootprintCategory c) {
  if (IsCategory(c)) return Status::Ok();
  return Status(v1::INVALID_ARGUMENT,
                "category must be clothing, food, housing, travel or use (衣食住行用)");
}

// Deletes the account's daily totals of days before the window: no record
// can change them any more.
void DropDaysBefore(StateView& state, const std::string& account, uint64_t first_day) {
  const std::string prefix = keys::DailyPointsPrefix(account);
  std::vector<std::string> stale;
  state.Scan(prefix, [&](std::string_view key, std::string_view) {
    const std::string_view day = key.substr(prefix.size());
    if (day.size() != 8 || ReadBigEndian64(day) >= first_day) return false;
    stale.emplace_back(key);
    return true;
  });
  for (const std::string& key : stale) state.Delete(key);
}

// Appends `m` as the account's next movement and writes the account's
// points record: seq, balance_after, height, time and tx id are set here.
uint64_t AppendMovement(const ApplyContext& ctx, StateView& state, const AccountRecord& actor,
                        PointsAccountRecord& points, PointMovementRecord m) {
  points.movements += 1;
  m.seq = points.movements;
  m.balance_after = points.balance;
  m.height = ctx.height;
  m.time_ms = ctx.time_ms;
  m.tx_id = ctx.tx_id;
  m.platform = actor.custodian;
  state.Put(keys::PointMovement(actor.id, m.seq), m.Encode());
  state.Put(keys::PointsAccount(actor.id), points.Encode());
  return m.seq;
}

Status Spend(PointsAccountRecord& points, uint64_t amount, const std::string& account) {
  if (points.balance < amount) {
    return Status(v1::INSUFFICIENT_POINTS,
                  "account '" + account + "' has " + std::to_string(points.balance) +
                      " points; this redemption needs " + std::to_string(amount));
  }
  points.balance -= amount;
  points.redeemed += amount;
  return Status::Ok();
}

Status RedeemForBenefit(const ApplyContext& ctx, const AccountRecord& actor,
                        const v1::PointsBenefit& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckText("benefit name", body.name(), true));
  if (body.points() == 0) {
    return Status(v1::INVALID_ARGUMENT, "a benefit costs at least 1 point");
  }
  auto points = LoadPointsAccount(state, actor.id);
  if (!points.ok()) return points.status();
  LINCAO_RETURN_IF_ERROR(Spend(*points, body.points(), actor.id));
  PointMovementRecord m;
  m.kind = v1::POINTS_FOR_BENEFIT;
  m.points = body.points();
  m.benefit = body.name();
  const uint64_t seq = AppendMovement(ctx, state, actor, *points, std::move(m));
  if (ctx.output != nullptr) ctx.output->created_id = seq;
  return Status::Ok();
}

// The consumption period of a retirement for points: the UTC+8 day of the
// block that redeems them (the points carry no period of their own).
void SetRedemptionDay(const ApplyContext& ctx, v1::Retire& r) {
  constexpr uint64_t kDayMs = 24ull * 60 * 60 * 1000;
  const uint64_t day = DayInChinaStandardTime(ctx.time_ms);
  // day >= 1 for any block time after 1970-01-01T16:00Z.
  const uint64_t start = day * kDayMs - kChinaStandardTimeOffsetMs;
  r.set_period_start_ms(start);
  r.set_period_end_ms(start + kDayMs);
}

Status RedeemForRetirement(const ApplyContext& ctx, const AccountRecord& actor,
                           const v1::PointsRetirement& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckCategory(body.category()));
  if (body.quantity() == 0) return Status(v1::ZERO_QUANTITY, "retire at least 1 kg CO2e");
  if (body.quantity() > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "a retirement is at most 2^50 kg CO2e");
  }
  const uint64_t per_kg = ctx.params.points_per_kg;
  if (body.quantity() > kMaxPoints / per_kg) {
    return Status(v1::POINTS_OVERFLOW, "the retirement would cost more than 2^62 points");
  }
  const uint64_t cost = body.quantity() * per_kg;
  auto points = LoadPointsAccount(state, actor.id);
  if (!points.ok()) return points.status();
  LINCAO_RETURN_IF_ERROR(Spend(*points, cost, actor.id));

  // The retirement itself is the platform's: its units, every rule of
  // retirement (chaincode/retirements.h), for the person's commitment.
  v1::Retire retire;
  retire.set_quantity(body.quantity());
  *retire.mutable_ranges() = body.ranges();
  retire.mutable_beneficiary()->set_person_commitment(actor.holder_commitment);
  retire.set_purpose(v1::PERSONAL_FOOTPRINT);
  retire.mutable_footprint()->set_category(body.category());
  retire.set_note(body.note());
  SetRedemptionDay(ctx, retire);
  auto rec = RecordRetirement(ctx, state, actor.custodian, retire);
  if (!rec.ok()) return rec.status();

  PointMovementRecord m;
  m.kind = v1::POINTS_FOR_RETIREMENT;
  m.points = cost;
  m.category = static_cast<uint32_t>(body.category());
  m.retirement_id = rec->id;
  m.quantity_kg = body.quantity();
  AppendMovement(ctx, state, actor, *points, std::move(m));
  // created_id stays the retirement id that RecordRetirement set.
  return Status::Ok();
}

}  // namespace

Status RecordBehaviour(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::RecordBehaviour& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireCustodial(actor));
  LINCAO_RETURN_IF_ERROR(CheckCategory(body.category()));
  if (body.points() == 0) {
    return Status(v1::INVALID_ARGUMENT, "a behaviour earns at least 1 point");
  }
  LINCAO_RETURN_IF_ERROR(CheckHash("evidence_hash", body.evidence_hash()));
  const uint64_t today = DayInChinaStandardTime(ctx.time_ms);
  const uint64_t day = body.day();
  if (day > today || today - day >= kBehaviourWindowDays) {
    return Status(v1::DAY_OUTSIDE_WINDOW,
                  "day " + std::to_string(day) + " is not within the " +
                      std::to_string(kBehaviourWindowDays) +
                      " days up to today (UTC+8 day number " + std::to_string(today) +
                      "): behaviour is recorded on the day or within a week after it");
  }
  auto daily = LoadRecord<DailyPointsRecord>(state, keys::DailyPoints(actor.id, day));
  if (!daily.ok()) return daily.status();
  DailyPointsRecord total = daily.value() ? **daily : DailyPointsRecord{};
  const uint64_t cap = ctx.params.points_daily_cap;
  const uint64_t left = total.points >= cap ? 0 : cap - total.points;
  if (body.points() > left) {
    return Status(v1::DAILY_POINTS_CAP,
                  "account '" + actor.id + "' may earn " + std::to_string(left) +
                      " more points for day " + std::to_string(day) +
                      " (UTC+8 day number; points_daily_cap " + std::to_string(cap) + ", earned " +
                      std::to_string(total.points) + ")");
  }
  auto points = LoadPointsAccount(state, actor.id);
  if (!points.ok()) return points.status();
  // earned >= balance, so bounding earned bounds both.
  if (body.points() > kMaxPoints - points->earned) {
    return Status(v1::POINTS_OVERFLOW,
                  "account '" + actor.id + "' would earn more than 2^62 points");
  }
  points->earned += body.points();
  points->balance += body.points();
  total.points += body.points();
  const uint64_t first_day =
      today >= kBehaviourWindowDays - 1 ? today - (kBehaviourWindowDays - 1) : 0;
  DropDaysBefore(state, actor.id, first_day);
  state.Put(keys::DailyPoints(actor.id, day), total.Encode());
  PointMovementRecord m;
  m.kind = v1::POINTS_EARNED;
  m.points = body.points();
  m.day = day;
  m.category = static_cast<uint32_t>(body.category());
  m.evidence_hash = body.evidence_hash();
  const uint64_t seq = AppendMovement(ctx, state, actor, *points, std::move(m));
  if (ctx.output != nullptr) ctx.output->created_id = seq;
  return Status::Ok();
}

Status RedeemPoints(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::RedeemPoints& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireCustodial(actor));
  switch (body.redemption_case()) {
    case v1::RedeemPoints::kBenefit:
      return RedeemForBenefit(ctx, actor, body.benefit(), state);
    case v1::RedeemPoints::kRetirement:
      return RedeemForRetirement(ctx, actor, body.retirement(), state);
    case v1::RedeemPoints::REDEMPTION_NOT_SET:
      break;
  }
  return Status(v1::INVALID_ARGUMENT, "redeem_points names a retirement or a benefit");
}

}  // namespace lincao::rules
