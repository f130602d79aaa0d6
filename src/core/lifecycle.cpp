#include "core/lifecycle.hpp"

#include "core/derive.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {

void require_known_stage(const Config& config, const std::string& stage, bool allow_closed) {
  if (config.is_open(stage) || (allow_closed && Config::is_closed(stage))) return;
  std::vector<std::string> names;
  for (const auto& s : config.stages) names.push_back(s.name);
  if (allow_closed) {
    names.push_back("won");
    names.push_back("lost");
  }
  std::string msg = "unknown stage '" + sanitize(stage) + "'";
  if (Config::is_closed(stage) && !allow_closed)
    msg = "'" + stage + "' is a closed stage; use 'deals " + stage + "' to close a deal";
  else if (auto best = closest(stage, names))
    msg += ", did you mean '" + *best + "'?";
  else if (auto closed = closest(stage, {"won", "lost"}))  // a typo of a closed stage
    msg += ", did you mean '" + *closed + "'? (a deal is closed with 'deals " + *closed + "')";
  else {
    msg += " (stages:";
    for (const auto& n : names) msg += " " + n;
    msg += ")";
  }
  throw usage_error(msg);  // stages come from the command line (--stage, --to)
}

void enter_stage(Deal& deal, const std::string& stage, Date on, std::optional<std::string> note,
                 std::optional<std::string> reason) {
  if (deal.history.empty()) deal.history = effective_history(deal);
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
  if (Config::is_closed(deal.stage))
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
  if (!Config::is_closed(deal.stage))
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

}  // namespace deals
