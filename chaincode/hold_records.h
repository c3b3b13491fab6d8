// Holds on serial ranges: a pledge (质押) to a FINANCE account or a judicial
// freeze (司法冻结). A hold takes named ranges out of the holder's tradable
// holdings; while it is ACTIVE the units are counted in their batches'
// `held` and nothing moves them but the hold's own steps (release,
// enforcement, cancellation). Closed holds stay in state as public history.
//
// Keys (chaincode/lifecycle_keys.h): z/<u64 id> the record;
// w/<holder>/<u64 id> (empty value) exists exactly while the hold is ACTIVE,
// so "does this account have units in a hold" is one short scan (CloseAccount
// refuses while any key exists under w/<account>/).
//
// Thread-safety: plain values and functions inside one apply.
#pragma once

#include <cstdint>
#include <string>

#include "chaincode/apply.h"
#include "chaincode/bytes.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// 'Z' at z/<id>.
struct HoldRecord {
  uint64_t id = 0;
  uint32_t kind = 0;  // v1::HoldKind
  std::string holder;
  std::string pledgee;    // HOLD_PLEDGE only
  std::string authority;  // who imposed it: the holder (pledge) or the court
  std::string reason;
  uint64_t expiry_ms = 0;  // 0: none; after it the holder may release
  uint64_t quantity = 0;
  Holdings ranges;      // ascending by serial, each inside one batch
  uint32_t status = 0;  // v1::HoldStatus
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};
  // How it closed (all zero or empty while ACTIVE).
  uint64_t closed_height = 0;
  uint64_t closed_time_ms = 0;
  Hash32 closed_tx_id{};
  std::string closed_by;
  std::string close_reason;

  bool active() const { return status == v1::HOLD_ACTIVE; }
  // The holder may release it itself once chain time is past a set expiry.
  bool ExpiredAt(uint64_t now_ms) const { return expiry_ms != 0 && now_ms > expiry_ms; }
  Bytes Encode() const;
  static bool Decode(std::string_view in, HoldRecord* out);
  v1::Hold ToProto() const;
};

// "pledge" / "judicial freeze", and "active" / "released" / ... for messages.
std::string HoldKindName(uint32_t kind);
std::string HoldStatusName(uint32_t status);

// The hold with this id: UNKNOWN_HOLD when absent.
Result<HoldRecord> LoadHold(const StateReader& state, uint64_t hold_id);

// Writes z/<id> and keeps w/<holder>/<id> in step: present exactly while
// the hold is ACTIVE.
void StoreHold(StateView& state, const HoldRecord& hold);

// Marks an ACTIVE hold closed with `status` by `by` in this transaction
// (height, time, tx id from ctx) and stores it, which drops its w/ entry.
// Moving its units is the caller's part.
void CloseHold(const ApplyContext& ctx, StateView& state, HoldRecord& hold, v1::HoldStatus status,
               std::string_view by, std::string_view reason);

}  // namespace lincao
