#pragma once
// Money in the pipeline's currency (spec section 12): currency codes, conversion at the
// rates of pipeline.toml, and the summary every report prints once ("USD converted at
// 0.92, rates of 2026-11-01"; "left out: 1 deal in CHF, no rate"). Pure.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// A currency code as stored: three ASCII letters, upper-cased (`usd` -> `USD`); nullopt
/// for anything else (`€`, `$`, `Dollar`, `US$`).
std::optional<std::string> normalize_currency(std::string_view text);

/// Why `text` is not a currency code, with a hint: "'€' is not a currency code: use its
/// three-letter ISO 4217 code, such as EUR".
std::string currency_refusal(std::string_view text);

/// The deal's currency: its own `currency`, else the pipeline's.
const std::string& currency_of(const Deal& deal, const Config& config);

/// What one unit of `currency` is worth in the pipeline's currency: 1 for the pipeline's
/// own, the [rates] entry for another, nullopt when there is none.
std::optional<double> rate_for(const std::string& currency, const Config& config);

/// `amount` rounded to cents, half away from zero, as it reads in decimal: first to six
/// decimals (so 5400.5 × 0.05, computed as 270.02499999..., rounds to 270.03 like
/// 1500.5 × 0.05 = 75.025 rounds to 75.03), then to cents.
double round_cents(double amount);

/// The deal's value in the pipeline's currency: value × rate, rounded to cents (a value
/// already in the pipeline's currency is returned unchanged). nullopt when the deal has
/// no value, or its currency has no rate.
std::optional<double> in_pipeline_currency(const Deal& deal, const Config& config);

/// True when the deal has a value that cannot be converted (its currency has no rate):
/// such a deal is left out of every total and average.
bool lacks_rate(const Deal& deal, const Config& config);

/// What a report's money figures rest on: the rates it used and the deals it left out.
/// Every report sums values through `take`, so the summary lists exactly the conversions
/// and omissions behind its figures.
struct MoneySummary {
  std::string currency;                 // the pipeline's: every total is in it
  std::map<std::string, double> rates;  // currencies converted -> rate used
  std::optional<Date> rates_date;       // [rates] date, when rates were used
  std::set<std::string> excluded;       // ids left out for want of a rate
  std::map<std::string, std::set<std::string>> excluded_by_currency;

  MoneySummary() = default;
  explicit MoneySummary(const Config& config) : currency(config.currency) {}

  /// The deal's value in the pipeline's currency, recording the rate used; nullopt when
  /// there is nothing to add: no value, or no rate (then the deal is recorded as left
  /// out).
  std::optional<double> take(const Deal& deal, const Config& config);
  /// Adds the rates and exclusions of another summary.
  void merge(const MoneySummary& other);
};

/// The lines a report prints once: the conversion ("USD converted at 0.92, rates of
/// 2026-11-01"; several: "GBP converted at 1.15, USD at 0.92, ...") and the omissions
/// ("left out: 1 deal in CHF, no rate"). Empty when everything was in the pipeline's
/// currency.
std::vector<std::string> money_notes(const MoneySummary& summary);

}  // namespace deals
