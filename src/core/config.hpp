#pragma once
// Pipeline configuration (pipeline.toml) as typed values, with the spec's defaults.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/stage.hpp"

namespace deals {

struct StageDef {
  std::string name;
  double probability = 0;
  std::optional<int> stall_days;  // falls back to Config::stall_days
};

/// Points a deal earns toward its 0-100 lead score.
struct ScoreWeights {
  std::map<std::string, double> criteria{
      {"budget", 20}, {"authority", 15}, {"need", 25}, {"timeline", 15}};
  double default_criterion = 15;  // for configured criteria not listed above
  double activity = 15;           // full when active today, none once stalled
  double next_action = 10;        // a next action that is not overdue
};

struct Config {
  std::string name = "Pipeline";
  std::string currency = "EUR";
  /// [rates]: what one unit of another currency is worth in `currency` (USD = 0.92).
  std::map<std::string, double> rates;
  std::optional<Date> rates_date;  // the day the rates were taken
  int stall_days = 14;
  int week_start = 0;            // 0 = Monday ... 6 = Sunday
  std::vector<StageDef> stages;  // open stages, in order
  std::vector<std::string> criteria{"budget", "authority", "need", "timeline"};
  int required = 3;
  bool autocommit = false;
  /// [log] kinds: the activity kinds `deals log --kind` accepts; empty = any word.
  std::vector<std::string> log_kinds;
  ScoreWeights score;

  /// The spec's default configuration (six open stages).
  static Config defaults();

  /// Index of an open stage, or -1 (also for won/lost).
  int open_index(const std::string& stage) const;
  bool is_open(const std::string& stage) const { return open_index(stage) >= 0; }
  /// An open stage of this pipeline or a closed stage (is_closed_stage).
  bool is_known(const std::string& stage) const { return is_open(stage) || is_closed_stage(stage); }
  /// Pipeline order, the one definition: open stages as configured, then won, then lost,
  /// then any unknown stage.
  int order(const std::string& stage) const;
  const std::string& first_stage() const { return stages.front().name; }
  /// Where a lead that passes qualification moves (the first stage if there is only one).
  const std::string& qualified_stage() const {
    return stages.size() > 1 ? stages[1].name : stages.front().name;
  }
  int stall_days_for(const std::string& stage) const;
  /// The configured probability of a stage; won = 1, lost = 0.
  double probability_for(const std::string& stage) const;
  /// All stage names, open then won and lost.
  std::vector<std::string> all_stage_names() const;
  double criterion_weight(const std::string& criterion) const;
};

}  // namespace deals
