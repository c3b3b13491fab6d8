// Personal carbon points (个人碳账户, chaincode version 4): the records and
// keys behind record_behaviour and redeem_points. Every point movement is a
// record of its own, numbered per account, so "points by account" lists the
// balance and each movement. Layouts: docs/formats.md "Personal carbon
// points".
//
//   P/<account>                 PointsAccountRecord: balance and totals
//   M/<account>/<u64 seq>       PointMovementRecord, seq = 1, 2, ...
//   D/<account>/<u64 day>       DailyPointsRecord: points earned that day
//                               (UTC+8 day number), kept only while the day
//                               is inside the recording window
//
// Account ids never contain '/', so one account's prefix is never another's.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// A behaviour is recorded for today or one of the 6 days before (UTC+8
// days): late records are accepted for a week, and only the D/ records of
// those 7 days can still change, so older ones are deleted.
inline constexpr uint64_t kBehaviourWindowDays = 7;
// Balances and totals stay below this, far from overflow in any sum.
inline constexpr uint64_t kMaxPoints = 1ull << 62;

namespace keys {
std::string PointsAccount(std::string_view account);                // P/<account>
std::string PointMovementPrefix(std::string_view account);          // M/<account>/
std::string PointMovement(std::string_view account, uint64_t seq);  // M/<account>/<seq>
std::string DailyPointsPrefix(std::string_view account);            // D/<account>/
std::string DailyPoints(std::string_view account, uint64_t day);    // D/<account>/<day>
}  // namespace keys

// 'p' at P/<account>. Absent until the account's first movement: all zero.
// Always balance = earned - redeemed.
struct PointsAccountRecord {
  uint64_t balance = 0;
  uint64_t earned = 0;
  uint64_t redeemed = 0;
  uint64_t movements = 0;  // the last movement's seq

  Bytes Encode() const;
  static bool Decode(std::string_view in, PointsAccountRecord* out);
};

// 'm' at M/<account>/<seq>. Fields a kind does not use are zero or empty
// (docs/formats.md lists which).
struct PointMovementRecord {
  uint64_t seq = 0;
  uint32_t kind = 0;  // v1::PointMovementKind
  uint64_t points = 0;
  uint64_t balance_after = 0;
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};
  std::string platform;
  uint64_t day = 0;            // earned
  uint32_t category = 0;       // v1::FootprintCategory: earned, for retirement
  std::string evidence_hash;   // earned: 32 bytes
  uint64_t retirement_id = 0;  // for retirement
  uint64_t quantity_kg = 0;    // for retirement
  std::string benefit;         // for benefit

  Bytes Encode() const;
  static bool Decode(std::string_view in, PointMovementRecord* out);
  v1::PointMovement ToProto(std::string_view account) const;
};

// 'd' at D/<account>/<day>.
struct DailyPointsRecord {
  uint64_t points = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, DailyPointsRecord* out);
};

// The points record of `account` (all zero when it has none); INTERNAL when
// corrupt.
Result<PointsAccountRecord> LoadPointsAccount(const StateReader& state, std::string_view account);

}  // namespace lincao
