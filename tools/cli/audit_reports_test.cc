// The CLI's side of audit history, exports and registry reports, without a
// node: CSV quoting, the export tables' columns, and the commands' usage
// errors and help. Against a real node: tests/integration/audit_stream_test.cc.
#include <gtest/gtest.h>

#include <sstream>

#include "tools/cli/command.h"
#include "tools/cli/csv.h"
#include "tools/cli/export_rows.h"
#include "tools/cli/run_cli_for_test.h"

namespace lincao::cli {
namespace {

TEST(Csv, QuotesExactlyTheFieldsThatNeedIt) {
  EXPECT_EQ(CsvField("SC-P-2026-0001"), "SC-P-2026-0001");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField("大熊猫国家公园"), "大熊猫国家公园");
  std::ostringstream out;
  WriteCsvRecord(out, {"1", "court order, 2026 \"A\"", ""});
  EXPECT_EQ(out.str(), "1,\"court order, 2026 \"\"A\"\"\",\r\n");
}

TEST(ExportRows, EveryTableHasAsManyCellsAsColumns) {
  v1::ExportRow row;
  row.set_height(9);
  row.mutable_issuance()->set_batch_id(1);
  EXPECT_EQ(ExportCells(row).size(), ExportHeader(v1::EXPORT_ISSUANCE).size());
  row.mutable_holding()->set_account("alice");
  EXPECT_EQ(ExportCells(row).size(), ExportHeader(v1::EXPORT_HOLDINGS).size());
  auto* r = row.mutable_retirement();
  auto* range = r->add_ranges();
  range->set_batch_id(2);
  range->mutable_range()->set_first(5);
  range->mutable_range()->set_last(9);
  r->add_projects("SC-P-1");
  r->add_projects("SC-P-2");
  auto cells = ExportCells(row);
  ASSERT_EQ(cells.size(), ExportHeader(v1::EXPORT_RETIREMENTS).size());
  EXPECT_EQ(cells[8], "2:5-9");
  EXPECT_EQ(cells[9], "SC-P-1;SC-P-2");
  row.mutable_sanction()->set_kind(v1::SUSPENDED);
  cells = ExportCells(row);
  ASSERT_EQ(cells.size(), ExportHeader(v1::EXPORT_SANCTIONS).size());
  EXPECT_EQ(cells[2], "SUSPENDED");
  row.mutable_project()->set_status(v1::PROJECT_REGISTERED);
  cells = ExportCells(row);
  ASSERT_EQ(cells.size(), ExportHeader(v1::EXPORT_PROJECTS).size());
  EXPECT_EQ(cells[0], "9");
  EXPECT_EQ(cells[7], "PROJECT_REGISTERED");
  for (const char* name : {"issuance", "holdings", "retirements", "sanctions", "projects"}) {
    auto table = ParseExportTable(name);
    ASSERT_TRUE(table) << name;
    EXPECT_EQ(ExportTableName(*table), name);
  }
  EXPECT_FALSE(ParseExportTable("accounts"));
}

TEST(AuditHistoryCommands, UsageErrorsNameTheFix) {
  CmdResult none = Lincao({"audit", "history"});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_NE(none.err.find("exactly one of --account"), std::string::npos) << none.err;
  EXPECT_EQ(Lincao({"audit", "history", "--account", "a", "--project", "p"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"audit", "history", "--state-key-hex", "zz"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"audit", "transactions", "--from", "yesterday"}).code, kExitUsage);
  CmdResult table = Lincao({"audit", "export", "accounts"});
  EXPECT_EQ(table.code, kExitUsage);
  EXPECT_NE(table.err.find("issuance, holdings"), std::string::npos) << table.err;
  EXPECT_EQ(Lincao({"audit", "export", "issuance", "--format", "xml"}).code, kExitUsage);
}

TEST(RegistryReportCommands, UsageErrorsAndHelp) {
  EXPECT_EQ(Lincao({"report", "issuance", "--format", "xlsx"}).code, kExitUsage);
  CmdResult backwards =
      Lincao({"report", "retirements", "--from", "2026-02-01", "--to", "2026-01-01"});
  EXPECT_EQ(backwards.code, kExitUsage);
  EXPECT_NE(backwards.err.find("--to must come after --from"), std::string::npos) << backwards.err;
  CmdResult help = Lincao({"report", "--help"});
  EXPECT_EQ(help.code, kExitOk);
  for (const char* sub : {"submit", "attest", "evaluate", "issuance", "holdings", "retirements",
                          "sanctions", "registry"}) {
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  }
  EXPECT_NE(help.out.find("Registry reports"), std::string::npos) << help.out;
}

TEST(RegistryReportCommands, UnreachableNodeFailsWithoutWritingARow) {
  CmdResult r = Lincao({"report", "registry", "--node", "127.0.0.1:1", "--timeout-ms", "3000"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lincao::cli
