// deals check [--format text|json]: validate pipeline.toml and every deal file.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

struct Opts {
  bool staged = false;
};

// The staged deal files (what the commit will contain), decoded with the staged
// pipeline.toml when that is staged too.
std::vector<Problem> staged_problems(Context& ctx, size_t& checked) {
  Pipeline& p = ctx.pipeline();
  if (!in_work_tree(ctx.store.git, p.root()))
    throw Error(p.root().string() +
                " is not in a git work tree; --staged checks what git "
                "would commit");
  std::vector<Problem> problems;
  Config config = p.config();
  for (const auto& f : git_staged(ctx.store.git, p.root(), "deals", {"pipeline.toml"})) {
    if (f.path == "pipeline.toml") {
      try {
        if (f.unmerged)
          problems.push_back({f.path, 0, "unresolved merge conflict (not staged yet)"});
        else
          config = parse_config(f.bytes, "pipeline.toml");
      } catch (const Error& e) {
        problems.push_back({"", 0, e.what()});
      }
    }
  }
  for (const auto& f : git_staged(ctx.store.git, p.root(), "deals")) {
    std::string name = f.path.substr(f.path.rfind('/') + 1);
    if (!f.path.starts_with("deals/") || f.path.find('/', 6) != std::string::npos ||
        !name.ends_with(".yaml") || name.starts_with("."))
      continue;
    ++checked;
    std::string id = name.substr(0, name.size() - 5);
    if (f.unmerged) {
      problems.push_back({f.path, 0, "unresolved merge conflict (resolve it, then git add)"});
    } else if (f.symlink) {
      problems.push_back({f.path, 0, "is a symbolic link; commit the deal file itself"});
    } else if (!valid_id(id)) {
      problems.push_back({f.path, 0,
                          "file name is not a valid deal id (lowercase letters, "
                          "digits and '-', at most 64)"});
    } else {
      Deal d;
      decode_deal(f.bytes, id, f.path, config, d, problems);
    }
  }
  return problems;
}

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

// Every deal file in the work tree, and pipeline.toml.
std::vector<Problem> work_tree_problems(Context& ctx, size_t& checked) {
  std::vector<Problem> problems;
  try {
    Pipeline& p = ctx.pipeline();
    LoadAll all = p.load_all(true);
    problems = std::move(all.problems);
    checked = all.deals.size() + problems.size();
    for (const auto& n : all.notes) ctx.warn(n.str());
    currency_warnings(ctx, p.config(), all.deals);
    for (const auto& d : all.deals)
      if (auto i = closed_again(d))
        ctx.warn(Pipeline::rel_path(d.id) + ": history closes the deal again on " +
                 d.history[*i].on.str() + " (" + d.history[*i - 1].stage + " -> " +
                 d.history[*i].stage + ") with no reopen between; keep the close that " +
                 "happened (deals edit " + d.id + ")");
  } catch (const Error& e) {
    std::string msg = e.what();
    if (msg.rfind("not a pipeline directory", 0) == 0) throw;
    // A bad pipeline.toml: its message already names file, line and key.
    problems.push_back({"", 0, msg});
  }
  return problems;
}

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  std::vector<Problem> problems;
  size_t checked = 0;
  problems = o.staged ? staged_problems(ctx, checked) : work_tree_problems(ctx, checked);
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
      *ctx.err << "deals: " << checked << (o.staged ? " staged" : "") << " deal file"
               << (checked == 1 ? "" : "s") << " checked, no problems\n";
    else
      *ctx.err << "deals: " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
               << " found\n";
  }
  return problems.empty() ? 0 : 1;
}

}  // namespace

Runner setup_check(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.format();
  args.flag("--staged", o->staged,
            "check the staged versions of the staged deal files (what the commit will "
            "contain), not the work tree: for a pre-commit hook");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
