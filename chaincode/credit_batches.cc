#include "chaincode/credit_batches.h"

#include "chaincode/canonical.h"
#include "chaincode/holdings.h"
#include "chaincode/limits.h"
#include "chaincode/tx_rules.h"

namespace lincao {

Result<CreditBatchRecord> CreateBatch(const ApplyContext& ctx, StateView& state,
                                      const NewBatch& spec) {
  auto counters = rules::LoadCounters(state);
  if (!counters.ok()) return counters.status();
  if (spec.quantity > kMaxQuantity || counters->next_serial > kMaxSerial - spec.quantity) {
    return Status(v1::QUANTITY_OVERFLOW, "quantity " + std::to_string(spec.quantity) +
                                             " is beyond what one batch may issue (" +
                                             std::to_string(kMaxQuantity) + " units)");
  }
  if (spec.quantity == 0 || spec.buffer > spec.quantity ||
      spec.collective_units > spec.quantity - spec.buffer ||
      (spec.collective_units > 0 && (spec.collective.empty() || spec.collective == spec.owner))) {
    return Status(v1::INTERNAL, "CreateBatch called with an impossible quantity or split");
  }

  CreditBatchRecord batch;
  batch.id = counters->next_batch_id;
  batch.project_id = spec.project_id;
  batch.vintage = spec.vintage;
  batch.first_serial = counters->next_serial;
  batch.quantity = spec.quantity;
  batch.issued_to = spec.owner;
  batch.issued_height = ctx.height;
  batch.period_start_ms = spec.period_start_ms;
  batch.period_end_ms = spec.period_end_ms;
  batch.report_hash = spec.report_hash;
  batch.note = spec.note;
  batch.code = spec.code;
  batch.report = spec.report;
  batch.buffer_issued = spec.buffer;
  batch.buffer = spec.buffer;

  // Issuance is exempt from max_ranges_per_account: the registrar issues,
  // one range per batch, and an owner must never be unable to receive it.
  const uint64_t owner_units = spec.quantity - spec.buffer - spec.collective_units;
  if (owner_units > 0) {
    auto owner = AccountHoldings::Load(state, spec.owner);
    if (!owner.ok()) return owner.status();
    const uint64_t first = batch.first_serial + spec.buffer;
    LINCAO_RETURN_IF_ERROR(owner->Add(state, {{first, first + owner_units - 1, batch.id}}));
  }
  if (spec.collective_units > 0) {
    auto collective = AccountHoldings::Load(state, spec.collective);
    if (!collective.ok()) return collective.status();
    LINCAO_RETURN_IF_ERROR(collective->Add(
        state, {{batch.last_serial() - spec.collective_units + 1, batch.last_serial(), batch.id}}));
  }

  counters->next_batch_id += 1;
  counters->next_serial += spec.quantity;
  state.Put(keys::Counters(), counters->Encode());
  StoreBatch(state, batch);
  if (!batch.code.empty()) {
    state.Put(keys::ProjectBatch(batch.project_id, batch.id), "");
    state.Put(keys::BatchCode(batch.code), BigEndian64(batch.id));
  }
  if (ctx.output != nullptr) ctx.output->created_id = batch.id;
  return batch;
}

Result<CreditBatchRecord> LoadBatch(const StateReader& state, uint64_t batch_id) {
  auto rec = LoadRecord<CreditBatchRecord>(state, keys::Batch(batch_id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_BATCH, "no credit batch " + std::to_string(batch_id));
  }
  return std::move(**rec);
}

void StoreBatch(StateView& state, const CreditBatchRecord& batch) {
  state.Put(keys::Batch(batch.id), batch.Encode());
  if (batch.buffer > 0) {
    state.Put(keys::BufferBatch(batch.id), "");
  } else if (batch.buffer_issued > 0 && state.Get(keys::BufferBatch(batch.id))) {
    state.Delete(keys::BufferBatch(batch.id));  // the last buffer unit just left
  }
}

}  // namespace lincao
