// Cancellations (注销 as administrative removal, not retirement for offset):
// the registrar, with a supervisor co-signing, takes units out of
// circulation for fraud, reversal or correction, either named ranges of a
// holder's tradable holdings or every unit of one hold. The record is the
// public account of what was cancelled and why; the units count in their
// batches' `cancelled`.
//
// Key (chaincode/lifecycle_keys.h): X/<u64 cancellation id>.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "chaincode/bytes.h"
#include "chaincode/serial_range.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// 'Q' at X/<id>.
struct CancellationRecord {
  uint64_t id = 0;
  Hash32 tx_id{};
  uint64_t height = 0;
  uint64_t time_ms = 0;
  std::string holder;  // whose units: the holder of the ranges or of the hold
  uint64_t quantity = 0;
  Holdings ranges;      // ascending by serial
  uint32_t reason = 0;  // v1::CancellationReason
  std::string note;
  uint64_t hold_id = 0;  // the hold cancelled; 0: ranges from holdings
  std::string registrar;
  std::string supervisor;  // the co-signing supervisor

  Bytes Encode() const;
  static bool Decode(std::string_view in, CancellationRecord* out);
  v1::Cancellation ToProto() const;
};

}  // namespace lincao
