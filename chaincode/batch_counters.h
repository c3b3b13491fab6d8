// Moving units between the counters of their batches. Every unit of a batch
// is in exactly one place (DOMAIN.md invariant 1): an account's holdings
// (tradable, counted by the h/ records), a hold, a retirement, a
// cancellation, the buffer, or an export. The rules that move units out of
// or into holdings keep the batch counters in step through this one
// function, so no rule edits a counter by hand.
//
// Thread-safety: none; runs inside one apply.
#pragma once

#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

enum class BatchCounterMove {
  kTradableToHeld,       // pledge, judicial freeze: held += n
  kHeldToTradable,       // release, enforcement: held -= n
  kTradableToCancelled,  // cancel_units of ranges: cancelled += n
  kHeldToCancelled,      // cancel_units of a hold: held -= n, cancelled += n
};

// Applies `move` to each batch of `ranges` (ascending batch id) for the
// units of that batch, and stores it. INTERNAL when a batch is missing or a
// counter would go below zero (the state is corrupt: stop, never guess).
Status MoveBatchUnits(StateView& state, const Holdings& ranges, BatchCounterMove move);

}  // namespace lincao
