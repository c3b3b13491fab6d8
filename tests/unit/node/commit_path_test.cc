// The single-node commit path in process: admission checks, batching, log
// append, apply, and recovery of log entries the ledger had not applied.
#include <gtest/gtest.h>

#include "chaincode/block.h"
#include "chaincode/state_root.h"
#include "node/committer.h"
#include "node/grpc_status.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

using namespace std::chrono_literals;

class CommitPathTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override { Close(); }

  void Open(bool start = true) {
    auto log = RaftStorage::Open(chain_.dir() / "raft");
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    auto ledger = LedgerStore::Open(chain_.dir() / "ledger");
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    ledger_ = std::move(*ledger);
    auto genesis = BuildGenesis(chain_.spec());
    ASSERT_TRUE(genesis.ok());
    if (ledger_->empty()) {
      ASSERT_TRUE(ledger_->InitGenesis(*genesis).ok());
    }
    committer_ = std::make_unique<Committer>(chain_.config(), *ledger_, *log_, chain_.node_key(),
                                             Members(genesis->voters));
    ASSERT_TRUE(committer_->Recover().ok());
    if (start) committer_->Start();
  }

  void Close() {
    committer_.reset();
    ledger_.reset();
    log_.reset();
  }

  uint64_t Now() const { return committer_->NextBlockTimeMs(); }

  // Submits and waits for the outcome; admission errors come back as kDropped
  // with height 0 and `admitted` false.
  struct Sent {
    bool admitted = false;
    TxOutcome outcome;
  };
  Sent Send(const v1::SignedTx& stx) {
    auto a = committer_->Submit(stx);
    if (!a.ok()) return {false, {TxOutcome::Kind::kDropped, 0, a.status()}};
    auto out = a->ticket->Wait(10s);
    EXPECT_TRUE(out.has_value()) << "timed out waiting for commit";
    return {true, out.value_or(TxOutcome{})};
  }

  v1::SignedTx OpenAccount(const KeyFile& key, v1::Role role) {
    return chain_.OpenAccountTx(key, role, Now());
  }

  v1::SignedTx Issue(const std::string& to, uint64_t quantity) {
    return chain_.IssueTx(to, quantity, Now());
  }

  v1::SignedTx TransferTx(const KeyFile& from, const std::string& to, uint64_t quantity) {
    return chain_.TransferTx(from, to, quantity, Now());
  }

  testing::TempChain chain_;
  std::unique_ptr<RaftStorage> log_;
  std::unique_ptr<LedgerStore> ledger_;
  std::unique_ptr<Committer> committer_;
};

TEST_F(CommitPathTest, IssueTransferRetireCommitAndStateRootMatchesFullScan) {
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  KeyFile buyer = chain_.NewAccountKey("chengdu-expo");
  ASSERT_EQ(Send(OpenAccount(owner, v1::PROJECT_OWNER)).outcome.kind, TxOutcome::Kind::kCommitted);
  ASSERT_EQ(Send(OpenAccount(buyer, v1::PARTICIPANT)).outcome.kind, TxOutcome::Kind::kCommitted);
  Sent issued = Send(Issue(owner.owner, 5000));
  ASSERT_EQ(issued.outcome.kind, TxOutcome::Kind::kCommitted) << issued.outcome.status.ToString();
  ASSERT_EQ(Send(TransferTx(owner, buyer.owner, 1200)).outcome.kind, TxOutcome::Kind::kCommitted);

  v1::Tx retire = chain_.NewTx(buyer, Now());
  retire.mutable_retire()->set_quantity(200);
  retire.mutable_retire()->mutable_beneficiary()->set_organisation("Chengdu Expo 2026");
  retire.mutable_retire()->set_purpose(v1::LARGE_EVENT);
  Sent retired = Send(chain_.Sign(retire, buyer));
  ASSERT_EQ(retired.outcome.kind, TxOutcome::Kind::kCommitted) << retired.outcome.status.ToString();

  auto rec = LoadRecord<RetirementRecordData>(*ledger_, keys::Retirement(1));
  ASSERT_TRUE(rec.ok() && rec.value().has_value());
  EXPECT_EQ((*rec)->holder, "chengdu-expo");
  EXPECT_EQ((*rec)->quantity, 200u);
  EXPECT_EQ((*rec)->height, retired.outcome.height);

  // The incremental commitment equals a recomputation from a full scan.
  const SignatureSuite& suite = DefaultSuite();
  EXPECT_EQ(AsBytes(AccumulateAll(*ledger_).Root(suite)), ledger_->head_header().state_root());
  EXPECT_EQ(ledger_->head().height, retired.outcome.height);
  // Blocks chain: each block's prev_hash is the hash of the one before.
  for (uint64_t h = 1; h <= ledger_->head().height; ++h) {
    auto prev = ledger_->GetBlock(h - 1);
    auto cur = ledger_->GetBlock(h);
    ASSERT_TRUE(prev.ok() && cur.ok());
    EXPECT_EQ(cur->header().prev_hash(), AsBytes(BlockHash(suite, prev->header())));
  }
}

