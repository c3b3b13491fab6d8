#include "chaincode/state_view.h"

namespace lincao {
namespace {

bool HasPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Where a ScanFrom begins: `start`, unless it lies below the prefix.
std::string_view ScanStart(std::string_view prefix, std::string_view start) {
  return start < prefix ? prefix : start;
}

}  // namespace

std::optional<Bytes> OverlayState::Get(std::string_view key) const {
  auto it = writes_.find(key);
  if (it != writes_.end()) return it->second;
  return base_.Get(key);
}

void OverlayState::ScanFrom(std::string_view prefix, std::string_view start,
                            const ScanFn& fn) const {
  // Merge the base scan with the overlay's writes in key order; an overlay
  // entry shadows the base entry with the same key, a deletion hides it.
  auto it = writes_.lower_bound(ScanStart(prefix, start));
  auto overlay_live = [&] { return it != writes_.end() && HasPrefix(it->first, prefix); };
  bool stopped = false;
  base_.ScanFrom(prefix, start, [&](std::string_view key, std::string_view value) {
    while (overlay_live() && std::string_view(it->first) < key) {
      if (it->second && !fn(it->first, *it->second)) {
        stopped = true;
        return false;
      }
      ++it;
    }
    if (overlay_live() && std::string_view(it->first) == key) {
      const auto& shadow = it->second;
      ++it;
      if (shadow && !fn(key, *shadow)) {
        stopped = true;
        return false;
      }
      return true;
    }
    if (!fn(key, value)) {
      stopped = true;
      return false;
    }
    return true;
  });
  for (; !stopped && overlay_live(); ++it) {
    if (it->second && !fn(it->first, *it->second)) return;
  }
}

void OverlayState::Put(std::string_view key, std::string_view value) {
  writes_.insert_or_assign(std::string(key), Bytes(value));
}

void OverlayState::Delete(std::string_view key) {
  writes_.insert_or_assign(std::string(key), std::nullopt);
}

void OverlayState::MergeInto(StateView& target) const {
  for (const auto& [key, value] : writes_) {
    if (value) {
      target.Put(key, *value);
    } else {
      target.Delete(key);
    }
  }
}

std::optional<Bytes> MapState::Get(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void MapState::ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const {
  for (auto it = entries_.lower_bound(ScanStart(prefix, start)); it != entries_.end(); ++it) {
    if (!HasPrefix(it->first, prefix)) break;
    if (!fn(it->first, it->second)) break;
  }
}

void MapState::Put(std::string_view key, std::string_view value) {
  entries_.insert_or_assign(std::string(key), Bytes(value));
}

void MapState::Delete(std::string_view key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) entries_.erase(it);
}

}  // namespace lincao
