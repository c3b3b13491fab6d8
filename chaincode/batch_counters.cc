#include "chaincode/batch_counters.h"

#include <map>
#include <string>

#include "chaincode/credit_batches.h"

namespace lincao {

Status MoveBatchUnits(StateView& state, const Holdings& ranges, BatchCounterMove move) {
  std::map<uint64_t, uint64_t> per_batch;  // ordered: writes in batch order
  for (const HeldRange& r : ranges) per_batch[r.batch_id] += r.count();
  for (const auto& [batch_id, units] : per_batch) {
    auto batch = LoadBatch(state, batch_id);
    if (!batch.ok()) {
      if (batch.status().code() == v1::INTERNAL) return batch.status();
      return Status(v1::INTERNAL, "units of a missing batch " + std::to_string(batch_id));
    }
    switch (move) {
      case BatchCounterMove::kTradableToHeld:
        batch->held += units;
        break;
      case BatchCounterMove::kTradableToCancelled:
        batch->cancelled += units;
        break;
      case BatchCounterMove::kHeldToTradable:
      case BatchCounterMove::kHeldToCancelled:
        if (batch->held < units) {
          return Status(v1::INTERNAL, "batch " + std::to_string(batch_id) + " counts " +
                                          std::to_string(batch->held) + " held units, fewer than " +
                                          std::to_string(units) + " leaving a hold");
        }
        batch->held -= units;
        if (move == BatchCounterMove::kHeldToCancelled) batch->cancelled += units;
        break;
    }
    StoreBatch(state, *batch);
  }
  return Status::Ok();
}

}  // namespace lincao
