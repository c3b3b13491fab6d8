// The lincao side of `lincao-bench load`.
//
// Setup (untimed): the bench accounts bench-1..bench-N, each with one key
// derived from the chain id (the same keys on every run against a chain, so
// a second run reuses the accounts), are opened by the registrar and funded
// with one free-form issue_batch each; that needs chaincode version <= 2 at
// setup (`lincao genesis init --dev --chaincode-version 2`). Then, unless
// --keep-chaincode, the governance quorum of the dev genesis (registrar and
// forestry-bureau) moves the chain to the latest chaincode version, so the
// timed run is judged by today's rules. Every timed transaction is then
// built and signed before timing starts: transfers of 1 unit among the
// accounts, personal-footprint retirements of 1 unit, or both alternately.
//
// After the run every transaction not seen committed is looked up (GetTx)
// in case it committed after its call gave up, and every account's holdings
// are compared with what the committed transactions imply.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "chaincode/key_file.h"
#include "chaincode/rule_set.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "lincao/v1/registry.grpc.pb.h"
#include "tools/bench/load/workload.h"

namespace lincao::bench::load {
namespace {

using Clock = std::chrono::steady_clock;
constexpr uint32_t kNoAccount = UINT32_MAX;
constexpr uint64_t kUnitsPerTx = 1;
constexpr int kUpgradeAttempts = 3;  // activation retried when a block raced it
constexpr int kCatchUpSeconds = 30;  // for the checked member to apply the last blocks

grpc::ClientContext* NewContext(std::unique_ptr<grpc::ClientContext>& slot, uint32_t ms) {
  slot = std::make_unique<grpc::ClientContext>();
  slot->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
  return slot.get();
}

// The lincao code in the trailers ("lincao-error-code"), else the gRPC code.
std::string ErrorName(const grpc::ClientContext& ctx, const grpc::Status& st) {
  const auto& trailers = ctx.GetServerTrailingMetadata();
  auto it = trailers.find("lincao-error-code");
  if (it != trailers.end()) {
    const int code = std::atoi(std::string(it->second.data(), it->second.size()).c_str());
    if (v1::ErrorCode_IsValid(code)) return v1::ErrorCode_Name(static_cast<v1::ErrorCode>(code));
  }
  return "grpc:" + GrpcCodeName(st.error_code());
}

std::string ResultName(const v1::SubmitResponse& r) {
  if (r.code() != v1::OK) return v1::ErrorCode_Name(r.code());
  return v1::TxState_Name(r.state());
}

// Submit (unary, one tx a call) or SubmitBatch (batch_size txs a call),
// always waiting for the commit. Records which transactions it saw
// committed, for the checks after the run.
class SubmitTarget final : public LoadTarget {
 public:
  SubmitTarget(std::vector<std::shared_ptr<grpc::Channel>> channels, std::vector<v1::SignedTx> txs,
               uint32_t batch, uint32_t wait_ms)
      : batch_(batch < 1 ? 1 : batch), wait_ms_(wait_ms), committed_(txs.size()) {
    for (auto& ch : channels) stubs_.push_back(v1::Registry::NewStub(ch));
    if (batch_ == 1) {
      unary_.resize(txs.size());
      for (size_t i = 0; i < txs.size(); ++i) {
        *unary_[i].mutable_tx() = std::move(txs[i]);
        unary_[i].set_wait_for_commit(true);
        unary_[i].set_wait_timeout_ms(wait_ms);
      }
    } else {
      batches_.resize((txs.size() + batch_ - 1) / batch_);
      for (size_t i = 0; i < txs.size(); ++i) {
        v1::SubmitBatchRequest& b = batches_[i / batch_];
        *b.add_txs() = std::move(txs[i]);
        b.set_wait_for_commit(true);
        b.set_wait_timeout_ms(wait_ms);
      }
    }
    for (auto& c : committed_) c = 0;
  }

  size_t calls() const override { return batch_ == 1 ? unary_.size() : batches_.size(); }
  uint32_t txs_in_call(size_t i) const override {
    return batch_ == 1 ? 1 : static_cast<uint32_t>(batches_[i].txs_size());
  }
  bool seen_committed(size_t tx) const { return committed_[tx].load() != 0; }
  // The message of the first error seen, for setup failures.
  std::string first_error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return first_error_;
  }

