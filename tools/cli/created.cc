#include "tools/cli/created.h"

#include <map>

#include "chaincode/limits.h"

namespace lincao::cli {
namespace {

// Records one block can create: one per transaction at most.
constexpr uint64_t kMaxScan = kMaxBatchTxs;

}  // namespace

std::optional<uint64_t> FindCreatedId(
    uint64_t height, const std::function<std::optional<RecordProbe>(uint64_t)>& probe_rpc) {
  std::map<uint64_t, std::optional<RecordProbe>> cache;
  auto probe = [&](uint64_t id) -> const std::optional<RecordProbe>& {
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, probe_rpc(id)).first;
    return it->second;
  };
  if (!probe(1)) return std::nullopt;
  // The last id: double until missing, then halve the gap.
  uint64_t have = 1;
  uint64_t missing = 2;
  while (probe(missing)) {
    have = missing;
    if (missing > kMaxSerial) return std::nullopt;
    missing *= 2;
  }
  while (missing - have > 1) {
    const uint64_t mid = have + (missing - have) / 2;
    (probe(mid) ? have : missing) = mid;
  }
  const uint64_t last = have;
  // The first id created at `height` or later.
  uint64_t lo = 1;
  uint64_t hi = last + 1;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const auto& p = probe(mid);
    if (!p) return std::nullopt;  // a gap: ids are not what we assumed
    if (p->height < height) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (uint64_t id = lo; id <= last && id < lo + kMaxScan; ++id) {
    const auto& p = probe(id);
    if (!p || p->height != height) break;
    if (p->ours) return id;
  }
  return std::nullopt;
}

std::optional<uint64_t> FindCreatedRecord(NodeClient& client, const v1::Tx& tx,
                                          const std::string& tx_id, uint64_t height) {
  if (tx.has_issue_batch()) {
    const v1::IssueBatch& body = tx.issue_batch();
    return FindCreatedId(height, [&](uint64_t id) -> std::optional<RecordProbe> {
      v1::GetBatchRequest req;
      req.set_id(id);
      v1::CreditBatch b;
      if (client.GetBatch(req, &b)) return std::nullopt;
      return RecordProbe{b.issued_height(), b.issued_to() == body.to() &&
                                                b.quantity() == body.quantity() &&
                                                b.project_id() == body.project_id()};
    });
  }
  if (tx.has_retire()) {
    return FindCreatedId(height, [&](uint64_t id) -> std::optional<RecordProbe> {
      v1::GetRetirementRequest req;
      req.set_id(id);
      v1::RetirementRecord r;
      if (client.GetRetirement(req, &r)) return std::nullopt;
      return RecordProbe{r.height(), r.tx_id() == tx_id};
    });
  }
  return std::nullopt;
}

}  // namespace lincao::cli
