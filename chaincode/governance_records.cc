#include "chaincode/governance_records.h"

#include "chaincode/canonical.h"

namespace lincao {
namespace {

constexpr uint8_t kTagPolicy = 'G';
constexpr uint8_t kTagRetiredKey = 'K';
constexpr uint8_t kTagRoleSectors = 'E';
constexpr uint8_t kTagSanction = 'X';
constexpr uint8_t kTagParameter = 'M';
constexpr uint8_t kTagActivation = 'V';
constexpr uint8_t kTagNodeAddress = 'D';
constexpr uint8_t kVersion1 = 1;

CanonicalWriter Header(uint8_t tag) {
  CanonicalWriter w;
  w.U8(tag).U8(kVersion1);
  return w;
}

bool ReadHeader(CanonicalReader& r, uint8_t tag) {
  uint8_t t = r.U8();
  uint8_t v = r.U8();
  return r.ok() && t == tag && v == kVersion1;
}

}  // namespace

namespace keys {
std::string GovernancePolicy() { return "g"; }
std::string RetiredKeyPrefix(std::string_view account_id) {
  return "k/" + std::string(account_id) + "/";
}
std::string RetiredKey(std::string_view account_id, uint32_t key_id) {
  return RetiredKeyPrefix(account_id) + BigEndian64(key_id);
}
std::string RoleSectors(std::string_view account_id, uint32_t role) {
  return "e/" + std::string(account_id) + "/" + BigEndian64(role);
}
std::string SanctionPrefix() { return "x/"; }
std::string Sanction(std::string_view account_id) { return "x/" + std::string(account_id); }
std::string ParameterPrefix() { return "m/"; }
std::string Parameter(std::string_view name) { return "m/" + std::string(name); }
std::string ActivationPrefix() { return "v/"; }
std::string Activation(uint64_t height) { return "v/" + BigEndian64(height); }
std::string NodeAddress(std::string_view node_id) { return "d/" + std::string(node_id); }
}  // namespace keys

bool GovernancePolicyRecord::Includes(std::string_view account) const {
  for (const auto& a : accounts) {
    if (a == account) return true;
  }
  return false;
}

Bytes GovernancePolicyRecord::Encode() const {
  CanonicalWriter w = Header(kTagPolicy);
  w.U32(threshold).U32(static_cast<uint32_t>(accounts.size()));
  for (const auto& a : accounts) w.Str(a);
  return w.Take();
}

bool GovernancePolicyRecord::Decode(std::string_view in, GovernancePolicyRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagPolicy)) return false;
  out->threshold = r.U32();
  uint32_t n = r.U32();
  if (!r.ok() || n > kMaxGoverningAccounts) return false;
  out->accounts.clear();
  for (uint32_t i = 0; i < n; ++i) out->accounts.push_back(r.Str());
  return r.AtEnd();
}

Bytes RetiredKeyRecord::Encode() const {
  return Header(kTagRetiredKey)
      .U32(static_cast<uint32_t>(suite))
      .Str(public_key)
      .U64(retired_height)
      .Take();
}

bool RetiredKeyRecord::Decode(std::string_view in, RetiredKeyRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagRetiredKey)) return false;
  out->suite = static_cast<v1::Suite>(r.U32());
  out->public_key = r.Str();
  out->retired_height = r.U64();
  return r.AtEnd();
}

Bytes RoleSectorsRecord::Encode() const { return Header(kTagRoleSectors).U32(sectors_mask).Take(); }

bool RoleSectorsRecord::Decode(std::string_view in, RoleSectorsRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagRoleSectors)) return false;
  out->sectors_mask = r.U32();
  return r.AtEnd();
}

Bytes SanctionRecord::Encode() const {
  CanonicalWriter w = Header(kTagSanction);
  w.Str(account).U32(kind).U32(static_cast<uint32_t>(allowed_actions.size()));
  for (uint32_t a : allowed_actions) w.U32(a);
  w.U32(sectors_mask).Str(authority).Str(reason).U64(height).U64(time_ms).Raw(AsBytes(tx_id));
  return w.Take();
}

bool SanctionRecord::Decode(std::string_view in, SanctionRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagSanction)) return false;
  out->account = r.Str();
  out->kind = r.U32();
  uint32_t n = r.U32();
  if (!r.ok() || n > in.size()) return false;
  out->allowed_actions.clear();
  for (uint32_t i = 0; i < n; ++i) out->allowed_actions.push_back(r.U32());
  out->sectors_mask = r.U32();
  out->authority = r.Str();
  out->reason = r.Str();
  out->height = r.U64();
  out->time_ms = r.U64();
  std::string id = r.Raw(out->tx_id.size());
  if (!r.AtEnd()) return false;
  std::copy(id.begin(), id.end(), out->tx_id.begin());
  return true;
}

v1::Sanction SanctionRecord::ToProto() const {
  v1::Sanction s;
  s.set_account(account);
  s.set_kind(static_cast<v1::SanctionKind>(kind));
  for (uint32_t a : allowed_actions) s.add_allowed_actions(a);
  for (v1::Sector sec : SectorsFromMask(sectors_mask)) s.add_sectors(sec);
  s.set_authority(authority);
  s.set_reason(reason);
  s.set_height(height);
  s.set_time_ms(time_ms);
  s.set_tx_id(AsBytes(tx_id));
  return s;
}

Bytes ParameterRecord::Encode() const {
  return Header(kTagParameter).U64(value).U64(set_height).Take();
}

bool ParameterRecord::Decode(std::string_view in, ParameterRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagParameter)) return false;
  out->value = r.U64();
  out->set_height = r.U64();
  return r.AtEnd();
}

Bytes ActivationRecord::Encode() const {
  return Header(kTagActivation).U32(version).U64(scheduled_height).Take();
}

bool ActivationRecord::Decode(std::string_view in, ActivationRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagActivation)) return false;
  out->version = r.U32();
  out->scheduled_height = r.U64();
  return r.AtEnd();
}

Bytes NodeAddressRecord::Encode() const { return Header(kTagNodeAddress).Str(address).Take(); }

bool NodeAddressRecord::Decode(std::string_view in, NodeAddressRecord* out) {
  CanonicalReader r(in);
  if (!ReadHeader(r, kTagNodeAddress)) return false;
  out->address = r.Str();
  return r.AtEnd();
}

Result<std::optional<GovernancePolicyRecord>> LoadGovernancePolicy(const StateReader& state) {
  return LoadRecord<GovernancePolicyRecord>(state, keys::GovernancePolicy());
}

Result<uint32_t> SectorsMask(const google::protobuf::RepeatedField<int>& sectors,
                             std::string_view field) {
  uint32_t mask = 0;
  int last = 0;
  for (int s : sectors) {
    if (!v1::Sector_IsValid(s) || s == v1::SECTOR_UNSPECIFIED) {
      return Status(v1::INVALID_ARGUMENT,
                    std::string(field) + ": unknown sector number " + std::to_string(s));
    }
    if (s <= last) {
      return Status(v1::INVALID_ARGUMENT,
                    std::string(field) + ": sectors must be listed once each, ascending");
    }
    last = s;
    mask |= 1u << s;
  }
  return mask;
}

std::vector<v1::Sector> SectorsFromMask(uint32_t mask) {
  std::vector<v1::Sector> out;
  for (int s = v1::Sector_MIN; s <= v1::Sector_MAX; ++s) {
    if (s != v1::SECTOR_UNSPECIFIED && ((mask >> s) & 1u))
      out.push_back(static_cast<v1::Sector>(s));
  }
  return out;
}

}  // namespace lincao
