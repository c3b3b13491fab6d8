// The Registry's reads of the credit lifecycle (chaincode version 3):
// methodologies, projects and monitoring reports with their expert
// evaluations; batches by id or code, a project's batches, the pooled
// buffer; holds, supervisory freezes, cancellations and losses. Every list
// pages through node/list_pages.h; an unknown id answers NOT_FOUND with the
// lincao code of its kind. Kept apart from registry_service.cc so the
// lifecycle's read path has one home, as registry_governance.cc is for
// governance.
#include <functional>
#include <map>
#include "chaincode/cancellation_records.h"
#include "chaincode/canonical.h"

#include "chaincode/credit_batches.h"
#include "chaincode/evaluations.h"
#include "chaincode/freezes.h"
#include "chaincode/hold_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/reversal_records.h"
#include "node/grpc_status.h"
#include "node/list_pages.h"
#include "node/registry_reads.h"
#include "node/registry_service.h"

namespace lincao::node {
namespace {

// A batch id from the value of an index entry o/<code>.
Result<uint64_t> BatchIdOfCode(const StateReader& state, const std::string& code) {
  std::optional<Bytes> id = state.Get(keys::BatchCode(code));
  if (!id) {
    return Status(v1::UNKNOWN_BATCH,
                  "no credit batch has code '" + code +
                      "' (codes are <project>-<vintage>-<sequence>, e.g. SC-P-2026-0001-2025-001; "
                      "`lincao query batches --project P` lists a project's)");
  }
  if (id->size() != 8) return Status(v1::INTERNAL, "batch code index o/" + code + " is corrupt");
  return ReadBigEndian64(*id);
}

// The batch of an index entry whose key ends in its id (q/, f/).
Result<bool> AddBatch(const StateReader& state, std::string_view id_suffix,
                      google::protobuf::RepeatedPtrField<v1::CreditBatch>* out) {
  if (id_suffix.size() != 8) return Status(v1::INTERNAL, "a batch index key is corrupt");
  auto batch = LoadBatch(state, ReadBigEndian64(id_suffix));
  if (!batch.ok()) return batch.status();
  *out->Add() = batch->ToProto();
  return true;
}

// A subject's evaluations, one per expert. Evaluations close once the
// expert quorum decided, so a subject has fewer than 2 * kMaxExpertQuorum.
Status AddEvaluations(const StateReader& state, const std::string& subject,
                      google::protobuf::RepeatedPtrField<v1::Evaluation>* out) {
  Status failed;
  state.Scan(keys::EvaluationPrefix(subject), [&](std::string_view, std::string_view value) {
    auto rec = DecodeEntry<EvaluationRecord>(value, "evaluation");
    if (!rec.ok()) {
      failed = rec.status();
      return false;
    }
    *out->Add() = rec->ToProto();
    return true;
  });
  return failed;
}

// Projects name their methodology; the read view repeats its sector. One
// page reads each methodology once.
class SectorLookup {
 public:
  explicit SectorLookup(const StateReader& state) : state_(state) {}
  Result<uint32_t> Of(const std::string& methodology) {
    auto it = sectors_.find(methodology);
    if (it != sectors_.end()) return it->second;
    auto m = LoadMethodology(state_, methodology);
    if (!m.ok()) return m.status();
    sectors_[methodology] = m->sector;
    return m->sector;
  }

