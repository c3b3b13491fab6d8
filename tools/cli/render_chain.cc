// Human output for the chain itself: node status, transactions, blocks.
#include <algorithm>

#include "chaincode/bytes.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"
#include "tools/cli/format.h"
#include "tools/cli/json_out.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string TimeWithMs(uint64_t ms) { return FormatTimeMs(ms) + " (" + std::to_string(ms) + ")"; }

std::string HexOrDash(const std::string& bytes) { return bytes.empty() ? "-" : ToHex(bytes); }

bool IsSerialRange(const Json& j) {
  return j.is_object() && j.size() == 2 && j.contains("first") && j.contains("last") &&
         j["first"].is_number_unsigned() && j["last"].is_number_unsigned();
}

// Prints the fields of a decoded body, one per line, nested fields dotted.
void BodyFields(const Json& j, const std::string& prefix, std::ostream& out) {
  for (const auto& [key, value] : j.items()) {
    const std::string label = prefix + key;
    if (value.is_object()) {
      BodyFields(value, label + ".", out);
    } else if (value.is_array() && !value.empty() &&
               std::all_of(value.begin(), value.end(), IsSerialRange)) {
      std::string ranges;
      for (const Json& r : value) {
        ranges += (ranges.empty() ? "" : ", ") +
                  FormatRange(r["first"].get<uint64_t>(), r["last"].get<uint64_t>());
      }
      Field(out, "  " + label, ranges);
    } else if (value.is_array()) {
      if (value.empty()) continue;
      for (size_t i = 0; i < value.size(); ++i) {
        if (value[i].is_object()) {
          BodyFields(value[i], label + "[" + std::to_string(i) + "].", out);
        } else {
          Field(out, "  " + label + "[" + std::to_string(i) + "]",
                value[i].is_string() ? value[i].get<std::string>() : value[i].dump());
        }
      }
    } else if (key == "quantity" && value.is_number_unsigned()) {
      Field(out, "  " + label, FormatUnits(value.get<uint64_t>()));
    } else if (key.ends_with("_ms") && value.is_number_unsigned() && value.get<uint64_t>() != 0) {
      Field(out, "  " + label, TimeWithMs(value.get<uint64_t>()));
    } else if (value.is_string()) {
      if (!value.get<std::string>().empty()) Field(out, "  " + label, value.get<std::string>());
    } else {
      Field(out, "  " + label, value.dump());
    }
  }
}

std::string CodeText(const v1::TxResult& r) {
  std::string s = ErrorCodeName(r.code());
  if (r.code() != v1::OK && !r.message().empty()) s += ": " + r.message();
  return s;
}

}  // namespace

void RenderStatus(const v1::NodeStatus& s, std::ostream& out) {
  Field(out, "chain id", s.chain_id());
  Field(out, "node", s.node_id());
  Field(out, "height", std::to_string(s.height()));
  Field(out, "head hash", HexOrDash(s.head_hash()));
  Field(out, "state root", HexOrDash(s.state_root()));
  Field(out, "chain time", TimeWithMs(s.chain_time_ms()));
  Field(out, "next time", TimeWithMs(s.next_time_ms()));
  Field(out, "genesis hash", HexOrDash(s.genesis_hash()));
  Field(out, "suite", std::string(SuiteName(s.suite())));
  Field(out, "tx horizon", std::to_string(s.max_tx_horizon_ms()) + " ms");
  Field(out, "pending txs", std::to_string(s.pending_txs()));
  Field(out, "role",
        s.role().empty() ? "-" : s.role() + (s.halted() ? " (HALTED: see its log)" : ""));
  Field(out, "term", std::to_string(s.term()));
  std::string leader = s.leader_id().empty() ? "none known" : s.leader_id();
  if (!s.leader_address().empty()) leader += " at " + s.leader_address();
  Field(out, "leader", leader);
  Field(out, "commit index", std::to_string(s.commit_index()));
  Field(out, "applied index", std::to_string(s.applied_index()));
  for (const auto& p : s.peers()) {
    Field(out, "peer " + p.node_id(),
          "match " + std::to_string(p.match_index()) + ", lag " + std::to_string(p.lag()) +
              (p.active() ? "" : ", not heard from recently"));
  }
}

void RenderTx(const v1::TxRecord& r, std::ostream& out) {
  Field(out, "tx", ToHex(r.tx_id()));
  Field(out, "block", std::to_string(r.height()) + ", position " + std::to_string(r.index()));
  Field(out, "time", TimeWithMs(r.time_ms()));
  Field(out, "result", CodeText(r.result()));
  v1::Tx tx;
  if (!tx.ParseFromString(r.tx().tx())) {
    Field(out, "body", "(does not decode as a Tx)");
    return;
  }
  Field(out, "chain id", tx.chain_id());
  Field(out, "account", tx.account());
  Field(out, "expiry", TimeWithMs(tx.expiry_ms()));
  Field(out, "nonce", ToHex(tx.nonce()));
  for (const auto& sig : r.tx().signatures()) {
    Field(out, "signed by",
          sig.account() + " key " + std::to_string(sig.key_id()) + " (" +
              std::string(SuiteName(sig.suite())) + ")");
  }
  const auto* body_oneof = tx.GetDescriptor()->FindOneofByName("body");
  const auto* field = tx.GetReflection()->GetOneofFieldDescriptor(tx, body_oneof);
  if (field == nullptr) {
    Field(out, "type", "(no body)");
    return;
  }
  Field(out, "type", field->name());
  BodyFields(ProtoToJson(tx.GetReflection()->GetMessage(tx, field)), "", out);
}

void RenderBlock(const v1::Block& b, std::ostream& out) {
  const v1::BlockHeader& h = b.header();
  Field(out, "block", std::to_string(h.height()));
  Field(out, "chain id", h.chain_id());
  Field(out, "time", TimeWithMs(h.time_ms()));
  Field(out, "proposer", h.proposer().empty() ? "-" : h.proposer());
  Field(out, "prev hash", HexOrDash(h.prev_hash()));
  Field(out, "txs root", HexOrDash(h.txs_root()));
  Field(out, "results root", HexOrDash(h.results_root()));
  Field(out, "state root", HexOrDash(h.state_root()));
  Field(out, "membership hash", HexOrDash(h.membership_hash()));
  Field(out, "chaincode", "version " + std::to_string(h.chaincode_version()));
  Field(out, "last commit", HexOrDash(h.last_commit_hash()));
  if (b.has_last_commit()) {
    std::string signers;
    for (const auto& sig : b.last_commit().signatures()) {
      signers += (signers.empty() ? "" : ", ") + sig.node_id();
    }
    Field(out, "certifies",
          "block " + std::to_string(b.last_commit().height()) + " " +
              HexOrDash(b.last_commit().block_hash()) + ", signed by " + OrDash(signers));
  }
  out << "transactions: " << b.txs_size() << "\n";
  for (int i = 0; i < b.results_size(); ++i) {
    const v1::TxResult& r = b.results(i);
    out << "  #" << i << "  " << ToHex(r.tx_id()) << "  " << CodeText(r) << "\n";
  }
}

}  // namespace lincao::cli
