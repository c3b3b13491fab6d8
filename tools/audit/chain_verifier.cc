#include "tools/audit/chain_verifier.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstring>
#include <thread>
#include <unordered_set>

#include "chaincode/block.h"
#include "chaincode/commit_certificates.h"
#include "chaincode/custody.h"
#include "chaincode/signature_memo.h"
#include "chaincode/tx.h"

namespace lincao::audit {
namespace {

// Signatures per pool task: large enough that posting costs nothing next to
// the Ed25519 work, small enough that one block spreads over every core.
constexpr size_t kSignaturesPerTask = 32;

struct Hash32Hasher {
  size_t operator()(const Hash32& h) const {
    size_t v;
    std::memcpy(&v, h.data(), sizeof v);
    return v;
  }
};
using HashSet = std::unordered_set<Hash32, Hash32Hasher>;

std::string U32(size_t n) {
  std::string out(4, '\0');
  for (int i = 3; i >= 0; --i, n >>= 8) out[i] = static_cast<char>(n & 0xff);
  return out;
}

// One (public key, message, signature) triple as a set key.
Hash32 TripleKey(const SignatureSuite& suite, std::string_view public_key, std::string_view message,
                 std::string_view signature) {
  return suite.Hash(
      {U32(public_key.size()), public_key, U32(signature.size()), signature, message});
}

class CommittedIds final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32& tx_id) const override { return ids.count(tx_id) > 0; }
  HashSet ids;
};

struct SignatureJob {
  Bytes public_key;
  std::shared_ptr<const Bytes> message;
  Bytes signature;
};

std::string Hex(std::string_view b) { return b.empty() ? "(empty)" : ToHex(b); }

// "transaction 2 of 5" for index 1: people count from 1, as `audit proof` does.
std::string Ordinal(size_t i, const v1::Block& block) {
  return "transaction " + std::to_string(i + 1) + " of " + std::to_string(block.txs_size());
}

bool IsSignatureCode(ErrorCode c) {
  switch (c) {
    case v1::BAD_SIGNATURE:
    case v1::UNKNOWN_KEY:
    case v1::UNKNOWN_SUITE:
    case v1::THRESHOLD_NOT_MET:
    case v1::UNEXPECTED_SIGNER:
    case v1::DUPLICATE_SIGNATURE:
    case v1::SIGNATURES_OUT_OF_ORDER:
    case v1::NO_SIGNATURES:
    case v1::TOO_MANY_SIGNATURES:
      return true;
    default:
      return false;
  }
}

}  // namespace

// The signatures the pool verified for one block, or every signature for a
// block below --from (taken as verified).
class ChainVerifier::Memo final : public SignatureMemo {
 public:
  Memo(const SignatureSuite& suite, bool trust_all) : suite_(suite), trust_all_(trust_all) {}
  bool Verified(v1::Suite suite, std::string_view public_key, std::string_view message,
                std::string_view signature) const override {
    if (trust_all_) return true;
    return suite == suite_.id() &&
           keys_.count(TripleKey(suite_, public_key, message, signature)) > 0;
  }
  HashSet& keys() { return keys_; }

 private:
  const SignatureSuite& suite_;
  bool trust_all_;
  HashSet keys_;
};

struct ChainVerifier::Pending {
  v1::StreamedBlock block;
  bool trusted = false;  // below --from
  std::vector<std::future<std::vector<Hash32>>> jobs;
};

ChainVerifier::ChainVerifier(GenesisResult genesis, ChainParams params,
                             ChainVerifierOptions options)
    : params_(std::move(params)),
      options_(options),
      state_(std::move(genesis.state)),
      head_(genesis.Head()),
      committed_(std::make_unique<CommittedIds>()) {
  unsigned threads = options_.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  pool_ = std::make_unique<boost::asio::thread_pool>(threads);
}

ChainVerifier::~ChainVerifier() {
  for (auto& p : queue_) {
    for (auto& f : p->jobs) f.wait();
  }
  pool_->join();
}

Result<std::unique_ptr<ChainVerifier>> ChainVerifier::Create(const GenesisSpec& spec,
                                                             const Hash32& trusted_genesis_hash,
                                                             ChainVerifierOptions options) {
  auto genesis = BuildGenesis(spec);
  if (!genesis.ok()) return genesis.status();
  if (genesis->hash != trusted_genesis_hash) {
    return Status(v1::INVALID_ARGUMENT,
                  "the genesis file builds block 0 with hash " + ToHex(genesis->hash) +
                      ", not the trusted genesis hash " + ToHex(trusted_genesis_hash) +
                      ": it is another chain's genesis, or an altered copy");
  }
  if (FindSuite(spec.params.suite) == nullptr) {
    return Status(v1::INVALID_ARGUMENT, "the chain's suite is not implemented here");
  }
  ChainParams params = spec.params;
  return std::unique_ptr<ChainVerifier>(
      new ChainVerifier(std::move(*genesis), std::move(params), options));
}

