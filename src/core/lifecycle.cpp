#include "core/lifecycle.hpp"

#include "core/error.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {

std::string unknown_stage_message(const Config& config, const std::string& stage,
                                  const std::string& shown, bool allow_closed,
                                  const std::optional<std::string>& otherwise) {
  std::vector<std::string> names;
  for (const auto& s : config.stages) names.push_back(s.name);
  std::vector<std::string> closed;
  for (Closed c : kClosedStages) closed.push_back(stage_name(c));
  if (allow_closed) names.insert(names.end(), closed.begin(), closed.end());
  std::string msg = "unknown stage '" + shown + "'";
  if (auto best = closest(stage, names)) return msg + ", did you mean '" + *best + "'?";
  if (auto typo = closest(stage, closed); typo && !allow_closed)
    return msg + ", did you mean '" + *typo + "'? (a deal is closed with 'deals " + *typo + "')";
  if (otherwise) return msg + *otherwise;
  msg += " (stages:";
  for (const auto& n : names) msg += " " + n;
  return msg + ")";
}

void require_known_stage(const Config& config, const std::string& stage, bool allow_closed) {
  if (config.is_open(stage) || (allow_closed && is_closed_stage(stage))) return;
  // Stages come from the command line (--stage, --to): usage errors.
  if (is_closed_stage(stage))
    throw usage_error("'" + stage + "' is a closed stage; use 'deals " + stage +
                      "' to close a deal");
  throw usage_error(unknown_stage_message(config, stage, sanitize(stage), allow_closed));
}

void enter_stage(Deal& deal, const std::string& stage, Date on, std::optional<std::string> note,
                 std::optional<std::string> reason) {
  if (deal.history.empty()) deal.history = effective_history(deal);  // the implied entry
  if (!deal.history.empty() && on < deal.history.back().on) {
    const HistoryEntry& last = deal.history.back();
    throw Error("deal '" + deal.id + "' entered " + last.stage + " on " + last.on.str() +
                "; a move dated " + on.str() + " would put its history out of order (use --on " +
                last.on.str() + " or later)");
  }
  HistoryEntry e;
  e.on = on;
  e.stage = stage;
  e.note = std::move(note);
  e.reason = std::move(reason);
  deal.history.push_back(std::move(e));
  deal.stage = stage;
}

std::string advance_target(const Deal& deal, const Config& config,
                           const std::optional<std::string>& to, bool force) {
  if (!is_open_deal(deal))
    throw Error("deal '" + deal.id + "' is " + deal.stage + "; use 'deals reopen' first");
  std::string target;
  if (to) {
    require_known_stage(config, *to, false);
    target = *to;
    if (target == deal.stage) throw Error("deal '" + deal.id + "' is already in " + target);
  } else {
    int i = config.open_index(deal.stage);
    if (i + 1 >= static_cast<int>(config.stages.size()))
      throw Error("deal '" + deal.id + "' is in the last open stage (" + deal.stage +
                  "); close it with 'deals won' or 'deals lost'");
    target = config.stages[i + 1].name;
  }
  if (!force && deal.stage == config.first_stage() &&
      config.open_index(target) > config.open_index(deal.stage)) {
    Qualification q = qualify(deal.bant, config);
    if (!q.passed) {
      std::string msg = "deal '" + deal.id + "' has not passed qualification (" +
                        std::to_string(q.met) + " met, " + std::to_string(q.required) +
                        " required); run 'deals qualify " + deal.id + "' or use --force";
      throw Error(msg);
    }
  }
  return target;
}

std::string reopen_target(const Deal& deal, const Config& config,
                          const std::optional<std::string>& to) {
  if (is_open_deal(deal))
    throw Error("deal '" + deal.id + "' is open (" + deal.stage + "); nothing to reopen");
  if (to) {
    require_known_stage(config, *to, false);
    return *to;
  }
  const auto history = effective_history(deal);
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (config.is_open(it->stage)) return it->stage;
  return config.first_stage();
}

void add_log(Deal& deal, LogEntry entry) {
  auto pos = deal.log.end();
  while (pos != deal.log.begin() && entry.on < std::prev(pos)->on) --pos;
  deal.log.insert(pos, std::move(entry));
}

void complete_next(Deal& deal, Date today) {
  if (!deal.next) throw Error("deal '" + deal.id + "' has no next action to complete");
  add_log(deal, LogEntry{today, "done", deal.next->action, {}});
  deal.next.reset();
}

std::string answers_note(const Bant& before, const Bant& after, const Config& config) {
  std::string out;
  for (const auto& c : config.criteria) {
    auto a = after.get(c);
    if (a == before.get(c)) continue;
    out += (out.empty() ? "" : ", ") + c + " " + (a ? (*a ? "yes" : "no") : "unknown");
  }
  if (after.note != before.note) out += std::string(out.empty() ? "" : "; ") + "note updated";
  return out;
}

QualifyDecision record_qualification(Deal& deal, const Bant& before, const Config& config,
                                     Date on) {
  if (std::string note = answers_note(before, deal.bant, config); !note.empty())
    add_log(deal, LogEntry{on, "qualify", std::move(note), {}});
  QualifyDecision decision{qualify(deal.bant, config), {}, {}};
  if (decision.verdict.passed && deal.stage == config.first_stage() && config.stages.size() > 1) {
    decision.moved_from = deal.stage;
    decision.moved_to = config.qualified_stage();
    enter_stage(deal, *decision.moved_to, on);
  }
  return decision;
}

std::optional<std::size_t> closed_again(const Deal& deal) {
  for (std::size_t i = 1; i < deal.history.size(); ++i)
    if (is_closed_stage(deal.history[i - 1].stage) && is_closed_stage(deal.history[i].stage))
      return i;
  return std::nullopt;
}

}  // namespace deals
