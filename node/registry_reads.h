// Helpers the Registry's read handlers share (registry_lifecycle.cc,
// registry_using_credits.cc): decoding list entries, answering a page,
// and the existence checks of a list's subject.
//
// Thread-safety: none beyond the StateReader's; one call per request.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/registry.pb.h"
#include "node/grpc_status.h"
#include "node/list_pages.h"

namespace lincao::node {

// A record of type T from a list entry's value; INTERNAL when it does not
// decode (corrupt state: say so rather than skip it).
template <typename T>
Result<T> DecodeEntry(std::string_view value, std::string_view what) {
  T rec;
  if (!T::Decode(value, &rec)) {
    return Status(v1::INTERNAL, "a stored " + std::string(what) + " record does not decode");
  }
  return rec;
}

// The page item function of a list whose values are records of type
// Record: each is decoded (INTERNAL when it does not), kept when `keep`
// (if any) says so, and appended to `out` as its read view.
template <typename Record, typename View>
PageItemFn AppendRecords(std::string_view what, google::protobuf::RepeatedPtrField<View>* out,
                         std::function<bool(const Record&)> keep = {}) {
  return [what, out, keep](std::string_view, std::string_view value) -> Result<bool> {
    auto rec = DecodeEntry<Record>(value, what);
    if (!rec.ok()) return rec.status();
    if (keep && !keep(*rec)) return false;
    *out->Add() = rec->ToProto();
    return true;
  };
}

// The answer to a list: its next page token, or the listing's error.
template <typename Resp>
grpc::Status FinishPage(grpc::ServerContext* ctx, const Result<std::string>& next, Resp* resp) {
  if (!next.ok()) return ToGrpc(ctx, next.status());
  resp->set_next_page_token(*next);
  return grpc::Status::OK;
}

inline PageQuery PageOf(std::string_view prefix, PageKey key, const v1::PageRequest& page) {
  PageQuery q;
  q.prefix = prefix;
  q.key = key;
  q.page_size = page.page_size();
  q.page_token = page.page_token();
  return q;
}

inline Status RequireAccount(const StateReader& state, const std::string& account) {
  if (!state.Get(keys::Account(account))) {
    return Status(v1::UNKNOWN_ACCOUNT, "account '" + account + "' does not exist");
  }
  return Status::Ok();
}

inline Status RequireProject(const StateReader& state, const std::string& project) {
  if (project.empty()) {
    return Status(v1::INVALID_ARGUMENT, "name the project (e.g. SC-P-2026-0001)");
  }
  if (!state.Get(keys::Project(project))) {
    return Status(v1::UNKNOWN_PROJECT,
                  "no project '" + project + "'; `lincao query projects` lists the projects");
  }
  return Status::Ok();
}

}  // namespace lincao::node
