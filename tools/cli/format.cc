#include "tools/cli/format.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace lincao::cli {

std::string FormatUnits(uint64_t units) {
  std::string frac = std::to_string(units % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return std::to_string(units) + (units == 1 ? " unit (" : " units (") +
         std::to_string(units / 1000) + "." + frac + " tCO2e)";
}

std::string FormatTimeMs(uint64_t ms) {
  if (ms == 0) return "-";
  const time_t secs = static_cast<time_t>(ms / 1000);
  std::tm tm{};
  if (gmtime_r(&secs, &tm) == nullptr) return std::to_string(ms) + " ms";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<unsigned>(ms % 1000));
  return buf;
}

std::string FormatChinaTimeMs(uint64_t ms) {
  if (ms == 0) return "-";
  constexpr uint64_t kOffsetMs = 8ull * 60 * 60 * 1000;
  std::string t = FormatTimeMs(ms + kOffsetMs);  // the wall clock in UTC+8, written as UTC
  t.pop_back();                                  // the 'Z'
  return t + "+08:00";
}

std::string FormatChinaDay(uint64_t day) {
  // The day's midnight in UTC+8 is day * 24 h as a UTC+8 wall clock.
  constexpr uint64_t kDayMs = 24ull * 60 * 60 * 1000;
  return FormatTimeMs(day * kDayMs).substr(0, 10);
}

namespace {

// "<whole>.<two digits>" of a count of hundredths.
std::string Hundredths(uint64_t n) {
  std::string frac = std::to_string(n % 100);
  frac.insert(0, 2 - frac.size(), '0');
  return std::to_string(n / 100) + "." + frac;
}

}  // namespace

std::string FormatBasisPoints(uint32_t bps) { return Hundredths(bps) + "%"; }

std::string FormatHectares(uint64_t centiha) { return Hundredths(centiha) + " ha"; }

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

void Field(std::ostream& out, std::string_view label, const std::string& value) {
  constexpr size_t kLabelWidth = 16;
  out << label;
  out << ' ';
  for (size_t i = label.size() + 1; i < kLabelWidth; ++i) out << ' ';
  out << value << "\n";
}

void Table(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

}  // namespace lincao::cli
