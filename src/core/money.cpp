#include "core/money.hpp"

#include <cmath>

#include "core/text.hpp"

namespace deals {

std::optional<std::string> normalize_currency(std::string_view text) {
  if (text.size() != 3) return std::nullopt;
  std::string out;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
    out += c;
  }
  return out;
}

std::string currency_refusal(std::string_view text) {
  std::string hint = "EUR, USD or CHF";
  if (text == "€" || text == "EURO" || text == "Euro" || text == "euro") hint = "EUR";
  if (text == "$" || text == "US$" || text == "Dollar" || text == "dollar") hint = "USD";
  if (text == "£" || text == "Pound" || text == "pound") hint = "GBP";
  if (text == "¥" || text == "Yen" || text == "yen") hint = "JPY";
  if (text == "Fr." || text == "CHF." || text == "Franken" || text == "franc") hint = "CHF";
  return "'" + sanitize(text) + "' is not a currency code: use its three-letter ISO 4217 code, " +
         (hint.size() == 3 ? "here probably " : "such as ") + hint;
}

const std::string& currency_of(const Deal& deal, const Config& config) {
  return deal.currency ? *deal.currency : config.currency;
}

std::optional<double> rate_for(const std::string& currency, const Config& config) {
  if (currency == config.currency) return 1.0;
  auto code = normalize_currency(currency);  // a hand-written `usd` is USD
  if (!code) return std::nullopt;
  if (*code == config.currency) return 1.0;
  auto it = config.rates.find(*code);
  if (it == config.rates.end()) return std::nullopt;
  return it->second;
}

double round_cents(double amount) {
  return std::round(std::round(amount * 1e6) / 1e4) / 100;
}

std::optional<double> in_pipeline_currency(const Deal& deal, const Config& config) {
  if (!deal.value) return std::nullopt;
  auto rate = rate_for(currency_of(deal, config), config);
  if (!rate) return std::nullopt;
  if (*rate == 1.0) return *deal.value;
  return round_cents(*deal.value * *rate);
}

bool lacks_rate(const Deal& deal, const Config& config) {
  return deal.value && !rate_for(currency_of(deal, config), config);
}

std::optional<double> MoneySummary::take(const Deal& deal, const Config& config) {
  if (!deal.value) return std::nullopt;
  const std::string& cur = currency_of(deal, config);
  auto rate = rate_for(cur, config);
  if (!rate) {
    excluded.insert(deal.id);
    excluded_by_currency[cur].insert(deal.id);
    return std::nullopt;
  }
  if (auto code = normalize_currency(cur); code && *code != config.currency) {
    rates[*code] = *rate;
    rates_date = config.rates_date;
  }
  return in_pipeline_currency(deal, config);
}

void MoneySummary::merge(const MoneySummary& other) {
  for (const auto& [cur, rate] : other.rates) rates[cur] = rate;
  if (other.rates_date) rates_date = other.rates_date;
  excluded.insert(other.excluded.begin(), other.excluded.end());
  for (const auto& [cur, ids] : other.excluded_by_currency)
    excluded_by_currency[cur].insert(ids.begin(), ids.end());
}

std::vector<std::string> money_notes(const MoneySummary& s) {
  std::vector<std::string> out;
  if (!s.rates.empty()) {
    std::string line;
    for (const auto& [cur, rate] : s.rates) {
      if (!line.empty()) line += ", ";
      line += cur + (line.empty() ? " converted at " : " at ") + format_number(rate);
    }
    if (s.rates_date) line += ", rates of " + s.rates_date->str();
    out.push_back(line);
  }
  if (!s.excluded_by_currency.empty()) {
    std::string line = "left out: ";
    bool first = true;
    for (const auto& [cur, ids] : s.excluded_by_currency) {
      if (!first) line += ", ";
      first = false;
      line += std::to_string(ids.size()) + (ids.size() == 1 ? " deal in " : " deals in ") +
              sanitize(cur);
    }
    out.push_back(line + ", no rate");
  }
  return out;
}

}  // namespace deals