Status ChainVerifier::Fail(uint64_t height, std::string check, std::string detail) {
  failure_ = VerifyFailure{height, std::move(check), std::move(detail)};
  return Status(v1::LEDGER_VERIFY_FAILED, "block " + std::to_string(failure_->height) + ": " +
                                              failure_->check + ": " + failure_->detail);
}

Status ChainVerifier::Add(const v1::StreamedBlock& block) {
  if (failure_) return Fail(failure_->height, failure_->check, failure_->detail);
  const uint64_t height = block.block().header().height();
  if (height != next_height_) {
    return Fail(next_height_, "height",
                "the stream sent height " + std::to_string(height) + " where " +
                    std::to_string(next_height_) + " was due (a gap or a duplicate)");
  }
  ++next_height_;
  auto pending = std::make_unique<Pending>();
  pending->block = block;
  pending->trusted = height < options_.from_height;
  if (!pending->trusted) Dispatch(*pending);
  queued_txs_ += block.block().txs_size();
  queue_.push_back(std::move(pending));
  while (!queue_.empty() && queued_txs_ > options_.lookahead_txs) {
    LINCAO_RETURN_IF_ERROR(VerifyFront());
  }
  return Status::Ok();
}

Status ChainVerifier::Finish() {
  if (failure_) return Fail(failure_->height, failure_->check, failure_->detail);
  while (!queue_.empty()) LINCAO_RETURN_IF_ERROR(VerifyFront());
  return Status::Ok();
}

// Looks up the key of every signature of the block (and of its
// certificates) in the state replayed so far, on this thread, and hands
// the Ed25519 checks to the pool.
void ChainVerifier::Dispatch(Pending& pending) {
  const SignatureSuite& suite = *FindSuite(params_.suite);
  std::vector<SignatureJob> jobs;
  const v1::Block& block = pending.block.block();
  for (const v1::SignedTx& stx : block.txs()) {
    v1::Tx tx;
    if (!tx.ParseFromString(stx.tx())) continue;  // replay names it
    auto message = std::make_shared<const Bytes>(TxSigningMessage(stx.tx()));
    for (const auto& sig : stx.signatures()) {
      auto account = LoadRecord<AccountRecord>(state_, keys::Account(sig.account()));
      if (!account.ok() || !account->has_value()) continue;
      auto signing = SigningAccountOf(state_, **account);
      if (!signing.ok()) continue;
      const AccountKeyRecord* key = signing->FindKey(sig.key_id());
      if (key == nullptr) continue;
      jobs.push_back({key->public_key, message, sig.signature()});
    }
  }
  // Certificates: the voters of the replayed head stand in for those in
  // force (membership rarely changes; a miss is verified during replay).
  auto add_commit = [&](const v1::Commit& commit) {
    if (commit.block_hash().size() != 32) return;
    Hash32 named;
    std::copy(commit.block_hash().begin(), commit.block_hash().end(), named.begin());
    auto message = std::make_shared<const Bytes>(
        CommitSigningMessage(params_.chain_id, commit.height(), named));
    for (const auto& sig : commit.signatures()) {
      for (const NodeRecord& v : head_.voters) {
        if (v.id == sig.node_id()) jobs.push_back({v.public_key, message, sig.signature()});
      }
    }
  };
  add_commit(block.last_commit());
  if (pending.block.has_certificate()) add_commit(pending.block.certificate());

  for (size_t first = 0; first < jobs.size(); first += kSignaturesPerTask) {
    auto chunk = std::make_shared<std::vector<SignatureJob>>(
        std::make_move_iterator(jobs.begin() + first),
        std::make_move_iterator(jobs.begin() + std::min(jobs.size(), first + kSignaturesPerTask)));
    auto task = std::make_shared<std::packaged_task<std::vector<Hash32>()>>([chunk, &suite] {
      std::vector<Hash32> good;
      for (const SignatureJob& j : *chunk) {
        if (suite.Verify(j.public_key, *j.message, j.signature)) {
          good.push_back(TripleKey(suite, j.public_key, *j.message, j.signature));
        }
      }
      return good;
    });
    pending.jobs.push_back(task->get_future());
    boost::asio::post(*pool_, [task] { (*task)(); });
  }
}

