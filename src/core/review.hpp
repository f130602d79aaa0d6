#pragma once
// The weekly review (spec section 6), stalled deals and due next actions. Pure: today is
// a parameter.
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/money.hpp"
#include "core/week.hpp"

namespace deals {

/// An open deal idle longer than its threshold (`deals stalled`, the review's `stalled`).
struct StalledRow {
  std::string id;
  std::string title;
  std::optional<std::string> company;
  std::string stage;
  std::optional<double> value;
  std::string currency;  // of `value`: the deal's own, else the pipeline's
  int days_idle = 0;     // today − last_activity
  int stall_days = 0;    // the threshold that was exceeded
  Date last_activity;    // latest of created, history and log dates
  std::optional<NextAction> next;
};

/// Open deals (is_open_deal) with days idle > `days` if given, else > their stage's
/// stall_days (Config::stall_days_for), whose next action is missing, undated or overdue
/// (a deal with a next action due today or later is waiting, see is_waiting). Longest
/// idle first, ties by id.
std::vector<StalledRow> stalled_deals(const std::vector<Deal>& deals, const Config& config,
                                      Date today, std::optional<int> days = std::nullopt);

/// A next action that is overdue or due soon (`deals due`, the review's `due`).
struct DueRow {
  std::string id;
  std::string action;
  Date due;
  bool overdue = false;  // due < today
  int days = 0;          // due − today (negative when overdue)
};

/// Next actions with a due date on or before today + `within` days, overdue ones
/// included, of open and won deals (a won deal's follow-up counts; lost deals do not).
/// Actions without a due date are never due. Sorted by due date, then id.
std::vector<DueRow> due_actions(const std::vector<Deal>& deals, Date today, int within);

/// Open deals summed in the pipeline's currency. A deal whose value has no rate is counted
/// but left out of the sums, and listed in Review::money (counts are not money: the count
/// is the one `stats` and `list` give).
struct SnapshotRow {
  std::string stage;
  int count = 0;
  double value = 0;     // absent values count 0
  double weighted = 0;  // weighted_value (the deal's own probability, else the stage's)
};

struct StageMove {
  std::string id;
  std::string from;
  std::string to;
  Date on;
};

struct ClosedRow {
  std::string id;
  std::optional<double> value;      // in the deal's currency
  std::string currency;             // of `value`
  std::optional<double> converted;  // in the pipeline's currency; nullopt: no value or rate
  Date on;
  std::optional<std::string> reason;  // the closing entry's reason
};

struct ClosingSoonRow {
  std::string id;
  std::optional<double> value;      // in the deal's currency
  std::string currency;             // of `value`
  std::optional<double> converted;  // in the pipeline's currency; nullopt: no value or rate
  Date expected_close;
  bool overdue = false;  // expected_close < the review's reference date
};

struct ReviewMetrics {
  std::optional<double> win_rate;
  std::optional<double> average_won_value;
  std::optional<double> cycle_days_mean;
};

/// Won deals of one week, for the review's chart.
struct WeekWon {
  Date start;         // first day (a `week_start` day)
  Date end;           // start + 6
  std::string label;  // iso_week_label(start)
  int count = 0;
  double value = 0;
};

/// The review of period P = [since, until]. The reference date R = min(until, today) is
/// the day the review looks from: the pipeline state is as_of(R) (the deals as they are
/// when until >= today), so a review of a past week shows that week's end.
struct Review {
  Period period;
  Date reference;
  /// Open deals of the state by configured open stage, pipeline order, every stage listed
  /// (count 0 included). Deals in a stage the configuration lacks are left out.
  std::vector<SnapshotRow> snapshot;
  SnapshotRow totals;  // the snapshot summed; `stage` is empty
  /// Ids of deals created in P, by created date then id.
  std::vector<std::string> new_deals;
  /// Every history entry dated in P that enters an open stage from a different stage
  /// (forward, backward, or a reopen from won/lost); `from` is the previous entry's stage.
  /// A deal's first entry is its creation, not a move. By date, then id, then history
  /// order.
  std::vector<StageMove> advanced;
  /// Deals whose last history entry as of `until` is won (lost) and dated in P: a deal
  /// closed in P and reopened by `until` is not listed. By date, then id.
  std::vector<ClosedRow> won;
  std::vector<ClosedRow> lost;
  /// The won (lost) rows' values summed in the pipeline's currency, rows without a rate
  /// left out.
  double won_total = 0;
  double lost_total = 0;
  /// stalled_deals(state, config, R), longest idle first.
  std::vector<StalledRow> stalled;
  /// due_actions(state, R, until + 7 − R): overdue (relative to R) or due by until + 7.
  std::vector<DueRow> due;
  /// Open deals of the state expected to close on or before until + 30, overdue ones
  /// (expected_close < R) included and flagged. By expected_close, then id.
  std::vector<ClosingSoonRow> closing_soon;
  /// compute_stats(deals, config, nullopt, until): every deal closed up to `until`.
  ReviewMetrics metrics;
  /// The kReviewChartWeeks weeks (starting on config.week_start) ending with the week
  /// holding `until`, oldest first: deals whose last history entry as of `until` is won
  /// and dated in the week, with their values summed.
  std::vector<WeekWon> won_by_week;
  /// The rates behind every sum above (snapshot, totals, won/lost totals, weekly won
  /// values, metrics) and the deals left out of them for want of a rate.
  MoneySummary money;
};

inline constexpr int kReviewChartWeeks = 8;

Review compute_review(const std::vector<Deal>& deals, const Config& config, Date since, Date until,
                      Date today);

}  // namespace deals
