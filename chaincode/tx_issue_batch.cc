#include "chaincode/limits.h"
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
  auto counters = LoadCounters(state);
  if (!counters.ok()) return counters.status();
  if (body.quantity() > kMaxQuantity || counters->next_serial > kMaxSerial - body.quantity()) {
    return Status(v1::QUANTITY_OVERFLOW, "quantity " + std::to_string(body.quantity()) +
                                             " is beyond what one batch may issue (" +
                                             std::to_string(kMaxQuantity) + " units)");
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

  CreditBatchRecord batch;
  batch.id = counters->next_batch_id;
  batch.project_id = body.project_id();
  batch.vintage = body.vintage();
  batch.first_serial = counters->next_serial;
  batch.quantity = body.quantity();
  batch.issued_to = body.to();
  batch.issued_height = ctx.height;
  batch.period_start_ms = body.period_start_ms();
  batch.period_end_ms = body.period_end_ms();
  batch.report_hash = body.report_hash();
  batch.note = body.note();

  // Issuance is exempt from max_ranges_per_account: the registrar issues,
  // one range per batch, and an owner must never be unable to receive it.
  auto owner = AccountHoldings::Load(state, body.to());
  if (!owner.ok()) return owner.status();
  LINCAO_RETURN_IF_ERROR(owner->Add(state, {{batch.first_serial, batch.last_serial(), batch.id}}));

  counters->next_batch_id += 1;
  counters->next_serial += body.quantity();
  state.Put(keys::Batch(batch.id), batch.Encode());
  state.Put(keys::Counters(), counters->Encode());
  if (ctx.output != nullptr) ctx.output->created_id = batch.id;
  return Status::Ok();
}

}  // namespace lincao::rules
