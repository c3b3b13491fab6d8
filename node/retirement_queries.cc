#include "node/retirement_queries.h"

#include <map>
#include <vector>

#include "chaincode/block.h"
#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/merkle.h"
#include "chaincode/retirements.h"
#include "node/list_pages.h"
#include "node/registry_reads.h"

namespace lincao::node {
namespace {

// What a retirement must match besides the index a listing walks.
struct RetirementFilter {
  uint32_t purpose = 0;         // 0: any
  std::string commitment;       // empty: any
  std::string project;          // empty: any
  uint64_t period_from_ms = 0;  // with period_to_ms != 0: start in [from, to)
  uint64_t period_to_ms = 0;
};

Status CheckRetirementFilter(const StateReader& state, const v1::ListRetirementsRequest& req) {
  if (req.purpose() != v1::PURPOSE_UNSPECIFIED && !v1::RetirementPurpose_IsValid(req.purpose())) {
    return Status(v1::INVALID_ARGUMENT, "purpose " + std::to_string(req.purpose()) +
                                            " is not a retirement purpose (1..9)");
  }
  if (!req.beneficiary_commitment().empty() && req.beneficiary_commitment().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "a beneficiary commitment is 32 bytes (64 hex digits), the salted hash the "
                  "retirement recorded");
  }
  if (!req.project().empty()) LINCAO_RETURN_IF_ERROR(RequireProject(state, req.project()));
  const bool period = req.period_from_ms() != 0 || req.period_to_ms() != 0;
  if (period && req.period_from_ms() >= req.period_to_ms()) {
    return Status(v1::INVALID_ARGUMENT,
                  "the period filter [from, to) must start before it ends (both 0: none)");
  }
  return Status::Ok();
}

// Checks records against a filter; remembers the projects of the batches
// it has looked up (a page reads each batch once).
class RetirementMatcher {
 public:
  RetirementMatcher(const StateReader& state, RetirementFilter filter)
      : state_(state), filter_(std::move(filter)) {}

  Result<bool> Matches(const RetirementRecordData& rec) {
    if (filter_.purpose != 0 && rec.purpose != filter_.purpose) return false;
    if (!filter_.commitment.empty() && rec.beneficiary_commitment != filter_.commitment) {
      return false;
    }
    if (filter_.period_to_ms != 0 && (rec.period_start_ms < filter_.period_from_ms ||
                                      rec.period_start_ms >= filter_.period_to_ms)) {
      return false;
    }
    if (filter_.project.empty()) return true;
    for (const RetiredRangeRecord& r : rec.ranges) {
      auto project = ProjectOf(r.batch_id);
      if (!project.ok()) return project.status();
      if (*project == filter_.project) return true;
    }
    return false;
  }

 private:
  // The project of a batch the chain knows (one with a code), else "".
  Result<std::string> ProjectOf(uint64_t batch_id) {
    auto it = projects_.find(batch_id);
    if (it != projects_.end()) return it->second;
    auto batch = LoadBatch(state_, batch_id);
    if (!batch.ok()) return batch.status();
    std::string project = batch->code.empty() ? "" : batch->project_id;
    projects_[batch_id] = project;
    return project;
  }

  const StateReader& state_;
  RetirementFilter filter_;
  std::map<uint64_t, std::string> projects_;
};

// The id at the end of an index key's suffix (".../<u64 id>").
Result<uint64_t> IdAtEnd(std::string_view suffix) {
  if (suffix.size() < 8) return Status(v1::INTERNAL, "a retirement index key is corrupt");
  return ReadBigEndian64(suffix.substr(suffix.size() - 8));
}

}  // namespace

