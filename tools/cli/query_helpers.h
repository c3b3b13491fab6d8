// What the `lincao query ...` subcommands share: the call-and-render of one
// query, the options every query has (node, --json), paging options and the
// hint for the next page. query_cmd.cc and using_credits_queries.cc use it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>

#include <CLI/CLI.hpp>

#include "tools/cli/client.h"
#include "tools/cli/command.h"
#include "tools/cli/json_out.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

template <typename Req, typename Resp>
using Call = std::optional<RpcError> (NodeClient::*)(const Req&, Resp*);

template <typename Req, typename Resp>
int Query(const NodeOptions& opts, const Io& io, Call<Req, Resp> call, const Req& req,
          const std::type_identity_t<std::function<void(const Resp&, std::ostream&)>>& render) {
  NodeClient client(opts.node, opts.timeout_ms, opts.tls_ca);
  Resp resp;
  if (auto err = (client.*call)(req, &resp)) return ReportRpcError(io, *err);
  if (opts.json) {
    io.out << JsonLine(ProtoToJson(resp));
  } else {
    render(resp, io.out);
  }
  return kExitOk;
}

// The parts every query subcommand has: the node options and the action.
struct QuerySpec {
  NodeOptions node;
  std::string text;     // TXID, account id, HEIGHT
  uint64_t number = 0;  // batch or retirement id
  bool latest = false;
  uint64_t after = 0;  // holdings: page after this serial
  uint32_t limit = 0;  // holdings: ranges per page (0: the node's default)
  // Lifecycle lists: the filter and the page.
  std::string project;
  uint32_t report = 0;
  std::string owner;
  std::string holder;
  std::string target;  // freezes: account, project, batch
  bool active_only = false;
  uint32_t page_size = 0;
  std::string page_token;
  // Using credits (using_credits_queries.cc): retirement filters and the
  // exchange of a settlement.
  std::string purpose;
  std::string commitment;
  std::string period_from;
  std::string period_to;
  std::string exchange;
  // Neutrality claims (claims_points_queries.cc): the entity filter.
  std::string entity_kind;
  std::string entity;
};

// --page-size and --page-token of a paged list.
inline void AddPageOptions(CLI::App* cmd, QuerySpec* spec) {
  cmd->add_option("--page-size", spec->page_size,
                  "items per page (default: the node's, 100; at most 1000)");
  cmd->add_option("--page-token", spec->page_token,
                  "where the next page starts: the token the previous page printed");
}

inline v1::PageRequest Page(const QuerySpec& s) {
  v1::PageRequest p;
  p.set_page_size(s.page_size);
  p.set_page_token(s.page_token);
  return p;
}

// After a page of a list: how to ask for the next one. `command` is the
// query as typed, without paging options.
inline void MorePages(const std::string& next_token, const std::string& command,
                      std::ostream& out) {
  if (next_token.empty()) return;
  out << "more: " << command << " --page-token " << next_token << "\n";
}

inline CLI::App* AddQuery(CLI::App* query, Runner& runner, const std::string& name,
                          const std::string& help, const std::string& example,
                          std::function<int(const QuerySpec&, const Io&)> run,
                          std::shared_ptr<QuerySpec> spec) {
  CLI::App* cmd = query->add_subcommand(name, help);
  AddNodeOptions(cmd, &spec->node);
  cmd->footer("Example:\n  " + example);
  cmd->callback([&runner, spec, run] {
    runner.action = [&runner, spec, run] { return run(*spec, runner.io); };
  });
  return cmd;
}

// " --holder X" when the option was given, for the next-page hint.
inline std::string OptionText(const std::string& option, const std::string& value) {
  return value.empty() ? "" : " " + option + " " + value;
}

}  // namespace lincao::cli
