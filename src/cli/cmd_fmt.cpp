// deals fmt [ID...] [--check]: rewrite deal files in the canonical form (SPEC 10).
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::vector<std::string> ids;
  bool check = false;
};

int run(Context& ctx, const Opts& o) {
  Pipeline& p = ctx.pipeline();  // locked unless --check: Needs::lock
  std::vector<std::string> ids;
  for (const auto& id : o.ids) ids.push_back(p.resolve(id));
  if (o.ids.empty()) ids = p.ids();
  size_t changed = 0, invalid = 0;
  for (const auto& id : ids) {
    StoredDeal s;
    try {
      s = p.load(id);
    } catch (const Error& e) {  // an invalid file is reported, never rewritten
      ++invalid;
      *ctx.err << "deals: " << sanitize(e.what(), true) << "\n";
      continue;
    }
    if (encode_deal(s.deal, p.config()) == s.bytes) continue;
    ++changed;
    if (!o.check) p.save(s.deal, &s.bytes, true);
    *ctx.out << Pipeline::rel_path(id) << "\n";
  }
  if (!o.check && changed)
    ctx.commit_message = "fmt " + std::to_string(changed) + " file" + (changed == 1 ? "" : "s");
  if (invalid)
    throw Error(std::to_string(invalid) + " invalid file" + (invalid == 1 ? "" : "s") +
                " left as they are; 'deals check' lists the problems");
  return o.check && changed ? 1 : 0;
}

}  // namespace

Runner setup_fmt(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.footer(
      "Rewrites deal files in the canonical form: fixed key order, two-space indentation, "
      "one flow mapping per history/log entry, 'date:' for 0.1's 'on:', no BOM, LF line "
      "ends. It is the only command that reorders keys and drops comments; every other "
      "command edits only the lines it changes. Prints the path of each file rewritten "
      "(with --check: each file that is not canonical).");
  args.positional("ID", o->ids, "deal ids or unique prefixes (default: every deal)")
      .completes(Complete::Id);
  args.flag("--check", o->check,
            "write nothing; list the files that are not canonical and exit 1 if any");
  return {[&ctx, o] { return run(ctx, *o); }, {}, [o] { return !o->check; }};
}

}  // namespace deals