// Every settled transaction leaves the committer's books: nothing it held
// for a waiter outlives the outcome (memory that grew with every committed
// transaction until its expiry, an hour later, showed as RSS without a
// plateau under load).
TEST_F(CommitPathTest, SettledTransactionsLeaveNoWaiterStateBehind) {
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  KeyFile buyer = chain_.NewAccountKey("chengdu-expo");
  ASSERT_EQ(Send(OpenAccount(owner, v1::PROJECT_OWNER)).outcome.kind, TxOutcome::Kind::kCommitted);
  ASSERT_EQ(Send(OpenAccount(buyer, v1::PARTICIPANT)).outcome.kind, TxOutcome::Kind::kCommitted);
  ASSERT_EQ(Send(Issue(owner.owner, 5000)).outcome.kind, TxOutcome::Kind::kCommitted);
  // Committed, rejected by chaincode (more units than held), all settled.
  std::vector<std::shared_ptr<TxTicket>> tickets;
  for (int i = 0; i < 20; ++i) {
    auto a = committer_->Submit(TransferTx(owner, buyer.owner, i % 2 == 0 ? 1 : 1000000));
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    tickets.push_back(a->ticket);
  }
  for (auto& t : tickets) ASSERT_TRUE(t->Wait(10s).has_value());
  EXPECT_EQ(committer_->expiry_entries(), 0u);
  EXPECT_EQ(committer_->pending_count(), 0u);
}

TEST_F(CommitPathTest, BadInputIsRefusedWithCodeAndChangesNothing) {
  KeyFile stranger = chain_.NewAccountKey("stranger");
  const uint64_t height_before = ledger_->head().height;

  v1::SignedTx garbage;
  garbage.set_tx("\xff\xff\xff not a protobuf");
  garbage.add_signatures()->set_account("registrar");
  EXPECT_EQ(Send(garbage).outcome.status.code(), v1::MALFORMED_TX);

  v1::Tx big = chain_.NewTx(chain_.registrar(), Now());
  big.mutable_issue_batch()->set_note(std::string(70 * 1024, 'x'));
  EXPECT_EQ(Send(chain_.Sign(big, chain_.registrar())).outcome.status.code(), v1::TX_TOO_LARGE);

  v1::SignedTx forged = Issue("registrar", 10);
  forged.mutable_signatures(0)->mutable_signature()->at(3) ^= 0x40;
  EXPECT_EQ(Send(forged).outcome.status.code(), v1::BAD_SIGNATURE);

  v1::Tx wrong_chain = chain_.NewTx(chain_.registrar(), Now());
  wrong_chain.set_chain_id("chongqing-main");
  wrong_chain.mutable_transfer()->set_to("x");
  EXPECT_EQ(Send(chain_.Sign(wrong_chain, chain_.registrar())).outcome.status.code(),
            v1::WRONG_CHAIN);

  v1::Tx expired = chain_.NewTx(chain_.registrar(), Now());
  expired.set_expiry_ms(Now() - 1000);
  expired.mutable_transfer()->set_to("x");
  EXPECT_EQ(Send(chain_.Sign(expired, chain_.registrar())).outcome.status.code(), v1::EXPIRED);

  v1::Tx far = chain_.NewTx(chain_.registrar(), Now(), 48ull * 3600 * 1000);
  far.mutable_transfer()->set_to("x");
  EXPECT_EQ(Send(chain_.Sign(far, chain_.registrar())).outcome.status.code(), v1::EXPIRY_TOO_FAR);

  v1::Tx unknown = chain_.NewTx(stranger, Now());
  unknown.mutable_transfer()->set_to("registrar");
  unknown.mutable_transfer()->set_quantity(1);
  EXPECT_EQ(Send(chain_.Sign(unknown, stranger)).outcome.status.code(), v1::UNKNOWN_ACCOUNT);

  KeyFile wrong_key = chain_.registrar();
  wrong_key.key_id = 9;
  EXPECT_EQ(
      Send(chain_.Sign(chain_.NewTx(chain_.registrar(), Now()), wrong_key)).outcome.status.code(),
      v1::MISSING_BODY);  // shape is checked before keys
  v1::Tx keyed = chain_.NewTx(chain_.registrar(), Now());
  keyed.mutable_transfer()->set_to("x");
  EXPECT_EQ(Send(chain_.Sign(keyed, wrong_key)).outcome.status.code(), v1::UNKNOWN_KEY);

  EXPECT_EQ(ledger_->head().height, height_before);

  // The node still serves: a good tx commits, and its replay is refused.
  KeyFile owner = chain_.NewAccountKey("zoige-wetland");
  v1::SignedTx open = OpenAccount(owner, v1::PROJECT_OWNER);
  EXPECT_EQ(Send(open).outcome.kind, TxOutcome::Kind::kCommitted);
  Sent replay = Send(open);
  EXPECT_FALSE(replay.admitted);
  EXPECT_EQ(replay.outcome.status.code(), v1::DUPLICATE_TX);
  EXPECT_EQ(ledger_->head().height, height_before + 1);
}

