// Test helpers for chaincode tests: deterministic keys, a small chain built
// from a genesis with a registrar and named accounts, tx builders and
// signing, direct apply through an overlay, and block commits through
// BuildBlock. Everything is deterministic: keys come from fixed seeds,
// nonces from a counter, time from the caller.
//
// Thread-safety: none; one test owns a TestChain.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chaincode/apply.h"
#include "chaincode/block_builder.h"
#include "chaincode/genesis.h"
#include "chaincode/limits.h"
#include "chaincode/project_records.h"
#include "chaincode/records.h"
#include "chaincode/serial_range.h"
#include "chaincode/state_view.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"

namespace lincao::testing {

inline constexpr uint64_t kGenesisTimeMs = 1767225600000;  // 2026-01-01T00:00:00Z
inline constexpr char kChainId[] = "lincao-test";

// Ed25519 key pair from a 32-byte seed (libsodium crypto_sign_seed_keypair).
KeyPair KeyFromSeed(const std::array<uint8_t, 32>& seed);
// Key pair whose seed is BLAKE2b-256("lincao-test-key/" || label).
KeyPair TestKey(std::string_view label);

struct AccountSpec {
  std::string id;
  std::vector<v1::Role> roles;
  uint32_t threshold = 1;
  uint32_t num_keys = 1;  // key ids 0..num_keys-1, from TestKey(id + "/" + key id)
};

struct ChainOptions {
  std::vector<AccountSpec> accounts;  // "registrar" (REGISTRAR) is always added first
  uint32_t max_ranges_per_tx = 64;
  uint32_t max_ranges_per_account = kDefaultMaxRangesPerAccount;
  uint64_t max_tx_horizon_ms = 24ull * 60 * 60 * 1000;
  std::vector<std::string> nodes = {"node-1"};
  uint32_t chaincode_version = 1;
  std::vector<std::string> governing;  // genesis governance policy; empty: none
  uint32_t governance_threshold = 0;
};

// The default cast: registrar, two project owners, three participants, and
// "multi" (PARTICIPANT, 2-of-2 keys).
ChainOptions DefaultOptions();
// The default cast plus two supervisors, "bureau" (the forestry bureau) and
// "ecology" (2-of-2 keys), governing with the registrar, 2 of 3.
ChainOptions GovernanceOptions();

class CommittedSet final : public CommittedTxLookup {
 public:
  bool IsCommitted(const Hash32& tx_id) const override { return ids.count(tx_id) > 0; }
  std::set<Hash32> ids;
};

class TestChain {
 public:
  explicit TestChain(ChainOptions options = DefaultOptions());

  const GenesisSpec& spec() const { return spec_; }
  const ChainParams& params() const { return spec_.params; }
  const Hash32& genesis_hash() const { return genesis_hash_; }
  MapState& state() { return state_; }
  const ChainHead& head() const { return head_; }
  const CommittedSet& committed() const { return committed_; }
  const SignatureSuite& suite() const { return DefaultSuite(); }

  // Keys of an account: index = key id.
  const std::vector<KeyPair>& keys(const std::string& account) const;
  SigningKey Signer(const std::string& account, uint32_t key_id = 0) const;
  KeyPair NodeKey(const std::string& node_id) const { return TestKey("node/" + node_id); }

  // A Tx with this chain's id, a fresh counter nonce, expiry one hour after
  // the head's time, and `account` acting. The caller sets the body.
  v1::Tx NewTx(const std::string& account);
  // Signs with the acting account's first `threshold` keys (or
  // `num_signers`), then each cosigner's first `threshold` keys, in the
  // canonical order.
  // A custodial account (chaincode/custody.h) is signed for with its
  // custodian's first keys, to the custodian's threshold.
  v1::SignedTx Sign(const v1::Tx& tx, std::optional<uint32_t> num_signers = std::nullopt) const;
  // The signing keys Sign uses for one named account (in its name).
  std::vector<SigningKey> SignersFor(const std::string& account,
                                     std::optional<uint32_t> num_signers = std::nullopt) const;
  // A governance Tx: `actor` acting, `cosigners` (sorted here) co-signing.
  v1::Tx GovTx(const std::string& actor, std::vector<std::string> cosigners);

