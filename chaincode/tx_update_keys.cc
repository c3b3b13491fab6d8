// update_keys: an account adds, removes and rotates its own keys, signed by
// its current threshold; a custodial personal account takes keys of its own
// (its custodian signs the hand-over, and custody ends). A removed key is kept as a retired-key
// record so that neither its id nor its public key is ever accepted again for the account: a leaked
// old key stays dead.
#include <algorithm>
#include <set>

#include "chaincode/canonical.h"
#include "chaincode/governance_records.h"
#include "chaincode/limits.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status UpdateKeys(const ApplyContext& ctx, const AccountRecord& actor, const v1::UpdateKeys& body,
                  StateView& state) {
  const std::string who = "account '" + actor.id + "': ";
  if (body.add().empty() && body.remove().empty() && body.threshold() == 0) {
    return Status(v1::INVALID_ARGUMENT, who + "update_keys changes nothing");
  }
  // A custodial account has no keys of its own. Its one key change is the
  // hand-over: the custodian signs the person's own keys in, and custody ends.
  if (actor.custodial() && (body.add().empty() || !body.remove().empty())) {
    return Status(v1::INVALID_ARGUMENT,
                  who + "is custodial (signed for by '" + actor.custodian +
                      "'): its only key change adds the holder's own keys, which ends custody; "
                      "it has no keys to remove or threshold to change before");
  }
  uint32_t last = 0;
  for (int i = 0; i < body.remove_size(); ++i) {
    uint32_t id = body.remove(i);
    if (i > 0 && id <= last) {
      return Status(v1::INVALID_ARGUMENT, who + "removed key ids must be listed once, ascending");
    }
    last = id;
    if (actor.FindKey(id) == nullptr) {
      return Status(v1::UNKNOWN_KEY, who + "has no key " + std::to_string(id) + " to remove");
    }
  }
  // Everything the account ever had: current keys and retired ones.
  std::set<uint32_t> used_ids;
  std::set<Bytes> used_keys;
  for (const auto& k : actor.keys) {
    used_ids.insert(k.key_id);
    used_keys.insert(k.public_key);
  }
  bool corrupt = false;
  state.Scan(keys::RetiredKeyPrefix(actor.id), [&](std::string_view key, std::string_view value) {
    RetiredKeyRecord rec;
    std::string_view id = key.substr(keys::RetiredKeyPrefix(actor.id).size());
    if (id.size() != 8 || !RetiredKeyRecord::Decode(value, &rec)) {
      corrupt = true;
      return false;
    }
    used_ids.insert(static_cast<uint32_t>(ReadBigEndian64(id)));
    used_keys.insert(rec.public_key);
    return true;
  });
  if (corrupt) return Status(v1::INTERNAL, "a stored retired-key record does not decode");

  AccountRecord updated = actor;
  for (int i = 0; i < body.add_size(); ++i) {
    const v1::PublicKey& pk = body.add(i);
    if (i > 0 && pk.key_id() <= body.add(i - 1).key_id()) {
      return Status(v1::INVALID_ARGUMENT, who + "added keys must be in ascending key id order");
    }
    AccountKeyRecord k{pk.key_id(), pk.suite(), pk.key()};
    LINCAO_RETURN_IF_ERROR(CheckPublicKey(ctx.params, k, who));
    if (used_ids.count(k.key_id) > 0) {
      return Status(v1::KEY_REUSED, who + "key id " + std::to_string(k.key_id) +
                                        " is or was in use; key ids are never reused");
    }
    if (!used_keys.insert(k.public_key).second) {
      return Status(v1::KEY_REUSED, who + "key " + std::to_string(k.key_id) +
                                        " is a public key the account has or had; generate a "
                                        "new one with `lincao keys new`");
    }
    updated.keys.push_back(std::move(k));
  }
  for (uint32_t id : body.remove()) {
    auto it = std::find_if(updated.keys.begin(), updated.keys.end(),
                           [&](const AccountKeyRecord& k) { return k.key_id == id; });
    state.Put(keys::RetiredKey(actor.id, id),
              RetiredKeyRecord{it->suite, it->public_key, ctx.height}.Encode());
    updated.keys.erase(it);
  }
  std::sort(updated.keys.begin(), updated.keys.end(),
            [](const auto& a, const auto& b) { return a.key_id < b.key_id; });
  if (updated.keys.empty() || updated.keys.size() > kMaxKeysPerAccount) {
    return Status(v1::BAD_KEY_SET,
                  who + "an account keeps 1 to " + std::to_string(kMaxKeysPerAccount) + " keys");
  }
  if (body.threshold() != 0) {
    updated.threshold = body.threshold();
  } else if (actor.custodial()) {
    updated.threshold = 1;  // the custodial record's 0 stood for the custodian's
  }
  if (updated.threshold > updated.keys.size()) {
    return Status(v1::BAD_KEY_SET, who + "threshold " + std::to_string(updated.threshold) +
                                       " exceeds the " + std::to_string(updated.keys.size()) +
                                       " keys the account would keep");
  }
  if (actor.custodial()) {
    auto custodian = LoadRecord<AccountRecord>(state, keys::Account(actor.custodian));
    if (!custodian.ok()) return custodian.status();
    if (!custodian.value() || (*custodian)->accounts_in_custody == 0) {
      return Status(v1::INTERNAL, "custodian record of '" + actor.id + "' is inconsistent");
    }
    (*custodian)->accounts_in_custody -= 1;
    state.Put(keys::Account(actor.custodian), (*custodian)->Encode());
    updated.custodian.clear();
  }
  state.Put(keys::Account(actor.id), updated.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
