#pragma once
// Internal to the report renderers: the review's, stats' and forecast's sections as
// Table values, shared by the text and Markdown renderers (the HTML renderer writes its
// own markup but uses the same cell texts).
#include <optional>
#include <string>

#include "render/report.hpp"

namespace deals {

/// "12,000" plus " CHF" when the deal's currency is not the pipeline's; "" for no value.
std::string deal_money(const ReportEnv& env, const std::string& id, std::optional<double> value);
/// "12,000 EUR", the sum of a won or lost section; "" when it has no rows.
std::string closed_sum(const std::vector<ClosedRow>& rows, double total,
                       const std::string& currency);
/// "Company · Title" of a deal (either part may be missing), "" when unknown.
std::string deal_label(const ReportEnv& env, const std::string& id);
/// "Muster Consulting · weekly review · 2026-11-24 to 2026-11-30 (2026-W48)".
std::string review_heading(const Review& r, const ReportEnv& env);
/// "2026-11-24 to 2026-11-30", with the ISO week when the period is exactly one.
std::string period_text(const Period& p);

/// Review sections. `text` adds hints that Markdown does not need (e.g. "3d late").
Table snapshot_table(const Review& r, bool with_total);
Table new_table(const Review& r, const ReportEnv& env);
Table advanced_table(const Review& r, const ReportEnv& env);
Table won_table(const Review& r, const ReportEnv& env);
Table lost_table(const Review& r, const ReportEnv& env);
Table due_table(const Review& r, const ReportEnv& env);
Table closing_table(const Review& r, const ReportEnv& env);
/// The headline metrics as label/value rows.
Table review_metrics_table(const Review& r, const ReportEnv& env);

/// Stats sections.
Table stats_summary_table(const Stats& s, const ReportEnv& env);
Table funnel_table(const Stats& s);
Table source_table(const Stats& s, const ReportEnv& env);

/// Forecast sections.
Table forecast_table(const Forecast& f, const ReportEnv& env);
Table probability_table(const Forecast& f);

/// Stage movement as "from → to", with "(back)" or "(reopened)" when it is not forward.
std::string move_text(const StageMove& m, const Config& config);

}  // namespace deals
