// State records of governance and identity (docs/formats.md "State keys and
// records"): the governance policy, retired account keys, role sectors,
// sanctions, governed parameters, chaincode activations and node addresses.
// Kept apart from records.h so the foundation's records stay as they were;
// the same encoding rules apply (type tag, version byte, canonical fields).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

namespace keys {
std::string GovernancePolicy();                             // g
std::string RetiredKeyPrefix(std::string_view account_id);  // k/<account>/
std::string RetiredKey(std::string_view account_id, uint32_t key_id);
std::string RoleSectors(std::string_view account_id, uint32_t role);  // e/<account>/<role>
std::string SanctionPrefix();                                         // x/
std::string Sanction(std::string_view account_id);                    // x/<account>
std::string ParameterPrefix();                                        // m/
std::string Parameter(std::string_view name);                         // m/<name>
std::string ActivationPrefix();                                       // v/
std::string Activation(uint64_t height);                              // v/<height>
std::string NodeAddress(std::string_view node_id);                    // d/<node id>
}  // namespace keys

inline constexpr size_t kMaxGoverningAccounts = 16;
inline constexpr size_t kMaxCosigners = 8;

// 'G': who governs and how many of them must sign.
struct GovernancePolicyRecord {
  uint32_t threshold = 0;
  std::vector<std::string> accounts;  // strictly ascending

  bool Includes(std::string_view account) const;
  Bytes Encode() const;
  static bool Decode(std::string_view in, GovernancePolicyRecord* out);
};

// 'K': a key removed from an account; its id and public key are never
// accepted for that account again.
struct RetiredKeyRecord {
  v1::Suite suite = v1::SUITE_ED25519_BLAKE2B;
  Bytes public_key;
  uint64_t retired_height = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, RetiredKeyRecord* out);
};

// 'E': the sectors an EXPERT or VERIFIER role covers (bit 1 << v1::Sector).
struct RoleSectorsRecord {
  uint32_t sectors_mask = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, RoleSectorsRecord* out);
};

// 'X': a sanction in force on an account.
struct SanctionRecord {
  std::string account;
  uint32_t kind = 0;                      // v1::SanctionKind
  std::vector<uint32_t> allowed_actions;  // RESTRICTED: Tx body field numbers, ascending
  uint32_t sectors_mask = 0;              // SUSPENDED per sector (VERIFIER); 0: whole account
  std::string authority;                  // the supervisor that imposed it
  std::string reason;
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};

  Bytes Encode() const;
  static bool Decode(std::string_view in, SanctionRecord* out);
  v1::Sanction ToProto() const;
};

// 'M': a parameter's value set by governance (absent: the default).
struct ParameterRecord {
  uint64_t value = 0;
  uint64_t set_height = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, ParameterRecord* out);
};

// 'V': chaincode `version` is in force from the height in the key on.
struct ActivationRecord {
  uint32_t version = 0;
  uint64_t scheduled_height = 0;  // the block that scheduled it

  Bytes Encode() const;
  static bool Decode(std::string_view in, ActivationRecord* out);
};

// 'D': where a member node's peer endpoint listens (not in membership_hash).
struct NodeAddressRecord {
  std::string address;

  Bytes Encode() const;
  static bool Decode(std::string_view in, NodeAddressRecord* out);
};

Result<std::optional<GovernancePolicyRecord>> LoadGovernancePolicy(const StateReader& state);

// Sector numbers as a bit set: INVALID_ARGUMENT for unknown or repeated
// sectors or (when `ascending`) sectors out of order.
Result<uint32_t> SectorsMask(const google::protobuf::RepeatedField<int>& sectors,
                             std::string_view field);
std::vector<v1::Sector> SectorsFromMask(uint32_t mask);

}  // namespace lincao
