#include "tools/cli/ranges.h"

#include <charconv>

namespace lincao::cli {
namespace {

bool ParseSerial(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

Result<v1::SerialRange> ParseRange(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status(v1::INVALID_ARGUMENT, "range '" + std::string(text) + "' " + std::string(why) +
                                            " (expected FIRST-LAST, e.g. 1001-1500)");
  };
  uint64_t first = 0;
  uint64_t last = 0;
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    if (!ParseSerial(text, &first)) return bad("is not a serial number");
    last = first;
  } else if (!ParseSerial(text.substr(0, dash), &first) ||
             !ParseSerial(text.substr(dash + 1), &last)) {
    return bad("is not two serial numbers");
  }
  if (first == 0) return bad("starts at 0; serials start at 1");
  if (last < first) return bad("ends before it starts");
  v1::SerialRange r;
  r.set_first(first);
  r.set_last(last);
  return r;
}

Result<std::vector<v1::SerialRange>> ParseRanges(const std::vector<std::string>& texts) {
  std::vector<v1::SerialRange> out;
  for (const std::string& t : texts) {
    auto r = ParseRange(t);
    if (!r.ok()) return r.status();
    out.push_back(*r);
  }
  return out;
}

Result<uint64_t> RangesTotal(const std::vector<v1::SerialRange>& ranges) {
  uint64_t total = 0;
  for (const auto& r : ranges) {
    uint64_t n = r.last() - r.first() + 1;
    if (n == 0 || total + n < total) {
      return Status(v1::QUANTITY_OVERFLOW, "the ranges cover more units than fit in 64 bits");
    }
    total += n;
  }
  return total;
}

Result<NamedUnits> ParseNamedUnits(const std::vector<std::string>& texts,
                                   const std::optional<uint64_t>& quantity) {
  if (texts.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "name the serials with --range FIRST-LAST (repeatable); `lincao query holdings "
                  "ACCOUNT` lists the ranges held");
  }
  NamedUnits out;
  auto ranges = ParseRanges(texts);
  if (!ranges.ok()) return ranges.status();
  auto total = RangesTotal(*ranges);
  if (!total.ok()) return Status(v1::INVALID_ARGUMENT, total.status().message());
  if (quantity && *quantity != *total) {
    return Status(v1::INVALID_ARGUMENT, "--quantity " + std::to_string(*quantity) +
                                            " differs from the " + std::to_string(*total) +
                                            " units the --range options cover");
  }
  out.ranges = std::move(*ranges);
  out.quantity = *total;
  return out;
}

std::string FormatRange(uint64_t first, uint64_t last) {
  if (first == last) return std::to_string(first);
  return std::to_string(first) + "-" + std::to_string(last);
}

}  // namespace lincao::cli
