#include "chaincode/records.h"

#include "chaincode/canonical.h"

namespace lincao {
namespace {

// Type tags: one byte per record kind, followed by a format version byte.
constexpr uint8_t kTagParams = 'P';
constexpr uint8_t kTagCounters = 'C';
constexpr uint8_t kTagNode = 'N';
constexpr uint8_t kTagAccount = 'A';
constexpr uint8_t kTagBatch = 'B';
constexpr uint8_t kTagHolding = 'H';
constexpr uint8_t kTagRetirement = 'R';
constexpr uint8_t kTagHoldingSummary = 'S';
constexpr uint8_t kVersion1 = 1;
// Version 2 of 'P' adds max_ranges_per_account; version 2 of 'H' stores
// `first` under a key that ends in `last` (version 1 was the reverse);
// version 2 of 'B' adds the credit lifecycle's counters; version 2 of 'C'
// adds the hold, cancellation and loss ids; version 2 of 'A' adds identity,
// custody and closing.
constexpr uint8_t kVersion2 = 2;

CanonicalWriter Header(uint8_t tag, uint8_t version = kVersion1) {
  CanonicalWriter w;
  w.U8(tag).U8(version);
  return w;
}

bool ReadHeader(CanonicalReader& r, uint8_t tag, uint8_t version = kVersion1) {
  uint8_t t = r.U8();
  uint8_t v = r.U8();
  return r.ok() && t == tag && v == version;
}

v1::SerialRange Range(uint64_t first, uint64_t last) {
  v1::SerialRange r;
  r.set_first(first);
  r.set_last(last);
  return r;
}

}  // namespace

namespace keys {
std::string Params() { return "p"; }
std::string Counters() { return "c"; }
std::string Node(std::string_view node_id) { return "n/" + std::string(node_id); }
std::string NodePrefix() { return "n/"; }
std::string Account(std::string_view account_id) { return "a/" + std::string(account_id); }
std::string Batch(uint64_t batch_id) { return "b/" + BigEndian64(batch_id); }
std::string HoldingPrefix(std::string_view account_id) {
  return "h/" + std::string(account_id) + "/";
}
std::string Holding(std::string_view account_id, uint64_t last) {
  return HoldingPrefix(account_id) + BigEndian64(last);
}
std::string HoldingSummary(std::string_view account_id) { return "s/" + std::string(account_id); }
std::string Retirement(uint64_t retirement_id) { return "r/" + BigEndian64(retirement_id); }
std::string ProjectBatchPrefix(std::string_view project_id) {
  return "q/" + std::string(project_id) + "/";
}
std::string ProjectBatch(std::string_view project_id, uint64_t batch_id) {
  return ProjectBatchPrefix(project_id) + BigEndian64(batch_id);
}
std::string BufferBatchPrefix() { return "f/"; }
std::string BufferBatch(uint64_t batch_id) { return "f/" + BigEndian64(batch_id); }
std::string BatchCode(std::string_view code) { return "o/" + std::string(code); }
}  // namespace keys

Bytes ChainParams::Encode() const {
  return Header(kTagParams, kVersion2)
      .Str(chain_id)
      .U32(static_cast<uint32_t>(suite))
      .U64(genesis_time_ms)
      .U64(max_tx_horizon_ms)
      .U32(max_ranges_per_tx)
      .U32(chaincode_version)
      .U32(max_ranges_per_account)
      .Take();
}

bool ChainParams::Decode(std::string_view in, ChainParams* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagParams, kVersion2)) return false;
  out->chain_id = r.Str();
  out->suite = static_cast<v1::Suite>(r.U32());
  out->genesis_time_ms = r.U64();
  out->max_tx_horizon_ms = r.U64();
  out->max_ranges_per_tx = r.U32();
  out->chaincode_version = r.U32();
  out->max_ranges_per_account = r.U32();
  return r.AtEnd();
}

