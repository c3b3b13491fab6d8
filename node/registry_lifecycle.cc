// The Registry's reads of the credit lifecycle (chaincode version 3):
// batches by id or code, a project's batches, the pooled buffer. Every list
// pages through node/list_pages.h; an unknown id answers NOT_FOUND with the
// lincao code of its kind. Kept apart from registry_service.cc so the
// lifecycle's read path has one home, as registry_governance.cc is for
// governance.
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/lifecycle_keys.h"
#include "node/grpc_status.h"
#include "node/list_pages.h"
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

Status RequireProject(const StateReader& state, const std::string& project) {
  if (project.empty()) {
    return Status(v1::INVALID_ARGUMENT, "name the project (e.g. SC-P-2026-0001)");
  }
  if (!state.Get(keys::Project(project))) {
    return Status(v1::UNKNOWN_PROJECT,
                  "no project '" + project + "'; `lincao query projects` lists the projects");
  }
  return Status::Ok();
}

}  // namespace

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
  PageQuery q;
  q.prefix = prefix;
  q.key = PageKey::kNumber;
  q.page_size = req->page().page_size();
  q.page_token = req->page().page_token();
  auto next = ReadPage(ledger_, q, [&](std::string_view suffix, std::string_view) {
    return AddBatch(ledger_, suffix, resp->mutable_batches());
  });
  if (!next.ok()) return ToGrpc(ctx, next.status());
  resp->set_next_page_token(*next);
  return grpc::Status::OK;
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
  PageQuery q;
  q.prefix = prefix;
  q.key = PageKey::kNumber;
  q.page_size = req->page().page_size();
  q.page_token = req->page().page_token();
  auto next = ReadPage(ledger_, q, [&](std::string_view suffix, std::string_view) {
    return AddBatch(ledger_, suffix, resp->mutable_batches());
  });
  if (!next.ok()) return ToGrpc(ctx, next.status());
  resp->set_next_page_token(*next);
  return grpc::Status::OK;
}

}  // namespace lincao::node
