// Lists of serial ranges with their batch, as the credit lifecycle's records
// store them (holds, cancellations, losses): u32 n, then n x (u64 batch_id,
// u64 first, u64 last), the same layout as a retirement's ranges
// (docs/formats.md "State keys and records").
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "chaincode/canonical.h"
#include "chaincode/serial_range.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

void WriteBatchRanges(CanonicalWriter& w, const Holdings& ranges);
// False when the list cannot be read from `r` (a count larger than the
// record could hold, or an empty or reversed range).
bool ReadBatchRanges(CanonicalReader& r, std::string_view record, Holdings* out);
void AddBatchRanges(const Holdings& ranges,
                    google::protobuf::RepeatedPtrField<v1::BatchRange>* out);

}  // namespace lincao
