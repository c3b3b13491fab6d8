#include "tools/cli/points_cmd.h"

#include <memory>
#include <optional>
#include <vector>

#include "chaincode/vintage.h"
#include "tools/cli/document_hash.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct PointsOptions {
  TxOptions tx;
  // record
  std::string day;
  std::string category;
  uint64_t points = 0;
  DocumentHashOptions evidence;
  // redeem
  std::optional<uint64_t> retire_kg;
  std::vector<std::string> ranges;
  std::string note;
  std::string benefit;
};

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

// Points are the business of a custodial personal account's platform: the
// acting account is the personal account (--for), signed with the
// platform's key.
Status RequireFor(const PointsOptions& o) {
  if (!o.tx.for_account.empty() || !o.tx.account.empty()) return Status::Ok();
  return Invalid(
      "name the personal account with --for ACCOUNT (and sign with its platform's --key): "
      "points belong to custodial personal accounts");
}

Status RecordBody(const PointsOptions& o, const Io& io, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireFor(o));
  auto day_ms = ParseChinaTimeMs(o.day, "--day");
  if (!day_ms.ok()) return day_ms.status();
  auto category = ParseFootprintCategory(o.category);
  if (!category.ok()) return category.status();
  if (o.points == 0) return Invalid("--points is at least 1");
  auto evidence = ResolveDocumentHash(o.evidence, "evidence", io.err);
  if (!evidence.ok()) return evidence.status();
  auto* b = tx->mutable_record_behaviour();
  b->set_day(static_cast<uint32_t>(DayInChinaStandardTime(*day_ms)));
  b->set_category(*category);
  b->set_points(o.points);
  b->set_evidence_hash(*evidence);
  return Status::Ok();
}

Status RedeemBody(const PointsOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireFor(o));
  if (o.retire_kg.has_value() == !o.benefit.empty()) {
    return Invalid(
        "redeem for exactly one thing: a retirement (--retire-kg N --category C) or a benefit "
        "(--benefit NAME --points N)");
  }
  auto* b = tx->mutable_redeem_points();
  if (!o.benefit.empty()) {
    if (o.points == 0) return Invalid("--points is at least 1: what the benefit costs");
    if (!o.ranges.empty() || !o.category.empty() || !o.note.empty()) {
      return Invalid("--range, --category and --note belong to a retirement, not to --benefit");
    }
    b->mutable_benefit()->set_name(o.benefit);
    b->mutable_benefit()->set_points(o.points);
    return Status::Ok();
  }
  if (o.points != 0) {
    return Invalid(
        "--points is the price of a --benefit; a retirement costs --retire-kg x the chain's "
        "points_per_kg (lincao query governance)");
  }
  if (*o.retire_kg == 0) return Invalid("--retire-kg is at least 1 (kg CO2e)");
  if (o.category.empty()) {
    return Invalid("--retire-kg needs --category: the footprint it offsets, one of " +
                   FootprintCategoryChoices());
  }
  auto category = ParseFootprintCategory(o.category);
  if (!category.ok()) return category.status();
  auto ranges = ParseRanges(o.ranges);
  if (!ranges.ok()) return ranges.status();
  auto* r = b->mutable_retirement();
  r->set_quantity(*o.retire_kg);
  for (const auto& range : *ranges) *r->add_ranges() = range;
  r->set_category(*category);
  r->set_note(o.note);
  return Status::Ok();
}

}  // namespace

void AddPointsCommands(CLI::App& app, Runner& runner) {
  CLI::App* p = app.add_subcommand(
      "points",
      "Personal carbon points (个人碳账户), chaincode version 4: the service platform records a "
      "person's low-carbon behaviour (衣食住行用) as points, at most the chain's "
      "points_daily_cap a day, and redeems them (权益兑换) for a retirement on the person's "
      "behalf from the platform's own holdings, or for a named benefit. The platform acts for "
      "the custodial personal account: --for ACCOUNT with the platform's --key. `lincao query "
      "points ACCOUNT` shows the balance and every movement.");
  p->require_subcommand(1);
  p->footer(
      "Example:\n"
      "  lincao points record --for p-0001 --day 2026-03-15 --category travel --points 120 \\\n"
      "      --evidence-hash 5d1c...e0 --key data/dev/keys/dd-platform.key\n"
      "  lincao points redeem --for p-0001 --benefit \"Chengdu metro day ticket\" --points 100 "
      "\\\n"
      "      --key data/dev/keys/dd-platform.key");

  auto record = std::make_shared<PointsOptions>();
  CLI::App* rc = AddTxSubcommand<PointsOptions>(
      p, runner, "record",
      "Record one low-carbon behaviour of a personal account as points. The day is a date in "
      "China Standard Time: today or one of the 6 days before, by chain time. The day's total "
      "stays within points_daily_cap; the refusal says how many points are left for it.",
      "  lincao points record --for p-0001 --day 2026-03-15 --category travel --points 120 \\\n"
      "      --evidence-file trip-2026-03-15.json --key data/dev/keys/dd-platform.key",
      record, RecordBody);
  rc->add_option("--day", record->day, "the behaviour's day, e.g. 2026-03-15 (UTC+8 calendar)")
      ->required();
  rc->add_option("--category", record->category,
                 "what kind of behaviour: " + FootprintCategoryChoices() + " (or 衣 食 住 行 用)")
      ->required();
  rc->add_option("--points", record->points, "points earned, at least 1")->required();
  AddDocumentHashOptions(rc, &record->evidence, "evidence",
                         "the platform's record of the behaviour (required)");

  auto redeem = std::make_shared<PointsOptions>();
  CLI::App* dc = AddTxSubcommand<PointsOptions>(
      p, runner, "redeem",
      "Redeem a personal account's points, for one of two things. A retirement: --retire-kg "
      "units of the platform's own holdings are retired for the person (beneficiary: the "
      "account's commitment; purpose: personal footprint, with --category), costing "
      "--retire-kg x points_per_kg points; the node answers with the retirement id. Or a "
      "benefit: --benefit NAME costing --points.",
      "  lincao points redeem --for p-0001 --retire-kg 2 --category travel \\\n"
      "      --key data/dev/keys/dd-platform.key\n"
      "  lincao points redeem --for p-0001 --benefit \"Panda base ticket\" --points 3000 \\\n"
      "      --key data/dev/keys/dd-platform.key",
      redeem, RedeemBody);
  dc->add_option_function<uint64_t>(
      "--retire-kg", [o = redeem.get()](const uint64_t& kg) { o->retire_kg = kg; },
      "retire this many kg CO2e (units) of the platform's holdings for the person");
  dc->add_option("--range", redeem->ranges,
                 "with --retire-kg: serial range FIRST-LAST of the platform's holdings, "
                 "repeatable (default: its lowest serials)");
  dc->add_option("--category", redeem->category,
                 "with --retire-kg: the footprint offset, " + FootprintCategoryChoices());
  dc->add_option("--note", redeem->note, "with --retire-kg: a note on the retirement record");
  dc->add_option("--benefit", redeem->benefit, "the benefit's public name");
  dc->add_option("--points", redeem->points, "with --benefit: what it costs in points");
}

}  // namespace lincao::cli
