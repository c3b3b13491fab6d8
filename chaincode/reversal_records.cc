#include "chaincode/reversal_records.h"

#include "chaincode/batch_ranges.h"
#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagLoss = 'L';
constexpr uint8_t kTagShortfall = 'W';
constexpr uint8_t kVersion1 = 1;
}  // namespace

Bytes LossRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagLoss).U8(kVersion1);
  w.U64(id).Raw(AsView(tx_id)).U64(height).U64(time_ms).Str(project).U32(kind);
  w.U64(loss_kg).U64(covered).U64(shortfall_added).Raw(AsView(evidence_hash)).U64(occurred_ms);
  w.Str(reporter).Str(note);
  WriteBatchRanges(w, cancelled);
  w.Bool(batch_limit_reached);
  return w.Take();
}

bool LossRecord::Decode(std::string_view in, LossRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagLoss || r.U8() != kVersion1) return false;
  out->id = r.U64();
  auto tx = ToHash32(r.Raw(32));
  if (!tx) return false;
  out->tx_id = *tx;
  out->height = r.U64();
  out->time_ms = r.U64();
  out->project = r.Str();
  out->kind = r.U32();
  out->loss_kg = r.U64();
  out->covered = r.U64();
  out->shortfall_added = r.U64();
  auto evidence = ToHash32(r.Raw(32));
  if (!evidence) return false;
  out->evidence_hash = *evidence;
  out->occurred_ms = r.U64();
  out->reporter = r.Str();
  out->note = r.Str();
  if (!ReadBatchRanges(r, in, &out->cancelled)) return false;
  const uint8_t limit = r.U8();
  if (limit > 1) return false;
  out->batch_limit_reached = limit == 1;
  return r.AtEnd();
}

v1::Loss LossRecord::ToProto() const {
  v1::Loss p;
  p.set_id(id);
  p.set_tx_id(AsBytes(tx_id));
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_project(project);
  p.set_kind(static_cast<v1::LossKind>(kind));
  p.set_loss_kg(loss_kg);
  p.set_covered(covered);
  p.set_shortfall_added(shortfall_added);
  p.set_evidence_hash(AsBytes(evidence_hash));
  p.set_occurred_ms(occurred_ms);
  p.set_reporter(reporter);
  p.set_note(note);
  AddBatchRanges(cancelled, p.mutable_cancelled());
  p.set_batch_limit_reached(batch_limit_reached);
  return p;
}

Bytes ShortfallRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagShortfall).U8(kVersion1);
  w.Str(project).U64(units).U64(first_loss_id).U64(last_loss_id).U64(since_height);
  w.U64(updated_height);
  return w.Take();
}

bool ShortfallRecord::Decode(std::string_view in, ShortfallRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagShortfall || r.U8() != kVersion1) return false;
  out->project = r.Str();
  out->units = r.U64();
  out->first_loss_id = r.U64();
  out->last_loss_id = r.U64();
  out->since_height = r.U64();
  out->updated_height = r.U64();
  return r.AtEnd();
}

v1::Shortfall ShortfallRecord::ToProto() const {
  v1::Shortfall p;
  p.set_project(project);
  p.set_units(units);
  p.set_first_loss_id(first_loss_id);
  p.set_last_loss_id(last_loss_id);
  p.set_since_height(since_height);
  p.set_updated_height(updated_height);
  return p;
}

Status CheckNoShortfall(const StateReader& state, std::string_view project) {
  auto rec = LoadRecord<ShortfallRecord>(state, keys::Shortfall(project));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) return Status::Ok();
  return Status(v1::SHORTFALL_OUTSTANDING,
                "project '" + std::string(project) + "' owes the buffer " +
                    std::to_string((*rec)->units) + " units from loss " +
                    std::to_string((*rec)->first_loss_id) +
                    " on; it gets no issuance until governance clears the shortfall");
}

}  // namespace lincao