Bytes Counters::Encode() const {
  return Header(kTagCounters, kVersion2)
      .U64(next_batch_id)
      .U64(next_serial)
      .U64(next_retirement_id)
      .U64(next_hold_id)
      .U64(next_cancellation_id)
      .U64(next_loss_id)
      .Take();
}

bool Counters::Decode(std::string_view in, Counters* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagCounters, kVersion2)) return false;
  out->next_batch_id = r.U64();
  out->next_serial = r.U64();
  out->next_retirement_id = r.U64();
  out->next_hold_id = r.U64();
  out->next_cancellation_id = r.U64();
  out->next_loss_id = r.U64();
  return r.AtEnd();
}

Bytes NodeRecord::Encode() const {
  return Header(kTagNode)
      .Str(id)
      .U32(static_cast<uint32_t>(suite))
      .Str(public_key)
      .Bool(voter)
      .Take();
}

bool NodeRecord::Decode(std::string_view in, NodeRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagNode)) return false;
  out->id = r.Str();
  out->suite = static_cast<v1::Suite>(r.U32());
  out->public_key = r.Str();
  out->voter = r.Bool();
  return r.AtEnd();
}

const AccountKeyRecord* AccountRecord::FindKey(uint32_t key_id) const {
  for (const auto& k : keys) {
    if (k.key_id == key_id) return &k;
  }
  return nullptr;
}

Bytes AccountRecord::Encode() const {
  CanonicalWriter w = Header(kTagAccount, kVersion2);
  w.Str(id).U32(roles_mask).U32(threshold).U32(static_cast<uint32_t>(keys.size()));
  for (const auto& k : keys) w.U32(k.key_id).U32(static_cast<uint32_t>(k.suite)).Str(k.public_key);
  w.Str(display_name).U64(opened_height);
  w.Str(identity_hash).Str(custodian).Str(holder_commitment);
  w.U64(accounts_in_custody).U64(closed_height);
  return w.Take();
}

bool AccountRecord::Decode(std::string_view in, AccountRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagAccount, kVersion2)) return false;
  out->id = r.Str();
  out->roles_mask = r.U32();
  out->threshold = r.U32();
  uint32_t n = r.U32();
  if (!r.ok() || n > in.size()) return false;
  out->keys.clear();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    AccountKeyRecord k;
    k.key_id = r.U32();
    k.suite = static_cast<v1::Suite>(r.U32());
    k.public_key = r.Str();
    out->keys.push_back(std::move(k));
  }
  out->display_name = r.Str();
  out->opened_height = r.U64();
  out->identity_hash = r.Str();
  out->custodian = r.Str();
  out->holder_commitment = r.Str();
  out->accounts_in_custody = r.U64();
  out->closed_height = r.U64();
  return r.AtEnd();
}

v1::Account AccountRecord::ToProto() const {
  v1::Account a;
  a.set_id(id);
  for (v1::Role role : RolesFromMask(roles_mask)) a.add_roles(role);
  a.set_threshold(threshold);
  for (const auto& k : keys) {
    auto* pk = a.add_keys();
    pk->set_key_id(k.key_id);
    pk->set_suite(k.suite);
    pk->set_key(k.public_key);
  }
  a.set_display_name(display_name);
  a.set_opened_height(opened_height);
  a.set_identity_hash(identity_hash);
  a.set_custodian(custodian);
  a.set_holder_commitment(holder_commitment);
  a.set_accounts_in_custody(accounts_in_custody);
  a.set_closed_height(closed_height);
  return a;
}

Bytes CreditBatchRecord::Encode() const {
  return Header(kTagBatch, kVersion2)
      .U64(id)
      .Str(project_id)
      .U32(vintage)
      .U64(first_serial)
      .U64(quantity)
      .Str(issued_to)
      .U64(issued_height)
      .U64(retired)
      .U64(period_start_ms)
      .U64(period_end_ms)
      .Str(report_hash)
      .Str(note)
      .Str(code)
      .U32(report)
      .U64(buffer_issued)
      .U64(buffer)
      .U64(cancelled)
      .U64(held)
      .U64(exported)
      .Take();
}

