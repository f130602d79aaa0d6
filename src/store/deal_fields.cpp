// Typed reading of single deal-file fields.
#include "store/deal_fields.hpp"

#include <algorithm>

#include "core/lifecycle.hpp"
#include "core/text.hpp"

namespace deals::detail {

namespace {

/// User text shown inside a message: control characters escaped, long values cut.
std::string shown(std::string_view s) {
  constexpr std::size_t kMax = 40;
  if (s.size() <= kMax) return sanitize(s);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return sanitize(s.substr(0, cut)) + "...";
}

}  // namespace

void FieldReader::problem(int line, std::string message) {
  problems_.push_back({path_, line, std::move(message)});
  ok_ = false;
}

std::string FieldReader::kind_name(const yaml::Node& n) {
  if (n.is_map()) return "a mapping";
  if (n.is_seq()) return "a list";
  if (n.is_null()) return "an empty value";
  if (!n.plain) return "the quoted string \"" + shown(n.scalar) + "\"";
  return "'" + shown(n.scalar) + "'";
}

std::optional<std::string> FieldReader::text(const yaml::Node& n, const std::string& field) {
  if (n.is_scalar() && !n.is_null()) return n.scalar;
  problem(n.line, "'" + field + "' must be text, not " + kind_name(n));
  return std::nullopt;
}

std::optional<Date> FieldReader::date(const yaml::Node& n, const std::string& field) {
  if (n.is_scalar() && !n.is_null()) {
    if (auto d = Date::parse(n.scalar)) return d;
    const std::string& s = n.scalar;
    const bool shaped =
        s.size() == 10 && s[4] == '-' && s[7] == '-' &&
        std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
    if (shaped) {
      problem(n.line, "'" + field + "': " + s + " is not a real calendar date");
      return std::nullopt;
    }
  }
  problem(n.line, "'" + field + "' must be a date YYYY-MM-DD, not " + kind_name(n));
  return std::nullopt;
}

std::optional<Date> FieldReader::required_date(const yaml::Node& n, const std::string& field) {
  if (n.is_null()) {
    problem(n.line, "'" + field + "' has no value");
    return std::nullopt;
  }
  return date(n, field);
}

std::optional<double> FieldReader::number(const yaml::Node& n, const std::string& field,
                                          double max) {
  const std::string range = max >= 0 ? "a number from 0 to " + format_number(max)
                                     : "a non-negative number like 12000 or 1234.50";
  if (!n.is_scalar() || n.is_null() || !n.plain) {
    problem(n.line, "'" + field + "' must be " + range + ", not " + kind_name(n) +
                        (n.is_scalar() && !n.plain ? " (remove the quotes)" : ""));
    return std::nullopt;
  }
  const std::string_view s = n.scalar;
  if (s.size() > 1 && s[0] == '-' && parse_number(s.substr(1))) {
    problem(n.line, "'" + field + "' must not be negative (got " + shown(s) + ")");
    return std::nullopt;
  }
  const auto v = parse_number(s);
  if (!v) {
    problem(n.line, "'" + field + "' must be " + range + ", not " + kind_name(n));
  } else if (max >= 0 && *v > max) {
    problem(n.line, "'" + field + "' must be " + range + " (got " + shown(s) + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> FieldReader::stage(const yaml::Node& n, const std::string& field) {
  auto s = text(n, field);
  if (!s || config_.is_known(*s)) return s;
  problem(n.line, unknown_stage_message(config_, *s, shown(*s), true));
  return std::nullopt;
}

std::optional<bool> FieldReader::boolean(const yaml::Node& n, const std::string& field) {
  if (n.is_null()) return std::nullopt;
  if (n.is_scalar() && n.plain) {
    // What people type by hand (SPEC 10): yes/no and on/off too, in any case.
    const std::string& s = n.scalar;
    for (std::string_view word : {"true", "yes", "on"}) {
      if (iequals(s, word)) return true;
    }
    for (std::string_view word : {"false", "no", "off"}) {
      if (iequals(s, word)) return false;
    }
    if (iequals(s, "y") || iequals(s, "n")) {
      problem(n.line, "'" + field + "': '" + s +
                          "' is not a boolean here; write true or false, yes or no (or leave "
                          "it out when unknown)");
      return std::nullopt;
    }
  }
  problem(n.line, "'" + field + "' must be true or false, not " + kind_name(n));
  return std::nullopt;
}

bool FieldReader::expect_map(const yaml::Node& n, const std::string& field,
                             const std::string& example) {
  if (n.is_map()) return true;
  problem(n.line, "'" + field + "' must be a mapping (" + example + "), not " + kind_name(n));
  return false;
}

bool FieldReader::is_criterion(const std::string& key) const {
  return std::find(config_.criteria.begin(), config_.criteria.end(), key) != config_.criteria.end();
}

}  // namespace deals::detail