  // Body builders (return the Tx, unsigned).
  v1::Tx OpenAccountTx(const std::string& actor, const std::string& id, std::vector<v1::Role> roles,
                       const std::vector<KeyPair>& keys, uint32_t threshold = 1);
  v1::Tx IssueTx(const std::string& actor, const std::string& to, uint64_t quantity,
                 uint32_t vintage = 2025);
  v1::Tx TransferTx(const std::string& actor, const std::string& to, uint64_t quantity,
                    const std::vector<std::pair<uint64_t, uint64_t>>& ranges = {});
  v1::Tx RetireTx(const std::string& actor, uint64_t quantity,
                  const std::vector<std::pair<uint64_t, uint64_t>>& ranges = {});

  // A credit batch for `project` issued the way a real chain issues one, so
  // that chains using it replay from genesis: LifecycleDriver commits, in
  // blocks at the head's time (block time does not move), what is missing of
  // experts and verifier with their sectors, a methodology whose buffer
  // share turns `quantity` into exactly `buffer` buffer units (one per
  // share, id TS-FOR-<share / 100>-V<share % 100>), the registered project
  // (owned by `owner`, one parcel of its own), and a monitoring report of
  // `quantity` kg for minute <report number> of `vintage` (China Standard
  // Time), which it evaluates and issues. The batch's code is
  // <project>-<vintage>-<seq:03>, its lowest `buffer` serials are in the
  // pooled buffer and the rest go to `owner`. Needs LifecycleOptions()'s
  // cast; the test fails when the project exists with another owner or a
  // buffer share that cannot give `buffer`.
  CreditBatchRecord IssueForProject(const std::string& project, const std::string& owner,
                                    uint64_t quantity, uint64_t buffer, uint32_t vintage = 2025);
  // IssueForProject(project, "owner-a", quantity, 0), then the whole batch
  // transferred to `holder`: units for an account that may hold them but
  // not own projects (a participant, a service platform).
  CreditBatchRecord IssueTo(const std::string& project, const std::string& holder,
                            uint64_t quantity);

  // Runs chaincode rules only (no signature or expiry checks) at the next
  // height and the head's time, on an overlay; commits the writes when OK.
  Status Apply(const v1::Tx& tx);
  // Runs the rules on an overlay that is always discarded.
  Status DryRun(const v1::Tx& tx) const;
  // The context of the next block, with the parameters and chaincode
  // version in force for it. Valid until the next call.
  ApplyContext Context(const Hash32& tx_id) const;

  // Builds a block from `txs` via BuildBlock at leader time `time_ms` (or
  // head time + 1 s) and, when a block is made, commits it: state, head and
  // committed ids advance. The built block is returned either way. With
  // `before`, it also gets the value each key the block wrote had before
  // (nullopt: absent), so a caller can look at the state the block started
  // from without a copy of the whole state.
  BuiltBlock Commit(const std::vector<v1::SignedTx>& txs,
                    std::optional<uint64_t> time_ms = std::nullopt, WriteSet* before = nullptr);
  // Commit of one tx, signed by the acting account's threshold keys.
  BuiltBlock CommitTx(const v1::Tx& tx) { return Commit({Sign(tx)}); }
  v1::Batch MakeBatch(const std::vector<v1::SignedTx>& txs, uint64_t time_ms) const;
  // Every batch that made a block so far, and the hashes of those blocks
  // (for replay).
  const std::vector<v1::Batch>& batches() const { return batches_; }
  const std::vector<Hash32>& block_hashes() const { return block_hashes_; }

