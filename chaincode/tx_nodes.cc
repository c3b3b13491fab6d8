// set_node and remove_node: governance changes the node membership records.
// The records in force for block H are those of the state after block H - 1
// (formats.md "Blocks"); the Raft configuration change that follows a
// membership record is the node layer's work (docs/governance.md).
#include "chaincode/block.h"
#include "chaincode/governance_records.h"
#include "chaincode/limits.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

Status CheckVoterLeft(const std::vector<NodeRecord>& nodes, std::string_view changed,
                      bool changed_votes) {
  for (const auto& n : nodes) {
    if (n.id != changed && n.voter) return Status::Ok();
  }
  if (changed_votes) return Status::Ok();
  return Status(v1::LAST_VOTER, "node '" + std::string(changed) +
                                    "' is the last voting node; add another voter first");
}

}  // namespace

Status SetNode(const ApplyContext& ctx, const v1::SetNode& body, StateView& state) {
  if (!IsValidAccountId(body.id())) {
    return Status(v1::INVALID_ARGUMENT,
                  "node id '" + body.id() + "' must be 2-64 characters of a-z, 0-9, '.', '_', '-'");
  }
  const std::string who = "node '" + body.id() + "': ";
  LINCAO_RETURN_IF_ERROR(CheckPublicKey(ctx.params, {0, body.suite(), body.public_key()}, who));
  LINCAO_RETURN_IF_ERROR(CheckText("address", body.address(), true));
  auto nodes = LoadNodes(state);
  if (!nodes.ok()) return nodes.status();
  bool exists = false;
  for (const auto& n : *nodes) {
    if (n.id == body.id()) {
      exists = true;
    } else if (n.public_key == body.public_key()) {
      // One key under two nodes would count twice in a commit certificate.
      return Status(v1::BAD_KEY_SET, who + "its public key is node '" + n.id + "'s");
    }
  }
  if (!exists && nodes->size() >= kMaxNodes) {
    return Status(v1::INVALID_ARGUMENT,
                  "the membership holds at most " + std::to_string(kMaxNodes) + " nodes");
  }
  LINCAO_RETURN_IF_ERROR(CheckVoterLeft(*nodes, body.id(), body.voter()));
  state.Put(keys::Node(body.id()),
            NodeRecord{body.id(), body.suite(), body.public_key(), body.voter()}.Encode());
  state.Put(keys::NodeAddress(body.id()), NodeAddressRecord{body.address()}.Encode());
  return Status::Ok();
}

Status RemoveNode(const ApplyContext& ctx, const v1::RemoveNode& body, StateView& state) {
  (void)ctx;
  if (!state.Get(keys::Node(body.id()))) {
    return Status(v1::UNKNOWN_NODE, "no node '" + body.id() + "' in the membership");
  }
  auto nodes = LoadNodes(state);
  if (!nodes.ok()) return nodes.status();
  LINCAO_RETURN_IF_ERROR(CheckVoterLeft(*nodes, body.id(), /*changed_votes=*/false));
  state.Delete(keys::Node(body.id()));
  state.Delete(keys::NodeAddress(body.id()));
  return Status::Ok();
}

}  // namespace lincao::rules
