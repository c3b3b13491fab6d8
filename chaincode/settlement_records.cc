#include "chaincode/settlement_records.h"

#include "chaincode/batch_ranges.h"
#include "chaincode/canonical.h"
#include "chaincode/limits.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagMandate = 'm';
constexpr uint8_t kTagSettlement = 's';
constexpr uint8_t kVersion1 = 1;
constexpr size_t kMaxTradeRefBytes = 64;

bool ReadHash(CanonicalReader& r, Hash32* out) {
  auto h = ToHash32(r.Raw(32));
  if (!h) return false;
  *out = *h;
  return true;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

namespace keys {
std::string MandatePrefix(std::string_view exchange) {
  return "T/m/" + std::string(exchange) + "/";
}
std::string Mandate(std::string_view exchange, std::string_view client) {
  return MandatePrefix(exchange) + std::string(client);
}
std::string SettlementPrefix(std::string_view exchange) {
  return "T/s/" + std::string(exchange) + "/";
}
std::string Settlement(std::string_view exchange, std::string_view trade_ref) {
  return SettlementPrefix(exchange) + std::string(trade_ref);
}
}  // namespace keys

bool IsValidTradeRef(std::string_view trade_ref) {
  if (trade_ref.empty() || trade_ref.size() > kMaxTradeRefBytes || !IsAlnum(trade_ref[0])) {
    return false;
  }
  for (char c : trade_ref) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

Bytes MandateRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagMandate).U8(kVersion1);
  w.Str(client).Str(exchange).U64(height).U64(time_ms).Raw(AsView(tx_id));
  return w.Take();
}

bool MandateRecord::Decode(std::string_view in, MandateRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagMandate || r.U8() != kVersion1) return false;
  out->client = r.Str();
  out->exchange = r.Str();
  out->height = r.U64();
  out->time_ms = r.U64();
  if (!ReadHash(r, &out->tx_id)) return false;
  return r.AtEnd();
}

v1::SettlementMandate MandateRecord::ToProto() const {
  v1::SettlementMandate p;
  p.set_client(client);
  p.set_exchange(exchange);
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_tx_id(AsBytes(tx_id));
  return p;
}

Bytes SettlementRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagSettlement).U8(kVersion1);
  w.Str(exchange).Str(trade_ref).Raw(AsView(tx_id)).U64(height).U64(time_ms);
  w.U32(static_cast<uint32_t>(legs.size()));
  for (const SettledLegRecord& leg : legs) {
    w.Str(leg.from).Str(leg.to).U64(leg.quantity);
    WriteBatchRanges(w, leg.ranges);
  }
  return w.Take();
}

bool SettlementRecord::Decode(std::string_view in, SettlementRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagSettlement || r.U8() != kVersion1) return false;
  out->exchange = r.Str();
  out->trade_ref = r.Str();
  if (!ReadHash(r, &out->tx_id)) return false;
  out->height = r.U64();
  out->time_ms = r.U64();
  const uint32_t n = r.U32();
  if (!r.ok() || n > kMaxSettlementLegs) return false;
  out->legs.clear();
  for (uint32_t i = 0; i < n; ++i) {
    SettledLegRecord leg;
    leg.from = r.Str();
    leg.to = r.Str();
    leg.quantity = r.U64();
    if (!ReadBatchRanges(r, in, &leg.ranges)) return false;
    out->legs.push_back(std::move(leg));
  }
  return r.AtEnd();
}

v1::Settlement SettlementRecord::ToProto() const {
  v1::Settlement p;
  p.set_exchange(exchange);
  p.set_trade_ref(trade_ref);
  p.set_tx_id(AsBytes(tx_id));
  p.set_height(height);
  p.set_time_ms(time_ms);
  for (const SettledLegRecord& leg : legs) {
    v1::SettledLeg* out = p.add_legs();
    out->set_from(leg.from);
    out->set_to(leg.to);
    out->set_quantity(leg.quantity);
    AddBatchRanges(leg.ranges, out->mutable_ranges());
  }
  return p;
}

Result<SettlementRecord> LoadSettlement(const StateReader& state, std::string_view exchange,
                                        std::string_view trade_ref) {
  auto rec = LoadRecord<SettlementRecord>(state, keys::Settlement(exchange, trade_ref));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_SETTLEMENT, "exchange '" + std::string(exchange) +
                                              "' settled no trade '" + std::string(trade_ref) +
                                              "' (`lincao query settlements " +
                                              std::string(exchange) + "` lists its settlements)");
  }
  return std::move(**rec);
}

}  // namespace lincao
