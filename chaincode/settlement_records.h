// Exchange settlement (chaincode version 4): a client's mandate for an
// EXCHANGE account to settle its trades, and the record of each settled
// trade. A trade settles atomically through settle_trade (tx_settlement.cc):
// every leg moves or none does, and its record stays as public history,
// found by exchange and trade reference, which a second settlement cannot
// reuse (a replayed trade is refused).
//
// Keys (docs/formats.md "State keys and records"):
//   T/m/<exchange>/<client>      MandateRecord: present while the mandate is in force
//   T/s/<exchange>/<trade_ref>   SettlementRecord
//
// Thread-safety: plain values and functions inside one apply or one query.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

namespace keys {
std::string MandatePrefix(std::string_view exchange);  // T/m/<exchange>/
std::string Mandate(std::string_view exchange, std::string_view client);
std::string SettlementPrefix(std::string_view exchange);  // T/s/<exchange>/
std::string Settlement(std::string_view exchange, std::string_view trade_ref);
}  // namespace keys

// 'm' at T/m/<exchange>/<client>.
struct MandateRecord {
  std::string client;
  std::string exchange;
  uint64_t height = 0;
  uint64_t time_ms = 0;
  Hash32 tx_id{};

  Bytes Encode() const;
  static bool Decode(std::string_view in, MandateRecord* out);
  v1::SettlementMandate ToProto() const;
};

struct SettledLegRecord {
  std::string from;
  std::string to;
  uint64_t quantity = 0;
  Holdings ranges;  // what moved, ascending by serial, each inside one batch
};

// 's' at T/s/<exchange>/<trade_ref>.
struct SettlementRecord {
  std::string exchange;
  std::string trade_ref;
  Hash32 tx_id{};
  uint64_t height = 0;
  uint64_t time_ms = 0;
  std::vector<SettledLegRecord> legs;  // in the order applied

  Bytes Encode() const;
  static bool Decode(std::string_view in, SettlementRecord* out);
  v1::Settlement ToProto() const;
};

// A settlement by exchange and trade reference (UNKNOWN_SETTLEMENT when
// absent; INTERNAL when the record does not decode).
Result<SettlementRecord> LoadSettlement(const StateReader& state, std::string_view exchange,
                                        std::string_view trade_ref);

// [A-Za-z0-9][A-Za-z0-9._:-]{0,63}: readable in keys, page tokens and logs.
bool IsValidTradeRef(std::string_view trade_ref);

}  // namespace lincao
