// Human output for the credit lifecycle's records: batches of a project,
// the buffer pool (and, with the lifecycle's queries, methodologies,
// projects, reports, holds, freezes, cancellations and losses).
#include <string>
#include <vector>

#include "tools/cli/format.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

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

}  // namespace lincao::cli
