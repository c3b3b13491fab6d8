// The Registry's reads of neutrality claims and personal carbon points
// (chaincode version 4): a claim with its derived coverage and a page of the
// retirements linked to it, claims by entity (the E/ index) or by kind, a
// personal account's points and its movements. Lists page through
// node/list_pages.h.
#include "chaincode/canonical.h"
#include "chaincode/claim_records.h"
#include "chaincode/points_records.h"
#include "node/registry_reads.h"
#include "node/registry_service.h"

namespace lincao::node {
namespace {

// The record an index entry names by the u64 id its key ends in.
template <typename Load>
Result<bool> AddById(std::string_view id_suffix, std::string_view index, const Load& load) {
  if (id_suffix.size() != 8) {
    return Status(v1::INTERNAL, "a " + std::string(index) + " index key is corrupt");
  }
  return load(ReadBigEndian64(id_suffix));
}

bool IsEntityKind(v1::ClaimEntityKind kind) {
  return kind >= v1::ENTITY_ORGANISATION && kind <= v1::ENTITY_REGION;
}

}  // namespace

grpc::Status RegistryService::GetClaim(grpc::ServerContext* ctx, const v1::GetClaimRequest* req,
                                       v1::ClaimDetail* resp) {
  LabelRead(ctx);
  auto claim = LoadClaim(ledger_, req->id());
  if (!claim.ok()) return ToGrpc(ctx, claim.status());
  *resp->mutable_claim() = claim->ToProto();
  const std::string prefix = keys::ClaimLinkPrefix(req->id());
  auto next = ReadPage(
      ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
      [&](std::string_view suffix, std::string_view) {
        return AddById(suffix, "claim link", [&](uint64_t id) -> Result<bool> {
          auto r = LoadRecord<RetirementRecordData>(ledger_, keys::Retirement(id));
          if (!r.ok()) return r.status();
          if (!r.value()) {
            return Status(v1::INTERNAL, "a claim links missing retirement " + std::to_string(id));
          }
          *resp->add_retirements() = (*r)->ToProto();
          return true;
        });
      });
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::ListClaims(grpc::ServerContext* ctx, const v1::ListClaimsRequest* req,
                                         v1::NeutralityClaims* resp) {
  LabelRead(ctx);
  const v1::ClaimEntityKind kind = req->entity_kind();
  if (kind != v1::CLAIM_ENTITY_UNSPECIFIED && !IsEntityKind(kind)) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT,
                              "entity_kind " + std::to_string(kind) +
                                  " is none of organisation, event, product, building, region"));
  }
  if (!req->entity().empty() && kind == v1::CLAIM_ENTITY_UNSPECIFIED) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT,
                              "name the entity's kind too: the same name may be an organisation "
                              "and an event"));
  }
  Result<std::string> next = std::string();
  if (!req->entity().empty()) {
    const std::string prefix = keys::EntityClaimPrefix(kind, req->entity());
    next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                    [&](std::string_view suffix, std::string_view) {
                      return AddById(suffix, "entity claim", [&](uint64_t id) -> Result<bool> {
                        auto c = LoadClaim(ledger_, id);
                        if (!c.ok()) return Status(v1::INTERNAL, c.status().message());
                        *resp->add_claims() = c->ToProto();
                        return true;
                      });
                    });
  } else {
    const std::string prefix = keys::ClaimPrefix();
    next = ReadPage(
        ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
        AppendRecords<NeutralityClaimRecord>("neutrality claim", resp->mutable_claims(),
                                             [kind](const NeutralityClaimRecord& c) {
                                               return kind == v1::CLAIM_ENTITY_UNSPECIFIED ||
                                                      c.entity_kind == static_cast<uint32_t>(kind);
                                             }));
  }
  return FinishPage(ctx, next, resp);
}

grpc::Status RegistryService::GetPoints(grpc::ServerContext* ctx, const v1::GetPointsRequest* req,
                                        v1::PointsAccount* resp) {
  LabelRead(ctx);
  auto account = LoadRecord<AccountRecord>(ledger_, keys::Account(req->account()));
  if (!account.ok()) return ToGrpc(ctx, account.status());
  if (!account.value()) {
    return ToGrpc(ctx, RequireAccount(ledger_, req->account()));
  }
  auto points = LoadPointsAccount(ledger_, req->account());
  if (!points.ok()) return ToGrpc(ctx, points.status());
  resp->set_account(req->account());
  resp->set_custodian((*account)->custodian);
  resp->set_balance(points->balance);
  resp->set_earned(points->earned);
  resp->set_redeemed(points->redeemed);
  resp->set_movement_count(points->movements);
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListPointMovements(grpc::ServerContext* ctx,
                                                 const v1::ListPointMovementsRequest* req,
                                                 v1::PointMovements* resp) {
  LabelRead(ctx);
  const std::string& account = req->account();
  if (Status st = RequireAccount(ledger_, account); !st.ok()) return ToGrpc(ctx, st);
  const std::string prefix = keys::PointMovementPrefix(account);
  auto next = ReadPage(ledger_, PageOf(prefix, PageKey::kNumber, req->page()),
                       [&](std::string_view, std::string_view value) -> Result<bool> {
                         auto m = DecodeEntry<PointMovementRecord>(value, "point movement");
                         if (!m.ok()) return m.status();
                         *resp->add_movements() = m->ToProto(account);
                         return true;
                       });
  return FinishPage(ctx, next, resp);
}

}  // namespace lincao::node
