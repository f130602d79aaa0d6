#pragma once
// Small helpers shared by the command files.
#include <optional>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "core/derive.hpp"
#include "render/deal_view.hpp"

namespace deals {

/// Resolves the id or prefix and loads the deal to change (refusing invalid files); the
/// dispatcher took the lock (Needs::lock in the command table).
StoredDeal load_for_update(Context& ctx, const std::string& id_or_prefix);

/// Saves a changed deal and records the commit message.
void save_deal(Context& ctx, const StoredDeal& stored, const std::string& message);

/// Derived rows for a list of deals, in the same order.
std::vector<DealRow> derive_rows(const std::vector<Deal>& deals, const Config& config, Date today);

/// Parses an optional string option that may be empty ("" = not given).
inline std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

/// How wide text output may be: $COLUMNS when it is a positive number, else the
/// terminal's width when stdout is one, else 0 (no limit: a pipe gets whole cells).
int output_width(const Context& ctx);

/// A CSV --delimiter value: `,`, `;`, `|`, or `tab` (also `\t` or a tab character).
char delimiter_arg(const std::string& text);
/// A --decimal value: `.` or `,`.
char decimal_arg(const std::string& text);

/// A money option (`--value`): a non-negative number below 10^15 with at most two
/// decimals; anything else is a usage error naming `option`.
double amount_arg(const std::string& text, const std::string& option);

/// A currency option (`--currency`): three letters, upper-cased; else a usage error with a
/// hint.
std::string currency_arg(const std::string& text, const std::string& option);

/// Reads a yes/no answer from stdin for a prompt on stderr; nullopt on EOF.
std::optional<std::string> prompt(Context& ctx, const std::string& question);

}  // namespace deals
