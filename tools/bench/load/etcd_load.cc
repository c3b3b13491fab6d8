// The etcd side of `lincao-bench load`: puts through etcd v3's public KV API
// (tools/bench/etcd_kv.proto), one Put per call, or with --batch-size K one
// Txn of K puts, so both systems get the same batching. The value size is
// --payload-bytes, or else the size of a signed lincao transfer like the
// ones the lincao target sends, so both systems carry the same bytes.
// Keys cycle through --accounts names, as lincao transfers cycle through
// accounts. A Put or Txn that returns OK is committed: etcd answers after
// the entry is committed by a majority and applied.
#include <sodium.h>

#include <map>
#include <thread>

#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "etcd_kv.grpc.pb.h"
#include "tools/bench/load/workload.h"

namespace lincao::bench::load {
namespace {

class KvTarget final : public LoadTarget {
 public:
  KvTarget(const std::vector<std::shared_ptr<grpc::Channel>>& channels, uint32_t timeout_ms)
      : timeout_ms_(timeout_ms) {
    for (const auto& ch : channels) stubs_.push_back(etcdserverpb::KV::NewStub(ch));
  }
  std::vector<etcdserverpb::PutRequest> puts;
  std::vector<etcdserverpb::TxnRequest> txns;
  std::atomic<uint64_t> committed_calls{0};

  size_t calls() const override { return txns.empty() ? puts.size() : txns.size(); }
  uint32_t txs_in_call(size_t i) const override {
    return txns.empty() ? 1 : static_cast<uint32_t>(txns[i].success_size());
  }

  void Start(size_t i, size_t conn, std::function<void(CallResult)> done) override {
    const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms_);
    if (txns.empty()) {
      struct Call {
        grpc::ClientContext ctx;
        etcdserverpb::PutResponse resp;
      };
      auto* c = new Call;
      c->ctx.set_deadline(deadline);
      stubs_[conn]->async()->Put(&c->ctx, &puts[i], &c->resp,
                                 [this, c, done = std::move(done)](grpc::Status st) {
                                   if (st.ok()) ++committed_calls;
                                   delete c;
                                   done(Outcome(st, 1));
                                 });
      return;
    }
    struct Call {
      grpc::ClientContext ctx;
      etcdserverpb::TxnResponse resp;
    };
    auto* c = new Call;
    c->ctx.set_deadline(deadline);
    const uint32_t n = txs_in_call(i);
    stubs_[conn]->async()->Txn(&c->ctx, &txns[i], &c->resp,
                               [this, c, n, done = std::move(done)](grpc::Status st) {
                                 CallResult r = Outcome(st, n);
                                 if (st.ok()) ++committed_calls;
                                 // No comparisons: the success branch must have run.
                                 if (st.ok() && !c->resp.succeeded()) {
                                   r.committed = 0;
                                   r.errors = {{"TXN_NOT_SUCCEEDED", n}};
                                 }
                                 delete c;
                                 done(std::move(r));
                               });
  }

 private:
  static CallResult Outcome(const grpc::Status& st, uint32_t n) {
    CallResult r;
    if (st.ok()) {
      r.committed = n;
    } else {
      r.errors.push_back({"grpc:" + GrpcCodeName(st.error_code()), n});
    }
    return r;
  }

  uint32_t timeout_ms_;
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs_;
};

class EtcdWorkload final : public Workload {
 public:
  EtcdWorkload(const LoadOptions& opts, std::vector<std::shared_ptr<grpc::Channel>> channels)
      : opts_(opts), target_(channels, opts.timeout_ms), channels_(std::move(channels)) {}

