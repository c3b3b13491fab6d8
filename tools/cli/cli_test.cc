// Unit tests of the CLI's parsing and rendering: no node, no files.
#include <sstream>

#include <gtest/gtest.h>

#include "chaincode/bytes.h"
#include "lincao/v1/registry.pb.h"
#include "tools/cli/format.h"
#include "tools/cli/json_out.h"
#include "tools/cli/names.h"
#include "tools/cli/parcels.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"
#include "tools/cli/tx_cmd.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

TEST(Ranges, ParsesFirstLastAndSingleSerial) {
  auto r = ParseRange("1001-1500");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first(), 1001u);
  EXPECT_EQ(r->last(), 1500u);
  auto one = ParseRange("7");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->first(), 7u);
  EXPECT_EQ(one->last(), 7u);
}

TEST(Ranges, RejectsBadSyntaxAndOrder) {
  for (const char* bad : {"", "-", "5-", "-5", "a-b", "5-4", "0-3", "1-2-3", " 1-2", "1-2 ",
                          "99999999999999999999-1", "+1-2"}) {
    auto r = ParseRange(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
    }
  }
}

TEST(Ranges, TotalsAndOverflow) {
  auto rs = ParseRanges({"1-500", "901-1000"});
  ASSERT_TRUE(rs.ok());
  auto total = RangesTotal(*rs);
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(*total, 600u);
  v1::SerialRange all;
  all.set_first(0);  // 2^64 units: one more than fits
  all.set_last(UINT64_MAX);
  EXPECT_FALSE(RangesTotal({all}).ok());
  v1::SerialRange half;
  half.set_first(1);
  half.set_last(UINT64_MAX / 2 + 1);
  EXPECT_EQ(RangesTotal({half, half}).status().code(), v1::QUANTITY_OVERFLOW);
  EXPECT_EQ(FormatRange(3, 3), "3");
  EXPECT_EQ(FormatRange(3, 9), "3-9");
}

TEST(Names, RolesIgnoreCaseAndDashes) {
  for (const char* name : {"project_owner", "PROJECT_OWNER", "Project-Owner", "project-owner"}) {
    auto r = ParseRole(name);
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_EQ(*r, v1::PROJECT_OWNER);
  }
  EXPECT_EQ(*ParseRole("registrar"), v1::REGISTRAR);
  EXPECT_EQ(*ParseRole("partner-registry"), v1::PARTNER_REGISTRY);
  EXPECT_FALSE(ParseRole("role_unspecified").ok());
  EXPECT_FALSE(ParseRole("owner").ok());
  EXPECT_FALSE(ParseRole("").ok());
  EXPECT_NE(ParseRole("owner").status().message().find("project_owner"), std::string::npos);
}

TEST(Names, PurposesByShortAndEnumName) {
  const std::pair<const char*, v1::RetirementPurpose> cases[] = {
      {"large-event", v1::LARGE_EVENT},
      {"tree-planting-duty", v1::TREE_PLANTING_DUTY},
      {"eco-judicial", v1::ECO_JUDICIAL},
      {"personal-footprint", v1::PERSONAL_FOOTPRINT},
      {"organisation", v1::ORGANISATION_NEUTRALITY},
      {"organization", v1::ORGANISATION_NEUTRALITY},
      {"product", v1::PRODUCT_NEUTRALITY},
      {"building", v1::BUILDING_NEUTRALITY},
      {"region", v1::REGION_NEUTRALITY},
      {"other", v1::OTHER},
      {"LARGE_EVENT", v1::LARGE_EVENT},
      {"Region_Neutrality", v1::REGION_NEUTRALITY},
  };
  for (const auto& [name, want] : cases) {
    auto p = ParsePurpose(name);
    ASSERT_TRUE(p.ok()) << name;
    EXPECT_EQ(*p, want) << name;
  }
  EXPECT_FALSE(ParsePurpose("purpose_unspecified").ok());
  EXPECT_FALSE(ParsePurpose("party").ok());
  EXPECT_EQ(PurposeShortName(v1::ORGANISATION_NEUTRALITY), "organisation");
  EXPECT_EQ(PurposeChoices(),
            "large-event|tree-planting-duty|eco-judicial|personal-footprint|organisation|"
            "product|building|region|other");
}

