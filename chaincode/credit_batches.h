// Creating credit batches, and the indexes that find them: shared by
// issue_batch (chaincode versions 1 and 2), issue_credits (version 3) and
// the reversal rules that cancel from the pooled buffer.
//
// A new batch takes the next batch id and the next `quantity` serials. Its
// lowest `buffer` serials go to the pooled buffer (counted in the batch
// record, held by no account); the highest `collective_units` go to a
// second recipient (the village collective of an entrusted collective
// forest, 集体林权委托开发) and the rest to the owner's holdings. A batch with a code is also
// indexed by its project (q/<project>/<id>), by its code (o/<code>) and, while its buffer is not
// empty, in the buffer pool (f/<id>).
//
// Thread-safety: none; runs inside one apply.
#pragma once

#include <cstdint>
#include <string>

#include "chaincode/apply.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

struct NewBatch {
  std::string project_id;
  std::string code;  // empty: an issue_batch batch, not indexed
  uint32_t report = 0;
  uint32_t vintage = 0;
  uint64_t quantity = 0;  // >= 1
  uint64_t buffer = 0;    // <= quantity
  std::string owner;      // receives quantity - buffer - collective_units (when > 0)
  // A second recipient of the highest serials; empty and 0 for none.
  std::string collective;
  uint64_t collective_units = 0;  // <= quantity - buffer
  uint64_t period_start_ms = 0;
  uint64_t period_end_ms = 0;
  Bytes report_hash;
  std::string note;
};

// Writes the batch, the owner's holdings, the counters and the indexes.
// QUANTITY_OVERFLOW when the serials would pass kMaxSerial or the quantity
// kMaxQuantity. Reports the new batch id through ctx.output.
Result<CreditBatchRecord> CreateBatch(const ApplyContext& ctx, StateView& state,
                                      const NewBatch& spec);

// The batch with this id: UNKNOWN_BATCH when absent.
Result<CreditBatchRecord> LoadBatch(const StateReader& state, uint64_t batch_id);

// Stores a changed batch record and keeps the buffer pool index in step
// with its buffer (present exactly while buffer > 0).
void StoreBatch(StateView& state, const CreditBatchRecord& batch);

}  // namespace lincao