 private:
  GenesisSpec spec_;
  Hash32 genesis_hash_{};
  MapState state_;
  ChainHead head_;
  CommittedSet committed_;
  std::map<std::string, std::vector<KeyPair>> keys_;
  uint64_t nonce_counter_ = 0;
  std::vector<v1::Batch> batches_;
  std::vector<Hash32> block_hashes_;
  mutable ChainParams in_force_;  // what Context() last derived
};

// A property test's run: the seed and the number of transactions, from
// LINCAO_PROPERTY_SEED and LINCAO_PROPERTY_TXS (decimal or 0x hex) when
// set, else the defaults; `where` names both as the environment that
// repeats the run, for every failure message (SCOPED_TRACE it). Prints it.
struct PropertyRun {
  uint64_t seed = 0;
  uint64_t txs = 0;
  std::string where;
};
PropertyRun PropertyRunFromEnv(uint64_t default_seed, uint64_t default_txs);

// Streams every argument into one string (test messages and labels).
template <typename... Args>
std::string Cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

// Commits the batches of `original`, in order and at their leader times,
// into `replay`, a fresh chain of the same options, and compares every
// block hash, the head and the state root. Returns "" when all agree, else
// the first difference.
std::string ReplayBatches(TestChain& replay, const TestChain& original);

// Reads an account's holdings straight from state (decoding records here,
// independently of the rules' own loader). Fails the test on corruption.
Holdings HoldingsOf(const StateReader& state, const std::string& account);
// "[first-last bN]..." for failure messages and comparisons.
std::string ShowHoldings(const Holdings& h);
uint64_t UnitsOf(const StateReader& state, const std::string& account);
std::optional<CreditBatchRecord> BatchOf(const StateReader& state, uint64_t batch_id);
std::optional<RetirementRecordData> RetirementOf(const StateReader& state, uint64_t id);
std::optional<AccountRecord> AccountOf(const StateReader& state, const std::string& id);
Counters CountersOf(const StateReader& state);
// Applies a write set to a state (a map, or an overlay).
void ApplyWriteSet(StateView& state, const WriteSet& writes);

// Checks DOMAIN.md invariant 1 for the current state: per batch, the units
// in h/ ranges equal tradable() = quantity - retired - cancelled - held -
// buffer - exported; `retired` equals its retirement records' ranges, `held`
// the ranges of its ACTIVE holds, `cancelled` the ranges of its cancellation
// and loss records; every placed serial (holdings, active holds,
// retirements, cancellations, losses, buffers) lies in its batch and no
// serial is in two places; each record's ranges add up to its quantity;
// w/<holder>/<id> exists exactly for the ACTIVE holds; each holder's summary
// record (units, ranges, lowest range) matches its ranges and accounts
// holding nothing have none; the pool index f/ follows the buffers.
// Returns an empty string when all hold, else a description of the first
// failure.
std::string CheckSupplyInvariants(const StateReader& state);

// ---- credit lifecycle (chaincode version 3) ---------------------------------

// 2025-01-01T00:00 and 2026-01-01T00:00 in China Standard Time (UTC+8): a
// monitoring period [kCst2025Ms, kCst2026Ms) has vintage 2025 and is over
// before the genesis time (2026-01-01T00:00Z).
inline constexpr uint64_t kCst2025Ms = 1735660800000;
inline constexpr uint64_t kCst2026Ms = 1767196800000;

// GovernanceOptions at chaincode version 3, plus two banks ("bank",
// "bank-b": FINANCE), a court ("court": JUDICIAL), three experts
// ("expert-1".."expert-3"), a verifier ("verifier-1") and a village
// collective ("collective"). Genesis gives the experts, the verifier and the
// collective PARTICIPANT only: the expert and verifier roles with their
// sectors come from governance (LifecycleDriver::GrantReviewers), as on a
// real chain.
ChainOptions LifecycleOptions();
// LifecycleOptions at chaincode version 4 (using credits), plus two
// exchanges, "exchange" and "exchange-b" (EXCHANGE).
ChainOptions UsingCreditsOptions();

// A parcel identified by compartment / sub-compartment, or by a real-estate
// unit code made of `area_code` and `unit` padded to 28 characters.
v1::Parcel ForestParcel(const std::string& area_code, const std::string& compartment,
                        const std::string& sub_compartment, uint64_t area_centiha = 10000);
v1::Parcel UnitParcel(const std::string& area_code, const std::string& unit,
                      uint64_t area_centiha = 10000);

struct ProjectSpec {
  std::string id = "SC-P-0001";
  std::string owner = "owner-a";
  std::string methodology = "SC-FOR-001-V01";
  std::string area_code = "510722";             // Pingwu county, Giant Panda National Park
  std::vector<v1::Parcel> parcels;              // empty: one compartment parcel 510722/f/1/1
  uint64_t crediting_start_ms = 1577808000000;  // 2020-01-01T00:00+08
  uint64_t crediting_end_ms = 2208960000000;    // 2040-01-01T00:00+08
  std::vector<v1::ProjectTag> tags = {v1::GIANT_PANDA_NATIONAL_PARK};
  std::string collective;
  uint32_t collective_share_bps = 0;
};

// Lifecycle bodies with valid defaults (hashes are fixed filler bytes).
v1::Tx ProposeMethodologyTx(TestChain& chain, const std::string& actor, const std::string& id,
                            v1::Sector sector, uint32_t buffer_bps);
v1::Tx EvaluateMethodologyTx(TestChain& chain, const std::string& expert, const std::string& id,
                             bool approve = true);
v1::Tx SubmitProjectTx(TestChain& chain, const ProjectSpec& spec);
v1::Tx EvaluateProjectTx(TestChain& chain, const std::string& expert, const std::string& id,
                         bool approve = true);
v1::Tx SubmitReportTx(TestChain& chain, const std::string& owner, const std::string& project,
                      uint64_t start_ms, uint64_t end_ms, uint64_t claimed_kg);
v1::Tx AttestReportTx(TestChain& chain, const std::string& verifier, const std::string& project,
                      uint32_t report, uint64_t verified_kg);
v1::Tx EvaluateReportTx(TestChain& chain, const std::string& expert, const std::string& project,
                        uint32_t report, bool approve = true);
v1::Tx IssueCreditsTx(TestChain& chain, const std::string& project, uint32_t report);

// Drives the lifecycle with valid transactions, committing each call's
// steps as one block at the head's time (a block's transactions see the
// writes of those before them, and block time stays put, so tests keep
// their expiry arithmetic); every step must apply (a failure fails the
// test, naming the step). Chains it built replay from genesis. For tests
// and property generators that need a registered project or an issuable
// report without spelling out every step. Uses the accounts of
// LifecycleOptions(); the expert quorum is the chain's (2 by default):
// expert-1 and expert-2 approve.
class LifecycleDriver {
 public:
  explicit LifecycleDriver(TestChain& chain) : chain_(chain) {}