  void Start(size_t i, size_t conn, std::function<void(CallResult)> done) override {
    // The client's deadline is a little past the node's own wait, so the
    // node's answer (TIMEOUT) is what a slow commit reports.
    const uint32_t deadline_ms = wait_ms_ + 5000;
    if (batch_ == 1) {
      struct Call {
        std::unique_ptr<grpc::ClientContext> ctx;
        v1::SubmitResponse resp;
      };
      auto* c = new Call;
      stubs_[conn]->async()->Submit(NewContext(c->ctx, deadline_ms), &unary_[i], &c->resp,
                                    [this, c, i, done = std::move(done)](grpc::Status st) {
                                      CallResult r;
                                      if (st.ok() && c->resp.state() == v1::COMMITTED) {
                                        r.committed = 1;
                                        committed_[i] = 1;
                                      } else if (st.ok()) {
                                        r.errors.push_back({ResultName(c->resp), 1});
                                        NoteError(c->resp.message());
                                      } else {
                                        r.errors.push_back({ErrorName(*c->ctx, st), 1});
                                        NoteError(st.error_message());
                                      }
                                      delete c;
                                      done(std::move(r));
                                    });
      return;
    }
    struct Call {
      std::unique_ptr<grpc::ClientContext> ctx;
      v1::SubmitBatchResponse resp;
    };
    auto* c = new Call;
    stubs_[conn]->async()->SubmitBatch(
        NewContext(c->ctx, deadline_ms), &batches_[i], &c->resp,
        [this, c, i, done = std::move(done)](grpc::Status st) {
          CallResult r;
          const int n = batches_[i].txs_size();
          const size_t first = i * batch_;
          std::map<std::string, uint32_t> errs;
          if (!st.ok()) {
            errs[ErrorName(*c->ctx, st)] += static_cast<uint32_t>(n);
            NoteError(st.error_message());
          } else {
            for (int j = 0; j < n; ++j) {
              if (j >= c->resp.results_size()) {
                errs["MISSING_RESULT"]++;
              } else if (c->resp.results(j).state() == v1::COMMITTED) {
                ++r.committed;
                committed_[first + static_cast<size_t>(j)] = 1;
              } else {
                errs[ResultName(c->resp.results(j))]++;
                NoteError(c->resp.results(j).message());
              }
            }
          }
          r.errors.assign(errs.begin(), errs.end());
          delete c;
          done(std::move(r));
        });
  }

 private:
  void NoteError(const std::string& message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (first_error_.empty()) first_error_ = message;
  }

  mutable std::mutex mu_;
  std::string first_error_;
  uint32_t batch_;
  uint32_t wait_ms_;
  std::vector<std::unique_ptr<v1::Registry::Stub>> stubs_;
  std::vector<v1::SubmitRequest> unary_;
  std::vector<v1::SubmitBatchRequest> batches_;
  std::vector<std::atomic<uint8_t>> committed_;
};

struct Account {
  std::string id;
  KeyPair key;
};

// What a timed transaction does to holdings: 1 unit from `from` to `to`, or
// retired when `to` is kNoAccount.
struct TxEffect {
  uint32_t from = 0;
  uint32_t to = kNoAccount;
};

class LincaoWorkload final : public Workload {
 public:
  LincaoWorkload(const LoadOptions& opts, std::vector<std::shared_ptr<grpc::Channel>> channels)
      : opts_(opts), channels_(std::move(channels)), stub_(v1::Registry::NewStub(channels_[0])) {}

