#include "node/history_index.h"

#include <charconv>
#include <set>

#include "chaincode/canonical.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::node::history {
namespace {

std::string Str(char tag, std::string_view id) {
  std::string out(1, tag);
  out += CanonicalWriter().Str(id).Take();
  return out;
}

// The id between `prefix` and a trailing "/" be64 (y/<project>/<u64>,
// q/<project>/<u64>, R/j/<project>/<u64>); empty when the key has no such
// tail.
std::string_view IdBeforeNumber(std::string_view key, std::string_view prefix) {
  if (key.size() < prefix.size() + 1 + 9) return {};
  if (key.substr(0, prefix.size()) != prefix) return {};
  if (key[key.size() - 9] != '/') return {};
  return key.substr(prefix.size(), key.size() - 9 - prefix.size());
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string EncodePos(const TxPos& pos) {
  return CanonicalWriter().U64(pos.height).U32(pos.index).Take();
}

TxPos DecodePos(std::string_view b) {
  CanonicalReader r(b);
  TxPos pos;
  pos.height = r.U64();
  pos.index = r.U32();
  return pos;
}

std::string PosToken(const TxPos& pos) {
  return std::to_string(pos.height) + ":" + std::to_string(pos.index);
}

std::optional<TxPos> ParsePosToken(std::string_view token) {
  const size_t colon = token.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  TxPos pos;
  const char* end = token.data() + colon;
  auto h = std::from_chars(token.data(), end, pos.height);
  if (h.ec != std::errc() || h.ptr != end || colon == 0) return std::nullopt;
  const char* tail = token.data() + token.size();
  auto i = std::from_chars(end + 1, tail, pos.index);
  if (i.ec != std::errc() || i.ptr != tail || end + 1 == tail) return std::nullopt;
  return pos;
}

// Keys are built by appending to a tag (GCC 12 warns, wrongly, about
// `"b" + std::string` under -O3 -Werror=restrict).
std::string Tagged(char tag, std::string_view rest) {
  std::string out(1, tag);
  out.append(rest);
  return out;
}

std::string AllPrefix() { return "t"; }
std::string AccountPrefix(std::string_view account) { return Str('a', account); }
std::string BatchPrefix(uint64_t batch_id) { return Tagged('b', BigEndian64(batch_id)); }
std::string ProjectPrefix(std::string_view project) { return Str('p', project); }
std::string StateKeyPrefix(std::string_view state_key) { return Str('k', state_key); }
std::string TypePrefix(uint32_t body_field) {
  return Tagged('y', CanonicalWriter().U32(body_field).Take());
}
std::string BlockTimeKey(uint64_t height) { return Tagged('B', BigEndian64(height)); }
std::string TimeIndexPrefix() { return "T"; }
std::string TimeIndexKey(uint64_t time_ms, uint64_t height) {
  return Tagged('T', BigEndian64(time_ms) + BigEndian64(height));
}

Bytes TxSummary::Encode() const {
  return CanonicalWriter()
      .Raw(AsView(tx_id))
      .U64(time_ms)
      .Str(account)
      .U32(body_field)
      .U32(code)
      .U64(created_id)
      .Take();
}

bool TxSummary::Decode(std::string_view in, TxSummary* out) {
  CanonicalReader r(in);
  auto id = ToHash32(r.Raw(32));
  out->time_ms = r.U64();
  out->account = r.Str();
  out->body_field = r.U32();
  out->code = r.U32();
  out->created_id = r.U64();
  if (!r.AtEnd() || !id) return false;
  out->tx_id = *id;
  return true;
}

KeySubjects SubjectsOfKey(std::string_view key) {
  KeySubjects out;
  for (std::string_view p : {"a/", "s/", "x/", "P/"}) {
    if (StartsWith(key, p) && key.size() > 2) out.account = std::string(key.substr(2));
  }
  if (StartsWith(key, "b/") && key.size() == 10) out.batch_id = ReadBigEndian64(key.substr(2));
  if ((StartsWith(key, "j/") || StartsWith(key, "W/")) && key.size() > 2) {
    out.project = std::string(key.substr(2));
  }
  for (std::string_view p : {"y/", "q/", "R/j/"}) {
    std::string_view id = IdBeforeNumber(key, p);
    if (!id.empty()) out.project = std::string(id);
  }
  return out;
}

uint32_t BodyFieldOfType(std::string_view type) {
  const auto* body = v1::Tx::descriptor()->FindOneofByName("body");
  for (int i = 0; i < body->field_count(); ++i) {
    if (body->field(i)->name() == type) return static_cast<uint32_t>(body->field(i)->number());
  }
  return 0;
}

std::string TypeOfBodyField(uint32_t field) {
  const auto* f = v1::Tx::descriptor()->FindFieldByNumber(static_cast<int>(field));
  if (f == nullptr || f->containing_oneof() == nullptr) return "";
  return std::string(f->name());
}

Result<std::vector<std::pair<std::string, std::string>>> EntriesForBlock(const BuiltBlock& built) {
  const v1::Block& block = built.block;
  const uint64_t height = block.header().height();
  const uint64_t time_ms = block.header().time_ms();
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(BlockTimeKey(height), BigEndian64(time_ms));
  out.emplace_back(TimeIndexKey(time_ms, height), "");
  for (int i = 0; i < block.txs_size(); ++i) {
    v1::Tx tx;
    if (!tx.ParseFromString(block.txs(i).tx()) || i >= block.results_size() ||
        static_cast<size_t>(i) >= built.tx_ids.size()) {
      return Status(v1::INTERNAL, "block " + std::to_string(height) + " transaction " +
                                      std::to_string(i) + " does not decode for the history index");
    }
    const std::string pos = EncodePos({height, static_cast<uint32_t>(i)});
    TxSummary summary;
    summary.tx_id = built.tx_ids[i];
    summary.time_ms = time_ms;
    summary.account = tx.account();
    summary.body_field = static_cast<uint32_t>(tx.body_case());
    summary.code = static_cast<uint32_t>(block.results(i).code());
    summary.created_id = block.results(i).created_id();
    out.emplace_back(AllPrefix() + pos, summary.Encode());
    out.emplace_back(TypePrefix(summary.body_field) + pos, "");
    // A set, so that a transaction appears once per subject however many of
    // the subject's keys it wrote.
    std::set<std::string> subjects;
    subjects.insert(AccountPrefix(tx.account()));
    if (static_cast<size_t>(i) < built.tx_written_keys.size()) {
      for (const std::string& key : built.tx_written_keys[i]) {
        subjects.insert(StateKeyPrefix(key));
        KeySubjects of = SubjectsOfKey(key);
        if (!of.account.empty()) subjects.insert(AccountPrefix(of.account));
        if (of.batch_id) subjects.insert(BatchPrefix(*of.batch_id));
        if (!of.project.empty()) subjects.insert(ProjectPrefix(of.project));
      }
    }
    for (const std::string& prefix : subjects) out.emplace_back(prefix + pos, "");
  }
  return out;
}

}  // namespace lincao::node::history
