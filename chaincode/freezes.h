// Supervisory freezes (监管冻结): a SUPERVISOR flags an account, a project or
// a batch; while the flag is in force nothing of it moves, retires or is
// cancelled except through a hold, and a frozen project gets no issuance.
// A freeze with an expiry stops applying once chain time passes it (the
// record stays until lifted, so the public list shows it as expired).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/apply.h"
#include "chaincode/bytes.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

// 'F' at F/<a|p|b>/<id>.
struct FreezeRecord {
  uint32_t target = 0;  // v1::FreezeTarget
  std::string id;       // account id, project id or batch code
  std::string authority;
  std::string reason;
  uint64_t height = 0;
  uint64_t time_ms = 0;
  uint64_t expiry_ms = 0;  // 0: until lifted
  Hash32 tx_id{};

  // In force at chain time `now_ms`: no expiry, or an expiry not yet passed.
  bool InForce(uint64_t now_ms) const { return expiry_ms == 0 || now_ms <= expiry_ms; }
  Bytes Encode() const;
  static bool Decode(std::string_view in, FreezeRecord* out);
  v1::SupervisoryFreeze ToProto() const;
};

// The key letter of a target: 'a', 'p' or 'b'; 0 for an unknown target.
char FreezeTargetLetter(v1::FreezeTarget target);

// FROZEN when a freeze of `target` on `id` is in force at ctx.time_ms; the
// message names the authority and reason. INTERNAL on a corrupt record.
Status CheckNotFrozen(const ApplyContext& ctx, const StateReader& state, v1::FreezeTarget target,
                      std::string_view id);

// The one freeze check of units leaving an account's tradable holdings by
// transfer, retire, pledge_units or cancel_units (docs/formats.md): FROZEN
// when a freeze is in force on `holder`, or on the batch (by code) or the
// project of any range in `moved`. Checks the account first, then each
// distinct batch in ascending id: its batch freeze, then its project's.
// Reads one key for the account and, per distinct batch, its record plus
// two freeze keys when it has a code (issue_batch batches have no code and
// no project, so nothing can freeze them but their holder). Before chaincode
// version 3 no freeze can exist and nothing is read.
Status CheckUnitsMayMove(const ApplyContext& ctx, const StateReader& state, std::string_view holder,
                         const Holdings& moved);

}  // namespace lincao
