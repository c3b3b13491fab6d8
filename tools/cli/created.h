// Finding the id of the record a committed transaction created (a credit
// batch, a retirement). Submit answers with the tx id and height only, so
// the CLI looks the record up: ids are handed out in commit order, so the
// records of one block form one run of ids, found by binary search on height.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "lincao/v1/tx.pb.h"
#include "tools/cli/client.h"

namespace lincao::cli {

struct RecordProbe {
  uint64_t height = 0;  // block that created the record
  bool ours = false;    // created by the transaction we look for
};

// `probe(id)` reads record `id` (nullopt when there is none). Returns the id
// of the record created at `height` for which `ours` is true.
std::optional<uint64_t> FindCreatedId(
    uint64_t height, const std::function<std::optional<RecordProbe>(uint64_t)>& probe);

// The batch that `tx` (an IssueBatch) created at `height`, or the retirement
// that `tx` (a Retire with id `tx_id`) created. nullopt for other bodies or
// when the lookup fails.
std::optional<uint64_t> FindCreatedRecord(NodeClient& client, const v1::Tx& tx,
                                          const std::string& tx_id, uint64_t height);

}  // namespace lincao::cli