Result<std::string> ReadRetirementsPage(const StateReader& state,
                                        const v1::ListRetirementsRequest& req,
                                        v1::Retirements* out) {
  LINCAO_RETURN_IF_ERROR(CheckRetirementFilter(state, req));
  RetirementFilter filter{static_cast<uint32_t>(req.purpose()), req.beneficiary_commitment(),
                          req.project(), req.period_from_ms(), req.period_to_ms()};
  std::string prefix;
  PageQuery query = PageOf("", PageKey::kNumber, req.page());
  const std::string from = BigEndian64(filter.period_from_ms);
  const std::string to = BigEndian64(filter.period_to_ms);
  if (!filter.commitment.empty()) {
    prefix = keys::RetirementByCommitmentPrefix(filter.commitment);
  } else if (!filter.project.empty()) {
    prefix = keys::RetirementByProjectPrefix(filter.project);
  } else if (filter.purpose != 0) {
    prefix = keys::RetirementByPurposePrefix(filter.purpose);
  } else if (filter.period_to_ms != 0) {
    prefix = keys::RetirementByPeriodPrefix();
    query.key = PageKey::kNumberPair;
    query.from = from;
    query.to = to;
  }
  if (prefix.empty()) {
    prefix = keys::RetirementPrefix();
    query.prefix = prefix;
    return ReadPage(state, query,
                    AppendRecords<RetirementRecordData>("retirement", out->mutable_retirements()));
  }
  query.prefix = prefix;
  RetirementMatcher matcher(state, std::move(filter));
  return ReadPage(state, query, [&](std::string_view suffix, std::string_view) -> Result<bool> {
    auto id = IdAtEnd(suffix);
    if (!id.ok()) return id.status();
    auto rec = LoadRetirement(state, *id);
    if (!rec.ok()) {
      return Status(v1::INTERNAL, "a retirement index names retirement " + std::to_string(*id) +
                                      ", which does not load: " + rec.status().message());
    }
    auto match = matcher.Matches(*rec);
    if (!match.ok() || !*match) return match;
    *out->add_retirements() = rec->ToProto();
    return true;
  });
}

Result<v1::RetirementTotals> ReadRetirementTotals(const StateReader& state) {
  v1::RetirementTotals out;
  uint64_t kg = 0;
  uint64_t count = 0;
  for (int p = v1::LARGE_EVENT; p <= v1::OTHER; ++p) {
    auto t = LoadRecord<RetirementTotalsRecord>(state, keys::RetirementTotals(p));
    if (!t.ok()) return t.status();
    v1::PurposeTotal* total = out.add_purposes();
    total->set_purpose(static_cast<v1::RetirementPurpose>(p));
    if (!t.value()) continue;
    total->set_kg((*t)->kg);
    total->set_count((*t)->count);
    kg += (*t)->kg;  // below 2^62 in all: every retired unit has its own serial
    count += (*t)->count;
  }
  out.set_total_kg(kg);
  out.set_total_count(count);
  // Every retirement took one id; those the totals do not count came
  // before version 4.
  auto counters = LoadRecord<Counters>(state, keys::Counters());
  if (!counters.ok()) return counters.status();
  if (counters.value() && (*counters)->next_retirement_id - 1 >= count) {
    out.set_retirements_before_v4((*counters)->next_retirement_id - 1 - count);
  }
  return out;
}

Result<v1::RetirementCertificate> MakeRetirementCertificate(const SignatureSuite& suite,
                                                            const RetirementRecordData& rec,
                                                            const v1::TxRecord& tx,
                                                            const v1::Block& block) {
  const uint32_t index = tx.index();
  if (tx.tx_id() != AsBytes(rec.tx_id) || block.header().height() != tx.height() ||
      index >= static_cast<uint32_t>(block.results_size()) ||
      block.results(static_cast<int>(index)).tx_id() != tx.tx_id()) {
    return Status(v1::INTERNAL, "retirement " + std::to_string(rec.id) +
                                    " does not match the transaction and block indexed for it");
  }
  std::vector<Hash32> leaves;
  leaves.reserve(block.results_size());
  for (const v1::TxResult& r : block.results()) {
    leaves.push_back(MerkleLeafHash(suite, ResultLeafData(r)));
  }
  v1::RetirementCertificate out;
  *out.mutable_retirement() = rec.ToProto();
  out.set_tx_id(tx.tx_id());
  *out.mutable_tx() = tx.tx();
  out.set_height(tx.height());
  out.set_tx_index(index);
  *out.mutable_header() = block.header();
  out.set_block_hash(AsBytes(BlockHash(suite, block.header())));
  *out.mutable_result() = block.results(static_cast<int>(index));
  for (const Hash32& h : MerkleProof(suite, leaves, index)) out.add_results_proof(AsBytes(h));
  out.set_results_count(static_cast<uint32_t>(leaves.size()));
  return out;
}

}  // namespace lincao::node
