// The ledger's history indexes (column family "history"): which committed
// transactions touched an account, a batch, a project or a state key, and
// every transaction by type and in block order, for Audit.GetHistory and
// Audit.ListTransactions. They are node-side: nothing here is consensus
// state, so they change no state_root and no hash. LedgerStore::CommitBlock
// writes a block's entries in the block's own write batch, so the indexes
// are exactly as complete as the blocks (docs/audit.md, "History and
// transactions", lists the keys).
//
// Every key ends with the transaction's position, be64(height) ||
// be32(index), so one subject's entries sort by position and a reverse scan
// gives newest first. Ids and state keys inside keys are length-prefixed
// (u32 length, then the bytes), so one subject's prefix is never a prefix of
// another's.
//
//   "t" pos                      TxSummary (every transaction, block order)
//   "a" str(account) pos         empty: transactions of an account
//   "b" be64(batch id) pos       empty: transactions that changed b/<id>
//   "p" str(project) pos         empty: transactions of a project
//   "k" str(state key) pos       empty: transactions that changed the key
//   "y" be32(body field) pos     empty: transactions of one type
//   "B" be64(height)             be64(block time ms)
//   "T" be64(time ms) be64(height) empty: blocks by time, for time ranges
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chaincode/block_builder.h"

namespace lincao::node::history {

// A transaction's place in the chain: sorts like (height, index).
struct TxPos {
  uint64_t height = 0;
  uint32_t index = 0;
  bool operator==(const TxPos&) const = default;
};
inline constexpr size_t kPosBytes = 12;
std::string EncodePos(const TxPos& pos);
TxPos DecodePos(std::string_view twelve_bytes);
// "<height>:<index>", the page token form; nullopt when malformed.
std::string PosToken(const TxPos& pos);
std::optional<TxPos> ParsePosToken(std::string_view token);

// Subject prefixes; a full key is prefix + EncodePos(pos).
std::string AllPrefix();
std::string AccountPrefix(std::string_view account);
std::string BatchPrefix(uint64_t batch_id);
std::string ProjectPrefix(std::string_view project);
std::string StateKeyPrefix(std::string_view state_key);
std::string TypePrefix(uint32_t body_field);
std::string BlockTimeKey(uint64_t height);
std::string TimeIndexPrefix();
std::string TimeIndexKey(uint64_t time_ms, uint64_t height);

// The value under "t" pos.
struct TxSummary {
  Hash32 tx_id{};
  uint64_t time_ms = 0;
  std::string account;
  uint32_t body_field = 0;  // Tx body field number (the type)
  uint32_t code = 0;        // v1::ErrorCode of the result
  uint64_t created_id = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, TxSummary* out);
};

// The subjects a write-set key belongs to (formats.md key layout): the
// account of a/, s/, x/, P/; the batch of b/; the project of j/, W/, y/,
// q/, R/j/. Empty when the key belongs to none.
struct KeySubjects {
  std::string account;
  std::optional<uint64_t> batch_id;
  std::string project;
};
KeySubjects SubjectsOfKey(std::string_view state_key);

// Every history entry a built block adds (key, value), for CommitBlock.
// INTERNAL when a transaction of the block does not decode (it passed
// apply, so it always does).
Result<std::vector<std::pair<std::string, std::string>>> EntriesForBlock(const BuiltBlock& built);

// The Tx body field number of a type name ("transfer"), or 0.
uint32_t BodyFieldOfType(std::string_view type);
// The type name of a body field number, or "" when unknown.
std::string TypeOfBodyField(uint32_t field);

}  // namespace lincao::node::history
