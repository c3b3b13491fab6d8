#include "node/peer_network.h"

#include <future>

#include "node/grpc_status.h"
#include "node/log.h"
#include "node/peer_handshake.h"

namespace lincao::node {

namespace cs = consensus;

grpc::ChannelArguments PeerChannelArguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 2000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 2000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  args.SetMaxReceiveMessageSize(static_cast<int>(2 * kMaxPeerFrameBytes));
  args.SetMaxSendMessageSize(static_cast<int>(2 * kMaxPeerFrameBytes));
  return args;
}

PeerNetwork::PeerNetwork(const Config& config, const Members& members, const KeyFile& node_key,
                         std::shared_ptr<grpc::ChannelCredentials> dial_credentials,
                         const SignatureSuite& suite, std::string chain_id, Committer& committer)
    : config_(config),
      members_(members),
      node_key_(node_key),
      dial_credentials_(std::move(dial_credentials)),
      suite_(suite),
      chain_id_(std::move(chain_id)),
      committer_(committer) {
  self_ = members_.ByNodeId(config_.node_id);
  for (const PeerConfig& p : config_.peers) {
    const Member* m = members_.ByNodeId(p.node_id);
    if (m == nullptr || self_ == nullptr) {
      spdlog::warn("event=peer_ignored peer={} reason=not_a_genesis_node", p.node_id);
      continue;
    }
    PeerLink::DialFn dial;
    if (self_->raft_id < m->raft_id) {
      std::string address = p.peer_address;
      Member remote = *m;
      dial = [this, remote, address](std::atomic<bool>& stop) {
        return Dial(remote, address, stop);
      };
    }
    links_[m->raft_id] = std::make_unique<PeerLink>(*m, InboundFrom(*m), std::move(dial));
  }
}

PeerNetwork::~PeerNetwork() { Stop(); }

void PeerNetwork::Start() {
  for (auto& [id, link] : links_) link->Start();
}

void PeerNetwork::Stop() {
  for (auto& [id, link] : links_) link->Stop();
}

PeerInbound PeerNetwork::InboundFrom(const Member& remote) {
  PeerInbound in;
  const cs::NodeId from = remote.raft_id;
  const cs::NodeId self = self_ != nullptr ? self_->raft_id : cs::kNone;
  in.raft = [this, from, self](std::string bytes) {
    cs::Message m;
    // Only what the authenticated member says in its own name, to us.
    if (!m.ParseFromString(bytes) || m.from() != from || m.to() != self) return;
    committer_.OnRaftMessage(std::move(m));
  };
  in.vote = [this](v1::CommitVote vote) { committer_.OnVote(std::move(vote)); };
  in.txs = [this](std::vector<std::string> txs) { committer_.OnForwardedTxs(std::move(txs)); };
  return in;
}

void PeerNetwork::Send(std::vector<cs::Message> messages) {
  for (cs::Message& m : messages) {
    auto it = links_.find(m.to());
    if (it == links_.end()) continue;
    it->second->EnqueueRaft(m.SerializeAsString());
  }
}

void PeerNetwork::SendVote(cs::NodeId to, const v1::CommitVote& vote) {
  auto it = links_.find(to);
  if (it != links_.end()) it->second->EnqueueVote(vote);
}

void PeerNetwork::ForwardTxs(cs::NodeId to, std::vector<std::string> txs) {
  auto it = links_.find(to);
  if (it != links_.end()) it->second->EnqueueTxs(std::move(txs));
}

namespace {

// Runs `step` and cancels the call if it has not finished in time.
template <typename Fn>
bool WithinHandshakeTime(Fn step, const std::function<void()>& cancel) {
  std::promise<bool> done;
  std::future<bool> result = done.get_future();
  std::thread worker([&] { done.set_value(step()); });
  bool ok = false;
  if (result.wait_for(std::chrono::milliseconds(kPeerHandshakeTimeoutMs)) ==
      std::future_status::ready) {
    ok = result.get();
  } else {
    cancel();
  }
  worker.join();
  return ok;
}

}  // namespace

