// Human output for the credit lifecycle's records: batches of a project,
// the buffer pool (and, with the lifecycle's queries, methodologies,
// projects, reports, holds, freezes, cancellations and losses).
#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

std::string HoldKindText(v1::HoldKind k) {
  switch (k) {
    case v1::HOLD_PLEDGE:
      return "pledge (质押)";
    case v1::HOLD_JUDICIAL_FREEZE:
      return "judicial freeze (司法冻结)";
    default:
      return "kind " + N(k);
  }
}

std::string HoldStatusText(v1::HoldStatus s) {
  switch (s) {
    case v1::HOLD_ACTIVE:
      return "active";
    case v1::HOLD_RELEASED:
      return "released";
    case v1::HOLD_ENFORCED:
      return "enforced";
    case v1::HOLD_CANCELLED:
      return "cancelled";
    default:
      return "status " + N(s);
  }
}

std::string Recorded(uint64_t height, uint64_t time_ms) {
  return "block " + N(height) + " at " + FormatTimeMs(time_ms);
}

// "401-900 (batch 1), 1001 (batch 2)".
std::string RangesText(const google::protobuf::RepeatedPtrField<v1::BatchRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    out += (out.empty() ? "" : ", ") + FormatRange(r.range().first(), r.range().last()) +
           " (batch " + N(r.batch_id()) + ")";
  }
  return OrDash(out);
}

// The serials of a record, one table row per range.
void RangesTable(const google::protobuf::RepeatedPtrField<v1::BatchRange>& ranges,
                 std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {{"batch", "serials", "units"}};
  for (const auto& r : ranges) {
    rows.push_back({N(r.batch_id()), FormatRange(r.range().first(), r.range().last()),
                    FormatUnits(r.range().last() - r.range().first() + 1)});
  }
  Table(rows, out);
}

}  // namespace

void RenderBatches(const google::protobuf::RepeatedPtrField<v1::CreditBatch>& batches,
                   std::ostream& out) {
  if (batches.empty()) {
    out << "no batches\n";
    return;
  }
  out << "quantities in units (1 unit = 1 kg CO2e)\n";
  std::vector<std::vector<std::string>> rows = {{"BATCH", "CODE", "REPORT", "VINTAGE", "SERIALS",
                                                 "QUANTITY", "TRADABLE", "HELD", "RETIRED",
                                                 "CANCELLED", "BUFFER"}};
  for (const auto& b : batches) {
    rows.push_back({N(b.id()), b.code().empty() ? "-" : b.code(),
                    b.report() == 0 ? "-" : N(b.report()), N(b.vintage()),
                    FormatRange(b.serials().first(), b.serials().last()), N(b.quantity()),
                    N(b.tradable()), N(b.held()), N(b.retired()), N(b.cancelled()), N(b.buffer())});
  }
  Table(rows, out);
}

void RenderBuffer(const v1::BufferPool& b, std::ostream& out) {
  Field(out, "buffer total", FormatUnits(b.total()));
  Field(out, "batches", N(b.batch_count()) + " with units in the buffer");
  if (b.batches().empty()) return;
  std::vector<std::vector<std::string>> rows = {
      {"BATCH", "CODE", "PROJECT", "VINTAGE", "BUFFER LEFT", "SET ASIDE"}};
  for (const auto& batch : b.batches()) {
    rows.push_back({N(batch.id()), batch.code().empty() ? "-" : batch.code(), batch.project_id(),
                    N(batch.vintage()), N(batch.buffer()), N(batch.buffer_issued())});
  }
  Table(rows, out);
}

void RenderHold(const v1::Hold& h, std::ostream& out) {
  Field(out, "hold", N(h.id()) + ", " + HoldKindText(h.kind()));
  Field(out, "status", HoldStatusText(h.status()));
  Field(out, "holder", h.holder());
  if (!h.pledgee().empty()) Field(out, "pledgee", h.pledgee());
  Field(out, "authority", h.authority());
  Field(out, "quantity", FormatUnits(h.quantity()));
  Field(out, h.kind() == v1::HOLD_JUDICIAL_FREEZE ? "case" : "reason", h.reason());
  Field(out, "expires",
        h.expiry_ms() == 0 ? "never (until released)"
                           : FormatTimeMs(h.expiry_ms()) + " (then the holder may release it)");
  Field(out, "recorded", Recorded(h.height(), h.time_ms()) + ", tx " + ToHex(h.tx_id()));
  if (h.status() != v1::HOLD_ACTIVE) {
    Field(out, "closed",
          Recorded(h.closed_height(), h.closed_time_ms()) + " by " + h.closed_by() + ": " +
              h.close_reason());
  }
  out << "serials:\n";
  RangesTable(h.ranges(), out);
}

