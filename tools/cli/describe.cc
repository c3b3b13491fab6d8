#include "tools/cli/describe.h"

#include <cctype>

#include "chaincode/bytes.h"
#include "chaincode/suite.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

std::string RoleText(int role) {
  return v1::Role_IsValid(role) ? v1::Role_Name(static_cast<v1::Role>(role))
                                : "role " + std::to_string(role);
}

std::string Sectors(const google::protobuf::RepeatedField<int>& sectors) {
  std::string out;
  for (int s : sectors) {
    out += (out.empty() ? "" : ", ") + (v1::Sector_IsValid(s)
                                            ? v1::Sector_Name(static_cast<v1::Sector>(s))
                                            : "sector " + std::to_string(s));
  }
  return out;
}

std::string RangesText(const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) out += (out.empty() ? "" : ", ") + FormatRange(r.first(), r.last());
  return out;
}

std::string Key(const v1::PublicKey& k) {
  return "key " + std::to_string(k.key_id()) + " (" + std::string(SuiteName(k.suite())) + " " +
         ToHex(k.key()) + ")";
}

}  // namespace

std::string BodyType(const v1::Tx& tx) {
  const auto* oneof = tx.GetDescriptor()->FindOneofByName("body");
  const auto* field = tx.GetReflection()->GetOneofFieldDescriptor(tx, oneof);
  return field == nullptr ? "" : field->name();
}

int BodyNumber(const std::string& name) {
  if (auto n = ParseUint(name)) {
    const auto* f = v1::Tx::descriptor()->FindFieldByNumber(static_cast<int>(*n));
    return f != nullptr && f->containing_oneof() != nullptr ? f->number() : 0;
  }
  std::string spelled = name;
  for (char& c : spelled)
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto* f = v1::Tx::descriptor()->FindFieldByName(spelled);
  return f != nullptr && f->containing_oneof() != nullptr ? f->number() : 0;
}

std::string BodyName(int number) {
  const auto* f = v1::Tx::descriptor()->FindFieldByNumber(number);
  return f != nullptr && f->containing_oneof() != nullptr ? f->name() : std::to_string(number);
}

