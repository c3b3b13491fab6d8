// Reversal (chaincode/tx_reversal.cc): a loss event on a project (fire,
// pests, land-use change) is cancelled from the pooled buffer, and what the
// buffer could not cover is the project's shortfall, which blocks its
// issuance until governance clears it.
//
// Keys (chaincode/lifecycle_keys.h): L/<u64 loss id> LossRecord;
// W/<project> ShortfallRecord, present exactly while the project owes.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "chaincode/bytes.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// At most this many batch records are read to cover one loss (the
// project's own batches, then the pool). Beyond it the rest of the loss is
// shortfall and the loss record says so: one transaction's work stays
// bounded however many batches the registry has.
inline constexpr uint32_t kMaxLossBatches = 1000;

// 'L' at L/<id>.
struct LossRecord {
  uint64_t id = 0;
  Hash32 tx_id{};
  uint64_t height = 0;
  uint64_t time_ms = 0;
  std::string project;
  uint32_t kind = 0;  // v1::LossKind
  uint64_t loss_kg = 0;
  uint64_t covered = 0;          // cancelled from buffers: the sum of `cancelled`
  uint64_t shortfall_added = 0;  // loss_kg - covered
  Hash32 evidence_hash{};
  uint64_t occurred_ms = 0;
  std::string reporter;
  std::string note;
  Holdings cancelled;  // buffer serials cancelled, in the order taken
  bool batch_limit_reached = false;

  Bytes Encode() const;
  static bool Decode(std::string_view in, LossRecord* out);
  v1::Loss ToProto() const;
};

// 'W' at W/<project>.
struct ShortfallRecord {
  std::string project;
  uint64_t units = 0;  // owed to the buffer, >= 1
  uint64_t first_loss_id = 0;
  uint64_t last_loss_id = 0;
  uint64_t since_height = 0;
  uint64_t updated_height = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, ShortfallRecord* out);
  v1::Shortfall ToProto() const;
};

// SHORTFALL_OUTSTANDING when the project owes the buffer (issuance checks
// this); INTERNAL on a corrupt record.
Status CheckNoShortfall(const StateReader& state, std::string_view project);

}  // namespace lincao
