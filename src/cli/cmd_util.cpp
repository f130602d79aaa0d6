#include "cli/cmd_util.hpp"

#include <iostream>

namespace deals {

CLI::Option* add_format(CLI::App& app, std::string& target,
                        const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : "|") + a;
  target = allowed.front();
  return app
      .add_option("--format", target,
                  "output format: " + list + " (default " + allowed.front() + ")")
      ->option_text("FORMAT");
}

StoredDeal load_for_update(Context& ctx, const std::string& id_or_prefix) {
  Pipeline& p = ctx.pipeline();
  p.lock();
  return p.load(p.resolve(id_or_prefix));
}

void save_deal(Context& ctx, const StoredDeal& stored, const std::string& message) {
  const size_t fallbacks = ctx.pipeline().canonical_rewrites().size();
  const bool wrote = ctx.pipeline().save(stored.deal, &stored.bytes);
  if (ctx.pipeline().canonical_rewrites().size() > fallbacks && wrote)
    ctx.warn(ctx.pipeline().canonical_rewrites().back() +
             ": its layout could not be edited in place; written in the canonical form "
             "(comments and layout not kept)");
  if (wrote) {
    if (!ctx.commit_message.empty()) ctx.commit_message += "; ";
    ctx.commit_message += message;
  }
}

std::vector<DealRow> derive_rows(const std::vector<Deal>& deals, const Config& config, Date today) {
  std::vector<DealRow> rows;
  rows.reserve(deals.size());
  for (const auto& d : deals) rows.push_back({&d, derive(d, config, today)});
  return rows;
}

std::optional<std::string> prompt(Context& ctx, const std::string& question) {
  *ctx.err << question << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

}  // namespace deals
