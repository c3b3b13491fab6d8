#include "tools/cli/methodology_cmd.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "chaincode/methodology_records.h"
#include "tools/cli/document_hash.h"
#include "tools/cli/lifecycle_options.h"
#include "tools/cli/names.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct MethodologyOptions {
  TxOptions tx;
  std::string id;
  std::string sector;
  std::string title;
  uint32_t buffer_bps = 0;
  std::vector<std::string> factors;  // NAME=VALUE:UNIT
  DocumentHashOptions document;      // propose: the methodology document
  VerdictOptions verdict;
  DocumentHashOptions opinion;  // evaluate: the expert's written opinion
  std::string reason;
};

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

// "carbon_fraction_permille=470:permille" (the unit may contain any
// character, e.g. "kg/m3").
Result<v1::ConversionFactor> ParseFactor(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return Invalid("--factor '" + text + "' " + why +
                   " (expected NAME=VALUE:UNIT, e.g. carbon_fraction_permille=470:permille)");
  };
  const size_t eq = text.find('=');
  const size_t colon = text.find(':', eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || colon == std::string::npos) return bad("is not NAME=VALUE:UNIT");
  const std::string name = text.substr(0, eq);
  if (!IsValidFactorName(name)) {
    return bad("has a bad name: a lower-case letter, then up to 47 of a-z, 0-9, _");
  }
  auto value = ParseUint(std::string_view(text).substr(eq + 1, colon - eq - 1));
  if (!value) return bad("has a value that is not a whole number (factors are integers)");
  const std::string unit = text.substr(colon + 1);
  if (unit.empty()) return bad("has no unit");
  v1::ConversionFactor f;
  f.set_name(name);
  f.set_value(*value);
  f.set_unit(unit);
  return f;
}

Status ProposeBody(const MethodologyOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_propose_methodology();
  b->set_id(o.id);
  auto sector = ParseSector(o.sector);
  if (!sector.ok()) return sector.status();
  // The chain's own reading of the id (SC-FOR-001-V01: region, sector,
  // number, version).
  const v1::Sector in_id = SectorOfMethodologyId(o.id);
  if (in_id == v1::SECTOR_UNSPECIFIED) {
    return Invalid("'" + o.id +
                   "' is not a methodology id: SC-<FOR|GRA|WET>-<3 digits>-V<2 digits>, e.g. "
                   "SC-FOR-001-V01 (a new version is a new id)");
  }
  if (in_id != *sector) {
    return Invalid("methodology " + o.id + " is named for sector " + v1::Sector_Name(in_id) +
                   " but --sector says " + v1::Sector_Name(*sector));
  }
  b->set_sector(*sector);
  if (o.title.empty()) return Invalid("give the methodology's title with --title");
  b->set_title(o.title);
  if (o.buffer_bps > 10000) {
    return Invalid("--buffer-bps is a share in basis points, 0..10000 (2000 = 20%)");
  }
  b->set_buffer_bps(o.buffer_bps);
  if (o.factors.size() > kMaxConversionFactors) {
    return Invalid("a methodology has at most " + std::to_string(kMaxConversionFactors) +
                   " conversion factors; " + std::to_string(o.factors.size()) + " --factor given");
  }
  std::vector<v1::ConversionFactor> factors;
  for (const auto& text : o.factors) {
    auto f = ParseFactor(text);
    if (!f.ok()) return f.status();
    factors.push_back(*f);
  }
  std::sort(factors.begin(), factors.end(),
            [](const auto& x, const auto& y) { return x.name() < y.name(); });
  for (size_t i = 0; i < factors.size(); ++i) {
    if (i > 0 && factors[i].name() == factors[i - 1].name()) {
      return Invalid("--factor " + factors[i].name() + " is given twice");
    }
    *b->add_factors() = factors[i];
  }
  auto doc = ResolveDocumentHash(o.document, "evidence", io.err);
  if (!doc.ok()) return doc.status();
  b->set_evidence_hash(*doc);
  return Status::Ok();
}

Status EvaluateBody(const MethodologyOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_evaluate_methodology();
  b->set_id(o.id);
  return SetEvaluation(o.verdict, o.opinion, io.err, b);
}

Status ApproveBody(const MethodologyOptions& o, const Io&, v1::Tx* tx) {
  tx->mutable_approve_methodology()->set_id(o.id);
  return Status::Ok();
}

