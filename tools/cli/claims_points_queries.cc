#include "tools/cli/claims_points_queries.h"

#include <memory>

#include "tools/cli/names.h"
#include "tools/cli/query_helpers.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

int QueryClaim(const QuerySpec& s, const Io& io) {
  v1::GetClaimRequest req;
  req.set_id(s.number);
  *req.mutable_page() = Page(s);
  return Query(
      s.node, io, &NodeClient::GetClaim, req, [&](const v1::ClaimDetail& r, std::ostream& out) {
        RenderClaim(r, out);
        MorePages(r.next_page_token(), "lincao query claim " + std::to_string(s.number), out);
      });
}

int QueryClaims(const QuerySpec& s, const Io& io) {
  v1::ListClaimsRequest req;
  if (!s.entity_kind.empty()) {
    auto kind = ParseEntityKind(s.entity_kind);
    if (!kind.ok()) return UsageError(io, kind.status().message());
    req.set_entity_kind(*kind);
  }
  if (!s.entity.empty() && s.entity_kind.empty()) {
    return UsageError(io,
                      "--entity needs --entity-kind too (the same name may be an organisation "
                      "and an event): " +
                          EntityKindChoices());
  }
  req.set_entity(s.entity);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListClaims, req,
               [&](const v1::NeutralityClaims& r, std::ostream& out) {
                 RenderClaims(r, out);
                 MorePages(r.next_page_token(),
                           "lincao query claims" + OptionText("--entity-kind", s.entity_kind) +
                               (s.entity.empty() ? "" : " --entity \"" + s.entity + "\""),
                           out);
               });
}

// The balance and one page of the movements: two calls, one answer (with
// --json, the points object with the page's `movements` and
// `next_page_token` added; `movement_count` is the total).
int QueryPoints(const QuerySpec& s, const Io& io) {
  NodeClient client(s.node.node, s.node.timeout_ms, s.node.tls_ca);
  v1::GetPointsRequest req;
  req.set_account(s.text);
  v1::PointsAccount points;
  if (auto err = client.GetPoints(req, &points)) return ReportRpcError(io, *err);
  v1::ListPointMovementsRequest list;
  list.set_account(s.text);
  *list.mutable_page() = Page(s);
  v1::PointMovements movements;
  if (auto err = client.ListPointMovements(list, &movements)) return ReportRpcError(io, *err);
  if (s.node.json) {
    Json j = ProtoToJson(points);
    Json page = ProtoToJson(movements);
    j["movements"] = page["movements"];
    j["next_page_token"] = page["next_page_token"];
    io.out << JsonLine(j);
  } else {
    RenderPoints(points, movements, io.out);
    MorePages(movements.next_page_token(), "lincao query points " + s.text, io.out);
  }
  return kExitOk;
}

}  // namespace

void AddClaimsPointsQueries(CLI::App* query, Runner& runner) {
  auto claim = std::make_shared<QuerySpec>();
  CLI::App* clc = AddQuery(query, runner, "claim",
                           "Show a neutrality claim (碳中和见证): entity, declarant, period, "
                           "footprint, the kg its linked retirements cover and its coverage "
                           "(open, partly covered, covered), who witnessed or withdrew it, and "
                           "the linked retirements (paged).",
                           "lincao query claim 1", QueryClaim, claim);
  clc->add_option("ID", claim->number, "claim id")->required();
  AddPageOptions(clc, claim.get());

  auto claims = std::make_shared<QuerySpec>();
  CLI::App* cls = AddQuery(query, runner, "claims",
                           "List neutrality claims, oldest first: one entity's (--entity-kind "
                           "and --entity, the name exactly as declared), one kind's, or all.",
                           "lincao query claims --entity-kind event --entity \"2026 Chengdu "
                           "Marathon\"",
                           QueryClaims, claims);
  cls->add_option("--entity-kind", claims->entity_kind, "only claims about " + EntityKindChoices());
  cls->add_option("--entity", claims->entity, "only this entity's claims (needs --entity-kind)");
  AddPageOptions(cls, claims.get());

  auto points = std::make_shared<QuerySpec>();
  CLI::App* pts = AddQuery(query, runner, "points",
                           "Show a personal account's carbon points: balance, earned, redeemed, "
                           "and its movements oldest first (behaviour recorded, retirements and "
                           "benefits redeemed), paged.",
                           "lincao query points p-0001", QueryPoints, points);
  pts->add_option("ACCOUNT", points->text, "personal account id")->required();
  AddPageOptions(pts, points.get());
}

}  // namespace lincao::cli
