#include "chaincode/credit_batches.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status IssueBatch(const ApplyContext& ctx, const AccountRecord& actor, const v1::IssueBatch& body,
                  StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "issue credits"));
  auto to = LoadExistingAccount(state, body.to(), "receiving account");
  if (!to.ok()) return to.status();
  if (!to->HasRole(v1::PROJECT_OWNER)) {
    return Status(v1::UNAUTHORIZED, "credits are issued to project owners; account '" + to->id +
                                        "' lacks role PROJECT_OWNER");
  }
  LINCAO_RETURN_IF_ERROR(CheckMayReceive(ctx, state, *to));
  if (body.quantity() == 0) {
    return Status(v1::ZERO_QUANTITY, "quantity must be at least 1 unit (1 kg CO2e)");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("project_id", body.project_id(), true));
  LINCAO_RETURN_IF_ERROR(CheckText("note", body.note(), false));
  if (body.vintage() < 1990 || body.vintage() > 2200) {
    return Status(v1::INVALID_ARGUMENT,
                  "vintage " + std::to_string(body.vintage()) + " is not a plausible year");
  }
  if (body.period_end_ms() < body.period_start_ms()) {
    return Status(v1::INVALID_ARGUMENT, "monitoring period ends before it starts");
  }
  if (!body.report_hash().empty() && body.report_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT, "report_hash must be 32 bytes when given");
  }

  NewBatch spec;
  spec.project_id = body.project_id();
  spec.vintage = body.vintage();
  spec.quantity = body.quantity();
  spec.owner = body.to();
  spec.period_start_ms = body.period_start_ms();
  spec.period_end_ms = body.period_end_ms();
  spec.report_hash = body.report_hash();
  spec.note = body.note();
  auto batch = CreateBatch(ctx, state, spec);
  if (!batch.ok()) return batch.status();
  return Status::Ok();
}

}  // namespace lincao::rules