Status ChainVerifier::VerifyFront() {
  std::unique_ptr<Pending> pending = std::move(queue_.front());
  queue_.pop_front();
  queued_txs_ -= pending->block.block().txs_size();
  Memo memo(*FindSuite(params_.suite), pending->trusted);
  for (auto& f : pending->jobs) {
    for (const Hash32& k : f.get()) {
      memo.keys().insert(k);
      ++progress_.signatures;
    }
  }
  return VerifyBlock(pending->block, memo);
}

Status ChainVerifier::VerifyBlock(const v1::StreamedBlock& sb, const Memo& memo) {
  const SignatureSuite& suite = *FindSuite(params_.suite);
  const v1::Block& block = sb.block();
  const v1::BlockHeader& header = block.header();
  const uint64_t height = header.height();
  const uint64_t prev = height - 1;

  if (header.chain_id() != params_.chain_id) {
    return Fail(height, "chain_id",
                "the block names chain '" + header.chain_id() + "', the genesis '" +
                    params_.chain_id + "'");
  }
  // 1. The certificate of the previous block that this block carries. A
  // majority that signed another hash than the one recomputed here means
  // the previous block as streamed is not the one its voters certified.
  const v1::Commit& last_commit = block.last_commit();
  if (last_commit.signatures_size() > 0) {
    auto named = ToHash32(last_commit.block_hash());
    auto as_signed = VerifyCommitCertificate(
        suite, params_.chain_id, prev, named.value_or(Hash32{}), last_commit, head_.voters, &memo);
    if (!as_signed.ok()) {
      return Fail(
          height, "certificate",
          "carried in block " + std::to_string(height) + ": " + as_signed.status().message());
    }
    if (*named != head_.hash) {
      return Fail(prev, "hash chain",
                  "block " + std::to_string(prev) + " as streamed hashes to " + ToHex(head_.hash) +
                      ", but a majority of its voters certified " + ToHex(*named) + " (block " +
                      std::to_string(height) +
                      "'s last_commit): the block was altered after it was certified");
    }
    ++progress_.certified;
  } else if (prev > 0) {
    ++progress_.uncertified;
  }
  const Hash32 commit_hash = CommitHash(suite, last_commit);
  if (header.last_commit_hash() != AsView(commit_hash)) {
    return Fail(height, "certificate hash",
                "header.last_commit_hash is " + Hex(header.last_commit_hash()) +
                    ", but the certificate the block carries hashes to " + ToHex(commit_hash));
  }
  // 2. The hash chain.
  if (header.prev_hash() != AsView(head_.hash)) {
    return Fail(height, "hash chain",
                "prev_hash is " + Hex(header.prev_hash()) + ", but block " + std::to_string(prev) +
                    " hashes to " + ToHex(head_.hash));
  }
  const Hash32 hash = BlockHash(suite, header);
  // 3. The certificate of this block sent with it (the next block's
  // last_commit), against the voters in force for it: the state so far.
  auto voters = LoadVoters(state_);
  if (!voters.ok()) return Fail(height, "replay", voters.status().ToString());
  if (sb.has_certificate()) {
    auto named = ToHash32(sb.certificate().block_hash());
    auto as_signed =
        VerifyCommitCertificate(suite, params_.chain_id, height, named.value_or(Hash32{}),
                                sb.certificate(), *voters, &memo);
    if (!as_signed.ok()) {
      return Fail(height, "certificate",
                  "sent with block " + std::to_string(height) + " (block " +
                      std::to_string(height + 1) +
                      "'s last_commit): " + as_signed.status().message());
    }
    if (*named != hash) {
      return Fail(height, "hash chain",
                  "the block's header hashes to " + ToHex(hash) +
                      ", but a majority of its voters certified " + ToHex(*named) +
                      ": the block was altered after it was certified");
    }
  }

  // 4. Replay: the block as a batch, through the same BuildBlock as nodes.
  v1::Batch batch;
  batch.set_leader_time_ms(header.time_ms());
  batch.set_proposer(header.proposer());
  for (const v1::SignedTx& stx : block.txs()) batch.add_txs(stx.SerializeAsString());
  *batch.mutable_last_commit() = last_commit;
  const std::string batch_bytes = batch.SerializeAsString();
  auto built = BuildBlock(params_, head_, state_, *committed_, batch_bytes, &memo);
  if (!built.ok()) return Fail(height, "replay", built.status().ToString());
  if (!built->dropped.empty()) {
    const DroppedTx& d = built->dropped.front();
    size_t index = 0;
    while (index < static_cast<size_t>(block.txs_size()) &&
           ComputeTxId(suite, block.txs(static_cast<int>(index)).tx()) != d.tx_id) {
      ++index;
    }
    const std::string which = index < static_cast<size_t>(block.txs_size())
                                  ? Ordinal(index, block) + " (id " + ToHex(d.tx_id) + ")"
                                  : "a transaction";
    return Fail(height, IsSignatureCode(d.reason.code()) ? "signature" : "transaction",
                which + " could not enter a block: " + d.reason.ToString());
  }
  const v1::Block& rebuilt = built->block;
  if (!built->made || rebuilt.results_size() != block.results_size() ||
      rebuilt.txs_size() != block.txs_size()) {
    return Fail(height, "result",
                "the block holds " + std::to_string(block.txs_size()) + " transactions and " +
                    std::to_string(block.results_size()) + " results; replay gives " +
                    std::to_string(rebuilt.results_size()));
  }
  for (int i = 0; i < block.results_size(); ++i) {
    const v1::TxResult& got = block.results(i);
    const v1::TxResult& want = rebuilt.results(i);
    const std::string which =
        Ordinal(static_cast<size_t>(i), block) + " (id " + Hex(want.tx_id()) + ")";
    if (got.tx_id() != want.tx_id()) {
      return Fail(height, "result", which + ": the result names tx " + Hex(got.tx_id()));
    }
    if (got.code() != want.code()) {
      return Fail(height, "result",
                  which + ": the block records code " +
                      ErrorCodeName(static_cast<ErrorCode>(got.code())) + ", replay gives " +
                      ErrorCodeName(static_cast<ErrorCode>(want.code())));
    }
    if (got.writes_hash() != want.writes_hash()) {
      return Fail(height, "result",
                  which + ": the block records writes_hash " + Hex(got.writes_hash()) +
                      ", replay gives " + Hex(want.writes_hash()));
    }
    if (got.created_id() != want.created_id()) {
      return Fail(height, "result",
                  which + ": the block records created_id " + std::to_string(got.created_id()) +
                      ", replay gives " + std::to_string(want.created_id()));
    }
  }
  const v1::BlockHeader& h = rebuilt.header();
  auto field = [&](const char* name, const std::string& got, const std::string& want) {
    return Fail(height, std::string("header.") + name,
                "the block says " + got + ", replay gives " + want);
  };
  if (header.time_ms() != h.time_ms()) {
    return field("time_ms", std::to_string(header.time_ms()), std::to_string(h.time_ms()));
  }
  if (header.txs_root() != h.txs_root()) {
    return field("txs_root", Hex(header.txs_root()), Hex(h.txs_root()));
  }
  if (header.results_root() != h.results_root()) {
    return field("results_root", Hex(header.results_root()), Hex(h.results_root()));
  }
  if (header.state_root() != h.state_root()) {
    return field("state_root", Hex(header.state_root()), Hex(h.state_root()));
  }
  if (header.membership_hash() != h.membership_hash()) {
    return field("membership_hash", Hex(header.membership_hash()), Hex(h.membership_hash()));
  }
  if (header.chaincode_version() != h.chaincode_version()) {
    return field("chaincode_version", std::to_string(header.chaincode_version()),
                 std::to_string(h.chaincode_version()));
  }
  if (header.last_commit_hash() != h.last_commit_hash()) {
    return field("last_commit_hash", Hex(header.last_commit_hash()), Hex(h.last_commit_hash()));
  }
  if (built->hash != hash || header.proposer() != h.proposer() ||
      header.chain_id() != h.chain_id() || header.prev_hash() != h.prev_hash()) {
    return Fail(height, "header",
                "the block hashes to " + ToHex(hash) + ", replay's to " + ToHex(built->hash));
  }
  if (!sb.block_hash().empty() && sb.block_hash() != AsView(hash)) {
    return Fail(
        height, "block_hash",
        "the node states hash " + Hex(sb.block_hash()) + ", the header hashes to " + ToHex(hash));
  }

  // 5. Advance the scratch state exactly as a node commits the block.
  for (const auto& [key, value] : built->writes) {
    if (value) {
      state_.Put(key, *value);
    } else {
      state_.Delete(key);
    }
  }
  auto& ids = static_cast<CommittedIds&>(*committed_).ids;
  ids.insert(built->tx_ids.begin(), built->tx_ids.end());
  head_ = HeadAfter(*built);
  ++progress_.blocks;
  progress_.height = height;
  progress_.txs += static_cast<uint64_t>(block.txs_size());
  return Status::Ok();
}

}  // namespace lincao::audit