  Status Setup() override {
    if (opts_.accounts < 2) return Status(v1::INVALID_ARGUMENT, "--accounts must be at least 2");
    if (opts_.keys_dir.empty()) {
      return Status(v1::INVALID_ARGUMENT,
                    "--keys DIR is required for --target lincao: the dev chain's keys folder "
                    "(registrar.key, forestry-bureau.key), e.g. data/dev/keys");
    }
    auto registrar = LoadKey("registrar");
    if (!registrar.ok()) return registrar.status();
    registrar_ = *registrar;
    LINCAO_RETURN_IF_ERROR(ReadChain());
    Progress("setup: chain '" + chain_id_ + "' at height " + std::to_string(height_) +
             ", chaincode version " + std::to_string(version_));

    for (int i = 1; i <= opts_.accounts; ++i) {
      Account a;
      a.id = "bench-" + std::to_string(i);
      Hash32 seed = DefaultSuite().Hash({"lincao-bench/load/account-key/", chain_id_, a.id});
      a.key.public_key.assign(crypto_sign_PUBLICKEYBYTES, '\0');
      a.key.secret_key.assign(crypto_sign_SECRETKEYBYTES, '\0');
      crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(a.key.public_key.data()),
                               reinterpret_cast<unsigned char*>(a.key.secret_key.data()),
                               seed.data());
      accounts_.push_back(std::move(a));
    }
    // Open the accounts that do not exist yet.
    std::vector<v1::SignedTx> opens;
    for (const Account& a : accounts_) {
      v1::GetAccountRequest req;
      req.set_id(a.id);
      v1::Account out;
      std::unique_ptr<grpc::ClientContext> ctx;
      grpc::Status st = stub_->GetAccount(NewContext(ctx, 5000), req, &out);
      if (st.ok()) continue;
      if (st.error_code() != grpc::StatusCode::NOT_FOUND) {
        return Status(v1::NOT_READY, "GetAccount " + a.id + ": " + st.error_message());
      }
      v1::Tx tx = NewTx("registrar");
      v1::OpenAccount* o = tx.mutable_open_account();
      o->set_id(a.id);
      o->add_roles(v1::PROJECT_OWNER);
      o->add_roles(v1::PARTICIPANT);
      o->set_threshold(1);
      v1::PublicKey* k = o->add_keys();
      k->set_key_id(0);
      k->set_suite(v1::SUITE_ED25519_BLAKE2B);
      k->set_key(a.key.public_key);
      // Bench accounts have no identity documents: the hash of their name
      // stands in for them.
      const Hash32 identity = DefaultSuite().Hash({"lincao-bench/load/identity/", a.id});
      o->set_identity_hash(
          std::string(reinterpret_cast<const char*>(identity.data()), identity.size()));
      auto signed_tx = SignTx(tx, {registrar_.ToSigningKey()});
      if (!signed_tx.ok()) return signed_tx.status();
      opens.push_back(*signed_tx);
    }
    LINCAO_RETURN_IF_ERROR(SubmitAll(opens, "opening accounts"));

    // Fund the accounts that hold less than the run could need.
    std::vector<v1::SignedTx> issues;
    for (const Account& a : accounts_) {
      auto held = Holding(a.id);
      if (!held.ok()) return held.status();
      if (*held >= opts_.units_per_account / 2) continue;
      if (version_ >= 3) {
        return Status(v1::INVALID_ARGUMENT,
                      "account " + a.id + " holds " + std::to_string(*held) +
                          " units and chaincode version " + std::to_string(version_) +
                          " refuses the registrar's issue_batch that funds bench accounts: run "
                          "against a fresh chain made with `lincao genesis init --dev "
                          "--chaincode-version 2` (cluster.sh: LINCAO_CHAINCODE_VERSION=2)");
      }
      v1::Tx tx = NewTx("registrar");
      v1::IssueBatch* b = tx.mutable_issue_batch();
      b->set_to(a.id);
      b->set_quantity(opts_.units_per_account);
      b->set_project_id("SC-P-LOAD-BENCH");
      b->set_vintage(2025);
      b->set_note("lincao-bench load funding");
      auto signed_tx = SignTx(tx, {registrar_.ToSigningKey()});
      if (!signed_tx.ok()) return signed_tx.status();
      issues.push_back(*signed_tx);
    }
    LINCAO_RETURN_IF_ERROR(SubmitAll(issues, "funding accounts"));