TEST(Names, LifecycleNamesInEnglishChineseOrEnumSpelling) {
  EXPECT_EQ(*ParseSector("Forest"), v1::FOREST);
  EXPECT_EQ(*ParseSector("湿地"), v1::WETLAND);
  EXPECT_FALSE(ParseSector("sector_unspecified").ok());
  EXPECT_EQ(*ParseProjectTag("giant-panda-national-park"), v1::GIANT_PANDA_NATIONAL_PARK);
  EXPECT_EQ(*ParseProjectTag("若尔盖湿地"), v1::ZOIGE_WETLAND);
  EXPECT_EQ(*ParseProjectTag("PUBLIC_BENEFIT"), v1::PUBLIC_BENEFIT);
  EXPECT_EQ(*ParseProjectTag("entrusted_collective_forest"), v1::ENTRUSTED_COLLECTIVE_FOREST);
  EXPECT_FALSE(ParseProjectTag("tag_unspecified").ok());
  EXPECT_EQ(ProjectTagText(v1::GIANT_PANDA_NATIONAL_PARK),
            "giant-panda-national-park (大熊猫国家公园)");
  EXPECT_EQ(*ParseFreezeTarget("batch"), v1::FREEZE_BATCH);
  EXPECT_EQ(*ParseFreezeTarget("FREEZE_PROJECT"), v1::FREEZE_PROJECT);
  EXPECT_EQ(*ParseCancellationReason("Reversal"), v1::REVERSAL);
  EXPECT_FALSE(ParseCancellationReason("cancellation_unspecified").ok());
  EXPECT_EQ(*ParseLossKind("land-use-change"), v1::LAND_USE_CHANGE);
  EXPECT_EQ(*ParseLossKind("火灾"), v1::FIRE);
  EXPECT_EQ(*ParseLossKind("OTHER_LOSS"), v1::OTHER_LOSS);
  EXPECT_EQ(LossKindText(v1::PESTS), "pests");
  EXPECT_EQ(LossKindText(42), "loss kind 42");
  auto bad = ParseLossKind("flood");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "unknown loss kind 'flood'; choose one of fire, pests, land-use-change, other");
}

TEST(Values, HectaresInHundredths) {
  EXPECT_EQ(*ParseHectares("120.5"), 12050u);
  EXPECT_EQ(*ParseHectares("120.50"), 12050u);
  EXPECT_EQ(*ParseHectares("35"), 3500u);
  EXPECT_EQ(*ParseHectares("0.01"), 1u);
  for (const char* bad : {"", ".5", "5.", "1.234", "-1", "1e3", "0", "0.00", "1,5", " 1"}) {
    EXPECT_FALSE(ParseHectares(bad).ok()) << bad;
  }
}

TEST(Values, TimesAsMillisOrUtcDates) {
  EXPECT_EQ(*ParseTimeMs("1767225600000", "t"), 1767225600000u);
  EXPECT_EQ(*ParseTimeMs("2026-01-01", "t"), 1767225600000u);
  EXPECT_EQ(*ParseTimeMs("2026-01-01T00:00:01Z", "t"), 1767225601000u);
  EXPECT_EQ(*ParseTimeMs("2026-01-01T08:00:01+08:00", "t"), 1767225601000u);
  EXPECT_EQ(*ParseTimeMs("2025-12-31T19:30:01-04:30", "t"), 1767225601000u);
  // The lifecycle's calendar: a bare date is midnight in Beijing.
  EXPECT_EQ(*ParseChinaTimeMs("2026-01-01", "t"), 1767225600000u - 8 * 3600 * 1000);
  EXPECT_EQ(*ParseChinaTimeMs("2026-01-01T00:00:00Z", "t"), 1767225600000u);
  EXPECT_EQ(*ParseChinaTimeMs("1767225600000", "t"), 1767225600000u);
  EXPECT_EQ(FormatChinaTimeMs(1767225600000u - 8 * 3600 * 1000), "2026-01-01T00:00:00.000+08:00");
  EXPECT_FALSE(ParseChinaTimeMs("1970-01-01", "t").ok());  // before the epoch in UTC
  EXPECT_FALSE(ParseTimeMs("2026-01-01T00:00:00+08", "t").ok());
  EXPECT_FALSE(ParseTimeMs("2026-01-01T00:00:00+15:00", "t").ok());
  for (const char* bad :
       {"", "2026-13-01", "2026-01-01T00:00:00", "yesterday", "1e9", "2026-01-01x"}) {
    EXPECT_FALSE(ParseTimeMs(bad, "t").ok()) << bad;
  }
}

