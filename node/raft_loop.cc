#include "node/raft_loop.h"

#include <boost/asio/post.hpp>

#include <future>

#include "node/log.h"

namespace lincao::node {

namespace cs = consensus;

RaftLoop::RaftLoop(boost::asio::io_context& io, RaftStorage& storage, RaftLoopOptions options,
                   Hooks hooks)
    : io_(io),
      storage_(storage),
      options_(options),
      hooks_(std::move(hooks)),
      random_(options.seed),
      tick_timer_(io) {}

RaftLoop::~RaftLoop() { Stop(); }

Status RaftLoop::Start() {
  cs::Config config;
  config.id = options_.id;
  config.election_ticks = options_.election_ticks;
  config.heartbeat_ticks = options_.heartbeat_ticks;
  config.storage = &storage_;
  config.random = &random_;
  config.applied = options_.applied;
  cs::Status st = cs::RawNode::Create(config, &raw_);
  if (!st.ok()) {
    return Status(v1::INTERNAL, "cannot start raft: " + std::string(st.message()));
  }
  if (options_.campaign_now) raw_->Campaign().ok();  // refused only if already leading
  CacheStatus();
  boost::asio::post(io_, [this] {
    Drive();
    ArmTick();
  });
  return Status::Ok();
}

void RaftLoop::Stop() {
  if (stopped_.exchange(true)) return;
  apply_pool_.join();
}

void RaftLoop::ArmTick() {
  tick_timer_.expires_after(std::chrono::milliseconds(options_.tick_ms));
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || halted_) return;
    raw_->Tick();
    Drive();
    ArmTick();
  });
}

void RaftLoop::Halt(const Status& why) {
  halted_ = true;
  spdlog::critical("event=replication_halted error={}", Quoted(why.ToString()));
}

void RaftLoop::Drive() {
  do {
    HandleReadies();
    if (halted_ || stopped_) return;
    CacheStatus();
    hooks_.after_ready();  // may propose: then go round again
  } while (!halted_ && !stopped_ && raw_->HasReady());
}

void RaftLoop::HandleReadies() {
  while (!halted_ && !stopped_ && raw_->HasReady()) {
    cs::Ready rd = raw_->GetReady();
    if (!rd.early_messages.empty()) hooks_.send(std::move(rd.early_messages));
    if (rd.snapshot.has_value() && rd.snapshot->metadata().index() > cs::kGenesisIndex) {
      // Logs are never compacted yet, so a leader never needs to send one.
      Halt(Status(v1::INTERNAL, "received a raft snapshot at index " +
                                    std::to_string(rd.snapshot->metadata().index()) +
                                    "; installing ledger snapshots is not supported yet"));
      return;
    }
    std::future<Status> applied;
    if (!rd.committed_entries.empty()) {
      auto task = std::make_shared<std::packaged_task<Status()>>(
          [this, entries = rd.committed_entries] { return hooks_.apply(entries); });
      applied = task->get_future();
      boost::asio::post(apply_pool_, [task] { (*task)(); });
    }
    const cs::Snapshot* snap = rd.snapshot.has_value() ? &*rd.snapshot : nullptr;
    const cs::HardState* hs = rd.hard_state.has_value() ? &*rd.hard_state : nullptr;
    Status persisted = Status::Ok();
    if (snap != nullptr || hs != nullptr || !rd.entries.empty()) {
      persisted = storage_.Persist(snap, rd.entries, hs, rd.must_sync);
      if (rd.must_sync) ++fsyncs_;
    }
    if (persisted.ok() && !rd.messages.empty()) hooks_.send(std::move(rd.messages));
    Status apply_status = applied.valid() ? applied.get() : Status::Ok();
    if (!persisted.ok()) {
      Halt(persisted);
      return;
    }
    if (!apply_status.ok()) {
      Halt(apply_status);
      return;
    }
    raw_->Advance(rd);
  }
}

void RaftLoop::CacheStatus() {
  cs::NodeStatus s = raw_->Status();
  std::lock_guard<std::mutex> lock(status_mu_);
  status_ = std::move(s);
}

cs::NodeStatus RaftLoop::status() const {
  std::lock_guard<std::mutex> lock(status_mu_);
  return status_;
}

}  // namespace lincao::node
