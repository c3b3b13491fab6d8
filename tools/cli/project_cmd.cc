#include "tools/cli/project_cmd.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "tools/cli/document_hash.h"
#include "tools/cli/lifecycle_options.h"
#include "tools/cli/names.h"
#include "tools/cli/parcels.h"
#include "tools/cli/tx_subcommand.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

struct ProjectOptions {
  TxOptions tx;
  std::string id;
  // submit
  std::string methodology;
  std::string area_code;
  std::string parcels_file;
  std::string crediting_start;
  std::string crediting_end;
  std::vector<std::string> tags;
  std::string collective;
  uint32_t collective_share_bps = 0;
  std::string title;
  DocumentHashOptions design;
  DocumentHashOptions survey;
  // evaluate
  VerdictOptions verdict;
  DocumentHashOptions opinion;
  // hold, resume, terminate
  std::string reason;
};

Status Invalid(const std::string& m) { return Status(v1::INVALID_ARGUMENT, m); }

Status SubmitBody(const ProjectOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_submit_project();
  b->set_id(o.id);
  b->set_methodology(o.methodology);
  b->set_area_code(o.area_code);
  auto start = ParseChinaTimeMs(o.crediting_start, "--crediting-start");
  if (!start.ok()) return start.status();
  auto end = ParseChinaTimeMs(o.crediting_end, "--crediting-end");
  if (!end.ok()) return end.status();
  if (*end <= *start) {
    return Invalid(
        "the crediting period [--crediting-start, --crediting-end) is empty: the end "
        "must come after the start");
  }
  b->set_crediting_start_ms(*start);
  b->set_crediting_end_ms(*end);
  std::vector<v1::ProjectTag> tags;
  for (const auto& name : o.tags) {
    auto t = ParseProjectTag(name);
    if (!t.ok()) return t.status();
    tags.push_back(*t);
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  for (auto t : tags) b->add_tags(t);
  const bool entrusted =
      std::find(tags.begin(), tags.end(), v1::ENTRUSTED_COLLECTIVE_FOREST) != tags.end();
  if (entrusted && (o.collective.empty() || o.collective_share_bps == 0)) {
    return Invalid(
        "an entrusted collective forest project names the collective and its benefit share: "
        "add --collective ACCOUNT --collective-share-bps N (1..10000, 3000 = 30%)");
  }
  if (!entrusted && (!o.collective.empty() || o.collective_share_bps != 0)) {
    return Invalid(
        "--collective and --collective-share-bps go only with --tag "
        "entrusted-collective-forest (集体林权委托开发)");
  }
  if (o.collective_share_bps > 10000) {
    return Invalid("--collective-share-bps is in basis points, 1..10000 (3000 = 30%)");
  }
  b->set_collective(o.collective);
  b->set_collective_share_bps(o.collective_share_bps);
  if (o.title.empty()) return Invalid("give the project's title with --title");
  b->set_title(o.title);
  auto design = ResolveDocumentHash(o.design, "design", io.err);
  if (!design.ok()) return design.status();
  b->set_design_hash(*design);
  auto survey = ResolveDocumentHash(o.survey, "survey", io.err);
  if (!survey.ok()) return survey.status();
  b->set_survey_hash(*survey);
  // Parcels last: they may hash several boundary files.
  auto parcels = LoadParcelsFile(o.parcels_file, io.err);
  if (!parcels.ok()) return parcels.status();
  for (auto& p : *parcels) *b->add_parcels() = std::move(p);
  return Status::Ok();
}

Status EvaluateBody(const ProjectOptions& o, const Io& io, v1::Tx* tx) {
  auto* b = tx->mutable_evaluate_project();
  b->set_id(o.id);
  return SetEvaluation(o.verdict, o.opinion, io.err, b);
}

Status ApproveBody(const ProjectOptions& o, const Io&, v1::Tx* tx) {
  tx->mutable_approve_project()->set_id(o.id);
  return Status::Ok();
}

Status RegisterBody(const ProjectOptions& o, const Io&, v1::Tx* tx) {
  tx->mutable_register_project()->set_id(o.id);
  return Status::Ok();
}

// hold, resume and terminate: an id and a public reason.
template <typename Body>
BodyBuilder<ProjectOptions> WithReason(Body* (v1::Tx::*field)(), std::string what) {
  return [field, what](const ProjectOptions& o, const Io&, v1::Tx* tx) {
    LINCAO_RETURN_IF_ERROR(RequireReason(o.reason, what));
    Body* b = (tx->*field)();
    b->set_id(o.id);
    b->set_reason(o.reason);
    return Status::Ok();
  };
}

constexpr char kSupervisorKey[] = " \\\n      --key data/dev/keys/forestry-bureau.key";

}  // namespace

