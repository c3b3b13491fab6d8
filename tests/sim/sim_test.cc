// Tests of the simulator itself: a seed replays exactly, and each planted
// bug is caught within its seed budget (the proof that the checks bite).
// The large seed sweeps over correct code run as separate ctest entries
// through lincao-sim (see CMakeLists.txt).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "simulation.h"

namespace lincao::sim {
namespace {

TEST(Simulation, SameSeedReplaysTheSameTrace) {
  std::ostringstream a;
  std::ostringstream b;
  SimOptions o;
  o.nodes = 5;
  o.seed = 7;
  o.trace = &a;
  const SimResult ra = RunSeed(o);
  o.trace = &b;
  const SimResult rb = RunSeed(o);
  ASSERT_TRUE(ra.ok) << ra.violation;
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(ra.events, rb.events);
  EXPECT_GT(ra.events, 1000u);
  EXPECT_GT(ra.committed, 10u);

  std::ostringstream c;
  o.seed = 8;
  o.trace = &c;
  (void)RunSeed(o);
  EXPECT_NE(a.str(), c.str());
}

TEST(Simulation, FaultsActuallyHappen) {
  // Over a few seeds the fault machinery is exercised, not just configured.
  SimResult total;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    SimOptions o;
    o.seed = seed;
    o.nodes = 5;
    const SimResult r = RunSeed(o);
    ASSERT_TRUE(r.ok) << "seed " << seed << ": " << r.violation;
    total.crashes += r.crashes;
    total.conf_changes += r.conf_changes;
    total.snapshots_sent += r.snapshots_sent;
    total.elections += r.elections;
  }
  EXPECT_GT(total.crashes, 100u);
  EXPECT_GT(total.conf_changes, 10u);
  EXPECT_GT(total.snapshots_sent, 5u);
  EXPECT_GT(total.elections, 60u);
}

struct PlantedCase {
  const char* name;
  void (*plant)(consensus::PlantedBugs*);
  const char* expected;  // property names, '|'-separated, one of which the violation names
  uint64_t budget;       // seeds
  int nodes = 3;
};

class PlantedBug : public ::testing::TestWithParam<PlantedCase> {};

TEST_P(PlantedBug, CaughtWithinBudget) {
  const PlantedCase& c = GetParam();
  for (uint64_t seed = 1; seed <= c.budget; ++seed) {
    SimOptions o;
    o.seed = seed;
    o.nodes = c.nodes;
    c.plant(&o.planted_bugs);
    const SimResult r = RunSeed(o);
    if (!r.ok) {
      std::cout << "[planted " << c.name << "] caught at seed " << seed << ": " << r.violation
                << "\n  replay: " << ReplayCommand(o) << "\n";
      bool named = std::string(c.expected).empty();  // any property will do
      std::stringstream names(c.expected);
      for (std::string name; std::getline(names, name, '|');) {
        named = named || r.violation.find(name) != std::string::npos;
      }
      EXPECT_TRUE(named) << r.violation;
      return;
    }
  }
  FAIL() << "planted bug " << c.name << " survived " << c.budget << " seeds";
}

INSTANTIATE_TEST_SUITE_P(
    Sim, PlantedBug,
    ::testing::Values(
        PlantedCase{"commit_by_count",
                    [](consensus::PlantedBugs* b) { b->commit_without_current_term = true; },
                    "Leader Completeness|State Machine Safety", 4000},
        PlantedCase{"double_vote", [](consensus::PlantedBugs* b) { b->grant_second_vote = true; },
                    "Election Safety|Log Matching|Leader Completeness|State Machine Safety|"
                    "a candidate votes for itself",
                    500},
        PlantedCase{"forget_vote",
                    [](consensus::PlantedBugs* b) { b->forget_to_persist_vote = true; },
                    "Election Safety|Log Matching|Leader Completeness|State Machine Safety", 500},
        PlantedCase{"apply_before_persist",
                    [](consensus::PlantedBugs* b) { b->apply_before_persist = true; }, "Durability",
                    500},
        // Beyond the four: membership's one-change-at-a-time rule.
        // Removals need more than three voters, hence five nodes.
        PlantedCase{"concurrent_conf_changes",
                    [](consensus::PlantedBugs* b) { b->concurrent_conf_changes = true; }, "", 6000,
                    5},
        PlantedCase{"read_without_quorum",
                    [](consensus::PlantedBugs* b) { b->read_without_quorum = true; },
                    "Linearizable reads", 500}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lincao::sim
