#include "cli/cmd_util.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace deals {

StoredDeal load_for_update(Context& ctx, const std::string& id_or_prefix) {
  Pipeline& p = ctx.pipeline();
  return p.load(p.resolve(id_or_prefix));
}

void save_deal(Context& ctx, const StoredDeal& stored, const std::string& message) {
  const size_t fallbacks = ctx.pipeline().canonical_rewrites().size();
  const bool wrote = ctx.pipeline().save(stored);
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

int output_width(const Context& ctx) {
  if (const char* env = std::getenv("COLUMNS"); env && *env) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (*end == '\0' && n > 0 && n < 100000) return static_cast<int>(n);
  }
  if (!ctx.stdout_tty) return 0;
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

char delimiter_arg(const std::string& text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text == "," || text == ";" || text == "|") return text[0];
  throw usage_error("--delimiter: expected , ; | or tab, got '" + sanitize(text) + "'");
}

char decimal_arg(const std::string& text) {
  if (text == "." || text == ",") return text[0];
  throw usage_error("--decimal: expected . or , got '" + sanitize(text) + "'");
}

std::optional<std::string> prompt(Context& ctx, const std::string& question) {
  *ctx.err << question << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

double amount_arg(const std::string& text, const std::string& option) {
  if (auto v = parse_amount(text)) return *v;
  std::string why = parse_number(text) ? "at most two decimals" : "a non-negative number";
  throw usage_error(option + ": expected an amount (" + why +
                    ", below 10^15, e.g. 12000.50), got '" + sanitize(text) + "'");
}

std::string currency_arg(const std::string& text, const std::string& option) {
  if (auto code = normalize_currency(text)) return *code;
  throw usage_error(option + ": " + currency_refusal(text));
}

}  // namespace deals