Status DeprecateBody(const MethodologyOptions& o, const Io&, v1::Tx* tx) {
  LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, "the reason for deprecating it"));
  tx->mutable_deprecate_methodology()->set_id(o.id);
  tx->mutable_deprecate_methodology()->set_reason(o.reason);
  return Status::Ok();
}

}  // namespace

void AddMethodologyCommand(CLI::App& app, Runner& runner) {
  CLI::App* m = app.add_subcommand(
      "methodology",
      "Methodologies (方法学), chaincode version 3: a project owner or the registrar proposes a "
      "versioned methodology, experts of its sector evaluate it, a supervisor approves it once "
      "the expert quorum approved, and may later deprecate it.");
  m->require_subcommand(1);
  m->footer(
      "Example:\n"
      "  lincao methodology propose SC-FOR-001-V01 --sector forest --title \"Forest management\" "
      "\\\n      --buffer-bps 2000 --evidence-file sc-for-001-v01.pdf --key "
      "data/dev/keys/registrar.key");

  auto propose = std::make_shared<MethodologyOptions>();
  CLI::App* pc = AddTxSubcommand<MethodologyOptions>(
      m, runner, "propose",
      "Propose methodology ID (by a project owner or the registrar): its sector, title, the share "
      "of every issuance that goes to the pooled buffer, its integer conversion factors and the "
      "hash of the methodology document.",
      "  lincao methodology propose SC-FOR-001-V01 --sector forest \\\n"
      "      --title \"Sichuan forest management carbon sink\" --buffer-bps 2000 \\\n"
      "      --factor carbon_fraction_permille=470:permille --factor "
      "root_shoot_permille=260:permille "
      "\\\n      --evidence-file docs/SC-FOR-001-V01.pdf --key data/dev/keys/registrar.key",
      propose, ProposeBody);
  pc->add_option("ID", propose->id, "methodology id: SC-<FOR|GRA|WET>-<number>-V<version>")
      ->required();
  pc->add_option("--sector", propose->sector, "sector: " + SectorChoices())->required();
  pc->add_option("--title", propose->title, "title (required)")->required();
  pc->add_option("--buffer-bps", propose->buffer_bps,
                 "share of each issuance sent to the pooled buffer against reversals, in basis "
                 "points 0..10000 (2000 = 20%)")
      ->required();
  pc->add_option("--factor", propose->factors,
                 "conversion factor NAME=VALUE:UNIT, an integer (no fractions in the rules: "
                 "scale it, e.g. permille); repeatable, sorted for you");
  AddDocumentHashOptions(pc, &propose->document, "evidence", "the methodology document");

  auto evaluate = std::make_shared<MethodologyOptions>();
  CLI::App* ec = AddTxSubcommand<MethodologyOptions>(
      m, runner, "evaluate",
      "Record an expert's evaluation of methodology ID (an EXPERT of its sector; once per "
      "expert), with the hash of the written opinion.",
      "  lincao methodology evaluate SC-FOR-001-V01 --approve --opinion-file opinion-zhang.pdf \\\n"
      "      --key data/dev/keys/expert-zhang.key",
      evaluate, EvaluateBody);
  ec->add_option("ID", evaluate->id, "methodology id")->required();
  AddVerdictOptions(ec, &evaluate->verdict, "the methodology");
  AddDocumentHashOptions(ec, &evaluate->opinion, "opinion", "the expert's written opinion");

  auto approve = std::make_shared<MethodologyOptions>();
  AddTxSubcommand<MethodologyOptions>(
      m, runner, "approve",
      "Approve proposed methodology ID (a SUPERVISOR), once at least the expert_quorum parameter's "
      "number of experts of its sector approved it. Projects may then use it.",
      "  lincao methodology approve SC-FOR-001-V01 --key data/dev/keys/forestry-bureau.key",
      approve, ApproveBody)
      ->add_option("ID", approve->id, "methodology id")
      ->required();

  auto deprecate = std::make_shared<MethodologyOptions>();
  CLI::App* dc = AddTxSubcommand<MethodologyOptions>(
      m, runner, "deprecate",
      "Deprecate approved methodology ID (a SUPERVISOR): no new project may use it; projects and "
      "batches that use it keep it.",
      "  lincao methodology deprecate SC-FOR-001-V01 --reason \"superseded by SC-FOR-001-V02\" \\\n"
      "      --key data/dev/keys/forestry-bureau.key",
      deprecate, DeprecateBody);
  dc->add_option("ID", deprecate->id, "methodology id")->required();
  dc->add_option("--reason", deprecate->reason, "public reason (required)")->required();
}

}  // namespace lincao::cli