    if (!opts_.keep_chaincode && version_ < kLatestChaincodeVersion) {
      LINCAO_RETURN_IF_ERROR(Upgrade());
    }
    if (opts_.batch_size > 1) LINCAO_RETURN_IF_ERROR(ProbeSubmitBatch());
    for (const Account& a : accounts_) {
      auto held = Holding(a.id);
      if (!held.ok()) return held.status();
      initial_.push_back(*held);
    }
    return Status::Ok();
  }

  Status Prepare(uint64_t n) override {
    LINCAO_RETURN_IF_ERROR(ReadChain());
    // Natural size of one transaction of each kind, to pad to --payload-bytes.
    std::vector<v1::SignedTx> txs(n);
    effects_.resize(n);
    memo_bytes_ = 0;
    if (opts_.payload_bytes > 0) {
      const v1::Tx probe_tx = MakeTx(0);
      auto probe = SignTx(probe_tx, {Signer(0)});
      if (!probe.ok()) return probe.status();
      const size_t natural = probe->ByteSizeLong();
      if (opts_.payload_bytes > natural + 3) {
        memo_bytes_ = std::min<size_t>(opts_.payload_bytes - natural - 3, 1024);
      }
    }
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    std::vector<Status> failures(threads);
    std::atomic<uint64_t> signed_count{0};
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (uint64_t i = t; i < n; i += threads) {
          const v1::Tx tx = MakeTx(i);  // sets effects_[i], which names the signer
          auto stx = SignTx(tx, {Signer(effects_[i].from)});
          if (!stx.ok()) {
            failures[t] = stx.status();
            return;
          }
          txs[i] = std::move(*stx);
          ++signed_count;
        }
      });
    }
    for (auto& th : pool) th.join();
    for (const Status& st : failures) {
      if (!st.ok()) return st;
    }
    double bytes = 0;
    for (const auto& t : txs) bytes += static_cast<double>(t.ByteSizeLong());
    mean_bytes_ = n == 0 ? 0 : bytes / static_cast<double>(n);
    sample_message_ = TxSigningMessage(txs.empty() ? std::string() : txs[0].tx());
    tx_ids_.clear();
    for (const auto& t : txs) tx_ids_.push_back(ComputeTxId(DefaultSuite(), t.tx()));
    target_ = std::make_unique<SubmitTarget>(channels_, std::move(txs), opts_.batch_size,
                                             opts_.timeout_ms);
    return Status::Ok();
  }

  LoadTarget& target() override { return *target_; }
  double mean_tx_bytes() const override { return mean_bytes_; }
  std::string sample_signing_message() const override { return sample_message_; }

  Status Check(const DriveResult& run, std::vector<std::string>* notes) override {
    const uint64_t height_before = height_;
    LINCAO_RETURN_IF_ERROR(CatchUp());
    // Transactions submitted but not seen committed may have committed after
    // their call gave up (a timeout): ask the node.
    std::vector<int64_t> delta(accounts_.size(), 0);
    uint64_t seen = 0, late = 0, retired = 0, looked_up = 0;
    const uint64_t submitted = std::min<uint64_t>(run.submitted, tx_ids_.size());
    for (uint64_t i = 0; i < submitted; ++i) {
      bool committed = target_->seen_committed(i);
      if (committed) {
        ++seen;
      } else {
        ++looked_up;
        if (looked_up % 5000 == 0) {
          Progress("looked up " + std::to_string(looked_up) + " transactions not seen committed");
        }
        auto state = LookUp(tx_ids_[i]);
        if (!state.ok()) return state.status();
        committed = *state;
        if (committed) ++late;
      }
      if (!committed) continue;
      const TxEffect& e = effects_[i];
      delta[e.from] -= static_cast<int64_t>(kUnitsPerTx);
      if (e.to == kNoAccount) {
        retired += kUnitsPerTx;
      } else {
        delta[e.to] += static_cast<int64_t>(kUnitsPerTx);
      }
    }
    // Blocks made while the run committed (Prepare read the height): how
    // full they were says how much of each block's fixed cost a tx bears.
    const uint64_t blocks = height_ - height_before;
    notes->push_back(std::to_string(blocks) + " blocks made, " +
                     (blocks > 0 ? std::to_string((seen + late) / blocks) : std::string("0")) +
                     " transactions per block on average");
    if (seen != run.committed) {
      return Status(v1::INTERNAL, "the run counted " + std::to_string(run.committed) +
                                      " committed but marked " + std::to_string(seen));
    }
    uint64_t before = 0, after = 0;
    std::vector<std::string> wrong;
    for (size_t a = 0; a < accounts_.size(); ++a) {
      auto held = Holding(accounts_[a].id);
      if (!held.ok()) return held.status();
      const int64_t expect = static_cast<int64_t>(initial_[a]) + delta[a];
      before += initial_[a];
      after += *held;
      if (static_cast<int64_t>(*held) != expect && wrong.size() < 5) {
        wrong.push_back(accounts_[a].id + " holds " + std::to_string(*held) + ", expected " +
                        std::to_string(expect));
      }
    }
    notes->push_back("looked up " + std::to_string(looked_up) +
                     " transactions not seen committed: " + std::to_string(late) +
                     " committed after their call ended");
    notes->push_back("holdings of " + std::to_string(accounts_.size()) +
                     " accounts: " + std::to_string(before) + " units before, " +
                     std::to_string(after) + " after, " + std::to_string(retired) + " retired");
    if (!wrong.empty()) {
      std::string msg = "holdings disagree with the committed transactions:";
      for (const auto& w : wrong) msg += " " + w + ";";
      return Status(v1::INTERNAL, msg);
    }
    if (before != after + retired) {
      return Status(v1::INTERNAL, "units not conserved: " + std::to_string(before) +
                                      " before != " + std::to_string(after) + " after + " +
                                      std::to_string(retired) + " retired");
    }
    return Status::Ok();
  }

 private:
  void Progress(const std::string& line) const { std::fprintf(stderr, "load: %s\n", line.c_str()); }

  Result<KeyFile> LoadKey(const std::string& owner) const {
    const auto path = std::filesystem::path(opts_.keys_dir) / (owner + ".key");
    std::ifstream in(path);
    if (!in) {
      return Status(v1::INVALID_ARGUMENT, "cannot read " + path.string() +
                                              ": --keys must name the dev chain's keys folder");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto key = ParseKeyFile(ss.str());
    if (!key.ok())
      return Status(key.status().code(), path.string() + ": " + key.status().message());
    return *key;
  }

  Status ReadChain() {
    v1::NodeStatus st;
    std::unique_ptr<grpc::ClientContext> ctx;
    grpc::Status rpc = stub_->GetStatus(NewContext(ctx, 5000), v1::GetStatusRequest(), &st);
    if (!rpc.ok()) {
      return Status(v1::NOT_READY, "GetStatus at " + opts_.endpoints[0] + ": " +
                                       GrpcCodeName(rpc.error_code()) + " " + rpc.error_message() +
                                       " (is lincaod running there?)");
    }
    v1::Governance gov;
    std::unique_ptr<grpc::ClientContext> ctx2;
    rpc = stub_->GetGovernance(NewContext(ctx2, 5000), v1::GetGovernanceRequest(), &gov);
    if (!rpc.ok()) return Status(v1::NOT_READY, "GetGovernance: " + rpc.error_message());
    chain_id_ = st.chain_id();
    height_ = st.height();
    // A long enough life for every pre-signed transaction, inside the
    // chain's horizon.
    const uint64_t ttl = std::min<uint64_t>(st.max_tx_horizon_ms() / 2, 3600 * 1000);
    expiry_ms_ = st.next_time_ms() + ttl;
    version_ = gov.chaincode_version();
    return Status::Ok();
  }

  // Waits until the node behind endpoints[0], which the checks read, has
  // applied every block any endpoint has: a call ends when the node it went
  // to applied its block, and a member may still be applying it. Reads
  // that straddle a block would see units in flight between two accounts.
  Status CatchUp() {
    uint64_t target = 0;
    for (size_t i = 0; i < channels_.size(); ++i) {
      auto stub = v1::Registry::NewStub(channels_[i]);
      v1::NodeStatus st;
      std::unique_ptr<grpc::ClientContext> ctx;
      grpc::Status rpc = stub->GetStatus(NewContext(ctx, 5000), v1::GetStatusRequest(), &st);
      if (rpc.ok()) target = std::max(target, st.height());
    }
    const auto deadline = Clock::now() + std::chrono::seconds(kCatchUpSeconds);
    while (true) {
      LINCAO_RETURN_IF_ERROR(ReadChain());
      if (height_ >= target) return Status::Ok();
      if (Clock::now() > deadline) {
        return Status(v1::NOT_READY, opts_.endpoints[0] + " is at height " +
                                         std::to_string(height_) + ", behind " +
                                         std::to_string(target) + " after " +
                                         std::to_string(kCatchUpSeconds) + " s");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  Result<uint64_t> Holding(const std::string& id) {
    v1::GetHoldingsRequest req;
    req.set_account(id);
    req.set_limit(1);
    v1::Holdings out;
    std::unique_ptr<grpc::ClientContext> ctx;
    grpc::Status st = stub_->GetHoldings(NewContext(ctx, 5000), req, &out);
    if (!st.ok()) return Status(v1::NOT_READY, "GetHoldings " + id + ": " + st.error_message());
    return out.total();
  }

  // Whether `stx` is in a block with code OK (false: not found or rejected).
  Result<bool> LookUp(const Hash32& id) {
    v1::GetTxRequest req;
    req.set_tx_id(std::string(reinterpret_cast<const char*>(id.data()), id.size()));
    v1::TxRecord out;
    std::unique_ptr<grpc::ClientContext> ctx;
    grpc::Status st = stub_->GetTx(NewContext(ctx, 5000), req, &out);
    if (st.error_code() == grpc::StatusCode::NOT_FOUND) return false;
    if (!st.ok()) return Status(v1::NOT_READY, "GetTx: " + st.error_message());
    return out.result().code() == v1::OK;
  }

  v1::Tx NewTx(const std::string& account) const {
    v1::Tx tx;
    tx.set_chain_id(chain_id_);
    std::string nonce(16, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    tx.set_nonce(nonce);
    tx.set_expiry_ms(expiry_ms_);
    tx.set_account(account);
    return tx;
  }

  SigningKey Signer(uint32_t account) const {
    return {accounts_[account].id, 0, v1::SUITE_ED25519_BLAKE2B, accounts_[account].key.secret_key};
  }

  // Timed transaction i: its sender and receiver follow from i alone, so
  // every account sends and receives about equally.
  v1::Tx MakeTx(uint64_t i) {
    const uint64_t n = accounts_.size();
    const bool retire = opts_.workload == "retire" || (opts_.workload == "mix" && i % 2 == 1);
    TxEffect e;
    e.from = static_cast<uint32_t>(i % n);
    e.to = retire ? kNoAccount : static_cast<uint32_t>((i % n + 1 + (i / n) % (n - 1)) % n);
    if (i < effects_.size()) effects_[i] = e;
    v1::Tx tx = NewTx(accounts_[e.from].id);
    const std::string pad(memo_bytes_, 'x');
    if (!retire) {
      tx.mutable_transfer()->set_to(accounts_[e.to].id);
      tx.mutable_transfer()->set_quantity(kUnitsPerTx);
      if (!pad.empty()) tx.mutable_transfer()->set_memo(pad);
      return tx;
    }
    // A person's small retirement: a salted commitment, never a name.
    v1::Retire* r = tx.mutable_retire();
    r->set_quantity(kUnitsPerTx);
    std::string commitment(32, '\0');
    randombytes_buf(commitment.data(), commitment.size());
    r->mutable_beneficiary()->set_person_commitment(commitment);
    r->set_purpose(v1::PERSONAL_FOOTPRINT);
    if (version_ >= 4) {
      r->mutable_footprint()->set_category(v1::TRAVEL);
      r->set_jurisdiction("510100");
      r->set_period_start_ms(1735660800000);  // 2025
      r->set_period_end_ms(1767196800000);
    }
    if (!pad.empty()) r->set_note(pad);
    return tx;
  }

  // Submits setup transactions (20 in flight) and requires every one to commit.
  Status SubmitAll(const std::vector<v1::SignedTx>& txs, const std::string& phase) {
    if (txs.empty()) return Status::Ok();
    Progress("setup: " + phase + " (" + std::to_string(txs.size()) + " transactions)");
    SubmitTarget t(channels_, txs, 1, opts_.timeout_ms);
    DriveOptions d;
    d.clients = 20;
    d.connections = channels_.size();
    d.drain = std::chrono::milliseconds(opts_.timeout_ms + 10000);
    DriveResult r = Drive(t, d);
    if (r.committed != txs.size()) {
      std::string codes;
      for (const auto& [code, count] : r.errors) codes += " " + code + " x" + std::to_string(count);
      return Status(v1::NOT_READY, "setup step '" + phase + "': " + std::to_string(r.committed) +
                                       " of " + std::to_string(txs.size()) + " committed; errors:" +
                                       codes + "; first: " + t.first_error());
    }
    return CatchUp();  // later setup reads (the funded holdings) see every step
  }

  // activate_chaincode {latest, next height + 1}, signed by two of the dev
  // genesis's three governing bodies (any two decide). The height is read
  // before submitting, so a block committed meanwhile (a member's vote, say)
  // can put the activation behind its own block: BAD_ACTIVATION, and a retry
  // at the new head.
  Status Upgrade() {
    auto forestry = LoadKey("forestry-bureau");
    if (!forestry.ok()) return forestry.status();
    Status submitted;
    for (int attempt = 0; attempt < kUpgradeAttempts; ++attempt) {
      LINCAO_RETURN_IF_ERROR(ReadChain());
      v1::Tx tx = NewTx("registrar");
      tx.add_cosigners("forestry-bureau");
      tx.mutable_activate_chaincode()->set_version(kLatestChaincodeVersion);
      tx.mutable_activate_chaincode()->set_height(height_ + 2);
      auto signed_tx = SignTx(tx, {registrar_.ToSigningKey(), forestry->ToSigningKey()});
      if (!signed_tx.ok()) return signed_tx.status();
      submitted = SubmitAll({*signed_tx}, "activating chaincode version " +
                                              std::to_string(kLatestChaincodeVersion) +
                                              " at height " + std::to_string(height_ + 2));
      if (submitted.ok() || submitted.message().find("BAD_ACTIVATION") == std::string::npos) break;
    }
    LINCAO_RETURN_IF_ERROR(submitted);
    if (version_ != kLatestChaincodeVersion) {
      return Status(v1::INTERNAL, "chaincode version is " + std::to_string(version_) +
                                      " after the activation, not " +
                                      std::to_string(kLatestChaincodeVersion));
    }
    return Status::Ok();
  }

  // A node without SubmitBatch answers UNIMPLEMENTED: say so before timing.
  Status ProbeSubmitBatch() {
    v1::SubmitBatchRequest req;
    v1::SubmitBatchResponse out;
    std::unique_ptr<grpc::ClientContext> ctx;
    grpc::Status st = stub_->SubmitBatch(NewContext(ctx, 5000), req, &out);
    if (st.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      return Status(v1::NOT_READY,
                    "the node at " + opts_.endpoints[0] +
                        " does not implement Registry.SubmitBatch (UNIMPLEMENTED): use "
                        "--batch-size 1, or a lincaod built with SubmitBatch");
    }
    return Status::Ok();
  }

  LoadOptions opts_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::unique_ptr<v1::Registry::Stub> stub_;
  KeyFile registrar_;
  std::string chain_id_;
  uint64_t height_ = 0;
  uint64_t expiry_ms_ = 0;
  uint32_t version_ = 0;
  std::vector<Account> accounts_;
  std::vector<uint64_t> initial_;
  std::vector<TxEffect> effects_;
  std::vector<Hash32> tx_ids_;
  size_t memo_bytes_ = 0;
  double mean_bytes_ = 0;
  std::string sample_message_;
  std::unique_ptr<SubmitTarget> target_;
};

}  // namespace

std::unique_ptr<Workload> MakeLincaoWorkload(const LoadOptions& opts,
                                             std::vector<std::shared_ptr<grpc::Channel>> channels) {
  return std::make_unique<LincaoWorkload>(opts, std::move(channels));
}

}  // namespace lincao::bench::load