bool CreditBatchRecord::Decode(std::string_view in, CreditBatchRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagBatch, kVersion2)) return false;
  out->id = r.U64();
  out->project_id = r.Str();
  out->vintage = r.U32();
  out->first_serial = r.U64();
  out->quantity = r.U64();
  out->issued_to = r.Str();
  out->issued_height = r.U64();
  out->retired = r.U64();
  out->period_start_ms = r.U64();
  out->period_end_ms = r.U64();
  out->report_hash = r.Str();
  out->note = r.Str();
  out->code = r.Str();
  out->report = r.U32();
  out->buffer_issued = r.U64();
  out->buffer = r.U64();
  out->cancelled = r.U64();
  out->held = r.U64();
  out->exported = r.U64();
  return r.AtEnd();
}

v1::CreditBatch CreditBatchRecord::ToProto() const {
  v1::CreditBatch b;
  b.set_id(id);
  b.set_project_id(project_id);
  b.set_vintage(vintage);
  *b.mutable_serials() = Range(first_serial, last_serial());
  b.set_quantity(quantity);
  b.set_issued_to(issued_to);
  b.set_issued_height(issued_height);
  b.set_retired(retired);
  b.set_period_start_ms(period_start_ms);
  b.set_period_end_ms(period_end_ms);
  b.set_report_hash(report_hash);
  b.set_note(note);
  b.set_code(code);
  b.set_report(report);
  b.set_buffer_issued(buffer_issued);
  b.set_buffer(buffer);
  b.set_cancelled(cancelled);
  b.set_held(held);
  b.set_exported(exported);
  b.set_tradable(tradable());
  return b;
}

Bytes HoldingRecord::Encode() const {
  return Header(kTagHolding, kVersion2).U64(batch_id).U64(first).Take();
}

bool HoldingRecord::Decode(std::string_view in, HoldingRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagHolding, kVersion2)) return false;
  out->batch_id = r.U64();
  out->first = r.U64();
  return r.AtEnd();
}

Bytes HoldingSummaryRecord::Encode() const {
  return Header(kTagHoldingSummary).U64(units).U64(ranges).U64(lowest_last).Take();
}

bool HoldingSummaryRecord::Decode(std::string_view in, HoldingSummaryRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagHoldingSummary)) return false;
  out->units = r.U64();
  out->ranges = r.U64();
  out->lowest_last = r.U64();
  return r.AtEnd();
}

Bytes RetirementRecordData::Encode() const {
  CanonicalWriter w = Header(kTagRetirement, format);
  w.U64(id).Raw(AsView(tx_id)).U64(height).U64(time_ms).Str(holder).U64(quantity);
  w.U32(static_cast<uint32_t>(ranges.size()));
  for (const auto& rr : ranges) w.U64(rr.batch_id).U64(rr.first).U64(rr.last);
  w.Str(beneficiary_organisation).Str(beneficiary_commitment).U32(purpose);
  w.Str(scenario_ref).Str(jurisdiction).U64(period_start_ms).U64(period_end_ms).Str(note);
  if (format == kVersion2) {
    w.Str(event_name).U32(event_kind).U64(planting_duties).U64(kg_per_planting_duty);
    w.Str(case_number).Str(court).Str(court_order_ref).U32(footprint_category).Str(subject);
    w.U64(claim_id);
  }
  return w.Take();
}