TEST(Values, HexAndIds) {
  EXPECT_EQ(*ParseHexArg("00ff", "x"), std::string("\x00\xff", 2));
  EXPECT_FALSE(ParseHexArg("0g", "x").ok());
  EXPECT_FALSE(ParseHexArg("abc", "x").ok());
  EXPECT_FALSE(ParseHexArg("00ff", "x", 32).ok());
  EXPECT_TRUE(ParseHexArg(std::string(64, 'a'), "x", 32).ok());
  EXPECT_TRUE(LooksLikeId("panda-coop"));
  EXPECT_TRUE(LooksLikeId("a1.b_c"));
  EXPECT_FALSE(LooksLikeId("a"));
  EXPECT_FALSE(LooksLikeId("-abc"));
  EXPECT_FALSE(LooksLikeId("Alice"));
  EXPECT_FALSE(LooksLikeId(std::string(65, 'a')));
  EXPECT_EQ(ParseUint("42"), 42u);
  EXPECT_FALSE(ParseUint("4x").has_value());
}

TEST(Format, UnitsAndTimes) {
  EXPECT_EQ(FormatUnits(5000), "5000 units (5.000 tCO2e)");
  EXPECT_EQ(FormatUnits(1), "1 unit (0.001 tCO2e)");
  EXPECT_EQ(FormatUnits(1234567), "1234567 units (1234.567 tCO2e)");
  EXPECT_EQ(FormatTimeMs(1767225600123), "2026-01-01T00:00:00.123Z");
  EXPECT_EQ(FormatTimeMs(0), "-");
}

TEST(JsonOut, BytesAsHexEnumsAsNamesNumbersAsNumbers) {
  v1::SubmitResponse resp;
  resp.set_tx_id(std::string("\x01\xab\xff", 3));
  resp.set_state(v1::REJECTED);
  resp.set_height(uint64_t{1} << 60);
  resp.set_code(v1::INSUFFICIENT_UNITS);
  resp.set_message("account acme holds 10 units");
  const Json j = ProtoToJson(resp);
  EXPECT_EQ(
      j.dump(),
      R"({"tx_id":"01abff","state":"REJECTED","height":1152921504606846976,)"
      R"("code":"INSUFFICIENT_UNITS","message":"account acme holds 10 units","created_id":0})");
}

TEST(JsonOut, DefaultsRepeatedMessagesAndOneofs) {
  v1::RetirementRecord r;
  r.set_id(3);
  auto* rr = r.add_ranges();
  rr->set_batch_id(1);
  rr->mutable_range()->set_first(1);
  rr->mutable_range()->set_last(800);
  r.mutable_beneficiary()->set_person_commitment(std::string(32, '\x11'));
  r.set_purpose(v1::PERSONAL_FOOTPRINT);
  const Json j = ProtoToJson(r);
  EXPECT_EQ(j["id"], 3);
  EXPECT_EQ(j["quantity"], 0);  // scalars always present
  EXPECT_EQ(j["holder"], "");
  EXPECT_EQ(j["tx_id"], "");
  EXPECT_EQ(j["ranges"][0]["range"]["last"], 800);
  EXPECT_EQ(j["beneficiary"]["person_commitment"], std::string(64, '1'));
  EXPECT_FALSE(j["beneficiary"].contains("organisation"));  // unset oneof member
  EXPECT_EQ(j["purpose"], "PERSONAL_FOOTPRINT");

  v1::Block b;  // unset sub-messages are left out, repeated fields are []
  const Json jb = ProtoToJson(b);
  EXPECT_FALSE(jb.contains("header"));
  EXPECT_TRUE(jb["txs"].is_array());
  EXPECT_TRUE(jb["txs"].empty());

  v1::Account a;
  a.add_roles(v1::PROJECT_OWNER);
  a.add_roles(static_cast<v1::Role>(99));  // newer than this build: the number
  EXPECT_EQ(ProtoToJson(a)["roles"].dump(), R"(["PROJECT_OWNER",99])");
}

TEST(JsonOut, InvalidUtf8DoesNotThrow) {
  v1::Account a;
  a.set_display_name("bad \xff name");
  EXPECT_NO_THROW(JsonLine(ProtoToJson(a)));
}

TEST(TxBodies, TransferQuantityDefaultsToRanges) {
  TransferOptions t;
  t.to = "bob";
  t.ranges = {"1-500", "901-1000"};
  auto body = BuildTransfer(t);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->quantity(), 600u);
  EXPECT_EQ(body->ranges_size(), 2);
  t.ranges.clear();
  EXPECT_FALSE(BuildTransfer(t).ok());  // neither quantity nor ranges
  t.quantity = 20;
  EXPECT_EQ(BuildTransfer(t)->quantity(), 20u);
}