std::vector<std::string> DescribeBody(const v1::Tx& tx) {
  std::vector<std::string> l;
  const std::string& actor = tx.account();
  switch (tx.body_case()) {
    case v1::Tx::kOpenAccount: {
      const auto& b = tx.open_account();
      std::string roles;
      for (int r : b.roles()) roles += (roles.empty() ? "" : ", ") + RoleText(r);
      l.push_back("open account " + b.id() + " with roles " + OrDash(roles) + ", " +
                  std::to_string(b.threshold()) + " of " + std::to_string(b.keys_size()) +
                  " key(s) to act");
      for (const auto& k : b.keys()) l.push_back("  " + Key(k));
      if (!b.display_name().empty()) l.push_back("  named \"" + b.display_name() + "\"");
      l.push_back(b.identity_hash().empty()
                      ? "  no identity documents hash (refused from chaincode version 2 on)"
                      : "  identity documents hash " + ToHex(b.identity_hash()));
      break;
    }
    case v1::Tx::kOpenPersonalAccount: {
      const auto& b = tx.open_personal_account();
      l.push_back("open custodial personal account " + b.id() + " (PARTICIPANT, no keys of " +
                  "its own) for a person, signed for by " + actor);
      l.push_back("  holder commitment " + ToHex(b.holder_commitment()));
      break;
    }
    case v1::Tx::kCloseAccount:
      l.push_back("close account " + tx.close_account().account() +
                  " for good: it never acts, signs or receives units again");
      break;
    case v1::Tx::kUpdateKeys: {
      const auto& b = tx.update_keys();
      l.push_back("change the keys of " + actor +
                  " (signed by its current keys; for a custodial account, by its custodian: "
                  "adding keys ends custody)");
      for (uint32_t id : b.remove()) {
        l.push_back("  remove key " + std::to_string(id) + " for good (never valid again)");
      }
      for (const auto& k : b.add()) l.push_back("  add " + Key(k));
      l.push_back(b.threshold() == 0
                      ? "  keep the current threshold (1 for a custodial account taking its "
                        "own keys)"
                      : "  then " + std::to_string(b.threshold()) + " distinct key(s) must sign");
      break;
    }
    case v1::Tx::kGrantRole: {
      const auto& b = tx.grant_role();
      std::string s = "grant role " + RoleText(b.role()) + " to " + b.account();
      if (!b.sectors().empty()) s += " in sectors " + Sectors(b.sectors());
      l.push_back(s);
      break;
    }
    case v1::Tx::kRevokeRole:
      l.push_back("revoke role " + RoleText(tx.revoke_role().role()) + " from " +
                  tx.revoke_role().account());
      break;
    case v1::Tx::kSetGovernancePolicy: {
      const auto& b = tx.set_governance_policy();
      std::string accounts;
      for (const auto& a : b.accounts()) accounts += (accounts.empty() ? "" : ", ") + a;
      l.push_back("replace the governance policy: " + std::to_string(b.threshold()) + " of " +
                  std::to_string(b.accounts_size()) + " governing accounts (" + accounts +
                  ") must approve each governance transaction");
      break;
    }
    case v1::Tx::kSetParameter:
      l.push_back("set chain parameter " + tx.set_parameter().name() + " to " +
                  std::to_string(tx.set_parameter().value()) + ", from the next block on");
      break;
    case v1::Tx::kActivateChaincode:
      l.push_back("run chaincode version " + std::to_string(tx.activate_chaincode().version()) +
                  " from block " + std::to_string(tx.activate_chaincode().height()) + " on");
      break;
    case v1::Tx::kSetNode: {
      const auto& b = tx.set_node();
      l.push_back("add or replace node " + b.id() + " as a " +
                  (b.voter() ? "voting member" : "non-voting member") + " at " + b.address());
      l.push_back("  node key " + std::string(SuiteName(b.suite())) + " " + ToHex(b.public_key()));
      break;
    }
    case v1::Tx::kRemoveNode:
      l.push_back("remove node " + tx.remove_node().id() + " from the membership");
      break;
    case v1::Tx::kImposeSanction: {
      const auto& b = tx.impose_sanction();
      std::string s;
      switch (b.kind()) {
        case v1::SUSPENDED:
          s = "suspend " + b.account() +
              (b.sectors().empty() ? ": no action at all"
                                   : ": no verifier work in sectors " + Sectors(b.sectors()));
          break;
        case v1::RESTRICTED: {
          std::string allowed;
          for (uint32_t n : b.allowed_actions()) {
            allowed += (allowed.empty() ? "" : ", ") + BodyName(static_cast<int>(n));
          }
          s = "restrict " + b.account() + " to " + OrDash(allowed);
          break;
        }
        case v1::REVOKED:
          s = "revoke " + b.account() +
              ": no action at all; only the governance quorum can lift this";
          break;
        default:
          s = "sanction " + b.account() + " (kind " + std::to_string(b.kind()) + ")";
      }
      l.push_back(s + ", replacing any sanction in force");
      l.push_back("  public reason: " + b.reason());
      break;
    }
    case v1::Tx::kLiftSanction:
      l.push_back("lift the sanction on " + tx.lift_sanction().account() +
                  " (a revocation needs the governance quorum)");
      l.push_back("  public reason: " + tx.lift_sanction().reason());
      break;
    case v1::Tx::kIssueBatch: {
      const auto& b = tx.issue_batch();
      l.push_back("issue " + FormatUnits(b.quantity()) + " to " + b.to() + " for project " +
                  b.project_id() + ", vintage " + std::to_string(b.vintage()));
      break;
    }
    case v1::Tx::kTransfer: {
      const auto& b = tx.transfer();
      std::string s = "transfer " + FormatUnits(b.quantity()) + " from " + actor + " to " + b.to();
      if (!b.ranges().empty()) s += ", serials " + RangesText(b.ranges());
      l.push_back(s);
      break;
    }
    case v1::Tx::kRetire: {
      const auto& b = tx.retire();
      const std::string who =
          b.beneficiary().has_person_commitment()
              ? "a person (commitment " + ToHex(b.beneficiary().person_commitment()) + ")"
              : b.beneficiary().organisation();
      std::string s = "retire " + FormatUnits(b.quantity()) + " held by " + actor + " for " + who +
                      ", purpose " + PurposeShortName(b.purpose());
      if (!b.ranges().empty()) s += ", serials " + RangesText(b.ranges());
      l.push_back(s);
      break;
    }
    default:
      l.push_back("(no body this client knows)");
  }
  return l;
}

}  // namespace lincao::cli
