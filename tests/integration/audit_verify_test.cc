// End to end: `lincao audit verify` against a real lincaod whose ledger
// database was damaged on disk, one kind of damage at a time: a block
// header, a transaction signature, a certificate, a result code, and a state
// value. Each run starts from a copy of the same healthy ledger, damages it
// with RocksDB directly while the node is stopped, restarts the node (which
// serves what it stored) and expects the verifier to name the block and the
// check. Then `lincao certificate get` / `lincao verify certificate` on the
// healthy ledger. docs/audit.md, "What audit verify detects", explains each.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "chaincode/records.h"
#include "lincao/v1/block.pb.h"
#include "tests/integration/dev_node_fixture.h"
#include "tests/integration/walkthrough_fixture.h"

namespace lincao::itest {
namespace {

using namespace std::chrono_literals;

std::string BigEndian64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
  return out;
}

// The ledger database opened directly (the node must be stopped).
class RawLedger {
 public:
  explicit RawLedger(const std::filesystem::path& path) {
    // Every column family of the ledger must be named to open it (docs/formats.md,
    // "Databases"); the history indexes come last so the indices below stay put.
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {{rocksdb::kDefaultColumnFamilyName, {}},
                                                        {"blocks", {}},
                                                        {"txindex", {}},
                                                        {"state", {}},
                                                        {"history", {}}};
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), path.string(), cfs, &handles_, &db);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(db);
  }
  ~RawLedger() {
    if (!db_) return;  // the open failed (and said so)
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }
  // Rewrites stored block `height` through `edit`.
  void EditBlock(uint64_t height, const std::function<void(v1::Block&)>& edit) {
    std::string raw;
    ASSERT_TRUE(db_->Get({}, handles_[1], BigEndian64(height), &raw).ok());
    v1::Block b;
    ASSERT_TRUE(b.ParseFromString(raw));
    edit(b);
    ASSERT_TRUE(db_->Put({}, handles_[1], BigEndian64(height), b.SerializeAsString()).ok());
  }
  // Rewrites the state value of `key` through `edit`.
  void EditState(const std::string& key, const std::function<void(std::string&)>& edit) {
    std::string raw;
    ASSERT_TRUE(db_->Get({}, handles_[3], key, &raw).ok());
    edit(raw);
    ASSERT_TRUE(db_->Put({}, handles_[3], key, raw).ok());
  }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

class AuditVerifyTest : public DevNodeTest {
 protected:
  void PublicLedger() {
    std::ofstream(File("lincaod.toml"), std::ios::app) << "\n[audit]\npublic = true\n";
  }
  void OpenAccount(const std::string& id) {
    ASSERT_EQ(Cli({"keys", "new", "--owner", id, "--out", Key(id)}).exit_code, 0);
    NodeJson({"account", "open", "--key", Key("registrar"), "--id", id, "--role", "participant",
              "--pubkey-file", Key(id), "--identity-file", File("id.pdf")});
  }
  CommandResult Verify() {
    return Node(
        {"audit", "verify", "--genesis", File("genesis.json"), "--genesis-hash", genesis_hash_});
  }
  void StopNode() {
    node_->Signal(SIGTERM);
    ASSERT_EQ(node_->Wait(30s), 0);
    node_.reset();
  }
  // Restores the healthy ledger and damages it with `damage`.
  void Damage(const std::function<void(RawLedger&)>& damage) {
    std::filesystem::remove_all(dir_ / "ledger");
    std::filesystem::copy(dir_ / "ledger.healthy", dir_ / "ledger",
                          std::filesystem::copy_options::recursive);
    RawLedger ledger(dir_ / "ledger");
    damage(ledger);
  }
  std::string genesis_hash_;
};