TEST(TxBodies, RetireNeedsOneBeneficiaryAndAPurpose) {
  RetireOptions r;
  r.quantity = 800;
  r.purpose = "large-event";
  EXPECT_FALSE(BuildRetire(r).ok());  // no beneficiary
  r.beneficiary_org = "Chengdu Expo";
  r.beneficiary_commitment = std::string(64, 'a');
  EXPECT_FALSE(BuildRetire(r).ok());  // both
  r.beneficiary_org.clear();
  auto body = BuildRetire(r);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->beneficiary().person_commitment().size(), 32u);
  EXPECT_EQ(body->purpose(), v1::LARGE_EVENT);
  r.beneficiary_commitment = "abcd";  // not 32 bytes
  EXPECT_FALSE(BuildRetire(r).ok());
  r.beneficiary_commitment = std::string(64, 'a');
  r.period.start = "2026-01-01";
  EXPECT_FALSE(BuildRetire(r).ok());  // start without end
  r.period.end = "2026-02-01";
  ASSERT_TRUE(BuildRetire(r).ok());
  EXPECT_EQ(BuildRetire(r)->period_start_ms(), 1767225600000u);
}

TEST(TxBodies, IssueFields) {
  IssueOptions i;
  i.to = "panda-coop";
  i.quantity = 5000;
  i.project = "SC-FOR-2025-0007";
  i.vintage = 2025;
  i.report_hash = std::string(64, 'f');
  auto body = BuildIssue(i);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->report_hash(), std::string(32, '\xff'));
  i.report_hash = "xyz";
  EXPECT_FALSE(BuildIssue(i).ok());
}

TEST(Render, HoldingsTableWithTotal) {
  v1::Holdings h;
  h.set_account("chengdu-expo");
  h.set_total(1200);
  for (auto [first, last] : {std::pair<uint64_t, uint64_t>{1, 400}, {1201, 2000}}) {
    auto* held = h.add_holdings();
    held->set_batch_id(1);
    held->mutable_range()->set_first(first);
    held->mutable_range()->set_last(last);
  }
  std::ostringstream out;
  RenderHoldings(h, out);
  EXPECT_EQ(out.str(),
            "account         chengdu-expo\n"
            "total           1200 units (1.200 tCO2e)\n"
            "  batch  serials    units\n"
            "  1      1-400      400 units (0.400 tCO2e)\n"
            "  1      1201-2000  800 units (0.800 tCO2e)\n");
  std::ostringstream empty;
  RenderHoldings(v1::Holdings(), empty);
  EXPECT_NE(empty.str().find("no units held"), std::string::npos);
}