void RenderHolds(const v1::Holds& h, std::ostream& out) {
  if (h.holds().empty()) {
    out << "no holds\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"HOLD", "KIND", "STATUS", "HOLDER", "PLEDGEE", "UNITS", "SERIALS", "REASON"}};
  for (const auto& x : h.holds()) {
    rows.push_back({N(x.id()), x.kind() == v1::HOLD_PLEDGE ? "pledge" : "judicial freeze",
                    HoldStatusText(x.status()), x.holder(), OrDash(x.pledgee()), N(x.quantity()),
                    RangesText(x.ranges()), x.reason()});
  }
  Table(rows, out);
}

void RenderFreezes(const v1::SupervisoryFreezes& f, std::ostream& out) {
  if (f.freezes().empty()) {
    out << "no supervisory freezes\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"TARGET", "ID", "IN FORCE", "BY", "SINCE", "UNTIL", "REASON"}};
  for (const auto& x : f.freezes()) {
    const bool in_force = x.expiry_ms() == 0 || f.chain_time_ms() <= x.expiry_ms();
    rows.push_back({FreezeTargetText(x.target()), x.id(), in_force ? "yes" : "no (expired)",
                    x.authority(), "block " + N(x.height()),
                    x.expiry_ms() == 0 ? "lifted" : FormatTimeMs(x.expiry_ms()), x.reason()});
  }
  Table(rows, out);
}

void RenderCancellation(const v1::Cancellation& c, std::ostream& out) {
  Field(out, "cancellation", N(c.id()));
  Field(out, "holder", c.holder());
  Field(out, "quantity", FormatUnits(c.quantity()));
  Field(out, "reason", CancellationReasonText(c.reason()));
  Field(out, "note", OrDash(c.note()));
  if (c.hold() != 0) Field(out, "from hold", N(c.hold()));
  Field(out, "by", c.registrar() + ", co-signed by " + c.supervisor());
  Field(out, "recorded", Recorded(c.height(), c.time_ms()) + ", tx " + ToHex(c.tx_id()));
  out << "serials cancelled:\n";
  RangesTable(c.ranges(), out);
}

void RenderCancellations(const v1::Cancellations& c, std::ostream& out) {
  if (c.cancellations().empty()) {
    out << "no cancellations\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "HOLDER", "UNITS", "REASON", "HOLD", "BLOCK", "NOTE"}};
  for (const auto& x : c.cancellations()) {
    rows.push_back({N(x.id()), x.holder(), N(x.quantity()), CancellationReasonText(x.reason()),
                    x.hold() == 0 ? "-" : N(x.hold()), N(x.height()), x.note()});
  }
  Table(rows, out);
}

void RenderLosses(const v1::Losses& l, std::ostream& out) {
  if (l.losses().empty()) {
    out << "no losses\n";
    return;
  }
  out << "quantities in units (1 unit = 1 kg CO2e)\n";
  std::vector<std::vector<std::string>> rows = {
      {"LOSS", "PROJECT", "KIND", "OCCURRED", "LOSS KG", "COVERED", "SHORTFALL", "BY", "BLOCK"}};
  for (const auto& x : l.losses()) {
    rows.push_back({N(x.id()), x.project(), LossKindText(x.kind()), FormatTimeMs(x.occurred_ms()),
                    N(x.loss_kg()), N(x.covered()), N(x.shortfall_added()), x.reporter(),
                    N(x.height())});
  }
  Table(rows, out);
  for (const auto& x : l.losses()) {
    if (x.batch_limit_reached()) {
      out << "loss " << x.id()
          << ": the per-loss batch bound stopped the cover; the rest is shortfall\n";
    }
    if (!x.cancelled().empty()) {
      out << "loss " << x.id() << " cancelled from the buffer: " << RangesText(x.cancelled())
          << "\n";
    }
  }
}

}  // namespace lincao::cli