  // Grants EXPERT (all three sectors) to expert-1..3 and VERIFIER (all
  // sectors) to verifier-1 through governance (bureau + ecology).
  void GrantReviewers();
  // Proposed by the registrar, approved by the expert quorum, approved by
  // the supervisor "bureau".
  void ApprovedMethodology(const std::string& id, v1::Sector sector, uint32_t buffer_bps);
  // Submitted by spec.owner, evaluated, approved by "bureau", registered by
  // the registrar. The methodology must be approved already.
  void RegisteredProject(const ProjectSpec& spec);
  // Submitted by the project's owner for [start, end), attested by
  // verifier-1 at `verified_kg`, approved by the expert quorum. Returns the
  // report number.
  uint32_t EvaluatedReport(const std::string& project, uint64_t start_ms, uint64_t end_ms,
                           uint64_t claimed_kg, uint64_t verified_kg);
  // ... and issued by the registrar. Returns the new batch id.
  uint64_t IssuedReport(const std::string& project, uint64_t start_ms, uint64_t end_ms,
                        uint64_t claimed_kg, uint64_t verified_kg);

  using Steps = std::vector<std::pair<v1::Tx, std::string>>;  // tx, what it does
  // Commits `steps` as one block at the head's time; each must apply.
  void Run(const Steps& steps);

 private:
  // The steps of EvaluatedReport, and the report's number.
  uint32_t ReportSteps(const std::string& project, uint64_t start_ms, uint64_t end_ms,
                       uint64_t claimed_kg, uint64_t verified_kg, Steps& steps);
  std::string Owner(const std::string& project);
  TestChain& chain_;
};

// The first millisecond of `year` in China Standard Time (UTC+8), by
// integer day counts: YearStartCstMs(2025) == kCst2025Ms.
uint64_t YearStartCstMs(uint32_t year);

// ---- using credits (chaincode version 4): claims and points ------------------

// UsingCreditsOptions() (version 4) plus two service platforms:
// "platform" (SERVICE_PLATFORM and PARTICIPANT: it holds the credits that
// points redeem) and "platform-b" (SERVICE_PLATFORM, a second witness).
ChainOptions ClaimsPointsOptions();

}  // namespace lincao::testing
