// The chaincode's window on registry state: an ordered key-value map.
// StateReader is what the node provides over its ledger database (a
// consistent snapshot); OverlayState buffers writes on top of any reader so
// that a transaction either commits all its writes or none (a rejected
// transaction's overlay is discarded), and so the block builder can collect
// the block's write set for the state commitment.
//
// Keys and values are canonical bytes (chaincode/records.h). Scans visit keys
// in ascending byte order, which is what makes iteration deterministic. A
// scan may start part-way into a prefix (ScanFrom): the holdings rules seek
// straight to the range they need and stop there, so a transfer reads what
// it moves rather than everything the parties hold.
// Thread-safety: none; one apply thread owns a view.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"

namespace lincao {

// Return false to stop the scan.
using ScanFn = std::function<bool(std::string_view key, std::string_view value)>;

class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual std::optional<Bytes> Get(std::string_view key) const = 0;
  // Visits, ascending, every key that starts with `prefix` and is not below
  // `start` (a `start` below the prefix means the prefix's first key). Stops
  // at the end of the prefix: implementations bound their iterators there so
  // that deleted keys beyond it are never visited.
  virtual void ScanFrom(std::string_view prefix, std::string_view start,
                        const ScanFn& fn) const = 0;
  // Visits every key starting with `prefix`, ascending.
  void Scan(std::string_view prefix, const ScanFn& fn) const { ScanFrom(prefix, prefix, fn); }
};

class StateView : public StateReader {
 public:
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
};

// Ordered write set: key -> new value, or nullopt for a deletion.
using WriteSet = std::map<std::string, std::optional<Bytes>, std::less<>>;

class OverlayState final : public StateView {
 public:
  explicit OverlayState(const StateReader& base) : base_(base) {}
  // An overlay on top of another overlay (the block builder's per-tx
  // overlay): it layers, it does not copy. Without this, `OverlayState
  // tx(block)` would pick the implicit copy constructor and start with a copy
  // of every write of `block`. Overlays are never copied or assigned.
  explicit OverlayState(const OverlayState& base) : StateView(), base_(base) {}
  OverlayState& operator=(const OverlayState&) = delete;

  std::optional<Bytes> Get(std::string_view key) const override;
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;

  const WriteSet& writes() const { return writes_; }
  // Applies this overlay's writes to `target` (e.g. a block-level overlay).
  void MergeInto(StateView& target) const;

 private:
  const StateReader& base_;
  WriteSet writes_;
};

// A StateReader over a plain ordered map: genesis, tests and tools.
class MapState final : public StateView {
 public:
  std::optional<Bytes> Get(std::string_view key) const override;
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;
  const std::map<std::string, Bytes, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, Bytes, std::less<>> entries_;
};

}  // namespace lincao