TEST(Render, HoldingsPageSaysHowToGetTheNext) {
  v1::Holdings h;
  h.set_account("victim");
  h.set_total(3000);
  h.set_range_count(3000);
  h.set_next_after_serial(2000);
  auto* held = h.add_holdings();
  held->set_batch_id(1);
  held->mutable_range()->set_first(2000);
  held->mutable_range()->set_last(2000);
  std::ostringstream out;
  RenderHoldings(h, out);
  EXPECT_NE(out.str().find("3000 (1 on this page)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("lincao query holdings victim --after 2000"), std::string::npos)
      << out.str();
}

TEST(Render, ProjectShowsStatusParcelsFreezeAndShortfall) {
  v1::ProjectDetail d;
  v1::Project* p = d.mutable_project();
  p->set_id("SC-P-2026-0001");
  p->set_owner("panda-coop");
  p->set_status(v1::PROJECT_ON_HOLD);
  p->set_status_height(30);
  p->set_status_by("forestry-bureau");
  p->set_status_reason("boundary dispute");
  p->set_approvals(2);
  p->set_methodology("SC-FOR-001-V01");
  p->set_sector(v1::FOREST);
  p->set_area_code("511827");
  p->set_area_centiha(20675);
  p->add_tags(v1::GIANT_PANDA_NATIONAL_PARK);
  v1::Parcel* parcel = p->add_parcels();
  parcel->set_area_code("511827");
  parcel->mutable_forest()->set_compartment("12");
  parcel->mutable_forest()->set_sub_compartment("3");
  parcel->set_area_centiha(12050);
  d.mutable_freeze()->set_authority("forestry-bureau");
  d.mutable_freeze()->set_height(31);
  d.mutable_freeze()->set_reason("complaint");
  d.mutable_shortfall()->set_units(60000);
  v1::Evaluation* e = d.add_evaluations();
  e->set_expert("expert-li");
  e->set_approve(true);
  e->set_height(16);
  std::ostringstream out;
  RenderProject(d, out);
  const std::string s = out.str();
  for (const char* want :
       {"status          on hold since block 30 (2 approvals, 0 rejections)\n",
        "  by            forestry-bureau: boundary dispute\n",
        "methodology     SC-FOR-001-V01 (forest)\n",
        "area            511827, 206.75 ha in 1 parcel(s)",
        "tag             giant-panda-national-park (大熊猫国家公园)",
        "frozen          by forestry-bureau in block 31, until lifted: complaint",
        "shortfall       60000 units (60.000 tCO2e) owed to the buffer",
        "511827 compartment 12/3  120.50 ha", "expert-li  approve  16"}) {
    EXPECT_NE(s.find(want), std::string::npos) << want << "\n" << s;
  }
}

TEST(Render, FreezesSayWhichAreStillInForce) {
  v1::SupervisoryFreezes f;
  f.set_chain_time_ms(2000);
  for (auto [id, expiry] :
       {std::pair<const char*, uint64_t>{"panda-coop", 0}, {"old-coop", 1000}}) {
    v1::SupervisoryFreeze* x = f.add_freezes();
    x->set_target(v1::FREEZE_ACCOUNT);
    x->set_id(id);
    x->set_expiry_ms(expiry);
  }
  std::ostringstream out;
  RenderFreezes(f, out);
  EXPECT_NE(out.str().find("account  panda-coop  yes"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("account  old-coop    no (expired)"), std::string::npos) << out.str();
}

TEST(Render, BatchOfTheLifecycleShowsWhereItsUnitsAre) {
  v1::CreditBatch b;
  b.set_id(1);
  b.set_code("SC-P-2026-0001-2025-001");
  b.set_report(1);
  b.set_quantity(1200000);
  b.set_buffer_issued(240000);
  b.set_buffer(0);
  b.set_cancelled(240000);
  b.set_held(100000);
  b.set_tradable(860000);
  b.set_period_start_ms(1735660800000);
  b.set_period_end_ms(1767196800000);
  std::ostringstream out;
  RenderBatch(b, out);
  const std::string s = out.str();
  EXPECT_NE(s.find("batch           1 (SC-P-2026-0001-2025-001)"), std::string::npos) << s;
  EXPECT_NE(s.find("held            100000 units"), std::string::npos) << s;
  EXPECT_NE(s.find("cancelled       240000 units"), std::string::npos) << s;
  EXPECT_NE(s.find("buffer          0 units (0.000 tCO2e) left of 240000"), std::string::npos) << s;
  EXPECT_NE(s.find("2025-01-01T00:00:00.000+08:00 to 2026-01-01T00:00:00.000+08:00"),
            std::string::npos)
      << s;
}

TEST(Render, RetirementShowsBeneficiaryPurposeAndRanges) {
  v1::RetirementRecord r;
  r.set_id(2);
  r.set_holder("chengdu-expo");
  r.set_quantity(800);
  r.mutable_beneficiary()->set_organisation("Chengdu Expo 2026");
  r.set_purpose(v1::LARGE_EVENT);
  r.set_jurisdiction("510100");
  r.set_tx_id(std::string(32, '\xab'));
  auto* rr = r.add_ranges();
  rr->set_batch_id(1);
  rr->mutable_range()->set_first(1);
  rr->mutable_range()->set_last(800);
  std::ostringstream out;
  RenderRetirement(r, out);
  const std::string s = out.str();
  for (const char* want : {"Chengdu Expo 2026 (organisation)", "large-event", "510100", "1-800",
                           "800 units (0.800 tCO2e)", "abababab"}) {
    EXPECT_NE(s.find(want), std::string::npos) << want << "\n" << s;
  }
}

TEST(Render, BlockHeaderInHexAndTxResults) {
  v1::Block b;
  b.mutable_header()->set_height(7);
  b.mutable_header()->set_state_root(std::string(32, '\x01'));
  b.add_txs();
  auto* res = b.add_results();
  res->set_tx_id(std::string(32, '\x02'));
  res->set_code(v1::INSUFFICIENT_UNITS);
  res->set_message("holds 10 units, needs 20");
  std::ostringstream out;
  RenderBlock(b, out);
  const std::string s = out.str();
  EXPECT_NE(s.find("state root      " + ToHex(std::string(32, '\x01'))), std::string::npos);
  EXPECT_NE(s.find("INSUFFICIENT_UNITS: holds 10 units, needs 20"), std::string::npos);
  EXPECT_NE(s.find("transactions: 1"), std::string::npos);
}

}  // namespace
}  // namespace lincao::cli
