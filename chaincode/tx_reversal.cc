// report_loss and clear_shortfall: reversal of credited removals (火灾、病虫害、
// 土地用途变更). A supervisor reports a loss on a project; the loss is cancelled
// from the pooled buffer in the order DOMAIN.md gives: first the project's
// own batches (its own buffer contributions), oldest batch first, then the
// rest of the pool, oldest batch first; within a batch the lowest buffer
// serials first. What the buffer cannot cover, or what lies beyond the
// per-loss bound of batches read (kMaxLossBatches), is the project's
// shortfall. Governance (the quorum) clears a shortfall.
#include <algorithm>
#include <vector>

#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/limits.h"
#include "chaincode/reversal_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

bool IsLossKind(v1::LossKind k) {
  return k == v1::FIRE || k == v1::PESTS || k == v1::LAND_USE_CHANGE || k == v1::OTHER_LOSS;
}

// How a loss is being covered: what is still uncovered, the batch records
// read so far, the cuts planned and whether the bound stopped the search.
struct Cover {
  uint64_t remaining = 0;
  uint32_t batches_read = 0;
  bool limit_reached = false;
  std::vector<std::pair<CreditBatchRecord, uint64_t>> cuts;  // batch, units from its buffer
};

// Visits the batches listed under `prefix` (q/<project>/ or f/, keys ending
// in a u64 batch id) in ascending id and plans to take from each one's
// buffer until the loss is covered or kMaxLossBatches batch records have
// been read. Reads only: the scan never sees its own writes.
Status PlanCover(const StateReader& state, const std::string& prefix, Cover& cover) {
  Status failed;
  state.Scan(prefix, [&](std::string_view key, std::string_view) {
    if (cover.remaining == 0) return false;
    if (cover.batches_read == kMaxLossBatches) {
      cover.limit_reached = true;
      return false;
    }
    std::string_view suffix = key.substr(prefix.size());
    if (suffix.size() != 8) {
      failed = Status(v1::INTERNAL, "batch index key " + ToHex(key) + " is malformed");
      return false;
    }
    cover.batches_read += 1;
    auto batch = LoadBatch(state, ReadBigEndian64(suffix));
    if (!batch.ok()) {
      failed = batch.status().code() == v1::INTERNAL
                   ? batch.status()
                   : Status(v1::INTERNAL, "batch index " + ToHex(key) + " names a missing batch");
      return false;
    }
    if (batch->buffer == 0) return true;
    const uint64_t n = std::min(batch->buffer, cover.remaining);
    cover.remaining -= n;
    cover.cuts.emplace_back(std::move(*batch), n);
    return cover.remaining > 0;
  });
  return failed;
}

// Cancels the planned cuts, lowest buffer serial first, and lists them.
void ApplyCuts(StateView& state, Cover& cover, Holdings& cancelled) {
  for (auto& [batch, n] : cover.cuts) {
    const uint64_t first = batch.buffer_first();
    cancelled.push_back({first, first + n - 1, batch.id});
    batch.buffer -= n;
    batch.cancelled += n;
    StoreBatch(state, batch);  // drops f/<id> when the buffer empties
  }
  cover.cuts.clear();
}

Status RequireProject(const StateReader& state, std::string_view project) {
  if (state.Get(keys::Project(project))) return Status::Ok();
  return Status(v1::UNKNOWN_PROJECT, "no project '" + std::string(project) + "'");
}

}  // namespace

Status ReportLoss(const ApplyContext& ctx, const AccountRecord& actor, const v1::ReportLoss& body,
                  StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "report losses"));
  LINCAO_RETURN_IF_ERROR(RequireProject(state, body.project()));
  if (!IsLossKind(body.kind())) {
    return Status(v1::INVALID_ARGUMENT, "kind must be FIRE, PESTS, LAND_USE_CHANGE or OTHER_LOSS");
  }
  if (body.loss_kg() == 0) {
    return Status(v1::ZERO_QUANTITY, "loss_kg must be at least 1 kg CO2e");
  }
  if (body.loss_kg() > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "loss_kg " + std::to_string(body.loss_kg()) +
                                             " exceeds the per-transaction bound " +
                                             std::to_string(kMaxQuantity));
  }
  if (body.occurred_ms() == 0 || body.occurred_ms() > ctx.time_ms) {
    return Status(v1::INVALID_ARGUMENT, "occurred_ms must be set and not after the chain time " +
                                            std::to_string(ctx.time_ms));
  }
  auto evidence = ToHash32(body.evidence_hash());
  if (!evidence) {
    return Status(v1::INVALID_ARGUMENT, "evidence_hash must be the 32-byte hash of the evidence");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("note", body.note(), false));
  auto shortfall = LoadRecord<ShortfallRecord>(state, keys::Shortfall(body.project()));
  if (!shortfall.ok()) return shortfall.status();
  auto counters = LoadCounters(state);
  if (!counters.ok()) return counters.status();

  LossRecord loss;
  loss.id = counters->next_loss_id;
  loss.tx_id = ctx.tx_id;
  loss.height = ctx.height;
  loss.time_ms = ctx.time_ms;
  loss.project = body.project();
  loss.kind = static_cast<uint32_t>(body.kind());
  loss.loss_kg = body.loss_kg();
  loss.evidence_hash = *evidence;
  loss.occurred_ms = body.occurred_ms();
  loss.reporter = actor.id;
  loss.note = body.note();

  // The project's own contributions first; the pool only once they are all
  // spent (so the pool scan no longer finds the project's batches).
  Cover cover;
  cover.remaining = body.loss_kg();
  LINCAO_RETURN_IF_ERROR(PlanCover(state, keys::ProjectBatchPrefix(body.project()), cover));
  ApplyCuts(state, cover, loss.cancelled);
  if (cover.remaining > 0 && !cover.limit_reached) {
    LINCAO_RETURN_IF_ERROR(PlanCover(state, keys::BufferBatchPrefix(), cover));
    ApplyCuts(state, cover, loss.cancelled);
  }
  loss.covered = body.loss_kg() - cover.remaining;
  loss.shortfall_added = cover.remaining;
  loss.batch_limit_reached = cover.limit_reached;

  if (loss.shortfall_added > 0) {
    ShortfallRecord owed;
    if (shortfall.value()) {
      owed = **shortfall;
    } else {
      owed.project = body.project();
      owed.first_loss_id = loss.id;
      owed.since_height = ctx.height;
    }
    if (owed.units > kMaxSerial - loss.shortfall_added) {
      return Status(v1::QUANTITY_OVERFLOW, "project '" + body.project() + "' would owe more than " +
                                               std::to_string(kMaxSerial) + " units");
    }
    owed.units += loss.shortfall_added;
    owed.last_loss_id = loss.id;
    owed.updated_height = ctx.height;
    state.Put(keys::Shortfall(body.project()), owed.Encode());
  }
  state.Put(keys::Loss(loss.id), loss.Encode());
  counters->next_loss_id += 1;
  state.Put(keys::Counters(), counters->Encode());
  if (ctx.output != nullptr) ctx.output->created_id = loss.id;
  return Status::Ok();
}

Status ClearShortfall(const ApplyContext& ctx, const v1::ClearShortfall& body, StateView& state) {
  (void)ctx;
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  LINCAO_RETURN_IF_ERROR(RequireProject(state, body.project()));
  if (!state.Get(keys::Shortfall(body.project()))) {
    return Status(v1::INVALID_STATE, "project '" + body.project() + "' has no shortfall to clear");
  }
  state.Delete(keys::Shortfall(body.project()));
  return Status::Ok();
}

}  // namespace lincao::rules