TEST_F(CommitPathTest, ChaincodeRejectionIsRecordedInABlock) {
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  ASSERT_EQ(Send(OpenAccount(owner, v1::PROJECT_OWNER)).outcome.kind, TxOutcome::Kind::kCommitted);
  const std::string state_root_before = ledger_->head_header().state_root();

  v1::Tx self_issue = chain_.NewTx(owner, Now());
  self_issue.mutable_issue_batch()->set_to(owner.owner);
  self_issue.mutable_issue_batch()->set_quantity(1000000);
  self_issue.mutable_issue_batch()->set_project_id("SC-FOR-X");
  self_issue.mutable_issue_batch()->set_vintage(2025);
  // Certainly unauthorized against the committed state: refused at
  // admission with the chaincode's code, taking no block space.
  const uint64_t height_before = ledger_->head_header().height();
  Sent sent = Send(chain_.Sign(self_issue, owner));
  EXPECT_FALSE(sent.admitted);
  EXPECT_EQ(sent.outcome.status.code(), v1::UNAUTHORIZED);
  EXPECT_EQ(ledger_->head_header().height(), height_before);
  EXPECT_EQ(ledger_->head_header().state_root(), state_root_before);

  Sent too_much = Send(TransferTx(owner, "registrar", 1));
  EXPECT_EQ(too_much.outcome.kind, TxOutcome::Kind::kRejected);
  EXPECT_EQ(too_much.outcome.status.code(), v1::INSUFFICIENT_UNITS);
  EXPECT_EQ(GrpcCodeFor(too_much.outcome.status.code()), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(CommitPathTest, RefusesWhenTheQueueIsFull) {
  Close();
  chain_.mutable_config().batch_max_txs = 1;
  chain_.mutable_config().max_pending_txs = 1;
  Open(/*start=*/false);  // nothing drains the queue
  KeyFile a = chain_.NewAccountKey("acct-a");
  KeyFile b = chain_.NewAccountKey("acct-b");
  ASSERT_TRUE(committer_->Submit(OpenAccount(a, v1::PARTICIPANT)).ok());
  auto second = committer_->Submit(OpenAccount(b, v1::PARTICIPANT));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), v1::OVERLOADED);
}

TEST_F(CommitPathTest, RecoversLogEntriesTheLedgerMissed) {
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  ASSERT_EQ(Send(OpenAccount(owner, v1::PROJECT_OWNER)).outcome.kind, TxOutcome::Kind::kCommitted);
  const uint64_t height = ledger_->head().height;

  // A crash after the entry committed but before apply: it is in the log only.
  v1::SignedTx issue = Issue(owner.owner, 777);
  v1::Batch batch;
  batch.set_leader_time_ms(Now());
  batch.set_proposer("node-1");
  batch.add_txs(issue.SerializeAsString());
  // Stop the node first, so that the entry below is not overwritten by one of its own.
  committer_.reset();
  v1::raft::Entry entry;
  entry.set_term(log_->hard_state().term());
  entry.set_index(log_->LastIndex() + 1);
  entry.set_data(batch.SerializeAsString());
  v1::raft::HardState hs = log_->hard_state();
  hs.set_commit(entry.index());
  ASSERT_TRUE(log_->Persist(nullptr, {entry}, &hs, /*sync=*/true).ok());
  Close();

  Open();
  EXPECT_EQ(ledger_->head().height, height + 1);
  EXPECT_EQ(ledger_->applied_index(), entry.index());
  auto id = ComputeTxId(DefaultSuite(), issue.tx());
  EXPECT_TRUE(ledger_->IsCommitted(id));
  auto rec = ledger_->GetTx(id);
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->result().code(), v1::OK);
}

TEST_F(CommitPathTest, RestartResumesTheSameLedger) {
  KeyFile owner = chain_.NewAccountKey("panda-forest-coop");
  ASSERT_EQ(Send(OpenAccount(owner, v1::PROJECT_OWNER)).outcome.kind, TxOutcome::Kind::kCommitted);
  ASSERT_EQ(Send(Issue(owner.owner, 42)).outcome.kind, TxOutcome::Kind::kCommitted);
  ChainHead before = ledger_->head();
  Close();
  Open();
  EXPECT_EQ(ledger_->head().height, before.height);
  EXPECT_EQ(ledger_->head().hash, before.hash);
  EXPECT_EQ(ledger_->head().accumulator, before.accumulator);
  // The next block continues the chain.
  ASSERT_EQ(Send(TransferTx(owner, "registrar", 2)).outcome.kind, TxOutcome::Kind::kCommitted);
  auto next = ledger_->GetBlock(before.height + 1);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->header().prev_hash(), AsBytes(before.hash));
  // Block h carries a commit certificate for block h-1, signed by node-1.
  EXPECT_EQ(next->last_commit().height(), before.height);
  EXPECT_EQ(next->last_commit().signatures_size(), 1);
}

}  // namespace
}  // namespace lincao::node
