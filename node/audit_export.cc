#include "node/audit_export.h"

#include <map>
#include <set>

#include "chaincode/canonical.h"
#include "chaincode/governance_records.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/records.h"
#include "node/history_index.h"

namespace lincao::node {
namespace {

Status Unsupported(std::string message) {
  return Status(v1::EXPORT_FILTER_UNSUPPORTED, std::move(message));
}

Status Corrupt(std::string_view key) {
  return Status(v1::INTERNAL, "state record under key " + ToHex(key) + " does not decode");
}

// Records an export meets more than once (a batch per holding, a project
// per batch), read once from the snapshot.
class RecordCache {
 public:
  explicit RecordCache(const LedgerStore::Snapshot& snap) : snap_(snap) {}

  // Nullptr when the project has no record (issue_batch batches may name
  // a project that was never submitted).
  const ProjectRecord* Project(const std::string& id) {
    auto it = projects_.find(id);
    if (it != projects_.end()) return it->second ? &*it->second : nullptr;
    std::optional<ProjectRecord> rec;
    if (auto raw = snap_.Get(keys::Project(id))) {
      ProjectRecord p;
      if (ProjectRecord::Decode(*raw, &p)) rec = std::move(p);
    }
    auto& slot = projects_.emplace(id, std::move(rec)).first->second;
    return slot ? &*slot : nullptr;
  }

  uint32_t Sector(const std::string& methodology) {
    auto it = sectors_.find(methodology);
    if (it != sectors_.end()) return it->second;
    uint32_t sector = 0;
    if (auto raw = snap_.Get(keys::Methodology(methodology))) {
      MethodologyRecord m;
      if (MethodologyRecord::Decode(*raw, &m)) sector = m.sector;
    }
    sectors_[methodology] = sector;
    return sector;
  }

  const CreditBatchRecord* Batch(uint64_t id) {
    auto it = batches_.find(id);
    if (it != batches_.end()) return &it->second;
    auto raw = snap_.Get(keys::Batch(id));
    CreditBatchRecord b;
    if (!raw || !CreditBatchRecord::Decode(*raw, &b)) return nullptr;
    return &batches_.emplace(id, std::move(b)).first->second;
  }

  std::string AreaOf(const std::string& project) {
    const ProjectRecord* p = Project(project);
    return p ? p->area_code : "";
  }

  // Block time of a height, from the history index; 0 when unknown.
  uint64_t TimeAt(uint64_t height) {
    auto raw = snap_.GetHistory(history::BlockTimeKey(height));
    return raw && raw->size() == 8 ? ReadBigEndian64(*raw) : 0;
  }