std::unique_ptr<PeerStream> PeerNetwork::Dial(const Member& remote, const std::string& address,
                                              std::atomic<bool>& stop) {
  if (stop) return nullptr;
  auto channel = grpc::CreateCustomChannel(address, dial_credentials_, PeerChannelArguments());
  auto stub = v1::Peer::NewStub(channel);
  auto ctx = std::make_shared<grpc::ClientContext>();
  std::shared_ptr<grpc::ClientReaderWriter<v1::PeerFrame, v1::PeerFrame>> rw =
      stub->Stream(ctx.get());
  const std::string my_nonce = NewPeerNonce();
  std::string why;
  bool ok = WithinHandshakeTime(
      [&] {
        v1::PeerFrame hello;
        hello.mutable_hello()->set_chain_id(chain_id_);
        hello.mutable_hello()->set_node_id(config_.node_id);
        hello.mutable_hello()->set_nonce(my_nonce);
        v1::PeerFrame answer;
        if (!rw->Write(hello) || !rw->Read(&answer)) {
          why = "no answer";
          return false;
        }
        const v1::PeerHello& h = answer.hello();
        if (h.chain_id() != chain_id_ || h.node_id() != remote.node_id ||
            !VerifyPeerHandshake(suite_, remote, chain_id_, config_.node_id, my_nonce, h.nonce(),
                                 h.signature())) {
          why = "the answer does not prove " + remote.node_id + "'s node key";
          return false;
        }
        v1::PeerFrame proof;
        proof.mutable_hello()->set_chain_id(chain_id_);
        proof.mutable_hello()->set_node_id(config_.node_id);
        proof.mutable_hello()->set_signature(
            SignPeerHandshake(suite_, node_key_, chain_id_, remote.node_id, h.nonce(), my_nonce));
        if (!rw->Write(proof)) {
          why = "refused our proof";
          return false;
        }
        return true;
      },
      [ctx] { ctx->TryCancel(); });
  if (!ok) {
    ctx->TryCancel();
    grpc::Status st = rw->Finish();
    spdlog::debug("event=peer_dial_failed peer={} address={} reason={} grpc={}", remote.node_id,
                  address, Quoted(why), Quoted(st.error_message()));
    return nullptr;
  }
  auto stream = std::make_unique<PeerStream>();
  // The stub and channel live as long as the stream's functions do.
  stream->read = [rw, stub = std::shared_ptr<v1::Peer::Stub>(std::move(stub))](v1::PeerFrame* f) {
    return rw->Read(f);
  };
  stream->write = [rw](const v1::PeerFrame& f) { return rw->Write(f); };
  stream->cancel = [ctx] { ctx->TryCancel(); };
  return stream;
}

grpc::Status PeerNetwork::Stream(grpc::ServerContext* ctx,
                                 grpc::ServerReaderWriter<v1::PeerFrame, v1::PeerFrame>* rw) {
  if (self_ == nullptr) {
    return ToGrpc(ctx, Status(v1::PEER_REFUSED, "this node is not a cluster member"));
  }
  const Member* remote = nullptr;
  std::string why = "no hello";
  bool ok = WithinHandshakeTime(
      [&] {
        v1::PeerFrame hello;
        if (!rw->Read(&hello)) return false;
        const v1::PeerHello& h = hello.hello();
        remote = members_.ByNodeId(h.node_id());
        if (h.chain_id() != chain_id_) {
          why = "chain id '" + h.chain_id() + "' is not '" + chain_id_ + "'";
          return false;
        }
        if (remote == nullptr || remote == self_ || links_.count(remote->raft_id) == 0 ||
            remote->raft_id > self_->raft_id) {
          why = "'" + h.node_id() + "' is not a member that dials this node";
          return false;
        }
        if (h.nonce().size() != kPeerNonceBytes) {
          why = "bad nonce";
          return false;
        }
        const std::string my_nonce = NewPeerNonce();
        v1::PeerFrame answer;
        answer.mutable_hello()->set_chain_id(chain_id_);
        answer.mutable_hello()->set_node_id(config_.node_id);
        answer.mutable_hello()->set_nonce(my_nonce);
        answer.mutable_hello()->set_signature(
            SignPeerHandshake(suite_, node_key_, chain_id_, remote->node_id, h.nonce(), my_nonce));
        v1::PeerFrame proof;
        if (!rw->Write(answer) || !rw->Read(&proof)) {
          why = "no proof";
          return false;
        }
        if (!VerifyPeerHandshake(suite_, *remote, chain_id_, config_.node_id, my_nonce, h.nonce(),
                                 proof.hello().signature())) {
          why = "the proof does not verify against " + remote->node_id + "'s node key";
          return false;
        }
        return true;
      },
      [ctx] { ctx->TryCancel(); });
  if (!ok) {
    spdlog::warn("event=peer_refused from={} reason={}", Quoted(ctx->peer()), Quoted(why));
    return ToGrpc(ctx, Status(v1::PEER_REFUSED, "peer handshake failed: " + why));
  }
  PeerStream stream;
  stream.read = [rw](v1::PeerFrame* f) { return rw->Read(f); };
  stream.write = [rw](const v1::PeerFrame& f) { return rw->Write(f); };
  stream.cancel = [ctx] { ctx->TryCancel(); };
  links_.at(remote->raft_id)->Serve(stream);
  return grpc::Status::OK;
}

}  // namespace lincao::node