void AddProjectCommand(CLI::App& app, Runner& runner) {
  CLI::App* p = app.add_subcommand(
      "project",
      "Projects, chaincode version 3: the owner submits a project with its land parcels; experts "
      "evaluate it, a supervisor approves it, the registrar registers it (登记). A supervisor may "
      "put it on hold, resume or terminate it. A parcel belongs to one live project at a time.");
  p->require_subcommand(1);
  p->footer(
      "Example:\n"
      "  lincao project submit SC-P-2026-0001 --methodology SC-FOR-001-V01 --area-code 511827 \\\n"
      "      --parcels parcels.json --crediting-start 2025-01-01 --crediting-end 2045-01-01 \\\n"
      "      --tag giant-panda-national-park --title \"Baoxing panda forest\" \\\n"
      "      --design-file design.pdf --survey-file survey.pdf --key data/dev/keys/panda-coop.key");

  auto submit = std::make_shared<ProjectOptions>();
  CLI::App* sc = AddTxSubcommand<ProjectOptions>(
      p, runner, "submit",
      "Submit project ID; the acting account (--key) is its owner, a PROJECT_OWNER. Its parcels "
      "come from a parcels file (docs/cli.md \"Parcels file\"), hashed boundary files included.",
      "  cat parcels.json\n"
      "  {\"parcels\": [\n"
      "    {\"label\": \"Fengtongzhai 12/3\", \"area_code\": \"511827\", \"compartment\": \"12\",\n"
      "     \"sub_compartment\": \"3\", \"boundary_file\": \"boundaries/12-3.geojson\", "
      "\"area_ha\": \"120.50\"}\n"
      "  ]}\n"
      "  lincao project submit SC-P-2026-0001 --methodology SC-FOR-001-V01 --area-code 511827 \\\n"
      "      --parcels parcels.json --crediting-start 2025-01-01 --crediting-end 2045-01-01 \\\n"
      "      --tag giant-panda-national-park --title \"Baoxing panda forest\" \\\n"
      "      --design-file design.pdf --survey-file survey.pdf --key data/dev/keys/panda-coop.key",
      submit, SubmitBody);
  sc->add_option("ID", submit->id, "project id: 3-40 of A-Z, 0-9, '-', e.g. SC-P-2026-0001")
      ->required();
  sc->add_option("--methodology", submit->methodology,
                 "an approved methodology, e.g. SC-FOR-001-V01")
      ->required();
  sc->add_option("--area-code", submit->area_code,
                 "6-digit administrative code of the project's county or city, e.g. 511827")
      ->required();
  sc->add_option("--parcels", submit->parcels_file,
                 "parcels file (JSON): area code, real-estate unit or compartment/sub-compartment, "
                 "boundary file or hash, area in ha, per parcel")
      ->required();
  sc->add_option(
        "--crediting-start", submit->crediting_start,
        "first day of the crediting period: a date like 2025-01-01 (midnight China Standard Time), "
        "a date-time with its zone, or unix ms")
      ->required();
  sc->add_option("--crediting-end", submit->crediting_end,
                 "end of the crediting period, exclusive (2045-01-01 ends it with 2044)")
      ->required();
  sc->add_option("--tag", submit->tags,
                 "project tag, repeatable: " + ProjectTagChoices() + " (or the Chinese term)");
  sc->add_option("--collective", submit->collective,
                 "entrusted-collective-forest only: the village collective's account");
  sc->add_option("--collective-share-bps", submit->collective_share_bps,
                 "entrusted-collective-forest only: the collective's benefit share in basis "
                 "points (3000 = 30%)");
  sc->add_option("--title", submit->title, "project title (required)")->required();
  AddDocumentHashOptions(sc, &submit->design, "design", "the project design document");
  AddDocumentHashOptions(sc, &submit->survey, "survey",
                         "the surveyor's attestation that the boundaries overlap no other claim");

  auto evaluate = std::make_shared<ProjectOptions>();
  CLI::App* ec = AddTxSubcommand<ProjectOptions>(
      p, runner, "evaluate",
      "Record an expert's evaluation of project ID (an EXPERT of its methodology's sector; once "
      "per expert), with the hash of the written opinion.",
      "  lincao project evaluate SC-P-2026-0001 --approve --opinion-file opinion.pdf \\\n"
      "      --key data/dev/keys/expert-zhang.key",
      evaluate, EvaluateBody);
  ec->add_option("ID", evaluate->id, "project id")->required();
  AddVerdictOptions(ec, &evaluate->verdict, "the project");
  AddDocumentHashOptions(ec, &evaluate->opinion, "opinion", "the expert's written opinion");

  auto approve = std::make_shared<ProjectOptions>();
  AddTxSubcommand<ProjectOptions>(
      p, runner, "approve",
      "Approve project ID (a SUPERVISOR), once the expert quorum approved it.",
      std::string("  lincao project approve SC-P-2026-0001") + kSupervisorKey, approve, ApproveBody)
      ->add_option("ID", approve->id, "project id")
      ->required();

  auto reg = std::make_shared<ProjectOptions>();
  AddTxSubcommand<ProjectOptions>(
      p, runner, "register",
      "Register approved project ID (the REGISTRAR, 登记): from now on its owner may submit "
      "monitoring reports.",
      "  lincao project register SC-P-2026-0001 --key data/dev/keys/registrar.key", reg,
      RegisterBody)
      ->add_option("ID", reg->id, "project id")
      ->required();

  struct ReasonCmd {
    const char* name;
    const char* help;
    const char* example_reason;
    BodyBuilder<ProjectOptions> build;
  };
  const ReasonCmd reason_cmds[] = {
      {"hold",
       "Put registered project ID on hold (a SUPERVISOR): no reports, no issuance until resumed.",
       "boundary dispute under review",
       WithReason(&v1::Tx::mutable_hold_project, "the reason for the hold")},
      {"resume", "Resume project ID from hold (a SUPERVISOR).", "boundary dispute settled",
       WithReason(&v1::Tx::mutable_resume_project, "the reason for resuming it")},
      {"terminate",
       "Terminate project ID in any live state (a SUPERVISOR): its parcels become free to claim "
       "again; credits already issued are not affected.",
       "owner withdrew the project",
       WithReason(&v1::Tx::mutable_terminate_project, "the reason for terminating it")},
  };
  for (const ReasonCmd& r : reason_cmds) {
    auto o = std::make_shared<ProjectOptions>();
    CLI::App* c = AddTxSubcommand<ProjectOptions>(p, runner, r.name, r.help,
                                                  std::string("  lincao project ") + r.name +
                                                      " SC-P-2026-0001 --reason \"" +
                                                      r.example_reason + "\"" + kSupervisorKey,
                                                  o, r.build);
    c->add_option("ID", o->id, "project id")->required();
    c->add_option("--reason", o->reason, "public reason (required)")->required();
  }
}

}  // namespace lincao::cli