TEST_F(AuditVerifyTest, NamesEachKindOfDamageOnDisk) {
  std::ofstream(File("id.pdf")) << "identity documents";
  PublicLedger();
  StartNode();
  genesis_hash_ = NodeJson({"query", "status"}).value("genesis_hash", "");
  for (const char* id : {"acct-1", "acct-2", "acct-3", "acct-4"}) OpenAccount(id);  // blocks 1-4
  CommandResult ok = Verify();
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("verified: blocks 1-4"), std::string::npos) << ok.out;
  EXPECT_NE(ok.err.find("done: verified height 4 of 4"), std::string::npos) << ok.err;
  // A certificate that comes with an answer is checked against the voters.
  CommandResult root = Node({"audit", "state-root", "2"});
  ASSERT_EQ(root.exit_code, 0) << root.err;
  EXPECT_NE(root.out.find("certified by 1 of 1 voters"), std::string::npos) << root.out;
  StopNode();
  std::filesystem::copy(dir_ / "ledger", dir_ / "ledger.healthy",
                        std::filesystem::copy_options::recursive);

  struct Case {
    std::string name;
    std::function<void(RawLedger&)> damage;
    std::string expect;  // the start of the failure: "block H: check"
  };
  const std::vector<Case> cases = {
      {"a block header",
       [](RawLedger& l) {
         l.EditBlock(
             2, [](v1::Block& b) { b.mutable_header()->set_time_ms(b.header().time_ms() + 1); });
       },
       "block 2: hash chain"},
      {"a transaction signature",
       [](RawLedger& l) {
         l.EditBlock(3, [](v1::Block& b) {
           (*b.mutable_txs(0)->mutable_signatures(0)->mutable_signature())[7] ^= 0x10;
         });
       },
       "block 3: signature"},
      // Block 4 carries block 3's certificate; the node also sends it with
      // block 3, so it is found there.
      {"a certificate",
       [](RawLedger& l) {
         l.EditBlock(4, [](v1::Block& b) {
           ASSERT_GT(b.last_commit().signatures_size(), 0);
           (*b.mutable_last_commit()->mutable_signatures(0)->mutable_signature())[0] ^= 1;
         });
       },
       "block 3: certificate"},
      {"a result code",
       [](RawLedger& l) {
         l.EditBlock(2, [](v1::Block& b) { b.mutable_results(0)->set_code(v1::UNAUTHORIZED); });
       },
       "block 2: result"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Damage(c.damage);
    StartNode();
    CommandResult r = Verify();
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("[E518 LEDGER_VERIFY_FAILED] " + c.expect), std::string::npos) << r.err;
    StopNode();
  }

  // The same damaged certificate, as `audit state-root` receives it.
  Damage(cases[2].damage);
  StartNode();
  CommandResult damaged_root = Node({"audit", "state-root", "3"});
  EXPECT_EQ(damaged_root.exit_code, 1) << damaged_root.out;
  EXPECT_NE(damaged_root.err.find("CERTIFICATE_INVALID"), std::string::npos) << damaged_root.err;
  StopNode();

  // A state value: invisible to replay while no block writes the key (the
  // blocks are intact), then the node's next block that rewrites it builds
  // on the damaged value, and that block is named.
  Damage([](RawLedger& l) {
    l.EditState(keys::Account("acct-2"), [](std::string& raw) {
      AccountRecord a;
      ASSERT_TRUE(AccountRecord::Decode(raw, &a));
      a.display_name = "someone else";
      raw = a.Encode();
    });
  });
  StartNode();
  CommandResult still = Verify();
  EXPECT_EQ(still.exit_code, 0) << still.err;
  ASSERT_EQ(Node({"account", "close", "--key", Key("acct-2")}).exit_code, 0);  // block 5
  CommandResult r = Verify();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("[E518 LEDGER_VERIFY_FAILED] block 5: result"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("writes_hash"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lincao::itest

namespace lincao::itest {
namespace {

// A chain taken through the whole credit lifecycle (docs/registry.md's
// steps) replays under `audit verify`; a retirement's certificate is
// fetched once its block is certified and checked with no node, with the
// voters from the bundled genesis and from an exported membership file; a
// tampered copy fails.
class RetirementCertificateTest : public WalkthroughTest {};

TEST_F(RetirementCertificateTest, GetThenVerifyOfflineAndTheWholeChainReplays) {
  IssueBatch();
  if (HasFatalFailure()) return;
  json retired = Tx({"tx", "retire", "--quantity", "5000", "--beneficiary-org", "Chengdu Metro",
                     "--purpose", "other", "--period-start", "2026-05-22", "--period-end",
                     "2026-05-27", "--note", "metro line 18 opening"},
                    "panda-coop");
  ASSERT_EQ(retired["retirement_id"], 1);
  const std::string genesis_hash = NodeJson({"query", "status"}).value("genesis_hash", "");
  const uint64_t height = NodeJson({"query", "status"}).value("height", 0ull);

  // Its block is the head: no certificate yet.
  CommandResult pending = Node({"certificate", "get", "1", "--out", File("cert.json")});
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_NE(pending.err.find("CERTIFICATE_PENDING"), std::string::npos) << pending.err;

  // One more block certifies it.
  ASSERT_EQ(Cli({"keys", "new", "--owner", "late", "--out", Key("late")}).exit_code, 0);
  Tx({"account", "open", "--id", "late", "--role", "participant", "--pubkey-file", Key("late"),
      "--identity-file", Document("identity/late", "late")},
     "registrar");
  CommandResult got = Node(
      {"certificate", "get", "1", "--genesis", File("genesis.json"), "--out", File("cert.json")});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  CommandResult ok =
      Cli({"verify", "certificate", File("cert.json"), "--genesis-hash", genesis_hash});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("verified: retirement 1: 5,000 kg retired by 'panda-coop' for 'Chengdu "
                        "Metro' (purpose OTHER), in block " +
                        std::to_string(height)),
            std::string::npos)
      << ok.out;
  EXPECT_NE(ok.out.find("certified by 1 of 1 voters"), std::string::npos) << ok.out;

  // Another trusted genesis hash: another chain.
  std::string other = genesis_hash;
  other[0] = other[0] == '0' ? '1' : '0';
  CommandResult wrong = Cli({"verify", "certificate", File("cert.json"), "--genesis-hash", other});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("CERTIFICATE_INVALID"), std::string::npos) << wrong.err;

  // A tampered field: the result's created id.
  json cert = json::parse(std::ifstream(File("cert.json")));
  cert["proof"]["result"]["created_id"] = "2";
  std::ofstream(File("tampered.json")) << cert.dump(2);
  CommandResult tampered =
      Cli({"verify", "certificate", File("tampered.json"), "--genesis-hash", genesis_hash});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.err.find("CERTIFICATE_INVALID"), std::string::npos) << tampered.err;

  // The whole lifecycle replays, and the voters at the retirement's height
  // exported from that replay verify the certificate without the genesis.
  node_->Signal(SIGTERM);
  ASSERT_EQ(node_->Wait(30s), 0);
  std::ofstream(File("lincaod.toml"), std::ios::app) << "\n[audit]\npublic = true\n";
  StartNode();
  CommandResult all =
      Node({"audit", "verify", "--genesis", File("genesis.json"), "--genesis-hash", genesis_hash});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("verified: blocks 1-" + std::to_string(height + 1)), std::string::npos)
      << all.out;
  CommandResult members =
      Node({"audit", "membership", "--height", std::to_string(height), "--genesis",
            File("genesis.json"), "--genesis-hash", genesis_hash, "--out", File("members.json")});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  cert = json::parse(std::ifstream(File("cert.json")));
  cert.erase("genesis");
  std::ofstream(File("bare.json")) << cert.dump(2);
  CommandResult bare = Cli({"verify", "certificate", File("bare.json"), "--genesis-hash",
                            genesis_hash, "--membership", File("members.json")});
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
}

}  // namespace
}  // namespace lincao::itest