 private:
  const LedgerStore::Snapshot& snap_;
  std::map<std::string, std::optional<ProjectRecord>> projects_;
  std::map<std::string, uint32_t> sectors_;
  std::map<uint64_t, CreditBatchRecord> batches_;
};

bool InPeriod(uint64_t t, const v1::ExportRequest& req) {
  return t >= req.from_time_ms() && (req.to_time_ms() == 0 || t < req.to_time_ms());
}

bool HasPeriod(const v1::ExportRequest& req) {
  return req.from_time_ms() != 0 || req.to_time_ms() != 0;
}

// The first transaction that changed the batch record: the one that issued it.
Bytes IssuingTx(const LedgerStore::Snapshot& snap, uint64_t batch_id) {
  const std::string prefix = history::BatchPrefix(batch_id);
  auto it = snap.NewHistoryIterator();
  it->Seek(prefix);
  if (!it->Valid() || !it->key().starts_with(rocksdb::Slice(prefix))) return {};
  auto raw = snap.GetHistory(history::AllPrefix() +
                             std::string(it->key().ToStringView().substr(prefix.size())));
  history::TxSummary summary;
  if (!raw || !history::TxSummary::Decode(*raw, &summary)) return {};
  return AsBytes(summary.tx_id);
}

// Whether the batch passes the project, area and issuance-period filters.
bool BatchSelected(const CreditBatchRecord& b, const v1::ExportRequest& req, RecordCache& cache) {
  if (!req.project().empty() && b.project_id != req.project()) return false;
  if (!req.area_code().empty() && cache.AreaOf(b.project_id) != req.area_code()) return false;
  if (HasPeriod(req) && !InPeriod(cache.TimeAt(b.issued_height), req)) return false;
  return true;
}

Status ExportIssuance(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                      const ExportSink& sink, RecordCache& cache) {
  Status st = Status::Ok();
  snap.ScanFrom("b/", "b/", [&](std::string_view key, std::string_view value) {
    CreditBatchRecord b;
    if (!CreditBatchRecord::Decode(value, &b)) {
      st = Corrupt(key);
      return false;
    }
    if (!BatchSelected(b, req, cache)) return true;
    v1::ExportRow row;
    row.set_height(snap.height());
    v1::IssuanceRow* r = row.mutable_issuance();
    r->set_batch_id(b.id);
    r->set_code(b.code);
    r->set_project(b.project_id);
    if (const ProjectRecord* p = cache.Project(b.project_id)) {
      r->set_area_code(p->area_code);
      r->set_methodology(p->methodology);
      r->set_sector(static_cast<v1::Sector>(cache.Sector(p->methodology)));
    }
    r->set_vintage(b.vintage);
    r->set_quantity(b.quantity);
    r->set_buffer_issued(b.buffer_issued);
    r->set_buffer(b.buffer);
    r->set_retired(b.retired);
    r->set_cancelled(b.cancelled);
    r->set_held(b.held);
    r->set_exported(b.exported);
    r->set_tradable(b.tradable());
    r->set_first_serial(b.first_serial);
    r->set_last_serial(b.last_serial());
    r->set_issued_to(b.issued_to);
    r->set_issued_height(b.issued_height);
    r->set_issued_time_ms(cache.TimeAt(b.issued_height));
    r->set_tx_id(IssuingTx(snap, b.id));
    r->set_period_start_ms(b.period_start_ms);
    r->set_period_end_ms(b.period_end_ms);
    r->set_report(b.report);
    return sink(row);
  });
  return st;
}

Status ExportHoldings(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                      const ExportSink& sink, RecordCache& cache) {
  Status st = Status::Ok();
  snap.ScanFrom("h/", "h/", [&](std::string_view key, std::string_view value) {
    HoldingRecord h;
    // h/<account>/<be64 last>
    if (key.size() < 2 + 1 + 1 + 8 || key[key.size() - 9] != '/' ||
        !HoldingRecord::Decode(value, &h)) {
      st = Corrupt(key);
      return false;
    }
    const CreditBatchRecord* b = cache.Batch(h.batch_id);
    if (b == nullptr) {
      st = Status(v1::INTERNAL, "holding " + ToHex(key) + " names batch " +
                                    std::to_string(h.batch_id) + ", which has no record");
      return false;
    }
    if (!BatchSelected(*b, req, cache)) return true;
    v1::ExportRow row;
    row.set_height(snap.height());
    v1::HoldingRow* r = row.mutable_holding();
    r->set_account(std::string(key.substr(2, key.size() - 2 - 9)));
    r->set_batch_id(h.batch_id);
    r->set_batch_code(b->code);
    r->set_project(b->project_id);
    r->set_vintage(b->vintage);
    r->set_first(h.first);
    r->set_last(ReadBigEndian64(key.substr(key.size() - 8)));
    r->set_quantity(r->last() - r->first() + 1);
    return sink(row);
  });
  return st;
}

Status ExportRetirements(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                         const ExportSink& sink, RecordCache& cache) {
  Status st = Status::Ok();
  snap.ScanFrom("r/", "r/", [&](std::string_view key, std::string_view value) {
    RetirementRecordData rec;
    if (!RetirementRecordData::Decode(value, &rec)) {
      st = Corrupt(key);
      return false;
    }
    if (HasPeriod(req) && !InPeriod(rec.time_ms, req)) return true;
    std::set<std::string> projects;
    for (const auto& range : rec.ranges) {
      if (const CreditBatchRecord* b = cache.Batch(range.batch_id)) projects.insert(b->project_id);
    }
    if (!req.project().empty() && projects.count(req.project()) == 0) return true;
    if (!req.area_code().empty()) {
      bool in_area = false;
      for (const auto& p : projects) in_area = in_area || cache.AreaOf(p) == req.area_code();
      if (!in_area) return true;
    }
    v1::ExportRow row;
    row.set_height(snap.height());
    v1::RetirementRow* r = row.mutable_retirement();
    r->set_id(rec.id);
    r->set_tx_id(AsBytes(rec.tx_id));
    r->set_height(rec.height);
    r->set_time_ms(rec.time_ms);
    r->set_holder(rec.holder);
    r->set_quantity(rec.quantity);
    for (const auto& range : rec.ranges) {
      v1::RetiredRange* out = r->add_ranges();
      out->set_batch_id(range.batch_id);
      out->mutable_range()->set_first(range.first);
      out->mutable_range()->set_last(range.last);
    }
    for (const auto& p : projects) r->add_projects(p);
    r->set_purpose(static_cast<v1::RetirementPurpose>(rec.purpose));
    r->set_beneficiary_organisation(rec.beneficiary_organisation);
    r->set_beneficiary_commitment(rec.beneficiary_commitment);
    r->set_period_start_ms(rec.period_start_ms);
    r->set_period_end_ms(rec.period_end_ms);
    r->set_jurisdiction(rec.jurisdiction);
    return sink(row);
  });
  return st;
}

Status ExportSanctions(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                       const ExportSink& sink) {
  Status st = Status::Ok();
  snap.ScanFrom(keys::SanctionPrefix(), keys::SanctionPrefix(),
                [&](std::string_view key, std::string_view value) {
                  SanctionRecord rec;
                  if (!SanctionRecord::Decode(value, &rec)) {
                    st = Corrupt(key);
                    return false;
                  }
                  if (HasPeriod(req) && !InPeriod(rec.time_ms, req)) return true;
                  v1::ExportRow row;
                  row.set_height(snap.height());
                  v1::SanctionRow* r = row.mutable_sanction();
                  r->set_account(rec.account);
                  r->set_kind(static_cast<v1::SanctionKind>(rec.kind));
                  r->set_authority(rec.authority);
                  r->set_reason(rec.reason);
                  r->set_height(rec.height);
                  r->set_time_ms(rec.time_ms);
                  r->set_tx_id(AsBytes(rec.tx_id));
                  for (uint32_t a : rec.allowed_actions) r->add_allowed_actions(a);
                  return sink(row);
                });
  return st;
}

Status ExportProjects(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                      const ExportSink& sink, RecordCache& cache) {
  Status st = Status::Ok();
  snap.ScanFrom(keys::ProjectPrefix(), keys::ProjectPrefix(),
                [&](std::string_view key, std::string_view value) {
                  ProjectRecord p;
                  if (!ProjectRecord::Decode(value, &p)) {
                    st = Corrupt(key);
                    return false;
                  }
                  if (!req.project().empty() && p.id != req.project()) return true;
                  if (!req.area_code().empty() && p.area_code != req.area_code()) return true;
                  v1::ExportRow row;
                  row.set_height(snap.height());
                  v1::ProjectRow* r = row.mutable_project();
                  r->set_id(p.id);
                  r->set_title(p.title);
                  r->set_owner(p.owner);
                  r->set_methodology(p.methodology);
                  r->set_sector(static_cast<v1::Sector>(cache.Sector(p.methodology)));
                  r->set_area_code(p.area_code);
                  r->set_status(static_cast<v1::ProjectStatus>(p.status));
                  r->set_reports(p.reports);
                  r->set_batches(p.batches);
                  r->set_submitted_height(p.submitted_height);
                  r->set_status_height(p.status_height);
                  return sink(row);
                });
  return st;
}

}  // namespace

Status ExportTable(const LedgerStore::Snapshot& snap, const v1::ExportRequest& req,
                   const ExportSink& sink) {
  if (req.to_time_ms() != 0 && req.to_time_ms() <= req.from_time_ms()) {
    return Unsupported("the period's end (to_time_ms " + std::to_string(req.to_time_ms()) +
                       ") must be above its start (" + std::to_string(req.from_time_ms()) +
                       "), or 0 for no end");
  }
  RecordCache cache(snap);
  switch (req.table()) {
    case v1::EXPORT_ISSUANCE:
      return ExportIssuance(snap, req, sink, cache);
    case v1::EXPORT_HOLDINGS:
      return ExportHoldings(snap, req, sink, cache);
    case v1::EXPORT_RETIREMENTS:
      return ExportRetirements(snap, req, sink, cache);
    case v1::EXPORT_SANCTIONS:
      if (!req.project().empty() || !req.area_code().empty()) {
        return Unsupported(
            "sanctions are on accounts, not projects or areas: export them by period only");
      }
      return ExportSanctions(snap, req, sink);
    case v1::EXPORT_PROJECTS:
      if (HasPeriod(req)) {
        return Unsupported(
            "projects are exported as they stand at the export's height: drop the period, or "
            "export issuance for a period");
      }
      return ExportProjects(snap, req, sink, cache);
    default:
      return Unsupported("name a table: issuance, holdings, retirements, sanctions or projects");
  }
}

}  // namespace lincao::node
