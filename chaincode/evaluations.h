// Expert evaluations (专家评审) of methodologies, projects and monitoring
// reports, and the quorum that decides them. Each expert of the subject's
// sector evaluates a subject at most once; the record u/<subject>/<expert>
// keeps the opinion, and the subject's own record keeps the counts. Once
// approvals reach the expert_quorum parameter the subject is evaluated;
// once rejections reach it, rejected; whichever comes first decides and
// later evaluations are refused (the subject is no longer in a state that
// takes them).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/apply.h"
#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// 'U' at u/<subject>/<expert>.
struct EvaluationRecord {
  std::string subject;  // keys::MethodologySubject / ProjectSubject / ReportSubject
  std::string expert;
  bool approve = false;
  Bytes opinion_hash;  // 32 bytes
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};

  Bytes Encode() const;
  static bool Decode(std::string_view in, EvaluationRecord* out);
  v1::Evaluation ToProto() const;
};

namespace rules {

// What a subject being evaluated must say about itself.
struct EvaluationSubject {
  std::string subject;  // the u/ subject string
  std::string what;     // "methodology 'SC-FOR-001-V01'", for messages
  uint32_t sector = 0;  // v1::Sector the experts must cover
  // Accounts with a stake in the subject (proposer, owner, collective): they
  // may not evaluate it.
  std::vector<std::string> interested;
};

// The evaluator's checks, in order: `actor` is an EXPERT of the subject's
// sector and not suspended there (UNAUTHORIZED / SANCTIONED), has no stake
// in it (CONFLICT_OF_INTEREST), the opinion hash is 32 bytes
// (INVALID_ARGUMENT), and the actor has not evaluated it before
// (ALREADY_EVALUATED). The caller checks the subject's state after these.
Status CheckEvaluator(const StateReader& state, const AccountRecord& actor,
                      const EvaluationSubject& subject, std::string_view opinion_hash);

// How the subject stands after an evaluation was counted.
enum class Verdict { kPending, kEvaluated, kRejected };

// Writes the evaluation record and counts it in `approvals` or `rejections`;
// returns the verdict under the expert quorum in force (approvals first).
Verdict RecordEvaluation(const ApplyContext& ctx, StateView& state, const AccountRecord& actor,
                         const EvaluationSubject& subject, bool approve,
                         std::string_view opinion_hash, uint32_t& approvals, uint32_t& rejections);

// Whether a subject still waiting for its quorum may be approved by a
// supervisor: its approvals reach the quorum in force (it may have been
// lowered since the last evaluation). Else EXPERT_QUORUM_NOT_MET.
Status CheckExpertQuorum(const ApplyContext& ctx, std::string_view what, uint32_t approvals);

}  // namespace rules
}  // namespace lincao
