#pragma once
// Typed reading of single deal-file fields, with problems that say what was expected
// (store-internal; used by deal_decode.cpp).
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/date.hpp"
#include "store/deal_codec.hpp"
#include "store/yaml.hpp"

namespace deals::detail {

class FieldReader {
 public:
  FieldReader(const std::string& path, const Config& config, std::vector<Problem>& problems)
      : path_(path), config_(config), problems_(problems) {}
  /// False once any problem was reported.
  bool ok() const { return ok_; }

 protected:
  void problem(int line, std::string message);
  /// "a list", "a mapping", "a quoted string", ... for messages.
  static std::string kind_name(const yaml::Node& n);

  /// Any non-null scalar as text (a plain `12000` is the text "12000").
  std::optional<std::string> text(const yaml::Node& n, const std::string& field);
  /// A YYYY-MM-DD calendar date, plain or quoted.
  std::optional<Date> date(const yaml::Node& n, const std::string& field);
  /// Like date(), and a null value is a problem too.
  std::optional<Date> required_date(const yaml::Node& n, const std::string& field);
  /// A plain non-negative number, at most `max` when `max` >= 0.
  std::optional<double> number(const yaml::Node& n, const std::string& field, double max);
  /// A known stage; unknown ones get a "did you mean".
  std::optional<std::string> stage(const yaml::Node& n, const std::string& field);
  /// Plain true/false; null is unknown (nullopt without a problem).
  std::optional<bool> boolean(const yaml::Node& n, const std::string& field);
  /// True for a mapping; else reports that `field` must be one holding `example`.
  bool expect_map(const yaml::Node& n, const std::string& field, const std::string& example);
  bool is_criterion(const std::string& key) const;

  const std::string& path_;
  const Config& config_;

 private:
  std::vector<Problem>& problems_;
  bool ok_ = true;
};

}  // namespace deals::detail
