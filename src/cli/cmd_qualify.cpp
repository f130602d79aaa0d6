// deals qualify ID [--budget Y] [--authority Y] [--need Y] [--timeline Y]
//                  [--criterion NAME=Y]... [--note T] [--on D]
#include <algorithm>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, note, on;
  std::map<std::string, std::string> answers;  // criterion -> yes|no|unknown
  std::vector<std::string> criteria;           // --criterion NAME=Y
};

std::string criteria_list(const Config& config) {
  std::string out;
  for (const auto& c : config.criteria) out += (out.empty() ? "" : ", ") + c;
  return out.empty() ? "none" : out;
}

// The answers of the command line, criterion -> text, checked against the configured
// criteria (usage errors name the option and list the criteria).
std::vector<std::pair<std::string, std::string>> given_answers(const Opts& o,
                                                               const Config& config) {
  auto known = [&](const std::string& c) {
    return std::find(config.criteria.begin(), config.criteria.end(), c) != config.criteria.end();
  };
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [criterion, text] : o.answers) {
    if (text.empty()) continue;
    if (!known(criterion))
      throw usage_error(
          "--" + criterion + ": '" + criterion +
          "' is not a criterion of this pipeline (criteria: " + criteria_list(config) + ")");
    out.push_back({criterion, text});
  }
  for (const auto& arg : o.criteria) {
    auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      throw usage_error("--criterion: expected NAME=yes|no|unknown, got '" + sanitize(arg) + "'");
    std::string name = arg.substr(0, eq);
    if (!known(name)) {
      std::string msg = "--criterion: unknown criterion '" + sanitize(name) + "'";
      if (auto best = closest(name, config.criteria)) msg += ", did you mean '" + *best + "'?";
      throw usage_error(msg + " (criteria: " + criteria_list(config) + ")");
    }
    out.push_back({name, arg.substr(eq + 1)});
  }
  // Applied in the configured order, so new answers land in the file in that order.
  auto rank = [&](const std::string& c) {
    return std::find(config.criteria.begin(), config.criteria.end(), c) - config.criteria.begin();
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  return out;
}

std::optional<bool> parse_answer(const std::string& criterion, const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "yes" || t == "y" || t == "true") return true;
  if (t == "no" || t == "n" || t == "false") return false;
  if (t == "unknown" || t == "?" || t == "u") return std::nullopt;
  throw usage_error("--" + criterion + ": expected yes, no or unknown, got '" + sanitize(text) +
                    "'");
}

using Answers = std::vector<std::pair<std::string, std::optional<bool>>>;

// The command line's answers, checked and parsed (usage errors name the option).
Answers parsed_answers(const Opts& o, const Config& config) {
  Answers parsed;
  for (const auto& [criterion, text] : given_answers(o, config))
    parsed.push_back(
        {criterion, parse_answer(o.answers.count(criterion) && o.answers.at(criterion) == text
                                     ? criterion
                                     : "criterion " + criterion,
                                 text)});
  return parsed;
}

void ask(Context& ctx, const Config& config, Deal& deal) {
  for (const auto& c : config.criteria) {
    auto current = deal.bant.get(c);
    std::string now = current ? (*current ? "yes" : "no") : "unknown";
    for (;;) {
      auto line = prompt(ctx, c + "? [yes/no/unknown] (now " + now + ", Enter keeps) ");
      if (!line) throw Error("no answer; nothing changed");
      if (line->empty()) break;
      try {
        deal.bant.set(c, parse_answer(c, *line));
        break;
      } catch (const Error& e) {
        *ctx.err << "  please answer yes, no or unknown\n";
      }
    }
  }
}

int run(Context& ctx, const Opts& o) {
  const Config& config = ctx.pipeline().config();
  // Arguments first: a usage error comes before the lock and the file.
  Date on = ctx.event_date_arg(o.on);
  Answers parsed = parsed_answers(o, config);
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  const Bant before = deal.bant;
  for (const auto& [criterion, answer] : parsed) deal.bant.set(criterion, answer);
  if (parsed.empty() && o.note.empty() && ctx.stdin_tty) ask(ctx, config, deal);
  if (!o.note.empty()) deal.bant.note = o.note;
  // Recording answers is activity (spec section 12); passing moves a lead on.
  QualifyDecision decision = record_qualification(deal, before, config, on);
  const Qualification& q = decision.verdict;
  std::string message = "qualify " + deal.id;
  if (decision.moved_to) message += " " + *decision.moved_from + " -> " + *decision.moved_to;
  save_deal(ctx, s, message);
  std::string verdict = q.passed ? "qualified" : "not qualified";
  *ctx.out << deal.id << ": " << verdict << " (" << q.met << " met, " << q.required << " required)";
  if (decision.moved_to) *ctx.out << "; moved to " << *decision.moved_to;
  *ctx.out << "\n";
  if (!q.passed) {
    if (!q.unmet.empty()) {
      *ctx.out << "  not met:";
      for (const auto& c : q.unmet) *ctx.out << " " << c;
      *ctx.out << "\n";
    }
    if (!q.unknown.empty()) {
      *ctx.out << "  unknown:";
      for (const auto& c : q.unknown) *ctx.out << " " << c;
      *ctx.out << "\n";
    }
  }
  return 0;
}

// run's argument checks, made before the dispatcher takes the lock (usage errors first).
void check(Context& ctx, const Opts& o) {
  const Config& config = ctx.pipeline().config();
  ctx.event_date_arg(o.on);
  parsed_answers(o, config);
}

}  // namespace

Runner setup_qualify(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  // One option per configured criterion would need the config before parsing; the four
  // BANT criteria have flags (refused when the pipeline does not have them), every
  // criterion can be given with --criterion NAME=Y.
  for (const char* c : {"budget", "authority", "need", "timeline"})
    args.option(std::string("--") + c, o->answers[c],
                std::string(c) + " met? yes, no or unknown (when a criterion of the pipeline)")
        .text("Y")
        .words({"yes", "no", "unknown"});
  args.option("--criterion", o->criteria,
              "any configured criterion: NAME=yes|no|unknown (repeatable)")
      .text("NAME=Y")
      .one_value();
  args.option("--note", o->note, "qualification note").text("TEXT");
  args.option("--on", o->on, "date of the move to the next stage (default today)").text("DATE");
  return {[&ctx, o] { return run(ctx, *o); }, [&ctx, o] { check(ctx, *o); }};
}

}  // namespace deals
