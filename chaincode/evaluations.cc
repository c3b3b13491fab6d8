#include "chaincode/evaluations.h"

#include <algorithm>

#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/tx_rules.h"

namespace lincao {
namespace {
constexpr uint8_t kTagEvaluation = 'U';
constexpr uint8_t kVersion1 = 1;
}  // namespace

Bytes EvaluationRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagEvaluation).U8(kVersion1);
  w.Str(subject).Str(expert).Bool(approve).Str(opinion_hash).U64(height).U64(time_ms);
  w.Raw(AsView(tx_id));
  return w.Take();
}

bool EvaluationRecord::Decode(std::string_view in, EvaluationRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagEvaluation || r.U8() != kVersion1) return false;
  out->subject = r.Str();
  out->expert = r.Str();
  out->approve = r.Bool();
  out->opinion_hash = r.Str();
  out->height = r.U64();
  out->time_ms = r.U64();
  std::string id = r.Raw(out->tx_id.size());
  if (!r.AtEnd()) return false;
  std::copy(id.begin(), id.end(), out->tx_id.begin());
  return true;
}

v1::Evaluation EvaluationRecord::ToProto() const {
  v1::Evaluation e;
  e.set_subject(subject);
  e.set_expert(expert);
  e.set_approve(approve);
  e.set_opinion_hash(opinion_hash);
  e.set_height(height);
  e.set_time_ms(time_ms);
  e.set_tx_id(AsBytes(tx_id));
  return e;
}

namespace rules {

Status CheckEvaluator(const StateReader& state, const AccountRecord& actor,
                      const EvaluationSubject& subject, std::string_view opinion_hash) {
  LINCAO_RETURN_IF_ERROR(
      CheckSectorWork(state, actor, v1::EXPERT, subject.sector, "evaluate " + subject.what));
  for (const std::string& a : subject.interested) {
    if (a == actor.id) {
      return Status(v1::CONFLICT_OF_INTEREST, "expert '" + actor.id + "' has a stake in " +
                                                  subject.what +
                                                  " (proposer, owner or collective) and may not "
                                                  "evaluate it");
    }
  }
  if (opinion_hash.size() != 32) {
    return Status(v1::INVALID_ARGUMENT, "opinion_hash must be the 32-byte hash of the opinion");
  }
  if (state.Get(keys::Evaluation(subject.subject, actor.id))) {
    return Status(v1::ALREADY_EVALUATED, "expert '" + actor.id + "' already evaluated " +
                                             subject.what + "; an evaluation is recorded once");
  }
  return Status::Ok();
}

Verdict RecordEvaluation(const ApplyContext& ctx, StateView& state, const AccountRecord& actor,
                         const EvaluationSubject& subject, bool approve,
                         std::string_view opinion_hash, uint32_t& approvals, uint32_t& rejections) {
  EvaluationRecord rec;
  rec.subject = subject.subject;
  rec.expert = actor.id;
  rec.approve = approve;
  rec.opinion_hash = Bytes(opinion_hash);
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.tx_id = ctx.tx_id;
  state.Put(keys::Evaluation(subject.subject, actor.id), rec.Encode());
  (approve ? approvals : rejections) += 1;
  if (approvals >= ctx.params.expert_quorum) return Verdict::kEvaluated;
  if (rejections >= ctx.params.expert_quorum) return Verdict::kRejected;
  return Verdict::kPending;
}

Status CheckExpertQuorum(const ApplyContext& ctx, std::string_view what, uint32_t approvals) {
  if (approvals >= ctx.params.expert_quorum) return Status::Ok();
  return Status(v1::EXPERT_QUORUM_NOT_MET,
                std::string(what) + " has " + std::to_string(approvals) + " expert approval" +
                    (approvals == 1 ? "" : "s") + "; the expert_quorum parameter asks for " +
                    std::to_string(ctx.params.expert_quorum) + ". Wait for more evaluations");
}

}  // namespace rules
}  // namespace lincao
