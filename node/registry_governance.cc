// Registry.GetGovernance: the governance policy, sanctions in force (public:
// 通报), governed parameters, chaincode versions and node membership, read
// from the committed state. Kept apart from registry_service.cc so the
// governance read path has one home.
#include "chaincode/canonical.h"
#include "chaincode/governance_records.h"
#include "chaincode/parameters.h"
#include "node/grpc_status.h"
#include "node/registry_service.h"

namespace lincao::node {

grpc::Status RegistryService::GetGovernance(grpc::ServerContext* ctx,
                                            const v1::GetGovernanceRequest* /*req*/,
                                            v1::Governance* resp) {
  // One consistent read would need a snapshot; heights are read first and
  // records after, so an answer is never older than its height field.
  const uint64_t height = ledger_.head_header().height();
  resp->set_height(height);
  auto policy = LoadGovernancePolicy(ledger_);
  if (!policy.ok()) return ToGrpc(ctx, policy.status());
  if (policy.value()) {
    for (const auto& a : (*policy)->accounts) resp->mutable_policy()->add_accounts(a);
    resp->mutable_policy()->set_threshold((*policy)->threshold);
  }
  bool corrupt = false;
  ledger_.Scan(keys::SanctionPrefix(), [&](std::string_view, std::string_view value) {
    SanctionRecord rec;
    if (!SanctionRecord::Decode(value, &rec)) {
      corrupt = true;
      return false;
    }
    *resp->add_sanctions() = rec.ToProto();
    return true;
  });
  auto version = ChaincodeVersionAt(ledger_.params().chaincode_version, ledger_, height + 1);
  if (!version.ok()) return ToGrpc(ctx, version.status());
  resp->set_chaincode_version(*version);
  // Only the parameters the rules in force know (set_parameter refuses the rest).
  auto params = ListParameters(ledger_.params(), ledger_, *version);
  if (!params.ok()) return ToGrpc(ctx, params.status());
  for (auto& p : *params) *resp->add_parameters() = std::move(p);
  ledger_.Scan(keys::ActivationPrefix(), [&](std::string_view key, std::string_view value) {
    ActivationRecord rec;
    std::string_view h = key.substr(keys::ActivationPrefix().size());
    if (h.size() != 8 || !ActivationRecord::Decode(value, &rec)) {
      corrupt = true;
      return false;
    }
    auto* a = resp->add_activations();
    a->set_version(rec.version);
    a->set_height(ReadBigEndian64(h));
    a->set_scheduled_height(rec.scheduled_height);
    return true;
  });
  ledger_.Scan(keys::NodePrefix(), [&](std::string_view, std::string_view value) {
    NodeRecord n;
    if (!NodeRecord::Decode(value, &n)) {
      corrupt = true;
      return false;
    }
    auto* m = resp->add_members();
    m->set_id(n.id);
    m->set_suite(n.suite);
    m->set_public_key(n.public_key);
    m->set_voter(n.voter);
    auto addr = LoadRecord<NodeAddressRecord>(ledger_, keys::NodeAddress(n.id));
    if (addr.ok() && addr.value()) m->set_address((*addr)->address);
    return true;
  });
  if (corrupt)
    return ToGrpc(ctx, Status(v1::INTERNAL, "a stored governance record does not decode"));
  return grpc::Status::OK;
}

grpc::Status RegistryService::FillAccountGovernance(grpc::ServerContext* ctx, v1::Account* resp) {
  for (v1::Role role : {v1::EXPERT, v1::VERIFIER}) {
    auto rec = LoadRecord<RoleSectorsRecord>(ledger_, keys::RoleSectors(resp->id(), role));
    if (!rec.ok()) return ToGrpc(ctx, rec.status());
    if (!rec.value()) continue;
    auto* rs = resp->add_role_sectors();
    rs->set_role(role);
    for (int s = v1::Sector_MIN; s <= v1::Sector_MAX; ++s) {
      if (s != v1::SECTOR_UNSPECIFIED && ((*rec)->sectors_mask >> s) & 1u)
        rs->add_sectors(static_cast<v1::Sector>(s));
    }
  }
  const std::string prefix = keys::RetiredKeyPrefix(resp->id());
  ledger_.Scan(prefix, [&](std::string_view key, std::string_view) {
    std::string_view id = key.substr(prefix.size());
    if (id.size() == 8) resp->add_retired_key_ids(static_cast<uint32_t>(ReadBigEndian64(id)));
    return true;
  });
  auto sanction = LoadRecord<SanctionRecord>(ledger_, keys::Sanction(resp->id()));
  if (!sanction.ok()) return ToGrpc(ctx, sanction.status());
  if (sanction.value()) *resp->mutable_sanction() = (*sanction)->ToProto();
  return grpc::Status::OK;
}

}  // namespace lincao::node
