// deals check [--format text|json]: validate pipeline.toml and every deal file.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string format;
};

// A currency that is not a code, or has no rate, leaves the deal out of every total (spec
// section 12): worth a warning, not an error.
void currency_warnings(Context& ctx, const Config& config, const std::vector<Deal>& deals) {
  for (const auto& d : deals) {
    if (!d.currency) continue;
    if (!normalize_currency(*d.currency))
      ctx.warn(Pipeline::rel_path(d.id) + ": currency " + currency_refusal(*d.currency) +
               "; the deal is left out of totals");
    else if (d.value && !rate_for(*d.currency, config))
      ctx.warn(Pipeline::rel_path(d.id) + ": no rate for " + *d.currency +
               " in pipeline.toml [rates]; the deal is left out of totals");
  }
}

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"text", "json"});
  std::vector<Problem> problems;
  size_t checked = 0;
  try {
    Pipeline& p = ctx.pipeline();
    LoadAll all = p.load_all();
    problems = std::move(all.problems);
    checked = all.deals.size() + problems.size();
    for (const auto& w : p.warnings()) ctx.warn(w.str());
    currency_warnings(ctx, p.config(), all.deals);
  } catch (const Error& e) {
    std::string msg = e.what();
    if (msg.rfind("not a pipeline directory", 0) == 0) throw;
    // A bad pipeline.toml: its message already names file, line and key.
    problems.push_back({"", 0, msg});
  }
  if (f == Format::Json) {
    Json j;
    j.begin_array();
    for (const auto& p : problems) {
      j.begin_object().key("path").value(p.path.empty() ? std::string("pipeline.toml") : p.path);
      j.key("line");
      if (p.line > 0)
        j.value(p.line);
      else
        j.null();
      j.key("message").value(p.message).end_object();
    }
    j.end_array();
    *ctx.out << j.str();
  } else {
    for (const auto& p : problems)
      *ctx.out << sanitize(p.path.empty() ? p.message : p.str()) << "\n";
    if (problems.empty())
      *ctx.err << "deals: " << checked << " deal file" << (checked == 1 ? "" : "s")
               << " checked, no problems\n";
    else
      *ctx.err << "deals: " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
               << " found\n";
  }
  return problems.empty() ? 0 : 1;
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  add_format(app, o->format, {"text", "json"});
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