 private:
  const StateReader& state_;
  std::map<std::string, uint32_t> sectors_;
};

}  // namespace

grpc::Status RegistryService::GetMethodology(grpc::ServerContext* ctx,
                                             const v1::GetMethodologyRequest* req,
                                             v1::MethodologyDetail* resp) {
  LabelRead(ctx);
  auto m = LoadMethodology(ledger_, req->id());
  if (!m.ok()) return ToGrpc(ctx, m.status());
  *resp->mutable_methodology() = m->ToProto();
  Status st =
      AddEvaluations(ledger_, keys::MethodologySubject(req->id()), resp->mutable_evaluations());
  return st.ok() ? grpc::Status::OK : ToGrpc(ctx, st);
}

grpc::Status RegistryService::ListMethodologies(grpc::ServerContext* ctx,
                                                const v1::ListMethodologiesRequest* req,
                                                v1::Methodologies* resp) {
  LabelRead(ctx);
  const std::string prefix = keys::MethodologyPrefix();
  auto next =
      ReadPage(ledger_, PageOf(prefix, PageKey::kText, req->page()),
               AppendRecords<MethodologyRecord>("methodology", resp->mutable_methodologies()));
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetProject(grpc::ServerContext* ctx, const v1::GetProjectRequest* req,
                                         v1::ProjectDetail* resp) {
  LabelRead(ctx);
  auto p = LoadProject(ledger_, req->id());
  if (!p.ok()) return ToGrpc(ctx, p.status());
  SectorLookup sectors(ledger_);
  auto sector = sectors.Of(p->methodology);
  if (!sector.ok()) return ToGrpc(ctx, sector.status());
  *resp->mutable_project() = p->ToProto(*sector);
  Status st = AddEvaluations(ledger_, keys::ProjectSubject(req->id()), resp->mutable_evaluations());
  if (!st.ok()) return ToGrpc(ctx, st);
  auto freeze = LoadRecord<FreezeRecord>(ledger_, keys::Freeze('p', req->id()));
  if (!freeze.ok()) return ToGrpc(ctx, freeze.status());
  if (freeze.value()) *resp->mutable_freeze() = (*freeze)->ToProto();
  auto shortfall = LoadRecord<ShortfallRecord>(ledger_, keys::Shortfall(req->id()));
  if (!shortfall.ok()) return ToGrpc(ctx, shortfall.status());
  if (shortfall.value()) *resp->mutable_shortfall() = (*shortfall)->ToProto();
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListProjects(grpc::ServerContext* ctx,
                                           const v1::ListProjectsRequest* req, v1::Projects* resp) {
  LabelRead(ctx);
  const std::string& owner = req->owner();
  if (!owner.empty()) {
    if (Status st = RequireAccount(ledger_, owner); !st.ok()) return ToGrpc(ctx, st);
  }
  SectorLookup sectors(ledger_);
  const std::string prefix = keys::ProjectPrefix();
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kText, req->page()),
                       [&](std::string_view, std::string_view value) -> Result<bool> {
                         auto p = DecodeEntry<ProjectRecord>(value, "project");
                         if (!p.ok()) return p.status();
                         if (!owner.empty() && p->owner != owner) return false;
                         auto sector = sectors.Of(p->methodology);
                         if (!sector.ok()) return sector.status();
                         *resp->add_projects() = p->ToProto(*sector);
                         return true;
                       });
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetReport(grpc::ServerContext* ctx, const v1::GetReportRequest* req,
                                        v1::ReportDetail* resp) {
  LabelRead(ctx);
  if (Status st = RequireProject(ledger_, req->project()); !st.ok()) return ToGrpc(ctx, st);
  auto r = LoadReport(ledger_, req->project(), req->number());
  if (!r.ok()) return ToGrpc(ctx, r.status());
  *resp->mutable_report() = r->ToProto();
  Status st = AddEvaluations(ledger_, keys::ReportSubject(req->project(), req->number()),
                             resp->mutable_evaluations());
  return st.ok() ? grpc::Status::OK : ToGrpc(ctx, st);
}

grpc::Status RegistryService::ListReports(grpc::ServerContext* ctx,
                                          const v1::ListReportsRequest* req,
                                          v1::MonitoringReports* resp) {
  LabelRead(ctx);
  if (Status st = RequireProject(ledger_, req->project()); !st.ok()) return ToGrpc(ctx, st);
  const std::string prefix = keys::ReportPrefix(req->project());
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                       AppendRecords<ReportRecord>("monitoring report", resp->mutable_reports()));
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetBatch(grpc::ServerContext* ctx, const v1::GetBatchRequest* req,
                                       v1::CreditBatch* resp) {
  LabelRead(ctx);
  if (req->id() != 0 && !req->code().empty()) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT, "name the batch by id or by code, not both"));
  }
  uint64_t id = req->id();
  if (!req->code().empty()) {
    auto by_code = BatchIdOfCode(ledger_, req->code());
    if (!by_code.ok()) return ToGrpc(ctx, by_code.status());
    id = *by_code;
  }
  auto batch = LoadBatch(ledger_, id);
  if (!batch.ok()) {
    Status st = batch.status();
    if (st.code() == v1::UNKNOWN_BATCH) {
      st = Status(v1::UNKNOWN_BATCH, "credit batch " + std::to_string(id) + " does not exist");
    }
    return ToGrpc(ctx, st);
  }
  *resp = batch->ToProto();
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListBatches(grpc::ServerContext* ctx,
                                          const v1::ListBatchesRequest* req,
                                          v1::CreditBatches* resp) {
  LabelRead(ctx);
  if (Status st = RequireProject(ledger_, req->project()); !st.ok()) return ToGrpc(ctx, st);
  const std::string prefix = keys::ProjectBatchPrefix(req->project());
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                       [&](std::string_view suffix, std::string_view) {
                         return AddBatch(ledger_, suffix, resp->mutable_batches());
                       });
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetBuffer(grpc::ServerContext* ctx, const v1::GetBufferRequest* req,
                                        v1::BufferPool* resp) {
  LabelRead(ctx);
  // The total is summed over the pool index on each call: one batch read
  // per batch with buffer (state keeps no running total of the pool).
  uint64_t total = 0;
  uint64_t count = 0;
  Status failed;
  ledger_.Scan(keys::BufferBatchPrefix(), [&](std::string_view key, std::string_view) {
    const std::string_view suffix = key.substr(keys::BufferBatchPrefix().size());
    if (suffix.size() != 8) {
      failed = Status(v1::INTERNAL, "a buffer pool index key is corrupt");
      return false;
    }
    auto batch = LoadBatch(ledger_, ReadBigEndian64(suffix));
    if (!batch.ok()) {
      failed = batch.status();
      return false;
    }
    total += batch->buffer;
    ++count;
    return true;
  });
  if (!failed.ok()) return ToGrpc(ctx, failed);
  resp->set_total(total);
  resp->set_batch_count(count);
  const std::string prefix = keys::BufferBatchPrefix();
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                       [&](std::string_view suffix, std::string_view) {
                         return AddBatch(ledger_, suffix, resp->mutable_batches());
                       });
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetHold(grpc::ServerContext* ctx, const v1::GetHoldRequest* req,
                                      v1::Hold* resp) {
  LabelRead(ctx);
  auto hold = LoadHold(ledger_, req->id());
  if (!hold.ok()) return ToGrpc(ctx, hold.status());
  *resp = hold->ToProto();
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListHolds(grpc::ServerContext* ctx, const v1::ListHoldsRequest* req,
                                        v1::Holds* resp) {
  LabelRead(ctx);
  const std::string& holder = req->holder();
  if (!holder.empty()) {
    if (Status st = RequireAccount(ledger_, holder); !st.ok()) return ToGrpc(ctx, st);
  }
  Result<std::string> next = std::string();
  if (!holder.empty() && req->active_only()) {
    // w/<holder>/<id> lists exactly the holder's active holds.
    const std::string prefix = keys::HolderHoldPrefix(holder);
    next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                    [&](std::string_view suffix, std::string_view) -> Result<bool> {
                      if (suffix.size() != 8) {
                        return Status(v1::INTERNAL, "a holder's hold index key is corrupt");
                      }
                      auto hold = LoadHold(ledger_, ReadBigEndian64(suffix));
                      if (!hold.ok()) return hold.status();
                      *resp->add_holds() = hold->ToProto();
                      return true;
                    });
  } else {
    const std::string prefix = keys::HoldPrefix();
    next = ReadPage(
        ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
        AppendRecords<HoldRecord>("hold", resp->mutable_holds(), [&](const HoldRecord& h) {
          return (holder.empty() || h.holder == holder) && (!req->active_only() || h.active());
        }));
  }
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::ListFreezes(grpc::ServerContext* ctx,
                                          const v1::ListFreezesRequest* req,
                                          v1::SupervisoryFreezes* resp) {
  LabelRead(ctx);
  resp->set_chain_time_ms(ledger_.head().time_ms);
  std::string prefix = keys::FreezePrefix();
  if (req->target() != v1::FREEZE_TARGET_UNSPECIFIED) {
    const char letter = FreezeTargetLetter(req->target());
    if (letter == 0) {
      return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT,
                                "target " + std::to_string(req->target()) +
                                    " is not a freeze target (account, project or batch)"));
    }
    prefix += letter;
    prefix += '/';
  }
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kText, req->page()),
                       AppendRecords<FreezeRecord>("supervisory freeze", resp->mutable_freezes()));
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetCancellation(grpc::ServerContext* ctx,
                                              const v1::GetCancellationRequest* req,
                                              v1::Cancellation* resp) {
  LabelRead(ctx);
  auto rec = LoadRecord<CancellationRecord>(ledger_, keys::Cancellation(req->id()));
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  if (!rec.value()) {
    return ToGrpc(ctx, Status(v1::UNKNOWN_CANCELLATION,
                              "cancellation " + std::to_string(req->id()) +
                                  " does not exist; `lincao query cancellations` lists them"));
  }
  *resp = (*rec)->ToProto();
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListCancellations(grpc::ServerContext* ctx,
                                                const v1::ListCancellationsRequest* req,
                                                v1::Cancellations* resp) {
  LabelRead(ctx);
  const std::string& holder = req->holder();
  if (!holder.empty()) {
    if (Status st = RequireAccount(ledger_, holder); !st.ok()) return ToGrpc(ctx, st);
  }
  const std::string prefix = keys::CancellationPrefix();
  auto next = ReadPage(
      ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
      AppendRecords<CancellationRecord>(
          "cancellation", resp->mutable_cancellations(),
          [&](const CancellationRecord& c) { return holder.empty() || c.holder == holder; }));
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::ListLosses(grpc::ServerContext* ctx, const v1::ListLossesRequest* req,
                                         v1::Losses* resp) {
  LabelRead(ctx);
  const std::string& project = req->project();
  if (!project.empty()) {
    if (Status st = RequireProject(ledger_, project); !st.ok()) return ToGrpc(ctx, st);
  }
  const std::string prefix = keys::LossPrefix();
  auto next =
      ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
               AppendRecords<LossRecord>("loss", resp->mutable_losses(), [&](const LossRecord& l) {
                 return project.empty() || l.project == project;
               }));
  return FinishPage(ctx, next, resp);
}

}  // namespace lincao::node
