// Registry state records and the keys they live under. Each record has one
// canonical encoding (chaincode/canonical.h), opening with a type tag and a
// format version byte, so stored state hashes identically on every node and a
// future format is recognised rather than misread. docs/formats.md lists the
// layouts. Records convert to the lincao.v1 read views for queries.
//
// State key space (all keys ASCII-prefixed, numbers big-endian so they sort):
//   p                      ChainParams
//   c                      Counters (next batch, serial, retirement, hold,
//                          cancellation and loss ids)
//   n/<node id>            NodeRecord (voting members: membership_hash)
//   a/<account id>         AccountRecord
//   b/<batch id:be64>      CreditBatchRecord
//   h/<account>/<last:be64>   HoldingRecord: a range [first, last] held
//   s/<account>            HoldingSummaryRecord: units, ranges, lowest range
//   r/<retirement id:be64> RetirementRecordData
//   q/<project>/<batch id:be64>  empty: the batches of a project, oldest first
//   f/<batch id:be64>      empty: batches with units in the buffer, oldest first
//   o/<batch code>         u64 batch id: a batch found by its code
//
// Holdings are keyed by their LAST serial (docs/architecture.md, "Holdings
// in state"): taking the lowest serials of a range rewrites the same key
// instead of deleting one key and writing another.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/limits.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

namespace keys {
std::string Params();
std::string Counters();
std::string Node(std::string_view node_id);
std::string NodePrefix();
std::string Account(std::string_view account_id);
std::string Batch(uint64_t batch_id);
std::string HoldingPrefix(std::string_view account_id);
std::string Holding(std::string_view account_id, uint64_t last);
std::string HoldingSummary(std::string_view account_id);
std::string Retirement(uint64_t retirement_id);
// Credit lifecycle indexes (chaincode/credit_batches.h).
std::string ProjectBatchPrefix(std::string_view project_id);               // q/<project>/
std::string ProjectBatch(std::string_view project_id, uint64_t batch_id);  // q/<project>/<id>
std::string BufferBatchPrefix();                                           // f/
std::string BufferBatch(uint64_t batch_id);                                // f/<id>
std::string BatchCode(std::string_view code);                              // o/<code>
}  // namespace keys

struct ChainParams {
  std::string chain_id;
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  uint64_t genesis_time_ms = 0;
  uint64_t max_tx_horizon_ms = 0;
  uint32_t max_ranges_per_tx = 0;
  uint32_t chaincode_version = 1;
  // Ranges one account may hold before a transfer or retirement that would
  // add another is refused (HOLDINGS_FRAGMENTED); issuance is exempt.
  uint32_t max_ranges_per_account = kDefaultMaxRangesPerAccount;
  // Governed parameters that are NOT part of the 'P' encoding (they came
  // after it): genesis always starts from these fixed defaults and only
  // set_parameter (m/<name>) changes them, so genesis hashes stay as they
  // were. docs/formats.md "Rules in force for a block".
  uint32_t expert_quorum = kDefaultExpertQuorum;       // expert approvals a subject needs
  uint32_t home_area_prefix = kDefaultHomeAreaPrefix;  // province prefix of area codes
  // Chaincode version 4: kg CO2e that retire one compulsory tree-planting
  // duty. 0 (the default) means governance has not decided the conversion,
  // and tree-planting retirements are refused until it does.
  uint64_t kg_per_planting_duty = 0;
  // Personal carbon points (chaincode version 4), likewise outside 'P'.
  uint32_t points_daily_cap = kDefaultPointsDailyCap;  // points one person earns per day
  uint32_t points_per_kg = kDefaultPointsPerKg;        // points one kg retired costs

  Bytes Encode() const;
  static bool Decode(std::string_view in, ChainParams* out);
};

struct Counters {
  uint64_t next_batch_id = 1;
  uint64_t next_serial = 1;
  uint64_t next_retirement_id = 1;
  // Version 2 of 'C': ids of the credit lifecycle's records (chaincode
  // version 3 uses them; genesis starts them at 1 like the others).
  uint64_t next_hold_id = 1;
  uint64_t next_cancellation_id = 1;
  uint64_t next_loss_id = 1;

  Bytes Encode() const;
  static bool Decode(std::string_view in, Counters* out);
};

struct NodeRecord {
  std::string id;
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  Bytes public_key;
  bool voter = true;

  Bytes Encode() const;
  static bool Decode(std::string_view in, NodeRecord* out);
};

struct AccountKeyRecord {
  uint32_t key_id = 0;
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  Bytes public_key;
};

// Version 2 of 'A' adds identity and custody (issue #9). A custodial
// personal account has no keys and threshold 0: the account named by
// `custodian` signs for it (chaincode/custody.h).
struct AccountRecord {
  std::string id;
  uint32_t roles_mask = 0;  // bit (1 << v1::Role)
  uint32_t threshold = 1;
  std::vector<AccountKeyRecord> keys;  // ascending key_id
  std::string display_name;
  uint64_t opened_height = 0;
  Bytes identity_hash;               // organisations: hash of the identity documents, or empty
  std::string custodian;             // custodial personal accounts: who signs for them
  Bytes holder_commitment;           // personal accounts: salted hash of the person
  uint64_t accounts_in_custody = 0;  // open custodial accounts naming this one
  uint64_t closed_height = 0;        // 0: open

  bool HasRole(v1::Role role) const { return (roles_mask >> role) & 1u; }
  bool custodial() const { return !custodian.empty(); }
  bool closed() const { return closed_height != 0; }
  const AccountKeyRecord* FindKey(uint32_t key_id) const;
  Bytes Encode() const;
  static bool Decode(std::string_view in, AccountRecord* out);
  v1::Account ToProto() const;
};