  Status Setup() override {
    // The size of a signed transfer of 1 unit between two bench accounts,
    // as the lincao target builds it (same suite, same field sizes).
    KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                        reinterpret_cast<unsigned char*>(kp.secret_key.data()));
    v1::Tx tx;
    tx.set_chain_id("lincao-dev");
    tx.set_nonce(std::string(16, '\x5a'));
    tx.set_expiry_ms(1767225600000);
    tx.set_account("bench-1");
    tx.mutable_transfer()->set_to("bench-2");
    tx.mutable_transfer()->set_quantity(1);
    auto stx = SignTx(tx, {{"bench-1", 0, v1::SUITE_ED25519_BLAKE2B, kp.secret_key}});
    if (!stx.ok()) return stx.status();
    sample_message_ = TxSigningMessage(stx->tx());
    value_bytes_ = opts_.payload_bytes > 0 ? opts_.payload_bytes : stx->ByteSizeLong();
    // Wait for every connection, so that connecting is not timed.
    for (size_t i = 0; i < channels_.size(); ++i) {
      if (!channels_[i]->WaitForConnected(std::chrono::system_clock::now() +
                                          std::chrono::seconds(10))) {
        return Status(v1::NOT_READY,
                      "cannot connect to etcd at " + opts_.endpoints[i % opts_.endpoints.size()]);
      }
    }
    auto rev = ProbeRevision();
    if (!rev.ok()) return rev.status();
    revision_before_ = *rev;
    return Status::Ok();
  }

  Status Prepare(uint64_t n) override {
    std::string value(value_bytes_, '\0');
    randombytes_buf(value.data(), value.size());
    const uint32_t k = std::max<uint32_t>(1, opts_.batch_size);
    for (uint64_t i = 0; i < n; ++i) {
      etcdserverpb::PutRequest put;
      put.set_key("lincao-bench/bench-" + std::to_string(i % opts_.accounts + 1));
      // Distinct values, as distinct transactions are: the first bytes carry i.
      value.replace(
          0, std::min<size_t>(8, value.size()),
          std::string(reinterpret_cast<const char*>(&i), std::min<size_t>(8, value.size())));
      put.set_value(value);
      if (k == 1) {
        target_.puts.push_back(std::move(put));
      } else {
        if (i % k == 0) target_.txns.emplace_back();
        *target_.txns.back().add_success()->mutable_request_put() = std::move(put);
      }
    }
    return Status::Ok();
  }

  LoadTarget& target() override { return target_; }
  double mean_tx_bytes() const override { return static_cast<double>(value_bytes_); }
  std::string sample_signing_message() const override { return sample_message_; }
  // Every committed Put or Txn adds one revision: the store's revision,
  // read by a probe put before and after the run, must have moved by the
  // committed calls plus the second probe.
  Status Check(const DriveResult& run, std::vector<std::string>* notes) override {
    auto rev = ProbeRevision();
    if (!rev.ok()) return rev.status();
    const uint64_t calls = target_.committed_calls.load();
    const uint64_t moved = static_cast<uint64_t>(*rev - revision_before_) - 1;
    notes->push_back("etcd revision " + std::to_string(revision_before_) + " -> " +
                     std::to_string(*rev) + ": " + std::to_string(moved) + " writes, " +
                     std::to_string(calls) + " calls reported committed (" +
                     std::to_string(run.committed) + " puts)");
    if (moved != calls) {
      return Status(v1::INTERNAL, "etcd's revision moved by " + std::to_string(moved) + " but " +
                                      std::to_string(calls) +
                                      " calls were reported committed (another writer?)");
    }
    return Status::Ok();
  }

 private:
  // The revision after a put of a probe key, through connection 0; tried
  // for up to 15 s, as a cluster just started may still be electing.
  Result<int64_t> ProbeRevision() {
    auto stub = etcdserverpb::KV::NewStub(channels_[0]);
    etcdserverpb::PutRequest put;
    put.set_key("lincao-bench/probe");
    put.set_value("probe");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (true) {
      etcdserverpb::PutResponse resp;
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      grpc::Status st = stub->Put(&ctx, put, &resp);
      if (st.ok()) return resp.header().revision();
      if (std::chrono::steady_clock::now() > give_up) {
        return Status(v1::NOT_READY,
                      "etcd Put at " + opts_.endpoints[0] + ": " + st.error_message());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }

  LoadOptions opts_;
  KvTarget target_;
  int64_t revision_before_ = 0;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  size_t value_bytes_ = 0;
  std::string sample_message_;
};

}  // namespace

std::unique_ptr<Workload> MakeEtcdWorkload(const LoadOptions& opts,
                                           std::vector<std::shared_ptr<grpc::Channel>> channels) {
  return std::make_unique<EtcdWorkload>(opts, std::move(channels));
}

}  // namespace lincao::bench::load
