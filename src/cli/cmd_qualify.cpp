// deals qualify ID [--budget Y] [--authority Y] [--need Y] [--timeline Y] [--note T] [--on D]
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
};

std::optional<bool> parse_answer(const std::string& criterion, const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "yes" || t == "y" || t == "true") return true;
  if (t == "no" || t == "n" || t == "false") return false;
  if (t == "unknown" || t == "?" || t == "u") return std::nullopt;
  throw usage_error("--" + criterion + ": expected yes, no or unknown, got '" + sanitize(text) +
                    "'");
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
  StoredDeal s = load_for_update(ctx, o.id);
  const Config& config = ctx.pipeline().config();
  Deal& deal = s.deal;
  bool any = false;
  for (const auto& [criterion, text] : o.answers) {
    if (text.empty()) continue;
    deal.bant.set(criterion, parse_answer(criterion, text));
    any = true;
  }
  if (!any && o.note.empty() && ctx.stdin_tty) ask(ctx, config, deal);
  if (!o.note.empty()) deal.bant.note = o.note;
  Date on = ctx.event_date_arg(o.on);
  Qualification q = qualify(deal.bant, config);
  std::string message = "qualify " + deal.id;
  if (q.passed && deal.stage == config.first_stage() && config.stages.size() > 1) {
    enter_stage(deal, config.qualified_stage(), on);
    message += " " + config.first_stage() + " -> " + config.qualified_stage();
  }
  save_deal(ctx, s, message);
  std::string verdict = q.passed ? "qualified" : "not qualified";
  *ctx.out << deal.id << ": " << verdict << " (" << q.met << " of " << q.required
           << " required met)";
  if (deal.stage == config.qualified_stage() && message.find("->") != std::string::npos)
    *ctx.out << "; moved to " << deal.stage;
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

}  // namespace

void setup_qualify(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("ID", o->id, "deal id or unique prefix")->required();
  // One option per configured criterion would need the config before parsing; the four
  // BANT criteria are offered, others via --criterion NAME=Y.
  for (const char* c : {"budget", "authority", "need", "timeline"})
    app.add_option(std::string("--") + c, o->answers[c],
                   std::string(c) + " met? yes, no or unknown")
        ->option_text("Y");
  app.add_option("--note", o->note, "qualification note")->option_text("TEXT");
  app.add_option("--on", o->on, "date of the move to the next stage (default today)")
      ->option_text("DATE");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