// A credit batch and where each of its units is. Per batch, always
// (DOMAIN.md invariant 1):
//   tradable + held + retired + cancelled + buffer + exported = quantity
// where tradable is what accounts hold of it (h/ records) and the other
// terms are the counters below. The buffer's units are the batch's lowest
// `buffer_issued` serials; reversals cancel them lowest first, so the
// buffer still holds [buffer_first(), first_serial + buffer_issued - 1].
struct CreditBatchRecord {
  uint64_t id = 0;
  std::string project_id;
  uint32_t vintage = 0;
  uint64_t first_serial = 0;
  uint64_t quantity = 0;
  std::string issued_to;
  uint64_t issued_height = 0;
  uint64_t retired = 0;
  uint64_t period_start_ms = 0;
  uint64_t period_end_ms = 0;
  Bytes report_hash;
  std::string note;
  // Version 2 of 'B' (chaincode version 3 fills these; issue_batch leaves
  // them empty or zero).
  std::string code;            // <project>-<vintage>-<seq:03>; empty for issue_batch batches
  uint32_t report = 0;         // the monitoring report it was issued for; 0 for issue_batch
  uint64_t buffer_issued = 0;  // units sent to the buffer at issuance
  uint64_t buffer = 0;         // units still in the buffer
  uint64_t cancelled = 0;      // by cancel_units and by reversals (from the buffer)
  uint64_t held = 0;           // in pledges and judicial freezes
  uint64_t exported = 0;       // locked or moved to a partner registry

  uint64_t last_serial() const { return first_serial + quantity - 1; }
  // First serial still in the buffer (meaningful while buffer > 0).
  uint64_t buffer_first() const { return first_serial + buffer_issued - buffer; }
  // Units accounts hold of this batch, by the counters. The invariant
  // checks compare it with the sum of the h/ records.
  uint64_t tradable() const { return quantity - retired - cancelled - held - buffer - exported; }
  Bytes Encode() const;
  static bool Decode(std::string_view in, CreditBatchRecord* out);
  v1::CreditBatch ToProto() const;
};

// One held range; `last` is part of the key.
struct HoldingRecord {
  uint64_t batch_id = 0;
  uint64_t first = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, HoldingRecord* out);
};

// Per account: what it holds in total, in how many ranges, and the key of
// its lowest range, so lowest-first reads seek straight to a live range and
// never walk the deleted keys of ranges consumed before. Absent when the
// account holds nothing.
struct HoldingSummaryRecord {
  uint64_t units = 0;
  uint64_t ranges = 0;
  uint64_t lowest_last = 0;  // `last` of the lowest range; 0 when ranges == 0

  bool operator==(const HoldingSummaryRecord&) const = default;
  Bytes Encode() const;
  static bool Decode(std::string_view in, HoldingSummaryRecord* out);
};

struct RetiredRangeRecord {
  uint64_t batch_id = 0;
  uint64_t first = 0;
  uint64_t last = 0;
};

struct RetirementRecordData {
  uint64_t id = 0;
  Hash32 tx_id{};
  uint64_t height = 0;
  uint64_t time_ms = 0;
  std::string holder;
  uint64_t quantity = 0;
  std::vector<RetiredRangeRecord> ranges;
  std::string beneficiary_organisation;  // exactly one of these two is set
  Bytes beneficiary_commitment;
  uint32_t purpose = 0;  // v1::RetirementPurpose
  std::string scenario_ref;
  std::string jurisdiction;
  uint64_t period_start_ms = 0;
  uint64_t period_end_ms = 0;
  std::string note;
  // Record format: 1 under chaincode versions 1-3 (the bytes those chains
  // wrote, so their state roots replay unchanged), 2 from version 4 with the
  // fields below. Encode writes the format named here; Decode reads both.
  uint8_t format = 1;
  // Format 2: the purpose's detail (only the fields of `purpose` are set)
  // and the neutrality claim covered. docs/formats.md has the layout.
  std::string event_name;             // LARGE_EVENT
  uint32_t event_kind = 0;            // v1::EventKind
  uint64_t planting_duties = 0;       // TREE_PLANTING_DUTY
  uint64_t kg_per_planting_duty = 0;  // the parameter in force at retirement
  std::string case_number;            // ECO_JUDICIAL
  std::string court;                  // the co-signing JUDICIAL account, or
  std::string court_order_ref;        // the court order's reference
  uint32_t footprint_category = 0;    // PERSONAL_FOOTPRINT: v1::FootprintCategory
  std::string subject;                // ORGANISATION/PRODUCT/BUILDING/REGION_NEUTRALITY
  uint64_t claim_id = 0;              // 0: no claim

  Bytes Encode() const;
  static bool Decode(std::string_view in, RetirementRecordData* out);
  v1::RetirementRecord ToProto() const;
};

// Reads and decodes a record. nullopt when absent; INTERNAL when the stored
// bytes do not decode (corruption: the node must stop, not guess).
template <typename T>
Result<std::optional<T>> LoadRecord(const StateReader& state, std::string_view key) {
  std::optional<Bytes> raw = state.Get(key);
  if (!raw) return std::optional<T>();
  T rec;
  if (!T::Decode(*raw, &rec)) {
    return Status(v1::INTERNAL, "stored state record does not decode (key " + ToHex(key) + ")");
  }
  return std::optional<T>(std::move(rec));
}

// Roles as a bit set and back.
uint32_t RolesMask(const google::protobuf::RepeatedField<int>& roles);
std::vector<v1::Role> RolesFromMask(uint32_t mask);

}  // namespace lincao
