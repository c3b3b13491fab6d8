// The fixture of the tests of methodologies, projects, monitoring reports and
// issuance: a chain at chaincode version 3 with the LifecycleOptions() cast,
// experts and the verifier granted their sectors by governance, and
// Expect(), which checks a rule's code (and a fragment of its message) and
// that a rejection wrote nothing. (lifecycle_fixture.h is the one of holds,
// freezes, cancellation and reversal.)
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao::testing {

class ProjectLifecycleTest : public ::testing::Test {
 protected:
  explicit ProjectLifecycleTest(ChainOptions options = LifecycleOptions())
      : chain(std::move(options)), driver(chain) {
    driver.GrantReviewers();
  }

  // Rules only. A rejection must leave the state exactly as it was.
  void Expect(const v1::Tx& tx, ErrorCode want, const std::string& what,
              const std::string& says = "") {
    const auto before = chain.state().entries();
    Status st = chain.Apply(tx);
    EXPECT_EQ(st.code_name(), ErrorCodeName(want)) << what << ": " << st.ToString();
    if (!says.empty()) {
      EXPECT_NE(st.message().find(says), std::string::npos)
          << what << ": message lacks '" << says << "': " << st.message();
    }
    if (!st.ok()) {
      EXPECT_EQ(chain.state().entries(), before) << what << ": rejection wrote";
    }
  }

  // Governance (bureau + ecology) grants `role` for `sectors`.
  void Grant(const std::string& account, v1::Role role, std::vector<v1::Sector> sectors = {}) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_grant_role()->set_account(account);
    tx.mutable_grant_role()->set_role(role);
    for (v1::Sector s : sectors) tx.mutable_grant_role()->add_sectors(s);
    Expect(tx, v1::OK, "grant " + v1::Role_Name(role) + " to " + account);
  }
  void SetParameter(const std::string& name, uint64_t value, ErrorCode want = v1::OK) {
    v1::Tx tx = chain.GovTx("bureau", {"ecology"});
    tx.mutable_set_parameter()->set_name(name);
    tx.mutable_set_parameter()->set_value(value);
    Expect(tx, want, "set " + name);
  }
  v1::Tx Supervisor(const std::string& actor = "bureau") { return chain.NewTx(actor); }

  MethodologyRecord Methodology(const std::string& id) {
    auto m = LoadMethodology(chain.state(), id);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : MethodologyRecord{};
  }
  ProjectRecord Project(const std::string& id) {
    auto p = LoadProject(chain.state(), id);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : ProjectRecord{};
  }
  ReportRecord Report(const std::string& project, uint32_t number) {
    auto r = LoadReport(chain.state(), project, number);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ReportRecord{};
  }

  TestChain chain;
  LifecycleDriver driver;
};

}  // namespace lincao::testing
