#include <string>

#include "chaincode/canonical.h"
#include "chaincode/limits.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

bool IsValidAccountId(std::string_view id) {
  if (id.size() < 2 || id.size() > kMaxIdBytes) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    bool punct = c == '.' || c == '_' || c == '-';
    if (!(alnum || (i > 0 && punct))) return false;
  }
  return true;
}

bool IsAuditorOnly(const AccountRecord& account) {
  return account.roles_mask == (1u << v1::AUDITOR);
}

Status CheckText(std::string_view field, std::string_view value, bool required) {
  if (required && value.empty()) {
    return Status(v1::INVALID_ARGUMENT, std::string(field) + " is required");
  }
  if (value.size() > kMaxTextBytes) {
    return Status(v1::INVALID_ARGUMENT, std::string(field) + " is " + std::to_string(value.size()) +
                                            " bytes; at most " + std::to_string(kMaxTextBytes));
  }
  return Status::Ok();
}

Status CheckHash(std::string_view field, std::string_view value) {
  if (value.size() == 32) return Status::Ok();
  return Status(v1::INVALID_ARGUMENT, std::string(field) + " must be a 32-byte hash, got " +
                                          std::to_string(value.size()) + " bytes");
}

Status RequireRole(const AccountRecord& actor, v1::Role role, std::string_view action) {
  if (actor.HasRole(role)) return Status::Ok();
  return Status(v1::UNAUTHORIZED, "account '" + actor.id + "' may not " + std::string(action) +
                                      ": it needs role " + v1::Role_Name(role));
}

Result<AccountRecord> LoadExistingAccount(const StateReader& state, std::string_view id,
                                          std::string_view what) {
  auto loaded = LoadRecord<AccountRecord>(state, keys::Account(id));
  if (!loaded.ok()) return loaded.status();
  if (!loaded.value()) {
    return Status(v1::UNKNOWN_ACCOUNT,
                  std::string(what) + " '" + std::string(id) + "' does not exist");
  }
  if ((*loaded)->closed()) {
    return Status(v1::ACCOUNT_CLOSED, std::string(what) + " '" + std::string(id) +
                                          "' was closed in block " +
                                          std::to_string((*loaded)->closed_height) +
                                          ": it never acts, signs, receives units or takes a "
                                          "role again");
  }
  return std::move(**loaded);
}

Result<Counters> LoadCounters(const StateReader& state) {
  auto loaded = LoadRecord<Counters>(state, keys::Counters());
  if (!loaded.ok()) return loaded.status();
  if (!loaded.value()) return Status(v1::INTERNAL, "registry counters missing from state");
  return **loaded;
}

Result<Holdings> ParseNamedRanges(
    const ApplyContext& ctx, uint64_t quantity,
    const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges) {
  if (quantity == 0) return Status(v1::ZERO_QUANTITY, "quantity must be at least 1 unit (1 kg)");
  if (quantity > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "quantity " + std::to_string(quantity) +
                                             " exceeds the per-transaction bound " +
                                             std::to_string(kMaxQuantity));
  }
  if (ranges.empty()) {
    return Status(v1::INVALID_ARGUMENT, "name the serial ranges (first-last) that this moves");
  }
  if (static_cast<size_t>(ranges.size()) > ctx.params.max_ranges_per_tx) {
    return Status(v1::TOO_MANY_RANGES, std::to_string(ranges.size()) + " ranges named; at most " +
                                           std::to_string(ctx.params.max_ranges_per_tx) +
                                           " per transaction");
  }
  Holdings wanted;
  uint64_t named_total = 0;
  for (const auto& r : ranges) {
    if (r.first() == 0 || r.first() > r.last() || r.last() >= kMaxSerial) {
      return Status(v1::INVALID_ARGUMENT, "range " + std::to_string(r.first()) + "-" +
                                              std::to_string(r.last()) + " is not valid");
    }
    named_total += r.last() - r.first() + 1;  // each term < 2^62: no wrap
    if (named_total > kMaxQuantity) {
      return Status(v1::QUANTITY_OVERFLOW, "named ranges exceed the per-transaction bound");
    }
    wanted.push_back({r.first(), r.last(), 0});
  }
  if (named_total != quantity) {
    return Status(v1::INVALID_ARGUMENT, "named ranges hold " + std::to_string(named_total) +
                                            " units but quantity is " + std::to_string(quantity));
  }
  return NormalizeNamedRanges(std::move(wanted), ctx.params.max_ranges_per_tx);
}

namespace {

// Prefixes a holdings error with the account it concerns.
Status AboutAccount(std::string_view account, const Status& st) {
  if (st.code() == v1::INTERNAL) return st;
  return Status(st.code(), "account '" + std::string(account) + "' " + st.message());
}

}  // namespace

Result<Holdings> TakeUnits(const ApplyContext& ctx, StateView& state, std::string_view account,
                           uint64_t quantity,
                           const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges) {
  if (!ranges.empty()) {
    return TakeNamedUnits(ctx, state, account, quantity, ranges, RangeLimit::kEnforce);
  }
  if (quantity == 0) return Status(v1::ZERO_QUANTITY, "quantity must be at least 1 unit (1 kg)");
  if (quantity > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "quantity " + std::to_string(quantity) +
                                             " exceeds the per-transaction bound " +
                                             std::to_string(kMaxQuantity));
  }
  auto holder = AccountHoldings::Load(state, account);
  if (!holder.ok()) return holder.status();
  auto taken = holder->TakeLowest(state, quantity, ctx.params.max_ranges_per_tx);
  if (!taken.ok()) return AboutAccount(account, taken.status());
  LINCAO_RETURN_IF_ERROR(holder->CheckRangeLimit(ctx.params.max_ranges_per_account));
  return std::move(*taken);
}

Result<Holdings> TakeNamedUnits(const ApplyContext& ctx, StateView& state, std::string_view account,
                                uint64_t quantity,
                                const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges,
                                RangeLimit limit) {
  auto wanted = ParseNamedRanges(ctx, quantity, ranges);
  if (!wanted.ok()) return wanted.status();
  auto holder = AccountHoldings::Load(state, account);
  if (!holder.ok()) return holder.status();
  auto taken = holder->TakeNamed(state, *wanted);
  if (!taken.ok()) return AboutAccount(account, taken.status());
  if (limit == RangeLimit::kEnforce) {
    LINCAO_RETURN_IF_ERROR(holder->CheckRangeLimit(ctx.params.max_ranges_per_account));
  }
  return std::move(*taken);
}

}  // namespace lincao::rules