bool RetirementRecordData::Decode(std::string_view in, RetirementRecordData* out) {
  CanonicalReader r(in);
  const uint8_t tag = r.U8();
  const uint8_t version = r.U8();
  if (!r.ok() || tag != kTagRetirement || (version != kVersion1 && version != kVersion2)) {
    return false;
  }
  *out = RetirementRecordData{};
  out->format = version;
  out->id = r.U64();
  auto tx = ToHash32(r.Raw(32));
  if (!tx) return false;
  out->tx_id = *tx;
  out->height = r.U64();
  out->time_ms = r.U64();
  out->holder = r.Str();
  out->quantity = r.U64();
  uint32_t n = r.U32();
  if (!r.ok() || n > in.size()) return false;
  out->ranges.clear();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    RetiredRangeRecord rr;
    rr.batch_id = r.U64();
    rr.first = r.U64();
    rr.last = r.U64();
    out->ranges.push_back(rr);
  }
  out->beneficiary_organisation = r.Str();
  out->beneficiary_commitment = r.Str();
  out->purpose = r.U32();
  out->scenario_ref = r.Str();
  out->jurisdiction = r.Str();
  out->period_start_ms = r.U64();
  out->period_end_ms = r.U64();
  out->note = r.Str();
  if (version == kVersion2) {
    out->event_name = r.Str();
    out->event_kind = r.U32();
    out->planting_duties = r.U64();
    out->kg_per_planting_duty = r.U64();
    out->case_number = r.Str();
    out->court = r.Str();
    out->court_order_ref = r.Str();
    out->footprint_category = r.U32();
    out->subject = r.Str();
    out->claim_id = r.U64();
  }
  return r.AtEnd();
}

v1::RetirementRecord RetirementRecordData::ToProto() const {
  v1::RetirementRecord p;
  p.set_id(id);
  p.set_tx_id(AsBytes(tx_id));
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_holder(holder);
  p.set_quantity(quantity);
  for (const auto& rr : ranges) {
    auto* out = p.add_ranges();
    out->set_batch_id(rr.batch_id);
    *out->mutable_range() = Range(rr.first, rr.last);
  }
  if (!beneficiary_commitment.empty()) {
    p.mutable_beneficiary()->set_person_commitment(beneficiary_commitment);
  } else {
    p.mutable_beneficiary()->set_organisation(beneficiary_organisation);
  }
  p.set_purpose(static_cast<v1::RetirementPurpose>(purpose));
  p.set_scenario_ref(scenario_ref);
  p.set_jurisdiction(jurisdiction);
  p.set_period_start_ms(period_start_ms);
  p.set_period_end_ms(period_end_ms);
  p.set_note(note);
  p.set_format_version(format);
  if (format != kVersion2) return p;
  // Which detail a format-2 record carries follows from its purpose.
  switch (purpose) {
    case v1::LARGE_EVENT:
      p.mutable_event()->set_name(event_name);
      p.mutable_event()->set_kind(static_cast<v1::EventKind>(event_kind));
      break;
    case v1::TREE_PLANTING_DUTY:
      p.mutable_tree_planting()->set_duties(static_cast<uint32_t>(planting_duties));
      p.set_kg_per_planting_duty(kg_per_planting_duty);
      break;
    case v1::ECO_JUDICIAL:
      p.mutable_eco_judicial()->set_case_number(case_number);
      if (!court.empty()) {
        p.mutable_eco_judicial()->set_court(court);
      } else {
        p.mutable_eco_judicial()->set_court_order_ref(court_order_ref);
      }
      break;
    case v1::PERSONAL_FOOTPRINT:
      p.mutable_footprint()->set_category(static_cast<v1::FootprintCategory>(footprint_category));
      break;
    case v1::ORGANISATION_NEUTRALITY:
    case v1::PRODUCT_NEUTRALITY:
    case v1::BUILDING_NEUTRALITY:
    case v1::REGION_NEUTRALITY:
      p.mutable_subject()->set_name(subject);
      break;
    default:
      break;
  }
  p.set_claim_id(claim_id);
  return p;
}

uint32_t RolesMask(const google::protobuf::RepeatedField<int>& roles) {
  uint32_t mask = 0;
  for (int r : roles) {
    if (r > 0 && r < 32) mask |= 1u << r;
  }
  return mask;
}

std::vector<v1::Role> RolesFromMask(uint32_t mask) {
  std::vector<v1::Role> out;
  for (int r = 1; r < 32; ++r) {
    if (((mask >> r) & 1u) && v1::Role_IsValid(r)) out.push_back(static_cast<v1::Role>(r));
  }
  return out;
}

}  // namespace lincao
